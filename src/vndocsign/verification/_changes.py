"""What changed after a signature: an object-level diff plus a rendering diff.

Why our own analysis next to pyHanko's: pyHanko's diff policy is reject-by-default and has no
notion of *visible* change. It passes the DSS "shadow replace" attack as form filling and
rejects harmless updates (freed objects, structure-tree edits, annotations). Here every object
that existed in the signed revision and was rewritten later is classified (signature, LTV data,
metadata, form filling, annotation, structure, content...), DocMDP/FieldMDP permissions are
applied, and — because attacks are about what a reader *sees* — the signed revision and the
final file are rendered and compared pixel by pixel outside the places where later signatures,
form values and annotations legitimately draw.
"""

from __future__ import annotations

from pyhanko.pdf_utils import generic
from pyhanko.pdf_utils.reader import PdfFileReader

from vndocsign.verification._change_areas import (
    annot_page,
    appearance_shared,
    apply_mdp,
    record_signature_widgets,
    signature_appearances,
)
from vndocsign.verification._change_types import (
    SEVERITY,
    Change,
    ChangeAnalysis,
    ChangeContext,
    ChangeKind,
)
from vndocsign.verification._change_values import (
    dss_arrays,
    is_vri,
    new_signature_value_problem,
)
from vndocsign.verification._pdf_objects import (
    ANNOT_SUBTYPES,
    changed_keys,
    deref,
    explicit_refs,
    field_name,
    field_type,
    is_sig_dict,
    is_signature_value,
    page_index,
    raw,
    rect_of,
    ref_of,
    same,
)

__all__ = ["SEVERITY", "Change", "ChangeAnalysis", "ChangeKind", "analyse_changes"]


def analyse_changes(
    reader: PdfFileReader,
    signed_rev: int,
    *,
    docmdp: int | None,
    locked_fields: frozenset[str] | None,
    lock_all: bool = False,
    data: bytes = b"",
) -> ChangeAnalysis:
    """Classify every object changed after revision ``signed_rev`` (0-based)."""
    ctx = ChangeContext(
        reader, signed_rev, page_index(reader), docmdp, locked_fields, lock_all, data
    )
    total = reader.xrefs.total_revisions
    if signed_rev >= total - 1:
        return ChangeAnalysis((), ())
    hist = reader.get_historical_resolver(signed_rev)
    seen: set[tuple[int, int]] = set()
    for rev in range(total - 1, signed_rev, -1):  # latest first: attribute to last change
        ctx.current_rev = rev
        for ref in explicit_refs(reader, rev):
            key = (ref.idnum, ref.generation)
            if key in seen:
                continue
            seen.add(key)
            if reader.xrefs.get_historical_ref(ref, signed_rev) is None:
                if ctx.changed is not None:  # drawn only where a changed object refers to it
                    ctx.changed.add(ref.idnum)
                continue  # a new object: judged through whatever refers to it
            try:
                old = hist(ref)
                new = reader.get_object(ref)  # type: ignore[no-untyped-call]
            except Exception as exc:
                ctx.add(
                    ChangeKind.CONTENT,
                    ref.idnum,
                    f"object {ref.idnum} rewritten after signing is unreadable: {exc}"[:200],
                )
                ctx.changed = None
                continue
            if same(old, new):
                continue
            if ctx.changed is not None:
                ctx.changed.add(ref.idnum)
            _classify(ctx, ref.idnum, old, new, hist)
        if ctx.changed is not None:
            for ref in reader.xrefs.refs_freed_in_revision(rev):
                ctx.changed.add(ref.idnum)
    ctx.current_rev = None
    _trailer_changes(ctx, hist)
    record_signature_widgets(ctx, hist)
    apply_mdp(ctx)
    changed = frozenset(ctx.changed) if ctx.changed is not None else None
    return ChangeAnalysis(tuple(ctx.changes), tuple(ctx.areas), changed)


def _trailer_changes(ctx: ChangeContext, hist: object) -> None:
    try:
        old_root = _trailer_ref(ctx.reader, "/Root", ctx.signed_rev)
        new_root = _trailer_ref(ctx.reader, "/Root", ctx.reader.xrefs.total_revisions - 1)
        if old_root != new_root:
            ctx.changed = None  # a new catalog: any page may render differently
            old_cat = hist.root  # type: ignore[attr-defined]
            _catalog(ctx, new_root[0] if new_root else None, old_cat, ctx.reader.root, hist)
    except Exception as exc:
        ctx.add(ChangeKind.UNEXPLAINED, None, f"trailer unreadable: {exc}"[:200])


