"""Chữ ký của người có thẩm quyền (ô 7c) and dấu / chữ ký số của cơ quan (ô 8).

Decree 30, Annex I, II.7.d: the personal signature image is placed "canh giữa chức vụ của người
ký và họ tên người ký" — centred between the position lines (ô 7a: ``TM. ỦY BAN NHÂN DÂN`` /
``KT. CHỦ TỊCH`` / ``PHÓ CHỦ TỊCH``) and the signer's name (ô 7b). II.8.a: the seal image has
"kích thước bằng kích thước thực tế của dấu" and covers "khoảng 1/3 hình ảnh chữ ký số của người
có thẩm quyền về bên trái".

The signer block is found from the name when the caller knows it; otherwise from the layout
every agency uses: a short name line in name case (or upper case), bold, with blank space above
it and, above that space, upper-case position lines in the same column — often starting with an
authority prefix and level with "Nơi nhận:" on the left. Biên bản (Mẫu 1.9) have two such blocks
side by side (THƯ KÝ, CHỦ TỌA): a *row* of blocks, one placement each.
"""

from __future__ import annotations

import re

import attrs

from vndocsign.model import SignatureRole
from vndocsign.pdf import Line, PageView

from ._anchors import candidate_dict, recipients_blocks
from ._errors import AmbiguousPlacementError, AnchorNotFoundError
from ._layout import Layout, has_authority, is_placeholder, key_of
from ._types import MM, Anchor, BBox, Placement, PlacementOptions

__all__ = ["SignerBlock", "agency_placement", "personal_placements", "signer_blocks"]

_WORD = re.compile(r"^[^\W\d_]+\.?$")
_LOOKED_FOR = (
    "a signer block: upper-case position lines (TM./KT./Q./TL./TUQ. ...), blank space, then the "
    "signer's name in the same column / khối chữ ký: dòng chức vụ in hoa, khoảng trống, họ tên "
    "người ký cùng cột"
)


def _name_like(line: Line) -> bool:
    words = line.printed.split()
    if not 2 <= len(words) <= 7 or not all(_WORD.match(w) for w in words):
        return False
    caps = [w[0].isupper() for w in words]
    # Letter-spaced headings ("B I C") are not names: most words of a name have 2+ letters.
    long_words = sum(len(w.rstrip(".")) >= 2 for w in words)
    return caps[-1] and caps[-2] and sum(caps) >= 0.6 * len(words) and 2 * long_words >= len(words)


def _same_column(upper: Line, name: Line) -> bool:
    em = max(upper.size, name.size)
    return (
        upper.x0 - em <= name.x_center <= upper.x1 + em
        and name.x0 - 3 * em <= upper.x_center <= name.x1 + 3 * em
    )


@attrs.frozen
class SignerBlock:
    """Ô 7 of one signer: position lines (top to bottom) and the name line."""

    view: PageView
    titles: tuple[Line, ...]
    name: Line
    score: float
    notes: tuple[str, ...]

    @property
    def page(self) -> int:
        return self.view.index

    def describe(self) -> dict[str, object]:
        return candidate_dict(
            self.view,
            self.name,
            self.name.printed,
            self.name.bbox,
            position=[t.printed for t in self.titles],
            score=round(self.score, 2),
        )


def _lines_above(view: PageView, name: Line) -> list[Line]:
    above = [
        ln
        for ln in view.lines
        if ln is not name and ln.bottom >= name.top - 0.2 * name.size and _same_column(ln, name)
    ]
    above.sort(key=lambda ln: ln.bottom)
    return above


