"""Read the Decree 30 components off a PDF's text layer (trích xuất siêu dữ liệu văn bản).

The rules follow the layout of Phụ lục I of Decree 30/2020/NĐ-CP, not any one producer's
coordinates:

* **Header (ô 1–5b)**: page 1 starts with two columns. The right one holds the Quốc hiệu
  ("CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM"), the Tiêu ngữ and the italic place-and-date line;
  the left one the parent body (upright), the issuer (bold), "Số: …" on the date's row and,
  for a công văn, the "V/v …" subject under it. The column split is taken from where the
  Quốc hiệu actually is.
* **Type and subject (ô 5a)**: a centred bold line that is a Decree 30 type name, the bold
  lines under it are the subject.
* **Kính gửi (ô 9a)**: one recipient on the same line, or a dashed list.
* **Closing**: the content ends with "./."; "/." inside a sentence (in quotes) does not count.
* **Footer (ô 7, 9b)**: "Nơi nhận:" (bold italic) with its dashed list, and signer blocks:
  upper-case bold title lines (``TM.``/``Q.``/``KT.``/``TL.``/``TUQ.`` authority lines, then the
  signer's own position), a blank band for the signature, then the name, centred under them.
  Several blocks side by side (biên bản: THƯ KÝ / CHỦ TỌA) give several signers.
* **Marks (ô 10, 11)**: "MẬT", "TỐI MẬT", "TUYỆT MẬT"; "KHẨN", "THƯỢNG KHẨN", "HỎA TỐC";
  "DỰ THẢO"; a blank number (``Số:      /QĐ-UBND``) and blank date also mean a draft.

Everything is matched on canonical text (NFC, one tone convention) and folded text (no
diacritics, upper case), so Word, LibreOffice and PDF libraries, whatever runs they split the
text into, give the same answer.
"""

from __future__ import annotations

from vndocsign.errors import ModelError
from vndocsign.model import Agency, OfficialDocument
from vndocsign.pdf import PdfSource, PdfText, load_text

from ._body import _BodyRules
from ._common import NO_TEXT_EN, NO_TEXT_VI
from ._footer import _FooterRules
from ._header import _HeaderRules
from ._types import Extraction, FieldEvidence, MissingTextLayerError

__all__ = ["extract", "extract_metadata"]


def extract(pdf: PdfSource | PdfText, *, password: str | None = None) -> Extraction:
    """Extract the Decree 30 metadata of ``pdf`` (a source or an already parsed ``PdfText``).

    Never raises for odd layouts: what is not found is absent from ``fields`` and ``None`` in
    the document. Raises :class:`~vndocsign.errors.PdfError` for unreadable, encrypted or
    non-PDF input. A PDF without a text layer yields ``has_text_layer=False``.
    """
    text = pdf if isinstance(pdf, PdfText) else load_text(pdf, password=password)
    return _Extractor(text).run()


def extract_metadata(pdf: PdfSource | PdfText, *, password: str | None = None) -> OfficialDocument:
    """The :class:`~vndocsign.model.OfficialDocument` of ``pdf`` (``extract(pdf).document``).

    Raises :class:`~vndocsign.errors.ExtractionError` when the PDF has no text layer.
    """
    result = extract(pdf, password=password)
    if not result.has_text_layer:
        raise MissingTextLayerError(NO_TEXT_EN, NO_TEXT_VI, pages=result.document.page_amount)
    return result.document


# --------------------------------------------------------------------------------------------


