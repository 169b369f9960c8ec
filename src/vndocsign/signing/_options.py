"""What a signature should be (:class:`SigningOptions`) and what it did (:class:`SigningResult`).

Like pyHanko's ``PdfSignatureMetadata``, the options are one frozen object: build it once
(``SigningOptions(role="agency", level="B-LT", tsa_url=...)``), reuse it for a batch, change one
field with ``attrs.evolve``. Strings are accepted where an enum is expected (``role="agency"``,
``level="B-LT"``) and converted on construction, so a wrong value fails early and typed.
"""

from __future__ import annotations

import enum
import math
import re
from collections.abc import Callable, Sequence
from datetime import datetime
from pathlib import Path
from typing import Any

import attrs
from asn1crypto import x509 as asn1_x509

from vndocsign.errors import ModelError, PlacementError
from vndocsign.model import SignatureRole
from vndocsign.pdf.geometry import BBox
from vndocsign.signing._appearance import Appearance
from vndocsign.signing._checks import CertificateCheck, SigningPolicy
from vndocsign.signing._errors import InvalidOptionError

__all__ = ["Box", "DocMdp", "Level", "SigningOptions", "SigningResult", "signing_options"]


class Level(enum.StrEnum):
    """PAdES baseline levels (ETSI EN 319 142-1)."""

    B_B = "B-B"
    B_T = "B-T"
    B_LT = "B-LT"
    B_LTA = "B-LTA"

    @property
    def needs_timestamp(self) -> bool:
        return self is not Level.B_B

    @property
    def long_term(self) -> bool:
        """Whether validation material goes into the DSS (B-LT, B-LTA)."""
        return self in (Level.B_LT, Level.B_LTA)

    @classmethod
    def parse(cls, value: Level | str) -> Level:
        text = str(value).upper().replace("_", "-")
        if not text.startswith("B-"):
            text = "B-" + text
        try:
            return cls(text)
        except ValueError:
            raise InvalidOptionError(
                f"Unknown PAdES level {value!r} (B-B, B-T, B-LT, B-LTA)",
                f"Mức PAdES {value!r} không hợp lệ (B-B, B-T, B-LT, B-LTA)",
                level=str(value),
            ) from None


class DocMdp(enum.IntEnum):
    """DocMDP permission of a *certification* signature (ISO 32000 12.8.2.2)."""

    NO_CHANGES = 1
    FILL_FORMS = 2
    ANNOTATE = 3


_BOX_RE = re.compile(
    r"^\s*(-?[\d.]+)\s*,\s*(-?[\d.]+)\s*,\s*(-?[\d.]+)\s*,\s*(-?[\d.]+)\s*(?:@\s*(\d+))?\s*$"
)


def _box_rect(_box: Any, _attribute: Any, rect: BBox) -> None:
    """Coordinates finite and within the largest page a PDF can have (14,400 units), so that
    ``nan``/``inf`` or 10^300 never reach a widget rectangle or an appearance stream."""
    try:
        values = [float(v) for v in rect]
    except (TypeError, ValueError):
        values = []
    if len(values) != 4 or not all(math.isfinite(v) and abs(v) <= _MAX_COORD for v in values):
        raise PlacementError(
            f"Bad box {rect!r}: four finite coordinates within ±{_MAX_COORD:g} points expected",
            f"Ô ký {rect!r} không hợp lệ: cần bốn tọa độ hữu hạn trong khoảng ±{_MAX_COORD:g} điểm",
            box=repr(rect),
        )


def _box_page(_box: Any, _attribute: Any, page: int) -> None:
    if isinstance(page, bool) or not isinstance(page, int) or not 0 <= page < _MAX_PAGES:
        raise PlacementError(
            f"Bad page {page!r} (0-based index below {_MAX_PAGES})",
            f"Trang {page!r} không hợp lệ (chỉ số từ 0, dưới {_MAX_PAGES})",
            page=repr(page),
        )


#: ISO 32000-1, Annex C: no page is larger than 14,400 units; and a page index beyond the
#: SDK's page limit names no page of a document vndocsign accepts.
_MAX_COORD = 14_400.0
_MAX_PAGES = 1_000_000


@attrs.frozen
class Box:
    """An explicit signature rectangle in PDF user space (points); ``page`` is 0-based."""

    rect: BBox = attrs.field(validator=_box_rect)
    page: int = attrs.field(default=0, validator=_box_page)

    @classmethod
    def parse(cls, text: str) -> Box:
        """``"x0,y0,x1,y1@page"`` with a **1-based** page (``@1`` = first page, the default)."""
        match = _BOX_RE.match(text)
        if match is None:
            raise PlacementError(
                f"Bad box {text!r}: expected x0,y0,x1,y1@page (points, page from 1)",
                f"Ô ký {text!r} không hợp lệ: cần x0,y0,x1,y1@trang (điểm, trang từ 1)",
                box=text,
            )
        try:
            x0, y0, x1, y1 = (float(match.group(i)) for i in range(1, 5))
        except ValueError:
            raise PlacementError(
                f"Bad box {text!r}: not numbers", f"Ô ký {text!r}: không phải số", box=text
            ) from None
        page = int(match.group(5) or 1) if len(match.group(5) or "") < 8 else 0
        if not 1 <= page <= _MAX_PAGES:
            raise PlacementError(
                f"Bad page in {text!r}: pages are numbered from 1 to {_MAX_PAGES}",
                f"Trang trong {text!r} không hợp lệ: số trang từ 1 đến {_MAX_PAGES}",
                box=text,
            )
        return cls(rect=(min(x0, x1), min(y0, y1), max(x0, x1), max(y0, y1)), page=page - 1)


