"""check_submission on real signed PDFs (reportlab + pyHanko on the shared test PKI), judged by
the verification-backed verifier."""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Any

import pytest

from tests.pki import PERSONAL, VnTestPki
from vndocsign.errors import PdfError
from vndocsign.policy import (
    CheckKind,
    CheckResult,
    SubmissionVerdict,
    SubmissionVerifier,
    VerifyingSubmissionVerifier,
    check_submission,
)

ON = dt.date(2024, 7, 1)


def _by_check(result: Any, check: str) -> list[Any]:
    return [f for f in result.findings if f.check == check]


def test_compliant_submission_is_accepted(docs: dict[str, Any], trusted: Any) -> None:
    result = check_submission(
        docs["both"], [docs["initialled"]], profile="quang-ngai", at=ON, verifier=trusted
    )
    assert result.verdict is SubmissionVerdict.ACCEPTED, [f.en for f in result.findings]
    [personal] = _by_check(result, "personal-signature")
    assert personal.check is CheckKind.PERSONAL_SIGNATURE
    assert personal.ok and personal.required
    assert personal.rule == "qn-2183-submission" and personal.source == "2183/UBND-KGVX"
    assert personal.details["trust"] == "checked"
    assert personal.details["indication"] == "TOTAL_PASSED"
    assert personal.details["field"] == "personal"  # the person's, not the agency's
    [initial] = _by_check(result, "initial-after-end-mark")
    assert initial.ok and initial.rule == "qn-2183-draft-initial"


def test_initial_just_below_the_end_mark_is_accepted(docs: dict[str, Any], trusted: Any) -> None:
    result = check_submission(
        docs["personal"], [docs["below"]], profile="quang-ngai", at=ON, verifier=trusted
    )
    assert result.accepted, [f.en for f in result.findings]


def test_initial_on_a_later_page_after_the_end_mark(docs: dict[str, Any], trusted: Any) -> None:
    assert docs["long_page"] >= 1  # the content really runs onto a second page
    ok = check_submission(
        docs["personal"], [docs["long_initialled"]], profile="quang-ngai", at=ON, verifier=trusted
    )
    assert ok.accepted
    wrong = check_submission(
        docs["personal"], [docs["long_wrong_page"]], profile="quang-ngai", at=ON, verifier=trusted
    )
    assert wrong.verdict is SubmissionVerdict.RETURNED
    [finding] = _by_check(wrong, "initial-after-end-mark")
    assert "on page 1" in finding.details["signatures"][0]["problem"]
    assert finding.details["end_mark"]["page"] == docs["long_page"] + 1  # 1-based in JSON


@pytest.mark.parametrize("name", ["misplaced", "far_right", "draft"])
def test_badly_initialled_drafts_are_returned(
    docs: dict[str, Any], trusted: Any, name: str
) -> None:
    result = check_submission(
        docs["personal"], [docs[name]], profile="quang-ngai", at=ON, verifier=trusted
    )
    assert result.verdict is SubmissionVerdict.RETURNED
    [reason] = result.reasons
    assert reason.check == "initial-after-end-mark" and reason.ok is False
    assert "./." in reason.vi and "./." in reason.en


@pytest.mark.parametrize(
    ("name", "needle"),
    [
        ("totrinh", "no digital signature"),
        ("agency_only", "no personal signature"),
        ("tampered", "TOTAL_FAILED/HASH_FAILURE"),
    ],
)
def test_totrinh_without_a_valid_personal_signature_is_returned(
    docs: dict[str, Any], trusted: Any, name: str, needle: str
) -> None:
    result = check_submission(
        docs[name], [docs["initialled"]], profile="quang-ngai", at=ON, verifier=trusted
    )
    assert result.verdict is SubmissionVerdict.RETURNED
    reasons = [f for f in result.reasons if f.check == "personal-signature"]
    assert reasons and needle in reasons[0].en, [f.en for f in result.findings]


def test_expired_certificate_is_returned(docs: dict[str, Any], trusted: Any) -> None:
    """Signed now with a certificate that ran out in 2022: INDETERMINATE for ETSI (no proof of
    existence before expiry), but returned — the head must sign again."""
    result = check_submission(
        docs["expired"], [docs["initialled"]], profile="quang-ngai", at=ON, verifier=trusted
    )
    assert result.verdict is SubmissionVerdict.RETURNED
    [personal] = _by_check(result, "personal-signature")
    assert personal.ok is False
    assert personal.details["indication"] == "INDETERMINATE"
    assert personal.details["sub_indication"] == "OUT_OF_BOUNDS_NO_POE"
    assert "not valid at signing time" in personal.en


def test_secret_documents_are_returned(docs: dict[str, Any], trusted: Any) -> None:
    result = check_submission(
        docs["secret"], [docs["initialled"]], profile="quang-ngai", at=ON, verifier=trusted
    )
    assert result.verdict is SubmissionVerdict.RETURNED
    [secret] = _by_check(result, "not-secret")
    assert "MẬT" in secret.en and secret.rule == "vn-qd28-secret"


def test_before_2183_the_checks_are_informational(docs: dict[str, Any], trusted: Any) -> None:
    day_before = dt.date(2024, 6, 30)
    result = check_submission(
        docs["agency_only"],
        [docs["draft"]],
        profile="quang-ngai",
        at=day_before,
        verifier=trusted,
    )
    # the personal signature and the initial are not yet required; the agency's is (QĐ 28)
    assert result.verdict is SubmissionVerdict.ACCEPTED, [f.en for f in result.reasons]
    assert any(f.check == "rule" and not f.required for f in result.findings)
    unsigned = check_submission(
        docs["totrinh"], [], profile="quang-ngai", at=day_before, verifier=trusted
    )
    assert unsigned.verdict is SubmissionVerdict.RETURNED
    assert unsigned.reasons[0].check == "signed"


