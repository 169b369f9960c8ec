"""Algorithm identifiers must agree (RFC 5754, RFC 8419): Ed448 names SHAKE256, not SHA-512.

An Ed448 signature is over the signed attributes themselves, so a SignerInfo that names
SHA-512 as its digest (and carries a SHA-512 message digest) still has a signature value that
verifies: only the identifier check catches it. The Ed448 key is made here (the shared test
PKI issues RSA/EC keys); the verdict turns on integrity, before any trust question.
"""

from __future__ import annotations

import hashlib
import io
import re
from datetime import UTC, datetime, timedelta
from typing import Any

import pytest
from asn1crypto import algos, cms
from asn1crypto import keys as akeys
from asn1crypto import x509 as ax

from tests.verification.conftest import blank_pdf
from vndocsign.verification import Indication, verify_pdf
from vndocsign.verification._cms import algorithm_mismatch


@pytest.fixture(scope="module")
def ed448_signed() -> tuple[bytes, Any]:
    from cryptography import x509
    from cryptography.hazmat.primitives import serialization
    from cryptography.hazmat.primitives.asymmetric import ed448
    from cryptography.x509.oid import NameOID
    from pyhanko.pdf_utils.incremental_writer import IncrementalPdfFileWriter
    from pyhanko.sign import signers
    from pyhanko_certvalidator.registry import SimpleCertificateStore

    key = ed448.Ed448PrivateKey.generate()
    name = x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, "Ed448 thử nghiệm")])
    now = datetime.now(UTC)
    cert = (
        x509.CertificateBuilder()
        .subject_name(name)
        .issuer_name(name)
        .public_key(key.public_key())
        .serial_number(448)
        .not_valid_before(now - timedelta(days=1))
        .not_valid_after(now + timedelta(days=30))
        .sign(key, None)
    )
    signer = signers.SimpleSigner(
        signing_cert=ax.Certificate.load(cert.public_bytes(serialization.Encoding.DER)),
        signing_key=akeys.PrivateKeyInfo.load(
            key.private_bytes(
                serialization.Encoding.DER,
                serialization.PrivateFormat.PKCS8,
                serialization.NoEncryption(),
            )
        ),
        cert_registry=SimpleCertificateStore.from_certs([]),
    )
    pdf = (
        signers.PdfSigner(
            signers.PdfSignatureMetadata(field_name="Sig1", md_algorithm="shake256"), signer=signer
        )
        .sign_pdf(IncrementalPdfFileWriter(io.BytesIO(blank_pdf())))
        .getvalue()
    )
    return pdf, key


def _resign_with_sha512(pdf: bytes, key: Any) -> bytes:
    """The same signature rebuilt naming SHA-512 (digest and message digest), re-signed."""
    m = re.search(rb"/ByteRange\s*\[\s*(\d+)\s+(\d+)\s+(\d+)\s+(\d+)\s*\]", pdf)
    assert m is not None
    a0, a1, b0, b1 = (int(x) for x in m.groups())
    doc_digest = hashlib.sha512(pdf[a0 : a0 + a1] + pdf[b0 : b0 + b1]).digest()
    info = cms.ContentInfo.load(bytes.fromhex(pdf[a1 + 1 : b0 - 1].decode()), strict=False)
    sd = info["content"]
    si = sd["signer_infos"][0]
    sha512 = algos.DigestAlgorithm({"algorithm": "sha512"})
    sd["digest_algorithms"] = cms.DigestAlgorithms([sha512])
    si["digest_algorithm"] = sha512
    attrs = [
        cms.CMSAttribute({"type": "message_digest", "values": [doc_digest]})
        if a["type"].native == "message_digest"
        else a
        for a in si["signed_attrs"]
    ]
    si["signed_attrs"] = cms.CMSAttributes(attrs)
    to_sign = b"\x31" + si["signed_attrs"].dump()[1:]
    si["signature"] = key.sign(to_sign)
    new = info.dump().hex().encode()
    gap = b0 - a1 - 2
    assert len(new) <= gap
    return pdf[: a1 + 1] + new + b"0" * (gap - len(new)) + pdf[b0 - 1 :]


def test_ed448_with_shake256_verifies(ed448_signed):  # type: ignore[no-untyped-def]
    pdf, _key = ed448_signed
    s = verify_pdf(pdf, revocation="embedded-only").signatures[0]
    assert (s.intact, s.valid) == (True, True)
    assert s.digest_algorithm == "shake256" and s.signature_algorithm == "ed448"


