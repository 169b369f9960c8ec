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

import contextlib
import enum
from collections.abc import Iterable, Iterator

import attrs
from pyhanko.pdf_utils import generic
from pyhanko.pdf_utils.reader import PdfFileReader

__all__ = ["SEVERITY", "Change", "ChangeAnalysis", "ChangeKind", "analyse_changes"]


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


@attrs.frozen
class ChangeAnalysis:
    """All changes after one signed revision."""

    changes: tuple[Change, ...]
    #: widget rectangles (page index, rect) where later changes may legitimately draw
    allowed_areas: tuple[tuple[int, tuple[float, float, float, float], ChangeKind], ...]

    @property
    def worst(self) -> int:
        return max((SEVERITY[c.kind] for c in self.changes), default=-1)


def _raw(d: generic.DictionaryObject, key: str) -> generic.PdfObject | None:
    try:
        return d.raw_get(key)  # type: ignore[no-any-return]
    except KeyError:
        return None


def _deref(obj: generic.PdfObject | None) -> generic.PdfObject | None:
    if isinstance(obj, generic.IndirectObject):
        try:
            return obj.get_object()  # type: ignore[no-any-return,no-untyped-call]
        except Exception:
            return None
    return obj


def _ref_of(obj: generic.PdfObject | None) -> tuple[int, int] | None:
    if isinstance(obj, generic.IndirectObject):
        return (obj.idnum, obj.generation)
    return None


def same(a: generic.PdfObject | None, b: generic.PdfObject | None, depth: int = 0) -> bool:
    """Structural equality; indirect references compare by number (not followed)."""
    if depth > 40:
        return False
    if isinstance(a, generic.IndirectObject) or isinstance(b, generic.IndirectObject):
        return _ref_of(a) == _ref_of(b)
    if isinstance(a, generic.StreamObject) or isinstance(b, generic.StreamObject):
        if not (isinstance(a, generic.StreamObject) and isinstance(b, generic.StreamObject)):
            return False
        try:
            if a.encoded_data != b.encoded_data:
                return False
        except Exception:
            return False
        return _same_dict(a, b, depth, skip=("/Length",))
    if isinstance(a, generic.DictionaryObject) and isinstance(b, generic.DictionaryObject):
        return _same_dict(a, b, depth)
    if isinstance(a, generic.ArrayObject) and isinstance(b, generic.ArrayObject):
        return len(a) == len(b) and all(
            same(x, y, depth + 1) for x, y in zip(a.iterate(), b.iterate(), strict=True)
        )
    if type(a) is not type(b):
        # numbers: 1 == 1.0 is fine
        if isinstance(a, int | float) and isinstance(b, int | float):
            return float(a) == float(b)
        return False
    try:
        return bool(a == b)
    except Exception:
        return False


def _same_dict(
    a: generic.DictionaryObject, b: generic.DictionaryObject, depth: int, skip: tuple[str, ...] = ()
) -> bool:
    ka = {k for k in a if k not in skip}
    kb = {k for k in b if k not in skip}
    if ka != kb:
        return False
    return all(same(_raw(a, k), _raw(b, k), depth + 1) for k in ka)


def changed_keys(old: generic.DictionaryObject, new: generic.DictionaryObject) -> set[str]:
    keys = set(old) | set(new)
    return {k for k in keys if not same(_raw(old, k), _raw(new, k))}


_SIG_TYPES = {"/Sig", "/DocTimeStamp"}
_ANNOT_SUBTYPES = {
    "/Text", "/Link", "/FreeText", "/Line", "/Square", "/Circle", "/Polygon", "/PolyLine",
    "/Highlight", "/Underline", "/Squiggly", "/StrikeOut", "/Stamp", "/Caret", "/Ink", "/Popup",
    "/FileAttachment", "/Sound", "/Movie", "/Screen", "/PrinterMark", "/TrapNet", "/Watermark",
    "/3D", "/Redact", "/Projection", "/RichMedia",
}


def _field_type(field: generic.DictionaryObject) -> str | None:
    node: generic.PdfObject | None = field
    for _ in range(32):
        if not isinstance(node, generic.DictionaryObject):
            return None
        ft = node.get("/FT")
        if ft is not None:
            return str(ft)
        node = _deref(_raw(node, "/Parent"))
    return None


