"""Inputs that are not a well-formed, text-bearing official document."""

from __future__ import annotations

import io

import pypdfium2 as pdfium
import pytest
from pypdf import PdfReader, PdfWriter

from vndocsign.errors import ExtractionError, PdfError
from vndocsign.metadata import FieldEvidence, FieldSource, extract, extract_metadata
from vndocsign.pdf import ocr_available
from vndocsign.samples import sample_pdf


def _image_only_pdf(pdf: bytes, dpi: int = 100) -> bytes:
    """What a scanner produces: the first page as a picture, no text layer."""
    from reportlab.lib.utils import ImageReader
    from reportlab.pdfgen.canvas import Canvas

    doc = pdfium.PdfDocument(pdf)
    try:
        page = doc[0]
        width, height = page.get_size()
        image = page.render(scale=dpi / 72).to_pil()
        page.close()
    finally:
        doc.close()
    out = io.BytesIO()
    canvas = Canvas(out, pagesize=(width, height))
    canvas.drawImage(ImageReader(image), 0, 0, width, height)
    canvas.showPage()
    canvas.save()
    return out.getvalue()


def test_scan_without_text_layer_is_reported_not_guessed() -> None:
    scan = _image_only_pdf(sample_pdf("cong-van"))
    result = extract(scan, ocr=False)  # as without the vndocsign[ocr] extra
    assert result.has_text_layer is False
    assert result.scanned is True
    assert result.document.number is None
    assert result.document.signers == ()
    assert result.document.page_amount == 1
    assert set(result.fields) == {"page_amount"}
    assert any("no text layer" in w for w in result.warnings)
    assert any("vndocsign[ocr]" in w for w in result.warnings)
    with pytest.raises(ExtractionError) as info:
        extract_metadata(scan, ocr=False)
    assert "no text layer" in info.value.en
    assert "không có lớp văn bản" in info.value.vi
    assert info.value.code == "extraction.no_text"


def _encrypted(pdf: bytes, password: str) -> bytes:
    writer = PdfWriter(clone_from=PdfReader(io.BytesIO(pdf)))
    writer.encrypt(user_password=password, owner_password="owner-" + password, algorithm="AES-128")
    out = io.BytesIO()
    writer.write(out)
    return out.getvalue()


def test_encrypted_pdf_needs_its_password() -> None:
    locked = _encrypted(sample_pdf("to-trinh"), "mat-khau")
    with pytest.raises(PdfError) as info:
        extract(locked)
    assert "password" in info.value.en
    with pytest.raises(PdfError):
        extract(locked, password="sai")
    doc = extract_metadata(locked, password="mat-khau")
    assert doc.number is not None and str(doc.number) == "215/TTr-STTTT"


def test_permissions_only_encryption_opens_without_password() -> None:
    locked = _encrypted(sample_pdf("cong-van"), "")  # owner password only, as printers do
    assert str(extract_metadata(locked).number) == "2183/UBND-KGVX"


@pytest.mark.parametrize(
    "data",
    [
        b"",
        b"hello, not a PDF",
        b"%PDF-1.7\n1 0 obj << /Type /Catalog >> endobj\n%%EOF",
        b"%PDF-1.4\n" + bytes(range(256)) * 40,
    ],
    ids=["empty", "text", "no-pages", "garbage"],
)
def test_malformed_input_raises_pdf_error(data: bytes) -> None:
    with pytest.raises(PdfError):
        extract(data)


def test_truncated_pdf_raises_pdf_error() -> None:
    data = sample_pdf("cong-van")
    with pytest.raises(PdfError) as info:
        extract(data[: len(data) // 3])
    assert info.value.vi != info.value.en


def test_missing_file_raises_pdf_error(tmp_path: object) -> None:
    with pytest.raises(PdfError) as info:
        extract(str(tmp_path) + "/khong-co.pdf")
    assert info.value.code == "pdf.unreadable"


def test_field_evidence_confidence_is_checked() -> None:
    with pytest.raises(ExtractionError) as info:
        FieldEvidence("2183/UBND-KGVX", 1.5)
    assert info.value.code == "extraction.invalid_confidence"
    assert FieldEvidence("x", 1.0).to_dict()["page"] is None


def test_text_that_is_not_an_official_document() -> None:
    from reportlab.pdfgen.canvas import Canvas

    out = io.BytesIO()
    canvas = Canvas(out)
    text = canvas.beginText(72, 760)
    text.setFont("Helvetica", 12)
    for line in (
        "Quarterly sales summary",
        "Revenue grew in every region during the third quarter.",
        "See the attached spreadsheet for details.",
    ):
        text.textLine(line)
    canvas.drawText(text)
    canvas.showPage()
    canvas.save()
    result = extract(out.getvalue())
    assert result.has_text_layer
    doc = result.document
    assert (doc.number, doc.date_line, doc.issuer, doc.signers) == (None, None, None, ())
    assert any("No Decree 30 component" in w for w in result.warnings)


@pytest.mark.skipif(not ocr_available(), reason="the vndocsign[ocr] extra (tesseract) is absent")
def test_scan_is_read_by_ocr_with_a_lower_confidence() -> None:
    """With Tesseract, the same scan is read: fields say ``source: ocr``, confidence <= 0.7."""
    scan = _image_only_pdf(sample_pdf("cong-van"), dpi=200)
    clean = extract(sample_pdf("cong-van"))
    result = extract(scan, ocr=True)
    assert result.scanned and result.has_text_layer
    assert result.document.number == clean.document.number
    assert result.document.date_line == clean.document.date_line
    number = result.fields["number"]
    assert number.source == FieldSource.OCR and number.to_dict()["source"] == "ocr"
    assert number.confidence <= 0.7 < clean.fields["number"].confidence
    assert any("OCR" in w for w in result.warnings)
