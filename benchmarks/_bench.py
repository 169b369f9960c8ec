"""What the benchmarks share: a báo cáo like real ones, and interleaved timing rounds.

Imported by the ``bench_*.py`` scripts (run from this folder: ``python benchmarks/bench_….py``).
"""

from __future__ import annotations

import io
import time
from collections.abc import Callable
from pathlib import Path

__all__ = ["REALDOCS", "document", "office_document", "rounds", "word_pages_document"]

FONT = Path("/usr/share/fonts/truetype/liberation2/LiberationSerif-{}.ttf")
_TEXT = (
    "Ủy ban nhân dân tỉnh giao Sở Thông tin và Truyền thông chủ trì, phối hợp với các sở, ban, "
    "ngành và Ủy ban nhân dân các huyện, thị xã, thành phố rà soát hệ thống quản lý văn bản và "
    "điều hành, bảo đảm văn bản điện tử được ký số đúng thể thức theo Nghị định số "
    "30/2020/NĐ-CP ngày 05/3/2020 của Chính phủ về công tác văn thư."
)


def document(pages: int, image_side: int = 0) -> bytes:
    """A ``pages``-page báo cáo; with ``image_side``, a random grey image on every page."""
    from reportlab.lib.utils import ImageReader
    from reportlab.pdfbase import pdfmetrics
    from reportlab.pdfbase.ttfonts import TTFont
    from reportlab.pdfgen.canvas import Canvas

    for style in ("Regular", "Bold", "BoldItalic"):
        pdfmetrics.registerFont(TTFont(f"Bench-{style}", str(FONT).format(style)))
    buf = io.BytesIO()
    c = Canvas(buf, pagesize=(595.28, 841.89), invariant=1)
    words = iter(_TEXT.split() * 20_000)
    for page in range(pages):
        if image_side:
            import os

            from PIL import Image

            noise = Image.frombytes("L", (image_side, image_side), os.urandom(image_side**2))
            c.drawImage(ImageReader(noise), 500, 20, 40, 40)
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


def office_document(pages: int, work: Path) -> bytes:
    """A ``pages``-page báo cáo written by a word processor: python-docx, then LibreOffice's PDF
    export (``soffice --headless``; TrueType subsets with ``/ToUnicode``, text in ``TJ`` arrays
    as Word and LibreOffice write it). Raises ``FileNotFoundError`` without ``soffice``."""
    import shutil
    import subprocess

    from docx import Document
    from docx.enum.text import WD_ALIGN_PARAGRAPH, WD_BREAK
    from docx.shared import Pt

    soffice = shutil.which("soffice")
    if soffice is None:
        raise FileNotFoundError("soffice")
    doc = Document()
    style = doc.styles["Normal"]
    style.font.name = "Liberation Serif"
    style.font.size = Pt(13)
    for page in range(pages):
        for n in range(4 if page < pages - 1 else 3):
            last = page == pages - 1 and n == 2
            para = doc.add_paragraph(_TEXT + ("./." if last else ""))
            para.alignment = WD_ALIGN_PARAGRAPH.JUSTIFY
        if page < pages - 1:
            doc.paragraphs[-1].add_run().add_break(WD_BREAK.PAGE)
    doc.add_paragraph().add_run("Nơi nhận:").bold = True
    doc.add_paragraph("- Như trên;")
    doc.add_paragraph("- Lưu: VT, KGVX.")
    for text in ("KT. CHỦ TỊCH", "PHÓ CHỦ TỊCH", "", "", "", "Trần Minh Khoa"):
        para = doc.add_paragraph()
        para.alignment = WD_ALIGN_PARAGRAPH.RIGHT
        para.add_run(text).bold = True
    source = work / f"office-{pages}.docx"
    doc.save(str(source))
    profile = (work / "lo-profile").as_uri()
    subprocess.run(
        [soffice, f"-env:UserInstallation={profile}", "--headless", "--convert-to", "pdf",
         "--outdir", str(work), str(source)],
        check=True, capture_output=True, timeout=300,
    )  # fmt: skip
    return source.with_suffix(".pdf").read_bytes()


#: The shared corpus of real issued documents (read in place, never copied into the project).
REALDOCS = Path(__file__).resolve().parents[2] / "shared" / "corpus" / "realdocs"
#: A Microsoft Word (LTSC) báo cáo of the corpus: 8 pages, kerned ``TJ`` arrays of 2-byte
#: codes, ~40 KB of content a page (6× a reportlab page).
WORD_SAMPLE = "rd_79e9de478e71.pdf"


def word_pages_document(pages: int) -> bytes | None:
    """``pages`` pages made by Word: the first page of :data:`WORD_SAMPLE`, its body pages
    repeated, its last page (signer block) — put together by pypdf; ``None`` without the
    corpus."""
    from pypdf import PdfReader, PdfWriter

    source = REALDOCS / WORD_SAMPLE
    if not source.exists():
        return None
    reader = PdfReader(source)
    body = reader.pages[1:-1]
    writer = PdfWriter()
    writer.add_page(reader.pages[0])
    for n in range(pages - 2):
        writer.add_page(body[n % len(body)])
    writer.add_page(reader.pages[-1])
    out = io.BytesIO()
    writer.write(out)
    return out.getvalue()


def rounds(
    fns: list[Callable[[], object]],
    repeat: int,
    clock: Callable[[], float] = time.perf_counter,
) -> list[list[float]]:
    """Seconds of each function over ``repeat`` interleaved rounds (after one warm-up each),
    so that every function sees the same machine load; ``clock`` is wall time unless asked
    (``time.process_time``: the CPU this process spent, which a busy neighbour does not add
    to)."""
    for fn in fns:
        fn()
    times: list[list[float]] = [[] for _ in fns]
    for _ in range(repeat):
        for n, fn in enumerate(fns):
            start = clock()
            fn()
            times[n].append(clock() - start)
    return times
