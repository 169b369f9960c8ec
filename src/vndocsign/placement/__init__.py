"""Signature placement (vị trí chữ ký): where each visible signature goes on a document.

Roles are :class:`vndocsign.model.SignatureRole` values (plain strings work too):

* ký tắt (``initial``) — right after the ``./.`` that closes the content (VPCP 3287/VPCP-KSTT);
* chữ ký cá nhân (``personal``) — between the position lines and the signer's name (NĐ 30, Annex
  I, II.7.d), one per signer on a biên bản;
* chữ ký số của cơ quan / dấu (``agency``; ``seal`` is accepted as an alias) — real size, over
  the left third of the personal one (II.8.a);
* văn bản kèm theo / bản sao (``attachment`` / ``copy``) — top right of page 1, sized for the
  10 pt stamp text (II.8.b, Phần II.I).

Rectangles are in PDF user space, ready for a signature field's ``/Rect``; ``Placement.page`` is
a 0-based index, and 1-based in JSON (``to_dict``). Parse a document once with :func:`prepare`
(or pass the ``PdfText`` you already have) when you need several roles.
"""

from ._api import Document, find_anchor, find_placement, find_placements, prepare
from ._errors import (
    AmbiguousPlacementError,
    AnchorNotFoundError,
    InvalidOptionError,
    NoPagesError,
    NoTextLayerError,
    UnknownRoleError,
)
from ._layout import Layout, detect_rotation
from ._stamp import DEFAULT_ATTACHMENT_TEXT, text_width
from ._types import MM, Anchor, Placement, PlacementOptions, mm

__all__ = [
    "DEFAULT_ATTACHMENT_TEXT",
    "MM",
    "AmbiguousPlacementError",
    "Anchor",
    "AnchorNotFoundError",
    "Document",
    "InvalidOptionError",
    "Layout",
    "NoPagesError",
    "NoTextLayerError",
    "Placement",
    "PlacementOptions",
    "UnknownRoleError",
    "detect_rotation",
    "find_anchor",
    "find_placement",
    "find_placements",
    "mm",
    "prepare",
    "text_width",
]
