"""Batch throughput (issue 19, "Speed"): documents/s on 1 and 2 local workers and on Dask.

Run: ``PYTHONPATH=src python benchmarks/bench_batch.py [--docs 300] [--rounds 5]``
(needs the test extra for the test PKI and ``tests/docgen`` fonts, and ``vndocsign[dask]``
for the cluster column).

The documents are made the way real issued ones are (``tests/docgen``): a multi-page báo cáo
or a công văn rendered with a blank number and day, signed by the leader (personal signature
with a picture, PAdES B-LT), then issued by the văn thư with the agency key
(:func:`vndocsign.signing.issue_document`: the number and day stamped as agency signatures,
then the seal) — five B-LT signatures per file. ``--distinct`` such files (distinct numbers)
are copied to ``--docs`` files; ``batch_verify`` checks them offline against the test root
(every verdict TOTAL_PASSED).

Three configurations are measured in interleaved rounds — local 1 worker, local 2 workers, a
2-worker ``LocalCluster`` (processes, 1 thread each) — each with a warm executor (the child
interpreters already started), after one warm-up round. Printed: median documents/s with the
spread (min–max), the 1 → 2 worker scaling, the cluster's overhead per document
(``1/rate(dask) - 1/rate(local 2)``), and the CPU seconds each document cost in the worker
(``BatchResult.cpu``: the child process's user+system time for that file). Wall-clock rates
depend on what else the machine runs; CPU per document does not, so equal CPU per document on
1 and 2 workers shows the work itself scales and a low wall-clock ratio is the machine's load.
"""

from __future__ import annotations

import argparse
import datetime as dt
import io
import logging
import os
import statistics
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "tests"))
logging.disable(logging.CRITICAL)


def _png(size: tuple[int, int], draw: Any, dpi: float | None = None) -> bytes:
    from PIL import Image, ImageDraw

    img = Image.new("RGBA", size, (0, 0, 0, 0))
    draw(ImageDraw.Draw(img))
    out = io.BytesIO()
    img.save(out, "PNG", **({"dpi": (dpi, dpi)} if dpi else {}))
    return out.getvalue()


def _pictures() -> tuple[bytes, bytes]:
    """A handwritten-looking stroke and a red round seal (36 mm), transparent PNGs."""

    def seal(d: Any) -> None:
        d.ellipse((8, 8, 392, 392), outline=(220, 0, 0, 255), width=14)
        d.ellipse((60, 60, 340, 340), outline=(220, 0, 0, 255), width=6)

    stroke = _png(
        (300, 120), lambda d: d.line((10, 100, 150, 30, 290, 60), fill=(0, 40, 200, 255), width=6)
    )
    return stroke, _png((400, 400), seal, dpi=400 / (36 / 25.4))


def _issued(index: int, pki: Any, keys: tuple[Any, Any], pictures: tuple[bytes, bytes]) -> bytes:
    """One real-like issued document: personal B-LT signature, then number, day and seal."""
    import docgen
    from docgen import specs
    from vndocsign.signing import Appearance, Box, SigningOptions, issue_document, sign_document

    if index % 2:
        spec = specs.bao_cao(pages=3 + index % 3, number="/BC-SNV", date=None, year=2024)
        number = f"{100 + index}"
    else:
        spec = specs.cong_van(number="/UBND-KGVX", date=None, year=2024)
        number = f"{2000 + index}"
    doc = docgen.render(spec)
    area = doc.truth.signers[0].signature_area
    common = {"level": "B-LT", "tsa_url": pki.tsa_url, "trust_roots": [pki.root]}
    personal = sign_document(
        doc.pdf,
        keys[0],
        SigningOptions(
            role="personal",
            placement=Box(area.bbox, area.page),
            appearance=Appearance(image=pictures[0]),
            **common,
        ),
    ).pdf
    day = dt.date(2024, 7, 1 + index % 28)
    return issue_document(personal, number, day, keys[1], pictures[1], **common).pdf


