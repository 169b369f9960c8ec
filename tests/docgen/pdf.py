"""Render a :class:`~docgen.spec.DocSpec` to PDF with reportlab, and say where things were drawn.

Layout follows Decree 30/2020 Phụ lục I (A4, margins 20/20/30/15 mm, Liberation Serif — the
metric twin of Times New Roman — embedded and subset): a two-column header, the type name and
subject, "Kính gửi", justified 14 pt body ending with "./.", a two-column footer (Nơi nhận left,
signer block right), page numbers from page 2 in the top margin.

Everything is laid out on a *portrait frame* (595.28 x 841.89 pt, origin bottom-left) and then
mapped into PDF user space by one affine matrix, which is how ``/Rotate`` pages with upright
content and CropBoxes away from the origin are produced. The :class:`Truth` returned with the
PDF gives every interesting box in **user space** (what a signature ``/Rect`` uses) and in the
portrait *display* frame.
"""

from __future__ import annotations

import functools
import io
import itertools
import os
import random
import tempfile
from collections.abc import Sequence
from pathlib import Path
from typing import Literal

import attrs

from docgen.spec import DocSpec, Para, SignerSpec

__all__ = [
    "FONT_FILES",
    "BBox",
    "RenderOptions",
    "RenderedDoc",
    "SignerTruth",
    "TextBox",
    "Truth",
    "fonts_available",
    "render",
]

BBox = tuple[float, float, float, float]

PAGE_W, PAGE_H = 595.2756, 841.8898  # A4 in points
MM = 72 / 25.4
TOP, BOTTOM, LEFT, RIGHT = 20 * MM, 20 * MM, 30 * MM, 15 * MM
X0, X1 = LEFT, PAGE_W - RIGHT
HEADER_SPLIT = X0 + 180.0  # left header column [X0, split], right [split, X1]
FOOTER_SPLIT = X0 + 205.0

# Only the 2.x Liberation fonts (Debian fonts-liberation2) carry the Vietnamese letters;
# the 1.x faces in .../liberation/ lack Ủ, Ộ, ề... and would render holes.
_FONT_DIRS = (Path("/usr/share/fonts/truetype/liberation2"),)
_STYLES = {"R": "Regular", "B": "Bold", "I": "Italic", "BI": "BoldItalic"}

#: style key -> TTF file found on this machine (Liberation Serif, Times New Roman metrics).
FONT_FILES: dict[str, Path] = {}
for _key, _style in _STYLES.items():
    for _dir in _FONT_DIRS:
        _path = _dir / f"LiberationSerif-{_style}.ttf"
        if _path.is_file():
            FONT_FILES[_key] = _path
            break


def fonts_available() -> bool:
    """True when the four Liberation Serif faces are installed (fonts-liberation2)."""
    return len(FONT_FILES) == 4


_registered = False


def _font_name(style: str) -> str:
    return f"LiberationSerif-{_STYLES[style]}"


def _register_fonts() -> None:
    global _registered
    if _registered:
        return
    if not fonts_available():
        raise RuntimeError("Liberation Serif fonts are missing (apt-get install fonts-liberation2)")
    from reportlab.pdfbase import pdfmetrics
    from reportlab.pdfbase.ttfonts import TTFont

    for key in _STYLES:
        pdfmetrics.registerFont(TTFont(_font_name(key), str(_dehinted(FONT_FILES[key]))))
    _registered = True


