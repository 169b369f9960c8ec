"""The text layer against a bare PDFium character loop on the same pages (issue 17).

Run: ``python benchmarks/bench_text.py [--runs 9]``.

Pages: the generated báo cáo (5 full pages of 13 pt Vietnamese text, see ``bench_long``) and,
when present, every page of ``../shared/corpus/realdocs`` (read in place). Every text page is
opened once; each round then times, interleaved on the same open text pages:

* **bare** — ``FPDFText_CountChars`` and one ``FPDFText_GetCharBox`` per character through
  pypdfium2's raw bindings (ctypes): the least a glyph-level layer written in Python must ask
  PDFium — the "bare PDFium character loop" of issue 17's acceptance;
* **bare-cffi** — the same bare loop through the binding the Python loop uses
  (``vndocsign.pdf._charcalls``: cffi where installed), for honesty: part of the gain against
  **bare** is the cheaper call, not less work;
* **bare-C** — the same bare loop in C (``_fastchars.bare_loop``, when the accelerator is
  built): what PDFium itself costs. Almost nothing: the ctypes loop's time is Python's;
* **exact** — ``vndocsign.pdf._charloop._glyphs_exact``, the reference character loop (same
  output as the others, see tests/pdf/test_text_equivalence.py);
* **glyphs-py** / **glyphs-C** — ``_charloop._glyphs`` in Python (``_glyphs_python``, what runs
  without a C compiler or with ``VNDOCSIGN_PURE_PYTHON=1``) and in C (the ``_fastchars``
  accelerator): characters, boxes, pen origins, advance boxes of digits, font style per text
  object, as ``Glyph`` tuples;
* **layer-py** / **layer-C** — glyphs plus :func:`~vndocsign.pdf.group_lines` (what
  ``load_text`` builds per page, less PDFium's page and text-page loading, which both sides
  would pay), all in Python or with the accelerator (its character loop, and the rows,
  segments and line texts of ``group_lines``).

Times are the process's CPU time (``time.process_time``): on a machine shared with other work,
wall-clock time also counts the waits for a core. Printed per page: median and IQR over the
rounds, and the ratios of medians to the bare ctypes loop (target: layer ≤ 2×) and to the bare
C loop (PDFium alone: no layer that builds Python objects per glyph comes near it).
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

from vndocsign.pdf import _charcalls, _charloop, _pdfium, group_lines
from vndocsign.pdf._charloop import _glyphs_exact, _glyphs_python

REALDOCS = Path(__file__).resolve().parents[2] / "shared" / "corpus" / "realdocs"


def text_pages(extra: list[Path]) -> list[tuple[Any, Any, Any]]:
    from _bench import document

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

    def glyphs_py() -> None:
        for _, _, textpage in pages:
            _glyphs_python(textpage)

    def layer_py() -> None:
        segments, _charloop._SEGMENTS = _charloop._SEGMENTS, None  # group_lines in Python too
        try:
            for _, _, textpage in pages:
                list(group_lines(0, _glyphs_python(textpage)[0]))
        finally:
            _charloop._SEGMENTS = segments

    fns: dict[str, Callable[[], None]] = {
        "bare": bare,
        "bare-cffi": bare_cffi,
        "exact": exact,
        "glyphs-py": glyphs_py,
        "layer-py": layer_py,
    }
    accelerated = _charloop._ACCELERATED
    if accelerated is not None:
        from vndocsign.pdf import _fastchars

        addresses = [_pdfium.address(tp.raw) for _, _, tp in pages]

        def bare_c() -> None:
            for page in addresses:
                _fastchars.bare_loop(page)

        def glyphs_c() -> None:
            for _, _, textpage in pages:
                _charloop._glyphs(textpage)

        def layer_c() -> None:
            for _, _, textpage in pages:
                list(group_lines(0, _charloop._glyphs(textpage)[0]))

        fns.update({"bare-C": bare_c, "glyphs-C": glyphs_c, "layer-C": layer_c})
    else:
        print("the C accelerator is not built (or VNDOCSIGN_PURE_PYTHON is set): Python only")
    for fn in fns.values():
        fn()
    times: dict[str, list[float]] = {name: [] for name in fns}
    for _ in range(args.runs):
        for name, fn in fns.items():
            start = time.process_time()
            fn()
            times[name].append((time.process_time() - start) * 1000 / len(pages))
    base = statistics.median(times["bare"])
    floor = statistics.median(times["bare-C"]) if "bare-C" in times else None
    print(f"{len(pages)} text pages, {chars / len(pages):.0f} characters a page on average")
    order = ["bare", "bare-cffi", "bare-C", "exact", "glyphs-py", "glyphs-C", "layer-py"]
    for name in [*order, "layer-C"]:
        if name not in times:
            continue
        q1, median, q3 = statistics.quantiles(times[name], n=4, method="inclusive")
        against_c = f"  {median / floor:7.1f}× bare-C" if floor else ""
        print(
            f"  {name:9} {median:6.3f} ms/page (IQR {q1:.3f}–{q3:.3f})"
            f"  {median / base:5.2f}× bare{against_c}"
        )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
