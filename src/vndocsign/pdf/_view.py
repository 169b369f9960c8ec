"""A page's text as a reader sees it: lines in an upright display frame (one view for all).

Extraction and placement rules speak of "top of page 1", "the left column", "right after the
``./.`` on the same line", "centred between the position line and the name": all of that is
about the page *as displayed*. :mod:`vndocsign.pdf._text` gives glyphs and lines in PDF user
space; :func:`page_view` moves them into the display frame of a
:class:`~vndocsign.pdf.geometry.PageFrame` (origin at the visible lower-left corner). On a
turned frame the glyphs are re-grouped into lines there (in user space a line of a ``/Rotate
90`` page runs vertically). Boxes go back to user space through the same frame, for evidence
and for a signature field's ``/Rect``.

Which turn: metadata extraction uses the page's ``/Rotate`` (what the reader sees); placement
passes the turn under which the glyphs themselves stand upright (a page rotated after the fact
keeps upright text in user space). Either way the frame is a ``PageFrame``.

A :class:`Line` computes everything on first use: a 200-page report has ~8000 lines and most
rules look at a handful of them.
"""

from __future__ import annotations

import contextlib
import re
import unicodedata
from collections.abc import Sequence
from functools import cached_property

import attrs

from vndocsign.model._text import canonical, strip_diacritics
from vndocsign.pdf._errors import EmptySpanError
from vndocsign.pdf._text import Glyph, PageText, TextLine, group_lines
from vndocsign.pdf.geometry import BBox, PageFrame, union

__all__ = ["Line", "PageView", "compose", "page_view"]

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


@attrs.frozen(eq=False, slots=False)
class Line:
    """One visual line segment in the display frame of its page (y grows upwards).

    Four readings of the text, for four jobs:

    * :attr:`extracted` — the text layer's string (glyph-aligned; indices for :meth:`user_bbox`);
    * :attr:`printed` — NFC with combining marks composed: what the page shows;
    * :attr:`text` — canonical (NFC, one tone convention, single spaces), for rules and reports;
      :attr:`folded` is its upper case without diacritics, for keyword matching;
    * :attr:`compact` / :attr:`key` — canonical, without white space, one character per glyph
      (indices for :meth:`span_bbox` and :meth:`span_text`), for glyph-precise search.

    Geometry (:attr:`bbox`, :attr:`baseline`, ...) is in the display frame of :attr:`frame`;
    :meth:`user_bbox` and ``frame.box_to_user`` give PDF user space back. Pass ``text=`` to read
    the same glyphs as a part a rule split off (an agency name glued to the Quốc hiệu).
    """

    #: The grouped glyphs: in the display frame when :attr:`regrouped`, else in user space.
    source: TextLine
    frame: PageFrame
    #: Override of :attr:`text` for a part a rule split off (same glyphs and boxes).
    _text: str | None = attrs.field(default=None)

    @property
    def page(self) -> int:
        return self.source.page

    @property
    def glyphs(self) -> tuple[Glyph, ...]:
        return self.source.glyphs

    @property
    def regrouped(self) -> bool:
        """Whether the glyphs were moved into the display frame (a turned frame)."""
        return self.frame.rotation != 0

    # -- text -------------------------------------------------------------------------------
    @property
    def extracted(self) -> str:
        return self.source.text

    @cached_property
    def printed(self) -> str:
        return compose(self.source.text)

    @cached_property
    def text(self) -> str:
        return self._text if self._text is not None else canonical(self.source.text)

    @cached_property
    def folded(self) -> str:
        """Upper case without diacritics: ``"Kính gửi"`` -> ``"KINH GUI"``."""
        return strip_diacritics(self.text).upper()

    @cached_property
    def _mapped(self) -> tuple[str, tuple[int, ...]]:
        """:attr:`compact` and, per character, the index of its glyph."""
        glyphs = self.source.glyphs
        chars = "".join(g.char for g in glyphs)
        if not _COMBINING.search(chars):
            gidx: tuple[int, ...] = tuple(range(len(chars)))
            nfc = unicodedata.normalize("NFC", chars)
            if len(nfc) == len(chars):
                compact = canonical(nfc)
                return (compact, gidx) if len(compact) == len(gidx) else (nfc, gidx)
        # Combining marks drawn as glyphs of their own join the letter before them.
        entries: list[str] = []
        index: list[int] = []
        for i, glyph in enumerate(glyphs):
            if entries and unicodedata.combining(glyph.char):
                entries[-1] += glyph.char
                continue
            entries.append(glyph.char)
            index.append(i)
        joined = "".join(compose(e)[:1] for e in entries)
        compact = canonical(joined)
        return (compact if len(compact) == len(index) else joined, tuple(index))

    @property
    def compact(self) -> str:
        return self._mapped[0]

    @cached_property
    def key(self) -> str:
        """:attr:`compact` in lower case (when that keeps one character per glyph)."""
        lowered = self.compact.lower()
        return lowered if len(lowered) == len(self.compact) else self.compact

    def may_contain(self, chars: str) -> bool:
        """Cheap pre-check on the unnormalised text (every character of ``chars`` occurs)."""
        text = self.source.text
        return all(c in text for c in chars)

    @property
    def letters(self) -> str:
        return "".join(c for c in self.compact if c.isalpha())

    @property
    def is_upper(self) -> bool:
        """Every letter upper case (and at least one letter)."""
        letters = [c for c in self.text if c.isalpha()]
        return bool(letters) and all(c.isupper() for c in letters)

    @property
    def is_mostly_upper(self) -> bool:
        """At least two letters, 85 % of them upper case (a position line with an ``ư``)."""
        letters = self.letters
        return len(letters) >= 2 and sum(c.isupper() for c in letters) >= 0.85 * len(letters)

    # -- font -------------------------------------------------------------------------------
    @cached_property
    def size(self) -> float:
        return self.source.size

    @cached_property
    def bold(self) -> bool:
        return self.source.bold

    @cached_property
    def italic(self) -> bool:
        return self.source.italic

    # -- geometry (display frame) -----------------------------------------------------------
    @cached_property
    def bbox(self) -> BBox:
        box = self.source.bbox
        return box if self.regrouped else self.frame.box_to_display(box)

    @cached_property
    def baseline(self) -> float:
        base = self.source.baseline
        return base if self.regrouped else self.frame.to_display(0.0, base)[1]

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
        """Glyph-precise box (display frame) of ``compact[start:end]``."""
        gidx, glyphs = self._mapped[1], self.source.glyphs
        # a letter's combining marks follow it: take glyphs up to the next entry's glyph
        stop = gidx[end] if end < len(gidx) else len(glyphs)
        box = union(g.bbox for g in glyphs[gidx[start] : stop])
        return box if self.regrouped else self.frame.box_to_display(box)

    def span_text(self, start: int, end: int) -> str:
        """The printed text (with its spaces) of ``compact[start:end]``."""
        gidx, glyphs, text = self._mapped[1], self.source.glyphs, self.source.text
        first = gidx[start]
        last = (gidx[end] if end < len(gidx) else len(glyphs)) - 1
        positions = [i for i, c in enumerate(text) if not c.isspace()]
        if len(positions) != len(glyphs):  # pragma: no cover - defensive
            return self.compact[start:end]
        return compose(text[positions[first] : positions[last] + 1])

    def user_bbox(self, start: int | None = None, end: int | None = None) -> BBox:
        """Box in PDF user space of ``extracted[start:end]`` (the whole line by default)."""
        box = self.source.bbox
        if start is not None or end is not None:
            stop = len(self.extracted) if end is None else end
            with contextlib.suppress(EmptySpanError):  # only inserted spaces: the whole line
                box = self.source.char_span(start or 0, stop)
        return self.frame.box_to_user(box) if self.regrouped else box

    def __repr__(self) -> str:
        return f"Line(p{self.page} {self.printed!r} @{[round(v, 1) for v in self.bbox]})"


