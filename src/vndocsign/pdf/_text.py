"""Glyph-level text of a PDF, grouped into visual line segments.

Why a layer of our own: metadata extraction and signature placement both need *where* each
character is (to find the end of the final ``./.`` glyph, the signer block, the right column of
a two-column header), whatever the producer did — Word writing one run per word, LibreOffice
kerning with ``TJ``, a PDF library emitting one character per ``Tj``. PDFium resolves all of
that into per-character boxes at C speed; this module turns them into :class:`TextLine`
segments: glyphs that share a baseline and are not separated by a column-sized gap.

Coordinates are PDF user space of the unrotated page (points, y upwards), exactly what a
signature field's ``/Rect`` uses; :class:`PageText` keeps the MediaBox, CropBox and ``/Rotate``
so that callers can convert to what a person sees.

Each document is parsed once: :func:`load_text` returns a :class:`PdfText` that placement
and extraction share (``PdfText.pages`` is a tuple, computed eagerly page by page).
"""

from __future__ import annotations

import itertools
import os
from collections.abc import Iterator
from pathlib import Path
from typing import IO

import attrs
import pypdfium2 as pdfium
import pypdfium2.raw as raw

from vndocsign.pdf import _charloop
from vndocsign.pdf._annots import (
    TextSource,
    flatten,
    owner,
    text_annotations,
    text_objects_after,
)
from vndocsign.pdf._charloop import Glyph, _glyphs
from vndocsign.pdf._errors import (
    DamagedPdfError,
    EmptySpanError,
    EncryptedPdfError,
    NotPdfError,
    PdfReadError,
)
from vndocsign.pdf._guard import check_pdf
from vndocsign.pdf._ocr import garbage_layer, ocr_words
from vndocsign.pdf.geometry import BBox, PageFrame, union

__all__ = [
    "Glyph",
    "PageText",
    "PdfSource",
    "PdfText",
    "TextLine",
    "group_lines",
    "load_text",
    "read_pdf_bytes",
]

#: Anything the SDK accepts as "a PDF": raw bytes, a path, or a binary file object.
PdfSource = bytes | bytearray | memoryview | str | os.PathLike[str] | IO[bytes]

#: A horizontal gap wider than this many font sizes splits a visual line into two segments
#: (two-column headers and footers); justified body text stays well below it.
COLUMN_GAP_EM = 1.6


def _median(values: list[float]) -> float:
    """``statistics.median`` without its overhead (called for every line of every page)."""
    values.sort()
    mid = len(values) // 2
    return values[mid] if len(values) % 2 else (values[mid - 1] + values[mid]) / 2


@attrs.frozen
class TextLine:
    """Glyphs on one baseline with no column gap between them, left to right."""

    page: int
    glyphs: tuple[Glyph, ...]
    text: str

    @property
    def bbox(self) -> BBox:
        return union(g.bbox for g in self.glyphs)

    @property
    def baseline(self) -> float:
        return _median([g.origin[1] for g in self.glyphs])

    @property
    def size(self) -> float:
        return _median([g.size for g in self.glyphs])

    @property
    def bold(self) -> bool:
        letters = [g for g in self.glyphs if g.char.isalpha()]
        return bool(letters) and sum(g.bold for g in letters) * 2 > len(letters)

    @property
    def italic(self) -> bool:
        letters = [g for g in self.glyphs if g.char.isalpha()]
        return bool(letters) and sum(g.italic for g in letters) * 2 > len(letters)

    @property
    def x_center(self) -> float:
        x0, _, x1, _ = self.bbox
        return (x0 + x1) / 2

    def char_span(self, start: int, end: int) -> BBox:
        """Box of ``text[start:end]``; spaces inserted between glyphs have no glyph.

        Raises :class:`~vndocsign.pdf.EmptySpanError` (code ``pdf.empty_span``) when no glyph is
        in the span.
        """
        mapping = self._text_to_glyph()
        picked = [self.glyphs[g] for g in mapping[max(start, 0) : max(end, 0)] if g >= 0]
        if not picked:
            raise EmptySpanError(
                f"No glyph in characters {start}..{end} of {self.text!r}",
                f"Không có ký tự nào ở vị trí {start}..{end} của {self.text!r}",
                start=start,
                end=end,
            )
        return union(g.bbox for g in picked)

    def _text_to_glyph(self) -> list[int]:
        out: list[int] = []
        gi = 0
        for ch in self.text:
            if gi < len(self.glyphs) and self.glyphs[gi].char == ch:
                out.append(gi)
                gi += 1
            else:
                out.append(-1)
        return out