def _trailer_ref(reader: PdfFileReader, key: str, revision: int) -> tuple[int, int] | None:
    """The reference under ``key`` in the trailer as of ``revision`` (linearized files: the
    first-page trailer may lack it, so later revisions are tried)."""
    for rev in range(revision, reader.xrefs.total_revisions):
        try:
            value = reader.trailer.raw_get(key, revision=rev)
        except Exception:  # noqa: S112
            continue
        ref = ref_of(value)
        if ref is not None:
            return ref
    return None


def _classify_stream(
    ctx: ChangeContext, idnum: int, old: generic.StreamObject, hist: object
) -> None:
    """A rewritten stream: metadata, a later signature's appearance, or content."""
    t = str(old.get("/Type", ""))
    if t in ("/XRef", "/ObjStm"):
        return
    if t == "/Metadata":
        ctx.add(ChangeKind.METADATA, idnum, "XMP metadata updated")
        return
    if idnum in signature_appearances(ctx, hist):
        if appearance_shared(ctx, idnum):
            ctx.add(
                ChangeKind.CONTENT,
                idnum,
                "a signature appearance that is also used elsewhere was redrawn",
            )
        else:
            ctx.add(ChangeKind.SIGNATURE, idnum, "appearance of a signature field redrawn")
        return
    ctx.add(ChangeKind.CONTENT, idnum, f"stream object {idnum} rewritten after signing")


def _classify(
    ctx: ChangeContext, idnum: int, old: generic.PdfObject, new: generic.PdfObject, hist: object
) -> None:
    """Classify one object rewritten after the signed revision (``old``: as signed)."""
    if isinstance(old, generic.StreamObject):
        _classify_stream(ctx, idnum, old, hist)
        return
    if not isinstance(old, generic.DictionaryObject):
        if isinstance(old, generic.ArrayObject) and isinstance(new, generic.ArrayObject):
            _array(ctx, idnum, old, new)
            return
        ctx.add(ChangeKind.UNEXPLAINED, idnum, f"object {idnum} replaced")
        return
    if not isinstance(new, generic.DictionaryObject):
        ctx.add(ChangeKind.CONTENT, idnum, f"dictionary {idnum} replaced by another type")
        return
    otype = str(old.get("/Type", ""))
    old_root_ref = _trailer_ref(ctx.reader, "/Root", ctx.signed_rev)
    if (old_root_ref is not None and old_root_ref[0] == idnum) or otype == "/Catalog":
        _catalog(ctx, idnum, old, new, hist)
        return
    old_info = _trailer_ref(ctx.reader, "/Info", ctx.signed_rev)
    if old_info is not None and old_info[0] == idnum:
        ctx.add(ChangeKind.METADATA, idnum, "document information dictionary updated")
        return
    if is_sig_dict(old):
        ctx.add(ChangeKind.CONTENT, idnum, "a signature dictionary was changed after signing")
        return
    keys = changed_keys(old, new)
    if otype == "/Page" or ("/Contents" in old and "/MediaBox" in old and "/Kids" not in old):
        _page(ctx, idnum, old, new, keys)
        return
    if otype == "/Pages" or ("/Kids" in old and "/Count" in old):
        bad = keys - {"/ITXT"}
        if bad:
            ctx.add(ChangeKind.CONTENT, idnum, f"page tree changed ({', '.join(sorted(bad))})")
        return
    is_widget = str(old.get("/Subtype", "")) == "/Widget"
    is_field = "/FT" in old or "/T" in old or ("/Parent" in old and is_widget)
    if is_field or is_widget:
        _field(ctx, idnum, old, new, keys)
        return
    if str(old.get("/Subtype", "")) in ANNOT_SUBTYPES or otype == "/Annot":
        if keys <= {"/Popup", "/M", "/F"} and not (keys & {"/F"}):
            ctx.add(ChangeKind.ANNOTATION, idnum, "annotation metadata changed")
        else:
            ctx.add(ChangeKind.ANNOTATION, idnum, f"annotation changed ({', '.join(sorted(keys))})")
        rect = rect_of(new)
        if rect is not None:
            for page in annot_page(ctx, new, idnum):
                ctx.areas.append((page, rect, ChangeKind.ANNOTATION))
        return
    _classify_other(ctx, idnum, old, new, keys, otype)


