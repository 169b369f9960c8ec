"""Errors of the verification capability, each with its ``verification.<snake_case>`` code.

A document that *fails* verification is not an error (it yields a report); these are raised
only when verification cannot be carried out at all.
"""

from __future__ import annotations

from vndocsign.errors import VerificationError

__all__ = [
    "BadArgumentError",
    "ChromiumNotFoundError",
    "CmsError",
    "InputNotFoundError",
    "ReportRenderError",
    "TrustProfileError",
    "TrustStoreError",
]


class BadArgumentError(VerificationError):
    """An argument of the call is not one of the accepted values (revocation mode...)."""

    code = "verification.bad_argument"


class ChromiumNotFoundError(VerificationError):
    """The PDF report needs headless Chromium, and none was found."""

    code = "verification.chromium_not_found"


class ReportRenderError(VerificationError):
    """Chromium ran but did not produce the PDF report (it failed or took too long)."""

    code = "verification.report_render"


class InputNotFoundError(VerificationError):
    """No PDF to verify, or a named file does not exist."""

    code = "verification.input_not_found"


class TrustProfileError(VerificationError):
    """An unknown trust profile, or a custom root that is not a certificate."""

    code = "verification.trust_profile"


class TrustStoreError(VerificationError):
    """The trust store folder cannot be read or written."""

    code = "verification.trust_store"


class CmsError(VerificationError):
    """The CMS blob cannot be evaluated; ``sub_indication`` says why in ETSI terms.

    Raised and caught inside verification: it becomes a finding of the report, never escapes.
    """

    code = "verification.cms"

    def __init__(self, message: str, sub_indication: str = "FORMAT_FAILURE") -> None:
        super().__init__(message, f"chữ ký CMS không đánh giá được: {message}")
        self.message = message
        self.sub_indication = sub_indication
