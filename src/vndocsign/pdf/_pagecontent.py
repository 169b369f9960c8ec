"""The text a page content stream shows, read in Python (issue 17).

The reading of the C ``_fastchars.content_runs`` (``_rawscan.h``) used when the accelerator is
not built: the same (font resource name, codes) runs wherever this one reads a stream at all.
It is stricter: it gives up (``None``) on comments, nested parentheses, nested or unbalanced
arrays and dictionaries, and braces, which the C tokenizer reads — the page's marker then
comes from PDFium (:mod:`vndocsign.pdf._pagescan`).
"""

from __future__ import annotations

import math
import re
from typing import Any

from vndocsign.pdf._rawobj import _unescape

__all__ = ["Runs", "content_runs_py"]


#: PDF white space (``\s`` is not: it holds ``\v`` and lacks NUL).
_W = rb"\x00\t\n\x0c\r "
_LIT = rb"\((?:[^()\\]++|\\.)*+\)"
_HEXS = rb"<[0-9A-Fa-f" + _W + rb"]*+>"
_DELIMS = rb"()<>\[\]{}/%"
_CONTENT = re.compile(
    rb"(?P<dict><<(?:[^<>()]++|" + _LIT + rb"|" + _HEXS + rb")*+>>)"
    rb"|(?P<arr>\[(?:[^\[\]()<>]++|" + _LIT + rb"|" + _HEXS + rb")*+\])"
    rb"|(?P<lit>" + _LIT + rb")"
    rb"|(?P<hex>" + _HEXS + rb")"
    rb"|(?P<name>/[^" + _W + _DELIMS + rb"]*+)"
    rb"|(?P<word>[^" + _W + _DELIMS + rb"]++)",
    re.S,
)
_STRINGS = re.compile(rb"\(((?:[^()\\]|\\.)*)\)|<([0-9A-Fa-f" + _W + rb"]*)>", re.S)
#: Characters that only a string, an array or an inline dictionary may hold here: one
#: outside them (a stray ``)`` or ``>``, a comment, nested parentheses or brackets, a brace)
#: is something this reading does not account for.
_SPECIAL = re.compile(rb"[()<>\[\]{}%]")
#: A ``Tf`` size read here (as the C tokenizer): a zero one leaves no font (PDFium drops
#: the text of a zero size).
_SIZE = re.compile(rb"[-+]?[0-9.]*[1-9][0-9.]*")
_NUMBER_START = frozenset(b"0123456789+-.")
#: What C's ``strtod`` reads whole of a content-stream number token.
_STRTOD = re.compile(rb"[-+]?(?:[0-9]+\.?[0-9]*|\.[0-9]+)")
#: ``q`` nesting read here (as the C tokenizer).
_MAX_Q = 512

Runs = list[tuple[bytes | None, bytes]]


def _codes(lit: bytes, hex_: bytes) -> bytes:
    if lit or not hex_:
        return _unescape(lit) if b"\\" in lit or b"\r" in lit else lit
    digits = re.sub(rb"[" + _W + rb"]", b"", hex_)
    return bytes.fromhex((digits + b"0" if len(digits) % 2 else digits).decode())


def _plain_dict(token: bytes) -> bool:
    """Whether an inline dictionary holds no comment and only balanced arrays (the C
    tokenizer counts arrays across a dictionary's end)."""
    if b"%" not in token and b"[" not in token and b"]" not in token:
        return True
    bare = _STRINGS.sub(b"", token)
    if b"%" in bare:
        return False
    depth = 0
    for c in re.findall(rb"[\[\]]", bare):
        depth += 1 if c == b"[" else -1
        if depth < 0:
            return False
    return depth == 0


def content_runs_py(content: bytes) -> Runs | None:
    """The strings ``content`` shows, as (font resource name, codes) runs in content order
    (the font ``None`` before any ``Tf``); ``None`` when not read exactly here.

    The Python reading of the C ``_fastchars.content_runs`` (the same runs wherever this one
    reads a stream at all: it gives up on comments, nested parentheses, arrays or
    dictionaries, and braces, which the C one reads). As PDFium, a show operator shows only
    the string (``TJ``: the array) right before it.
    """
    state = _State()
    runs: Runs = []
    run_font: bytes | None = None
    codes: list[bytes] = []
    accounted = 0
    operands: list[tuple[str, Any]] = []  # (kind, value) since the last operator
    for m in _CONTENT.finditer(content):
        kind, token = m.lastgroup, m.group()
        if kind == "word":
            if token[0] in _NUMBER_START or token in (b"true", b"false", b"null"):
                number = token[0] in _NUMBER_START
                kind = "size" if _SIZE.fullmatch(token) else "number" if number else "other"
                operands.append((kind, token))
                continue
            shown = _shown(token, operands)
            if shown is None:
                return None
            font = state.font
            if any(shown) and font is not None and not state.readable():
                return None  # maybe dropped by PDFium: its characters cannot be placed here
            if shown:
                if font != run_font:  # a new run starts at any string shown, even empty
                    if codes:
                        runs.append((run_font, b"".join(codes)))
                        codes = []
                    run_font = font
                codes.extend(c for c in shown if c)
            if not state.operator(token, operands):
                return None
            operands = []
            continue
        if kind == "name":
            operands.append(("name", token[1:]))
            continue
        accounted += len(_SPECIAL.findall(token))
        if kind == "dict":
            if not _plain_dict(token):
                return None
            operands.append(("dict", None))
        elif kind == "arr":
            if b"%" in token and b"%" in _STRINGS.sub(b"", token):
                return None  # a comment inside: read by the C tokenizer only
            operands.append(("array", [_codes(lit, hex_) for lit, hex_ in _STRINGS.findall(token)]))
        else:
            lit, hex_ = (token[1:-1], b"") if kind == "lit" else (b"", token[1:-1])
            operands.append(("string", [_codes(lit, hex_)]))
    if accounted != len(_SPECIAL.findall(content)):
        return None  # a delimiter the tokenizer did not account for
    if codes:
        runs.append((run_font, b"".join(codes)))
    return runs


