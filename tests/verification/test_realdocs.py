"""Real issued documents (shared corpus ``realdocs`` + ``pdf-signatures/vn_*``): trust out of the
box, roles and stamps, no false failure. Skipped when the shared corpus is absent.

Measured (offline, default trust ``any-vn``, no ``trust import``): chain to a Vietnamese root for
49 of the 50 signatures whose value verifies (98 %; the miss is a "Viettel-CA SHA2" leaf, a CA the
bundle does not ship); role known for 55 of 56 signatures (98.2 %; the unknown one has no
readable certificate in a broken copy).
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from tests.conftest import CORPUS
from vndocsign.verification import Indication, RevocationMode, VerificationReport, verify_pdf

REALDOCS = CORPUS / "realdocs"
#: the final unsigned update rewrites /MediaBox: the change analysis (another area) still calls
#: it disallowed; pdfsig says all five signatures are valid.


def _files() -> list[Path]:
    if not REALDOCS.is_dir():
        return []
    return sorted(REALDOCS.glob("rd_*.pdf")) + sorted((CORPUS / "pdf-signatures").glob("vn_*.pdf"))


@pytest.fixture(scope="module")
def reports() -> dict[str, VerificationReport]:
    files = _files()
    if not files:
        pytest.skip("shared corpus realdocs not available")
    return {f.stem: verify_pdf(f, revocation=RevocationMode.EMBEDDED_ONLY) for f in files}


@pytest.fixture(scope="module")
def truth() -> dict[str, Any]:
    return json.loads((REALDOCS / "truth.json").read_text(encoding="utf-8"))  # type: ignore[no-any-return]


def test_chain_found_out_of_the_box(reports: dict[str, VerificationReport]) -> None:
    verified = [
        s for r in reports.values() for s in r.signatures if s.valid is True and s.intact is True
    ]
    chained = [s for s in verified if len(s.chain) >= 2]
    assert len(verified) >= 45
    assert len(chained) / len(verified) >= 0.95, len(chained)
    roots = {s.chain[0] for s in chained}
    assert "Co quan chung thuc so chuyen dung Chinh phu (RootCA)" in roots  # G1 (SHA-1 CAs)
    assert "RootCA chuyên dùng Chính phủ G2" in roots
    assert not any(
        m.code == "verification.trust_store" for r in reports.values() for m in r.messages
    )


def test_roles_known(reports: dict[str, VerificationReport]) -> None:
    sigs = [s for r in reports.values() for s in r.signatures]
    known = [s for s in sigs if s.role is not None]
    assert len(known) / len(sigs) >= 0.95, f"{len(known)}/{len(sigs)}"


def test_stamps_of_issued_documents(reports: dict[str, VerificationReport]) -> None:
    """Personal, then agency signatures stamping number, date and the seal (the VGCA way)."""
    for stem in ("rd_5eb95bcdacfb", "rd_8c89f362b40e", "rd_1aaa264820de", "rd_79e9de478e71"):
        report = reports[stem]
        stamps = {str(x) for s in report.signatures for x in s.stamped}
        assert {"number", "date", "seal"} <= stamps, stem
        rules = {c.rule: c.passed for c in report.decree30}
        assert rules == {
            "personal_signer": True,
            "agency_organization": True,
            "number_present": True,
            "date_present": True,
            "seal_over_personal": True,
        }, stem
        data = report.to_dict()
        assert data["decree30"] and all("stamped" in s for s in data["signatures"])
    attach = reports["rd_a25f46a800ca"]
    assert [str(s.role) for s in attach.signatures][2:] == ["attachment", "attachment"]
    assert str(reports["rd_14f7821d8610"].signatures[0].role) == "copy"


def test_no_false_failure(reports: dict[str, VerificationReport], truth: dict[str, Any]) -> None:
    for stem, report in reports.items():
        entry = truth.get(stem)
        if entry is None or entry.get("signature_expect") != "intact":
            continue
        assert report.verdict is not Indication.TOTAL_FAILED, report.summary("en")
        assert all(s.indication is not Indication.TOTAL_FAILED for s in report.signatures)


def test_sha1_after_sunset_explained(reports: dict[str, VerificationReport]) -> None:
    """A 2026 SHA-1 agency signature is not accepted, and the report says why and what to do."""
    report = reports["rd_a06f7db47a6f"]
    msgs = [m for s in report.signatures for m in s.messages if m.code == "verification.algorithm"]
    assert msgs
    assert "SHA-256" in msgs[0].en and "--legacy" in msgs[0].en
    assert "ký lại" in msgs[0].vi and "15/2025" in msgs[0].vi


def test_number_and_date_read_back(
    reports: dict[str, VerificationReport], truth: dict[str, Any]
) -> None:
    """The number and the date a person reads on the page, read back from the stamps.

    The registry stamps the digits of the number into ``Số:      /BNV-TCPCP`` and the day (month,
    year) into the date line as text appearances of agency signatures; the Decree 30 verdict
    composes them with the printed ký hiệu and date line (truth.json gives what is printed).
    """
    compared = 0
    for stem, report in reports.items():
        rules = {c.rule: c for c in report.decree30}
        if stem not in truth or "number_present" not in rules:
            continue
        assert rules["number_present"].value == truth[stem]["number"], stem
        assert rules["date_present"].value == truth[stem]["date"], stem
        compared += 1
    assert compared >= 10