def _field_name(field: generic.DictionaryObject) -> str:
    parts: list[str] = []
    node: generic.PdfObject | None = field
    for _ in range(32):
        if not isinstance(node, generic.DictionaryObject):
            break
        t = node.get("/T")
        if t is not None:
            parts.append(str(t))
        node = _deref(_raw(node, "/Parent"))
    return ".".join(reversed(parts))


def _is_sig_dict(obj: generic.DictionaryObject) -> bool:
    t = obj.get("/Type")
    return (t is not None and str(t) in _SIG_TYPES) or (
        "/ByteRange" in obj and "/Contents" in obj and "/Filter" in obj
    )


def _is_signature_value(obj: generic.PdfObject | None) -> bool:
    return (
        isinstance(obj, generic.DictionaryObject) and "/ByteRange" in obj and "/Contents" in obj
    )


def _signature_appearances(ctx: _Context, hist: object) -> set[int]:
    """Object numbers of appearance streams of signature widgets signed after the revision."""
    if ctx.sig_appearances is not None:
        return ctx.sig_appearances
    out: set[int] = set()
    try:
        from pyhanko.sign.fields import enumerate_sig_fields

        for _name, value, field in enumerate_sig_fields(ctx.reader, filled_status=True):
            vref = _ref_of(value)
            if vref is None or ctx.reader.xrefs.get_historical_ref(
                generic.Reference(*vref), ctx.signed_rev
            ):
                continue
            fref = _ref_of(field)
            versions: list[generic.PdfObject | None] = [_deref(field)]
            if fref is not None:
                with contextlib.suppress(Exception):
                    versions.append(hist(generic.Reference(*fref)))  # type: ignore[operator]
            for widget in versions:
                if not isinstance(widget, generic.DictionaryObject):
                    continue
                ap = _deref(_raw(widget, "/AP"))
                if not isinstance(ap, generic.DictionaryObject):
                    continue
                for key in ("/N", "/R", "/D"):
                    entry = _raw(ap, key)
                    r = _ref_of(entry)
                    if r is not None:
                        out.add(r[0])
                    sub = _deref(entry)
                    if isinstance(sub, generic.DictionaryObject) and not isinstance(
                        sub, generic.StreamObject
                    ):
                        for k in sub:
                            rr = _ref_of(_raw(sub, k))
                            if rr is not None:
                                out.add(rr[0])
    except Exception:  # noqa: S110
        pass
    ctx.sig_appearances = out
    return out


def _referenced_elsewhere(ctx: _Context, target: int, limit: int = 20000) -> bool:
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
            count += _count_refs(obj, target, 0)
            if count > 1:
                return True
    return False


def _count_refs(obj: generic.PdfObject, target: int, depth: int) -> int:
    if depth > 20:
        return 0
    if isinstance(obj, generic.IndirectObject):
        return 1 if obj.idnum == target else 0
    if isinstance(obj, generic.DictionaryObject):
        return sum(_count_refs(_raw(obj, k) or generic.NullObject(), target, depth + 1)
                   for k in obj)
    if isinstance(obj, generic.ArrayObject):
        return sum(_count_refs(x, target, depth + 1) for x in obj.iterate())
    return 0


def _rect(obj: generic.DictionaryObject) -> tuple[float, float, float, float] | None:
    try:
        r = [float(x) for x in obj["/Rect"]]
        return (min(r[0], r[2]), min(r[1], r[3]), max(r[0], r[2]), max(r[1], r[3]))
    except Exception:
        return None


@attrs.define
class _Context:
    reader: PdfFileReader
    signed_rev: int
    page_index: dict[tuple[int, int], int]
    docmdp: int | None
    locked_fields: frozenset[str] | None  # None: nothing locked; empty set: all locked
    lock_all: bool
    changes: list[Change] = attrs.field(factory=list)
    sig_appearances: set[int] | None = None
    annot_pages: dict[tuple[int, int], list[int]] | None = None
    areas: list[tuple[int, tuple[float, float, float, float], ChangeKind]] = attrs.field(
        factory=list
    )

    current_rev: int | None = None

    def add(self, kind: ChangeKind, ref: int | None, reason: str, field: str | None = None) -> None:
        self.changes.append(Change(kind, ref, reason, field, self.current_rev))


