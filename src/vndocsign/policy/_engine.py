"""The compiled decision engine behind :func:`~vndocsign.policy.decide`.

Why compiled: an agency's document system asks the question for every outgoing document and
every recipient, and a province's office re-checks thousands of records for its quarterly
report; the answer must cost microseconds. Each composed profile is compiled once:

* every fact about a document (type, secrecy, draft, submission, scope, each category) is one
  bit of an integer;
* every ``when`` block becomes two masks, so that "does this rule match" is
  ``not (facts & forbid) and (not need or facts & need)`` — no loops over lists, no strings;
* the calendar is cut into segments at every effective date and window edge, and each
  segment keeps only the rules in force in it, already sorted by precedence;
* decisions are pure functions of (segment, facts), so they are memoised.

The same masks make contradictions decidable exactly: two rules of equal precedence that
give different delivery forms conflict if and only if their windows overlap and some block
of each can be satisfied by one document — checked when the profile is loaded, never
discovered by a clerk.
"""

from __future__ import annotations

import bisect
import datetime as dt
import itertools
from typing import TYPE_CHECKING, Any

import attrs

from vndocsign.model import Secrecy, SignatureRole, all_document_types
from vndocsign.policy._errors import ProfileConflictError, UnknownValueError
from vndocsign.policy._model import (
    Decision,
    Delivery,
    DocumentFacts,
    Effect,
    Reason,
    Scope,
    sort_roles,
)
from vndocsign.policy._rules import Condition, Rule

if TYPE_CHECKING:
    from vndocsign.policy._profile import Profile

__all__ = ["Engine"]

# -- bit layout -------------------------------------------------------------------------------

_TYPES = all_document_types()
_TYPE_BIT = {t: 1 << t.ordinal for t in _TYPES}  # bit 0 = type unknown
_TYPE_UNKNOWN = 1
_TYPE_ALL = (1 << (len(_TYPES) + 1)) - 1
_B = len(_TYPES) + 1
_SEC_BIT: dict[Secrecy | None, int] = {None: 1 << _B}
_SEC_BIT.update({s: 1 << (_B + 1 + i) for i, s in enumerate(Secrecy)})
_SEC_NAME_BIT = {"none": _SEC_BIT[None], **{s.value: _SEC_BIT[s] for s in Secrecy}}
_SEC_ALL = sum(_SEC_BIT.values())
_B += 4
_DRAFT_BIT = {False: 1 << _B, True: 1 << (_B + 1)}
_DRAFT_ALL = sum(_DRAFT_BIT.values())
_B += 2
_SUB_BIT = {False: 1 << _B, True: 1 << (_B + 1)}
_SUB_ALL = sum(_SUB_BIT.values())
_B += 2
_SCOPE_BIT: dict[Scope | None, int] = {None: 1 << _B}
for _i, _s in enumerate(Scope):
    _SCOPE_BIT[_s] = 1 << (_B + 1 + _i)
_SCOPE_ALL = sum(_SCOPE_BIT.values())
_SCOPE_VALUE_BIT = {(s.value if s is not None else None): b for s, b in _SCOPE_BIT.items()}
_CAT_BASE = _B + 1 + len(Scope)
_EXCLUSIVE = (_TYPE_ALL, _SEC_ALL, _DRAFT_ALL, _SUB_ALL, _SCOPE_ALL)


@attrs.frozen
class _Block:
    forbid: int
    need: int  # 0 = no category needed


@attrs.frozen(eq=False)
class _CRule:
    rule: Rule
    blocks: tuple[_Block, ...]


@attrs.frozen(eq=False)
class _Entry:
    """A rule in force in one date segment, flattened for the hot loop."""

    blocks: tuple[tuple[int, int], ...]  # (forbid, need) per ``when`` block
    precedence: int
    delivery: Delivery | None
    roles: int  # bit mask over SignatureRole
    when_delivery: tuple[Delivery, ...] | None
    as_delivery: Reason
    as_signature: Reason
    rule_id: str


@attrs.frozen(eq=False)
class _Segment:
    start: dt.date | None
    delivery: tuple[_Entry, ...]  # precedence descending
    signatures: tuple[_Entry, ...]


_ROLE_BIT = {role: 1 << i for i, role in enumerate(SignatureRole)}
#: role bit mask -> the roles in documentation order
_ROLES: dict[int, tuple[SignatureRole, ...]] = {
    sum(_ROLE_BIT[r] for r in combo): sort_roles(frozenset(combo))
    for n in range(len(SignatureRole) + 1)
    for combo in itertools.combinations(SignatureRole, n)
}