def _dehinted(path: Path) -> Path:
    """A copy of the font without TrueType hinting (halves the embedded subsets).

    Hinting only matters for screen rasterising at small sizes; dropping it keeps the sample
    PDFs shipped in the package small. Falls back to the original file without fontTools.
    """
    try:
        from fontTools.ttLib import TTFont as FtFont
    except ImportError:  # pragma: no cover - fontTools comes with pyhanko[opentype]
        return path
    stat = path.stat()
    cache = Path(tempfile.gettempdir()) / "vndocsign-docgen-fonts"
    target = cache / f"{path.stem}-{stat.st_size}-{int(stat.st_mtime)}-nohint.ttf"
    if target.is_file():
        return target
    cache.mkdir(parents=True, exist_ok=True)
    font = FtFont(str(path))
    for table in ("fpgm", "prep", "cvt ", "gasp", "hdmx"):
        if table in font:
            del font[table]
    glyf = font["glyf"]
    for name in font.getGlyphOrder():
        glyf[name].removeHinting()
    font["maxp"].maxSizeOfInstructions = 0
    tmp = target.with_suffix(f".{os.getpid()}.tmp")
    font.save(str(tmp))
    tmp.replace(target)
    return target


@functools.lru_cache(maxsize=65536)
def _width(text: str, style: str, size: float) -> float:
    from reportlab.pdfbase import pdfmetrics

    return float(pdfmetrics.stringWidth(text, _font_name(style), size))


ASCENT, DESCENT = 0.891, -0.216  # Liberation Serif, fraction of the font size


# --------------------------------------------------------------------------------------------
# Results


@attrs.frozen
class TextBox:
    """Where a piece of text was drawn.

    ``bbox`` is in PDF user space of the unrotated page (x0, y0, x1, y1): directly comparable
    with glyph boxes from PDFium and with a widget ``/Rect``. ``display_bbox`` is the same box
    in the upright portrait frame a reader sees (origin at the CropBox's visual bottom-left).
    ``page`` is 0-based.
    """

    page: int
    text: str
    bbox: BBox
    display_bbox: BBox
    baseline: float  # in the display frame


@attrs.frozen
class SignerTruth:
    """One signer block: its title lines, the blank space for the signature, the name line."""

    titles: tuple[TextBox, ...]
    name: TextBox
    signature_area: TextBox  # the empty band between the last title line and the name

    @property
    def position(self) -> TextBox:
        """The title line directly above the signature space."""
        return self.titles[-1]


@attrs.frozen
class Truth:
    """Ground truth of one rendering."""

    page_count: int
    closing: TextBox  # the final "./." glyphs
    signers: tuple[SignerTruth, ...]
    fields: dict[str, TextBox]  # "number", "date_line", "issuer", "type_name", "subject"...
    mediabox: BBox
    cropbox: BBox
    rotation: int

    @property
    def signer(self) -> SignerTruth:
        return self.signers[0]


Runs = Literal["line", "word", "char", "chunks"]


@attrs.frozen
class RenderOptions:
    """How to produce the PDF (not what it says).

    * ``runs``: ``"line"`` one ``Tj`` per line and font (justified with ``Tw``), ``"word"`` one
      per word, ``"char"`` one ``Tj`` per character (positions from the font's advance widths),
      ``"chunks"`` words cut into pseudo-random pieces of 1–4 characters (seeded, repeatable).
    * ``shuffle``: draw each page's runs in a pseudo-random order (content-stream order then
      says nothing about reading order, as with some PDF libraries and form flatteners).
    * ``fake_bold``: draw "bold" text with the regular face, stroked (text render mode 2), as
      producers without a bold face do: the font then carries no bold flag at all. Truth
      boxes of such text are computed with the bold metrics (a few points too wide).
    * ``rotate``: the page's ``/Rotate``; content is drawn so that it reads upright on screen
      (so with 90/270 the MediaBox is landscape and user-space text runs vertically).
    * ``box_offset``: lower-left corner of the CropBox in user space; ``media_margin``: how far
      the MediaBox extends beyond the CropBox on every side.
    * ``end_at_bottom``: pad the last paragraph so that the "./." line is the last line that fits
      above the bottom margin; the footer then starts on the next page.
    """

    runs: Runs = "line"
    rotate: Literal[0, 90, 180, 270] = 0
    box_offset: tuple[float, float] = (0.0, 0.0)
    media_margin: float = 0.0
    end_at_bottom: bool = False
    shuffle: bool = False
    fake_bold: bool = False
    compress: bool = True


