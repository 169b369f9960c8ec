"""What a signature widget's appearance shows: its text, and whether it draws an image.

The registry's tools (VGCA) stamp the number and the date as *text* in the widget's appearance
(``/AP /N`` → form XObjects, a Type0 font with ``/ToUnicode``), while personal signatures and
seals are images. Reading that text gives the stamped value ("11902", "07", "2025") and tells a
stamp from a seal where the page geometry alone is ambiguous.

Only what is needed is read: strings shown with ``Tj``/``TJ``/``'``/``"``, decoded through the
font's ``/ToUnicode`` (``bfchar``/``bfrange``) or as Latin-1 for simple fonts. Never raises.
"""

from __future__ import annotations

import re
from typing import Any

import attrs

__all__ = ["Appearance", "read_appearance"]

_MAX_DEPTH = 5
_TOKEN = re.compile(
    rb"/([^\s/\[\]()<>]+)\s+[-\d.]+\s+Tf"  # font selection
    rb"|\((?P<lit>(?:\\.|[^\\)])*)\)\s*(?:Tj|'|\")"  # (string) Tj
    rb"|<(?P<hex>[0-9A-Fa-f\s]*)>\s*(?:Tj|'|\")"  # <hex> Tj
    rb"|\[(?P<arr>(?:\\.|[^\]\\])*)\]\s*TJ",  # [ ... ] TJ
    re.S,
)
_ARRAY_PART = re.compile(rb"\((?P<lit>(?:\\.|[^\\)])*)\)|<(?P<hex>[0-9A-Fa-f\s]*)>", re.S)
_FIGURES = re.compile(r"[\d\s./-]{1,16}")
_ESCAPES = {b"n": b"\n", b"r": b"\r", b"t": b"\t", b"b": b"\b", b"f": b"\f"}


@attrs.frozen
class Appearance:
    """The text a widget shows (``""``: none) and whether it draws an image."""

    text: str = ""
    has_image: bool = False

    @property
    def text_only(self) -> bool:
        return bool(self.text.strip()) and not self.has_image

    @property
    def is_figure_stamp(self) -> bool:
        """Only a few digits and no image: the registry's number or date stamp ("11902", "07")."""
        return self.text_only and _FIGURES.fullmatch(self.text.strip()) is not None


def _unescape(raw: bytes) -> bytes:
    out = bytearray()
    i = 0
    while i < len(raw):
        c = raw[i : i + 1]
        if c != b"\\" or i + 1 >= len(raw):
            out += c
            i += 1
            continue
        nxt = raw[i + 1 : i + 2]
        octal = re.match(rb"[0-7]{1,3}", raw[i + 1 : i + 4])
        if octal:
            out.append(int(octal.group(0), 8) & 0xFF)
            i += 1 + len(octal.group(0))
        else:
            out += _ESCAPES.get(nxt, nxt)
            i += 2
    return bytes(out)


def _cmap(font: Any) -> dict[int, str] | None:
    """The ``/ToUnicode`` map of ``font`` (2-byte codes), or ``None``."""
    try:
        data = font["/ToUnicode"].data
    except Exception:
        return None
    table: dict[int, str] = {}
    for block in re.findall(rb"beginbfchar(.*?)endbfchar", data, re.S):
        for src, dst in re.findall(rb"<([0-9A-Fa-f]+)>\s*<([0-9A-Fa-f]+)>", block):
            table[int(src, 16)] = bytes.fromhex(dst.decode()).decode("utf-16-be", "replace")
    for block in re.findall(rb"beginbfrange(.*?)endbfrange", data, re.S):
        for lo, hi, dst in re.findall(
            rb"<([0-9A-Fa-f]+)>\s*<([0-9A-Fa-f]+)>\s*<([0-9A-Fa-f]+)>", block
        ):
            start = int(dst, 16)
            for k, code in enumerate(range(int(lo, 16), min(int(hi, 16), int(lo, 16) + 512) + 1)):
                table[code] = chr(start + k) if start + k < 0x110000 else "?"
    return table


def _decode(raw: bytes, font: Any) -> str:
    table = _cmap(font) if font is not None else None
    if table is not None:
        codes = [int.from_bytes(raw[i : i + 2], "big") for i in range(0, len(raw) - 1, 2)]
        return "".join(table.get(c, "") for c in codes)
    return raw.decode("latin-1")


def _strings(match: re.Match[bytes]) -> list[bytes]:
    if match.group("lit") is not None:
        return [_unescape(match.group("lit"))]
    if match.group("hex") is not None:
        return [bytes.fromhex(re.sub(rb"\s", b"", match.group("hex")).decode() or "")]
    parts = []
    for part in _ARRAY_PART.finditer(match.group("arr") or b""):
        if part.group("lit") is not None:
            parts.append(_unescape(part.group("lit")))
        else:
            parts.append(bytes.fromhex(re.sub(rb"\s", b"", part.group("hex")).decode() or ""))
    return parts


def _get(mapping: Any, key: str) -> Any:
    """``mapping[key]`` dereferenced (pyHanko's ``get`` may return an indirect reference)."""
    try:
        return mapping[key] if mapping is not None and key in mapping else None
    except Exception:
        return None


def _walk(form: Any, depth: int, found: list[str]) -> bool:
    """Collect the text of ``form`` and its sub-forms; whether an image is drawn."""
    resources = _get(form, "/Resources")
    fonts = _get(resources, "/Font")
    image = False
    font = None
    for m in _TOKEN.finditer(form.data):
        if m.group(1) is not None:
            font = _get(fonts, "/" + m.group(1).decode("latin-1"))
            continue
        found.extend(_decode(raw, font) for raw in _strings(m))
    xobjects = _get(resources, "/XObject") or {}
    for key in list(xobjects):
        sub = xobjects[key]
        kind = sub.get("/Subtype")
        if kind == "/Image":
            image = True
        elif kind == "/Form" and depth < _MAX_DEPTH:
            image = _walk(sub, depth + 1, found) or image
    return image


def read_appearance(field: Any) -> Appearance | None:
    """The normal appearance of a signature field's widget (``None``: none or unreadable)."""
    try:
        widget = field
        if "/AP" not in widget and "/Kids" in widget:
            widget = widget["/Kids"][0]
        normal = widget["/AP"]["/N"]
        found: list[str] = []
        image = _walk(normal, 0, found)
    except Exception:
        return None
    text = " ".join(" ".join(t.split()) for t in found if t.isprintable() and t.strip())
    return Appearance(text, image)
