"""Batch jobs over many files (xử lý hàng loạt): verify, sign, renew to B-LTA — locally or on Dask.

``batch_verify(paths)``, ``sign_many(paths, out, p12=..., role=...)`` and
``extend_many(paths, out, tsa_url=...)`` (B-LTA renewal) return an iterator of frozen
:class:`BatchResult` records as files finish. ``executor`` picks where the work runs: local
processes (default, ``workers=N``), a ``dask.distributed.Client`` (wrapped in a
:class:`DaskExecutor`) or a scheduler address (extra ``vndocsign[dask]``), or any
:class:`Executor`. Every file runs in a child process killed at
``time_limit`` seconds; a ``manifest`` (JSONL) records each file and makes a rerun resume.
Inputs and outputs are local paths or fsspec URLs. ``batch_sign``/``batch_extend`` are
aliases of ``sign_many``/``extend_many``; full reports for many files come from
:func:`vndocsign.verification.verify_many` (``executor=`` runs it here). See ``docs/batch.md``.
"""

from vndocsign.batch._api import (
    IO_MODES,
    BatchJob,
    batch_extend,
    batch_sign,
    batch_verify,
    extend_many,
    sign_many,
)
from vndocsign.batch._errors import (
    BatchError,
    BatchOptionError,
    ExecutorError,
    ManifestError,
    NoSignatureError,
    StorageError,
)
from vndocsign.batch._executors import DaskExecutor, Executor, LocalExecutor
from vndocsign.batch._manifest import read_manifest
from vndocsign.batch._records import (
    BatchResult,
    BatchSummary,
    ErrorInfo,
    ExtendOptions,
    Operation,
    Outcome,
    SignOptions,
    VerifyOptions,
)

__all__ = [
    "IO_MODES",
    "BatchError",
    "BatchJob",
    "BatchOptionError",
    "BatchResult",
    "BatchSummary",
    "DaskExecutor",
    "ErrorInfo",
    "Executor",
    "ExecutorError",
    "ExtendOptions",
    "LocalExecutor",
    "ManifestError",
    "NoSignatureError",
    "Operation",
    "Outcome",
    "SignOptions",
    "StorageError",
    "VerifyOptions",
    "batch_extend",
    "batch_sign",
    "batch_verify",
    "extend_many",
    "read_manifest",
    "sign_many",
]
