"""Checking a submission (hồ sơ trình): accept it, or return it with reasons (trả lại hồ sơ).

Công văn 3183/VPCP-KSTT (and in Quảng Ngãi 2183/UBND-KGVX from 01/07/2024): a tờ trình
submitted to the Government, the Prime Minister, the provincial People's Committee or its
Chairman carries the personal digital signature of the head, each draft submitted with it
carries the electronic initial (ký tắt) right after the closing ``./.`` of its content, and
secret documents never travel this way. The receiving Office checks this and returns what does
not comply.

Which checks are *required* is not decided here but by the profile: :func:`check_submission`
asks the engine what the tờ trình and the drafts must carry on that date and only a failed
*required* check returns the submission (the others are reported for information).

The two signature checks go through the small :class:`SubmissionVerifier` protocol. The one
implementation shipped, :class:`~vndocsign.policy.VerifyingSubmissionVerifier`, is built on
:func:`vndocsign.verification.verify_pdf`; it is the default, with the verification's default
trust profile (``any-vn``).
"""

from __future__ import annotations

import datetime as dt
import enum
import os
from collections.abc import Mapping, Sequence
from typing import Any

import attrs

from vndocsign.errors import jsonable
from vndocsign.model import DocumentType, Secrecy, SignatureRole, canonical
from vndocsign.pdf import PdfSource, PdfText, load_text, read_pdf_bytes
from vndocsign.policy._decide import as_date
from vndocsign.policy._model import Decision, DocumentFacts, Effect, Scope
from vndocsign.policy._profile import Profile, load_profile
from vndocsign.policy._verifier import (
    SubmissionVerifier,
    VerifyingSubmissionVerifier,
    signed_widgets,
)

__all__ = [
    "CheckKind",
    "Finding",
    "SubmissionCheck",
    "SubmissionVerdict",
    "SubmissionVerifier",
    "check_submission",
]


class SubmissionVerdict(enum.StrEnum):
    ACCEPTED = "ACCEPTED"
    #: Trả lại hồ sơ.
    RETURNED = "RETURNED"
    #: A required check could not be carried out (e.g. the verifier could not decide).
    INDETERMINATE = "INDETERMINATE"


class CheckKind(enum.StrEnum):
    """Which check a :class:`Finding` reports (its JSON ``"check"``)."""

    #: A secret document (MẬT...) may not be submitted electronically.
    NOT_SECRET = "not-secret"  # noqa: S105 - a check name, not a password
    #: Chữ ký số cá nhân of the person with authority on the tờ trình.
    PERSONAL_SIGNATURE = "personal-signature"
    #: Ký tắt right after the closing ``./.`` of a draft.
    INITIAL_AFTER_END_MARK = "initial-after-end-mark"
    #: The document is digitally signed at all (the agency's signature).
    SIGNED = "signed"
    #: The profile does not require the check on that day (informational).
    RULE = "rule"


@attrs.frozen(kw_only=True)
class Finding:
    """One check on one document of the submission."""

    document: str
    check: CheckKind = attrs.field(converter=CheckKind)
    ok: bool | None
    required: bool
    en: str
    vi: str
    rule: str | None = None
    source: str | None = None
    details: Mapping[str, Any] = attrs.field(factory=dict)

    def to_dict(self) -> dict[str, Any]:
        return {
            "document": self.document,
            "check": self.check.value,
            "ok": self.ok,
            "required": self.required,
            "rule": self.rule,
            "source": self.source,
            "vi": self.vi,
            "en": self.en,
            "details": jsonable(dict(self.details)),
        }


