"""vndocsign: digitally signed Vietnamese official documents, end to end.

The front door re-exports the names most integrators need; each capability lives in its own
subpackage (``model``, ``metadata``, ``placement``, ``signing``, ``verification``, ``policy``,
``edxml``, ``transport``, ``cli``).
"""

from vndocsign._version import __version__
from vndocsign.errors import (
    EdxmlError,
    ExtractionError,
    ModelError,
    PdfError,
    PlacementError,
    PolicyError,
    SigningError,
    TransportError,
    VerificationError,
    VndocsignError,
)
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

__all__ = [
    "Agency",
    "DateLine",
    "DocumentNumber",
    "DocumentType",
    "EdxmlError",
    "ExtractionError",
    "ModelError",
    "OfficialDocument",
    "PdfError",
    "PlacementError",
    "PolicyError",
    "Secrecy",
    "Signer",
    "SigningError",
    "TransportError",
    "Urgency",
    "VerificationError",
    "VndocsignError",
    "__version__",
]
