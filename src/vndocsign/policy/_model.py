"""The vocabulary of the policy engine: delivery forms, signature roles, facts and decisions.

A :class:`Decision` answers the two questions an agency's software asks before a document
leaves: *how* it may travel (electronic only, electronic and paper, not electronically at all)
and *which signatures* it must carry — and it says **why**, naming the rule, its legal text and
the dates it is in force, in Vietnamese for the văn thư and in English for the integrator.

:class:`DocumentFacts` is the pre-parsed view of a document the engine decides on (type,
secrecy, draft flag, recipient scope, submission flag, subject categories). Building it once
and deciding many times is what makes the engine fast; :func:`vndocsign.policy.decide` also
accepts an :class:`~vndocsign.model.OfficialDocument` and builds the facts itself.
"""

from __future__ import annotations

import datetime as dt
import enum
from collections.abc import Iterable
from typing import Any

import attrs

from vndocsign.model import DocumentType, Secrecy, SignatureRole
from vndocsign.policy._errors import UnknownValueError, wrap_model_error

__all__ = [
    "CategoryEvidence",
    "Decision",
    "Delivery",
    "DocumentFacts",
    "Effect",
    "Reason",
    "Scope",
    "sort_roles",
]


class Delivery(enum.StrEnum):
    """Hình thức gửi (delivery form) of a document."""

    #: Chỉ gửi điện tử, không gửi kèm bản giấy.
    ELECTRONIC_ONLY = "ELECTRONIC_ONLY"
    #: Gửi đồng thời bản điện tử và bản giấy.
    ELECTRONIC_AND_PAPER = "ELECTRONIC_AND_PAPER"
    #: Không gửi qua mạng (văn bản mật).
    NOT_ELECTRONIC = "NOT_ELECTRONIC"
    #: No rule of the profile applies to this document on this date — an explicit answer,
    #: never a silent default.
    NO_RULE = "NO_RULE"

    @property
    def vi(self) -> str:
        return _DELIVERY_VI[self]


_DELIVERY_VI = {
    Delivery.ELECTRONIC_ONLY: "Chỉ gửi bản điện tử, không gửi bản giấy",
    Delivery.ELECTRONIC_AND_PAPER: "Gửi đồng thời bản điện tử và bản giấy",
    Delivery.NOT_ELECTRONIC: "Không gửi qua mạng (văn bản mật)",
    Delivery.NO_RULE: "Không có quy định nào áp dụng",
}


class Effect(enum.StrEnum):
    """What a :class:`Reason` decided."""

    #: The rule set the delivery form (hình thức gửi).
    DELIVERY = "delivery"
    #: The rule required signatures.
    SIGNATURE = "signature"
    #: No rule applies: the explicit "no rule" answer.
    NO_RULE = "no-rule"


class Scope(enum.StrEnum):
    """Where a document goes (phạm vi gửi)."""

    #: To central bodies: the Government, the Prime Minister, ministries (Trung ương).
    CENTRAL = "central"
    #: To agencies within the province (trong tỉnh), or to the provincial People's Committee.
    PROVINCE = "province"
    #: Inside the issuing agency (nội bộ).
    INTERNAL = "internal"

    @classmethod
    def parse(cls, value: Scope | str) -> Scope:
        if isinstance(value, Scope):
            return value
        text = str(value).strip().lower()
        for scope in cls:
            if scope.value == text or scope.name.lower() == text:
                return scope
        raise UnknownValueError(
            f"Unknown recipient scope {value!r} (central, province or internal)",
            f"Phạm vi gửi {value!r} không hợp lệ (central, province hoặc internal)",
            value=value,
        )


def _opt_type(value: DocumentType | str | None) -> DocumentType | None:
    if value is None or isinstance(value, DocumentType):
        return value
    with wrap_model_error():
        return DocumentType.lookup(value)


def _opt_secrecy(value: Secrecy | str | None) -> Secrecy | None:
    if value is None or isinstance(value, Secrecy):
        return value
    with wrap_model_error():
        return Secrecy.parse(value)


def _opt_scope(value: Scope | str | None) -> Scope | None:
    return None if value is None else Scope.parse(value)


def _opt_categories(value: Any) -> frozenset[str] | None:
    if value is None:
        return None
    if isinstance(value, str):
        return frozenset({value})
    return frozenset(str(v) for v in value)


def _str_tuple(value: Iterable[str] | str) -> tuple[str, ...]:
    if isinstance(value, str):
        return (value,)
    return tuple(value)


@attrs.frozen
class CategoryEvidence:
    """Why the keyword classifier put a document in a category: the words and where they were."""

    category: str
    field: str
    matched: str
    text: str

    def to_dict(self) -> dict[str, str]:
        return {
            "category": self.category,
            "field": self.field,
            "matched": self.matched,
            "text": self.text,
        }


