"""Results of metadata extraction: the document plus, field by field, how sure we are and why.

Extraction is best effort. Each field found on the page comes with a :class:`FieldEvidence`:
the value, a confidence between 0 and 1, the page and box where it was read (PDF user space of
the unrotated page, like every box in vndocsign) and the exact text it was read from. A value
that does not parse (a number printed ``Số: 5/bnv vp``) is kept raw with a low confidence
instead of raising: the clerk (văn thư) sees what is on the page and decides.
"""

from __future__ import annotations

import enum
from collections.abc import Mapping
from typing import Any

import attrs

from vndocsign.errors import ExtractionError
from vndocsign.model import OfficialDocument
from vndocsign.pdf import BBox

__all__ = [
    "Attachment",
    "Extraction",
    "FieldEvidence",
    "FieldSource",
    "InvalidConfidenceError",
    "MissingTextLayerError",
    "NoSuchDocumentError",
]


class FieldSource(enum.StrEnum):
    """Where a field's value was read."""

    #: The page content (the text layer of the page itself).
    CONTENT = "content"
    #: Text a visible annotation draws: the number or day a registry's agency signature
    #: stamps into a blank (``Số:      /BNV-TCPCP``), possibly with page content around it.
    STAMP = "stamp"
    #: The personal signature's certificate (a signer whose name is not printed).
    CERTIFICATE = "certificate"
    #: Optical character recognition of a scanned page (lower confidence).
    OCR = "ocr"


class MissingTextLayerError(ExtractionError):
    """The PDF has no text layer (a scan without OCR): nothing can be read off it."""

    code = "extraction.no_text"


class NoSuchDocumentError(ExtractionError):
    """``document=`` names a part the file does not have (see ``Extraction.attachments``)."""

    code = "extraction.no_such_document"


class InvalidConfidenceError(ExtractionError):
    """A confidence outside ``[0, 1]`` was given to :class:`FieldEvidence`."""

    code = "extraction.invalid_confidence"


def _jsonable(value: Any) -> Any:
    if value is None or isinstance(value, str | int | float | bool):
        return value
    if isinstance(value, list | tuple):
        return [_jsonable(v) for v in value]
    if isinstance(value, Mapping):
        return {str(k): _jsonable(v) for k, v in value.items()}
    return str(value)


@attrs.frozen
class FieldEvidence:
    """Where and how one field was read.

    ``value`` is the JSON-friendly value (``"2183/UBND-KGVX"``, ``"2024-05-31"``, a list of
    recipients...); ``page`` is the 0-based page index (1-based in :meth:`to_dict`, like every
    page number in vndocsign's JSON); ``bbox`` encloses every glyph the value was read from
    (on ``page``; for a value spread over several lines, the union of their boxes).
    """

    value: Any
    confidence: float = attrs.field()
    page: int | None = None
    bbox: BBox | None = None
    source_text: str | None = None
    #: Where the value was read (page content, a signature's stamp, a certificate, OCR).
    source: FieldSource = FieldSource.CONTENT
    #: The signature fields whose appearance stamped (part of) the value, with their signer
    #: when known: ``({"field": "Signature2", "signer": "Bộ Nội vụ"},)``.
    stamped_by: tuple[Mapping[str, str | None], ...] = ()

    @confidence.validator
    def _check(self, _attr: object, value: float) -> None:
        if not 0.0 <= value <= 1.0:
            raise InvalidConfidenceError(
                f"confidence must be within [0, 1], got {value}",
                f"độ tin cậy phải nằm trong khoảng [0, 1], nhận được {value}",
                confidence=value,
            )

    def to_dict(self) -> dict[str, Any]:
        return {
            "value": _jsonable(self.value),
            "confidence": round(self.confidence, 2),
            "page": self.page + 1 if self.page is not None else None,
            "bbox": [round(v, 2) for v in self.bbox] if self.bbox else None,
            "source_text": self.source_text,
            "source": str(self.source),
            "stamped_by": [dict(s) for s in self.stamped_by],
        }


@attrs.frozen
class Extraction:
    """What :func:`vndocsign.metadata.extract` found.

    ``document`` holds every value that could be turned into the model; ``fields`` the evidence
    keyed by field name (``number``, ``issuer``, ``issuer_parent``, ``date_line``, ``place``,
    ``issued_date``, ``document_type``, ``subject``, ``recipients``, ``signers``,
    ``signer_name``, ``signer_position``, ``signer_authority``, ``distribution``, ``secrecy``,
    ``urgency``, ``draft``, ``closing``, ``page_amount``); ``warnings`` says in both languages
    what looked wrong. ``has_text_layer`` is ``False`` for a scan without OCR: then nothing
    else was attempted.
    """

    document: OfficialDocument
    fields: Mapping[str, FieldEvidence] = attrs.field(factory=dict)
    warnings: tuple[str, ...] = ()
    has_text_layer: bool = True
    #: A scanned document: pages without (or with an unreadable) text layer.
    scanned: bool = False
    #: The text layer loses letters (a font without a full Unicode map: ``uyết định`` for
    #: ``Quyết định``); every value is then ranked at most 0.3, with a warning.
    lost_letters: bool = False
    #: Documents in the file after the main one (attached drafts, appendices), each with its
    #: pages and own extraction; :attr:`document` and :attr:`fields` are the main document's.
    attachments: tuple[Attachment, ...] = ()
    #: The 0-based pages of the file this extraction read (all pages of a one-document file).
    pages: tuple[int, ...] = ()

    def confidence(self, name: str) -> float:
        """Confidence of one field, 0.0 when it was not found."""
        evidence = self.fields.get(name)
        return evidence.confidence if evidence else 0.0

    def to_dict(self) -> dict[str, Any]:
        """JSON-ready: ``{"metadata": …, "fields": {name: evidence}, "warnings": […], …}``."""
        return {
            "metadata": self.document.to_dict(),
            "fields": {k: v.to_dict() for k, v in self.fields.items()},
            "warnings": list(self.warnings),
            "has_text_layer": self.has_text_layer,
            "scanned": self.scanned,
            "lost_letters": self.lost_letters,
            "pages": [p + 1 for p in self.pages],
            "attachments": [a.to_dict() for a in self.attachments],
        }


@attrs.frozen
class Attachment:
    """One document bound after the main one in the same PDF (văn bản kèm theo, phụ lục).

    ``pages`` are 0-based indexes (1-based in :meth:`to_dict`); ``kind`` says how it was
    recognised (``document``: its own header; ``appendix``: a "Phụ lục" heading).
    """

    pages: tuple[int, ...]
    kind: str
    extraction: Extraction
    #: Its 0-based position among the file's documents (``extract(pdf, document=...)``;
    #: 1-based in JSON and in the CLI's ``--document``).
    document: int = 0

    def to_dict(self) -> dict[str, Any]:
        return {
            "document": self.document + 1,
            "pages": [p + 1 for p in self.pages],
            "kind": self.kind,
            "metadata": self.extraction.document.to_dict(),
            "fields": {k: v.to_dict() for k, v in self.extraction.fields.items()},
        }
