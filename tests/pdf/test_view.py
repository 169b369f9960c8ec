"""The shared display-frame view of a page (``vndocsign.pdf.page_view``) and ``SignatureInfo``.

Metadata extraction and placement both read pages through it, so its contract is pinned here:
lines come in reading order in the display frame, boxes go back to user space exactly, and a
page turned by ``/Rotate`` with content drawn turned reads upright.
"""

from __future__ import annotations

import sys
from pathlib import Path

import attrs
import pytest

from vndocsign.pdf import (
    PageFrame,
    SignatureInfo,
    SignatureKind,
    list_signatures,
    load_text,
    page_view,
)

TESTS = Path(__file__).resolve().parents[1]
if str(TESTS) not in sys.path:
    sys.path.insert(0, str(TESTS))

import docgen  # noqa: E402
from docgen import specs  # noqa: E402
from docgen.fixtures import docgen_fonts  # noqa: E402, F401 - fixture

pytestmark = pytest.mark.usefixtures("docgen_fonts")


def _texts(view_lines: object) -> list[str]:
    return [ln.text for ln in view_lines]  # type: ignore[attr-defined]


@pytest.mark.parametrize("rotate", [0, 90, 180, 270])
def test_turned_pages_read_like_the_upright_one(rotate: int) -> None:
    spec = specs.cong_van()
    upright = page_view(load_text(docgen.render(spec).pdf).pages[0])
    doc = docgen.render(spec, rotate=rotate, box_offset=(13.3, 27.7), media_margin=19.1)
    page = load_text(doc.pdf).pages[0]
    view = page_view(page)
    assert view.frame == PageFrame.of(page.mediabox, page.cropbox, rotate)
    assert _texts(view.lines) == _texts(upright.lines)
    # display coordinates do not depend on the turn or on where the CropBox sits
    for a, b in zip(view.lines, upright.lines, strict=True):
        assert a.bbox == pytest.approx(b.bbox, abs=0.05)
        assert a.baseline == pytest.approx(b.baseline, abs=0.05)
    # ... and boxes go back to the user space the generator drew in
    line = next(ln for ln in view.lines if ln.extracted.endswith("./."))
    n, k = len(line.extracted), len(line.compact)
    ink = line.user_bbox(n - 3, n)  # glyph ink, inside the generator's line box of "./."
    assert _inside(ink, doc.truth.closing.bbox)
    assert view.frame.box_to_user(line.span_bbox(k - 3, k)) == pytest.approx(ink)
    assert line.span_text(k - 3, k) == "./."


def _inside(inner: tuple[float, ...], outer: tuple[float, ...], slack: float = 1.0) -> bool:
    return (
        inner[0] >= outer[0] - slack
        and inner[1] >= outer[1] - slack
        and inner[2] <= outer[2] + slack
        and inner[3] <= outer[3] + slack
    )


def test_lines_in_reading_order_and_rows() -> None:
    view = page_view(load_text(docgen.render(specs.cong_van()).pdf).pages[0])
    tops = [round(ln.baseline) for ln in view.lines]
    assert tops == sorted(tops, reverse=True)  # top to bottom
    rows = view.rows()
    assert sum(len(r) for r in rows) == len(view.lines)
    first = rows[0]
    assert [ln.x0 for ln in first] == sorted(ln.x0 for ln in first)
    # the two-column header shares the first row: issuer's parent body and the Quốc hiệu
    assert any("CỘNG HÒA" in ln.text for ln in first) and len(first) == 2


def test_text_readings() -> None:
    view = page_view(load_text(docgen.render(specs.cong_van()).pdf).pages[0])
    line = next(ln for ln in view.lines if ln.text.startswith("Kính gửi"))
    assert line.folded.startswith("KINH GUI")
    assert " " not in line.compact and line.key == line.compact.lower()
    assert line.printed.startswith("Kính gửi")
    title = next(ln for ln in view.lines if ln.text == "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM")
    assert title.is_upper and title.is_mostly_upper and not line.is_upper
    assert view.overlapping(title.bbox) == [title]


def test_signature_info_is_frozen_and_prints_pages_one_based() -> None:
    info = SignatureInfo(
        field="Signature1",
        kind=SignatureKind.TIMESTAMP,
        page=0,
        rect=[300, 200, 100, 150],
        byte_range=[0, 1],
    )
    assert info.rect == (100.0, 150.0, 300.0, 200.0)
    assert info.visible
    data = info.to_dict()
    assert data["page"] == 1 and data["kind"] == "timestamp" and data["byte_range"] == [0, 1]
    with pytest.raises(attrs.exceptions.FrozenInstanceError):
        info.field = "x"  # type: ignore[misc]
    assert not SignatureInfo(field="Invisible").visible


def test_unsigned_pdf_has_no_signatures() -> None:
    assert list_signatures(docgen.render(specs.cong_van()).pdf) == []
