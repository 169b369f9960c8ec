"""Cost that should not follow the length of a document (issue 17), side by side in one run.

Run: ``python benchmarks/bench_long.py [--runs 9] [--no-memory | --memory-only]``.

1. **Placement** (``find_placement`` on the file: parse + rules, personal and initial) and
   **auto-placed signing** (``sign_file(..., placement="auto")``, visible personal signature)
   on a 200-page báo cáo against the same on a 5-page one — target ≤ 1.5×. Rounds are
   interleaved (5, 200, 5, 200, …) so that both sizes see the same machine load; medians and
   the inter-quartile range of the CPU time this process spent are printed.
2. **Memory** of ``sign_file(..., placement="auto")`` on a ~30 MB, 200-page input (the same
   text plus an incompressible image per page), in a fresh process: tracemalloc's peak of
   Python allocations and the growth of peak RSS (PDFium's and OpenSSL's native memory
   included), each against the input size — target ≤ 2.5×. Measured after signing a 1-page
   file in the same process (imports, fonts and PDFium's start-up do not follow the input)
   and cold (all of it counted).

The documents are like real ones where it matters here: full pages of 13 pt Vietnamese body
text, the closing ``./.``, "Nơi nhận" and a signer block on the last page, from two
producers: reportlab (TrueType subsets, ``[/ASCII85Decode /FlateDecode]`` content) and, when
``soffice`` is installed, a word processor (python-docx, then LibreOffice's PDF export: text
in kerned ``TJ`` arrays, indirect stream lengths, as Word and LibreOffice write it) and, when
the shared corpus is present, pages of a real Word-made báo cáo repeated (~40 KB of content a
page: the marker's cost follows the content's bytes, not its pages).
"""

from __future__ import annotations

import argparse
import atexit
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

from _bench import document, office_document, rounds, word_pages_document

WORK = Path(tempfile.mkdtemp(prefix="vndocsign-bench-long-"))
atexit.register(shutil.rmtree, WORK, True)


def interleaved(fns: dict[str, Callable[[], object]], runs: int) -> dict[str, list[float]]:
    """CPU milliseconds of each function over ``runs`` interleaved rounds (one warm-up each).

    CPU time of this process, not wall time: the work is all in this process and on the CPU
    (the file is in the page cache), and on a shared 2-core virtual machine wall time swung
    ±40 % between runs with the neighbours' load, CPU time far less."""
    times = rounds(list(fns.values()), runs, time.process_time)
    return {name: [t * 1000 for t in ts] for name, ts in zip(fns, times, strict=True)}


def summary(values: list[float]) -> str:
    q1, median, q3 = statistics.quantiles(values, n=4, method="inclusive")
    return f"{median:8.1f} ms (IQR {q1:.1f}–{q3:.1f})"


def bench_time(runs: int) -> None:
    from vndocsign.placement import find_placement
    from vndocsign.signing import demo_credentials, load_pkcs12, sign_file

    creds = demo_credentials(WORK)
    key = load_pkcs12(creds.personal_p12, creds.password)
    producers: dict[str, Callable[[int], bytes]] = {"reportlab": document}
    if shutil.which("soffice"):
        producers["LibreOffice"] = lambda pages: office_document(pages, WORK)
    else:
        print("(LibreOffice rows skipped: no soffice)")
    if word_pages_document(5) is not None:
        producers["Word (corpus pages)"] = lambda pages: word_pages_document(pages) or b""
    else:
        print("(Word rows skipped: no ../shared/corpus/realdocs)")
    for producer, make_pdf in producers.items():
        paths = {}
        for pages in (5, 200):
            paths[pages] = WORK / f"{producer.split()[0]}-{pages}.pdf"
            paths[pages].write_bytes(make_pdf(pages))

        def place(pages: int, paths: dict[int, Path] = paths) -> Callable[[], object]:
            def run() -> None:
                assert find_placement(paths[pages], "personal").page == pages - 1
                assert find_placement(paths[pages], "initial").page == pages - 1

            return run

        def sign(pages: int, paths: dict[int, Path] = paths) -> Callable[[], object]:
            out = WORK / f"signed-{pages}.pdf"
            return lambda: sign_file(paths[pages], out, key, role="personal", placement="auto")

        print(f"{producer}: placement (personal + initial, from the file) and auto-placed signing")
        for label, make in (("placement", place), ("sign_file auto", sign)):
            times = interleaved({"5": make(5), "200": make(200)}, runs)
            ratio = statistics.median(times["200"]) / statistics.median(times["5"])
            print(f"  {label:15}   5 pages {summary(times['5'])}")
            print(f"  {label:15} 200 pages {summary(times['200'])}   ratio {ratio:.2f}× (≤ 1.5)")