def _classify_other(
    ctx: ChangeContext,
    idnum: int,
    old: generic.DictionaryObject,
    new: generic.DictionaryObject,
    keys: set[str],
    otype: str,
) -> None:
    """A rewritten dictionary that is not a catalog, page, field or annotation."""
    if "/Fields" in old and isinstance(deref(raw(old, "/Fields")), generic.ArrayObject):
        _acroform(ctx, idnum, old, new, keys)
        return
    if (
        otype in ("/DSS", "/VRI")
        or is_vri(old, new, keys)
        or (
            keys <= {"/VRI", "/Certs", "/OCSPs", "/CRLs"}
            and ("/VRI" in old or "/Certs" in old or "/OCSPs" in old or "/CRLs" in old)
        )
    ):
        ctx.add(ChangeKind.LTV, idnum, "validation data (DSS) updated")
        return
    if otype in ("/StructTreeRoot", "/StructElem", "/MarkInfo") or (
        keys <= {"/Nums", "/Kids", "/Limits", "/K", "/ParentTreeNextKey", "/ParentTree", "/IDTree"}
        and ("/Nums" in old or "/K" in old or "/ParentTree" in old or "/S" in old)
    ):
        ctx.add(ChangeKind.STRUCTURE, idnum, "logical structure (tagging) updated")
        return
    if otype == "/SigFieldLock" or ("/Action" in old and ("/Fields" in old or "/P" in old)):
        ctx.add(ChangeKind.CONTENT, idnum, "a signature field lock was changed after signing")
        return
    if otype in ("/Font", "/FontDescriptor"):
        # fonts of the form defaults (/AcroForm /DR) are legitimately touched by signers;
        # a font that page content uses shows up in the rendering comparison
        ctx.add(ChangeKind.UNEXPLAINED, idnum, f"{otype[1:]} {idnum} changed after signing")
        return
    if otype in ("/XObject", "/ExtGState", "/Pattern", "/Shading"):
        ctx.add(ChangeKind.CONTENT, idnum, f"{otype[1:]} {idnum} changed after signing")
        return
    if keys & {
        "/Font",
        "/XObject",
        "/ExtGState",
        "/ColorSpace",
        "/Pattern",
        "/Shading",
        "/Properties",
    }:
        ctx.add(ChangeKind.CONTENT, idnum, f"resources {idnum} changed after signing")
        return
    if "/EF" in old or otype == "/Filespec":
        ctx.add(ChangeKind.ATTACHMENT, idnum, "embedded file specification changed")
        return
    ctx.add(
        ChangeKind.UNEXPLAINED,
        idnum,
        f"object {idnum} changed without explanation ({', '.join(sorted(keys))[:120]})",
    )


def _array(
    ctx: ChangeContext, idnum: int, old: generic.ArrayObject, new: generic.ArrayObject
) -> None:
    """An indirect array: usually /Annots of a page or /Fields of the form."""
    old_refs = [ref_of(x) for x in old.iterate()]
    new_refs = [ref_of(x) for x in new.iterate()]
    # find who owns this array in the final revision: a page's /Annots or the /Fields
    owner_page = None
    for page_ref, index in ctx.page_index.items():
        try:
            page = ctx.reader.get_object(generic.Reference(*page_ref))  # type: ignore[no-untyped-call]
            if ref_of(raw(page, "/Annots")) == (idnum, 0):
                owner_page = index
                break
        except Exception:  # noqa: S112
            continue
    if (idnum, 0) in dss_arrays(ctx):
        ctx.add(ChangeKind.LTV, idnum, "validation data (DSS) updated")
        return
    if all(r is not None for r in old_refs + new_refs):
        removed = [r for r in old_refs if r not in new_refs]
        added = [r for r in new_refs if r not in old_refs]
        if removed:
            ctx.add(ChangeKind.CONTENT, idnum, f"{len(removed)} entries removed from array {idnum}")
        for r in added:
            assert r is not None
            _new_annot_or_field(ctx, r, owner_page)
        return
    ctx.add(ChangeKind.UNEXPLAINED, idnum, f"array {idnum} changed")


