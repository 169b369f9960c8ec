"""Text drawn by visible annotation appearances: what a person sees beyond the page content.

Why: the registry's agency signatures (VGCA tools) stamp the number and the day of an issued
document into the blanks of ``Số:      /BNV-TCPCP`` and ``ngày      tháng 12 năm 2025`` as
signature-widget appearances (``/AP /N``). The page content alone has blanks there; a reader
of the rendered page sees ``Số: 11902/BNV-TCPCP``.

How (measured on the real documents, issue 12): asking PDFium's annotation API for the page
objects of each appearance tells cheaply whether it draws any text (a seal or a handwritten
signature is an image); only then is the page flattened *in the parsed in-memory copy*
(``FPDFPage_Flatten(FLAT_NORMALDISPLAY)``: the appearances a viewer shows become page content,
appended after the page's own objects) before its text is read, once. A glyph whose text
object lies inside one of the appended forms is an annotation's; it is attributed to the
annotation whose rectangle holds it. The input bytes are never
touched (PDFium parses a private copy; the document is closed after reading).

Bounds: at most :data:`MAX_ANNOTS` annotations per page are inspected, an appearance's object
tree is walked to depth :data:`MAX_DEPTH` and :data:`MAX_OBJECTS` objects (PDFium itself
refuses XObject loops); anything beyond is read as "no text".
"""

from __future__ import annotations

import ctypes
import enum
from collections.abc import Callable
from typing import Any

import attrs
import pypdfium2 as pdfium
import pypdfium2.raw as raw

from vndocsign.pdf.geometry import BBox

__all__ = [
    "TextSource",
    "TextSourceKind",
    "flatten",
    "owner",
    "text_annotations",
    "text_objects_after",
]

MAX_ANNOTS = 200
MAX_DEPTH = 8
MAX_OBJECTS = 5000

#: Annotation flags that keep an annotation off the screen: Hidden (2), NoView (32).
_INVISIBLE = 2 | 32
#: Subtypes whose appearance is not page text a reader takes in (links, popups of comments).
_SKIP_SUBTYPES = {raw.FPDF_ANNOT_LINK, raw.FPDF_ANNOT_POPUP}
_SUBTYPE_NAMES = {
    raw.FPDF_ANNOT_WIDGET: "Widget",
    raw.FPDF_ANNOT_FREETEXT: "FreeText",
    raw.FPDF_ANNOT_STAMP: "Stamp",
    raw.FPDF_ANNOT_TEXT: "Text",
}


class TextSourceKind(enum.StrEnum):
    """Where a word of the text layer comes from."""

    #: The page's content stream.
    CONTENT = "content"
    #: A visible annotation's appearance (a signature widget's stamp, a free-text note).
    ANNOTATION = "annotation"
    #: Optical character recognition of the rendered page (a scan).
    OCR = "ocr"


@attrs.frozen
class TextSource:
    """The origin of a glyph that is not page content: an annotation or OCR.

    ``field`` is the form field name of a widget (``Signature2``) when the widget carries it;
    ``rect`` the annotation rectangle in user space; ``page`` 0-based.
    """

    kind: TextSourceKind
    page: int
    subtype: str | None = None
    field: str | None = None
    rect: BBox | None = None

    def to_dict(self) -> dict[str, object]:
        return {
            "kind": str(self.kind),
            "page": self.page + 1,
            "subtype": self.subtype,
            "field": self.field,
            "rect": [round(v, 2) for v in self.rect] if self.rect else None,
        }


def _utf16(getter: Callable[..., int], *args: object) -> str | None:
    needed = getter(*args, None, 0)
    if needed <= 2:
        return None
    buf = ctypes.create_string_buffer(needed)
    getter(*args, ctypes.cast(buf, ctypes.POINTER(ctypes.c_ushort)), needed)
    return buf.raw[: needed - 2].decode("utf-16-le", errors="replace") or None


