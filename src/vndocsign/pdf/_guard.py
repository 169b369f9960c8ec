"""Limits checked before a PDF reaches PDFium (issue 14: hostile input, giới hạn an toàn).

Why: PDFium aborts the whole process (SIGABRT, no message) on a 1 MB flate bomb and walks a
``/Kids`` array listing one page 200,000 times for minutes. Neither can be caught once inside
the native library, so :func:`check_pdf` looks at the file first, with pypdf (lazy: only the
objects it touches are parsed) and zlib:

* the trailer ``/Size`` against ``max_objects``;
* the page tree: distinct pages against ``max_pages``, nesting against ``max_page_tree_depth``,
  a page (or ``/Pages`` node) listed twice is malformed (:class:`~vndocsign.pdf.DamagedPdfError`);
* every page content stream and form XObject (recursively, each once), inflated block by block
  with ``zlib.decompressobj`` and ``max_length`` — never whole — against ``max_stream_size``.
  Image XObjects are not inflated: text extraction never decodes them (rendering and OCR go
  through ``max_image_pixels``).
* a file without ``startxref`` is read after rebuilding its cross-reference table (as PDFium
  does); one pypdf cannot parse at all is scanned raw (:func:`scan_raw`), since PDFium may
  still repair it and meet the bomb.

pypdf's own ``LimitReachedError`` is named as one of our limits (:func:`pypdf_limit_error`).

Cost (issue 17): no copy of the input (:mod:`vndocsign.pdf._guardio`: pypdf reads the caller's
bytes in place), an image's data is never read (its ``/Subtype`` comes from its dictionary at
the cross-reference offset), one content stream is held at a time and the reader's cache is
dropped on return: 0.04× the input at peak on a 36 MB / 200-page scanned-like file (was 2.05×),
39 ms there, 25 ms on 200 text pages, 0.24 s over the 96 PDFs of the shared corpus
(``docs/limits.md``), small beside PDFium's own text extraction of the same streams.
"""

from __future__ import annotations

import contextlib
import logging
import re
import zlib
from collections.abc import Callable
from typing import IO, Any, cast

from vndocsign._limits import LimitError, Limits, current_limits, limit_error
from vndocsign.errors import PdfError
from vndocsign.pdf._ascii import unwrap_ascii
from vndocsign.pdf._errors import DamagedPdfError
from vndocsign.pdf._guardio import (
    UNKNOWN,
    BorrowedStream,
    SharedStream,
    ViewStream,
    resolve_stream,
    xobject_subtypes,
)

__all__ = [
    "PdfLimitError",
    "check_pdf",
    "check_structure",
    "pypdf_limit_error",
    "unwrap_ascii",
]

_BLOCK = 1 << 20


class PdfLimitError(PdfError, LimitError):
    """A PDF breaks one of the SDK limits (flate bomb, page tree too big or too deep)."""

    code = "pdf.limit"


def check_pdf(data: bytes | IO[bytes], limits: Limits | None = None) -> Markers:
    """Raise :class:`PdfLimitError` (or ``DamagedPdfError``) when ``data`` breaks the limits.

    ``data`` may be a seekable binary stream holding the PDF from offset 0: it is read in
    place (what the checks touch, never the images) unless the file needs repairing (no
    ``startxref`` at its end, or pypdf cannot follow it), which reads it whole.

    Returns every page's folded text marker (:mod:`vndocsign.pdf._pagescan`; ``None`` for a
    page it cannot read exactly), or ``None`` when the walk went through pypdf.
    """
    lim = limits or current_limits()
    if isinstance(data, bytes | bytearray | memoryview):
        return _check_bytes(bytes(data) if type(data) is not bytes else data, lim)
    data.seek(-min(4096, data.seek(0, 2)), 2)
    if b"startxref" not in data.read(4096):
        data.seek(0)
        _check_bytes(data.read(), lim)  # a damaged file: repaired from the whole of it
        return None
    stream = BorrowedStream(data)

    def whole() -> None:
        data.seek(0)
        scan_raw(data.read(), lim)

    def read_at(offset: int, size: int) -> bytes:
        data.seek(offset)
        return bytes(data.read(size))

    return _check(stream, stream, lim, whole, read_at)