@attrs.frozen
class RenderedDoc:
    """A generated PDF, the spec actually rendered (after padding) and the ground truth."""

    pdf: bytes
    truth: Truth
    spec: DocSpec
    options: RenderOptions


# --------------------------------------------------------------------------------------------
# Layout on the portrait frame


@attrs.frozen
class _Text:
    page: int
    x: float
    y: float
    words: tuple[tuple[float, str], ...]  # (x of word, word) — all in one font
    style: str
    size: float
    word_space: float  # extra space per inter-word gap (justification)

    @property
    def text(self) -> str:
        return " ".join(w for _, w in self.words)


@attrs.frozen
class _Rule:
    page: int
    x0: float
    y0: float
    x1: float
    y1: float
    rect: bool  # True: rectangle outline, False: line


@attrs.define
class _Layout:
    texts: list[_Text] = attrs.field(factory=list)
    rules: list[_Rule] = attrs.field(factory=list)
    boxes: dict[str, tuple[int, BBox, float, str]] = attrs.field(factory=dict)
    signers: list[tuple[list[tuple[int, BBox, float, str]], tuple[int, BBox, float, str]]] = (
        attrs.field(factory=list)
    )
    page: int = 0
    y: float = PAGE_H - TOP
    closing_room: float = 0.0  # space left under the closing line on its page

    # -- primitives -----------------------------------------------------------------------

    def text(self, x: float, y: float, text: str, style: str, size: float) -> BBox:
        """Draw one run starting at x on baseline y; returns its box."""
        words = []
        cx = x
        space = _width(" ", style, size)
        for word in text.split(" "):
            words.append((cx, word))
            cx += _width(word, style, size) + space
        self.texts.append(_Text(self.page, x, y, tuple(words), style, size, 0.0))
        return (x, y + DESCENT * size, x + _width(text, style, size), y + ASCENT * size)

    def centered(self, text: str, style: str, size: float, x0: float, x1: float, y: float) -> BBox:
        w = _width(text, style, size)
        return self.text((x0 + x1 - w) / 2, y, text, style, size)

    def record(self, key: str, bbox: BBox, y: float, text: str, page: int | None = None) -> None:
        self.boxes[key] = (self.page if page is None else page, bbox, y, text)

    def extend(self, key: str, bbox: BBox, text: str) -> None:
        """Grow a recorded box (a subject wrapped on two lines)."""
        page, old, y, old_text = self.boxes[key]
        merged = (
            min(old[0], bbox[0]),
            min(old[1], bbox[1]),
            max(old[2], bbox[2]),
            max(old[3], bbox[3]),
        )
        self.boxes[key] = (page, merged, y, f"{old_text} {text}")

    def new_page(self) -> None:
        self.page += 1
        self.y = PAGE_H - TOP
        label = str(self.page + 1)
        self.centered(label, "R", 13, X0, X1, PAGE_H - 12 * MM)

    def ensure(self, height: float) -> None:
        if self.y - height < BOTTOM:
            self.new_page()


def _wrap(
    words: Sequence[tuple[str, str]], size: float, width: float, first_indent: float = 0.0
) -> list[list[tuple[str, str]]]:
    """Greedy line breaking of (word, style) tokens."""
    lines: list[list[tuple[str, str]]] = []
    line: list[tuple[str, str]] = []
    used = 0.0
    avail = width - first_indent
    for word, style in words:
        w = _width(word, style, size)
        extra = w if not line else _width(" ", style, size) + w
        if line and used + extra > avail:
            lines.append(line)
            line, used, avail = [(word, style)], w, width
        else:
            line.append((word, style))
            used += extra
    if line:
        lines.append(line)
    return lines


def _wrap_text(text: str, style: str, size: float, width: float) -> list[str]:
    return [
        " ".join(w for w, _ in ln) for ln in _wrap([(w, style) for w in text.split()], size, width)
    ]


def _line_height(size: float) -> float:
    return size * 1.2


