"""Body rules: type name and subject (ô 5a), Kính gửi (ô 9a), secrecy / urgency / draft marks."""

from __future__ import annotations

from vndocsign.errors import ModelError
from vndocsign.model import DocumentType
from vndocsign.pdf import Line, PageView

from ._common import (
    _DASH,
    _KINH_GUI,
    _MARKS_SECRECY,
    _MARKS_URGENCY,
    _decoration,
    _ev,
    _State,
    _strip_item,
    join_text,
)
from ._header import HeaderGeometry
from ._types import FieldEvidence


class _BodyRules(_State):
    def _type_and_subject(self, page: PageView, header: HeaderGeometry) -> float:
        """Find the type-name heading; returns the baseline where the body may start."""
        row_y = header.row_y
        start = row_y if row_y is not None else page.height
        mid = page.width / 2
        below = [ln for ln in page.lines if ln.baseline < start - 1 and not _decoration(ln)]
        # the left-column V/v lines are not headings
        below = [ln for ln in below if abs(ln.x_center - mid) < page.width * 0.2 or ln.x1 > mid]
        for i, ln in enumerate(below[:12]):
            if _KINH_GUI.match(ln.text):
                break
            if not ln.is_upper or abs(ln.x_center - mid) > page.width * 0.12:
                continue
            try:
                doc_type = DocumentType.from_name(ln.text)
            except ModelError:
                continue
            conf = 0.95 if ln.bold else 0.8
            self.fields["document_type"] = _ev(doc_type.name, conf, [ln])
            self.heading_type = doc_type
            picked: list[Line] = []
            prev = ln
            for nxt in below[i + 1 :]:
                gap = prev.baseline - nxt.baseline
                if gap > 1.8 * max(prev.size, nxt.size) or _decoration(nxt):
                    break
                if abs(nxt.x_center - mid) > page.width * 0.15 or _KINH_GUI.match(nxt.text):
                    break
                if nxt.is_upper and picked:
                    break
                if ln.bold and not nxt.bold:
                    break
                picked.append(nxt)
                prev = nxt
            if picked and not self.subject_is_vv:
                self.fields["subject"] = _ev(join_text(picked), 0.9 if ln.bold else 0.7, picked)
            return prev.baseline
        return start

    def _recipients(self, page: PageView, after: float) -> None:
        lines = [ln for ln in page.lines if ln.baseline < after + 0.5]
        for i, ln in enumerate(lines[:40]):
            m = _KINH_GUI.match(ln.text)
            if m is None:
                continue
            rest = ln.text[m.end() :].strip()
            used = [ln]
            items: list[str] = []
            if rest and not _DASH.match(rest):
                text = rest
                nxt_i = i + 1
                # a single long recipient wrapped onto the next line
                while (
                    not text.endswith((".", ";"))
                    and nxt_i < len(lines)
                    and ln.baseline - lines[nxt_i].baseline < 2.0 * ln.size * (nxt_i - i)
                    and lines[nxt_i].x0 > ln.x0 + 10
                    and not _DASH.match(lines[nxt_i].text)
                ):
                    text += " " + lines[nxt_i].text
                    used.append(lines[nxt_i])
                    nxt_i += 1
                items = [_strip_item(text)]
            else:
                dash_x = None
                current = rest
                if current:
                    dash_x = ln.x1 - (ln.x1 - ln.x0) * len(rest) / max(len(ln.text), 1)
                prev = ln
                for nxt in lines[i + 1 :]:
                    if prev.baseline - nxt.baseline > 2.2 * max(prev.size, nxt.size):
                        break
                    starts = _DASH.match(nxt.text) is not None
                    if dash_x is None and starts:
                        dash_x = nxt.x0
                    if dash_x is None:
                        break
                    if nxt.x0 < dash_x - 6:
                        break
                    if starts:
                        if current:
                            items.append(current)
                        current = nxt.text
                    else:
                        current += " " + nxt.text
                    used.append(nxt)
                    prev = nxt
                    if current.rstrip().endswith("."):
                        break
                if current:
                    items.append(current)
                items = [_strip_item(t) for t in items]
            items = [t for t in items if t]
            if items:
                conf = 0.9 if len(items) == 1 or all(len(t) > 2 for t in items) else 0.6
                self.fields["recipients"] = _ev(items, conf, used)
            return

    def _marks(self, page: PageView) -> None:
        for ln in page.lines:
            key = ln.folded.strip("() ")
            if key in _MARKS_SECRECY and "secrecy" not in self.fields:
                self.fields["secrecy"] = _ev(_MARKS_SECRECY[key].value, 0.9, [ln])
            elif key in _MARKS_URGENCY and "urgency" not in self.fields:
                self.fields["urgency"] = _ev(_MARKS_URGENCY[key].value, 0.9, [ln])
            elif key.startswith("DU THAO") and len(key) < 30 and "draft" not in self.fields:
                self.fields["draft"] = _ev(True, 0.95, [ln])
        number = self.parsed_number
        if "draft" not in self.fields and number is not None and number.is_draft:
            line = self.fields["number"]
            if not self.blank_on_scan(line.page):
                self.fields["draft"] = FieldEvidence(
                    True, 0.7, line.page, line.bbox, line.source_text
                )
        date = self.parsed_date
        if "draft" not in self.fields and date is not None and date.date is None:
            ev = self.fields["date_line"]
            if not self.blank_on_scan(ev.page):
                self.fields["draft"] = FieldEvidence(True, 0.6, ev.page, ev.bbox, ev.source_text)

    # -- closing and footer ------------------------------------------------------------------
