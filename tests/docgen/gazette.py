"""A Công báo reprint of a generated document, laid out as the Official Gazette prints it.

The Công báo (Official Gazette) reprints each legal-normative document inside its own pages:

* every page has a running header — ``CÔNG BÁO/Số 123 + 124/Ngày 15-01-2025`` in bold, the
  gazette page number on the outer side (left on even pages, right on odd ones), a rule
  under it;
* the first page of the document opens with the section title ``PHẦN I. VĂN BẢN QUY PHẠM
  PHÁP LUẬT`` (the part of the issue) above the issuing body's own header;
* page numbers continue through the issue (a reprint starts at page ``first_page``);
* the document itself is shrunk a little into the gazette's text area.

Built with the docgen Liberation Serif faces (Vietnamese text in the header, unlike a plain
ASCII overlay), so the header is read by the same text layer as a real reprint.
"""

from __future__ import annotations

import io

from pypdf import PdfReader, PdfWriter, Transformation

from docgen.pdf import _font_name, _register_fonts

__all__ = ["gazette_reprint"]

_SCALE = 0.9
_HEADER_ROOM = 58.0  # points under the top edge taken by the header (and the section title)


def _overlay(w: float, h: float, number: str, day: str, page_no: int, first: bool) -> bytes:
    from reportlab.pdfgen.canvas import Canvas

    _register_fonts()
    out = io.BytesIO()
    canvas = Canvas(out, pagesize=(w, h))
    canvas.setFont(_font_name("B"), 12)
    header = f"CÔNG BÁO/Số {number}/Ngày {day}"
    canvas.drawCentredString(w / 2, h - 30, header)
    canvas.setFont(_font_name("B"), 12)
    if page_no % 2:
        canvas.drawRightString(w - 57, h - 30, str(page_no))
    else:
        canvas.drawString(85, h - 30, str(page_no))
    canvas.setLineWidth(0.8)
    canvas.line(85, h - 35, w - 57, h - 35)
    if first:
        canvas.setFont(_font_name("B"), 13)
        canvas.drawCentredString(w / 2, h - 52, "PHẦN I. VĂN BẢN QUY PHẠM PHÁP LUẬT")
    canvas.showPage()
    canvas.save()
    return out.getvalue()


def gazette_reprint(
    pdf: bytes, *, number: str = "123 + 124", day: str = "15-01-2025", first_page: int = 37
) -> bytes:
    """``pdf`` reprinted in the Công báo: shrunk under a running header on every page."""
    source = PdfReader(io.BytesIO(pdf))
    writer = PdfWriter()
    for n, page in enumerate(source.pages):
        w, h = float(page.mediabox.width), float(page.mediabox.height)
        new = writer.add_blank_page(width=w, height=h)
        dx = w * (1 - _SCALE) / 2
        dy = h * (1 - _SCALE) - _HEADER_ROOM + 20
        new.merge_transformed_page(page, Transformation().scale(_SCALE).translate(dx, dy))
        header = PdfReader(io.BytesIO(_overlay(w, h, number, day, first_page + n, n == 0)))
        new.merge_page(header.pages[0])
    out = io.BytesIO()
    writer.write(out)
    return out.getvalue()
