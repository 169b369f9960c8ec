"""Coordinate spaces: what PDFium reports, and rectangles back in user space.

Facts established here (pypdfium2 / PDFium):

* glyph boxes are in PDF user space of the *unrotated* page: ``/Rotate`` is not applied and
  the CropBox/MediaBox lower-left corner is not subtracted;
* so a placement rectangle is usable as a ``/Rect`` as is, and on a rotated page it has to be
  computed in the reading frame and turned back.
"""

from __future__ import annotations

import io

import pytest
from pypdf import PdfReader, PdfWriter
from pypdf.generic import NameObject, NumberObject, RectangleObject

from vndocsign.pdf import PageFrame, load_text
from vndocsign.placement import detect_rotation, find_anchor, find_placement, prepare

from .agency import Sheet, body, recipients, signer
from .conftest import to_display

pytestmark = pytest.mark.usefixtures("docgen_fonts")


def _modified(
    pdf: bytes,
    *,
    rotate: int = 0,
    crop: tuple[float, ...] | None = None,
    media: tuple[float, ...] | None = None,
) -> bytes:
    writer = PdfWriter(clone_from=PdfReader(io.BytesIO(pdf)))
    for page in writer.pages:
        if media:
            page.mediabox = RectangleObject(media)
        if crop:
            page.cropbox = RectangleObject(crop)
        if rotate:
            page[NameObject("/Rotate")] = NumberObject(rotate)
    out = io.BytesIO()
    writer.write(out)
    return out.getvalue()


def _letter() -> tuple[Sheet, bytes]:
    sheet = Sheet()
    body(sheet, ["Đề nghị các cơ quan, đơn vị triển khai thực hiện./."], y=520)
    recipients(sheet, 85, 450, ["- Như trên;", "- Lưu: VT."])
    signer(sheet, 400, 450, ["KT. GIÁM ĐỐC", "PHÓ GIÁM ĐỐC"], "Lê Văn Thắng")
    return sheet, sheet.pdf()


def test_pdfium_boxes_ignore_rotate_and_box_offsets() -> None:
    sheet, pdf = _letter()
    mark = sheet.find("Đề nghị các cơ quan, đơn vị triển khai thực hiện./.")
    for variant in (
        _modified(pdf, rotate=90),
        _modified(pdf, crop=(40, 60, 560, 800)),
        _modified(pdf, media=(-100, -50, 600, 842), crop=(-100, -50, 600, 842)),
    ):
        text = load_text(variant)
        line = next(ln for ln in text.pages[0].lines if ln.text.endswith("./."))
        assert line.glyphs[0].origin == pytest.approx((mark.x0, mark.baseline), abs=0.01)


def test_frame_round_trip_for_each_quarter_turn() -> None:
    _sheet, pdf = _letter()
    page = load_text(_modified(pdf, crop=(30, 40, 580, 820))).pages[0]
    box = (100.0, 200.0, 150.0, 230.0)
    for rotation in (0, 90, 180, 270):
        frame = PageFrame.of(page.mediabox, page.cropbox, rotation)
        shown = frame.box_to_display(box)
        assert frame.box_to_user(shown) == pytest.approx(box)
        assert 0 <= shown[0] < shown[2] <= frame.width and 0 <= shown[1] < shown[3] <= frame.height
        assert frame.width * frame.height == pytest.approx(550 * 780)


def test_clamp_keeps_boxes_on_the_visible_page() -> None:
    _sheet, pdf = _letter()
    page = load_text(_modified(pdf, crop=(30, 40, 580, 820))).pages[0]
    frame = PageFrame.of(page.mediabox, page.cropbox, 0)
    box, moved = frame.clamp(frame.box_to_display((560.0, 10.0, 620.0, 40.0)))
    assert moved
    assert frame.box_to_user(box) == pytest.approx((520.0, 40.0, 580.0, 70.0))
    inside = frame.box_to_display((100.0, 100.0, 120.0, 120.0))
    same, moved = frame.clamp(inside)
    assert not moved and same == inside


def test_page_rotated_after_the_fact_keeps_its_text_frame() -> None:
    """``/Rotate 90`` added to an upright page: the text is read sideways, boxes follow it."""
    _sheet, pdf = _letter()
    rotated = _modified(pdf, rotate=90)
    assert detect_rotation(load_text(rotated).pages[0]) == 0
    plain = find_placement(pdf, "initial")
    turned = find_placement(rotated, "initial")
    assert turned.rect == pytest.approx(plain.rect)
    assert turned.rotation == 0


@pytest.mark.parametrize("rotate", [90, 180, 270])
def test_landscape_content_drawn_turned_is_read_upright(rotate: int) -> None:
    """Content drawn turned so that it reads upright once the viewer applies ``/Rotate``."""
    sheet = Sheet(pagesize=(841.89, 595.28))  # a landscape page as the reader sees it
    mark = sheet.text(85, 300, "Bảng tổng hợp kết thúc./.")
    w, h = 841.89, 595.28
    matrices = {90: (0, 1, -1, 0, h, 0), 180: (-1, 0, 0, -1, w, h), 270: (0, -1, 1, 0, 0, w)}

    def turn(c: object) -> None:
        c.transform(*matrices[rotate])  # type: ignore[attr-defined]

    # reportlab writes the MediaBox swapped for /Rotate 90 and 270: (w, h) gives a portrait
    # MediaBox there, the usual make-up of a landscape page inside a portrait document.
    pdf = sheet.pdf(rotate=rotate, transform=turn)
    layout = prepare(pdf)
    page = layout.text.pages[0]
    portrait = page.mediabox[2] < page.mediabox[3]
    assert portrait == (rotate in (90, 270))
    assert layout.page(0).frame.rotation == rotate
    p = find_placement(layout, "initial")
    assert p.rotation == rotate
    cropbox = page.cropbox
    x0, y0, _x1, y1 = to_display(p.rect, rotate, cropbox)
    assert 0 <= x0 - mark.x1 <= 6
    assert y0 < mark.baseline < y1
    anchor = find_anchor(layout, "kết thúc")
    ax0, _, ax1, _ = to_display(anchor.bbox, rotate, cropbox)
    assert mark.x0 < ax0 < ax1 < mark.x1


def test_offset_cropbox_and_mediabox() -> None:
    _sheet, pdf = _letter()
    shifted = _modified(pdf, media=(-100, -50, 600, 842), crop=(20, 30, 580, 830))
    a = find_placement(pdf, "personal")
    b = find_placement(shifted, "personal")
    assert b.rect == pytest.approx(a.rect)  # user space: nothing moves
    # a box that would leave the visible (cropped) page is pulled back inside it
    narrow = _modified(pdf, crop=(0, 0, 420, 842))
    seal = find_placement(narrow, "initial")
    assert seal.rect[2] <= 420
