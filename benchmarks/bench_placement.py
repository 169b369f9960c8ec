"""Signature placement speed: anchor search per page on 1-, 20- and 200-page documents.

Issue 3's target: at most 5 ms per page for the anchor search, and one parse of the document
for all roles. Run on demand::

    python benchmarks/bench_placement.py [--repeat 5]

For each size it prints, per page: the PDFium parse (``load_text``, shared by every role and
by metadata extraction), the anchor search for the ký tắt (``find_placement(…, "initial")`` on
the parsed text: turning and indexing every page, scanning for the closing ``./.``) and all five
roles on one parse — each with its ratio to the 5 ms/page target (< 1.00 is within target).
Each figure is the median of interleaved rounds (parse, anchor, roles, parse, …) with its
inter-quartile range (issue 17: no best-of). ``bench_long.py`` times placement from the file
(parsing only the pages it needs) on 5 against 200 pages.
"""

from __future__ import annotations

import argparse
import statistics

from _bench import document, rounds

from vndocsign.model import SignatureRole
from vndocsign.pdf import PdfText, load_text
from vndocsign.placement import find_placement, prepare

TARGET_MS_PER_PAGE = 5.0


def cell(values: list[float], pages: int) -> str:
    q1, median, q3 = (v * 1000 / pages for v in statistics.quantiles(values, n=4))
    return f"{median:7.2f} ms ({median / TARGET_MS_PER_PAGE:4.2f}) IQR {q1:.2f}–{q3:.2f}"


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeat", type=int, default=7)
    args = parser.parse_args()
    print(f"target: {TARGET_MS_PER_PAGE:.1f} ms/page; ratio = measured / target")
    print(f"{'pages':>5}  {'parse':>32}  {'initial anchor':>32}  {'all 5 roles':>32}")
    for pages in (1, 20, 200):
        pdf = document(pages)
        text: PdfText = load_text(pdf)
        assert len(text.pages) == pages

        def every_role() -> None:
            layout = prepare(text)  # noqa: B023
            for role in SignatureRole:
                find_placement(layout, role)

        times = rounds(
            [
                lambda: load_text(pdf),  # noqa: B023
                lambda: find_placement(text, SignatureRole.INITIAL),  # noqa: B023
                every_role,
            ],
            args.repeat,
        )
        print(f"{pages:>5}  " + "  ".join(cell(v, pages) for v in times))
        # sanity: the anchor found is the real closing mark on the last page
        assert find_placement(text, SignatureRole.INITIAL).page == pages - 1
    print(f"(median and IQR of {args.repeat} interleaved rounds; ratio to the target)")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
