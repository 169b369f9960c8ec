"""``vndocsign policy ...`` and ``vndocsign report quarterly`` through the real entry point."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from vndocsign.cli.main import main


def _run(capsys: pytest.CaptureFixture[str], *args: str) -> tuple[int, Any]:
    code = main(list(args))
    out = capsys.readouterr().out
    try:
        return code, json.loads(out)
    except json.JSONDecodeError:
        return code, out


def test_decide_json_contract(capsys: pytest.CaptureFixture[str]) -> None:
    code, data = _run(
        capsys,
        "policy",
        "decide",
        "--profile",
        "hau-giang",
        "--on",  # the older spelling of --at, still accepted
        "2016-08-15",
        "--type",
        "GM",
        "--subject",
        "Mời họp giao ban",
        "--json",
    )
    assert code == 0
    assert data["delivery"] == "ELECTRONIC_ONLY"
    assert data["required_signatures"] == []
    assert data["reasons"][0]["rule"] == "hg-1169-meeting"
    assert data["reasons"][0]["source"] == "1169/UBND-TTTH"
    assert data["reasons"][0]["vi"] and data["reasons"][0]["en"]


@pytest.mark.parametrize(
    ("args", "delivery", "signatures"),
    [
        (("--profile", "hau-giang", "--at", "2016-08-14", "--type", "Giấy mời"), "NO_RULE", []),
        (
            (
                "--profile",
                "thanh-hoa",
                "--at",
                "2019-05-01",
                "--type",
                "Quyết định",
                "--category",
                "finance",
                "--scope",
                "province",
            ),
            "ELECTRONIC_AND_PAPER",
            ["agency"],
        ),
        (
            (
                "--profile",
                "thanh-hoa",
                "--at",
                "2019-04-30",
                "--type",
                "Quyết định",
                "--category",
                "finance",
                "--scope",
                "province",
            ),
            "ELECTRONIC_ONLY",
            ["agency"],
        ),
        (
            ("--profile", "quang-ngai", "--at", "2019-05-10", "--scope", "central"),
            "ELECTRONIC_ONLY",
            ["agency"],
        ),
        (
            ("--profile", "quang-ngai", "--at", "2019-05-11", "--scope", "central"),
            "ELECTRONIC_AND_PAPER",
            ["agency"],
        ),
        (
            ("--profile", "quang-ngai", "--at", "2024-07-01", "--type", "TTr", "--submission"),
            "ELECTRONIC_ONLY",
            ["personal", "agency"],
        ),
        (
            ("--profile", "quang-ngai", "--at", "2024-07-01", "--draft", "--submission"),
            "ELECTRONIC_ONLY",
            ["initial"],
        ),
        (
            ("--profile", "vn-national", "--at", "2024-07-01", "--secrecy", "TỐI MẬT"),
            "NOT_ELECTRONIC",
            [],
        ),
        (
            ("--profile", "vn-national", "--at", "2024-07-01", "--secrecy", "toi mat"),
            "NOT_ELECTRONIC",
            [],
        ),
    ],
)
def test_decide_from_flags(
    capsys: pytest.CaptureFixture[str], args: tuple[str, ...], delivery: str, signatures: list[str]
) -> None:
    code, data = _run(capsys, "policy", "decide", *args, "--json")
    assert code == 0
    assert data["delivery"] == delivery
    assert data["required_signatures"] == signatures


@pytest.mark.parametrize(
    "args",
    [
        ("--profile", "ha-noi", "--at", "2024-01-01"),
        ("--profile", "vn-national", "--at", "2024-01-01", "--type", "Sắc lệnh"),
        ("--profile", "vn-national", "--at", "01/01/2024"),
        ("--profile", "vn-national"),  # no date at all
        ("--at", "2024-01-01"),  # no profile
        ("--profile", "vn-national", "--at", "2024-01-01", "--category", "astrology"),
        ("--profile", "vn-national", "--at", "2024-01-01", "--secrecy", "BÍ MẬT"),
    ],
)
def test_decide_bad_input_exits_3_with_json_error(
    capsys: pytest.CaptureFixture[str], args: tuple[str, ...]
) -> None:
    code, data = _run(capsys, "policy", "decide", *args, "--json")
    assert code == 3
    assert data["vi"] and data["en"] and data["error"]


def test_decide_from_a_pdf(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    from tests.policy._pdfs import make_document

    pdf = tmp_path / "gm.pdf"
    pdf.write_bytes(
        make_document(
            heading="GIẤY MỜI",
            subject="Mời họp giao ban tháng 7",
            closing="Kính mời đại biểu dự họp đúng giờ./.",
        )
    )
    code, data = _run(capsys, "policy", "decide", str(pdf), "--profile", "hau-giang", "--json")
    assert code == 0
    assert data["on"] == "2024-07-02"  # the document's own date line
    assert data["facts"]["document_type"] == "Giấy mời"
    assert data["delivery"] == "ELECTRONIC_ONLY"
    secret = tmp_path / "secret.pdf"
    secret.write_bytes(make_document(secret="TỐI MẬT"))
    code, data = _run(capsys, "policy", "decide", str(secret), "--profile", "hau-giang", "--json")
    assert data["delivery"] == "NOT_ELECTRONIC"


def test_decide_human_output_and_log(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    log = tmp_path / "log.jsonl"
    code, out = _run(
        capsys,
        "policy",
        "decide",
        "--profile",
        "thanh-hoa",
        "--at",
        "2019-05-01",
        "--subject",
        "V/v giải quyết đơn tố cáo",
        "--log",
        str(log),
        "--unit",
        "VP",
    )
    assert code == 0
    assert "ELECTRONIC_AND_PAPER" in out and "th-4679-paper-personnel-complaints" in out
    assert "tố cáo" in out  # the evidence of the classifier
    record = json.loads(log.read_text(encoding="utf-8"))
    assert record["unit"] == "VP" and record["delivery"] == "ELECTRONIC_AND_PAPER"


def test_check_submission_exit_codes(
    capsys: pytest.CaptureFixture[str], tmp_path: Path, docs: dict[str, Any], vn_pki: Any
) -> None:
    good, draft, bad = tmp_path / "tt.pdf", tmp_path / "dt.pdf", tmp_path / "bad.pdf"
    good.write_bytes(docs["both"])
    draft.write_bytes(docs["initialled"])
    bad.write_bytes(docs["misplaced"])
    untrusted = ("policy", "check-submission", "--profile", "quang-ngai", "--at", "2024-07-01")
    # without --trust-root the default trust profile (any-vn) does not know the test root
    code, data = _run(capsys, *untrusted, str(good), str(draft), "--json")
    assert code == 2 and data["verdict"] == "INDETERMINATE"
    base = (*untrusted, "--trust-root", str(vn_pki.root_pem_file(tmp_path)))
    code, data = _run(capsys, *base, str(good), str(draft), "--json")
    assert code == 0 and data["verdict"] == "ACCEPTED"
    log = tmp_path / "log.jsonl"
    code, data = _run(
        capsys, *base, str(good), str(bad), "--json", "--log", str(log), "--unit", "Sở Y tế"
    )
    assert code == 1 and data["verdict"] == "RETURNED"
    assert data["reasons"][0]["document"] == "bad.pdf"
    assert json.loads(log.read_text(encoding="utf-8"))["verdict"] == "RETURNED"
    code, out = _run(capsys, *base, str(good), str(bad))
    assert code == 1 and "trả lại hồ sơ" in out
    not_pdf = tmp_path / "x.pdf"
    not_pdf.write_text("x")
    code, _ = _run(capsys, *base, str(not_pdf), "--json")
    assert code == 3


def test_report_quarterly(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    log = tmp_path / "log.jsonl"
    for on in ("2024-07-01", "2024-07-02"):
        main(
            [
                "policy",
                "decide",
                "--profile",
                "quang-ngai",
                "--at",
                on,
                "--scope",
                "province",
                "--log",
                str(log),
                "--unit",
                "Sở Xây dựng",
            ]
        )
    capsys.readouterr()
    html, csv_path, js = tmp_path / "r.html", tmp_path / "r.csv", tmp_path / "r.json"
    # the log's "at" is now; ask for the quarter of the records
    at = json.loads(log.read_text(encoding="utf-8").splitlines()[0])["at"][:7]
    year, month = int(at[:4]), int(at[5:7])
    quarter = f"{year}Q{(month - 1) // 3 + 1}"
    code, data = _run(
        capsys,
        "report",
        "quarterly",
        str(log),
        "--quarter",
        quarter,
        "--html",
        str(html),
        "--csv",
        str(csv_path),
        "--output-json",
        str(js),
        "--json",
    )
    assert code == 0
    assert data["units"][0]["unit"] == "Sở Xây dựng"
    assert data["units"][0]["electronic_only"] == 2
    assert "<svg" in html.read_text(encoding="utf-8")
    assert csv_path.read_text(encoding="utf-8").startswith("unit,")
    assert json.loads(js.read_text(encoding="utf-8"))["quarter"] == quarter
    code, _ = _run(capsys, "report", "quarterly", str(log), "--quarter", "2024Q9", "--json")
    assert code == 3


def test_profiles_listing(capsys: pytest.CaptureFixture[str]) -> None:
    code, data = _run(capsys, "policy", "profiles", "--json")
    assert code == 0 and {p["name"] for p in data} >= {"vn-national", "hau-giang"}
    code, data = _run(capsys, "policy", "profiles", "quang-ngai", "--json")
    assert any(r["id"] == "qn-1808-province-electronic" for r in data[0]["rules"])
