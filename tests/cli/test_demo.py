"""``vndocsign demo``: the README's first command, run as a user runs it."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

from vndocsign.verification import TrustProfile, verify_pdf


def test_demo_signs_issues_and_verifies(tmp_path: Path) -> None:
    out = tmp_path / "demo-output"
    proc = subprocess.run(
        [sys.executable, "-m", "vndocsign", "demo", str(out), "--json"],
        capture_output=True,
        text=True,
        check=False,
        timeout=300,
    )
    assert proc.returncode == 0, proc.stderr
    summary = json.loads(proc.stdout)
    assert summary["verdict"] == "TOTAL_PASSED"
    assert summary["number"] == "2183/UBND-KGVX"
    assert [s["role"] for s in summary["signatures"]] == ["personal", "agency"]
    assert all(s["intact"] and s["valid"] and s["trusted"] for s in summary["signatures"])
    for name in (
        "cong-van.pdf",
        "cong-van-signed.pdf",
        "metadata.json",
        "verification.json",
        "verification.html",
        "verification.txt",
        "summary.json",
    ):
        assert (out / name).is_file(), name
    report = json.loads((out / "verification.json").read_text(encoding="utf-8"))
    assert report["verdict"] == "TOTAL_PASSED"
    assert "Chữ ký số hợp lệ" in (out / "verification.txt").read_text(encoding="utf-8")
    # the certificates name who the page names: its signer, its issuer, one province
    page = json.loads((out / "metadata.json").read_text(encoding="utf-8"))["metadata"]
    personal, agency = (s["signer"] for s in report["signatures"])
    assert personal["name"] == page["signer"]["full_name"] == "Trần Minh Khoa"
    assert agency["name"].upper() == page["issuer"] == "ỦY BAN NHÂN DÂN TỈNH QUẢNG NGÃI"
    assert personal["province"] == agency["province"] == page["place"] == "Quảng Ngãi"
    # The signed file is a real PAdES document: verifying it again, independently of the
    # demo's own report, against the demo root gives the same verdict, and against no root
    # at all it is not a pass.
    signed = out / "cong-van-signed.pdf"
    root = out / "demo-keys" / "root.pem"
    again = verify_pdf(signed, trust=TrustProfile.custom([root]), revocation="embedded-only")
    assert again.to_dict()["verdict"] == "TOTAL_PASSED"
    untrusted = verify_pdf(signed, trust=TrustProfile.empty(), revocation="embedded-only")
    assert untrusted.to_dict()["verdict"] != "TOTAL_PASSED"
    # the input sample is left as shipped
    from vndocsign.samples import sample_pdf

    assert (out / "cong-van.pdf").read_bytes() == sample_pdf("cong-van")


def test_demo_into_an_unwritable_place_is_bad_input(tmp_path: Path) -> None:
    blocker = tmp_path / "a-file"
    blocker.write_text("not a folder", encoding="utf-8")
    proc = subprocess.run(
        [sys.executable, "-m", "vndocsign", "demo", str(blocker / "out")],
        capture_output=True,
        text=True,
        check=False,
        timeout=300,
    )
    assert proc.returncode == 3
    assert "Không ghi được" in proc.stderr
    assert "Traceback" not in proc.stderr
