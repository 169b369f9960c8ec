"""The page as a reader sees it: text lines in upright display coordinates, rows and columns.

Extraction rules speak of "top of page 1", "the left column", "centred under the title": all
of that is about the page *as displayed*. :mod:`vndocsign.pdf.text` gives lines in PDF user
space; here they are moved into a display frame (origin at the visible bottom-left corner of
the CropBox, after ``/Rotate``), and for rotated pages the glyphs are re-grouped into lines in
that frame (in user space a line on a ``/Rotate 90`` page runs vertically). Boxes are mapped back
to user space for the evidence reported to callers.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence

import attrs

from vndocsign.model._text import canonical, strip_diacritics
from vndocsign.pdf.text import Glyph, PageText, TextLine
from vndocsign.pdf.text import group_lines as group_segments

__all__ = ["BBox", "Line", "PageView", "fold", "page_view", "union"]

BBox = tuple[float, float, float, float]

_DECOR = re.compile(r"^[\s\-_–—―‒=~*.·•…]+$")


def fold(text: str) -> str:
    """Upper-case, no diacritics, single spaces: ``"Kính gửi"`` -> ``"KINH GUI"``."""
    return strip_diacritics(canonical(text)).upper()


def union(boxes: Iterable[BBox]) -> BBox:
    items = list(boxes)
    return (
        min(b[0] for b in items),
        min(b[1] for b in items),
        max(b[2] for b in items),
        max(b[3] for b in items),
    )


@attrs.frozen
class _Frame:
    """Maps user space <-> display space for one page."""

    rotation: int
    crop: BBox

    @property
    def size(self) -> tuple[float, float]:
        w = self.crop[2] - self.crop[0]
        h = self.crop[3] - self.crop[1]
        return (h, w) if self.rotation in (90, 270) else (w, h)

    def to_display(self, x: float, y: float) -> tuple[float, float]:
        cx0, cy0, cx1, cy1 = self.crop
        r = self.rotation
        if r == 90:
            return y - cy0, cx1 - x
        if r == 180:
            return cx1 - x, cy1 - y
        if r == 270:
            return cy1 - y, x - cx0
        return x - cx0, y - cy0

    def to_user(self, dx: float, dy: float) -> tuple[float, float]:
        cx0, cy0, cx1, cy1 = self.crop
        r = self.rotation
        if r == 90:
            return cx1 - dy, dx + cy0
        if r == 180:
            return cx1 - dx, cy1 - dy
        if r == 270:
            return dy + cx0, cy1 - dx
        return dx + cx0, dy + cy0

    def box_to_display(self, box: BBox) -> BBox:
        a = self.to_display(box[0], box[1])
        b = self.to_display(box[2], box[3])
        return (min(a[0], b[0]), min(a[1], b[1]), max(a[0], b[0]), max(a[1], b[1]))

    def box_to_user(self, box: BBox) -> BBox:
        a = self.to_user(box[0], box[1])
        b = self.to_user(box[2], box[3])
        return (min(a[0], b[0]), min(a[1], b[1]), max(a[0], b[0]), max(a[1], b[1]))


@attrs.frozen(eq=False)
class Line:
    """One visual line segment in display coordinates (y grows upwards)."""

    page: int
    raw: str  # as extracted (glyph-aligned, for char spans)
    text: str  # canonical (NFC, one tone convention, single spaces)
    folded: str  # upper case without diacritics, for keyword matching
    bbox: BBox  # display frame
    baseline: float
    size: float
    bold: bool
    italic: bool
    source: TextLine
    frame: _Frame
    regrouped: bool  # source glyphs are in display space (rotated page)

    @property
    def x0(self) -> float:
        return self.bbox[0]

    @property
    def x1(self) -> float:
        return self.bbox[2]

    @property
    def center(self) -> float:
        return (self.bbox[0] + self.bbox[2]) / 2

    @property
    def is_upper(self) -> bool:
        letters = [c for c in self.text if c.isalpha()]
        return bool(letters) and all(c.isupper() for c in letters)

    @property
    def is_decoration(self) -> bool:
        return bool(_DECOR.match(self.text))

    def user_bbox(self, start: int | None = None, end: int | None = None) -> BBox:
        """Box in PDF user space of ``raw[start:end]`` (the whole line by default)."""
        if start is None and end is None:
            box = self.source.bbox
        else:
            n = len(self.raw)
            try:
                box = self.source.char_span(start or 0, n if end is None else end)
            except IndexError:
                box = self.source.bbox
        return self.frame.box_to_user(box) if self.regrouped else box


@attrs.frozen(eq=False)
class PageView:
    """A page's lines in reading order plus its display size."""

    index: int
    width: float
    height: float
    lines: tuple[Line, ...]

    def rows(self) -> list[list[Line]]:
        """Lines sharing a baseline, each row left to right, rows top to bottom."""
        out: list[list[Line]] = []
        for line in self.lines:  # already top-to-bottom, left-to-right
            if out:
                ref = out[-1][0]
                if abs(ref.baseline - line.baseline) <= 0.4 * max(ref.size, line.size):
                    out[-1].append(line)
                    continue
            out.append([line])
        for row in out:
            row.sort(key=lambda ln: ln.x0)
        return out


def _transform_glyph(glyph: Glyph, frame: _Frame) -> Glyph:
    return Glyph(
        char=glyph.char,
        bbox=frame.box_to_display(glyph.bbox),
        origin=frame.to_display(*glyph.origin),
        size=glyph.size,
        bold=glyph.bold,
        italic=glyph.italic,
        space_before=glyph.space_before,
    )


def _make_line(source: TextLine, frame: _Frame, regrouped: bool) -> Line:
    box = source.bbox if regrouped else frame.box_to_display(source.bbox)
    # unrotated page: display y is user y minus the CropBox bottom
    baseline = source.baseline if regrouped else source.baseline - frame.crop[1]
    text = canonical(source.text)
    return Line(
        page=source.page,
        raw=source.text,
        text=text,
        folded=fold(text),
        bbox=box,
        baseline=baseline,
        size=source.size,
        bold=source.bold,
        italic=source.italic,
        source=source,
        frame=frame,
        regrouped=regrouped,
    )


def page_view(page: PageText) -> PageView:
    """Lines of ``page`` in the upright display frame, in reading order."""
    rotation = page.rotation % 360
    frame = _Frame(rotation=rotation, crop=page.cropbox)
    if rotation == 0:
        lines = [_make_line(tl, frame, False) for tl in page.lines]
    else:
        glyphs = [_transform_glyph(g, frame) for tl in page.lines for g in tl.glyphs]
        lines = [_make_line(tl, frame, True) for tl in group_segments(page.index, glyphs)]
    lines = [ln for ln in lines if ln.text]
    lines.sort(key=lambda ln: (-round(ln.baseline, 0), ln.x0))
    width, height = frame.size
    return PageView(index=page.index, width=width, height=height, lines=tuple(lines))


def join_text(lines: Sequence[Line]) -> str:
    return canonical(" ".join(ln.text for ln in lines))
