"""Algorithm identifiers of a SignerInfo: the digests we compute and which pairs agree.

RFC 5754 and RFC 8419: a signature algorithm that carries its own hash must name the same one
as the ``digestAlgorithm``; Ed25519 names SHA-512 and Ed448 SHAKE256 (512-bit output). A
mismatch is how a digest is swapped without the signature value noticing (an Ed448 value is
computed over the signed attributes themselves, so it still verifies).
"""

from __future__ import annotations

from collections.abc import Callable, Sequence

from asn1crypto import cms
from cryptography.hazmat.primitives import hashes

from vndocsign.verification._errors import CmsError

__all__ = ["HASHES", "PLAIN_ECDSA", "algorithm_mismatch", "digest", "digest_name"]

HASHES: dict[str, Callable[[], hashes.HashAlgorithm]] = {
    "md5": hashes.MD5,
    "sha1": hashes.SHA1,
    "sha224": hashes.SHA224,
    "sha256": hashes.SHA256,
    "sha384": hashes.SHA384,
    "sha512": hashes.SHA512,
    "sha512_224": hashes.SHA512_224,
    "sha512_256": hashes.SHA512_256,
    "sha3_224": hashes.SHA3_224,
    "sha3_256": hashes.SHA3_256,
    "sha3_384": hashes.SHA3_384,
    "sha3_512": hashes.SHA3_512,
    # RFC 8419/8702: SHAKE128 with 256-bit and SHAKE256 with 512-bit output
    "shake128": lambda: hashes.SHAKE128(32),
    "shake256": lambda: hashes.SHAKE256(64),
}

#: asn1crypto's names of the length-carrying SHAKE identifiers -> the digest they compute
_SHAKE_LEN = {"shake128_len": "shake128", "shake256_len": "shake256"}

#: RFC 8419 §3: the only digest an EdDSA signer may name when signed attributes are present
_EDDSA_DIGEST = {"ed25519": "sha512", "ed448": "shake256"}

#: BSI TR-03111 "plain" ECDSA (r || s, not DER): OID suffix -> digest.
PLAIN_ECDSA = {
    "0.4.0.127.0.7.1.1.4.1.1": "sha1",
    "0.4.0.127.0.7.1.1.4.1.2": "sha224",
    "0.4.0.127.0.7.1.1.4.1.3": "sha256",
    "0.4.0.127.0.7.1.1.4.1.4": "sha384",
    "0.4.0.127.0.7.1.1.4.1.5": "sha512",
}


def digest(algorithm: str, chunks: Sequence[bytes | memoryview]) -> bytes:
    """Hash ``chunks`` with the named algorithm (asn1crypto naming)."""
    factory = HASHES.get(algorithm)
    if factory is None:
        raise CmsError(f"unsupported digest algorithm {algorithm}", "CRYPTO_CONSTRAINTS_FAILURE")
    h = hashes.Hash(factory())
    for chunk in chunks:
        h.update(chunk)
    return h.finalize()


def digest_name(si: cms.SignerInfo) -> str:
    """The digest algorithm's name; ``shake*_len`` with its default output length is the
    plain SHAKE digest (any other length is not supported)."""
    algo = si["digest_algorithm"]
    name = str(algo["algorithm"].native)
    if name in _SHAKE_LEN:
        bits = algo["parameters"].native
        expected = 256 if name == "shake128_len" else 512
        if bits not in (None, expected):
            raise CmsError(
                f"{name} with {bits}-bit output is not supported", "CRYPTO_CONSTRAINTS_FAILURE"
            )
        return _SHAKE_LEN[name]
    return name


def algorithm_mismatch(md_algo: str, sig_algo: cms.SignedDigestAlgorithm) -> str | None:
    """Why the signature algorithm contradicts the digest algorithm (RFC 5754, RFC 8419).

    An EdDSA signature names SHA-512 (Ed25519) or SHAKE256 (Ed448) as its digest; a signature
    algorithm that carries its own hash (``sha256WithRSAEncryption``, ``ecdsa-with-SHA384``...)
    must name the same one as the ``digestAlgorithm``. A mismatch is how a signer's digest is
    swapped for a weaker or a different one without the signature value noticing.
    """
    name = str(sig_algo["algorithm"].native)
    if name in _EDDSA_DIGEST:
        if md_algo != _EDDSA_DIGEST[name]:
            return (
                f"{name} requires the {_EDDSA_DIGEST[name]} digest (RFC 8419), "
                f"the signer names {md_algo}"
            )
        return None
    if sig_algo["algorithm"].dotted in PLAIN_ECDSA or name in ("rsassa_pkcs1v15", "ecdsa", "dsa"):
        return None
    if name == "rsassa_pss":
        try:
            pss_hash = sig_algo["parameters"]["hash_algorithm"]["algorithm"].native
        except Exception:
            return None
        if pss_hash != md_algo:
            return f"RSASSA-PSS hashes with {pss_hash} but the signer names {md_algo}"
        return None
    try:
        own = sig_algo.hash_algo
    except Exception:
        return None
    if own != md_algo:
        return f"signature algorithm {name} hashes with {own} but the signer names {md_algo}"
    return None
