"""Documents produced by ``vndocsign.signing`` on the shared test PKI (``tests/pki``).

The PKI serves OCSP, CRLs and a TSA on 127.0.0.1; revoked and expired certificates are signed
with pyHanko directly (the signing capability's pre-signing gate refuses them, rightly).
"""

from __future__ import annotations

import io
from typing import Any

import pytest

from tests.pki import P12_PASSWORD, vnpki
from tests.pki.fixtures import vn_pki  # noqa: F401  (re-exported session fixture)
from vndocsign.signing import Appearance, Box, load_pkcs12, sign_pdf
from vndocsign.verification import TrustProfile, VerificationPolicy, verify_pdf
from vndocsign.verification.demo import minimal_pdf

ONLINE = "embedded-then-online"


@pytest.fixture(scope="module")
def trust(vn_pki: Any) -> TrustProfile:
    return TrustProfile.custom([vn_pki.root], name="vn-test")


def _sign(
    vn_pki: Any,
    label: str,
    pdf: bytes,
    role: str,
    level: str = "B-T",
    box: tuple[float, float, float, float] = (300, 60, 560, 120),
) -> bytes:
    key = load_pkcs12(vn_pki.p12_bytes(label, P12_PASSWORD), P12_PASSWORD)
    return sign_pdf(
        pdf,
        key,
        role=role,
        placement=Box(box, 0),
        appearance=Appearance.text_mode(),
        level=level,
        tsa_url=vn_pki.tsa_url,
        trust_roots=[vn_pki.root],
    )


def _pyhanko_sign(vn_pki: Any, label: str, pdf: bytes) -> bytes:
    from pyhanko.pdf_utils.incremental_writer import IncrementalPdfFileWriter
    from pyhanko.sign import signers, timestamps

    out = signers.PdfSigner(
        signers.PdfSignatureMetadata(field_name="Sig1"),
        signer=vn_pki.simple_signer(label),
        timestamper=timestamps.HTTPTimeStamper(vn_pki.tsa_url),
    ).sign_pdf(IncrementalPdfFileWriter(io.BytesIO(pdf)))
    return out.getvalue()


def test_issued_document_passes(vn_pki: Any, trust: TrustProfile) -> None:
    pdf = _sign(vn_pki, vnpki.PERSONAL, minimal_pdf(), "personal")
    pdf = _sign(vn_pki, vnpki.AGENCY_MST, pdf, "agency", box=(300, 130, 560, 190))
    r = verify_pdf(pdf, trust=trust, revocation=ONLINE)
    assert r.verdict == "TOTAL_PASSED", r.summary("en")
    personal, agency = r.signatures
    assert personal.role == "personal" and agency.role == "agency"
    assert personal.signing_time_source == "timestamp" and personal.revocation == "good"
    assert personal.signer is not None and personal.signer.uid == {"CCCD": "001089012345"}
    assert agency.signer is not None and agency.signer.uid == {"MST": "0100000001"}
    assert personal.modification == "allowed" and agency.modification == "none"


def test_b_lt_verifies_offline(vn_pki: Any, trust: TrustProfile) -> None:
    pdf = _sign(vn_pki, vnpki.PERSONAL_CRL_ONLY, minimal_pdf(), "personal", level="B-LT")
    r = verify_pdf(pdf, trust=trust, revocation="embedded-only")
    assert r.verdict == "TOTAL_PASSED", r.summary("en")
    assert r.signatures[0].modification == "allowed"  # the DSS revision


def test_b_lta_document_timestamp(vn_pki: Any, trust: TrustProfile) -> None:
    pdf = _sign(vn_pki, vnpki.AGENCY_MNS, minimal_pdf(), "agency", level="B-LTA")
    r = verify_pdf(pdf, trust=trust, revocation=ONLINE)
    assert r.verdict == "TOTAL_PASSED", r.summary("en")
    assert [s.type for s in r.signatures] == ["signature", "document_timestamp"]


def test_untrusted(vn_pki: Any) -> None:
    pdf = _sign(vn_pki, vnpki.PERSONAL, minimal_pdf(), "personal")
    r = verify_pdf(pdf, trust=TrustProfile.empty(), revocation=ONLINE)
    assert (r.verdict, r.sub_indication) == ("INDETERMINATE", "NO_CERTIFICATE_CHAIN_FOUND")


def test_revoked(vn_pki: Any, trust: TrustProfile) -> None:
    r = verify_pdf(
        _pyhanko_sign(vn_pki, vnpki.REVOKED, minimal_pdf()), trust=trust, revocation=ONLINE
    )
    assert (r.verdict, r.sub_indication) == ("TOTAL_FAILED", "REVOKED"), r.summary("en")
    assert r.signatures[0].revocation == "revoked"
    assert r.signatures[0].valid_at_signing_time is False


def test_expired_at_signing_time(vn_pki: Any, trust: TrustProfile) -> None:
    r = verify_pdf(
        _pyhanko_sign(vn_pki, vnpki.EXPIRED, minimal_pdf()), trust=trust, revocation=ONLINE
    )
    assert (r.verdict, r.sub_indication) == ("TOTAL_FAILED", "EXPIRED"), r.summary("en")


def test_weak_key_is_crypto_constraint(vn_pki: Any, trust: TrustProfile) -> None:
    r = verify_pdf(
        _pyhanko_sign(vn_pki, vnpki.WEAK_RSA1024, minimal_pdf()), trust=trust, revocation=ONLINE
    )
    assert (r.verdict, r.sub_indication) == ("INDETERMINATE", "CRYPTO_CONSTRAINTS_FAILURE")


def test_sha1_certificate_needs_legacy_policy(vn_pki: Any, trust: TrustProfile) -> None:
    pdf = _pyhanko_sign(vn_pki, vnpki.SHA1_SIGNED, minimal_pdf())
    strict = verify_pdf(pdf, trust=trust, revocation=ONLINE)
    assert strict.sub_indication == "CRYPTO_CONSTRAINTS_FAILURE", strict.summary("en")
    legacy = verify_pdf(pdf, trust=trust, revocation=ONLINE, policy=VerificationPolicy.legacy())
    assert legacy.verdict == "TOTAL_PASSED", legacy.summary("en")


def test_changed_after_signing(vn_pki: Any, trust: TrustProfile) -> None:
    from pyhanko.pdf_utils import generic
    from pyhanko.pdf_utils.incremental_writer import IncrementalPdfFileWriter

    signed = _sign(vn_pki, vnpki.PERSONAL, minimal_pdf(), "personal")
    w = IncrementalPdfFileWriter(io.BytesIO(signed))
    w.add_stream_to_page(
        0, w.add_object(generic.StreamObject(stream_data=b"1 1 1 rg 60 700 300 40 re f"))
    )  # white box over the text
    out = io.BytesIO()
    w.write(out)
    r = verify_pdf(out.getvalue(), trust=trust, revocation=ONLINE)
    assert (r.verdict, r.sub_indication) == ("TOTAL_FAILED", "FORMAT_FAILURE")
    assert r.signatures[0].modification == "disallowed"
