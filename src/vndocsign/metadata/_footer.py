"""Footer rules: the closing "./.", Nơi nhận (ô 9b) and the signer blocks (ô 7)."""

from __future__ import annotations

from vndocsign.errors import ModelError
from vndocsign.model import Signer
from vndocsign.model._text import canonical
from vndocsign.pdf import Line

from ._common import (
    _ACADEMIC_WORD,
    _AUTHORITY,
    _DASH,
    _MARKS_SECRECY,
    _NAME_WORD,
    _NOI_NHAN,
    _decoration,
    _ev,
    _letters,
    _State,
    _strip_item,
    fix_ocr_surname,
    fold,
    read_by_ocr,
    strip_rank,
)
from ._types import FieldEvidence


class _FooterRules(_State):
    def _all_lines(self) -> list[Line]:
        """Lines of the pages where the content may end, and of the page after each.

        The cheap test runs on the raw text layer; a rotated page's raw lines are not in
        reading order, so those pages are always looked at.
        """
        pages = self.text.pages
        wanted = {pages[0].index, pages[-1].index}
        for page in pages:
            if page.rotation % 360 or any(
                tl.text.rstrip().endswith("/.") or _NOI_NHAN.match(tl.text) for tl in page.lines
            ):
                wanted.update((page.index, page.index + 1))
        out: list[Line] = []
        present = {p.index for p in pages}
        for i in sorted(w for w in wanted if w in present):
            out.extend(self.view(i).lines)
        return out

    def _closing(self) -> tuple[int, Line] | None:
        """The line ending the content with "./." (index into the document's lines)."""
        lines = self._all_lines()
        self.doc_lines = lines
        candidates = [
            i
            for i, ln in enumerate(lines)
            if ln.extracted.rstrip().endswith("/.") and not ln.extracted.rstrip().endswith("”/.")
        ]
        if not candidates:
            return None
        chosen = candidates[-1]
        for i in candidates:
            window = lines[i + 1 : i + 40]
            if any(_NOI_NHAN.match(w.text) or _AUTHORITY.match(w.text) for w in window):
                chosen = i
                break
        line = lines[chosen]
        raw = line.extracted.rstrip()
        start = len(raw) - (3 if raw.endswith("./.") else 2)
        box = line.user_bbox(start, len(raw))
        self.fields["closing"] = FieldEvidence(raw[start:], 0.95, line.page, box, line.text)
        return chosen, line

    def _footer(self, closing: tuple[int, Line] | None) -> None:
        lines = self.doc_lines or self._all_lines()
        if closing is not None:
            start = closing[0] + 1
        else:
            # no "./.": start at "Nơi nhận" or, failing that, at the last page
            idx = [i for i, ln in enumerate(lines) if _NOI_NHAN.match(ln.text)]
            last_page = self.text.pages[-1].index
            start = (
                idx[-1]
                if idx
                else next((i for i, ln in enumerate(lines) if ln.page == last_page), len(lines))
            )
            if idx:  # include signer titles printed level with "Nơi nhận"
                while (
                    start > 0
                    and lines[start - 1].baseline - lines[idx[-1]].baseline < 3
                    and (lines[start - 1].page == lines[idx[-1]].page)
                ):
                    start -= 1
        region = lines[start : start + 60]
        if not region:
            return
        used = self._distribution(region)
        self._signers([ln for ln in region if id(ln) not in used])

    def _distribution(self, region: list[Line]) -> set[int]:
        used: set[int] = set()
        for i, ln in enumerate(region):
            m = _NOI_NHAN.match(ln.text)
            if m is None:
                continue
            used.add(id(ln))
            items: list[str] = []
            current = ln.text[m.end() :].strip()
            picked = [ln]
            prev = ln
            col_right = ln.x0 + max(200.0, (ln.x1 - ln.x0) * 3)
            for nxt in region[i + 1 :]:
                if nxt.page != ln.page:
                    break
                if nxt.x0 > col_right or nxt.x0 < ln.x0 - 20 or (nxt.is_upper and nxt.bold):
                    continue
                if prev.baseline - nxt.baseline > 2.2 * max(prev.size, nxt.size):
                    break
                if _DASH.match(nxt.text):
                    if current:
                        items.append(current)
                    current = nxt.text
                elif current:
                    current += " " + nxt.text
                else:
                    break
                used.add(id(nxt))
                picked.append(nxt)
                prev = nxt
            if current:
                items.append(current)
            cleaned = [_strip_item(t) for t in items]
            cleaned = [t for t in cleaned if t]
            if cleaned:
                conf = 0.9 if fold(cleaned[-1]).startswith("LUU") else 0.7
                self.fields["distribution"] = _ev(cleaned, conf, picked)
            return used
        return used

    def _signers(self, region: list[Line]) -> None:
        """Signer blocks: upper-case title lines, a blank band, a name centred under them."""
        titles = [
            ln
            for ln in region
            if ln.is_upper
            and not _decoration(ln)
            and not _DASH.match(ln.text)
            and _letters(ln.text) >= 2
            and len(ln.text) <= 80
            and ln.folded not in _MARKS_SECRECY
        ]
        blocks: list[list[Line]] = []
        for ln in titles:
            for block in blocks:
                last = block[-1]
                if (
                    last.page == ln.page
                    and abs(last.x_center - ln.x_center) < 40
                    and 0 < last.baseline - ln.baseline < 2.0 * max(last.size, ln.size)
                ):
                    block.append(ln)
                    break
            else:
                blocks.append([ln])
        found: list[tuple[Signer, list[Line], Line, float]] = []
        for block in blocks:
            name = self._name_under(block, region)
            if name is None:
                continue
            signer, conf = self._make_signer(block, name)
            if signer is not None:
                found.append((signer, block, name, conf))
        if not found:
            if blocks:
                self.warn(
                    "Signer titles found but no signer name under them",
                    "Có chức vụ người ký nhưng không tìm thấy họ tên người ký",
                )
            return
        # reading order: top to bottom, then left to right (THƯ KÝ before CHỦ TỌA)
        found.sort(key=lambda f: (f[1][0].page, -round(f[1][0].baseline / 20), f[1][0].x0))
        self.fields["signers"] = _ev(
            [
                {
                    "full_name": s.full_name,
                    "position": s.position,
                    "authority": s.authority_text,
                    "authority_lines": [str(a) for a in s.authority],
                }
                for s, *_ in found
            ],
            min(f[3] for f in found),
            [ln for f in found for ln in (*f[1], f[2]) if ln.page == found[0][1][0].page],
        )
        self.found_signers = [f[0] for f in found]
        signer, block, name, conf = found[0]
        self.fields["signer_name"] = _ev(signer.full_name, conf, [name])
        position_line = block[-1]
        if signer.position:
            self.fields["signer_position"] = _ev(signer.position, conf, [position_line])
        if signer.authority:
            auth_lines = [ln for ln in block if _AUTHORITY.match(ln.text)]
            self.fields["signer_authority"] = _ev(
                signer.authority_text, conf, auth_lines[-1:] or block
            )

    def _name_under(self, block: list[Line], region: list[Line]) -> Line | None:
        last = block[-1]
        center = sum(ln.x_center for ln in block) / len(block)
        width = max(ln.x1 - ln.x0 for ln in block)
        for ln in region:
            if ln.page != last.page or ln.baseline >= last.baseline - 1:
                continue
            if last.baseline - ln.baseline > 260:
                break
            if abs(ln.x_center - center) > max(45.0, width * 0.45):
                continue
            if ln.is_upper or _decoration(ln) or _DASH.match(ln.text):
                continue
            words = strip_rank(ln.text).split()
            if words and _ACADEMIC_WORD.match(words[0]):
                words = words[1:]
            if 2 <= len(words) <= 7 and all(_NAME_WORD.match(w) and w[0].isupper() for w in words):
                return ln
            if len(words) > 7:
                continue
        return None

    def _make_signer(self, block: list[Line], name: Line) -> tuple[Signer | None, float]:
        full_name = strip_rank(name.text)
        if read_by_ocr([name]):
            full_name = fix_ocr_surname(full_name)
        authority: list[str] = []
        position_parts: list[str] = []
        for ln in block:
            text = canonical(ln.text)
            if _AUTHORITY.match(text):
                if position_parts and authority:
                    # a wrapped authority title continues on the next line
                    authority[-1] += " " + " ".join(position_parts)
                    position_parts = []
                authority.append(text)
            else:
                position_parts.append(text)
        position = " ".join(position_parts) or None
        conf = 0.9 if name.bold and all(ln.bold for ln in block) else 0.7
        gap = block[-1].baseline - name.baseline
        if gap < 2.2 * name.size:
            conf -= 0.1  # no room for a signature: perhaps not a signer block
        try:
            return Signer(full_name, position=position, authority=authority), conf
        except ModelError as err:
            self.warn(
                f"Signer block read with reservations: {err.en}",
                f"Khối chữ ký đọc được nhưng chưa chuẩn: {err.vi}",
            )
        try:
            return Signer(
                full_name, position=position, authority=authority, allow_academic_title=True
            ), conf - 0.2
        except ModelError:
            pass
        try:
            titles = " / ".join(canonical(ln.text) for ln in block)[:100]
            return Signer(full_name, position=titles, allow_academic_title=True), 0.4
        except ModelError:
            return None, 0.0

    # -- assemble ---------------------------------------------------------------------------
