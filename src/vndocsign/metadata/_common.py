"""What every extraction rule shares: the extractor's state, patterns and small helpers."""

from __future__ import annotations

import re
from collections.abc import Sequence
from typing import Any

import attrs

from vndocsign.model import DateLine, DocumentNumber, DocumentType, Secrecy, Signer, Urgency
from vndocsign.model._text import canonical, strip_diacritics
from vndocsign.pdf import (
    BBox,
    Line,
    PageText,
    PageView,
    PdfText,
    TextSourceKind,
    group_lines,
    page_view,
    union,
)
from vndocsign.pki import COMMON_FAMILY_NAMES

from ._types import FieldEvidence

NO_TEXT_EN = "The PDF has no text layer (a scan without OCR?): metadata cannot be read from it"
NO_TEXT_VI = (
    "Tệp PDF không có lớp văn bản (bản quét chưa nhận dạng ký tự?): không trích xuất được "
    "thông tin văn bản"
)

_DECOR = re.compile(r"^[\s\-_–—―‒=~*.·•…]+$")


def fold(text: str) -> str:
    """Upper-case, no diacritics, single spaces: ``"Kính gửi"`` -> ``"KINH GUI"``."""
    return strip_diacritics(canonical(text)).upper()


#: A line ending in a hyphen inside a code (``3183/SNV-`` / ``TCBC``): joined without a space.
_CODE_HYPHEN = re.compile(r"[/\w]*[A-ZĐ0-9]-$")


def join_text(lines: Sequence[Line]) -> str:
    """The lines as one text; a ký hiệu broken after its hyphen is joined back."""
    out = ""
    for ln in lines:
        text = ln.text
        if out and not (_CODE_HYPHEN.search(out) and text[:1].isupper()):
            out += " "
        out += text
    return canonical(out)


def _decoration(line: Line) -> bool:
    """A rule or ornament line (``-----``, ``***``) under a heading: not text."""
    return bool(_DECOR.match(line.text))


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
#: A rank printed before a police or army signer's name (``Thượng tướng Nguyễn Văn Long``):
#: not part of the name (cấp bậc hàm, not học hàm).
_RANK = re.compile(r"^(?:Đại|Thượng|Trung|Thiếu)\s+(?:tướng|tá|úy|uý)\s+(?=\S)", re.IGNORECASE)


#: The most common Vietnamese family names (họ), which cover most people: an OCR'd signer
#: name whose first word differs from one only in its diacritics (``Nguyên`` for ``Nguyễn``)
#: is read as that name.
_FOLDED_SURNAMES = [(fold(name), name) for name in COMMON_FAMILY_NAMES]
_SURNAMES = {
    folded: name
    for folded, name in _FOLDED_SURNAMES
    # names that fold alike (La, Lã) cannot be told apart: those are left uncorrected
    if sum(other == folded for other, _ in _FOLDED_SURNAMES) == 1
}


def fix_ocr_surname(name: str) -> str:
    """``Nguyên Văn Long`` -> ``Nguyễn Văn Long`` (OCR lost a tone mark of the family name)."""
    first, _, rest = name.partition(" ")
    known = _SURNAMES.get(fold(first))
    if known is None or known == first or not rest:
        return name
    return f"{known} {rest}"


def read_by_ocr(lines: Sequence[Line]) -> bool:
    """Whether any glyph of ``lines`` was recognised by OCR (a scan), not drawn as text."""
    return any(
        g.source is not None and g.source.kind is TextSourceKind.OCR
        for ln in lines
        for g in ln.glyphs
    )


def strip_rank(text: str) -> str:
    """The name without a leading military or police rank."""
    return _RANK.sub("", text.strip(), count=1)


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


