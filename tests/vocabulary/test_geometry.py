"""Page geometry: display frame <-> user space under /Rotate and CropBox (pdf.geometry)."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from vndocsign.pdf.geometry import PageFrame, normalize_rotation, union, visible_box

A4 = (0.0, 0.0, 595.0, 842.0)


@pytest.mark.parametrize(
    ("rotation", "size"), [(0, (595, 842)), (90, (842, 595)), (180, (595, 842)), (270, (842, 595))]
)
def test_displayed_size_turns_with_the_page(rotation: int, size: tuple[int, int]) -> None:
    assert PageFrame(A4, rotation).size == size


def test_top_right_of_a_page_shown_turned_90_degrees() -> None:
    frame = PageFrame.of(A4, rotation=90)
    w, h = frame.size
    # /Rotate 90 turns the page clockwise: user space's top left is the reader's top right,
    # its bottom right the reader's bottom left, and its bottom left the reader's top left.
    assert frame.to_user(w, h) == (0.0, 842.0)
    assert frame.to_user(0, 0) == (595.0, 0.0)
    assert frame.to_user(0, h) == (0.0, 0.0)


def test_cropbox_moves_the_display_origin() -> None:
    frame = PageFrame.of(A4, cropbox=(50, 60, 545, 800))
    assert frame.to_display(50, 60) == (0, 0)
    assert frame.size == (495, 740)
    assert frame.contains((60, 70, 100, 100)) and not frame.contains((0, 0, 10, 10))


def test_cropbox_outside_mediabox_falls_back_and_rotation_is_normalized() -> None:
    assert visible_box(A4, (700, 900, 800, 1000)) == A4
    assert visible_box((10, 10, 0, 0)) == (0, 0, 10, 10)
    assert [normalize_rotation(v) for v in (-90, 450, 45, None, "x")] == [270, 90, 0, 0, 0]


def test_clamp_moves_a_box_onto_the_page() -> None:
    frame = PageFrame(A4)
    box, moved = frame.clamp((580, -10, 620, 30))
    assert moved and box == (555, 0, 595, 40)
    assert frame.clamp((10, 10, 20, 20)) == ((10, 10, 20, 20), False)


def test_union() -> None:
    assert union([(0, 0, 1, 1), (2, -1, 3, 0.5)]) == (0, -1, 3, 1)


coords = st.floats(min_value=-1000, max_value=1000, allow_nan=False)


@given(
    rotation=st.sampled_from([0, 90, 180, 270]),
    x=coords,
    y=coords,
    crop=st.tuples(coords, coords, coords, coords),
)
def test_round_trip_user_display_user(
    rotation: int, x: float, y: float, crop: tuple[float, float, float, float]
) -> None:
    frame = PageFrame.of((-2000, -2000, 2000, 2000), crop, rotation)
    ux, uy = frame.to_user(*frame.to_display(x, y))
    assert ux == pytest.approx(x, abs=1e-6) and uy == pytest.approx(y, abs=1e-6)
