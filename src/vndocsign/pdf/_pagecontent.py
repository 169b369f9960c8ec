"""The text a page content stream shows, read in Python (issue 17).

The reading of the C ``_fastchars.content_runs`` (``_rawscan.h``) used when the accelerator is
not built: the same (font resource name, codes) runs wherever this one reads a stream at all.
It is stricter: it gives up (``None``) on comments, nested parentheses, nested or unbalanced
arrays and dictionaries, and braces, which the C tokenizer reads — the page's marker then
comes from PDFium (:mod:`vndocsign.pdf._pagescan`).
"""

from __future__ import annotations

import re

from vndocsign.pdf._rawobj import _unescape

__all__ = ["Runs", "content_runs_py"]


#: PDF white space (``\s`` is not: it holds ``\v`` and lacks NUL).
_W = rb"\x00\t\n\x0c\r "
_LIT = rb"\((?:[^()\\]++|\\.)*+\)"
_HEXS = rb"<[0-9A-Fa-f" + _W + rb"]*+>"
#: The end of a regular token: white space, a delimiter or the end (as the C tokenizer).
_END = rb"(?![^" + _W + rb"()<>\[\]{}/%])"
_CONTENT = re.compile(
    rb"(?P<dict><<(?:[^<>()]++|" + _LIT + rb"|" + _HEXS + rb")*+>>)"
    rb"|(?P<arr>\[(?:[^\[\]()<>]++|" + _LIT + rb"|" + _HEXS + rb")*+\])"
    rb"|(?P<lit>" + _LIT + rb")"
    rb"|(?P<hex>" + _HEXS + rb")"
    rb"|(?P<tf>/(?P<font>[^"
    + _W
    + rb"()<>\[\]{}/%]*+)["
    + _W
    + rb"]++(?P<size>[-+]?[\d.]++)["
    + _W
    + rb"]++Tf"
    + _END
    + rb")"
    rb"|(?<![^" + _W + rb"\])>}])(?P<op>q|Q|BI|Tf)" + _END,
    re.S,
)
_STRINGS = re.compile(rb"\(((?:[^()\\]|\\.)*)\)|<([0-9A-Fa-f" + _W + rb"]*)>", re.S)
#: Characters that only a string, an array or an inline dictionary may hold here: one
#: outside them (a stray ``)`` or ``>``, a comment, nested parentheses or brackets, a brace)
#: is something this reading does not account for.
_SPECIAL = re.compile(rb"[()<>\[\]{}%]")
_NONZERO = re.compile(rb"[1-9]")
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
    dictionaries, and braces, which the C one reads).
    """
    font: bytes | None = None
    stack: list[bytes | None] = []
    runs: Runs = []
    run_font: bytes | None = None
    codes: list[bytes] = []
    accounted = 0
    for m in _CONTENT.finditer(content):
        kind = m.lastgroup
        if kind == "tf":
            # a zero size: PDFium drops the text (the C tokenizer reads it so too)
            font = m.group("font") if _NONZERO.search(m.group("size")) else None
            continue
        if kind == "op":
            op = m.group("op")
            if op == b"q":
                if len(stack) == _MAX_Q:
                    return None
                stack.append(font)
            elif op == b"Q":
                if stack:
                    font = stack.pop()
            elif op == b"Tf":
                font = None  # operands not a name and a size: no font known
            else:
                return None  # an inline image: its data is not tokens
            continue
        token = m.group()
        accounted += len(_SPECIAL.findall(token))
        if kind == "dict":
            if not _plain_dict(token):
                return None
            continue
        if kind == "arr":
            if b"%" in token and b"%" in _STRINGS.sub(b"", token):
                return None  # a comment inside: read by the C tokenizer only
            strings = _STRINGS.findall(token)
        else:
            strings = [(token[1:-1], b"") if kind == "lit" else (b"", token[1:-1])]
        for lit, hex_ in strings:
            if font != run_font:  # a new run starts at any string, even an empty one
                if codes:
                    runs.append((run_font, b"".join(codes)))
                    codes = []
                run_font = font
            shown = _codes(lit, hex_)
            if shown:
                codes.append(shown)
    if accounted != len(_SPECIAL.findall(content)):
        return None  # a delimiter the tokenizer did not account for
    if codes:
        runs.append((run_font, b"".join(codes)))
    return runs
