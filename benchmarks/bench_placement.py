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
import io
import statistics
import time
from collections.abc import Callable
from pathlib import Path

from vndocsign.model import SignatureRole
from vndocsign.pdf import PdfText, load_text
from vndocsign.placement import find_placement, prepare

TARGET_MS_PER_PAGE = 5.0
FONT = Path("/usr/share/fonts/truetype/liberation2/LiberationSerif-{}.ttf")
_TEXT = (
    "Ủy ban nhân dân tỉnh giao Sở Thông tin và Truyền thông chủ trì, phối hợp với các sở, ban, "
    "ngành và Ủy ban nhân dân các huyện, thị xã, thành phố rà soát hệ thống quản lý văn bản và "
    "điều hành, bảo đảm văn bản điện tử được ký số đúng thể thức theo Nghị định số "
    "30/2020/NĐ-CP ngày 05/3/2020 của Chính phủ về công tác văn thư."
)
PARAGRAPH = _TEXT.split()


def document(pages: int) -> bytes:
    """A ``pages``-page báo cáo: full pages of 13 pt body text, then the usual footer."""
    from reportlab.pdfbase import pdfmetrics
    from reportlab.pdfbase.ttfonts import TTFont
    from reportlab.pdfgen.canvas import Canvas

    for style in ("Regular", "Bold", "BoldItalic"):
        pdfmetrics.registerFont(TTFont(f"Bench-{style}", str(FONT).format(style)))
    buf = io.BytesIO()
    c = Canvas(buf, pagesize=(595.28, 841.89), invariant=1)
    words = iter(PARAGRAPH * 10_000)
    for page in range(pages):
        y = 780.0
        while y > 70:
            line: list[str] = []
            while pdfmetrics.stringWidth(" ".join(line), "Bench-Regular", 13) < 440:
                line.append(next(words))
            last = page == pages - 1 and y < 330
            c.setFont("Bench-Regular", 13)
            c.drawString(85, y, " ".join(line) + ("./." if last else ""))
            y -= 18.5
            if last:
                break
        if page == pages - 1:
            c.setFont("Bench-BoldItalic", 12)
            c.drawString(85, y - 30, "Nơi nhận:")
            c.setFont("Bench-Regular", 11)
            c.drawString(85, y - 44, "- Như trên;")
            c.drawString(85, y - 58, "- Lưu: VT, KGVX.")
            c.setFont("Bench-Bold", 13)
            c.drawCentredString(420, y - 30, "KT. CHỦ TỊCH")
            c.drawCentredString(420, y - 45, "PHÓ CHỦ TỊCH")
            c.drawCentredString(420, y - 130, "Trần Minh Khoa")
        c.showPage()
    c.save()
    return buf.getvalue()


def interleaved(repeat: int, fns: list[Callable[[], object]]) -> list[list[float]]:
    """Seconds of each function over ``repeat`` alternating rounds (after one warm-up)."""
    for fn in fns:
        fn()
    times: list[list[float]] = [[] for _ in fns]
    for _ in range(repeat):
        for n, fn in enumerate(fns):
            start = time.perf_counter()
            fn()
            times[n].append(time.perf_counter() - start)
    return times


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

        times = interleaved(
            args.repeat,
            [
                lambda: load_text(pdf),  # noqa: B023
                lambda: find_placement(text, SignatureRole.INITIAL),  # noqa: B023
                every_role,
            ],
        )
        print(f"{pages:>5}  " + "  ".join(cell(v, pages) for v in times))
        # sanity: the anchor found is the real closing mark on the last page
        assert find_placement(text, SignatureRole.INITIAL).page == pages - 1
    print(f"(median and IQR of {args.repeat} interleaved rounds; ratio to the target)")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
