"""The per-file time limit, enforced from outside wherever the task runs.

:func:`run_supervised` is what an executor runs (a local pool process or a Dask worker): it
hands the task to a long-lived child interpreter (:mod:`vndocsign.batch._child`, one per
worker thread, started and READY before a file's clock starts), waits at most
``task.time_limit`` seconds, and on overrun kills the child and
answers with a ``batch.time_limit`` error record. The next task starts a fresh child.
"""

from __future__ import annotations

import contextlib
import os
import pickle
import select
import struct
import subprocess
import sys
import threading
import time
from pathlib import Path
from typing import Any

from vndocsign.batch._child import READY, write_frame
from vndocsign.batch._records import ErrorInfo, Task, TaskReply, error_result

__all__ = ["run_supervised", "stop_child"]

_LOCAL = threading.local()
_HEADER = struct.Struct("!Q")


def _child_env() -> dict[str, str]:
    env = dict(os.environ)
    src = str(Path(__file__).resolve().parents[2])  # the folder holding ``vndocsign``
    env["PYTHONPATH"] = os.pathsep.join(p for p in (src, env.get("PYTHONPATH", "")) if p)
    return env


def _start() -> subprocess.Popen[bytes]:
    return subprocess.Popen(
        [sys.executable, "-m", "vndocsign.batch._child"],
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        stderr=subprocess.DEVNULL,
        env=_child_env(),
        close_fds=True,
    )


def stop_child() -> None:
    """Kill this thread's child (after a time-out, or when a worker shuts down)."""
    proc: subprocess.Popen[bytes] | None = getattr(_LOCAL, "proc", None)
    _LOCAL.proc = None
    if proc is None:
        return
    with contextlib.suppress(OSError):
        proc.kill()
    with contextlib.suppress(subprocess.TimeoutExpired):
        proc.wait(5)


#: how long a new child may take to import and say READY (a loaded machine is slow)
_START_LIMIT = 300.0


def _child() -> subprocess.Popen[bytes] | None:
    """This thread's child, started (and READY) if needed; None if it could not start."""
    proc: subprocess.Popen[bytes] | None = getattr(_LOCAL, "proc", None)
    if proc is not None and proc.poll() is None:
        return proc
    proc = _LOCAL.proc = _start()
    assert proc.stdout is not None
    fd, deadline = proc.stdout.fileno(), time.monotonic() + _START_LIMIT
    header = _read_until(fd, _HEADER.size, deadline)
    payload = None if header is None else _read_until(fd, _HEADER.unpack(header)[0], deadline)
    if payload is None or pickle.loads(payload) != READY:  # noqa: S301 - our own child
        stop_child()
        return None
    return proc


def _read_until(fd: int, size: int, deadline: float) -> bytes | None:
    """``size`` bytes from ``fd`` before ``deadline``; None on time-out or end of file."""
    buf = bytearray()
    while len(buf) < size:
        left = deadline - time.monotonic()
        if left <= 0:
            return None
        ready, _w, _x = select.select([fd], [], [], left)
        if not ready:
            return None
        chunk = os.read(fd, min(size - len(buf), 1 << 20))
        if not chunk:
            return None
        buf += chunk
    return bytes(buf)


def _timeout(task: Task, elapsed: float) -> TaskReply:
    limit = f"{task.time_limit:g}"
    return TaskReply(
        error_result(
            task,
            ErrorInfo(
                "batch.time_limit",
                f"Not finished within {limit} s; the worker was stopped",
                f"Quá thời gian cho phép ({limit} giây), đã dừng xử lý tệp",
            ),
            elapsed,
        )
    )


def _died(task: Task, elapsed: float, code: Any) -> TaskReply:
    return TaskReply(
        error_result(
            task,
            ErrorInfo(
                "batch.worker_died",
                f"The worker process ended without an answer (exit {code})",
                "Tiến trình xử lý kết thúc mà không trả kết quả",
            ),
            elapsed,
        )
    )


def run_supervised(task: Task) -> TaskReply:
    """Run ``task`` in this thread's child, killed after ``task.time_limit`` seconds."""
    proc = _child()
    started = time.monotonic()  # after the child is ready: the limit is the file's alone
    if proc is None:
        return _died(task, 0.0, "no start")
    assert proc.stdin is not None and proc.stdout is not None
    try:
        write_frame(proc.stdin, task)
    except OSError:
        stop_child()
        return _died(task, time.monotonic() - started, proc.poll())
    deadline = started + task.time_limit
    fd = proc.stdout.fileno()
    header = _read_until(fd, _HEADER.size, deadline)
    payload = None if header is None else _read_until(fd, _HEADER.unpack(header)[0], deadline)
    if payload is None:
        alive = proc.poll() is None
        stop_child()
        elapsed = time.monotonic() - started
        return _timeout(task, elapsed) if alive else _died(task, elapsed, proc.returncode)
    reply = pickle.loads(payload)  # noqa: S301 - from our own child, over our own pipe
    return reply if isinstance(reply, TaskReply) else _died(task, 0.0, "bad frame")
