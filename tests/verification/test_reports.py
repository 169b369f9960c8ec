"""Report renderings: JSON contract, text, ETSI XML, HTML in headless Chromium; CLI; trust store."""

from __future__ import annotations

import json
import shutil
import subprocess
import tempfile
from pathlib import Path

import pytest
from click.testing import CliRunner
from lxml import etree

from tests.conftest import CORPUS
from tests.pki import AGENCY_MNS, TSA
from tests.verification.conftest import blank_pdf
from vndocsign.cli.main import cli
from vndocsign.pki import split_uid
from vndocsign.verification import (
    PINNED,
    TrustProfile,
    TrustStore,
    to_etsi_xml,
    to_html,
    verify_pdf,
)


@pytest.fixture(scope="module")
def two_sig_report(sign, vn_pki):  # type: ignore[no-untyped-def]
    pdf = sign(sign(blank_pdf(), field="CaNhan"), who=AGENCY_MNS, field="CoQuan")
    return pdf, verify_pdf(
        pdf, trust=TrustProfile.custom([vn_pki.root]), revocation="embedded-only"
    )


def test_json_contract(two_sig_report, vn_pki) -> None:  # type: ignore[no-untyped-def]
    pdf, report = two_sig_report
    data = json.loads(report.to_json())
    assert (data["verdict"], data["sub_indication"], data["status"]) == (
        "TOTAL_PASSED",
        None,
        "passed",
    )
    assert data["warnings"] == [] and data["modification"] == "allowed"
    assert data["trust_profile"] == "custom" and data["policy"] == "tt15-2025"
    assert data["size"] == len(pdf) and len(data["sha256"]) == 64
    personal, agency = data["signatures"]
    expected = {
        "field": "CaNhan",
        "page": 1,
        "type": "signature",
        "subfilter": "/adbe.pkcs7.detached",
        "role": "personal",
        "indication": "TOTAL_PASSED",
        "sub_indication": None,
        "intact": True,
        "valid": True,
        "trusted": True,
        "covers_whole_file": False,
        "coverage": "entire_revision",
        "modification": "allowed",
        "signing_time_source": "timestamp",
        "signing_time_proven": True,
        "valid_at_signing_time": True,
        "revocation": "good",
        "digest_algorithm": "sha256",
        "key": "rsa-2048",
        "docmdp": None,
        "revision": 1,
    }
    assert {k: personal[k] for k in expected} == expected
    assert {k: agency[k] for k in ("field", "role", "revision", "modification")} == {
        "field": "CoQuan",
        "role": "agency",
        "revision": 3,
        "modification": "allowed",
    }
    assert personal["signing_time"].endswith("+07:00")
    assert (
        personal["timestamp"]["trusted"] is True
        and personal["timestamp"]["tsa"] == (vn_pki.cert(TSA).subject.native["common_name"])
    )
    assert personal["chain"] == [  # root first, as pyHanko lists a path
        "RootCA chuyên dùng Chính phủ G2 (TEST)",
        "CA phục vụ các cơ quan Nhà nước G2 (TEST)",
        "Nguyễn Văn An",
    ]
    signer = personal["signer"]
    assert signer["uid"] == {"CCCD": "001089012345"} and signer["kind"] == "individual"
    assert signer["name"] == "Nguyễn Văn An"
    assert signer["organization"] == "UBND tỉnh Thử Nghiệm"
    assert "organisation" not in signer and "organizational_unit" in signer
    assert agency["signer"]["kind"] == "organization"
    assert agency["signer"]["uid"] == {"MNS": "1047665"}
    assert personal["tt15"]["Người ký (signer)"] == "Nguyễn Văn An"
    assert personal["tt15"]["Đơn vị quản lý chứng thư (managing unit)"] == "UBND tỉnh Thử Nghiệm"
    assert personal["tt15"]["Tính toàn vẹn (integrity)"] is True
    assert len(personal["tt15"]) == 7
    codes = {m["code"] for m in personal["messages"]}
    assert all(c.startswith("verification.") and c.islower() and "-" not in c for c in codes)