def test_submission_to_the_government_follows_3183(docs: dict[str, Any], trusted: Any) -> None:
    may_9 = check_submission(
        docs["agency_only"],
        [docs["draft"]],
        profile="vn-national",
        at="2024-05-09",
        scope="central",
        verifier=trusted,
    )
    may_10 = check_submission(
        docs["agency_only"],
        [docs["draft"]],
        profile="vn-national",
        at="2024-05-10",
        scope="central",
        verifier=trusted,
    )
    assert may_9.accepted
    assert may_10.verdict is SubmissionVerdict.RETURNED
    assert {f.rule for f in may_10.reasons} == {"vn-3183-submission", "vn-3183-draft-initial"}


def test_default_verifier_uses_the_default_trust_profile(docs: dict[str, Any]) -> None:
    """No verifier given: the verification verdict with the default trust profile (any-vn),
    which does not know the test root — undecided, never silently accepted."""
    result = check_submission(docs["both"], [docs["initialled"]], profile="quang-ngai", at=ON)
    assert result.verdict is SubmissionVerdict.INDETERMINATE
    [personal] = _by_check(result, "personal-signature")
    assert personal.ok is None and personal.details["trust"] == "not-established"


def test_an_empty_trust_profile_leaves_the_chain_unestablished(docs: dict[str, Any]) -> None:
    from vndocsign.verification import TrustProfile

    untrusted = VerifyingSubmissionVerifier(trust=TrustProfile.empty())
    result = check_submission(
        docs["both"], [docs["initialled"]], profile="quang-ngai", at=ON, verifier=untrusted
    )
    assert result.verdict is SubmissionVerdict.INDETERMINATE
    assert _by_check(result, "personal-signature")[0].ok is None


class _Unsure:
    """A verifier that cannot decide (e.g. the revocation server is down)."""

    def personal_signature(self, pdf: bytes, *, at: dt.date) -> CheckResult:
        return CheckResult(ok=None, en="Undetermined", vi="Chưa xác định")

    def initial_after_end_mark(self, pdf: bytes, *, at: dt.date) -> CheckResult:
        return CheckResult(ok=True, en="Fine", vi="Đúng")


def test_a_plugged_in_verifier_is_used(docs: dict[str, Any]) -> None:
    verifier = _Unsure()
    assert isinstance(verifier, SubmissionVerifier)
    result = check_submission(
        docs["both"], [docs["initialled"]], profile="quang-ngai", at=ON, verifier=verifier
    )
    assert result.verdict is SubmissionVerdict.INDETERMINATE
    data = result.to_dict()
    assert data["verdict"] == "INDETERMINATE" and data["accepted"] is False
    assert data["findings"][0]["en"] == "Undetermined"
    assert data["findings"][0]["vi"] == "Chưa xác định"


def test_bad_input_is_a_typed_error(tmp_path: Path, docs: dict[str, Any]) -> None:
    not_pdf = tmp_path / "x.pdf"
    not_pdf.write_text("hello")
    with pytest.raises(PdfError):
        check_submission(not_pdf, [], profile="quang-ngai", at=ON)
    with pytest.raises(PdfError):
        check_submission(docs["both"], [tmp_path / "missing.pdf"], profile="quang-ngai", at=ON)


def test_scanned_draft_is_indeterminate_not_returned(docs: dict[str, Any], trusted: Any) -> None:
    import io

    from reportlab.pdfgen import canvas

    buf = io.BytesIO()
    page = canvas.Canvas(buf)
    page.rect(100, 100, 300, 300, fill=1)  # a page with an image-like drawing and no text
    page.save()
    result = check_submission(
        docs["both"], [buf.getvalue()], profile="quang-ngai", at=ON, verifier=trusted
    )
    assert result.verdict is SubmissionVerdict.INDETERMINATE
    [finding] = _by_check(result, "initial-after-end-mark")
    assert finding.ok is None and "text layer" in finding.en


def test_quoted_end_mark_inside_the_text_is_not_the_anchor(vn_pki: VnTestPki, trusted: Any) -> None:
    """Drafts that explain the rule quote “/.”; the initial belongs after the real ending."""
    from tests.policy._pdfs import initial_box_after, make_document, sign
    from vndocsign.placement import find_anchor

    draft = make_document(
        heading="QUYẾT ĐỊNH",
        body=(
            "Điều 1. Văn bản điện tử phải kết thúc bằng ký hiệu “/.” theo quy định;",
            "chữ ký tắt đặt ngay sau dấu kết thúc nội dung văn bản.",
        ),
        closing="Quyết định này có hiệu lực kể từ ngày ký./.",
        draft=True,
    )
    page, box = initial_box_after(draft)
    right = sign(draft, vn_pki, PERSONAL, field="initial", page=page, box=box)
    quoted = find_anchor(draft, "“/.”")
    qx1, qy0 = quoted.bbox[2], quoted.bbox[1]
    wrong = sign(
        draft,
        vn_pki,
        PERSONAL,
        field="initial",
        page=quoted.page,
        box=(qx1 + 3, qy0 - 4, qx1 + 53, qy0 + 14),
    )
    ok = check_submission(right, [right], profile="quang-ngai", at=ON, verifier=trusted)
    assert _by_check(ok, "initial-after-end-mark")[0].ok is True
    bad = check_submission(right, [wrong], profile="quang-ngai", at=ON, verifier=trusted)
    [finding] = _by_check(bad, "initial-after-end-mark")
    assert finding.ok is False