def _check_bytes(data: bytes, lim: Limits) -> Markers:
    check_structure(data)
    repaired = b"startxref" not in data[-4096:]
    source = data + _NO_XREF if repaired else data
    # BytesIO shares only an exact ``bytes`` object
    return _check(
        SharedStream(source),
        ViewStream(source),
        lim,
        lambda: scan_raw(data, lim),
        None if repaired else (lambda offset, size: data[offset : offset + size]),
    )


#: Every page's marker from the fast walk, or ``None`` (see :func:`check_pdf`).
Markers = list[str | None] | None


def _fast(reader: Any, root: Any, lim: Limits, read_at: Callable[[int, int], bytes]) -> Markers:
    """The walk on :mod:`~vndocsign.pdf._rawobj` (``None``: not read exactly; pypdf walks)."""
    from vndocsign.pdf._pagescan import fast_walk
    from vndocsign.pdf._rawobj import RawObjects, Ref, UnsupportedError

    pages: Any = root.raw_get("/Pages") if hasattr(root, "raw_get") else None
    if getattr(pages, "idnum", None) is None:
        return None
    xref, in_streams, free = reader.xref, reader.xref_objStm, reader.xref_free_entry

    def lookup(num: int, gen: int) -> int | tuple[int, int] | None:
        if gen == 0 and num in in_streams:
            stm, index = in_streams[num]
            return int(stm), int(index)
        table = xref.get(gen)
        if table is None or num not in table or free.get(gen, {}).get(num, False):
            return None
        return int(table[num])

    try:
        objs = RawObjects(read_at, lookup, lim.max_stream_size)
        return fast_walk(objs, Ref(pages.idnum, pages.generation), lim)
    except (PdfError, LimitError):
        raise
    except (UnsupportedError, ValueError, TypeError, KeyError, AttributeError, IndexError):
        return None
    except (RecursionError, OverflowError, UnicodeError, OSError):
        return None


def _check_size(reader: Any, lim: Limits) -> None:
    size = reader.trailer.get("/Size")
    if isinstance(size, int) and size > lim.max_objects:
        raise limit_error("max_objects", lim.max_objects, value=int(size), error=PdfLimitError)


def _fast_strict(
    stream: SharedStream | BorrowedStream, lim: Limits, read_at: Callable[[int, int], bytes]
) -> Markers:
    """The fast walk on the cross-reference of a *strict* pypdf reader (``None``: the caller
    walks as before). A lenient pypdf reader reads every object's header when it opens a file
    (~13 µs each: 8 ms on a 200-page file); the raw reader checks the header of each object it
    reads instead, and anything a strict reader refuses goes the lenient way."""
    from pypdf import PdfReader

    reader: Any = None
    try:
        reader = PdfReader(cast(Any, stream), strict=True)
        if reader.is_encrypted:
            return None
        _check_size(reader, lim)
        root: Any = reader.trailer["/Root"].get_object()
        if root.get("/Pages") is None:
            return None
        return _fast(reader, root, lim, read_at)
    except (PdfError, LimitError):
        raise
    except Exception:  # whatever a strict reader refuses: the lenient walk
        return None
    finally:
        if reader is not None:
            reader.resolved_objects.clear()


