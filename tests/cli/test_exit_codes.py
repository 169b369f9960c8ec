"""One exit-code table for every command: each condition of ``CONDITIONS`` (and of the table in
docs/cli.md) gives its code whichever command meets it, with a bilingual message."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest

from tests.pki import P12_PASSWORD, PERSONAL, VnTestPki
from tests.pki.fixtures import vn_pki  # noqa: F401  (session fixture)
from vndocsign.cli import _common, main
from vndocsign.cli._common import CONDITIONS
from vndocsign.cli.verify_cmd import _exit_code

PAGE = Path(__file__).resolve().parents[2] / "docs" / "cli.md"


def _run(args: list[str], capsys: pytest.CaptureFixture[str]) -> tuple[int, str, str]:
    code = main(args)
    out, err = capsys.readouterr()
    return code, out, err


@pytest.fixture
def not_pdf(tmp_path: Path) -> Path:
    path = tmp_path / "notes.pdf"
    path.write_text("not a PDF at all\n", encoding="utf-8")
    return path


def test_condition_table_on_the_page_matches_the_code() -> None:
    text = PAGE.read_text(encoding="utf-8")
    table = text.partition("| Condition | Code |")[2].partition("\n\n")[0]
    rows = dict(re.findall(r"^\| (.+?) \| (\d+) \|$", table, re.M))
    assert {k: int(v) for k, v in rows.items()} == CONDITIONS
    assert set(CONDITIONS.values()) <= {
        v for k, v in vars(_common).items() if k.startswith("EXIT_")
    }


MISSING = [
    ["inspect", "{missing}"],
    ["place", "{missing}", "--role", "personal"],
    ["verify", "{missing}"],
    ["sign", "{missing}", "-o", "{tmp}/out.pdf", "--role", "personal", "--p12", "x.p12"],
    ["edxml", "validate", "{missing}"],
    ["edxml", "unpack", "{missing}", "-d", "{tmp}"],
    ["policy", "decide", "{missing}", "--profile", "vn-national"],
    ["report", "quarterly", "{missing}", "--quarter", "2024Q3"],
    ["trust", "import", "{missing}", "--trust-dir", "{tmp}/store"],
]


@pytest.mark.parametrize("argv", MISSING, ids=lambda a: " ".join(a[:2]))
def test_missing_input_file_is_3_everywhere(
    argv: list[str], tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    missing = tmp_path / "no-such-file.pdf"
    args = [a.format(missing=missing, tmp=tmp_path) for a in argv]
    code, _out, err = _run(args, capsys)
    assert code == CONDITIONS["missing input file"] == 3, err
    assert "Không tìm thấy tệp" in err and "File not found" in err


@pytest.mark.parametrize(
    "argv",
    [
        ["inspect", "{pdf}"],
        ["place", "{pdf}", "--role", "personal"],
        ["verify", "{pdf}"],
    ],
    ids=lambda a: a[0],
)
def test_not_a_pdf_is_3_everywhere(
    argv: list[str], not_pdf: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    code, _out, _err = _run([a.format(pdf=not_pdf) for a in argv], capsys)
    assert code == CONDITIONS["not a PDF file"] == 3


def test_folder_instead_of_file(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    code, _out, err = _run(["inspect", str(tmp_path)], capsys)
    assert code == CONDITIONS["input is a folder where a file is expected"]
    assert "thư mục" in err


@pytest.mark.parametrize(
    "argv",
    [
        ["verify", "{pdf}", "--html", "{nowhere}/r.html"],
        ["verify", "{pdf}", "--etsi", "{nowhere}/r.xml"],
        [
            "edxml",
            "pack",
            "--document",
            "{pdf}",
            "--from",
            "A",
            "--to",
            "B",
            "-o",
            "{nowhere}/e.edxml",
        ],
        [
            "policy",
            "decide",
            "--profile",
            "vn-national",
            "--type",
            "TTr",
            "--log",
            "{nowhere}/l.jsonl",
            "--unit",
            "U",
        ],
        ["report", "quarterly", "{pdf}", "--quarter", "2024Q3", "--html", "{nowhere}/q.html"],
        ["sign", "{pdf}", "-o", "{nowhere}/s.pdf", "--role", "personal", "--p12", "k.p12"],
    ],
    ids=lambda a: " ".join(a[:2]),
)
def test_output_folder_missing_is_3_and_not_created(
    argv: list[str], not_pdf: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    nowhere = tmp_path / "no" / "such" / "dir"
    code, _out, err = _run([a.format(pdf=not_pdf, nowhere=nowhere) for a in argv], capsys)
    assert code == CONDITIONS["output folder does not exist"] == 3, err
    assert "không tồn tại" in err and "does not exist" in err
    assert not (tmp_path / "no").exists()


def test_unset_password_variable_is_named(
    not_pdf: Path,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> None:
    monkeypatch.delenv("HOUR_NO_SUCH_VAR", raising=False)
    code, _out, err = _run(["inspect", str(not_pdf), "--password-env", "HOUR_NO_SUCH_VAR"], capsys)
    assert code == CONDITIONS["password or PIN environment variable not set"] == 3
    assert "HOUR_NO_SUCH_VAR" in err and "chưa được đặt" in err and "is not set" in err
    assert "wrong password" not in err


def test_unset_p12_password_variable_is_named_not_wrong_password(
    vn_pki: VnTestPki,
    not_pdf: Path,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> None:
    p12 = tmp_path / "k.p12"
    p12.write_bytes(vn_pki.p12_bytes(PERSONAL, P12_PASSWORD))
    monkeypatch.delenv("HOUR_P12_VAR", raising=False)
    code, _out, err = _run(
        [
            "sign",
            str(not_pdf),
            "-o",
            str(tmp_path / "o.pdf"),
            "--role",
            "personal",
            "--p12",
            str(p12),
            "--password-env",
            "HOUR_P12_VAR",
        ],
        capsys,
    )
    assert code == 3
    assert "HOUR_P12_VAR" in err and "is not set" in err, err


def test_password_on_the_command_line_is_refused(
    not_pdf: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    for cmd in (["inspect"], ["place", "--role", "personal"]):
        code, _out, err = _run([*cmd, str(not_pdf), "--password", "hunter2"], capsys)
        assert code == CONDITIONS["password given on the command line"] == 64
        assert "--password-env" in err and "biến môi trường" in err


@pytest.mark.parametrize(
    ("argv", "condition"),
    [
        (["no-such-command"], "unknown command or option"),
        (["verify", "--no-such-option", "x.pdf"], "unknown command or option"),
        (["inspect"], "missing argument or required option"),
        (["sign", "x.pdf"], "missing argument or required option"),
        (
            ["verify", "x.pdf", "--workers", "0"],
            "value out of range (--workers 0, --time-limit 0)",
        ),
        (
            ["verify", "x.pdf", "--workers", "-3"],
            "value out of range (--workers 0, --time-limit 0)",
        ),
        (
            ["verify", "x.pdf", "--time-limit", "0"],
            "value out of range (--workers 0, --time-limit 0)",
        ),
        (
            ["verify", "x.pdf", "--workers", "many"],
            "value of the wrong type or not one of the choices",
        ),
        (
            ["place", "x.pdf", "--role", "king"],
            "value of the wrong type or not one of the choices",
        ),
    ],
)
def test_usage_and_values(
    argv: list[str], condition: str, capsys: pytest.CaptureFixture[str]
) -> None:
    code, _out, err = _run(argv, capsys)
    assert code == CONDITIONS[condition], err


def test_usage_errors_are_bilingual(capsys: pytest.CaptureFixture[str]) -> None:
    code, _out, err = _run(["verify", "--no-such-option", "x.pdf"], capsys)
    assert code == 64
    assert "Lỗi cách dùng: không có tùy chọn --no-such-option" in err
    assert "Usage error: No such option" in err
    code, out, err = _run(["inspect", "--json"], capsys)
    assert code == 64 and "thiếu tham số" in err
    assert json.loads(out)["code"] == "cli.usage"


def test_verify_outcome_precedence() -> None:
    def counts(**kw: int) -> dict[str, int]:
        return {"passed": 0, "failed": 0, "indeterminate": 0, "error": 0, **kw}

    assert _exit_code(counts(passed=3)) == CONDITIONS["verification: every file TOTAL_PASSED"]
    assert (
        _exit_code(counts(failed=1, error=1, indeterminate=1))
        == CONDITIONS["verification: a file TOTAL_FAILED"]
    )
    assert (
        _exit_code(counts(error=1, indeterminate=1, passed=1))
        == CONDITIONS["verification: no failure, a file not a PDF (or not evaluated)"]
    )
    assert (
        _exit_code(counts(indeterminate=1, passed=1))
        == CONDITIONS["verification: otherwise INDETERMINATE"]
    )


def test_internal_error_is_70(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    from vndocsign.cli import inspect_cmd

    def boom(*_a: object, **_k: object) -> None:
        raise RuntimeError("boom")

    monkeypatch.setattr(inspect_cmd, "inspect_document", boom)
    code, _out, err = _run(["inspect", __file__], capsys)
    assert code == CONDITIONS["internal error"] == 70 and "Lỗi nội bộ" in err


def test_every_command_help_is_bilingual() -> None:
    import click

    from vndocsign.cli import cli

    def walk(cmd: click.Command, path: str) -> None:
        # the group's help is a Vietnamese line, then an English paragraph
        first = (cmd.help or "").strip().splitlines()[0] if path != "vndocsign" else " / ký"
        assert " / " in first and re.search(
            r"[àáạảãâầấậẩẫăằắặẳẵđèéẹẻẽêềếệểễìíịỉĩòóọỏõôồốộổỗơờớợởỡùúụủũưừứựửữỳýỵỷỹ]", first.lower()
        ), (path, first)
        if isinstance(cmd, click.Group):
            for name, sub in cmd.commands.items():
                walk(sub, f"{path} {name}")

    walk(cli, "vndocsign")
