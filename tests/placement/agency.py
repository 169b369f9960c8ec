"""Hand-laid pages in the styles real agencies produce, independent of ``tests/docgen``.

The shared generator renders one house layout; placement must work on layouts it has never
seen. This module draws pages line by line at explicit coordinates (reportlab, real TrueType
fonts) so that each test can reproduce a layout seen in the wild: DejaVu Serif instead of Times,
a name in capitals and not bold, ``(Đã ký)`` in the signature space, a three-line ``KT.`` block,
two agencies signing side by side, ``./.`` quoted in the text or ending the recipient list, a
landscape page made with ``/Rotate``, a page rotated after the fact.

Ground truth is computed from the font's own metrics (``stringWidth``, ascent, descent), not
from PDFium, so the tests do not check the placement code against itself.
"""

from __future__ import annotations

import io
from collections.abc import Callable
from pathlib import Path

import attrs
import pytest

BBox = tuple[float, float, float, float]
A4 = (595.28, 841.89)

FONTS = {
    "Liberation": Path("/usr/share/fonts/truetype/liberation2/LiberationSerif-{}.ttf"),
    "DejaVu": Path("/usr/share/fonts/truetype/dejavu/DejaVuSerif{}.ttf"),
}
_SUFFIX = {
    "Liberation": {"R": "Regular", "B": "Bold", "I": "Italic", "BI": "BoldItalic"},
    "DejaVu": {"R": "", "B": "-Bold", "I": "-Italic", "BI": "-BoldItalic"},
}
_registered: set[str] = set()


def font(family: str, style: str = "R") -> str:
    """Register (once) and return the reportlab name of a TrueType font; skip if missing."""
    from reportlab.pdfbase import pdfmetrics
    from reportlab.pdfbase.ttfonts import TTFont

    name = f"Ag{family}-{style}"
    if name not in _registered:
        path = Path(str(FONTS[family]).format(_SUFFIX[family][style]))
        if not path.is_file():
            pytest.skip(f"font {path} not installed")
        pdfmetrics.registerFont(TTFont(name, str(path)))
        _registered.add(name)
    return name


@attrs.frozen
class Drawn:
    """Where a string was drawn: advance box from the font metrics (user space)."""

    text: str
    page: int
    x0: float
    x1: float
    baseline: float
    top: float
    bottom: float

    @property
    def center(self) -> float:
        return (self.x0 + self.x1) / 2


@attrs.define
class Sheet:
    """Pages of text placed at explicit coordinates (portrait frame, y up)."""

    family: str = "Liberation"
    pagesize: tuple[float, float] = A4
    pages: list[list[tuple[float, float, str, str, float]]] = attrs.Factory(lambda: [[]])
    drawn: list[Drawn] = attrs.Factory(list)

    def new_page(self) -> None:
        self.pages.append([])

    def text(self, x: float, y: float, s: str, style: str = "R", size: float = 13.0) -> Drawn:
        from reportlab.pdfbase import pdfmetrics

        name = font(self.family, style)
        width = pdfmetrics.stringWidth(s, name, size)
        face = pdfmetrics.getFont(name).face
        ascent, descent = face.ascent / 1000 * size, face.descent / 1000 * size
        self.pages[-1].append((x, y, s, name, size))
        d = Drawn(s, len(self.pages) - 1, x, x + width, y, y + ascent, y + descent)
        self.drawn.append(d)
        return d

    def centered(self, cx: float, y: float, s: str, style: str = "R", size: float = 13.0) -> Drawn:
        from reportlab.pdfbase import pdfmetrics

        width = pdfmetrics.stringWidth(s, font(self.family, style), size)
        return self.text(cx - width / 2, y, s, style, size)

    def find(self, s: str) -> Drawn:
        hits = [d for d in self.drawn if d.text == s]
        assert hits, s
        return hits[-1]

    def pdf(
        self,
        *,
        per_char: bool = False,
        rotate: int = 0,
        transform: Callable[[object], None] | None = None,
    ) -> bytes:
        """Render; ``per_char`` writes one text object per character (a PDF library's style)."""
        from reportlab.pdfbase import pdfmetrics
        from reportlab.pdfgen.canvas import Canvas

        buf = io.BytesIO()
        c = Canvas(buf, pagesize=self.pagesize, invariant=1)
        for page in self.pages:
            if rotate:
                c.setPageRotation(rotate)
            if transform is not None:
                c.saveState()
                transform(c)
            for x, y, s, name, size in page:
                c.setFont(name, size)
                if not per_char:
                    c.drawString(x, y, s)
                    continue
                for ch in s:
                    c.drawString(x, y, ch)
                    x += pdfmetrics.stringWidth(ch, name, size)
            if transform is not None:
                c.restoreState()
            c.showPage()
        c.save()
        return buf.getvalue()


def body(
    sheet: Sheet,
    lines: list[str],
    *,
    x: float = 85.0,
    y: float = 700.0,
    lead: float = 18.0,
    size: float = 13.0,
) -> float:
    """Draw body lines top-down from ``y``; returns the baseline after the last one."""
    for line in lines:
        sheet.text(x, y, line, size=size)
        y -= lead
    return y


def signer(
    sheet: Sheet,
    cx: float,
    y: float,
    titles: list[str],
    name: str,
    *,
    space: float = 72.0,
    name_style: str = "B",
    placeholder: str | None = None,
    size: float = 13.0,
) -> tuple[Drawn, Drawn]:
    """A signer block centred on ``cx``: returns (last position line, name line)."""
    last = None
    for title in titles:
        last = sheet.centered(cx, y, title, "B", size)
        y -= size * 1.15
    if placeholder:
        sheet.centered(cx, y - 4, placeholder, "I", size)
    assert last is not None
    name_line = sheet.centered(cx, y - space, name, name_style, size)
    return last, name_line


def recipients(sheet: Sheet, x: float, y: float, items: list[str]) -> list[Drawn]:
    out = [sheet.text(x, y, "Nơi nhận:", "BI", 12)]
    for item in items:
        y -= 13.0
        out.append(sheet.text(x, y, item, "R", 11))
    return out
