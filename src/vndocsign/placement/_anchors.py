"""Text anchors: glyph-precise search and the "Nơi nhận" block every rule has to know about.

Matching is done on a per-line key (canonical Vietnamese, lower case, no white space), so it
does not care how the producer cut the text into runs, whether it wrote spaces as glyphs or as
``TJ`` offsets, or which tone-placement convention (``hoà``/``hòa``) the drafter typed.
"""

from __future__ import annotations

from typing import Any

import attrs

from vndocsign.pdf import Line, PageView

from ._layout import Layout, key_of
from ._types import Anchor, BBox

__all__ = ["TextMatch", "candidate_dict", "find_text", "recipients_blocks"]

_RECIPIENTS_KEY = "nơinhận"


@attrs.frozen
class TextMatch:
    """``line.compact[start:end]`` on ``view`` matched the searched text."""

    view: PageView
    line: Line
    start: int
    end: int

    @property
    def frame_bbox(self) -> BBox:
        return self.line.span_bbox(self.start, self.end)

    @property
    def text(self) -> str:
        return self.line.span_text(self.start, self.end)

    def anchor(self) -> Anchor:
        return Anchor(
            text=self.text,
            page=self.view.index,
            bbox=self.view.frame.box_to_user(self.frame_bbox),
        )


def find_text(layout: Layout, text: str, pages: list[int] | None = None) -> list[TextMatch]:
    """Every occurrence of ``text`` inside one line segment, in reading order."""
    needle = key_of(text)
    if not needle:
        return []
    out: list[TextMatch] = []
    for index in pages if pages is not None else range(layout.page_count):
        view = layout.page(index)
        for line in view.lines:
            start = line.key.find(needle)
            while start >= 0:
                out.append(TextMatch(view, line, start, start + len(needle)))
                start = line.key.find(needle, start + 1)
    return out


def is_recipients_heading(line: Line) -> bool:
    """``Nơi nhận:`` (ô 9b), the heading of the recipient list opposite the signer block."""
    if line.extracted.lstrip()[:1] not in ("N", "n"):
        return False
    return line.key.startswith(_RECIPIENTS_KEY) and (
        len(line.key) == len(_RECIPIENTS_KEY) or line.key[len(_RECIPIENTS_KEY)] == ":"
    )


def recipients_blocks(view: PageView) -> list[tuple[Line, list[Line]]]:
    """Each "Nơi nhận:" heading on the page with the recipient lines under it (its column)."""
    out: list[tuple[Line, list[Line]]] = []
    for heading in view.lines:
        if not is_recipients_heading(heading):
            continue
        em = heading.size
        members = [
            line
            for line in view.lines
            if line is not heading
            and line.baseline < heading.baseline - 0.3 * em
            and heading.x0 - 2 * em <= line.x0 <= heading.x0 + 4 * em
            and line.x0 < heading.x1 + 4 * em
        ]
        members.sort(key=lambda ln: -ln.baseline)
        # The list ends at the first wide vertical gap (the next block of the page).
        kept: list[Line] = []
        previous = heading
        for line in members:
            if previous.bottom - line.top > 2.5 * max(line.size, em):
                break
            kept.append(line)
            previous = line
        out.append((heading, kept))
    return out


def candidate_dict(
    view: PageView, line: Line, text: str, box: BBox, **extra: Any
) -> dict[str, Any]:
    """A JSON-friendly description of a candidate for an error's ``details``."""
    x0, y0, x1, y1 = view.frame.box_to_user(box)
    return {
        "text": text,
        "line": line.printed,
        "page": view.index + 1,
        "bbox": [round(x0, 2), round(y0, 2), round(x1, 2), round(y1, 2)],
        **extra,
    }
