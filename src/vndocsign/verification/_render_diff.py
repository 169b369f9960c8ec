"""The rendering comparison: what a reader sees in the signed revision and in the final file.

Differences inside the rectangle of a later signature widget are expected; inside a form field
or annotation they are visible but permitted changes; anywhere else they are CONTENT changes —
the signature of a shadow attack that an object diff passes as form filling. Widget rectangles
are in user space; :class:`vndocsign.pdf.geometry.PageFrame` maps them to the rendered
(display) frame, CropBox and ``/Rotate`` included. Every revision is rendered once per file
(:class:`RenderCache`), and pixels are compared with Pillow's C routines.
"""

from __future__ import annotations

import contextlib
from collections.abc import Iterator
from typing import Any

import attrs

from vndocsign.pdf.geometry import PageFrame
from vndocsign.verification._changes import Change, ChangeAnalysis, ChangeKind
from vndocsign.verification._render_pages import PageGraph

__all__ = ["RenderCache", "iter_areas", "render_diff"]

_Mask = tuple[int, int, int, int, ChangeKind]
_Box = tuple[float, float, float, float]


def iter_areas(
    analysis: ChangeAnalysis, page: int
) -> Iterator[tuple[tuple[float, float, float, float], ChangeKind]]:
    """Rectangles (user space) of page ``page`` (0-based) where later changes may draw."""
    for p, rect, kind in analysis.allowed_areas:
        if p == page:
            yield rect, kind


@attrs.define
class RenderCache:
    """Rendered pages of one file, shared by every signature it concerns.

    Each revision (the bytes up to a signature's end, or the whole file) is opened and each of
    its pages rendered at most once, however many earlier signatures compare against it: the
    final revision used to be re-rendered for every earlier signature.
    """

    data: bytes
    password: str | None = None
    scale: float = 0.5
    #: pyHanko reader of the final revision: only pages a change can reach are drawn
    graph: PageGraph | None = None
    _docs: dict[int, Any] = attrs.field(factory=dict)
    _pages: dict[tuple[int, int], _Page] = attrs.field(factory=dict)

    def document(self, end: int) -> Any:
        """The pdfium document of ``data[:end]`` (raises what pdfium raises)."""
        doc = self._docs.get(end)
        if doc is None:
            import pypdfium2 as pdfium

            doc = pdfium.PdfDocument(self.data[:end], password=self.password)
            with contextlib.suppress(Exception):
                doc.init_forms()
            self._docs[end] = doc
        return doc

    def page(self, end: int, index: int) -> _Page:
        """Page ``index`` of revision ``end``: its frame, size and grey pixels."""
        key = (end, index)
        cached = self._pages.get(key)
        if cached is None:
            page = self.document(end)[index]
            try:
                try:  # pdfium's bounding box is the visible box, inherited attributes included
                    frame = PageFrame.of(page.get_bbox(), None, page.get_rotation())
                except Exception:
                    frame = PageFrame((0, 0, page.get_width(), page.get_height()))
                bitmap = page.render(
                    scale=self.scale, grayscale=True, may_draw_forms=True, draw_annots=True
                )
                image = bitmap.to_pil().convert("L")
                shape = (round(page.get_width()), round(page.get_height()), page.get_rotation())
            finally:
                page.close()
            cached = _Page(frame, shape, image)
            self._pages[key] = cached
        return cached

    def close(self) -> None:
        for doc in self._docs.values():
            with contextlib.suppress(Exception):
                doc.close()
        self._docs.clear()
        self._pages.clear()


@attrs.frozen
class _Page:
    frame: PageFrame
    #: rounded width and height (points) and rotation: a change of any is a content change
    shape: tuple[int, int, int]
    image: Any  # PIL "L" image


def _masks(frame: PageFrame, analysis: ChangeAnalysis, index: int, scale: float) -> list[_Mask]:
    """Allowed areas of one page in pixel space (y down), with a 2 px margin."""
    out: list[_Mask] = []
    for rect, kind in iter_areas(analysis, index):
        x0, y0, x1, y1 = frame.box_to_display(rect)
        out.append(
            (
                int(x0 * scale) - 2,
                int((frame.height - y1) * scale) - 2,
                int(x1 * scale) + 2,
                int((frame.height - y0) * scale) + 2,
                kind,
            )
        )
    return out


