"""One signature (or document time-stamp), checked step by step.

1. ``/ByteRange`` coverage (:mod:`._byterange`); 2. our own CMS check (:mod:`._cms`);
3. time (:mod:`._timing`); 4. algorithm policy (:mod:`._policy`); 5. trust, validity and
revocation (:mod:`._chain`); 6. later modifications (:mod:`._modifications`). Every step reads
the frozen :class:`~._context.DocumentContext` and :class:`~._context.SignatureSite`.
"""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

import attrs
from asn1crypto import cms

from vndocsign.verification import _cms
from vndocsign.verification._byterange import (
    RangeCheck,
    check_byte_range,
    contents_at_gap,
    digest_function,
)
from vndocsign.verification._chain import (
    RevocationData,
    TrustResult,
    cms_revocation_data,
    validate_chain,
)
from vndocsign.verification._context import DocumentContext, SignatureSite
from vndocsign.verification._document import deproxy
from vndocsign.verification._errors import CmsError
from vndocsign.verification._identity import SignerIdentity, identity_from_certificate
from vndocsign.verification._modifications import assess_modifications
from vndocsign.verification._policy import judge_algorithms
from vndocsign.verification._report import Message, SignatureReport
from vndocsign.verification._states import (
    Coverage,
    Indication,
    ModificationLevel,
    RevocationStatus,
    SignatureType,
    SubIndication,
    TimeSource,
)
from vndocsign.verification._timing import SigningTime, establish_time

__all__ = ["verify_signature"]

_S = SubIndication


@attrs.define
class _Findings:
    """What is known so far about one signature (messages accumulate as steps run)."""

    site: SignatureSite
    rng: RangeCheck | None = None
    msgs: list[Message] = attrs.Factory(list)

    def add(self, name: str, en: str, vi: str, severity: str = "warning") -> None:
        self.msgs.append(Message.of(name, en, vi, severity))

    def base(self) -> dict[str, Any]:
        s = self.site
        return dict(
            field=s.name,
            page=s.page,
            box=s.rect,
            subfilter=s.subfilter,
            role=None,
            byte_range=s.byte_range,
            revision=s.revision,
            docmdp=s.docmdp,
            type=SignatureType.DOCUMENT_TIMESTAMP if s.is_timestamp else SignatureType.SIGNATURE,
        )

    def failed(
        self,
        sub: SubIndication | str,
        intact: bool | None = None,
        valid: bool | None = None,
        **extra: Any,
    ) -> SignatureReport:
        """A TOTAL_FAILED report with what is known so far."""
        rng = self.rng
        values: dict[str, Any] = dict(
            indication=Indication.TOTAL_FAILED,
            sub_indication=_S.parse(sub),
            intact=intact,
            valid=valid,
            trusted=False,
            covers_whole_file=bool(rng and rng.covers_whole_file),
            coverage=rng.coverage if rng else Coverage.INVALID,
            modification=ModificationLevel.NOT_APPLICABLE,
            changes=(),
            signing_time=None,
            signing_time_source=TimeSource.NONE,
            claimed_time=None,
            timestamp=None,
            signer=None,
            issuer_ca=None,
            chain=(),
            valid_at_signing_time=None,
            revocation=RevocationStatus.NOT_CHECKED,
            digest_algorithm=None,
            signature_algorithm=None,
            key=None,
            messages=tuple(self.msgs),
            attention=True,
        )
        values.update(extra)
        return SignatureReport(**self.base(), **values)


@attrs.frozen
class _CmsFacts:
    """The signature value as checked by :mod:`._cms`."""

    sd: cms.SignedData
    check: _cms.CmsCheck
    intact: bool | None
    valid: bool | None
    doc_token: _cms.TimestampToken | None
    ident: SignerIdentity | None

    @property
    def signer(self) -> _cms.SignerCheck:
        return self.check.signers[0]

    def common(self) -> dict[str, Any]:
        """Report fields known once the signer certificate is read."""
        s = self.signer
        return dict(
            digest_algorithm=s.digest_algorithm,
            signature_algorithm=s.signature_algorithm,
            key=f"{s.key_type}-{s.key_size}" if s.key_type else None,
            signer=self.ident,
            issuer_ca=self.ident.issuer if self.ident else None,
        )


def _all(values: list[bool | None]) -> bool | None:
    return all(values) if all(v is not None for v in values) else None


