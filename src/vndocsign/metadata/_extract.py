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

import re

import attrs

from vndocsign.errors import ModelError
from vndocsign.model import Agency, DocumentType, OfficialDocument, Signer
from vndocsign.pdf import (
    BBox,
    PageView,
    PdfSource,
    PdfText,
    SignatureInfo,
    SignatureKind,
    TextSourceKind,
    list_signatures,
    load_text,
    ocr_available,
    pages_without_image,
    read_pdf_bytes,
    segment_document,
    select_segment,
    signer_names,
)
from vndocsign.pki import CertificateKind

from ._body import _BodyRules
from ._common import NO_TEXT_EN, NO_TEXT_VI
from ._context import count_pairs, repair_from_context
from ._footer import _FooterRules
from ._header import _HeaderRules
from ._lost import LOST_MIN_FRAGMENTS, lost_letter_fragments
from ._types import (
    Attachment,
    Extraction,
    FieldEvidence,
    FieldSource,
    MissingTextLayerError,
    NoSuchDocumentError,
)

__all__ = ["extract", "extract_metadata"]


def extract(
    pdf: PdfSource | PdfText,
    *,
    password: str | None = None,
    document: int = 0,
    ocr: bool | None = None,
) -> Extraction:
    """Extract the Decree 30 metadata of ``pdf`` (a source or an already parsed ``PdfText``).

    The text read is what a person sees: page content plus the text that visible signature
    stamps draw (a field read from a stamp has ``source`` ``stamp`` and ``stamped_by``).
    A file holding several documents (a công văn with its attached drafts, appendices) is
    split (:func:`vndocsign.pdf.segment_document`): the result is of part ``document``
    (0, the main document, by default) and :attr:`Extraction.attachments` lists the others.

    Never raises for odd layouts: what is not found is absent from ``fields`` and ``None`` in
    the document. Raises :class:`~vndocsign.errors.PdfError` for unreadable, encrypted or
    non-PDF input, :class:`NoSuchDocumentError` for a ``document`` the file does not have.
    A PDF without a text layer yields ``has_text_layer=False``.

    Scanned pages (no text layer, or a garbage one) are read by OCR when ``ocr`` is true,
    or by default (``None``) when the ``vndocsign[ocr]`` extra (Tesseract) is installed;
    fields read so have ``source`` ``ocr`` and a lower confidence. Either way
    :attr:`Extraction.scanned` says the document is a scan.
    """
    if isinstance(pdf, PdfText):
        text = pdf
    else:
        pdf = read_pdf_bytes(pdf)  # read once: a stream is read again below
        text = _load(pdf, password, ocr_available() if ocr is None else ocr)
    segments = segment_document(text)
    if not 0 <= document < max(len(segments), 1):
        # messages count documents from 1, as ``inspect --document`` does
        raise NoSuchDocumentError(
            f"The file holds {max(len(segments), 1)} document(s); "
            f"there is no document {document + 1}",
            f"Tệp có {max(len(segments), 1)} văn bản; không có văn bản thứ {document + 1}",
            document=document,
            documents=max(len(segments), 1),
        )
    if not segments:
        return _Extractor(text).run()
    infos: list[SignatureInfo] | None = None
    signers = _stamp_signers(pdf, text, password)
    results = [
        _Extractor(select_segment(text, seg), stamp_signers=signers).run() for seg in segments
    ]
    chosen = results[document]
    if chosen.has_text_layer and not chosen.document.signers:
        if infos is None:
            infos = _signatures(pdf, password)
        chosen = _signer_from_certificate(chosen, infos, segments[document].pages)
    others = tuple(
        Attachment(pages=seg.pages, kind=str(seg.kind), extraction=res, document=n)
        for n, (seg, res) in enumerate(zip(segments, results, strict=True))
        if n != document
    )
    warnings = chosen.warnings + _scan_warnings(text, segments[document].pages)
    if text.header_offset:
        warnings += (
            f"Tệp có {text.header_offset} byte lạ trước phần đầu %PDF- (vẫn đọc được, tệp "
            f"không bị sửa) / {text.header_offset} junk bytes precede the %PDF- header "
            "(read as viewers do; the file is not changed)",
        )
    scanned = any(p.scanned for p in text.pages if p.index in segments[document].pages)
    return attrs.evolve(
        chosen,
        attachments=others,
        warnings=warnings,
        pages=segments[document].pages,
        scanned=scanned,
    )