def _emit_line(
    lay: _Layout,
    tokens: list[tuple[str, str]],
    size: float,
    x0: float,
    width: float,
    align: str,
    justify: bool,
) -> tuple[float, float]:
    """Draw one laid-out line at ``lay.y``; returns the x extent of its last word."""
    widths = [_width(w, s, size) for w, s in tokens]
    spaces = [_width(" ", s, size) for _, s in tokens]
    natural = sum(widths) + sum(spaces[1:])
    gaps = len(tokens) - 1
    extra = (width - natural) / gaps if justify and gaps > 0 else 0.0
    x = x0 + (width - natural) / 2 if align == "center" else x0
    positions: list[float] = []
    for i, w in enumerate(widths):
        positions.append(x)
        x += w + (spaces[i + 1] + extra if i + 1 < len(tokens) else 0.0)
    # group consecutive words of one style into one run
    i = 0
    for style, group in itertools.groupby(range(len(tokens)), key=lambda k: tokens[k][1]):
        idx = list(group)
        words = tuple((positions[k], tokens[k][0]) for k in idx)
        lay.texts.append(_Text(lay.page, positions[idx[0]], lay.y, words, style, size, extra))
        i = idx[-1]
    last_x0 = positions[i]
    return last_x0, last_x0 + widths[i]


def _paragraph(lay: _Layout, para: Para, size: float, closing: str | None) -> None:
    style = (
        "BI" if para.bold and para.italic else "B" if para.bold else ("I" if para.italic else "R")
    )
    tokens: list[tuple[str, str]] = []
    if para.lead:
        tokens += [(w, "B") for w in para.lead.split()]
    tokens += [(w, style) for w in para.text.split()]
    if closing:
        if tokens:
            word, st = tokens[-1]
            tokens[-1] = (word + closing, st)
        else:
            tokens = [(closing, style)]
    indent = 1.27 / 2.54 * 72 if para.indent and para.align == "justify" else 0.0
    width = X1 - X0
    lines = _wrap(tokens, size, width, indent)
    lh = _line_height(size)
    for n, line in enumerate(lines):
        lay.ensure(lh)
        lay.y -= lh
        offset = indent if n == 0 else 0.0
        last = n == len(lines) - 1
        _, x_end = _emit_line(
            lay,
            line,
            size,
            X0 + offset,
            width - offset,
            para.align,
            justify=para.align == "justify" and not last,
        )
        if last and closing:
            cw = _width(closing, line[-1][1], size)
            bbox = (x_end - cw, lay.y + DESCENT * size, x_end, lay.y + ASCENT * size)
            lay.record("closing", bbox, lay.y, closing)
            lay.closing_room = lay.y - BOTTOM
    lay.y -= 6.0  # paragraph spacing >= 6 pt


