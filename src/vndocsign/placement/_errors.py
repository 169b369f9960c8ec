"""Why a placement could not be computed, with what was looked for and what was found.

Every error carries ``details["looked_for"]`` (a sentence saying which rule was applied) and
``details["candidates"]`` (what the document offered: text, page, box in PDF user space, and why
each one was rejected or could not be told apart), so that the caller can show them to a clerk
or fall back to an explicit rectangle instead of signing at a guessed place. Pages in
``details`` are 1-based, as in every JSON vndocsign prints.
"""

from __future__ import annotations

from vndocsign.errors import PlacementError

__all__ = [
    "AmbiguousPlacementError",
    "AnchorNotFoundError",
    "InvalidOptionError",
    "NoPagesError",
    "NoTextLayerError",
    "UnknownRoleError",
]


class AnchorNotFoundError(PlacementError):
    """Nothing in the document matches the anchor the rule needs (no ``./.``, no signer block)."""

    code = "placement.not_found"


class AmbiguousPlacementError(PlacementError):
    """Several candidates are equally good; the caller must choose (``details["candidates"]``)."""

    code = "placement.ambiguous"


class NoTextLayerError(PlacementError):
    """The PDF has no text layer (a scan): text anchors cannot be found on it."""

    code = "placement.no_text"


class NoPagesError(PlacementError):
    """The PDF has no page to put a signature on."""

    code = "placement.no_pages"


class UnknownRoleError(PlacementError):
    """The role is none of :class:`~vndocsign.model.SignatureRole` (or its ``seal`` alias)."""

    code = "placement.unknown_role"


class InvalidOptionError(PlacementError):
    """A :class:`~vndocsign.placement.PlacementOptions` value is out of range."""

    code = "placement.invalid_option"