def _load(data: bytes, password: str | None, ocr: bool) -> PdfText:
    """The text layer; a garbage layer is a scan only on a page that shows an image (see
    :func:`vndocsign.pdf.pages_without_image`), and only real scans go to OCR."""
    text = load_text(data, password=password, ocr=False)
    garbage = [p.index for p in text.pages if p.scanned and p.char_count]
    imageless = pages_without_image(data, garbage, password) if garbage else frozenset()
    if ocr and any(p.scanned and p.index not in imageless for p in text.pages):
        text = load_text(data, password=password, ocr=True)
    if not imageless:
        return text
    pages = tuple(
        attrs.evolve(p, scanned=False) if p.index in imageless and not p.ocr else p
        for p in text.pages
    )
    return attrs.evolve(text, pages=pages)


def _scan_warnings(text: PdfText, pages: tuple[int, ...]) -> tuple[str, ...]:
    scanned = [p for p in text.pages if p.index in pages and p.scanned]
    if not scanned:
        return ()
    numbers = ", ".join(str(p.index + 1) for p in scanned)
    if not any(p.ocr for p in scanned):
        return (
            f"Bản quét (trang {numbers}): cài vndocsign[ocr] (Tesseract) để nhận dạng ký tự "
            f"/ Scanned pages ({numbers}): install vndocsign[ocr] (Tesseract) to read them",
        )
    out = [
        f"Bản quét (trang {numbers}): đọc bằng nhận dạng ký tự (OCR), độ tin cậy thấp hơn "
        f"/ Scanned pages ({numbers}) read by OCR, with a lower confidence",
    ]
    out += [
        f"Trang {p.index + 1}: không nhận dạng được ({p.ocr_problem}) / Page {p.index + 1}: "
        f"OCR gave nothing ({p.ocr_problem})"
        for p in scanned
        if p.ocr_problem
    ]
    return tuple(out)


def _stamp_signers(
    pdf: PdfSource | PdfText, text: PdfText, password: str | None
) -> dict[str, str | None]:
    """Signature field -> signer, for the fields whose appearance draws text (stamps)."""
    stamps = {(a.page, a.field) for p in text.pages for a in p.annotations if a.field}
    if not stamps or isinstance(pdf, PdfText) or password is not None:
        return {}
    return signer_names(pdf, stamps)


def _signatures(pdf: PdfSource | PdfText, password: str | None) -> list[SignatureInfo]:
    """The signature inventory (self-reported), for stamp attribution and the signer."""
    if isinstance(pdf, PdfText) or password is not None:
        return []
    try:
        return list_signatures(pdf)
    except Exception:  # an unreadable signature inventory only loses the signer names
        return []


def _signer_from_certificate(
    result: Extraction, infos: list[SignatureInfo], pages: tuple[int, ...]
) -> Extraction:
    """No printed name: the personal signature's certificate names the signer.

    The personal signature is a visible signature on the document's pages whose certificate
    is not an organization's (the agency's seal); of several (an initial, ký nháy, besides
    the signature) the largest widget.
    """
    personal = [
        i
        for i in infos
        if i.signer
        and i.kind is SignatureKind.SIGNATURE
        and i.signer_kind is not CertificateKind.ORGANIZATION
        and (i.page is None or i.page in pages)
    ]
    if not personal:
        return result
    best = max(personal, key=lambda i: _area(i.rect))
    try:
        signer = Signer(str(best.signer))
    except ModelError:
        return result
    evidence = FieldEvidence(
        best.signer,
        0.6,
        best.page,
        best.rect,
        f"{best.field}: {best.signer_subject or best.signer}",
        source=FieldSource.CERTIFICATE,
    )
    listed = attrs.evolve(
        evidence,
        value=[
            {
                "full_name": signer.full_name,
                "position": None,
                "authority": None,
                "authority_lines": [],
            }
        ],
    )
    fields = {**result.fields, "signer_name": evidence, "signers": listed}
    warning = (
        f"Không có họ tên người ký in trên văn bản: lấy từ chứng thư số của chữ ký {best.field} "
        f"/ No printed signer name: taken from the certificate of signature {best.field}"
    )
    return attrs.evolve(
        result,
        document=attrs.evolve(result.document, signers=(signer,)),
        fields=fields,
        warnings=(*result.warnings, warning),
    )