@attrs.frozen(kw_only=True)
class SubmissionCheck:
    """The outcome: ACCEPTED, RETURNED (with the reasons) or INDETERMINATE."""

    verdict: SubmissionVerdict
    findings: tuple[Finding, ...]
    profile: str
    #: The day the rules were applied on (JSON ``"on"``).
    on: dt.date
    decisions: Mapping[str, Decision] = attrs.field(factory=dict)

    @property
    def accepted(self) -> bool:
        return self.verdict is SubmissionVerdict.ACCEPTED

    @property
    def reasons(self) -> tuple[Finding, ...]:
        """Why the submission is returned (the failed required checks)."""
        return tuple(f for f in self.findings if f.required and f.ok is False)

    def to_dict(self) -> dict[str, Any]:
        return {
            "verdict": self.verdict.value,
            "accepted": self.accepted,
            "profile": self.profile,
            "on": self.on.isoformat(),
            "reasons": [f.to_dict() for f in self.reasons],
            "findings": [f.to_dict() for f in self.findings],
            "decisions": {k: v.to_dict() for k, v in self.decisions.items()},
        }


# -- the check ---------------------------------------------------------------------------------


def _secrecy_marks(text: PdfText) -> list[str]:
    values = {s.value for s in Secrecy}
    found = []
    for line in text.lines():
        t = canonical(line.text).upper().strip(" .:")
        if t in values:
            found.append(t)
    return found


def _label(source: PdfSource, default: str) -> str:
    if isinstance(source, str | os.PathLike):
        return os.path.basename(str(source))
    return default


def _rule_for(
    decision: Decision, role: SignatureRole, profile: Profile
) -> tuple[str | None, str | None]:
    for reason in decision.reasons:
        if reason.rule is None or reason.effect is not Effect.SIGNATURE:
            continue
        if role in profile.rule(reason.rule).signatures:
            return reason.rule, reason.source
    return None, None


@attrs.frozen
class _Context:
    """What every document of one submission is checked with."""

    profile: Profile
    day: dt.date
    scope: Scope | str | None
    verifier: SubmissionVerifier


def _secret_finding(name: str, secrecy: Secrecy, decision: Decision) -> Finding:
    reason = decision.reasons[0] if decision.reasons else None
    return Finding(
        document=name,
        check=CheckKind.NOT_SECRET,
        ok=False,
        required=True,
        en=f"The document is marked {secrecy.value}: secret documents are not "
        "submitted electronically.",
        vi=f"Văn bản có dấu độ mật {secrecy.value}: không được trình qua hệ thống điện tử.",
        rule=reason.rule if reason else None,
        source=reason.source if reason else None,
    )


def _signed_finding(name: str, data: bytes, decision: Decision, ctx: _Context) -> Finding:
    signed = bool(signed_widgets(data))
    rule, source = _rule_for(decision, SignatureRole.AGENCY, ctx.profile)
    return Finding(
        document=name,
        check=CheckKind.SIGNED,
        ok=signed,
        required=True,
        en="The document is digitally signed."
        if signed
        else "The document is not digitally signed: an unsigned electronic document is "
        "for information only.",
        vi="Văn bản đã được ký số."
        if signed
        else "Văn bản chưa được ký số: văn bản điện tử chưa ký số chỉ có giá trị để "
        "biết, tham khảo.",
        rule=rule,
        source=source,
    )


def _signature_findings(
    name: str, data: bytes, is_draft: bool, decision: Decision, ctx: _Context
) -> list[Finding]:
    """The personal signature (tờ trình) or the initial (draft), and whether it is required."""
    roles = decision.required_signatures
    role = SignatureRole.INITIAL if is_draft else SignatureRole.PERSONAL
    required = role in roles
    rule, source = _rule_for(decision, role, ctx.profile)
    if is_draft:
        check = CheckKind.INITIAL_AFTER_END_MARK
        result = ctx.verifier.initial_after_end_mark(data, at=ctx.day)
    else:
        check = CheckKind.PERSONAL_SIGNATURE
        result = ctx.verifier.personal_signature(data, at=ctx.day)
    findings = [
        Finding(
            document=name,
            check=check,
            ok=result.ok,
            required=required,
            en=result.en,
            vi=result.vi,
            rule=rule,
            source=source,
            details=result.details,
        )
    ]
    if not required:
        what_vi = "chữ ký tắt điện tử" if is_draft else "chữ ký số cá nhân"
        what_en = "electronic initial" if is_draft else "personal signature"
        findings.append(
            Finding(
                document=name,
                check=CheckKind.RULE,
                ok=True,
                required=False,
                en=f"On {ctx.day.isoformat()} profile {ctx.profile.name} does not require the "
                f"{what_en} (the check above is for information only).",
                vi=f"Ngày {ctx.day:%d/%m/%Y}, hồ sơ {ctx.profile.name} chưa bắt buộc {what_vi} "
                "(kết quả kiểm tra chỉ để tham khảo).",
            )
        )
    return findings