def _contents(data: bytes, site: SignatureSite) -> bytes | None:
    """The signature value: from the gap when the dictionary's ``/Contents`` is there."""
    value = site.value
    try:
        direct = contents_at_gap(data, site.byte_range, value.raw_get("/Contents"))
    except Exception:
        direct = None
    if direct is not None:
        return direct
    try:
        from pyhanko.sign.validation.pdf_embedded import extract_contents

        return extract_contents(value)
    except Exception:
        try:
            raw = deproxy(value.raw_get("/Contents"))
            return raw.original_bytes if hasattr(raw, "original_bytes") else bytes(raw)
        except Exception:
            return None


def _non_der_certificate(certificate: Any) -> tuple[str, str] | None:
    """Why the certificate's serial number is not a DER INTEGER (en, vi), or ``None``.

    The SignerInfo names its certificate by issuer and serial number; a serial with padding
    bytes (X.690 §8.3.2 forbids them) makes that match ambiguous, and EU DSS builds no
    signature from such a file. Other well-known deviations (NULL parameters in an ECDSA
    AlgorithmIdentifier, for instance) stay tolerated: they are common and harmless.
    """
    try:
        octets = bytes(certificate["tbs_certificate"]["serial_number"].contents)
    except Exception:  # asn1crypto could not even find the field
        return "unreadable serial number", "không đọc được số hiệu chứng thư"
    if len(octets) > 1 and (
        (octets[0] == 0x00 and octets[1] < 0x80) or (octets[0] == 0xFF and octets[1] >= 0x80)
    ):
        return (
            "serial number INTEGER with padding bytes",
            "số hiệu chứng thư có các byte đệm thừa ở đầu",
        )
    return None


#: the Vietnamese of the CMS check's notes (``_cms`` writes them in English)
_CMS_NOTES_VI = {
    "signing-time attribute unreadable": "không đọc được thuộc tính thời điểm ký",
    "signer identifier does not match the certificate that verifies": (
        "định danh người ký trong chữ ký không khớp với chứng thư dùng để kiểm tra"
    ),
}


def _notes(ctx: DocumentContext, check: _cms.CmsCheck, f: _Findings) -> bool:
    """Report the CMS notes; whether the signed attributes are not DER (unsorted)."""
    unsorted = False
    for c in check.signers:
        for n in c.notes:
            if n == _cms.UNSORTED_NOTE:
                unsorted = True
            else:
                f.add("cms_note", n, _CMS_NOTES_VI.get(n, n), "info")
    if unsorted:
        f.add(
            "non_der_attributes",
            "the signed attributes are not DER-encoded (unsorted SET "
            "OF); the signature verifies only over the bytes as encoded",
            "các thuộc tính được ký không mã hóa theo DER; chữ ký chỉ khớp với dữ liệu như "
            "được ghi",
            "error" if ctx.policy.strict_der else "warning",
        )
    if len(check.signers) > 1:
        f.add(
            "multi_signerinfo",
            f"{len(check.signers)} SignerInfos, all checked",
            f"{len(check.signers)} SignerInfo, đã kiểm tra tất cả",
            "info",
        )
    return unsorted


def _content_check(
    site: SignatureSite,
    contents: bytes,
    check: _cms.CmsCheck,
    digest_of: Any,
    intact: bool | None,
    f: _Findings,
) -> tuple[bool | None, _cms.TimestampToken | None] | None:
    """What the SignedData encapsulates, per sub-filter; ``None``: a format failure."""
    if site.is_timestamp:
        try:
            tst = _cms.parse_timestamp_token(cms.ContentInfo.load(contents, strict=False))
        except CmsError as exc:
            f.add("doc_ts", exc.message, "dấu thời gian hỏng", "error")
            return None
        intact = bool(intact) and tst.imprint == digest_of(tst.imprint_algorithm)
        if not intact:
            f.add(
                "doc_ts_imprint",
                "the document time-stamp does not match this document (copied from elsewhere?)",
                "dấu thời gian tài liệu không khớp với tài liệu này",
                "error",
            )
        return intact, tst
    if (site.subfilter or "") == "/adbe.pkcs7.sha1":
        ok = check.encapsulated is not None and check.encapsulated == digest_of("sha1")
        return bool(intact) and ok, None
    if check.encapsulated is not None:
        f.add(
            "econtent",
            "a detached signature must not encapsulate content",
            "chữ ký tách rời không được chứa nội dung đóng gói",
            "error",
        )
        return None
    return intact, None


