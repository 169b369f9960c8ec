"""Checking a remote signature and embedding it (raw PKCS#1 v1.5 / ECDSA, PSS, or a CMS).

``finish_remote`` verifies raw signatures as RSASSA-PKCS#1 v1.5 or ECDSA only; it is left
untouched, and a PSS signature is wrapped here into a CMS ``SignedData`` (RFC 5652 with the
RFC 4056 RSASSA-PSS parameters: SHA-256, MGF1-SHA-256, salt = hash length) built with
asn1crypto from the prepared signed attributes. For B-T and above that CMS receives its
signature time-stamp (``signature_time_stamp_token``, RFC 3161 over the signature value)
here, since ``finish_remote`` adds one only to the CMS it builds itself.
"""

from __future__ import annotations

import hashlib
from collections.abc import Sequence
from typing import Any

from asn1crypto import algos, cms, core
from asn1crypto import x509 as asn1_x509

from vndocsign.signing._remote import PendingSignature, finish_remote
from vndocsign.signing._remote_http import RemoteMismatchError, RemoteProtocolError
from vndocsign.signing._remote_types import RemoteCredential, RemoteSignature, SignatureScheme

__all__ = ["finish_one", "pss_cms", "verify_signature"]


def _mismatch() -> RemoteMismatchError:
    return RemoteMismatchError(
        "The remote signature does not verify with the announced certificate (wrong key, "
        "wrong document or wrong digest)",
        "Chữ ký nhận về không khớp với chứng thư số đã công bố (sai khóa hoặc sai tài liệu)",
    )


def _ecdsa_der(signature: bytes, key_bytes: int) -> bytes:
    """CSC services may return ECDSA as r||s: turn it into the DER ``Ecdsa-Sig-Value``."""
    if len(signature) == 2 * key_bytes and signature[0] != 0x30:
        r = int.from_bytes(signature[:key_bytes], "big")
        s = int.from_bytes(signature[key_bytes:], "big")
        return bytes(algos.DSASignature({"r": r, "s": s}).dump())
    return signature