def _documents(folder: Path, count: int, distinct: int) -> bytes:
    from tests.pki import AGENCY_MST, P12_PASSWORD, PERSONAL, session_pki

    import docgen
    from vndocsign.signing import load_pkcs12

    docgen.require_fonts()
    pki = session_pki()
    keys = (
        load_pkcs12(pki.p12_bytes(PERSONAL), P12_PASSWORD),
        load_pkcs12(pki.p12_bytes(AGENCY_MST), P12_PASSWORD),
    )
    pictures = _pictures()
    made = [_issued(i, pki, keys, pictures) for i in range(distinct)]
    folder.mkdir(parents=True, exist_ok=True)
    for i in range(count):
        (folder / f"doc-{i:05d}.pdf").write_bytes(made[i % distinct])
    sizes = sorted(len(m) for m in made)
    print(
        f"{distinct} distinct documents, {sizes[0] // 1024}–{sizes[-1] // 1024} KiB, 5 signatures"
    )
    return bytes(pki.root.dump())


def _executor_pids(executor: Any) -> list[int]:
    """The processes doing an executor's work: its pool processes, or Dask's workers and
    their nannies (the cluster's other processes and the other executors are left out)."""
    import psutil

    if hasattr(executor, "client"):
        pids = [int(p) for p in executor.client.run(os.getpid).values()]
        return pids + [psutil.Process(p).ppid() for p in pids]
    pool = getattr(executor, "_pool", None)
    return list(getattr(pool, "_processes", {}) or {})


def _cpu_by_role(executor: Any) -> dict[str, float]:
    """CPU seconds so far: this process (coordinator, and Dask's in-process scheduler), the
    executor's processes (pool processes, Dask nannies and workers), their per-file children."""
    import psutil

    own = psutil.Process().cpu_times()
    out = {"coordinator": own.user + own.system, "executor": 0.0, "children": 0.0}
    procs: dict[int, Any] = {}
    for pid in set(_executor_pids(executor)):
        try:
            proc = psutil.Process(pid)
            procs.update((p.pid, p) for p in [proc, *proc.children(recursive=True)])
        except psutil.Error:
            continue
    for each in procs.values():  # a nanny's subtree holds its worker: count each once
        try:
            role = "children" if "vndocsign.batch._child" in each.cmdline() else "executor"
            times = each.cpu_times()
        except psutil.Error:  # gone meanwhile
            continue
        out[role] += times.user + times.system
    return out


def _run(
    folder: Path | list[Path], root: bytes, executor: Any
) -> tuple[float, int, float, dict[str, float]]:
    """(wall seconds, documents, median CPU seconds per document in the record, CPU seconds
    per document by role over the whole run)."""
    from vndocsign.batch import batch_verify

    cpu_before = _cpu_by_role(executor)
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
    cpu = statistics.median(getattr(r, "cpu", 0.0) for r in results)  # 0: an older tree
    after = _cpu_by_role(executor)  # a child killed meanwhile would be missing: none is, here
    roles = {k: (after[k] - cpu_before[k]) / len(results) for k in after}
    return elapsed, len(results), cpu, roles


def _configs(no_dask: bool, lean_dask: bool) -> tuple[dict[str, Any], Any, Any]:
    from vndocsign.batch import DaskExecutor, LocalExecutor

    configs: dict[str, Any] = {"local-1": LocalExecutor(1), "local-2": LocalExecutor(2)}
    cluster = client = None
    if not no_dask:
        import dask
        from distributed import Client, LocalCluster

        if lean_dask:  # the workers' statistical profiler samples every thread each 10 ms
            dask.config.set({"distributed.worker.profile.enabled": False})

        cluster = LocalCluster(
            n_workers=2,
            threads_per_worker=1,
            processes=True,
            host="127.0.0.1",
            dashboard_address=None,
        )
        client = Client(cluster)
        configs["dask-2"] = DaskExecutor(client)
    return configs, cluster, client


def _idle_rate(executor: Any, seconds: float = 5.0) -> float:
    """CPU seconds per second an executor's processes burn doing nothing (Dask heartbeats,
    the nanny's memory monitor...): subtracted, what is left is the per-document cost."""
    before = _cpu_by_role(executor)
    time.sleep(seconds)
    after = _cpu_by_role(executor)
    return (after["executor"] - before["executor"]) / seconds


