"""PDF object helpers for the change analysis: structural equality, field names, page order.

Pure functions over pyHanko ``generic`` objects; nothing here knows about signatures' verdicts.
Equality is of meaning, not bytes (:func:`same`).
"""

from __future__ import annotations

import decimal
import weakref

from pyhanko.pdf_utils import generic
from pyhanko.pdf_utils.reader import PdfFileReader

__all__ = [
    "ANNOT_SUBTYPES",
    "SIG_TYPES",
    "changed_keys",
    "count_refs",
    "deref",
    "explicit_refs",
    "field_name",
    "field_type",
    "is_sig_dict",
    "is_signature_value",
    "page_index",
    "raw",
    "rect_of",
    "ref_of",
    "same",
]


def raw(d: generic.DictionaryObject, key: str) -> generic.PdfObject | None:
    try:
        return d.raw_get(key)  # type: ignore[no-any-return]
    except KeyError:
        return None


def deref(obj: generic.PdfObject | None) -> generic.PdfObject | None:
    if isinstance(obj, generic.IndirectObject):
        try:
            return obj.get_object()  # type: ignore[no-any-return,no-untyped-call]
        except Exception:
            return None
    return obj


def ref_of(obj: generic.PdfObject | None) -> tuple[int, int] | None:
    if isinstance(obj, generic.IndirectObject):
        return (obj.idnum, obj.generation)
    return None


#: numbers closer than this are the same (a rewriter printing 595.349976 as 595.35)
NUMBER_TOLERANCE = 1e-3
#: how many nested values one comparison may visit when it follows references
_BUDGET = 4000
_STREAM_KEYS = ("/Length", "/Filter", "/DecodeParms", "/DL")


def _number(x: object) -> float | None:
    if isinstance(x, bool) or not isinstance(x, int | float | decimal.Decimal):
        return None
    return float(x)


def same(a: generic.PdfObject | None, b: generic.PdfObject | None, depth: int = 0) -> bool:
    """Equality of meaning: numbers within a tolerance, streams by their decoded bytes,
    dictionaries and arrays by value.

    Two references with the same number are the same (an object rewritten in place is judged
    on its own); two different references are followed and compared by value, so resources
    or streams copied into new objects with the same meaning are no change.
    """
    return _Compare().same(a, b, depth)


class _Compare:
    """One value comparison: a node budget and the reference pairs assumed equal so far."""

    def __init__(self) -> None:
        self.budget = _BUDGET
        self.assumed: set[tuple[tuple[int, int], tuple[int, int]]] = set()

    def same(self, a: generic.PdfObject | None, b: generic.PdfObject | None, depth: int) -> bool:
        self.budget -= 1
        if depth > 40 or self.budget < 0:
            return False
        if isinstance(a, generic.IndirectObject) or isinstance(b, generic.IndirectObject):
            return self._refs(a, b, depth)
        if isinstance(a, generic.StreamObject) or isinstance(b, generic.StreamObject):
            if not (isinstance(a, generic.StreamObject) and isinstance(b, generic.StreamObject)):
                return False
            return self._streams(a, b, depth)
        if isinstance(a, generic.DictionaryObject) and isinstance(b, generic.DictionaryObject):
            return self._dicts(a, b, depth)
        if isinstance(a, generic.ArrayObject) and isinstance(b, generic.ArrayObject):
            return len(a) == len(b) and all(
                self.same(x, y, depth + 1) for x, y in zip(a.iterate(), b.iterate(), strict=True)
            )
        na, nb = _number(a), _number(b)
        if na is not None and nb is not None:
            return abs(na - nb) <= NUMBER_TOLERANCE
        if type(a) is not type(b):
            return False
        try:
            return bool(a == b)
        except Exception:
            return False

    def _refs(self, a: generic.PdfObject | None, b: generic.PdfObject | None, depth: int) -> bool:
        ra, rb = ref_of(a), ref_of(b)
        if ra is not None and ra == rb:
            return True
        if ra is not None and rb is not None:
            if (ra, rb) in self.assumed:
                return True
            self.assumed.add((ra, rb))
        return self.same(deref(a), deref(b), depth + 1)

    def _streams(self, a: generic.StreamObject, b: generic.StreamObject, depth: int) -> bool:
        try:
            if a.encoded_data == b.encoded_data:
                return self._dicts(a, b, depth, skip=("/Length",))
            if a.data != b.data:  # decoded: the same meaning in another encoding is no change
                return False
        except Exception:
            return False
        return self._dicts(a, b, depth, skip=_STREAM_KEYS)

    def _dicts(
        self,
        a: generic.DictionaryObject,
        b: generic.DictionaryObject,
        depth: int,
        skip: tuple[str, ...] = (),
    ) -> bool:
        ka = {k for k in a if k not in skip}
        kb = {k for k in b if k not in skip}
        if ka != kb:
            return False
        return all(self.same(raw(a, k), raw(b, k), depth + 1) for k in ka)


