"""The text layer against a bare PDFium character loop on the same pages (issue 17).

Run: ``python benchmarks/bench_text.py [--runs 9]``.

Pages: the generated báo cáo (5 full pages of 13 pt Vietnamese text, see ``bench_long``) and,
when present, every page of ``../shared/corpus/realdocs`` (read in place). Every text page is
opened once; each round then times, interleaved on the same open text pages:

* **bare** — ``FPDFText_CountChars`` and one ``FPDFText_GetCharBox`` per character through
  pypdfium2's raw bindings: the least a glyph-level layer must ask PDFium;
* **bare-cffi** — the same bare loop through the binding the text layer uses
  (``vndocsign.pdf._charcalls``: cffi where installed), for honesty: part of the gain against
  **bare** is the cheaper call, not less work;
* **exact** — ``vndocsign.pdf._charloop._glyphs_exact``, the reference character loop (the
  loop every parse ran before this rewrite; same output as ``glyphs``, see
  tests/pdf/test_text_equivalence.py);
* **glyphs** — ``vndocsign.pdf._charloop._glyphs``, the loop every parse runs (characters,
  boxes, pen origins, advance boxes of digits, font style per text object; the box, origin and
  object calls go through cffi where installed, see ``vndocsign.pdf._charcalls``);
* **layer** — glyphs plus :func:`~vndocsign.pdf.group_lines` (what ``load_text`` builds per
  page, less PDFium's page and text-page loading, which both sides would pay).

Times are the process's CPU time (``time.process_time``): on a machine shared with other work,
wall-clock time also counts the waits for a core. Printed per page: median and IQR over the
rounds, and the ratio of medians to the bare loop (target: layer ≤ 2×).
"""

from __future__ import annotations

import argparse
import ctypes
import statistics
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pypdfium2 as pdfium
import pypdfium2.raw as raw

from vndocsign.pdf import _charcalls, _pdfium, group_lines
from vndocsign.pdf._charloop import _glyphs, _glyphs_exact

REALDOCS = Path(__file__).resolve().parents[2] / "shared" / "corpus" / "realdocs"


def text_pages(extra: list[Path]) -> list[tuple[Any, Any, Any]]:
    from bench_long import document

    docs = [pdfium.PdfDocument(document(5))] + [pdfium.PdfDocument(p) for p in extra]
    out = []
    for doc in docs:
        for i in range(len(doc)):
            page = doc[i]
            textpage = page.get_textpage()
            if raw.FPDFText_CountChars(textpage.raw) > 0:
                out.append((doc, page, textpage))
    return out


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=9)
    args = parser.parse_args()
    pages = text_pages(sorted(REALDOCS.glob("*.pdf")))
    chars = sum(raw.FPDFText_CountChars(tp.raw) for _, _, tp in pages)

    def bare() -> None:
        left, right, bottom, top = (ctypes.c_double() for _ in range(4))
        get_box = raw.FPDFText_GetCharBox
        for _, _, textpage in pages:
            handle = textpage.raw
            for i in range(raw.FPDFText_CountChars(handle)):
                get_box(handle, i, left, right, bottom, top)

    calls = [
        (_charcalls.calls(_pdfium.address(tp.raw)), raw.FPDFText_CountChars(tp.raw))
        for _, _, tp in pages
    ]

    def bare_cffi() -> None:
        for fns, count in calls:
            get_box, handle = fns.box, fns.page
            left, right, bottom, top = fns.slots[:4]
            for i in range(count):
                get_box(handle, i, left, right, bottom, top)

    def exact() -> None:
        for _, _, textpage in pages:
            _glyphs_exact(textpage)

    def glyphs() -> None:
        for _, _, textpage in pages:
            _glyphs(textpage)

    def layer() -> None:
        for _, _, textpage in pages:
            list(group_lines(0, _glyphs(textpage)[0]))

    fns: dict[str, Callable[[], None]] = {
        "bare": bare,
        "bare-cffi": bare_cffi,
        "exact": exact,
        "glyphs": glyphs,
        "layer": layer,
    }
    for fn in fns.values():
        fn()
    times: dict[str, list[float]] = {name: [] for name in fns}
    for _ in range(args.runs):
        for name, fn in fns.items():
            start = time.process_time()
            fn()
            times[name].append((time.process_time() - start) * 1000 / len(pages))
    base = statistics.median(times["bare"])
    print(f"{len(pages)} text pages, {chars / len(pages):.0f} characters a page on average")
    for name, values in times.items():
        q1, median, q3 = statistics.quantiles(values, n=4, method="inclusive")
        print(
            f"  {name:9} {median:6.2f} ms/page (IQR {q1:.2f}–{q3:.2f})  {median / base:5.2f}× bare"
        )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
