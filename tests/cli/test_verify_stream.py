"""``vndocsign verify`` on several files: a line per file as it finishes, a summary, ``--json``
always a list, ``--jsonl`` one object per line; no progress bar when standard error is not a
terminal."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from vndocsign.cli import main
from vndocsign.samples import sample_pdf


@pytest.fixture
def inputs(tmp_path: Path) -> list[Path]:
    bad = tmp_path / "a-notes.pdf"
    bad.write_text("not a PDF\n", encoding="utf-8")
    unsigned = tmp_path / "b-unsigned.pdf"
    unsigned.write_bytes(sample_pdf())
    return [bad, unsigned]


def test_jsonl_streams_one_object_per_file_then_a_summary(
    inputs: list[Path], capsys: pytest.CaptureFixture[str]
) -> None:
    code = main(["verify", "--offline", "--jsonl", *map(str, inputs)])
    out, err = capsys.readouterr()
    lines = [json.loads(line) for line in out.splitlines()]
    assert len(lines) == 3
    by_file = {Path(d["file"]).name: d for d in lines[:2]}
    assert by_file["a-notes.pdf"]["outcome"] == "error"
    assert by_file["b-unsigned.pdf"]["outcome"] in {"indeterminate", "failed"}
    summary = lines[-1]["summary"]
    assert summary["total"] == 2 and summary["error"] == 1
    assert code in {1, 3}
    assert "Verifying" not in err  # not a terminal: no progress bar


def test_json_is_a_list_even_for_one_file(
    inputs: list[Path], capsys: pytest.CaptureFixture[str]
) -> None:
    code = main(["verify", "--offline", "--json", str(inputs[0])])
    data = json.loads(capsys.readouterr().out)
    assert isinstance(data, list) and len(data) == 1
    assert code == 3  # not a PDF: an input error, as in every command


def test_text_output_ends_with_a_summary(
    inputs: list[Path], capsys: pytest.CaptureFixture[str]
) -> None:
    main(["verify", "--offline", "--lang", "en", *map(str, inputs)])
    out = capsys.readouterr().out.splitlines()
    assert len(out) == 3
    assert out[0][0] in "✔✘?!" and out[1][0] in "✔✘?!"
    assert out[-1].startswith("2 files:") and "1 errors" in out[-1]


def test_json_and_jsonl_exclude_each_other(
    inputs: list[Path], capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["verify", "--json", "--jsonl", str(inputs[0])]) == 64
    assert "--jsonl" in capsys.readouterr().err
