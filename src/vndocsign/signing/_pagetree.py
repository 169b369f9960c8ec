"""pyHanko's page lookup without parsing every page before the one signed (issue 17).

Why: to put a signature field on page N, pyHanko walks the page tree and resolves every kid
before N to read its ``/Type`` (and a ``/Pages`` node's ``/Count``), parsing each whole page
dictionary in Python (~0.5 ms each): signing the last page of a 200-page báo cáo spent
~100 ms there, against ~1 ms on a 5-page one. :class:`FastPageWriter` walks the same tree
the same way (this is ``pyhanko.pdf_utils.rw_common.PdfHandler._walk_page_tree`` of
pyHanko 0.38, line for line) but reads a skipped kid's ``/Type`` and ``/Count`` with the
strict raw reader (:mod:`vndocsign.pdf._rawobj`, ~10 µs); the target page and the nodes on
its path are still resolved by pyHanko, and any kid the raw reader does not read exactly, or
that the writer has changed in memory, is resolved by pyHanko as before.
"""

from __future__ import annotations

import contextlib
from typing import Any

from pyhanko.pdf_utils import generic, misc
from pyhanko.pdf_utils.incremental_writer import IncrementalPdfFileWriter
from pyhanko.pdf_utils.misc import PdfError
from pyhanko.pdf_utils.xref import ObjStreamRef

from vndocsign._limits import current_limits
from vndocsign.pdf._rawobj import RawObjects, Ref, UnsupportedError

__all__ = ["FastPageWriter"]


class FastPageWriter(IncrementalPdfFileWriter):
    """pyHanko's incremental writer whose page lookup skips kids cheaply (module notes)."""

    _raw: RawObjects | None = None

    def _raw_objects(self) -> RawObjects:
        if self._raw is None:
            reader = self.prev
            stream = reader.stream
            xrefs = reader.xrefs

            def read_at(offset: int, size: int) -> bytes:
                stream.seek(offset)
                return bytes(stream.read(size))

            def lookup(num: int, gen: int) -> int | tuple[int, int] | None:
                where = xrefs[generic.Reference(num, gen)]
                if where is None:
                    return None
                if isinstance(where, ObjStreamRef):
                    return int(where.obj_stream_id), int(where.ix_in_stream)
                return int(where)

            # what pyHanko reads otherwise (a repeated key...) is left to pyHanko
            self._raw = RawObjects(
                read_at, lookup, current_limits().max_stream_size, like_pyhanko=True
            )
        return self._raw

    def _kid_kind(self, kid_ref: Any) -> tuple[Any, int]:
        """(``/Type``, ``/Count`` of a ``/Pages`` node else 0) of a kid, as pyHanko reads them."""
        key = (kid_ref.generation, kid_ref.idnum)
        if key not in self.objects:
            try:
                found = self._raw_objects().get(Ref(kid_ref.idnum, kid_ref.generation))
                kind = found.get("Type") if isinstance(found, dict) else None
                if kind == "Page":
                    return "/Page", 0
                if kind == "Pages":
                    count = self._raw_objects().get(found.get("Count"))
                    if type(count) is int:
                        return "/Pages", count
            except (UnsupportedError, ValueError, TypeError, KeyError, OSError, RecursionError):
                pass
        kid = kid_ref.get_object()
        node_type = kid["/Type"]
        return node_type, kid["/Count"] if node_type == "/Pages" else 0

    def _walk_page_tree(self, page_ix: int, retrieve_parent: bool) -> Any:
        page_tree_root_ref = self.root.raw_get("/Pages")
        assert isinstance(page_tree_root_ref, generic.IndirectObject)
        page_tree_root = page_tree_root_ref.get_object()  # type: ignore[no-untyped-call]
        assert isinstance(page_tree_root, generic.DictionaryObject)
        try:
            root_resources = page_tree_root["/Resources"]
        except KeyError:
            root_resources = generic.DictionaryObject()  # type: ignore[no-untyped-call]

        page_count = page_tree_root["/Count"]
        if page_ix < 0:
            page_ix = page_count + page_ix
        if not (0 <= page_ix < page_count):
            raise PdfError("Page index out of range")

        def _recurse(
            first_page_ix: int, pages_obj_ref: Any, last_rsrc_dict: Any, refs_seen: Any
        ) -> Any:
            pages_obj = pages_obj_ref.get_object()
            kids = pages_obj["/Kids"]
            with contextlib.suppress(KeyError):
                last_rsrc_dict = pages_obj.raw_get("/Resources")

            cur_page_ix = first_page_ix
            for kid_index, kid_ref in enumerate(kids):
                if not isinstance(kid_ref, generic.IndirectObject):
                    raise misc.PdfReadError("Page tree node children must be indirect objects")
                if kid_ref.reference in refs_seen:
                    raise misc.PdfReadError("Circular reference in page tree")

                node_type, desc_count = self._kid_kind(kid_ref)
                if node_type == "/Pages":
                    if cur_page_ix <= page_ix < cur_page_ix + desc_count:
                        return _recurse(
                            cur_page_ix,
                            kid_ref,
                            last_rsrc_dict,
                            refs_seen | {kid_ref.reference},
                        )
                    cur_page_ix += desc_count
                elif node_type == "/Page":
                    if cur_page_ix == page_ix:
                        if retrieve_parent:
                            return (pages_obj_ref, kid_index, last_rsrc_dict)
                        kid = kid_ref.get_object()  # type: ignore[no-untyped-call]
                        with contextlib.suppress(KeyError):
                            last_rsrc_dict = kid.raw_get("/Resources")
                        return kid_ref, last_rsrc_dict
                    cur_page_ix += 1
            raise PdfError("Page not found")

        return _recurse(0, page_tree_root_ref, root_resources, set())