@attrs.frozen
class PageText:
    """The text lines of one page plus its geometry."""

    index: int
    mediabox: BBox
    cropbox: BBox
    rotation: int
    lines: tuple[TextLine, ...]
    #: Characters of the page *content* (a scan has none, even under a signature stamp).
    char_count: int
    #: Visible annotations whose appearance draws text (signature stamps, free text).
    annotations: tuple[TextSource, ...] = ()
    #: A scanned page: no text layer, or a garbage one (:func:`garbage_layer`).
    scanned: bool = False
    #: Whether :attr:`lines` hold OCR words (``load_text(..., ocr=True)``).
    ocr: bool = False
    #: Why OCR gave nothing on a scanned page (not installed, time limit), else ``None``.
    ocr_problem: str | None = None

    @property
    def frame(self) -> PageFrame:
        """The page as displayed: the visible box turned by ``/Rotate``."""
        return PageFrame.of(self.mediabox, self.cropbox, self.rotation)

    @property
    def width(self) -> float:
        """Width of the visible page as displayed (after ``/Rotate``)."""
        return self.frame.width

    @property
    def height(self) -> float:
        """Height of the visible page as displayed (after ``/Rotate``)."""
        return self.frame.height

    def reading_order(self) -> list[TextLine]:
        """Lines top to bottom, then left to right (as a person reads a Decree 30 page)."""
        return sorted(self.lines, key=lambda ln: (-round(ln.baseline, 0), ln.bbox[0]))


@attrs.frozen
class PdfText:
    """The text layer of a whole document."""

    pages: tuple[PageText, ...]
    #: Bytes of junk before ``%PDF-`` (tolerated within the first kilobyte, as viewers do).
    header_offset: int = 0

    @property
    def has_text(self) -> bool:
        return any(p.char_count for p in self.pages)

    def lines(self) -> Iterator[TextLine]:
        for page in self.pages:
            yield from page.reading_order()


def read_pdf_bytes(pdf: PdfSource) -> bytes:
    """Read a PDF (bytes, path or binary stream) into memory without ever modifying it.

    Refuses non-PDF input (:class:`~vndocsign.pdf.NotPdfError`).
    """
    if isinstance(pdf, bytes | bytearray | memoryview):
        data = bytes(pdf)
    elif isinstance(pdf, str | os.PathLike):
        path = Path(pdf)
        try:
            data = path.read_bytes()
        except OSError as exc:
            raise PdfReadError(
                f"Cannot read {path}: {exc.strerror}",
                f"Không đọc được tệp {path}: {exc.strerror}",
                path=str(path),
            ) from exc
    else:
        data = pdf.read()
    _check_header(data[:1024])
    return data


def _check_header(head: bytes) -> None:
    """Refuse (:class:`~vndocsign.pdf.NotPdfError`) a file whose first 1024 bytes ``head``
    hold no ``%PDF-``."""
    if b"%PDF-" not in head:
        raise NotPdfError(
            "Not a PDF file (no %PDF- header)",
            "Tệp không phải PDF (không có phần đầu %PDF-)",
        )


def _open(data: bytes | IO[bytes], password: str | None) -> pdfium.PdfDocument:
    """PDFium's document on ``data`` (bytes, or a seekable binary stream read in place),
    after the limits (issue 14: the native library aborts on a flate bomb)."""
    return _open_scanned(data, password)[0]


