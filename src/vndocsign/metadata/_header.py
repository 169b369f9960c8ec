"""Header rules (ô 1–5b): Quốc hiệu, issuer, number, place and date, a công văn's V/v subject."""

from __future__ import annotations

import re

import attrs

from vndocsign.errors import ModelError
from vndocsign.model import DateLine, DocumentNumber
from vndocsign.model._text import canonical
from vndocsign.pdf import Line, PageView

from ._common import (
    _AGENCY_WORDS,
    _DATE_RE,
    _MARKS_SECRECY,
    _MARKS_URGENCY,
    _NUMBER_START,
    _NUMBER_TOKEN,
    _QUOC_HIEU,
    _TIEU_NGU,
    _VV,
    _decoration,
    _ev,
    _State,
    join_text,
    read_by_ocr,
)
from ._places import fix_ocr_places


@attrs.frozen
class HeaderGeometry:
    """What the header rules learnt about page 1 that later rules need."""

    #: x where the right column (Quốc hiệu, date line) starts, display frame.
    split: float
    #: Baseline of the "Số:" / date row, ``None`` when neither was found.
    row_y: float | None


#: "Số:" with at most two short OCR crumbs of a handwritten number after it (``Số: Ø 0``).
_BARE_NUMBER_LABEL = re.compile(r"^S[ốô]\s*[:;.]?(?:\s*[^\s/]{1,3}){0,2}\s*$")