def _check(
    stream: SharedStream | BorrowedStream,
    views: ViewStream | BorrowedStream,
    lim: Limits,
    raw_scan: Callable[[], None],
    read_at: Callable[[int, int], bytes] | None = None,
) -> Markers:
    """The structured walk of the file in ``stream`` (``raw_scan`` when pypdf gives up)."""
    from pypdf import PdfReader
    from pypdf.errors import LimitReachedError, PdfReadError

    quiet = logging.getLogger("pypdf")
    level = quiet.level
    quiet.setLevel(logging.ERROR)  # repair warnings of a damaged file are not the user's output
    reader: Any = None
    markers: Markers = None
    try:
        if read_at is not None:
            with _RepeatedKeys() as strict_repeated:
                markers = _fast_strict(stream, lim, read_at)
            if markers is not None and not strict_repeated.seen:
                return markers
            markers = None  # (a repeated key in the trailer or catalog: as below)
        with _RepeatedKeys() as repeated:
            reader = PdfReader(cast(Any, stream), strict=False)
            if reader.is_encrypted:
                return None  # streams are encrypted: PDFium asks for the password first
            _check_size(reader, lim)
            root: Any = reader.trailer["/Root"].get_object()
            pages = root.get("/Pages")
            if pages is None:
                return None
            if read_at is not None:  # the lenient reader's repaired cross-reference
                markers = _fast(reader, root, lim, read_at)
            if markers is None:
                _Walk(lim, reader, views).tree(pages)
        if repeated.seen:
            # pypdf read the first value of a repeated key, PDFium reads the last: the
            # objects PDFium sees may not be those walked; check the raw bytes too
            raw_scan()
            return None
    except LimitReachedError as exc:
        raise pypdf_limit_error(exc, lim) from None
    except (PdfError, LimitError):
        raise
    except (PdfReadError, *_UNFOLLOWED):
        # Damaged in a way pypdf cannot follow; PDFium repairs more (and would then meet a
        # bomb unguarded): scan the raw bytes for the same bombs.
        raw_scan()
    finally:
        quiet.setLevel(level)
        _release(reader, views)
    return markers


#: What pypdf raises on a file it cannot follow (OverflowError: a startxref past 2**63).
_UNFOLLOWED = (
    KeyError,
    ValueError,
    TypeError,
    AttributeError,
    RecursionError,
    OverflowError,
    IndexError,
)


class _RepeatedKeys(logging.Handler):
    """Whether pypdf met a dictionary repeating a key while this is entered (its warning,
    caught on the one pypdf logger that gives it; anything else passes on unchanged)."""

    _LOGGER = "pypdf.generic._data_structures"

    def __init__(self) -> None:
        super().__init__(logging.WARNING)
        self.seen = False
        self._logger = logging.getLogger(self._LOGGER)
        self._saved = (self._logger.level, self._logger.propagate)

    def __enter__(self) -> _RepeatedKeys:
        self._logger.setLevel(logging.WARNING)
        self._logger.propagate = False
        self._logger.addHandler(self)
        return self

    def __exit__(self, *exc: object) -> None:
        self._logger.removeHandler(self)
        self._logger.setLevel(self._saved[0])
        self._logger.propagate = self._saved[1]

    def emit(self, record: logging.LogRecord) -> None:
        if record.getMessage().startswith("Multiple definitions in dictionary"):
            self.seen = True
        if record.levelno >= logging.getLogger("pypdf").getEffectiveLevel():
            logging.getLogger("pypdf").handle(record)  # as if it had propagated


def _release(reader: Any, views: ViewStream | BorrowedStream) -> None:
    """Drop what the reader cached now, not at the next cyclic garbage collection (pypdf's
    objects point back at the reader, so the reader and its cache live in a cycle)."""
    if reader is not None:
        reader.resolved_objects.clear()
        reader.stream.close()
    views.close()


#: Appended (to the guard's copy only) when a file has no ``startxref``: pypdf then rebuilds
#: the cross-reference table by scanning, as PDFium does, instead of giving up.
_NO_XREF = b"\nstartxref\n0\n%%EOF\n"
_STREAM = re.compile(rb"(?<!end)stream\r?\n")
_KIDS = re.compile(rb"/Kids\s*\[")
_REF = re.compile(rb"\d+\s+\d+\s+R")


def scan_raw(data: bytes, lim: Limits) -> None:
    """The guard for a file pypdf cannot parse (no usable trailer, broken objects): every
    ``stream`` whose dictionary names ``/FlateDecode`` is inflated in blocks against
    ``max_stream_size``, and every ``/Kids`` array's references are counted against
    ``max_pages`` -- on the raw bytes, whatever the file's structure, so that PDFium's own
    repair never meets a bomb the structured walk could not reach."""
    for kids in _KIDS.finditer(data):
        end = data.find(b"]", kids.end())
        count = len(_REF.findall(data, kids.end(), end if end >= 0 else len(data)))
        if count > lim.max_pages:
            raise limit_error("max_pages", lim.max_pages, value=count, error=PdfLimitError)
    for start in _STREAM.finditer(data):
        head = data[max(0, start.start() - 1024) : start.start()]
        for chain in _raw_chains(_dictionary_before(head)):
            inflated = _raw_inflated(data, start.end(), chain, lim.max_stream_size)
            if inflated > lim.max_stream_size:
                raise _stream_error(lim, inflated)


