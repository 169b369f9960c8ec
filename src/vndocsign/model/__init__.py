"""The official-document model (Decree 30/2020/NĐ-CP): types, numbers, dates, parties, marks.

Everything here is a frozen ``attrs`` class validated on construction; bad input raises
:class:`vndocsign.errors.ModelError` with a Vietnamese and an English message.
"""

from vndocsign.model._text import canonical, strip_diacritics
from vndocsign.model.dates import VN_TZ, DateLine, format_vn_date, now_vn, to_vn
from vndocsign.model.doctypes import DocumentType, TypeKind, all_document_types
from vndocsign.model.document import FileCode, OfficialDocument, Recipient
from vndocsign.model.marks import Secrecy, Urgency
from vndocsign.model.number import DocumentNumber
from vndocsign.model.parties import Agency, Authority, AuthorityLine, OrganId, Signer
from vndocsign.model.roles import SignatureRole

__all__ = [
    "VN_TZ",
    "Agency",
    "Authority",
    "AuthorityLine",
    "DateLine",
    "DocumentNumber",
    "DocumentType",
    "FileCode",
    "OfficialDocument",
    "OrganId",
    "Recipient",
    "Secrecy",
    "SignatureRole",
    "Signer",
    "TypeKind",
    "Urgency",
    "all_document_types",
    "canonical",
    "format_vn_date",
    "now_vn",
    "strip_diacritics",
    "to_vn",
]
