"""Documents signed here (pyHanko + in-process PKI): pass, revoked, expired, untrusted, changed."""

from __future__ import annotations

import io
from datetime import timedelta

import pytest

from tests.verification.conftest import NOW, asn1, blank_pdf
from vndocsign.verification import TrustProfile, VerificationPolicy, verify_pdf


@pytest.fixture(scope="module")
def trust(pki):  # type: ignore[no-untyped-def]
    return TrustProfile.custom([asn1(pki.root)], name="test-root")


def test_signed_document_passes_under_test_root(sign, trust):  # type: ignore[no-untyped-def]
    pdf = sign(blank_pdf())
    r = verify_pdf(pdf, trust=trust, revocation="embedded-only")
    assert r.verdict == "TOTAL_PASSED", r.summary("en")
    s = r.signatures[0]
    assert (s.intact, s.valid, s.trusted) == (True, True, True)
    assert s.signing_time_source == "timestamp"
    assert s.signer is not None and s.signer.uid == {"CCCD": "001089020747"}
    assert s.signer.kind == "individual" and s.role == "personal"
    assert s.revocation == "good" and s.valid_at_signing_time is True
    d = r.to_dict()
    assert d["signatures"][0]["signing_time"].endswith("+07:00")


def test_untrusted_root_is_indeterminate(sign):  # type: ignore[no-untyped-def]
    r = verify_pdf(sign(blank_pdf()), trust=TrustProfile.empty(), revocation="embedded-only")
    assert r.verdict == "INDETERMINATE"
    assert r.sub_indication == "NO_CERTIFICATE_CHAIN_FOUND"
    assert r.signatures[0].intact and r.signatures[0].valid


def test_revoked_before_signing_fails(sign, pki, trust):  # type: ignore[no-untyped-def]
    pdf = sign(blank_pdf(), revoked=[(pki.signer, NOW - timedelta(days=2))])
    r = verify_pdf(pdf, trust=trust, revocation="embedded-only")
    assert r.verdict == "TOTAL_FAILED", r.summary("en")
    assert r.signatures[0].sub_indication == "REVOKED"


def test_revoked_without_timestamp_is_indeterminate(sign, pki, trust):  # type: ignore[no-untyped-def]
    pdf = sign(blank_pdf(), timestamp=False, revoked=[(pki.signer, NOW - timedelta(days=2))])
    r = verify_pdf(pdf, trust=trust, revocation="embedded-only")
    assert r.verdict == "INDETERMINATE"
    assert r.signatures[0].sub_indication == "REVOKED_NO_POE"


def test_expired_at_signing_time_fails(sign, trust):  # type: ignore[no-untyped-def]
    r = verify_pdf(sign(blank_pdf(), who="expired"), trust=trust, revocation="embedded-only")
    assert r.verdict == "TOTAL_FAILED", r.summary("en")
    assert r.signatures[0].sub_indication == "EXPIRED"


def test_content_changed_after_signing_fails(sign, trust):  # type: ignore[no-untyped-def]
    from pyhanko.pdf_utils import generic
    from pyhanko.pdf_utils.incremental_writer import IncrementalPdfFileWriter

    signed = sign(blank_pdf())
    w = IncrementalPdfFileWriter(io.BytesIO(signed))
    stream = generic.StreamObject(stream_data=b"0 0 0 rg 72 500 300 80 re f")
    w.add_stream_to_page(0, w.add_object(stream))
    out = io.BytesIO()
    w.write(out)
    r = verify_pdf(out.getvalue(), trust=trust, revocation="embedded-only")
    assert r.verdict == "TOTAL_FAILED"
    assert r.signatures[0].modification == "disallowed"
    assert r.signatures[0].sub_indication == "FORMAT_FAILURE"


def test_personal_then_agency_roles(sign, trust):  # type: ignore[no-untyped-def]
    pdf = sign(sign(blank_pdf(), field="CaNhan"), who="seal", field="CoQuan")
    r = verify_pdf(pdf, trust=trust, revocation="embedded-only")
    assert r.verdict == "TOTAL_PASSED", r.summary("en")
    assert [s.role for s in r.signatures] == ["personal", "agency"]
    agency = r.signatures[1]
    assert agency.signer is not None and agency.signer.kind == "organization"
    assert agency.signer.mst_branch == "001" and agency.signer.uid["MNS"] == "1047665"
    assert r.signatures[0].modification == "allowed"
    assert not [m for m in r.messages if m.code.startswith("verification.nd30")]


def test_sha1_policy(sign, trust):  # type: ignore[no-untyped-def]
    """Legacy policy is explicit: the same file passes with a warning under it."""
    pdf = sign(blank_pdf())
    strict = verify_pdf(pdf, trust=trust, revocation="embedded-only")
    legacy = verify_pdf(
        pdf, trust=trust, revocation="embedded-only", policy=VerificationPolicy.legacy()
    )
    assert strict.policy == "tt15-2025" and legacy.policy == "legacy"
    assert strict.verdict == legacy.verdict == "TOTAL_PASSED"