def changed_keys(old: generic.DictionaryObject, new: generic.DictionaryObject) -> set[str]:
    keys = set(old) | set(new)
    return {k for k in keys if not same(raw(old, k), raw(new, k))}


SIG_TYPES = {"/Sig", "/DocTimeStamp"}
ANNOT_SUBTYPES = {
    "/Text",
    "/Link",
    "/FreeText",
    "/Line",
    "/Square",
    "/Circle",
    "/Polygon",
    "/PolyLine",
    "/Highlight",
    "/Underline",
    "/Squiggly",
    "/StrikeOut",
    "/Stamp",
    "/Caret",
    "/Ink",
    "/Popup",
    "/FileAttachment",
    "/Sound",
    "/Movie",
    "/Screen",
    "/PrinterMark",
    "/TrapNet",
    "/Watermark",
    "/3D",
    "/Redact",
    "/Projection",
    "/RichMedia",
}


def field_type(field: generic.DictionaryObject) -> str | None:
    node: generic.PdfObject | None = field
    for _ in range(32):
        if not isinstance(node, generic.DictionaryObject):
            return None
        ft = node.get("/FT")
        if ft is not None:
            return str(ft)
        node = deref(raw(node, "/Parent"))
    return None


def field_name(field: generic.DictionaryObject) -> str:
    parts: list[str] = []
    node: generic.PdfObject | None = field
    for _ in range(32):
        if not isinstance(node, generic.DictionaryObject):
            break
        t = node.get("/T")
        if t is not None:
            parts.append(str(t))
        node = deref(raw(node, "/Parent"))
    return ".".join(reversed(parts))


def is_sig_dict(obj: generic.DictionaryObject) -> bool:
    t = obj.get("/Type")
    return (t is not None and str(t) in SIG_TYPES) or (
        "/ByteRange" in obj and "/Contents" in obj and "/Filter" in obj
    )


def is_signature_value(obj: generic.PdfObject | None) -> bool:
    return isinstance(obj, generic.DictionaryObject) and "/ByteRange" in obj and "/Contents" in obj


def count_refs(obj: generic.PdfObject, target: int, depth: int) -> int:
    if depth > 20:
        return 0
    if isinstance(obj, generic.IndirectObject):
        return 1 if obj.idnum == target else 0
    if isinstance(obj, generic.DictionaryObject):
        return sum(count_refs(raw(obj, k) or generic.NullObject(), target, depth + 1) for k in obj)
    if isinstance(obj, generic.ArrayObject):
        return sum(count_refs(x, target, depth + 1) for x in obj.iterate())
    return 0


def rect_of(obj: generic.DictionaryObject) -> tuple[float, float, float, float] | None:
    try:
        r = [float(x) for x in obj["/Rect"]]
        return (min(r[0], r[2]), min(r[1], r[3]), max(r[0], r[2]), max(r[1], r[3]))
    except Exception:
        return None


_PAGE_INDEX: weakref.WeakKeyDictionary[PdfFileReader, dict[tuple[int, int], int]] = (
    weakref.WeakKeyDictionary()
)


_EXPLICIT: weakref.WeakKeyDictionary[PdfFileReader, dict[int, tuple[generic.Reference, ...]]] = (
    weakref.WeakKeyDictionary()
)


def explicit_refs(reader: PdfFileReader, revision: int) -> tuple[generic.Reference, ...]:
    """The references written in ``revision`` (pyHanko rebuilds this set on every call: with
    25 signatures the change analyses asked for it 300 times)."""
    per_reader = _EXPLICIT.setdefault(reader, {})
    refs = per_reader.get(revision)
    if refs is None:
        refs = per_reader[revision] = tuple(reader.xrefs.explicit_refs_in_revision(revision))
    return refs


def page_index(reader: PdfFileReader) -> dict[tuple[int, int], int]:
    """Page reference -> 0-based page number (the page tree is read once per reader)."""
    cached = _PAGE_INDEX.get(reader)
    if cached is None:
        cached = _PAGE_INDEX[reader] = _page_index(reader)
    return dict(cached)


def _page_index(reader: PdfFileReader) -> dict[tuple[int, int], int]:
    out: dict[tuple[int, int], int] = {}
    try:
        pages_root = reader.root.raw_get("/Pages")
        stack: list[tuple[generic.PdfObject, int]] = [(pages_root, 0)]
        index = 0
        seen: set[tuple[int, int]] = set()
        while stack and len(seen) < 100000:
            node_ref, depth = stack.pop()
            ref = ref_of(node_ref)
            if ref is not None:
                if ref in seen:
                    continue
                seen.add(ref)
            node = deref(node_ref)
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