def _check_cms(
    ctx: DocumentContext, site: SignatureSite, contents: bytes, f: _Findings
) -> _CmsFacts | SignatureReport:
    """Steps 2: the CMS signature value over the signed bytes, or the failed report."""
    digest_of = digest_function(ctx.data, site.byte_range)
    try:
        sd = _cms.load_signed_data(contents)
        check = _cms.check_signed_data(sd, digest_of, contents)
    except CmsError as exc:
        f.add(
            "cms",
            f"signature value unusable: {exc.message}",
            "giá trị chữ ký số không đọc được (CMS hỏng hoặc rỗng)",
            "error",
        )
        return f.failed(exc.sub_indication)
    signer = check.signers[0]
    intact = _all([c.intact for c in check.signers])
    valid = _all([c.valid for c in check.signers])
    if _notes(ctx, check, f) and ctx.policy.strict_der and valid:
        ident0 = identity_from_certificate(signer.certificate) if signer.certificate else None
        return f.failed(
            _S.FORMAT_FAILURE,
            intact=intact,
            valid=valid,
            signer=ident0,
            issuer_ca=ident0.issuer if ident0 else None,
        )
    content = _content_check(site, contents, check, digest_of, intact, f)
    if content is None:
        return f.failed(
            _S.FORMAT_FAILURE, **({} if site.is_timestamp else dict(intact=intact, valid=valid))
        )
    intact, doc_token = content
    if signer.certificate is not None:
        der_problem = _non_der_certificate(signer.certificate)
        if der_problem is not None:
            f.add(
                "non_der_certificate",
                f"the signer's certificate is not valid DER ({der_problem[0]})",
                f"chứng thư số của người ký không đúng mã hóa DER ({der_problem[1]})",
                "error",
            )
            return f.failed(_S.FORMAT_FAILURE, intact=intact, valid=valid)
    ident = identity_from_certificate(signer.certificate) if signer.certificate else None
    return _CmsFacts(sd, check, intact, valid, doc_token, ident)


def _integrity_failure(facts: _CmsFacts, f: _Findings) -> SignatureReport | None:
    """A digest mismatch, a bad signature value or a bad range: the failed report."""
    rng = f.rng
    assert rng is not None
    if facts.intact is False:
        f.add(
            "digest_mismatch",
            "the signed data was altered: digest mismatch",
            "dữ liệu đã ký bị thay đổi: mã băm không khớp",
            "error",
        )
        return f.failed(_S.HASH_FAILURE, intact=False, valid=facts.valid, **facts.common())
    if facts.valid is False:
        f.add(
            "bad_signature",
            facts.signer.problem or "signature value does not verify",
            "giá trị chữ ký số không hợp lệ với chứng thư số",
            "error",
        )
        return f.failed(
            facts.signer.sub_indication or _S.SIG_CRYPTO_FAILURE,
            intact=facts.intact,
            valid=False,
            **facts.common(),
        )
    if not rng.ok:
        return f.failed(
            rng.sub or _S.FORMAT_FAILURE,
            intact=facts.intact,
            valid=facts.valid,
            modification=ModificationLevel.SUSPICIOUS,
            **facts.common(),
        )
    return None


def _validity_fallback(
    ident: SignerIdentity | None, best: datetime, trusted: bool, f: _Findings
) -> bool | None:
    """Whether ``best`` lies in the certificate's validity period, when the path did not say."""
    if ident is None or not ident.not_before or not ident.not_after:
        return None
    try:
        nb = datetime.fromisoformat(ident.not_before)
        na = datetime.fromisoformat(ident.not_after)
        b = best if best.tzinfo else best.replace(tzinfo=UTC)
        inside = nb <= b <= na
    except Exception:
        return None
    if inside:
        return trusted or None
    f.add(
        "outside_validity",
        f"the signing time {b.isoformat()} lies outside the "
        f"certificate's validity period ({ident.not_before} → {ident.not_after})",
        "thời điểm ký nằm ngoài thời hạn hiệu lực của chứng thư số",
    )
    return False


async def _trust(
    ctx: DocumentContext,
    site: SignatureSite,
    facts: _CmsFacts,
    time: SigningTime,
    revinfo: RevocationData,
) -> TrustResult:
    cert = facts.signer.certificate
    assert cert is not None
    if site.is_timestamp:
        if time.tsa_trust is not None:
            return time.tsa_trust
        return await validate_chain(
            cert,
            revinfo,
            ctx.trust,
            ctx.now,
            proven=False,
            revocation=ctx.revocation,
            policy=ctx.policy.algorithms,
            usage="tsa",
        )
    return await validate_chain(
        cert,
        revinfo,
        ctx.trust,
        time.best,
        proven=time.proven,
        revocation=ctx.revocation,
        policy=ctx.policy.algorithms,
    )


@attrs.frozen
class _Verdict:
    indication: Indication
    sub: SubIndication | None
    trusted: bool = False
    chain: tuple[str, ...] = ()
    revocation: RevocationStatus = RevocationStatus.NOT_CHECKED
    valid_at: bool | None = None


