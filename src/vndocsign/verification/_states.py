"""The states a verification report speaks in, as enums (their JSON strings are the values).

ETSI EN 319 102-1 §5.1.3 gives the indications and sub-indications; pyHanko's
``AdESFailure``/``AdESIndeterminate`` names are the same strings, so a certvalidator result
maps 1:1. The others are vndocsign's own report vocabulary.
"""

from __future__ import annotations

import enum

__all__ = [
    "Coverage",
    "DocumentKind",
    "Indication",
    "ModificationLevel",
    "RevocationMode",
    "RevocationStatus",
    "Severity",
    "SignatureType",
    "Status",
    "SubIndication",
    "TimeSource",
]


class Indication(enum.StrEnum):
    """The ETSI main indication."""

    TOTAL_PASSED = "TOTAL_PASSED"
    INDETERMINATE = "INDETERMINATE"
    TOTAL_FAILED = "TOTAL_FAILED"


class SubIndication(enum.StrEnum):
    """ETSI EN 319 102-1 sub-indications (plus ``NO_SIGNATURE_FOUND`` for an unsigned file)."""

    FORMAT_FAILURE = "FORMAT_FAILURE"
    HASH_FAILURE = "HASH_FAILURE"
    SIG_CRYPTO_FAILURE = "SIG_CRYPTO_FAILURE"
    REVOKED = "REVOKED"
    NOT_YET_VALID = "NOT_YET_VALID"
    SIG_CONSTRAINTS_FAILURE = "SIG_CONSTRAINTS_FAILURE"
    CHAIN_CONSTRAINTS_FAILURE = "CHAIN_CONSTRAINTS_FAILURE"
    CERTIFICATE_CHAIN_GENERAL_FAILURE = "CERTIFICATE_CHAIN_GENERAL_FAILURE"
    CRYPTO_CONSTRAINTS_FAILURE = "CRYPTO_CONSTRAINTS_FAILURE"
    EXPIRED = "EXPIRED"
    POLICY_PROCESSING_ERROR = "POLICY_PROCESSING_ERROR"
    SIGNATURE_POLICY_NOT_AVAILABLE = "SIGNATURE_POLICY_NOT_AVAILABLE"
    TIMESTAMP_ORDER_FAILURE = "TIMESTAMP_ORDER_FAILURE"
    NO_SIGNING_CERTIFICATE_FOUND = "NO_SIGNING_CERTIFICATE_FOUND"
    NO_CERTIFICATE_CHAIN_FOUND = "NO_CERTIFICATE_CHAIN_FOUND"
    REVOKED_NO_POE = "REVOKED_NO_POE"
    REVOKED_CA_NO_POE = "REVOKED_CA_NO_POE"
    OUT_OF_BOUNDS_NO_POE = "OUT_OF_BOUNDS_NO_POE"
    REVOCATION_OUT_OF_BOUNDS_NO_POE = "REVOCATION_OUT_OF_BOUNDS_NO_POE"
    OUT_OF_BOUNDS_NOT_REVOKED = "OUT_OF_BOUNDS_NOT_REVOKED"
    CRYPTO_CONSTRAINTS_FAILURE_NO_POE = "CRYPTO_CONSTRAINTS_FAILURE_NO_POE"
    NO_POE = "NO_POE"
    TRY_LATER = "TRY_LATER"
    SIGNED_DATA_NOT_FOUND = "SIGNED_DATA_NOT_FOUND"
    GENERIC = "GENERIC"
    NO_SIGNATURE_FOUND = "NO_SIGNATURE_FOUND"

    @classmethod
    def parse(cls, name: str | None) -> SubIndication:
        """A sub-indication by name; an unknown name (a newer pyHanko) becomes ``GENERIC``."""
        try:
            return cls(str(name))
        except ValueError:
            return cls.GENERIC


class Status(enum.StrEnum):
    """What a clerk reads on top of the ETSI verdict."""

    PASSED = "passed"
    INDETERMINATE = "indeterminate"
    #: intact, but something changed after signing that a person must look at
    WARNING = "warning"
    FAILED = "failed"


class ModificationLevel(enum.StrEnum):
    """What changed after a signature, from harmless to forbidden (ordered)."""

    NOT_APPLICABLE = "n/a"
    NONE = "none"
    ALLOWED = "allowed"
    SUSPICIOUS = "suspicious"
    DISALLOWED = "disallowed"

    @property
    def rank(self) -> int:
        return _MOD_RANK[self]


_MOD_RANK = {"n/a": -1, "none": 0, "allowed": 1, "suspicious": 2, "disallowed": 3}


class SignatureType(enum.StrEnum):
    SIGNATURE = "signature"
    DOCUMENT_TIMESTAMP = "document_timestamp"


class Coverage(enum.StrEnum):
    """How much of the file a ``/ByteRange`` signs."""

    ENTIRE_FILE = "entire_file"
    ENTIRE_REVISION = "entire_revision"
    PARTIAL = "partial"
    INVALID = "invalid"


class TimeSource(enum.StrEnum):
    """Where the signing time comes from: a trusted time-stamp proves it, a claim does not."""

    TIMESTAMP = "timestamp"
    CLAIMED = "claimed"
    NONE = "none"


class RevocationStatus(enum.StrEnum):
    GOOD = "good"
    REVOKED = "revoked"
    UNKNOWN = "unknown"
    NOT_CHECKED = "not_checked"


class RevocationMode(enum.StrEnum):
    """Where revocation data may come from."""

    EMBEDDED_THEN_ONLINE = "embedded-then-online"
    EMBEDDED_ONLY = "embedded-only"
    ONLINE = "online"


class DocumentKind(enum.StrEnum):
    """Which Decree 30 signature sequence a document must carry."""

    #: văn bản ban hành: personal signature(s), then the agency signature covering them
    ISSUED = "issued"
    #: dự thảo: an electronic initial (ký tắt) after './.'
    DRAFT = "draft"


class Stamp(enum.StrEnum):
    """What an agency signature's appearance put on the page (văn thư's stamps)."""

    #: the number, in the ``Số:      /…`` blank
    NUMBER = "number"
    #: the day (and month, year) in the blank of the date line
    DATE = "date"
    #: the seal (dấu), over the left third of the personal signature
    SEAL = "seal"
    #: the agency's stamp at the top of an attachment's page (phụ lục, văn bản kèm theo)
    ATTACHMENT_STAMP = "attachment_stamp"


class Severity(enum.StrEnum):
    ERROR = "error"
    WARNING = "warning"
    INFO = "info"
