"""The Decree 30 signature roles: the one vocabulary every capability speaks.

Placement decides *where* a role's signature goes, signing draws its appearance, verification
recognises it on a received document and policy asks for it. They all use this enum, so that
``"agency"`` means the same thing in the API, in JSON and on the command line.

==============  ===========================================================================
``initial``     Ký tắt điện tử — on a draft, right after the closing ``./.`` (VPCP 3287/2024)
``personal``    Chữ ký số của người có thẩm quyền — between the position line and the name
``agency``      Chữ ký số của cơ quan (dấu) — the seal at real size over the left third of the
                personal signature, applied by the văn thư when the document is issued
``attachment``  Văn bản kèm theo in a separate file — text stamp, top right of page 1
``copy``        Bản sao điện tử (SAO Y / SAO LỤC / TRÍCH SAO) — text stamp, top right of page 1
==============  ===========================================================================
"""

from __future__ import annotations

import enum

from vndocsign.errors import ModelError

__all__ = ["SignatureRole"]

#: Older spellings still accepted on input (``place --role seal`` before 0.2).
_ALIASES = {"seal": "agency", "ky-tat": "initial", "ky_tat": "initial"}


class SignatureRole(enum.StrEnum):
    """One of the five visible signatures of Decree 30 (a ``str`` enum: ``"agency"`` works)."""

    INITIAL = "initial"
    PERSONAL = "personal"
    AGENCY = "agency"
    ATTACHMENT = "attachment"
    COPY = "copy"

    @property
    def vi(self) -> str:
        """The role's Vietnamese name, as a clerk says it."""
        return _VI[self]

    @property
    def is_organization(self) -> bool:
        """Whether the role is signed with an organisation's (the agency's) certificate."""
        return self in (SignatureRole.AGENCY, SignatureRole.ATTACHMENT, SignatureRole.COPY)

    @classmethod
    def parse(cls, value: SignatureRole | str) -> SignatureRole:
        """The role named ``value`` (case-insensitive; ``seal`` is read as ``agency``)."""
        if isinstance(value, SignatureRole):
            return value
        text = str(value).strip().lower()
        try:
            return cls(_ALIASES.get(text, text))
        except ValueError:
            names = ", ".join(r.value for r in cls)
            raise ModelError(
                f"Unknown signature role {value!r}; expected one of {names}",
                f"Loại chữ ký {value!r} không hợp lệ; chỉ nhận {names}",
                role=str(value),
            ) from None


_VI = {
    SignatureRole.INITIAL: "chữ ký tắt",
    SignatureRole.PERSONAL: "chữ ký cá nhân",
    SignatureRole.AGENCY: "chữ ký cơ quan",
    SignatureRole.ATTACHMENT: "chữ ký văn bản kèm theo",
    SignatureRole.COPY: "chữ ký bản sao",
}
