"""The per-character loop of the text layer: PDFium's characters as :class:`Glyph` tuples.

Two loops with one result (issue 17): :func:`_glyphs`, the fast one every parse runs, and
:func:`_glyphs_exact`, the reference it is tested against on every corpus page
(tests/pdf/test_text_equivalence.py) and its fallback where the bulk text does not line up
with the character indices. Split from :mod:`vndocsign.pdf._text` to keep modules short.

:func:`_glyphs` runs the loop in C when the optional accelerator ``_fastchars`` (built from
``_fastchars.c`` at install time when a C compiler is at hand, see ``hatch_build.py``) is
importable, else in Python (:func:`_glyphs_python`); both give what :func:`_glyphs_exact`
gives. ``VNDOCSIGN_PURE_PYTHON=1`` in the environment (read at import) forces the Python loop.
"""

from __future__ import annotations

import ctypes
import os
import re
import struct
from collections.abc import Callable
from typing import Any, NamedTuple

import pypdfium2 as pdfium
import pypdfium2.raw as raw

from vndocsign.pdf import _charcalls, _pdfium
from vndocsign.pdf._annots import TextSource
from vndocsign.pdf.geometry import BBox

__all__ = ["Glyph"]

#: Characters whose advance box is read (digits and the separators of numbers and dates):
#: elsewhere the ink boxes tell word gaps well and the extra PDFium call is not paid.
_ADVANCE_CHARS = frozenset("0123456789/")


class Glyph(NamedTuple):
    """One character with its tight box and the font it was drawn with.

    A named tuple rather than an attrs class: a page holds thousands of glyphs and building
    them is on the hot path of every parse.
    """

    char: str
    bbox: BBox
    origin: tuple[float, float]
    size: float
    bold: bool
    italic: bool
    #: The producer (or PDFium's own word-break heuristics) put a space before this glyph.
    #: Tight glyph boxes alone cannot tell word spaces in italic text (slanted boxes overhang).
    space_before: bool = False
    #: ``None`` for page content; else the annotation (or OCR) that drew the glyph.
    source: TextSource | None = None
    #: The glyph's advance box (PDFium's loose box: pen positions, font ascent and descent)
    #: in the frame of ``bbox``, so that a narrow ``1`` of a tightly set number does not look
    #: like a word gap. ``None`` where unknown (OCR words).
    advance: BBox | None = None


#: Reads the box and origin doubles back in one C call (slicing the ctypes array costs more).
_SIX_DOUBLES = struct.Struct("6d")


def _glyphs_exact(
    textpage: pdfium.PdfTextPage, drawn_by: frozenset[int] = frozenset()
) -> tuple[list[Glyph], list[Glyph]]:
    """The reference character loop: :func:`_glyphs` must give exactly what this gives.

    Kept for the equivalence test (tests/pdf/test_text_equivalence.py) and as the fallback
    of :func:`_glyphs` when the bulk text does not line up with the character indices.
    """
    handle = textpage.raw
    page = _pdfium.address(handle)
    count = raw.FPDFText_CountChars(handle)
    text = _pdfium.page_text(page, count)
    numbers = (ctypes.c_double * 6)()
    base = ctypes.addressof(numbers)
    at_left, at_right, at_bottom, at_top, at_x, at_y = (base + 8 * k for k in range(6))
    loose = raw.FS_RECTF()
    at_loose = ctypes.addressof(loose)
    flags = ctypes.c_int()
    # Font style and size belong to the text object: ask PDFium once per object, not per char.
    object_cache: dict[int, tuple[bool, bool, float]] = {}
    font_cache: dict[int, tuple[bool, bool]] = {}
    get_box, get_origin = _pdfium.char_box, _pdfium.char_origin
    get_object, get_loose = _pdfium.text_object, _pdfium.loose_char_box
    new, unpack = tuple.__new__, _SIX_DOUBLES.unpack_from
    out: list[Glyph] = []
    drawn: list[Glyph] = []
    space = False
    for i in range(count):
        char = "\ufffe" if text is None else text[i]
        if char == "\ufffe":  # not in the bulk text: ask for this one
            code = _pdfium.unicode_of(page, i)
            if code in (0, 0xFFFE, 0xFFFF):
                continue
            char = chr(code)
        elif char == "\x00" or char == "\uffff":
            continue
        if char.isspace():
            # PDFium's generated characters are only spaces and line breaks
            space = True
            continue
        if char < " ":
            # PDFium reports a hyphen ending a line (``SNV-`` / ``TCBC``) as U+0002
            char = "-"
        if not get_box(page, i, at_left, at_right, at_bottom, at_top):
            continue
        get_origin(page, i, at_x, at_y)
        left, right, bottom, top, ox, oy = unpack(numbers)
        # advance boxes only where ink boxes mislead: narrow digits of tightly set numbers
        advance: BBox | None = None
        if char in _ADVANCE_CHARS and get_loose(page, i, at_loose) and loose.right > loose.left:
            advance = (loose.left, loose.bottom, loose.right, loose.top)
        key = get_object(page, i) or 0
        style = object_cache.get(key)
        if style is None:
            # a new text object (producers write one per word, or per character): its size,
            # and its font's style, asked once per font (the font names the style)
            font = _pdfium.object_font(key) if key else None
            styled = font_cache.get(font) if font else None
            if styled is None:
                styled = _pdfium.font_style(handle, i, flags)
                if font:
                    font_cache[font] = styled
            style = (styled[0], styled[1], _pdfium.font_size(page, i))
            if key:
                object_cache[key] = style
        size = style[2] if style[2] > 0 else max(top - bottom, 1.0)
        bold, italic = style[0], style[1]
        box = (left, bottom, right, top)
        glyph: Glyph = new(Glyph, (char, box, (ox, oy), size, bold, italic, space, None, advance))
        (drawn if key in drawn_by else out).append(glyph)
        space = False
    return out, drawn


