"""PDF utilities shared by every capability: safe reading and the glyph-level text layer."""

from vndocsign.pdf.text import (
    Glyph,
    PageText,
    PdfSource,
    PdfText,
    TextLine,
    group_lines,
    load_text,
    read_pdf_bytes,
)

__all__ = [
    "Glyph",
    "PageText",
    "PdfSource",
    "PdfText",
    "TextLine",
    "group_lines",
    "load_text",
    "read_pdf_bytes",
]
