"""Many files, several cores, and a hard per-file time limit.

A hostile PDF can send a parser into a loop no Python code can interrupt from inside, so the
time limit is enforced from outside: each file is verified in a forked worker process that is
killed when its time is up, and the file gets an INDETERMINATE report saying so.
"""

from __future__ import annotations

import asyncio
import contextlib
import multiprocessing as mp
import multiprocessing.connection
import os
import time
from collections.abc import Callable, Generator, Iterable, Sequence
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import attrs

from vndocsign.verification._engine import async_verify_pdf
from vndocsign.verification._policy import VerificationPolicy
from vndocsign.verification._report import Message, VerificationReport
from vndocsign.verification._states import (
    Indication,
    ModificationLevel,
    RevocationMode,
    Status,
    SubIndication,
)
from vndocsign.verification._trust import DEFAULT_PROFILE, TrustProfile

__all__ = ["expand_inputs", "verify_many", "verify_with_time_limit"]


def verify_pdf(pdf: Any, **kwargs: Any) -> VerificationReport:
    """Verify in this process (the worker side: the time limit is enforced by the parent)."""
    return asyncio.run(async_verify_pdf(pdf, **kwargs))


def _context() -> Any:
    methods = mp.get_all_start_methods()
    return mp.get_context("fork" if "fork" in methods else "spawn")


def _worker(conn: Any, pdf: Any, kwargs: dict[str, Any]) -> None:
    try:
        report = verify_pdf(pdf, **kwargs)
        conn.send(("ok", report))
    except BaseException as exc:
        conn.send(("error", f"{type(exc).__name__}: {exc}"))
    finally:
        conn.close()


def _timeout_report(
    name: str, limit: float, trust: TrustProfile | None, policy: VerificationPolicy
) -> VerificationReport:
    return VerificationReport(
        file=name,
        verdict=Indication.INDETERMINATE,
        sub_indication=SubIndication.GENERIC,
        status=Status.INDETERMINATE,
        signatures=(),
        messages=(
            Message.of(
                "time_limit",
                f"verification did not finish within {limit:g} s and was stopped",
                f"quá thời gian kiểm tra cho phép ({limit:g} giây), đã dừng",
                "error",
            ),
        ),
        modification=ModificationLevel.NOT_APPLICABLE,
        trust_profile=trust.name if trust else DEFAULT_PROFILE,
        policy=policy.algorithms.name,
        validated_at=datetime.now(UTC),
    )


def _start(pdf: Any, kwargs: dict[str, Any]) -> tuple[Any, Any]:
    ctx = _context()
    parent, child = ctx.Pipe(duplex=False)
    proc = ctx.Process(target=_worker, args=(child, pdf, kwargs), daemon=True)
    proc.start()
    child.close()
    return proc, parent


def _finish(
    proc: Any, conn: Any, name: str, limit: float, trust: Any, policy: Any
) -> VerificationReport:
    try:
        kind, payload = conn.recv()
    except EOFError:
        kind, payload = "error", "worker ended without a result"
    proc.join(1)
    if kind == "ok":
        return payload  # type: ignore[no-any-return]
    return attrs.evolve(
        _timeout_report(name, limit, trust, policy),
        verdict=Indication.TOTAL_FAILED,
        sub_indication=SubIndication.FORMAT_FAILURE,
        status=Status.FAILED,
        messages=(
            Message.of(
                "worker",
                f"the file could not be evaluated: {payload}"[:300],
                "không thể đánh giá tệp",
                "error",
            ),
        ),
    )


def verify_with_time_limit(
    pdf: Any,
    *,
    trust: TrustProfile | None,
    at: datetime | None,
    revocation: RevocationMode | str,
    policy: VerificationPolicy,
) -> VerificationReport:
    """:func:`verify_pdf` in a worker process killed after ``policy.time_limit`` seconds."""
    limit = float(policy.time_limit or 0)
    kwargs = {
        "trust": trust,
        "at": at,
        "revocation": revocation,
        "policy": attrs.evolve(policy, time_limit=None),
    }
    name = str(pdf) if isinstance(pdf, str | os.PathLike) else "<bytes>"
    proc, conn = _start(pdf, kwargs)
    if conn.poll(limit):
        return _finish(proc, conn, name, limit, trust, policy)
    proc.kill()
    proc.join(5)
    return _timeout_report(name, limit, trust, policy)


