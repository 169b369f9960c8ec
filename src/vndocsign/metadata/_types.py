"""Results of metadata extraction: the document plus, field by field, how sure we are and why.

Extraction is best effort. Each field found on the page comes with a :class:`FieldEvidence`:
the value, a confidence between 0 and 1, the page and box where it was read (PDF user space of
the unrotated page, like every box in vndocsign) and the exact text it was read from. A value
that does not parse (a number printed ``Số: 5/bnv vp``) is kept raw with a low confidence
instead of raising: the clerk (văn thư) sees what is on the page and decides.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

import attrs

from vndocsign.errors import ExtractionError
from vndocsign.model import OfficialDocument
from vndocsign.pdf import BBox

__all__ = ["Extraction", "FieldEvidence", "InvalidConfidenceError", "MissingTextLayerError"]


class MissingTextLayerError(ExtractionError):
    """The PDF has no text layer (a scan without OCR): nothing can be read off it."""

    code = "extraction.no_text"


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
        }
