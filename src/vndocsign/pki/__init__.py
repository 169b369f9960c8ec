"""Certificates as Vietnamese law reads them: who they name and which algorithms are allowed.

Shared by signing (the pre-signing gate) and verification (judging received signatures), so
that both agree on what a certificate *is* and what TT 15/2025 accepts; also the Vietnamese CA
certificates shipped with the package (``bundled_trust``) and chain building through them
(``find_issuer_chain``), so that trust works with no import step.
"""

from vndocsign.pki._algorithms import (
    LEGACY,
    TT15,
    TT15_DIGESTS,
    AlgorithmPolicy,
    AlgorithmVerdict,
)
from vndocsign.pki._bundle import (
    TRUST_PROFILES,
    BundledCertificate,
    CaLevel,
    TrustBundle,
    TrustDataError,
    TrustProfileNotFoundError,
    bundled_certificates,
    bundled_trust,
)
from vndocsign.pki._chain import find_issuer_chain, issued_by
from vndocsign.pki._identity import (
    COMMON_FAMILY_NAMES,
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
    "COMMON_FAMILY_NAMES",
    "INDIVIDUAL_PREFIXES",
    "LEGACY",
    "ORGANIZATION_PREFIXES",
    "TRUST_PROFILES",
    "TT15",
    "TT15_DIGESTS",
    "AlgorithmPolicy",
    "AlgorithmVerdict",
    "BundledCertificate",
    "CaLevel",
    "CertificateKind",
    "TrustBundle",
    "TrustDataError",
    "TrustProfileNotFoundError",
    "bundled_certificates",
    "bundled_trust",
    "certificate_kind",
    "find_issuer_chain",
    "issued_by",
    "kind_of_uids",
    "parse_uids",
    "split_uid",
    "subject_text",
]