_BRACKETS = re.compile(rb"<<|>>")


def _dictionary_before(head: bytes) -> bytes:
    """The stream dictionary that ends ``head``, nested dictionaries included (a
    ``/DecodeParms << >>`` after ``/Filter`` hid the filter from the innermost ``<<``); all of
    ``head`` when it does not balance (looking at too much only tries more chains)."""
    depth = 0
    for m in reversed(list(_BRACKETS.finditer(head))):
        depth += 1 if m.group() == b">>" else -1
        if depth == 0:
            return head[m.start() :]
    return head


_RAW_FILTER = re.compile(rb"/Filter\s*(?:\[([^\]]*)\]|(/[^\s/<>\[\]()%]+)|(\d+\s+\d+\s+R))")
_RAW_NAME = re.compile(rb"/([^\s/<>\[\]()%]+)")
_FLATE = ("FlateDecode", "Fl")


def _raw_chains(dictionary: bytes) -> list[list[str]]:
    """The filter chains a raw stream dictionary may mean: every ``/Filter`` of it (PDFium
    keeps the last of a repeated key, pypdf the first); an indirect one may be any chain."""
    chains: list[list[str]] = []
    for m in _RAW_FILTER.finditer(dictionary):
        if m.group(3) is not None:
            chains += [["FlateDecode"], ["A85", "Fl"], ["AHx", "Fl"]]
            continue
        names = _RAW_NAME.findall(m.group(1) if m.group(1) is not None else m.group(2))
        chains.append([n.decode("latin-1") for n in names])
    if b"/FlateDecode" in dictionary and ["FlateDecode"] not in chains:
        chains.append(["FlateDecode"])  # named anywhere in it (the guard's old rule)
    return [c for c in chains if any(f in _FLATE for f in c)]


def _raw_inflated(data: bytes, at: int, chain: list[str], maximum: int) -> int:
    """Bytes the stream at ``at`` inflates to through ``chain`` (ASCII stages undone first,
    on the data up to ``endstream``)."""
    if chain[0] in _FLATE:
        return _inflated_from(memoryview(data)[at:], maximum)
    end = data.find(b"endstream", at)
    unwrapped = unwrap_ascii(data[at : end if end >= 0 else len(data)], chain)
    if unwrapped is None or not unwrapped[1] or unwrapped[1][0] not in _FLATE:
        return 0
    return _inflated_from(memoryview(unwrapped[0]), maximum)


def _inflated_from(view: memoryview, maximum: int) -> int:
    """Bytes the deflate stream at the start of ``view`` inflates to (a lower bound past
    ``maximum``); the input is fed 64 KB at a time, so nothing is copied whole."""
    inflater = zlib.decompressobj()
    total = 0
    for at in range(0, len(view), 1 << 16):
        pending: bytes | memoryview = view[at : at + (1 << 16)]
        while pending and not inflater.eof:
            before = inflater.copy()
            try:
                total += len(inflater.decompress(pending, _BLOCK))
            except zlib.error:
                # damaged: the failing call's output is lost, but PDFium keeps what inflated
                # before the damage -- is that past the limit? (the fast walk asks the same)
                if maximum - total < _BLOCK:
                    with contextlib.suppress(zlib.error):
                        total += len(before.decompress(pending, maximum - total + 1))
                return total
            pending = inflater.unconsumed_tail
            if total > maximum:
                return total
        if inflater.eof:
            break
    return total


