"""Whole-buffer inflate with libdeflate, when the system has it (issue 17).

Why: the guard (issue 14) inflates every page's content stream, and the page markers (issue 12's
split) read what it shows. On Word-made pages (~35 KB of content a page) zlib's inflate was
~70 µs a page — more than half of what a long document costs beyond a short one. libdeflate
inflates the same buffers ~5× faster (~14 µs, measured on corpus pages through ctypes).

It is only a fast path, exact by construction: libdeflate's answer is used only when it
inflated one complete zlib stream whose Adler-32 checks, into at most ``min(maximum, 1 MiB)``
bytes — and a valid stream inflates to the same bytes in any inflater. Anything else (no
libdeflate, damaged or truncated data, a preset dictionary, more output than the buffer)
returns ``None`` and the caller inflates with zlib exactly as before, so bombs, truncated
streams and damaged data keep their zlib-made counts and errors.

libdeflate (Debian: ``libdeflate0``) is not a dependency and is not linked: the C accelerator
loads it with ``dlopen`` (``_inflate.h``: no ctypes cost, which is as much as libdeflate's own on
a small page), else it is found with :func:`ctypes.util.find_library` and called through ctypes,
each thread with its own decompressor and a buffer of at most 1 MiB (libdeflate's decompressor
is not thread-safe; the C path runs under the GIL). ``VNDOCSIGN_NO_LIBDEFLATE=1`` turns both
off; ``VNDOCSIGN_PURE_PYTHON=1`` leaves the ctypes path.
"""

from __future__ import annotations

import ctypes
import ctypes.util
import os
import threading
from collections.abc import Callable
from typing import Any

__all__ = ["inflate_whole"]

#: The largest output inflated here; bigger streams are rare and zlib's cost is theirs.
MAX_OUTPUT = 1 << 20
_SUCCESS = 0
_INSUFFICIENT_SPACE = 3


def _load() -> Any:
    if os.environ.get("VNDOCSIGN_NO_LIBDEFLATE", "") not in ("", "0"):
        return None
    name = ctypes.util.find_library("deflate")
    if name is None:
        return None
    try:
        lib = ctypes.CDLL(name)
        lib.libdeflate_alloc_decompressor.restype = ctypes.c_void_p
        lib.libdeflate_alloc_decompressor.argtypes = []
        lib.libdeflate_free_decompressor.restype = None
        lib.libdeflate_free_decompressor.argtypes = [ctypes.c_void_p]
        lib.libdeflate_zlib_decompress.restype = ctypes.c_int
        lib.libdeflate_zlib_decompress.argtypes = [
            ctypes.c_void_p,
            ctypes.c_char_p,
            ctypes.c_size_t,
            ctypes.c_void_p,
            ctypes.c_size_t,
            ctypes.POINTER(ctypes.c_size_t),
        ]
    except (OSError, AttributeError):  # an unloadable or too old library: zlib
        return None
    return lib


_LIB = _load()


def _load_c() -> Callable[[bytes, int], bytes | None] | None:
    """The accelerator's ``inflate_whole`` when it is built and found libdeflate."""
    if os.environ.get("VNDOCSIGN_PURE_PYTHON", "") not in ("", "0"):
        return None
    try:
        from vndocsign.pdf import _fastchars
    except ImportError:  # not compiled: ctypes
        return None
    if not hasattr(_fastchars, "inflate_whole") or not _fastchars.libdeflate_loaded():
        return None
    return _fastchars.inflate_whole


#: The C path, or ``None`` (tests switch it and ``_LIB`` off to compare with zlib).
_C = _load_c()


class _State(threading.local):
    """One thread's decompressor, output buffer and size cell."""

    def __init__(self) -> None:
        self.decompressor: int | None = None
        self.buffer = bytearray()
        self.address: Any = None
        self.size = ctypes.c_size_t()
        self.owner: _Free | None = None

    def prepare(self, lib: Any, capacity: int) -> bool:
        if self.decompressor is None:
            self.decompressor = lib.libdeflate_alloc_decompressor()
            if not self.decompressor:
                self.decompressor = None
                return False
            # freed with the thread's state (the library outlives it: _LIB is never unloaded)
            self.owner = _Free(lib.libdeflate_free_decompressor, self.decompressor)
        if len(self.buffer) < capacity:
            self.buffer = bytearray(max(capacity, min(2 * len(self.buffer), MAX_OUTPUT)))
            self.address = (ctypes.c_char * len(self.buffer)).from_buffer(self.buffer)
        return True


class _Free:
    """Frees a decompressor when its thread's state goes."""

    def __init__(self, free: Any, pointer: int) -> None:
        self.free, self.pointer = free, pointer

    def __del__(self) -> None:
        self.free(self.pointer)


_STATE = _State()


def inflate_whole(data: bytes, maximum: int) -> bytes | None:
    """``data`` (a zlib stream, trailing bytes allowed) inflated, when libdeflate inflates it
    completely into at most ``min(maximum, MAX_OUTPUT)`` bytes; else ``None`` (use zlib)."""
    if type(data) is not bytes:
        return None
    fast = _C
    if fast is not None:
        return fast(data, maximum)
    lib = _LIB
    if lib is None:
        return None
    most = min(maximum, MAX_OUTPUT)
    # content compresses 4-10×: start at 16×, a buffer that grew is kept for the next stream
    capacity = max(min(most, max(1 << 16, 16 * len(data))), len(_STATE.buffer))
    while True:
        capacity = min(capacity, most)
        state = _STATE
        if capacity < 0 or not state.prepare(lib, capacity):
            return None
        size = state.size
        rc = lib.libdeflate_zlib_decompress(
            state.decompressor, data, len(data), state.address, capacity, ctypes.byref(size)
        )
        if rc == _SUCCESS:
            return bytes(memoryview(state.buffer)[: size.value])
        if rc != _INSUFFICIENT_SPACE or capacity == most:
            return None
        capacity = most  # one retry at the most this path inflates
