"""A document whose pages are parsed on demand, each at most once (issue 17).

Why: placement needs the signer block and the closing ``./.`` of the main document, which sit
on its last pages; parsing the text layer of all 200 pages of a long báo cáo to find them cost
31× the work. :class:`LazyPdfText` keeps the PDFium document open and parses a page's text
layer (:class:`~vndocsign.pdf.PageText`, exactly what :func:`~vndocsign.pdf.load_text` gives)
the first time someone asks for it.

Finding where the main document ends needs every page's *top* to be checked for the next
document's Quốc hiệu or a ``Phụ lục`` heading (:func:`~vndocsign.pdf.segment_document`).
:meth:`LazyPdfText.main_pages` does that with a cheap per-page marker first — the page's text
folded to capital ASCII letters — and builds the glyph-level text only of the pages whose
marker holds the words: the split is the same as ``segment_document``'s. The marker comes
from the PDF guard, which reads every content stream anyway (:mod:`vndocsign.pdf._pagescan`:
0.03–0.14 ms a page with the guard's own checks); a page it cannot read exactly is asked of PDFium
(its raw text in one call, ~1.4 ms with the page and text-page load).

PDFium keeps every object it parsed until the document closes, an image's data included: the
marker pass over a long illustrated or scanned file held nearly all of it (+1.1× a 36 MB,
200-page input at peak RSS). So the document is reopened on the same source (no copy) after
every :data:`MARKER_BUDGET` of file read through it (pages counted at the file's average
size): what PDFium parsed is freed and reused. A text document (a few KB a page) never
reopens: its fonts are parsed once. With ``in_place``, a large file is not even held whole:
pypdf's guard and PDFium read blocks of the caller's stream. Together, peak RSS growth of
``sign_file(..., placement="auto")`` on that input fell from 2.63× to 0.55–0.7× the input in
a fresh process (``benchmarks/bench_long.py --memory-only``), at the same signing time.
"""

from __future__ import annotations

import ctypes
import os
from collections.abc import Iterable
from typing import IO, cast

import pypdfium2 as pdfium
import pypdfium2.raw as raw

from vndocsign.pdf._errors import DamagedPdfError
from vndocsign.pdf._pagescan import fold_text, has_marker
from vndocsign.pdf._segments import Segment, SegmentKind, page_starts_part
from vndocsign.pdf._text import (
    PageText,
    PdfSource,
    PdfText,
    _check_header,
    _open,
    _open_scanned,
    _page_text,
    read_pdf_bytes,
)

__all__ = ["LazyPdfText"]

#: Bytes of file (estimated from the file size per page) read through one PDFium document
#: before it is reopened (each reopen parses the fonts again: a few ms).
MARKER_BUDGET = 8 << 20

#: A stream passed ``in_place`` is read in place only above this size: a smaller file is
#: read whole (pypdf and PDFium then read memory, a few percent faster than through the
#: stream's methods, and the copy is small).
IN_PLACE_MIN = 8 << 20


