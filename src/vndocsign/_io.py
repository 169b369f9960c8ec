"""Atomic output: a file either appears complete or not at all.

Signing, issuing, packing edXML and writing reports all go through :func:`write_atomic` /
:func:`atomic_output`, so an interrupted run (a wrong PIN, an unreachable TSA, Ctrl-C) never
leaves a half-written file and never touches the input, even when the output path equals the
input path. The new file gets the usual permissions (``0666 & ~umask``), not the 0600 of a
temporary file. A folder that does not exist is an input error (:class:`OutputPathError`)
unless the caller asks for it to be created (``make_parents=True``, e.g. an output folder the
program itself owns).
"""

from __future__ import annotations

import contextlib
import os
import tempfile
from collections.abc import Iterator
from pathlib import Path
from typing import IO

from vndocsign.errors import VndocsignError

__all__ = [
    "InputPathError",
    "OutputPathError",
    "atomic_output",
    "check_input_file",
    "check_output_folder",
    "write_atomic",
]


class OutputPathError(VndocsignError):
    """The output path cannot be written (no such folder, no permission, not a folder)."""

    code = "output.not_writable"


class InputPathError(VndocsignError):
    """An input file named on the command line or in a call does not exist or is a folder."""

    code = "input.not_found"


def check_input_file(path: str | os.PathLike[str]) -> Path:
    """``path`` as a :class:`~pathlib.Path` if it names an existing file, else
    :class:`InputPathError` (the same error, and exit code, in every command)."""
    target = Path(path)
    if target.is_dir():
        raise InputPathError(
            f"{target} is a folder, not a file",
            f"{target} là thư mục, không phải tệp",
            path=str(target),
        )
    if not target.exists():
        raise InputPathError(
            f"File not found: {target}", f"Không tìm thấy tệp: {target}", path=str(target)
        )
    return target


def check_output_folder(path: str | os.PathLike[str]) -> Path:
    """Refuse, before any work is done, an output path whose folder does not exist.

    Commands call this on ``-o``/``--html``/``--log``... so that a typing mistake in the folder
    is reported at once and never creates a folder tree the user did not ask for.
    """
    target = Path(path)
    folder = target.parent
    if not folder.is_dir():
        raise _refuse(
            target, f"the folder {folder} does not exist", f"thư mục {folder} không tồn tại"
        )
    return target


def _refuse(target: Path, reason: str, reason_vi: str) -> OutputPathError:
    return OutputPathError(
        f"Cannot write {target}: {reason}",
        f"Không ghi được tệp {target}: {reason_vi}",
        path=str(target),
    )


def _temporary(target: Path, make_parents: bool) -> tuple[int, Path]:
    folder = target.parent
    if make_parents:
        try:
            folder.mkdir(parents=True, exist_ok=True)
        except OSError as exc:
            raise _refuse(target, exc.strerror or str(exc), exc.strerror or str(exc)) from None
    elif not folder.is_dir():
        raise _refuse(target, "the folder does not exist", "thư mục không tồn tại")
    try:
        fd, name = tempfile.mkstemp(prefix=f".{target.name}.", suffix=".part", dir=folder)
    except OSError as exc:
        raise _refuse(target, exc.strerror or str(exc), exc.strerror or str(exc)) from None
    return fd, Path(name)


@contextlib.contextmanager
def atomic_output(
    path: str | os.PathLike[str], *, make_parents: bool = True
) -> Iterator[IO[bytes]]:
    """Yield a readable, writable binary file in the target's folder; rename it over ``path``
    on success only (a failure or an interruption removes it)."""
    target = Path(path)
    fd, tmp = _temporary(target, make_parents)
    # mkstemp creates 0600; an output file should get the usual permissions (0666 & ~umask).
    umask = os.umask(0)
    os.umask(umask)
    try:
        os.chmod(tmp, 0o666 & ~umask)
        with os.fdopen(fd, "w+b") as handle:
            yield handle
            handle.flush()
            os.fsync(handle.fileno())
        os.replace(tmp, target)
    except BaseException:
        tmp.unlink(missing_ok=True)
        raise


def write_atomic(
    path: str | os.PathLike[str], data: bytes | str, *, make_parents: bool = True
) -> Path:
    """Write ``data`` (str is UTF-8 encoded) to ``path`` atomically and return the path."""
    payload = data.encode("utf-8") if isinstance(data, str) else data
    with atomic_output(path, make_parents=make_parents) as handle:
        handle.write(payload)
    return Path(path)
