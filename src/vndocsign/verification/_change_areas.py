"""Later signatures in the change analysis: their appearances, widget areas, and MDP locks.

A signature added after the signed revision legitimately rewrites its own widget's appearance
and draws inside its rectangle; the certification (DocMDP P=1/2/3) and FieldMDP locks then
decide which of the remaining changes the first signer allowed.
"""

from __future__ import annotations

import contextlib
from collections.abc import Iterable

from pyhanko.pdf_utils import generic

from vndocsign.verification._change_types import Change, ChangeContext, ChangeKind
from vndocsign.verification._pdf_objects import count_refs, deref, raw, rect_of, ref_of

__all__ = [
    "annot_page",
    "apply_mdp",
    "record_signature_widgets",
    "referenced_elsewhere",
    "signature_appearances",
]


def signature_appearances(ctx: ChangeContext, hist: object) -> set[int]:
    """Object numbers of appearance streams of signature widgets signed after the revision."""
    if ctx.sig_appearances is not None:
        return ctx.sig_appearances
    out: set[int] = set()
    try:
        from pyhanko.sign.fields import enumerate_sig_fields

        for _name, value, field in enumerate_sig_fields(ctx.reader, filled_status=True):
            vref = ref_of(value)
            if vref is None or ctx.reader.xrefs.get_historical_ref(
                generic.Reference(*vref), ctx.signed_rev
            ):
                continue
            fref = ref_of(field)
            versions: list[generic.PdfObject | None] = [deref(field)]
            if fref is not None:
                with contextlib.suppress(Exception):
                    versions.append(hist(generic.Reference(*fref)))  # type: ignore[operator]
            for widget in versions:
                if not isinstance(widget, generic.DictionaryObject):
                    continue
                ap = deref(raw(widget, "/AP"))
                if not isinstance(ap, generic.DictionaryObject):
                    continue
                for key in ("/N", "/R", "/D"):
                    entry = raw(ap, key)
                    r = ref_of(entry)
                    if r is not None:
                        out.add(r[0])
                    sub = deref(entry)
                    if isinstance(sub, generic.DictionaryObject) and not isinstance(
                        sub, generic.StreamObject
                    ):
                        for k in sub:
                            rr = ref_of(raw(sub, k))
                            if rr is not None:
                                out.add(rr[0])
    except Exception:  # noqa: S110
        pass
    ctx.sig_appearances = out
    return out


def referenced_elsewhere(ctx: ChangeContext, target: int, limit: int = 20000) -> bool:
    """Whether ``target`` is referenced by more than one object in the signed revision."""
    hist = ctx.reader.get_historical_resolver(ctx.signed_rev)
    count = 0
    seen = 0
    for rev in range(ctx.signed_rev + 1):
        for ref in ctx.reader.xrefs.explicit_refs_in_revision(rev):
            seen += 1
            if seen > limit:
                return True  # too big to be sure: do not justify the rewrite
            try:
                obj = hist(ref)
            except Exception:  # noqa: S112
                continue
            count += count_refs(obj, target, 0)
            if count > 1:
                return True
    return False


def annot_page(
    ctx: ChangeContext, annot: generic.DictionaryObject, idnum: int | None = None
) -> list[int]:
    """Every page whose /Annots lists this widget or annotation (/P is only a fallback)."""
    if ctx.annot_pages is None:
        ctx.annot_pages = {}
        for page_ref, index in ctx.page_index.items():
            try:
                page = ctx.reader.get_object(generic.Reference(*page_ref))  # type: ignore[no-untyped-call]
                annots = deref(raw(page, "/Annots"))
                if isinstance(annots, generic.ArrayObject):
                    for a in annots.iterate():
                        r = ref_of(a)
                        if r is not None:
                            ctx.annot_pages.setdefault(r, []).append(index)
            except Exception:  # noqa: S112
                continue
    for ref, indices in ctx.annot_pages.items():
        if idnum is not None and ref[0] == idnum:
            return indices
        try:
            if ctx.reader.get_object(generic.Reference(*ref)) is annot:  # type: ignore[no-untyped-call]
                return indices
        except Exception:  # noqa: S112
            continue
    p = ref_of(raw(annot, "/P"))
    if p is not None and p in ctx.page_index:
        return [ctx.page_index[p]]
    return []


def record_signature_widgets(ctx: ChangeContext, hist: object) -> None:
    """Record the areas of every signature widget filled after the signed revision."""
    try:
        from pyhanko.sign.fields import enumerate_sig_fields

        for _name, value, field in enumerate_sig_fields(ctx.reader, filled_status=True):
            vref = ref_of(value)
            if vref is None:
                continue
            if ctx.reader.xrefs.get_historical_ref(generic.Reference(*vref), ctx.signed_rev):
                continue
            fobj = deref(field)
            if not isinstance(fobj, generic.DictionaryObject):
                continue
            widgets: Iterable[generic.PdfObject | None] = [fobj]
            kids = fobj.get("/Kids")
            if isinstance(kids, generic.ArrayObject):
                widgets = [deref(k) for k in kids.iterate()]
            for w in widgets:
                if isinstance(w, generic.DictionaryObject):
                    rect = rect_of(w)
                    if rect is not None:
                        fr = ref_of(field)
                        for page in annot_page(ctx, w, fr[0] if fr else None):
                            ctx.areas.append((page, rect, ChangeKind.SIGNATURE))
    except Exception:  # noqa: S110 - best effort: a missing area only makes rendering stricter
        pass


def apply_mdp(ctx: ChangeContext) -> None:
    """Turn changes the certification (DocMDP) or field locks forbid into CONTENT changes."""
    out: list[Change] = []
    for c in ctx.changes:
        kind = c.kind
        reason = c.reason
        if ctx.docmdp is not None:
            if ctx.docmdp == 1 and kind in (
                ChangeKind.SIGNATURE,
                ChangeKind.FORM_FILL,
                ChangeKind.ANNOTATION,
                ChangeKind.ATTACHMENT,
            ):
                kind, reason = ChangeKind.CONTENT, reason + " (DocMDP P=1 forbids any change)"
            elif ctx.docmdp == 2 and kind in (ChangeKind.ANNOTATION, ChangeKind.ATTACHMENT):
                kind, reason = ChangeKind.CONTENT, reason + " (DocMDP P=2 forbids annotations)"
        if (
            kind == ChangeKind.FORM_FILL
            and c.field is not None
            and (ctx.lock_all or (ctx.locked_fields is not None and c.field in ctx.locked_fields))
        ):
            kind, reason = ChangeKind.CONTENT, reason + " (field locked by FieldMDP)"
        out.append(Change(kind, c.ref, reason, c.field, c.revision))
    ctx.changes = out
