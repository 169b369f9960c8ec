"""Build the chain of a leaf-only certificate through the bundled Vietnamese CAs.

Real PDFs from state agencies embed only the signer's certificate; its issuer ("CA phục vụ
các cơ quan Nhà nước G2", the G1 "Co quan chung thuc so Chinh phu", "VNPT-CA SHA2"…) comes
from the bundle. An issuer candidate must carry the certificate's issuer name and, when both
sides have one, the matching key identifier; its public key must verify the certificate's
signature (checked with ``cryptography``). Several candidates may match — a CA re-issued with
the same name — and each is tried. Validity dates are *not* checked here: an expired CA still
links a signature made while it was valid; judging dates at the signing time is the
validator's job (ETSI EN 319 102-1). Weak algorithms (SHA-1 in G1) are likewise judged by the
dated algorithm policy, not here.
"""

from __future__ import annotations

import functools
from collections.abc import Iterable, Sequence

from asn1crypto import x509
from cryptography.exceptions import InvalidSignature, UnsupportedAlgorithm
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import dsa, ec, padding, rsa

from vndocsign.pki._bundle import TrustBundle

__all__ = ["find_issuer_chain", "issued_by"]

#: Longest path tried (leaf, intermediates, root); Vietnamese PKIs have three levels.
MAX_DEPTH = 6

_HASHES: dict[str, type[hashes.HashAlgorithm]] = {
    "sha1": hashes.SHA1,
    "sha224": hashes.SHA224,
    "sha256": hashes.SHA256,
    "sha384": hashes.SHA384,
    "sha512": hashes.SHA512,
    "sha3_256": hashes.SHA3_256,
    "sha3_384": hashes.SHA3_384,
    "sha3_512": hashes.SHA3_512,
}


def _verify(key: object, cert: x509.Certificate) -> None:
    """Raise if ``key`` did not sign ``cert`` (InvalidSignature / ValueError / KeyError)."""
    algo = cert["signature_algorithm"]
    digest = _HASHES[algo.hash_algo]()
    signature = cert["signature_value"].native
    tbs = cert["tbs_certificate"].dump()
    if isinstance(key, rsa.RSAPublicKey):
        if algo.signature_algo == "rsassa_pss":
            params = algo["parameters"]
            mgf_hash = _HASHES[params["mask_gen_algorithm"]["parameters"]["algorithm"].native]
            pss = padding.PSS(padding.MGF1(mgf_hash()), params["salt_length"].native)
            key.verify(signature, tbs, pss, digest)
        else:
            key.verify(signature, tbs, padding.PKCS1v15(), digest)
    elif isinstance(key, ec.EllipticCurvePublicKey):
        key.verify(signature, tbs, ec.ECDSA(digest))
    elif isinstance(key, dsa.DSAPublicKey):
        key.verify(signature, tbs, digest)
    else:
        raise UnsupportedAlgorithm(type(key).__name__)


@functools.lru_cache(maxsize=2048)
def _signed_by(cert_der: bytes, issuer_der: bytes) -> bool:
    try:
        cert = x509.Certificate.load(cert_der)
        issuer = x509.Certificate.load(issuer_der)
        key = serialization.load_der_public_key(issuer.public_key.dump())
        _verify(key, cert)
    except (InvalidSignature, UnsupportedAlgorithm, ValueError, TypeError, KeyError):
        return False
    return True


def issued_by(cert: x509.Certificate, issuer: x509.Certificate) -> bool:
    """Whether ``issuer`` issued ``cert``: name, key identifier (if both present), signature."""
    try:
        if cert.issuer != issuer.subject:
            return False
        aki, ski = cert.authority_key_identifier, issuer.key_identifier
    except ValueError:
        return False
    if aki is not None and ski is not None and aki != ski:
        return False
    return _signed_by(cert.dump(), issuer.dump())


def _unique(certs: Iterable[x509.Certificate]) -> list[x509.Certificate]:
    seen: set[bytes] = set()
    out: list[x509.Certificate] = []
    for cert in certs:
        der = cert.dump()
        if der not in seen:
            seen.add(der)
            out.append(cert)
    return out


def _extend(
    path: list[x509.Certificate],
    roots: list[x509.Certificate],
    pool: list[x509.Certificate],
) -> list[x509.Certificate] | None:
    """Depth-first: the first path from ``path[-1]`` up to a root, or None."""
    last = path[-1]
    for root in roots:
        if issued_by(last, root):
            return [*path, root]
    if len(path) >= MAX_DEPTH - 1:
        return None
    on_path = {c.dump() for c in path}
    for candidate in pool:
        if candidate.dump() in on_path or not issued_by(last, candidate):
            continue
        found = _extend([*path, candidate], roots, pool)
        if found is not None:
            return found
    return None


def find_issuer_chain(
    leaf: x509.Certificate,
    bundle: TrustBundle,
    *,
    extra: Sequence[x509.Certificate] = (),
) -> tuple[x509.Certificate, ...] | None:
    """The path ``(leaf, intermediate…, root)`` to a root of ``bundle``, or None.

    Intermediates come from the bundle and from ``extra`` (the certificates a signature
    embeds); only the bundle's roots end a path. A leaf that *is* a bundled root gives
    ``(leaf,)``. Expired CAs are used like valid ones (see the module docstring).
    """
    if bundle.is_root(leaf):
        return (leaf,)
    roots = list(bundle.roots)
    root_ders = {r.dump() for r in roots}
    extras = [c for c in extra if c.dump() not in root_ders and _is_ca(c)]
    pool = _unique([*bundle.intermediates, *extras])
    found = _extend([leaf], roots, pool)
    return tuple(found) if found is not None else None


def _is_ca(cert: x509.Certificate) -> bool:
    try:
        return bool(cert.ca)
    except ValueError:
        return False
