"""The synchronous front door: :func:`verify_pdf` (optionally in a killable worker)."""

from __future__ import annotations

import asyncio
from datetime import datetime

from vndocsign.verification._batch import verify_with_time_limit
from vndocsign.verification._engine import PdfInput, async_verify_pdf
from vndocsign.verification._policy import VerificationPolicy
from vndocsign.verification._report import VerificationReport
from vndocsign.verification._states import RevocationMode
from vndocsign.verification._trust import TrustProfile

__all__ = ["verify_pdf"]


def verify_pdf(
    pdf: PdfInput,
    *,
    trust: TrustProfile | None = None,
    at: datetime | None = None,
    revocation: RevocationMode | str = RevocationMode.EMBEDDED_THEN_ONLINE,
    policy: VerificationPolicy | None = None,
) -> VerificationReport:
    """Verify every signature and document time-stamp of ``pdf``; never raises on bad input.

    ``trust`` defaults to the ``any-vn`` profile of the default trust store; ``at`` is the
    moment of evaluation (default: now); ``revocation`` is ``"embedded-then-online"``,
    ``"embedded-only"`` (offline) or ``"online"``. With ``policy.time_limit`` the work runs in
    a worker process that is killed when the limit passes (INDETERMINATE, reason given).
    """
    policy = policy or VerificationPolicy()
    if policy.time_limit is not None:
        return verify_with_time_limit(pdf, trust=trust, at=at, revocation=revocation, policy=policy)
    return asyncio.run(
        async_verify_pdf(pdf, trust=trust, at=at, revocation=revocation, policy=policy)
    )
