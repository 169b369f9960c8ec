"""Metadata extraction (trích xuất thông tin văn bản) from the PDF of an official document.

``extract(pdf)`` reads the Decree 30/2020/NĐ-CP components — number, issuer, place and date,
type and subject, Kính gửi, signers, Nơi nhận, secrecy/urgency marks, draft marker — from the
text layer, with a confidence and a page box for each; ``extract_metadata(pdf)`` returns just
the :class:`~vndocsign.model.OfficialDocument`.
"""

from ._extract import extract, extract_metadata
from ._types import (
    Attachment,
    Extraction,
    FieldEvidence,
    FieldSource,
    InvalidConfidenceError,
    MissingTextLayerError,
    NoSuchDocumentError,
)

__all__ = [
    "Attachment",
    "Extraction",
    "FieldEvidence",
    "FieldSource",
    "InvalidConfidenceError",
    "MissingTextLayerError",
    "NoSuchDocumentError",
    "extract",
    "extract_metadata",
]