def _pages(reader: PdfFileReader) -> dict[tuple[int, int], int]:
    out: dict[tuple[int, int], int] = {}
    try:
        pages_root = reader.root.raw_get("/Pages")
        stack: list[tuple[generic.PdfObject, int]] = [(pages_root, 0)]
        index = 0
        seen: set[tuple[int, int]] = set()
        while stack and len(seen) < 100000:
            node_ref, depth = stack.pop()
            ref = _ref_of(node_ref)
            if ref is not None:
                if ref in seen:
                    continue
                seen.add(ref)
            node = _deref(node_ref)
            if not isinstance(node, generic.DictionaryObject) or depth > 64:
                continue
            kids = node.get("/Kids")
            if kids is not None and str(node.get("/Type", "/Pages")) != "/Page":
                for kid in reversed(list(kids.iterate())):
                    stack.append((kid, depth + 1))
            else:
                if ref is not None:
                    out[ref] = index
                index += 1
    except Exception:  # noqa: S110 - a broken page tree yields no index; render diff still runs
        pass
    return out


def analyse_changes(
    reader: PdfFileReader,
    signed_rev: int,
    *,
    docmdp: int | None,
    locked_fields: frozenset[str] | None,
    lock_all: bool = False,
) -> ChangeAnalysis:
    """Classify every object changed after revision ``signed_rev`` (0-based)."""
    ctx = _Context(reader, signed_rev, _pages(reader), docmdp, locked_fields, lock_all)
    total = reader.xrefs.total_revisions
    if signed_rev >= total - 1:
        return ChangeAnalysis((), ())
    hist = reader.get_historical_resolver(signed_rev)
    seen: set[tuple[int, int]] = set()
    for rev in range(total - 1, signed_rev, -1):  # latest first: attribute to last change
        ctx.current_rev = rev
        for ref in reader.xrefs.explicit_refs_in_revision(rev):
            key = (ref.idnum, ref.generation)
            if key in seen:
                continue
            seen.add(key)
            if reader.xrefs.get_historical_ref(ref, signed_rev) is None:
                continue  # a new object: judged through whatever refers to it
            try:
                old = hist(ref)
                new = reader.get_object(ref)  # type: ignore[no-untyped-call]
            except Exception as exc:
                ctx.add(
                    ChangeKind.CONTENT, ref.idnum,
                    f"object {ref.idnum} rewritten after signing is unreadable: {exc}"[:200],
                )
                continue
            if same(old, new):
                continue
            _classify(ctx, ref.idnum, old, new, hist)
    ctx.current_rev = None
    _trailer_changes(ctx, hist)
    _new_signature_widgets(ctx, hist)
    _apply_mdp(ctx)
    return ChangeAnalysis(tuple(ctx.changes), tuple(ctx.areas))


def _trailer_changes(ctx: _Context, hist: object) -> None:
    try:
        old_root = _trailer_ref(ctx.reader, "/Root", ctx.signed_rev)
        new_root = _trailer_ref(ctx.reader, "/Root", ctx.reader.xrefs.total_revisions - 1)
        if old_root != new_root:
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
        ref = _ref_of(value)
        if ref is not None:
            return ref
    return None


