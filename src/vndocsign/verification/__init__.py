"""Verification of signed PDFs: ETSI verdicts in Vietnamese and English (issue 5).

``verify_pdf(pdf, trust=TrustProfile.named("cong-vu"))`` returns a frozen
:class:`VerificationReport`; see ``docs/verification.md``.
"""

from vndocsign.verification.batch import expand_inputs, verify_many, verify_with_time_limit
from vndocsign.verification.engine import (
    LEGACY,
    TT15,
    AlgorithmPolicy,
    VerificationPolicy,
    async_verify_pdf,
    verify_pdf,
)
from vndocsign.verification.identity import SignerIdentity, identity_from_certificate, split_uid
from vndocsign.verification.render import to_etsi_xml, to_html
from vndocsign.verification.report import (
    Message,
    SignatureReport,
    TimestampReport,
    VerificationReport,
)
from vndocsign.verification.trust import PINNED, PinnedCertificate, TrustProfile, TrustStore

__all__ = [
    "LEGACY",
    "PINNED",
    "TT15",
    "AlgorithmPolicy",
    "Message",
    "PinnedCertificate",
    "SignatureReport",
    "SignerIdentity",
    "TimestampReport",
    "TrustProfile",
    "TrustStore",
    "VerificationPolicy",
    "VerificationReport",
    "async_verify_pdf",
    "expand_inputs",
    "identity_from_certificate",
    "split_uid",
    "to_etsi_xml",
    "to_html",
    "verify_many",
    "verify_pdf",
    "verify_with_time_limit",
]
