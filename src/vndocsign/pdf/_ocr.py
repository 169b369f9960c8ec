"""Scans: tell a missing or garbage text layer, and read the page with Tesseract (optional).

**Garbage test** (:func:`garbage_layer`). Vietnamese prose carries diacritics on most words:
on the real documents 82-95 % of the words of two or more letters have a Vietnamese diacritic
letter (or ``đ``); the garbage OCR layer of a scanned Quyết định (an engine without Vietnamese,
``Vd viQc cho ph6p hqp nh6t HQi``) has 0 %. A page with at least :data:`GARBAGE_MIN_WORDS`
such words of which fewer than :data:`GARBAGE_MAX_DIACRITIC_SHARE` carry a diacritic is read
as garbage. (An all-English page is garbage by that test too: vndocsign reads Vietnamese
official documents.)

**OCR** (the ``vndocsign[ocr]`` extra: the ``tesseract`` program with the ``vie`` language,
Debian packages ``tesseract-ocr`` and ``tesseract-ocr-vie``). Called as a subprocess with TSV
output: no Python binding to install, and a hard time limit per page
(:data:`OCR_TIMEOUT_SECONDS`; a page that takes longer yields no words and a warning). The
page is rendered at :data:`OCR_DPI` dpi in colour, coloured ink (a red seal over the signer's
name, a blue pen signature) is whitened (:func:`drop_colour_ink`) and the rest read in grey,
without annotations (a signature stamp's own
text is read from its appearance, not by OCR). Words come back as glyphs whose boxes split the
word's box evenly, with :class:`~vndocsign.pdf.TextSource` kind ``ocr`` and no font style.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import tempfile
import unicodedata
from pathlib import Path

import pypdfium2 as pdfium
from PIL import Image, ImageChops

from vndocsign.pdf._annots import TextSource, TextSourceKind
from vndocsign.pdf.geometry import PageFrame

__all__ = [
    "COLOUR_INK_THRESHOLD",
    "GARBAGE_MAX_DIACRITIC_SHARE",
    "GARBAGE_MIN_WORDS",
    "OCR_DPI",
    "OCR_TIMEOUT_SECONDS",
    "OcrWord",
    "drop_colour_ink",
    "garbage_layer",
    "ocr_available",
    "ocr_words",
]

GARBAGE_MIN_WORDS = 30
GARBAGE_MAX_DIACRITIC_SHARE = 0.25
OCR_DPI = 300
#: Documented per-page bound on OCR (render + recognition; about 5-10 s on one core).
OCR_TIMEOUT_SECONDS = 60.0
#: Channel spread (0-255) above which a pixel is coloured ink (seal, pen), not print.
COLOUR_INK_THRESHOLD = 60
#: Tesseract word confidence below this (0-100) is dropped as noise.
_MIN_WORD_CONFIDENCE = 30.0


def _has_diacritic(word: str) -> bool:
    for c in word:
        if c in "đĐ":
            return True
        if c.isalpha() and unicodedata.decomposition(c):
            return True
    return False


def garbage_layer(words: list[str]) -> bool:
    """Whether a page's words are not readable Vietnamese (see the module docstring)."""
    long_words = [w for w in words if sum(c.isalpha() for c in w) >= 2]
    if len(long_words) < GARBAGE_MIN_WORDS:
        return False
    share = sum(_has_diacritic(w) for w in long_words) / len(long_words)
    return share < GARBAGE_MAX_DIACRITIC_SHARE


def drop_colour_ink(image: Image.Image, threshold: int = COLOUR_INK_THRESHOLD) -> Image.Image:
    """A grey copy of a rendered page with coloured ink (red seal, blue pen) turned white.

    Printed text is black or grey (red, green and blue about equal); a seal is red and a pen
    signature or a handwritten number mostly blue. Pixels whose channels differ by more than
    ``threshold`` (0-255) are whitened, so the name printed under a red seal reads again.
    """
    rgb = image.convert("RGB")
    red, green, blue = rgb.split()
    high = ImageChops.lighter(ImageChops.lighter(red, green), blue)
    low = ImageChops.darker(ImageChops.darker(red, green), blue)
    coloured = ImageChops.subtract(high, low).point(lambda v: 255 if v > threshold else 0)
    return Image.composite(Image.new("L", rgb.size, 255), rgb.convert("L"), coloured)


