"""Issue 14, item 11: SIGTERM during ``sign`` leaves no ``.part``; a killed run's is removed.

``sign --level B-T`` against a time-stamping server that accepts the connection and never
answers keeps the signed output open (as ``.<name>.<pid>.<random>.part``) while it waits: the
test sends SIGTERM then and expects exit 143 with the folder empty but for the input. A
``.part`` left by a dead process (SIGKILL) for the same output is removed by the next run.
"""

from __future__ import annotations

import os
import signal
import socket
import subprocess
import sys
import threading
import time
from collections.abc import Iterator
from pathlib import Path

import pytest

from tests.hostile._harness import SRC
from vndocsign.cli._common import CONDITIONS
from vndocsign.samples import sample_pdf


@pytest.fixture
def silent_tsa() -> Iterator[str]:
    """A TCP server on 127.0.0.1 that accepts connections and never answers."""
    server = socket.socket()
    server.bind(("127.0.0.1", 0))
    server.listen()
    held: list[socket.socket] = []
    stop = threading.Event()

    def accept() -> None:
        server.settimeout(0.2)
        while not stop.is_set():
            try:
                held.append(server.accept()[0])
            except OSError:
                continue

    thread = threading.Thread(target=accept, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.getsockname()[1]}/tsa"
    stop.set()
    thread.join(2)
    for conn in held:
        conn.close()
    server.close()


def _sign(folder: Path, p12: Path, tsa: str) -> subprocess.Popen[bytes]:
    env = {**os.environ, "PYTHONPATH": SRC, "VNDOCSIGN_P12_PASSWORD": _password()}
    args = ["sign", str(folder / "in.pdf"), "-o", str(folder / "out.pdf"), "--role",
            "personal", "--text-mode", "--p12", str(p12), "--level", "B-T", "--tsa", tsa,
            "--json"]  # fmt: skip
    return subprocess.Popen(
        [sys.executable, "-m", "vndocsign", *args],
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
    )


def _password() -> str:
    from tests.pki import P12_PASSWORD

    return P12_PASSWORD


def _parts(folder: Path) -> list[Path]:
    return sorted(folder.glob(".out.pdf.*.part"))


def test_sigterm_during_sign_removes_the_part(
    vn_pki: object, tmp_path: Path, silent_tsa: str
) -> None:
    from tests.pki import PERSONAL

    (tmp_path / "in.pdf").write_bytes(sample_pdf("cong-van"))
    p12 = tmp_path / "k.p12"
    p12.write_bytes(vn_pki.p12_bytes(PERSONAL, _password()))  # type: ignore[attr-defined]
    child = _sign(tmp_path, p12, silent_tsa)
    try:
        deadline = time.monotonic() + 60
        while not _parts(tmp_path) and child.poll() is None and time.monotonic() < deadline:
            time.sleep(0.05)
        assert _parts(tmp_path), f"no .part appeared: {child.poll()} {child.stderr}"
        time.sleep(0.3)  # well inside the wait for the time stamp
        child.send_signal(signal.SIGTERM)
        _out, err = child.communicate(timeout=30)
    finally:
        if child.poll() is None:
            child.kill()
            child.wait()
    assert child.returncode == CONDITIONS["stopped by SIGTERM (temporary files removed)"], err
    assert b"Traceback" not in err and b"SIGTERM" in err
    assert sorted(p.name for p in tmp_path.iterdir()) == ["in.pdf", "k.p12"]


def test_a_killed_runs_part_is_removed_by_the_next(tmp_path: Path) -> None:
    """SIGKILL cannot be caught: the ``.part`` stays, and the next write of the same output
    removes it (its PID is dead); a concurrent live writer's is kept."""
    from tests.hostile._harness import run_cli

    (tmp_path / "in.pdf").write_bytes(sample_pdf("cong-van"))
    done = subprocess.run([sys.executable, "-c", "import os; print(os.getpid())"],
                          check=True, capture_output=True, text=True)  # fmt: skip
    stale = tmp_path / f".out.pdf.{done.stdout.strip()}.x1y2z3w4.part"
    stale.write_bytes(b"%PDF-1.7 half a signed file")
    live = tmp_path / f".out.pdf.{os.getpid()}.a1b2c3d4.part"
    live.write_bytes(b"being written by a live process")
    # Any command writing out.pdf through vndocsign._io cleans up for it: the HTML report.
    run = run_cli(["verify", str(tmp_path / "in.pdf"), "--offline", "--html",
                   str(tmp_path / "out.pdf")])  # fmt: skip
    assert run.returncode in (0, 1, 2), run.describe()
    assert not stale.exists() and live.exists()
    assert (tmp_path / "out.pdf").read_bytes().lstrip().startswith(b"<!")


def test_sigterm_turned_into_another_error_still_exits_143(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    """A library may turn the :class:`Terminated` into another error on its way up (asyncio:
    ``RuntimeError('Event loop stopped before Future completed.')``, an import under way):
    the run was still stopped by SIGTERM, and says so with its exit code."""
    from vndocsign._io import Terminated
    from vndocsign.cli.main import cli, main

    def stopped_inside_a_library(*_args: object, **_kwargs: object) -> int:
        try:
            os.kill(os.getpid(), signal.SIGTERM)
            time.sleep(5)  # the handler raises before this ends
        except Terminated:
            raise RuntimeError("Event loop stopped before Future completed.") from None
        return 0

    monkeypatch.setattr(cli, "main", stopped_inside_a_library)
    code = main(["inspect", "x.pdf"])
    assert code == CONDITIONS["stopped by SIGTERM (temporary files removed)"] == 143
    assert "SIGTERM" in capsys.readouterr().err
    assert signal.getsignal(signal.SIGTERM) is signal.SIG_DFL  # the handler is restored
