"""Result and option types of signature placement (vị trí chữ ký).

All rectangles are ``(x0, y0, x1, y1)`` in PDF *user space* of the unrotated page, in points,
with ``x0 < x1`` and ``y0 < y1`` — exactly what a signature field's ``/Rect`` (and pyHanko's
``SigFieldSpec(box=...)``) expects. A page's ``/Rotate`` and its MediaBox/CropBox offsets are
already applied: on a page shown rotated, the rectangle is where the box has to be in user
space for the viewer to see it at the right place, and :attr:`Placement.rotation` says how far
the text (and therefore the signature's appearance) is turned relative to user space.
"""

from __future__ import annotations

import math
from typing import Any

import attrs

from vndocsign.errors import ModelError
from vndocsign.model import SignatureRole
from vndocsign.pdf import BBox

from ._errors import InvalidOptionError, UnknownRoleError

__all__ = [
    "MM",
    "Anchor",
    "BBox",
    "Placement",
    "PlacementOptions",
    "mm",
]

#: One millimetre in PDF points.
MM = 72.0 / 25.4


def mm(value: float) -> float:
    """Millimetres to points (``mm(36)`` is the default seal diameter)."""
    return value * MM


def _role(value: SignatureRole | str) -> SignatureRole:
    try:
        return SignatureRole.parse(value)
    except ModelError as err:
        raise UnknownRoleError(err.en, err.vi, **err.details) from None


def _rounded(box: BBox) -> list[float]:
    return [round(v, 2) for v in box]


@attrs.frozen
class Anchor:
    """The text (or page feature) a placement was derived from.

    ``bbox`` is glyph-precise, in PDF user space: for the initial it is the box of the closing
    ``./.`` itself, so ``bbox[2]`` is where the ink of the final ``.`` ends (on an unrotated
    page).
    """

    text: str
    #: 0-based page index (1-based in :meth:`to_dict`).
    page: int
    bbox: BBox

    def to_dict(self) -> dict[str, Any]:
        """JSON shape; ``page`` is 1-based there (the attribute is 0-based)."""
        return {"text": self.text, "page": self.page + 1, "bbox": _rounded(self.bbox)}


@attrs.frozen
class Placement:
    """Where one visible signature goes.

    ``confidence`` is in ``[0, 1]``: about 0.9 or more when every structural signal agreed,
    lower when the rule had to fall back (no authority prefix, cramped signature space, the box
    did not fit on the line); ``notes`` say why. Callers that sign unattended should ask a
    person to confirm anything below :data:`PlacementOptions.min_confidence`.
    """

    #: 0-based page index (1-based in :meth:`to_dict`).
    page: int
    rect: BBox
    role: SignatureRole
    anchor: Anchor
    confidence: float
    #: What the box belongs to: ``content-end``, ``page-end``, ``recipients-end`` (initials),
    #: the signer's name (personal, agency), ``page-1-top-right`` (stamps).
    label: str = ""
    #: Degrees (0/90/180/270, counter-clockwise) by which the page's text is turned in user
    #: space: 0 on ordinary pages, usually the page's ``/Rotate`` when a landscape page was made
    #: by rotating a portrait one. The appearance must be turned the same way (widget
    #: ``/MK /R``), or it shows sideways.
    rotation: int = 0
    notes: tuple[str, ...] = ()

    @property
    def width(self) -> float:
        return self.rect[2] - self.rect[0]

    @property
    def height(self) -> float:
        return self.rect[3] - self.rect[1]

    def to_dict(self) -> dict[str, Any]:
        """The CLI's JSON shape: ``{"page", "rect", "role", "anchor": {...}}``.

        ``page`` is 1-based in JSON, as everywhere vndocsign prints a page number; the
        :attr:`page` attribute is the 0-based index Python code passes to PDF libraries.
        """
        return {
            "page": self.page + 1,
            "rect": _rounded(self.rect),
            "role": self.role.value,
            "anchor": self.anchor.to_dict(),
        }


