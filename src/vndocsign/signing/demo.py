"""Throw-away demo material for examples and tutorials: never use it for real documents.

:func:`demo_credentials` writes a self-made root CA and two PKCS#12 files shaped like
Vietnamese certificates (a person with ``UID=CCCD:…``, an agency with ``UID=MST:…``);
:func:`demo_pdf` returns a one-page PDF. Keys are generated on each call.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import attrs

__all__ = ["DemoCredentials", "demo_credentials", "demo_pdf"]


@attrs.frozen
class DemoCredentials:
    """Paths written by :func:`demo_credentials`."""

    personal_p12: Path
    agency_p12: Path
    root_pem: Path
    password: str


def demo_credentials(directory: str | Path = ".",
                     password: str = "demo") -> DemoCredentials:  # noqa: S107 - demo only
    """Write ``root.pem``, ``root-key.pem``, ``personal.p12`` and ``agency.p12`` into
    ``directory``."""
    from cryptography import x509
    from cryptography.hazmat.primitives import hashes, serialization
    from cryptography.hazmat.primitives.asymmetric import rsa
    from cryptography.hazmat.primitives.serialization import pkcs12
    from cryptography.x509.oid import NameOID

    folder = Path(directory)
    folder.mkdir(parents=True, exist_ok=True)
    now = dt.datetime.now(dt.UTC)
    uid = x509.ObjectIdentifier("0.9.2342.19200300.100.1.1")

    def name(cn: str, user_id: str | None = None) -> x509.Name:
        attrs_ = [x509.NameAttribute(NameOID.COUNTRY_NAME, "VN")]
        if user_id:
            attrs_.append(x509.NameAttribute(uid, user_id))
        attrs_.append(x509.NameAttribute(NameOID.COMMON_NAME, cn))
        return x509.Name(attrs_)

    root_key = rsa.generate_private_key(65537, 2048)
    root_name = name("DEMO Root CA (không dùng thật)")
    root = (x509.CertificateBuilder().subject_name(root_name).issuer_name(root_name)
            .public_key(root_key.public_key()).serial_number(x509.random_serial_number())
            .not_valid_before(now - dt.timedelta(days=1))
            .not_valid_after(now + dt.timedelta(days=365))
            .add_extension(x509.BasicConstraints(ca=True, path_length=0), critical=True)
            .add_extension(x509.KeyUsage(True, False, False, False, False, True, True, False,
                                         False), critical=True)
            .sign(root_key, hashes.SHA256()))
    (folder / "root.pem").write_bytes(root.public_bytes(serialization.Encoding.PEM))
    # The demo root's key lets a demo issue its own CRL (``vndocsign demo`` embeds one).
    (folder / "root-key.pem").write_bytes(root_key.private_bytes(
        serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8,
        serialization.NoEncryption()))

    def leaf(cn: str, user_id: str, filename: str) -> Path:
        key = rsa.generate_private_key(65537, 2048)
        cert = (x509.CertificateBuilder().subject_name(name(cn, user_id)).issuer_name(root_name)
                .public_key(key.public_key()).serial_number(x509.random_serial_number())
                .not_valid_before(now - dt.timedelta(days=1))
                .not_valid_after(now + dt.timedelta(days=365))
                .add_extension(x509.KeyUsage(True, True, False, False, False, False, False,
                                             False, False), critical=True)
                .sign(root_key, hashes.SHA256()))
        data = pkcs12.serialize_key_and_certificates(
            cn.encode("utf-8"), key, cert, [root],
            serialization.BestAvailableEncryption(password.encode("utf-8")))
        path = folder / filename
        path.write_bytes(data)
        return path

    return DemoCredentials(
        personal_p12=leaf("Nguyễn Văn A", "CCCD:001089000001", "personal.p12"),
        agency_p12=leaf("Văn phòng Ủy ban nhân dân tỉnh Demo", "MST:0100000009", "agency.p12"),
        root_pem=folder / "root.pem", password=password)


def demo_pdf(text: str = "Demo document") -> bytes:
    """A minimal valid one-page A4 PDF (ASCII text, Helvetica)."""
    safe = text.encode("ascii", "replace").replace(b"(", b"[").replace(b")", b"]")
    content = b"BT /F1 14 Tf 72 760 Td (" + safe + b") Tj ET"
    objects = [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595.28 841.89] "
        b"/Resources << /Font << /F1 5 0 R >> >> /Contents 4 0 R >>",
        b"<< /Length %d >>\nstream\n" % len(content) + content + b"\nendstream",
        b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica /Encoding /WinAnsiEncoding >>",
    ]
    out = bytearray(b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n")
    offsets = []
    for number, body in enumerate(objects, start=1):
        offsets.append(len(out))
        out += b"%d 0 obj\n" % number + body + b"\nendobj\n"
    xref = len(out)
    out += b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1)
    for offset in offsets:
        out += b"%010d 00000 n \n" % offset
    out += b"trailer\n<< /Size %d /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n" % (
        len(objects) + 1, xref)
    return bytes(out)