def _open_scanned(
    data: bytes | IO[bytes], password: str | None
) -> tuple[pdfium.PdfDocument, list[str | None] | None]:
    """:func:`_open`, with the page markers the guard read on its way
    (:func:`~vndocsign.pdf._guard.check_pdf`)."""
    markers = check_pdf(data)
    try:
        return pdfium.PdfDocument(data, password=password), markers
    except pdfium.PdfiumError as exc:
        if getattr(exc, "err_code", None) == raw.FPDF_ERR_PASSWORD:
            raise EncryptedPdfError(
                "The PDF is encrypted; a password is needed",
                "Tệp PDF được mã hóa, cần mật khẩu",
            ) from None
        raise DamagedPdfError(
            f"The PDF is damaged and cannot be parsed ({exc})",
            f"Tệp PDF bị hỏng, không phân tích được ({exc})",
        ) from None


def load_text(
    pdf: PdfSource, *, password: str | None = None, annotations: bool = True, ocr: bool = False
) -> PdfText:
    """Parse every page's text layer of ``pdf`` (bytes, path or binary stream) once.

    With ``annotations`` (the default) the layer is what a person sees: the page content plus
    the text drawn by visible annotation appearances (a signature widget stamping the number
    into ``Số:      /BNV-TCPCP``); such glyphs carry their :class:`TextSource`.

    With ``ocr``, a scanned page (no text layer, or a garbage one) is read by Tesseract
    (the ``vndocsign[ocr]`` extra; bounded by ``OCR_TIMEOUT_SECONDS`` per page) and its
    lines hold the OCR words instead; without it such a page is only marked ``scanned``.
    """
    data = read_pdf_bytes(pdf)
    doc = _open(data, password)
    try:
        pages = tuple(_page_text(doc, i, annotations, ocr) for i in range(len(doc)))
    finally:
        doc.close()
    return PdfText(pages=pages, header_offset=max(data.find(b"%PDF-"), 0))


def _box(values: tuple[float, float, float, float]) -> BBox:
    left, bottom, right, top = values
    return (float(left), float(bottom), float(right), float(top))


def _read_glyphs(
    page: pdfium.PdfPage, drawn_by: frozenset[int] = frozenset()
) -> tuple[list[Glyph], list[Glyph]]:
    """The page content's glyphs and those of the text objects in ``drawn_by``."""
    textpage = page.get_textpage()
    try:
        return _glyphs(textpage, drawn_by)
    finally:
        textpage.close()


_VIETNAMESE_MARKED = frozenset(
    "àáảãạăằắẳẵặâầấẩẫậèéẻẽẹêềếểễệìíỉĩịòóỏõọôồốổỗộơờớởỡợùúủũụưừứửữựỳýỷỹỵđ"
    "ÀÁẢÃẠĂẰẮẲẴẶÂẦẤẨẪẬÈÉẺẼẸÊỀẾỂỄỆÌÍỈĨỊÒÓỎÕỌÔỒỐỔỖỘƠỜỚỞỠỢÙÚỦŨỤƯỪỨỬỮỰỲÝỶỸỴĐ"
)


def _has_image(page: pdfium.PdfPage, own_objects: int) -> bool:
    """A page without text that shows an image (a scan), not a blank page (the page's own
    objects only: a flattened seal does not make a blank page a scan)."""
    count = min(own_objects, 500)
    return any(
        raw.FPDFPageObj_GetType(raw.FPDFPage_GetObject(page.raw, i)) == raw.FPDF_PAGEOBJ_IMAGE
        for i in range(count)
    )


def _page_scanned(page: pdfium.PdfPage, own_objects: int) -> bool:
    """:func:`_scanned` of the page's own content (before its stamps are flattened)."""
    glyphs, _ = _read_glyphs(page)
    return _scanned(glyphs) if glyphs else _has_image(page, own_objects)


def _scanned(glyphs: list[Glyph]) -> bool:
    """A text layer that is not readable Vietnamese (:func:`garbage_layer`).

    Fast path: a page with a few dozen Vietnamese diacritic letters is readable; only other
    pages are split into words for the real test.
    """
    seen = 0
    for g in glyphs:
        if g.char in _VIETNAMESE_MARKED:
            seen += 1
            if seen >= 24:
                return False
    words: list[str] = []
    current: list[str] = []
    prev: Glyph | None = None
    for g in glyphs:
        if prev is not None and (g.space_before or abs(g.origin[1] - prev.origin[1]) > 2):
            words.append("".join(current))
            current = []
        current.append(g.char)
        prev = g
    words.append("".join(current))
    return garbage_layer(words)


