"""vndocsign: digitally signed Vietnamese official documents, end to end.

The front door: the main call of every capability and the types it takes and returns. Each
capability lives in its own subpackage with the rest of its names (``model``, ``pki``, ``pdf``,
``metadata``, ``placement``, ``signing``, ``verification``, ``policy``, ``edxml``,
``transport``, ``cli``); implementation modules are private (``_name``).

>>> from vndocsign import DocumentNumber
>>> DocumentNumber.parse("2183/UBND-KGVX").issuer_abbreviation
'UBND'
"""

from vndocsign._limits import DEFAULT_LIMITS, LimitError, Limits, current_limits, use_limits
from vndocsign._version import __version__
from vndocsign.batch import BatchResult, BatchSummary, batch_extend, batch_sign, batch_verify
from vndocsign.edxml import Envelope, StatusMessage, envelope_from_document
from vndocsign.edxml import read as read_edxml
from vndocsign.edxml import validate as validate_edxml
from vndocsign.edxml import write as write_edxml
from vndocsign.errors import (
    EdxmlError,
    ExtractionError,
    ModelError,
    PdfError,
    PlacementError,
    PolicyError,
    SigningError,
    TransportError,
    VerificationError,
    VndocsignError,
)
from vndocsign.metadata import Extraction, extract, extract_metadata
from vndocsign.model import (
    Agency,
    DateLine,
    DocumentNumber,
    DocumentType,
    OfficialDocument,
    Secrecy,
    SignatureRole,
    Signer,
    Urgency,
)
from vndocsign.pdf import PageFrame, PdfLimitError, SignatureInfo, list_signatures, load_text
from vndocsign.pki import (
    LEGACY,
    TT15,
    AlgorithmPolicy,
    CertificateKind,
    bundled_trust,
    certificate_kind,
)
from vndocsign.placement import Placement, PlacementOptions, find_placement, find_placements
from vndocsign.policy import Decision, Delivery, check_submission, decide, load_profile
from vndocsign.samples import sample_names, sample_pdf
from vndocsign.signing import (
    Appearance,
    CscService,
    IssueStamps,
    Level,
    MySignService,
    SigningOptions,
    SigningPolicy,
    SigningResult,
    SmartCaService,
    finish_remote,
    issue_document,
    load_pkcs12,
    open_pkcs11,
    prepare_remote,
    sign_document,
    sign_file,
    sign_pdf,
    sign_remote,
    sign_remote_batch,
)
from vndocsign.transport import VxpTransport, send_message
from vndocsign.verification import (
    Indication,
    TrustProfile,
    VerificationPolicy,
    VerificationReport,
    async_verify_pdf,
    to_html,
    to_pdf,
    verify_many,
    verify_pdf,
)

__all__ = [
    "DEFAULT_LIMITS",
    "LEGACY",
    "TT15",
    "Agency",
    "AlgorithmPolicy",
    "Appearance",
    "BatchResult",
    "BatchSummary",
    "CertificateKind",
    "CscService",
    "DateLine",
    "Decision",
    "Delivery",
    "DocumentNumber",
    "DocumentType",
    "EdxmlError",
    "Envelope",
    "Extraction",
    "ExtractionError",
    "Indication",
    "IssueStamps",
    "Level",
    "LimitError",
    "Limits",
    "ModelError",
    "MySignService",
    "OfficialDocument",
    "PageFrame",
    "PdfError",
    "PdfLimitError",
    "Placement",
    "PlacementError",
    "PlacementOptions",
    "PolicyError",
    "Secrecy",
    "SignatureInfo",
    "SignatureRole",
    "Signer",
    "SigningError",
    "SigningOptions",
    "SigningPolicy",
    "SigningResult",
    "SmartCaService",
    "StatusMessage",
    "TransportError",
    "TrustProfile",
    "Urgency",
    "VerificationError",
    "VerificationPolicy",
    "VerificationReport",
    "VndocsignError",
    "VxpTransport",
    "__version__",
    "async_verify_pdf",
    "batch_extend",
    "batch_sign",
    "batch_verify",
    "bundled_trust",
    "certificate_kind",
    "check_submission",
    "current_limits",
    "decide",
    "envelope_from_document",
    "extract",
    "extract_metadata",
    "find_placement",
    "find_placements",
    "finish_remote",
    "issue_document",
    "list_signatures",
    "load_pkcs12",
    "load_profile",
    "load_text",
    "open_pkcs11",
    "prepare_remote",
    "read_edxml",
    "sample_names",
    "sample_pdf",
    "send_message",
    "sign_document",
    "sign_file",
    "sign_pdf",
    "sign_remote",
    "sign_remote_batch",
    "to_html",
    "to_pdf",
    "use_limits",
    "validate_edxml",
    "verify_many",
    "verify_pdf",
    "write_edxml",
]