class _State:
    """What the Python reading follows of the graphics and text state (as the C tokenizer):
    the font and its size, ``Tz``, the scale of the current and text matrices; ``q``/``Q``."""

    def __init__(self) -> None:
        self.font: bytes | None = None
        self.size, self.tz, self.ctm, self.tm = 0.0, 100.0, 1.0, 1.0
        self.stack: list[tuple[bytes | None, float, float, float]] = []

    def readable(self) -> bool:
        return _shown_size(self.size, self.ctm, self.tm, self.tz)

    def operator(self, token: bytes, operands: list[tuple[str, Any]]) -> bool:
        """Follow operator ``token``; ``False`` when the stream is not read here."""
        if token == b"Tf":
            named = len(operands) >= 2 and operands[-2][0] == "name"
            self.font = operands[-2][1] if named and operands[-1][0] == "size" else None
            if self.font is not None:
                self.size = abs(_number(operands[-1][1]))
        elif token == b"q":
            if len(self.stack) == _MAX_Q:
                return False
            self.stack.append((self.font, self.size, self.tz, self.ctm))
        elif token == b"Q":
            if self.stack:
                self.font, self.size, self.tz, self.ctm = self.stack.pop()
        elif token == b"cm":
            self.ctm *= _matrix_scale(operands)
        elif token == b"Tm":
            self.tm = _matrix_scale(operands)
        elif token == b"BT":
            self.tm = 1.0
        elif token == b"Tz":
            one = len(operands) == 1 and _numeric(operands[0])
            self.tz = _number(operands[0][1]) if one else 0.0
        return token != b"BI"  # an inline image: its data is not tokens


#: PDFium drops text drawn under 0.01 pt in both directions; the scan cannot place characters,
#: so a page showing text whose size (font size × the scale of the text and current matrices
#: × ``Tz``) is under this gives up and is read by PDFium (as ``MIN_SHOWN_SIZE`` in C).
_MIN_SHOWN_SIZE = 0.1


def _shown_size(size: float, ctm: float, tm: float, tz: float) -> bool:
    """Whether text of this state is surely not too small for PDFium (squared, as in C)."""
    scale = abs(tz) / 100.0
    shown2 = size * size * ctm * tm * scale * scale
    return shown2 >= _MIN_SHOWN_SIZE * _MIN_SHOWN_SIZE  # NaN: False


def _numeric(operand: tuple[str, Any]) -> bool:
    return operand[0] in ("size", "number")


def _number(token: bytes) -> float:
    """A numeric token as C's ``strtod`` reads all of it (NaN when it does not)."""
    try:
        value = float(token)
    except ValueError:
        return math.nan
    # float() takes "1_0", "inf", "nan" and spaces, which strtod does not read whole
    return value if _STRTOD.fullmatch(token) else math.nan


def _matrix_scale(operands: list[tuple[str, Any]]) -> float:
    """|det| of a cm/Tm's six numbers (0 when the operands are not six numbers)."""
    if len(operands) != 6 or not all(_numeric(o) for o in operands):
        return 0.0
    a, b, c, d = (_number(o[1]) for o in operands[:4])
    det = abs(a * d - b * c)
    return det if det == det else 0.0


def _shown(op: bytes, operands: list[tuple[str, Any]]) -> list[bytes] | None:
    """The strings operator ``op`` shows (``[]``: none); ``None`` when not read here."""
    last = operands[-1][0] if operands else None
    if op in (b"Tj", b"'", b'"'):
        if last == "name":
            return None  # PDFium shows a name operand as text
        return list(operands[-1][1]) if last == "string" else []
    if op == b"TJ" and last == "array":
        return list(operands[-1][1])
    return []
