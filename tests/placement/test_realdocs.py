"""Issue 12: placement where the real signers put their signatures (``realdocs/truth.json``).

``observed_personal`` / ``observed_seal`` are the rectangles of the real signature widgets;
``end_of_content`` the box of the word ending in ``./.``. A placement is right when it is on
the observed page and overlaps the observed rectangle by at least a third of the smaller box.
Skipped when the folder is absent; files read in place.
"""

from __future__ import annotations

import json
from typing import Any

import pytest

from tests.conftest import CORPUS
from vndocsign.placement import find_placement, prepare

FOLDER = CORPUS / "realdocs"
TRUTH: dict[str, dict[str, Any]] = (
    json.loads((FOLDER / "truth.json").read_text(encoding="utf-8"))
    if (FOLDER / "truth.json").is_file()
    else {}
)
pytestmark = pytest.mark.skipif(not TRUTH, reason=f"real documents not available ({FOLDER})")

OBSERVED = sorted(
    (key, role, field)
    for key, t in TRUTH.items()
    for role, field in (("personal", "observed_personal"), ("agency", "observed_seal"))
    if field in t
)
ENDINGS = sorted(k for k, t in TRUTH.items() if "end_of_content" in t)

Box = tuple[float, float, float, float]


def _overlap(a: Box, b: Box) -> float:
    w = min(a[2], b[2]) - max(a[0], b[0])
    h = min(a[3], b[3]) - max(a[1], b[1])
    return max(w, 0.0) * max(h, 0.0)


def _area(a: Box) -> float:
    return (a[2] - a[0]) * (a[3] - a[1])


@pytest.mark.parametrize(("key", "role", "field"), OBSERVED)
def test_placement_where_the_real_signature_sits(key: str, role: str, field: str) -> None:
    path = FOLDER / f"{key}.pdf"
    observed = TRUTH[key][field]
    placed = find_placement(prepare(path), role)
    rect: Box = tuple(observed["rect"])  # type: ignore[assignment]
    assert placed.page == observed["page"]
    assert _overlap(placed.rect, rect) >= min(_area(placed.rect), _area(rect)) / 3


@pytest.mark.parametrize("key", ENDINGS)
def test_initial_after_the_real_end_of_content(key: str) -> None:
    """The ký tắt goes right after the ``./.`` the truth names (same page, same line)."""
    end = TRUTH[key]["end_of_content"]
    placed = find_placement(prepare(FOLDER / f"{key}.pdf"), "initial")
    assert placed.page == end["page"]
    anchor = placed.anchor.bbox
    assert anchor[2] == pytest.approx(end["x1"], abs=3.0)
    assert anchor[1] < end["y1"] and anchor[3] > end["y0"]
