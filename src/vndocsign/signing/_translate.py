"""pyHanko's exceptions as typed vndocsign errors, chosen by exception *type*.

Message text is for people and changes between pyHanko releases; the classes do not. Each
pyHanko (or certvalidator, or I/O) exception family maps to one
:class:`~vndocsign.errors.SigningError` subclass; the original type is named in the details.
"""

from __future__ import annotations

from vndocsign.errors import VndocsignError
from vndocsign.signing._errors import (
    CertificateRejectedError,
    DocumentRefusedError,
    SigningFailedError,
    TimestampError,
)
from vndocsign.signing._options import Level

__all__ = ["ReservationTooSmallError", "translate"]


class ReservationTooSmallError(SigningFailedError):
    """The CMS is larger than the reserved ``/Contents`` (pyHanko #515). ``sign_document``
    catches it and prepares again with room for ``needed`` hex digits; a caller of the steps
    may do the same (``prepare_signature(..., reserve=...)``)."""

    code = "signing.reservation_too_small"

    def __init__(self, needed: int) -> None:
        super().__init__(
            f"The signature needs {needed} hex digits, more than reserved",
            f"Chữ ký cần {needed} chữ số hex, nhiều hơn vùng dành sẵn",
            needed=needed,
        )
        self.needed = needed


def translate(exc: BaseException, level: Level) -> VndocsignError:
    """The typed error for ``exc`` raised by pyHanko while signing at ``level``."""
    if isinstance(exc, VndocsignError):
        return exc
    from pyhanko.pdf_utils.misc import PdfError as HankoPdfError
    from pyhanko.sign.timestamps.common_utils import TimestampRequestError
    from pyhanko_certvalidator.errors import (
        PathBuildingError,
        PathValidationError,
        RevokedError,
        ValidationError,
    )

    name = type(exc).__name__
    text = str(exc)[:300]
    if isinstance(exc, TimestampRequestError):
        return TimestampError(
            f"The time-stamping authority failed: {text}",
            f"Dịch vụ cấp dấu thời gian lỗi: {text}",
            level=level.value,
            error=name,
        )
    if isinstance(exc, RevokedError):
        return CertificateRejectedError(
            f"The certificate is revoked: {text}", "Chứng thư số đã bị thu hồi", error=name
        )
    if isinstance(exc, PathBuildingError | PathValidationError | ValidationError):
        return CertificateRejectedError(
            f"The certificate chain does not validate ({name}): {text}",
            f"Chuỗi chứng thư số không hợp lệ ({name}): {text}",
            error=name,
        )
    if isinstance(exc, HankoPdfError | UnicodeDecodeError | RecursionError):
        return DocumentRefusedError(
            f"The PDF is damaged ({name}: {text})", f"Tệp PDF bị hỏng ({name})", error=name
        )
    return SigningFailedError(
        f"Signing failed ({name}): {text}", f"Ký số thất bại ({name}): {text}", error=name
    )
