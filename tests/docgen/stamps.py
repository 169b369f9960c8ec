"""Issued documents as registries make them: the number and day stamped by agency signatures.

Real issued documents (issue 12) leave ``Số:      /BNV-TCPCP`` and ``ngày      tháng 12 năm
2025`` blank in the page content; the registry's agency signatures (VGCA tools) draw the number
and the day into those blanks as their widget appearances. :func:`issue_by_stamps` does the
same with pyHanko and the shared test PKI (``tests/pki``): a text-appearance signature over the
number blank, another over the day blank. :func:`stamp` is the single step.
"""

from __future__ import annotations

import io

from docgen.pdf import RenderedDoc, _width
from tests.pki import AGENCY_MST, VnTestPki

__all__ = ["blank_day_line", "issue_by_stamps", "stamp"]

BBox = tuple[float, float, float, float]


def stamp(
    pdf: bytes,
    pki: VnTestPki,
    field: str,
    text: str,
    rect: BBox | None,
    *,
    label: str = AGENCY_MST,
    page: int = 0,
    size: int = 13,
) -> bytes:
    """Sign ``pdf`` (incrementally) with a widget whose appearance draws ``text`` in ``rect``,
    right-aligned on the rectangle's baseline (``rect`` ``None``: an invisible signature)."""
    from pyhanko import stamp as stamps
    from pyhanko.pdf_utils import layout
    from pyhanko.pdf_utils import text as pdftext
    from pyhanko.pdf_utils.incremental_writer import IncrementalPdfFileWriter
    from pyhanko.sign import fields, signers

    style = stamps.TextStampStyle(
        stamp_text=text,
        border_width=0,
        background=None,
        text_box_style=pdftext.TextBoxStyle(font_size=size, border_width=0),
        inner_content_layout=layout.SimpleBoxLayoutRule(
            x_align=layout.AxisAlignment.ALIGN_MAX,
            y_align=layout.AxisAlignment.ALIGN_MIN,
            margins=layout.Margins(0, 0, 0, 0),
        ),
    )
    out = signers.PdfSigner(
        signers.PdfSignatureMetadata(field_name=field),
        signer=pki.simple_signer(label),
        new_field_spec=fields.SigFieldSpec(field, box=rect, on_page=page),
        stamp_style=style,
    ).sign_pdf(IncrementalPdfFileWriter(io.BytesIO(pdf)))
    return bytes(out.getvalue())


def blank_day_line(place: str, month: int, year: int) -> str:
    """``"Hà Nội, ngày      tháng 12 năm 2025"``: the day left for the registry's stamp."""
    return (
        f"{place}, ngày      tháng {month:02d} năm {year}"
        if month <= 2
        else (f"{place}, ngày      tháng {month} năm {year}")
    )


def issue_by_stamps(
    doc: RenderedDoc, pki: VnTestPki, number: int, day: int, *, personal: str | None = None
) -> bytes:
    """Stamp ``number`` into the blank of ``Số:      /…`` and ``day`` into ``ngày      tháng``.

    ``doc`` must be rendered with a blank number (``number="/BNV-TCPCP"``) and a blank day
    (``date_text=blank_day_line(...)``), upright (no ``/Rotate``). ``personal``: a personal
    signature label signed first, invisibly (real ones are images: no text).
    """
    pdf = doc.pdf
    if personal is not None:
        pdf = stamp(pdf, pki, "Signature1", "", None, label=personal)
    num = doc.truth.fields["number"]
    slash = num.bbox[0] + _width(doc.spec.printed_number.split("/")[0], "R", 13)
    digits = f"{number:02d}"
    rect = (slash - _width(digits, "R", 13) - 4, num.baseline - 4, slash - 0.5, num.baseline + 12)
    pdf = stamp(pdf, pki, "Signature2", digits, rect)
    date = doc.truth.fields["date_line"]
    before = doc.spec.printed_date.split("ngày")[0] + "ngày "
    x = date.bbox[0] + _width(before, "I", 13)
    rect = (x, date.baseline - 4, x + _width("00", "R", 13) + 4, date.baseline + 12)
    return stamp(pdf, pki, "Signature3", f"{day:02d}", rect)