def _classify(
    ctx: _Context, idnum: int, old: generic.PdfObject, new: generic.PdfObject, hist: object
) -> None:
    if isinstance(old, generic.StreamObject):
        t = str(old.get("/Type", ""))
        if t in ("/XRef", "/ObjStm"):
            return
        if t == "/Metadata":
            ctx.add(ChangeKind.METADATA, idnum, "XMP metadata updated")
            return
        if idnum in _signature_appearances(ctx, hist):
            if _referenced_elsewhere(ctx, idnum):
                ctx.add(ChangeKind.CONTENT, idnum,
                        "a signature appearance that is also used elsewhere was redrawn")
            else:
                ctx.add(ChangeKind.SIGNATURE, idnum, "appearance of a signature field redrawn")
            return
        ctx.add(ChangeKind.CONTENT, idnum, f"stream object {idnum} rewritten after signing")
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
    if _is_sig_dict(old):
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
    if str(old.get("/Subtype", "")) in _ANNOT_SUBTYPES or otype == "/Annot":
        if keys <= {"/Popup", "/M", "/F"} and not (keys & {"/F"}):
            ctx.add(ChangeKind.ANNOTATION, idnum, "annotation metadata changed")
        else:
            ctx.add(ChangeKind.ANNOTATION, idnum, f"annotation changed ({', '.join(sorted(keys))})")
        rect = _rect(new)
        if rect is not None:
            for page in _annot_page(ctx, new, idnum):
                ctx.areas.append((page, rect, ChangeKind.ANNOTATION))
        return
    if "/Fields" in old and isinstance(_deref(_raw(old, "/Fields")), generic.ArrayObject):
        _acroform(ctx, idnum, old, new, keys)
        return
    if otype in ("/DSS", "/VRI") or (keys <= {"/VRI", "/Certs", "/OCSPs", "/CRLs"} and (
        "/VRI" in old or "/Certs" in old or "/OCSPs" in old or "/CRLs" in old
    )):
        ctx.add(ChangeKind.LTV, idnum, "validation data (DSS) updated")
        return
    if otype in ("/StructTreeRoot", "/StructElem", "/MarkInfo") or (keys <= {
        "/Nums", "/Kids", "/Limits", "/K", "/ParentTreeNextKey", "/ParentTree", "/IDTree"
    } and ("/Nums" in old or "/K" in old or "/ParentTree" in old or "/S" in old)):
        ctx.add(ChangeKind.STRUCTURE, idnum, "logical structure (tagging) updated")
        return
    if otype in ("/Font", "/FontDescriptor"):
        # fonts of the form defaults (/AcroForm /DR) are legitimately touched by signers;
        # a font that page content uses shows up in the rendering comparison
        ctx.add(ChangeKind.UNEXPLAINED, idnum, f"{otype[1:]} {idnum} changed after signing")
        return
    if otype in ("/XObject", "/ExtGState", "/Pattern", "/Shading"):
        ctx.add(ChangeKind.CONTENT, idnum, f"{otype[1:]} {idnum} changed after signing")
        return
    if keys & {"/Font", "/XObject", "/ExtGState", "/ColorSpace", "/Pattern", "/Shading",
               "/Properties"}:
        ctx.add(ChangeKind.CONTENT, idnum, f"resources {idnum} changed after signing")
        return
    if "/EF" in old or otype == "/Filespec":
        ctx.add(ChangeKind.ATTACHMENT, idnum, "embedded file specification changed")
        return
    ctx.add(
        ChangeKind.UNEXPLAINED, idnum,
        f"object {idnum} changed without explanation ({', '.join(sorted(keys))[:120]})",
    )


def _array(ctx: _Context, idnum: int, old: generic.ArrayObject, new: generic.ArrayObject) -> None:
    """An indirect array: usually /Annots of a page or /Fields of the form."""
    old_refs = [_ref_of(x) for x in old.iterate()]
    new_refs = [_ref_of(x) for x in new.iterate()]
    # find who owns this array in the final revision: a page's /Annots or the /Fields
    owner_page = None
    for page_ref, index in ctx.page_index.items():
        try:
            page = ctx.reader.get_object(generic.Reference(*page_ref))  # type: ignore[no-untyped-call]
            if _ref_of(_raw(page, "/Annots")) == (idnum, 0):
                owner_page = index
                break
        except Exception:  # noqa: S112
            continue
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


