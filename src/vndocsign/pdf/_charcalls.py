"""The PDFium calls made for every character, through the cheapest foreign-function
interface at hand (issue 17).

Why a second binding next to :mod:`vndocsign.pdf._pdfium`: per character a ctypes call costs
about as much as PDFium's own work; cffi's ABI mode (``ffi.dlopen`` of the library pypdfium2
already loaded: the same functions of the same library) converts arguments in C and costs
roughly half. cffi is installed wherever vndocsign is (``cryptography`` requires it); if it
is missing, the lean ctypes prototypes of :mod:`vndocsign.pdf._pdfium` are used instead, with
identical results.

:func:`calls` returns, for one text page, the functions and their ready-made arguments, so
that the hot loop calls them directly (no wrapper per call):
``box(page, i, *slots[:4])`` fills left, right, bottom, top; ``origin(page, i, *slots[4:])``
fills x, y; ``unpack(buffer)`` reads the six doubles; ``text_object(page, i)`` is the text
object's address as an integer (0 or ``None`` for none).
"""

from __future__ import annotations

import ctypes
import functools
import struct
from collections.abc import Callable
from typing import Any, NamedTuple

import pypdfium2_raw.bindings as _bindings  # type: ignore[import-untyped]

from vndocsign.pdf import _pdfium

__all__ = ["CharCalls", "calls"]

_SIX_DOUBLES = struct.Struct("6d")

try:
    import cffi  # type: ignore[import-untyped,unused-ignore]
except ImportError:  # pragma: no cover - cffi comes with cryptography
    cffi = None


class CharCalls(NamedTuple):
    """Functions and arguments for the per-character loop of one text page."""

    page: Any
    box: Callable[..., int]
    origin: Callable[..., int]
    text_object: Callable[[Any, int], int | None]
    slots: tuple[Any, Any, Any, Any, Any, Any]
    buffer: Any
    unpack: Callable[[Any], tuple[Any, ...]]
    #: Keeps the doubles alive as long as the calls.
    keep: Any


@functools.cache
def _cffi_library() -> tuple[Any, Any] | None:
    if cffi is None:  # pragma: no cover
        return None
    ffi = cffi.FFI()
    ffi.cdef(
        "int FPDFText_GetCharBox(void *, int, double *, double *, double *, double *);"
        "int FPDFText_GetCharOrigin(void *, int, double *, double *);"
        # the pointer as an integer: a dictionary key with no conversion
        "uintptr_t FPDFText_GetTextObject(void *, int);"
    )
    return ffi, ffi.dlopen(_bindings._libs["pdfium"]._name)


def calls(textpage: int, *, use_cffi: bool = True) -> CharCalls:
    """Per-character calls for the text page at address ``textpage``."""
    found = _cffi_library() if use_cffi else None
    if found is None:
        numbers = (ctypes.c_double * 6)()
        base = ctypes.addressof(numbers)
        return CharCalls(
            textpage,
            _pdfium.char_box,
            _pdfium.char_origin,
            _pdfium.text_object,
            tuple(base + 8 * k for k in range(6)),  # type: ignore[arg-type]
            numbers,
            _SIX_DOUBLES.unpack_from,
            numbers,
        )
    ffi, lib = found
    doubles = ffi.new("double[6]")
    return CharCalls(
        ffi.cast("void *", textpage),
        lib.FPDFText_GetCharBox,
        lib.FPDFText_GetCharOrigin,
        lib.FPDFText_GetTextObject,
        tuple(doubles + k for k in range(6)),
        ffi.buffer(doubles),
        _SIX_DOUBLES.unpack_from,
        doubles,
    )
