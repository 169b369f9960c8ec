"""Why a PDF could not be read: one :class:`~vndocsign.errors.PdfError` subclass per cause.

Callers that only care that the input is unusable catch ``PdfError``; the ``code`` tells a
script (or the CLI's JSON) which of these it was.
"""

from __future__ import annotations

from vndocsign.errors import PdfError

__all__ = [
    "DamagedPdfError",
    "EmptySpanError",
    "EncryptedPdfError",
    "NotPdfError",
    "PdfReadError",
]


class PdfReadError(PdfError):
    """The file could not be read from disk (missing, no permission)."""

    code = "pdf.unreadable"


class NotPdfError(PdfError):
    """The input has no ``%PDF-`` header in its first kilobyte."""

    code = "pdf.not_pdf"


class EncryptedPdfError(PdfError):
    """The PDF is encrypted and no (or a wrong) password was given."""

    code = "pdf.encrypted"


class DamagedPdfError(PdfError):
    """The PDF structure (or one of its pages) cannot be parsed."""

    code = "pdf.damaged"


class EmptySpanError(PdfError):
    """A character span of a text line holds no glyph (only inserted spaces)."""

    code = "pdf.empty_span"
