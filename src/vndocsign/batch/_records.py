"""What a batch job is made of: options per operation, tasks, and the frozen result records.

A :class:`BatchResult` is one line of the job manifest (``to_dict``/``from_dict`` round-trip),
so the manifest is both the job's record and what makes a rerun skip finished files.
"""

from __future__ import annotations

import enum
import os
import socket
from datetime import UTC, datetime
from typing import Any

import attrs

__all__ = [
    "BatchResult",
    "BatchSummary",
    "ErrorInfo",
    "ExtendOptions",
    "Operation",
    "Outcome",
    "SignOptions",
    "Task",
    "TaskReply",
    "VerifyOptions",
    "error_result",
    "outcome_of_verdict",
    "worker_name",
]


class Operation(enum.StrEnum):
    """The three batch operations."""

    VERIFY = "verify"
    SIGN = "sign"
    EXTEND = "extend"


class Outcome(enum.StrEnum):
    """How one file ended: a verification verdict, ``done`` (signed/extended) or ``error``."""

    PASSED = "passed"
    FAILED = "failed"
    INDETERMINATE = "indeterminate"
    DONE = "done"
    ERROR = "error"


_VERDICT_OUTCOME = {
    "TOTAL_PASSED": Outcome.PASSED,
    "TOTAL_FAILED": Outcome.FAILED,
    "INDETERMINATE": Outcome.INDETERMINATE,
}


def outcome_of_verdict(verdict: str) -> Outcome:
    """ETSI indication -> outcome (an unknown indication is INDETERMINATE, never a pass)."""
    return _VERDICT_OUTCOME.get(verdict, Outcome.INDETERMINATE)


@attrs.frozen
class VerifyOptions:
    """How to verify: a named trust profile or exact roots (DER), revocation mode, SHA-1."""

    trust: str = "any-vn"
    trust_roots: tuple[bytes, ...] = ()
    trust_dir: str | None = None
    revocation: str = "embedded-then-online"
    legacy: bool = False
    at: datetime | None = None
    #: write each file's full JSON report beside the outputs (``<name>.json``)
    write_reports: bool = True
    #: a :class:`~vndocsign.verification.TrustProfile` as ``(name, anchors DER, intermediates
    #: DER, notes)``; wins over ``trust``/``trust_roots``
    profile: tuple[Any, ...] | None = None
    #: a :class:`~vndocsign.verification.VerificationPolicy`; wins over ``legacy``
    policy: Any = None
    #: hand the full :class:`~vndocsign.verification.VerificationReport` back in the record
    keep_report: bool = False


@attrs.frozen
class SignOptions:
    """How to sign: the PKCS#12 key (bytes; travels to the workers), role, PAdES level."""

    p12: bytes = attrs.field(repr=False)
    role: str
    password: str | None = attrs.field(default=None, repr=False)
    level: str = "B-B"
    tsa_url: str | None = None
    trust_roots: tuple[bytes, ...] = ()
    placement: str | None = None
    invisible: bool = False
    reason: str | None = None
    location: str | None = None


@attrs.frozen
class ExtendOptions:
    """How to renew to B-LTA: the TSA and the roots the validation data must chain to."""

    tsa_url: str
    trust_roots: tuple[bytes, ...] = ()
    trust: str = "any-vn"
    trust_dir: str | None = None
    digest: str = "sha256"


Options = VerifyOptions | SignOptions | ExtendOptions


@attrs.frozen
class Task:
    """One file's work as shipped to a worker (small unless ``data`` carries the input)."""

    operation: Operation
    source: str
    target: str | None
    options: Options
    time_limit: float
    #: the input bytes when the coordinator reads (``memory://``, io="coordinator")
    data: bytes | None = attrs.field(default=None, repr=False)
    #: True: the worker returns the output bytes and the coordinator writes them
    return_output: bool = False
    #: set when the coordinator already failed to read the input
    error: ErrorInfo | None = None


@attrs.frozen
class ErrorInfo:
    """A typed error record: ``code`` (``batch.time_limit``, ``signing.…``) and both texts."""

    code: str
    en: str
    vi: str

    def to_dict(self) -> dict[str, str]:
        return {"code": self.code, "en": self.en, "vi": self.vi}


