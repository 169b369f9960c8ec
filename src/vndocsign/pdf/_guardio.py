"""Streams through which the PDF guard lets pypdf read the input without copying it (issue 17).

Why: the guard used to hand pypdf ``io.BytesIO(data)``. ``BytesIO`` shares an immutable
``bytes`` object until someone asks for its buffer, and pypdf does (``get_stream_size`` calls
``getbuffer()`` while reading the cross-reference table): the whole input was copied, 1.0× its
size. Then each page's image XObjects were resolved to see their ``/Subtype``, and pypdf reads a
stream's data (``stream.read(length)``) as part of parsing the object: another 1.0× on a
scanned or illustrated document, cached in the reader.

* :class:`SharedStream` is a ``BytesIO`` without ``getbuffer``: pypdf falls back to
  ``seek``/``tell`` for the size, and the bytes stay shared (reads are still C-speed).
* :class:`ViewStream` is used only while the guard resolves an object it knows to be a stream
  (a page's ``/Contents``, an XObject): a read of at least :data:`VIEW_MIN` bytes returns a
  ``memoryview`` of the input instead of a copy. The stream data is never touched unless the
  guard inflates it (content streams and form XObjects), so an image costs its dictionary only.
"""

from __future__ import annotations

import io
from typing import Any, NoReturn

__all__ = ["VIEW_MIN", "SharedStream", "ViewStream", "resolve_stream"]

#: Reads this large are stream data (tokens of a dictionary are read a few bytes at a time).
VIEW_MIN = 4096


class SharedStream(io.BytesIO):
    """``BytesIO`` over the caller's ``bytes`` that never exposes (and so never copies) them."""

    @property
    def getbuffer(self) -> NoReturn:
        # pypdf asks ``hasattr(stream, "getbuffer")``; an AttributeError makes it seek instead
        raise AttributeError("getbuffer")


class ViewStream(SharedStream):
    """A :class:`SharedStream` whose large reads are views of the input, not copies."""

    def __init__(self, data: bytes) -> None:
        super().__init__(data)
        self._view = memoryview(data)

    def read(self, size: int | None = -1, /) -> Any:
        if size is None or size < VIEW_MIN:
            return super().read(size)
        start = self.tell()
        chunk = self._view[start : start + size]
        self.seek(start + len(chunk))
        return chunk

    def close(self) -> None:
        self._view = memoryview(b"")
        super().close()


def resolve_stream(reader: Any, ref: Any, views: ViewStream) -> Any:
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
