"""The frozen facts every per-signature step reads: one document, one signature site.

Passing these two objects replaces the fourteen positional parameters the per-signature check
used to take.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any

import attrs

from vndocsign.verification._chain import RevocationData
from vndocsign.verification._policy import VerificationPolicy
from vndocsign.verification._states import RevocationMode
from vndocsign.verification._trust import TrustProfile

__all__ = ["DocumentContext", "SignatureSite"]


@attrs.frozen
class DocumentContext:
    """One file being verified, and how."""

    data: bytes
    #: pyHanko ``PdfFileReader`` of ``data`` (decrypted when it was encrypted)
    reader: Any
    password: str | None
    trust: TrustProfile
    #: the moment of evaluation (``at`` or the current time)
    now: datetime
    #: the caller's fixed moment of evaluation (``None``: now)
    at: datetime | None
    revocation: RevocationMode
    policy: VerificationPolicy
    #: certificates and revocation data of the document security store
    dss: RevocationData = attrs.field(factory=RevocationData)
    #: every signature field of the form, and the filled ones reachable from it
    form_fields: frozenset[str] = frozenset()
    filled_fields: frozenset[str] = frozenset()
    #: work shared by the signatures of this file (rendered revisions, change analyses);
    #: the only mutable part, emptied by :meth:`close`
    shared: dict[str, Any] = attrs.field(factory=dict, eq=False, repr=False)

    def close(self) -> None:
        """Release what the signatures' checks shared (pdfium documents)."""
        for value in self.shared.values():
            close = getattr(value, "close", None)
            if callable(close):
                close()
        self.shared.clear()


@attrs.frozen
class SignatureSite:
    """Where one signature (or document time-stamp) sits in the file."""

    name: str
    value: Any
    field: Any
    is_timestamp: bool
    subfilter: str | None
    byte_range: tuple[int, ...] = ()
    signed_end: int = 0
    #: 0-based revision the signature ends (``None``: not at a revision end)
    revision: int | None = None
    rect: tuple[float, float, float, float] | None = None
    #: 0-based index of the widget's page (``None``: unknown); JSON gives it 1-based
    page: int | None = None
    reason: str | None = None
    #: the DocMDP level in force for this signature (``None``: not certified)
    docmdp: int | None = None