def _has_text(annot: raw.FPDF_ANNOTATION) -> bool:
    """Whether the appearance draws a text object (bounded walk of its object tree)."""
    budget = [MAX_OBJECTS]

    def walk(objs: list[object], depth: int) -> bool:
        for obj in objs:
            budget[0] -= 1
            if budget[0] < 0:
                return False
            kind = raw.FPDFPageObj_GetType(obj)
            if kind == raw.FPDF_PAGEOBJ_TEXT:
                return True
            if kind == raw.FPDF_PAGEOBJ_FORM and depth < MAX_DEPTH:
                n = raw.FPDFFormObj_CountObjects(obj)
                if walk([raw.FPDFFormObj_GetObject(obj, i) for i in range(max(n, 0))], depth + 1):
                    return True
        return False

    count = raw.FPDFAnnot_GetObjectCount(annot)
    return walk([raw.FPDFAnnot_GetObject(annot, i) for i in range(max(count, 0))], 0)


def text_annotations(page: pdfium.PdfPage, index: int) -> list[TextSource]:
    out: list[TextSource] = []
    count = min(raw.FPDFPage_GetAnnotCount(page.raw), MAX_ANNOTS)
    for i in range(count):
        annot = raw.FPDFPage_GetAnnot(page.raw, i)
        if not annot:
            continue
        try:
            subtype = raw.FPDFAnnot_GetSubtype(annot)
            if subtype in _SKIP_SUBTYPES or raw.FPDFAnnot_GetFlags(annot) & _INVISIBLE:
                continue
            if not _has_text(annot):
                continue
            rect = raw.FS_RECTF()
            raw.FPDFAnnot_GetRect(annot, rect)
            box = (
                min(rect.left, rect.right),
                min(rect.bottom, rect.top),
                max(rect.left, rect.right),
                max(rect.bottom, rect.top),
            )
            field = _utf16(raw.FPDFAnnot_GetStringValue, annot, b"T")
            out.append(
                TextSource(
                    kind=TextSourceKind.ANNOTATION,
                    page=index,
                    subtype=_SUBTYPE_NAMES.get(subtype, str(subtype)),
                    field=field,
                    rect=box,
                )
            )
        finally:
            raw.FPDFPage_CloseAnnot(annot)
    return out


def owner(sources: list[TextSource], box: BBox) -> TextSource | None:
    """The annotation whose rectangle holds the centre of ``box`` (the smallest one)."""
    cx, cy = (box[0] + box[2]) / 2, (box[1] + box[3]) / 2
    best: TextSource | None = None
    best_area = float("inf")
    for src in sources:
        if src.rect is None:
            continue
        x0, y0, x1, y1 = src.rect
        if x0 - 1 <= cx <= x1 + 1 and y0 - 1 <= cy <= y1 + 1:
            area = (x1 - x0) * (y1 - y0)
            if area < best_area:
                best, best_area = src, area
    return best


def text_objects_after(page: pdfium.PdfPage, first: int) -> frozenset[int]:
    """Addresses of the text objects inside page objects ``first`` and later (the forms that
    flattening appended: the annotations' appearances), bounded like :func:`_has_text`."""
    out: set[int] = set()
    budget = MAX_OBJECTS

    def walk(obj: Any, depth: int) -> None:
        nonlocal budget
        budget -= 1
        if budget < 0:
            return
        kind = raw.FPDFPageObj_GetType(obj)
        if kind == raw.FPDF_PAGEOBJ_TEXT:
            out.add(ctypes.cast(obj, ctypes.c_void_p).value or 0)
        elif kind == raw.FPDF_PAGEOBJ_FORM and depth < MAX_DEPTH:
            for i in range(max(raw.FPDFFormObj_CountObjects(obj), 0)):
                walk(raw.FPDFFormObj_GetObject(obj, i), depth + 1)

    for i in range(first, raw.FPDFPage_CountObjects(page.raw)):
        walk(raw.FPDFPage_GetObject(page.raw, i), 0)
    return frozenset(out)


def flatten(page: pdfium.PdfPage) -> bool:
    """Turn the page's visible appearances into page content, in the parsed copy only."""
    return bool(raw.FPDFPage_Flatten(page.raw, raw.FLAT_NORMALDISPLAY) == raw.FLATTEN_SUCCESS)
