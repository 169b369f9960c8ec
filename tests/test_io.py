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
