"""Lean ctypes prototypes of the PDFium text calls made once per character (issue 17).

Why: pypdfium2's bindings type every handle as a ctypes pointer class, so each call converts
its arguments and each returned object pointer needs a ``ctypes.cast`` to become a usable
key; per character, that conversion cost more than PDFium's own work. These prototypes bind
the *same* functions of the *same* loaded library (``dlopen`` returns the handle pypdfium2
already holds) with ``void *`` arguments, so plain integers (a handle's address, the
addresses of one preallocated array of doubles) go straight through. pypdfium2's own
function objects are not touched.
"""

from __future__ import annotations

import ctypes
from typing import Any

import pypdfium2.raw as raw
import pypdfium2_raw.bindings as _bindings  # type: ignore[import-untyped]

__all__ = [
    "address",
    "char_box",
    "char_origin",
    "font_size",
    "font_style",
    "loose_char_box",
    "object_font",
    "page_text",
    "text_object",
    "unicode_of",
]

_V, _I = ctypes.c_void_p, ctypes.c_int
_LIB = ctypes.CDLL(_bindings._libs["pdfium"]._name)


def _bind(name: str, restype: Any, *argtypes: Any) -> Any:
    function = getattr(_LIB, name)
    function.restype = restype
    function.argtypes = argtypes
    return function


#: ``FPDFText_GetCharBox(page, index, &left, &right, &bottom, &top)``
char_box = _bind("FPDFText_GetCharBox", _I, _V, _I, _V, _V, _V, _V)
#: ``FPDFText_GetCharOrigin(page, index, &x, &y)``
char_origin = _bind("FPDFText_GetCharOrigin", _I, _V, _I, _V, _V)
#: ``FPDFText_GetLooseCharBox(page, index, &rect)`` (an ``FS_RECTF``: left, top, right, bottom)
loose_char_box = _bind("FPDFText_GetLooseCharBox", _I, _V, _I, _V)
#: ``FPDFText_GetTextObject(page, index)`` as an integer (``None`` for no object)
text_object = _bind("FPDFText_GetTextObject", _V, _V, _I)
#: ``FPDFTextObj_GetFont(text_object)`` as an integer
object_font = _bind("FPDFTextObj_GetFont", _V, _V)
#: ``FPDFText_GetFontSize(page, index)``
font_size = _bind("FPDFText_GetFontSize", ctypes.c_double, _V, _I)
#: ``FPDFText_GetUnicode(page, index)``
unicode_of = _bind("FPDFText_GetUnicode", ctypes.c_uint, _V, _I)
_get_text = _bind("FPDFText_GetText", _I, _V, _I, _I, _V)


def address(handle: Any) -> int:
    """The integer address of a pypdfium2 handle (a ctypes pointer)."""
    return ctypes.cast(handle, ctypes.c_void_p).value or 0


def page_text(textpage: int, count: int) -> str | None:
    """The character of every character index of the text page, in one PDFium call.

    ``None`` when the bulk text does not line up one unit per character index (PDFium drops
    some generated characters from it, and a character outside the BMP takes two UTF-16
    units): the caller then asks per character. ``U+FFFE`` stands for characters the bulk
    text does not spell (PDFium writes a line-end hyphen, U+0002, so): ask for those one by one.
    """
    if count <= 0:
        return ""
    buf = (ctypes.c_uint16 * (count + 1))()
    got = _get_text(textpage, 0, count, ctypes.addressof(buf))
    if got - 1 != count:
        return None
    text = bytes(buf)[: 2 * count].decode("utf-16-le", "surrogatepass")
    return text if len(text) == count else None


def font_style(handle: Any, index: int, flags: ctypes.c_int) -> tuple[bool, bool]:
    """Bold and italic of the font drawing character ``index`` (weight, flags and name)."""
    weight = raw.FPDFText_GetFontWeight(handle, index)
    needed = raw.FPDFText_GetFontInfo(handle, index, None, 0, ctypes.byref(flags))
    name_buf = ctypes.create_string_buffer(max(int(needed), 1))
    raw.FPDFText_GetFontInfo(handle, index, name_buf, needed, ctypes.byref(flags))
    name = name_buf.value.decode("latin-1").lower()
    bold = weight >= 600 or "bold" in name or "black" in name or "heavy" in name
    italic = bool(flags.value & 0x40) or "italic" in name or "oblique" in name
    return bold, italic
