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
from vndocsign.verification._pdf_objects import deref, explicit_refs, raw, rect_of, ref_of

__all__ = [
    "annot_page",
    "appearance_shared",
    "apply_mdp",
    "record_signature_widgets",
    "signature_appearances",
]


def signature_appearances(ctx: ChangeContext, hist: object) -> set[int]:
    """Object numbers of appearance streams of signature widgets signed after the revision."""
    if ctx.sig_appearances is not None:
        return ctx.sig_appearances
    out: set[int] = set()
    widgets: set[int] = set()
    try:
        from pyhanko.sign.fields import enumerate_sig_fields

        for _name, value, field in enumerate_sig_fields(ctx.reader, filled_status=True):
            vref = ref_of(value)
            if vref is None or ctx.reader.xrefs.get_historical_ref(
                generic.Reference(*vref), ctx.signed_rev
            ):
                continue
            fref = ref_of(field)
            if fref is not None:
                widgets.add(fref[0])
            fobj = deref(field)
            kids = raw(fobj, "/Kids") if isinstance(fobj, generic.DictionaryObject) else None
            if isinstance(deref(kids), generic.ArrayObject):
                widgets.update(r[0] for r in map(ref_of, deref(kids).iterate()) if r)  # type: ignore[union-attr]
            versions: list[generic.PdfObject | None] = [fobj]
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
    ctx.sig_appearances, ctx.sig_widgets = out, widgets
    return out


def appearance_shared(ctx: ChangeContext, target: int, limit: int = 20000) -> bool:
    """Whether stream ``target`` is reachable, in the signed revision, otherwise than through
    the appearance of a signature widget filled later.

    The references are followed upwards: through appearance dictionaries (an indirect
    ``/AP`` or state dictionary shared by two widgets included) to a widget; reaching any
    other object, or a trailer, means a rewrite of the stream redraws something else too.
    """
    signature_appearances(ctx, ctx.reader.get_historical_resolver(ctx.signed_rev))
    widgets = ctx.sig_widgets or set()
    referrers = _referrers(ctx, limit)
    if referrers is None:
        return True  # too big to be sure: do not justify the rewrite
    hist = ctx.reader.get_historical_resolver(ctx.signed_rev)
    todo, seen = [target], {target}
    while todo:
        for owner in referrers.get(todo.pop(), ()):
            if owner in widgets or owner in seen:
                continue
            if owner < 0:
                return True  # referenced from a trailer
            seen.add(owner)
            try:
                obj = hist(generic.Reference(owner, _generation(ctx, owner)))
            except Exception:
                return True
            if not _appearance_dict(obj):
                return True
            todo.append(owner)
    return False


def _generation(ctx: ChangeContext, idnum: int) -> int:
    return ctx.generations.get(idnum, 0) if ctx.generations else 0


def _appearance_dict(obj: object) -> bool:
    """An ``/AP`` dictionary (``/N``, ``/R``, ``/D``) or a state dictionary of streams."""
    if isinstance(obj, generic.StreamObject) or not isinstance(obj, generic.DictionaryObject):
        return False
    keys = set(obj)
    if keys and keys <= {"/N", "/R", "/D"}:
        return True
    return bool(keys) and all(isinstance(deref(raw(obj, k)), generic.StreamObject) for k in keys)


def _referrers(ctx: ChangeContext, limit: int) -> dict[int, set[int]] | None:
    """Object number -> numbers of the objects (``-1``: a trailer) referring to it."""
    if ctx.referrers is not None:
        return ctx.referrers
    hist = ctx.reader.get_historical_resolver(ctx.signed_rev)
    out: dict[int, set[int]] = {}
    generations: dict[int, int] = {}
    seen = 0
    for rev in range(ctx.signed_rev + 1):
        with contextlib.suppress(Exception):
            for target in _refs_in(ctx.reader.trailer.flatten(rev)):
                out.setdefault(target, set()).add(-1)
        for ref in explicit_refs(ctx.reader, rev):
            seen += 1
            if seen > limit:
                return None
            generations[ref.idnum] = ref.generation
            try:
                obj = hist(ref)
            except Exception:  # noqa: S112
                continue
            for target in _refs_in(obj):
                out.setdefault(target, set()).add(ref.idnum)
    ctx.referrers, ctx.generations = out, generations
    return out


def _refs_in(obj: generic.PdfObject, depth: int = 0) -> set[int]:
    if depth > 20:
        return set()
    if isinstance(obj, generic.IndirectObject):
        return {obj.idnum}
    out: set[int] = set()
    if isinstance(obj, generic.DictionaryObject):
        for k in obj:
            value = raw(obj, k)
            if value is not None:
                out |= _refs_in(value, depth + 1)
    elif isinstance(obj, generic.ArrayObject):
        for x in obj.iterate():
            out |= _refs_in(x, depth + 1)
    return out


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