def _compare(a: Any, b: Any, masks: list[_Mask]) -> tuple[Any, set[ChangeKind]]:
    """(image of the changed pixels outside every allowed area, kinds of the areas that changed).

    A pixel changed when its grey level moved by more than 40; a pixel inside several areas
    counts for the first one listed.
    """
    from PIL import ImageChops, ImageDraw

    diff = ImageChops.difference(a, b).point(lambda v: 255 if v > 40 else 0)
    kinds_hit: set[ChangeKind] = set()
    draw = ImageDraw.Draw(diff)
    width, height = diff.size
    for x0, y0, x1, y1, kind in masks:
        box = (max(x0, 0), max(y0, 0), min(x1 + 1, width), min(y1 + 1, height))
        if box[0] >= box[2] or box[1] >= box[3]:
            continue
        if diff.crop(box).getbbox() is not None:
            kinds_hit.add(kind)
            draw.rectangle((box[0], box[1], box[2] - 1, box[3] - 1), fill=0)
    return diff, kinds_hit


def _bands(diff: Any, gap: int = 12, limit: int = 12) -> list[tuple[int, int, int, int]]:
    """Pixel boxes of the changed pixels, one per horizontal band (bands further apart than
    ``gap`` rows are separate boxes): what the verification report outlines in red."""
    width, height = diff.size
    data = diff.tobytes()
    rows = [b"\xff" in data[y * width : (y + 1) * width] for y in range(height)]
    out: list[tuple[int, int, int, int]] = []
    start: int | None = None
    last = -gap - 1
    for y, v in enumerate([*rows, False]):
        if v and start is None:
            start = y
        if v:
            last = y
        elif start is not None and (y - last > gap or y == height):
            box = diff.crop((0, start, width, last + 1)).getbbox()
            if box is not None:
                out.append((box[0], box[1] + start, box[2], box[3] + start))
            start = None
    return out[:limit]


def _user_box(frame: PageFrame, box: tuple[int, int, int, int], scale: float) -> _Box:
    """A pixel box (y down) of a rendered page back in user space."""
    x0, y0, x1, y1 = (v / scale for v in box)
    h = frame.height
    b = frame.box_to_user((x0, h - y1, x1, h - y0))
    return (round(b[0], 1), round(b[1], 1), round(b[2], 1), round(b[3], 1))


def _page_changes(
    cache: RenderCache, signed_end: int, i: int, analysis: ChangeAnalysis
) -> list[Change]:
    """Visible differences of page ``i`` (0-based; texts name it 1-based)."""
    pa = cache.page(signed_end, i)
    pb = cache.page(len(cache.data), i)
    if pa.shape != pb.shape:
        return [Change(ChangeKind.CONTENT, None, f"page {i + 1} size or rotation")]
    if pa.image.size != pb.image.size:
        return [Change(ChangeKind.CONTENT, None, f"page {i + 1} renders differently")]
    if pa.image.tobytes() == pb.image.tobytes():
        return []
    masks = _masks(pa.frame, analysis, i, cache.scale)
    diff, kinds_hit = _compare(pa.image, pb.image, masks)
    outside = diff.histogram()[255]
    out: list[Change] = []
    if outside > 2:
        reason = f"page {i + 1}: what a reader sees changed after signing ({outside} px)"
        bands = _bands(diff) or [(0, 0, *diff.size)]
        out.extend(
            Change(
                ChangeKind.CONTENT,
                None,
                reason,
                page=i,
                box=_user_box(pb.frame, band, cache.scale),
            )
            for band in bands
        )
    for kind in sorted(kinds_hit - {ChangeKind.SIGNATURE}):
        out.append(Change(kind, None, f"page {i + 1}: visible {kind.value} change"))
    return out


def render_diff(
    cache: RenderCache,
    signed_end: int,
    analysis: ChangeAnalysis,
    *,
    max_pages: int = 40,
) -> list[Change]:
    """Compare the revision ending at ``signed_end`` with the final file, page by page."""
    try:
        a = cache.document(signed_end)
        b = cache.document(len(cache.data))
    except Exception as exc:
        return [Change(ChangeKind.UNEXPLAINED, None, f"revision cannot be rendered: {exc}"[:200])]
    if len(a) != len(b):
        return [
            Change(
                ChangeKind.CONTENT,
                None,
                f"page count changed from {len(a)} to {len(b)} after signing",
            )
        ]
    out: list[Change] = []
    count = min(len(a), max_pages)
    try:
        pages = cache.graph.to_render(analysis, len(a)) if cache.graph else set(range(count))
        for i in sorted(p for p in pages if p < count):
            out.extend(_page_changes(cache, signed_end, i, analysis))
    except Exception as exc:
        out.append(Change(ChangeKind.UNEXPLAINED, None, f"rendering failed: {exc}"[:200]))
    return out