def expand_inputs(paths: Iterable[str | os.PathLike[str]]) -> list[Path]:
    """Files as given; folders expanded to the PDFs they contain (recursively, sorted)."""
    out: list[Path] = []
    for p in paths:
        path = Path(p)
        if path.is_dir():
            out.extend(
                sorted(q for q in path.rglob("*") if q.is_file() and q.suffix.lower() == ".pdf")
            )
        else:
            out.append(path)
    return out


def _serve(conn: Any, kwargs: dict[str, Any]) -> None:
    """Long-lived worker: verify every path received until ``None`` arrives."""
    while True:
        try:
            task = conn.recv()
        except EOFError:
            return
        if task is None:
            return
        index, path = task
        try:
            conn.send((index, "ok", verify_pdf(path, **kwargs)))
        except BaseException as exc:
            conn.send((index, "error", f"{type(exc).__name__}: {exc}"))


@attrs.define
class _Worker:
    proc: Any
    conn: Any
    task: int | None = None
    started: float = 0.0


def _spawn(kwargs: dict[str, Any]) -> _Worker:
    ctx = _context()
    parent, child = ctx.Pipe()
    proc = ctx.Process(target=_serve, args=(child, kwargs), daemon=True)
    proc.start()
    child.close()
    return _Worker(proc, parent)


def verify_many(
    paths: Sequence[str | os.PathLike[str]],
    *,
    trust: TrustProfile | None = None,
    at: datetime | None = None,
    revocation: RevocationMode | str = RevocationMode.EMBEDDED_THEN_ONLINE,
    policy: VerificationPolicy | None = None,
    workers: int | None = None,
    time_limit: float | None = None,
    progress: Callable[[int, int, VerificationReport], None] | None = None,
    executor: Any = None,
    manifest: str | os.PathLike[str] | None = None,
    ordered: bool = True,
) -> Generator[VerificationReport, None, None]:
    """Verify files in parallel worker processes (one per core), yielding full reports.

    Reports come in input order (``ordered=False``: as files finish, the fastest way to stream
    a large job); ``progress(done, total, report)`` is called as each file finishes, in either
    mode. Workers are long-lived (the import and trust set-up cost is paid once per worker); a
    file that exceeds ``time_limit`` (seconds, default 120) gets its worker killed and
    replaced, and an INDETERMINATE report — a hostile file never stalls the batch.

    ``executor`` runs the job on the batch engine (:func:`vndocsign.batch.batch_verify`): a
    ``dask.distributed.Client`` or a scheduler address (extra ``vndocsign[dask]``), a
    :class:`vndocsign.batch.LocalExecutor`, or any :class:`vndocsign.batch.Executor`; the
    time limit holds on remote workers too. The batch engine is also used with a ``manifest``
    (JSONL: a rerun skips — and does not yield — the files already recorded there) and for
    fsspec URLs (``memory://…``, ``s3://…``); folders are expanded there, duplicates dropped.
    """
    policy = policy or VerificationPolicy()
    trust = trust or TrustProfile.named(DEFAULT_PROFILE)
    limit = float(time_limit or policy.time_limit or 120.0)
    files = [os.fspath(p) for p in paths]
    if executor is not None or manifest is not None or any("://" in f for f in files):
        return _verify_on_batch_engine(
            files,
            trust=trust,
            at=at,
            revocation=revocation,
            policy=policy,
            limit=limit,
            progress=progress,
            run={"executor": executor, "workers": workers, "manifest": manifest},
            ordered=ordered,
        )
    return _verify_in_pool(files, trust, at, revocation, policy, workers, limit, progress, ordered)


def _verify_in_pool(
    files: list[str],
    trust: TrustProfile,
    at: datetime | None,
    revocation: RevocationMode | str,
    policy: VerificationPolicy,
    workers: int | None,
    limit: float,
    progress: Callable[[int, int, VerificationReport], None] | None,
    ordered: bool,
) -> Generator[VerificationReport, None, None]:
    """This machine's pool of forked workers (the default, without an executor)."""
    n_workers = max(1, min(workers or os.cpu_count() or 1, len(files) or 1))
    kwargs = {
        "trust": trust,
        "at": at,
        "revocation": revocation,
        "policy": attrs.evolve(policy, time_limit=None),
    }
    pool = [_spawn(kwargs) for _ in range(n_workers)]
    results: dict[int, VerificationReport] = {}
    next_index = emitted = done = 0
    try:
        while emitted < len(files):
            for w in pool:
                if w.task is None and next_index < len(files):
                    w.conn.send((next_index, files[next_index]))
                    w.task, w.started = next_index, time.monotonic()
                    next_index += 1
            busy = [w for w in pool if w.task is not None]
            ready = mp.connection.wait([w.conn for w in busy], timeout=0.05) if busy else []
            for i, w in enumerate(pool):
                index = w.task
                if index is None:
                    continue
                report = _collect(pool, i, ready, files[index], limit, trust, policy, kwargs)
                if report is None:
                    continue
                results[index] = report
                done += 1
                if progress is not None:
                    progress(done, len(files), report)
            emitted = yield from _release(results, emitted, ordered)
    finally:
        _shutdown(pool)