def _ocr_glyphs(
    page: pdfium.PdfPage, index: int, frame: PageFrame
) -> tuple[list[Glyph], str | None]:
    """OCR words as glyphs: each word's box split evenly among its characters, the words of
    one recognised line on one baseline (their median bottom)."""
    words, problem = ocr_words(page, index, frame)
    bottoms: dict[tuple[int, int, int], list[float]] = {}
    for w in words:
        bottoms.setdefault(w.line, []).append(w.bbox[1])
    base = {k: _median(v) for k, v in bottoms.items()}
    out: list[Glyph] = []
    for w in words:
        x0, y0, x1, y1 = w.bbox
        chars = [c for c in w.text if not c.isspace()]
        if not chars:
            continue
        step = (x1 - x0) / len(chars)
        size = max(y1 - y0, 1.0)
        for n, char in enumerate(chars):
            left = x0 + n * step
            out.append(
                Glyph(
                    char,
                    (left, y0, left + step, y1),
                    (left, base[w.line]),
                    size,
                    False,
                    False,
                    n == 0,
                    w.source,
                    None,
                )
            )
    return out, problem


def _page_text(
    doc: pdfium.PdfDocument, index: int, annotations: bool = True, ocr: bool = False
) -> PageText:
    try:
        page = doc[index]
    except pdfium.PdfiumError as exc:
        raise DamagedPdfError(
            f"Page {index + 1} cannot be loaded ({exc})",
            f"Không tải được trang {index + 1} ({exc})",
            page=index,
        ) from None
    try:
        mediabox, cropbox = _box(page.get_mediabox()), _box(page.get_cropbox())
        rotation = int(page.get_rotation())
        own_objects = raw.FPDFPage_CountObjects(page.raw)
        sources: tuple[TextSource, ...] = ()
        drawn_by: frozenset[int] = frozenset()
        frame = PageFrame.of(mediabox, cropbox, rotation)
        early: tuple[list[Glyph], str | None] | None = None
        if annotations and raw.FPDFPage_GetAnnotCount(page.raw) > 0:
            sources = tuple(text_annotations(page, index))
            if sources and ocr and _page_scanned(page, own_objects):
                # OCR the scan as printed, before the stamps are flattened onto it: a stamp
                # over the Quốc hiệu made Tesseract read "CHỦ" as "£ï"; the stamps' own text
                # is then read exactly from their appearances, as on any page
                early = _ocr_glyphs(page, index, frame)
            if sources and flatten(page):
                page.close()  # flattened in the parsed copy: reload it, read it once
                page = doc[index]
                drawn_by = text_objects_after(page, own_objects)
        glyphs, drawn = _read_glyphs(page, drawn_by)
        extra = [g._replace(source=src) for g in drawn if (src := owner(list(sources), g.bbox))]
        scanned = _scanned(glyphs) if glyphs else _has_image(page, own_objects)
        used_ocr, problem = False, None
        if early is not None:
            (glyphs, problem), used_ocr, scanned = early, True, True
        elif scanned and ocr:
            # no stamp text on the page: the rendered page is all there is to read
            glyphs, problem = _ocr_glyphs(page, index, frame)
            extra, used_ocr = [], True
        return PageText(
            index=index,
            mediabox=mediabox,
            cropbox=cropbox,
            rotation=rotation,
            lines=tuple(group_lines(index, glyphs + extra)),
            char_count=len(glyphs),
            annotations=sources,
            scanned=scanned,
            ocr=used_ocr,
            ocr_problem=problem,
        )
    finally:
        page.close()  # idempotent: flattening may have closed it already


