"""Attachment / copy stamps, find_anchor, and bad input."""

from __future__ import annotations

import io

import pytest
from pypdf import PdfReader, PdfWriter

from vndocsign import PdfError, PlacementError
from vndocsign.model import SignatureRole
from vndocsign.pdf import load_text
from vndocsign.placement import (
    DEFAULT_ATTACHMENT_TEXT,
    AmbiguousPlacementError,
    AnchorNotFoundError,
    NoTextLayerError,
    PlacementOptions,
    find_anchor,
    find_placement,
    find_placements,
    prepare,
    text_width,
)

from .agency import Sheet, body, recipients, signer

pytestmark = pytest.mark.usefixtures("docgen_fonts")


def _letter() -> Sheet:
    sheet = Sheet()
    sheet.centered(160, 790, "ỦY BAN NHÂN DÂN TỈNH", "B", 12)
    sheet.centered(400, 790, "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM", "B", 12)
    body(sheet, ["Đề nghị các cơ quan, đơn vị triển khai thực hiện./."], y=520)
    recipients(sheet, 85, 450, ["- Như trên;", "- Lưu: VT."])
    signer(sheet, 400, 450, ["GIÁM ĐỐC"], "Lê Văn Thắng")
    return sheet


def _blank_pages(n: int, size: tuple[float, float] = (595.28, 841.89)) -> bytes:
    writer = PdfWriter()
    for _ in range(n):
        writer.add_blank_page(*size)
    out = io.BytesIO()
    writer.write(out)
    return out.getvalue()


def test_text_width_matches_the_real_font() -> None:
    from reportlab.pdfbase.pdfmetrics import stringWidth

    from .agency import font

    for text in (DEFAULT_ATTACHMENT_TEXT, "SAO LỤC; VĂN PHÒNG ỦY BAN NHÂN DÂN TỈNH"):
        real = stringWidth(text, font("Liberation"), 10)
        assert text_width(text, 10) == pytest.approx(real, rel=0.02)


@pytest.mark.parametrize("role", ["attachment", "copy"])
def test_stamp_top_right_of_page_one_sized_for_its_text(role: str) -> None:
    sheet = _letter()
    sheet.new_page()
    sheet.text(85, 700, "Trang hai")
    p = find_placement(sheet.pdf(), role)
    assert p.page == 0 and p.role == SignatureRole(role)
    x0, y0, x1, y1 = p.rect
    assert x1 <= 595.28 - 5 * 72 / 25.4 and y1 <= 841.89
    assert x0 > 595.28 / 2 - 60  # right part of the page
    assert y0 > 790  # above the Quốc hiệu: nothing covered
    rows = round((p.height - 4) / 12)  # 10 pt text, 1.2 leading, 2 pt padding
    assert rows >= 1
    assert p.width * rows >= text_width(p.anchor.text, 10)
    if role == "attachment":  # the Decree 30 attachment text fits on one line
        assert rows == 1
    assert p.confidence >= 0.85
    assert p.anchor.text.startswith("Số: " if role == "attachment" else "SAO Y; ")


def test_long_copy_text_wraps_within_the_right_half() -> None:
    opts = PlacementOptions(
        copy_form="TRÍCH SAO",
        copy_agency="VĂN PHÒNG ỦY BAN NHÂN DÂN THÀNH PHỐ HỒ CHÍ MINH",
    )
    p = find_placement(_letter().pdf(), "copy", options=opts)
    assert p.width <= 595.28 / 2
    assert p.height >= 2 * 12  # two lines of 10 pt
    assert p.anchor.text.startswith("TRÍCH SAO; ")


def test_stamp_on_a_scan_uses_the_decree_margins() -> None:
    """Copies are usually scans: no text layer is needed for the stamp."""
    p = find_placement(_blank_pages(2), "copy", options=PlacementOptions(stamp_text="SAO Y; X"))
    assert p.page == 0
    assert p.rect[2] == pytest.approx(595.28 - 20 * 72 / 25.4, abs=0.5)
    assert 841.89 - 72 < p.rect[1] < p.rect[3] < 841.89
    assert p.notes


