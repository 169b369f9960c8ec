"""An explainable Vietnamese keyword classifier for subject categories.

Provincial rules speak of "documents on personnel organisation", "monthly reports", "meeting
invitations". Callers who know the category pass it; otherwise the engine infers it from the
trích yếu (subject), the Kính gửi line and the Nơi nhận list with keywords that live in the
profile data, not in code. Matching is accent-insensitive (``bao cao quy III`` finds *báo cáo
quý III*), tolerant of NFD input and old tone placement (through
:func:`vndocsign.model.canonical`), and on whole words only. Every inferred category
comes with :class:`~vndocsign.policy.CategoryEvidence`: the words matched and the text
they were found in, so a clerk can see why a document was classified the way it was.
"""

from __future__ import annotations

import enum
import re
from collections.abc import Iterable, Sequence

import attrs

from vndocsign.model import DocumentType, canonical, strip_diacritics
from vndocsign.policy._errors import ProfileError
from vndocsign.policy._model import CategoryEvidence

__all__ = ["CategoryDef", "Classifier", "DistributionMode", "fold"]

FIELDS = ("subject", "recipients", "distribution")


class DistributionMode(enum.StrEnum):
    """How a category reads the Nơi nhận list (``distribution`` in ``[categories.NAME]``)."""

    #: Not at all.
    NONE = "none"
    #: One matching entry is enough.
    ANY = "any"
    #: Every entry (except "Lưu: ...") must match — "every recipient receives it để biết".
    ALL = "all"


DISTRIBUTION_MODES = tuple(m.value for m in DistributionMode)

#: Nơi nhận entries that say nothing about why the document is sent ("Lưu: VT, ..."). "Như
#: trên" is *not* ignored: it stands for the Kính gửi recipients, who receive it for action.
_IGNORED_ENTRIES = re.compile(r"^luu\b")
_BULLET = re.compile(r"^[\s\-–—•+*]+")


def fold(text: str) -> str:
    """Accent-free, lower-case, single-spaced text (the classifier's matching form)."""
    return strip_diacritics(canonical(text)).lower()


@attrs.frozen
class CategoryDef:
    """One subject category as declared in a profile (``[categories.NAME]``)."""

    name: str
    vi: str
    en: str
    keywords: tuple[str, ...] = ()
    patterns: tuple[str, ...] = ()
    types: tuple[DocumentType, ...] = ()
    requires: tuple[str, ...] = ()
    fields: tuple[str, ...] = ("subject", "recipients")
    distribution: DistributionMode = attrs.field(
        default=DistributionMode.NONE, converter=DistributionMode
    )

    def regexes(
        self,
    ) -> tuple[re.Pattern[str] | None, re.Pattern[str] | None, re.Pattern[str] | None]:
        """(keywords with accents, keywords folded, patterns) — see :class:`Classifier`."""
        words = sorted(self.keywords, key=len, reverse=True)
        accented = (
            re.compile(
                "|".join(r"(?<!\w)" + re.escape(canonical(k).lower()) + r"(?!\w)" for k in words)
            )
            if words
            else None
        )
        folded = (
            re.compile(
                "|".join(r"(?<![a-z0-9])" + re.escape(fold(k)) + r"(?![a-z0-9])" for k in words)
            )
            if words
            else None
        )
        patterns = (
            re.compile("|".join(f"(?:{p})" for p in self.patterns)) if self.patterns else None
        )
        return accented, folded, patterns


@attrs.frozen
class _Compiled:
    cat: CategoryDef
    accented: re.Pattern[str] | None
    folded: re.Pattern[str] | None
    patterns: re.Pattern[str] | None
    fields: frozenset[str]

    def search(self, text: _Text) -> str | None:
        """The words that put ``text`` in this category, or ``None``.

        Text written with accents is matched against the keywords *with* accents, so that
        "thuê" (rent) is not "thuế" (tax) and "quy định" is not "quý"; text typed without
        accents is matched accent-insensitively. Patterns always see the folded text.
        """
        keywords = self.accented if text.has_accents else self.folded
        if keywords is not None:
            m = keywords.search(text.lower if text.has_accents else text.folded)
            if m:
                return m.group(0)
        if self.patterns is not None:
            m = self.patterns.search(text.folded)
            if m:
                return m.group(0)
        return None