def _stream_error(lim: Limits, inflated: int) -> LimitError:
    return limit_error(
        "max_stream_size",
        lim.max_stream_size,
        value=inflated,
        error=PdfLimitError,
        what=("decompressed PDF stream size (a flate bomb)", "luồng PDF sau giải nén (bom nén)"),
    )


#: pypdf's own ``LimitReachedError`` (pypdf 6) -> our limit, by the words of its message:
#: decompression, row/column and stream-length bounds are stream-size limits; cross-reference,
#: object-stream, array/dictionary/token counts are object-count limits. Cycles and
#: self-references are no limit but a malformed file (``DamagedPdfError``), as is anything
#: else pypdf refuses (a colour count above 16...).
_PYPDF_LIMITS: tuple[tuple[tuple[str, ...], str], ...] = (
    (("cycle", "cyclic", "loop", "self reference"), ""),
    (
        ("decompress", "row length", "columns", "stream length", "requested length"),
        "max_stream_size",
    ),
    (
        ("xref", "declared size", "root object", "/n ", "element count", "tokens", "entries"),
        "max_objects",
    ),
)


def pypdf_limit_error(exc: Exception, lim: Limits) -> PdfError:
    """Our typed error for a pypdf ``LimitReachedError`` (see :data:`_PYPDF_LIMITS`)."""
    message = str(exc)
    lowered = message.lower()
    name = next((n for words, n in _PYPDF_LIMITS if any(w in lowered for w in words)), "")
    if not name:
        return DamagedPdfError(
            f"Malformed PDF structure: {message}",
            f"Cấu trúc PDF sai: {message}",
            reason="pypdf_limit",
        )
    what = (f"PDF structure ({message})", f"cấu trúc PDF ({message})")
    error = limit_error(name, getattr(lim, name), error=PdfLimitError, what=what)
    return cast(PdfLimitError, error)


def check_structure(data: bytes) -> None:
    """Refuse (``DamagedPdfError``) a file with no PDF structure at all, in one cheap pass.

    ``%PDF-`` followed by 200 MB of zeros made every reader rebuild a cross-reference table by
    scanning the whole file (verification took 120 s at 2.3 GB). A file with neither a
    ``startxref``/``trailer`` near its end nor a single ``obj`` anywhere cannot be repaired.
    """
    tail = data[-4096:]
    if b"startxref" in tail or b"trailer" in tail:
        return
    if b"obj" not in data:  # a plain byte search: 200 MB in a few ms
        raise DamagedPdfError(
            "Not a usable PDF: no cross-reference (startxref/trailer) and no object",
            "Tệp PDF không dùng được: không có bảng tham chiếu (startxref/trailer) và đối tượng",
            reason="no_structure",
        )


class _TreeWalk:
    """The page tree's limits and duplicates, walked the way PDFium counts pages; how a node
    is read and what a page gets are the subclass's (:class:`_Walk` on pypdf objects,
    ``_pagescan._FastWalk`` on the raw reader's): one walk, so the two cannot drift apart."""

    def __init__(self, lim: Limits) -> None:
        self.lim = lim
        self.seen: set[Any] = set()
        self.streams: set[Any] = set()
        self.pages = 0

    def _key(self, ref: Any) -> int | None:
        """The object number of a node reference (``None``: a direct object)."""
        raise NotImplementedError

    def _node(self, ref: Any, inherited: Any) -> tuple[Any, list[Any] | None, Any]:
        """(node, its kids if it is a /Pages node, its resources or the inherited ones)."""
        raise NotImplementedError

    def _visit(self, page: Any, resources: Any) -> None:
        raise NotImplementedError

    def tree(self, ref: Any) -> None:
        # a page without /Resources inherits its parent's (PDFium draws their forms too)
        stack: list[tuple[Any, int, Any]] = [(ref, 1, None)]
        while stack:
            node_ref, depth, inherited = stack.pop()
            if depth > self.lim.max_page_tree_depth:
                raise limit_error(
                    "max_page_tree_depth",
                    self.lim.max_page_tree_depth,
                    value=depth,
                    error=PdfLimitError,
                )
            self._once(self._key(node_ref))
            node, kids, resources = self._node(node_ref, inherited)
            if kids is not None:
                if len(kids) + self.pages > self.lim.max_pages:
                    raise limit_error(
                        "max_pages",
                        self.lim.max_pages,
                        value=len(kids) + self.pages,
                        error=PdfLimitError,
                    )
                stack.extend((kid, depth + 1, resources) for kid in reversed(kids))
                continue
            self.pages += 1
            if self.pages > self.lim.max_pages:
                raise limit_error(
                    "max_pages", self.lim.max_pages, value=self.pages, error=PdfLimitError
                )
            self._visit(node, resources)

    def _once(self, key: int | None) -> None:
        if key is None:
            return
        if key in self.seen:
            raise DamagedPdfError(
                f"The page tree lists object {key} more than once (malformed)",
                f"Cây trang liệt kê đối tượng {key} nhiều lần (sai cấu trúc)",
                object=key,
            )
        self.seen.add(key)