def _area(rect: BBox | None) -> float:
    return 0.0 if rect is None else (rect[2] - rect[0]) * (rect[3] - rect[1])


def extract_metadata(
    pdf: PdfSource | PdfText,
    *,
    password: str | None = None,
    document: int = 0,
    ocr: bool | None = None,
) -> OfficialDocument:
    """The :class:`~vndocsign.model.OfficialDocument` of ``pdf`` (``extract(pdf).document``).

    Raises :class:`~vndocsign.errors.ExtractionError` when the PDF has no text layer.
    """
    result = extract(pdf, password=password, document=document, ocr=ocr)
    if not result.has_text_layer:
        raise MissingTextLayerError(NO_TEXT_EN, NO_TEXT_VI, pages=result.document.page_amount)
    return result.document


# --------------------------------------------------------------------------------------------


#: The Tiêu ngữ with its capitals lost: ``ộc lập - ự do - ạnh phúc``.
_LOST_CAPITALS = re.compile(r"^OCLAP[-–]?UDO[-–]?ANHPHUC")


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
        first = self.view(self.text.pages[0].index)
        header = self._header(first)
        heading_end = self._type_and_subject(first, header)
        self._recipients(first, heading_end)
        self._marks(first)
        closing = self._closing()
        self._footer(closing)
        self._distrust_lost_capitals(first)
        self._distrust_garbage()
        self._repair_ocr_subject()
        document = self._document()
        if self.lost_letters or all(p.scanned and not p.ocr for p in self.text.pages):
            # every value is suspect (``uảng gãi`` for the place, ``Vd viQc cho ph6p`` off a
            # scan's garbage OCR layer): kept in ``fields`` at ≤ 0.3 for a person to judge,
            # none in the document
            document = OfficialDocument(page_amount=document.page_amount)
        self._attribute_sources()
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
            lost_letters=self.lost_letters,
        )

    def _has_text(self) -> bool:
        """At least a few letters of page content somewhere: a scan's stray OCR-free page has
        none (the text of a signature stamp on it does not make it a text document)."""
        letters = 0
        for page in self.text.pages:
            for line in page.lines:
                letters += sum(
                    1
                    for g in line.glyphs
                    if g.char.isalpha()
                    and (g.source is None or g.source.kind is TextSourceKind.OCR)
                )
                if letters >= 16:
                    return True
        return False

    def _distrust_lost_capitals(self, first: PageView) -> None:
        """A font whose text layer loses letters (``ộc lập - ự do - ạnh phúc`` for the Tiêu
        ngữ; ``uyết định``, ``ính gửi``, ``uảng gãi`` — see :mod:`._lost`): every field is
        reported with a confidence of at most 0.3 (so the document keeps none of them), and
        said so; :attr:`Extraction.lost_letters` is true."""
        tieu_ngu = any(
            _LOST_CAPITALS.match("".join(line.folded.split())) for line in first.lines[:12]
        )
        words = [
            w
            for page in self.text.pages
            if not page.scanned
            for line in page.lines
            for w in line.text.split()
        ]
        fragments, intact = lost_letter_fragments(words)
        if not tieu_ngu and (fragments < LOST_MIN_FRAGMENTS or fragments <= intact):
            return
        self.lost_letters = True
        self.warn(
            "The text layer loses letters (a font without a full Unicode map, "
            f"{fragments} words without their capital): values read from it are not trusted",
            "Lớp văn bản bị mất chữ (phông chữ thiếu bảng mã Unicode, "
            f"{fragments} từ mất chữ hoa đầu): các giá trị đọc được không đáng tin cậy",
        )
        for name, ev in list(self.fields.items()):
            if name != "page_amount":
                self.fields[name] = attrs.evolve(ev, confidence=min(ev.confidence, 0.3))

    def _distrust_garbage(self) -> None:
        """A field read off a garbage text layer (a scan's bad OCR layer, fonts that lose
        letters) keeps a confidence of at most 0.3: reported, not trusted (nor used in the
        document where a rule needs more)."""
        garbage = {p.index for p in self.text.pages if p.scanned and not p.ocr}
        if not garbage:
            return
        for name, ev in list(self.fields.items()):
            if ev.page in garbage:
                self.fields[name] = attrs.evolve(ev, confidence=min(ev.confidence, 0.3))

    def _repair_ocr_subject(self) -> None:
        """The trích yếu of an OCR'd page with tone marks as the document mostly spells
        them (:mod:`vndocsign.metadata._context`: ``vê mà túy`` -> ``về ma túy``)."""
        ev = self.fields.get("subject")
        ocr_pages = [p for p in self.text.pages if p.ocr]
        if ev is None or ev.page not in {p.index for p in ocr_pages}:
            return
        counts = count_pairs(w for p in ocr_pages for ln in p.lines for w in ln.text.split())
        repaired = repair_from_context(ev.value, counts)
        if repaired != ev.value:
            self.fields["subject"] = attrs.evolve(ev, value=repaired)

    def _attribute_sources(self) -> None:
        """Mark each field read (partly) from a signature stamp or OCR with its source."""
        for name, ev in list(self.fields.items()):
            if ev.page is None or ev.bbox is None:
                continue
            kinds, stamps = self._sources_in(ev.page, ev.bbox)
            if TextSourceKind.OCR in kinds:
                # OCR misreads letters (ô/ơ, 1/l): below any clean read of the page content
                conf = round(min(ev.confidence * 0.75, 0.7), 2)
                self.fields[name] = attrs.evolve(
                    ev, source=FieldSource.OCR, confidence=conf, stamped_by=stamps
                )
            elif stamps:
                self.fields[name] = attrs.evolve(ev, source=FieldSource.STAMP, stamped_by=stamps)

    def _sources_in(
        self, index: int, box: BBox
    ) -> tuple[set[TextSourceKind], tuple[dict[str, str | None], ...]]:
        x0, y0, x1, y1 = box
        kinds: set[TextSourceKind] = set()
        stamps: dict[str | None, dict[str, str | None]] = {}
        for page in self.text.pages:
            if page.index != index:
                continue
            for line in page.lines:
                for g in line.glyphs:
                    src = g.source
                    if src is None:
                        continue
                    cx, cy = (g.bbox[0] + g.bbox[2]) / 2, (g.bbox[1] + g.bbox[3]) / 2
                    if not (x0 - 1 <= cx <= x1 + 1 and y0 - 1 <= cy <= y1 + 1):
                        continue
                    kinds.add(src.kind)
                    if src.kind is TextSourceKind.ANNOTATION and src.field not in stamps:
                        stamps[src.field] = {
                            "field": src.field,
                            "signer": self.stamp_signers.get(src.field or ""),
                        }
        return kinds, tuple(stamps.values())

    # -- header ----------------------------------------------------------------------------
    def _cong_van_by_vv(self) -> DocumentType | None:
        """A "V/v …" subject under an unread number (handwritten on a scan): a công văn, the
        one kind without a printed type name (Decree 30, ô 5b)."""
        if not self.subject_is_vv or "subject" not in self.fields:
            return None
        doc_type = DocumentType.lookup("Công văn")
        ev = self.fields["subject"]
        self.fields["document_type"] = FieldEvidence(
            doc_type.name, 0.5, ev.page, ev.bbox, ev.source_text
        )
        return doc_type

    def _document(self) -> OfficialDocument:
        f = self.fields
        number = self.parsed_number if "number" in f and f["number"].confidence > 0.5 else None
        doc_type = self.heading_type or (None if number is not None else self._cong_van_by_vv())
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
