"""Ký tắt (initial signature): right after the ``./.`` that closes the content of a draft.

Sources: Công văn 3287/VPCP-KSTT (14/05/2024): "chữ ký tắt điện tử được thể hiện ngay sau dấu
kết thúc văn bản './.'"; Quảng Ngãi 2183/UBND-KGVX: "ở cuối nội dung văn bản, ngay sau dấu /.";
TT 04/2013/TT-BNV Điều 9 (practice): the office chief initials "vào vị trí cuối cùng ở 'Nơi
nhận'". Neither fixes a size; about 2 cm x 1 cm is common and configurable.

Which ``./.`` closes the body: real documents also contain ``./.`` that do *not* close it —
quoted when a text explains the rule (``sau dấu “./.”``), inside the recipient list, in
attachments printed after the signature. The closing mark ends its line, is not quoted, lies
outside "Nơi nhận", and is the last such mark before the first "Nơi nhận" heading (after it
come the signer block and attachments with endings of their own).
"""

from __future__ import annotations

import re

import attrs

from vndocsign.model import SignatureRole
from vndocsign.pdf import Line, PageView

from ._anchors import candidate_dict, is_recipients_heading, recipients_blocks
from ._errors import AmbiguousPlacementError, AnchorNotFoundError
from ._layout import Layout
from ._types import MM, Anchor, BBox, Placement, PlacementOptions

__all__ = ["closing_mark", "initial_placements"]

_CLOSING = re.compile(r"\./\.")
_QUOTES = "\"'“”‘’«»„‟`´"
#: Keep the initial this far from the paper's edge when deciding whether it fits on the line.
_EDGE = 2 * MM
_LOOKED_FOR = (
    "the closing mark './.' of the content: the last one that ends its line, is not quoted and "
    "is not inside 'Nơi nhận' / dấu kết thúc './.' cuối nội dung văn bản, không nằm trong "
    "ngoặc kép hay phần 'Nơi nhận'"
)


@attrs.frozen
class _Mark:
    view: PageView
    line: Line
    start: int
    end: int
    at_line_end: bool
    before_recipients: bool

    @property
    def box(self) -> BBox:
        return self.line.span_bbox(self.start, self.end)

    @property
    def ink_end(self) -> float:
        """Right end of the final "." glyph's ink (frame coordinates)."""
        return self.line.span_bbox(self.end - 1, self.end)[2]


def _scan(layout: Layout) -> tuple[list[_Mark], list[dict[str, object]]]:
    marks: list[_Mark] = []
    rejected: list[dict[str, object]] = []
    seen_recipients = False
    for view in layout.tail():
        in_recipients: set[int] = set()
        for heading, members in recipients_blocks(view):
            in_recipients.add(id(heading))
            in_recipients.update(id(m) for m in members)
        for line in view.lines:
            if is_recipients_heading(line):
                seen_recipients = True
            if not line.may_contain("/."):
                continue
            for m in _CLOSING.finditer(line.compact):
                start, end = m.start(), m.end()
                before = line.compact[start - 1] if start else ""
                after = line.compact[end] if end < len(line.compact) else ""
                box = line.span_bbox(start, end)
                if (before and before in _QUOTES) or (after and after in _QUOTES):
                    rejected.append(candidate_dict(view, line, "./.", box, rejected="quoted"))
                    continue
                if id(line) in in_recipients:
                    rejected.append(
                        candidate_dict(view, line, "./.", box, rejected="inside Nơi nhận")
                    )
                    continue
                marks.append(_Mark(view, line, start, end, after == "", not seen_recipients))
    return marks, rejected


def closing_mark(layout: Layout) -> tuple[_Mark, float, tuple[str, ...]]:
    """The ``./.`` that closes the body, a confidence and notes; typed errors otherwise."""
    marks, rejected = _scan(layout)
    tiers = (
        ([m for m in marks if m.at_line_end and m.before_recipients], 0.95, ()),
        (
            [m for m in marks if m.at_line_end],
            0.75,
            ("the only closing marks come after 'Nơi nhận' (an attachment's ending?)",),
        ),
        (marks, 0.5, ("no './.' ends a line; used one followed by more text on its line",)),
    )
    for chosen, confidence, notes in tiers:
        if not chosen:
            continue
        last = chosen[-1]
        rivals = [
            m
            for m in chosen[:-1]
            if m.view.index == last.view.index
            and abs(m.line.baseline - last.line.baseline) < 0.5 * last.line.size
        ]
        if rivals:
            raise AmbiguousPlacementError(
                "Several closing marks './.' on the same line position; pass an explicit box",
                "Có nhiều dấu './.' kết thúc ở cùng một vị trí dòng; hãy chỉ định ô ký",
                looked_for=_LOOKED_FOR,
                candidates=[candidate_dict(m.view, m.line, "./.", m.box) for m in [*rivals, last]],
            )
        if len(chosen) > 1:
            confidence -= 0.05
            notes = (*notes, f"{len(chosen) - 1} earlier './.' in the text were not the last")
        return last, confidence, notes
    raise AnchorNotFoundError(
        "No closing mark './.' found at the end of the content",
        "Không tìm thấy dấu kết thúc './.' ở cuối nội dung văn bản",
        looked_for=_LOOKED_FOR,
        candidates=rejected,
    )