def test_text_summary_both_languages(two_sig_report) -> None:  # type: ignore[no-untyped-def]
    _pdf, report = two_sig_report
    vi, en = report.summary("vi"), report.summary("en")
    assert "Chữ ký số hợp lệ" in vi and "Đơn vị quản lý chứng thư" in vi
    assert "Signatures valid" in en and "managing unit" in en


def test_etsi_xml(two_sig_report) -> None:  # type: ignore[no-untyped-def]
    _pdf, report = two_sig_report
    root = etree.fromstring(to_etsi_xml(report))
    ns = {"v": "http://uri.etsi.org/19102/v1.2.1#"}
    assert len(root.findall("v:SignatureValidationReport", ns)) == 2
    assert root.findtext(".//v:MainIndication", namespaces=ns) == (
        "urn:etsi:019102:mainindication:total-passed"
    )


def test_html_renders_in_chromium(two_sig_report, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    chromium = shutil.which("chromium") or shutil.which("chromium-browser")
    if chromium is None:
        pytest.skip("chromium is not installed (.ci/run installs it)")
    _pdf, report = two_sig_report
    page = tmp_path / "report.html"
    page.write_text(to_html(report), encoding="utf-8")
    shot = tmp_path / "report.png"
    with tempfile.TemporaryDirectory() as profile:
        subprocess.run(
            [
                chromium,
                "--headless",
                "--no-sandbox",
                "--disable-gpu",
                "--disable-background-networking",
                "--disable-component-update",
                "--no-first-run",
                f"--user-data-dir={profile}",
                f"--screenshot={shot}",
                "--window-size=1000,1400",
                page.as_uri(),
            ],
            check=True,
            capture_output=True,
            timeout=90,
        )
    from PIL import Image

    img = Image.open(shot).convert("RGB")
    assert img.size == (1000, 1400)
    # the green verdict border is drawn, and the page is not blank
    colours = img.getcolors(maxcolors=1_000_000) or []
    assert any(
        abs(r - 0x1B) < 30 and abs(g - 0x7F) < 30 and abs(b - 0x3B) < 30
        for _n, (r, g, b) in colours
    )
    assert sum(n for n, c in colours if c != (255, 255, 255)) > 5000


def test_cli_verify_json_and_exit_codes(two_sig_report, vn_pki, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    pdf, _ = two_sig_report
    good = tmp_path / "good.pdf"
    good.write_bytes(pdf)
    bad = tmp_path / "bad.pdf"
    bad.write_bytes(pdf[: len(pdf) // 2])
    root = tmp_path / "root.der"
    root.write_bytes(vn_pki.root.dump())
    runner = CliRunner()
    res = runner.invoke(
        cli,
        [
            "verify",
            str(good),
            "--trust-root",
            str(root),
            "--offline",
            "--json",
            "--html",
            str(tmp_path / "r.html"),
            "--etsi",
            str(tmp_path / "r.xml"),
        ],
        standalone_mode=False,
    )
    assert res.exception is None, res.output
    assert res.return_value == 0
    (data,) = json.loads(res.output)  # --json is always a list
    assert data["verdict"] == "TOTAL_PASSED" and data["file"].endswith("good.pdf")
    assert (tmp_path / "r.html").read_text(encoding="utf-8").startswith("<!DOCTYPE html>")
    assert b"ValidationReport" in (tmp_path / "r.xml").read_bytes()
    res = runner.invoke(
        cli,
        ["verify", str(tmp_path), "--trust-root", str(root), "--offline", "--json"],
        standalone_mode=False,
    )
    assert res.return_value == 1  # one failed file in the folder
    assert [Path(d["file"]).name for d in json.loads(res.output)] == ["bad.pdf", "good.pdf"]
    res = runner.invoke(
        cli,
        ["verify", str(good), str(bad), "--trust-root", str(root), "--offline", "--lang", "en"],
        standalone_mode=False,
    )
    assert res.return_value == 1
    assert "1 passed, 1 failed" in res.stdout  # summary for several files
    assert "Signature invalid" in res.stdout and "Signatures valid" in res.stdout
    res = runner.invoke(
        cli,
        ["verify", str(good), "--offline", "--trust-dir", str(tmp_path / "empty")],
        standalone_mode=False,
    )
    assert res.return_value == 2  # no root in the store: indeterminate
    assert "Chưa xác định" in res.output


def test_trust_store_accepts_only_pinned(tmp_path: Path) -> None:
    certs = CORPUS / "certs" / "vn"
    if not certs.is_dir():
        pytest.skip("shared corpus not available")
    store = TrustStore(tmp_path / "store")
    keys = store.import_from(certs)
    assert sorted(keys) == sorted(p.key for p in PINNED)
    (tmp_path / "store" / "rogue.pem").write_bytes(
        (CORPUS / "certs" / "vn" / "vnpt-ca-sha2.crt").read_bytes().replace(b"MII", b"MIJ", 1)
    )
    pinned, _custom, _notes = store.scan()
    assert set(pinned) == {p.key for p in PINNED}
    cong_vu = TrustProfile.named("cong-vu", store)
    assert sorted(c.subject.native["common_name"] for c in cong_vu.anchors) == [
        "Co quan chung thuc so chuyen dung Chinh phu (RootCA)",
        "RootCA chuyên dùng Chính phủ G2",
    ]
    public = TrustProfile.named("public", store)
    assert sorted(c.subject.native["common_name"] for c in public.anchors) == [
        "MIC National Root CA",
        "Vietnam National Root CA",
    ]
    assert len(TrustProfile.named("any-vn", store).anchors) == 4
    # no import step: an empty store gives the same bundled roots, with no note
    empty = TrustProfile.named("public", TrustStore(tmp_path / "none"))
    assert len(empty.anchors) == 2 and not empty.notes
    assert len(empty.intermediates) == len(public.intermediates) == 10


def test_cli_trust_import(tmp_path: Path) -> None:
    certs = CORPUS / "certs" / "vn"
    if not certs.is_dir():
        pytest.skip("shared corpus not available")
    res = CliRunner().invoke(
        cli,
        ["trust", "import", str(certs), "--trust-dir", str(tmp_path), "--json"],
        standalone_mode=False,
    )
    assert res.return_value == 0 and len(json.loads(res.output)["imported"]) == 20


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("CCCD:001089020747", ("CCCD", "001089020747")),
        ("MST:0100686209-199", ("MST", "0100686209-199")),
        ("CMND: 079073009568", ("CMND", "079073009568")),
        ("HC:B1234567", ("HC", "B1234567")),
        ("VATVN-0101234567", ("MST", "0101234567")),
        ("0101234567", ("UID", "0101234567")),
    ],
)
def test_split_uid(value: str, expected: tuple[str, str]) -> None:
    assert split_uid(value) == expected


def test_identity_reads_mst_branch_and_every_uid(vn_pki) -> None:  # type: ignore[no-untyped-def]
    """The subject of the test PKI's agency certificate, re-written with a branch tax code."""
    from asn1crypto import x509 as ax

    from vndocsign.verification import identity_from_certificate

    cert = ax.Certificate.load(vn_pki.cert(AGENCY_MNS).dump())
    cert["tbs_certificate"]["subject"] = ax.Name.build(
        {
            "country_name": "VN",
            "organization_name": "UBND tỉnh Thử Nghiệm",
            "organizational_unit_name": "Văn phòng",
            "common_name": "Chi nhánh Thử Nghiệm",
            "user_id": "MST:0100686209-001",
        }
    )
    ident = identity_from_certificate(ax.Certificate.load(cert.dump()))
    assert ident.uid == {"MST": "0100686209-001"} and ident.mst_branch == "001"
    assert ident.kind == "organization" and ident.warnings == ()
    assert ident.organization == "UBND tỉnh Thử Nghiệm"
    assert ident.organizational_unit == "Văn phòng"
    data = ident.to_dict()
    assert (data["organization"], data["organizational_unit"], data["kind"]) == (
        "UBND tỉnh Thử Nghiệm",
        "Văn phòng",
        "organization",
    )
