"""``vndocsign sign`` and ``vndocsign issue`` (in-process through ``main``)."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from tests.pki import P12_PASSWORD, vnpki
from tests.signing.helpers import assert_all_good, make_pdf, text_of
from vndocsign.cli.main import main

docgen = pytest.importorskip("docgen")


@pytest.fixture
def files(vn_pki, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.setenv("VNDOCSIGN_P12_PASSWORD", P12_PASSWORD)
    vn_pki.p12_file(vnpki.PERSONAL, directory=tmp_path)
    vn_pki.p12_file(vnpki.AGENCY_MST, directory=tmp_path)
    vn_pki.root_pem_file(tmp_path)
    (tmp_path / "in.pdf").write_bytes(make_pdf())
    return tmp_path


def test_cli_sign_json(vn_pki, files: Path, capsys: pytest.CaptureFixture[str]):
    code = main(
        [
            "sign",
            str(files / "in.pdf"),
            "-o",
            str(files / "out.pdf"),
            "--role",
            "attachment",
            "--number",
            "12/QĐ-UBND",
            "--p12",
            str(files / f"{vnpki.AGENCY_MST}.p12"),
            "--level",
            "B-T",
            "--tsa",
            vn_pki.tsa_url,
            "--trust-root",
            str(files / "root.pem"),
            "--json",
        ]
    )
    assert code == 0
    data = json.loads(capsys.readouterr().out)
    assert data["role"] == "attachment" and data["level"] == "B-T" and data["page"] == 1
    assert data["certificate_kind"] == "organization" and data["revocation"] == "good"
    signed = (files / "out.pdf").read_bytes()
    assert_all_good(signed, vn_pki)
    assert "Số: 12/QĐ-UBND;" in text_of(signed)


def test_cli_wrong_password_exit_3(
    files: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
):
    monkeypatch.setenv("VNDOCSIGN_P12_PASSWORD", "sai")
    code = main(
        [
            "sign",
            str(files / "in.pdf"),
            "-o",
            str(files / "out.pdf"),
            "--role",
            "personal",
            "--p12",
            str(files / f"{vnpki.PERSONAL}.p12"),
            "--invisible",
            "--json",
        ]
    )
    assert code == 3
    data = json.loads(capsys.readouterr().out)
    assert data["error"] == "KeyAccessError"
    assert not (files / "out.pdf").exists()


def test_cli_usage_errors(files: Path):
    assert (
        main(["sign", str(files / "in.pdf"), "-o", str(files / "o.pdf"), "--role", "personal"])
        == 64
    )  # neither --p12 nor --pkcs11-lib
    assert (
        main(
            [
                "sign",
                str(files / "in.pdf"),
                "-o",
                str(files / "o.pdf"),
                "--role",
                "boss",
                "--p12",
                "x.p12",
            ]
        )
        == 64
    )


def test_cli_placement_outside_page(files: Path):
    code = main(
        [
            "sign",
            str(files / "in.pdf"),
            "-o",
            str(files / "out.pdf"),
            "--role",
            "personal",
            "--text-mode",
            "--placement",
            "500,700,900,760@1",
            "--p12",
            str(files / f"{vnpki.PERSONAL}.p12"),
        ]
    )
    assert code == 3
    assert not (files / "out.pdf").exists()


def test_cli_sign_for_issue_then_issue(vn_pki, files: Path, capsys: pytest.CaptureFixture[str]):
    docgen.require_fonts()
    doc = docgen.render(docgen.specs.cong_van(number="/UBND-KGVX", date=None, year=2024))
    (files / "draft.pdf").write_bytes(doc.pdf)
    x0, y0, x1, y1 = doc.truth.signers[0].signature_area.bbox
    box = f"{x0:.1f},{y0:.1f},{x1:.1f},{y1:.1f}@1"
    assert (
        main(
            [
                "sign",
                str(files / "draft.pdf"),
                "-o",
                str(files / "signed.pdf"),
                "--role",
                "personal",
                "--text-mode",
                "--placement",
                box,
                "--for-issue",
                "--p12",
                str(files / f"{vnpki.PERSONAL}.p12"),
            ]
        )
        == 0
    )
    seal = f"{x0 - 50:.1f},{y0:.1f},{x0 + 50:.1f},{y1:.1f}@1"
    assert (
        main(
            [
                "issue",
                str(files / "signed.pdf"),
                "-o",
                str(files / "issued.pdf"),
                "--number",
                "2183/UBND-KGVX",
                "--date",
                "2024-05-31",
                "--p12",
                str(files / f"{vnpki.AGENCY_MST}.p12"),
                "--placement",
                seal,
                "--json",
            ]
        )
        == 0
    )
    out = capsys.readouterr().out
    data = json.loads(out[out.index("{") :])
    assert data["number"] == "2183/UBND-KGVX" and data["role"] == "agency"
    personal, _agency = assert_all_good((files / "issued.pdf").read_bytes(), vn_pki)
    assert personal.modification_level.name == "FORM_FILLING"


@pytest.mark.parametrize("command", ["sign", "issue"])
def test_cli_missing_output_folder_is_refused(
    files: Path, command: str, capsys: pytest.CaptureFixture[str]
):
    """``-o /nonexistent/dir/x.pdf``: a typed refusal (exit 3), no folder created."""
    target = files / "no-such-dir" / "x.pdf"
    extra = (
        ["--role", "personal", "--invisible"]
        if command == "sign"
        else ["--number", "1/UBND-VP", "--date", "2024-05-31"]
    )
    code = main(
        [
            command,
            str(files / "in.pdf"),
            "-o",
            str(target),
            "--p12",
            str(files / f"{vnpki.PERSONAL}.p12"),
            *extra,
        ]
    )
    assert code == 3
    err = capsys.readouterr().err
    assert "Không ghi được" in err and "does not exist" in err
    assert not target.parent.exists()
