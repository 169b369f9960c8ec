"""Batch jobs on local processes: same verdicts as verify_pdf, typed errors, time limit, resume."""

from __future__ import annotations

import json
import time
from pathlib import Path

import pytest

from vndocsign.batch import (
    BatchError,
    BatchOptionError,
    Outcome,
    batch_extend,
    batch_sign,
    batch_verify,
    read_manifest,
)
from vndocsign.errors import VndocsignError
from vndocsign.verification import TrustProfile, verify_pdf

from .helpers import BlackHole, digests, write_folder

_OUTCOME = {
    "TOTAL_PASSED": Outcome.PASSED,
    "TOTAL_FAILED": Outcome.FAILED,
    "INDETERMINATE": Outcome.INDETERMINATE,
}


def single_machine(documents: dict[str, bytes], root_der: bytes) -> dict[str, str]:
    trust = TrustProfile.custom([root_der])
    return {
        name: verify_pdf(data, trust=trust, revocation="embedded-only").verdict
        for name, data in documents.items()
    }


def test_verify_gives_the_single_machine_verdicts_and_leaves_inputs_alone(
    tmp_path: Path, documents: dict[str, bytes], root_der: bytes
) -> None:
    folder = write_folder(tmp_path / "in", documents)
    before = digests(folder)
    job = batch_verify(
        folder,
        output=tmp_path / "reports",
        trust_roots=[root_der],
        revocation="embedded-only",
        workers=2,
    )
    assert job.total == 4 and job.pending == 4
    results = list(job)
    expected = single_machine(documents, root_der)
    assert {Path(r.source).name: r.verdict for r in results} == expected
    assert set(expected.values()) == {"TOTAL_PASSED", "INDETERMINATE", "TOTAL_FAILED"}
    for r in results:
        assert r.outcome is _OUTCOME[r.verdict]
        report = json.loads(Path(r.output or "").read_text(encoding="utf-8"))
        assert report["verdict"] == r.verdict and report["file"] == r.source
    assert digests(folder) == before
    summary = job.summary()
    assert (summary.passed, summary.indeterminate, summary.failed, summary.errors) == (2, 1, 1, 0)


def test_sign_keeps_going_past_a_bad_file(
    tmp_path: Path, documents: dict[str, bytes], p12: bytes, root_der: bytes
) -> None:
    from vndocsign.samples import sample_pdf

    folder = write_folder(
        tmp_path / "in",
        {
            "a.pdf": sample_pdf("cong-van"),
            "b.pdf": documents["hong.pdf"],
            "c.pdf": sample_pdf("to-trinh"),
        },
    )
    before = digests(folder)
    results = {
        Path(r.source).name: r
        for r in batch_sign(
            folder,
            tmp_path / "out",
            p12=p12,
            password="mat-khau-thu-nghiem",
            role="personal",
            workers=2,
        )
    }
    assert results["b.pdf"].outcome is Outcome.ERROR
    assert results["b.pdf"].error is not None
    assert results["b.pdf"].error.code.startswith("signing.")
    assert results["a.pdf"].outcome is results["c.pdf"].outcome is Outcome.DONE
    assert digests(folder) == before
    assert sorted(p.name for p in (tmp_path / "out").iterdir()) == ["a.pdf", "c.pdf"]
    signed = (tmp_path / "out" / "a.pdf").read_bytes()
    assert results["a.pdf"].output_sha256 == digests(tmp_path / "out")["a.pdf"]
    report = verify_pdf(signed, trust=TrustProfile.custom([root_der]), revocation="embedded-only")
    assert len(report.signatures) == 1 and report.signatures[0].intact


def test_wrong_password_is_refused_before_any_file(
    tmp_path: Path, p12: bytes, documents: dict[str, bytes]
) -> None:
    folder = write_folder(tmp_path / "in", {"a.pdf": documents["hong.pdf"]})
    with pytest.raises(VndocsignError) as info:
        batch_sign(folder, tmp_path / "out", p12=p12, password="sai", role="personal")
    assert info.value.code.startswith("signing")
    assert not (tmp_path / "out").exists()