def _check_document(
    name: str, data: bytes, is_draft: bool, ctx: _Context
) -> tuple[Decision, list[Finding]]:
    text = load_text(data)
    marks = _secrecy_marks(text)
    secrecy = Secrecy.parse(marks[0]) if marks else None
    facts = DocumentFacts(
        document_type=None if is_draft else DocumentType.from_abbreviation("TTr"),
        secrecy=secrecy,
        draft=is_draft,
        submission=True,
        scope=ctx.scope,
        categories=frozenset(),
    )
    decision = ctx.profile.engine.decide(facts, ctx.day)
    if secrecy is not None:
        return decision, [_secret_finding(name, secrecy, decision)]
    roles = decision.required_signatures
    if is_draft and not text.has_text:
        # A scan: the initial's place cannot be judged either way — say so, do not guess.
        scan = Finding(
            document=name,
            check=CheckKind.INITIAL_AFTER_END_MARK,
            ok=None,
            required=SignatureRole.INITIAL in roles,
            en='The draft has no text layer (a scan): the "./." cannot be located.',
            vi='Dự thảo không có lớp chữ (bản quét): không xác định được vị trí "./.".',
        )
        return decision, [scan]
    findings: list[Finding] = []
    if SignatureRole.AGENCY in roles and SignatureRole.PERSONAL not in roles:
        findings.append(_signed_finding(name, data, decision, ctx))
    findings.extend(_signature_findings(name, data, is_draft, decision, ctx))
    return decision, findings


def check_submission(
    pdf: PdfSource,
    drafts: Sequence[PdfSource] = (),
    *,
    profile: Profile | str,
    at: dt.date | str,
    scope: Scope | str | None = None,
    verifier: SubmissionVerifier | None = None,
) -> SubmissionCheck:
    """Accept a submission (the tờ trình ``pdf`` + ``drafts``) or return it with reasons.

    ``profile`` is a :class:`~vndocsign.policy.Profile` or a shipped profile name; ``at`` the
    day of the submission; ``scope`` where it goes (``central``: the Government or the Prime
    Minister; ``province``: the provincial People's Committee or its Chairman), defaulting to
    the profile's ``assume_scope``. ``verifier`` defaults to
    :class:`~vndocsign.policy.VerifyingSubmissionVerifier` with the verification's default
    trust profile. Unreadable or non-PDF input raises :class:`~vndocsign.errors.PdfError`.
    """
    prof = profile if isinstance(profile, Profile) else load_profile(profile)
    ctx = _Context(
        profile=prof,
        day=as_date(at, None),
        scope=scope,
        verifier=verifier if verifier is not None else VerifyingSubmissionVerifier(),
    )
    documents = [(_label(pdf, "totrinh.pdf"), read_pdf_bytes(pdf), False)]
    for i, d in enumerate(drafts, start=1):
        documents.append((_label(d, f"draft-{i}.pdf"), read_pdf_bytes(d), True))
    findings: list[Finding] = []
    decisions: dict[str, Decision] = {}
    for name, data, is_draft in documents:
        decisions[name], found = _check_document(name, data, is_draft, ctx)
        findings.extend(found)
    if any(f.required and f.ok is False for f in findings):
        verdict = SubmissionVerdict.RETURNED
    elif any(f.required and f.ok is None for f in findings):
        verdict = SubmissionVerdict.INDETERMINATE
    else:
        verdict = SubmissionVerdict.ACCEPTED
    return SubmissionCheck(
        verdict=verdict,
        findings=tuple(findings),
        profile=prof.name,
        on=ctx.day,
        decisions=decisions,
    )
