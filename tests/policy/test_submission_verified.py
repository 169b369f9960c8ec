"""check_submission with the full verifier: documents signed by vndocsign.signing on the
Vietnam-shaped test PKI (OCSP, CRL and TSA served on loopback by certomancer)."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest

import docgen
from docgen import specs
from tests.pki import P12_PASSWORD, vnpki
from vndocsign.policy import SubmissionVerdict, VerifyingSubmissionVerifier, check_submission
from vndocsign.signing import Appearance, load_pkcs12, sign_pdf
from vndocsign.verification import TrustProfile

ON = dt.date(2024, 7, 1)


def _sign(pki: Any, label: str, pdf: bytes, role: str) -> bytes:
    key = load_pkcs12(pki.p12_bytes(label, P12_PASSWORD), P12_PASSWORD)
    return sign_pdf(
        pdf,
        key,
        role=role,
        placement="auto",
        appearance=Appearance.text_mode(),
        level="B-LT",
        tsa_url=pki.tsa_url,
        trust_roots=[pki.root],
    )


@pytest.fixture(scope="module")
def submission(vn_pki: Any) -> dict[str, bytes]:
    docgen.require_fonts()
    totrinh = docgen.render(specs.to_trinh()).pdf
    draft = docgen.render(specs.draft_quyet_dinh()).pdf
    signed = _sign(vn_pki, vnpki.PERSONAL, totrinh, "personal")
    return {
        "totrinh": _sign(vn_pki, vnpki.AGENCY_MST, signed, "agency"),
        "draft": _sign(vn_pki, vnpki.PERSONAL, draft, "initial"),
        "agency_only": _sign(vn_pki, vnpki.AGENCY_MST, totrinh, "agency"),
    }


def test_signed_submission_is_accepted_with_the_full_verdict(
    vn_pki: Any,
    submission: dict[str, bytes],
) -> None:
    verifier = VerifyingSubmissionVerifier(trust=TrustProfile.custom([vn_pki.root]))
    result = check_submission(
        submission["totrinh"], [submission["draft"]], profile="quang-ngai", at=ON, verifier=verifier
    )
    assert result.verdict is SubmissionVerdict.ACCEPTED, [f.en for f in result.findings]
    personal = next(f for f in result.findings if f.check == "personal-signature")
    assert personal.details["indication"] == "TOTAL_PASSED"
    assert personal.details["trust"] == "checked"
    initial = next(f for f in result.findings if f.check == "initial-after-end-mark")
    assert initial.ok is True


def test_untrusted_root_leaves_the_submission_indeterminate(
    submission: dict[str, bytes],
) -> None:
    verifier = VerifyingSubmissionVerifier(trust=TrustProfile.empty())
    result = check_submission(
        submission["totrinh"], [submission["draft"]], profile="quang-ngai", at=ON, verifier=verifier
    )
    assert result.verdict is SubmissionVerdict.INDETERMINATE
    personal = next(f for f in result.findings if f.check == "personal-signature")
    assert personal.ok is None
    assert personal.details["sub_indication"] == "NO_CERTIFICATE_CHAIN_FOUND"


def test_only_an_agency_signature_is_returned(
    vn_pki: Any,
    submission: dict[str, bytes],
) -> None:
    verifier = VerifyingSubmissionVerifier(trust=TrustProfile.custom([vn_pki.root]))
    result = check_submission(
        submission["agency_only"],
        [submission["draft"]],
        profile="quang-ngai",
        at=ON,
        verifier=verifier,
    )
    assert result.verdict is SubmissionVerdict.RETURNED
    personal = next(f for f in result.findings if f.check == "personal-signature")
    assert personal.ok is False


def test_content_changed_after_the_leader_signed_is_returned(
    vn_pki: Any,
    submission: dict[str, bytes],
) -> None:
    """An incremental update that rewrites the page after signing: pyHanko-only checks of
    the signature bytes would pass it; the full verdict does not."""
    import io

    from pyhanko.pdf_utils import generic
    from pyhanko.pdf_utils.incremental_writer import IncrementalPdfFileWriter

    writer = IncrementalPdfFileWriter(io.BytesIO(submission["totrinh"]))
    page = writer.root["/Pages"]["/Kids"][0]
    stream = generic.StreamObject(stream_data=b"BT /F1 30 Tf 100 400 Td (SUA DOI) Tj ET")
    page_obj = page.get_object()
    page_obj["/Contents"] = generic.ArrayObject([*_contents(page_obj), writer.add_object(stream)])
    writer.update_container(page_obj)
    out = io.BytesIO()
    writer.write(out)
    verifier = VerifyingSubmissionVerifier(trust=TrustProfile.custom([vn_pki.root]))
    result = check_submission(
        out.getvalue(), [submission["draft"]], profile="quang-ngai", at=ON, verifier=verifier
    )
    assert result.verdict is SubmissionVerdict.RETURNED
    personal = next(f for f in result.findings if f.check == "personal-signature")
    assert personal.ok is False
    assert personal.details["indication"] == "TOTAL_FAILED"


def _contents(page: Any) -> list[Any]:
    from pyhanko.pdf_utils import generic

    raw = page.raw_get("/Contents")
    value = raw.get_object() if hasattr(raw, "get_object") else raw
    return list(value) if isinstance(value, generic.ArrayObject) else [raw]