def _header(lay: _Layout, spec: DocSpec) -> None:
    top = PAGE_H - TOP
    if spec.draft:
        bbox = lay.centered("DỰ THẢO", "B", 13, X1 - 90, X1, top - 12)
        lay.rules.append(_Rule(0, bbox[0] - 6, bbox[1] - 3, bbox[2] + 6, bbox[3] + 2, True))
        lay.record("draft", bbox, top - 12, "DỰ THẢO")
        top -= 26
    # right column: Quốc hiệu, Tiêu ngữ (underlined)
    qh = "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM"
    y_r = top - 12
    lay.centered(qh, "B", 12, HEADER_SPLIT, X1, y_r)
    y_r -= 15
    tn = "Độc lập - Tự do - Hạnh phúc"
    bb = lay.centered(tn, "B", 13, HEADER_SPLIT, X1, y_r)
    lay.rules.append(_Rule(0, bb[0], y_r - 2.5, bb[2], y_r - 2.5, False))
    # left column: parent (regular), issuer (bold, may wrap), short underline
    y_l = top - 12
    col = HEADER_SPLIT - X0
    if spec.parent:
        for line in _wrap_text(spec.parent, "R", 12, col):
            bb = lay.centered(line, "R", 12, X0, HEADER_SPLIT, y_l)
            if "parent" in lay.boxes:
                lay.extend("parent", bb, line)
            else:
                lay.record("parent", bb, y_l, line)
            y_l -= 14
    for line in _wrap_text(spec.issuer, "B", 12, col):
        bb = lay.centered(line, "B", 12, X0, HEADER_SPLIT, y_l)
        if "issuer" in lay.boxes:
            lay.extend("issuer", bb, line)
        else:
            lay.record("issuer", bb, y_l, line)
        last_issuer = bb
        y_l -= 14
    iw = (last_issuer[2] - last_issuer[0]) * 0.4
    mid = (X0 + HEADER_SPLIT) / 2
    lay.rules.append(_Rule(0, mid - iw / 2, y_l + 9, mid + iw / 2, y_l + 9, False))
    # number (left) and date line (right) on one row
    y = min(y_l, y_r) - 14
    bb = lay.centered(spec.printed_number, "R", 13, X0, HEADER_SPLIT, y)
    lay.record("number", bb, y, spec.printed_number)
    date_size = 13.0
    while _width(spec.printed_date, "I", date_size) > X1 - HEADER_SPLIT and date_size > 10:
        date_size -= 0.5
    bb = lay.centered(spec.printed_date, "I", date_size, HEADER_SPLIT, X1, y)
    lay.record("date_line", bb, y, spec.printed_date)
    y_left = y
    if spec.is_cong_van and spec.subject:
        y_left -= 6
        for line in _wrap_text("V/v " + spec.subject, "R", 12, col - 4):
            y_left -= 14
            bb = lay.centered(line, "R", 12, X0, HEADER_SPLIT, y_left)
            if "subject" in lay.boxes:
                lay.extend("subject", bb, line)
            else:
                lay.record("subject", bb, y_left, line)
    for key, mark, size, pad in (
        ("secrecy", spec.secrecy, 13.0, 4.0),
        ("urgency", spec.urgency, 13.0, 4.0),
    ):
        if not mark:
            continue
        y_left -= 24
        bb = lay.centered(mark, "B", size, X0, HEADER_SPLIT, y_left)
        lay.rules.append(_Rule(0, bb[0] - pad * 2, bb[1] - pad, bb[2] + pad * 2, bb[3] + pad, True))
        lay.record(key, bb, y_left, mark)
    lay.y = min(y_left, y) - 10


def _heading(lay: _Layout, spec: DocSpec) -> None:
    if spec.type_name:
        lay.y -= 24
        bb = lay.centered(spec.type_name, "B", 14, X0, X1, lay.y)
        lay.record("type_name", bb, lay.y, spec.type_name)
        last = bb
        for line in _wrap_text(spec.subject, "B", 14, (X1 - X0) * 0.85):
            lay.y -= 17
            bb = lay.centered(line, "B", 14, X0, X1, lay.y)
            if "subject" in lay.boxes:
                lay.extend("subject", bb, line)
            else:
                lay.record("subject", bb, lay.y, line)
            last = bb
        w = (last[2] - last[0]) / 3 if spec.subject else 0
        if w:
            mid = (X0 + X1) / 2
            lay.rules.append(_Rule(0, mid - w / 2, lay.y - 4, mid + w / 2, lay.y - 4, False))
        lay.y -= 8
    rec = spec.recipient_lines()
    if not rec:
        lay.y -= 8
        return
    lay.y -= 14
    size = spec.body_size
    label = spec.recipients_label
    if len(rec) == 1:
        lay.y -= _line_height(size)
        bb = lay.centered(rec[0], "R", size, X0, X1, lay.y)
        lay.record("recipients", bb, lay.y, rec[0])
    else:
        widest = max(_width(r, "R", size) for r in rec)
        lw = _width(label + " ", "R", size)
        x = (X0 + X1 - lw - widest) / 2
        for i, item in enumerate(rec):
            lay.y -= _line_height(size)
            if i == 0:
                lay.text(x, lay.y, label, "R", size)
            bb = lay.text(x + lw, lay.y, item, "R", size)
            if i == 0:
                lay.record("recipients", bb, lay.y, item)
            else:
                lay.extend("recipients", bb, item)
    lay.y -= 10


