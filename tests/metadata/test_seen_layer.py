"""Issue 12 on generated documents: read the page as a person sees it.

* the number and day stamped into the blanks by agency signatures (pyHanko text appearances,
  shared test PKI) are read, with ``source: stamp``; the document is not a draft;
* several documents in one file; tight glyph spacing; a Thông tư; a Công báo reprint;
  junk before ``%PDF``; a signer known only from the certificate; a garbage text layer.
"""

from __future__ import annotations

import datetime as dt
import io

import pytest
from pypdf import PdfReader, PdfWriter

import docgen
from docgen import specs
from docgen.gazette import gazette_reprint
from docgen.lost_letters import drop_capitals
from docgen.spec import SignerSpec
from docgen.stamps import blank_day_line, issue_by_stamps, stamp
from tests.pki import AGENCY_MST, PERSONAL, VnTestPki
from tests.pki.fixtures import vn_pki  # noqa: F401 - session fixture
from vndocsign.metadata import FieldSource, NoSuchDocumentError, extract
from vndocsign.pdf import TextSourceKind, garbage_layer, list_signatures, load_text, ocr_available
from vndocsign.placement import find_placement

pytestmark = pytest.mark.usefixtures("docgen_fonts")


def _blank(**kw: object) -> docgen.RenderedDoc:
    spec = specs.cong_van(
        number="/UBND-KGVX",
        date=None,
        date_text=blank_day_line("Quảng Ngãi", 5, 2024),
        **kw,
    )
    return docgen.render(spec)


def test_number_and_day_stamped_by_agency_signatures(vn_pki: VnTestPki) -> None:
    blank = _blank()
    unstamped = extract(blank.pdf)
    assert unstamped.document.draft  # blank number, no stamp: a draft
    pdf = issue_by_stamps(blank, vn_pki, 2183, 31, personal=PERSONAL)
    result = extract(pdf)
    doc = result.document
    assert str(doc.number) == "2183/UBND-KGVX"
    assert doc.date_line is not None and doc.date_line.date == dt.date(2024, 5, 31)
    assert doc.draft is False  # a blank filled by a stamp is filled
    number = result.fields["number"]
    assert number.source is FieldSource.STAMP
    assert [s["field"] for s in number.stamped_by] == ["Signature2"]
    signer = {s.field: s.signer for s in list_signatures(pdf)}["Signature2"]
    assert number.stamped_by[0]["signer"] == signer
    assert result.fields["issued_date"].stamped_by[0]["field"] == "Signature3"
    assert result.fields["subject"].source is FieldSource.CONTENT
    # the layer keeps what came from where; page content alone still has the blanks
    page = load_text(pdf).pages[0]
    assert {a.field for a in page.annotations} == {"Signature2", "Signature3"}
    content_only = load_text(pdf, annotations=False)
    assert extract(content_only).document.draft
    # placement on the stamped document is where it was on the blank one
    assert find_placement(pdf, "personal").rect == find_placement(blank.pdf, "personal").rect


def test_unstamped_blank_is_a_draft_and_dự_thảo_mark_too() -> None:
    assert extract(_blank().pdf).document.draft
    assert extract(docgen.render(specs.draft_quyet_dinh()).pdf).document.draft
    assert not extract(docgen.render(specs.cong_van()).pdf).document.draft


def _concat(*pdfs: bytes) -> bytes:
    writer = PdfWriter()
    for pdf in pdfs:
        writer.append(PdfReader(io.BytesIO(pdf)))
    out = io.BytesIO()
    writer.write(out)
    return out.getvalue()


def test_several_documents_in_one_file() -> None:
    main = docgen.render(specs.to_trinh())
    draft = docgen.render(specs.draft_quyet_dinh())
    pdf = _concat(main.pdf, draft.pdf)
    n = main.truth.page_count
    result = extract(pdf)
    assert result.pages == tuple(range(n))
    assert str(result.document.number) == main.spec.number
    assert not result.document.draft
    assert result.document.signers[0].full_name == main.spec.signers[0].name
    [attached] = result.attachments
    assert attached.pages[0] == n and attached.kind == "document"
    assert attached.extraction.document.draft
    assert attached.to_dict()["document"] == 2
    # placement: the main document's signer block by default, the draft's when selected
    personal = find_placement(pdf, "personal")
    alone = find_placement(main.pdf, "personal")
    assert (personal.page, personal.rect) == (alone.page, alone.rect)
    other = find_placement(pdf, "personal", document=1)
    assert other.page >= n
    with pytest.raises(NoSuchDocumentError) as info:
        extract(pdf, document=5)
    assert "document 6" in info.value.en and "thứ 6" in info.value.vi  # counted from 1
    with pytest.raises(NoSuchDocumentError, match="1 document"):
        extract(main.pdf, document=2)  # a one-document file has no third document


