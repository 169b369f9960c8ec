"""A small Vietnam-shaped PKI built in-process (root -> CA -> signer, TSA, CRL).

``tests/pki`` (the signing helper's certomancer PKI) did not exist when these tests were
written, so documents are signed here with pyHanko directly; certificates, CRL and the TSA
(pyHanko's in-process ``DummyTimeStamper``) are made with ``cryptography``.
"""

from __future__ import annotations

import io
from collections.abc import Callable
from datetime import UTC, datetime, timedelta
from typing import Any

import attrs
import pytest
from cryptography import x509
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import rsa
from cryptography.x509.oid import ExtendedKeyUsageOID, NameOID

UID = x509.ObjectIdentifier("0.9.2342.19200300.100.1.1")
NOW = datetime.now(UTC)


def _name(cn: str, *extra: x509.NameAttribute) -> x509.Name:
    return x509.Name(
        [
            x509.NameAttribute(NameOID.COUNTRY_NAME, "VN"),
            *extra,
            x509.NameAttribute(NameOID.COMMON_NAME, cn),
        ]
    )


def _cert(
    subject: x509.Name,
    key: Any,
    issuer: x509.Name,
    issuer_key: Any,
    *,
    ca: bool,
    not_before: datetime,
    not_after: datetime,
    eku: list[Any] | None = None,
    serial: int | None = None,
) -> x509.Certificate:
    b = (
        x509.CertificateBuilder()
        .subject_name(subject)
        .issuer_name(issuer)
        .public_key(key.public_key())
        .serial_number(serial or x509.random_serial_number())
        .not_valid_before(not_before)
        .not_valid_after(not_after)
        .add_extension(x509.BasicConstraints(ca=ca, path_length=None), critical=True)
        .add_extension(
            x509.KeyUsage(
                digital_signature=not ca,
                content_commitment=not ca,
                key_encipherment=False,
                data_encipherment=False,
                key_agreement=False,
                key_cert_sign=ca,
                crl_sign=ca,
                encipher_only=False,
                decipher_only=False,
            ),
            critical=True,
        )
        .add_extension(x509.SubjectKeyIdentifier.from_public_key(key.public_key()), critical=False)
    )
    b = b.add_extension(
        x509.AuthorityKeyIdentifier.from_issuer_public_key(issuer_key.public_key()), critical=False
    )
    if eku:
        b = b.add_extension(x509.ExtendedKeyUsage(eku), critical=True)
    return b.sign(issuer_key, hashes.SHA256())


@attrs.frozen
class TestPki:  # not a test class, despite the name
    __test__ = False

    root: x509.Certificate
    ca: x509.Certificate
    ca_key: Any
    signer: x509.Certificate
    signer_key: Any
    seal: x509.Certificate
    seal_key: Any
    expired: x509.Certificate
    expired_key: Any
    tsa: x509.Certificate
    tsa_key: Any
    root_key: Any

    def crl(
        self, revoked: list[tuple[x509.Certificate, datetime]]
    ) -> x509.CertificateRevocationList:
        b = (
            x509.CertificateRevocationListBuilder()
            .issuer_name(self.ca.subject)
            .last_update(NOW - timedelta(days=400))
            .next_update(NOW + timedelta(days=30))
            .add_extension(
                x509.AuthorityKeyIdentifier.from_issuer_public_key(self.ca_key.public_key()),
                critical=False,
            )
            .add_extension(x509.CRLNumber(1), critical=False)
        )
        for cert, when in revoked:
            b = b.add_revoked_certificate(
                x509.RevokedCertificateBuilder()
                .serial_number(cert.serial_number)
                .revocation_date(when)
                .build()
            )
        return b.sign(self.ca_key, hashes.SHA256())

    def root_crl(self) -> x509.CertificateRevocationList:
        return (
            x509.CertificateRevocationListBuilder()
            .issuer_name(self.root.subject)
            .last_update(NOW - timedelta(days=400))
            .next_update(NOW + timedelta(days=30))
            .add_extension(
                x509.AuthorityKeyIdentifier.from_issuer_public_key(self.root_key.public_key()),
                critical=False,
            )
            .add_extension(x509.CRLNumber(1), critical=False)
            .sign(self.root_key, hashes.SHA256())
        )


