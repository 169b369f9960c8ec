"""Several documents in one PDF: the main document, then attached documents and appendices.

Why: a công văn or tờ trình is often published with its attached drafts (dự thảo quyết định),
the documents a Quyết định issues, or its appendices (Phụ lục) bound after it in the same file.
Read as one, the last signer block is the draft's (``TM. ỦY BAN NHÂN DÂN / CHỦ TỊCH``,
unsigned) and the metadata mixes both. Metadata and placement are of the main document by
default; the others are listed and can be selected.

How a page after the first starts a new part (page content, display frame, top 40 % of page):

* a **document**: the Quốc hiệu ``CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM`` (every Decree 30
  document opens with it, ô 1);
* an **appendix**: one of its first three lines opens with ``Phụ lục`` (Phụ lục I, III.1:
  appendices start on a new page with that heading).

A Công báo reprint's running header (``CÔNG BÁO/Số …`` on every page) is not a Quốc hiệu and
does not split it.
"""

from __future__ import annotations

import enum
import re
from typing import Any

import attrs

from vndocsign.model._text import strip_diacritics
from vndocsign.pdf._text import PageText, PdfText
from vndocsign.pdf._view import Line, page_view

__all__ = ["Segment", "SegmentKind", "page_starts_part", "segment_document", "select_segment"]

_QUOC_HIEU = "CONGHOAXAHOICHUNGHIAVIETNAM"
_TOP_SHARE = 0.4
_APPENDIX = re.compile(r"^PHU LUC(\s+(SO\s+)?[IVXLCDM\d]+[A-Z]?)?\s*([:.\-–(]|$)")


class SegmentKind(enum.StrEnum):
    """What a part of the file is."""

    MAIN = "main"
    DOCUMENT = "document"
    APPENDIX = "appendix"


@attrs.frozen
class Segment:
    """A run of pages read as one document; ``pages`` are 0-based (1-based in JSON)."""

    kind: SegmentKind
    pages: tuple[int, ...]

    def to_dict(self) -> dict[str, Any]:
        return {"kind": str(self.kind), "pages": [p + 1 for p in self.pages]}


def _fold(text: str) -> str:
    return "".join(strip_diacritics(text).upper().split())


def _is_appendix_heading(line: Line, width: float) -> bool:
    """``PHỤ LỤC``, ``Phụ lục II``, ``Phụ lục số 01: …``, centred or bold (not a sentence
    that happens to start with the word)."""
    folded = " ".join(strip_diacritics(line.text).upper().split())
    if not _APPENDIX.match(folded):
        return False
    return line.bold or abs(line.x_center - width / 2) < 0.15 * width


def _starts_part(text: PdfText, index: int) -> SegmentKind | None:
    return page_starts_part(text.pages[index])


def page_starts_part(page: PageText) -> SegmentKind | None:
    """Whether ``page`` opens a document or an appendix (used on pages after the first)."""
    if not page.char_count:
        return None
    view = page_view(page)
    limit = view.height * (1 - _TOP_SHARE)
    top = [ln for ln in view.lines if ln.top >= limit]
    for line in top:
        if _QUOC_HIEU in _fold(line.text):
            return SegmentKind.DOCUMENT
    # skip a page number and a Công báo running header before the heading
    heads = [ln for ln in top if not ln.text.strip().isdigit()][:3]
    if any(_is_appendix_heading(ln, view.width) for ln in heads):
        return SegmentKind.APPENDIX
    return None


def segment_document(text: PdfText) -> tuple[Segment, ...]:
    """Split the file into its main document and the parts bound after it."""
    if not text.pages:
        return ()
    starts: list[tuple[int, SegmentKind]] = [(0, SegmentKind.MAIN)]
    for index in range(1, len(text.pages)):
        kind = _starts_part(text, index)
        if kind is not None:
            starts.append((index, kind))
    out: list[Segment] = []
    for n, (first, kind) in enumerate(starts):
        end = starts[n + 1][0] if n + 1 < len(starts) else len(text.pages)
        out.append(Segment(kind=kind, pages=tuple(range(first, end))))
    return tuple(out)


def select_segment(text: PdfText, segment: Segment) -> PdfText:
    """The pages of one part as a :class:`PdfText` (pages keep their indexes in the file)."""
    return attrs.evolve(text, pages=tuple(text.pages[i] for i in segment.pages))