def _release(
    results: dict[int, VerificationReport], emitted: int, ordered: bool
) -> Generator[VerificationReport, None, int]:
    """Yield what may go out now (in order: the next indexes; unordered: all); the new count."""
    if not ordered:
        for index in sorted(results):
            yield results.pop(index)
            emitted += 1
        return emitted
    while emitted in results:
        yield results.pop(emitted)
        emitted += 1
    return emitted


def _verify_on_batch_engine(
    files: list[str],
    *,
    trust: TrustProfile,
    at: datetime | None,
    revocation: RevocationMode | str,
    policy: VerificationPolicy,
    limit: float,
    progress: Callable[[int, int, VerificationReport], None] | None,
    run: dict[str, Any],
    ordered: bool,
) -> Generator[VerificationReport, None, None]:
    """The same reports from :func:`vndocsign.batch.batch_verify` (any executor, manifest)."""
    from vndocsign.batch import BatchResult, batch_verify

    job = batch_verify(
        files,
        trust=trust,
        revocation=str(revocation),
        policy=attrs.evolve(policy, time_limit=None),
        at=at,
        keep_reports=True,
        time_limit=limit,
        **run,
    )
    order = {source: i for i, source in enumerate(s for s in job.sources if s not in job.recorded)}

    def report_of(record: BatchResult) -> VerificationReport:
        if record.report is not None:
            return record.report  # type: ignore[no-any-return]
        error = record.error
        if error is not None and error.code == "batch.time_limit":
            return _timeout_report(record.source, limit, trust, policy)
        text = f"{error.code}: {error.en}" if error else "no report"
        return _error_report(record.source, text, trust, policy)

    def stream() -> Generator[VerificationReport, None, None]:
        results: dict[int, VerificationReport] = {}
        emitted = 0
        try:
            for done, record in enumerate(job, start=1):
                report = report_of(record)
                results[order[record.source]] = report
                if progress is not None:
                    progress(done, len(order), report)
                emitted = yield from _release(results, emitted, ordered)
        finally:
            job.close()

    return stream()


def _collect(
    pool: list[_Worker],
    i: int,
    ready: Any,
    name: str,
    limit: float,
    trust: TrustProfile,
    policy: VerificationPolicy,
    kwargs: dict[str, Any],
) -> VerificationReport | None:
    """The report of worker ``i``'s file if it is done (or stopped), else ``None``.

    A worker that died or ran past ``limit`` is killed and replaced in ``pool``.
    """
    w = pool[i]
    if w.conn in ready:
        try:
            _got, kind, payload = w.conn.recv()
        except EOFError:
            kind, payload = "error", "worker died"
        if kind != "ok" and payload == "worker died":
            pool[i] = _spawn(kwargs)
        else:
            w.task = None
        if kind == "ok":
            return payload  # type: ignore[no-any-return]
        return _error_report(name, payload, trust, policy)
    if time.monotonic() - w.started > limit or not w.proc.is_alive():
        timed_out = w.proc.is_alive()
        w.proc.kill()
        w.proc.join(5)
        pool[i] = _spawn(kwargs)
        if timed_out:
            return _timeout_report(name, limit, trust, policy)
        return _error_report(name, "worker died", trust, policy)
    return None


def _shutdown(pool: list[_Worker]) -> None:
    for w in pool:
        with contextlib.suppress(Exception):
            w.conn.send(None)
    for w in pool:
        w.proc.join(2)
        if w.proc.is_alive():
            w.proc.kill()
            w.proc.join(2)


def _error_report(
    name: str, payload: str, trust: TrustProfile | None, policy: VerificationPolicy
) -> VerificationReport:
    return attrs.evolve(
        _timeout_report(name, 0, trust, policy),
        verdict=Indication.TOTAL_FAILED,
        sub_indication=SubIndication.FORMAT_FAILURE,
        status=Status.FAILED,
        messages=(
            Message.of(
                "worker",
                f"the file could not be evaluated: {payload}"[:300],
                "không thể đánh giá tệp",
                "error",
            ),
        ),
    )
