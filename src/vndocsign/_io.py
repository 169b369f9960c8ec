"""Atomic output: a file either appears complete or not at all.

Signing, issuing, packing edXML and writing reports all go through :func:`write_atomic` /
:func:`atomic_output`, so an interrupted run (a wrong PIN, an unreachable TSA, Ctrl-C) never
leaves a half-written file and never touches the input, even when the output path equals the
input path. The new file gets the usual permissions (``0666 & ~umask``), not the 0600 of a
temporary file. A folder that does not exist is an input error (:class:`OutputPathError`)
unless the caller asks for it to be created (``make_parents=True``, e.g. an output folder the
program itself owns).

Temporary files are named ``.<output name>.<pid>.<random>.part`` in the output's folder. A run
killed outright (SIGKILL, a power cut) cannot remove its own, so every write first removes the
stale ones *of the same output* (:func:`remove_stale_parts`); SIGTERM is turned into a clean
exit by the command line (:func:`terminate_cleanly`), so the ``except``/``finally`` blocks
below run and remove the file.
"""

from __future__ import annotations

import contextlib
import os
import re
import signal
import tempfile
import threading
import time
from collections.abc import Iterator
from pathlib import Path
from types import FrameType
from typing import IO

from vndocsign.errors import VndocsignError

__all__ = [
    "InputPathError",
    "OutputPathError",
    "atomic_output",
    "check_input_file",
    "check_output_folder",
    "remove_stale_parts",
    "terminate_cleanly",
    "write_atomic",
]

#: A ``.part`` file whose writer cannot be identified (no PID in its name: written by an older
#: version) is stale once it has not been modified for this many seconds.
STALE_AFTER = 600.0


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
    remove_stale_parts(target)
    try:
        fd, name = tempfile.mkstemp(
            prefix=f".{target.name}.{os.getpid()}.", suffix=".part", dir=folder
        )
    except OSError as exc:
        raise _refuse(target, exc.strerror or str(exc), exc.strerror or str(exc)) from None
    return fd, Path(name)


def remove_stale_parts(path: str | os.PathLike[str], *, now: float | None = None) -> list[Path]:
    """Remove the temporary files a killed run left for the output ``path``; return them.

    Only files named like ours *for this exact output* are candidates:
    ``.<name>.<pid>.<8 random characters>.part`` (and ``.<name>.<random>.part``, the name
    before the PID was added) next to ``path``. One with a PID is removed when no process
    with that PID exists (``os.kill(pid, 0)``: a process of another user counts as alive);
    one without a PID when it has not been modified for :data:`STALE_AFTER` seconds. Files of
    a run still writing the same output are therefore left alone, and nothing else in the
    folder is ever touched. (A PID is only meaningful on this machine: on a folder shared
    between hosts, a live writer elsewhere could be taken for a dead one; write outputs of
    different hosts under different names.) Errors (a file already gone, no permission) are
    ignored: the cleanup never stops the write.
    """
    target = Path(path)
    pattern = re.compile(rf"^\.{re.escape(target.name)}\.(?:(\d+)\.)?[A-Za-z0-9_]{{8}}\.part$")
    removed: list[Path] = []
    moment = time.time() if now is None else now
    try:
        entries = list(os.scandir(target.parent))
    except OSError:
        return removed
    for entry in entries:
        match = pattern.match(entry.name)
        if match is None or not entry.is_file(follow_symlinks=False):
            continue
        pid = int(match.group(1)) if match.group(1) else None
        try:
            stale = (
                not _alive(pid) if pid is not None else moment - entry.stat().st_mtime > STALE_AFTER
            )
            if stale:
                os.unlink(entry.path)
                removed.append(Path(entry.path))
        except OSError:
            continue
    return removed


def _alive(pid: int) -> bool:
    if pid == os.getpid():
        return True  # our own (another write in this process: a thread, a nested call)
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except (PermissionError, OverflowError, ValueError):
        return True  # exists under another user, or not a PID we can judge: keep the file
    return True


class Terminated(BaseException):
    """Raised in the main thread by SIGTERM while :func:`terminate_cleanly` is active, so
    that ``finally`` blocks (removing ``.part`` files) run; a ``BaseException`` like
    ``KeyboardInterrupt``, so that ``except Exception`` does not swallow it."""


@contextlib.contextmanager
def terminate_cleanly(received: threading.Event | None = None) -> Iterator[None]:
    """Within the block, SIGTERM raises :class:`Terminated` instead of killing the process at
    once, so temporary files are removed as for Ctrl-C; the previous handler is restored after.
    Outside the main thread (where Python cannot install handlers) it does nothing. A worker
    process forked meanwhile (``verify``, ``batch``) inherits the handler but dies of SIGTERM
    as it would without it.

    ``received`` is set when the signal arrives: a library may turn the :class:`Terminated`
    into another error on its way up (asyncio stops its loop and raises ``RuntimeError``; an
    ``import`` under way fails), and the caller still knows that the run was stopped."""
    if threading.current_thread() is not threading.main_thread():
        yield
        return

    owner = os.getpid()

    def raise_terminated(signum: int, _frame: FrameType | None) -> None:
        if os.getpid() != owner:  # a forked worker inherited the handler: die as usual,
            signal.signal(signal.SIGTERM, signal.SIG_DFL)  # without a traceback
            os.kill(os.getpid(), signal.SIGTERM)
            return
        if received is not None:
            received.set()
        raise Terminated(signum)

    previous = signal.signal(signal.SIGTERM, raise_terminated)
    try:
        yield
    finally:
        signal.signal(signal.SIGTERM, previous)


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
