"""Pages laid out by hand, the way some agency systems print them, independent of docgen's
layout code: space-padded single runs for both header columns, no bold fonts at all, a
"Kính gửi:" alone on its line, a date line wrapped in a narrow column."""

from __future__ import annotations

import io
from collections.abc import Sequence

import pytest

from docgen.pdf import _font_name, _register_fonts, fonts_available
from vndocsign.metadata import extract

pytestmark = pytest.mark.skipif(not fonts_available(), reason="Liberation Serif not installed")

Item = tuple[float, float, str, str, float]  # x, baseline y, text, style (R/B/I/BI), size


def _page(items: Sequence[Item]) -> bytes:
    _register_fonts()
    from reportlab.pdfgen.canvas import Canvas

    out = io.BytesIO()
    canvas = Canvas(out, pagesize=(595.28, 841.89), initialFontName=_font_name("R"))
    for x, y, text, style, size in items:
        canvas.setFont(_font_name(style), size)
        canvas.drawString(x, y, text)
    canvas.showPage()
    canvas.save()
    return out.getvalue()


def test_space_padded_header_runs_and_plain_fonts() -> None:
    # One run per visual line, columns made with spaces; every font regular (no bold flag).
    pdf = _page(
        [
            (95, 790, "BỘ NỘI VỤ          CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM", "R", 12),
            (300, 775, "Độc lập - Tự do - Hạnh phúc", "R", 13),
            (80, 750, "Số: 05/BNV-VP    Hà Nội, ngày 05 tháng 01 năm 2020", "R", 13),
            (80, 734, "V/v hướng dẫn công tác văn thư", "R", 12),
            (140, 700, "Kính gửi:", "R", 14),
            (210, 700, "- Các bộ, cơ quan ngang bộ;", "R", 14),
            (210, 683, "- Ủy ban nhân dân các tỉnh, thành phố.", "R", 14),
            (85, 650, "Bộ Nội vụ hướng dẫn thực hiện công tác văn thư như sau./.", "R", 14),
            (85, 620, "Nơi nhận:", "R", 12),
            (330, 620, "KT. BỘ TRƯỞNG", "R", 13),
            (85, 606, "- Như trên;", "R", 11),
            (340, 604, "THỨ TRƯỞNG", "R", 13),
            (85, 593, "- Lưu: VT, VP.", "R", 11),
            (330, 530, "Nguyễn Văn Bình", "R", 14),
        ]
    )
    result = extract(pdf)
    doc = result.document
    assert str(doc.number) == "05/BNV-VP"
    assert doc.place == "Hà Nội"
    assert doc.issued_date is not None and doc.issued_date.isoformat() == "2020-01-05"
    assert doc.issuer is not None and doc.issuer.name == "BỘ NỘI VỤ"
    assert doc.subject == "V/v hướng dẫn công tác văn thư"
    assert doc.recipients == ("Các bộ, cơ quan ngang bộ", "Ủy ban nhân dân các tỉnh, thành phố")
    assert doc.distribution == ("Như trên", "Lưu: VT, VP")
    signer = doc.signer
    assert signer is not None
    assert (signer.full_name, signer.position, signer.authority_text) == (
        "Nguyễn Văn Bình",
        "THỨ TRƯỞNG",
        "KT. BỘ TRƯỞNG",
    )
    # found without any bold font: less sure than with one
    assert result.fields["signer_name"].confidence < 0.9


def test_kinh_gui_alone_on_its_line_and_wrapped_date() -> None:
    pdf = _page(
        [
            (100, 790, "ỦY BAN NHÂN DÂN", "R", 12),
            (300, 790, "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM", "B", 12),
            (95, 776, "THÀNH PHỐ HỒ CHÍ MINH", "R", 12),
            (330, 776, "Độc lập - Tự do - Hạnh phúc", "B", 13),
            (110, 762, "SỞ NỘI VỤ", "B", 12),
            (110, 740, "Số: 1234/SNV-VP", "R", 13),
            (330, 740, "Thành phố Hồ Chí Minh, ngày 29", "I", 13),
            (380, 725, "tháng 6 năm 2019", "I", 13),
            (95, 724, "V/v triển khai chữ ký số", "R", 12),
            (115, 708, "chuyên dùng công vụ", "R", 12),
            (180, 680, "Kính gửi:", "R", 14),
            (200, 663, "- Các phòng, ban thuộc Sở;", "R", 14),
            (200, 646, "- Các đơn vị sự nghiệp trực thuộc.", "R", 14),
            (85, 620, "Sở Nội vụ đề nghị các đơn vị triển khai thực hiện./.", "R", 14),
            (85, 590, "Nơi nhận:", "BI", 12),
            (340, 590, "GIÁM ĐỐC", "B", 13),
            (85, 576, "- Như trên;", "R", 11),
            (85, 563, "- Lưu: VT, VP.", "R", 11),
            (320, 500, "Trương Thị Ánh Tuyết", "B", 14),
        ]
    )
    doc = extract(pdf).document
    assert doc.place == "Thành phố Hồ Chí Minh"
    assert doc.issued_date is not None and doc.issued_date.isoformat() == "2019-06-29"
    assert doc.issuer is not None
    assert (doc.issuer.name, doc.issuer.parent) == (
        "SỞ NỘI VỤ",
        "ỦY BAN NHÂN DÂN THÀNH PHỐ HỒ CHÍ MINH",
    )
    assert doc.subject == "V/v triển khai chữ ký số chuyên dùng công vụ"
    assert doc.recipients == ("Các phòng, ban thuộc Sở", "Các đơn vị sự nghiệp trực thuộc")
    assert doc.signer is not None
    assert (doc.signer.full_name, doc.signer.position) == ("Trương Thị Ánh Tuyết", "GIÁM ĐỐC")


def test_document_without_closing_mark_still_finds_the_footer() -> None:
    pdf = _page(
        [
            (110, 790, "SỞ TÀI CHÍNH", "B", 12),
            (300, 790, "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM", "B", 12),
            (330, 776, "Độc lập - Tự do - Hạnh phúc", "B", 13),
            (110, 750, "Số: 88/STC-NS", "R", 13),
            (330, 750, "Đà Nẵng, ngày 10 tháng 10 năm 2024", "I", 13),
            (85, 700, "Nội dung văn bản không có ký hiệu kết thúc.", "R", 14),
            (85, 660, "Nơi nhận:", "BI", 12),
            (330, 660, "TL. GIÁM ĐỐC", "B", 13),
            (85, 646, "- Lưu: VT, NS.", "R", 11),
            (310, 645, "TRƯỞNG PHÒNG NGÂN SÁCH", "B", 13),
            (330, 570, "Phan Thanh Tâm", "B", 14),
        ]
    )
    result = extract(pdf)
    assert "closing" not in result.fields
    signer = result.document.signer
    assert signer is not None
    assert (signer.full_name, signer.position, signer.authority_text) == (
        "Phan Thanh Tâm",
        "TRƯỞNG PHÒNG NGÂN SÁCH",
        "TL. GIÁM ĐỐC",
    )
    assert result.document.distribution == ("Lưu: VT, NS",)
