"""A self-contained signed PDF and its test root, for examples and smoke tests.

Nothing here is trusted in real life: the root is generated on the fly. It lets the
documentation (and a user trying the SDK) run ``verify_pdf`` without a token or a CA.
"""

from __future__ import annotations

import io
from datetime import UTC, datetime, timedelta
from typing import Any

__all__ = ["demo_signed_pdf", "minimal_pdf"]


def minimal_pdf(text: str = "Van ban thu nghiem") -> bytes:
    """A one-page PDF written by hand (the same as :func:`vndocsign.signing.demo.demo_pdf`)."""
    from vndocsign.signing.demo import demo_pdf

    return demo_pdf(text)


def demo_signed_pdf(*, agency: bool = False) -> tuple[bytes, bytes]:
    """(signed PDF, DER of its throw-away root). ``agency`` adds an organisation signature."""
    from asn1crypto import x509 as ax
    from cryptography import x509
    from cryptography.hazmat.primitives import hashes, serialization
    from cryptography.hazmat.primitives.asymmetric import rsa
    from cryptography.x509.oid import NameOID
    from pyhanko.keys import load_private_key_from_pemder_data
    from pyhanko.pdf_utils.incremental_writer import IncrementalPdfFileWriter
    from pyhanko.sign import fields, signers
    from pyhanko_certvalidator.registry import SimpleCertificateStore

    now = datetime.now(UTC)
    uid = x509.ObjectIdentifier("0.9.2342.19200300.100.1.1")

    def make(cn: str, key: Any, issuer: Any, issuer_key: Any, ca: bool, extra: list[Any]) -> Any:
        subject = x509.Name(
            [
                x509.NameAttribute(NameOID.COUNTRY_NAME, "VN"),
                *extra,
                x509.NameAttribute(NameOID.COMMON_NAME, cn),
            ]
        )
        cert = (
            x509.CertificateBuilder()
            .subject_name(subject)
            .issuer_name(issuer.subject if issuer is not None else subject)
            .public_key(key.public_key())
            .serial_number(x509.random_serial_number())
            .not_valid_before(now - timedelta(days=1))
            .not_valid_after(now + timedelta(days=365))
            .add_extension(x509.BasicConstraints(ca=ca, path_length=None), critical=True)
            .sign(issuer_key, hashes.SHA256())
        )
        return cert

    root_key = rsa.generate_private_key(public_exponent=65537, key_size=2048)
    root = make("Demo Root", root_key, None, root_key, True, [])
    people = [("Nguyễn Văn An", [x509.NameAttribute(uid, "CCCD:001089020747")], "CaNhan")]
    if agency:
        people.append(("UBND tỉnh Demo", [x509.NameAttribute(uid, "MST:0100686209")], "CoQuan"))
    pdf = minimal_pdf()
    for i, (cn, extra, field) in enumerate(people):
        key = rsa.generate_private_key(public_exponent=65537, key_size=2048)
        cert = make(cn, key, root, root_key, False, extra)
        pem = key.private_bytes(
            serialization.Encoding.PEM,
            serialization.PrivateFormat.PKCS8,
            serialization.NoEncryption(),
        )
        signer = signers.SimpleSigner(
            signing_cert=ax.Certificate.load(cert.public_bytes(serialization.Encoding.DER)),
            signing_key=load_private_key_from_pemder_data(pem, None),
            cert_registry=SimpleCertificateStore.from_certs([]),  # type: ignore[no-untyped-call]
        )
        w = IncrementalPdfFileWriter(io.BytesIO(pdf))
        box = (300 + 0 * i, 60 + 80 * i, 500, 120 + 80 * i)
        out = signers.PdfSigner(
            signers.PdfSignatureMetadata(field_name=field),
            signer=signer,
            new_field_spec=fields.SigFieldSpec(field, box=box),
        ).sign_pdf(w)
        pdf = out.getvalue()
    return pdf, root.public_bytes(serialization.Encoding.DER)
