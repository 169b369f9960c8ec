"""Who issues and who signs: agencies, their electronic identifiers, and signers.

* ``OrganId`` — the agency's electronic identifier (mã định danh, QĐ 20/2020 and QCVN 102:2016),
  e.g. ``000.00.00.H56``. Non-conforming ids circulate on the real exchange platform
  (``vxp.saas.02``, ``99.99.99.G21``), so a non-conforming id is accepted with *warnings*.
* ``Signer`` — ô 7 of the layout: an optional chain of authority lines (``TM.``, ``Q.``, ``KT.``,
  ``TL.``, ``TUQ.`` + the title of the collective or of the head), the signer's own position,
  and the full name. ``KT.``/``TL.``/``TUQ.`` require the signer's own position on the next line.
"""

from __future__ import annotations

import enum
import re

import attrs

from vndocsign.errors import ModelError
from vndocsign.model._text import canonical, upper_vi
from vndocsign.model._validators import max_len

__all__ = ["Agency", "Authority", "AuthorityLine", "OrganId", "Signer"]

_ORGAN_ID_STRICT = re.compile(r"^\d{3}\.\d{2}\.\d{2}\.[A-Z]\d{2}$")
_ORGAN_ID_LOOSE = re.compile(r"^[0-9A-Z]+(\.[0-9A-Z]+)*$")


def _strip(value: object) -> str:
    return str(value).strip()


@attrs.frozen
class OrganId:
    """An electronic agency identifier; :attr:`warnings` lists what does not conform."""

    value: str = attrs.field(converter=_strip)

    def __attrs_post_init__(self) -> None:
        if not self.value:
            raise ModelError("An OrganId cannot be empty", "Mã định danh không được để trống")

    @property
    def warnings(self) -> tuple[str, ...]:
        out: list[str] = []
        if len(self.value) > 35:
            out.append("longer than 35 characters (QĐ 20/2020 Art. 4) / dài quá 35 ký tự")
        if not _ORGAN_ID_LOOSE.match(self.value):
            out.append(
                "characters outside 0-9, A-Z and '.' (QĐ 20/2020 Art. 4) / "
                "có ký tự ngoài 0-9, A-Z và '.'"
            )
        elif not _ORGAN_ID_STRICT.match(self.value):
            out.append(
                "not of the 4-level form NNN.NN.NN.XNN (QCVN 102:2016) / "
                "không theo dạng 4 cấp NNN.NN.NN.XNN"
            )
        return tuple(out)

    @property
    def is_conforming(self) -> bool:
        return not self.warnings

    def __str__(self) -> str:
        return self.value


def _opt_organ_id(value: OrganId | str | None) -> OrganId | None:
    if value is None or isinstance(value, OrganId):
        return value
    return OrganId(value)


def _opt_canonical(value: str | None) -> str | None:
    return canonical(value) if value is not None else None


@attrs.frozen
class Agency:
    """An agency (cơ quan, tổ chức): its name as printed in ô 2, its parent, abbreviation, id."""

    name: str = attrs.field(converter=canonical, validator=max_len(200, "Tên cơ quan"))
    parent: str | None = attrs.field(default=None, converter=_opt_canonical)
    abbreviation: str | None = None
    organ_id: OrganId | None = attrs.field(default=None, converter=_opt_organ_id)

    def __attrs_post_init__(self) -> None:
        if not self.name:
            raise ModelError("An agency needs a name", "Cơ quan phải có tên")


class Authority(enum.Enum):
    """Signing-authority prefixes (Phụ lục I, II.7.b)."""

    TM = "TM."  # thay mặt: on behalf of a collective
    Q = "Q."  # quyền: acting head
    KT = "KT."  # ký thay: deputy signs for the head
    TL = "TL."  # thừa lệnh: by order
    TUQ = "TUQ."  # thừa ủy quyền: by delegation

    @property
    def needs_own_position(self) -> bool:
        """KT., TL. and TUQ. must be followed by the signer's own position line."""
        return self in (Authority.KT, Authority.TL, Authority.TUQ)

    @classmethod
    def parse_line(cls, line: str) -> AuthorityLine | None:
        """``"KT. CHỦ TỊCH"`` -> ``AuthorityLine(KT, "CHỦ TỊCH")``; ``None`` if no prefix."""
        text = canonical(line)
        match = re.match(r"^(TM|Q|KT|TL|TUQ)\s*\.\s*(.+)$", text)
        if match is None:
            return None
        return AuthorityLine(cls(match.group(1) + "."), match.group(2))