#: Characters above U+0020 that the loop must not take as they come: Unicode spaces and the
#: markers of the bulk text (U+FFFE: ask PDFium; U+FFFF: nothing).
_ODD_CHARS = frozenset(
    [c for c in map(chr, range(0x21, 0x10000)) if c.isspace()] + ["\ufffe", "\uffff"]
)


#: Hebrew, Syriac, Arabic, Thaana, N'Ko... and their presentation forms: PDFium reorders
#: right-to-left runs of a line, which can break "one text object's characters are
#: contiguous" that the fast loop relies on; such pages take the exact loop.
_RIGHT_TO_LEFT = re.compile("[\u0590-\u08ff\ufb1d-\ufdff\ufe70-\ufefc]")


class _Styles:
    """Bold, italic and size of a text object, asked of PDFium once per object (the size)
    and once per font (the style: the font names it), exactly as :func:`_glyphs_exact`."""

    def __init__(self, handle: Any) -> None:
        self.handle = handle
        self.page = _pdfium.address(handle)
        self.flags = ctypes.c_int()
        self.fonts: dict[int, tuple[bool, bool]] = {}
        self.objects: dict[int, tuple[bool, bool, float]] = {}

    def of(self, key: int, index: int) -> tuple[bool, bool, float]:
        """The style of text object ``key`` (0: none) drawing character ``index``."""
        style = self.objects.get(key) if key else None
        if style is None:
            font = _pdfium.object_font(key) if key else None
            styled = self.fonts.get(font) if font else None
            if styled is None:
                styled = _pdfium.font_style(self.handle, index, self.flags)
                if font:
                    self.fonts[font] = styled
            style = (styled[0], styled[1], _pdfium.font_size(self.page, index))
            if key:
                self.objects[key] = style
        return style


def _glyphs(
    textpage: pdfium.PdfTextPage, drawn_by: frozenset[int] = frozenset()
) -> tuple[list[Glyph], list[Glyph]]:
    """Content glyphs, and the glyphs of the text objects in ``drawn_by`` (annotations).

    The hot loop of every parse: in C where the accelerator is built, else in Python.
    """
    if _ACCELERATED is None:
        return _glyphs_python(textpage, drawn_by)
    handle = textpage.raw
    page = _pdfium.address(handle)
    count = max(raw.FPDFText_CountChars(handle), 0)
    return _ACCELERATED(page, count, _pdfium.page_text(page, count), drawn_by)


