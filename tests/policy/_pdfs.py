"""Real PDFs for the policy tests: Decree-30-like pages (reportlab) signed with pyHanko.

A tờ trình or a draft is drawn with Liberation Serif (Times New Roman metrics, Vietnamese
glyphs); the content ends with "./." and :func:`end_mark_box` says where, so a test can put
the initial's widget right after it, below it, or somewhere wrong. Keys and certificates come
from the shared certomancer test PKI (:mod:`tests.pki`).
"""

from __future__ import annotations

import io
from pathlib import Path
from typing import Any

from tests.pki import VnTestPki

# Only the 2.x Liberation fonts (Debian fonts-liberation2) carry the Vietnamese letters;
# the 1.x faces in .../liberation/ lack Ủ, Ộ, ề... and would render holes.
FONT_DIRS = (Path("/usr/share/fonts/truetype/liberation2"),)
BODY_SIZE = 13.0
LEFT = 85.0


def _font() -> tuple[str, str]:
    from reportlab.pdfbase import pdfmetrics
    from reportlab.pdfbase.ttfonts import TTFont

    for folder in FONT_DIRS:
        regular = folder / "LiberationSerif-Regular.ttf"
        bold = folder / "LiberationSerif-Bold.ttf"
        if regular.is_file() and bold.is_file():
            if "LibSerif" not in pdfmetrics.getRegisteredFontNames():
                pdfmetrics.registerFont(TTFont("LibSerif", str(regular)))
                pdfmetrics.registerFont(TTFont("LibSerif-Bold", str(bold)))
            return "LibSerif", "LibSerif-Bold"
    import pytest

    pytest.skip("Liberation Serif is not installed (fonts-liberation2)")
    raise AssertionError  # pragma: no cover


def make_document(
    *,
    heading: str = "TỜ TRÌNH",
    subject: str = "Về việc phê duyệt Kế hoạch chuyển đổi số năm 2024",
    body: tuple[str, ...] = (
        "Căn cứ Nghị định số 30/2020/NĐ-CP ngày 05 tháng 3 năm 2020 của Chính phủ;",
        "Sở Thông tin và Truyền thông kính trình Ủy ban nhân dân tỉnh xem xét,",
        "phê duyệt Kế hoạch chuyển đổi số năm 2024 của tỉnh.",
    ),
    closing: str = "Kính trình Ủy ban nhân dân tỉnh xem xét, quyết định./.",
    secret: str | None = None,
    draft: bool = False,
    filler_lines: int = 0,
) -> bytes:
    """One page (or more with ``filler_lines``) whose content ends with ``closing``."""
    from reportlab.lib.pagesizes import A4
    from reportlab.pdfgen import canvas

    regular, bold = _font()
    buf = io.BytesIO()
    c = canvas.Canvas(buf, pagesize=A4)
    c.setTitle(heading)
    width, height = A4
    y = height - 60
    c.setFont(bold, 12)
    c.drawCentredString(170, y, "ỦY BAN NHÂN DÂN")
    c.drawCentredString(400, y, "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM")
    y -= 16
    c.drawCentredString(170, y, "TỈNH QUẢNG NGÃI")
    c.drawCentredString(400, y, "Độc lập - Tự do - Hạnh phúc")
    y -= 24
    c.setFont(regular, 13)
    c.drawCentredString(400, y, "Quảng Ngãi, ngày 02 tháng 7 năm 2024")
    if secret:
        c.setFont(bold, 14)
        c.drawString(LEFT, y - 20, secret)
    if draft:
        c.setFont(bold, 13)
        c.drawString(width - 140, height - 30, "DỰ THẢO")
    y -= 50
    c.setFont(bold, 14)
    c.drawCentredString(width / 2, y, heading)
    y -= 18
    c.setFont(bold, 13)
    c.drawCentredString(width / 2, y, subject)
    y -= 40
    c.setFont(regular, BODY_SIZE)
    lines = list(body) + [f"Nội dung bổ sung số {i + 1} của văn bản." for i in range(filler_lines)]
    for line in lines:
        c.drawString(LEFT, y, line)
        y -= 20
        if y < 120:
            c.showPage()
            c.setFont(regular, BODY_SIZE)
            y = height - 80
    c.drawString(LEFT, y, closing)
    y -= 40
    c.setFont(bold, 12)
    c.drawString(LEFT, y, "Nơi nhận:")
    c.setFont(regular, 11)
    c.drawString(LEFT, y - 14, "- Như trên;")
    c.drawString(LEFT, y - 28, "- Lưu: VT.")
    c.setFont(bold, 13)
    c.drawCentredString(400, y, "GIÁM ĐỐC")
    c.showPage()
    c.save()
    return buf.getvalue()


def end_mark_box(pdf: bytes) -> tuple[int, tuple[float, float, float, float]]:
    """Page and box of the last "./." (through the SDK's own text layer)."""
    from vndocsign.pdf import load_text
    from vndocsign.policy import find_end_mark

    mark = find_end_mark(load_text(pdf))
    assert mark is not None
    return mark.page, mark.bbox


# -- signing (keys from the shared test PKI, tests/pki) ------------------------------------


def sign(
    pdf: bytes,
    pki: VnTestPki,
    label: str,
    *,
    field: str,
    page: int = 0,
    box: tuple[float, float, float, float] | None = None,
) -> bytes:
    """Sign ``pdf`` as ``label`` of the test PKI, in a new field (visible when ``box`` is given).

    Plain pyHanko on purpose: the tests put the widget where they want, right or wrong.
    """
    from pyhanko.pdf_utils.incremental_writer import IncrementalPdfFileWriter
    from pyhanko.sign import fields, signers

    signer = pki.simple_signer(label)
    writer = IncrementalPdfFileWriter(io.BytesIO(pdf))
    spec: Any = fields.SigFieldSpec(sig_field_name=field, on_page=page, box=box)
    out = io.BytesIO()
    signers.sign_pdf(
        writer,
        signers.PdfSignatureMetadata(field_name=field),
        signer=signer,
        new_field_spec=spec,
        output=out,
    )
    return out.getvalue()


def initial_box_after(
    pdf: bytes, *, dx: float = 3.0, dy: float = 0.0
) -> tuple[int, tuple[float, float, float, float]]:
    """A small widget box starting ``dx`` points right of the "./.", shifted ``dy`` down."""
    page, (_, y0, x1, _) = end_mark_box(pdf)
    return page, (x1 + dx, y0 - 4 - dy, x1 + dx + 50, y0 + 14 - dy)