class LazyPdfText:
    """The pages of one PDF, parsed when first asked for (``annotations`` as in ``load_text``).

    Not thread-safe (neither is PDFium); the document stays open until :meth:`close` or
    garbage collection. With ``in_place``, a seekable binary stream holding the PDF from
    offset 0 and larger than :data:`IN_PLACE_MIN` is read where it is, never whole
    (auto-placed signing of a long file, issue 17); it must then stay open, unchanged, until
    :meth:`close`. Other input is read into memory (a stream from offset 0 with
    ``in_place``, from where it stands without).
    """

    def __init__(
        self,
        pdf: PdfSource,
        *,
        password: str | None = None,
        annotations: bool = True,
        in_place: bool = False,
    ) -> None:
        source: bytes | IO[bytes]
        stream_size = _in_place_size(pdf) if in_place else None
        if stream_size is not None and stream_size > IN_PLACE_MIN:
            source = cast(IO[bytes], pdf)
            source.seek(0)
            head, size = source.read(1024), stream_size
            _check_header(head)
        else:
            if stream_size is not None:
                cast(IO[bytes], pdf).seek(0)  # in place means from offset 0
            source = read_pdf_bytes(pdf)
            head, size = source[:1024], len(source)
        #: Bytes of junk before ``%PDF-`` (as :attr:`PdfText.header_offset`).
        self.header_offset = max(head.find(b"%PDF-"), 0)
        self._doc, fast = _open_scanned(source, password)
        self._source, self._password = source, password
        self._annotations = annotations
        self.page_count: int = len(self._doc)
        #: Markers the guard read from the content streams (``None`` where it could not,
        #: or all ``None`` if its page walk disagrees with PDFium's page count).
        self._fast: list[str | None] = (
            fast if fast is not None and len(fast) == self.page_count else [None] * self.page_count
        )
        #: Pages loaded through one PDFium document before it is reopened (module notes).
        self._marker_span = max(1, MARKER_BUDGET * self.page_count // max(size, 1))
        self._loaded = 0  # pages loaded through ``_doc`` since it was (re)opened
        self._pages: dict[int, PageText] = {}
        self._markers: dict[int, str] = {}
        self._segments: tuple[Segment, ...] | None = None
        self._main_end: int | None = None

    def close(self) -> None:
        self._doc.close()

    def _fresh_doc(self) -> pdfium.PdfDocument:
        """``_doc`` for one more page: reopened on the same source (no copy) once
        ``_marker_span`` pages were loaded through it, freeing what PDFium parsed."""
        if self._loaded >= self._marker_span:
            self._doc.close()
            self._doc = _open(self._source, self._password)
            self._loaded = 0
            if len(self._doc) != self.page_count:  # a file read in place changed under us
                raise DamagedPdfError(
                    "The PDF changed while it was being read",
                    "Tệp PDF bị thay đổi trong khi đang được đọc",
                )
        self._loaded += 1
        return self._doc

    def page(self, index: int) -> PageText:
        """The text layer of page ``index`` (0-based, in the file)."""
        page = self._pages.get(index)
        if page is None:
            page = self._pages[index] = _page_text(self._fresh_doc(), index, self._annotations)
        return page

    def text(self, indexes: Iterable[int] | None = None) -> PdfText:
        """A :class:`PdfText` of the pages ``indexes`` (all by default), parsed now."""
        picked = range(self.page_count) if indexes is None else indexes
        return PdfText(pages=tuple(self.page(i) for i in picked), header_offset=self.header_offset)

    def _marker(self, index: int) -> str:
        """The page's raw text folded to ``A-Z0-9``: read by the guard from the content
        stream, else from PDFium (no glyph boxes: one call)."""
        folded = self._markers.get(index) or self._fast[index]
        if folded is not None:
            return folded
        if index in self._pages:
            page = self._pages[index]
            chars = "".join(ln.text for ln in page.lines)
        else:
            chars = _raw_text(self._fresh_doc(), index)
        folded = self._markers[index] = fold_text(chars)
        return folded

    def _starts_part(self, index: int) -> SegmentKind | None:
        if not has_marker(self._marker(index)):
            return None
        return page_starts_part(self.page(index))

    def main_pages(self) -> tuple[int, ...]:
        """The pages of the main document (the first part): read forward to the next part."""
        if self._main_end is None:
            end = self.page_count
            if self._segments is not None:
                end = len(self._segments[0].pages) if self._segments else 0
            else:
                for index in range(1, self.page_count):
                    if self._starts_part(index) is not None:
                        end = index
                        break
            self._main_end = end
        return tuple(range(self._main_end))

    def segments(self) -> tuple[Segment, ...]:
        """Every part of the file, as :func:`~vndocsign.pdf.segment_document` splits it."""
        if self._segments is None:
            if not self.page_count:
                self._segments = ()
                return self._segments
            starts: list[tuple[int, SegmentKind]] = [(0, SegmentKind.MAIN)]
            for index in range(1, self.page_count):
                kind = self._starts_part(index)
                if kind is not None:
                    starts.append((index, kind))
            out: list[Segment] = []
            for n, (first, kind) in enumerate(starts):
                end = starts[n + 1][0] if n + 1 < len(starts) else self.page_count
                out.append(Segment(kind=kind, pages=tuple(range(first, end))))
            self._segments = tuple(out)
        return self._segments


def _in_place_size(pdf: PdfSource) -> int | None:
    """The size of ``pdf`` if it is a binary stream PDFium and pypdf can read in place."""
    if isinstance(pdf, bytes | bytearray | memoryview | str | os.PathLike):
        return None
    seekable = getattr(pdf, "seekable", None)
    if seekable is not None and not seekable():
        return None
    if not all(callable(getattr(pdf, n, None)) for n in ("read", "readinto", "seek", "tell")):
        return None
    return int(pdf.seek(0, 2))


def _raw_text(doc: pdfium.PdfDocument, index: int) -> str:
    """All characters PDFium reads on the page, in content order (empty on failure: the
    exact test then never runs, as it would not for a page without text)."""
    try:
        page = doc[index]
    except pdfium.PdfiumError:
        return ""
    try:
        textpage = page.get_textpage()
        try:
            count = raw.FPDFText_CountChars(textpage.raw)
            if count <= 0:
                return ""
            buf = ctypes.create_string_buffer(2 * (count + 1))
            got = raw.FPDFText_GetText(
                textpage.raw, 0, count, ctypes.cast(buf, ctypes.POINTER(ctypes.c_ushort))
            )
            return buf.raw[: 2 * max(got - 1, 0)].decode("utf-16-le", errors="ignore")
        finally:
            textpage.close()
    finally:
        page.close()