def _block_for(view: PageView, name: Line, *, require_titles: bool) -> SignerBlock | None:
    em = name.size
    above = _lines_above(view, name)
    titles: list[Line] = []
    for line in above:
        if is_placeholder(line) and not titles:
            continue
        if not titles:
            if not line.is_mostly_upper:
                break
            titles.append(line)
            continue
        gap = line.bottom - titles[-1].top
        if line.is_mostly_upper and not is_placeholder(line) and gap <= 1.0 * max(em, line.size):
            titles.append(line)
            if len(titles) == 5:
                break
            continue
        break
    titles.reverse()
    notes: list[str] = []
    if not titles:
        if require_titles:
            return None
        return SignerBlock(view, (), name, 0.35, ("no position line above the name",))
    gap = titles[-1].bottom - name.top
    if gap < 0.8 * em:
        if require_titles:
            return None
        notes.append("almost no space between the position line and the name")
    score = 0.5
    if any(has_authority(t) for t in titles):
        score += 0.2
    if name.bold:
        score += 0.1
    else:
        notes.append("the name line is not bold")
    if all(t.bold for t in titles):
        score += 0.05
    if name.is_mostly_upper:
        score -= 0.2
        notes.append("the name is in upper case")
    if gap >= 2.5 * em:
        score += 0.05
    elif gap < 2.0 * em:
        score -= 0.15
        notes.append("cramped signature space")
    top = titles[0]
    for heading, _members in recipients_blocks(view):
        if heading.x1 < top.x0 and abs(heading.baseline - top.baseline) <= 1.5 * top.size:
            score += 0.1
            break
    return SignerBlock(view, tuple(titles), name, min(score, 0.97), tuple(notes))


def signer_blocks(layout: Layout, signer: str | None = None) -> list[SignerBlock]:
    """Every plausible signer block, in reading order (or those of ``signer`` when given)."""
    out: list[SignerBlock] = []
    wanted = key_of(signer) if signer else None
    for view in layout.tail():
        for line in view.lines:
            if wanted is not None:
                if not (line.key == wanted or (line.key.endswith(wanted) and _name_like(line))):
                    continue
                block = _block_for(view, line, require_titles=False)
            else:
                if not _name_like(line):
                    continue
                block = _block_for(view, line, require_titles=True)
            if block is not None:
                out.append(block)
    return out


def _rows(blocks: list[SignerBlock]) -> list[list[SignerBlock]]:
    rows: list[list[SignerBlock]] = []
    for block in blocks:
        for row in rows:
            ref = row[0]
            if (
                ref.page == block.page
                and abs(ref.name.baseline - block.name.baseline) <= 1.0 * ref.name.size
            ):
                row.append(block)
                break
        else:
            rows.append([block])
    for row in rows:
        row.sort(key=lambda b: b.name.x0)
    return rows


def _choose_row(layout: Layout, signer: str | None) -> list[SignerBlock]:
    blocks = signer_blocks(layout, signer)
    if not blocks:
        if signer:
            others = signer_blocks(layout)
            raise AnchorNotFoundError(
                f"The signer {signer!r} was not found as a name line in the document",
                f"Không tìm thấy họ tên người ký {signer!r} trong văn bản",
                looked_for=f"a line reading {signer!r} under the position lines",
                candidates=[b.describe() for b in others],
            )
        raise AnchorNotFoundError(
            "No signer block (position lines above a name) found",
            "Không tìm thấy khối chữ ký (chức vụ và họ tên người ký)",
            looked_for=_LOOKED_FOR,
            candidates=[],
        )
    rows = _rows(blocks)
    ranked = sorted(rows, key=lambda row: max(b.score for b in row), reverse=True)
    best = ranked[0]
    if len(ranked) > 1:
        second = ranked[1]
        if max(b.score for b in best) - max(b.score for b in second) < 0.05:
            raise AmbiguousPlacementError(
                "Several signer blocks look equally plausible; name the signer or pass a box",
                "Có nhiều khối chữ ký giống nhau; hãy chỉ rõ người ký hoặc ô ký",
                looked_for=_LOOKED_FOR if not signer else f"the signer {signer!r}",
                candidates=[b.describe() for b in (*best, *second)],
            )
    return best


