"""Errors of the batch capability (lô văn bản): typed, bilingual, ``batch.*`` codes.

They subclass :class:`~vndocsign.errors.VndocsignError` directly; a ``BatchError`` in
``vndocsign.errors`` beside the other capability roots is proposed to the lead.
"""

from __future__ import annotations

from vndocsign.errors import VndocsignError

__all__ = [
    "BatchError",
    "BatchOptionError",
    "ExecutorError",
    "ManifestError",
    "NoSignatureError",
    "StorageError",
]


class BatchError(VndocsignError):
    """A batch job cannot be set up or carried on (not one bad file: those get records)."""

    code = "batch"


class BatchOptionError(BatchError):
    """A job option is out of range (``workers`` < 1, ``time_limit`` <= 0, unknown I/O mode)."""

    code = "batch.option"


class ExecutorError(BatchError):
    """The executor failed (a pool process killed from outside, a lost Dask cluster)."""

    code = "batch.executor"


class ManifestError(BatchError):
    """The job manifest is in use, unreadable, or belongs to another kind of job."""

    code = "batch.manifest"


class NoSignatureError(BatchError):
    """B-LTA renewal of a file that carries no signature (nothing to extend)."""

    code = "batch.no_signature"


class StorageError(BatchError):
    """An input or output location cannot be listed, read or written."""

    code = "batch.storage"