@attrs.frozen(eq=False)
class PageView:
    """One page's lines in the display frame of ``frame``, in reading order."""

    index: int
    frame: PageFrame
    lines: tuple[Line, ...]

    @property
    def width(self) -> float:
        return self.frame.width

    @property
    def height(self) -> float:
        return self.frame.height

    @property
    def has_text(self) -> bool:
        return bool(self.lines)

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

    def overlapping(self, box: BBox, exclude: Sequence[Line] = ()) -> list[Line]:
        """Lines whose ink box intersects ``box`` (display frame) by more than 0.5 pt."""
        x0, y0, x1, y1 = box
        return [
            ln
            for ln in self.lines
            if ln not in exclude
            and min(x1, ln.x1) - max(x0, ln.x0) > 0.5
            and min(y1, ln.top) - max(y0, ln.bottom) > 0.5
        ]


def _reading_key(line: Line) -> tuple[float, float]:
    """Top to bottom, then left to right: ``(-round(baseline), x0)`` in the display frame.

    A line's glyphs are sorted by their left edge (:func:`~vndocsign.pdf.group_lines`), so the
    first glyph's left edge is the line's ``x0``: no need to build every line's box to sort.
    """
    x0 = line.source.glyphs[0].bbox[0]
    if not line.regrouped:
        x0 = line.frame.to_display(x0, 0.0)[0]
    return (-round(line.baseline, 0), x0)


def page_view(
    page: PageText, rotation: int | None = None, *, layer_spaces: bool = True
) -> PageView:
    """Lines of ``page`` in the display frame turned by ``rotation`` (default: ``/Rotate``).

    Lines come top to bottom, then left to right. ``layer_spaces`` says whether, on a turned
    frame, the text layer's word spaces (written in the content or guessed by PDFium) still
    count when the glyphs are re-grouped. Extraction keeps them: an italic line drawn turned
    (the place-and-date line) has word gaps too narrow to see. Glyph-precise rules (placement)
    drop them: PDFium inserts one between most characters of a per-character run drawn turned,
    and word breaks then come from geometry alone.
    """
    turn = page.rotation if rotation is None else rotation
    frame = PageFrame.of(page.mediabox, page.cropbox, turn)
    if frame.rotation == 0:
        sources: Sequence[TextLine] = page.lines
    else:
        glyphs = [
            g._replace(
                bbox=frame.box_to_display(g.bbox),
                origin=frame.to_display(*g.origin),
                space_before=g.space_before and layer_spaces,
                advance=None if g.advance is None else frame.box_to_display(g.advance),
            )
            for line in page.lines
            for g in line.glyphs
        ]
        sources = list(group_lines(page.index, glyphs)) if glyphs else []
    lines = [Line(tl, frame) for tl in sources if tl.text.strip()]
    lines.sort(key=_reading_key)
    return PageView(index=page.index, frame=frame, lines=tuple(lines))