def _new_annot_or_field(ctx: ChangeContext, ref: tuple[int, int], page: int | None) -> None:
    try:
        obj = ctx.reader.get_object(generic.Reference(*ref))  # type: ignore[no-untyped-call]
    except Exception:
        ctx.add(ChangeKind.UNEXPLAINED, ref[0], "unreadable new annotation")
        return
    if not isinstance(obj, generic.DictionaryObject):
        ctx.add(ChangeKind.UNEXPLAINED, ref[0], "non-dictionary added to an annotation list")
        return
    subtype = str(obj.get("/Subtype", ""))
    ft = field_type(obj)
    rect = rect_of(obj)
    pages = [page] if page is not None else annot_page(ctx, obj, ref[0])
    if ft == "/Sig":
        problem = new_signature_value_problem(ctx, raw(obj, "/V"))
        if problem is not None:
            ctx.add(ChangeKind.CONTENT, ref[0], f"a signature field was added {problem}")
            return
        if rect is not None:
            ctx.areas.extend((p, rect, ChangeKind.SIGNATURE) for p in pages)
        ctx.add(ChangeKind.SIGNATURE, ref[0], "signature field added", field_name(obj))
        return
    if subtype == "/Widget" or ft is not None:
        if rect is not None:
            ctx.areas.extend((p, rect, ChangeKind.FORM_FILL) for p in pages)
        ctx.add(ChangeKind.FORM_FILL, ref[0], "form field added after signing", field_name(obj))
        return
    if rect is not None:
        ctx.areas.extend((p, rect, ChangeKind.ANNOTATION) for p in pages)
    if subtype == "/FileAttachment":
        ctx.add(ChangeKind.ATTACHMENT, ref[0], "file attachment annotation added")
    else:
        ctx.add(ChangeKind.ANNOTATION, ref[0], f"annotation {subtype or '?'} added")


def _page(
    ctx: ChangeContext,
    idnum: int,
    old: generic.DictionaryObject,
    new: generic.DictionaryObject,
    keys: set[str],
) -> None:
    page = ctx.page_index.get((idnum, 0))
    other = keys - {"/Annots", "/PieceInfo", "/LastModified", "/StructParents", "/Tabs"}
    if "/Tabs" in keys and ctx.docmdp is not None and ctx.docmdp <= 2:
        ctx.add(ChangeKind.CONTENT, idnum, f"page tab order changed (P={ctx.docmdp} forbids it)")
    if other:
        ctx.add(ChangeKind.CONTENT, idnum, f"page changed ({', '.join(sorted(other))})")
    if "/Annots" in keys:
        old_a = deref(raw(old, "/Annots"))
        new_a = deref(raw(new, "/Annots"))
        old_refs = (
            [ref_of(x) for x in old_a.iterate()] if isinstance(old_a, generic.ArrayObject) else []
        )
        new_refs = (
            [ref_of(x) for x in new_a.iterate()] if isinstance(new_a, generic.ArrayObject) else []
        )
        removed = [r for r in old_refs if r not in new_refs]
        if removed:
            ctx.add(ChangeKind.CONTENT, idnum, f"{len(removed)} annotation(s) removed from a page")
        for r in new_refs:
            if r is None:
                ctx.add(ChangeKind.ANNOTATION, idnum, "direct annotation added")
            elif r not in old_refs:
                _new_annot_or_field(ctx, r, page)
    if keys & {"/PieceInfo", "/LastModified"} and not other:
        ctx.add(ChangeKind.METADATA, idnum, "page private data (PieceInfo) updated")


