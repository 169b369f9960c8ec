"""Which pages of a garbage text layer are really scans (an image covers the page).

A page whose text is not readable Vietnamese (:func:`~vndocsign.pdf.garbage_layer`) is a scan
with a bad OCR layer only when an image covers at least :data:`SCAN_IMAGE_SHARE` of it: a
foreign-language text page (an English or Slovenian test PDF, a printed web page with a
logo) is a text page, not a scan — it is neither called scanned nor sent to Tesseract
(seconds per page for nothing).
"""

from __future__ import annotations

import ctypes
from collections.abc import Iterable

import pypdfium2 as pdfium
import pypdfium2.raw as raw

from vndocsign.pdf._text import _open

__all__ = ["SCAN_IMAGE_SHARE", "pages_without_image"]

#: Share of the page an image must cover for a garbage text layer to be a scan's.
SCAN_IMAGE_SHARE = 0.5
_MAX_OBJECTS = 500


def _covered_by_image(page: pdfium.PdfPage) -> bool:
    width, height = page.get_size()
    area = max(width * height, 1.0)
    left, bottom, right, top = (ctypes.c_float() for _ in range(4))
    for i in range(min(raw.FPDFPage_CountObjects(page.raw), _MAX_OBJECTS)):
        obj = raw.FPDFPage_GetObject(page.raw, i)
        if raw.FPDFPageObj_GetType(obj) != raw.FPDF_PAGEOBJ_IMAGE:
            continue
        if not raw.FPDFPageObj_GetBounds(obj, left, bottom, right, top):
            continue
        share = (right.value - left.value) * (top.value - bottom.value) / area
        if share >= SCAN_IMAGE_SHARE:
            return True
    return False


def pages_without_image(
    pdf: bytes, pages: Iterable[int], password: str | None = None
) -> frozenset[int]:
    """The 0-based ``pages`` of ``pdf`` that no image of their own covers (not scans)."""
    doc = _open(pdf, password)
    out: set[int] = set()
    try:
        for index in pages:
            page = doc[index]
            try:
                if not _covered_by_image(page):
                    out.add(index)
            finally:
                page.close()
    finally:
        doc.close()
    return frozenset(out)
