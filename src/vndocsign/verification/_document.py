"""Reading the document: the parser, its revisions and every signature site in it.

A strict parse is tried first; an irregular or hybrid-reference file is read leniently with a
finding (parser differentials are how some attacks hide). Every signature field's value must
be a signature dictionary: anything else means a later change replaced or hid a signature.
"""

from __future__ import annotations

import io
import re
from typing import Any

import attrs

from vndocsign.verification._byterange import blank_signature_values, revision_ends
from vndocsign.verification._pdf_objects import deref, page_index, raw, ref_of
from vndocsign.verification._report import Message

__all__ = [
    "SignatureSites",
    "deproxy",
    "find_signatures",
    "open_reader",
    "pdf_text",
    "revision_finder",
    "widget_pages",
]


def pdf_text(obj: Any) -> str | None:
    if obj is None:
        return None
    try:
        return str(obj)
    except Exception:
        return None


def deproxy(obj: Any) -> Any:
    """The object behind indirect references and decryption proxies."""
    from pyhanko.pdf_utils import generic

    for _ in range(4):
        if isinstance(obj, generic.DecryptedObjectProxy):
            obj = obj.decrypted
        elif isinstance(obj, generic.IndirectObject):
            obj = obj.get_object()  # type: ignore[no-untyped-call]
        else:
            break
    return obj


def open_reader(data: bytes, messages: list[Message]) -> Any:
    """A pyHanko reader of ``data``: strict if possible, else lenient with a finding.

    The reader parses a copy whose signature values are blanked
    (:func:`._byterange.blank_signature_values`); they are read from the gaps instead.
    """
    from pyhanko.pdf_utils.reader import PdfFileReader

    data = blank_signature_values(data)
    try:
        reader = PdfFileReader(io.BytesIO(data), strict=True)
        hybrid = bool(reader.xrefs.hybrid_xrefs_present)
    except Exception as first:
        reader = PdfFileReader(io.BytesIO(data), strict=False)
        messages.append(
            Message.of(
                "lenient_parse",
                f"PDF structure is irregular ({first}); read leniently"[:200],
                "cấu trúc PDF không chuẩn; đã đọc ở chế độ khoan dung",
                "info",
            )
        )
        return reader
    if hybrid:
        reader = PdfFileReader(io.BytesIO(data), strict=False)
        messages.append(
            Message.of(
                "hybrid_xref",
                "hybrid cross-reference file (xref table + stream): read leniently; "
                "such files allow parser differentials",
                "tệp dùng bảng tham chiếu lai: đã đọc ở chế độ khoan dung",
                "info",
            )
        )
    return reader


@attrs.frozen
class SignatureSites:
    """Every signature site of a document, before any is checked."""

    #: signature fields with a signature dictionary: (name, value, field, 0-based page)
    fields: tuple[tuple[str, Any, Any, int | None], ...]
    #: findings that make the whole document fail (a field hiding a signature)
    fatal: tuple[Message, ...]
    #: the name of every signature field of the form (filled or not)
    form_fields: frozenset[str]
    #: number of ``/ByteRange`` entries anywhere in the file
    raw_byte_ranges: int
    #: findings about the fields that do not fail the file
    notes: tuple[Message, ...] = ()


def widget_pages(reader: Any) -> dict[tuple[int, int], int]:
    """Widget annotation reference -> 0-based index of the page whose ``/Annots`` lists it."""
    from pyhanko.pdf_utils import generic

    out: dict[tuple[int, int], int] = {}
    for page_ref, index in page_index(reader).items():
        try:
            page = reader.get_object(generic.Reference(*page_ref))
            annots = deref(raw(page, "/Annots"))
            if not isinstance(annots, generic.ArrayObject):
                continue
            for item in annots.iterate():
                ref = ref_of(item)
                if ref is not None:
                    out.setdefault(ref, index)
        except Exception:  # noqa: S112 - a damaged page: its widgets get no page number
            continue
    return out


