"""Pictures of the signed pages for the report, with the boxes to draw over them.

Each page that shows a signature widget or a change made after signing is rendered by PDFium
(what a reader sees: forms and annotations drawn) at about 96 dpi, longest side at most
:data:`MAX_SIDE` pixels, as a PNG — or a JPEG when the PNG would be large (a scanned page:
a photograph compresses badly without loss). The boxes are not painted into the picture: the HTML
draws them as absolutely positioned outlines in percent of the page (so they stay sharp and
print well). Widget and change rectangles are in PDF user space;
:class:`vndocsign.pdf.geometry.PageFrame` maps them to what is displayed (CropBox and
``/Rotate`` included).
"""

from __future__ import annotations

import base64
import contextlib
import io
from typing import Any

import attrs

from vndocsign.pdf.geometry import PageFrame
from vndocsign.verification._report import VerificationReport

__all__ = ["MAX_PAGES", "MAX_SIDE", "Overlay", "PagePicture", "page_pictures"]

#: resolution of the pictures, and the bounds that keep a report small
DPI = 96
MAX_SIDE = 1600
MAX_PAGES = 12
#: above this many PNG bytes a page is embedded as JPEG instead
_PNG_LIMIT = 350_000


@attrs.frozen
class Overlay:
    """One box over a page picture, in percent of the displayed page (top left origin)."""

    left: float
    top: float
    width: float
    height: float
    #: ``sig`` (a signature's widget) or ``change`` (an area changed after signing)
    kind: str
    #: the signature's number in the report (``None`` for a change)
    number: int | None = None
    #: the change kind (``form_fill``, ``annotation``, ``content``...) for a change
    change: str | None = None


@attrs.frozen
class PagePicture:
    page: int  # 0-based
    image: bytes
    mime: str  # image/png or image/jpeg
    width: int
    height: int
    overlays: tuple[Overlay, ...]

    @property
    def data_uri(self) -> str:
        return f"data:{self.mime};base64," + base64.b64encode(self.image).decode("ascii")


Box = tuple[float, float, float, float]


def _wanted(report: VerificationReport) -> dict[int, list[tuple[Box, str, int | None, str | None]]]:
    """Page -> boxes (user space, kind, signature number, change kind), in report order."""
    pages: dict[int, list[tuple[Box, str, int | None, str | None]]] = {}
    for i, s in enumerate(report.signatures, 1):
        if s.page is not None and s.box is not None:
            pages.setdefault(s.page, []).append((s.box, "sig", i, None))
    seen: set[tuple[int, Box]] = set()
    for s in report.signatures:
        for a in s.changed_areas:
            if (a.page, a.box) not in seen:
                seen.add((a.page, a.box))
                pages.setdefault(a.page, []).append((a.box, "change", None, str(a.kind)))
    return pages


def _overlay(
    frame: PageFrame, box: Box, kind: str, number: int | None, change: str | None
) -> Overlay | None:
    x0, y0, x1, y1 = frame.box_to_display(box)
    w, h = frame.width, frame.height
    if w <= 0 or h <= 0:
        return None
    x0, x1 = max(x0, 0.0), min(x1, w)
    y0, y1 = max(y0, 0.0), min(y1, h)
    if x1 - x0 < 0.5 or y1 - y0 < 0.5:  # invisible signature, or off the page
        return None
    return Overlay(
        left=round(100 * x0 / w, 3),
        top=round(100 * (h - y1) / h, 3),
        width=round(100 * (x1 - x0) / w, 3),
        height=round(100 * (y1 - y0) / h, 3),
        kind=kind,
        number=number,
        change=change,
    )


def _encode(image: Any) -> tuple[bytes, str]:
    buf = io.BytesIO()
    image.save(buf, format="PNG")
    if buf.tell() <= _PNG_LIMIT:
        return buf.getvalue(), "image/png"
    buf = io.BytesIO()
    image.save(buf, format="JPEG", quality=80)
    return buf.getvalue(), "image/jpeg"


def _render(doc: Any, index: int) -> tuple[PageFrame, bytes, str, int, int]:
    page = doc[index]
    try:
        try:  # pdfium's bounding box is the visible box, inherited attributes included
            frame = PageFrame.of(page.get_bbox(), None, page.get_rotation())
        except Exception:
            frame = PageFrame((0, 0, page.get_width(), page.get_height()))
        scale = min(DPI / 72, MAX_SIDE / max(frame.width, frame.height, 1.0))
        bitmap = page.render(scale=scale, may_draw_forms=True, draw_annots=True)
        image = bitmap.to_pil().convert("RGB")
    finally:
        page.close()
    data, mime = _encode(image)
    return frame, data, mime, image.width, image.height


def page_pictures(
    report: VerificationReport, data: bytes, *, password: str | None = None
) -> list[PagePicture]:
    """Pictures of the pages (at most :data:`MAX_PAGES`) that show a signature or a change.

    Returns ``[]`` when PDFium cannot open the file (the report is still written, without
    pictures).
    """
    wanted = _wanted(report)
    if not wanted:
        return []
    try:
        import pypdfium2 as pdfium

        doc = pdfium.PdfDocument(data, password=password)
    except Exception:
        return []
    out: list[PagePicture] = []
    try:
        with contextlib.suppress(Exception):
            doc.init_forms()
        for index in sorted(wanted)[:MAX_PAGES]:
            if not 0 <= index < len(doc):
                continue
            try:
                frame, data, mime, width, height = _render(doc, index)
            except Exception:  # noqa: S112 - a page PDFium cannot draw is left out
                continue
            overlays = [_overlay(frame, *item) for item in wanted[index]]
            out.append(
                PagePicture(
                    index, data, mime, width, height, tuple(o for o in overlays if o is not None)
                )
            )
    finally:
        with contextlib.suppress(Exception):
            doc.close()
    return out