def group_lines(page: int, glyphs: list[Glyph]) -> Iterator[TextLine]:
    """Group glyphs into baseline rows, then split each row at column-sized gaps.

    Public so that callers working on turned pages can regroup glyphs they have mapped into
    the display frame (:func:`vndocsign.pdf.page_view` does). Runs for every glyph of every
    page (issue 17): baselines, sizes and left edges are read into lists once, and glyphs
    are sorted as indices keyed by those lists (no Python key function per glyph). The
    result is the same as sorting the glyphs themselves (tests/pdf/test_text_equivalence.py).
    With the C accelerator, rows, segments and texts are worked out in C (same result; glyphs
    it cannot take exactly, such as NaN baselines, stay with Python).
    """
    fast = _charloop._SEGMENTS
    found = fast(glyphs, COLUMN_GAP_EM) if fast is not None and type(glyphs) is list else None
    if found is not None:
        for line_glyphs, text in found:
            yield TextLine(page=page, glyphs=line_glyphs, text=text)
        return
    ys = [g[2][1] for g in glyphs]
    sizes = [g[3] for g in glyphs]
    rows: list[list[int]] = []
    row: list[int] = []
    ref_y = ref_size = 0.0
    # ``reverse`` keeps the order of equal keys, as sorting on ``-y`` did
    for k in sorted(range(len(glyphs)), key=ys.__getitem__, reverse=True):
        size, y = sizes[k], ys[k]
        if row:
            limit = 0.35 * (ref_size if ref_size > size else size)
            if -limit <= ref_y - y <= limit:
                row.append(k)
                continue
        row = [k]
        ref_y, ref_size = y, size
        rows.append(row)
    lefts = [g[1][0] for g in glyphs]
    for row in rows:
        row.sort(key=lefts.__getitem__)
        prev = glyphs[row[0]]
        segment: list[Glyph] = [prev]
        for k in itertools.islice(row, 1, None):
            glyph = glyphs[k]
            em = prev[3] if prev[3] > glyph[3] else glyph[3]
            if lefts[k] - prev[1][2] > COLUMN_GAP_EM * em:
                yield _line(page, segment)
                segment = []
            segment.append(glyph)
            prev = glyph
        yield _line(page, segment)


def _word_gap(prev: Glyph, glyph: Glyph) -> bool:
    """Whether the distance between two glyphs is a word space (~0.25 em).

    Measured between the pen positions (advance boxes) when known: letters and digits of one
    word follow each other's advance however tight or loose the tracking (``23 19/QĐ-TTg``
    and ``26/1 1/2025`` are what tight ink boxes of a narrow ``1`` give). Without them, the
    ink boxes: letters of one word touch or overlap (kerning), so 0.18 em is a space. A space
    written in the content stream (or one PDFium generated) counts too (italic boxes
    overhang), and so does a change of source (page content / an annotation's appearance).
    """
    if prev.source != glyph.source:
        # a stamp's text in a blank of the page (``ngày`` + ``04``) is a word of its own
        return True
    em = max(prev.size, glyph.size)
    if prev.advance is not None and glyph.advance is not None:
        # PDFium's own space guess comes from the same misleading ink boxes: pens decide
        return glyph.advance[0] - prev.advance[2] > 0.12 * em
    return glyph.space_before or glyph.bbox[0] - prev.bbox[2] > 0.18 * em


def _line(page: int, glyphs: list[Glyph]) -> TextLine:
    """The segment's text: its glyphs with a space at every word gap (:func:`_word_gap`,
    written out here on the tuple fields: this runs for every glyph)."""
    prev = glyphs[0]
    parts: list[str] = [prev[0]]
    for glyph in itertools.islice(glyphs, 1, None):
        if prev[7] != glyph[7]:
            parts.append(" ")
        else:
            em = prev[3] if prev[3] > glyph[3] else glyph[3]
            pa, ga = prev[8], glyph[8]
            if pa is not None and ga is not None:
                if ga[0] - pa[2] > 0.12 * em:
                    parts.append(" ")
            elif glyph[6] or glyph[1][0] - prev[1][2] > 0.18 * em:
                parts.append(" ")
        parts.append(glyph[0])
        prev = glyph
    return TextLine(page=page, glyphs=tuple(glyphs), text="".join(parts))
