"""The geometry placement works in: each page turned so that its text reads left to right.

PDFium reports every glyph box in PDF *user space of the unrotated page* — the CropBox and
MediaBox offsets are not subtracted and ``/Rotate`` is not applied (checked by
``tests/placement/test_geometry.py``). That is the space a field's ``/Rect`` lives in, so the
final rectangles must be in it too; but the rules ("after the ``./.`` on the same line", "the
seal on the left", "top right of page 1") are about the page as a person reads it.

A page's text is not always upright in user space: a landscape page is often a portrait
MediaBox with ``/Rotate 90`` and text drawn turned by 90°, while a page rotated *after* the fact
(``pdftk … rotate``) keeps upright text that the reader sees sideways. So the reading direction
is measured from the glyphs themselves (where each glyph's pen origin sits in its box) rather
than taken from ``/Rotate``: we try the four quarter turns and keep the one under which the
glyphs stand upright. Each page gets a :class:`~vndocsign.pdf.PageFrame` with that turn (its
display frame is where the text stands upright), every rule computes in that frame through the
shared :class:`~vndocsign.pdf.PageView`, and ``PageFrame.box_to_user`` brings the result back.
"""

from __future__ import annotations

import re
from collections.abc import Callable

from vndocsign.model._text import canonical
from vndocsign.pdf import (
    Glyph,
    LazyPdfText,
    Line,
    PageFrame,
    PageText,
    PageView,
    PdfText,
    Segment,
    page_view,
    segment_document,
)

from ._errors import InvalidOptionError

__all__ = [
    "WHOLE_DOCUMENT_PAGES",
    "Layout",
    "detect_rotation",
    "has_authority",
    "is_placeholder",
    "key_of",
]

_AUTHORITY = re.compile(r"^(TM|KT|Q|TL|TUQ)\.\s*\S", re.IGNORECASE)
#: A "Nơi nhận" heading's key (as ``_anchors.is_recipients_heading``, looser: a marker only).
_RECIPIENTS = re.compile(r"nơinhận(:|$)")


def key_of(text: str) -> str:
    """Comparison key: canonical Vietnamese, lower case, white space removed."""
    return "".join(canonical(text).split()).lower()


def has_authority(line: Line) -> bool:
    """Starts with TM. / KT. / Q. / TL. / TUQ. (Decree 30 Annex I, II.7.b)."""
    return bool(_AUTHORITY.match(line.printed))


def is_placeholder(line: Line) -> bool:
    """``(Chữ ký)``, ``(Đã ký)``, ``(Ký, ghi rõ họ tên)``: template hints in the signature
    space, not text the signature must avoid."""
    t = line.printed.strip()
    return t.startswith("(") and t.endswith(")")


def _upright_cost(glyphs: list[Glyph], frame: PageFrame) -> float:
    """How far the glyphs' pen origins are from the lower-left of their boxes, in em.

    For upright text the origin sits at the left end of the baseline: at (or just left of) the
    box's left edge and at (or a descender above) its bottom. Under a wrong quarter turn it
    lands on another side of the box, so the right turn has by far the smallest cost.
    """
    total = 0.0
    for g in glyphs:
        if frame.rotation:
            x0, y0, _x1, _y1 = frame.box_to_display(g.bbox)
            ox, oy = frame.to_display(*g.origin)
        else:  # a translation: the distances are those of user space
            x0, y0, _x1, _y1 = g.bbox
            ox, oy = g.origin
        size = g.size if g.size > 0 else 1.0
        total += (abs(ox - x0) + abs(oy - y0)) / size
    return total


