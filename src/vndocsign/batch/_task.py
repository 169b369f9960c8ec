"""One file's work, start to end, as run inside the worker's child process.

Read the input (unless the coordinator shipped it), do the operation through the adapter
(:mod:`vndocsign.batch._work`), write the output atomically (or hand the bytes back), and turn
every failure into a typed error record: one bad file never stops a job.
"""

from __future__ import annotations

import time
from datetime import UTC, datetime

import attrs

from vndocsign.batch import _storage, _work
from vndocsign.batch._records import (
    BatchResult,
    ErrorInfo,
    ExtendOptions,
    Operation,
    Outcome,
    SignOptions,
    Task,
    TaskReply,
    VerifyOptions,
    error_result,
    outcome_of_verdict,
    worker_name,
)
from vndocsign.errors import VndocsignError

__all__ = ["run_task"]


def _error_info(exc: BaseException) -> ErrorInfo:
    if isinstance(exc, VndocsignError):
        code = exc.code if "." in exc.code else f"{exc.code}.failed"
        return ErrorInfo(code, exc.en[:500], exc.vi[:500])
    text = f"{type(exc).__name__}: {exc}"[:500]
    return ErrorInfo("batch.internal", f"Unexpected failure: {text}", f"Lỗi không mong đợi: {text}")


def _produce(task: Task, data: bytes, sha: str) -> tuple[bytes | None, BatchResult]:
    """The operation itself; returns (bytes to write at the target, partial record)."""
    base = BatchResult(
        operation=task.operation,
        source=task.source,
        outcome=Outcome.DONE,
        output=task.target,
        sha256=sha,
    )
    options = task.options
    if task.operation is Operation.VERIFY and isinstance(options, VerifyOptions):
        writes = task.target is not None and options.write_reports
        found = _work.verify_one(data, task.source, options, want_json=writes)
        result = attrs.evolve(
            base,
            outcome=outcome_of_verdict(found.verdict),
            verdict=found.verdict,
            sub_indication=found.sub_indication,
            status=found.status,
            report=found.report,
        )
        if not writes:
            return None, attrs.evolve(result, output=None)
        return found.report_json, result
    if task.operation is Operation.SIGN and isinstance(options, SignOptions):
        return _work.sign_one(data, options), base
    if task.operation is Operation.EXTEND and isinstance(options, ExtendOptions):
        return _work.extend_one(data, options), base
    raise VndocsignError(
        f"Options {type(options).__name__} do not fit {task.operation}",
        f"Tùy chọn không khớp thao tác {task.operation}",
    )


def run_task(task: Task) -> TaskReply:
    """Do ``task``; never raises (a failure becomes an ``error`` record)."""
    started, cpu = time.monotonic(), time.process_time()
    if task.error is not None:
        return TaskReply(error_result(task, task.error))
    sha: str | None = None
    try:
        data = task.data if task.data is not None else _storage.read_bytes(task.source)
        sha = _storage.sha256(data)
        payload, result = _produce(task, data, sha)
        out_sha = _storage.sha256(payload) if payload is not None else None
        if payload is not None and task.target is not None and not task.return_output:
            _storage.write_atomic(task.target, payload)
        result = attrs.evolve(
            result,
            output_sha256=out_sha,
            elapsed=time.monotonic() - started,
            cpu=time.process_time() - cpu,
            worker=worker_name(),
            finished_at=datetime.now(UTC),
        )
        return TaskReply(result, payload if task.return_output else None)
    except Exception as exc:
        return TaskReply(error_result(task, _error_info(exc), time.monotonic() - started, sha))
