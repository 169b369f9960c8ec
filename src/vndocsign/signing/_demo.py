"""The one throw-away demo PKI, for ``vndocsign demo``, examples and tutorials.

Never use it for real documents: every key is generated on each call and the root is trusted
by nobody. :func:`demo_pki` makes, in memory, a root CA, a person's certificate
(``UID=CCCD:…``), an agency's (``UID=MST:…``, the seal), a time-stamping unit and an empty CRL
of the root; :meth:`DemoPki.write` (or :func:`demo_credentials`) writes them as files
(``root.pem``, ``root-key.pem``, ``root.crl``, ``personal.p12``, ``agency.p12``).
:func:`demo_pdf` returns a one-page PDF. Both ``vndocsign demo`` and
``vndocsign.verification.demo`` build on this module.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Any

import attrs

__all__ = ["DemoCredentials", "DemoPki", "demo_credentials", "demo_pdf", "demo_pki"]

_UID_OID = "0.9.2342.19200300.100.1.1"

#: Who the demo certificates name.
PERSONAL_NAME = ("Nguyễn Văn An", "CCCD:001089020747")
AGENCY_NAME = ("UBND tỉnh Demo", "MST:0100686209")


@attrs.frozen
class DemoCredentials:
    """Paths written by :func:`demo_credentials` / :meth:`DemoPki.write`."""

    personal_p12: Path
    agency_p12: Path
    root_pem: Path
    password: str
    crl: Path | None = None


@attrs.frozen
class DemoPki:
    """The demo keys and certificates (``cryptography`` objects)."""

    root: Any
    root_key: Any
    personal: Any
    personal_key: Any
    agency: Any
    agency_key: Any
    tsa: Any
    tsa_key: Any
    crl: Any

    def der(self, cert: Any) -> bytes:
        from cryptography.hazmat.primitives import serialization

        return bytes(cert.public_bytes(serialization.Encoding.DER))

    def key_der(self, key: Any) -> bytes:
        """A private key as unencrypted PKCS#8 DER (for pyHanko's in-memory signers)."""
        from cryptography.hazmat.primitives import serialization

        return bytes(
            key.private_bytes(
                serialization.Encoding.DER,
                serialization.PrivateFormat.PKCS8,
                serialization.NoEncryption(),
            )
        )

    def write(self, directory: str | Path, password: str = "demo") -> DemoCredentials:  # noqa: S107
        """Write the root, its key and CRL, and the two PKCS#12 files into ``directory``."""
        from cryptography.hazmat.primitives import serialization
        from cryptography.hazmat.primitives.serialization import pkcs12

        folder = Path(directory)
        folder.mkdir(parents=True, exist_ok=True)
        (folder / "root.pem").write_bytes(self.root.public_bytes(serialization.Encoding.PEM))
        # The root's key lets a demo issue its own CRL or certificates.
        (folder / "root-key.pem").write_bytes(
            self.root_key.private_bytes(
                serialization.Encoding.PEM,
                serialization.PrivateFormat.PKCS8,
                serialization.NoEncryption(),
            )
        )
        (folder / "root.crl").write_bytes(self.crl.public_bytes(serialization.Encoding.DER))
        paths = []
        for cert, key, filename in (
            (self.personal, self.personal_key, "personal.p12"),
            (self.agency, self.agency_key, "agency.p12"),
        ):
            label = cert.subject.rfc4514_string().encode("utf-8")
            data = pkcs12.serialize_key_and_certificates(
                label,
                key,
                cert,
                [self.root],
                serialization.BestAvailableEncryption(password.encode("utf-8")),
            )
            (folder / filename).write_bytes(data)
            paths.append(folder / filename)
        return DemoCredentials(
            personal_p12=paths[0],
            agency_p12=paths[1],
            root_pem=folder / "root.pem",
            password=password,
            crl=folder / "root.crl",
        )


def _name(
    cn: str,
    user_id: str | None = None,
    *,
    province: str | None = None,
    organization: str | None = None,
) -> Any:
    from cryptography import x509
    from cryptography.x509.oid import NameOID

    attributes = [x509.NameAttribute(NameOID.COUNTRY_NAME, "VN")]
    if province:  # ST: the province (tỉnh/thành phố), as Vietnamese CAs write it
        attributes.append(x509.NameAttribute(NameOID.STATE_OR_PROVINCE_NAME, province))
    if organization:
        attributes.append(x509.NameAttribute(NameOID.ORGANIZATION_NAME, organization))
    if user_id:
        attributes.append(x509.NameAttribute(x509.ObjectIdentifier(_UID_OID), user_id))
    attributes.append(x509.NameAttribute(NameOID.COMMON_NAME, cn))
    return x509.Name(attributes)


