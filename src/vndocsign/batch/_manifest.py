"""The job manifest: one JSON line per finished file, appended and fsync'd as it finishes.

It is the job's record and what makes a job resumable: a rerun with the same manifest skips
every file already in it. A line is written with one ``write`` on a descriptor opened with
``O_APPEND`` and then ``fsync``'d, so a job killed at any moment leaves whole lines plus at
most one torn last line, which is ignored on reading and cut off when the job resumes. An
exclusive lock (``flock``) keeps two jobs from writing the same manifest.
"""

from __future__ import annotations

import contextlib
import json
import os
from pathlib import Path

from vndocsign.batch._errors import ManifestError
from vndocsign.batch._records import BatchResult, Operation

__all__ = ["Manifest", "read_manifest"]


def read_manifest(path: str | os.PathLike[str]) -> list[BatchResult]:
    """Every whole record in the manifest, in the order written (a torn last line skipped)."""
    file = Path(path)
    if not file.exists():
        return []
    out: list[BatchResult] = []
    try:
        lines = file.read_bytes().split(b"\n")
    except OSError as exc:
        raise ManifestError(
            f"Cannot read the manifest {file}: {exc.strerror}",
            f"Không đọc được tệp nhật ký công việc {file}",
            manifest=str(file),
        ) from None
    for number, raw in enumerate(lines, start=1):
        if not raw.strip():
            continue
        try:
            out.append(BatchResult.from_dict(json.loads(raw)))
        except (ValueError, KeyError, TypeError):
            if number < len(lines) - 1:  # only the last line may be torn by a crash
                raise ManifestError(
                    f"{file}: line {number} is not a job record",
                    f"{file}: dòng {number} không phải bản ghi công việc",
                    manifest=str(file),
                    line=number,
                ) from None
    return out


class Manifest:
    """An open manifest for one operation; ``done`` maps each finished source to its record."""

    def __init__(self, path: str | os.PathLike[str], operation: Operation) -> None:
        self.path = Path(path)
        records = read_manifest(self.path)
        others = {r.operation for r in records} - {operation}
        if others:
            raise ManifestError(
                f"{self.path} records a {sorted(others)[0]} job, not {operation}",
                f"{self.path} là nhật ký của việc khác ({sorted(others)[0]}), không phải "
                f"{operation}",
                manifest=str(self.path),
            )
        self.done: dict[str, BatchResult] = {r.source: r for r in records}
        self.path.parent.mkdir(parents=True, exist_ok=True)
        self._fd = os.open(self.path, os.O_WRONLY | os.O_APPEND | os.O_CREAT, 0o644)
        try:
            import fcntl

            fcntl.flock(self._fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except ImportError:  # pragma: no cover - not POSIX: no lock
            pass
        except OSError:
            os.close(self._fd)
            raise ManifestError(
                f"{self.path} is used by another running job",
                f"{self.path} đang được một công việc khác sử dụng",
                manifest=str(self.path),
            ) from None
        data = self.path.read_bytes()
        if data and not data.endswith(b"\n"):  # a torn last line: never acknowledged, drop it
            os.truncate(self.path, data.rfind(b"\n") + 1)

    def append(self, result: BatchResult) -> None:
        line = json.dumps(result.to_dict(), ensure_ascii=False, separators=(",", ":")) + "\n"
        os.write(self._fd, line.encode("utf-8"))
        os.fsync(self._fd)
        self.done[result.source] = result

    def close(self) -> None:
        if self._fd >= 0:
            with contextlib.suppress(OSError):
                os.close(self._fd)
            self._fd = -1

    def __enter__(self) -> Manifest:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()
