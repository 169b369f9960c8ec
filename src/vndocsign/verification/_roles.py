"""Decree 30 roles of real signatures, and what an agency signature stamped.

Real issued documents (realdocs README) carry the leader's personal signature, then agency
signatures of the registry (văn thư) that stamp the number into the ``Số:      /…`` blank, the
day (and month) into the date line, and the seal over the left third of the personal signature;
attachments get the agency's stamp at the top of their pages. None of this is declared in the
file: it is read from

* the certificate (:func:`vndocsign.pki.certificate_kind`: individual or organization);
* the ``/Reason``, the field name and the appearance text (:mod:`._appearance`: ``ký tắt``/
  ``ký nháy`` → initial; ``sao y``/``bản sao`` → copy; an appearance showing only figures —
  the VGCA number and date stamps — is never a seal, and its text is ``stamped_text``);
* the widget position relative to the ``Số:`` line and the date line of the page (text lines of
  :func:`vndocsign.pdf.load_text`), to earlier signatures' widgets (a seal overlaps them), and
  to the signer's page (attachment pages come after it);
* the widget's shape (an initial is a small mark; a seal is a square of a few centimetres);
* the signing order.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence
from typing import TYPE_CHECKING, Any

import attrs

from vndocsign.model import SignatureRole
from vndocsign.pki import CertificateKind
from vndocsign.verification._appearance import Appearance, read_appearance
from vndocsign.verification._context import SignatureSite
from vndocsign.verification._report import SignatureReport
from vndocsign.verification._states import SignatureType, Stamp

if TYPE_CHECKING:
    from vndocsign.pdf import PdfText

__all__ = ["DocumentText", "PageLayout", "infer_roles", "read_layouts"]

_INITIAL = re.compile(r"k[yý]\s*t[aắ]t|k[yý]\s*nh[aá]y|initial", re.IGNORECASE)
_COPY = re.compile(r"sao\s*y|sao\s*l[uụ]c|tr[ií]ch\s*sao|b[aả]n\s*sao|\bcopy\b", re.IGNORECASE)
_NUMBER_LINE = re.compile(r"^\W*S[ốô]\s*(?::|\d)")
_DATE_LINE = re.compile(r"ng[àa]y\b.*th[áa]ng", re.IGNORECASE)
_DAY_WORD = re.compile(r"\bng[àa]y\b", re.IGNORECASE)

Rect = tuple[float, float, float, float]


@attrs.frozen
class PageLayout:
    """What a page shows around the blanks (PDF user space)."""

    width: float = 595.0
    height: float = 842.0
    number_line: Rect | None = None
    date_line: Rect | None = None
    #: the date line as printed (blanks where the registry stamps the day or month)
    date_text: str | None = None

    @property
    def header_band(self) -> tuple[float, float] | None:
        """The vertical band of the ``Số:`` and date lines (with some slack)."""
        lines = [r for r in (self.number_line, self.date_line) if r is not None]
        if not lines:
            return None
        return min(r[1] for r in lines) - 15.0, max(r[3] for r in lines) + 15.0


@attrs.define
class DocumentText:
    """The document's text layer, read on first use only (PDFium is not free)."""

    data: bytes
    _text: Any = None
    _read: bool = False
    _layouts: Callable[[int], PageLayout] | None = None

    def get(self) -> PdfText | None:
        if not self._read:
            self._read = True
            from vndocsign.pdf import load_text

            try:
                self._text = load_text(self.data)
            except Exception:  # scans with junk, damaged files: geometry alone decides
                self._text = None
        return self._text  # type: ignore[no-any-return]

    def layouts(self) -> Callable[[int], PageLayout]:
        """A lazy page index → layout function (text read once, on first call)."""
        cache: list[Callable[[int], PageLayout]] = []

        def layout_of(page: int) -> PageLayout:
            if not cache:
                cache.append(read_layouts(self.get()))
            return cache[0](page)

        if self._layouts is None:
            self._layouts = layout_of
        return self._layouts


def _date_line(header: Sequence[Any]) -> tuple[Rect, str] | None:
    """The date line of the header: the blank the registry fills splits it into pieces on
    one baseline ("Hà Nội, ngày" … "tháng 12 năm 2025"), joined here left to right (the
    ``Số:`` line on the same baseline, left of it, is not part of it)."""
    for line in header:
        if not _DAY_WORD.search(line.text):
            continue
        pieces = sorted(
            (
                ln
                for ln in header
                if abs(ln.baseline - line.baseline) < 3.0 and ln.bbox[0] >= line.bbox[0] - 1.0
            ),
            key=lambda ln: ln.bbox[0],
        )
        text = " ".join(ln.text for ln in pieces)
        if _DATE_LINE.search(text):
            boxes = [ln.bbox for ln in pieces]
            rect = (
                min(b[0] for b in boxes),
                min(b[1] for b in boxes),
                max(b[2] for b in boxes),
                max(b[3] for b in boxes),
            )
            return rect, text
    return None