async def _judge_trust(
    ctx: DocumentContext,
    site: SignatureSite,
    facts: _CmsFacts,
    time: SigningTime,
    revinfo: RevocationData,
    f: _Findings,
) -> _Verdict:
    """Steps 4 and 5: the algorithm policy, then chain, validity and revocation."""
    algos = judge_algorithms(facts.check.signers, ctx.policy.algorithms, time.for_algorithms)
    f.msgs.extend(algos.messages)
    verdict = _Verdict(algos.indication, algos.sub_indication)
    if facts.valid is None:
        f.add(
            "no_cert",
            facts.signer.problem or "signer certificate missing",
            "thiếu chứng thư số của người ký: không kiểm tra được giá trị chữ ký",
        )
        return _Verdict(
            Indication.INDETERMINATE,
            _S.parse(facts.signer.sub_indication or _S.NO_SIGNING_CERTIFICATE_FOUND),
        )
    if facts.signer.certificate is None:
        return verdict
    tr = await _trust(ctx, site, facts, time, revinfo)
    if tr.message is not None:
        f.msgs.append(tr.message)
    indication, sub = verdict.indication, verdict.sub
    if tr.failed:
        indication, sub = Indication.TOTAL_FAILED, tr.sub
    elif not tr.trusted and indication is Indication.TOTAL_PASSED:
        indication, sub = Indication.INDETERMINATE, tr.sub
    valid_at = tr.valid_at_time
    if valid_at is None:
        valid_at = _validity_fallback(facts.ident, time.best, tr.trusted, f)
    return _Verdict(indication, sub, tr.trusted, tr.chain, tr.revocation, valid_at)


async def _judge(
    ctx: DocumentContext, site: SignatureSite, facts: _CmsFacts, f: _Findings
) -> SignatureReport:
    si = facts.sd["signer_infos"][0]
    revinfo = (
        RevocationData(facts.check.certificates) + cms_revocation_data(facts.sd, si) + (ctx.dss)
    )
    time = await establish_time(
        ctx,
        is_timestamp=site.is_timestamp,
        value=site.value,
        signer=facts.signer,
        si=si,
        doc_token=facts.doc_token,
        intact=facts.intact,
        valid=facts.valid,
        revinfo=revinfo,
        signer_name=facts.ident.name if facts.ident else None,
        msgs=f.msgs,
    )
    if time.failure is not None:
        return f.failed(
            time.failure,
            intact=facts.intact,
            valid=facts.valid,
            timestamp=time.timestamp,
            **facts.common(),
        )
    verdict = await _judge_trust(ctx, site, facts, time, revinfo, f)
    mods = assess_modifications(ctx, site)
    if mods.message is not None:
        f.msgs.append(mods.message)
    indication, sub = verdict.indication, verdict.sub
    if mods.disallowed:
        indication, sub = Indication.TOTAL_FAILED, _S.FORMAT_FAILURE
    rng = f.rng
    assert rng is not None
    return SignatureReport(
        **f.base(),
        indication=indication,
        sub_indication=sub,
        intact=facts.intact,
        valid=facts.valid,
        trusted=verdict.trusted,
        covers_whole_file=rng.covers_whole_file,
        coverage=rng.coverage,
        modification=mods.level,
        changes=mods.changes,
        later_changes=mods.later,
        changed_areas=mods.areas,
        signing_time=time.best if time.source is not TimeSource.NONE else None,
        signing_time_source=time.source,
        claimed_time=time.claimed,
        timestamp=time.timestamp,
        chain=verdict.chain,
        valid_at_signing_time=verdict.valid_at,
        revocation=verdict.revocation,
        messages=tuple(f.msgs),
        attention=facts.valid is None or mods.attention or rng.tolerant,
        **facts.common(),
    )


async def verify_signature(ctx: DocumentContext, site: SignatureSite) -> SignatureReport:
    """The report of one signature or document time-stamp (its ``role`` is set later)."""
    f = _Findings(site)
    contents = _contents(ctx.data, site)
    f.rng = rng = check_byte_range(ctx.data, site.byte_range, contents)
    if rng.problem is not None:
        f.msgs.append(rng.problem)
    if not rng.ok and (not rng.intact_possible or rng.sub is _S.HASH_FAILURE):
        return f.failed(rng.sub or _S.HASH_FAILURE, intact=False)
    if contents is None:
        f.add("no_contents", "signature /Contents missing", "thiếu /Contents", "error")
        return f.failed(_S.FORMAT_FAILURE)
    facts = _check_cms(ctx, site, contents, f)
    if isinstance(facts, SignatureReport):
        return facts
    failure = _integrity_failure(facts, f)
    if failure is not None:
        return failure
    return await _judge(ctx, site, facts, f)
