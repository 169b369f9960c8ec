"""``vndocsign edxml pack|unpack|status|validate`` and the ``unpack --json`` contract."""

from __future__ import annotations

import hashlib
import json
import re
from pathlib import Path
from typing import Any

import pytest

from tests.conftest import corpus_file, corpus_manifest
from tests.edxml.test_writer import example_envelope, example_status
from vndocsign import edxml
from vndocsign.cli.main import main

CONTRACT_KEYS = {
    "kind",
    "from",
    "to",
    "document_id",
    "code",
    "promulgation_date",
    "subject",
    "document_type",
    "priority",
    "business_doc_type",
    "attachments",
    "status",
    "response_for",
    "repairs",
}
ATTACHMENT_KEYS = {"name", "content_type", "size", "sha256", "path"}


def run(capsys: pytest.CaptureFixture[str], *args: str) -> tuple[int, Any]:
    code = main(list(args))
    out = capsys.readouterr().out
    try:
        return code, json.loads(out)
    except ValueError:
        return code, out


@pytest.fixture
def signed_pdf(tmp_path: Path) -> Path:
    from vndocsign.samples import sample_pdf

    path = tmp_path / "2183-UBND-KGVX.pdf"
    path.write_bytes(sample_pdf("cong-van"))
    return path


def test_pack_unpack_validate(
    tmp_path: Path, signed_pdf: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    out = tmp_path / "out.edxml"
    code, packed = run(
        capsys,
        "edxml",
        "pack",
        "--document",
        str(signed_pdf),
        "--from",
        "000.00.00.H56",
        "--to",
        "000.00.00.G22",
        "--to",
        "000.00.00.H41",
        "-o",
        str(out),
        "--json",
    )
    assert code == 0
    assert packed["document_id"] == "000.00.00.H56,2024/05/31,2183/UBND-KGVX"
    digest = hashlib.sha256(signed_pdf.read_bytes()).hexdigest()
    assert packed["attachments"][0]["sha256"] == digest  # was null before the write
    assert packed["written"][0]["sha256"] == digest
    assert out.read_bytes().startswith(b'<?xml version="1.0" encoding="UTF-8"?>\r\n')

    code, data = run(capsys, "edxml", "unpack", str(out), "-d", str(tmp_path / "att"), "--json")
    assert code == 0
    assert set(data) >= CONTRACT_KEYS
    assert data["kind"] == "edoc"
    assert data["from"] == {"organ_id": "000.00.00.H56", "name": "ỦY BAN NHÂN DÂN TỈNH QUẢNG NGÃI"}
    assert [t["organ_id"] for t in data["to"]] == ["000.00.00.G22", "000.00.00.H41"]
    assert data["code"] == {"number": "2183", "notation": "UBND-KGVX"}
    assert data["promulgation_date"] == "2024-05-31"
    assert data["document_type"] == {"type": 1, "name": "Công văn"}
    assert data["priority"] == 0 and data["business_doc_type"] == 0
    assert data["status"] is None and data["response_for"] is None and data["repairs"] == []
    assert data["subject"].startswith("V/v triển khai văn bản điện tử")
    assert data["steering_type"] == 1
    assert set(data["signer"]) == {"competence", "position", "full_name"}
    assert data["signer"]["full_name"]
    assert "due_date" in data and isinstance(data["to_places"], list) and data["to_places"]
    assert data["other_info"]["priority"] == 0
    assert set(data["other_info"]) >= {"sphere_of_promulgation", "page_amount", "appendixes"}
    (att,) = data["attachments"]
    assert att["description"] == "Văn bản ký số"
    assert set(att) >= ATTACHMENT_KEYS
    written = Path(att["path"])
    assert written.read_bytes() == signed_pdf.read_bytes()
    assert att["sha256"] == hashlib.sha256(signed_pdf.read_bytes()).hexdigest()
    assert att["size"] == signed_pdf.stat().st_size
    assert att["content_type"] == "application/pdf"

    code, report = run(capsys, "edxml", "validate", str(out), "--json")
    assert code == 0 and report["ok"] is True


def test_pack_with_metadata_json_and_qcvn_order(
    tmp_path: Path, signed_pdf: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    meta = tmp_path / "meta.json"
    meta.write_text(
        json.dumps(
            {
                "number": "15/QĐ-UBND",
                "issued_date": "2024-06-01",
                "place": "Quảng Ngãi",
                "issuer": "ỦY BAN NHÂN DÂN TỈNH QUẢNG NGÃI",
                "document_type": "Quyết định",
                "subject": "Về việc ban hành quy chế",
                "signer": {"full_name": "Trần Minh Khoa", "position": "Chủ tịch"},
            },
            ensure_ascii=False,
        ),
        encoding="utf-8",
    )
    out = tmp_path / "qd.edxml"
    code, _ = run(
        capsys,
        "edxml",
        "pack",
        "--document",
        str(signed_pdf),
        "--metadata",
        str(meta),
        "--from",
        "000.00.00.H56",
        "--to",
        "000.00.00.G22",
        "--order",
        "qcvn",
        "-o",
        str(out),
    )
    assert code == 0
    env = edxml.read(out)
    assert isinstance(env, edxml.Envelope)
    assert env.document_id == "000.00.00.H56,2024/06/01,15/QĐ-UBND"
    assert env.header.document_type is not None
    assert env.header.document_type.type_name == "Quyết định"
    text = out.read_text(encoding="utf-8")
    assert text.index("<edXML:DocumentId>") > text.index("<edXML:SteeringType>")


def test_status_command(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    out = tmp_path / "st.edxml"
    code, data = run(
        capsys,
        "edxml",
        "status",
        "--code",
        "3",
        "--for",
        "000.00.00.G22,2024/05/10,123/VPCP-TTĐT",
        "--from",
        "000.00.00.H41",
        "--staff",
        "Trần Văn C",
        "-o",
        str(out),
        "--json",
    )
    assert code == 0
    assert data["kind"] == "status"
    assert data["status"]["code"] == "03"
    assert data["status"]["description"] == "Đã tiếp nhận"
    assert re.fullmatch(r"\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d", data["status"]["timestamp"])
    assert data["response_for"] == {
        "document_id": "000.00.00.G22,2024/05/10,123/VPCP-TTĐT",
        "code": "123/VPCP-TTĐT",
        "organ_id": "000.00.00.G22",
        "promulgation_date": "2024-05-10",
    }
    code, unpacked = run(capsys, "edxml", "unpack", str(out), "-d", str(tmp_path / "d"), "--json")
    assert code == 0 and unpacked["status"]["code"] == "03" and unpacked["attachments"] == []
    assert unpacked["document_id"] == "000.00.00.G22,2024/05/10,123/VPCP-TTĐT"

    env_file = tmp_path / "env.edxml"
    edxml.write(example_envelope(), env_file)
    code, data = run(
        capsys,
        "edxml",
        "status",
        "--code",
        "13",
        "--envelope",
        str(env_file),
        "--from",
        "000.00.00.G22",
        "-o",
        str(tmp_path / "13.edxml"),
        "--json",
    )
    assert code == 0 and data["status"]["code"] == "13"

    assert (
        main(
            [
                "edxml",
                "status",
                "--code",
                "09",
                "--for",
                "x",
                "--from",
                "y",
                "-o",
                str(tmp_path / "bad.edxml"),
            ]
        )
        == 3
    )
    assert not (tmp_path / "bad.edxml").exists()


def test_validate_exit_codes(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    good = tmp_path / "good.edxml"
    edxml.write(example_status(), good)
    assert main(["edxml", "validate", str(good)]) == 0
    assert "OK" in capsys.readouterr().out
    bad = tmp_path / "bad.edxml"
    bad.write_bytes(edxml.to_bytes(example_status()).replace(b">03<", b">42<"))
    code, report = run(capsys, "edxml", "validate", str(bad), "--json")
    assert code == 1 and report["ok"] is False
    hostile = tmp_path / "hostile.edxml"
    hostile.write_bytes(b'<!DOCTYPE x [<!ENTITY a "b">]><edXML/>')
    assert main(["edxml", "validate", str(hostile)]) == 1
    assert main(["edxml", "unpack", str(hostile), "-d", str(tmp_path / "h")]) == 3
    capsys.readouterr()


def test_usage_errors(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["edxml", "pack"]) == 64
    assert main(["edxml", "status", "--code", "03", "--from", "x", "-o", "y"]) == 64
    capsys.readouterr()


CASES = corpus_manifest("edxml")


@pytest.mark.corpus
@pytest.mark.parametrize("case", CASES, ids=[c["file"] for c in CASES])
def test_unpack_json_on_the_corpus(
    case: dict[str, Any], tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = corpus_file("edxml", case)
    code, data = run(capsys, "edxml", "unpack", str(path), "-d", str(tmp_path), "--json")
    exp = case["expected"]
    assert set(data) >= CONTRACT_KEYS
    assert data["kind"] == case["kind"]
    assert data["from"]["organ_id"] == exp["from_organ_id"]
    assert data["repairs"] == [] if case["well_formed"] else data["repairs"]
    if case["kind"] == "status":
        assert code == 0
        assert data["status"]["code"] == exp["status_code"]
        assert data["status"]["timestamp"] == exp["timestamp"]
        assert data["response_for"]["document_id"] == exp["response_for_document_id"]
        return
    assert data["document_id"] == exp["document_id"]
    assert data["promulgation_date"] == exp["promulgation_date"]
    assert data["priority"] == exp["priority"]
    assert [t["organ_id"] for t in data["to"]] == exp["to_organ_ids"]
    failed = any(a.get("decode_error") for a in exp["attachments"])
    assert code == (1 if failed else 0)
    for att, want in zip(data["attachments"], exp["attachments"], strict=True):
        assert att["name"] == want["name"]
        assert att["sha256"] == want["sha256"]
        assert att["size"] == want["decoded_length"]
        if att["path"]:
            assert hashlib.sha256(Path(att["path"]).read_bytes()).hexdigest() == want["sha256"]
    assert not [p for p in tmp_path.iterdir() if p.name.startswith(".")]
