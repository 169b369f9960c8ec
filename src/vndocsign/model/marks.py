"""Secrecy (độ mật) and urgency (mức độ khẩn) marks.

Secrecy levels are those of the law on state secrets; a secret document never travels over the
ordinary electronic exchange (QĐ 28/2018). Urgency marks are printed in red boxes (ô 10b); the
edXML ``Priority`` code (QCVN 102 implementations: 0 thường, 1 khẩn, 2 thượng khẩn, 3 hỏa tốc,
4 hỏa tốc hẹn giờ) is not defined by Decree 30, so its mapping is kept in one table here.
"""

from __future__ import annotations

import enum

from vndocsign.errors import ModelError
from vndocsign.model._text import canonical, strip_diacritics

__all__ = ["Secrecy", "Urgency"]


def _key(text: str) -> str:
    return strip_diacritics(canonical(text)).upper()


class Secrecy(enum.Enum):
    """Độ mật: ``MẬT`` < ``TỐI MẬT`` < ``TUYỆT MẬT``."""

    MAT = "MẬT"
    TOI_MAT = "TỐI MẬT"
    TUYET_MAT = "TUYỆT MẬT"

    @classmethod
    def parse(cls, text: str) -> Secrecy:
        key = _key(text)
        for level in cls:
            if _key(level.value) == key:
                return level
        raise ModelError(
            f"Unknown secrecy level {text!r} (expected MẬT, TỐI MẬT or TUYỆT MẬT)",
            f"Độ mật {text!r} không hợp lệ (MẬT, TỐI MẬT hoặc TUYỆT MẬT)",
            value=text,
        )

    def __str__(self) -> str:
        return self.value


class Urgency(enum.Enum):
    """Mức độ khẩn, with its edXML priority code."""

    KHAN = "KHẨN"
    THUONG_KHAN = "THƯỢNG KHẨN"
    HOA_TOC = "HỎA TỐC"
    HOA_TOC_HEN_GIO = "HỎA TỐC HẸN GIỜ"

    @property
    def priority(self) -> int:
        """The edXML ``OtherInfo/Priority`` code."""
        return _PRIORITY[self]

    @classmethod
    def from_priority(cls, code: int) -> Urgency | None:
        """``0`` -> ``None`` (thường), ``1`` -> KHẨN ... ``4`` -> HỎA TỐC HẸN GIỜ."""
        if code == 0:
            return None
        for level, value in _PRIORITY.items():
            if value == code:
                return level
        raise ModelError(
            f"Unknown priority code {code} (0-4)",
            f"Mã độ khẩn {code} không hợp lệ (0-4)",
            value=code,
        )

    @classmethod
    def parse(cls, text: str) -> Urgency:
        key = _key(text)
        for level in cls:
            if _key(level.value) == key:
                return level
        raise ModelError(
            f"Unknown urgency {text!r} (expected KHẨN, THƯỢNG KHẨN or HỎA TỐC)",
            f"Mức độ khẩn {text!r} không hợp lệ (KHẨN, THƯỢNG KHẨN hoặc HỎA TỐC)",
            value=text,
        )

    def __str__(self) -> str:
        return self.value


_PRIORITY = {
    Urgency.KHAN: 1,
    Urgency.THUONG_KHAN: 2,
    Urgency.HOA_TOC: 3,
    Urgency.HOA_TOC_HEN_GIO: 4,
}
