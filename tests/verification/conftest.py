"""Documents for the verification tests, signed on the shared test PKI (``tests/pki``).

pyHanko signs directly (the signing capability's pre-signing gate rightly refuses revoked and
expired certificates, which some tests need); the signature time-stamp comes from the PKI's
RFC 3161 service on 127.0.0.1, and the CRLs of both CAs are embedded in a DSS revision so that
every test can verify offline (``revocation="embedded-only"``).
"""

from __future__ import annotations

import io
from collections.abc import Callable
from datetime import UTC, datetime

import pytest

from tests.pki import INTERMEDIATE, PERSONAL, ROOT, TSA, VnTestPki
from tests.pki.fixtures import vn_pki  # noqa: F401  (re-exported session fixture)

NOW = datetime.now(UTC)


def blank_pdf(pages: int = 1, text: str = "Văn bản thử nghiệm") -> bytes:
    from reportlab.pdfgen import canvas

    buf = io.BytesIO()
    c = canvas.Canvas(buf)
    for i in range(pages):
        c.drawString(72, 720, f"{text} - trang {i + 1}")
        c.showPage()
    c.save()
    return buf.getvalue()


def _crls(pki: VnTestPki) -> list[object]:
    from certomancer.registry import ServiceLabel

    registry = pki.arch.service_registry
    return [registry.get_crl(ServiceLabel(label), at_time=NOW) for label in (INTERMEDIATE, ROOT)]


@pytest.fixture(scope="session")
def sign(vn_pki: VnTestPki) -> Callable[..., bytes]:
    """sign(pdf, who=PERSONAL, field, timestamp=True, reason=None, digest="sha256",
    box=(300, 60, 500, 120)) -> bytes."""
    from pyhanko.pdf_utils.incremental_writer import IncrementalPdfFileWriter
    from pyhanko.sign import fields, signers, timestamps
    from pyhanko.sign.validation.dss import DocumentSecurityStore

    def do(
        pdf: bytes,
        who: str = PERSONAL,
        field: str = "Sig1",
        timestamp: bool = True,
        reason: str | None = None,
        digest: str = "sha256",
        box: tuple[int, int, int, int] = (300, 60, 500, 120),
    ) -> bytes:
        tsa = timestamps.HTTPTimeStamper(vn_pki.tsa_url) if timestamp else None
        meta = signers.PdfSignatureMetadata(field_name=field, reason=reason, md_algorithm=digest)
        out = signers.PdfSigner(
            meta,
            signer=vn_pki.simple_signer(who),
            timestamper=tsa,
            new_field_spec=fields.SigFieldSpec(field, box=box),
        ).sign_pdf(IncrementalPdfFileWriter(io.BytesIO(pdf)))
        # validation data as a separate DSS revision (pyHanko would refuse to embed it for a
        # revoked or expired certificate, which is exactly what some tests need)
        DocumentSecurityStore.add_dss(
            out,
            None,
            certs=[vn_pki.intermediate, vn_pki.cert(TSA)],
            crls=_crls(vn_pki),
            force_write=True,
        )
        return out.getvalue()

    return do
