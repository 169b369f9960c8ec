"""The issue's names: ``verify_many`` / ``sign_many`` / ``extend_many`` taking an executor.

Every test runs twice: on local processes (a :class:`LocalExecutor` with 2 workers) and on a
2-worker Dask ``LocalCluster`` handed over as the bare ``distributed.Client`` (the batch engine
wraps it). A file that hangs is a named pipe with no writer: opening it blocks until the child
reading it is killed — the same on this machine and on a remote worker.
"""

from __future__ import annotations

import os
import time
import uuid
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from vndocsign.batch import (
    LocalExecutor,
    Outcome,
    batch_extend,
    batch_sign,
    extend_many,
    read_manifest,
    sign_many,
)
from vndocsign.verification import TrustProfile, verify_many

from .helpers import BlackHole, digests, lta_status, write_folder
from .test_local import single_machine

PASSWORD = "mat-khau-thu-nghiem"


@pytest.fixture(scope="module")
def local_executor() -> Iterator[LocalExecutor]:
    executor = LocalExecutor(workers=2)  # kept warm across the module's tests
    yield executor
    executor.close()


@pytest.fixture(params=["local", "dask"])
def executor(request: pytest.FixtureRequest) -> Any:
    if request.param == "local":
        return request.getfixturevalue("local_executor")
    return request.getfixturevalue("dask_client")  # a bare Client: wrapped by the engine


def _paths(folder: Path, documents: dict[str, bytes]) -> list[Path]:
    write_folder(folder, documents)
    return [folder / name for name in documents]


def test_verify_many_on_an_executor_gives_full_reports_in_input_order(
    tmp_path: Path, documents: dict[str, bytes], root_der: bytes, executor: Any
) -> None:
    paths = _paths(tmp_path / "in", documents)
    trust = TrustProfile.custom([root_der])
    seen: list[tuple[int, int]] = []
    reports = list(
        verify_many(
            paths,
            trust=trust,
            revocation="embedded-only",
            executor=executor,
            progress=lambda done, total, _r: seen.append((done, total)),
        )
    )
    assert [r.file for r in reports] == [str(p) for p in paths]
    assert {Path(r.file).name: r.verdict for r in reports} == single_machine(documents, root_der)
    assert sorted(seen) == [(n, 4) for n in range(1, 5)]
    passed = reports[0]
    assert passed.signatures and passed.signatures[0].intact  # the full report came back
    assert passed.trust_profile == trust.name

    # streaming as files finish: the same reports, whatever the order
    unordered = list(
        verify_many(
            paths, trust=trust, revocation="embedded-only", executor=executor, ordered=False
        )
    )
    assert sorted((r.file, r.verdict) for r in unordered) == sorted(
        (r.file, r.verdict) for r in reports
    )


def test_verify_many_time_limit_holds_and_the_job_goes_on(
    tmp_path: Path, documents: dict[str, bytes], root_der: bytes, executor: Any
) -> None:
    paths = _paths(tmp_path / "in", {"a.pdf": documents["cong-van-blt.pdf"]})
    hung = tmp_path / "in" / "hung.pdf"
    os.mkfifo(hung)  # opening it blocks for ever: nobody writes
    missing = tmp_path / "in" / "missing.pdf"
    started = time.monotonic()
    reports = list(
        verify_many(
            [hung, *paths, missing],
            trust=TrustProfile.custom([root_der]),
            revocation="embedded-only",
            executor=executor,
            time_limit=4,
        )
    )
    assert time.monotonic() - started < 60
    assert [r.verdict for r in reports] == ["INDETERMINATE", "TOTAL_PASSED", "TOTAL_FAILED"]
    assert reports[0].messages[0].code == "verification.time_limit"
    assert reports[0].file == str(hung)
    assert "batch.storage" in reports[2].messages[0].en


def test_verify_many_resumes_from_its_manifest(
    tmp_path: Path, documents: dict[str, bytes], root_der: bytes
) -> None:
    paths = _paths(tmp_path / "in", documents)
    manifest = tmp_path / "job.jsonl"
    trust = TrustProfile.custom([root_der])
    stream = verify_many(
        paths, trust=trust, revocation="embedded-only", workers=1, manifest=manifest, ordered=False
    )
    first = [next(stream), next(stream)]
    stream.close()
    assert len(read_manifest(manifest)) == 2
    rest = list(
        verify_many(paths, trust=trust, revocation="embedded-only", workers=2, manifest=manifest)
    )
    assert len(rest) == 2
    assert {r.file for r in rest}.isdisjoint({r.file for r in first})
    assert sorted(r.source for r in read_manifest(manifest)) == sorted(str(p) for p in paths)
    both = {Path(r.file).name: r.verdict for r in [*first, *rest]}
    assert both == single_machine(documents, root_der)