def detect_rotation(page: PageText, sample: int = 120) -> int:
    """The quarter turn under which most glyphs of ``page`` stand upright (0 if no text).

    Counted like ``/Rotate`` (clockwise, as displayed): ``PageFrame.of(..., rotation)`` with the
    result has the text upright in its display frame.
    """
    glyphs: list[Glyph] = []
    for line in page.lines:
        glyphs.extend(line.glyphs)
        if len(glyphs) >= sample * 4:
            break
    if not glyphs:
        return 0
    step = max(1, len(glyphs) // sample)
    picked = glyphs[::step]
    frames = {r: PageFrame.of(page.mediabox, page.cropbox, r) for r in (0, 90, 180, 270)}
    upright = _upright_cost(picked, frames[0])
    if upright < 0.3 * len(picked):  # the common case: ordinary upright text
        return 0
    costs = {0: upright, **{r: _upright_cost(picked, frames[r]) for r in (90, 180, 270)}}
    best = min(costs, key=lambda r: (costs[r], r != 0, r != page.rotation))
    # Prefer no turn unless another one is clearly better (symmetric glyphs such as "." or
    # "o" fit several turns equally well).
    if costs[0] <= costs[best] * 1.15 + 0.05 * len(picked):
        return 0
    return best


#: Main documents up to this many pages are read whole by the rules that look for the signer
#: block and the closing ``./.``; longer ones from the end (:meth:`Layout.tail`).
WHOLE_DOCUMENT_PAGES = 8


class Layout:
    """A parsed document prepared for placement, shared by every role.

    Build it once (``Layout.of(pdf)``) and pass it to :func:`~vndocsign.placement.find_placement`
    for each role; pages are turned and indexed lazily, the first time a rule looks at them.
    Built on a :class:`~vndocsign.pdf.LazyPdfText` (what :func:`~vndocsign.placement.prepare`
    does for a file), even the text layer of a page is only parsed when a rule needs it.
    """

    def __init__(self, text: PdfText | LazyPdfText, document: int | None = 0) -> None:
        self._source = text
        self._load: Callable[[int], PageText]
        if isinstance(text, LazyPdfText):
            if document == 0:
                indexes = text.main_pages()
            elif document is None:
                indexes = tuple(range(text.page_count))
            else:
                indexes = self._pick(text.segments(), document)
            self._load = text.page
        else:
            segments = segment_document(text)
            by_index = {p.index: p for p in text.pages}
            indexes = tuple(p.index for p in text.pages)
            if document is not None and len(segments) > 1:
                indexes = tuple(text.pages[i].index for i in self._pick(segments, document))
            elif document:
                self._pick(segments, document)  # a one-document file has no document 2
            self._load = by_index.__getitem__
        #: The file's page indexes of the selected document.
        self.indexes: tuple[int, ...] = indexes
        self._views: dict[int, PageView] = {}
        self._tail: list[PageView] | None = None

    @staticmethod
    def _pick(segments: tuple[Segment, ...], document: int) -> tuple[int, ...]:
        count = max(len(segments), 1)
        if not 0 <= document < count:
            # messages count documents from 1, as ``place --document`` does
            raise InvalidOptionError(
                f"The file holds {count} document(s); there is no document {document + 1}",
                f"Tệp có {count} văn bản; không có văn bản thứ {document + 1}",
                document=document,
                documents=count,
            )
        return segments[document].pages if segments else ()

    @classmethod
    def of(cls, text: PdfText | LazyPdfText, document: int | None = 0) -> Layout:
        return cls(text, document)

    @property
    def segments(self) -> tuple[Segment, ...]:
        """The documents in the file (main, attached documents, appendices)."""
        if isinstance(self._source, LazyPdfText):
            return self._source.segments()
        return segment_document(self._source)

    @property
    def file_text(self) -> PdfText:
        """The whole file's text (parses every page of a lazily read file)."""
        if isinstance(self._source, LazyPdfText):
            return self._source.text()
        return self._source

    @property
    def text(self) -> PdfText:
        """The selected document's pages (pages keep their indexes in the file)."""
        header = self._source.header_offset
        return PdfText(pages=tuple(self._load(i) for i in self.indexes), header_offset=header)

    @property
    def page_count(self) -> int:
        return len(self.indexes)

    @property
    def has_text(self) -> bool:
        # from the end: the pages placement reads anyway
        return any(self._load(i).char_count for i in reversed(self.indexes))

    def page(self, index: int) -> PageView:
        """The view of the document's ``index``-th page (its ``.index`` is the file's)."""
        view = self._views.get(index)
        if view is None:
            page = self._load(self.indexes[index])
            view = self._views[index] = page_view(page, detect_rotation(page), layer_spaces=False)
        return view

    def pages(self) -> list[PageView]:
        return [self.page(i) for i in range(self.page_count)]

    def tail(self) -> list[PageView]:
        """The pages the signer block and the closing ``./.`` are looked for on.

        The whole document when it is short (up to :data:`WHOLE_DOCUMENT_PAGES`); else read
        from the end back to the last page with a "Nơi nhận" heading (ô 9b, opposite the
        signer block, right after the content's end) and the page before it (the ``./.`` may
        end the page before). Without a "Nơi nhận" anywhere, the whole document.
        """
        if self._tail is None:
            first = 0
            if self.page_count > WHOLE_DOCUMENT_PAGES:
                for i in range(self.page_count - 1, -1, -1):
                    if any(_RECIPIENTS.match(ln.key) for ln in self.page(i).lines):
                        first = max(i - 1, 0)
                        break
            self._tail = [self.page(i) for i in range(first, self.page_count)]
        return self._tail