class _HeaderRules(_State):
    def _header(self, page: PageView) -> HeaderGeometry:
        """Quốc hiệu, issuer, number and date; returns the geometry later rules need."""
        lines = list(page.lines)
        top_limit = page.height * 0.45
        top = [ln for ln in lines if ln.baseline >= top_limit and not _decoration(ln)]
        qh = next((ln for ln in top if _QUOC_HIEU in ln.folded), None)
        tn = next((ln for ln in top if _TIEU_NGU in re.sub(r"[^A-Z]", "", ln.folded)), None)
        # The left edge of the right column: where the national motto block starts.
        right_edges = [ln.x0 for ln in (qh, tn) if ln is not None]
        if qh is not None and not qh.folded.startswith(_QUOC_HIEU):
            # agency and Quốc hiệu merged into one segment: split at "CỘNG HÒA"
            cut = qh.folded.find(_QUOC_HIEU)
            right_edges = [qh.x0 + (qh.x1 - qh.x0) * cut / max(len(qh.folded), 1)]
        split = min(right_edges) - 4 if right_edges else page.width * 0.42

        number_line, number_text = self._find_number(top, split)
        date_lines, date_text = self._find_date(top, split)
        row_y = None
        if number_line is not None:
            row_y = number_line.baseline
        elif date_lines:
            row_y = date_lines[0].baseline
        if number_line is not None and number_text is not None:
            self._number(number_line, number_text)
        elif number_line is not None:
            self.blank_on_scan(number_line.page)
        if date_lines and date_text is not None:
            self._date(date_lines, date_text)
        if qh is None:
            self.warn(
                "National title (Quốc hiệu) not found on page 1",
                "Không tìm thấy Quốc hiệu ở trang 1",
            )
        self._issuer(page, split, qh, row_y)
        self._cong_van_subject(page, split, number_line)
        return HeaderGeometry(split=split, row_y=row_y)

    def _find_number(self, top: list[Line], split: float) -> tuple[Line | None, str | None]:
        for ln in top:
            if ln.x_center > split + 40 and not ln.text.lower().startswith("số"):
                continue
            m = _NUMBER_START.match(ln.text)
            if m is None or "/" not in ln.text + self._right_neighbour_text(ln, split):
                continue
            rest = ln.text[m.end() :]
            if "/" not in rest:  # "Số:" and the notation in separate runs (draft blanks)
                rest = (rest + " " + self._right_neighbour_text(ln, split)).strip()
            token = _NUMBER_TOKEN.match(rest)
            if token is not None:  # drop whatever follows (a date line glued by spaces)
                rest = token.group(0)
            rest = re.sub(r"[.…_]{2,}", "", rest).strip()
            return ln, rest
        for ln in top:
            # a scan whose notation OCR lost ("Số:" and a handwritten number): no number, but
            # the line still anchors the header row and a công văn's V/v subject under it
            if ln.x_center < split and _BARE_NUMBER_LABEL.match(ln.text):
                return ln, None
        return None, None

    def _right_neighbour_text(self, ln: Line, split: float) -> str:
        page = self.view(ln.page)
        same = [
            o
            for o in page.lines
            if o is not ln
            and abs(o.baseline - ln.baseline) <= 0.4 * max(o.size, ln.size)
            and o.x0 > ln.x1
            and o.x_center < split
        ]
        return join_text(sorted(same, key=lambda o: o.x0))

    def _find_date(self, top: list[Line], split: float) -> tuple[list[Line], str | None]:
        """The place-and-date line: right column, may be split into runs or wrapped."""
        right = [ln for ln in top if ln.x_center > split or ln.x1 > split + 40]
        for i, ln in enumerate(right):
            if "ngày" not in ln.text.lower():
                continue
            # runs of the same line (a draft's blank day and month split it), then a wrap
            same = [o for o in right if abs(o.baseline - ln.baseline) <= 0.4 * ln.size]
            same.sort(key=lambda o: o.x0)
            used = list(same)
            text = join_text(same)
            below = [
                o
                for o in right[i + 1 :]
                if o not in same and 0 < ln.baseline - o.baseline <= 2.0 * ln.size
            ]
            for candidate_used, candidate in (
                (used, text),
                (used + below[:1], (text + " " + join_text(below[:1])).strip()),
            ):
                m = _DATE_RE.search(candidate)
                if m is None:
                    continue
                place = m.group("place").strip()
                # a merged "Số: 12/QĐ-UBND  Place, ngày…" run: keep only the place
                place = re.sub(r"^.*/\S+\s+", "", place)
                return candidate_used, f"{place}, ngày{m.group('rest')}"
        return [], None

    def _number(self, line: Line, raw: str) -> None:
        shown = canonical(raw)
        try:
            number = DocumentNumber.parse(shown, strict=True)
            conf = 0.95
        except ModelError:
            try:
                number = DocumentNumber.parse(shown, strict=False)
                conf = 0.75
                self.warn(
                    f"Number {shown!r} does not follow Decree 30 exactly",
                    f"Số, ký hiệu {shown!r} chưa đúng thể thức Nghị định 30",
                )
            except ModelError:
                self.fields["number"] = _ev(shown, 0.3, [line])
                self.warn(f"Unreadable number {shown!r}", f"Không đọc được số, ký hiệu {shown!r}")
                self.blank_on_scan(line.page)
                return
        self.fields["number"] = _ev(str(number), conf, [line])
        self.parsed_number = number

    def _date(self, lines: list[Line], raw: str) -> None:
        shown = canonical(re.sub(r"[.…_]{2,}|…", " ", raw))
        try:
            parsed = DateLine.parse(shown, strict=True)
            conf = 0.95
        except ModelError:
            try:
                parsed = DateLine.parse(shown, strict=False)
                conf = 0.75
                self.warn(
                    f"Date line {shown!r} does not follow Decree 30's zero padding",
                    f"Dòng địa danh, thời gian {shown!r} chưa đúng quy tắc ghi số 0",
                )
            except ModelError:
                self.fields["date_line"] = _ev(shown, 0.3, lines)
                self.warn(
                    f"Unreadable date line {shown!r}",
                    f"Không đọc được dòng địa danh, thời gian {shown!r}",
                )
                self.blank_on_scan(lines[0].page)
                self._partial_date(lines, shown)
                return
        parsed = self.parsed_date = self._place(parsed, conf, lines)
        self.fields["date_line"] = _ev(str(parsed), conf, lines)
        if parsed.date is not None:
            self.fields["issued_date"] = _ev(parsed.date.isoformat(), conf, lines)

    def _partial_date(self, lines: list[Line], shown: str) -> None:
        """Place, month and year of a date line whose day is blank in print (handwritten on
        a scan): what a person reads of it is kept, the date itself stays unknown."""
        # OCR crumbs of the handwriting in the blanks (``ngày ~ tháng``) are not print
        printed = re.sub(r"\b(ngày|tháng)\s+[^\w\s]{1,3}(?=\s)", r"\1", shown)
        try:
            parsed = DateLine.parse(printed, strict=False, partial=True)
        except ModelError:
            return
        if parsed.date is None:
            parsed = self.parsed_date = self._place(parsed, 0.3, lines)
            self.fields["date_line"] = _ev(str(parsed), 0.3, lines)

    def _place(self, parsed: DateLine, conf: float, lines: list[Line]) -> DateLine:
        """The date line with its place repaired where OCR read it; ``place`` recorded."""
        if parsed.place and read_by_ocr(lines):
            parsed = attrs.evolve(parsed, place=fix_ocr_places(parsed.place))
        if parsed.place:
            self.fields["place"] = _ev(parsed.place, conf, lines)
        return parsed

    def _issuer(self, page: PageView, split: float, qh: Line | None, row_y: float | None) -> None:
        floor = row_y if row_y is not None else page.height * 0.75
        lines = [
            ln
            for ln in page.lines
            if ln.baseline > floor + 1
            and not _decoration(ln)
            and _QUOC_HIEU not in ln.folded
            and _TIEU_NGU not in re.sub(r"[^A-Z]", "", ln.folded)
            and not ln.folded.startswith("DU THAO")
            and ln.folded not in _MARKS_SECRECY
            and ln.folded not in _MARKS_URGENCY
        ]
        left = [ln for ln in lines if ln.x_center < split]
        if qh is not None and not qh.folded.startswith(_QUOC_HIEU):
            cut = qh.text.upper().find("CỘNG HÒA")
            if cut > 0:  # agency name glued to the Quốc hiệu in one run
                glued = qh.text[:cut].strip()
                left.append(Line(qh.source, qh.frame, text=glued))
        left = [ln for ln in left if ln.is_upper]
        left.sort(key=lambda ln: -ln.baseline)
        if not left:
            self.warn("Issuing agency not found", "Không tìm thấy tên cơ quan ban hành")
            return
        bold = [ln.bold for ln in left]
        parent_lines: list[Line] = []
        issuer_lines: list[Line] = left
        # all bold: an issuer without parent body (the usual case); no bold at all: unsure
        conf = 0.85 if all(bold) else 0.7
        if any(bold) and not all(bold):
            first_bold = bold.index(True)
            last_bold = len(bold) - 1 - bold[::-1].index(True)
            parent_lines = left[:first_bold]
            issuer_lines = left[first_bold : last_bold + 1]
            conf = 0.9
        elif len(left) > 1:
            starts = [i for i, ln in enumerate(left) if i and ln.folded.startswith(_AGENCY_WORDS)]
            if len(starts) == 1:
                parent_lines, issuer_lines = left[: starts[0]], left[starts[0] :]
                conf = 0.6
        issuer = join_text(issuer_lines)
        if read_by_ocr(issuer_lines):
            issuer = fix_ocr_places(issuer)
        self.fields["issuer"] = _ev(issuer, conf, issuer_lines)
        if parent_lines:
            self.fields["issuer_parent"] = _ev(join_text(parent_lines), conf, parent_lines)

    def _cong_van_subject(self, page: PageView, split: float, number_line: Line | None) -> None:
        if number_line is None:
            return
        below = [
            ln
            for ln in page.lines
            if ln.baseline < number_line.baseline - 1 and ln.x_center < split and ln.x1 < split + 60
        ]
        below.sort(key=lambda ln: -ln.baseline)
        if not below or not _VV.match(below[0].text):
            return
        # Decree 30 puts it 6 pt under the number, but real letters leave a few empty lines
        # (the Petrolimex letter in the shared corpus: seven line heights); the "V/v" or
        # "Về việc" opening and the narrow left column keep body text out.
        if number_line.baseline - below[0].baseline > 8 * number_line.size:
            return
        picked = [below[0]]
        for ln in below[1:]:
            prev = picked[-1]
            if prev.baseline - ln.baseline > 1.7 * max(prev.size, ln.size):
                break
            if _decoration(ln) or ln.folded in _MARKS_SECRECY or ln.folded in _MARKS_URGENCY:
                break
            picked.append(ln)
        subject = join_text(picked)
        self.fields["subject"] = _ev(subject, 0.9, picked)
        self.subject_is_vv = True

    # -- type name, subject, recipients -----------------------------------------------------