def read_layouts(text: PdfText | None) -> Callable[[int], PageLayout]:
    """Page index → layout (no text layer: default A4 layouts, geometry alone decides)."""
    layouts: dict[int, PageLayout] = {}
    if text is None:
        return lambda _page: PageLayout()
    for page in text.pages:
        top = page.height * 0.8  # the Số and date lines stand in the header
        number = next(
            (ln.bbox for ln in page.lines if ln.bbox[1] > top and _NUMBER_LINE.search(ln.text)),
            None,
        )
        date = _date_line([ln for ln in page.lines if ln.bbox[1] > top])
        layouts[page.index] = PageLayout(
            page.width,
            page.height,
            tuple(number) if number else None,  # type: ignore[arg-type]
            date[0] if date else None,
            date[1] if date else None,
        )
    return lambda page: layouts.get(page, PageLayout())


def _overlap(a: Rect, b: Rect) -> float:
    w = min(a[2], b[2]) - max(a[0], b[0])
    h = min(a[3], b[3]) - max(a[1], b[1])
    return w * h if w > 0 and h > 0 else 0.0


def _is_seal_shape(r: Rect) -> bool:
    w, h = r[2] - r[0], r[3] - r[1]
    return w >= 60 and h >= 60 and 0.7 <= w / h <= 1.4


def _base_role(
    site: SignatureSite, report: SignatureReport, shown: Appearance | None
) -> SignatureRole | None:
    """The role from the certificate, the reason, the appearance text and the widget's size."""
    if report.type is not SignatureType.SIGNATURE or report.signer is None:
        return None
    text = " ".join(x for x in (site.reason, site.name, shown.text if shown else None) if x)
    if _INITIAL.search(text):
        return SignatureRole.INITIAL
    kind = report.signer.kind
    if kind is CertificateKind.ORGANIZATION:
        return SignatureRole.COPY if _COPY.search(text) else SignatureRole.AGENCY
    if kind is CertificateKind.INDIVIDUAL:
        r = site.rect
        if r is not None and ((r[2] - r[0]) < 40 or (r[3] - r[1]) < 12):
            return SignatureRole.INITIAL
        return SignatureRole.PERSONAL
    return None


@attrs.frozen
class _Placed:
    site: SignatureSite
    role: SignatureRole | None
    shown: Appearance | None = None


def _stamp(
    placed: _Placed, layout: PageLayout, earlier: Sequence[_Placed], signer_page: int | None
) -> tuple[SignatureRole, tuple[Stamp, ...]]:
    """An organization signature's role and what it stamped.

    A widget showing only figures (the VGCA number and date stamps) is never a seal.
    """
    site = placed.site
    r, page = site.rect, site.page
    if r is None or page is None:
        return SignatureRole.AGENCY, ()
    upper = r[1] > layout.height * 0.6
    if signer_page is not None and page > signer_page and upper:
        return SignatureRole.ATTACHMENT, (Stamp.ATTACHMENT_STAMP,)
    band = layout.header_band
    in_band = (band is not None and r[1] < band[1] and r[3] > band[0]) or (
        band is None and r[1] > layout.height * 0.8 and (r[3] - r[1]) < 45
    )
    if in_band and not _is_seal_shape(r):
        date_x = layout.date_line[0] if layout.date_line else layout.width / 2
        centre = (r[0] + r[2]) / 2
        return SignatureRole.AGENCY, ((Stamp.DATE,) if centre >= date_x else (Stamp.NUMBER,))
    if placed.shown is not None and placed.shown.is_figure_stamp:
        return SignatureRole.AGENCY, ()
    for other in earlier:
        if (
            other.site.page == page
            and other.site.rect is not None
            and _overlap(r, other.site.rect) > 0
            and other.role is not SignatureRole.INITIAL
        ):
            return SignatureRole.AGENCY, (Stamp.SEAL,)
    if _is_seal_shape(r):
        return SignatureRole.AGENCY, (Stamp.SEAL,)
    return SignatureRole.AGENCY, ()


def infer_roles(
    checked: Sequence[tuple[SignatureSite, SignatureReport]],
    layout_of: Callable[[int], PageLayout] | None = None,
) -> list[SignatureReport]:
    """Reports in signing order, each with its role and (agency signatures) what it stamped."""
    ordered = sorted(checked, key=lambda p: p[0].revision if p[0].revision is not None else 10**9)
    shown = [read_appearance(site.field) if site.field is not None else None for site, _ in ordered]
    base = [
        _Placed(site, _base_role(site, report, ap), ap)
        for (site, report), ap in zip(ordered, shown, strict=True)
    ]
    personal_pages = [p.site.page for p in base if p.role is SignatureRole.PERSONAL]
    any_pages = [p.site.page for p in base if p.role is not None]
    signer_page = (personal_pages or any_pages or [None])[0]
    layout_of = layout_of or (lambda _page: PageLayout())
    out: list[SignatureReport] = []
    placed: list[_Placed] = []
    for (site, report), first in zip(ordered, base, strict=True):
        role = first.role
        stamped: tuple[Stamp, ...] = ()
        if role is SignatureRole.AGENCY:
            role, stamped = _stamp(first, layout_of(site.page or 0), placed, signer_page)
        placed.append(attrs.evolve(first, role=role))
        text = (
            first.shown.text
            if first.shown
            and first.shown.is_figure_stamp
            and (Stamp.NUMBER in stamped or Stamp.DATE in stamped)
            else None
        )
        out.append(attrs.evolve(report, role=role, stamped=stamped, stamped_text=text or None))
    return out
