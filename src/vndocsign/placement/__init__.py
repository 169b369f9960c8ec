"""Signature placement (vị trí chữ ký): where each visible signature goes on a document.

* ký tắt (``initial``) — right after the ``./.`` that closes the content (VPCP 3287/VPCP-KSTT);
* chữ ký cá nhân (``personal``) — between the position lines and the signer's name (NĐ 30, Annex
  I, II.7.d), one per signer on a biên bản;
* dấu cơ quan (``seal``) — real size, over the left third of the personal one (II.8.a);
* văn bản kèm theo / bản sao (``attachment`` / ``copy``) — top right of page 1, sized for the
  10 pt stamp text (II.8.b, Phần II.I).

Rectangles are in PDF user space, ready for a signature field's ``/Rect``. Parse a document once
with :func:`prepare` (or pass the ``PdfText`` you already have) when you need several roles.
"""

from .api import Document, find_anchor, find_placement, find_placements, prepare
from .errors import AmbiguousPlacementError, AnchorNotFoundError, NoTextLayerError
from .layout import Layout
from .stamp import DEFAULT_ATTACHMENT_TEXT, text_width
from .types import MM, Anchor, Placement, PlacementOptions, Role, mm

__all__ = [
    "DEFAULT_ATTACHMENT_TEXT",
    "MM",
    "AmbiguousPlacementError",
    "Anchor",
    "AnchorNotFoundError",
    "Document",
    "Layout",
    "NoTextLayerError",
    "Placement",
    "PlacementOptions",
    "Role",
    "find_anchor",
    "find_placement",
    "find_placements",
    "mm",
    "prepare",
    "text_width",
]