def _report(
    args: Any,
    rates: dict[str, list[float]],
    cpus: dict[str, list[float]],
    roles: dict[str, list[dict[str, float]]],
    idle: dict[str, float],
) -> None:
    med = {k: statistics.median(v) for k, v in rates.items()}
    load = os.getloadavg()
    print(
        f"\n{args.docs} documents (issued, 5 B-LT signatures each, verified offline), "
        f"{args.rounds} interleaved rounds; {os.cpu_count()} CPUs, load average now "
        f"{load[0]:.1f} / {load[1]:.1f} / {load[2]:.1f}"
    )
    for k, v in rates.items():
        cpu = statistics.median(cpus[k]) * 1000
        split = {r: statistics.median(x[r] for x in roles[k]) * 1000 for r in roles[k][0]}
        print(
            f"  {k:8s} median {med[k]:6.2f} docs/s  (min {min(v):.2f}, max {max(v):.2f}); "
            f"CPU ms/doc: file {cpu:.0f} (record), children {split['children']:.0f}, "
            f"executor {split['executor']:.1f}, coordinator {split['coordinator']:.1f}"
        )
    print(f"  scaling 1 -> 2 local workers: {med['local-2'] / med['local-1']:.2f}x (wall clock)")
    cpu1, cpu2 = (statistics.median(cpus[k]) for k in ("local-1", "local-2"))
    if cpu1:
        print(
            f"  CPU per document 2 workers / 1 worker: {cpu2 / cpu1:.2f} (1.00 = no added "
            f"work); scaling with a free core per worker: {2 * cpu1 / cpu2:.2f}x"
        )
    if "dask-2" in med:
        overhead = (1 / med["dask-2"] - 1 / med["local-2"]) * 1000
        print(
            f"  Dask overhead per document vs local 2 workers: {overhead:+.1f} ms wall "
            f"(throughput ratio {med['dask-2'] / med['local-2']:.2f})"
        )
        spent = statistics.median(x["executor"] for x in roles["dask-2"]) * 1000
        idle_ms = idle["dask-2"] / med["dask-2"] * 1000
        print(
            f"  Dask worker+nanny CPU per document: {spent:.1f} ms, of which idle "
            f"background {idle_ms:.1f} ms ({idle['dask-2'] * 100:.1f}% of a core while idle); "
            f"per task {spent - idle_ms:.1f} ms (local pool: "
            f"{statistics.median(x['executor'] for x in roles['local-2']) * 1000:.1f} ms)"
        )


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--docs", type=int, default=300)
    ap.add_argument("--distinct", type=int, default=10)
    ap.add_argument("--rounds", type=int, default=5)
    ap.add_argument("--no-dask", action="store_true")
    ap.add_argument("--lean-dask", action="store_true", help="turn the Dask workers' profiler off")
    args = ap.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp) / "docs"
        root = _documents(folder, args.docs, args.distinct)
        configs, cluster, client = _configs(args.no_dask, args.lean_dask)
        rates: dict[str, list[float]] = {name: [] for name in configs}
        cpus: dict[str, list[float]] = {name: [] for name in configs}
        roles: dict[str, list[dict[str, float]]] = {name: [] for name in configs}
        try:
            for name, executor in configs.items():  # warm-up: start the child interpreters
                _run(sorted(folder.iterdir())[:8], root, executor)
                print(f"warm-up {name} done", flush=True)
            for round_no in range(args.rounds):
                order = list(configs.items())
                order = order[round_no % len(order) :] + order[: round_no % len(order)]
                for name, executor in order:  # rotate who goes first: load drifts
                    elapsed, n, cpu, split = _run(folder, root, executor)
                    rates[name].append(n / elapsed)
                    cpus[name].append(cpu)
                    roles[name].append(split)
                print(
                    f"round {round_no + 1}: "
                    + ", ".join(f"{k} {v[-1]:.2f}/s" for k, v in rates.items())
                    + f" (load {os.getloadavg()[0]:.1f})",
                    flush=True,
                )
            idle = {name: _idle_rate(executor) for name, executor in configs.items()}
        finally:
            for executor in configs.values():
                executor.close()
            if client is not None and cluster is not None:
                client.close()
                cluster.close()
    _report(args, rates, cpus, roles, idle)


if __name__ == "__main__":
    main()
