"""``vndocsign sign`` and ``vndocsign issue`` (in-process through ``main``)."""

from __future__ import annotations

import io
import json
import re
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


def test_cli_sign_then_issue(
    vn_pki, files: Path, seal_png: bytes, capsys: pytest.CaptureFixture[str]
):
    """``sign --role personal`` with no foresight, then ``issue``: four signatures."""
    docgen.require_fonts()
    doc = docgen.render(docgen.specs.cong_van(number="/UBND-KGVX", date=None, year=2026))
    (files / "draft.pdf").write_bytes(doc.pdf)
    (files / "seal.png").write_bytes(seal_png)
    x0, y0, x1, y1 = doc.truth.signers[0].signature_area.bbox
    box = f"{x0:.1f},{y0:.1f},{x1:.1f},{y1:.1f}@1"
    args = ["--p12", str(files / f"{vnpki.PERSONAL}.p12"), "--placement", box, "--text-mode"]
    assert (
        main(
            [
                "sign",
                str(files / "draft.pdf"),
                "-o",
                str(files / "P.pdf"),
                "--role",
                "personal",
                *args,
            ]
        )
        == 0
    )
    code = main(
        [
            "issue",
            str(files / "P.pdf"),
            "-o",
            str(files / "I.pdf"),
            "--number",
            "123",
            "--date",
            "2026-12-03",
            "--p12",
            str(files / f"{vnpki.AGENCY_MST}.p12"),
            "--seal",
            str(files / "seal.png"),
            "--seal-size-mm",
            "36",
            "36",
            "--json",
        ]
    )
    assert code == 0
    out = capsys.readouterr().out
    data = json.loads(out[out.index("{") :])
    assert data["number"] == "123" and data["role"] == "agency"
    issued = (files / "I.pdf").read_bytes()
    statuses = assert_all_good(issued, vn_pki)
    assert len(statuses) == 5  # personal, number, day, month, seal
    text = text_of(issued)
    assert re.search(r"Số:\s*123\s*/UBND-KGVX", text), text
    assert re.search(r"ngày\s+03\s+tháng\s+12\s+năm 2026", text), text
    from pyhanko.pdf_utils.reader import PdfFileReader

    seal = PdfFileReader(io.BytesIO(issued)).embedded_signatures[-1].sig_field
    width = float(seal["/Rect"][2]) - float(seal["/Rect"][0])
    assert width == pytest.approx(36 * 72 / 25.4, abs=0.5)  # the seal at its real size


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
