"""The vocabulary of the change analysis: change kinds, their severity, the results."""

from __future__ import annotations

import enum

import attrs
from pyhanko.pdf_utils.reader import PdfFileReader

__all__ = ["SEVERITY", "Change", "ChangeAnalysis", "ChangeContext", "ChangeKind"]


class ChangeKind(enum.StrEnum):
    """Kinds of later change, from harmless to fatal."""

    SIGNATURE = "signature"  # a later signature or document time-stamp, its field and widget
    LTV = "ltv"  # DSS / VRI validation data
    METADATA = "metadata"  # document info, XMP
    STRUCTURE = "structure"  # tagging (StructTreeRoot...), invisible
    FORM_FILL = "form_fill"  # a non-signature field's value changed
    ANNOTATION = "annotation"  # comment added or changed
    ATTACHMENT = "attachment"  # embedded file added
    UNEXPLAINED = "unexplained"  # invisible change we cannot justify
    CONTENT = "content"  # page content, resources, pages, signature data: disallowed


#: Severity of each kind: 0 allowed silently, 1 allowed but shown, 2 suspicious, 3 disallowed.
SEVERITY = {
    ChangeKind.SIGNATURE: 0,
    ChangeKind.LTV: 0,
    ChangeKind.METADATA: 0,
    ChangeKind.STRUCTURE: 0,
    ChangeKind.FORM_FILL: 1,
    ChangeKind.ANNOTATION: 1,
    ChangeKind.ATTACHMENT: 1,
    ChangeKind.UNEXPLAINED: 2,
    ChangeKind.CONTENT: 3,
}


@attrs.frozen
class Change:
    """One classified change: what, where (object number), and a short English reason."""

    kind: ChangeKind
    ref: int | None
    reason: str
    field: str | None = None
    revision: int | None = None
    #: where a reader sees it (rendering comparison only): 0-based page, box in user space
    page: int | None = None
    box: tuple[float, float, float, float] | None = None


@attrs.frozen
class ChangeAnalysis:
    """All changes after one signed revision."""

    changes: tuple[Change, ...]
    #: widget rectangles (page index, rect) where later changes may legitimately draw
    allowed_areas: tuple[tuple[int, tuple[float, float, float, float], ChangeKind], ...]
    #: object numbers written (new, or rewritten with another meaning) or freed after the
    #: signed revision;
    #: ``None``: unknown, every page may have changed
    changed: frozenset[int] | None = None

    @property
    def worst(self) -> int:
        return max((SEVERITY[c.kind] for c in self.changes), default=-1)


@attrs.define
class ChangeContext:
    """Working state of one change analysis (changes and allowed areas accumulate)."""

    reader: PdfFileReader
    signed_rev: int
    page_index: dict[tuple[int, int], int]
    docmdp: int | None
    locked_fields: frozenset[str] | None  # None: nothing locked; empty set: all locked
    lock_all: bool
    #: the file's bytes (signature values are read from their gaps)
    data: bytes = b""
    changes: list[Change] = attrs.field(factory=list)
    changed: set[int] | None = attrs.field(factory=set)
    sig_appearances: set[int] | None = None
    #: signature widgets filled after the signed revision, and DSS arrays (caches)
    sig_widgets: set[int] | None = None
    dss_arrays: set[tuple[int, int]] | None = None
    #: who refers to whom in the signed revision (``-1``: a trailer), and generations
    referrers: dict[int, set[int]] | None = None
    generations: dict[int, int] | None = None
    annot_pages: dict[tuple[int, int], list[int]] | None = None
    areas: list[tuple[int, tuple[float, float, float, float], ChangeKind]] = attrs.field(
        factory=list
    )

    current_rev: int | None = None

    def add(self, kind: ChangeKind, ref: int | None, reason: str, field: str | None = None) -> None:
        self.changes.append(Change(kind, ref, reason, field, self.current_rev))
