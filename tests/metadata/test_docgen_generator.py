"""The test-document generator itself: its PDFs look like Decree 30 documents and its ground
truth agrees with what PDFium reads back (other capabilities' tests rely on that truth)."""

from __future__ import annotations

import io
import re

import pytest
from pypdf import PdfReader

import docgen
from docgen import specs
from docgen.pdf import BOTTOM, PAGE_H, TOP
from vndocsign.pdf import PdfText, load_text

pytestmark = pytest.mark.usefixtures("docgen_fonts")


def _inside(inner: tuple[float, ...], outer: tuple[float, ...], tol: float = 1.0) -> bool:
    return (
        inner[0] >= outer[0] - tol
        and inner[1] >= outer[1] - tol
        and inner[2] <= outer[2] + tol
        and inner[3] <= outer[3] + tol
    )


def _chars_in(text: PdfText, page: int, box: tuple[float, ...]) -> str:
    glyphs = [g for ln in text.pages[page].lines for g in ln.glyphs if _inside(g.bbox, box)]
    glyphs.sort(key=lambda g: (g.bbox[0], g.bbox[1]))
    return "".join(g.char for g in glyphs)


def _sorted_chars(text: str) -> str:
    return "".join(sorted(text.replace(" ", "")))


@pytest.mark.parametrize("runs", ["line", "word", "char", "chunks"])
@pytest.mark.parametrize(
    ("rotate", "offset"),
    [(0, (0.0, 0.0)), (0, (36.0, 48.0)), (90, (20.0, 30.0)), (180, (0, 0)), (270, (12.0, 0.0))],
)
def test_truth_matches_pdfium_glyphs(runs: str, rotate: int, offset: tuple[float, float]) -> None:
    doc = docgen.render(
        specs.cong_van(),
        runs=runs,
        rotate=rotate,
        box_offset=offset,
        media_margin=15.0 if offset != (0, 0) else 0.0,
    )
    text = load_text(doc.pdf)
    truth = doc.truth
    page = text.pages[truth.closing.page]
    assert page.rotation == rotate
    assert page.cropbox == pytest.approx(truth.cropbox, abs=0.01)
    assert page.mediabox == pytest.approx(truth.mediabox, abs=0.01)
    assert _sorted_chars(_chars_in(text, truth.closing.page, truth.closing.bbox)) == "../"
    signer = truth.signer
    assert _sorted_chars(_chars_in(text, signer.name.page, signer.name.bbox)) == _sorted_chars(
        "Trần Minh Khoa"
    )
    assert _sorted_chars(
        _chars_in(text, signer.position.page, signer.position.bbox)
    ) == _sorted_chars("PHÓ CHỦ TỊCH")
    # nothing is drawn in the signature band
    assert _chars_in(text, signer.name.page, signer.signature_area.bbox) == ""


def test_char_runs_emit_one_show_operator_per_glyph() -> None:
    doc = docgen.render(specs.cong_van(), runs="char", compress=False)
    line = docgen.render(specs.cong_van(), runs="line", compress=False)
    glyphs = sum(len(ln.glyphs) for ln in load_text(doc.pdf).pages[0].lines)
    assert doc.pdf.count(b") Tj") >= glyphs
    assert line.pdf.count(b") Tj") < glyphs / 10


def test_fonts_are_embedded_subsets_of_liberation_serif() -> None:
    reader = PdfReader(io.BytesIO(docgen.render(specs.cong_van()).pdf))
    fonts = reader.pages[0]["/Resources"]["/Font"]
    names = set()
    for ref in fonts.values():
        font = ref.get_object()
        descriptor = font["/FontDescriptor"].get_object()
        assert "/FontFile2" in descriptor
        names.add(str(font["/BaseFont"]))
    assert all(re.match(r"/[A-Z]{6}\+LiberationSerif", n) for n in names)
    assert len(names) == 4  # regular, bold, italic, bold italic