@attrs.frozen
class BatchResult:
    """The end of one file in a job; one manifest line."""

    operation: Operation
    source: str
    outcome: Outcome
    output: str | None = None
    verdict: str | None = None
    sub_indication: str | None = None
    status: str | None = None
    error: ErrorInfo | None = None
    sha256: str | None = None
    output_sha256: str | None = None
    elapsed: float = 0.0
    #: CPU seconds (user + system) the worker's child process spent on this file
    cpu: float = 0.0
    worker: str | None = None
    finished_at: datetime = attrs.field(factory=lambda: datetime.now(UTC))
    #: the full verification report when asked for (``keep_reports=True``); not in the manifest
    report: Any = attrs.field(default=None, eq=False, repr=False)

    @property
    def ok(self) -> bool:
        """Passed (verify) or done (sign, extend)."""
        return self.outcome in (Outcome.PASSED, Outcome.DONE)

    def to_dict(self) -> dict[str, Any]:
        return {
            "operation": self.operation.value,
            "source": self.source,
            "outcome": self.outcome.value,
            "output": self.output,
            "verdict": self.verdict,
            "sub_indication": self.sub_indication,
            "status": self.status,
            "error": self.error.to_dict() if self.error else None,
            "sha256": self.sha256,
            "output_sha256": self.output_sha256,
            "elapsed": round(self.elapsed, 4),
            "cpu": round(self.cpu, 4),
            "worker": self.worker,
            "finished_at": self.finished_at.isoformat(),
        }

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> BatchResult:
        error = data.get("error")
        return cls(
            operation=Operation(data["operation"]),
            source=str(data["source"]),
            outcome=Outcome(data["outcome"]),
            output=data.get("output"),
            verdict=data.get("verdict"),
            sub_indication=data.get("sub_indication"),
            status=data.get("status"),
            error=ErrorInfo(**error) if error else None,
            sha256=data.get("sha256"),
            output_sha256=data.get("output_sha256"),
            elapsed=float(data.get("elapsed") or 0.0),
            cpu=float(data.get("cpu") or 0.0),
            worker=data.get("worker"),
            finished_at=datetime.fromisoformat(data["finished_at"]),
        )


@attrs.frozen
class TaskReply:
    """What a worker sends back: the record, and the output bytes when asked for them."""

    result: BatchResult
    output: bytes | None = attrs.field(default=None, repr=False)


@attrs.frozen
class BatchSummary:
    """Counts over a job (tổng hợp): passed / failed / indeterminate / done / errors."""

    total: int = 0
    passed: int = 0
    failed: int = 0
    indeterminate: int = 0
    done: int = 0
    errors: int = 0
    skipped: int = 0

    @classmethod
    def of(cls, results: Any, skipped: int = 0) -> BatchSummary:
        counts = dict.fromkeys(Outcome, 0)
        total = 0
        for r in results:
            counts[r.outcome] += 1
            total += 1
        return cls(
            total=total,
            passed=counts[Outcome.PASSED],
            failed=counts[Outcome.FAILED],
            indeterminate=counts[Outcome.INDETERMINATE],
            done=counts[Outcome.DONE],
            errors=counts[Outcome.ERROR],
            skipped=skipped,
        )

    def to_dict(self) -> dict[str, int]:
        return attrs.asdict(self)

    def line(self) -> str:
        """``passed 3 · failed 1 · indeterminate 0 · errors 0`` (bilingual labels)."""
        parts = [
            f"đạt/passed {self.passed}",
            f"không đạt/failed {self.failed}",
            f"chưa xác định/indeterminate {self.indeterminate}",
        ]
        if self.done:
            parts.insert(0, f"xong/done {self.done}")
        parts.append(f"lỗi/errors {self.errors}")
        if self.skipped:
            parts.append(f"bỏ qua (đã xong)/skipped {self.skipped}")
        return " · ".join(parts)


def worker_name() -> str:
    """``host:pid`` of the process that finished a file (kept in the record)."""
    return f"{socket.gethostname()}:{os.getpid()}"


def error_result(
    task: Task, error: ErrorInfo, elapsed: float = 0.0, sha: str | None = None
) -> BatchResult:
    return BatchResult(
        operation=task.operation,
        source=task.source,
        outcome=Outcome.ERROR,
        error=error,
        elapsed=elapsed,
        sha256=sha,
        worker=worker_name(),
        finished_at=datetime.now(UTC),
    )