def ocr_available() -> bool:
    """Whether the ``tesseract`` program is installed (the ``vndocsign[ocr]`` extra)."""
    return shutil.which("tesseract") is not None


class OcrWord:
    """One recognised word: text, box in PDF user space, Tesseract confidence (0-1)."""

    __slots__ = ("bbox", "confidence", "line", "source", "text")

    def __init__(
        self,
        text: str,
        bbox: tuple[float, float, float, float],
        confidence: float,
        line: tuple[int, int, int],
        source: TextSource,
    ) -> None:
        self.text, self.bbox, self.confidence = text, bbox, confidence
        self.line, self.source = line, source


def ocr_words(
    page: pdfium.PdfPage, index: int, frame: PageFrame, *, timeout: float = OCR_TIMEOUT_SECONDS
) -> tuple[list[OcrWord], str | None]:
    """Recognise the words of a rendered page; ``(words, problem)`` (``problem`` a message)."""
    exe = shutil.which("tesseract")
    if exe is None:
        return [], "tesseract is not installed"
    scale = OCR_DPI / 72.0
    image = drop_colour_ink(
        page.render(scale=scale, draw_annots=False, may_draw_forms=False).to_pil()
    )
    with tempfile.TemporaryDirectory(prefix="vndocsign-ocr-") as tmp:
        path = Path(tmp) / "page.png"
        image.save(path)
        env = {**os.environ, "OMP_THREAD_LIMIT": "1"}
        try:
            done = subprocess.run(
                [exe, str(path), "stdout", "-l", "vie", "--psm", "3", "tsv"],
                capture_output=True,
                timeout=timeout,
                env=env,
                check=False,
            )
        except subprocess.TimeoutExpired:
            return [], f"OCR took longer than {timeout:.0f} s"
        except OSError as exc:
            return [], f"tesseract could not run ({exc})"
    if done.returncode != 0:
        return [], "tesseract failed: " + done.stderr.decode("utf-8", "replace")[:200]
    source = TextSource(kind=TextSourceKind.OCR, page=index)
    height = frame.height
    out: list[OcrWord] = []
    for row in done.stdout.decode("utf-8", "replace").splitlines()[1:]:
        cols = row.split("\t")
        if len(cols) < 12 or not cols[11].strip():
            continue
        try:
            left, top, width, h = (float(v) / scale for v in cols[6:10])
            conf = float(cols[10])
            line = (int(cols[2]), int(cols[3]), int(cols[4]))
        except ValueError:
            continue
        if conf < _MIN_WORD_CONFIDENCE:
            continue
        display = (left, height - top - h, left + width, height - top)
        out.append(
            OcrWord(
                unicodedata.normalize("NFC", cols[11].strip()),
                frame.box_to_user(display),
                conf / 100.0,
                line,
                source,
            )
        )
    return _drop_doubles(out), None


def _overlap(a: tuple[float, float, float, float], b: tuple[float, float, float, float]) -> float:
    """The share of the smaller box that the two boxes have in common."""
    w = min(a[2], b[2]) - max(a[0], b[0])
    h = min(a[3], b[3]) - max(a[1], b[1])
    if w <= 0 or h <= 0:
        return 0.0
    smaller = min((a[2] - a[0]) * (a[3] - a[1]), (b[2] - b[0]) * (b[3] - b[1]))
    return w * h / smaller if smaller > 0 else 0.0


def _drop_doubles(words: list[OcrWord]) -> list[OcrWord]:
    """One word where Tesseract read the same word twice at one place (a stroke of a
    stamp or signature near it splits its segmentation: ``LÂM LÂM``), the surer one kept;
    drawn as glyphs, the two would interleave (``L LÂÂMM``). Compared within a line only
    (a page's words are not compared with each other: a dense page has thousands)."""
    kept: list[OcrWord] = []
    by_line: dict[tuple[int, int, int], list[int]] = {}
    for word in words:
        same_line = by_line.setdefault(word.line, [])
        twin = next(
            (
                n
                for n in same_line
                if kept[n].text.casefold() == word.text.casefold()
                and _overlap(kept[n].bbox, word.bbox) >= 0.6
            ),
            None,
        )
        if twin is None:
            same_line.append(len(kept))
            kept.append(word)
        elif word.confidence > kept[twin].confidence:
            kept[twin] = word
    return kept
