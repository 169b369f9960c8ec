"""Fixtures for the placement tests: the shared document generator and a display-frame helper.

``tests/docgen`` is imported as the top-level package ``docgen`` (that is how it imports
itself), so ``tests/`` goes on ``sys.path`` here.
"""

from __future__ import annotations

import sys
from pathlib import Path

TESTS = Path(__file__).resolve().parents[1]
if str(TESTS) not in sys.path:
    sys.path.insert(0, str(TESTS))

from docgen.fixtures import docgen_fonts, libreoffice  # noqa: E402

__all__ = ["docgen_fonts", "libreoffice", "to_display"]

BBox = tuple[float, float, float, float]


def to_display(box: BBox, rotation: int, cropbox: BBox) -> BBox:
    """A user-space box as the reader sees it (y up, origin at the visible bottom-left).

    Written independently of ``vndocsign.pdf.PageFrame`` so that the tests do not check the
    coordinate conversion against itself.
    """
    cx0, cy0, cx1, cy1 = cropbox
    corners = [(box[0], box[1]), (box[2], box[3])]
    if rotation == 90:
        pts = [(y - cy0, cx1 - x) for x, y in corners]
    elif rotation == 180:
        pts = [(cx1 - x, cy1 - y) for x, y in corners]
    elif rotation == 270:
        pts = [(cy1 - y, x - cx0) for x, y in corners]
    else:
        pts = [(x - cx0, y - cy0) for x, y in corners]
    xs, ys = [p[0] for p in pts], [p[1] for p in pts]
    return (min(xs), min(ys), max(xs), max(ys))