def test_text_less_pdf_is_a_typed_error_for_text_roles() -> None:
    pdf = _blank_pages(1)
    for role in ("initial", "personal", "agency"):
        with pytest.raises(NoTextLayerError) as info:
            find_placement(pdf, role)
        assert info.value.details["looked_for"]
        assert "không có lớp văn bản" in info.value.vi


def test_encrypted_and_non_pdf_inputs() -> None:
    writer = PdfWriter(clone_from=PdfReader(io.BytesIO(_letter().pdf())))
    writer.encrypt(user_password="mat-khau", algorithm="AES-128")
    out = io.BytesIO()
    writer.write(out)
    with pytest.raises(PdfError, match="encrypted"):
        find_placement(out.getvalue(), "initial")
    p = find_placement(out.getvalue(), "initial", password="mat-khau")
    assert p.anchor.text == "./."
    with pytest.raises(PdfError):
        find_placement(b"not a pdf", "personal")
    with pytest.raises(PdfError):
        find_placement(b"%PDF-1.7\n garbage", "personal")


def test_unknown_role_and_bad_options() -> None:
    with pytest.raises(PlacementError, match="bogus") as unknown:
        find_placement(b"%PDF-1.4", "bogus")
    assert unknown.value.code == "placement.unknown_role"
    for bad in (
        {"initial_size": (0, 10)},
        {"seal_overlap": 1.5},
        {"seal_diameter_mm": -1},
    ):
        with pytest.raises(PlacementError) as info:
            PlacementOptions(**bad)  # type: ignore[arg-type]
        assert info.value.code == "placement.invalid_option"


def test_one_parse_serves_every_role() -> None:
    pdf = _letter().pdf()
    layout = prepare(pdf)
    assert prepare(layout) is layout
    from_text = prepare(load_text(pdf))
    for role in SignatureRole:
        assert find_placement(layout, role) == find_placement(from_text, role)
    assert find_placements(layout, "personal")[0] == find_placement(pdf, "personal")


def test_find_anchor_glyph_precise_and_whitespace_insensitive() -> None:
    sheet = _letter()
    pdf = sheet.pdf(per_char=True)
    anchor = find_anchor(pdf, "triển khai")
    line = sheet.find("Đề nghị các cơ quan, đơn vị triển khai thực hiện./.")
    assert line.x0 < anchor.bbox[0] < anchor.bbox[2] < line.x1
    assert anchor.bbox[1] < line.baseline < anchor.bbox[3]
    assert anchor.text == "triển khai"
    assert find_anchor(pdf, "GIÁM  ĐỐC").page == 0
    assert find_anchor(pdf, "uỷ ban nhân dân tỉnh").page == 0  # old tone placement, any case


def test_find_anchor_occurrences() -> None:
    sheet = _letter()
    sheet.text(85, 300, "Đề nghị thêm")
    pdf = sheet.pdf()
    with pytest.raises(AmbiguousPlacementError) as info:
        find_anchor(pdf, "Đề nghị")
    assert len(info.value.details["candidates"]) == 2
    first = find_anchor(pdf, "Đề nghị", occurrence=0)
    last = find_anchor(pdf, "Đề nghị", occurrence=-1)
    assert first.bbox[1] > last.bbox[1]
    with pytest.raises(AnchorNotFoundError):
        find_anchor(pdf, "Đề nghị", occurrence=5)
    with pytest.raises(AnchorNotFoundError):
        find_anchor(pdf, "không có trong văn bản")


def test_placement_json_shape() -> None:
    p = find_placement(_letter().pdf(), "initial")
    data = p.to_dict()
    assert set(data) == {"page", "rect", "role", "anchor"}
    assert set(data["anchor"]) == {"text", "page", "bbox"}
    assert data["role"] == "initial" and len(data["rect"]) == 4
