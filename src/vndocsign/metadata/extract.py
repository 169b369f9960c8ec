"""Read the Decree 30 components off a PDF's text layer (trích xuất siêu dữ liệu văn bản).

The rules follow the layout of Phụ lục I of Decree 30/2020/NĐ-CP, not any one producer's
coordinates:

* **Header (ô 1–5b)**: page 1 starts with two columns. The right one holds the Quốc hiệu
  ("CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM"), the Tiêu ngữ and the italic place-and-date line;
  the left one the parent body (upright), the issuer (bold), "Số: …" on the date's row and,
  for a công văn, the "V/v …" subject under it. The column split is taken from where the
  Quốc hiệu actually is.
* **Type and subject (ô 5a)**: a centred bold line that is a Decree 30 type name, the bold
  lines under it are the subject.
* **Kính gửi (ô 9a)**: one recipient on the same line, or a dashed list.
* **Closing**: the content ends with "./."; "/." inside a sentence (in quotes) does not count.
* **Footer (ô 7, 9b)**: "Nơi nhận:" (bold italic) with its dashed list, and signer blocks:
  upper-case bold title lines (``TM.``/``Q.``/``KT.``/``TL.``/``TUQ.`` authority lines, then the
  signer's own position), a blank band for the signature, then the name, centred under them.
  Several blocks side by side (biên bản: THƯ KÝ / CHỦ TỌA) give several signers.
* **Marks (ô 10, 11)**: "MẬT", "TỐI MẬT", "TUYỆT MẬT"; "KHẨN", "THƯỢNG KHẨN", "HỎA TỐC";
  "DỰ THẢO"; a blank number (``Số:      /QĐ-UBND``) and blank date also mean a draft.

Everything is matched on canonical text (NFC, one tone convention) and folded text (no
diacritics, upper case), so Word, LibreOffice and PDF libraries, whatever runs they split the
text into, give the same answer.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from typing import Any

import attrs

from vndocsign.errors import ExtractionError, ModelError
from vndocsign.metadata.layout import Line, PageView, fold, join_text, page_view, union
from vndocsign.metadata.types import BBox, Extraction, FieldEvidence
from vndocsign.model import (
    Agency,
    DateLine,
    DocumentNumber,
    DocumentType,
    OfficialDocument,
    Secrecy,
    Signer,
    Urgency,
)
from vndocsign.model._text import canonical
from vndocsign.pdf.text import PdfSource, PdfText, load_text

__all__ = ["extract", "extract_metadata"]

NO_TEXT_EN = "The PDF has no text layer (a scan without OCR?): metadata cannot be read from it"
NO_TEXT_VI = (
    "Tệp PDF không có lớp văn bản (bản quét chưa nhận dạng ký tự?): không trích xuất được "
    "thông tin văn bản"
)

_NUMBER_START = re.compile(r"^S[ốỐoO]\s*(?::|\.|\s)\s*", re.IGNORECASE)
#: "2183/UBND-KGVX", "28/2018/QĐ-TTg", "   /QĐ-UBND", "12/QĐ - UBND": spaces only around "-".
_NUMBER_TOKEN = re.compile(
    r"[\d.…_\s]*/\s*(?:(?:19|20)\d\d\s*/\s*)?[^\s/,;]+(?:\s*-\s*[^\s\-,;]+)*"
)
_DATE_RE = re.compile(
    r"(?P<place>[^,;:]{2,80}?)\s*,\s*ngày\b(?P<rest>.*?năm\s*(?:\d{4}|\d{2}[.…]*|[.…]+))",
    re.IGNORECASE,
)
_KINH_GUI = re.compile(r"^K[íi]nh\s*g[ửu]i\s*:?\s*", re.IGNORECASE)
_NOI_NHAN = re.compile(r"^N[ơo]i\s*nh[ậa]n\s*:?\s*", re.IGNORECASE)
_AUTHORITY = re.compile(r"^(TM|KT|TL|TUQ|Q)\s*\.\s*\S")
_VV = re.compile(r"^(V\s*/\s*v|Về\s+việc)\b", re.IGNORECASE)
_DASH = re.compile(r"^[-–—+•]\s*")
_NAME_WORD = re.compile(r"^[^\W\d_][^\W\d_]*$")
_ACADEMIC_WORD = re.compile(r"^(GS|PGS|TS|ThS|TSKH|BS|CKII|CKI|KS|Th\.S)\.(TS\.)?$", re.I)
_AGENCY_WORDS = (
    "UY BAN",
    "SO ",
    "BO ",
    "BAN ",
    "VAN PHONG",
    "CONG AN",
    "CUC ",
    "TONG CUC",
    "CHI CUC",
    "VU ",
    "PHONG ",
    "TRUNG TAM",
    "TRUONG ",
    "BENH VIEN",
    "HOI DONG",
    "THANH TRA",
    "KHO BAC",
    "CHI NHANH",
    "DANG UY",
    "TINH UY",
    "HUYEN UY",
    "BO CHI HUY",
    "TOA AN",
    "VIEN ",
)
_QUOC_HIEU = "CONG HOA XA HOI CHU NGHIA"
_TIEU_NGU = "DOCLAPTUDOHANHPHUC"

_MARKS_SECRECY = {fold(s.value): s for s in Secrecy}
_MARKS_URGENCY = {fold(u.value): u for u in Urgency}


def extract(pdf: PdfSource | PdfText, *, password: str | None = None) -> Extraction:
    """Extract the Decree 30 metadata of ``pdf`` (a source or an already parsed ``PdfText``).

    Never raises for odd layouts: what is not found is absent from ``fields`` and ``None`` in
    the document. Raises :class:`~vndocsign.errors.PdfError` for unreadable, encrypted or
    non-PDF input. A PDF without a text layer yields ``has_text_layer=False``.
    """
    text = pdf if isinstance(pdf, PdfText) else load_text(pdf, password=password)
    return _Extractor(text).run()


def extract_metadata(pdf: PdfSource | PdfText, *, password: str | None = None) -> OfficialDocument:
    """The :class:`~vndocsign.model.OfficialDocument` of ``pdf`` (``extract(pdf).document``).

    Raises :class:`~vndocsign.errors.ExtractionError` when the PDF has no text layer.
    """
    result = extract(pdf, password=password)
    if not result.has_text_layer:
        raise ExtractionError(NO_TEXT_EN, NO_TEXT_VI, pages=result.document.page_amount)
    return result.document


# --------------------------------------------------------------------------------------------


def _ev(
    value: Any, confidence: float, lines: Sequence[Line], box: BBox | None = None
) -> FieldEvidence:
    if not lines:
        return FieldEvidence(value, confidence)
    page = lines[0].page
    boxes = [ln.user_bbox() for ln in lines if ln.page == page]
    return FieldEvidence(
        value=value,
        confidence=confidence,
        page=page,
        bbox=box if box is not None else union(boxes),
        source_text=join_text(lines) if len(lines) > 1 else lines[0].text,
    )


def _strip_item(text: str) -> str:
    item = _DASH.sub("", canonical(text)).strip()
    return item.rstrip(";.,").strip()


def _letters(text: str) -> int:
    return sum(c.isalpha() for c in text)


@attrs.define
class _Extractor:
    text: PdfText
    fields: dict[str, FieldEvidence] = attrs.field(factory=dict)
    warnings: list[str] = attrs.field(factory=list)
    pages: dict[int, PageView] = attrs.field(factory=dict)
    parsed_number: DocumentNumber | None = None
    parsed_date: DateLine | None = None
    subject_is_vv: bool = False
    heading_type: DocumentType | None = None
    doc_lines: list[Line] = attrs.field(factory=list)
    found_signers: list[Signer] = attrs.field(factory=list)

    def warn(self, en: str, vi: str) -> None:
        self.warnings.append(f"{vi} / {en}")

    # -- driver ---------------------------------------------------------------------------

    def run(self) -> Extraction:
        n_pages = len(self.text.pages)
        page_amount = n_pages if 1 <= n_pages <= 999 else None
        if not self._has_text():
            self.warn(NO_TEXT_EN, NO_TEXT_VI)
            return Extraction(
                document=OfficialDocument(page_amount=page_amount),
                fields={"page_amount": FieldEvidence(n_pages, 1.0)},
                warnings=tuple(self.warnings),
                has_text_layer=False,
            )
        self.fields["page_amount"] = FieldEvidence(n_pages, 1.0)
        first = self.view(0)
        header = self._header(first)
        heading_end = self._type_and_subject(first, header)
        self._recipients(first, heading_end)
        self._marks(first)
        closing = self._closing()
        self._footer(closing)
        document = self._document(header)
        if not any(k in self.fields for k in ("number", "date_line", "issuer", "signers")):
            self.warn(
                "No Decree 30 component was recognised: the text layer may be unreadable "
                "(fonts without Unicode mapping) or the file is not an administrative document",
                "Không nhận diện được thành phần thể thức nào theo Nghị định 30: lớp văn bản có "
                "thể bị lỗi phông chữ, hoặc tệp không phải văn bản hành chính",
            )
        return Extraction(
            document=document,
            fields=dict(self.fields),
            warnings=tuple(self.warnings),
            has_text_layer=True,
        )

    def view(self, index: int) -> PageView:
        """The display-frame view of one page, built once and only when a rule needs it."""
        found = self.pages.get(index)
        if found is None:
            found = self.pages[index] = page_view(self.text.pages[index])
        return found

    def _has_text(self) -> bool:
        """At least a few letters somewhere: a scan's stray OCR-free page has none."""
        letters = 0
        for page in self.text.pages:
            for line in page.lines:
                letters += _letters(line.text)
                if letters >= 16:
                    return True
        return False

    # -- header ----------------------------------------------------------------------------

    def _header(self, page: PageView) -> dict[str, Any]:
        """Quốc hiệu, issuer, number and date; returns the geometry later rules need."""
        lines = list(page.lines)
        top_limit = page.height * 0.45
        top = [ln for ln in lines if ln.baseline >= top_limit and not ln.is_decoration]
        qh = next((ln for ln in top if _QUOC_HIEU in ln.folded), None)
        tn = next((ln for ln in top if _TIEU_NGU in re.sub(r"[^A-Z]", "", ln.folded)), None)
        # The left edge of the right column: where the national motto block starts.
        right_edges = [ln.x0 for ln in (qh, tn) if ln is not None]
        if qh is not None and not qh.folded.startswith(_QUOC_HIEU):
            # agency and Quốc hiệu merged into one segment: split at "CỘNG HÒA"
            cut = qh.folded.find(_QUOC_HIEU)
            right_edges = [qh.x0 + (qh.x1 - qh.x0) * cut / max(len(qh.folded), 1)]
        split = min(right_edges) - 4 if right_edges else page.width * 0.42
        info: dict[str, Any] = {"split": split, "qh": qh}

        number_line, number_text = self._find_number(top, split)
        date_lines, date_text = self._find_date(top, split)
        row_y = None
        if number_line is not None:
            row_y = number_line.baseline
        elif date_lines:
            row_y = date_lines[0].baseline
        info["row_y"] = row_y
        info["number_line"] = number_line
        if number_line is not None and number_text is not None:
            self._number(number_line, number_text)
        if date_lines and date_text is not None:
            self._date(date_lines, date_text)
        if qh is None:
            self.warn(
                "National title (Quốc hiệu) not found on page 1",
                "Không tìm thấy Quốc hiệu ở trang 1",
            )
        self._issuer(page, split, qh, row_y)
        self._cong_van_subject(page, split, number_line)
        return info

    def _find_number(self, top: list[Line], split: float) -> tuple[Line | None, str | None]:
        for ln in top:
            if ln.center > split + 40 and not ln.text.lower().startswith("số"):
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
        return None, None

    def _right_neighbour_text(self, ln: Line, split: float) -> str:
        page = self.view(ln.page)
        same = [
            o
            for o in page.lines
            if o is not ln
            and abs(o.baseline - ln.baseline) <= 0.4 * max(o.size, ln.size)
            and o.x0 > ln.x1
            and o.center < split
        ]
        return join_text(sorted(same, key=lambda o: o.x0))

    def _find_date(self, top: list[Line], split: float) -> tuple[list[Line], str | None]:
        """The place-and-date line: right column, may be split into runs or wrapped."""
        right = [ln for ln in top if ln.center > split or ln.x1 > split + 40]
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
                return
        self.parsed_date = parsed
        self.fields["date_line"] = _ev(str(parsed), conf, lines)
        if parsed.place:
            self.fields["place"] = _ev(parsed.place, conf, lines)
        if parsed.date is not None:
            self.fields["issued_date"] = _ev(parsed.date.isoformat(), conf, lines)

    def _issuer(self, page: PageView, split: float, qh: Line | None, row_y: float | None) -> None:
        floor = row_y if row_y is not None else page.height * 0.75
        lines = [
            ln
            for ln in page.lines
            if ln.baseline > floor + 1
            and not ln.is_decoration
            and _QUOC_HIEU not in ln.folded
            and _TIEU_NGU not in re.sub(r"[^A-Z]", "", ln.folded)
            and not ln.folded.startswith("DU THAO")
            and ln.folded not in _MARKS_SECRECY
            and ln.folded not in _MARKS_URGENCY
        ]
        left = [ln for ln in lines if ln.center < split]
        if qh is not None and not qh.folded.startswith(_QUOC_HIEU):
            cut = qh.text.upper().find("CỘNG HÒA")
            if cut > 0:  # agency name glued to the Quốc hiệu in one run
                glued = qh.text[:cut].strip()
                left.append(attrs.evolve(qh, text=glued, folded=fold(glued)))
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
        self.fields["issuer"] = _ev(issuer, conf, issuer_lines)
        if parent_lines:
            self.fields["issuer_parent"] = _ev(join_text(parent_lines), conf, parent_lines)

    def _cong_van_subject(self, page: PageView, split: float, number_line: Line | None) -> None:
        if number_line is None:
            return
        below = [
            ln
            for ln in page.lines
            if ln.baseline < number_line.baseline - 1 and ln.center < split and ln.x1 < split + 60
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
            if ln.is_decoration or ln.folded in _MARKS_SECRECY or ln.folded in _MARKS_URGENCY:
                break
            picked.append(ln)
        subject = join_text(picked)
        self.fields["subject"] = _ev(subject, 0.9, picked)
        self.subject_is_vv = True

    # -- type name, subject, recipients -----------------------------------------------------

    def _type_and_subject(self, page: PageView, header: dict[str, Any]) -> float:
        """Find the type-name heading; returns the baseline where the body may start."""
        row_y = header.get("row_y")
        start = row_y if row_y is not None else page.height
        mid = page.width / 2
        below = [ln for ln in page.lines if ln.baseline < start - 1 and not ln.is_decoration]
        # the left-column V/v lines are not headings
        below = [ln for ln in below if abs(ln.center - mid) < page.width * 0.2 or ln.x1 > mid]
        for i, ln in enumerate(below[:12]):
            if _KINH_GUI.match(ln.text):
                break
            if not ln.is_upper or abs(ln.center - mid) > page.width * 0.12:
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
                if gap > 1.8 * max(prev.size, nxt.size) or nxt.is_decoration:
                    break
                if abs(nxt.center - mid) > page.width * 0.15 or _KINH_GUI.match(nxt.text):
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
            self.fields["draft"] = FieldEvidence(True, 0.7, line.page, line.bbox, line.source_text)
        date = self.parsed_date
        if "draft" not in self.fields and date is not None and date.date is None:
            ev = self.fields["date_line"]
            self.fields["draft"] = FieldEvidence(True, 0.6, ev.page, ev.bbox, ev.source_text)

    # -- closing and footer ------------------------------------------------------------------

    def _all_lines(self) -> list[Line]:
        """Lines of the pages where the content may end, and of the page after each.

        The cheap test runs on the raw text layer; a rotated page's raw lines are not in
        reading order, so those pages are always looked at.
        """
        pages = self.text.pages
        wanted = {0, len(pages) - 1}
        for page in pages:
            if page.rotation % 360 or any(
                tl.text.rstrip().endswith("/.") or _NOI_NHAN.match(tl.text) for tl in page.lines
            ):
                wanted.update((page.index, page.index + 1))
        out: list[Line] = []
        for i in sorted(w for w in wanted if 0 <= w < len(pages)):
            out.extend(self.view(i).lines)
        return out

    def _closing(self) -> tuple[int, Line] | None:
        """The line ending the content with "./." (index into the document's lines)."""
        lines = self._all_lines()
        self.doc_lines = lines
        candidates = [
            i
            for i, ln in enumerate(lines)
            if ln.raw.rstrip().endswith("/.") and not ln.raw.rstrip().endswith("”/.")
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
        raw = line.raw.rstrip()
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
            last_page = len(self.text.pages) - 1
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
            and not ln.is_decoration
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
                    and abs(last.center - ln.center) < 40
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
        center = sum(ln.center for ln in block) / len(block)
        width = max(ln.x1 - ln.x0 for ln in block)
        for ln in region:
            if ln.page != last.page or ln.baseline >= last.baseline - 1:
                continue
            if last.baseline - ln.baseline > 260:
                break
            if abs(ln.center - center) > max(45.0, width * 0.45):
                continue
            if ln.is_upper or ln.is_decoration or _DASH.match(ln.text):
                continue
            words = ln.text.split()
            if words and _ACADEMIC_WORD.match(words[0]):
                words = words[1:]
            if 2 <= len(words) <= 7 and all(_NAME_WORD.match(w) and w[0].isupper() for w in words):
                return ln
            if len(words) > 7:
                continue
        return None

    def _make_signer(self, block: list[Line], name: Line) -> tuple[Signer | None, float]:
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
            return Signer(name.text, position=position, authority=authority), conf
        except ModelError as err:
            self.warn(
                f"Signer block read with reservations: {err.en}",
                f"Khối chữ ký đọc được nhưng chưa chuẩn: {err.vi}",
            )
        try:
            return Signer(
                name.text, position=position, authority=authority, allow_academic_title=True
            ), conf - 0.2
        except ModelError:
            pass
        try:
            titles = " / ".join(canonical(ln.text) for ln in block)[:100]
            return Signer(name.text, position=titles, allow_academic_title=True), 0.4
        except ModelError:
            return None, 0.0

    # -- assemble ---------------------------------------------------------------------------

    def _document(self, header: dict[str, Any]) -> OfficialDocument:
        f = self.fields
        number = self.parsed_number if "number" in f and f["number"].confidence > 0.5 else None
        doc_type = self.heading_type
        if doc_type is None and number is not None:
            inferred = number.document_type
            if inferred is not None:
                doc_type = inferred
                self.fields["document_type"] = FieldEvidence(
                    inferred.name,
                    0.7 if self.subject_is_vv or inferred.abbreviation else 0.5,
                    f["number"].page,
                    f["number"].bbox,
                    f["number"].source_text,
                )
        if (
            doc_type is not None
            and number is not None
            and number.document_type is not None
            and number.document_type.abbreviation is not None
            and doc_type.abbreviation is not None
            and number.document_type != doc_type
        ):
            self.warn(
                f"The number {number} names {number.document_type.name} but the heading says "
                f"{doc_type.name}",
                f"Số, ký hiệu {number} là của {number.document_type.name} nhưng tên loại in là "
                f"{doc_type.name}",
            )
            number = None
        issuer = None
        if "issuer" in f:
            try:
                issuer = Agency(
                    f["issuer"].value,
                    parent=f["issuer_parent"].value if "issuer_parent" in f else None,
                )
            except ModelError as err:
                self.warn(err.en, err.vi)
        date_line = self.parsed_date
        subject = f["subject"].value if "subject" in f else None
        if subject is not None and len(subject) > 500:
            subject = subject[:500]
            self.warn("Subject cut to 500 characters", "Trích yếu được cắt còn 500 ký tự")
        secrecy = f["secrecy"].value if "secrecy" in f else None
        urgency = f["urgency"].value if "urgency" in f else None
        draft = bool(f["draft"].value) if "draft" in f else False
        try:
            return OfficialDocument(
                issuer=issuer,
                number=number,
                date_line=date_line,
                document_type=doc_type,
                subject=subject,
                recipients=tuple(f["recipients"].value) if "recipients" in f else (),
                signers=tuple(self.found_signers),
                distribution=tuple(f["distribution"].value) if "distribution" in f else (),
                secrecy=secrecy,
                urgency=urgency,
                draft=draft,
                page_amount=f["page_amount"].value if 1 <= f["page_amount"].value <= 999 else None,
            )
        except ModelError as err:  # pragma: no cover - every field was validated above
            self.warn(err.en, err.vi)
            return OfficialDocument(page_amount=None)