def _new_annot_or_field(ctx: _Context, ref: tuple[int, int], page: int | None) -> None:
    try:
        obj = ctx.reader.get_object(generic.Reference(*ref))  # type: ignore[no-untyped-call]
    except Exception:
        ctx.add(ChangeKind.UNEXPLAINED, ref[0], "unreadable new annotation")
        return
    if not isinstance(obj, generic.DictionaryObject):
        ctx.add(ChangeKind.UNEXPLAINED, ref[0], "non-dictionary added to an annotation list")
        return
    subtype = str(obj.get("/Subtype", ""))
    ft = _field_type(obj)
    rect = _rect(obj)
    pages = [page] if page is not None else _annot_page(ctx, obj, ref[0])
    if ft == "/Sig":
        v = _raw(obj, "/V")
        if v is not None and not _is_signature_value(_deref(v)):
            ctx.add(ChangeKind.CONTENT, ref[0],
                    "a signature field was added with a value that is not a signature")
            return
        if rect is not None:
            ctx.areas.extend((p, rect, ChangeKind.SIGNATURE) for p in pages)
        ctx.add(ChangeKind.SIGNATURE, ref[0], "signature field added", _field_name(obj))
        return
    if subtype == "/Widget" or ft is not None:
        if rect is not None:
            ctx.areas.extend((p, rect, ChangeKind.FORM_FILL) for p in pages)
        ctx.add(ChangeKind.FORM_FILL, ref[0], "form field added after signing", _field_name(obj))
        return
    if rect is not None:
        ctx.areas.extend((p, rect, ChangeKind.ANNOTATION) for p in pages)
    if subtype == "/FileAttachment":
        ctx.add(ChangeKind.ATTACHMENT, ref[0], "file attachment annotation added")
    else:
        ctx.add(ChangeKind.ANNOTATION, ref[0], f"annotation {subtype or '?'} added")


def _page(
    ctx: _Context, idnum: int, old: generic.DictionaryObject, new: generic.DictionaryObject,
    keys: set[str],
) -> None:
    page = ctx.page_index.get((idnum, 0))
    other = keys - {"/Annots", "/PieceInfo", "/LastModified", "/StructParents", "/Tabs"}
    if other:
        ctx.add(ChangeKind.CONTENT, idnum, f"page changed ({', '.join(sorted(other))})")
    if "/Annots" in keys:
        old_a = _deref(_raw(old, "/Annots"))
        new_a = _deref(_raw(new, "/Annots"))
        old_refs = [_ref_of(x) for x in old_a.iterate()] if isinstance(
            old_a, generic.ArrayObject) else []
        new_refs = [_ref_of(x) for x in new_a.iterate()] if isinstance(
            new_a, generic.ArrayObject) else []
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


def _annot_page(
    ctx: _Context, annot: generic.DictionaryObject, idnum: int | None = None
) -> list[int]:
    """Every page whose /Annots lists this widget or annotation (/P is only a fallback)."""
    if ctx.annot_pages is None:
        ctx.annot_pages = {}
        for page_ref, index in ctx.page_index.items():
            try:
                page = ctx.reader.get_object(generic.Reference(*page_ref))  # type: ignore[no-untyped-call]
                annots = _deref(_raw(page, "/Annots"))
                if isinstance(annots, generic.ArrayObject):
                    for a in annots.iterate():
                        r = _ref_of(a)
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
    p = _ref_of(_raw(annot, "/P"))
    if p is not None and p in ctx.page_index:
        return [ctx.page_index[p]]
    return []


