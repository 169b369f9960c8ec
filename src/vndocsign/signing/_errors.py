"""Typed signing errors (all :class:`~vndocsign.errors.SigningError`) and the role warning.

Tree::

    SigningError
    ├── KeyAccessError            wrong PKCS#12 password / PIN, unreadable key file, token absent
    ├── CertificateRejectedError  pre-signing check failed (expired, revoked, weak key, SHA-1…)
    ├── RoleMismatchError         agency role with a personal certificate (or vice versa), strict
    ├── DocumentRefusedError      encrypted PDF, certified with no changes allowed, unreadable
    │   └── NotIssuableError      issue refused: DraftMarkError, NoNumberBlankError,
    │                             PersonalSignatureError
    ├── AppearanceError           image not a PNG with alpha, font unusable, size not finite
    │   ├── InvalidPlacementError box off the page or empty (also a PlacementError)
    │   └── ImageLimitError       image over ``max_image_pixels`` (also a LimitError)
    ├── InvalidOptionError        unknown role or level, contradictory options
    ├── TimestampError            TSA unreachable or answered with an error
    └── RemoteSigningError        remote signature does not match the prepared document

:class:`RoleMismatchWarning` is a :class:`UserWarning`; ``warnings.simplefilter("error",
RoleMismatchWarning)`` or ``strict_role=True`` turns it into :class:`RoleMismatchError`.
"""

from __future__ import annotations

from vndocsign._limits import LimitError
from vndocsign.errors import PlacementError, SigningError

__all__ = [
    "AppearanceError",
    "CertificateRejectedError",
    "DocumentRefusedError",
    "DraftMarkError",
    "ImageLimitError",
    "InvalidOptionError",
    "InvalidPlacementError",
    "KeyAccessError",
    "NoNumberBlankError",
    "NotIssuableError",
    "PersonalSignatureError",
    "RemoteSigningError",
    "RoleMismatchError",
    "RoleMismatchWarning",
    "SigningFailedError",
    "TimestampError",
]


class KeyAccessError(SigningError):
    """The private key cannot be opened: wrong password or PIN, bad file, token not found."""

    code = "signing.key_access"


class CertificateRejectedError(SigningError):
    """The signer's own certificate fails a pre-signing check (TT 15/2025, NĐ 23/2025 Đ.15)."""

    code = "signing.certificate_rejected"


class RoleMismatchError(SigningError):
    """The certificate kind does not fit the role (R6.7), and the caller asked for strictness."""

    code = "signing.role_mismatch"


class DocumentRefusedError(SigningError):
    """The document cannot be signed as it is (encrypted, locked by a certification...)."""

    code = "signing.document_refused"


class AppearanceError(SigningError):
    """The visible appearance cannot be built (image, font, placement)."""

    code = "signing.appearance"


class InvalidPlacementError(AppearanceError, PlacementError):
    """The box does not fit on the page (both a signing and a placement error)."""

    code = "signing.placement"


class ImageLimitError(AppearanceError, LimitError):
    """A signature or seal image larger than ``max_image_pixels`` (refused from its header,
    before anything is decoded)."""

    code = "signing.image_limit"


class InvalidOptionError(SigningError):
    """A signing option cannot be used: unknown role or PAdES level, missing companion option."""

    code = "signing.invalid_option"


class TimestampError(SigningError):
    """The time-stamping authority could not be reached or refused the request."""

    code = "signing.timestamp"


class RemoteSigningError(SigningError):
    """A remote (hash) signature or CMS does not fit the prepared document."""

    code = "signing.remote"


class SigningFailedError(SigningError):
    """pyHanko failed for a reason none of the other errors describes (the type is named)."""

    code = "signing.failed"


class RoleMismatchWarning(UserWarning):
    """The certificate kind does not fit the role (e.g. a seal certificate for ``personal``)."""


class NotIssuableError(DocumentRefusedError):
    """The document cannot be issued (phát hành) as it is; ``reason`` says why."""

    code = "signing.not_issuable"


class DraftMarkError(NotIssuableError):
    """The document still carries a DỰ THẢO (draft) mark."""

    code = "signing.draft_mark"


class NoNumberBlankError(NotIssuableError):
    """No "Số:      /…" blank to stamp the number into (or it is stamped already)."""

    code = "signing.no_number_blank"


class PersonalSignatureError(NotIssuableError):
    """The document has no personal signature, or one that is broken (not intact/valid)."""

    code = "signing.personal_signature_invalid"
