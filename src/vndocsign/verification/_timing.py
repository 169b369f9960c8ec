"""Timing: the claimed signing time, time-stamps, and the best-proven signing time (step 3).

A signature time-stamp whose imprint matches the signature value, whose TSA signature verifies
and whose TSA chains to the trust profile *proves* the signing time; otherwise the time the
signer claims is used and flagged as unproven. A document time-stamp is its own proof.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any

import attrs
from asn1crypto import cms

from vndocsign.verification import _cms
from vndocsign.verification._chain import RevocationData, TrustResult, common_name, validate_chain
from vndocsign.verification._context import DocumentContext
from vndocsign.verification._errors import CmsError
from vndocsign.verification._report import Message, TimestampReport
from vndocsign.verification._states import SubIndication, TimeSource

__all__ = ["SigningTime", "claimed_time", "establish_time", "signature_timestamp_token"]


@attrs.frozen
class SigningTime:
    """When the signature was made, and how well that is known."""

    #: the moment validity and revocation are judged at
    best: datetime
    source: TimeSource
    claimed: datetime | None
    timestamp: TimestampReport | None = None
    #: the TSA's trust result of a document time-stamp (reused by the trust step)
    tsa_trust: TrustResult | None = None
    #: set when the signature time-stamp itself is invalid (the signature fails)
    failure: SubIndication | None = None

    @property
    def proven(self) -> bool:
        return self.source is TimeSource.TIMESTAMP

    @property
    def for_algorithms(self) -> datetime | None:
        """The best-proven signing time: the trusted time-stamp, else the claimed time."""
        if self.proven:
            return self.best
        return self.claimed


def claimed_time(signer: _cms.SignerCheck, value: Any) -> datetime | None:
    """The CMS signing-time attribute, else the signature dictionary's ``/M``."""
    if signer.claimed_time is not None:
        return signer.claimed_time
    try:
        from pyhanko.pdf_utils.generic import parse_pdf_date

        m = value.get("/M")
        return parse_pdf_date(str(m)) if m is not None else None
    except Exception:
        return None


def signature_timestamp_token(si: cms.SignerInfo) -> cms.ContentInfo | None:
    """The unsigned ``signature-time-stamp`` attribute of a SignerInfo, if any."""
    try:
        for a in si["unsigned_attrs"]:
            if a["type"].native == "signature_time_stamp_token":
                return a["values"][0]
    except Exception:
        return None
    return None


async def _signature_timestamp(
    ctx: DocumentContext,
    token_ci: cms.ContentInfo,
    si: cms.SignerInfo,
    revinfo: RevocationData,
    base: SigningTime,
    msgs: list[Message],
) -> SigningTime:
    token = _cms.parse_timestamp_token(token_ci)
    ts_intact = token.imprint == _cms.digest(token.imprint_algorithm, [si["signature"].native])
    tcheck = _cms.check_signed_data(token.signed_data, lambda _a: b"")
    tsigner = tcheck.signers[0]
    ts_valid = bool(tsigner.valid and tsigner.intact)
    ttrust = None
    if ts_valid and tsigner.certificate is not None:
        ttrust = await validate_chain(
            tsigner.certificate,
            RevocationData(tcheck.certificates) + revinfo,
            ctx.trust,
            ctx.now,
            proven=False,
            revocation=ctx.revocation,
            policy=ctx.policy.algorithms,
            usage="tsa",
        )
    tsa_name = common_name(tsigner.certificate) if tsigner.certificate else None
    sub = (
        ttrust.sub
        if ttrust
        else (SubIndication.parse(tsigner.sub_indication) if tsigner.sub_indication else None)
    )
    report = TimestampReport(
        token.time, ts_intact, ts_valid, bool(ttrust and ttrust.trusted), tsa_name, sub
    )
    if not (ts_intact and ts_valid):
        msgs.append(
            Message.of(
                "ts_invalid",
                "the signature time-stamp is not valid for this signature",
                "dấu thời gian của chữ ký không hợp lệ",
                "error",
            )
        )
        return attrs.evolve(
            base,
            timestamp=report,
            failure=(
                SubIndication.TIMESTAMP_ORDER_FAILURE if ts_intact else SubIndication.FORMAT_FAILURE
            ),
        )
    if report.trusted:
        return attrs.evolve(base, best=token.time, source=TimeSource.TIMESTAMP, timestamp=report)
    msgs.append(
        Message.of(
            "ts_untrusted",
            "the signature time-stamp's TSA is not trusted; the signing time is only claimed",
            "đơn vị cấp dấu thời gian chưa được tin cậy; thời điểm ký chỉ là khai báo",
            "info",
        )
    )
    return attrs.evolve(base, timestamp=report)


async def establish_time(
    ctx: DocumentContext,
    *,
    is_timestamp: bool,
    value: Any,
    signer: _cms.SignerCheck,
    si: cms.SignerInfo,
    doc_token: _cms.TimestampToken | None,
    intact: bool | None,
    valid: bool | None,
    revinfo: RevocationData,
    signer_name: str | None,
    msgs: list[Message],
) -> SigningTime:
    """The signing time of one signature (or document time-stamp) and how it is known."""
    claimed = claimed_time(signer, value)
    result = SigningTime(
        claimed or ctx.now, TimeSource.CLAIMED if claimed else TimeSource.NONE, claimed
    )
    token_ci = None if is_timestamp else signature_timestamp_token(si)
    if is_timestamp and doc_token is not None:
        tr = (
            await validate_chain(
                signer.certificate,
                revinfo,
                ctx.trust,
                ctx.now,
                proven=False,
                revocation=ctx.revocation,
                policy=ctx.policy.algorithms,
                usage="tsa",
            )
            if signer.certificate
            else None
        )
        report = TimestampReport(
            doc_token.time,
            intact,
            valid,
            bool(tr and tr.trusted),
            signer_name,
            tr.sub if tr else None,
        )
        result = attrs.evolve(
            result, best=doc_token.time, source=TimeSource.TIMESTAMP, timestamp=report, tsa_trust=tr
        )
    elif token_ci is not None:
        try:
            result = await _signature_timestamp(ctx, token_ci, si, revinfo, result, msgs)
        except CmsError as exc:
            msgs.append(
                Message.of(
                    "ts_broken",
                    f"unreadable signature time-stamp: {exc.message}",
                    "dấu thời gian của chữ ký không đọc được",
                    "warning",
                )
            )
        if result.failure is not None:
            return result
    if result.source is TimeSource.CLAIMED:
        msgs.append(
            Message.of(
                "time_unproven",
                "signing time is claimed by the signer, not proven by a trusted time-stamp",
                "thời điểm ký do người ký khai báo, chưa được chứng minh bằng dấu "
                "thời gian tin cậy",
                "info",
            )
        )
    if ctx.at is not None and not result.proven:
        result = attrs.evolve(result, best=ctx.at)
    return result
