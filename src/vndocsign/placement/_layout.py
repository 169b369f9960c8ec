"""The geometry placement works in: each page turned so that its text reads left to right.

PDFium reports every glyph box in PDF *user space of the unrotated page* — the CropBox and
MediaBox offsets are not subtracted and ``/Rotate`` is not applied (checked by
``tests/placement/test_geometry.py``). That is the space a field's ``/Rect`` lives in, so the
final rectangles must be in it too; but the rules ("after the ``./.`` on the same line", "the
seal on the left", "top right of page 1") are about the page as a person reads it.

A page's text is not always upright in user space: a landscape page is often a portrait
MediaBox with ``/Rotate 90`` and text drawn turned by 90°, while a page rotated *after* the fact
(``pdftk … rotate``) keeps upright text that the reader sees sideways. So the reading direction
is measured from the glyphs themselves (where each glyph's pen origin sits in its box) rather
than taken from ``/Rotate``: we try the four quarter turns and keep the one under which the
glyphs stand upright. Each page gets a :class:`~vndocsign.pdf.PageFrame` with that turn (its
display frame is where the text stands upright), every rule computes in that frame through the
shared :class:`~vndocsign.pdf.PageView`, and ``PageFrame.box_to_user`` brings the result back.
"""

from __future__ import annotations

import re

from vndocsign.model._text import canonical
from vndocsign.pdf import (
    Glyph,
    Line,
    PageFrame,
    PageText,
    PageView,
    PdfText,
    Segment,
    page_view,
    segment_document,
    select_segment,
)

from ._errors import InvalidOptionError

__all__ = ["Layout", "detect_rotation", "has_authority", "is_placeholder", "key_of"]

_AUTHORITY = re.compile(r"^(TM|KT|Q|TL|TUQ)\.\s*\S", re.IGNORECASE)


def key_of(text: str) -> str:
    """Comparison key: canonical Vietnamese, lower case, white space removed."""
    return "".join(canonical(text).split()).lower()


def has_authority(line: Line) -> bool:
    """Starts with TM. / KT. / Q. / TL. / TUQ. (Decree 30 Annex I, II.7.b)."""
    return bool(_AUTHORITY.match(line.printed))


def is_placeholder(line: Line) -> bool:
    """``(Chữ ký)``, ``(Đã ký)``, ``(Ký, ghi rõ họ tên)``: template hints in the signature
    space, not text the signature must avoid."""
    t = line.printed.strip()
    return t.startswith("(") and t.endswith(")")


def _upright_cost(glyphs: list[Glyph], frame: PageFrame) -> float:
    """How far the glyphs' pen origins are from the lower-left of their boxes, in em.

    For upright text the origin sits at the left end of the baseline: at (or just left of) the
    box's left edge and at (or a descender above) its bottom. Under a wrong quarter turn it
    lands on another side of the box, so the right turn has by far the smallest cost.
    """
    total = 0.0
    for g in glyphs:
        if frame.rotation:
            x0, y0, _x1, _y1 = frame.box_to_display(g.bbox)
            ox, oy = frame.to_display(*g.origin)
        else:  # a translation: the distances are those of user space
            x0, y0, _x1, _y1 = g.bbox
            ox, oy = g.origin
        size = g.size if g.size > 0 else 1.0
        total += (abs(ox - x0) + abs(oy - y0)) / size
    return total


def detect_rotation(page: PageText, sample: int = 120) -> int:
    """The quarter turn under which most glyphs of ``page`` stand upright (0 if no text).

    Counted like ``/Rotate`` (clockwise, as displayed): ``PageFrame.of(..., rotation)`` with the
    result has the text upright in its display frame.
    """
    glyphs: list[Glyph] = []
    for line in page.lines:
        glyphs.extend(line.glyphs)
        if len(glyphs) >= sample * 4:
            break
    if not glyphs:
        return 0
    step = max(1, len(glyphs) // sample)
    picked = glyphs[::step]
    frames = {r: PageFrame.of(page.mediabox, page.cropbox, r) for r in (0, 90, 180, 270)}
    upright = _upright_cost(picked, frames[0])
    if upright < 0.3 * len(picked):  # the common case: ordinary upright text
        return 0
    costs = {0: upright, **{r: _upright_cost(picked, frames[r]) for r in (90, 180, 270)}}
    best = min(costs, key=lambda r: (costs[r], r != 0, r != page.rotation))
    # Prefer no turn unless another one is clearly better (symmetric glyphs such as "." or
    # "o" fit several turns equally well).
    if costs[0] <= costs[best] * 1.15 + 0.05 * len(picked):
        return 0
    return best


class Layout:
    """A parsed document prepared for placement, shared by every role.

    Build it once (``Layout.of(pdf)``) and pass it to :func:`~vndocsign.placement.find_placement`
    for each role; pages are turned and indexed lazily, the first time a rule looks at them.
    """

    def __init__(self, text: PdfText, document: int | None = 0) -> None:
        #: The whole file's text; :attr:`text` is the selected document's pages only.
        self.file_text = text
        #: The documents in the file (main, attached documents, appendices).
        self.segments: tuple[Segment, ...] = segment_document(text)
        if document is not None and len(self.segments) > 1:
            if not 0 <= document < len(self.segments):
                raise InvalidOptionError(
                    f"The file holds {len(self.segments)} documents; no document {document}",
                    f"Tệp có {len(self.segments)} văn bản; không có văn bản số {document}",
                    document=document,
                    documents=len(self.segments),
                )
            text = select_segment(text, self.segments[document])
        self.text = text
        self._views: dict[int, PageView] = {}

    @classmethod
    def of(cls, text: PdfText, document: int | None = 0) -> Layout:
        return cls(text, document)

    @property
    def page_count(self) -> int:
        return len(self.text.pages)

    @property
    def has_text(self) -> bool:
        return self.text.has_text

    def page(self, index: int) -> PageView:
        """The view of the document's ``index``-th page (its ``.index`` is the file's)."""
        view = self._views.get(index)
        if view is None:
            page = self.text.pages[index]
            view = self._views[index] = page_view(page, detect_rotation(page), layer_spaces=False)
        return view

    def pages(self) -> list[PageView]:
        return [self.page(i) for i in range(self.page_count)]