#: The running header of a Công báo (official gazette) reprint: ``CÔNG BÁO/Số 1105 + 1106/
#: Ngày 29-12-2021`` (with the page number), and the gazette's section titles above the
#: reprinted document (``PHẦN I``, ``VĂN BẢN QUY PHẠM PHÁP LUẬT``).
_GAZETTE = re.compile(r"CONGBAO(/|SO|$)|^PHAN[IVX]+\.?$|^VANBAN(QUYPHAMPHAPLUAT|HOPNHAT|KHAC)$")


def _stamps_only(page: PageText) -> PageText:
    """The page with the text of multi-line annotation appearances left out.

    The registry's number and day stamps are one line of text (``Số: 245/UBND-VP``): they are
    what a reader reads in the blank and stay. A signature appearance drawn over the signer
    block ("Ký bởi: …", a time) is several lines; its words would merge with the printed name
    on the same baseline.
    """
    baselines: dict[tuple[str | None, BBox | None], list[tuple[float, float]]] = {}
    for line in page.lines:
        for g in line.glyphs:
            if g.source is not None and g.source.kind is TextSourceKind.ANNOTATION:
                key = (g.source.field, g.source.rect)
                baselines.setdefault(key, []).append((g.origin[1], g.bbox[3] - g.bbox[1]))
    tall = {
        key
        for key, rows in baselines.items()
        if max(y for y, _ in rows) - min(y for y, _ in rows) > 0.5 * max(h for _, h in rows)
    }
    if not tall:
        return page
    kept = [
        g
        for line in page.lines
        for g in line.glyphs
        if g.source is None or (g.source.field, g.source.rect) not in tall
    ]
    return attrs.evolve(page, lines=tuple(group_lines(page.index, kept)))


def _without_gazette_header(view: PageView) -> PageView:
    """A Công báo reprint read as the document it reprints: its running header dropped."""
    limit = view.height * 0.85
    keep = tuple(
        ln
        for ln in view.lines
        if ln.bottom < limit or not _GAZETTE.search("".join(ln.folded.split()))
    )
    return view if len(keep) == len(view.lines) else attrs.evolve(view, lines=keep)


@attrs.define
class _State:
    """The document being read and what the rules found so far."""

    text: PdfText
    fields: dict[str, FieldEvidence] = attrs.field(factory=dict)
    warnings: list[str] = attrs.field(factory=list)
    pages: dict[int, PageView] = attrs.field(factory=dict)
    parsed_number: DocumentNumber | None = None
    parsed_date: DateLine | None = None
    subject_is_vv: bool = False
    heading_type: DocumentType | None = None
    _warned_handwritten: bool = False
    #: The text layer loses letters (see ``_lost``).
    lost_letters: bool = False
    doc_lines: list[Line] = attrs.field(factory=list)
    found_signers: list[Signer] = attrs.field(factory=list)
    #: Signature field name -> signer, to say whose stamp filled a field.
    stamp_signers: dict[str, str | None] = attrs.field(factory=dict)

    def warn(self, en: str, vi: str) -> None:
        self.warnings.append(f"{vi} / {en}")

    def blank_on_scan(self, page: int | None) -> bool:
        """Whether a blank (or unreadable) number or day sits on a page read by OCR: on a
        scanned paper copy they are written by hand into the blank (in pen, which OCR does
        not read), so the blank is no draft. Says so once."""
        if not any(p.ocr for p in self.text.pages if p.index == page):
            return False
        if not self._warned_handwritten:
            self._warned_handwritten = True
            self.warn(
                "The number or day is blank in the scan's print: handwritten, not read by OCR",
                "Số hoặc ngày để trống trong bản in được quét: viết tay, OCR không đọc được",
            )
        return True

    def view(self, index: int) -> PageView:
        """The display-frame view of one page, built once and only when a rule needs it."""
        found = self.pages.get(index)
        if found is None:
            # ``index`` is the page's index in the file (the text may be one part of it)
            page = next(p for p in self.text.pages if p.index == index)
            found = self.pages[index] = _without_gazette_header(page_view(_stamps_only(page)))
        return found
