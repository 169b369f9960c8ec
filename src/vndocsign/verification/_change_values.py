"""Values the change analysis must recognise: validation-data housekeeping and copied signatures.

A B-LTA file's later revisions prune and rebuild the DSS (certificate, CRL and OCSP arrays,
``/VRI`` entries keyed by the SHA-1 of a signature): that is validation data, not content.
A signature field added after the signed revision must carry a *new* signature: a value that
already existed then (the same dictionary, or a copy with the same ``/ByteRange``) shows a
signature twice, under another field's name, and is an attack.
"""

from __future__ import annotations

import re

from pyhanko.pdf_utils import generic

from vndocsign.verification._byterange import contents_at_gap
from vndocsign.verification._change_types import ChangeContext
from vndocsign.verification._pdf_objects import deref, is_signature_value, raw, ref_of

__all__ = ["dss_arrays", "is_vri", "new_signature_value_problem"]

_VRI_KEY = re.compile(r"^/[0-9A-Fa-f]{40}$")
_DSS_ARRAYS = ("/Certs", "/OCSPs", "/CRLs")
_VRI_ARRAYS = ("/Cert", "/OCSP", "/CRL")


def _dss_of(catalog: generic.PdfObject | None) -> generic.DictionaryObject | None:
    if not isinstance(catalog, generic.DictionaryObject):
        return None
    dss = deref(raw(catalog, "/DSS"))
    return dss if isinstance(dss, generic.DictionaryObject) else None


def _array_refs(dss: generic.DictionaryObject, out: set[tuple[int, int]]) -> None:
    for key in _DSS_ARRAYS:
        r = ref_of(raw(dss, key))
        if r is not None:
            out.add(r)
    vri = deref(raw(dss, "/VRI"))
    if not isinstance(vri, generic.DictionaryObject):
        return
    for name in list(vri)[:10000]:
        entry = deref(raw(vri, name))
        if isinstance(entry, generic.DictionaryObject):
            for key in _VRI_ARRAYS:
                r = ref_of(raw(entry, key))
                if r is not None:
                    out.add(r)


def dss_arrays(ctx: ChangeContext) -> set[tuple[int, int]]:
    """References of the DSS's (and its VRI entries') arrays, as signed and as now."""
    if ctx.dss_arrays is None:
        out: set[tuple[int, int]] = set()
        try:
            hist = ctx.reader.get_historical_resolver(ctx.signed_rev)
            for catalog in (hist.root, ctx.reader.root):
                dss = _dss_of(catalog)
                if dss is not None:
                    _array_refs(dss, out)
        except Exception:  # noqa: S110 - no DSS arrays known: they are judged as any array
            pass
        ctx.dss_arrays = out
    return ctx.dss_arrays


def is_vri(old: generic.DictionaryObject, new: generic.DictionaryObject, keys: set[str]) -> bool:
    """Whether a rewritten dictionary is a ``/VRI`` map (keys: SHA-1 hex of signatures)."""
    names = set(old) | set(new)
    return bool(names) and all(_VRI_KEY.match(str(k)) for k in names | keys)


def new_signature_value_problem(ctx: ChangeContext, value: generic.PdfObject | None) -> str | None:
    """Why ``value`` is not a new signature for a field added or filled after the signed
    revision (``None``: it is one, or the field is empty)."""
    obj = deref(value)
    if value is None or obj is None or isinstance(obj, generic.NullObject):
        return None
    if not is_signature_value(obj):
        return "with a value that is not a signature"
    ref = ref_of(value)
    if ref is not None and ctx.reader.xrefs.get_historical_ref(
        generic.Reference(*ref), ctx.signed_rev
    ):
        return "with the value of a signature that existed before (one signature shown twice)"
    assert isinstance(obj, generic.DictionaryObject)
    try:
        br = [int(x) for x in obj.raw_get("/ByteRange")]
        end = br[2] + br[3]
        boundary = ctx.reader.xrefs.get_startxref_for_revision(ctx.signed_rev + 1)
    except Exception:
        return None
    if end <= boundary and _contents_equal_gap(ctx, obj, br):
        return "with a copy of a signature made before (same signed bytes: a replayed signature)"
    return None


def _contents_equal_gap(ctx: ChangeContext, obj: generic.DictionaryObject, br: list[int]) -> bool:
    """Whether ``obj``'s ``/Contents`` is the value at the gap its ``/ByteRange`` excludes
    (a copy of that signature; another value there simply fails its own hash check)."""
    try:
        gap = ctx.data[br[1] : br[2]].strip(b"<> \r\n\t")
        at_gap = bytes.fromhex(re.sub(rb"\s", b"", gap).decode("ascii"))
        contents = obj.raw_get("/Contents")
        if contents_at_gap(ctx.data, br, contents) is not None:
            return True  # its /Contents is the very gap: the original, not a copy
        value = bytes(getattr(contents, "original_bytes", b"")) or bytes(contents)
    except Exception:
        return False
    return value.rstrip(b"\x00") == at_gap.rstrip(b"\x00")
