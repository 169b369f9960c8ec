"""Metadata extraction speed per page on 1-, 20- and 200-page documents.

Run on demand (needs reportlab and Liberation Serif, like the test generator)::

    python benchmarks/bench_metadata.py [--repeat 3]

For each size it prints, per page: the PDFium parse (``load_text``, shared with placement), the
extraction rules on the parsed text (``extract(PdfText)``), both together from bytes, and the
ratio of the whole to poppler's ``pdftotext -layout`` on the same file (the baseline: a plain
text dump with no structure; < 1.00 means faster than the dump).

With ``--realdocs`` it also times, per page, the text layer of the real documents in
``../shared/corpus/realdocs`` (read in place): page content only (``annotations=False``) and
what a person sees (content plus the text of visible annotation appearances: the registry's
stamped number and day), then the full extraction; scanned pages' OCR time is reported apart
(``--ocr``, needs Tesseract).
"""

from __future__ import annotations

import argparse
import shutil
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "tests"))

from docgen import fonts_available, render, specs  # noqa: E402
from vndocsign.metadata import extract  # noqa: E402
from vndocsign.pdf import load_text, ocr_available  # noqa: E402

REALDOCS = ROOT.parent / "shared" / "corpus" / "realdocs"


def _best(fn: Callable[[], object], repeat: int) -> float:
    best = float("inf")
    for _ in range(repeat):
        start = time.perf_counter()
        fn()
        best = min(best, time.perf_counter() - start)
    return best


def _document(pages: int) -> bytes:
    spec = specs.cong_van() if pages == 1 else specs.bao_cao(pages=pages)
    return render(spec, runs="word").pdf


def _realdocs(repeat: int, ocr: bool) -> None:
    """Per-page milliseconds on the real documents: content, seen layer, extraction, OCR."""
    files = sorted(REALDOCS.glob("*.pdf"))
    if not files:
        print(f"no real documents in {REALDOCS}")
        return
    print(f"\n{'file':<18} {'pages':>5} {'content':>8} {'seen':>8} {'extract':>8} {'ocr s/p':>8}")
    totals = [0.0, 0.0, 0.0]
    pages = 0
    for path in files:
        data = path.read_bytes()
        text = load_text(data)
        n = len(text.pages)
        content = _best(lambda d=data: load_text(d, annotations=False), repeat) / n * 1000
        seen = _best(lambda d=data: load_text(d), repeat) / n * 1000
        full = _best(lambda d=data: extract(d, ocr=False), repeat) / n * 1000
        ocr_text = "-"
        scanned = [p for p in text.pages if p.scanned]
        if ocr and scanned and ocr_available():
            ocr_text = f"{_best(lambda d=data: load_text(d, ocr=True), 1) / len(scanned):8.1f}"
        elif not scanned:
            for i, value in enumerate((content, seen, full)):
                totals[i] += value * n
            pages += n
        print(f"{path.stem:<18} {n:>5} {content:8.2f} {seen:8.2f} {full:8.2f} {ocr_text:>8}")
    if pages:
        mean = [t / pages for t in totals]
        print(f"{'text-layer pages':<18} {pages:>5} {mean[0]:8.2f} {mean[1]:8.2f} {mean[2]:8.2f}")


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--sizes", type=int, nargs="*", default=[1, 20, 200])
    parser.add_argument("--realdocs", action="store_true", help="also time the real documents")
    parser.add_argument("--ocr", action="store_true", help="with --realdocs: time OCR of scans")
    args = parser.parse_args()
    if not fonts_available():
        print("Liberation Serif is not installed (apt-get install fonts-liberation)")
        return 2
    pdftotext = shutil.which("pdftotext")
    print(
        f"{'pages':>6} {'parse ms/p':>11} {'rules ms/p':>11} {'total ms/p':>11} "
        f"{'pdftotext ms/p':>15} {'ratio':>6}"
    )
    with tempfile.TemporaryDirectory() as tmp:
        for size in args.sizes:
            pdf = _document(size)
            n = len(load_text(pdf).pages)
            parsed = load_text(pdf)
            result = extract(pdf)
            assert result.document.signer is not None, "benchmark document not understood"
            parse = _best(lambda pdf=pdf: load_text(pdf), args.repeat) / n * 1000
            rules = _best(lambda parsed=parsed: extract(parsed), args.repeat) / n * 1000
            total = _best(lambda pdf=pdf: extract(pdf), args.repeat) / n * 1000
            ratio_text = "-"
            baseline_text = "-"
            if pdftotext:
                path = Path(tmp) / f"doc{size}.pdf"
                path.write_bytes(pdf)
                baseline = (
                    _best(
                        lambda path=path: subprocess.run(
                            [pdftotext, "-layout", str(path), "-"],
                            check=True,
                            capture_output=True,
                        ),
                        args.repeat,
                    )
                    / n
                    * 1000
                )
                baseline_text = f"{baseline:15.2f}"
                ratio_text = f"{total / baseline:6.2f}"
            print(
                f"{n:>6} {parse:11.2f} {rules:11.2f} {total:11.2f} {baseline_text:>15} "
                f"{ratio_text:>6}"
            )
    if args.realdocs:
        _realdocs(args.repeat, args.ocr)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
