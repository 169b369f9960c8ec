"""Why a placement could not be computed, with what was looked for and what was found.

Every error carries ``details["looked_for"]`` (a sentence saying which rule was applied) and
``details["candidates"]`` (what the document offered: text, page, box in PDF user space, and why
each one was rejected or could not be told apart), so that the caller can show them to a clerk
or fall back to an explicit rectangle instead of signing at a guessed place.
"""

from __future__ import annotations

from vndocsign.errors import PlacementError

__all__ = ["AmbiguousPlacementError", "AnchorNotFoundError", "NoTextLayerError"]


class AnchorNotFoundError(PlacementError):
    """Nothing in the document matches the anchor the rule needs (no ``./.``, no signer block)."""

    code = "placement.not_found"


class AmbiguousPlacementError(PlacementError):
    """Several candidates are equally good; the caller must choose (``details["candidates"]``)."""

    code = "placement.ambiguous"


class NoTextLayerError(PlacementError):
    """The PDF has no text layer (a scan): text anchors cannot be found on it."""

    code = "placement.no_text"
