"""A text layer that loses letters: the capitals vanish from a font's Unicode map.

Real case (issue 12): a document whose font maps no capital letters, so the text layer reads
``Ộ NỘI VỤ`` and ``uyết định`` while the page shows ``BỘ NỘI VỤ`` and ``Quyết định``. Made
here from a generated document by deleting the ToUnicode entries of the plain capitals A-Z
(``beginbfchar`` lines; the page looks the same). :func:`drop_capitals` also edits the
embedded TrueType program's ``cmap`` with fontTools, so no tool can map the glyphs back.
"""

from __future__ import annotations

import io
import re

from pypdf import PdfReader, PdfWriter
from pypdf.generic import NameObject, NumberObject, StreamObject

__all__ = ["drop_capitals"]

_BFCHAR_LINE = re.compile(rb"^<([0-9A-Fa-f]+)>\s*<([0-9A-Fa-f]{4})>\s*$")


def _is_dropped(unicode_hex: bytes, letters: str) -> bool:
    return chr(int(unicode_hex, 16)) in letters


def _strip_cmap(data: bytes, letters: str) -> tuple[bytes, set[int]]:
    """ToUnicode CMap without the entries of ``letters``; the codes removed."""
    out: list[bytes] = []
    removed: set[int] = set()
    for line in data.split(b"\n"):
        m = _BFCHAR_LINE.match(line.strip())
        if m and _is_dropped(m.group(2), letters):
            # mapped to nothing (U+0000): deleting the entry would let a reader fall back
            # to the code, which reportlab's subsets keep equal to ASCII
            removed.add(int(m.group(1), 16))
            out.append(b"<" + m.group(1) + b"> <0000>")
            continue
        out.append(line)
    text = b"\n".join(out)

    # keep each "n beginbfchar" count right
    def recount(block: re.Match[bytes]) -> bytes:
        body = block.group(2)
        n = sum(1 for ln in body.split(b"\n") if _BFCHAR_LINE.match(ln.strip()))
        return str(n).encode() + b" beginbfchar" + body + b"endbfchar"

    text = re.sub(rb"(\d+) beginbfchar(.*?)endbfchar", recount, text, flags=re.S)
    return text, removed


def _strip_font_program(font_file: StreamObject) -> bytes:
    """The embedded font without glyph names (``post`` format 3): its glyphs still draw from
    the codes, but no reader can name them back to letters."""
    from fontTools.ttLib import TTFont

    font = TTFont(io.BytesIO(font_file.get_data()))
    font["post"].formatType = 3.0
    buf = io.BytesIO()
    font.save(buf)
    return buf.getvalue()


def drop_capitals(pdf: bytes, letters: str = "ABCDEFGHIJKLMNOPQRSTUVWXYZ") -> bytes:
    """The same pages with ``letters`` missing from every font's Unicode maps."""
    writer = PdfWriter(clone_from=PdfReader(io.BytesIO(pdf)))
    done: set[int] = set()
    for page in writer.pages:
        fonts = page["/Resources"].get("/Font", {})
        for ref in fonts.values():
            font = ref.get_object()
            if id(font) in done:
                continue
            done.add(id(font))
            to_unicode = font.get("/ToUnicode")
            if to_unicode is not None:
                stream = to_unicode.get_object()
                data, _ = _strip_cmap(stream.get_data(), letters)
                stream.set_data(data)
            descriptor = font.get("/FontDescriptor")
            program = descriptor.get_object().get("/FontFile2") if descriptor else None
            if program is not None:
                stream = program.get_object()
                data = _strip_font_program(stream)
                stream.set_data(data)
                stream[NameObject("/Length1")] = NumberObject(len(data))
    out = io.BytesIO()
    writer.write(out)
    return out.getvalue()
