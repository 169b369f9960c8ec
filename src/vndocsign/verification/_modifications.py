"""What changed after a signature, as a modification level (step 6).

The object diff (:mod:`._changes`, with DocMDP and FieldMDP locks) classifies every object
rewritten after the signed revision; when nothing disallowed is found there, the signed
revision and the final file are rendered and compared (:mod:`._render_diff`).
"""

from __future__ import annotations

from typing import Any

import attrs

from vndocsign.verification import _changes
from vndocsign.verification._context import DocumentContext, SignatureSite
from vndocsign.verification._render_diff import RenderCache, render_diff
from vndocsign.verification._render_pages import PageGraph
from vndocsign.verification._report import ChangedArea, LaterChange, Message
from vndocsign.verification._states import ModificationLevel

__all__ = ["Modifications", "assess_modifications"]

_Kind = _changes.ChangeKind


@attrs.frozen
class Modifications:
    level: ModificationLevel
    changes: tuple[str, ...] = ()
    attention: bool = False
    #: a disallowed change: the signature is TOTAL_FAILED / FORMAT_FAILURE
    disallowed: bool = False
    message: Message | None = None
    #: the changes one by one, and where they are on the pages (for the report's pictures)
    later: tuple[LaterChange, ...] = ()
    areas: tuple[ChangedArea, ...] = ()


@attrs.frozen
class _Lock:
    """A signature field's FieldMDP ``/Lock``: locked field names, and the PDF 2.0 ``/P``."""

    fields: frozenset[str] | None = None  # None: no named field locked
    lock_all: bool = False
    #: PDF 2.0 permission (1: no change, 2: forms and signing, 3: also annotations)
    permission: int | None = None


def _lock(field: Any) -> _Lock:
    try:
        lock = field["/Lock"] if "/Lock" in field else None  # noqa: SIM401 (deref)
        if lock is None:
            return _Lock()
        permission = int(lock["/P"]) if "/P" in lock else None
        if permission is not None and permission not in (1, 2, 3):
            permission = None
        action = str(lock["/Action"]) if "/Action" in lock else "/All"
        if action == "/Include" and "/Fields" not in lock:
            return _Lock(permission=permission)  # includes nothing
        if action == "/Include":
            names = lock["/Fields"]
            return _Lock(frozenset(str(names[i]) for i in range(len(names))), False, permission)
        # /Exclude locks every field but the listed ones: treated as /All (stricter)
        return _Lock(None, True, permission)
    except Exception:
        return _Lock()


def _analysis(ctx: DocumentContext, site: SignatureSite, revision: int) -> _changes.ChangeAnalysis:
    lock = _lock(site.field)
    levels = [p for p in (site.docmdp, lock.permission) if p is not None]
    try:
        return _changes.analyse_changes(
            ctx.reader,
            revision,
            docmdp=min(levels) if levels else None,
            locked_fields=lock.fields,
            lock_all=lock.lock_all,
            data=ctx.data,
        )
    except Exception as exc:
        return _changes.ChangeAnalysis(
            (_changes.Change(_Kind.UNEXPLAINED, None, f"change analysis failed: {exc}"[:200]),), ()
        )


def _detached(ctx: DocumentContext, changes: list[_changes.Change]) -> list[_changes.Change]:
    """Signature material for a field the form does not list is a detached (hidden) one."""
    out: list[_changes.Change] = []
    for c in changes:
        names = ctx.filled_fields if c.reason == "signature field filled" else ctx.form_fields
        if c.kind is _Kind.SIGNATURE and c.field is not None and c.field not in names:
            out.append(
                attrs.evolve(
                    c,
                    kind=_Kind.CONTENT,
                    reason=c.reason + f" ('{c.field}' is not a field of the form)",
                )
            )
        else:
            out.append(c)
    return out


def _worst(changes: list[_changes.Change]) -> int:
    return max((_changes.SEVERITY[c.kind] for c in changes), default=0)


def _reasons(changes: list[_changes.Change], severity: int) -> str:
    texts = dict.fromkeys(c.reason for c in changes if _changes.SEVERITY[c.kind] == severity)
    return "; ".join(texts)[:300]


#: at most this many later changes are listed per signature (a long DSS history repeats)
_MAX_LATER = 100