@attrs.frozen(kw_only=True, cache_hash=True)
class DocumentFacts:
    """What the policy engine needs to know about one document, already parsed.

    ``categories=None`` means "not given": :func:`~vndocsign.policy.decide` then infers them
    from ``subject``, ``recipients`` (Kính gửi) and ``distribution`` (Nơi nhận) with the
    profile's keyword classifier. An empty set means "given: none".
    """

    document_type: DocumentType | None = attrs.field(default=None, converter=_opt_type)
    secrecy: Secrecy | None = attrs.field(default=None, converter=_opt_secrecy)
    draft: bool = False
    submission: bool = False
    scope: Scope | None = attrs.field(default=None, converter=_opt_scope)
    categories: frozenset[str] | None = attrs.field(default=None, converter=_opt_categories)
    subject: str | None = None
    recipients: tuple[str, ...] = attrs.field(default=(), converter=_str_tuple)
    distribution: tuple[str, ...] = attrs.field(default=(), converter=_str_tuple)
    #: The document's own date, used when ``decide`` is called without ``at=``.
    issued_date: dt.date | None = None

    def to_dict(self) -> dict[str, Any]:
        return {
            "document_type": self.document_type.name if self.document_type else None,
            "secrecy": self.secrecy.value if self.secrecy else None,
            "draft": self.draft,
            "submission": self.submission,
            "scope": self.scope.value if self.scope else None,
            "categories": sorted(self.categories) if self.categories is not None else None,
            "subject": self.subject,
        }


@attrs.frozen
class Reason:
    """One rule that decided something, with its legal text, in English and Vietnamese.

    ``rule`` is ``None`` only for the explicit "no rule applies" reason. The bilingual pair is
    ``(en, vi)`` like :class:`~vndocsign.errors.VndocsignError`; pass them by keyword.
    """

    rule: str | None
    source: str | None
    en: str
    vi: str
    effect: Effect = attrs.field(default=Effect.DELIVERY, converter=Effect)
    profile: str | None = None
    source_title: str | None = None
    #: The dates the rule is in force, e.g. ``"2019-05-15..2019-06-15 (pilot)"``.
    window: str | None = None
    #: Where the rule was defined, ``"path:line"``.
    location: str | None = None

    def to_dict(self) -> dict[str, Any]:
        return {
            "rule": self.rule,
            "source": self.source,
            "vi": self.vi,
            "en": self.en,
            "effect": self.effect.value,
            "profile": self.profile,
            "source_title": self.source_title,
            "window": self.window,
        }


#: The order of the documentation and the JSON contract (the roles a policy asks for first).
_ROLE_ORDER = {
    SignatureRole.PERSONAL: 0,
    SignatureRole.AGENCY: 1,
    SignatureRole.INITIAL: 2,
    SignatureRole.ATTACHMENT: 3,
    SignatureRole.COPY: 4,
}


def sort_roles(roles: frozenset[SignatureRole] | set[SignatureRole]) -> tuple[SignatureRole, ...]:
    """Roles in the order the documentation and the JSON contract use."""
    return tuple(sorted(roles, key=_ROLE_ORDER.__getitem__))


@attrs.frozen(kw_only=True)
class Decision:
    """The delivery form and required signatures of one document on one date, with reasons."""

    delivery: Delivery
    required_signatures: tuple[SignatureRole, ...]
    reasons: tuple[Reason, ...]
    profile: str
    #: The day the rules were applied on (``decide(..., at=...)``; JSON ``"on"``).
    on: dt.date
    #: The categories the decision used (given by the caller or inferred).
    categories: tuple[str, ...] = ()
    #: How inferred categories were found (empty when the caller gave them).
    evidence: tuple[CategoryEvidence, ...] = ()
    #: Rules that matched but were overridden by a rule of higher precedence.
    overridden: tuple[Reason, ...] = ()
    #: What the engine assumed because the caller did not say (e.g. the recipient scope).
    assumptions: tuple[str, ...] = ()

    @property
    def electronic(self) -> bool:
        """True when the document may travel electronically (alone or with paper)."""
        return self.delivery in (Delivery.ELECTRONIC_ONLY, Delivery.ELECTRONIC_AND_PAPER)

    @property
    def rules(self) -> tuple[str, ...]:
        return tuple(r.rule for r in self.reasons if r.rule is not None)

    def to_dict(self) -> dict[str, Any]:
        """The JSON contract of ``vndocsign policy decide --json`` (plus extra keys)."""
        return {
            "delivery": self.delivery.value,
            "delivery_vi": self.delivery.vi,
            "required_signatures": [r.value for r in self.required_signatures],
            "reasons": [r.to_dict() for r in self.reasons],
            "profile": self.profile,
            "on": self.on.isoformat(),
            "categories": list(self.categories),
            "evidence": [e.to_dict() for e in self.evidence],
            "overridden": [r.to_dict() for r in self.overridden],
            "assumptions": list(self.assumptions),
        }
