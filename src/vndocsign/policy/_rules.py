"""The parsed data of a policy profile: dated windows, ``when`` conditions, rules and sets.

These are the values the TOML reader (:mod:`vndocsign.policy._toml`) produces and the resolver
(:mod:`vndocsign.policy._profile`) composes; all are frozen.
"""

from __future__ import annotations

import datetime as dt
import enum

import attrs

from vndocsign.model import DocumentType, SignatureRole
from vndocsign.policy._classify import CategoryDef
from vndocsign.policy._locate import Locator
from vndocsign.policy._model import Delivery, Scope

__all__ = ["Condition", "Layer", "Rule", "SetDef", "Window", "WindowKind"]


class WindowKind(enum.StrEnum):
    """Why a rule is in force in a window: the text's own dates, a pilot, or the official run."""

    IN_FORCE = "in-force"
    PILOT = "pilot"
    OFFICIAL = "official"


@attrs.frozen
class Window:
    """Dates (inclusive) during which a rule is in force; ``end=None`` is open-ended."""

    start: dt.date
    end: dt.date | None = None
    kind: WindowKind = attrs.field(default=WindowKind.IN_FORCE, converter=WindowKind)

    def contains(self, day: dt.date) -> bool:
        return self.start <= day and (self.end is None or day <= self.end)

    def overlaps(self, other: Window) -> bool:
        return (self.end is None or other.start <= self.end) and (
            other.end is None or self.start <= other.end
        )

    def label(self) -> str:
        end = self.end.isoformat() if self.end else ""
        return f"{self.start.isoformat()}..{end} ({self.kind.value})"


@attrs.frozen
class Condition:
    """One ``when`` block: every constraint given must hold (``None`` = unconstrained).

    A rule matches when *any* of its blocks matches; ``categories`` needs at least one of the
    listed categories, ``except_*`` none of them; ``types`` needs the document's type to be
    known and listed.
    """

    types: frozenset[DocumentType] | None = None
    except_types: frozenset[DocumentType] = frozenset()
    categories: frozenset[str] | None = None
    except_categories: frozenset[str] = frozenset()
    secrecy: frozenset[str] | None = None
    draft: bool | None = None
    submission: bool | None = None
    scope: frozenset[Scope] | None = None
    in_set: str | None = None
    line: int = 0


@attrs.frozen
class Rule:
    """One dated rule of one legal text."""

    id: str
    source: str
    vi: str
    en: str
    windows: tuple[Window, ...]
    conditions: tuple[Condition, ...]
    precedence: int = 0
    delivery: Delivery | None = None
    signatures: frozenset[SignatureRole] = frozenset()
    signatures_when_delivery: frozenset[Delivery] | None = None
    source_title: str | None = None
    profile: str = ""
    file: str = ""
    line: int = 0

    @property
    def location(self) -> str:
        return f"{self.file}:{self.line}"

    def in_force(self, day: dt.date) -> Window | None:
        for window in self.windows:
            if window.contains(day):
                return window
        return None


@attrs.frozen
class SetDef:
    """A named list of document types and/or categories (``[sets.NAME]``)."""

    name: str
    vi: str
    en: str
    source: str | None
    #: ``None`` = every type (``types = ["*"]``).
    types: frozenset[DocumentType] | None
    categories: frozenset[str]
    line: int = 0
    file: str = ""


@attrs.frozen
class Layer:
    """One profile file as parsed (references to categories and sets not yet resolved)."""

    name: str
    file: str
    title_vi: str
    title_en: str
    extends: tuple[str, ...]
    assume_scope: Scope | None
    disable: tuple[str, ...]
    categories: tuple[tuple[CategoryDef, bool, int], ...]  # (def, replace, line)
    sets: tuple[SetDef, ...]
    rules: tuple[Rule, ...]
    locator: Locator = attrs.field(eq=False, repr=False)
    disable_line: int = 0