def test_appendix_pages_are_a_part_of_their_own() -> None:
    from reportlab.pdfgen.canvas import Canvas

    main = docgen.render(specs.cong_van())
    out = io.BytesIO()
    canvas = Canvas(out, pagesize=(595.28, 841.89))
    canvas.setFont("Helvetica-Bold", 14)
    canvas.drawCentredString(297.6, 780, "PHU LUC I")
    canvas.setFont("Helvetica", 12)
    canvas.drawString(85, 740, "Danh sach cac co quan nhan van ban")
    canvas.showPage()
    canvas.save()
    pdf = _concat(main.pdf, out.getvalue())
    result = extract(pdf)
    assert [a.kind for a in result.attachments] == ["appendix"]
    assert str(result.document.number) == "2183/UBND-KGVX"


def test_tight_glyph_spacing_neither_splits_nor_merges_numbers() -> None:
    subject = "phúc đáp Công văn số 3183/SNV-TCBC ngày 26/11/2025 của Sở Nội vụ"
    for runs in ("char", "chunks", "word"):
        doc = docgen.render(specs.cong_van(number="2319/UBND-KGVX", subject=subject), runs=runs)
        got = extract(doc.pdf).document
        assert str(got.number) == "2319/UBND-KGVX", runs
        assert got.subject == "V/v " + subject, runs


def _thong_tu(**kw: object) -> docgen.RenderedDoc:
    spec = specs.quyet_dinh(
        issuer="BỘ LAO ĐỘNG - THƯƠNG BINH VÀ XÃ HỘI",
        parent=None,
        number="18/2021/TT-BLĐTBXH",
        place="Hà Nội",
        date=dt.date(2021, 12, 15),
        type_name="THÔNG TƯ",
        subject="Quy định về thời giờ làm việc, thời giờ nghỉ ngơi",
        signers=(SignerSpec("Lê Văn Thanh", ("KT. BỘ TRƯỞNG", "THỨ TRƯỞNG")),),
        **kw,
    )
    return docgen.render(spec)


def test_thong_tu_layout() -> None:
    doc = extract(_thong_tu().pdf).document
    assert doc.document_type is not None and doc.document_type.name == "Thông tư"
    assert doc.document_type.is_legal
    assert doc.number is not None and (doc.number.number, doc.number.year) == (18, 2021)
    assert doc.subject == "Quy định về thời giờ làm việc, thời giờ nghỉ ngơi"
    assert doc.signers[0].full_name == "Lê Văn Thanh"


def _with_gazette_header(pdf: bytes) -> bytes:
    """Overlay a Công báo running header on every page (as a reprint carries)."""
    from reportlab.pdfgen.canvas import Canvas

    writer = PdfWriter(clone_from=PdfReader(io.BytesIO(pdf)))
    for n, page in enumerate(writer.pages):
        out = io.BytesIO()
        w, h = float(page.mediabox.width), float(page.mediabox.height)
        canvas = Canvas(out, pagesize=(w, h))
        canvas.setFont("Times-Bold", 11)
        header = f"CONG BAO/So 1105 + 1106/Ngay 29-12-2021 {n + 1}"
        canvas.drawCentredString(w / 2, h - 22, header)
        canvas.line(85, h - 26, w - 57, h - 26)
        canvas.showPage()
        canvas.save()
        page.merge_page(PdfReader(io.BytesIO(out.getvalue())).pages[0])
    buf = io.BytesIO()
    writer.write(buf)
    return buf.getvalue()


def test_cong_bao_reprint_reads_as_the_document_it_reprints() -> None:
    plain = _thong_tu().pdf
    reprint = _with_gazette_header(plain)
    assert "CONG BAO" in " ".join(ln.text for ln in load_text(reprint).pages[0].lines)
    assert extract(reprint).document == extract(plain).document


