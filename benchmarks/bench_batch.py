"""Batch throughput (issue 19, "Speed"): documents/s on 1 and 2 local workers and on Dask.

Run: ``PYTHONPATH=src python benchmarks/bench_batch.py [--docs 300] [--rounds 5]``
(needs the test extra for the test PKI, and ``vndocsign[dask]`` for the cluster column).

The documents are the package's three sample letters, each signed at PAdES B-LT with the test
PKI (``tests/pki``) several times over (distinct signatures), then copied to ``--docs`` files;
``batch_verify`` checks them offline against the test root (every verdict TOTAL_PASSED).
Three configurations are measured in interleaved rounds — local 1 worker, local 2 workers, a
2-worker ``LocalCluster`` (processes, 1 thread each) — each with a warm executor (the child
interpreters already started), after one warm-up round. Printed: median documents/s with the
spread (min–max), the 1 → 2 worker scaling, and the cluster's overhead per document
(``1/rate(dask) - 1/rate(local 2)``).
"""

from __future__ import annotations

import argparse
import logging
import statistics
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
logging.disable(logging.CRITICAL)


def _documents(folder: Path, count: int, distinct: int) -> bytes:
    from tests.pki import P12_PASSWORD, PERSONAL, session_pki

    from vndocsign.samples import sample_names, sample_pdf
    from vndocsign.signing import load_pkcs12, sign_pdf

    pki = session_pki()
    key = load_pkcs12(pki.p12_bytes(PERSONAL), P12_PASSWORD)
    names = sample_names()
    signed = [
        sign_pdf(
            sample_pdf(names[i % len(names)]),
            key,
            role="personal",
            level="B-LT",
            tsa_url=pki.tsa_url,
            trust_roots=[pki.root],
        )
        for i in range(distinct)
    ]
    folder.mkdir(parents=True, exist_ok=True)
    for i in range(count):
        (folder / f"doc-{i:05d}.pdf").write_bytes(signed[i % distinct])
    return bytes(pki.root.dump())


def _run(folder: Path, root: bytes, executor: Any) -> tuple[float, int]:
    from vndocsign.batch import batch_verify

    started = time.perf_counter()
    results = list(
        batch_verify(
            folder,
            trust_roots=[root],
            revocation="embedded-only",
            executor=executor,
            time_limit=300,
        )
    )
    elapsed = time.perf_counter() - started
    bad = [r for r in results if r.verdict != "TOTAL_PASSED"]
    if bad:
        raise SystemExit(f"unexpected verdicts: {bad[:3]}")
    return elapsed, len(results)


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--docs", type=int, default=300)
    ap.add_argument("--distinct", type=int, default=6)
    ap.add_argument("--rounds", type=int, default=5)
    ap.add_argument("--no-dask", action="store_true")
    args = ap.parse_args()
    from vndocsign.batch import DaskExecutor, LocalExecutor

    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp) / "docs"
        root = _documents(folder, args.docs, args.distinct)
        configs: dict[str, Any] = {"local-1": LocalExecutor(1), "local-2": LocalExecutor(2)}
        cluster = client = None
        if not args.no_dask:
            from distributed import Client, LocalCluster

            cluster = LocalCluster(
                n_workers=2,
                threads_per_worker=1,
                processes=True,
                host="127.0.0.1",
                dashboard_address=None,
            )
            client = Client(cluster)
            configs["dask-2"] = DaskExecutor(client)
        rates: dict[str, list[float]] = {name: [] for name in configs}
        try:
            for name, executor in configs.items():  # warm-up: start the child interpreters
                _run(folder, root, executor)
                print(f"warm-up {name} done", flush=True)
            for round_no in range(args.rounds):
                for name, executor in configs.items():
                    elapsed, n = _run(folder, root, executor)
                    rates[name].append(n / elapsed)
                print(
                    f"round {round_no + 1}: "
                    + ", ".join(f"{k} {v[-1]:.1f}/s" for k, v in rates.items()),
                    flush=True,
                )
        finally:
            for executor in configs.values():
                executor.close()
            if client is not None and cluster is not None:
                client.close()
                cluster.close()
    med = {k: statistics.median(v) for k, v in rates.items()}
    print(f"\n{args.docs} documents (B-LT, verified offline), {args.rounds} interleaved rounds")
    for k, v in rates.items():
        print(f"  {k:8s} median {med[k]:6.1f} docs/s  (min {min(v):.1f}, max {max(v):.1f})")
    print(f"  scaling 1 -> 2 local workers: {med['local-2'] / med['local-1']:.2f}x")
    if "dask-2" in med:
        overhead = (1 / med["dask-2"] - 1 / med["local-2"]) * 1000
        print(
            f"  Dask overhead per document vs local 2 workers: {overhead:+.1f} ms "
            f"(throughput ratio {med['dask-2'] / med['local-2']:.2f})"
        )


if __name__ == "__main__":
    main()