@attrs.frozen
class _Text:
    original: str
    lower: str
    folded: str
    has_accents: bool

    @classmethod
    def of(cls, text: str) -> _Text:
        lower = _BULLET.sub("", canonical(text).lower())
        folded = strip_diacritics(lower)
        return cls(text, lower, folded, folded != lower)


class Classifier:
    """Infers categories from a document's text; built once per composed profile."""

    def __init__(self, categories: Iterable[CategoryDef]) -> None:
        ordered = _dependency_order(list(categories))
        self.categories: dict[str, CategoryDef] = {c.name: c for c in ordered}
        self._compiled = tuple(_Compiled(c, *c.regexes(), frozenset(c.fields)) for c in ordered)

    def classify(
        self,
        *,
        subject: str | None = None,
        recipients: Sequence[str] = (),
        distribution: Sequence[str] = (),
        document_type: DocumentType | None = None,
    ) -> tuple[frozenset[str], tuple[CategoryEvidence, ...]]:
        """The categories of a document and, for each, the evidence that put it there."""
        texts: dict[str, list[_Text]] = {
            "subject": [_Text.of(subject)] if subject else [],
            "recipients": [_Text.of(r) for r in recipients if r],
            "distribution": [_Text.of(d) for d in distribution if d and d.strip()],
        }
        found: set[str] = set()
        evidence: list[CategoryEvidence] = []
        for comp in self._compiled:
            cat = comp.cat
            if cat.requires and not any(r in found for r in cat.requires):
                continue
            hits = self._hits(comp, texts, document_type)
            if hits:
                found.add(cat.name)
                evidence.extend(hits)
        return frozenset(found), tuple(evidence)

    def _hits(
        self,
        comp: _Compiled,
        texts: dict[str, list[_Text]],
        document_type: DocumentType | None,
    ) -> list[CategoryEvidence]:
        cat = comp.cat
        hits: list[CategoryEvidence] = []
        if document_type is not None and document_type in cat.types:
            hits.append(
                CategoryEvidence(cat.name, "document_type", document_type.name, document_type.name)
            )
        for field in ("subject", "recipients"):
            if field not in comp.fields:
                continue
            for text in texts[field]:
                matched = comp.search(text)
                if matched is not None:
                    hits.append(CategoryEvidence(cat.name, field, matched, text.original))
        if "distribution" in comp.fields and cat.distribution is not DistributionMode.NONE:
            entries = [e for e in texts["distribution"] if not _IGNORED_ENTRIES.match(e.folded)]
            found = [(e, comp.search(e)) for e in entries]
            good = [(e, m) for e, m in found if m is not None]
            if good and (cat.distribution is DistributionMode.ANY or len(good) == len(entries)):
                hits.extend(
                    CategoryEvidence(cat.name, "distribution", m, e.original) for e, m in good
                )
        return hits


def _dependency_order(categories: list[CategoryDef]) -> list[CategoryDef]:
    """Categories that others ``require`` come first (the profile loader rejects cycles)."""
    by_name = {c.name: c for c in categories}
    out: list[CategoryDef] = []
    state: dict[str, int] = {}

    def visit(c: CategoryDef) -> None:
        if state.get(c.name) == 2:
            return
        if state.get(c.name) == 1:
            raise ProfileError(
                f"Categories depend on each other in a cycle (through {c.name})",
                f"Các nhóm nội dung phụ thuộc vòng tròn (qua {c.name})",
                category=c.name,
            )
        state[c.name] = 1
        for dep in c.requires:
            if dep in by_name:
                visit(by_name[dep])
        state[c.name] = 2
        out.append(c)

    for c in categories:
        visit(c)
    return out