def _glyphs_python(
    textpage: pdfium.PdfTextPage, drawn_by: frozenset[int] = frozenset()
) -> tuple[list[Glyph], list[Glyph]]:
    """:func:`_glyphs` in Python (no accelerator, or ``VNDOCSIGN_PURE_PYTHON=1``).

    The hot loop of every parse (issue 17): the page's characters come in one bulk call;
    per character only the box, the pen origin and the text object are asked (through
    :mod:`vndocsign.pdf._charcalls`, cffi where available), and everything that belongs to
    the text object (font style, size, content or annotation) is worked out when the object
    changes. Same result as :func:`_glyphs_exact` (tested on every corpus page).
    """
    handle = textpage.raw
    page = _pdfium.address(handle)
    count = raw.FPDFText_CountChars(handle)
    text = _pdfium.page_text(page, count)
    if text is None or _RIGHT_TO_LEFT.search(text):
        return _glyphs_exact(textpage, drawn_by)
    fns = _charcalls.calls(page)
    h, get_box, get_origin, get_object = fns.page, fns.box, fns.origin, fns.text_object
    s_left, s_right, s_bottom, s_top, s_x, s_y = fns.slots
    unpack, buffer = fns.unpack, fns.buffer
    loose = raw.FS_RECTF()
    at_loose = ctypes.addressof(loose)
    get_loose = _pdfium.loose_char_box
    style_of = _Styles(handle).of
    new, odd, digits = tuple.__new__, _ODD_CHARS, _ADVANCE_CHARS
    out: list[Glyph] = []
    drawn: list[Glyph] = []
    target = out
    last_key = -1
    run_end = probe_at = -1  # chars up to ``run_end`` are drawn by ``last_key``
    probed, step = 0, 8
    bold = italic = False
    osize = 0.0
    space = False
    for i, char in enumerate(text):
        if char <= " " or char in odd:
            if char == " ":  # most of them: a word space
                space = True
                continue
            found = _odd_char(page, i, char)
            if found is None:
                continue
            if found == " ":
                space = True
                continue
            char = found
        if not get_box(h, i, s_left, s_right, s_bottom, s_top):
            continue
        get_origin(h, i, s_x, s_y)
        left, right, bottom, top, ox, oy = unpack(buffer)
        advance: BBox | None = None
        if char in digits and get_loose(page, i, at_loose) and loose.right > loose.left:
            advance = (loose.left, loose.bottom, loose.right, loose.top)
        if i > run_end:
            key = probed if i == probe_at else (get_object(h, i) or 0)
            run_end = i
            if key:
                # one text object's characters are contiguous in the text page: if the char
                # ``step`` ahead is drawn by the same object, so is every char up to it
                j = i + step if i + step < count else count - 1
                while j > i and text[j] <= " ":  # generated spaces and breaks: no object
                    j -= 1
                if j > i:
                    other = get_object(h, j) or 0
                    if other == key:
                        run_end, step = j, min(step * 2, 64)
                    else:  # remembered: that char's lookup is then free
                        probe_at, probed, step = j, other, max(step // 4, 1)
            if key != last_key or not key:
                bold, italic, osize = style_of(key, i)
                target = drawn if key in drawn_by else out
                last_key = key
        size = osize if osize > 0 else max(top - bottom, 1.0)
        box = (left, bottom, right, top)
        target.append(new(Glyph, (char, box, (ox, oy), size, bold, italic, space, None, advance)))
        space = False
    return out, drawn


def _odd_char(page: int, index: int, char: str) -> str | None:
    """What :func:`_glyphs_exact` makes of a control, space or marker character: ``None`` to
    skip it, ``" "`` for a space (a word gap before the next glyph), else the character."""
    if char == "\ufffe":
        code = _pdfium.unicode_of(page, index)
        if code in (0, 0xFFFE, 0xFFFF):
            return None
        char = chr(code)
    elif char == "\x00" or char == "\uffff":
        return None
    if char.isspace():
        return " "
    # PDFium reports a hyphen ending a line (``SNV-`` / ``TCBC``) as U+0002
    return "-" if char < " " else char


_Loop = Callable[[int, int, str | None, frozenset[int]], tuple[list[Glyph], list[Glyph]]]
_Segments = Callable[[list[Glyph], float], list[tuple[tuple[Glyph, ...], str]] | None]


def _accelerator() -> tuple[_Loop, _Segments] | None:
    """The C loops of ``_fastchars`` (characters; :func:`~vndocsign.pdf.group_lines`'s rows,
    segments and texts), given the PDFium functions pypdfium2 loaded (no link-time dependency
    on PDFium); ``None`` when not built, refused, or turned off."""
    if os.environ.get("VNDOCSIGN_PURE_PYTHON", "") not in ("", "0"):
        return None
    try:
        from vndocsign.pdf import _fastchars
    except ImportError:  # not compiled (no C compiler at install time): the Python loop
        return None
    functions = (
        raw.FPDFText_GetCharBox,
        raw.FPDFText_GetCharOrigin,
        raw.FPDFText_GetLooseCharBox,
        raw.FPDFText_GetTextObject,
        raw.FPDFTextObj_GetFont,
        raw.FPDFText_GetFontSize,
        raw.FPDFText_GetUnicode,
        raw.FPDFText_GetFontWeight,
        raw.FPDFText_GetFontInfo,
        raw.FPDFText_CountChars,
    )
    try:
        _fastchars.configure(tuple(_pdfium.address(f) for f in functions), Glyph)
    except (TypeError, ValueError):  # a function missing from this PDFium: Python loop
        return None
    return _fastchars.glyphs, _fastchars.segments


_FOUND = _accelerator()
#: The accelerated loops, or ``None`` for the Python ones (tests and benchmarks switch them).
_ACCELERATED: _Loop | None = _FOUND[0] if _FOUND else None
_SEGMENTS: _Segments | None = _FOUND[1] if _FOUND else None
