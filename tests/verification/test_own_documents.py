"""Documents signed here (pyHanko on tests/pki): pass, revoked, expired, untrusted, changed."""

from __future__ import annotations

import io
from datetime import UTC, datetime
from typing import Any

import attrs
import pytest

from tests.pki import AGENCY_MST, EXPIRED, REVOKED
from tests.verification.conftest import blank_pdf
from vndocsign.model import SignatureRole
from vndocsign.pki import LEGACY, TT15, CertificateKind
from vndocsign.verification import (
    DocumentKind,
    Indication,
    SubIndication,
    TrustProfile,
    VerificationPolicy,
    verify_pdf,
)
from vndocsign.verification._policy import judge_algorithms


@pytest.fixture(scope="module")
def trust(vn_pki: Any) -> TrustProfile:
    return TrustProfile.custom([vn_pki.root], name="test-root")


def test_signed_document_passes_under_test_root(sign, trust):  # type: ignore[no-untyped-def]
    pdf = sign(blank_pdf())
    r = verify_pdf(pdf, trust=trust, revocation="embedded-only")
    assert r.verdict == "TOTAL_PASSED", r.summary("en")
    s = r.signatures[0]
    assert (s.intact, s.valid, s.trusted) == (True, True, True)
    assert s.signing_time_source == "timestamp"
    assert s.signer is not None and s.signer.uid == {"CCCD": "001089012345"}
    assert s.signer.kind == "individual" and s.role == "personal"
    assert s.revocation == "good" and s.valid_at_signing_time is True
    d = r.to_dict()
    assert d["signatures"][0]["signing_time"].endswith("+07:00")


def test_untrusted_root_is_indeterminate(sign):  # type: ignore[no-untyped-def]
    r = verify_pdf(sign(blank_pdf()), trust=TrustProfile.empty(), revocation="embedded-only")
    assert r.verdict == "INDETERMINATE"
    assert r.sub_indication == "NO_CERTIFICATE_CHAIN_FOUND"
    assert r.signatures[0].intact and r.signatures[0].valid


def test_revoked_before_signing_fails(sign, trust):  # type: ignore[no-untyped-def]
    pdf = sign(blank_pdf(), who=REVOKED)  # revoked since 2025-01-01, time-stamped now
    r = verify_pdf(pdf, trust=trust, revocation="embedded-only")
    assert r.verdict == "TOTAL_FAILED", r.summary("en")
    assert r.signatures[0].sub_indication == "REVOKED"


def test_revoked_without_timestamp_is_indeterminate(sign, trust):  # type: ignore[no-untyped-def]
    pdf = sign(blank_pdf(), who=REVOKED, timestamp=False)
    r = verify_pdf(pdf, trust=trust, revocation="embedded-only")
    assert r.verdict == "INDETERMINATE"
    assert r.signatures[0].sub_indication == "REVOKED_NO_POE"


def test_expired_at_signing_time_fails(sign, trust):  # type: ignore[no-untyped-def]
    r = verify_pdf(sign(blank_pdf(), who=EXPIRED), trust=trust, revocation="embedded-only")
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
    pdf = sign(sign(blank_pdf(), field="CaNhan"), who=AGENCY_MST, field="CoQuan")
    r = verify_pdf(pdf, trust=trust, revocation="embedded-only")
    assert r.verdict == "TOTAL_PASSED", r.summary("en")
    assert [s.role for s in r.signatures] == ["personal", "agency"]
    agency = r.signatures[1]
    assert r.signatures[0].role is SignatureRole.PERSONAL
    assert agency.signer is not None and agency.signer.kind is CertificateKind.ORGANIZATION
    assert agency.signer.uid == {"MST": "0100000001"} and agency.signer.mst_branch is None
    assert agency.signer.organization == "UBND tỉnh Thử Nghiệm"
    assert r.signatures[0].modification == "allowed"
    assert not [m for m in r.messages if m.code.startswith("verification.nd30")]