def test_ed448_naming_sha512_fails(ed448_signed):  # type: ignore[no-untyped-def]
    pdf, key = ed448_signed
    r = verify_pdf(_resign_with_sha512(pdf, key), revocation="embedded-only")
    s = r.signatures[0]
    assert r.verdict == Indication.TOTAL_FAILED, r.summary("en")
    assert s.valid is False
    assert any("RFC 8419" in m.en for m in s.messages)


@pytest.mark.parametrize(
    ("digest", "algorithm", "bad"),
    [
        ("sha256", "sha256_rsa", False),
        ("sha512", "sha256_rsa", True),
        ("sha384", "sha384_ecdsa", False),
        ("sha256", "sha384_ecdsa", True),
        ("sha512", "ed25519", False),
        ("sha256", "ed25519", True),
        ("shake256", "ed448", False),
        ("sha256", "rsassa_pkcs1v15", False),
    ],
)
def test_algorithm_identifier_pairs(digest: str, algorithm: str, bad: bool) -> None:
    sig = algos.SignedDigestAlgorithm({"algorithm": algorithm})
    assert (algorithm_mismatch(digest, sig) is not None) is bad


# --- certificates with extensions asn1crypto cannot decode ----------------------------------


def _loose_policies() -> bytes:
    """certificatePolicies whose user-notice qualifier is an INTEGER (asn1crypto chokes)."""
    from asn1crypto import core

    def seq(*parts: bytes) -> bytes:
        body = b"".join(parts)
        return bytes([0x30, len(body)]) + body

    unotice = core.ObjectIdentifier("1.3.6.1.5.5.7.2.2").dump()
    policy = core.ObjectIdentifier("1.2.3.4").dump()
    return seq(seq(policy, seq(seq(unotice, bytes.fromhex("020105")))))


@pytest.fixture(scope="module")
def loose_cert_signed() -> bytes:
    from cryptography import x509
    from cryptography.hazmat.primitives import hashes, serialization
    from cryptography.hazmat.primitives.asymmetric import ec
    from cryptography.x509.oid import NameOID
    from pyhanko.pdf_utils.incremental_writer import IncrementalPdfFileWriter
    from pyhanko.sign import signers
    from pyhanko_certvalidator.registry import SimpleCertificateStore

    key = ec.generate_private_key(ec.SECP256R1())
    name = x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, "Chính sách lỏng")])
    now = datetime.now(UTC)
    cert = (
        x509.CertificateBuilder()
        .subject_name(name)
        .issuer_name(name)
        .public_key(key.public_key())
        .serial_number(4242)
        .not_valid_before(now - timedelta(days=1))
        .not_valid_after(now + timedelta(days=30))
        .add_extension(
            x509.UnrecognizedExtension(x509.ObjectIdentifier("2.5.29.32"), _loose_policies()),
            critical=False,
        )
        .sign(key, hashes.SHA256())
    )
    loaded = ax.Certificate.load(cert.public_bytes(serialization.Encoding.DER))
    with pytest.raises(ValueError):
        _ = loaded.native  # the premise: asn1crypto cannot decode it in full
    signer = signers.SimpleSigner(
        signing_cert=loaded,
        signing_key=akeys.PrivateKeyInfo.load(
            key.private_bytes(
                serialization.Encoding.DER,
                serialization.PrivateFormat.PKCS8,
                serialization.NoEncryption(),
            )
        ),
        cert_registry=SimpleCertificateStore.from_certs([]),
    )
    return (
        signers.PdfSigner(signers.PdfSignatureMetadata(field_name="Sig1"), signer=signer)
        .sign_pdf(IncrementalPdfFileWriter(io.BytesIO(blank_pdf())))
        .getvalue()
    )


def test_loose_extension_does_not_make_cms_undecodable(loose_cert_signed):  # type: ignore[no-untyped-def]
    r = verify_pdf(loose_cert_signed, revocation="embedded-only")
    s = r.signatures[0]
    assert (s.intact, s.valid) == (True, True), r.summary("en")
    assert r.verdict != Indication.TOTAL_FAILED


def test_loose_extension_never_hides_a_bad_signature(loose_cert_signed):  # type: ignore[no-untyped-def]
    pdf = loose_cert_signed
    at = pdf.index(b"ReportLab")  # in the signed document information dictionary
    tampered = pdf[:at] + b"ReportLob" + pdf[at + 9 :]
    r = verify_pdf(tampered, revocation="embedded-only")
    assert r.verdict == Indication.TOTAL_FAILED
