"""The dated algorithm policy (TT 15/2025/TT-BKHCN Phụ lục I, ETSI TS 119 312).

TT 15/2025 accepts only SHA-2 (SHA-256, SHA-384, SHA-512, SHA-512/224, SHA-512/256) and SHA-3
(including SHAKE128/256) digests, RSA keys of at least 2048 bits and EC keys of at least 256.
An algorithm does not become unsafe for signatures that *existed* before it was withdrawn: as
in ETSI validation, a weak algorithm is judged at the best-proven signing time (a trusted
timestamp, else the claimed time) against the date from which it is no longer accepted.

The dates are configurable. Defaults (documented in ``docs/verification.md``; the exact cut-off
for SHA-1 in Vietnamese practice is *unverified*): SHA-1 and SHA-224 are accepted for signatures
proven to exist before 2025-08-15, the day TT 15/2025 was issued; MD5 and MD2 never.
Signing always judges at "now", so it never produces a SHA-1 signature under the default.
"""

from __future__ import annotations

import enum
from collections.abc import Mapping
from datetime import UTC, date, datetime

import attrs

__all__ = ["LEGACY", "TT15", "TT15_DIGESTS", "AlgorithmPolicy", "AlgorithmVerdict"]

#: Digests TT 15/2025 Phụ lục I accepts without a date (FIPS 180-4 and FIPS 202).
TT15_DIGESTS = frozenset(
    {
        "sha256",
        "sha384",
        "sha512",
        "sha512_224",
        "sha512_256",
        "sha3_224",
        "sha3_256",
        "sha3_384",
        "sha3_512",
        "shake128",
        "shake256",
    }
)

#: The day TT 15/2025/TT-BKHCN was issued.
TT15_DATE = date(2025, 8, 15)


class AlgorithmVerdict(enum.StrEnum):
    """How the policy judges one algorithm use."""

    #: In the policy's list.
    ACCEPTED = "accepted"
    #: Withdrawn, but proven to be used before its sunset date: accepted with a warning.
    ACCEPTED_BEFORE_SUNSET = "accepted_before_sunset"
    #: Not accepted at that time (or never).
    REJECTED = "rejected"

    @property
    def ok(self) -> bool:
        return self is not AlgorithmVerdict.REJECTED


def _as_date(moment: datetime | date | None) -> date | None:
    if moment is None:
        return None
    if isinstance(moment, datetime):
        return (moment if moment.tzinfo else moment.replace(tzinfo=UTC)).astimezone(UTC).date()
    return moment


def _sunset(value: Mapping[str, date]) -> dict[str, date]:
    return {str(k).lower(): v for k, v in value.items()}


@attrs.frozen
class AlgorithmPolicy:
    """Which digests and key sizes are acceptable, and until when the withdrawn ones were.

    ``sunset`` maps a withdrawn digest to the first day it is no longer accepted; a digest in
    neither ``digests`` nor ``sunset`` is never accepted.
    """

    name: str
    digests: frozenset[str] = TT15_DIGESTS
    sunset: Mapping[str, date] = attrs.field(factory=dict, converter=_sunset, hash=False)
    min_rsa_bits: int = 2048
    min_ec_bits: int = 256
    min_dsa_bits: int = 3072

    def judge_digest(self, name: str, at: datetime | date | None = None) -> AlgorithmVerdict:
        """Judge digest ``name`` (``"sha256"``, ``"sha1"``…) used at ``at`` (``None``: now)."""
        key = name.lower().replace("-", "").replace("/", "_")
        if key in self.digests:
            return AlgorithmVerdict.ACCEPTED
        until = self.sunset.get(key)
        when = _as_date(at) or datetime.now(UTC).date()
        if until is not None and when < until:
            return AlgorithmVerdict.ACCEPTED_BEFORE_SUNSET
        return AlgorithmVerdict.REJECTED

    def judge_key(self, algorithm: str, bits: int) -> AlgorithmVerdict:
        """Judge a public key (``"rsa"``, ``"ec"``, ``"dsa"``, ``"ed25519"``, ``"ed448"``)."""
        algo = algorithm.lower()
        minimum = {
            "rsa": self.min_rsa_bits,
            "rsassa_pss": self.min_rsa_bits,
            "ec": self.min_ec_bits,
            "dsa": self.min_dsa_bits,
        }.get(algo)
        if algo in ("ed25519", "ed448"):
            return AlgorithmVerdict.ACCEPTED
        if minimum is None or bits < minimum:
            return AlgorithmVerdict.REJECTED
        return AlgorithmVerdict.ACCEPTED

    def digest_sunset(self, name: str) -> date | None:
        """The first day a withdrawn digest is no longer accepted (``None``: not withdrawn)."""
        return self.sunset.get(name.lower())


#: The law's policy (the default everywhere).
TT15 = AlgorithmPolicy(
    "tt15-2025",
    sunset={"sha1": TT15_DATE, "sha224": TT15_DATE},
)

#: Explicit legacy policy for old tokens and archives: SHA-1, SHA-224 and RSA-1024 accepted at
#: any date (reported as such), DSA from 1024 bits. Never chosen implicitly.
LEGACY = AlgorithmPolicy(
    "legacy",
    digests=TT15_DIGESTS,
    sunset={"sha1": date.max, "sha224": date.max},
    min_rsa_bits=1024,
    min_ec_bits=192,
    min_dsa_bits=1024,
)
