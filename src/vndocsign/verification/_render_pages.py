"""Which pages the rendering comparison must draw: those a later change can reach.

A page renders from the objects reachable from it: its dictionary, content streams,
resources, annotations and their appearances, and what it inherits from the page tree. If
none of them was rewritten or freed after the signed revision, the page draws the same
pixels in both revisions and need not be rendered (a 200-page document signed three times
used to be rendered page by page for every signature). Links that lead elsewhere without
drawing anything (``/P``, destinations, actions, the page tree's ``/Kids``) are not
followed. Pages with form widgets are also drawn when the form's defaults changed.
"""

from __future__ import annotations

from typing import Any

from pyhanko.pdf_utils import generic

from vndocsign.verification._change_types import ChangeAnalysis
from vndocsign.verification._pdf_objects import deref, page_index, raw, ref_of

__all__ = ["PageGraph"]

#: keys whose values are followed nowhere: they do not draw on the page
_SKIP = frozenset({"/P", "/Dest", "/A", "/AA", "/Next", "/Prev", "/First", "/Last", "/B"})
#: at most this many objects are walked per page; beyond it the page is rendered
_LIMIT = 5000
#: documents this short are drawn whole: walking a page's fonts costs more than drawing it
_DRAW_ALL = 3


class PageGraph:
    """The references reachable from each page of the final revision (computed once)."""

    def __init__(self, reader: Any) -> None:
        self.reader = reader
        self._children: dict[tuple[int, int], tuple[tuple[int, int], ...]] = {}
        self._pages: list[tuple[int, int]] | None = None
        self._reach: dict[int, frozenset[int] | None] = {}
        self._form: frozenset[int] | None = None

    def pages(self) -> list[tuple[int, int]]:
        if self._pages is None:
            order = page_index(self.reader)
            self._pages = [ref for ref, _i in sorted(order.items(), key=lambda kv: kv[1])]
        return self._pages

    def to_render(self, analysis: ChangeAnalysis, count: int) -> set[int]:
        """0-based indices (below ``count``) of the pages a change can reach."""
        everything = set(range(count))
        changed = analysis.changed
        if changed is None or count <= _DRAW_ALL:
            return everything
        pages = self.pages()
        if len(pages) != count:
            return everything
        form_changed = bool(self.form_objects() & changed)
        out: set[int] = set()
        for i in range(count):
            reach = self.reach(i)
            if reach is None or reach & changed or (form_changed and self._has_widget(pages[i])):
                out.add(i)
        return out

    def reach(self, index: int) -> frozenset[int] | None:
        """Object numbers reachable from page ``index`` (``None``: too many or unreadable)."""
        if index not in self._reach:
            self._reach[index] = self._walk(self.pages()[index])
        return self._reach[index]

    def form_objects(self) -> frozenset[int]:
        """The form dictionary and its defaults (``/DR``, ``/DA``): they draw widgets."""
        if self._form is None:
            out: set[int] = set()
            try:
                form = raw(self.reader.root, "/AcroForm")
                r = ref_of(form)
                if r is not None:
                    out.add(r[0])
                d = deref(form)
                if isinstance(d, generic.DictionaryObject):
                    walked = self._walk_from([ref_of(raw(d, "/DR"))])
                    out |= walked or set()
            except Exception:  # noqa: S110 - unreadable form: nothing to add
                pass
            self._form = frozenset(out)
        return self._form

    def _has_widget(self, page_ref: tuple[int, int]) -> bool:
        try:
            page = self.reader.get_object(generic.Reference(*page_ref))
            annots = deref(raw(page, "/Annots"))
            if not isinstance(annots, generic.ArrayObject):
                return False
            return any(
                isinstance(a := deref(x), generic.DictionaryObject)
                and str(a.get("/Subtype", "")) == "/Widget"
                for x in annots.iterate()
            )
        except Exception:
            return True

    def _walk(self, page_ref: tuple[int, int]) -> frozenset[int] | None:
        walked = self._walk_from([page_ref])
        return frozenset(walked) if walked is not None else None

    def _walk_from(self, starts: list[tuple[int, int] | None]) -> set[int] | None:
        seen: set[tuple[int, int]] = set()
        todo = [s for s in starts if s is not None]
        while todo:
            ref = todo.pop()
            if ref in seen:
                continue
            seen.add(ref)
            if len(seen) > _LIMIT:
                return None
            children = self._children_of(ref)
            if children is None:
                return None
            todo.extend(children)
        return {r[0] for r in seen}

    def _children_of(self, ref: tuple[int, int]) -> tuple[tuple[int, int], ...] | None:
        if ref not in self._children:
            try:
                obj = self.reader.get_object(generic.Reference(*ref))
            except Exception:
                return None
            out: list[tuple[int, int]] = []
            _collect(obj, out, _is_page_node(obj), 0)
            self._children[ref] = tuple(out)
        return self._children[ref]


def _is_page_node(obj: object) -> bool:
    if not isinstance(obj, generic.DictionaryObject):
        return False
    return str(obj.get("/Type", "")) in ("/Page", "/Pages") or ("/Kids" in obj and "/Count" in obj)


def _collect(obj: object, out: list[tuple[int, int]], page_node: bool, depth: int) -> None:
    if depth > 32:
        return
    if isinstance(obj, generic.IndirectObject):
        out.append((obj.idnum, obj.generation))
    elif isinstance(obj, generic.DictionaryObject):
        for key in obj:
            if key in _SKIP or (page_node and key == "/Kids"):
                continue
            value = raw(obj, key)
            if value is not None:
                _collect(value, out, False, depth + 1)
    elif isinstance(obj, generic.ArrayObject):
        for x in obj.iterate():
            _collect(x, out, False, depth + 1)
