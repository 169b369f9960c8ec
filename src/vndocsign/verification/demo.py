"""A self-contained signed PDF and its test root, for examples and smoke tests.

Nothing here is trusted in real life: the PKI is the throw-away demo PKI of
:func:`vndocsign.signing.demo_pki`, generated on each call. It lets the documentation (and a
user trying the SDK) run ``verify_pdf`` without a token or a CA.
"""

from __future__ import annotations

import io

__all__ = ["demo_signed_pdf", "minimal_pdf"]


def minimal_pdf(text: str = "Van ban thu nghiem") -> bytes:
    """A one-page PDF written by hand (the same as :func:`vndocsign.signing.demo_pdf`)."""
    from vndocsign.signing import demo_pdf

    return demo_pdf(text)


def demo_signed_pdf(*, agency: bool = False) -> tuple[bytes, bytes]:
    """(signed PDF, DER of its throw-away root). ``agency`` adds an organization signature.

    Signed with plain pyHanko (no pre-signing gate, no appearance), as a third-party signing
    tool would: fields ``CaNhan`` and ``CoQuan``.
    """
    from asn1crypto import keys as asn1_keys
    from asn1crypto import x509 as asn1_x509
    from pyhanko.pdf_utils.incremental_writer import IncrementalPdfFileWriter
    from pyhanko.sign import fields, signers
    from pyhanko_certvalidator.registry import SimpleCertificateStore

    from vndocsign.signing import demo_pki

    pki = demo_pki()
    people = [(pki.personal, pki.personal_key, "CaNhan")]
    if agency:
        people.append((pki.agency, pki.agency_key, "CoQuan"))
    pdf = minimal_pdf()
    for i, (cert, key, field) in enumerate(people):
        signer = signers.SimpleSigner(
            signing_cert=asn1_x509.Certificate.load(pki.der(cert)),
            signing_key=asn1_keys.PrivateKeyInfo.load(pki.key_der(key)),
            cert_registry=SimpleCertificateStore.from_certs([]),  # type: ignore[no-untyped-call]
        )
        writer = IncrementalPdfFileWriter(io.BytesIO(pdf))
        box = (300, 60 + 80 * i, 500, 120 + 80 * i)
        out = signers.PdfSigner(
            signers.PdfSignatureMetadata(field_name=field),
            signer=signer,
            new_field_spec=fields.SigFieldSpec(field, box=box),
        ).sign_pdf(writer)
        pdf = out.getvalue()
    return pdf, pki.der(pki.root)
