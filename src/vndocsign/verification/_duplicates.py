"""One signature dictionary is one signature, however many fields show it.

A second field whose ``/V`` is an existing signature dictionary, or a new field holding a copy
of one (the same ``/ByteRange`` and so the same signed bytes), would otherwise be reported as
two valid signatures — the second under a name its signer never signed for. The signature is
checked once; every further field showing it is a finding that fails the file.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from vndocsign.verification._byterange import contents_at_gap
from vndocsign.verification._context import SignatureSite
from vndocsign.verification._pdf_objects import raw, ref_of
from vndocsign.verification._report import Message

__all__ = ["distinct_signatures"]


def _value_ref(field: Any) -> tuple[int, int] | None:
    try:
        return ref_of(raw(field, "/V"))
    except Exception:
        return None


def _value_bytes(data: bytes, site: SignatureSite) -> bytes | None:
    try:
        parsed = raw(site.value, "/Contents")
        at_gap = contents_at_gap(data, site.byte_range, parsed)
        if at_gap is not None:
            return at_gap.rstrip(b"\x00")
        return bytes(getattr(parsed, "original_bytes", b"")).rstrip(b"\x00") or None
    except Exception:
        return None


def distinct_signatures(
    data: bytes, sites: Sequence[SignatureSite]
) -> tuple[list[SignatureSite], list[Message]]:
    """(the sites with each signature once, a finding for each field showing one again)."""
    kept: list[SignatureSite] = []
    fatal: list[Message] = []
    by_ref: dict[tuple[int, int], SignatureSite] = {}
    by_range: dict[tuple[tuple[int, ...], bytes | None], SignatureSite] = {}
    for site in sorted(sites, key=lambda s: (s.signed_end, s.name)):
        ref = _value_ref(site.field)
        key = (site.byte_range, _value_bytes(data, site))
        first = (by_ref.get(ref) if ref is not None else None) or (
            by_range.get(key) if len(site.byte_range) == 4 and key[1] else None
        )
        if first is None:
            kept.append(site)
            if ref is not None:
                by_ref[ref] = site
            if len(site.byte_range) == 4 and key[1]:
                by_range[key] = site
            continue
        how = "the same signature dictionary" if ref is not None and ref in by_ref else "a copy"
        fatal.append(
            Message.of(
                "duplicate_signature",
                f"signature field '{site.name}' shows {how} of the signature of field "
                f"'{first.name}': one signature presented twice (a copied or replayed "
                "signature); it is counted once",
                f"trường chữ ký '{site.name}' hiển thị lại chữ ký của trường '{first.name}': "
                "một chữ ký bị trình bày hai lần (chữ ký bị sao chép)",
                "error",
            )
        )
    order = {id(s): i for i, s in enumerate(sites)}
    kept.sort(key=lambda s: order[id(s)])
    return kept, fatal
