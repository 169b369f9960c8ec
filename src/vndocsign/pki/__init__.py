"""Certificates as Vietnamese law reads them: who they name and which algorithms are allowed.

Shared by signing (the pre-signing gate) and verification (judging received signatures), so
that both agree on what a certificate *is* and what TT 15/2025 accepts.
"""

from vndocsign.pki._algorithms import (
    LEGACY,
    TT15,
    TT15_DIGESTS,
    AlgorithmPolicy,
    AlgorithmVerdict,
)
from vndocsign.pki._identity import (
    INDIVIDUAL_PREFIXES,
    ORGANIZATION_PREFIXES,
    CertificateKind,
    certificate_kind,
    kind_of_uids,
    parse_uids,
    split_uid,
    subject_text,
)

__all__ = [
    "INDIVIDUAL_PREFIXES",
    "LEGACY",
    "ORGANIZATION_PREFIXES",
    "TT15",
    "TT15_DIGESTS",
    "AlgorithmPolicy",
    "AlgorithmVerdict",
    "CertificateKind",
    "certificate_kind",
    "kind_of_uids",
    "parse_uids",
    "split_uid",
    "subject_text",
]
