"""Reading the policy-relevant facts of a PDF for ``vndocsign policy decide FILE.pdf``.

The project's metadata extractor (``vndocsign.metadata.extract_metadata``) is used when it is
available. Until then — and as a fallback if it fails on a file — a small reader takes what the
policy needs from the text layer: the type heading or the "V/v" line, the subject under it,
the secrecy and "DỰ THẢO" marks, the Kính gửi lines, the Nơi nhận list and the date line.
"""

from __future__ import annotations

import re

from vndocsign.errors import ExtractionError, ModelError
from vndocsign.model import DateLine, DocumentType, OfficialDocument, Secrecy
from vndocsign.model._text import canonical
from vndocsign.pdf import PdfSource, load_text

__all__ = ["document_from_pdf"]

_DATE = re.compile(r"ngày\s+\d{1,2}\s+tháng\s+\d{1,2}\s+năm\s+\d{4}", re.IGNORECASE)


def _headings() -> dict[str, DocumentType]:
    from vndocsign.model import all_document_types

    return {t.upper_name: t for t in all_document_types() if t.has_type_heading}


def document_from_pdf(source: PdfSource) -> OfficialDocument:
    """An :class:`OfficialDocument` with what the policy engine needs from a PDF."""
    try:
        from vndocsign import metadata as _metadata

        extract = getattr(_metadata, "extract_metadata", None)
    except ImportError:  # pragma: no cover - the metadata capability is not installed
        extract = None
    if extract is not None:
        try:
            doc = extract(source)
            if isinstance(doc, OfficialDocument):
                return doc
            inner = getattr(doc, "document", None)
            if isinstance(inner, OfficialDocument):
                return inner
        except ExtractionError:
            raise
        except Exception:  # noqa: S110 - fall back to the small reader below
            pass
    return _fallback(source)


def _fallback(source: PdfSource) -> OfficialDocument:
    text = load_text(source)
    if not text.has_text:
        raise ExtractionError(
            "The PDF has no text layer (a scan?): give the facts with --type, --subject ...",
            "Tệp PDF không có lớp chữ (bản quét?): hãy nêu thông tin bằng --type, --subject ...",
        )
    lines = [canonical(line.text) for line in text.lines()]
    headings = _headings()
    secrecy = None
    draft = False
    doc_type: DocumentType | None = None
    subject_parts: list[str] = []
    recipients: list[str] = []
    distribution: list[str] = []
    date_line: DateLine | None = None
    in_subject = False
    in_distribution = False
    for line in lines:
        upper = line.upper().strip(" .:")
        if upper in {s.value for s in Secrecy} and secrecy is None:
            secrecy = Secrecy.parse(upper)
            continue
        if upper in ("DỰ THẢO", "DU THAO"):
            draft = True
            continue
        if date_line is None and _DATE.search(line):
            try:
                date_line = DateLine.parse(line, strict=False)
            except ModelError:
                date_line = None
        if in_distribution:
            # the signer's title sits on the same rows as Nơi nhận (two-column footer)
            if line.upper() != line or not any(c.isalpha() for c in line):
                distribution.append(line)
            continue
        if line.lower().startswith("nơi nhận"):
            in_distribution = True
            rest = line.split(":", 1)[1].strip() if ":" in line else ""
            if rest:
                distribution.append(rest)
            continue
        if line.lower().startswith("kính gửi"):
            recipients.append(line.split(":", 1)[-1].strip())
            in_subject = False
            continue
        if doc_type is None and upper in headings:
            doc_type = headings[upper]
            in_subject = True
            continue
        if doc_type is None and line.lower().startswith("v/v"):
            doc_type = DocumentType.from_name("Công văn")
            subject_parts.append(line)
            continue
        if in_subject:
            if (
                line.startswith(("Căn cứ", "Kính"))
                or len(subject_parts) >= 3
                or set(line) <= {"-", "_", "–", " "}
            ):
                in_subject = False
            else:
                subject_parts.append(line)
    subject = " ".join(subject_parts)[:500] or None
    return OfficialDocument(
        document_type=doc_type,
        subject=subject,
        secrecy=secrecy,
        draft=draft,
        recipients=recipients,
        distribution=distribution,
        date_line=date_line,
    )
