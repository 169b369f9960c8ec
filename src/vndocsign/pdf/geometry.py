"""Page geometry: the one place that knows ``/Rotate``, the CropBox and user space.

A PDF page has two frames. *User space* is where content, glyph boxes and widget rectangles
live. The *display frame* is what a reader sees: the visible box (CropBox clipped to the
MediaBox) turned by ``/Rotate`` (clockwise), with its origin at the lower left of the screen.
Decree 30 layout rules ("top right of page 1", "between the position line and the name") are
about the display frame; PDF objects must be written in user space. :class:`PageFrame` maps
between them, and every capability (metadata, placement, signing) uses it.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence

import attrs

__all__ = ["A4", "BBox", "PageFrame", "normalize_box", "normalize_rotation", "union", "visible_box"]

#: ``(x0, y0, x1, y1)`` with ``x0 <= x1`` and ``y0 <= y1``.
BBox = tuple[float, float, float, float]

#: A4 portrait in points, the size Decree 30 prescribes.
A4: BBox = (0.0, 0.0, 595.28, 841.89)


def normalize_box(values: Sequence[float]) -> BBox:
    """Four numbers as a box with ordered corners (PDF allows any two opposite corners)."""
    x0, y0, x1, y1 = (float(v) for v in values)
    return (min(x0, x1), min(y0, y1), max(x0, x1), max(y0, y1))


def normalize_rotation(value: float | int | None) -> int:
    """A ``/Rotate`` value as 0, 90, 180 or 270 (other values read as 0, as viewers do)."""
    try:
        degrees = int(value or 0)
    except (TypeError, ValueError, OverflowError):
        return 0
    return degrees % 360 if degrees % 90 == 0 else 0


def visible_box(mediabox: Sequence[float], cropbox: Sequence[float] | None = None) -> BBox:
    """The visible area: the CropBox clipped to the MediaBox (the MediaBox if they miss)."""
    m = normalize_box(mediabox)
    if cropbox is None:
        return m
    c = normalize_box(cropbox)
    v = (max(m[0], c[0]), max(m[1], c[1]), min(m[2], c[2]), min(m[3], c[3]))
    return v if v[0] < v[2] and v[1] < v[3] else m


def union(boxes: Iterable[BBox]) -> BBox:
    """The smallest box holding every box of ``boxes`` (which must not be empty)."""
    items = list(boxes)
    return (
        min(b[0] for b in items),
        min(b[1] for b in items),
        max(b[2] for b in items),
        max(b[3] for b in items),
    )


@attrs.frozen
class PageFrame:
    """Maps user space <-> the display frame of one page.

    ``box`` is the visible box in user space, ``rotation`` the page's ``/Rotate`` (0, 90, 180,
    270). Display coordinates start at (0, 0), the lower left corner of what the reader sees.
    """

    box: BBox = attrs.field(converter=normalize_box)
    rotation: int = attrs.field(default=0, converter=normalize_rotation)

    @classmethod
    def of(
        cls,
        mediabox: Sequence[float],
        cropbox: Sequence[float] | None = None,
        rotation: float | int | None = 0,
    ) -> PageFrame:
        """The frame of a page with these (already inherited) page attributes."""
        return cls(visible_box(mediabox, cropbox), normalize_rotation(rotation))

    @property
    def size(self) -> tuple[float, float]:
        """Width and height as displayed."""
        w = self.box[2] - self.box[0]
        h = self.box[3] - self.box[1]
        return (h, w) if self.rotation in (90, 270) else (w, h)

    @property
    def width(self) -> float:
        return self.size[0]

    @property
    def height(self) -> float:
        return self.size[1]

    @property
    def display_box(self) -> BBox:
        """The whole page in display coordinates."""
        w, h = self.size
        return (0.0, 0.0, w, h)

    def to_display(self, x: float, y: float) -> tuple[float, float]:
        cx0, cy0, cx1, cy1 = self.box
        r = self.rotation
        if r == 90:
            return y - cy0, cx1 - x
        if r == 180:
            return cx1 - x, cy1 - y
        if r == 270:
            return cy1 - y, x - cx0
        return x - cx0, y - cy0

    def to_user(self, dx: float, dy: float) -> tuple[float, float]:
        cx0, cy0, cx1, cy1 = self.box
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

    def contains(self, box: BBox, tolerance: float = 0.5) -> bool:
        """Whether a user-space ``box`` lies on the visible page."""
        x0, y0, x1, y1 = self.box
        return (
            box[0] >= x0 - tolerance
            and box[1] >= y0 - tolerance
            and box[2] <= x1 + tolerance
            and box[3] <= y1 + tolerance
        )

    def clamp(self, box: BBox) -> tuple[BBox, bool]:
        """Shift a display-frame ``box`` onto the page (shrink only if larger than the page).

        Returns the box and whether it moved.
        """
        x0, y0, x1, y1 = box
        bw, bh = self.size
        w, h = min(x1 - x0, bw), min(y1 - y0, bh)
        nx0 = min(max(x0, 0.0), bw - w)
        ny0 = min(max(y0, 0.0), bh - h)
        moved = abs(nx0 - x0) > 0.01 or abs(ny0 - y0) > 0.01 or w < x1 - x0 or h < y1 - y0
        return (nx0, ny0, nx0 + w, ny0 + h), moved
