"""The glyph-level text layer on PDFs rendered by reportlab (a real producer)."""

from __future__ import annotations

import io
from pathlib import Path

import pytest

from vndocsign import PdfError
from vndocsign.pdf import load_text, read_pdf_bytes

pytest.importorskip("reportlab")
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.ttfonts import TTFont
from reportlab.pdfgen import canvas

FONT_DIR = Path("/usr/share/fonts/truetype/liberation2")


@pytest.fixture(scope="module", autouse=True)
def _fonts() -> None:
    regular, bold = FONT_DIR / "LiberationSerif-Regular.ttf", FONT_DIR / "LiberationSerif-Bold.ttf"
    if not regular.is_file():
        pytest.skip("fonts-liberation2 is not installed (.ci/run installs it)")
    pdfmetrics.registerFont(TTFont("VnSerif", str(regular)))
    pdfmetrics.registerFont(TTFont("VnSerif-Bold", str(bold)))


def _pdf(draw, *, pagesize=(595.28, 841.89), rotate: int = 0, cropbox=None) -> bytes:  # type: ignore[no-untyped-def]
    buf = io.BytesIO()
    c = canvas.Canvas(buf, pagesize=pagesize)
    if rotate:
        c.setPageRotation(rotate)
    if cropbox:
        c.setCropBox(cropbox)
    draw(c)
    c.showPage()
    c.save()
    return buf.getvalue()


def _single_runs(c, text: str, x: float, y: float, font: str = "VnSerif", size: float = 14) -> None:  # type: ignore[no-untyped-def]
    c.setFont(font, size)
    for ch in text:
        c.drawString(x, y, ch)
        x += pdfmetrics.stringWidth(ch, font, size)


def test_two_columns_split_and_vietnamese_survives() -> None:
    def draw(c):  # type: ignore[no-untyped-def]
        c.setFont("VnSerif-Bold", 13)
        c.drawString(80, 780, "ỦY BAN NHÂN DÂN")
        c.drawString(320, 780, "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM")
        c.setFont("VnSerif", 14)
        c.drawString(85, 600, "Đề nghị các đơn vị thực hiện nghiêm túc./.")

    text = load_text(_pdf(draw))
    lines = [ln.text for ln in text.lines()]
    assert lines == [
        "ỦY BAN NHÂN DÂN",
        "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM",
        "Đề nghị các đơn vị thực hiện nghiêm túc./.",
    ]
    header = next(text.lines())
    assert header.bold
    assert header.size == pytest.approx(13)
    body = list(text.lines())[-1]
    assert not body.bold


def test_single_character_runs_give_the_same_line_and_exact_glyph_end() -> None:
    sentence = "Đề nghị các đơn vị thực hiện nghiêm túc./."

    def draw(c):  # type: ignore[no-untyped-def]
        _single_runs(c, sentence, 85, 600)

    line = next(load_text(_pdf(draw)).lines())
    assert line.text == sentence
    expected_end = 85 + pdfmetrics.stringWidth(sentence, "VnSerif", 14)
    end_of_dot = line.char_span(len(sentence) - 1, len(sentence))[2]
    assert end_of_dot == pytest.approx(expected_end, abs=1.0)


def test_cropbox_offset_and_rotation_keep_user_space() -> None:
    def draw(c):  # type: ignore[no-untyped-def]
        c.setFont("VnSerif", 12)
        c.drawString(150, 300, "Nơi nhận:")

    page = load_text(_pdf(draw, rotate=90, cropbox=(100, 100, 500, 700))).pages[0]
    assert page.rotation == 90
    assert page.cropbox == pytest.approx((100, 100, 500, 700))
    line = page.lines[0]
    assert line.text == "Nơi nhận:"
    x0, y0, _, _ = line.bbox
    assert x0 == pytest.approx(150, abs=1.5)
    assert y0 == pytest.approx(300, abs=4)


def test_image_only_pdf_has_no_text() -> None:
    def draw(c):  # type: ignore[no-untyped-def]
        c.rect(100, 100, 200, 200, fill=1)

    assert not load_text(_pdf(draw)).has_text


@pytest.mark.parametrize(
    ("data", "code"),
    [
        (b"", "pdf.not_pdf"),
        (b"hello world", "pdf.not_pdf"),
        (b"%PDF-1.7\n1 0 obj <<>> endobj\n%%EOF", "pdf.damaged"),
        (b"%PDF-1.4\n" + b"\x00" * 100, "pdf.damaged"),
    ],
)
def test_damaged_input_raises_pdf_error(data: bytes, code: str) -> None:
    with pytest.raises(PdfError) as info:
        load_text(data)
    assert info.value.vi and info.value.en
    assert info.value.code == code


def test_encrypted_pdf_needs_the_password(tmp_path: Path) -> None:
    pypdf = pytest.importorskip("pypdf")

    def draw(c):  # type: ignore[no-untyped-def]
        c.setFont("VnSerif", 12)
        c.drawString(100, 700, "Văn bản mật")

    writer = pypdf.PdfWriter(clone_from=io.BytesIO(_pdf(draw)))
    writer.encrypt(user_password="đúng", owner_password="owner", algorithm="AES-256")
    out = io.BytesIO()
    writer.write(out)
    with pytest.raises(PdfError, match="password") as info:
        load_text(out.getvalue())
    assert info.value.code == "pdf.encrypted"
    assert next(load_text(out.getvalue(), password="đúng").lines()).text == "Văn bản mật"


def test_input_file_is_never_modified(tmp_path: Path) -> None:
    def draw(c):  # type: ignore[no-untyped-def]
        c.setFont("VnSerif", 12)
        c.drawString(100, 700, "Số: 12/QĐ-UBND")

    path = tmp_path / "in.pdf"
    path.write_bytes(_pdf(draw))
    before = path.read_bytes()
    load_text(path)
    assert path.read_bytes() == before
    assert read_pdf_bytes(path) == before
    with pytest.raises(PdfError) as info:
        read_pdf_bytes(tmp_path / "missing.pdf")
    assert info.value.code == "pdf.unreadable"