def _revision(reader: Any, change: _changes.Change) -> int | None:
    """The revision that last wrote the changed object itself: the analysis names the latest
    revision that touched the path to it (a note added before a signature is found in the
    page's annotation list, which the signature rewrote)."""
    if change.ref is None or change.revision is None:
        return change.revision
    try:
        from pyhanko.pdf_utils import generic

        rev = reader.xrefs.get_last_change(generic.Reference(change.ref, 0))
    except Exception:
        return change.revision
    return rev if isinstance(rev, int) and rev <= change.revision else change.revision


def _later(reader: Any, changes: list[_changes.Change]) -> tuple[LaterChange, ...]:
    seen = dict.fromkeys((c.kind, c.reason, _revision(reader, c)) for c in changes)
    out = sorted(seen, key=lambda t: -1 if t[2] is None else t[2])
    return tuple(LaterChange(k, r, rev) for k, r, rev in out[:_MAX_LATER])


def _areas(
    analysis: _changes.ChangeAnalysis, rendered: list[_changes.Change]
) -> tuple[ChangedArea, ...]:
    """Changed annotations and fields (object diff) and visible content changes (rendering);
    later signatures' widgets are left out (the report draws them as signatures)."""
    out = [
        ChangedArea(page, rect, kind)
        for page, rect, kind in analysis.allowed_areas
        if kind is not _Kind.SIGNATURE
    ]
    out.extend(
        ChangedArea(c.page, c.box, c.kind)
        for c in rendered
        if c.page is not None and c.box is not None
    )
    return tuple(dict.fromkeys(out))[:_MAX_LATER]


def _judged(changes: list[_changes.Change]) -> Modifications:
    worst = _worst(changes)
    texts = tuple(dict.fromkeys(c.reason for c in changes))
    if worst >= 3:
        return Modifications(
            ModificationLevel.DISALLOWED,
            texts,
            True,
            True,
            Message.of(
                "modified_disallowed",
                "the document was changed after this signature in a way "
                "that is not allowed: " + _reasons(changes, 3),
                "văn bản đã bị thay đổi sau khi ký theo cách không được phép",
                "error",
            ),
        )
    if worst == 2:
        return Modifications(
            ModificationLevel.SUSPICIOUS,
            texts,
            True,
            False,
            Message.of(
                "modified_suspicious",
                "unexplained changes after this signature: " + _reasons(changes, 2),
                "có thay đổi không giải thích được sau khi ký",
                "warning",
            ),
        )
    if worst == 1:
        kinds = sorted({str(c.kind) for c in changes if _changes.SEVERITY[c.kind] == 1})
        return Modifications(
            ModificationLevel.ALLOWED,
            texts,
            True,
            False,
            Message.of(
                "modified_visible",
                f"permitted but visible changes after this signature: {', '.join(kinds)}",
                "có thay đổi được phép nhưng hiển thị với người đọc sau khi "
                "ký (điền biểu mẫu / chú thích)",
                "warning",
            ),
        )
    return Modifications(ModificationLevel.ALLOWED, texts)


def assess_modifications(ctx: DocumentContext, site: SignatureSite) -> Modifications:
    """The modification level of ``site``: ``none`` when it covers the final revision."""
    total = ctx.reader.xrefs.total_revisions
    if site.revision is None or (
        site.signed_end >= len(ctx.data) - 2 and site.revision >= total - 1
    ):
        return Modifications(ModificationLevel.NONE)
    analysis = _analysis(ctx, site, site.revision)
    changes = _detached(ctx, list(analysis.changes))
    rendered: list[_changes.Change] = []
    if ctx.policy.render_check:
        cache = ctx.shared.get("renders")
        if not isinstance(cache, RenderCache):
            cache = ctx.shared["renders"] = RenderCache(
                ctx.data, ctx.password, graph=PageGraph(ctx.reader)
            )
        rendered = render_diff(
            cache, site.signed_end, analysis, max_pages=ctx.policy.render_max_pages
        )
        if _worst(changes) < 3:  # already disallowed: the rendering only says where
            changes += rendered
    judged = _judged(changes)
    return attrs.evolve(judged, later=_later(ctx.reader, changes), areas=_areas(analysis, rendered))
