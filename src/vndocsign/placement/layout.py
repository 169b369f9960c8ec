"""The geometry placement works in: each page turned so that its text reads left to right.

PDFium reports every glyph box in PDF *user space of the unrotated page* — the CropBox and
MediaBox offsets are not subtracted and ``/Rotate`` is not applied (checked by
``tests/placement/test_geometry.py``). That is the space a field's ``/Rect`` lives in, so the
final rectangles must be in it too; but the rules ("after the ``./.`` on the same line", "the
seal on the left", "top right of page 1") are about the page as a person reads it.

A page's text is not always upright in user space: a landscape page is often a portrait
MediaBox with ``/Rotate 90`` and text drawn turned by 90°, while a page rotated *after* the fact
(``pdftk … rotate``) keeps upright text that the reader sees sideways. So the reading direction
is measured from the glyphs themselves (where each glyph's pen origin sits in its box) rather
than taken from ``/Rotate``: we try the four quarter turns and keep the one under which the
glyphs stand upright. Each page gets a :class:`Frame` (a quarter turn about the user-space origin
plus the visible box in turned coordinates), every rule computes in that frame, and
:meth:`Frame.rect_to_user` brings the result back.
"""

from __future__ import annotations

import re
import unicodedata
from functools import cached_property

import attrs

from vndocsign.model._text import canonical
from vndocsign.pdf.text import Glyph, PageText, PdfText, TextLine, group_lines

from .types import BBox

__all__ = ["Frame", "Layout", "Line", "PageView", "compose", "key_of"]

_AUTHORITY = re.compile(r"^(TM|KT|Q|TL|TUQ)\.\s*\S", re.IGNORECASE)


def key_of(text: str) -> str:
    """Comparison key: canonical Vietnamese, lower case, white space removed."""
    return "".join(canonical(text).split()).lower()


def _turn(rotation: int, x: float, y: float) -> tuple[float, float]:
    """User space -> frame coordinates (the text turned back by ``rotation`` degrees)."""
    if rotation == 90:
        return (y, -x)
    if rotation == 180:
        return (-x, -y)
    if rotation == 270:
        return (-y, x)
    return (x, y)


def _unturn(rotation: int, x: float, y: float) -> tuple[float, float]:
    if rotation == 90:
        return (-y, x)
    if rotation == 180:
        return (-x, -y)
    if rotation == 270:
        return (y, -x)
    return (x, y)


def _rect(points: list[tuple[float, float]]) -> BBox:
    xs = [p[0] for p in points]
    ys = [p[1] for p in points]
    return (min(xs), min(ys), max(xs), max(ys))


@attrs.frozen
class Frame:
    """A page seen the way its text reads: ``rotation`` (counter-clockwise, of the text in user
    space) and ``bounds``, the visible box (CropBox ∩ MediaBox) in frame coordinates."""

    rotation: int
    bounds: BBox

    @classmethod
    def of(cls, page: PageText, rotation: int) -> Frame:
        m, c = page.mediabox, page.cropbox
        visible = (max(m[0], c[0]), max(m[1], c[1]), min(m[2], c[2]), min(m[3], c[3]))
        if visible[0] >= visible[2] or visible[1] >= visible[3]:
            visible = m
        return cls(rotation=rotation, bounds=_rect_turn(rotation, visible))

    def to_frame(self, x: float, y: float) -> tuple[float, float]:
        return _turn(self.rotation, x, y)

    def rect_to_frame(self, box: BBox) -> BBox:
        return _rect_turn(self.rotation, box)

    def rect_to_user(self, box: BBox) -> BBox:
        x0, y0, x1, y1 = box
        return _rect([_unturn(self.rotation, x, y) for x, y in ((x0, y0), (x1, y1))])

    @property
    def width(self) -> float:
        return self.bounds[2] - self.bounds[0]

    @property
    def height(self) -> float:
        return self.bounds[3] - self.bounds[1]

    def clamp(self, box: BBox) -> tuple[BBox, bool]:
        """Shift (never shrink unless larger than the page) ``box`` inside the visible page."""
        x0, y0, x1, y1 = box
        bx0, by0, bx1, by1 = self.bounds
        w, h = min(x1 - x0, bx1 - bx0), min(y1 - y0, by1 - by0)
        nx0 = min(max(x0, bx0), bx1 - w)
        ny0 = min(max(y0, by0), by1 - h)
        moved = abs(nx0 - x0) > 0.01 or abs(ny0 - y0) > 0.01 or w < x1 - x0 or h < y1 - y0
        return (nx0, ny0, nx0 + w, ny0 + h), moved