class _Extractor(_HeaderRules, _BodyRules, _FooterRules):
    """All the rules over one document; :meth:`run` applies them in reading order."""

    def run(self) -> Extraction:
        n_pages = len(self.text.pages)
        page_amount = n_pages if 1 <= n_pages <= 999 else None
        if not self._has_text():
            self.warn(NO_TEXT_EN, NO_TEXT_VI)
            return Extraction(
                document=OfficialDocument(page_amount=page_amount),
                fields={"page_amount": FieldEvidence(n_pages, 1.0)},
                warnings=tuple(self.warnings),
                has_text_layer=False,
            )
        self.fields["page_amount"] = FieldEvidence(n_pages, 1.0)
        first = self.view(0)
        header = self._header(first)
        heading_end = self._type_and_subject(first, header)
        self._recipients(first, heading_end)
        self._marks(first)
        closing = self._closing()
        self._footer(closing)
        document = self._document()
        if not any(k in self.fields for k in ("number", "date_line", "issuer", "signers")):
            self.warn(
                "No Decree 30 component was recognised: the text layer may be unreadable "
                "(fonts without Unicode mapping) or the file is not an administrative document",
                "Không nhận diện được thành phần thể thức nào theo Nghị định 30: lớp văn bản có "
                "thể bị lỗi phông chữ, hoặc tệp không phải văn bản hành chính",
            )
        return Extraction(
            document=document,
            fields=dict(self.fields),
            warnings=tuple(self.warnings),
            has_text_layer=True,
        )

    def _has_text(self) -> bool:
        """At least a few letters of page content somewhere: a scan's stray OCR-free page has
        none (the text of a signature stamp on it does not make it a text document)."""
        letters = 0
        for page in self.text.pages:
            for line in page.lines:
                letters += sum(1 for g in line.glyphs if g.source is None and g.char.isalpha())
                if letters >= 16:
                    return True
        return False

    # -- header ----------------------------------------------------------------------------
    def _document(self) -> OfficialDocument:
        f = self.fields
        number = self.parsed_number if "number" in f and f["number"].confidence > 0.5 else None
        doc_type = self.heading_type
        if doc_type is None and number is not None:
            inferred = number.document_type
            if inferred is not None:
                doc_type = inferred
                self.fields["document_type"] = FieldEvidence(
                    inferred.name,
                    0.7 if self.subject_is_vv or inferred.abbreviation else 0.5,
                    f["number"].page,
                    f["number"].bbox,
                    f["number"].source_text,
                )
        if (
            doc_type is not None
            and number is not None
            and number.document_type is not None
            and number.document_type.name == doc_type.name
        ):
            # "QUYẾT ĐỊNH" over 28/2018/QĐ-TTg: the year makes it the legal-normative one
            doc_type = number.document_type
        if (
            doc_type is not None
            and number is not None
            and number.document_type is not None
            and number.document_type.abbreviation is not None
            and doc_type.abbreviation is not None
            and number.document_type != doc_type
        ):
            self.warn(
                f"The number {number} names {number.document_type.name} but the heading says "
                f"{doc_type.name}",
                f"Số, ký hiệu {number} là của {number.document_type.name} nhưng tên loại in là "
                f"{doc_type.name}",
            )
            number = None
        issuer = None
        if "issuer" in f:
            try:
                issuer = Agency(
                    f["issuer"].value,
                    parent=f["issuer_parent"].value if "issuer_parent" in f else None,
                )
            except ModelError as err:
                self.warn(err.en, err.vi)
        date_line = self.parsed_date
        subject = f["subject"].value if "subject" in f else None
        if subject is not None and len(subject) > 500:
            subject = subject[:500]
            self.warn("Subject cut to 500 characters", "Trích yếu được cắt còn 500 ký tự")
        secrecy = f["secrecy"].value if "secrecy" in f else None
        urgency = f["urgency"].value if "urgency" in f else None
        draft = bool(f["draft"].value) if "draft" in f else False
        try:
            return OfficialDocument(
                issuer=issuer,
                number=number,
                date_line=date_line,
                document_type=doc_type,
                subject=subject,
                recipients=tuple(f["recipients"].value) if "recipients" in f else (),
                signers=tuple(self.found_signers),
                distribution=tuple(f["distribution"].value) if "distribution" in f else (),
                secrecy=secrecy,
                urgency=urgency,
                draft=draft,
                page_amount=f["page_amount"].value if 1 <= f["page_amount"].value <= 999 else None,
            )
        except ModelError as err:  # pragma: no cover - every field was validated above
            self.warn(err.en, err.vi)
            return OfficialDocument(page_amount=None)