def _signer_block(lay: _Layout, signer: SignerSpec, x0: float, x1: float, y: float) -> float:
    titles = []
    for t in signer.titles:
        for line in _wrap_text(t, "B", 13, x1 - x0):
            bb = lay.centered(line, "B", 13, x0, x1, y)
            titles.append((lay.page, bb, y, line))
            y -= 16
    gap = 70.0  # ~2.5 cm for the signature image (and the seal over its left third)
    y -= gap
    bb = lay.centered(signer.name, "B", 14, x0, x1, y)
    lay.signers.append((titles, (lay.page, bb, y, signer.name)))
    return y - 16


def _signer_height(signer: SignerSpec, width: float) -> float:
    n = sum(len(_wrap_text(t, "B", 13, width)) for t in signer.titles)
    return n * 16 + 70 + 16


def _distribution_height(spec: DocSpec, width: float) -> float:
    n = sum(len(_wrap_text(d, "R", 11, width)) for d in spec.distribution_lines())
    return 15 + n * 13 if spec.distribution else 0


def _distribution(lay: _Layout, spec: DocSpec, x0: float, x1: float, y: float) -> float:
    if not spec.distribution:
        return y
    bb = lay.text(x0, y, "Nơi nhận:", "BI", 12)
    lay.record("distribution_label", bb, y, "Nơi nhận:")
    y -= 14
    for item in spec.distribution_lines():
        for k, line in enumerate(_wrap_text(item, "R", 11, x1 - x0)):
            lay.text(x0 + (8 if k else 0), y, line, "R", 11)
            y -= 13
    return y


def _footer(lay: _Layout, spec: DocSpec) -> None:
    lay.y -= 8
    if spec.footer == "bien_ban":
        half = (X0 + X1) / 2
        height = max(_signer_height(s, half - X0) for s in spec.signers[:2]) + 24
        height += _distribution_height(spec, half - X0)
        lay.ensure(height)
        y = lay.y - 14
        ends = []
        for signer, (a, b) in zip(spec.signers[:2], ((X0, half), (half, X1)), strict=False):
            ends.append(_signer_block(lay, signer, a, b, y))
        lay.y = min(ends) - 8
        lay.y = _distribution(lay, spec, X0, half, lay.y)
        return
    right_w = X1 - FOOTER_SPLIT
    height = max(
        sum(_signer_height(s, right_w) for s in spec.signers) if spec.signers else 0,
        _distribution_height(spec, FOOTER_SPLIT - X0 - 10),
    )
    lay.ensure(height + 14)
    y = lay.y - 14
    left_end = _distribution(lay, spec, X0, FOOTER_SPLIT - 10, y)
    right_end = y
    for signer in spec.signers:
        right_end = _signer_block(lay, signer, FOOTER_SPLIT, X1, right_end)
    lay.y = min(left_end, right_end)


def _layout(spec: DocSpec) -> _Layout:
    lay = _Layout()
    _header(lay, spec)
    _heading(lay, spec)
    for i, para in enumerate(spec.body):
        closing = spec.closing if i == len(spec.body) - 1 else None
        _paragraph(lay, para, spec.body_size, closing)
    if not spec.body:
        _paragraph(lay, Para(""), spec.body_size, spec.closing)
    _footer(lay, spec)
    return lay


_FILLER_TEXT = (
    "Đề nghị các cơ quan, đơn vị liên quan phối hợp chặt chẽ, tổ chức thực hiện nghiêm túc, "
    "kịp thời và báo cáo kết quả về Ủy ban nhân dân tỉnh theo đúng thời hạn quy định"
)


