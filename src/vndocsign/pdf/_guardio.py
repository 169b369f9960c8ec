"""Streams through which the PDF guard lets pypdf read the input without copying it (issue 17).

Why: the guard used to hand pypdf ``io.BytesIO(data)``. ``BytesIO`` shares an immutable
``bytes`` object until someone asks for its buffer, and pypdf does (``get_stream_size`` calls
``getbuffer()`` while reading the cross-reference table): the whole input was copied, 1.0× its
size. Then each page's image XObjects were resolved to see their ``/Subtype``, and pypdf reads a
stream's data (``stream.read(length)``) as part of parsing the object: another 1.0× on a
scanned or illustrated document, cached in the reader.

* :class:`SharedStream` offers a ``BytesIO``'s reading methods but not ``getbuffer``: pypdf
  falls back to ``seek``/``tell`` for the size, and the bytes stay shared (reads stay C-speed).
* :func:`xobject_subtypes` reads an XObject's ``/Subtype`` from its dictionary at the
  cross-reference offset and stops at ``>>``: an image's data is never read.
* :class:`ViewStream` is used only when that is not enough and the guard resolves a whole
  XObject: a read of at least :data:`VIEW_MIN` bytes returns a ``memoryview`` of the input
  instead of a copy, so even then an image costs its dictionary only. (Content streams are
  read plainly, one at a time, and dropped after inflating: see ``_guard._Walk.page``.)
* :class:`BorrowedStream` lets the guard read a caller's seekable file in place (issue 17:
  auto-placed signing of a file never holds it whole): only the cross-reference table, the
  page tree, the content streams and the XObject dictionaries are read.
"""

from __future__ import annotations

import io
from collections.abc import Callable
from typing import Any

__all__ = [
    "UNKNOWN",
    "VIEW_MIN",
    "BorrowedStream",
    "SharedStream",
    "ViewStream",
    "resolve_stream",
    "xobject_subtypes",
]

#: Reads this large are stream data (tokens of a dictionary are read a few bytes at a time).
VIEW_MIN = 4096


class SharedStream:
    """The caller's ``bytes`` read through a ``BytesIO`` that is never asked for its buffer.

    Only ``read``/``seek``/``tell``/``close`` are offered (all pypdf's reader uses); they are
    the ``BytesIO``'s own methods, so reads stay C-speed. With no ``getbuffer``, pypdf takes
    the size by seeking instead, and ``BytesIO`` keeps sharing the bytes.
    """

    def __init__(self, data: bytes) -> None:
        self._buffer = io.BytesIO(data)
        self.read: Callable[..., Any] = self._buffer.read
        self.seek = self._buffer.seek
        self.tell = self._buffer.tell
        self.close = self._buffer.close


class ViewStream(SharedStream):
    """A :class:`SharedStream` whose large reads are views of the input, not copies."""

    def __init__(self, data: bytes) -> None:
        super().__init__(data)
        self._view = memoryview(data)
        self.read = self._read_view
        self.close = self._close

    def _read_view(self, size: int | None = -1, /) -> Any:
        if size is None or size < VIEW_MIN:
            return self._buffer.read(size)
        start = self._buffer.tell()
        chunk = self._view[start : start + size]
        self._buffer.seek(start + len(chunk))
        return chunk

    def _close(self) -> None:
        self._view = memoryview(b"")
        self._buffer.close()


class BorrowedStream:
    """The caller's seekable binary stream, read in place by pypdf; :meth:`close` leaves it
    open (it is the caller's). Offsets are the stream's own: the PDF starts at offset 0."""

    def __init__(self, stream: Any) -> None:
        self.read: Callable[..., Any] = stream.read
        self.seek = stream.seek
        self.tell = stream.tell

    def close(self) -> None:
        """Nothing to release: the stream stays open for its owner."""


def resolve_stream(reader: Any, ref: Any, views: ViewStream | BorrowedStream) -> Any:
    """``ref`` resolved by ``reader`` with stream data read as views of the input.

    pypdf treats stream data as ``bytes`` only on its repair path (a wrong ``/Length``:
    ``read_value.find(b"endstream")``); should a view break it there, the object is resolved
    again the ordinary way, copying only that stream.
    """
    if not hasattr(ref, "get_object"):
        return ref
    plain = reader.stream
    reader.stream = views
    try:
        return ref.get_object()
    except (AttributeError, TypeError):
        # pypdf leaves the failed object in its loop detector: forget it, then read it again
        known = getattr(reader, "_known_objects", None)
        if isinstance(known, set):
            known.discard((ref.idnum, ref.generation))
        reader.stream = plain
        return ref.get_object()
    finally:
        reader.stream = plain


#: A ``/Subtype`` the guard cannot read from the dictionary alone: resolve the object fully.
UNKNOWN = "?"


def xobject_subtypes(reader: Any, ref: Any) -> set[str]:
    """Every ``/Subtype`` named at the top of XObject ``ref``'s dictionary, read at its
    cross-reference offset without reading the stream data after it (an image's pixels).

    Every value of a repeated key is kept (pypdf keeps the first, PDFium the last), and
    ``{UNKNOWN}`` answers anything unusual (no offset, an object in an object stream, a
    header that does not match, a parse error): the caller then resolves the whole object.
    """
    from pypdf._utils import read_non_whitespace, skip_over_comment
    from pypdf.generic import IndirectObject, NameObject, read_object

    unknown = {UNKNOWN}
    idnum, generation = getattr(ref, "idnum", None), getattr(ref, "generation", None)
    offset = reader.xref.get(generation, {}).get(idnum) if idnum is not None else None
    if not isinstance(offset, int) or idnum in reader.xref_objStm:
        return unknown
    stream = reader.stream
    found: set[str] = set()
    try:
        stream.seek(offset)
        if reader.read_object_header(stream) != (idnum, generation) or stream.read(2) != b"<<":
            return unknown
        for _ in range(4096):  # pypdf's own dictionary limit is larger; past this: resolve
            token = read_non_whitespace(stream)
            if token == b"%":
                stream.seek(-1, 1)
                skip_over_comment(stream)
                continue
            if token == b">":
                return found if stream.read(1) == b">" else unknown
            stream.seek(-1, 1)
            key = read_object(stream, reader)
            if not isinstance(key, NameObject):
                return unknown
            read_non_whitespace(stream)
            stream.seek(-1, 1)
            value: Any = read_object(stream, reader)
            if key == "/Subtype":
                if isinstance(value, IndirectObject):
                    here = stream.tell()
                    value = value.get_object()  # moves the reader's stream
                    stream.seek(here)
                found.add(str(value) if isinstance(value, NameObject) else UNKNOWN)
    except Exception:  # any surprise: resolve the object the ordinary way
        return unknown
    return unknown
