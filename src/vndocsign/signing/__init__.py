"""Signing (ký số): PAdES signatures for every Decree 30 role, on pyHanko.

Public entry points:

* :func:`sign_pdf` / :func:`sign_file` — one signature of one role (``initial``, ``personal``,
  ``agency``, ``attachment``, ``copy``) at PAdES B-B, B-T, B-LT or B-LTA;
* :func:`issue_document` — the registry clerk's step (phát hành): fill in "Số" and the date in
  the blanks reserved at personal signing, then the agency seal, keeping earlier signatures
  valid; :func:`sign_for_issue` is the matching personal signature;
* :func:`load_pkcs12`, :func:`open_pkcs11` — key sources; :mod:`vndocsign.signing.remote` —
  the prepare / sign-the-hash elsewhere / finish protocol of remote signing services;
* :class:`SigningPolicy`, :func:`check_signer_certificate` — the pre-signing gate.
"""

from vndocsign.signing.appearance import Appearance, Role
from vndocsign.signing.checks import (
    CertificateCheck,
    CertificateKind,
    SigningPolicy,
    certificate_kind,
    check_signer_certificate,
    parse_uids,
)
from vndocsign.signing.core import Box, DocMdp, Level, SignOutcome, sign_file, sign_pdf
from vndocsign.signing.errors import (
    AppearanceError,
    CertificateRejectedError,
    DocumentRefusedError,
    KeyAccessError,
    RemoteSigningError,
    RoleMismatchError,
    RoleMismatchWarning,
    TimestampError,
)
from vndocsign.signing.fonts import default_font_path, load_font
from vndocsign.signing.issue import Blank, find_issue_blanks, issue_document, sign_for_issue
from vndocsign.signing.keys import SignerKey, load_pkcs12, open_pkcs11

__all__ = [
    "Appearance",
    "AppearanceError",
    "Blank",
    "Box",
    "CertificateCheck",
    "CertificateKind",
    "CertificateRejectedError",
    "DocMdp",
    "DocumentRefusedError",
    "KeyAccessError",
    "Level",
    "RemoteSigningError",
    "Role",
    "RoleMismatchError",
    "RoleMismatchWarning",
    "SignOutcome",
    "SignerKey",
    "SigningPolicy",
    "TimestampError",
    "certificate_kind",
    "check_signer_certificate",
    "default_font_path",
    "find_issue_blanks",
    "issue_document",
    "load_font",
    "load_pkcs12",
    "open_pkcs11",
    "parse_uids",
    "sign_file",
    "sign_for_issue",
    "sign_pdf",
]