def _box(block: SignerBlock, opts: PlacementOptions) -> tuple[BBox, float, tuple[str, ...]]:
    max_w, max_h = opts.personal_size
    pad = opts.personal_padding
    name = block.name
    notes = list(block.notes)
    confidence = block.score
    if block.titles:
        bottom, top = name.line_top + pad, block.titles[-1].line_bottom - pad
    else:  # no position line: the space up to whatever is above, at most the default box
        above = [
            ln
            for ln in block.view.lines
            if ln.bottom > name.top and ln.x0 < name.x1 and ln.x1 > name.x0
        ]
        ceiling = min((ln.line_bottom for ln in above), default=name.line_top + max_h + 2 * pad)
        bottom = name.line_top + pad
        top = min(ceiling - pad, bottom + max_h)
    avail = top - bottom
    if avail < 6.0:
        avail = 6.0
        confidence -= 0.3
        notes.append("no usable space between the position line and the name")
    h = min(max_h, avail)
    w = max_w * h / max_h
    if h < 0.5 * max_h:
        confidence -= 0.1
        notes.append(f"signature space only {avail:.0f} pt high")
    cx = name.x_center
    if block.titles:
        title_c = sum(t.x_center for t in block.titles) / len(block.titles)
        if abs(title_c - cx) <= 8.0:
            cx = (cx + title_c) / 2
    cy = (top + bottom) / 2
    box, moved = block.view.frame.clamp((cx - w / 2, cy - h / 2, cx + w / 2, cy + h / 2))
    if moved:
        confidence -= 0.1
        notes.append("shifted to stay on the page")
    return box, confidence, tuple(notes)


def _placement(block: SignerBlock, opts: PlacementOptions) -> Placement:
    box, confidence, notes = _box(block, opts)
    view = block.view
    anchor_box = block.name.bbox
    if block.titles:
        t = block.titles[-1].bbox
        anchor_box = (min(t[0], anchor_box[0]), anchor_box[1], max(t[2], anchor_box[2]), t[3])
    anchor_text = "\n".join([*(t.printed for t in block.titles), block.name.printed])
    return Placement(
        page=view.index,
        rect=view.frame.box_to_user(box),
        role=SignatureRole.PERSONAL,
        anchor=Anchor(text=anchor_text, page=view.index, bbox=view.frame.box_to_user(anchor_box)),
        confidence=round(max(0.0, min(1.0, confidence)), 2),
        label=block.name.printed,
        rotation=view.frame.rotation,
        notes=notes,
    )


def personal_placements(
    layout: Layout, opts: PlacementOptions, signer: str | None = None
) -> list[Placement]:
    """One placement per signer of the chosen row (left to right)."""
    return [_placement(block, opts) for block in _choose_row(layout, signer)]


def _agency_block(row: list[SignerBlock]) -> tuple[SignerBlock, float, tuple[str, ...]]:
    if len(row) == 1:
        return row[0], 0.0, ()
    # Biên bản: the seal, if any, goes with the presiding signer (CHỦ TỌA), who signs for the
    # body (TM.) — by convention the right-hand block.
    for block in row:
        keys = " ".join(t.key for t in block.titles)
        if "chủtọa" in keys or any(t.printed.upper().startswith("TM.") for t in block.titles):
            return block, 0.05, ("seal put with the presiding / TM. signer",)
    return row[-1], 0.15, ("seal put with the right-hand signer of the row",)


def agency_placement(
    layout: Layout, opts: PlacementOptions, signer: str | None = None
) -> Placement:
    """The agency seal at its real size over the left third of the personal box."""
    row = _choose_row(layout, signer)
    block, penalty, why = _agency_block(row)
    personal = _placement(block, opts)
    view = block.view
    px0, py0, px1, py1 = view.frame.box_to_display(personal.rect)
    d = opts.seal_diameter_mm * MM
    width = px1 - px0
    x1 = px0 + opts.seal_overlap * width
    cy = (py0 + py1) / 2
    box, moved = view.frame.clamp((x1 - d, cy - d / 2, x1, cy + d / 2))
    notes = [*personal.notes, *why]
    confidence = personal.confidence - penalty
    overlap = (min(box[2], px1) - max(box[0], px0)) / width
    if moved:
        notes.append(f"seal shifted to stay on the page (covers {overlap:.0%} of the signature)")
        if not 0.25 <= overlap <= 0.40:
            confidence -= 0.2
    return Placement(
        page=view.index,
        rect=view.frame.box_to_user(box),
        role=SignatureRole.AGENCY,
        anchor=Anchor(text=personal.anchor.text, page=view.index, bbox=personal.rect),
        confidence=round(max(0.0, min(1.0, confidence)), 2),
        label=block.name.printed,
        rotation=view.frame.rotation,
        notes=tuple(notes),
    )
