"""A Decree 30 document as a clerk receives it: personal signature, a note added after it,
then the agency signature (for the report tests)."""

from __future__ import annotations

import io
from collections.abc import Callable

from tests.pki import AGENCY_MNS, PERSONAL

#: widget and annotation rectangles in PDF user space (points) on page 1 of the sample
PERSONAL_BOX = (330, 120, 530, 200)
AGENCY_BOX = (70, 120, 270, 200)
NOTE_BOX = (380, 620, 540, 690)


def add_note(pdf: bytes, rect: tuple[float, float, float, float] = NOTE_BOX) -> bytes:
    """An incremental update that adds a square comment (a visible annotation) to page 1."""
    from pyhanko.pdf_utils import generic
    from pyhanko.pdf_utils.incremental_writer import IncrementalPdfFileWriter

    w = IncrementalPdfFileWriter(io.BytesIO(pdf))
    page_ref, _ = w.find_page_for_modification(0)
    page = page_ref.get_object()
    name = generic.NameObject
    annot = generic.DictionaryObject(
        {
            name("/Type"): name("/Annot"),
            name("/Subtype"): name("/Square"),
            name("/Rect"): generic.ArrayObject([generic.FloatObject(v) for v in rect]),
            name("/C"): generic.ArrayObject([generic.FloatObject(v) for v in (0, 0.6, 0)]),
            name("/BS"): generic.DictionaryObject({name("/W"): generic.NumberObject(3)}),
            name("/Contents"): generic.TextStringObject("Ghi chú"),
            name("/P"): page_ref,
        }
    )
    ref = w.add_object(annot)
    annots = page.raw_get("/Annots") if "/Annots" in page else None
    if isinstance(annots, generic.IndirectObject):
        array = annots.get_object()
        array.append(ref)
        w.mark_update(annots)
    elif annots is not None:
        annots.append(ref)
        w.update_container(page)
    else:
        page[name("/Annots")] = generic.ArrayObject([ref])
        w.update_container(page)
    out = io.BytesIO()
    w.write(out)
    return out.getvalue()


def clerk_document(sign: Callable[..., bytes]) -> bytes:
    from vndocsign.samples import sample_pdf

    pdf = sign(sample_pdf("cong-van"), who=PERSONAL, field="CaNhan", box=PERSONAL_BOX)
    pdf = add_note(pdf)
    return sign(pdf, who=AGENCY_MNS, field="CoQuan", box=AGENCY_BOX)
