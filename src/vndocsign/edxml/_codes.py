"""Value helpers and the edXML code lists (StatusCode, BussinessDocType, reference types).

The converters keep what a reader could not interpret as raw text (see :mod:`._model`).
"""

from __future__ import annotations

import enum
from collections.abc import Iterable
from typing import Any

import attrs

__all__ = [
    "REFERENCE_CONTENT_TYPES",
    "BusinessDocType",
    "StatusCode",
    "normalize_content_id",
]

IntValue = int | str | None


def _opt(value: object) -> str | None:
    if value is None:
        return None
    text = str(value).strip()
    return text or None


def _texts(values: Iterable[object] | None) -> tuple[str, ...]:
    return tuple(t for t in (_opt(v) for v in values or ()) if t is not None)


def _strs(values: Iterable[str]) -> tuple[str, ...]:
    return tuple(values)


def _int_value(value: object) -> IntValue:
    if value is None or (isinstance(value, int) and not isinstance(value, bool)):
        return value
    if isinstance(value, enum.Enum):
        return int(value.value)
    text = str(value).strip()
    if not text:
        return None
    return int(text) if text.lstrip("-").isdigit() else text


def _int_text(value: IntValue) -> str | None:
    """Integers are written only when >= 0, like the reference ``accumulate(int)``."""
    if value is None:
        return None
    if isinstance(value, int):
        return str(value) if value >= 0 else None
    return value


def _none_if_empty(value: Any) -> Any:
    """An all-empty part is the same as an absent one (the writer omits empty containers)."""
    if value is None:
        return None
    if all(v is None or v == () or v == "" for v in attrs.astuple(value, recurse=False)):
        return None
    return value


def normalize_content_id(value: str | None) -> str | None:
    """``cid:abc`` / ``<abc>`` / ``abc`` / ``cid:cid:abc`` -> ``abc``.

    The manifest and the attachments disagree on the form in the wild, and the reference
    builder prefixes ids that already carry ``cid:`` a second time.
    """
    if value is None:
        return None
    text = value.strip()
    while True:
        stripped = text.strip("<>").strip()
        if stripped[:4].lower() == "cid:":
            stripped = stripped[4:].strip()
        if stripped == text:
            break
        text = stripped
    return text or None


# ----------------------------------------------------------------------------------------
# Code lists
# ----------------------------------------------------------------------------------------


class StatusCode(enum.StrEnum):
    """StatusCode of a status message (QĐ 28/2018 practice; codes 07–12, 14 are not used)."""

    INBOX = "01"
    REJECTED = "02"
    ACCEPTED = "03"
    ASSIGNED = "04"
    PROCESSING = "05"
    FINISHED = "06"
    RECALL_REQUEST = "13"
    RECALL_ACCEPTED = "15"
    RECALL_REJECTED = "16"

    @property
    def vi(self) -> str:
        return _STATUS_TEXT[self][0]

    @property
    def en(self) -> str:
        return _STATUS_TEXT[self][1]

    @property
    def sent_by_original_sender(self) -> bool:
        """13 goes from the sender to the receiver; every other code the other way."""
        return self is StatusCode.RECALL_REQUEST

    @classmethod
    def parse(cls, value: StatusCode | str | int) -> StatusCode | str:
        """``"3"``, ``3``, ``"03"`` -> ``ACCEPTED``; an unknown code is returned as its text."""
        if isinstance(value, StatusCode):
            return value
        text = str(value).strip()
        padded = text.zfill(2) if text.isdigit() else text
        try:
            return cls(padded)
        except ValueError:
            return text


_STATUS_TEXT = {
    StatusCode.INBOX: ("Đã đến", "Arrived (not yet handled by the registry clerk)"),
    StatusCode.REJECTED: ("Từ chối tiếp nhận", "Rejected"),
    StatusCode.ACCEPTED: ("Đã tiếp nhận", "Accepted and registered"),
    StatusCode.ASSIGNED: ("Phân công xử lý", "Assigned for handling"),
    StatusCode.PROCESSING: ("Đang xử lý", "Being processed"),
    StatusCode.FINISHED: ("Hoàn thành xử lý", "Processing finished"),
    StatusCode.RECALL_REQUEST: ("Yêu cầu lấy lại văn bản", "Recall/update requested by the sender"),
    StatusCode.RECALL_ACCEPTED: ("Đồng ý lấy lại/cập nhật", "Recall/update accepted"),
    StatusCode.RECALL_REJECTED: ("Từ chối lấy lại/cập nhật", "Recall/update refused"),
}


class BusinessDocType(enum.IntEnum):
    """``BussinessDocType``: 0 văn bản mới, 1 thu hồi, 2 cập nhật, 3 thay thế."""

    NEW = 0
    REVOKE = 1
    UPDATE = 2
    REPLACE = 3

    @property
    def reason(self) -> str:
        """The ``BussinessDocReason`` text the reference samples use."""
        return _BUSINESS_REASON[self]


_BUSINESS_REASON = {
    BusinessDocType.NEW: "Văn bản điện tử mới",
    BusinessDocType.REVOKE: "Thu hồi văn bản điện tử",
    BusinessDocType.UPDATE: "Cập nhật văn bản điện tử",
    BusinessDocType.REPLACE: "Văn bản thay thế",
}


def _business_type(value: object) -> BusinessDocType | int | str | None:
    raw = _int_value(value)
    if isinstance(raw, int) and raw in BusinessDocType._value2member_map_:
        return BusinessDocType(raw)
    return raw


#: ContentType the reference library writes for the extensions it sends unwrapped
#: (``application/doc``/``docx`` and the ``xsl``/``xslx`` typos are its own).
REFERENCE_CONTENT_TYPES = {
    "pdf": "application/pdf",
    "doc": "application/doc",
    "docx": "application/docx",
    "xsl": "application/xsl",
    "xslx": "application/xslx",
    "zip": "application/zip",
}


def _status_code(value: StatusCode | str | int) -> StatusCode | str:
    return StatusCode.parse(value)