def test_gazette_layout_reprint_reads_as_the_document() -> None:
    """A reprint laid out as the Công báo prints it (``docgen.gazette``): Vietnamese running
    header ``CÔNG BÁO/Số 123 + 124/Ngày 15-01-2025`` with the issue's page number on the outer
    side and a rule, ``PHẦN I. VĂN BẢN QUY PHẠM PHÁP LUẬT`` over the first page, the document
    shrunk under it. Read as the Thông tư it reprints; the header date is not the document's."""
    plain = _thong_tu().pdf
    reprint = gazette_reprint(plain, number="123 + 124", day="15-01-2025", first_page=37)
    first = [ln.text for ln in load_text(reprint).pages[0].lines]
    assert "CÔNG BÁO/Số 123 + 124/Ngày 15-01-2025" in first and "37" in first
    result = extract(reprint)
    assert result.document == extract(plain).document
    assert result.document.date_line is not None
    assert result.document.date_line.date == dt.date(2021, 12, 15)
    assert str(result.document.issuer.name) == "BỘ LAO ĐỘNG - THƯƠNG BINH VÀ XÃ HỘI"
    assert find_placement(reprint, "personal").page == find_placement(plain, "personal").page


def test_leading_junk_is_tolerated_with_a_warning(vn_pki: VnTestPki) -> None:
    pdf = issue_by_stamps(_blank(), vn_pki, 2183, 31)
    junk = b"\x00\x17junk from a mail gateway" + pdf
    result = extract(junk)
    assert str(result.document.number) == "2183/UBND-KGVX"
    assert any("26 junk bytes precede" in w for w in result.warnings)
    assert result.fields["number"].stamped_by[0]["signer"]  # the inventory reads it too
    assert [s.field for s in list_signatures(junk)] == ["Signature2", "Signature3"]


def test_signer_from_the_certificate_when_no_name_is_printed(vn_pki: VnTestPki) -> None:
    spec = specs.cong_van(signers=(SignerSpec(".", ("KT. CHỦ TỊCH", "PHÓ CHỦ TỊCH")),))
    doc = docgen.render(spec)
    band = doc.truth.signer.signature_area.bbox
    pdf = stamp(doc.pdf, vn_pki, "Personal", "", band, label=PERSONAL)
    pdf = stamp(pdf, vn_pki, "Seal", "", None, label=AGENCY_MST)
    result = extract(pdf)
    name = result.fields["signer_name"]
    assert name.source is FieldSource.CERTIFICATE and name.confidence <= 0.6
    cert_name = {s.field: s.signer for s in list_signatures(pdf)}["Personal"]
    assert result.document.signers[0].full_name == cert_name
    assert name.to_dict()["source"] == "certificate"


def test_garbage_layer_test() -> None:
    garbage = str.split("Vd viQc cho ph6p hqp nh6t HQi C6.ng chri'ng vi6n tinh Lffm D6ng") * 4
    real = str.split("Về việc cho phép hợp nhất Hội Công chứng viên tỉnh Lâm Đồng") * 4
    assert garbage_layer(garbage)
    assert not garbage_layer(real)
    assert not garbage_layer(garbage[:10])  # too few words to judge


def test_text_layer_that_loses_capitals_is_reported_low() -> None:
    """A font that maps no capital letters: ``ộc lập - ự do - ạnh phúc``; values are kept but
    ranked at most 0.3, with a warning, not silently trusted."""
    from reportlab.pdfbase import pdfmetrics
    from reportlab.pdfgen.canvas import Canvas

    from docgen.pdf import _font_name, _register_fonts

    _register_fonts()
    assert pdfmetrics.getFont(_font_name("R"))
    out = io.BytesIO()
    canvas = Canvas(out, pagesize=(595.28, 841.89))
    canvas.setFont(_font_name("R"), 13)
    lines = [
        (150, 780, "ỦY BAN NHÂN DÂN TỈNH"),
        (330, 780, "ỘNG ÒA XÃ ỘI Ủ ĨA IỆ A"),
        (350, 765, "ộc lập - ự do - ạnh phúc"),
        (110, 740, "ố: 2183/-"),
        (330, 740, "uảng gãi, ngày 31 tháng 5 năm 2024"),
        (85, 700, "ính gửi: ở ông tin và ruyền thông"),
    ]
    for x, y, text in lines:
        canvas.drawString(x, y, text)
    canvas.showPage()
    canvas.save()
    result = extract(out.getvalue(), ocr=False)
    assert result.lost_letters
    assert any("loses letters" in w for w in result.warnings)
    read = {k: ev for k, ev in result.fields.items() if k != "page_amount"}
    assert read and all(ev.confidence <= 0.3 for ev in read.values())