def _after_line(
    view: PageView, line: Line, end_x: float, opts: PlacementOptions
) -> tuple[BBox, list[str]]:
    """The initial's box after ``end_x`` on ``line``, else just below it right-aligned.

    Returns the box and notes on every fallback taken (each one lowers the confidence).
    """
    w, h = opts.initial_size
    bounds = view.frame.display_box
    notes: list[str] = []
    x0 = end_x + opts.initial_gap
    y0 = line.middle - h / 2
    box: BBox = (x0, y0, x0 + w, y0 + h)
    if x0 + w > bounds[2] - _EDGE:
        notes.append("no room after the mark before the page edge: placed below the line")
    elif view.overlapping((x0, line.baseline, x0 + w, line.baseline + 0.6 * line.size), (line,)):
        notes.append("text to the right of the mark: placed below the line")
    if notes:
        y1 = line.line_bottom - opts.initial_gap
        box = (end_x - w, y1 - h, end_x, y1)
    box, moved = view.frame.clamp(box)
    if moved:
        notes.append("shifted to stay on the page")
    if notes and view.overlapping(box, (line,)):
        # A 1 cm box centred on its line always reaches into the lines around it; only a box
        # moved off the line is worth flagging when it covers text.
        notes.append("the box overlaps other text")
    return box, notes


def _penalty(notes: list[str]) -> float:
    return 0.05 * len(notes) + (0.1 if "the box overlaps other text" in notes else 0.0)


def _placement(
    view: PageView,
    box: BBox,
    anchor: Anchor,
    confidence: float,
    label: str,
    notes: tuple[str, ...],
) -> Placement:
    return Placement(
        page=view.index,
        rect=view.frame.box_to_user(box),
        role=SignatureRole.INITIAL,
        anchor=anchor,
        confidence=round(max(0.0, min(1.0, confidence)), 2),
        label=label,
        rotation=view.frame.rotation,
        notes=notes,
    )


def _content_end(layout: Layout, opts: PlacementOptions) -> Placement:
    mark, confidence, notes = closing_mark(layout)
    box, more = _after_line(mark.view, mark.line, mark.ink_end, opts)
    confidence -= _penalty(more)
    notes = (*notes, *more)
    anchor = Anchor(text="./.", page=mark.view.index, bbox=mark.view.frame.box_to_user(mark.box))
    return _placement(mark.view, box, anchor, confidence, "content-end", notes)


def _page_end(view: PageView, opts: PlacementOptions) -> Placement:
    """Bottom right of the page's text block (an initial on every page)."""
    w, h = opts.initial_size
    bounds = view.frame.display_box
    lines = [ln for ln in view.lines if ln.glyphs]
    if lines:
        right = max(ln.x1 for ln in lines)
        lowest = min(lines, key=lambda ln: ln.bottom)
        y1 = lowest.bottom - opts.initial_gap
        anchor = Anchor(
            text=lowest.printed,
            page=view.index,
            bbox=view.frame.box_to_user(lowest.bbox),
        )
    else:  # a scanned page: inside the usual right and bottom margins
        right = bounds[2] - 20 * MM
        y1 = bounds[1] + 10 * MM + h
        anchor = Anchor(text="", page=view.index, bbox=view.frame.box_to_user(bounds))
    box, moved = view.frame.clamp((right - w, y1 - h, right, y1))
    notes = ("shifted to stay on the page",) if moved else ()
    return _placement(view, box, anchor, 0.8 if lines else 0.6, "page-end", notes)


def _recipients_end(layout: Layout, opts: PlacementOptions) -> Placement:
    for view in layout.tail():
        for heading, members in recipients_blocks(view):
            last = members[-1] if members else heading
            box, notes = _after_line(view, last, last.x1, opts)
            anchor = Anchor(
                text=last.printed, page=view.index, bbox=view.frame.box_to_user(last.bbox)
            )
            confidence = 0.9 - _penalty(notes)
            return _placement(view, box, anchor, confidence, "recipients-end", tuple(notes))
    raise AnchorNotFoundError(
        "No 'Nơi nhận' block for the office chief's initial",
        "Không tìm thấy phần 'Nơi nhận' để đặt chữ ký tắt của Chánh Văn phòng",
        looked_for="a line starting 'Nơi nhận:' and the recipient list under it",
        candidates=[],
    )


def initial_placements(layout: Layout, opts: PlacementOptions) -> list[Placement]:
    """The content-end initial first, then the optional ones (every page, Nơi nhận)."""
    main = _content_end(layout, opts)
    out = [main]
    if opts.initial_every_page:
        out.extend(_page_end(view, opts) for view in layout.pages() if view.index != main.page)
    if opts.chief_initial:
        out.append(_recipients_end(layout, opts))
    return out