def _level(value: Level | str) -> Level:
    return Level.parse(value)


def _role(value: SignatureRole | str) -> SignatureRole:
    try:
        return SignatureRole.parse(value)
    except ModelError as exc:
        raise InvalidOptionError(exc.en, exc.vi, role=str(value)) from None


def _placement(value: Any) -> Any:
    """A ``"x0,y0,x1,y1@page"`` string becomes a :class:`Box`; ``"auto"`` stays."""
    if isinstance(value, str) and value.strip().lower() != "auto":
        return Box.parse(value)
    if isinstance(value, str):
        return "auto"
    return value


def _appearance(value: Appearance | None) -> Appearance:
    return Appearance() if value is None else value


def _optional_tuple(value: Sequence[Any] | None) -> tuple[Any, ...] | None:
    return None if value is None else tuple(value)


@attrs.frozen
class SigningOptions:
    """Everything that decides one signature except the document and the key.

    ``role``: the Decree 30 role (:class:`~vndocsign.model.SignatureRole` or its value).
    ``placement``: a :class:`Box`, ``"x0,y0,x1,y1@page"`` (page from 1), a placement result
    with ``.page`` (0-based) and ``.rect``, ``"auto"`` (:mod:`vndocsign.placement`) or ``None``
    (attachment/copy: top right of page 1; other roles: ``"auto"``).
    ``appearance``: :class:`Appearance`; ``Appearance(invisible=True)`` for none.
    ``level``: B-B (default), B-T, B-LT, B-LTA; B-T and above need ``tsa_url`` (or a pyHanko
    ``timestamper``); B-LT and above need the trust root (``trust_roots``, a
    ``validation_context``, or a root in the key's chain).
    ``certify``: make this a certification signature with that DocMDP permission.
    ``lock_fields_except``: FieldMDP lock of every form field except those named (the issue
    workflow keeps "Số" and the date open). ``policy``: the pre-signing gate.
    ``before_sign``: called with pyHanko's incremental writer just before the signature field
    is written (the issue workflow fills in its fields there).
    """

    role: SignatureRole = attrs.field(converter=_role)
    level: Level = attrs.field(default=Level.B_B, converter=_level)
    placement: Any = attrs.field(default=None, converter=_placement)
    appearance: Appearance = attrs.field(factory=Appearance, converter=_appearance)
    reason: str | None = None
    location: str | None = None
    field_name: str | None = None
    policy: SigningPolicy = attrs.field(factory=SigningPolicy)
    tsa_url: str | None = None
    timestamper: Any = attrs.field(default=None, eq=False)
    trust_roots: tuple[asn1_x509.Certificate, ...] | None = attrs.field(
        default=None, converter=_optional_tuple, eq=False
    )
    validation_context: Any = attrs.field(default=None, eq=False)
    certify: DocMdp | None = None
    lock_fields_except: tuple[str, ...] | None = attrs.field(
        default=None, converter=_optional_tuple
    )
    signed_at: datetime | None = None
    before_sign: Callable[[Any], None] | None = attrs.field(default=None, eq=False)

    def but(self, **changes: Any) -> SigningOptions:
        """A copy with ``changes`` (``attrs.evolve``)."""
        return attrs.evolve(self, **changes)


@attrs.frozen
class SigningResult:
    """What one signature did.

    ``pdf`` is the signed document when it was returned in memory, ``path`` the file when it
    was written to disk (:func:`~vndocsign.signing.sign_file`). ``page`` is **0-based** here and
    1-based in :meth:`to_dict` (every JSON output counts pages from 1); ``box`` is the widget
    rectangle in PDF user space (``None`` for an invisible signature).
    """

    field_name: str
    role: SignatureRole
    level: Level
    page: int | None
    box: BBox | None
    signed_at: datetime
    certificate: CertificateCheck
    warnings: tuple[str, ...] = ()
    pdf: bytes | None = attrs.field(default=None, repr=False)
    path: Path | None = None

    def to_dict(self) -> dict[str, Any]:
        return {
            "field": self.field_name,
            "role": self.role.value,
            "level": self.level.value,
            "page": None if self.page is None else self.page + 1,
            "rect": None if self.box is None else [round(v, 2) for v in self.box],
            "signed_at": self.signed_at.isoformat(timespec="seconds"),
            "signer": self.certificate.subject,
            "certificate_kind": self.certificate.kind.value,
            "revocation": self.certificate.revocation,
            "policy": self.certificate.policy,
            "warnings": list(self.warnings),
        }


def signing_options(options: SigningOptions | None, changes: dict[str, Any]) -> SigningOptions:
    """``options`` with the keyword conveniences applied (``role=...``, ``level=...``)."""
    unknown = sorted(set(changes) - {a.name for a in attrs.fields(SigningOptions)})
    if unknown:
        raise InvalidOptionError(
            f"Unknown signing option(s): {', '.join(unknown)}",
            f"Tùy chọn ký không hợp lệ: {', '.join(unknown)}",
            options=unknown,
        )
    if options is None:
        if "role" not in changes:
            raise InvalidOptionError(
                "The signature role is required (role=...)", "Cần chỉ rõ vai trò chữ ký (role=...)"
            )
        return SigningOptions(**changes)
    return attrs.evolve(options, **changes) if changes else options