@pytest.mark.parametrize(
    ("workers", "time_limit"),
    [
        (0, 10.0),
        (-2, 10.0),
        (True, 10.0),
        (1, 0),
        (1, -1.0),
        (1, float("nan")),
        (1, float("inf")),
        (1, 1e300),  # finite, but past what a timer takes: was OverflowError from the pool
    ],
)
def test_numeric_options_are_checked(
    tmp_path: Path, documents: dict[str, bytes], workers: int, time_limit: float
) -> None:
    folder = write_folder(tmp_path / "in", {"a.pdf": documents["hong.pdf"]})
    with pytest.raises(BatchOptionError) as info:
        batch_verify(folder, workers=workers, time_limit=time_limit)
    assert info.value.code == "batch.option"


def test_an_output_never_overwrites_an_input(
    tmp_path: Path, p12: bytes, documents: dict[str, bytes]
) -> None:
    folder = write_folder(tmp_path / "in", {"a.pdf": documents["hong.pdf"]})
    with pytest.raises(BatchError):
        batch_sign(folder, folder, p12=p12, password="mat-khau-thu-nghiem", role="personal")
    with pytest.raises(BatchError):
        batch_verify(write_folder(tmp_path / "no-pdf", {"a.txt": b"x"}))


def test_a_missing_input_is_an_error_record(tmp_path: Path) -> None:
    (result,) = list(batch_verify(tmp_path / "missing.pdf", workers=1))
    assert result.outcome is Outcome.ERROR
    assert result.error is not None and result.error.code == "batch.storage"


def test_a_hung_file_is_killed_and_the_job_goes_on(
    tmp_path: Path, black_hole: BlackHole, bt_documents: dict[str, bytes], root_der: bytes
) -> None:
    """A TSA that never answers hangs every renewal: each is killed at the limit."""
    folder = write_folder(tmp_path / "in", bt_documents)
    started = time.monotonic()
    results = list(
        batch_extend(
            folder,
            tmp_path / "out",
            tsa_url=black_hole.url,
            trust_roots=[root_der],
            workers=1,
            time_limit=2.0,
        )
    )
    elapsed = time.monotonic() - started
    assert len(results) == 2
    assert all(r.outcome is Outcome.ERROR for r in results)
    assert all(r.error is not None and r.error.code == "batch.time_limit" for r in results)
    assert all(1.9 <= r.elapsed < 4 for r in results)
    assert elapsed < 30
    assert not (tmp_path / "out").exists() or not any((tmp_path / "out").iterdir())


def test_a_stopped_job_resumes_from_its_manifest(
    tmp_path: Path, documents: dict[str, bytes], root_der: bytes
) -> None:
    folder = write_folder(tmp_path / "in", documents)
    manifest = tmp_path / "job.jsonl"
    job = batch_verify(
        folder, trust_roots=[root_der], revocation="embedded-only", workers=1, manifest=manifest
    )
    first = [next(job), next(job)]
    job.close()
    assert len(read_manifest(manifest)) == 2
    again = batch_verify(
        folder, trust_roots=[root_der], revocation="embedded-only", workers=2, manifest=manifest
    )
    assert (again.total, again.skipped, again.pending) == (4, 2, 2)
    rest = list(again)
    assert {r.source for r in rest}.isdisjoint({r.source for r in first})
    records = read_manifest(manifest)
    assert sorted(r.source for r in records) == sorted(str(folder / n) for n in documents)
    assert {Path(r.source).name: r.verdict for r in records} == single_machine(documents, root_der)
    assert again.summary().total == 4 and again.summary().skipped == 2
    assert list(batch_verify(folder, trust_roots=[root_der], manifest=manifest)) == []


def test_a_pool_process_killed_from_outside_is_a_typed_error() -> None:
    import os

    from vndocsign.batch import ExecutorError, LocalExecutor

    executor = LocalExecutor(workers=1)
    try:
        with pytest.raises(ExecutorError) as info:
            list(executor.imap_unordered(os._exit, [3]))
        assert info.value.code == "batch.executor"
    finally:
        executor.close()


def test_extend_of_an_unsigned_file_is_a_typed_error_record(
    tmp_path: Path, root_der: bytes
) -> None:
    from vndocsign.samples import sample_pdf

    folder = write_folder(tmp_path / "in", {"plain.pdf": sample_pdf("cong-van")})
    (result,) = list(
        batch_extend(
            folder,
            tmp_path / "out",
            tsa_url="http://127.0.0.1:9/tsa",
            trust_roots=[root_der],
            workers=1,
        )
    )
    assert result.outcome is Outcome.ERROR
    assert result.error is not None and result.error.code == "batch.no_signature"
    assert result.sha256 is not None and result.output_sha256 is None