def _rect_turn(rotation: int, box: BBox) -> BBox:
    x0, y0, x1, y1 = box
    return _rect([_turn(rotation, x, y) for x, y in ((x0, y0), (x1, y1))])


def _upright_cost(glyphs: list[Glyph], rotation: int) -> float:
    """How far the glyphs' pen origins are from the lower-left of their boxes, in em.

    For upright text the origin sits at the left end of the baseline: at (or just left of) the
    box's left edge and at (or a descender above) its bottom. Under a wrong quarter turn it
    lands on another side of the box, so the right turn has by far the smallest cost.
    """
    total = 0.0
    for g in glyphs:
        x0, y0, _x1, _y1 = _rect_turn(rotation, g.bbox)
        ox, oy = _turn(rotation, *g.origin)
        size = g.size if g.size > 0 else 1.0
        total += (abs(ox - x0) + abs(oy - y0)) / size
    return total


def detect_rotation(page: PageText, sample: int = 120) -> int:
    """The quarter turn under which most glyphs of ``page`` stand upright (0 if no text)."""
    glyphs: list[Glyph] = []
    for line in page.lines:
        glyphs.extend(line.glyphs)
        if len(glyphs) >= sample * 4:
            break
    if not glyphs:
        return 0
    step = max(1, len(glyphs) // sample)
    picked = glyphs[::step]
    upright = _upright_cost(picked, 0)
    if upright < 0.3 * len(picked):  # the common case: ordinary upright text
        return 0
    costs = {0: upright, **{r: _upright_cost(picked, r) for r in (90, 180, 270)}}
    best = min(costs, key=lambda r: (costs[r], r != 0, r != page.rotation))
    # Prefer no turn unless another one is clearly better (symmetric glyphs such as "." or
    # "o" fit several turns equally well).
    if costs[0] <= costs[best] * 1.15 + 0.05 * len(picked):
        return 0
    return best


_COMBINING = re.compile("[\u0300-\u036f\u1ab0-\u1aff\u1dc0-\u1dff\u20d0-\u20ff\ufe20-\ufe2f]")


_MARK_RUN = re.compile(_COMBINING.pattern + "+")
#: Vietnamese vowel modifiers (circumflex, breve, horn) come before the tone mark; glyphs
#: sorted by x position may list them in either order, and NFC only composes the right one.
_MODIFIERS = "\u0302\u0306\u031b"


def _order_marks(match: re.Match[str]) -> str:
    return "".join(sorted(match.group(0), key=lambda c: c not in _MODIFIERS))


def compose(text: str) -> str:
    """NFC of text whose combining marks came as separate glyphs, in drawing order."""
    if not _COMBINING.search(text):
        return unicodedata.normalize("NFC", text)
    return unicodedata.normalize("NFC", _MARK_RUN.sub(_order_marks, text))


class Line:
    """A text line segment in frame coordinates plus the keys the rules compare.

    Everything is computed on first use: a 200-page report has ~8000 lines and most rules
    look at a handful of them (the ``./.`` search first checks for a "/" in the raw text).
    """

    def __init__(self, line: TextLine, order: int) -> None:
        self.page = line.page
        self.order = order
        self.glyphs = line.glyphs
        self.line = line

    @cached_property
    def text(self) -> str:
        """Display text as printed (NFC only; :attr:`key` is for comparisons)."""
        return compose(self.line.text)

    @cached_property
    def bbox(self) -> BBox:
        boxes = [g.bbox for g in self.glyphs]
        return (
            min(b[0] for b in boxes),
            min(b[1] for b in boxes),
            max(b[2] for b in boxes),
            max(b[3] for b in boxes),
        )

    @cached_property
    def baseline(self) -> float:
        return self.line.baseline

    @cached_property
    def size(self) -> float:
        return self.line.size

    @cached_property
    def bold(self) -> bool:
        return self.line.bold

    @cached_property
    def italic(self) -> bool:
        return self.line.italic

    @cached_property
    def _mapped(self) -> tuple[str, tuple[int, ...]]:
        """``raw`` (canonical text, no spaces) and, per character, the index of its glyph."""
        chars = "".join(g.char for g in self.glyphs)
        if not _COMBINING.search(chars):
            gidx: tuple[int, ...] = tuple(range(len(chars)))
            nfc = unicodedata.normalize("NFC", chars)
            if len(nfc) == len(chars):
                raw = canonical(nfc)
                return (raw, gidx) if len(raw) == len(gidx) else (nfc, gidx)
        # Combining marks drawn as glyphs of their own join the letter before them.
        entries: list[str] = []
        index: list[int] = []
        for i, glyph in enumerate(self.glyphs):
            if entries and unicodedata.combining(glyph.char):
                entries[-1] += glyph.char
                continue
            entries.append(glyph.char)
            index.append(i)
        letters = [compose(e) for e in entries]
        joined = "".join(e[:1] for e in letters)
        raw = canonical(joined)
        return (raw if len(raw) == len(index) else joined, tuple(index))

    @property
    def raw(self) -> str:
        return self._mapped[0]

    @property
    def _gidx(self) -> tuple[int, ...]:
        return self._mapped[1]

    @cached_property
    def key(self) -> str:
        lowered = self.raw.lower()
        return lowered if len(lowered) == len(self.raw) else self.raw

    def may_contain(self, chars: str) -> bool:
        """Cheap pre-check on the unnormalised text (every character of ``chars`` occurs)."""
        text = self.line.text
        return all(c in text for c in chars)

    # -- geometry -------------------------------------------------------------------------
    @property
    def x0(self) -> float:
        return self.bbox[0]

    @property
    def x1(self) -> float:
        return self.bbox[2]

    @property
    def top(self) -> float:
        return self.bbox[3]

    @property
    def bottom(self) -> float:
        return self.bbox[1]

    @property
    def x_center(self) -> float:
        return (self.bbox[0] + self.bbox[2]) / 2

    @property
    def line_top(self) -> float:
        """Top of the line's box as text engines draw it: 1 em above the baseline (room for
        the stacked accents of Vietnamese capitals such as Ấ, Ộ), or the ink if higher."""
        return max(self.top, self.baseline + 1.0 * self.size)

    @property
    def line_bottom(self) -> float:
        """Bottom of the line's box: 0.35 em below the baseline (descenders, the dot below of
        ạ/ộ, and what poppler or a font's bounding box count as the line), or the ink if
        lower."""
        return min(self.bottom, self.baseline - 0.35 * self.size)

    @property
    def middle(self) -> float:
        """Vertical centre of the text line (baseline + a third of the font size)."""
        return self.baseline + 0.33 * self.size

    def span_bbox(self, start: int, end: int) -> BBox:
        """Glyph-precise box of ``raw[start:end]`` (frame coordinates)."""
        first = self._gidx[start]
        # a letter's combining marks follow it: take glyphs up to the next entry's glyph
        stop = self._gidx[end] if end < len(self._gidx) else len(self.glyphs)
        picked = self.glyphs[first:stop]
        return (
            min(g.bbox[0] for g in picked),
            min(g.bbox[1] for g in picked),
            max(g.bbox[2] for g in picked),
            max(g.bbox[3] for g in picked),
        )

    def span_text(self, start: int, end: int) -> str:
        """The printed text (with its spaces) of ``raw[start:end]``."""
        first = self._gidx[start]
        last = (self._gidx[end] if end < len(self._gidx) else len(self.glyphs)) - 1
        positions = [i for i, c in enumerate(self.line.text) if not c.isspace()]
        if len(positions) != len(self.glyphs):  # pragma: no cover - defensive
            return self.raw[start:end]
        return compose(self.line.text[positions[first] : positions[last] + 1])

    # -- text classes ---------------------------------------------------------------------
    @property
    def letters(self) -> str:
        return "".join(c for c in self.raw if c.isalpha())

    @property
    def is_upper(self) -> bool:
        """Mostly upper-case letters (ô 7a position lines, ô 1-2 headers)."""
        letters = self.letters
        return len(letters) >= 2 and sum(c.isupper() for c in letters) >= 0.85 * len(letters)

    @property
    def has_authority(self) -> bool:
        """Starts with TM. / KT. / Q. / TL. / TUQ. (Decree 30 Annex I, II.7.b)."""
        return bool(_AUTHORITY.match(self.text))

    @property
    def is_placeholder(self) -> bool:
        """``(Chữ ký)``, ``(Đã ký)``, ``(Ký, ghi rõ họ tên)``: template hints in the signature
        space, not text the signature must avoid."""
        t = self.text.strip()
        return t.startswith("(") and t.endswith(")")

    def __repr__(self) -> str:
        return f"Line(p{self.page} {self.text!r} @{[round(v, 1) for v in self.bbox]})"


@attrs.frozen
class PageView:
    """One page's lines in frame coordinates, in reading order."""

    index: int
    frame: Frame
    lines: tuple[Line, ...]
    has_text: bool

    def overlapping(self, box: BBox, exclude: tuple[Line, ...] = ()) -> list[Line]:
        """Lines whose ink box intersects ``box`` (frame coordinates) by more than 0.5 pt."""
        x0, y0, x1, y1 = box
        return [
            ln
            for ln in self.lines
            if ln not in exclude
            and min(x1, ln.x1) - max(x0, ln.x0) > 0.5
            and min(y1, ln.top) - max(y0, ln.bottom) > 0.5
        ]


class Layout:
    """A parsed document prepared for placement, shared by every role.

    Build it once (``Layout.of(pdf)``) and pass it to :func:`~vndocsign.placement.find_placement`
    for each role; pages are turned and indexed lazily, the first time a rule looks at them.
    """

    def __init__(self, text: PdfText) -> None:
        self.text = text
        self._views: dict[int, PageView] = {}

    @classmethod
    def of(cls, text: PdfText) -> Layout:
        return cls(text)

    @property
    def page_count(self) -> int:
        return len(self.text.pages)

    @property
    def has_text(self) -> bool:
        return self.text.has_text

    def page(self, index: int) -> PageView:
        view = self._views.get(index)
        if view is None:
            view = self._views[index] = _view(self.text.pages[index])
        return view

    def pages(self) -> list[PageView]:
        return [self.page(i) for i in range(self.page_count)]


def _view(page: PageText) -> PageView:
    rotation = detect_rotation(page)
    frame = Frame.of(page, rotation)
    if rotation == 0:
        lines = list(page.lines)
    else:
        # PDFium's generated word spaces are unreliable on turned text (it inserts one
        # between most characters of per-character runs): word breaks come from geometry.
        glyphs = [
            g._replace(
                bbox=_rect_turn(rotation, g.bbox),
                origin=_turn(rotation, *g.origin),
                space_before=False,
            )
            for line in page.lines
            for g in line.glyphs
        ]
        lines = list(group_lines(page.index, glyphs)) if glyphs else []
    lines.sort(key=lambda ln: (-round(ln.glyphs[0].origin[1], 0), ln.glyphs[0].bbox[0]))
    return PageView(
        index=page.index,
        frame=frame,
        lines=tuple(Line(ln, i) for i, ln in enumerate(lines)),
        has_text=bool(lines),
    )