def _issue(
    subject: Any,
    key: Any,
    issuer: Any,
    issuer_key: Any,
    now: dt.datetime,
    extensions: list[tuple[Any, bool]],
) -> Any:
    from cryptography import x509
    from cryptography.hazmat.primitives import hashes

    builder = (
        x509.CertificateBuilder()
        .subject_name(subject)
        .issuer_name(issuer)
        .public_key(key.public_key())
        .serial_number(x509.random_serial_number())
        .not_valid_before(now - dt.timedelta(days=1))
        .not_valid_after(now + dt.timedelta(days=365))
    )
    for extension, critical in extensions:
        builder = builder.add_extension(extension, critical=critical)
    return builder.sign(issuer_key, hashes.SHA256())


def _subjects(
    personal_name: str | None, agency_name: str | None, province: str | None
) -> tuple[Any, Any]:
    """The personal and the agency certificates' subjects (the person works for the agency)."""
    agency_cn = agency_name or AGENCY_NAME[0]
    personal = _name(
        personal_name or PERSONAL_NAME[0],
        PERSONAL_NAME[1],
        province=province,
        organization=agency_cn if agency_name else None,
    )
    return personal, _name(agency_cn, AGENCY_NAME[1], province=province)


def demo_pki(
    *,
    personal_name: str | None = None,
    agency_name: str | None = None,
    province: str | None = None,
) -> DemoPki:
    """A fresh demo PKI in memory (RSA-2048, SHA-256: it passes the TT 15/2025 gate).

    ``personal_name`` / ``agency_name`` replace the names the certificates carry (default
    :data:`PERSONAL_NAME` / :data:`AGENCY_NAME`) and ``province`` adds the same province (ST)
    to both — ``vndocsign demo`` passes the signer and issuer printed on its sample page, so
    that the page, the signatures and the report name the same people and the same province.
    """
    from cryptography import x509
    from cryptography.hazmat.primitives import hashes
    from cryptography.hazmat.primitives.asymmetric import rsa
    from cryptography.x509.oid import ExtendedKeyUsageOID

    now = dt.datetime.now(dt.UTC)
    root_key = rsa.generate_private_key(65537, 2048)
    root_name = _name("DEMO Root CA (không dùng thật)")
    root = _issue(
        root_name,
        root_key,
        root_name,
        root_key,
        now,
        [
            (x509.BasicConstraints(ca=True, path_length=0), True),
            (x509.KeyUsage(True, False, False, False, False, True, True, False, False), True),
        ],
    )
    signing_usage = x509.KeyUsage(True, True, False, False, False, False, False, False, False)
    made = []
    for subject in _subjects(personal_name, agency_name, province):
        key = rsa.generate_private_key(65537, 2048)
        made.append(
            (
                key,
                _issue(
                    subject,
                    key,
                    root_name,
                    root_key,
                    now,
                    [
                        (x509.BasicConstraints(ca=False, path_length=None), True),
                        (signing_usage, True),
                    ],
                ),
            )
        )
    tsa_key = rsa.generate_private_key(65537, 2048)
    tsa = _issue(
        _name("DEMO TSA"),
        tsa_key,
        root_name,
        root_key,
        now,
        [(x509.ExtendedKeyUsage([ExtendedKeyUsageOID.TIME_STAMPING]), True)],
    )
    crl = (
        x509.CertificateRevocationListBuilder()
        .issuer_name(root_name)
        .last_update(now - dt.timedelta(minutes=5))
        .next_update(now + dt.timedelta(days=7))
        .add_extension(x509.CRLNumber(1), critical=False)
        .sign(root_key, hashes.SHA256())
    )
    return DemoPki(
        root=root,
        root_key=root_key,
        personal=made[0][1],
        personal_key=made[0][0],
        agency=made[1][1],
        agency_key=made[1][0],
        tsa=tsa,
        tsa_key=tsa_key,
        crl=crl,
    )


def demo_credentials(directory: str | Path = ".", password: str = "demo") -> DemoCredentials:  # noqa: S107 - demo only
    """Write a fresh demo PKI into ``directory`` (see :meth:`DemoPki.write`)."""
    return demo_pki().write(directory, password)


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
        len(objects) + 1,
        xref,
    )
    return bytes(out)