def _fill_to_bottom(spec: DocSpec) -> DocSpec:
    """Grow a filler paragraph before the last one until "./." is the page's last line.

    Words are added one at a time: each added line moves the closing line down by one line
    height, so within one page's worth of lines it becomes the last line that fits above the
    bottom margin (and the footer, kept together, moves to the next page).
    """
    body = list(spec.body) or [Para("")]
    lh = _line_height(spec.body_size)
    words: list[str] = []
    filler_words = _FILLER_TEXT.split()
    for n in range(4000):
        filler = Para(" ".join(words) + ".") if words else None
        paras = (*body[:-1], filler, body[-1]) if filler else tuple(body)
        candidate = attrs.evolve(spec, body=paras)
        lay = _layout(candidate)
        page = lay.boxes["closing"][0]
        footer_page = lay.signers[0][1][0] if lay.signers else page + 1
        if lay.closing_room < lh and footer_page > page:
            return candidate
        words.append(filler_words[n % len(filler_words)])
    raise RuntimeError("could not pad the document to end at the bottom of a page")


# --------------------------------------------------------------------------------------------
# Mapping to user space and drawing


def _matrix(options: RenderOptions) -> tuple[float, float, float, float, float, float]:
    cx, cy = options.box_offset
    return {
        0: (1.0, 0.0, 0.0, 1.0, cx, cy),
        90: (0.0, 1.0, -1.0, 0.0, cx + PAGE_H, cy),
        180: (-1.0, 0.0, 0.0, -1.0, cx + PAGE_W, cy + PAGE_H),
        270: (0.0, -1.0, 1.0, 0.0, cx, cy + PAGE_W),
    }[options.rotate]


def _map_box(m: tuple[float, ...], box: BBox) -> BBox:
    a, b, c, d, e, f = m
    xs, ys = [], []
    for px, py in ((box[0], box[1]), (box[0], box[3]), (box[2], box[1]), (box[2], box[3])):
        xs.append(a * px + c * py + e)
        ys.append(b * px + d * py + f)
    return (min(xs), min(ys), max(xs), max(ys))


def _boxes(options: RenderOptions) -> tuple[BBox, BBox]:
    cx, cy = options.box_offset
    w, h = (PAGE_H, PAGE_W) if options.rotate in (90, 270) else (PAGE_W, PAGE_H)
    crop = (cx, cy, cx + w, cy + h)
    mm = options.media_margin
    media = (cx - mm, cy - mm, cx + w + mm, cy + h + mm)
    return media, crop


def _draw_run(canvas: object, t: _Text, runs: Runs, fake_bold: bool = False) -> None:
    style = t.style
    stroke = fake_bold and "B" in style
    if stroke:
        style = style.replace("B", "") or "R"
    font = _font_name(style)
    c = canvas
    c.setLineWidth(0.35 if stroke else 0.6)  # type: ignore[attr-defined]
    if runs == "line":
        text = c.beginText(t.x, t.y)  # type: ignore[attr-defined]
        text.setTextRenderMode(2 if stroke else 0)
        text.setFont(font, t.size)
        # Tw is part of the graphics state and survives ET: always set it.
        text.setWordSpace(t.word_space)
        text.textOut(t.text)
        c.drawText(text)  # type: ignore[attr-defined]
        return
    mode = 2 if stroke else 0
    for x, word in t.words:
        if runs == "word":
            c.setFont(font, t.size)  # type: ignore[attr-defined]
            c.drawString(x, t.y, word, mode=mode)  # type: ignore[attr-defined]
            continue
        cx = x
        for piece in _pieces(word, runs):
            c.setFont(font, t.size)  # type: ignore[attr-defined]
            c.drawString(cx, t.y, piece, mode=mode)  # type: ignore[attr-defined]
            cx += _width(piece, style, t.size)


def _pieces(word: str, runs: Runs) -> list[str]:
    if runs == "char":
        return list(word)
    rng = random.Random(word)  # repeatable: the same word is always cut the same way
    out, i = [], 0
    while i < len(word):
        n = rng.randint(1, 4)
        out.append(word[i : i + n])
        i += n
    return out


