"""Metadata extraction speed per page on 1-, 20- and 200-page documents.

Run on demand (needs reportlab and Liberation Serif, like the test generator)::

    python benchmarks/bench_metadata.py [--repeat 3]

For each size it prints, per page: the PDFium parse (``load_text``, shared with placement), the
extraction rules on the parsed text (``extract(PdfText)``), both together from bytes, and two
baselines, plain text dumps with no structure (issue 17: without a process start-up):

* ``dump`` — PDFium's own plain text of every page, in process (``get_text_range``), the
  same library and the same page loading as ours;
* ``pdftotext`` — poppler's ``pdftotext -layout`` on all pages in one run, less its start-up
  (the median of ``pdftotext -v``, a run that only starts and exits).

Every figure is the median of interleaved rounds with its IQR; the ratio is ours (total) to
the in-process dump.

With ``--realdocs`` it also times, per page, the text layer of the real documents in
``../shared/corpus/realdocs`` (read in place): page content only (``annotations=False``) and
what a person sees (content plus the text of visible annotation appearances: the registry's
stamped number and day), then the full extraction; scanned pages' OCR time is reported apart
(``--ocr``, needs Tesseract).
"""

from __future__ import annotations

import argparse
import shutil
import statistics
import subprocess
import sys
import tempfile
from collections.abc import Callable
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "tests"))

from _bench import rounds  # noqa: E402

from docgen import fonts_available, render, specs  # noqa: E402
from vndocsign.metadata import extract  # noqa: E402
from vndocsign.pdf import load_text, ocr_available  # noqa: E402

REALDOCS = ROOT.parent / "shared" / "corpus" / "realdocs"


def _best(fn: Callable[[], object], repeat: int) -> float:
    """The median of ``repeat`` runs (the real documents' table)."""
    return statistics.median(rounds([fn], repeat)[0])


def _cell(values: list[float], pages: int) -> str:
    q1, median, q3 = (v * 1000 / pages for v in statistics.quantiles(values, n=4))
    return f"{median:7.2f} ({q1:.2f}–{q3:.2f})"


def _dump(pdf: bytes) -> None:
    """PDFium's plain text of every page (the in-process baseline)."""
    import pypdfium2 as pdfium

    doc = pdfium.PdfDocument(pdf)
    try:
        for i in range(len(doc)):
            page = doc[i]
            textpage = page.get_textpage()
            textpage.get_text_range()
            textpage.close()
            page.close()
    finally:
        doc.close()


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
    parser.add_argument("--repeat", type=int, default=5)
    parser.add_argument("--sizes", type=int, nargs="*", default=[1, 20, 200])
    parser.add_argument("--realdocs", action="store_true", help="also time the real documents")
    parser.add_argument("--ocr", action="store_true", help="with --realdocs: time OCR of scans")
    args = parser.parse_args()
    if not fonts_available():
        print("Liberation Serif is not installed (apt-get install fonts-liberation)")
        return 2
    pdftotext = shutil.which("pdftotext")
    startup = 0.0
    if pdftotext:
        startup = _best(
            lambda: subprocess.run([pdftotext, "-v"], check=False, capture_output=True),
            args.repeat,
        )
        print(f"pdftotext start-up (pdftotext -v): {startup * 1000:.1f} ms, subtracted")
    print("ms/page: median (IQR)")
    print(
        f"{'pages':>6} {'parse':>17} {'rules':>17} {'total':>17} {'dump':>17} "
        f"{'pdftotext':>10} {'total/dump':>10}"
    )
    with tempfile.TemporaryDirectory() as tmp:
        for size in args.sizes:
            pdf = _document(size)
            n = len(load_text(pdf).pages)
            parsed = load_text(pdf)
            result = extract(pdf)
            assert result.document.signer is not None, "benchmark document not understood"
            path = Path(tmp) / f"doc{size}.pdf"
            path.write_bytes(pdf)
            fns: list[Callable[[], object]] = [
                lambda pdf=pdf: load_text(pdf),
                lambda parsed=parsed: extract(parsed),
                lambda pdf=pdf: extract(pdf),
                lambda pdf=pdf: _dump(pdf),
            ]
            if pdftotext:
                fns.append(
                    lambda path=path: subprocess.run(
                        [pdftotext, "-layout", str(path), "-"], check=True, capture_output=True
                    )
                )
            times = rounds(fns, args.repeat)
            cells = [_cell(v, n) for v in times[:4]]
            poppler = "-"
            if pdftotext:
                poppler = f"{(statistics.median(times[4]) - startup) * 1000 / n:10.2f}"
            ratio = statistics.median(times[2]) / statistics.median(times[3])
            print(
                f"{n:>6} " + " ".join(f"{c:>17}" for c in cells) + f" {poppler:>10} {ratio:10.2f}"
            )
    if args.realdocs:
        _realdocs(args.repeat, args.ocr)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