def _field(
    ctx: _Context, idnum: int, old: generic.DictionaryObject, new: generic.DictionaryObject,
    keys: set[str],
) -> None:
    ft = _field_type(new) or _field_type(old)
    name = _field_name(new)
    rect = _rect(new)
    pages = _annot_page(ctx, new, idnum)
    if ft == "/Sig":
        if "/V" in keys:
            old_v = _raw(old, "/V")
            if old_v is not None and not isinstance(_deref(old_v), generic.NullObject):
                ctx.add(ChangeKind.CONTENT, idnum, "a signature field's value was replaced", name)
                return
            if not _is_signature_value(_deref(_raw(new, "/V"))):
                ctx.add(ChangeKind.CONTENT, idnum,
                        "a signature field was given a value that is not a signature", name)
                return
        other = keys - {"/V", "/AP", "/MK", "/F", "/DA", "/AS", "/Lock", "/SV"}
        if other:
            ctx.add(
                ChangeKind.UNEXPLAINED, idnum,
                f"signature field changed ({', '.join(sorted(other))})", name,
            )
        else:
            ctx.add(ChangeKind.SIGNATURE, idnum, "signature field filled", name)
        if rect is not None:
            ctx.areas.extend((p, rect, ChangeKind.SIGNATURE) for p in pages)
        return
    other = keys - {"/V", "/AP", "/AS", "/MK", "/DV", "/DA", "/I", "/Kids", "/M"}
    if "/Kids" in keys:
        o = _deref(_raw(old, "/Kids"))
        n = _deref(_raw(new, "/Kids"))
        if isinstance(o, generic.ArrayObject) and isinstance(n, generic.ArrayObject):
            orefs = [_ref_of(x) for x in o.iterate()]
            for r in [_ref_of(x) for x in n.iterate()]:
                if r is not None and r not in orefs:
                    _new_annot_or_field(ctx, r, None)
            if any(r not in [_ref_of(x) for x in n.iterate()] for r in orefs):
                ctx.add(ChangeKind.CONTENT, idnum, "form field kids removed", name)
    if other & {"/Rect", "/P", "/F", "/FT", "/Ff", "/Parent"}:
        ctx.add(
            ChangeKind.CONTENT, idnum,
            f"form field moved or redefined ({', '.join(sorted(other))})",
            name,
        )
        return
    if other:
        ctx.add(ChangeKind.UNEXPLAINED, idnum, f"form field changed ({', '.join(sorted(other))})",
                name)
    if keys - {"/Kids"}:
        ctx.add(ChangeKind.FORM_FILL, idnum, "form field filled or changed", name)
    if rect is not None:
        ctx.areas.extend((p, rect, ChangeKind.FORM_FILL) for p in pages)


def _acroform(
    ctx: _Context, idnum: int | None, old: generic.DictionaryObject,
    new: generic.DictionaryObject, keys: set[str],
) -> None:
    if "/XFA" in keys:
        ctx.add(ChangeKind.CONTENT, idnum, "XFA form data changed after signing")
    if "/NeedAppearances" in keys:
        ctx.add(ChangeKind.UNEXPLAINED, idnum, "form appearance regeneration switched on")
    if "/Fields" in keys:
        o = _deref(_raw(old, "/Fields"))
        n = _deref(_raw(new, "/Fields"))
        if isinstance(o, generic.ArrayObject) and isinstance(n, generic.ArrayObject):
            orefs = [_ref_of(x) for x in o.iterate()]
            nrefs = [_ref_of(x) for x in n.iterate()]
            if any(r not in nrefs for r in orefs):
                ctx.add(ChangeKind.CONTENT, idnum, "form fields removed after signing")
            for r in nrefs:
                if r is not None and r not in orefs:
                    try:
                        f = ctx.reader.get_object(generic.Reference(*r))  # type: ignore[no-untyped-call]
                    except Exception:
                        f = None
                    if (
                        isinstance(f, generic.DictionaryObject) and _field_type(f) == "/Sig"
                        and "/V" in f and not _is_signature_value(_deref(_raw(f, "/V")))
                    ):
                        ctx.add(ChangeKind.CONTENT, r[0],
                                "a signature field was added with a value that is not a signature")
                    elif isinstance(f, generic.DictionaryObject) and _field_type(f) == "/Sig":
                        ctx.add(ChangeKind.SIGNATURE, r[0], "signature field added",
                                _field_name(f))
                    else:
                        ctx.add(ChangeKind.FORM_FILL, r[0], "form field added after signing")
    rest = keys - {"/Fields", "/SigFlags", "/DA", "/DR", "/XFA", "/NeedAppearances", "/Q"}
    if rest:
        ctx.add(ChangeKind.UNEXPLAINED, idnum, f"form dictionary changed ({', '.join(rest)})")
    elif keys & {"/SigFlags", "/DA", "/DR"}:
        ctx.add(ChangeKind.SIGNATURE, idnum, "form defaults updated for a signature")


