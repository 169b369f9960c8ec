"""``vndocsign inspect`` end to end: a real subprocess on documents from two PDF producers."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

import docgen
from docgen import specs
from docgen.fixtures import docgen_fonts  # noqa: F401 - fixture
from vndocsign.samples import sample_pdf

EXE = [sys.executable, "-m", "vndocsign"]


def _inspect(path: Path, *extra: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [*EXE, "inspect", str(path), *extra],
        capture_output=True,
        text=True,
        check=False,
        timeout=120,
    )


def test_inspect_json_contract_on_the_shipped_sample(tmp_path: Path) -> None:
    path = tmp_path / "cong-van.pdf"
    path.write_bytes(sample_pdf("cong-van"))
    proc = _inspect(path, "--json")
    assert proc.returncode == 0, proc.stderr
    report = json.loads(proc.stdout)
    meta = report["metadata"]
    for key in (
        "number",
        "issued_date",
        "place",
        "issuer",
        "document_type",
        "subject",
        "recipients",
        "signer",
        "secrecy",
        "urgency",
        "draft",
    ):
        assert key in meta
    assert meta["number"] == "2183/UBND-KGVX"
    assert meta["issued_date"] == "2024-05-31"
    assert meta["place"] == "Quảng Ngãi"
    assert meta["document_type"] == "Công văn"
    assert meta["subject"].startswith("V/v ")
    assert set(meta["signer"]) >= {"full_name", "position", "authority"}
    assert meta["signer"]["authority"] == "KT. CHỦ TỊCH"
    assert meta["draft"] is False
    assert report["signatures"] == []
    # pages are 1-based in JSON, like every page number vndocsign prints
    assert report["fields"]["number"]["page"] == 1
    assert report["fields"]["closing"]["page"] == 1


def test_inspect_text_output_is_bilingual(tmp_path: Path) -> None:
    path = tmp_path / "to-trinh.pdf"
    path.write_bytes(sample_pdf("to-trinh"))
    proc = _inspect(path)
    assert proc.returncode == 0
    assert "Số, ký hiệu / Number" in proc.stdout
    assert "215/TTr-STTTT" in proc.stdout


@pytest.mark.usefixtures("docgen_fonts")
@pytest.mark.parametrize("runs", ["line", "char"])
def test_inspect_reportlab_documents(tmp_path: Path, runs: str) -> None:
    spec = specs.to_trinh()
    doc = docgen.render(spec, runs=runs)
    path = tmp_path / "doc.pdf"
    path.write_bytes(doc.pdf)
    proc = _inspect(path, "--json")
    assert proc.returncode == 0, proc.stderr
    meta = json.loads(proc.stdout)["metadata"]
    assert meta["number"] == spec.number
    assert meta["issued_date"] == spec.date.isoformat()
    assert meta["issuer"] == spec.issuer
    assert meta["signer"]["full_name"] == spec.signers[0].name


@pytest.mark.parametrize(
    ("data", "code"),
    [
        (b"not a pdf at all", "pdf.not_pdf"),
        (b"%PDF-1.7\n1 0 obj <<>> endobj\n%%EOF", "pdf.damaged"),
    ],
)
def test_bad_input_exits_3_with_a_bilingual_message(tmp_path: Path, data: bytes, code: str) -> None:
    path = tmp_path / "bad.pdf"
    path.write_bytes(data)
    proc = _inspect(path)
    assert proc.returncode == 3
    assert "Lỗi / Error" in proc.stderr
    assert "Traceback" not in proc.stderr
    proc = _inspect(path, "--json")
    assert json.loads(proc.stdout)["code"] == code


def test_usage_errors_and_version() -> None:
    proc = subprocess.run([*EXE, "--version"], capture_output=True, text=True, check=False)
    assert proc.returncode == 0
    assert "vndocsign" in proc.stdout
    proc = subprocess.run([*EXE, "inspect"], capture_output=True, text=True, check=False)
    assert proc.returncode == 64


def test_inspect_lists_attached_documents_and_selects_one(tmp_path: Path) -> None:
    """A tờ trình with its draft quyết định in one file: the main one by default, --document 2
    for the draft; pages 1-based."""
    import io

    from pypdf import PdfReader, PdfWriter

    main = docgen.render(specs.to_trinh())
    writer = PdfWriter()
    for pdf in (main.pdf, docgen.render(specs.draft_quyet_dinh()).pdf):
        writer.append(PdfReader(io.BytesIO(pdf)))
    buf = io.BytesIO()
    writer.write(buf)
    path = tmp_path / "to-trinh-kem-du-thao.pdf"
    path.write_bytes(buf.getvalue())
    proc = _inspect(path, "--json", "--no-ocr")
    assert proc.returncode == 0, proc.stderr
    report = json.loads(proc.stdout)
    n = main.truth.page_count
    assert report["metadata"]["number"] == main.spec.number
    assert report["pages"] == list(range(1, n + 1)) and report["scanned"] is False
    [attached] = report["attachments"]
    assert attached["document"] == 2 and attached["pages"][0] == n + 1
    assert attached["metadata"]["draft"] is True
    assert report["fields"]["number"]["source"] == "content"
    chosen = json.loads(_inspect(path, "--json", "--document", "2").stdout)
    assert chosen["metadata"]["draft"] is True and chosen["pages"][0] == n + 1
    place = subprocess.run(
        [*EXE, "place", str(path), "--role", "personal", "--document", "2", "--json"],
        capture_output=True,
        text=True,
        check=False,
        timeout=120,
    )
    assert place.returncode == 0, place.stderr
    assert json.loads(place.stdout)["page"] > n


@pytest.mark.parametrize("command", ["inspect", "place"])
def test_document_beyond_the_file_is_refused(tmp_path: Path, command: str) -> None:
    """``--document 3`` on a one-document file: exit 3, the number counted from 1 as typed."""
    path = tmp_path / "cong-van.pdf"
    path.write_bytes(docgen.render(specs.cong_van()).pdf)
    extra = ["--role", "personal"] if command == "place" else ["--no-ocr"]
    proc = subprocess.run(
        [*EXE, command, str(path), *extra, "--document", "3"],
        capture_output=True,
        text=True,
        check=False,
        timeout=120,
    )
    assert proc.returncode == 3, (proc.stdout, proc.stderr)
    assert "document 3" in proc.stderr and "văn bản thứ 3" in proc.stderr
