"""Verification of signed PDFs: ETSI verdicts in Vietnamese and English (issue 5).

``verify_pdf(pdf, trust=TrustProfile.named("cong-vu"))`` returns a frozen
:class:`VerificationReport`; see ``docs/verification.md``. The implementation modules are
private (``_name``); everything public is re-exported here.
"""

from vndocsign.verification._api import verify_pdf
from vndocsign.verification._batch import expand_inputs, verify_many, verify_with_time_limit
from vndocsign.verification._engine import PdfInput, async_verify_pdf
from vndocsign.verification._errors import (
    BadArgumentError,
    ChromiumNotFoundError,
    InputNotFoundError,
    ReportRenderError,
    TrustProfileError,
    TrustStoreError,
)
from vndocsign.verification._identity import SignerIdentity, identity_from_certificate
from vndocsign.verification._policy import VerificationPolicy
from vndocsign.verification._render import find_chromium, to_etsi_xml, to_html, to_pdf
from vndocsign.verification._report import (
    ChangedArea,
    Decree30Check,
    LaterChange,
    Message,
    SignatureReport,
    TimestampReport,
    VerificationReport,
)
from vndocsign.verification._states import (
    Coverage,
    DocumentKind,
    Indication,
    ModificationLevel,
    RevocationMode,
    RevocationStatus,
    Severity,
    SignatureType,
    Stamp,
    Status,
    SubIndication,
    TimeSource,
)
from vndocsign.verification._trust import (
    DEFAULT_PROFILE,
    PINNED,
    PinnedCertificate,
    TrustProfile,
    TrustStore,
)

__all__ = [
    "DEFAULT_PROFILE",
    "PINNED",
    "BadArgumentError",
    "ChangedArea",
    "ChromiumNotFoundError",
    "Coverage",
    "Decree30Check",
    "DocumentKind",
    "Indication",
    "InputNotFoundError",
    "LaterChange",
    "Message",
    "ModificationLevel",
    "PdfInput",
    "PinnedCertificate",
    "ReportRenderError",
    "RevocationMode",
    "RevocationStatus",
    "Severity",
    "SignatureReport",
    "SignatureType",
    "SignerIdentity",
    "Stamp",
    "Status",
    "SubIndication",
    "TimeSource",
    "TimestampReport",
    "TrustProfile",
    "TrustProfileError",
    "TrustStore",
    "TrustStoreError",
    "VerificationPolicy",
    "VerificationReport",
    "async_verify_pdf",
    "expand_inputs",
    "find_chromium",
    "identity_from_certificate",
    "to_etsi_xml",
    "to_html",
    "to_pdf",
    "verify_many",
    "verify_pdf",
    "verify_with_time_limit",
]