@pytest.fixture(scope="session")
def pki() -> TestPki:
    k = [rsa.generate_private_key(public_exponent=65537, key_size=2048) for _ in range(6)]
    long_ago, later = NOW - timedelta(days=3650), NOW + timedelta(days=3650)
    root_name = _name(
        "Test Root CA chuyên dùng",
        x509.NameAttribute(NameOID.ORGANIZATION_NAME, "Ban Cơ yếu Chính phủ (test)"),
    )
    root = _cert(root_name, k[0], root_name, k[0], ca=True, not_before=long_ago, not_after=later)
    ca_name = _name("Test CA phục vụ các cơ quan Nhà nước")
    ca = _cert(ca_name, k[1], root_name, k[0], ca=True, not_before=long_ago, not_after=later)
    signer = _cert(
        _name(
            "Nguyễn Văn An",
            x509.NameAttribute(NameOID.ORGANIZATION_NAME, "UBND tỉnh Thử Nghiệm"),
            x509.NameAttribute(NameOID.TITLE, "Chủ tịch"),
            x509.NameAttribute(UID, "CCCD:001089020747"),
        ),
        k[2],
        ca_name,
        k[1],
        ca=False,
        not_before=NOW - timedelta(days=365),
        not_after=NOW + timedelta(days=365),
    )
    seal = _cert(
        _name(
            "UBND tỉnh Thử Nghiệm",
            x509.NameAttribute(UID, "MST:0100686209-001"),
            x509.NameAttribute(UID, "MNS:1047665"),
        ),
        k[3],
        ca_name,
        k[1],
        ca=False,
        not_before=NOW - timedelta(days=365),
        not_after=NOW + timedelta(days=365),
    )
    expired = _cert(
        _name("Trần Thị Hết Hạn", x509.NameAttribute(UID, "CCCD:001089020748")),
        k[4],
        ca_name,
        k[1],
        ca=False,
        not_before=NOW - timedelta(days=400),
        not_after=NOW - timedelta(days=30),
    )
    tsa = _cert(
        _name("Test TSA"),
        k[5],
        ca_name,
        k[1],
        ca=False,
        not_before=long_ago,
        not_after=later,
        eku=[ExtendedKeyUsageOID.TIME_STAMPING],
    )
    return TestPki(root, ca, k[1], signer, k[2], seal, k[3], expired, k[4], tsa, k[5], k[0])


def asn1(cert: x509.Certificate) -> Any:
    from asn1crypto import x509 as ax

    return ax.Certificate.load(cert.public_bytes(serialization.Encoding.DER))


def blank_pdf(pages: int = 1, text: str = "Văn bản thử nghiệm") -> bytes:
    from reportlab.pdfgen import canvas

    buf = io.BytesIO()
    c = canvas.Canvas(buf)
    for i in range(pages):
        c.drawString(72, 720, f"{text} - trang {i + 1}")
        c.showPage()
    c.save()
    return buf.getvalue()


@pytest.fixture(scope="session")
def sign(pki: TestPki) -> Callable[..., bytes]:
    """sign(pdf_bytes, who="signer", field="Sig1", timestamp=True, crl_revoked=[]) -> bytes."""
    from asn1crypto import crl as acrl
    from pyhanko.keys import load_private_key_from_pemder_data
    from pyhanko.pdf_utils.incremental_writer import IncrementalPdfFileWriter
    from pyhanko.sign import fields, signers
    from pyhanko.sign.timestamps.dummy_client import DummyTimeStamper

    def _key(k: Any) -> Any:
        pem = k.private_bytes(
            serialization.Encoding.PEM,
            serialization.PrivateFormat.PKCS8,
            serialization.NoEncryption(),
        )
        return load_private_key_from_pemder_data(pem, None)

    def do(
        pdf: bytes,
        who: str = "signer",
        field: str = "Sig1",
        timestamp: bool = True,
        revoked: list[tuple[x509.Certificate, datetime]] | None = None,
        reason: str | None = None,
    ) -> bytes:
        cert, key = {
            "signer": (pki.signer, pki.signer_key),
            "seal": (pki.seal, pki.seal_key),
            "expired": (pki.expired, pki.expired_key),
        }[who]
        signer = signers.SimpleSigner(
            signing_cert=asn1(cert),
            signing_key=_key(key),
            cert_registry=__import__(
                "pyhanko_certvalidator.registry", fromlist=["SimpleCertificateStore"]
            ).SimpleCertificateStore.from_certs([asn1(pki.ca), asn1(pki.root)]),
        )
        crls = [
            acrl.CertificateList.load(
                pki.crl(revoked or []).public_bytes(serialization.Encoding.DER)
            ),
            acrl.CertificateList.load(pki.root_crl().public_bytes(serialization.Encoding.DER)),
        ]
        tsa = (
            DummyTimeStamper(
                tsa_cert=asn1(pki.tsa), tsa_key=_key(pki.tsa_key), certs_to_embed=[asn1(pki.ca)]
            )
            if timestamp
            else None
        )
        w = IncrementalPdfFileWriter(io.BytesIO(pdf))
        meta = signers.PdfSignatureMetadata(field_name=field, reason=reason, md_algorithm="sha256")
        out = signers.PdfSigner(
            meta,
            signer=signer,
            timestamper=tsa,
            new_field_spec=fields.SigFieldSpec(field, box=(300, 60, 500, 120)),
        )
        buf = out.sign_pdf(w)
        # LTV data as a separate DSS revision (pyHanko would refuse to embed it for a revoked
        # or expired certificate, which is exactly what some tests need)
        from pyhanko.sign.validation.dss import DocumentSecurityStore

        DocumentSecurityStore.add_dss(
            buf, None, certs=[asn1(pki.ca), asn1(pki.tsa)], crls=crls, force_write=True
        )
        return buf.getvalue()

    return do