@attrs.frozen
class AuthorityLine:
    """One authority line of ô 7a: a prefix and the title it refers to."""

    prefix: Authority
    title: str = attrs.field(converter=upper_vi)

    def __str__(self) -> str:
        return f"{self.prefix.value} {self.title}"


_ACADEMIC = re.compile(r"^(GS|PGS|TS|ThS|TSKH|CN|KS|BS|Th\.S)\s*\.", re.IGNORECASE)


def _authority_tuple(value: object) -> tuple[AuthorityLine, ...]:
    if value is None:
        return ()
    if isinstance(value, str | AuthorityLine):
        value = (value,)
    out: list[AuthorityLine] = []
    for item in value:  # type: ignore[attr-defined]
        if isinstance(item, AuthorityLine):
            out.append(item)
            continue
        parsed = Authority.parse_line(str(item))
        if parsed is None:
            raise ModelError(
                f"Authority line {item!r} must start with TM., Q., KT., TL. or TUQ.",
                f"Dòng thẩm quyền ký {item!r} phải bắt đầu bằng TM., Q., KT., TL. hoặc TUQ.",
                value=item,
            )
        out.append(parsed)
    return tuple(out)


def _opt_upper(value: str | None) -> str | None:
    return upper_vi(value) if value else None


@attrs.frozen
class Signer:
    """Ô 7: authority lines, the signer's own position, the full name.

    ``Signer("Trần Minh Khoa", position="PHÓ CHỦ TỊCH",
    authority=["TM. ỦY BAN NHÂN DÂN", "KT. CHỦ TỊCH"])`` prints as::

        TM. ỦY BAN NHÂN DÂN
        KT. CHỦ TỊCH
        PHÓ CHỦ TỊCH
        Trần Minh Khoa

    Academic titles before the name (``TS.``, ``PGS.``...) are refused (Phụ lục I, II.7.b)
    unless ``allow_academic_title=True`` (sectors where the head allows them).
    """

    full_name: str = attrs.field(converter=canonical, validator=max_len(50, "Họ tên người ký"))
    position: str | None = attrs.field(
        default=None,
        converter=_opt_upper,
        validator=max_len(100, "Chức vụ người ký"),
    )
    authority: tuple[AuthorityLine, ...] = attrs.field(default=(), converter=_authority_tuple)
    allow_academic_title: bool = attrs.field(default=False, kw_only=True)

    def __attrs_post_init__(self) -> None:
        if not self.full_name:
            raise ModelError("A signer needs a full name", "Người ký phải có họ tên")
        if not self.allow_academic_title and _ACADEMIC.match(self.full_name):
            raise ModelError(
                f"No academic title before the signer's name: {self.full_name!r}",
                f"Không ghi học hàm, học vị trước họ tên người ký: {self.full_name!r}",
                value=self.full_name,
            )
        last = self.authority[-1] if self.authority else None
        if last is not None and last.prefix.needs_own_position and not self.position:
            raise ModelError(
                f"{last.prefix.value} requires the signer's own position on the next line",
                f"Ký {last.prefix.value} phải ghi chức vụ của người ký ở dòng tiếp theo",
                authority=str(last),
            )

    @property
    def authority_text(self) -> str | None:
        """The last authority line (``"KT. CHỦ TỊCH"``), the one the JSON contract reports."""
        return str(self.authority[-1]) if self.authority else None

    @property
    def title_lines(self) -> tuple[str, ...]:
        """Every line printed above the signature, top to bottom."""
        lines = [str(a) for a in self.authority]
        if self.position:
            lines.append(self.position)
        return tuple(lines)
