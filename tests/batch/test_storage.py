"""fsspec locations (memory://, file://) and the manifest's guarantees."""

from __future__ import annotations

import json
import uuid
from pathlib import Path

import pytest

from vndocsign.batch import (
    BatchResult,
    BatchSummary,
    ErrorInfo,
    ManifestError,
    Operation,
    Outcome,
    batch_sign,
    batch_verify,
    read_manifest,
)
from vndocsign.batch._manifest import Manifest
from vndocsign.verification import TrustProfile, verify_pdf

fsspec = pytest.importorskip("fsspec", reason="fsspec is not installed (extra vndocsign[dask])")


@pytest.fixture
def memory_root() -> str:
    return f"memory://batch-{uuid.uuid4().hex}"


def test_memory_filesystem_in_and_out(
    memory_root: str, documents: dict[str, bytes], p12: bytes, root_der: bytes
) -> None:
    fs = fsspec.filesystem("memory")
    for name in ("du-thao-bb.pdf", "hong.pdf"):
        fs.pipe_file(f"{memory_root}/in/sub/{name}", documents[name])
    results = {
        r.source.rsplit("/", 1)[1]: r
        for r in batch_sign(
            f"{memory_root}/in",
            f"{memory_root}/out",
            p12=p12,
            password="mat-khau-thu-nghiem",
            role="personal",
            placement="auto",
            workers=2,
        )
    }
    assert results["hong.pdf"].outcome is Outcome.ERROR
    done = results["du-thao-bb.pdf"]
    assert done.outcome is Outcome.DONE and done.output == f"{memory_root}/out/sub/du-thao-bb.pdf"
    assert fs.cat_file(f"{memory_root}/in/sub/du-thao-bb.pdf") == documents["du-thao-bb.pdf"]
    assert not [p for p in fs.find(f"{memory_root}/out") if ".part" in p]
    signed = fs.cat_file(f"{memory_root}/out/sub/du-thao-bb.pdf")
    report = verify_pdf(signed, trust=TrustProfile.custom([root_der]), revocation="embedded-only")
    assert len(report.signatures) == 2  # the earlier B-B signature and the new one

    reports = {
        r.source.rsplit("/", 1)[1]: r
        for r in batch_verify(
            f"{memory_root}/out/**/*.pdf",
            output=f"{memory_root}/reports",
            trust_roots=[root_der],
            revocation="embedded-only",
            workers=1,
        )
    }
    assert reports["du-thao-bb.pdf"].verdict == report.verdict
    data = json.loads(fs.cat_file(f"{memory_root}/reports/sub/du-thao-bb.pdf.json"))
    assert data["verdict"] == report.verdict


def test_file_urls_are_written_by_the_workers(
    tmp_path: Path, documents: dict[str, bytes], root_der: bytes
) -> None:
    (tmp_path / "a.pdf").write_bytes(documents["cong-van-blt.pdf"])
    (result,) = list(
        batch_verify(
            f"file://{tmp_path}/a.pdf",
            output=f"file://{tmp_path}/rep",
            trust_roots=[root_der],
            revocation="embedded-only",
            workers=1,
            io="worker",
        )
    )
    assert result.verdict == "TOTAL_PASSED"
    assert json.loads((tmp_path / "rep" / "a.pdf.json").read_text())["verdict"] == "TOTAL_PASSED"


def _record(source: str, outcome: Outcome = Outcome.DONE) -> BatchResult:
    return BatchResult(
        operation=Operation.SIGN,
        source=source,
        outcome=outcome,
        error=ErrorInfo("batch.time_limit", "late", "trễ") if outcome is Outcome.ERROR else None,
    )


def test_records_round_trip_and_summary() -> None:
    record = _record("a.pdf", Outcome.ERROR)
    assert BatchResult.from_dict(json.loads(json.dumps(record.to_dict()))) == record
    summary = BatchSummary.of([record, _record("b.pdf"), _record("c.pdf")], skipped=1)
    assert (summary.total, summary.done, summary.errors, summary.skipped) == (3, 2, 1, 1)
    assert "errors 1" in summary.line() and "done 2" in summary.line()


def test_a_torn_last_line_is_ignored_and_closed(tmp_path: Path) -> None:
    path = tmp_path / "job.jsonl"
    with Manifest(path, Operation.SIGN) as journal:
        journal.append(_record("a.pdf"))
    with path.open("ab") as handle:  # a crash in the middle of the next write
        handle.write(b'{"operation":"sign","source":"b.p')
    assert [r.source for r in read_manifest(path)] == ["a.pdf"]
    with Manifest(path, Operation.SIGN) as journal:
        assert set(journal.done) == {"a.pdf"}
        journal.append(_record("b.pdf"))
    assert [r.source for r in read_manifest(path)] == ["a.pdf", "b.pdf"]


def test_a_manifest_belongs_to_one_job(tmp_path: Path) -> None:
    path = tmp_path / "job.jsonl"
    with Manifest(path, Operation.SIGN) as journal:
        journal.append(_record("a.pdf"))
        with pytest.raises(ManifestError, match="another running job"):
            Manifest(path, Operation.SIGN)
    with pytest.raises(ManifestError) as info:
        Manifest(path, Operation.VERIFY)
    assert info.value.code == "batch.manifest"
    path.write_text("garbage\n" + json.dumps(_record("a.pdf").to_dict()) + "\n")
    with pytest.raises(ManifestError, match="line 1"):
        read_manifest(path)