def test_font_whose_unicode_map_drops_capitals_is_reported_low() -> None:
    """The capitals A-Z of every font map to nothing (ToUnicode edited, glyph names removed
    from the TrueType program with fontTools): the page looks the same, the text layer reads
    ``uảng gãi, ngày 31 tháng 5`` and ``ính gửi``. Detected (no Tiêu ngữ needed: ``Đ`` is kept
    here), every value ranked ≤ 0.3 and kept out of the document, said in a warning and in
    ``lost_letters``."""
    doc = docgen.render(specs.cong_van())
    lost = drop_capitals(doc.pdf)
    lines = " ".join(ln.text for ln in load_text(lost).pages[0].lines)
    assert "uảng gãi" in lines and "Quảng" not in lines  # the letters are really lost
    clean = extract(doc.pdf)
    assert not clean.lost_letters and str(clean.document.number) == "2183/UBND-KGVX"
    result = extract(lost, ocr=False)
    assert result.lost_letters and result.to_dict()["lost_letters"] is True
    assert any("loses letters" in w for w in result.warnings)
    read = {k: ev for k, ev in result.fields.items() if k != "page_amount"}
    assert read and all(ev.confidence <= 0.3 for ev in read.values())
    assert result.document.date_line is None  # "uảng gãi" is not silently the place
    assert result.document.number is None


def test_foreign_text_page_is_not_a_scan() -> None:
    """An English text page fails the Vietnamese garbage test, but no image covers it: a text
    page, not a scan (not sent to OCR, no scan warning)."""
    from reportlab.pdfgen.canvas import Canvas

    out = io.BytesIO()
    canvas = Canvas(out, pagesize=(595.28, 841.89))
    canvas.setFont("Times-Roman", 12)
    for i in range(8):
        canvas.drawString(72, 760 - 20 * i, "The quick brown fox jumps over the lazy dog again")
    canvas.showPage()
    canvas.save()
    pdf = out.getvalue()
    assert load_text(pdf).pages[0].scanned  # the text layer test alone says garbage
    result = extract(pdf, ocr=True)
    assert not result.scanned
    assert not any("OCR" in w for w in result.warnings)


@pytest.mark.skipif(not ocr_available(), reason="the vndocsign[ocr] extra (tesseract) is absent")
def test_a_stamped_scan_is_ocred_as_printed_and_its_stamps_read_exactly(
    vn_pki: VnTestPki,
) -> None:
    """A scanned paper original whose number and day the registry stamped with agency
    signatures: the scan is OCR'd without the stamps drawn into it, and the stamps' text is
    read from their appearances (``source: stamp``), as on a text page."""
    from attrs import evolve

    from tests.metadata.test_metadata_inputs import _image_only_pdf

    blank = _blank()
    scan = evolve(blank, pdf=_image_only_pdf(blank.pdf, dpi=200))
    pdf = issue_by_stamps(scan, vn_pki, 2183, 31)
    page = load_text(pdf, ocr=True).pages[0]
    assert page.ocr and page.scanned
    stamped = "".join(
        g.char
        for ln in page.lines
        for g in ln.glyphs
        if g.source is not None and g.source.kind is TextSourceKind.ANNOTATION
    )
    assert stamped == "218331"  # exactly the stamps' text, nothing of it OCR'd
    number_line = next(ln.text for ln in page.lines if "2183" in ln.text)
    assert number_line.replace(" ", "").startswith("Số:2183/UBND")
    result = extract(pdf, ocr=True)
    assert str(result.document.number) == "2183/UBND-KGVX"
    assert result.document.issued_date == dt.date(2024, 5, 31)
    assert not result.document.draft
    assert [s["field"] for s in result.fields["number"].stamped_by] == ["Signature2"]
