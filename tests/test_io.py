"""``vndocsign._io``: atomic writes keep the user's umask; a missing folder is a typed error."""

from __future__ import annotations

import os
import stat
from collections.abc import Iterator
from pathlib import Path

import pytest

from vndocsign._io import (
    InputPathError,
    OutputPathError,
    atomic_output,
    check_input_file,
    check_output_folder,
    write_atomic,
)


@pytest.fixture
def umask() -> Iterator[None]:
    old = os.umask(0o022)
    os.umask(old)
    yield
    os.umask(old)


@pytest.mark.parametrize(("mask", "mode"), [(0o022, 0o644), (0o077, 0o600), (0o002, 0o664)])
def test_written_files_follow_the_umask(tmp_path: Path, umask: None, mask: int, mode: int) -> None:
    os.umask(mask)
    target = write_atomic(tmp_path / "a.pdf", b"%PDF-1.7\n")
    assert stat.S_IMODE(target.stat().st_mode) == mode
    with atomic_output(tmp_path / "b.pdf", make_parents=False) as handle:
        handle.write(b"x")
    assert stat.S_IMODE((tmp_path / "b.pdf").stat().st_mode) == mode


def test_no_folder_is_created_unless_asked(tmp_path: Path) -> None:
    with pytest.raises(OutputPathError) as err:
        write_atomic(tmp_path / "no" / "x.pdf", b"x", make_parents=False)
    assert err.value.code == "output.not_writable"
    assert not (tmp_path / "no").exists()
    with pytest.raises(OutputPathError):
        check_output_folder(tmp_path / "no" / "x.pdf")
    assert check_output_folder(tmp_path / "x.pdf") == tmp_path / "x.pdf"


def test_failed_write_leaves_nothing(tmp_path: Path) -> None:
    target = tmp_path / "x.pdf"
    target.write_bytes(b"original")

    def interrupted() -> None:
        with atomic_output(target) as handle:
            handle.write(b"half")
            raise RuntimeError("interrupted")

    with pytest.raises(RuntimeError):
        interrupted()
    assert target.read_bytes() == b"original"
    assert [p.name for p in tmp_path.iterdir()] == ["x.pdf"]


def test_input_checks(tmp_path: Path) -> None:
    with pytest.raises(InputPathError) as err:
        check_input_file(tmp_path / "missing.pdf")
    assert "Không tìm thấy tệp" in str(err.value) and err.value.code == "input.not_found"
    with pytest.raises(InputPathError, match="folder"):
        check_input_file(tmp_path)


def test_stale_parts_of_the_same_output_are_removed(tmp_path: Path) -> None:
    """A killed run's ``.part`` (dead PID, or no PID and old) goes; a live writer's, another
    output's and any other file stay."""
    import subprocess
    import sys
    import time

    from vndocsign._io import STALE_AFTER, remove_stale_parts

    done = subprocess.run([sys.executable, "-c", "import os; print(os.getpid())"], check=True,
                          capture_output=True, text=True)  # fmt: skip
    dead = int(done.stdout)
    files = {
        "dead": tmp_path / f".out.pdf.{dead}.abcd1234.part",
        "old": tmp_path / ".out.pdf.k2j4_x9q.part",
        "young": tmp_path / ".out.pdf.zz99aa11.part",
        "live": tmp_path / f".out.pdf.{os.getppid()}.qwer5678.part",
        "mine": tmp_path / f".out.pdf.{os.getpid()}.asdf0000.part",
        "other": tmp_path / f".other.pdf.{dead}.abcd1234.part",
        "user": tmp_path / ".out.pdf.notes.part",
    }
    for path in files.values():
        path.write_bytes(b"partial")
    old = time.time() - STALE_AFTER - 5
    os.utime(files["old"], (old, old))
    removed = remove_stale_parts(tmp_path / "out.pdf")
    assert sorted(removed) == sorted([files["dead"], files["old"]])
    assert {k for k, p in files.items() if p.exists()} == {"young", "live", "mine", "other", "user"}
    write_atomic(tmp_path / "other.pdf", b"x")  # a write cleans up for its own output
    assert not files["other"].exists()
    assert (tmp_path / "other.pdf").read_bytes() == b"x"
    assert [p.name for p in tmp_path.glob(".other.pdf.*")] == []


def test_sigterm_inside_terminate_cleanly_removes_the_part(tmp_path: Path) -> None:
    import signal

    from vndocsign._io import Terminated, terminate_cleanly

    before = signal.getsignal(signal.SIGTERM)

    def write_and_be_terminated() -> None:
        with terminate_cleanly(), atomic_output(tmp_path / "out.pdf") as handle:
            handle.write(b"half")
            assert list(tmp_path.glob(".out.pdf.*.part"))
            os.kill(os.getpid(), signal.SIGTERM)

    with pytest.raises(Terminated):
        write_and_be_terminated()
    assert list(tmp_path.iterdir()) == []
    assert signal.getsignal(signal.SIGTERM) == before


def test_a_forked_child_dies_of_sigterm_as_usual() -> None:
    """Worker processes forked inside :func:`terminate_cleanly` inherit the handler; they must
    still die of SIGTERM (no ``Terminated`` traceback from multiprocessing)."""
    import signal

    from vndocsign._io import terminate_cleanly

    ready, say_ready = os.pipe()
    with terminate_cleanly():
        pid = os.fork()
        if pid == 0:  # the child: say it runs, then wait to be terminated
            try:
                signal.alarm(60)  # never hang the suite: SIGALRM would fail the assertion
                os.write(say_ready, b"r")
                while True:
                    signal.pause()
            finally:
                os._exit(7)  # reached only if SIGTERM did not kill the process
        # A signal that lands while the child is still inside fork() is dropped by Python's
        # after-fork reset: send it once the child has said it runs.
        assert os.read(ready, 1) == b"r"
        os.kill(pid, signal.SIGTERM)
        _pid, status = os.waitpid(pid, 0)
    os.close(ready)
    os.close(say_ready)
    assert os.WIFSIGNALED(status) and os.WTERMSIG(status) == signal.SIGTERM, status