def _field(
    ctx: ChangeContext,
    idnum: int,
    old: generic.DictionaryObject,
    new: generic.DictionaryObject,
    keys: set[str],
) -> None:
    ft = field_type(new) or field_type(old)
    name = field_name(new)
    rect = rect_of(new)
    pages = annot_page(ctx, new, idnum)
    if ft == "/Sig":
        _signature_field(ctx, idnum, old, new, keys, name, pages)
        return
    other = keys - {"/V", "/AP", "/AS", "/MK", "/DV", "/DA", "/I", "/Kids", "/M"}
    if "/Kids" in keys:
        o = deref(raw(old, "/Kids"))
        n = deref(raw(new, "/Kids"))
        if isinstance(o, generic.ArrayObject) and isinstance(n, generic.ArrayObject):
            orefs = [ref_of(x) for x in o.iterate()]
            for r in [ref_of(x) for x in n.iterate()]:
                if r is not None and r not in orefs:
                    _new_annot_or_field(ctx, r, None)
            if any(r not in [ref_of(x) for x in n.iterate()] for r in orefs):
                ctx.add(ChangeKind.CONTENT, idnum, "form field kids removed", name)
    if other & {"/Rect", "/P", "/F", "/FT", "/Ff", "/Parent"}:
        ctx.add(
            ChangeKind.CONTENT,
            idnum,
            f"form field moved or redefined ({', '.join(sorted(other))})",
            name,
        )
        return
    if other:
        ctx.add(
            ChangeKind.UNEXPLAINED, idnum, f"form field changed ({', '.join(sorted(other))})", name
        )
    if keys - {"/Kids"}:
        ctx.add(ChangeKind.FORM_FILL, idnum, "form field filled or changed", name)
    if rect is not None:
        ctx.areas.extend((p, rect, ChangeKind.FORM_FILL) for p in pages)


def _signature_field(
    ctx: ChangeContext,
    idnum: int,
    old: generic.DictionaryObject,
    new: generic.DictionaryObject,
    keys: set[str],
    name: str,
    pages: list[int],
) -> None:
    """A signature field rewritten after the signed revision."""
    old_v = deref(raw(old, "/V"))
    signed_before = old_v is not None and not isinstance(old_v, generic.NullObject)
    if "/V" in keys:
        if signed_before:
            ctx.add(ChangeKind.CONTENT, idnum, "a signature field's value was replaced", name)
            return
        problem = new_signature_value_problem(ctx, raw(new, "/V"))
        if problem is not None:
            ctx.add(ChangeKind.CONTENT, idnum, f"a signature field was given {problem}", name)
            return
    elif signed_before and keys & {"/AP", "/AS", "/MK", "/Lock", "/SV", "/F"}:
        # what the reader sees of a signature made before, or its lock, is not the signer's
        ctx.add(
            ChangeKind.CONTENT,
            idnum,
            "the appearance or lock of a signature signed before was changed "
            f"({', '.join(sorted(keys))})",
            name,
        )
        return
    other = keys - {"/V", "/AP", "/MK", "/F", "/DA", "/AS", "/Lock", "/SV"}
    if other:
        ctx.add(
            ChangeKind.UNEXPLAINED,
            idnum,
            f"signature field changed ({', '.join(sorted(other))})",
            name,
        )
    elif "/V" in keys or is_signature_value(deref(raw(new, "/V"))):
        ctx.add(ChangeKind.SIGNATURE, idnum, "signature field filled", name)
    elif keys & {"/AP", "/AS", "/MK", "/F"}:
        # an unsigned field drawing something new: what the reader sees is not a signature
        ctx.add(
            ChangeKind.CONTENT,
            idnum,
            "the appearance of an empty signature field was changed",
            name,
        )
        return
    else:
        ctx.add(ChangeKind.UNEXPLAINED, idnum, "an empty signature field was changed", name)
    rect = rect_of(new)
    if rect is not None:
        ctx.areas.extend((p, rect, ChangeKind.SIGNATURE) for p in pages)


def _acroform(
    ctx: ChangeContext,
    idnum: int | None,
    old: generic.DictionaryObject,
    new: generic.DictionaryObject,
    keys: set[str],
) -> None:
    if "/XFA" in keys:
        ctx.add(ChangeKind.CONTENT, idnum, "XFA form data changed after signing")
    if "/NeedAppearances" in keys:
        ctx.add(ChangeKind.UNEXPLAINED, idnum, "form appearance regeneration switched on")
    if "/Fields" in keys:
        o = deref(raw(old, "/Fields"))
        n = deref(raw(new, "/Fields"))
        if isinstance(o, generic.ArrayObject) and isinstance(n, generic.ArrayObject):
            orefs = [ref_of(x) for x in o.iterate()]
            nrefs = [ref_of(x) for x in n.iterate()]
            if any(r not in nrefs for r in orefs):
                ctx.add(ChangeKind.CONTENT, idnum, "form fields removed after signing")
            for r in nrefs:
                if r is not None and r not in orefs:
                    try:
                        f = ctx.reader.get_object(generic.Reference(*r))  # type: ignore[no-untyped-call]
                    except Exception:
                        f = None
                    problem = (
                        new_signature_value_problem(ctx, raw(f, "/V"))
                        if isinstance(f, generic.DictionaryObject) and field_type(f) == "/Sig"
                        else None
                    )
                    if problem is not None:
                        ctx.add(ChangeKind.CONTENT, r[0], f"a signature field was added {problem}")
                    elif isinstance(f, generic.DictionaryObject) and field_type(f) == "/Sig":
                        ctx.add(ChangeKind.SIGNATURE, r[0], "signature field added", field_name(f))
                    else:
                        ctx.add(ChangeKind.FORM_FILL, r[0], "form field added after signing")
    rest = keys - {"/Fields", "/SigFlags", "/DA", "/DR", "/XFA", "/NeedAppearances", "/Q"}
    if rest:
        ctx.add(ChangeKind.UNEXPLAINED, idnum, f"form dictionary changed ({', '.join(rest)})")
    elif keys & {"/SigFlags", "/DA", "/DR"}:
        ctx.add(ChangeKind.SIGNATURE, idnum, "form defaults updated for a signature")