def render(spec: DocSpec, options: RenderOptions | None = None, **kw: object) -> RenderedDoc:
    """Render ``spec`` to PDF bytes; ``kw`` are :class:`RenderOptions` fields."""
    _register_fonts()
    from reportlab.pdfgen.canvas import Canvas

    opts = options if options is not None else RenderOptions(**kw)  # type: ignore[arg-type]
    if options is not None and kw:
        opts = attrs.evolve(options, **kw)  # type: ignore[arg-type]
    if opts.end_at_bottom:
        spec = _fill_to_bottom(spec)
    lay = _layout(spec)
    m = _matrix(opts)
    media, crop = _boxes(opts)
    buf = io.BytesIO()
    # reportlab swaps width and height of the MediaBox it writes for /Rotate 90 and 270.
    pagesize = (media[3], media[2]) if opts.rotate in (90, 270) else (media[2], media[3])
    canvas = Canvas(
        buf,
        pagesize=pagesize,
        pageCompression=1 if opts.compress else 0,
        invariant=1,
        initialFontName=_font_name("R"),  # no stray unembedded Helvetica in the resources
        initialFontSize=14,
    )
    canvas.setTitle(spec.subject or spec.type_name or "Văn bản")
    canvas.setAuthor(spec.issuer)
    canvas.setCreator("vndocsign test docgen (reportlab)")
    pages = lay.page + 1
    for page in range(pages):
        if opts.rotate:
            canvas.setPageRotation(opts.rotate)
        if crop != (0.0, 0.0, media[2], media[3]):
            canvas.setCropBox(crop)
        canvas.saveState()
        canvas.transform(*m)
        canvas.setLineWidth(0.6)
        for rule in (r for r in lay.rules if r.page == page):
            if rule.rect:
                canvas.rect(rule.x0, rule.y0, rule.x1 - rule.x0, rule.y1 - rule.y0)
            else:
                canvas.line(rule.x0, rule.y0, rule.x1, rule.y1)
        texts = [t for t in lay.texts if t.page == page]
        if opts.shuffle:
            random.Random(page).shuffle(texts)
        for t in texts:
            _draw_run(canvas, t, opts.runs, opts.fake_bold)
        canvas.restoreState()
        canvas.showPage()
    canvas.save()
    pdf = buf.getvalue()
    if media[0] != 0 or media[1] != 0:
        pdf = _set_mediabox(pdf, media, crop)

    def box(entry: tuple[int, BBox, float, str]) -> TextBox:
        page, bbox, y, text = entry
        return TextBox(page, text, _map_box(m, bbox), bbox, y)

    signers = []
    for titles, name in lay.signers:
        name_box = box(name)
        last = titles[-1]
        area = (
            min(last[1][0], name[1][0]),
            name[1][3] + 2,
            max(last[1][2], name[1][2]),
            last[1][1] - 2,
        )
        signers.append(
            SignerTruth(
                titles=tuple(box(t) for t in titles),
                name=name_box,
                signature_area=box((name[0], area, area[1], "")),
            )
        )
    truth = Truth(
        page_count=pages,
        closing=box(lay.boxes["closing"]),
        signers=tuple(signers),
        fields={k: box(v) for k, v in lay.boxes.items() if k != "closing"},
        mediabox=media,
        cropbox=crop,
        rotation=opts.rotate,
    )
    return RenderedDoc(pdf=pdf, truth=truth, spec=spec, options=opts)


def _set_mediabox(pdf: bytes, media: BBox, crop: BBox) -> bytes:
    """Give every page a MediaBox that does not start at the origin (reportlab cannot)."""
    from pypdf import PdfReader, PdfWriter
    from pypdf.generic import RectangleObject

    writer = PdfWriter(clone_from=PdfReader(io.BytesIO(pdf)))
    for page in writer.pages:
        page.mediabox = RectangleObject(media)
        page.cropbox = RectangleObject(crop)
    out = io.BytesIO()
    writer.write(out)
    return out.getvalue()
