"""``vndocsign batch``: summary, JSON Lines, option checks, and a job killed and resumed."""

from __future__ import annotations

import collections
import json
import os
import signal
import subprocess
import sys
import time
from pathlib import Path
from typing import Any

import pytest

from vndocsign.batch import read_manifest
from vndocsign.cli.batch_cmd import main

from .helpers import write_folder
from .test_local import single_machine

SRC = Path(__file__).resolve().parents[2] / "src"


def test_verify_prints_a_summary_and_exits_by_the_worst_verdict(
    tmp_path: Path, documents: dict[str, bytes], root_der: bytes, capsys: pytest.CaptureFixture[str]
) -> None:
    folder = write_folder(tmp_path / "in", documents)
    (tmp_path / "root.der").write_bytes(root_der)
    code = main(
        [
            "verify",
            str(folder),
            "--trust-root",
            str(tmp_path / "root.der"),
            "--offline",
            "--workers",
            "2",
        ]
    )
    out = capsys.readouterr().out
    assert code == 1  # one TOTAL_FAILED file
    assert "passed 2" in out and "failed 1" in out and "indeterminate 1" in out
    assert "errors 0" in out


def test_json_lines_then_the_summary(
    tmp_path: Path, documents: dict[str, bytes], root_der: bytes, capsys: pytest.CaptureFixture[str]
) -> None:
    folder = write_folder(tmp_path / "in", {"a.pdf": documents["cong-van-blt.pdf"]})
    (tmp_path / "root.der").write_bytes(root_der)
    code = main(
        [
            "verify",
            str(folder),
            "--trust-root",
            str(tmp_path / "root.der"),
            "--offline",
            "--workers",
            "1",
            "--json",
        ]
    )
    lines = [json.loads(line) for line in capsys.readouterr().out.splitlines()]
    assert code == 0
    assert lines[0]["verdict"] == "TOTAL_PASSED" and lines[0]["outcome"] == "passed"
    assert lines[-1]["summary"]["passed"] == 1


@pytest.mark.parametrize(
    "args",
    [
        ["--workers", "0"],
        ["--workers", "-1"],
        ["--time-limit", "0"],
        ["--time-limit", "-3"],
        ["--time-limit", "nan"],
    ],
)
def test_numeric_options_give_exit_3(
    tmp_path: Path, documents: dict[str, bytes], args: list[str], capsys: pytest.CaptureFixture[str]
) -> None:
    folder = write_folder(tmp_path / "in", {"a.pdf": documents["hong.pdf"]})
    assert main(["verify", str(folder), *args]) == 3
    assert args[0] in capsys.readouterr().err


def test_sign_from_the_command_line(
    tmp_path: Path,
    p12: bytes,
    documents: dict[str, bytes],
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> None:
    from vndocsign.samples import sample_pdf

    folder = write_folder(
        tmp_path / "in", {"a.pdf": sample_pdf("cong-van"), "b.pdf": documents["hong.pdf"]}
    )
    (tmp_path / "key.p12").write_bytes(p12)
    monkeypatch.setenv("VNDOCSIGN_P12_PASSWORD", "mat-khau-thu-nghiem")
    code = main(
        [
            "sign",
            str(folder),
            "-o",
            str(tmp_path / "out"),
            "--p12",
            str(tmp_path / "key.p12"),
            "--role",
            "personal",
            "--workers",
            "1",
            "--manifest",
            str(tmp_path / "job.jsonl"),
        ]
    )
    captured = capsys.readouterr()
    assert code == 1  # b.pdf is an error record
    assert "done 1" in captured.out and "errors 1" in captured.out
    assert "b.pdf: signing." in captured.err
    assert (tmp_path / "out" / "a.pdf").is_file()
    assert [r.outcome.value for r in read_manifest(tmp_path / "job.jsonl")].count("done") == 1


def _cli(*args: str) -> list[str]:
    return [sys.executable, "-m", "vndocsign.cli.batch_cmd", *args]


def _lines(path: Path) -> int:
    return path.read_bytes().count(b"\n") if path.exists() else 0


def test_a_job_killed_halfway_resumes_on_the_cluster_exactly_once(
    tmp_path: Path, documents: dict[str, bytes], root_der: bytes, dask_client: Any
) -> None:
    """SIGKILL the whole job (process group) after a few records; rerun it on Dask."""
    files = {f"{i}-{name}": data for i in range(3) for name, data in documents.items()}
    folder = write_folder(tmp_path / "in", files)
    (tmp_path / "root.der").write_bytes(root_der)
    manifest = tmp_path / "job.jsonl"
    common = [
        "verify",
        str(folder),
        "--trust-root",
        str(tmp_path / "root.der"),
        "--offline",
        "--manifest",
        str(manifest),
    ]
    env = {
        **os.environ,
        "PYTHONPATH": os.pathsep.join([str(SRC), os.environ.get("PYTHONPATH", "")]),
    }
    proc = subprocess.Popen(
        _cli(*common, "--workers", "1"),
        env=env,
        start_new_session=True,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    deadline = time.monotonic() + 240
    while _lines(manifest) < 3 and time.monotonic() < deadline and proc.poll() is None:
        time.sleep(0.02)
    os.killpg(proc.pid, signal.SIGKILL)
    proc.wait(30)
    killed_at = len(read_manifest(manifest))
    assert 3 <= killed_at < len(files), "the job was not stopped halfway"

    resumed = subprocess.run(
        _cli(*common, "--dask-scheduler", dask_client.scheduler.address, "--json"),
        env=env,
        capture_output=True,
        text=True,
        timeout=600,
        check=False,
    )
    assert resumed.returncode == 1, resumed.stderr[-2000:]
    records = [json.loads(line) for line in resumed.stdout.splitlines()]
    assert records[-1]["summary"]["total"] == len(files)
    assert records[-1]["summary"]["skipped"] == killed_at
    assert len(records) - 1 == len(files) - killed_at

    job = read_manifest(manifest)
    counts = collections.Counter(r.source for r in job)
    assert sorted(counts) == sorted(str(folder / name) for name in files)
    assert set(counts.values()) == {1}
    expected = single_machine(documents, root_der)
    assert {Path(r.source).name: r.verdict for r in job} == {
        name: expected[name.split("-", 1)[1]] for name in files
    }


def test_a_progress_line_on_a_terminal(
    tmp_path: Path, documents: dict[str, bytes], root_der: bytes
) -> None:
    import pty

    folder = write_folder(tmp_path / "in", {k: v for k, v in documents.items() if "blt" in k})
    (tmp_path / "root.der").write_bytes(root_der)
    env = {
        **os.environ,
        "PYTHONPATH": os.pathsep.join([str(SRC), os.environ.get("PYTHONPATH", "")]),
    }
    leader, follower = pty.openpty()
    proc = subprocess.run(
        _cli(
            "verify",
            str(folder),
            "--trust-root",
            str(tmp_path / "root.der"),
            "--offline",
            "--workers",
            "1",
        ),
        env=env,
        stderr=follower,
        stdout=subprocess.PIPE,
        text=True,
        timeout=300,
        check=False,
    )
    os.close(follower)
    screen = os.read(leader, 65536).decode("utf-8", "replace")
    os.close(leader)
    assert proc.returncode == 0
    assert "[1/2] passed 1" in screen and "[2/2] passed 2" in screen
    assert "passed 2" in proc.stdout