def _catalog(
    ctx: ChangeContext,
    idnum: int | None,
    old: generic.DictionaryObject,
    new: generic.DictionaryObject,
    hist: object,
) -> None:
    for key in sorted(changed_keys(old, new)):
        o, n = raw(old, key), raw(new, key)
        if key == "/AcroForm":
            od, nd = deref(o), deref(n)
            if ref_of(o) is not None and ref_of(o) == ref_of(n):
                continue  # same object: judged on its own
            if isinstance(nd, generic.DictionaryObject):
                if not isinstance(od, generic.DictionaryObject):
                    # a form added after signing: only signature fields are fine
                    od = generic.DictionaryObject(
                        {
                            generic.NameObject("/Fields"):  # type: ignore[no-untyped-call]
                            generic.ArrayObject()
                        }
                    )
                _acroform(ctx, idnum, od, nd, changed_keys(od, nd))
            else:
                ctx.add(ChangeKind.CONTENT, idnum, "form removed after signing")
        elif key == "/DSS":
            ctx.add(ChangeKind.LTV, idnum, "validation data (DSS) added")
        elif key in ("/Metadata", "/LastModified", "/PieceInfo"):
            ctx.add(ChangeKind.METADATA, idnum, f"catalog {key} updated")
        elif key in ("/Extensions", "/Version"):
            # a later signer declaring the PDF version or developer extensions it used
            ctx.add(ChangeKind.STRUCTURE, idnum, f"catalog {key} updated")
        elif key in (
            "/StructTreeRoot",
            "/MarkInfo",
            "/Lang",
            "/ViewerPreferences",
            "/PageLayout",
            "/PageMode",
        ):
            ctx.add(ChangeKind.STRUCTURE, idnum, f"catalog {key} updated")
        elif key == "/Names":
            _names(ctx, idnum, deref(o), deref(n))
        elif key in (
            "/Perms",
            "/Pages",
            "/OpenAction",
            "/AA",
            "/OCProperties",
            "/Collection",
            "/URI",
            "/Threads",
            "/Legal",
            "/Requirements",
        ):
            ctx.add(ChangeKind.CONTENT, idnum, f"catalog {key} changed after signing")
        else:
            ctx.add(ChangeKind.UNEXPLAINED, idnum, f"catalog {key} changed after signing")


def _names(
    ctx: ChangeContext,
    idnum: int | None,
    old: generic.PdfObject | None,
    new: generic.PdfObject | None,
) -> None:
    od = old if isinstance(old, generic.DictionaryObject) else generic.DictionaryObject()  # type: ignore[no-untyped-call]
    nd = new if isinstance(new, generic.DictionaryObject) else generic.DictionaryObject()  # type: ignore[no-untyped-call]
    for key in changed_keys(od, nd):
        if key == "/EmbeddedFiles":
            ctx.add(ChangeKind.ATTACHMENT, idnum, "embedded files changed after signing")
        elif key == "/AP":
            ctx.add(ChangeKind.ANNOTATION, idnum, "annotation appearances changed after signing")
        elif key in ("/JavaScript", "/Pages", "/Templates"):
            ctx.add(ChangeKind.CONTENT, idnum, f"name tree {key} changed after signing")
        else:
            ctx.add(ChangeKind.UNEXPLAINED, idnum, f"name tree {key} changed after signing")