def verify_signature(
    cert: asn1_x509.Certificate,
    data: bytes,
    signature: bytes,
    scheme: SignatureScheme,
    digest_algorithm: str,
) -> bytes:
    """Check ``signature`` over ``data``; returns it normalised (ECDSA as DER)."""
    from cryptography import x509 as pyca_x509
    from cryptography.exceptions import InvalidSignature
    from cryptography.hazmat.primitives import hashes
    from cryptography.hazmat.primitives.asymmetric import ec, padding, rsa

    public = pyca_x509.load_der_x509_certificate(cert.dump()).public_key()
    algorithm = getattr(hashes, digest_algorithm.upper())()
    try:
        if isinstance(public, rsa.RSAPublicKey) and scheme is SignatureScheme.RSA_PSS:
            pss = padding.PSS(mgf=padding.MGF1(algorithm), salt_length=algorithm.digest_size)
            public.verify(signature, data, pss, algorithm)
        elif isinstance(public, rsa.RSAPublicKey) and scheme is SignatureScheme.RSA_PKCS1V15:
            public.verify(signature, data, padding.PKCS1v15(), algorithm)
        elif isinstance(public, ec.EllipticCurvePublicKey) and scheme is SignatureScheme.ECDSA:
            signature = _ecdsa_der(signature, (public.curve.key_size + 7) // 8)
            public.verify(signature, data, ec.ECDSA(algorithm))
        else:
            raise _mismatch()
    except (InvalidSignature, ValueError):
        raise _mismatch() from None
    return signature


def _pss_algorithm(digest_algorithm: str) -> algos.SignedDigestAlgorithm:
    size = hashlib.new(digest_algorithm).digest_size
    return algos.SignedDigestAlgorithm(
        {
            "algorithm": "rsassa_pss",
            "parameters": algos.RSASSAPSSParams(
                {
                    "hash_algorithm": {"algorithm": digest_algorithm},
                    "mask_gen_algorithm": {
                        "algorithm": "mgf1",
                        "parameters": {"algorithm": digest_algorithm},
                    },
                    "salt_length": size,
                }
            ),
        }
    )


def pss_cms(pending: PendingSignature, signature: bytes, *, timestamper: Any = None) -> bytes:
    """A CMS ``SignedData`` over the prepared attributes with a PSS ``signature``."""
    cert = asn1_x509.Certificate.load(pending.signer_certificate)
    chain = [asn1_x509.Certificate.load(c) for c in pending.chain]
    info: dict[str, Any] = {
        "version": "v1",
        "sid": cms.SignerIdentifier(
            {
                "issuer_and_serial_number": cms.IssuerAndSerialNumber(
                    {"issuer": cert.issuer, "serial_number": cert.serial_number}
                )
            }
        ),
        "digest_algorithm": algos.DigestAlgorithm({"algorithm": pending.digest_algorithm}),
        "signed_attrs": cms.CMSAttributes.load(pending.signed_attributes),
        "signature_algorithm": _pss_algorithm(pending.digest_algorithm),
        "signature": core.OctetString(signature),
    }
    if timestamper is not None:
        token = _run(
            timestamper.async_timestamp(
                hashlib.new(pending.digest_algorithm, signature).digest(), pending.digest_algorithm
            )
        )
        info["unsigned_attrs"] = cms.CMSAttributes(
            [cms.CMSAttribute({"type": "signature_time_stamp_token", "values": [token]})]
        )
    signed = cms.SignedData(
        {
            "version": "v1",
            "digest_algorithms": [algos.DigestAlgorithm({"algorithm": pending.digest_algorithm})],
            "encap_content_info": {"content_type": "data"},
            "certificates": [cert, *[c for c in chain if c.dump() != cert.dump()]],
            "signer_infos": [cms.SignerInfo(info)],
        }
    )
    return bytes(cms.ContentInfo({"content_type": "signed_data", "content": signed}).dump())


def _run(coro: Any) -> Any:
    """Run a pyHanko coroutine from synchronous code, even under a running event loop."""
    import asyncio
    from concurrent.futures import ThreadPoolExecutor

    try:
        asyncio.get_running_loop()
    except RuntimeError:
        return asyncio.run(coro)
    with ThreadPoolExecutor(1) as pool:
        return pool.submit(asyncio.run, coro).result()


def _cms_certificate_matches(cms_bytes: bytes, certificate: bytes) -> bool:
    try:
        content = cms.ContentInfo.load(cms_bytes)
        certs = [c.chosen.dump() for c in content["content"]["certificates"]]
    except Exception:
        raise RemoteProtocolError(
            "The remote CMS is malformed", "CMS nhận về không đúng cấu trúc"
        ) from None
    return certificate in certs


def finish_one(
    pending: PendingSignature,
    answer: RemoteSignature,
    credential: RemoteCredential,
    scheme: SignatureScheme,
    *,
    trust_roots: Sequence[asn1_x509.Certificate] | None = None,
) -> bytes:
    """Check ``answer`` against the announced certificate and finish ``pending``."""
    from vndocsign.errors import SigningError

    if answer.certificate is not None and answer.certificate != credential.certificate:
        raise RemoteMismatchError(
            "The service signed with another certificate than the one it announced",
            "Dịch vụ ký bằng chứng thư số khác với chứng thư số đã công bố",
            credential=credential.credential_id,
        )
    try:
        if answer.cms is not None:
            if not _cms_certificate_matches(answer.cms, credential.certificate):
                raise _mismatch()
            return finish_remote(pending, cms_bytes=answer.cms, trust_roots=trust_roots)
        if answer.value is None:
            raise RemoteProtocolError(
                "The service returned no signature", "Dịch vụ không trả về chữ ký"
            )
        value = verify_signature(
            credential.x509,
            pending.signed_attributes,
            answer.value,
            answer.scheme or scheme,
            pending.digest_algorithm,
        )
        if (answer.scheme or scheme) is SignatureScheme.RSA_PSS:
            return finish_remote(
                pending,
                cms_bytes=pss_cms(pending, value, timestamper=_timestamper(pending)),
                trust_roots=trust_roots,
            )
        return finish_remote(pending, signature=value, trust_roots=trust_roots)
    except (RemoteMismatchError, RemoteProtocolError):
        raise
    except SigningError as exc:
        if "another document" in exc.en or "not by the expected" in exc.en:
            raise RemoteMismatchError(exc.en, exc.vi) from None
        raise


def _timestamper(pending: PendingSignature) -> Any:
    from pyhanko.sign.timestamps import HTTPTimeStamper

    if pending.level in ("B-B",) or not pending.tsa_url:
        return None
    return HTTPTimeStamper(pending.tsa_url, timeout=30)
