"""The agency's text-only signature on attachments and copies: top right of page 1.

Decree 30, Annex I, II.8.b (văn bản kèm theo in a separate file) and III.1.d (phụ lục): "Vị
trí: Góc trên, bên phải, trang đầu"; "Hình ảnh: Không hiển thị"; the number and signing time
"bằng phông chữ Times New Roman, chữ in thường, kiểu chữ đứng, cỡ chữ 10, màu đen". Annex I,
Phần II.I (bản sao điện tử, ô 14): the same place and type for "hình thức sao, tên cơ quan, tổ
chức sao văn bản, thời gian ký".

The box is sized for the text it must hold, measured with Times-Roman metrics (Liberation Serif
and Times New Roman share them; Vietnamese diacritics do not change a letter's advance). Copies
are usually scans, so this rule needs no text layer: without text it keeps to the Decree 30
margins.
"""

from __future__ import annotations

import unicodedata

from vndocsign.model import SignatureRole
from vndocsign.pdf import PageView

from ._layout import Layout
from ._types import MM, Anchor, BBox, Placement, PlacementOptions

__all__ = ["DEFAULT_ATTACHMENT_TEXT", "stamp_placement", "text_width"]

#: A maximal-length attachment stamp (Decree 30 Annex I, §1.5 of the project notes).
DEFAULT_ATTACHMENT_TEXT = "Số: 12/QĐ-UBND; 05/03/2024; 14:37:55 +07:00"

# Times-Roman advance widths (1/1000 em) of printable ASCII, from the Adobe AFM.
_WIDTHS = dict(
    zip(
        (chr(c) for c in range(32, 127)),
        (
            250,
            333,
            408,
            500,
            500,
            833,
            778,
            180,
            333,
            333,
            500,
            564,
            250,
            333,
            250,
            278,
            500,
            500,
            500,
            500,
            500,
            500,
            500,
            500,
            500,
            500,
            278,
            278,
            564,
            564,
            564,
            444,
            921,
            722,
            667,
            667,
            722,
            611,
            556,
            722,
            722,
            333,
            389,
            722,
            611,
            889,
            722,
            722,
            556,
            722,
            667,
            556,
            611,
            722,
            722,
            944,
            722,
            722,
            611,
            333,
            278,
            333,
            469,
            500,
            333,
            444,
            500,
            444,
            500,
            444,
            333,
            500,
            500,
            278,
            278,
            500,
            278,
            778,
            500,
            500,
            500,
            500,
            333,
            389,
            278,
            500,
            500,
            722,
            500,
            500,
            444,
            480,
            200,
            480,
            541,
        ),
        strict=True,
    )
)
_LEADING = 1.2
_PADDING = 2.0
#: Decree 30 margins: right 15-20 mm, top 20-25 mm.
_RIGHT_MARGIN = 20 * MM
_TOP_OFFSET = 10 * MM


def _char_width(char: str) -> int:
    if char in _WIDTHS:
        return _WIDTHS[char]
    base = unicodedata.normalize("NFD", char.replace("Đ", "D").replace("đ", "d"))[:1]
    return _WIDTHS.get(base, 722 if base.isupper() else 500)


def text_width(text: str, size: float) -> float:
    """Advance width of ``text`` in Times-Roman at ``size`` points."""
    return sum(_char_width(c) for c in unicodedata.normalize("NFC", text)) * size / 1000


def _wrap(text: str, size: float, max_width: float) -> list[str]:
    lines: list[str] = []
    current = ""
    for word in text.split():
        trial = f"{current} {word}" if current else word
        if current and text_width(trial, size) > max_width:
            lines.append(current)
            current = word
        else:
            current = trial
    if current:
        lines.append(current)
    return lines or [""]


def default_text(role: SignatureRole, opts: PlacementOptions) -> str:
    if opts.stamp_text is not None:
        return opts.stamp_text
    if role is SignatureRole.COPY:
        return f"{opts.copy_form}; {opts.copy_agency}; 05/03/2024; 14:37:55 +07:00"
    return DEFAULT_ATTACHMENT_TEXT


def _overlaps(view: PageView, box: BBox) -> bool:
    x0, y0, x1, y1 = box
    return any(ln.x0 < x1 and ln.x1 > x0 and ln.bottom < y1 and ln.top > y0 for ln in view.lines)


def stamp_placement(layout: Layout, role: SignatureRole, opts: PlacementOptions) -> Placement:
    """Top right of page 1, sized for the stamp text in 10 pt Times."""
    view = layout.page(0)
    bounds = view.frame.display_box
    size = opts.stamp_font_size
    text = default_text(role, opts)
    # Keep the stamp in the right half of the page: wrap longer texts (agency names).
    max_width = max(0.5 * view.frame.width - 2 * _PADDING, 20 * size)
    rows = _wrap(text, size, max_width)
    w = max(text_width(r, size) for r in rows) + 2 * _PADDING
    h = len(rows) * size * _LEADING + 2 * _PADDING
    notes: list[str] = []
    confidence = 0.9
    lines = [ln for ln in view.lines if ln.glyphs]
    right = bounds[2] - _RIGHT_MARGIN
    if lines:
        # Align with the text block's right edge (the Quốc hiệu ends there) when plausible.
        text_right = max(ln.x1 for ln in lines)
        if bounds[2] - 30 * MM <= text_right <= bounds[2] - 5 * MM:
            right = text_right
        in_column = [ln for ln in lines if ln.x1 > right - w and ln.x0 < right]
        top_text = max((ln.top for ln in in_column), default=bounds[3] - 20 * MM)
        y0 = top_text + 3.0
        if y0 + h > bounds[3] - 3 * MM:
            y0 = bounds[3] - 3 * MM - h
    else:
        y0 = bounds[3] - _TOP_OFFSET - h
        confidence = 0.85
        notes.append("page 1 has no text layer: placed inside the Decree 30 margins")
    box, moved = view.frame.clamp((right - w, y0, right, y0 + h))
    if moved:
        confidence -= 0.1
        notes.append("shifted to stay on the page")
    if _overlaps(view, box):
        confidence -= 0.3
        notes.append("the stamp overlaps text at the top right of page 1")
    return Placement(
        page=view.index,
        rect=view.frame.box_to_user(box),
        role=role,
        anchor=Anchor(text=text, page=view.index, bbox=view.frame.box_to_user(bounds)),
        confidence=round(max(0.0, confidence), 2),
        label="page-1-top-right",
        rotation=view.frame.rotation,
        notes=tuple(notes),
    )