def test_sha1_policy(sign, trust):  # type: ignore[no-untyped-def]
    """SHA-1 time-stamped today is past its TT 15 sunset; the legacy policy is explicit."""
    pdf = sign(blank_pdf(), digest="sha1")
    strict = verify_pdf(pdf, trust=trust, revocation="embedded-only")
    legacy = verify_pdf(
        pdf, trust=trust, revocation="embedded-only", policy=VerificationPolicy.legacy()
    )
    assert strict.policy == "tt15-2025" and legacy.policy == "legacy"
    assert strict.verdict is Indication.INDETERMINATE
    assert strict.sub_indication is SubIndication.CRYPTO_CONSTRAINTS_FAILURE
    assert [m.code for m in strict.signatures[0].messages if "algorithm" in m.code] == [
        "verification.algorithm"
    ]
    assert legacy.verdict is Indication.TOTAL_PASSED, legacy.summary("en")
    assert [m.code for m in legacy.signatures[0].messages if "algorithm" in m.code] == [
        "verification.legacy_algorithm"
    ]
    sha256 = verify_pdf(sign(blank_pdf()), trust=trust, revocation="embedded-only")
    assert sha256.verdict is Indication.TOTAL_PASSED
    assert not [m for m in sha256.signatures[0].messages if "algorithm" in m.code]


@attrs.frozen
class _Use:
    digest_algorithm: str
    key_type: str = "rsa"
    key_size: int = 2048


@pytest.mark.parametrize(
    ("digest", "when", "sub", "codes"),
    [
        ("sha256", datetime(2026, 1, 1, tzinfo=UTC), None, []),
        ("sha1", datetime(2024, 6, 1, tzinfo=UTC), None, ["verification.legacy_algorithm"]),
        (
            "sha1",
            datetime(2025, 9, 1, tzinfo=UTC),
            "CRYPTO_CONSTRAINTS_FAILURE",
            ["verification.algorithm"],
        ),
        ("sha224", datetime(2025, 8, 14, tzinfo=UTC), None, ["verification.legacy_algorithm"]),
        (
            "md5",
            datetime(2001, 1, 1, tzinfo=UTC),
            "CRYPTO_CONSTRAINTS_FAILURE",
            ["verification.algorithm"],
        ),
    ],
)
def test_withdrawn_digest_judged_at_signing_time(
    digest: str, when: datetime, sub: str | None, codes: list[str]
) -> None:
    """TT 15: a withdrawn digest is accepted (with a warning) only before its sunset date."""
    judged = judge_algorithms([_Use(digest)], TT15, when)
    assert judged.sub_indication == sub
    assert [m.code for m in judged.messages] == codes


def test_small_rsa_key_is_rejected_by_tt15_and_warned_by_nothing() -> None:
    judged = judge_algorithms([_Use("sha256", "rsa", 1024)], TT15, None)
    assert judged.sub_indication is SubIndication.CRYPTO_CONSTRAINTS_FAILURE
    assert "RSA key of 1024 bits" in judged.messages[0].en
    assert judge_algorithms([_Use("sha256", "rsa", 1024)], LEGACY, None).sub_indication is None


def test_decree30_sequence_checks_follow_the_document_kind(sign, trust):  # type: ignore[no-untyped-def]
    pdf = sign(blank_pdf(), field="CaNhan")

    def nd30(kind: str | None) -> list[str]:
        policy = VerificationPolicy(document_kind=kind)
        r = verify_pdf(pdf, trust=trust, revocation="embedded-only", policy=policy)
        return [m.code for m in r.messages if m.code.startswith("verification.nd30")]

    assert nd30(None) == []  # inferred: no agency signature, so not an issued document
    assert nd30("issued") == ["verification.nd30_no_agency"]
    assert nd30("draft") == ["verification.nd30_no_initial"]
    assert VerificationPolicy(document_kind="draft").document_kind is DocumentKind.DRAFT
