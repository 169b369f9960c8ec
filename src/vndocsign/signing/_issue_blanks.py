"""Where the registry stamps the number and the date: the blanks the drafter left.

A drafter types ``Số:      /UBND-KGVX`` and ``Hà Nội, ngày      tháng 12 năm 2025``; the
registry (văn thư) fills the blanks at issue time. They are found on the text layer of page 1,
in the *display* frame of the page (:func:`vndocsign.pdf.page_view`, so a page drawn turned
with ``/Rotate`` is read as the reader sees it), and returned in PDF user space.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Sequence
from typing import Any

import attrs

from vndocsign.pdf import BBox, PageFrame

__all__ = ["DATE_FIELDS", "NUMBER_FIELD", "Blank", "find_issue_blanks", "has_draft_mark"]

NUMBER_FIELD = "SoVanBan"
DATE_FIELDS = {"day": "NgayBanHanh", "month": "ThangBanHanh", "year": "NamBanHanh"}

_SO_RE = re.compile(r"^\s*Số\s*:", re.IGNORECASE)
_DATE_RE = re.compile(
    r"(?P<ngay>ngày)(?P<d>[\s.…_\d]*)(?P<thang>tháng)(?P<m>[\s.…_\d]*)(?P<nam>năm)(?P<y>[\s.…_]*)"
    r"(?P<year>\d{4})?",
    re.IGNORECASE,
)
#: The draft mark: "DỰ THẢO" in capitals on a short line of its own (a box or a watermark),
#: optionally "DỰ THẢO 2" / "DỰ THẢO LẦN 3" — not "dự thảo Quyết định" in running text.
_DRAFT_RE = re.compile(r"^\W*DỰ\s*THẢO(\s+(LẦN\s+)?\d+)?\W*$")


@attrs.frozen
class Blank:
    """A place left blank by the drafter, to be filled in at issue time.

    ``rect`` is in PDF user space (what a widget's ``/Rect`` takes); ``page`` is 0-based;
    ``font_size`` is the size of the text on that line (the stamp uses the same size).
    """

    field: str
    kind: str  # "number" | "day" | "month" | "year"
    page: int
    rect: tuple[float, float, float, float]
    font_size: float
    #: For the number: whether the notation ("/UBND-KGVX") is already printed after the blank.
    notation_printed: bool = False
    #: That printed notation, without the slash ("UBND-KGVX"), when there is one.
    printed_notation: str | None = None
    #: The page's display frame (``/Rotate``, CropBox), to lay stamps out as the reader sees.
    frame: PageFrame | None = attrs.field(default=None, eq=False, repr=False)


class _Row:
    """A display-frame view of a text line with the few things the blank rules need."""

    def __init__(self, line: Any, frame: PageFrame) -> None:
        self._line = line
        self._frame = frame
        self.text: str = unicodedata.normalize("NFC", line.source.text)
        self.size = float(line.size)
        self.baseline = float(line.baseline)
        self.bbox: BBox = line.bbox

    def char_span(self, start: int, end: int) -> BBox:
        box = self._line.source.char_span(start, end)
        return box if self._line.regrouped else self._frame.box_to_display(box)


class _JoinedRow:
    """Segments of one baseline, left to right, read as one line: a wide blank splits the
    date line into "Hà Nội, ngày" | "tháng 12 năm 2025" (as on most real documents)."""

    def __init__(self, parts: Sequence[_Row]) -> None:
        self.parts = sorted(parts, key=lambda r: r.bbox[0])
        self.text = " ".join(p.text for p in self.parts)
        self.size = max(p.size for p in self.parts)
        self.baseline = self.parts[0].baseline
        self._starts: list[int] = []
        at = 0
        for part in self.parts:
            self._starts.append(at)
            at += len(part.text) + 1

    def char_span(self, start: int, end: int) -> BBox:
        for part, first in zip(reversed(self.parts), reversed(self._starts), strict=True):
            if start >= first:
                last = min(end - first, len(part.text))
                return part.char_span(start - first, max(last, start - first + 1))
        return self.parts[0].char_span(start, end)


def _baselines(rows: Sequence[_Row]) -> list[_JoinedRow]:
    """Rows grouped by baseline (top to bottom)."""
    groups: list[list[_Row]] = []
    for row in rows:  # sorted top to bottom
        if groups and abs(groups[-1][0].baseline - row.baseline) < 0.3 * row.size:
            groups[-1].append(row)
        else:
            groups.append([row])
    return [_JoinedRow(g) for g in groups]


def _nfc(text: str) -> str:
    return unicodedata.normalize("NFC", text)


def find_issue_blanks(pdf: Any) -> tuple[Blank, ...]:
    """Locate the "Số:" blank and the date-line blanks on page 1 (top-most occurrences)."""
    from vndocsign.pdf import load_text, page_view  # PDFium: loaded only when searched

    # Page content only: a stamp already standing in a blank is found by its widget
    # (``numbered_already``), not read as the number.
    text = load_text(pdf, annotations=False)
    if not text.pages:
        return ()
    view = page_view(text.pages[0])
    frame = view.frame
    rows = [_Row(line, frame) for line in view.lines if line.source.text.strip()]
    rows.sort(key=lambda r: -r.baseline)
    out: list[Blank] = []
    for row in rows:
        number = _number_blank(row, rows, view.index)
        if number is not None:
            out.append(number)
            break
    for joined in _baselines(rows):
        dates = _date_blanks(joined, view.index)
        if dates is not None:
            out.extend(dates)
            break
    return tuple(attrs.evolve(b, rect=frame.box_to_user(b.rect), frame=frame) for b in out)


def has_draft_mark(pdf: Any) -> bool:
    """Whether any page still shows the DỰ THẢO mark (a short capitalised line of its own)."""
    from vndocsign.pdf import load_text, page_view

    for page in load_text(pdf, annotations=False).pages:
        for line in page_view(page).lines:
            if _DRAFT_RE.match(_nfc(line.source.text).strip()):
                return True
    return False


def _on_line(size: float, base: float, x0: float, x1: float) -> BBox:
    """The stamp box over a blank: text of ``size`` drawn by the appearance one line high
    stands on ``base`` (see ``_appearance._draw``: baseline = top − 0.88 em)."""
    return (x0, base - size * 0.32, x1, base + size * 0.88)


def _number_blank(row: _Row, rows: Sequence[_Row], page: int) -> Blank | None:
    """The blank after "Số:" on ``row`` (and whether the notation is printed after it)."""
    s = row.text
    m = _SO_RE.match(s)
    if m is None:
        return None
    colon = row.char_span(m.end() - 1, m.end())
    rest = s[m.end() :]
    stripped = rest.lstrip(" .…_")
    size = row.size
    x0 = colon[2] + size * 0.1
    printed = stripped.startswith("/")
    notation: str | None = None
    if printed:
        slash_index = m.end() + (len(rest) - len(stripped))
        x1 = row.char_span(slash_index, slash_index + 1)[0] - size * 0.02
        x1 = max(x1, x0 + size * 1.5)
        notation = stripped[1:].strip()
    elif stripped.strip():
        return None  # "Số: 123/UBND" — numbered already
    else:
        x1 = x0 + size * 8
        # a wide blank splits the visual line in two segments: "Số:" | "/UBND-KGVX"
        after = sorted(
            (
                o
                for o in rows
                if o is not row
                and abs(o.baseline - row.baseline) < size * 0.3
                and o.bbox[0] > colon[2]
            ),
            key=lambda o: o.bbox[0],
        )
        if after and after[0].text.lstrip().startswith("/"):
            printed = True
            x1 = max(after[0].bbox[0] - size * 0.02, x0 + size * 1.5)
            notation = after[0].text.strip()[1:].strip()
    rect = _on_line(size, row.baseline, x0, x1)
    return Blank(NUMBER_FIELD, "number", page, rect, size, printed, notation)


def _date_blanks(row: _JoinedRow, page: int) -> list[Blank] | None:
    """The day/month(/year) blanks of a "ngày … tháng … năm …" line, ``None`` if it is not
    one."""
    m = _DATE_RE.search(row.text)
    if m is None:
        return None
    size = row.size

    def right(group: str) -> float:
        return float(row.char_span(m.start(group), m.end(group))[2])

    def left(group: str) -> float:
        return float(row.char_span(m.start(group), m.end(group))[0])

    spans = [
        (kind, right(a), left(b))
        for kind, a, b, gap in (("day", "ngay", "thang", "d"), ("month", "thang", "nam", "m"))
        if not any(ch.isdigit() for ch in m.group(gap))  # "tháng 12": printed, not blank
    ]
    if m.group("year") is None:
        spans.append(("year", right("nam"), right("nam") + size * 2.6))
    out = []
    for kind, a, b in spans:
        a += size * 0.15
        b -= size * 0.15
        if b - a < size * 0.8:
            continue  # already filled or no room: leave it alone
        out.append(Blank(DATE_FIELDS[kind], kind, page, _on_line(size, row.baseline, a, b), size))
    return out
