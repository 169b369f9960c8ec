"""One error tree for the whole SDK.

Every failure a caller can provoke with bad input (a malformed number, a hostile XML file, a
wrong PIN, an expired certificate) surfaces as a subclass of :class:`VndocsignError`, never as a
traceback from pyHanko, lxml or PDFium. Each error carries its message twice, in Vietnamese
(for the clerk who reads it on screen) and in English (for the integrator who reads the log),
plus a ``details`` mapping with machine-readable context (the offending value, the candidates
found, the file and line of a profile problem...).

Capability packages may subclass these further; they never raise bare ``ValueError``.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

__all__ = [
    "EdxmlError",
    "ExtractionError",
    "ModelError",
    "PdfError",
    "PlacementError",
    "PolicyError",
    "SigningError",
    "TransportError",
    "VerificationError",
    "VndocsignError",
    "jsonable",
]


class VndocsignError(Exception):
    """Root of every error raised by vndocsign.

    ``str(err)`` gives ``"<Vietnamese> / <English>"`` so that a log line or a CLI message is
    readable by both audiences; :attr:`vi` and :attr:`en` give each language alone.
    """

    #: Short stable identifier, used in JSON output of the CLI.
    code: str = "error"

    def __init__(self, en: str, vi: str | None = None, **details: Any) -> None:
        self.en = en
        self.vi = vi if vi is not None else en
        self.details: Mapping[str, Any] = details
        super().__init__(str(self))

    def __str__(self) -> str:
        if self.vi == self.en:
            return self.en
        return f"{self.vi} / {self.en}"

    def to_dict(self) -> dict[str, Any]:
        """A JSON-friendly view used by ``--json`` CLI output."""
        return {
            "error": type(self).__name__,
            "code": self.code,
            "vi": self.vi,
            "en": self.en,
            "details": {k: jsonable(v) for k, v in self.details.items()},
        }


def jsonable(value: Any) -> Any:
    if value is None or isinstance(value, str | int | float | bool):
        return value
    if isinstance(value, Mapping):
        return {str(k): jsonable(v) for k, v in value.items()}
    if isinstance(value, list | tuple | set | frozenset):
        return [jsonable(v) for v in value]
    return str(value)


class ModelError(VndocsignError, ValueError):
    """A value does not fit the Decree 30 document model (number, date line, type, signer...)."""

    code = "model"


class PdfError(VndocsignError):
    """The PDF cannot be read: malformed, truncated, encrypted, or not a PDF at all."""

    code = "pdf"


class ExtractionError(VndocsignError):
    """Metadata could not be extracted (for example: the PDF has no text layer)."""

    code = "extraction"


class PlacementError(VndocsignError):
    """No unambiguous place for a signature could be found on the document."""

    code = "placement"


class SigningError(VndocsignError):
    """Signing was refused or failed (weak key, wrong password, unreachable TSA...)."""

    code = "signing"


class VerificationError(VndocsignError):
    """Verification could not be carried out at all (bad arguments, unreadable trust store).

    A document that *fails* verification is not an error: it yields a report with a
    TOTAL_FAILED or INDETERMINATE verdict.
    """

    code = "verification"


class PolicyError(VndocsignError):
    """A delivery-form profile is unknown, malformed or contradicts itself."""

    code = "policy"


class EdxmlError(VndocsignError):
    """An edXML envelope is hostile, malformed beyond repair, or cannot be written."""

    code = "edxml"


class TransportError(VndocsignError):
    """The exchange platform (or another transport) refused or failed a request."""

    code = "transport"
