"""PDF utilities shared by every capability.

* safe reading and the glyph-level text layer (:func:`load_text`, :class:`PdfText`);
* page geometry — the one place for ``/Rotate``, the CropBox and user space
  (:class:`PageFrame`, also importable as :mod:`vndocsign.pdf.geometry`);
* a page's text lines in the display frame (:func:`page_view`, :class:`PageView`,
  :class:`Line`), shared by metadata extraction and signature placement;
* several documents in one file (:func:`segment_document`: the main one, attached documents,
  appendices);
* a validation-free inventory of existing signatures (:func:`list_signatures`).
"""

from vndocsign.pdf._annots import TextSource, TextSourceKind
from vndocsign.pdf._errors import (
    DamagedPdfError,
    EmptySpanError,
    EncryptedPdfError,
    NotPdfError,
    PdfReadError,
)
from vndocsign.pdf._guard import PdfLimitError, check_pdf, check_structure
from vndocsign.pdf._lazy import LazyPdfText
from vndocsign.pdf._ocr import (
    GARBAGE_MAX_DIACRITIC_SHARE,
    GARBAGE_MIN_WORDS,
    OCR_DPI,
    OCR_TIMEOUT_SECONDS,
    drop_colour_ink,
    garbage_layer,
    ocr_available,
)
from vndocsign.pdf._ocr_scan import pages_without_image
from vndocsign.pdf._segments import Segment, SegmentKind, segment_document, select_segment
from vndocsign.pdf._signatures import (
    SignatureInfo,
    SignatureKind,
    list_signatures,
    signer_names,
)
from vndocsign.pdf._text import (
    Glyph,
    PageText,
    PdfSource,
    PdfText,
    TextLine,
    group_lines,
    load_text,
    read_pdf_bytes,
)
from vndocsign.pdf._view import Line, PageView, compose, page_view
from vndocsign.pdf.geometry import (
    A4,
    BBox,
    PageFrame,
    normalize_box,
    normalize_rotation,
    union,
    visible_box,
)

__all__ = [
    "A4",
    "GARBAGE_MAX_DIACRITIC_SHARE",
    "GARBAGE_MIN_WORDS",
    "OCR_DPI",
    "OCR_TIMEOUT_SECONDS",
    "BBox",
    "DamagedPdfError",
    "EmptySpanError",
    "EncryptedPdfError",
    "Glyph",
    "LazyPdfText",
    "Line",
    "NotPdfError",
    "PageFrame",
    "PageText",
    "PageView",
    "PdfLimitError",
    "PdfReadError",
    "PdfSource",
    "PdfText",
    "Segment",
    "SegmentKind",
    "SignatureInfo",
    "SignatureKind",
    "TextLine",
    "TextSource",
    "TextSourceKind",
    "check_pdf",
    "check_structure",
    "compose",
    "drop_colour_ink",
    "garbage_layer",
    "group_lines",
    "list_signatures",
    "load_text",
    "normalize_box",
    "normalize_rotation",
    "ocr_available",
    "page_view",
    "pages_without_image",
    "read_pdf_bytes",
    "segment_document",
    "select_segment",
    "signer_names",
    "union",
    "visible_box",
]