class _Walk(_TreeWalk):
    def __init__(self, lim: Limits, reader: Any, views: ViewStream | BorrowedStream) -> None:
        super().__init__(lim)
        self.reader = reader
        self.views = views

    def _key(self, ref: Any) -> int | None:
        return getattr(ref, "idnum", None)

    def _node(self, ref: Any, inherited: Any) -> tuple[Any, list[Any] | None, Any]:
        node = ref.get_object()
        resources = node.get("/Resources", inherited)
        kids = node.get("/Kids")
        if kids is not None and node.get("/Type") != "/Page":
            return node, list(kids.get_object()), resources
        return node, None, resources

    def _visit(self, page: Any, resources: Any) -> None:
        self.page(page, resources)

    def page(self, page: Any, resources: Any) -> None:
        contents = page.get("/Contents")
        if contents is not None:
            contents = contents.get_object()
            for item in contents if isinstance(contents, list) else [contents]:
                if self._first(item):
                    # read through the plain stream (C-speed; a few KB a page) and then
                    # dropped from pypdf's cache: one content stream held at a time
                    self.stream(item.get_object() if hasattr(item, "get_object") else item)
                    self._forget(item)
        self.resources(resources)

    def _first(self, ref: Any) -> bool:
        """Whether stream ``ref`` is met for the first time (a direct object always is)."""
        key = getattr(ref, "idnum", None)
        if key is None:
            return True
        if key in self.streams:
            return False
        self.streams.add(key)
        return True

    def _forget(self, ref: Any) -> None:
        key = (getattr(ref, "generation", None), getattr(ref, "idnum", None))
        self.reader.resolved_objects.pop(key, None)

    def resources(self, resources: Any) -> None:
        if resources is None:
            return
        xobjects = resources.get_object().get("/XObject")
        if xobjects is None:
            return
        for ref in xobjects.get_object().values():
            if not self._first(ref):
                continue
            subtypes = xobject_subtypes(self.reader, ref)
            if UNKNOWN not in subtypes and "/Form" not in subtypes:
                continue  # an image (or no subtype PDFium draws as a form): data never read
            xobject = resolve_stream(self.reader, ref, self.views)
            subtype = xobject.get("/Subtype")
            subtype = subtype.get_object() if hasattr(subtype, "get_object") else subtype
            if subtype != "/Form" and "/Form" not in subtypes:
                continue
            self.stream(xobject)
            self.resources(xobject.get("/Resources"))

    def stream(self, stream: Any) -> None:
        filters = _direct(stream.get("/Filter"))  # PDFium resolves an indirect /Filter too
        names = [str(_direct(f)) for f in filters] if isinstance(filters, list) else [str(filters)]
        raw = getattr(stream, "_data", b"") or b""
        unwrapped = unwrap_ascii(raw, [n.lstrip("/") for n in names])
        if unwrapped is None:
            return
        data, rest = unwrapped
        if not rest or rest[0] not in ("FlateDecode", "Fl"):
            return
        inflated = _inflated_from(memoryview(data), self.lim.max_stream_size)
        if inflated > self.lim.max_stream_size:
            raise _stream_error(self.lim, inflated)


def _direct(value: Any) -> Any:
    return value.get_object() if hasattr(value, "get_object") else value
