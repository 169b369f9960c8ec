"""The rendering comparison: what a reader sees in the signed revision and in the final file.

Differences inside the rectangle of a later signature widget are expected; inside a form field
or annotation they are visible but permitted changes; anywhere else they are CONTENT changes —
the signature of a shadow attack that an object diff passes as form filling. Widget rectangles
are in user space; :class:`vndocsign.pdf.geometry.PageFrame` maps them to the rendered
(display) frame, CropBox and ``/Rotate`` included.
"""

from __future__ import annotations

import contextlib
from collections.abc import Iterator
from typing import Any

from vndocsign.pdf.geometry import PageFrame
from vndocsign.verification._changes import Change, ChangeAnalysis, ChangeKind

__all__ = ["iter_areas", "render_diff"]

_Mask = tuple[int, int, int, int, ChangeKind]


def iter_areas(
    analysis: ChangeAnalysis, page: int
) -> Iterator[tuple[tuple[float, float, float, float], ChangeKind]]:
    """Rectangles (user space) of page ``page`` (0-based) where later changes may draw."""
    for p, rect, kind in analysis.allowed_areas:
        if p == page:
            yield rect, kind


def _masks(page: Any, analysis: ChangeAnalysis, index: int, scale: float) -> list[_Mask]:
    """Allowed areas of one page in pixel space (y down), with a 2 px margin."""
    try:  # pdfium's bounding box is the visible box, inherited attributes included
        frame = PageFrame.of(page.get_bbox(), None, page.get_rotation())
    except Exception:
        frame = PageFrame((0, 0, page.get_width(), page.get_height()))
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


def _compare(
    da: bytes, db: bytes, width: int, height: int, masks: list[_Mask]
) -> tuple[int, set[ChangeKind]]:
    """(changed pixels outside every allowed area, kinds of the areas that changed)."""
    outside = 0
    kinds_hit: set[ChangeKind] = set()
    for y in range(height):
        row = y * width
        ra, rb = da[row : row + width], db[row : row + width]
        if ra == rb:
            continue
        for x in range(width):
            if abs(ra[x] - rb[x]) <= 40:
                continue
            hit = None
            for mx0, my0, mx1, my1, kind in masks:
                if mx0 <= x <= mx1 and my0 <= y <= my1:
                    hit = kind
                    break
            if hit is None:
                outside += 1
            else:
                kinds_hit.add(hit)
    return outside, kinds_hit


def _page_changes(pa: Any, pb: Any, i: int, analysis: ChangeAnalysis, scale: float) -> list[Change]:
    """Visible differences of page ``i`` (0-based; texts name it 1-based)."""
    if (round(pa.get_width()), round(pa.get_height()), pa.get_rotation()) != (
        round(pb.get_width()),
        round(pb.get_height()),
        pb.get_rotation(),
    ):
        return [Change(ChangeKind.CONTENT, None, f"page {i + 1} size or rotation")]
    ia = pa.render(scale=scale, grayscale=True, may_draw_forms=True, draw_annots=True)
    ib = pb.render(scale=scale, grayscale=True, may_draw_forms=True, draw_annots=True)
    ga, gb = ia.to_pil().convert("L"), ib.to_pil().convert("L")
    if ga.size != gb.size:
        return [Change(ChangeKind.CONTENT, None, f"page {i + 1} renders differently")]
    da, db = ga.tobytes(), gb.tobytes()
    if da == db:
        return []
    width, height = ga.size
    outside, kinds_hit = _compare(da, db, width, height, _masks(pa, analysis, i, scale))
    out: list[Change] = []
    if outside > 2:
        out.append(
            Change(
                ChangeKind.CONTENT,
                None,
                f"page {i + 1}: what a reader sees changed after signing ({outside} px)",
            )
        )
    for kind in sorted(kinds_hit - {ChangeKind.SIGNATURE}):
        out.append(Change(kind, None, f"page {i + 1}: visible {kind.value} change"))
    return out


def render_diff(
    signed: bytes,
    final: bytes,
    analysis: ChangeAnalysis,
    *,
    scale: float = 0.5,
    max_pages: int = 40,
    password: str | None = None,
) -> list[Change]:
    """Render the signed revision and the final file; report visible differences."""
    import pypdfium2 as pdfium

    try:
        a = pdfium.PdfDocument(signed, password=password)
        b = pdfium.PdfDocument(final, password=password)
    except Exception as exc:
        return [Change(ChangeKind.UNEXPLAINED, None, f"revision cannot be rendered: {exc}"[:200])]
    out: list[Change] = []
    try:
        for doc in (a, b):
            with contextlib.suppress(Exception):
                doc.init_forms()
        if len(a) != len(b):
            return [
                Change(
                    ChangeKind.CONTENT,
                    None,
                    f"page count changed from {len(a)} to {len(b)} after signing",
                )
            ]
        for i in range(min(len(a), max_pages)):
            out.extend(_page_changes(a[i], b[i], i, analysis, scale))
    except Exception as exc:
        out.append(Change(ChangeKind.UNEXPLAINED, None, f"rendering failed: {exc}"[:200]))
    finally:
        a.close()
        b.close()
    return out
