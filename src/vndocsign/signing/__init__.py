"""Signing (ký số): PAdES signatures for every Decree 30 role, on pyHanko.

Public entry points:

* :class:`SigningOptions` — what one signature should be (role, level, placement, appearance,
  reason, location, field name, policy, TSA...), frozen; :class:`SigningResult` — what it did;
* :func:`sign_document` (a :class:`SigningResult`), :func:`sign_pdf` (the signed bytes),
  :func:`sign_file` (atomically into a file) — one signature of one role (``initial``,
  ``personal``, ``agency``, ``attachment``, ``copy``) at PAdES B-B, B-T, B-LT or B-LTA;
* the steps they run, for callers that sign elsewhere: :func:`prepare_signature` (document and
  digest), :func:`sign_digest` (the CMS, by a key source), :func:`finish_signature` (embed,
  timestamp, validation data); remote "sign the hash" services: :func:`prepare_remote` /
  :func:`finish_remote` with :class:`PendingSignature`;
* :func:`issue_document` — the registry clerk's step (phát hành): fill in "Số" and the date in
  the blanks reserved at personal signing, then the agency seal, keeping earlier signatures
  valid; :func:`sign_for_issue` is the matching personal signature;
* :func:`load_pkcs12`, :func:`open_pkcs11` — key sources;
* :class:`SigningPolicy`, :func:`check_signer_certificate` — the pre-signing gate;
* :func:`demo_credentials`, :func:`demo_pdf` — throw-away material for examples (never real).
"""

from vndocsign.signing._appearance import Appearance, load_png
from vndocsign.signing._checks import (
    CertificateCheck,
    SigningPolicy,
    check_role,
    check_signer_certificate,
)
from vndocsign.signing._core import sign_document, sign_file, sign_pdf
from vndocsign.signing._csc import CscService, CscVersion
from vndocsign.signing._demo import DemoCredentials, DemoPki, demo_credentials, demo_pdf, demo_pki
from vndocsign.signing._errors import (
    AppearanceError,
    CertificateRejectedError,
    DocumentRefusedError,
    DraftMarkError,
    ImageLimitError,
    InvalidOptionError,
    InvalidPlacementError,
    KeyAccessError,
    NoNumberBlankError,
    NotIssuableError,
    PersonalSignatureError,
    RemoteSigningError,
    RoleMismatchError,
    RoleMismatchWarning,
    SigningFailedError,
    TimestampError,
)
from vndocsign.signing._fonts import default_font_path, load_font
from vndocsign.signing._issue import (
    EARLIEST_ISSUE_DATE,
    Blank,
    IssueStamps,
    find_issue_blanks,
    issue_document,
    parse_issue_date,
    sign_for_issue,
)
from vndocsign.signing._keys import SignerKey, load_pkcs12, open_pkcs11
from vndocsign.signing._mysign import MySignService
from vndocsign.signing._options import Box, DocMdp, Level, SigningOptions, SigningResult
from vndocsign.signing._remote import PendingSignature, finish_remote, prepare_remote
from vndocsign.signing._remote_flow import sign_remote, sign_remote_batch
from vndocsign.signing._remote_http import (
    HttpSettings,
    RemoteAuthError,
    RemoteCancelledError,
    RemoteDeclinedError,
    RemoteHttpError,
    RemoteMismatchError,
    RemoteProtocolError,
    RemoteServiceError,
    RemoteTimeoutError,
)
from vndocsign.signing._remote_types import (
    RemoteCredential,
    RemoteProgress,
    RemoteSignature,
    RemoteSigningService,
    SignatureScheme,
)
from vndocsign.signing._remote_types import Stage as RemoteStage
from vndocsign.signing._smartca import SmartCaService, SmartCaWebhookInbox
from vndocsign.signing._steps import (
    PreparedSignature,
    embed_signature,
    finish_signature,
    prepare_signature,
    sign_digest,
)
from vndocsign.signing._translate import ReservationTooSmallError

__all__ = [
    "EARLIEST_ISSUE_DATE",
    "Appearance",
    "AppearanceError",
    "Blank",
    "Box",
    "CertificateCheck",
    "CertificateRejectedError",
    "CscService",
    "CscVersion",
    "DemoCredentials",
    "DemoPki",
    "DocMdp",
    "DocumentRefusedError",
    "DraftMarkError",
    "HttpSettings",
    "ImageLimitError",
    "InvalidOptionError",
    "InvalidPlacementError",
    "IssueStamps",
    "KeyAccessError",
    "Level",
    "MySignService",
    "NoNumberBlankError",
    "NotIssuableError",
    "PendingSignature",
    "PersonalSignatureError",
    "PreparedSignature",
    "RemoteAuthError",
    "RemoteCancelledError",
    "RemoteCredential",
    "RemoteDeclinedError",
    "RemoteHttpError",
    "RemoteMismatchError",
    "RemoteProgress",
    "RemoteProtocolError",
    "RemoteServiceError",
    "RemoteSignature",
    "RemoteSigningError",
    "RemoteSigningService",
    "RemoteStage",
    "RemoteTimeoutError",
    "ReservationTooSmallError",
    "RoleMismatchError",
    "RoleMismatchWarning",
    "SignatureScheme",
    "SignerKey",
    "SigningFailedError",
    "SigningOptions",
    "SigningPolicy",
    "SigningResult",
    "SmartCaService",
    "SmartCaWebhookInbox",
    "TimestampError",
    "check_role",
    "check_signer_certificate",
    "default_font_path",
    "demo_credentials",
    "demo_pdf",
    "demo_pki",
    "embed_signature",
    "find_issue_blanks",
    "finish_remote",
    "finish_signature",
    "issue_document",
    "load_font",
    "load_pkcs12",
    "load_png",
    "open_pkcs11",
    "parse_issue_date",
    "prepare_remote",
    "prepare_signature",
    "sign_digest",
    "sign_document",
    "sign_file",
    "sign_for_issue",
    "sign_pdf",
    "sign_remote",
    "sign_remote_batch",
]
