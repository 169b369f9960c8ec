"""Issue 14, item 5 (edXML and policy commands): values a user types are exit 3, never 70.

Unwritable output paths, malformed metadata files and a deeply nested TOML profile each give a
typed bilingual error (a JSON error object with ``--json``).
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from tests.hostile._bombs import envelope
from vndocsign.cli.main import main

PDF = b"%PDF-1.4\n% vndocsign hostile test\n%%EOF\n"
GOOD_METADATA: dict[str, Any] = {
    "issuer": "Văn phòng Chính phủ",
    "number": "123/VPCP-TTĐT",
    "issued_date": "2024-05-10",
    "place": "Hà Nội",
    "subject": "V/v thử nghiệm",
    "signers": [{"full_name": "Nguyễn Văn A", "position": "Thứ trưởng"}],
}


def _run(capsys: pytest.CaptureFixture[str], *args: str) -> tuple[int, dict[str, Any], str]:
    code = main([*args, "--json"])
    captured = capsys.readouterr()
    assert "Traceback" not in captured.err
    data = json.loads(captured.out) if captured.out.strip() else {}
    return code, data, captured.err


@pytest.fixture
def blocked(tmp_path: Path) -> Path:
    """An output path nobody can create, even root: its 'folder' is a regular file."""
    wall = tmp_path / "a-file"
    wall.write_text("not a folder")
    return wall / "sub" / "out.edxml"


@pytest.fixture
def pdf(tmp_path: Path) -> Path:
    path = tmp_path / "vb.pdf"
    path.write_bytes(PDF)
    return path


def _pack(pdf: Path, metadata: Path, output: Path) -> list[str]:
    return [
        "edxml", "pack", "--document", str(pdf), "--metadata", str(metadata),
        "--from", "000.00.00.G22", "--to", "000.00.00.H41", "-o", str(output),
    ]  # fmt: skip


def test_pack_to_an_unwritable_path(
    capsys: pytest.CaptureFixture[str], tmp_path: Path, pdf: Path, blocked: Path
) -> None:
    metadata = tmp_path / "m.json"
    metadata.write_text(json.dumps(GOOD_METADATA), encoding="utf-8")
    assert main(_pack(pdf, metadata, tmp_path / "ok.edxml")) == 0  # the metadata is good
    capsys.readouterr()
    code, data, _err = _run(capsys, *_pack(pdf, metadata, blocked))
    assert code == 3
    # the CLI refuses a missing output folder before any work (one code for every command)
    assert data["code"] == "output.not_writable" and data["details"]["path"] == str(blocked)
    assert "Không ghi được" in data["vi"] and "Cannot write" in data["en"]
    assert not blocked.parent.parent.is_dir()


def test_status_to_an_unwritable_path(capsys: pytest.CaptureFixture[str], blocked: Path) -> None:
    code, data, _ = _run(
        capsys, "edxml", "status", "--code", "01", "--for", "000.00.00.G22,2024/05/10,1/VPCP",
        "--from", "000.00.00.H41", "-o", str(blocked),
    )  # fmt: skip
    assert code == 3 and data["code"] == "output.not_writable"


def test_unpack_into_an_unwritable_folder(
    capsys: pytest.CaptureFixture[str], tmp_path: Path, blocked: Path
) -> None:
    source = tmp_path / "in.edxml"
    source.write_bytes(envelope(PDF, name="vb.pdf", ctype="application/pdf"))
    code, data, _ = _run(capsys, "edxml", "unpack", str(source), "-d", str(blocked.parent))
    assert code == 3 and data["code"].startswith("edxml")


@pytest.mark.parametrize(
    "log_args",
    [
        ["policy", "decide", "--profile", "hau-giang", "--at", "2024-05-10", "--type", "GM"],
    ],
)
def test_policy_log_to_an_unwritable_path(
    capsys: pytest.CaptureFixture[str], blocked: Path, log_args: list[str]
) -> None:
    code, data, _ = _run(capsys, *log_args, "--log", str(blocked), "--unit", "VP")
    assert code == 3
    assert data["code"] == "output.not_writable" and "Không ghi được" in data["vi"]


def test_quarterly_report_to_an_unwritable_path(
    capsys: pytest.CaptureFixture[str], tmp_path: Path, blocked: Path
) -> None:
    log = tmp_path / "policy.jsonl"
    log.write_text("", encoding="utf-8")
    code, data, _ = _run(
        capsys, "report", "quarterly", str(log), "--quarter", "2024Q3", "--html", str(blocked)
    )
    assert code == 3 and data["code"] == "output.not_writable"


MALFORMED = [
    {"issued_date": "2024-13-45"},  # impossible date
    {"issued_date": "10/05/2024"},
    {"signers": "Nguyễn Văn A"},  # a signer given as a string
    {"signers": ["Nguyễn Văn A"]},
    {"signers": [{"name": "Nguyễn Văn A"}]},  # the wrong key
    {"number": 123},
    {"issuer": {"name": ["x"]}},
    {"page_amount": "three"},
]


@pytest.mark.parametrize("change", MALFORMED, ids=lambda c: json.dumps(c, ensure_ascii=True))
def test_pack_with_malformed_metadata(
    capsys: pytest.CaptureFixture[str], tmp_path: Path, pdf: Path, change: dict[str, Any]
) -> None:
    metadata = tmp_path / "m.json"
    metadata.write_text(json.dumps({**GOOD_METADATA, **change}), encoding="utf-8")
    code, data, err = _run(capsys, *_pack(pdf, metadata, tmp_path / "o.edxml"))
    assert code == 3, err
    assert data["code"].startswith(("edxml", "model"))
    assert data["vi"] and data["en"]
    assert not (tmp_path / "o.edxml").exists()


def _deep_profile(tmp_path: Path, depth: int, kind: str) -> Path:
    value = "[" * depth + "]" * depth if kind == "array" else "{a = " * depth + "1" + "}" * depth
    path = tmp_path / f"deep-{kind}-{depth}.toml"
    path.write_text(f'[profile]\nname = "deep"\nnote = {value}\n', encoding="utf-8")
    return path


@pytest.mark.parametrize("kind", ["array", "table"])
@pytest.mark.parametrize("depth", [40, 100_000])
def test_deeply_nested_toml_profile_is_a_limit_error(
    capsys: pytest.CaptureFixture[str], tmp_path: Path, kind: str, depth: int
) -> None:
    path = _deep_profile(tmp_path, depth, kind)
    code, data, _ = _run(capsys, "policy", "profiles", str(path))
    assert code == 3
    assert data["code"] == "policy.limit"
    assert data["details"]["limit"] == "max_toml_depth" and data["details"]["maximum"] == 32
    assert data["details"]["file"] == str(path)


def test_toml_depth_is_configurable(tmp_path: Path) -> None:
    from vndocsign import policy
    from vndocsign._limits import LimitError, use_limits

    path = _deep_profile(tmp_path, 40, "array")
    with pytest.raises(LimitError):
        policy.load_profile(str(path))
    with use_limits(max_toml_depth=64):
        assert policy.load_profile(str(path)).name == "deep"