def _catalog(
    ctx: _Context, idnum: int | None, old: generic.DictionaryObject,
    new: generic.DictionaryObject, hist: object,
) -> None:
    for key in sorted(changed_keys(old, new)):
        o, n = _raw(old, key), _raw(new, key)
        if key == "/AcroForm":
            od, nd = _deref(o), _deref(n)
            if _ref_of(o) is not None and _ref_of(o) == _ref_of(n):
                continue  # same object: judged on its own
            if isinstance(nd, generic.DictionaryObject):
                if not isinstance(od, generic.DictionaryObject):
                    # a form added after signing: only signature fields are fine
                    od = generic.DictionaryObject({generic.NameObject("/Fields"):  # type: ignore[no-untyped-call]
                                                   generic.ArrayObject()})
                _acroform(ctx, idnum, od, nd, changed_keys(od, nd))
            else:
                ctx.add(ChangeKind.CONTENT, idnum, "form removed after signing")
        elif key == "/DSS":
            ctx.add(ChangeKind.LTV, idnum, "validation data (DSS) added")
        elif key in ("/Metadata", "/LastModified", "/PieceInfo"):
            ctx.add(ChangeKind.METADATA, idnum, f"catalog {key} updated")
        elif key in ("/StructTreeRoot", "/MarkInfo", "/Lang", "/ViewerPreferences",
                     "/PageLayout", "/PageMode"):
            ctx.add(ChangeKind.STRUCTURE, idnum, f"catalog {key} updated")
        elif key == "/Names":
            _names(ctx, idnum, _deref(o), _deref(n))
        elif key in ("/Perms", "/Pages", "/OpenAction", "/AA", "/OCProperties", "/Collection",
                     "/URI", "/Threads", "/Legal", "/Requirements"):
            ctx.add(ChangeKind.CONTENT, idnum, f"catalog {key} changed after signing")
        else:
            ctx.add(ChangeKind.UNEXPLAINED, idnum, f"catalog {key} changed after signing")


def _names(
    ctx: _Context, idnum: int | None, old: generic.PdfObject | None, new: generic.PdfObject | None
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


def _new_signature_widgets(ctx: _Context, hist: object) -> None:
    """Record the areas of every signature widget filled after the signed revision."""
    try:
        from pyhanko.sign.fields import enumerate_sig_fields

        for _name, value, field in enumerate_sig_fields(ctx.reader, filled_status=True):
            vref = _ref_of(value)
            if vref is None:
                continue
            if ctx.reader.xrefs.get_historical_ref(generic.Reference(*vref), ctx.signed_rev):
                continue
            fobj = _deref(field)
            if not isinstance(fobj, generic.DictionaryObject):
                continue
            widgets: Iterable[generic.PdfObject | None] = [fobj]
            kids = fobj.get("/Kids")
            if isinstance(kids, generic.ArrayObject):
                widgets = [_deref(k) for k in kids.iterate()]
            for w in widgets:
                if isinstance(w, generic.DictionaryObject):
                    rect = _rect(w)
                    if rect is not None:
                        fr = _ref_of(field)
                        for page in _annot_page(ctx, w, fr[0] if fr else None):
                            ctx.areas.append((page, rect, ChangeKind.SIGNATURE))
    except Exception:  # noqa: S110 - best effort: a missing area only makes rendering stricter
        pass


def _apply_mdp(ctx: _Context) -> None:
    """Turn changes the certification (DocMDP) or field locks forbid into CONTENT changes."""
    out: list[Change] = []
    for c in ctx.changes:
        kind = c.kind
        reason = c.reason
        if ctx.docmdp is not None:
            if ctx.docmdp == 1 and kind in (ChangeKind.SIGNATURE, ChangeKind.FORM_FILL,
                                            ChangeKind.ANNOTATION, ChangeKind.ATTACHMENT):
                kind, reason = ChangeKind.CONTENT, reason + " (DocMDP P=1 forbids any change)"
            elif ctx.docmdp == 2 and kind in (ChangeKind.ANNOTATION, ChangeKind.ATTACHMENT):
                kind, reason = ChangeKind.CONTENT, reason + " (DocMDP P=2 forbids annotations)"
        if kind == ChangeKind.FORM_FILL and c.field is not None and (
            ctx.lock_all or (ctx.locked_fields is not None and c.field in ctx.locked_fields)
        ):
            kind, reason = ChangeKind.CONTENT, reason + " (field locked by FieldMDP)"
        out.append(Change(kind, c.ref, reason, c.field, c.revision))
    ctx.changes = out