def test_end_at_bottom_puts_closing_on_last_line_and_footer_on_next_page() -> None:
    doc = docgen.render(specs.bottom_ending(), end_at_bottom=True, runs="char")
    truth = doc.truth
    closing = truth.closing
    assert truth.signer.position.page == closing.page + 1
    assert truth.fields["distribution_label"].page == closing.page + 1
    line_height = doc.spec.body_size * 1.2
    assert BOTTOM <= closing.baseline < BOTTOM + line_height
    text = load_text(doc.pdf)
    last_line = min(text.pages[closing.page].lines, key=lambda ln: ln.baseline)
    assert last_line.text.endswith("./.")


def test_multi_page_report_numbers_pages_from_two() -> None:
    doc = docgen.render(specs.bao_cao(pages=3))
    assert doc.truth.page_count >= 3
    text = load_text(doc.pdf)
    assert len(text.pages) == doc.truth.page_count
    for page in text.pages[1:]:
        top = max(page.lines, key=lambda ln: ln.baseline)
        assert top.text == str(page.index + 1)
        assert top.baseline > PAGE_H - TOP
    first_top = max(text.pages[0].lines, key=lambda ln: ln.baseline)
    assert not first_top.text.isdigit()


def test_bien_ban_has_two_signers_side_by_side() -> None:
    truth = docgen.render(specs.bien_ban()).truth
    left, right = truth.signers
    assert left.position.text == "THƯ KÝ"
    assert right.position.text == "CHỦ TỌA"
    assert left.name.bbox[2] < right.name.bbox[0]
    assert left.name.baseline == pytest.approx(right.name.baseline)


def test_draft_prints_blank_number_and_date() -> None:
    doc = docgen.render(specs.draft_quyet_dinh())
    page = load_text(doc.pdf).pages[0]
    lines = [ln.text for ln in page.lines]
    assert "DỰ THẢO" in lines
    so = next(ln for ln in page.lines if ln.text == "Số:")
    notation = next(ln for ln in page.lines if ln.text == "/QĐ-UBND")
    assert so.baseline == pytest.approx(notation.baseline)
    assert notation.bbox[0] - so.bbox[2] > 20  # the blank left for the registry's number
    assert doc.truth.fields["date_line"].text == "Quảng Ngãi, ngày      tháng      năm 2024"


def test_rendering_is_deterministic() -> None:
    assert docgen.render(specs.to_trinh()).pdf == docgen.render(specs.to_trinh()).pdf


def test_shuffled_stream_order_keeps_the_page_identical() -> None:
    plain = load_text(docgen.render(specs.cong_van(), runs="word").pdf)
    shuffled_doc = docgen.render(specs.cong_van(), runs="word", shuffle=True, compress=False)
    shuffled = load_text(shuffled_doc.pdf)
    assert [ln.text for ln in plain.pages[0].reading_order()] == [
        ln.text for ln in shuffled.pages[0].reading_order()
    ]
    # ... while the content stream really is out of reading order
    ys = [float(y) for y in re.findall(rb"BT 1 0 0 1 [-\d.]+ ([-\d.]+) Tm", shuffled_doc.pdf)]
    assert len(ys) > 50
    assert ys != sorted(ys, reverse=True)


def test_fake_bold_has_no_bold_font() -> None:
    text = load_text(docgen.render(specs.cong_van(), fake_bold=True).pdf)
    assert not any(g.bold for ln in text.pages[0].lines for g in ln.glyphs)
    assert b"2 Tr" in docgen.render(specs.cong_van(), fake_bold=True, compress=False).pdf


@pytest.mark.libreoffice
def test_libreoffice_producer_renders_tables(libreoffice: object) -> None:
    pdf = libreoffice.pdf(specs.cong_van())  # type: ignore[attr-defined]
    info = PdfReader(io.BytesIO(pdf)).metadata
    assert info is not None
    assert "LibreOffice" in str(info.get("/Producer", ""))
    text = load_text(pdf)
    lines = [ln.text for ln in text.pages[0].reading_order()]
    assert "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM" in lines
    assert any(t.endswith("./.") for t in lines)
    assert "Trần Minh Khoa" in lines