def _pair(value: tuple[float, float] | list[float]) -> tuple[float, float]:
    w, h = (float(v) for v in value)
    if w <= 0 or h <= 0:
        raise InvalidOptionError(
            f"A box size must be positive, got {w} x {h}",
            f"Kích thước ô ký phải dương, nhận được {w} x {h}",
        )
    return (w, h)


def _positive(_inst: object, attribute: attrs.Attribute[float], value: float) -> None:
    if not 0 < value < math.inf:
        raise InvalidOptionError(
            f"{attribute.name} must be a positive finite number, got {value}",
            f"{attribute.name} phải là số dương hữu hạn, nhận được {value}",
        )


def _fraction(_inst: object, attribute: attrs.Attribute[float], value: float) -> None:
    if not 0 < value < 1:
        raise InvalidOptionError(
            f"{attribute.name} must be between 0 and 1, got {value}",
            f"{attribute.name} phải nằm trong khoảng 0..1, nhận được {value}",
        )


def _non_negative(_inst: object, attribute: attrs.Attribute[float], value: float) -> None:
    if value < 0:
        raise InvalidOptionError(
            f"{attribute.name} cannot be negative, got {value}",
            f"{attribute.name} không được âm, nhận được {value}",
        )


@attrs.frozen(kw_only=True)
class PlacementOptions:
    """Tunable sizes (points unless the name says mm) and the optional initial positions.

    The defaults follow Decree 30 Annex I where it fixes something (seal at real size over
    the left third of the signature, 10 pt stamp text) and common practice where it does not
    (the size of a ký tắt is not regulated: VPCP guidance, not verified — about 2 cm x 1 cm).
    """

    #: Ký tắt box (width, height); about 2 cm x 1 cm.
    initial_size: tuple[float, float] = attrs.field(default=(mm(20), mm(10)), converter=_pair)
    #: Space between the end of the ``./.`` ink and the initial's left edge.
    initial_gap: float = attrs.field(default=2.0, validator=_non_negative)
    #: Also an initial at the bottom right of every page (some agencies' practice).
    initial_every_page: bool = False
    #: Also the office chief's initial at the end of "Nơi nhận" (TT 04/2013/TT-BNV practice).
    chief_initial: bool = False
    #: Largest personal-signature box (width, height); it shrinks to the space available
    #: between the position line and the name, keeping this aspect ratio.
    personal_size: tuple[float, float] = attrs.field(default=(mm(50), mm(25)), converter=_pair)
    #: Free space kept between the personal box and the text lines above and below it.
    personal_padding: float = attrs.field(default=1.5, validator=_non_negative)
    #: Diameter of the agency seal at its real size (Decree 30: "kích thước bằng kích thước
    #: thực tế của dấu"); 36 mm is common for agency seals, 35-42 mm exist.
    seal_diameter_mm: float = attrs.field(default=36.0, validator=_positive)
    #: Part of the personal box's width the seal covers, on its left ("khoảng 1/3").
    seal_overlap: float = attrs.field(default=1 / 3, validator=_fraction)
    #: Text the attachment/copy stamp must hold; ``None`` = a typical text of the maximal
    #: length (``Số: 12/QĐ-UBND; 05/03/2024; 14:37:55 +07:00`` for attachments).
    stamp_text: str | None = None
    #: SAO Y, SAO LỤC or TRÍCH SAO — used in the default copy-stamp text.
    copy_form: str = "SAO Y"
    #: Copying agency used in the default copy-stamp text.
    copy_agency: str = "VĂN PHÒNG ỦY BAN NHÂN DÂN TỈNH"
    #: Font size of the stamp text (Decree 30: Times New Roman 10 pt).
    stamp_font_size: float = attrs.field(default=10.0, validator=_positive)
    #: Placements below this confidence are flagged (the CLI prints a warning).
    min_confidence: float = attrs.field(default=0.6, validator=_fraction)