def _matches(blocks: tuple[tuple[int, int], ...], bits: int) -> bool:
    for forbid, need in blocks:  # noqa: SIM110 - a plain loop is faster than any(genexpr)
        if not bits & forbid and (not need or bits & need):
            return True
    return False


class Engine:
    """A profile compiled for fast, deterministic decisions (one per :class:`Profile`)."""

    _CACHE_LIMIT = 100_000

    def __init__(self, profile: Profile) -> None:
        self.profile = profile
        self.cat_bit = {
            name: 1 << (_CAT_BASE + i) for i, name in enumerate(sorted(profile.categories))
        }
        self._cat_names = frozenset(self.cat_bit)
        compiled = [_CRule(r, tuple(self._block(c) for c in r.conditions)) for r in profile.rules]
        self._check_conflicts(compiled)
        self._build_segments(compiled)
        self._memo: dict[
            tuple[int, int],
            tuple[Delivery, tuple[Reason, ...], tuple[Reason, ...], tuple[SignatureRole, ...]],
        ] = {}
        self._decisions: dict[tuple[DocumentFacts, dt.date], Decision] = {}
        self._facts_cache: dict[
            DocumentFacts, tuple[int, tuple[str, ...], tuple[Any, ...], tuple[str, ...]]
        ] = {}
        scope = profile.assume_scope
        self._assumed: tuple[str, ...] = (
            (
                f"Phạm vi gửi không được nêu: giả định '{scope.value}' theo hồ sơ "
                f"{profile.name} / Recipient scope not given: assumed '{scope.value}' "
                f"(profile {profile.name})",
            )
            if scope is not None
            else ()
        )
        self.earliest = min((w.start for r in profile.rules for w in r.windows), default=None)

    # -- compilation --------------------------------------------------------------------------

    def _block(self, c: Condition) -> _Block:
        forbid = 0
        if c.types is not None:
            allowed = sum(_TYPE_BIT[t] for t in c.types)
            forbid |= _TYPE_ALL & ~allowed
        for t in c.except_types:
            forbid |= _TYPE_BIT[t]
        if c.secrecy is not None:
            allowed = sum(_SEC_NAME_BIT[s] for s in c.secrecy)
            forbid |= _SEC_ALL & ~allowed
        if c.draft is not None:
            forbid |= _DRAFT_BIT[not c.draft]
        if c.submission is not None:
            forbid |= _SUB_BIT[not c.submission]
        if c.scope is not None:
            allowed = sum(_SCOPE_BIT[s] for s in c.scope)
            forbid |= _SCOPE_ALL & ~allowed
        for cat in c.except_categories:
            forbid |= self.cat_bit[cat]
        need = 0
        if c.categories is not None:
            need = sum(self.cat_bit[cat] for cat in c.categories)
            if not need:
                forbid = -1  # "categories = []": can never match
        return _Block(forbid, need)

    @staticmethod
    def _jointly_satisfiable(a: _Block, b: _Block) -> bool:
        forbid = a.forbid | b.forbid
        if forbid == -1:
            return False
        for dim in _EXCLUSIVE:
            if not dim & ~forbid:
                return False
        return all(not need or need & ~forbid for need in (a.need, b.need))

    def _check_conflicts(self, compiled: list[_CRule]) -> None:
        deliveries = [c for c in compiled if c.rule.delivery is not None]
        for i, a in enumerate(deliveries):
            for b in deliveries[i + 1 :]:
                ra, rb = a.rule, b.rule
                if ra.precedence != rb.precedence or ra.delivery == rb.delivery:
                    continue
                if not any(wa.overlaps(wb) for wa in ra.windows for wb in rb.windows):
                    continue
                if any(self._jointly_satisfiable(x, y) for x in a.blocks for y in b.blocks):
                    assert ra.delivery is not None and rb.delivery is not None
                    raise ProfileConflictError(
                        f"Rules {ra.id!r} ({ra.location}, {ra.delivery.value}) and {rb.id!r} "
                        f"({rb.location}, {rb.delivery.value}) have the same precedence "
                        f"({ra.precedence}), overlapping dates and can match the same "
                        "document: give one a higher precedence or narrow its conditions",
                        f"Quy tắc {ra.id!r} ({ra.location}, {ra.delivery.value}) và {rb.id!r} "
                        f"({rb.location}, {rb.delivery.value}) cùng mức ưu tiên "
                        f"({ra.precedence}), thời gian chồng lấn và có thể cùng áp dụng cho "
                        "một văn bản nhưng quy định khác nhau: hãy nâng mức ưu tiên của một "
                        "quy tắc hoặc thu hẹp điều kiện",
                        file=rb.file,
                        line=rb.line,
                        rules=[ra.id, rb.id],
                        locations=[ra.location, rb.location],
                    )

    def _build_segments(self, compiled: list[_CRule]) -> None:
        edges: set[dt.date] = set()
        for c in compiled:
            for w in c.rule.windows:
                edges.add(w.start)
                if w.end is not None and w.end < dt.date.max:
                    edges.add(w.end + dt.timedelta(days=1))
        starts = sorted(edges)
        self._ordinals = [d.toordinal() for d in starts]
        ordered = sorted(compiled, key=lambda c: (-c.rule.precedence, c.rule.id))
        segments: list[_Segment] = []
        for start in starts:
            active: list[_Entry] = []
            for c in ordered:
                window = c.rule.in_force(start)
                if window is None:
                    continue
                r = c.rule
                active.append(
                    _Entry(
                        blocks=tuple((b.forbid, b.need) for b in c.blocks),
                        precedence=r.precedence,
                        delivery=r.delivery,
                        roles=sum(_ROLE_BIT[s] for s in r.signatures),
                        when_delivery=(
                            tuple(r.signatures_when_delivery)
                            if r.signatures_when_delivery is not None
                            else None
                        ),
                        as_delivery=_reason(r, window.label(), Effect.DELIVERY),
                        as_signature=_reason(r, window.label(), Effect.SIGNATURE),
                        rule_id=r.id,
                    )
                )
            segments.append(
                _Segment(
                    start=start,
                    delivery=tuple(e for e in active if e.delivery is not None),
                    signatures=tuple(e for e in active if e.roles),
                )
            )
        self._segments = segments
        self._empty = _Segment(start=None, delivery=(), signatures=())

    def segment(self, at: dt.date) -> tuple[int, _Segment]:
        index = bisect.bisect_right(self._ordinals, at.toordinal()) - 1
        if index < 0:
            return -1, self._empty
        return index, self._segments[index]

    # -- facts -------------------------------------------------------------------------------

    def facts_bits(
        self, facts: DocumentFacts
    ) -> tuple[int, tuple[str, ...], tuple[Any, ...], tuple[str, ...]]:
        """(bits, categories, evidence, assumptions) for a document's facts (memoised)."""
        cached = self._facts_cache.get(facts)
        if cached is not None:
            return cached
        assumptions: tuple[str, ...] = ()
        evidence: tuple[Any, ...] = ()
        if facts.categories is None:
            cats, evidence = self.profile.classifier.classify(
                subject=facts.subject,
                recipients=facts.recipients,
                distribution=facts.distribution,
                document_type=facts.document_type,
            )
        else:
            cats = facts.categories
            if not cats <= self._cat_names:
                unknown = sorted(c for c in cats if c not in self.cat_bit)
                raise UnknownValueError(
                    f"Unknown categor{'ies' if len(unknown) > 1 else 'y'} "
                    f"{', '.join(unknown)}; profile {self.profile.name} knows: "
                    f"{', '.join(sorted(self.cat_bit))}",
                    f"Nhóm nội dung không tồn tại: {', '.join(unknown)}; hồ sơ "
                    f"{self.profile.name} có: {', '.join(sorted(self.cat_bit))}",
                    categories=unknown,
                    known=sorted(self.cat_bit),
                )
        scope = facts.scope
        if scope is None and self.profile.assume_scope is not None:
            scope = self.profile.assume_scope
            assumptions = self._assumed
        # Look-ups by ordinal and by value: hashing attrs classes and enum members is slow.
        doc_type, secrecy = facts.document_type, facts.secrecy
        bits = (
            (1 << doc_type.ordinal if doc_type is not None else _TYPE_UNKNOWN)
            | (_SEC_NAME_BIT[secrecy.value] if secrecy is not None else _SEC_NAME_BIT["none"])
            | _DRAFT_BIT[bool(facts.draft)]
            | _SUB_BIT[bool(facts.submission)]
            | _SCOPE_VALUE_BIT[scope.value if scope is not None else None]
        )
        cat_bit = self.cat_bit
        for c in cats:
            bits |= cat_bit[c]
        result = (bits, tuple(sorted(cats)) if cats else (), evidence, assumptions)
        if len(self._facts_cache) >= self._CACHE_LIMIT:
            self._facts_cache.clear()
        self._facts_cache[facts] = result
        return result

    # -- deciding -----------------------------------------------------------------------------

    def decide(self, facts: DocumentFacts, at: dt.date) -> Decision:
        """The decision on ``facts`` on day ``at`` (memoised)."""
        key = (facts, at)
        done = self._decisions.get(key)
        if done is not None:
            return done
        bits, cats, evidence, assumptions = self.facts_bits(facts)
        index = bisect.bisect_right(self._ordinals, at.toordinal()) - 1
        core = self._memo.get((index, bits))
        if core is None:
            core = self._evaluate(bits, self._segments[index] if index >= 0 else self._empty, at)
            if len(self._memo) >= self._CACHE_LIMIT:
                self._memo.clear()
            self._memo[(index, bits)] = core
        delivery, reasons, overridden, roles = core
        if delivery is Delivery.NO_RULE:
            reasons = (self._no_rule_reason(at), *reasons)
        decision = Decision(
            delivery=delivery,
            required_signatures=roles,
            reasons=reasons,
            profile=self.profile.name,
            on=at,
            categories=cats,
            evidence=evidence,
            overridden=overridden,
            assumptions=assumptions,
        )
        if len(self._decisions) >= self._CACHE_LIMIT:
            self._decisions.clear()
        self._decisions[key] = decision
        return decision

    def _evaluate(
        self, bits: int, seg: _Segment, on: dt.date
    ) -> tuple[Delivery, tuple[Reason, ...], tuple[Reason, ...], tuple[SignatureRole, ...]]:
        """The delivery form, reasons, overridden rules and roles for one fact bit set."""
        delivery = Delivery.NO_RULE
        top: int | None = None
        winners: list[_Entry] = []
        overridden: list[Reason] = []
        for e in seg.delivery:
            for forbid, need in e.blocks:  # inlined _matches: this is the hot loop
                if not bits & forbid and (not need or bits & need):
                    break
            else:
                continue
            if top is None:
                top = e.precedence
                delivery = e.delivery or Delivery.NO_RULE
                winners.append(e)
            elif e.precedence == top:
                if e.delivery is not delivery:  # unreachable after the load-time check
                    ids = [w.rule_id for w in winners] + [e.rule_id]
                    raise ProfileConflictError(
                        f"Rules {', '.join(ids)} contradict each other on {on.isoformat()}",
                        f"Các quy tắc {', '.join(ids)} mâu thuẫn nhau vào ngày {on.isoformat()}",
                        rules=ids,
                    )
                winners.append(e)
            elif e.delivery is not delivery:
                overridden.append(e.as_delivery)
        roles = 0
        reasons = [w.as_delivery for w in winners]
        for e in seg.signatures:
            if e.when_delivery is not None and delivery not in e.when_delivery:
                continue
            if _matches(e.blocks, bits):
                roles |= e.roles
                if e.delivery is None or e not in winners:
                    reasons.append(e.as_signature)
        return delivery, tuple(reasons), tuple(overridden), _ROLES[roles]

    def _no_rule_reason(self, on: dt.date) -> Reason:
        p = self.profile
        day = f"{on.day:02d}/{on.month:02d}/{on.year}"
        if self.earliest is not None and on < self.earliest:
            e = self.earliest
            first = f"{e.day:02d}/{e.month:02d}/{e.year}"
            vi = (
                f"Không có quy tắc nào của hồ sơ {p.name} áp dụng ngày {day}: quy tắc sớm "
                f"nhất có hiệu lực từ {first}."
            )
            en = (
                f"No rule of profile {p.name} applies on {on.isoformat()}: the earliest rule is "
                f"in force from {self.earliest.isoformat()}."
            )
        else:
            vi = (
                f"Không có quy tắc nào của hồ sơ {p.name} áp dụng cho văn bản này vào ngày "
                f"{day}; cần xác định hình thức gửi theo quy định khác."
            )
            en = (
                f"No rule of profile {p.name} applies to this document on {on.isoformat()}; "
                "the delivery form must be decided under other rules."
            )
        return Reason(rule=None, source=None, en=en, vi=vi, effect=Effect.NO_RULE, profile=p.name)


def _reason(rule: Rule, window: str, effect: Effect) -> Reason:
    return Reason(
        rule=rule.id,
        source=rule.source,
        en=rule.en,
        vi=rule.vi,
        effect=effect,
        profile=rule.profile,
        source_title=rule.source_title,
        window=window,
        location=rule.location,
    )
