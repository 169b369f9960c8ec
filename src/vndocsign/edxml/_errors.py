"""Errors of the edXML capability, all below :class:`vndocsign.errors.EdxmlError`.

A hostile or broken envelope never escapes as an lxml, ``binascii`` or ``zipfile`` traceback:
the reader turns each failure into one of these, with the Vietnamese and English message the
rest of the SDK uses.
"""

from __future__ import annotations

from vndocsign._limits import LimitError
from vndocsign.errors import EdxmlError

__all__ = [
    "AttachmentError",
    "AttachmentLimitError",
    "EdxmlLimitError",
    "EdxmlParseError",
    "EdxmlSecurityError",
    "EdxmlWriteError",
]


class EdxmlSecurityError(EdxmlError):
    """The input carries a DTD, an entity declaration or another construct refused on principle.

    Gói tin có DTD/khai báo thực thể (billion laughs, XXE): bị từ chối, không phân tích tiếp.
    """

    code = "edxml.security"


class EdxmlLimitError(EdxmlError, LimitError):
    """The input exceeds a configured limit (size, nesting depth, element count, expansion).

    Also a :class:`vndocsign.LimitError` (``except LimitError`` catches every refused input of
    the SDK); ``details["limit"]`` names the :class:`~vndocsign.edxml.Limits` field.
    """

    code = "edxml.limit"


class EdxmlParseError(EdxmlError):
    """The input is not XML, or not an edXML envelope even after repair."""

    code = "edxml.parse"


class AttachmentError(EdxmlError):
    """An attachment cannot be decoded (bad or truncated base64, zip bomb, unreadable zip)."""

    code = "edxml.attachment"


class AttachmentLimitError(AttachmentError, LimitError):
    """An attachment breaks a limit (zip bomb, oversized): an ``AttachmentError`` and a
    :class:`vndocsign.LimitError` naming the limit in ``details["limit"]``."""

    code = "edxml.attachment_limit"


class EdxmlWriteError(EdxmlError):
    """An envelope cannot be written (characters XML cannot carry, unreadable attachment file)."""

    code = "edxml.write"