class _WidgetPages:
    """The page of a signature widget, found from its ``/P`` without reading every page.

    A long document's page dictionaries cost about a millisecond each to parse; the widget's
    ``/P`` names its page, which is accepted when that page's ``/Annots`` lists the widget,
    and its number is counted up the page tree (``/Count`` of the preceding siblings; a node
    with as many kids as pages has only single-page kids). Anything else falls back to the
    full page index, built once.
    """

    def __init__(self, reader: Any) -> None:
        self.reader = reader
        self._all: dict[tuple[int, int], int] | None = None

    def __call__(self, ref: tuple[int, int] | None, field: Any) -> int | None:
        if ref is None:
            return None
        try:
            found = self._from_p(ref, field)
        except Exception:
            found = None
        if found is not None:
            return found
        if self._all is None:
            self._all = widget_pages(self.reader)
        return self._all.get(ref)

    def _from_p(self, ref: tuple[int, int], field: Any) -> int | None:
        from pyhanko.pdf_utils import generic

        page_ref = ref_of(raw(field, "/P"))
        if page_ref is None:
            return None
        page = self.reader.get_object(generic.Reference(*page_ref))
        annots = deref(raw(page, "/Annots"))
        if not isinstance(annots, generic.ArrayObject) or ref not in {
            ref_of(a) for a in annots.iterate()
        }:
            return None
        return self._index(page_ref, page)

    def _index(self, node_ref: tuple[int, int], node: Any) -> int | None:
        from pyhanko.pdf_utils import generic

        index = 0
        for _ in range(64):
            parent_ref = ref_of(raw(node, "/Parent"))
            if parent_ref is None:
                return index if node_ref == ref_of(self.reader.root.raw_get("/Pages")) else None
            parent = self.reader.get_object(generic.Reference(*parent_ref))
            kid_list = deref(raw(parent, "/Kids"))
            if not isinstance(kid_list, generic.ArrayObject):
                return None
            kids = [ref_of(k) for k in kid_list.iterate()]
            if node_ref not in kids:
                return None
            before = kids[: kids.index(node_ref)]
            if int(parent.get("/Count", -1)) != len(kids):
                for kid_ref in before:
                    if kid_ref is None:
                        return None
                    kid = self.reader.get_object(generic.Reference(*kid_ref))
                    index += int(kid.get("/Count", 1)) if "/Kids" in kid else 1
            else:
                index += len(before)
            node_ref, node = parent_ref, parent
        return None


def find_signatures(reader: Any, data: bytes) -> SignatureSites:
    """Signature fields of ``reader`` (raises what the parser raises)."""
    from pyhanko.pdf_utils import generic
    from pyhanko.sign.fields import enumerate_sig_fields

    fields: list[tuple[str, Any, Any, int | None]] = []
    fatal: list[Message] = []
    unsigned: list[str] = []
    pages = _WidgetPages(reader)
    for fq_name, value, field in enumerate_sig_fields(reader, filled_status=True):
        try:
            v, f = deproxy(value), deproxy(field)
        except Exception:
            v, f = None, None
        if isinstance(v, generic.NullObject) or (
            isinstance(v, generic.DictionaryObject) and not ({"/ByteRange", "/Contents"} & set(v))
        ):
            # /V null, or a signature dictionary prepared but never signed: fatal only when a
            # signature of the file is no longer reachable (the change analysis judges a
            # signature replaced by it after another one)
            unsigned.append(fq_name)
            continue
        if (
            not isinstance(v, generic.DictionaryObject)
            or "/ByteRange" not in v
            or "/Contents" not in v
        ):
            fatal.append(
                Message.of(
                    "field_not_signature",
                    f"signature field '{fq_name}' holds a value that is "
                    "not a signature (a later change replaced or hid a signature)",
                    f"trường chữ ký '{fq_name}' chứa giá trị không phải chữ ký số",
                    "error",
                )
            )
            continue
        ref = ref_of(field)
        fields.append((fq_name, v, f, pages(ref, f)))
    filled = frozenset(n for n, _v, _f, _p in fields)
    try:
        covered = frozenset(
            str(n) for n, _v, _f in enumerate_sig_fields(reader, filled_status=None)
        )
    except Exception:
        covered = filled
    raw_ranges = len(re.findall(rb"/ByteRange\s*\[", data))
    for name in unsigned:
        hidden = raw_ranges > len(fields)
        fatal.append(
            Message.of(
                "field_not_signature",
                f"signature field '{name}' holds no signature (null or never signed)"
                + (" while a signature of the file is no longer reachable" if hidden else ""),
                f"trường chữ ký '{name}' chứa từ điển chữ ký chưa được ký",
                "error" if hidden else "info",
            )
        )
    return SignatureSites(
        tuple(fields),
        tuple(m for m in fatal if m.severity == "error"),
        covered,
        raw_ranges,
        tuple(m for m in fatal if m.severity != "error"),
    )


def revision_finder(reader: Any, data: bytes) -> Any:
    """``signed_end -> 0-based revision`` whose ``%%EOF`` the offset ends at (or ``None``)."""
    total = reader.xrefs.total_revisions
    starts = [reader.xrefs.get_startxref_for_revision(i) for i in range(total)]
    ends = revision_ends(data)

    def revision_of(end: int) -> int | None:
        for i, s in enumerate(starts):
            nxt = [e for e in ends if e[0] > s]
            if nxt and nxt[0][0] <= end <= nxt[0][1]:
                return i
        if end >= len(data) - 2:
            return total - 1  # type: ignore[no-any-return]
        return None

    return revision_of
