"""Public entry points: where does each signature go on this PDF?

A document is parsed once (:func:`prepare`, or pass the :class:`~vndocsign.pdf.PdfText`
that metadata extraction already produced); every role then reuses that parse.
"""

from __future__ import annotations

from vndocsign.model import SignatureRole
from vndocsign.pdf import LazyPdfText, PdfSource, PdfText, load_text

from ._anchors import TextMatch, candidate_dict, find_text
from ._errors import AmbiguousPlacementError, AnchorNotFoundError, NoPagesError, NoTextLayerError
from ._initial import initial_placements
from ._layout import Layout
from ._signer import agency_placement, personal_placements
from ._stamp import stamp_placement
from ._types import Anchor, Placement, PlacementOptions, _role

__all__ = ["Document", "find_anchor", "find_placement", "find_placements", "prepare"]

#: What the placement functions accept as a document.
Document = Layout | PdfText | LazyPdfText | PdfSource


def prepare(
    pdf: Document, *, password: str | None = None, document: int | None = 0, ocr: bool = False
) -> Layout:
    """Parse ``pdf`` once for several placements (or wrap an existing :class:`PdfText`).

    A file holding several documents (a công văn with its attached drafts, appendices) is
    split (:func:`vndocsign.pdf.segment_document`); placement is on part ``document`` (0, the
    main document, by default; ``None``: the whole file). A :class:`Layout` passed in is
    returned as it is. With ``ocr``, scanned pages are read by Tesseract (the
    ``vndocsign[ocr]`` extra) and placement runs on the OCR words; without it (the default:
    signing pipelines stay fast and deterministic) a scan has no text to place against.

    Placement reads the page content only, not the text drawn by signature appearances: a
    personal signature in text mode stands between the position line and the name, and its
    words must not be taken for lines of the signer block when the seal is placed over it.
    """
    if isinstance(pdf, Layout):
        return pdf
    if isinstance(pdf, PdfText | LazyPdfText):
        return Layout(pdf, document)
    if ocr:
        return Layout(load_text(pdf, password=password, ocr=True, annotations=False), document)
    # pages parsed on demand: the rules read the main document's last pages (issue 17)
    return Layout(LazyPdfText(pdf, password=password, annotations=False), document)


def _need_text(layout: Layout, en: str, vi: str) -> None:
    if not layout.has_text:
        raise NoTextLayerError(
            f"The PDF has no text layer (a scan?): cannot look for {en}",
            f"Tệp PDF không có lớp văn bản (bản quét?): không tìm được {vi}",
            looked_for=en,
            candidates=[],
            pages=layout.page_count,
        )


def find_placements(
    pdf: Document,
    role: SignatureRole | str,
    *,
    signer: str | None = None,
    options: PlacementOptions | None = None,
    password: str | None = None,
    document: int = 0,
) -> tuple[Placement, ...]:
    """Every box of ``role`` on the document.

    * ``initial`` — the content-end initial first, then (if enabled in ``options``) one per
      page and the office chief's one after "Nơi nhận";
    * ``personal`` — one per signer of the signature row (a biên bản has two: THƯ KÝ and CHỦ
      TỌA, left to right), or only ``signer``'s;
    * ``agency`` (``seal`` is accepted as an alias), ``attachment``, ``copy`` — a single box.
    """
    kind = _role(role)
    opts = options or PlacementOptions()
    layout = prepare(pdf, password=password, document=document)
    if kind in (SignatureRole.ATTACHMENT, SignatureRole.COPY):
        if layout.page_count == 0:
            raise NoPagesError("The PDF has no pages", "Tệp PDF không có trang nào")
        return (stamp_placement(layout, kind, opts),)
    if kind is SignatureRole.INITIAL:
        _need_text(layout, "the closing mark './.'", "dấu kết thúc './.'")
        return tuple(initial_placements(layout, opts))
    _need_text(layout, "the signer block", "khối chữ ký")
    if kind is SignatureRole.PERSONAL:
        return tuple(personal_placements(layout, opts, signer))
    return (agency_placement(layout, opts, signer),)


def find_placement(
    pdf: Document,
    role: SignatureRole | str,
    *,
    signer: str | None = None,
    options: PlacementOptions | None = None,
    password: str | None = None,
    document: int = 0,
) -> Placement:
    """The one box of ``role``; a typed :class:`~vndocsign.errors.PlacementError` otherwise.

    For ``personal`` on a document with several signers side by side (a biên bản), name the
    ``signer`` or use :func:`find_placements`.
    """
    kind = _role(role)
    found = find_placements(
        pdf, kind, signer=signer, options=options, password=password, document=document
    )
    if kind is SignatureRole.PERSONAL and len(found) > 1:
        raise AmbiguousPlacementError(
            f"{len(found)} signers sign side by side; name one (signer=...) or use find_placements",
            f"Có {len(found)} người ký cạnh nhau; hãy chỉ rõ người ký (signer=...)",
            looked_for="a single signer block",
            candidates=[
                {
                    "text": p.label,
                    "page": p.page + 1,
                    "bbox": list(p.anchor.bbox),
                    "rect": list(p.rect),
                }
                for p in found
            ],
        )
    return found[0]


def find_anchor(
    pdf: Document,
    text: str,
    *,
    occurrence: int | None = None,
    password: str | None = None,
) -> Anchor:
    """The glyph-precise box of ``text`` (within one line) for integrators' own rules.

    Matching ignores case, white space and the tone-placement convention. With several
    occurrences, ``occurrence`` picks one (0 = first, -1 = last, Python-style); without it
    the text must occur exactly once.
    """
    layout = prepare(pdf, password=password, document=None)  # integrators search every page
    _need_text(layout, repr(text), repr(text))
    matches: list[TextMatch] = find_text(layout, text)

    def describe(m: TextMatch) -> dict[str, object]:
        return candidate_dict(m.view, m.line, m.text, m.frame_bbox)

    if not matches:
        raise AnchorNotFoundError(
            f"The text {text!r} does not occur in the document",
            f"Không tìm thấy đoạn văn bản {text!r} trong văn bản",
            looked_for=text,
            candidates=[],
        )
    if occurrence is None:
        if len(matches) > 1:
            raise AmbiguousPlacementError(
                f"The text {text!r} occurs {len(matches)} times; pass occurrence=",
                f"Đoạn văn bản {text!r} xuất hiện {len(matches)} lần; hãy chỉ rõ occurrence=",
                looked_for=text,
                candidates=[describe(m) for m in matches],
            )
        return matches[0].anchor()
    try:
        return matches[occurrence].anchor()
    except IndexError:
        raise AnchorNotFoundError(
            f"The text {text!r} occurs {len(matches)} times; occurrence {occurrence} is out of "
            "range",
            f"Đoạn văn bản {text!r} chỉ xuất hiện {len(matches)} lần; không có lần thứ "
            f"{occurrence}",
            looked_for=text,
            candidates=[describe(m) for m in matches],
        ) from None
