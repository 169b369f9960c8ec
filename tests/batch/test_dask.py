"""The same calls on a 2-worker Dask LocalCluster: verdicts, time limit, B-LTA renewal."""

from __future__ import annotations

import time
from pathlib import Path
from typing import Any

from vndocsign.batch import Outcome, batch_extend, batch_verify
from vndocsign.verification import TrustProfile, verify_pdf

from .helpers import BlackHole, digests, lta_status, write_folder
from .test_local import single_machine


def test_verify_on_the_cluster_matches_the_single_machine_path(
    tmp_path: Path, documents: dict[str, bytes], root_der: bytes, dask_client: Any
) -> None:
    folder = write_folder(tmp_path / "in", documents)
    results = list(
        batch_verify(
            folder,
            trust_roots=[root_der],
            revocation="embedded-only",
            executor=dask_client,
            manifest=tmp_path / "job.jsonl",
        )
    )
    assert {Path(r.source).name: r.verdict for r in results} == single_machine(documents, root_der)
    assert len({r.worker for r in results}) >= 1
    assert all(r.worker and ":" in r.worker for r in results)


def test_the_time_limit_holds_on_remote_workers(
    tmp_path: Path,
    black_hole: BlackHole,
    bt_documents: dict[str, bytes],
    root_der: bytes,
    dask_client: Any,
) -> None:
    folder = write_folder(tmp_path / "in", bt_documents)
    started = time.monotonic()
    results = list(
        batch_extend(
            folder,
            tmp_path / "out",
            tsa_url=black_hole.url,
            trust_roots=[root_der],
            executor=dask_client,
            time_limit=2.0,
        )
    )
    assert time.monotonic() - started < 30
    assert [r.error.code if r.error else None for r in results] == ["batch.time_limit"] * 2


def test_extend_on_the_cluster_validates_as_b_lta_offline(
    tmp_path: Path, vn_pki: Any, bt_documents: dict[str, bytes], root_der: bytes, dask_client: Any
) -> None:
    from pyhanko.sign.ades.report import AdESPassed

    folder = write_folder(tmp_path / "in", bt_documents)
    before = digests(folder)
    results = list(
        batch_extend(
            folder,
            tmp_path / "out",
            tsa_url=vn_pki.tsa_url,
            trust_roots=[root_der],
            executor=dask_client,
        )
    )
    assert [r.outcome for r in results] == [Outcome.DONE] * 2
    assert digests(folder) == before
    for name, original in bt_documents.items():
        renewed = (tmp_path / "out" / name).read_bytes()
        assert renewed.startswith(original)  # an incremental update: the signature stays
        assert lta_status(original, vn_pki.root).ades_subindic is not AdESPassed.OK
        assert lta_status(renewed, vn_pki.root).ades_subindic is AdESPassed.OK
        report = verify_pdf(
            renewed, trust=TrustProfile.custom([root_der]), revocation="embedded-only"
        )
        assert report.verdict == "TOTAL_PASSED"
        assert [s.type for s in report.signatures] == ["signature", "document_timestamp"]

    # renewal of a B-LTA file: one more document time-stamp, still B-LTA
    again = list(
        batch_extend(
            tmp_path / "out",
            tmp_path / "out2",
            tsa_url=vn_pki.tsa_url,
            trust_roots=[root_der],
            executor=dask_client,
        )
    )
    assert [r.outcome for r in again] == [Outcome.DONE] * 2
    twice = (tmp_path / "out2" / "cong-van-bt.pdf").read_bytes()
    assert lta_status(twice, vn_pki.root).ades_subindic is AdESPassed.OK
    report = verify_pdf(twice, trust=TrustProfile.custom([root_der]), revocation="embedded-only")
    assert [s.type for s in report.signatures].count("document_timestamp") == 2


def test_executors_return_every_item_once_beyond_their_window(dask_client: Any) -> None:
    from vndocsign.batch import DaskExecutor, Executor, LocalExecutor

    items = list(range(-30, 0))
    for executor in (LocalExecutor(workers=2), DaskExecutor(dask_client)):
        assert isinstance(executor, Executor)
        try:
            assert sorted(executor.imap_unordered(abs, items)) == list(range(1, 31))
        finally:
            executor.close()
