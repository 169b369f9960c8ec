"""The dated algorithm policy as pyhanko-certvalidator's ``AlgorithmUsagePolicy``.

pyhanko-certvalidator's default policy refuses SHA-1 at any date, so every certificate of the
G1 government PKI ("Co quan chung thuc so Chinh phu", signed with SHA-1 in 2010) fails with
``DisallowedAlgorithmError sha1_rsa``. Here each certificate signature (and each digest the
validator meets) is judged by :class:`vndocsign.pki.AlgorithmPolicy` at the moment the
validator passes: the best-proven signing time (trusted time-stamp, else the claimed time).

Pinned CA certificates: when the signer's path can be built from trusted material alone (the
profile's roots and intermediates — the CA certificates shipped with the package, pinned by
SHA-256, or those the caller configured), the signatures *on those intermediates* are accepted
whatever their digest: their authenticity comes from the pin, not from the issuer's SHA-1
signature, so a collision on that signature proves nothing an attacker could use. The policy
only sees the issuer's key, so it accepts the keys that issued a trusted intermediate on that
path; roots of Vietnamese PKIs sign only CA certificates (and CRLs), under ceremony. A SHA-1 CA
certificate that arrives in the PDF (not pinned), and a leaf signed with SHA-1, are judged at
the signing time like any other use of SHA-1.
"""

from __future__ import annotations

import itertools
from collections.abc import Iterable, Sequence
from datetime import datetime

from asn1crypto import algos, keys, x509
from pyhanko_certvalidator.policy_decl import AlgorithmUsageConstraint, AlgorithmUsagePolicy

from vndocsign.pki import AlgorithmPolicy, AlgorithmVerdict, TrustBundle, find_issuer_chain

__all__ = ["DatedAlgorithmUsage"]

_KEY_ALGOS = {"rsassa_pkcs1v15": "rsa", "rsassa_pss": "rsa", "ecdsa": "ec", "dsa": "dsa"}


class DatedAlgorithmUsage(AlgorithmUsagePolicy):
    """TT 15/2025 (or the legacy policy) judged at the validator's moment.

    ``pinned_keys``: public keys (DER of ``SubjectPublicKeyInfo``) that issued a trusted
    intermediate on the path; signatures made by them are accepted at any date (see the
    module docstring).
    """

    def __init__(self, policy: AlgorithmPolicy, pinned_keys: Iterable[bytes] = ()) -> None:
        self.policy = policy
        self.pinned_keys = frozenset(pinned_keys)

    @classmethod
    def for_path(
        cls,
        policy: AlgorithmPolicy,
        cert: x509.Certificate,
        roots: Sequence[x509.Certificate],
        intermediates: Sequence[x509.Certificate],
    ) -> DatedAlgorithmUsage:
        """The policy for validating ``cert``: issuers of trusted intermediates on its path."""
        if not roots:
            return cls(policy)
        trusted = TrustBundle(
            profile="verification", roots=tuple(roots), intermediates=tuple(intermediates)
        )
        try:
            path = find_issuer_chain(cert, trusted)
        except Exception:  # a malformed certificate: nothing is pinned
            path = None
        if path is None:
            return cls(policy)
        pinned = {c.dump() for c in intermediates}
        keys: list[bytes] = []
        for child, issuer in itertools.pairwise(path[1:]):
            if child.dump() in pinned:
                keys.append(issuer.public_key.dump())
        return cls(policy, keys)

    def digest_algorithm_allowed(
        self, algo: algos.DigestAlgorithm, moment: datetime | None
    ) -> AlgorithmUsageConstraint:
        # no ``not_allowed_after``: pyHanko would then ask for proof of existence before the
        # sunset (CRYPTO_CONSTRAINTS_FAILURE_NO_POE); the moment judged is already the
        # best-proven signing time, so the plain CRYPTO_CONSTRAINTS_FAILURE is reported.
        name = str(algo["algorithm"].native)
        verdict = self.policy.judge_digest(name, moment)
        if verdict is AlgorithmVerdict.REJECTED:
            until = self.policy.digest_sunset(name)
            return AlgorithmUsageConstraint(
                allowed=False,
                failure_reason=f"digest {name} not allowed by the '{self.policy.name}' policy"
                + (f" after {until.isoformat()}" if until is not None else ""),
            )
        return AlgorithmUsageConstraint(allowed=True)

    def signature_algorithm_allowed(
        self,
        algo: algos.SignedDigestAlgorithm,
        moment: datetime | None,
        public_key: keys.PublicKeyInfo | None,
    ) -> AlgorithmUsageConstraint:
        if public_key is not None and public_key.dump() in self.pinned_keys:
            return AlgorithmUsageConstraint(allowed=True)
        try:
            algo_name = str(algo.signature_algo)
        except ValueError:
            algo_name = str(algo["algorithm"].native)
        key_algo = _KEY_ALGOS.get(algo_name)
        if public_key is not None and key_algo is not None:
            bits = int(public_key.bit_size)
            if self.policy.judge_key(key_algo, bits) is AlgorithmVerdict.REJECTED:
                return AlgorithmUsageConstraint(
                    allowed=False,
                    failure_reason=f"{key_algo.upper()} key of {bits} bits not allowed by the "
                    f"'{self.policy.name}' policy",
                )
        try:
            hash_algo = algo.hash_algo
        except ValueError:
            hash_algo = None
        if hash_algo is not None:
            return self.digest_algorithm_allowed(
                algos.DigestAlgorithm({"algorithm": hash_algo}), moment
            )
        return AlgorithmUsageConstraint(allowed=True)