def test_verify_many_reads_fsspec_memory_urls(
    documents: dict[str, bytes], root_der: bytes, executor: Any
) -> None:
    fsspec = pytest.importorskip("fsspec")
    root = f"memory://many-{uuid.uuid4().hex}"
    fs = fsspec.filesystem("memory")
    urls = []
    for name in ("to-trinh-blt.pdf", "hong.pdf"):
        fs.pipe_file(f"{root}/{name}", documents[name])
        urls.append(f"{root}/{name}")
    reports = list(
        verify_many(
            urls,
            trust=TrustProfile.custom([root_der]),
            revocation="embedded-only",
            executor=executor,
        )
    )
    assert [(r.file, r.verdict) for r in reports] == [
        (urls[0], "TOTAL_PASSED"),
        (urls[1], "TOTAL_FAILED"),
    ]


def test_the_default_pool_streams_unordered_too(
    tmp_path: Path, documents: dict[str, bytes], root_der: bytes
) -> None:
    paths = _paths(tmp_path / "in", documents)
    reports = list(
        verify_many(
            paths,
            trust=TrustProfile.custom([root_der]),
            revocation="embedded-only",
            workers=2,
            ordered=False,
        )
    )
    assert sorted(r.file for r in reports) == sorted(str(p) for p in paths)
    assert {Path(r.file).name: r.verdict for r in reports} == single_machine(documents, root_der)


def test_sign_many_then_extend_many_past_a_bad_file_with_resume(
    tmp_path: Path,
    vn_pki: Any,
    documents: dict[str, bytes],
    p12: bytes,
    root_der: bytes,
    executor: Any,
) -> None:
    from pyhanko.sign.ades.report import AdESPassed

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
    signed = {
        Path(r.source).name: r
        for r in sign_many(
            folder,
            tmp_path / "signed",
            p12=p12,
            password=PASSWORD,
            role="personal",
            level="B-T",
            tsa_url=vn_pki.tsa_url,
            trust_roots=[root_der],
            executor=executor,
        )
    }
    assert signed["b.pdf"].outcome is Outcome.ERROR
    assert signed["a.pdf"].outcome is signed["c.pdf"].outcome is Outcome.DONE
    assert digests(folder) == before

    manifest = tmp_path / "extend.jsonl"
    job = extend_many(
        tmp_path / "signed",
        tmp_path / "lta",
        tsa_url=vn_pki.tsa_url,
        trust_roots=[root_der],
        executor=executor,
        manifest=manifest,
    )
    first = next(job)
    job.close()
    again = extend_many(
        tmp_path / "signed",
        tmp_path / "lta",
        tsa_url=vn_pki.tsa_url,
        trust_roots=[root_der],
        executor=executor,
        manifest=manifest,
    )
    assert (again.total, again.skipped) == (2, 1)
    rest = list(again)
    assert [r.source for r in rest] != [first.source] and len(rest) == 1
    assert sorted(Path(r.source).name for r in read_manifest(manifest)) == ["a.pdf", "c.pdf"]
    for name in ("a.pdf", "c.pdf"):
        renewed = (tmp_path / "lta" / name).read_bytes()
        assert lta_status(renewed, vn_pki.root).ades_subindic is AdESPassed.OK


def test_sign_many_time_limit_holds_on_every_executor(
    tmp_path: Path, black_hole: BlackHole, p12: bytes, executor: Any
) -> None:
    from vndocsign.samples import sample_pdf

    folder = write_folder(tmp_path / "in", {"a.pdf": sample_pdf("cong-van")})
    started = time.monotonic()
    (result,) = list(
        sign_many(
            folder,
            tmp_path / "out",
            p12=p12,
            password=PASSWORD,
            role="personal",
            level="B-T",
            tsa_url=black_hole.url,
            executor=executor,
            time_limit=2.0,
        )
    )
    assert time.monotonic() - started < 30
    assert result.error is not None and result.error.code == "batch.time_limit"
    assert 1.9 <= result.elapsed < 4  # the file's own time, not the child's start


def test_the_earlier_names_are_aliases() -> None:
    assert batch_sign is sign_many and batch_extend is extend_many
