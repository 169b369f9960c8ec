"""Where the files are worked on: local processes (default) or a Dask cluster.

An :class:`Executor` maps a function over items and yields results as they finish, keeping a
bounded number in flight (a job of ten million files never holds ten million futures). Both
built-in executors run :func:`~vndocsign.batch._supervise.run_supervised`, so the per-file time
limit is enforced the same way on this machine and on a remote Dask worker.
"""

from __future__ import annotations

import concurrent.futures as cf
import multiprocessing as mp
import os
from collections.abc import Callable, Iterable, Iterator
from typing import Any, Protocol, TypeVar, runtime_checkable

from vndocsign.batch._errors import BatchError, BatchOptionError, ExecutorError

__all__ = ["DaskExecutor", "Executor", "LocalExecutor", "resolve_executor"]

_T = TypeVar("_T")
_R = TypeVar("_R")


@runtime_checkable
class Executor(Protocol):
    """Runs ``fn`` over ``items`` somewhere; yields each result as soon as it is ready."""

    def imap_unordered(self, fn: Callable[[_T], _R], items: Iterable[_T]) -> Iterator[_R]:
        """Results in completion order; ``fn`` must be importable by the workers."""
        ...

    def close(self) -> None:
        """Release what the executor started (not a cluster it was handed)."""
        ...


def check_workers(workers: int | None) -> int | None:
    if workers is not None and (
        isinstance(workers, bool) or not isinstance(workers, int) or workers < 1
    ):
        raise BatchOptionError(
            f"workers must be an integer >= 1, got {workers!r}",
            f"số tiến trình (workers) phải là số nguyên ≥ 1: {workers!r}",
            workers=workers,
        )
    return workers


class LocalExecutor:
    """A :class:`concurrent.futures.ProcessPoolExecutor` on this machine (one per core)."""

    def __init__(self, workers: int | None = None) -> None:
        self.workers = check_workers(workers) or os.cpu_count() or 1
        self._pool: cf.ProcessPoolExecutor | None = None

    def _ensure(self) -> cf.ProcessPoolExecutor:
        if self._pool is None:
            methods = mp.get_all_start_methods()
            ctx = mp.get_context("fork" if "fork" in methods else "spawn")
            self._pool = cf.ProcessPoolExecutor(max_workers=self.workers, mp_context=ctx)
        return self._pool

    def imap_unordered(self, fn: Callable[[_T], _R], items: Iterable[_T]) -> Iterator[_R]:
        pool = self._ensure()
        source = iter(items)
        pending: set[cf.Future[_R]] = set()
        window = 2 * self.workers
        for item in source:
            pending.add(pool.submit(fn, item))
            if len(pending) >= window:
                break
        while pending:
            done, pending = cf.wait(pending, return_when=cf.FIRST_COMPLETED)
            for future in done:
                try:
                    result = future.result()
                except cf.process.BrokenProcessPool as exc:
                    raise _lost(exc) from None
                yield result
                nxt = next(source, _END)
                if nxt is not _END:
                    pending.add(pool.submit(fn, nxt))

    def close(self) -> None:
        if self._pool is not None:
            self._pool.shutdown(wait=True, cancel_futures=True)
            self._pool = None


_END: Any = object()


def _lost(exc: BaseException) -> BatchError:
    """The executor itself failed (a worker process killed from outside, a lost cluster).

    Files never cause this — each runs in a supervised child — so the job stops with a typed
    error; rerun it with the same manifest to resume.
    """
    text = f"{type(exc).__name__}: {exc}"[:300]
    return ExecutorError(
        f"The executor failed ({text}); rerun with the manifest to resume",
        "Bộ thực thi gặp lỗi; chạy lại với cùng tệp nhật ký để tiếp tục",
        cause=text,
    )


class DaskExecutor:
    """Tasks on a ``dask.distributed.Client`` (extra ``vndocsign[dask]``)."""

    def __init__(self, client: Any, *, owned: bool = False) -> None:
        self.client = client
        self._owned = owned

    @classmethod
    def connect(cls, address: str) -> DaskExecutor:
        """Connect to a scheduler (``tcp://host:8786``); the executor closes the client."""
        try:
            import distributed  # type: ignore[import-untyped,unused-ignore]
        except ImportError:
            raise BatchError(
                "Dask is not installed (pip install 'vndocsign[dask]')",
                "Chưa cài Dask (pip install 'vndocsign[dask]')",
            ) from None
        try:
            make: Any = distributed.Client  # partly typed upstream
            client = make(address, timeout=30)
        except (OSError, TimeoutError) as exc:
            raise BatchError(
                f"Cannot reach the Dask scheduler {address}: {exc}",
                f"Không kết nối được bộ điều phối Dask {address}",
                address=address,
            ) from None
        return cls(client, owned=True)

    def _window(self) -> int:
        threads = sum(int(n) for n in self.client.nthreads().values())
        return 2 * max(1, threads)

    def imap_unordered(self, fn: Callable[[_T], _R], items: Iterable[_T]) -> Iterator[_R]:
        import distributed

        as_completed: Any = distributed.as_completed
        source = iter(items)
        first = [
            self.client.submit(fn, item, pure=False)
            for _, item in zip(range(self._window()), source, strict=False)
        ]
        if not first:
            return
        flow = as_completed(first)
        for future in flow:
            try:
                result: _R = future.result()
            except Exception as exc:  # KilledWorker, a lost connection: the cluster, not a file
                raise _lost(exc) from None
            future.release()
            yield result
            nxt = next(source, _END)
            if nxt is not _END:
                flow.add(self.client.submit(fn, nxt, pure=False))

    def close(self) -> None:
        if self._owned:
            self.client.close()


def resolve_executor(executor: Any, workers: int | None) -> tuple[Executor, bool]:
    """(executor, created here) from None, a scheduler address, a Dask client or an Executor."""
    check_workers(workers)
    if executor is None:
        return LocalExecutor(workers), True
    if isinstance(executor, str):
        return DaskExecutor.connect(executor), True
    if type(executor).__module__.split(".")[0] == "distributed" and hasattr(executor, "submit"):
        return DaskExecutor(executor), True
    if isinstance(executor, Executor):
        return executor, False
    raise BatchOptionError(
        f"executor must be None, a scheduler address, a dask Client or an Executor, "
        f"got {type(executor).__name__}",
        "executor phải là None, địa chỉ bộ điều phối, dask Client hoặc một Executor",
    )