# ru_maxrss survives execve (the parent's high-water mark): read the process's own VmHWM
_MEMORY_CHILD = """
import sys, tracemalloc
from vndocsign.signing import load_pkcs12, sign_file
def status(field):
    for line in open("/proc/self/status"):
        if line.startswith(field):
            return int(line.split()[1]) * 1024
src, dst, p12, password, traced, warm = sys.argv[1:7]
key = load_pkcs12(p12, password)
if warm:  # imports, fonts and PDFium's start-up are not memory that follows the input
    sign_file(warm, dst, key, role="personal", placement="auto")
base = status("VmRSS")
if traced == "1":
    tracemalloc.start()
sign_file(src, dst, key, role="personal", placement="auto")
peak = tracemalloc.get_traced_memory()[1] if traced == "1" else 0
print(peak, status("VmHWM") - base)
"""


def bench_memory(runs: int = 1) -> None:
    from vndocsign.signing import demo_credentials

    creds = demo_credentials(WORK)
    src = WORK / "big.pdf"
    src.write_bytes(document(200, image_side=387))
    size = src.stat().st_size

    warm = WORK / "warm.pdf"
    warm.write_bytes(document(1))

    def child(traced: str, warmed: bool = True) -> list[int]:
        args = [str(src), str(WORK / "big-signed.pdf"), str(creds.personal_p12), creds.password]
        run = subprocess.run(
            [sys.executable, "-c", _MEMORY_CHILD, *args, traced, str(warm) if warmed else ""],
            check=True,
            capture_output=True,
            text=True,
        )
        return [int(v) for v in run.stdout.split()]

    mb = 1024 * 1024
    print(f"sign_file auto on {size / mb:.1f} MB / 200 pages (fresh process, {runs} runs)")
    configs = ((True, "after signing a 1-page file"), (False, "cold, imports included"))
    peaks: dict[bool, list[int]] = {True: [], False: []}
    grown: dict[bool, list[int]] = {True: [], False: []}
    for _ in range(runs):  # interleaved: warm and cold see the same machine load
        for warmed, _label in configs:
            peaks[warmed].append(child("1", warmed)[0])
            grown[warmed].append(child("0", warmed)[1])  # RSS without tracemalloc's bookkeeping

    def line(what: str, values: list[int]) -> str:
        median = statistics.median(values)
        spread = f"{min(values) / size:.2f}–{max(values) / size:.2f}"
        return (
            f"    {what} {median / mb:6.1f} MB = {median / size:.2f}× the input "
            f"(≤ 2.5; runs {spread})"
        )

    for warmed, label in configs:
        print(f"  {label}:")
        print(line("tracemalloc peak", peaks[warmed]))
        print(line("peak RSS growth ", grown[warmed]))


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=9)
    parser.add_argument("--no-memory", action="store_true")
    parser.add_argument("--memory-only", action="store_true")
    args = parser.parse_args()
    if not args.memory_only:
        bench_time(args.runs)
    if not args.no_memory:
        bench_memory(args.runs if args.memory_only else 1)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
