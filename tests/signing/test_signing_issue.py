"""The Decree 30 flows end to end: an initialled draft, a signed tờ trình, an issued document.

Documents come from ``tests/docgen`` (realistic layouts with ground truth: where "./." and
the signer block were drawn).
"""

from __future__ import annotations

import io
import re
from pathlib import Path

import pytest

from tests.pki import vnpki
from tests.signing.helpers import assert_all_good, pdfsig, text_of, validate
from vndocsign.signing import (
    Appearance,
    Box,
    DocumentRefusedError,
    find_issue_blanks,
    issue_document,
    sign_for_issue,
    sign_pdf,
)

docgen = pytest.importorskip("docgen")
specs = docgen.specs


@pytest.fixture(scope="module", autouse=True)
def _fonts() -> None:
    docgen.require_fonts()


def test_draft_initialled_right_after_closing_mark(vn_pki, keys):
    doc = docgen.render(specs.draft_quyet_dinh())
    _cx0, cy0, cx1, cy1 = doc.truth.closing.bbox
    page = doc.truth.closing.page
    box = Box((cx1 + 1.5, cy0 - 2, cx1 + 1.5 + 28, cy1 + 2), page)
    out = sign_pdf(doc.pdf, keys[vnpki.PERSONAL_2], role="initial", placement=box)
    assert_all_good(out, vn_pki)
    from pyhanko.pdf_utils.reader import PdfFileReader

    sig = PdfFileReader(io.BytesIO(out)).embedded_signatures[0]
    rect = [float(v) for v in sig.sig_field["/Rect"]]
    assert rect[0] >= cx1 and rect[0] - cx1 < 3  # the initial sits right after "./."
    assert rect[1] <= cy0 and rect[3] >= cy1  # on the closing line
    assert "Bình" in text_of(out, page=page + 1, area=tuple(rect))  # the short name


def test_to_trinh_signed_personally(vn_pki, keys, signature_png, nss_db, tmp_path: Path):
    doc = docgen.render(specs.to_trinh())
    area = doc.truth.signers[0].signature_area
    out = sign_pdf(
        doc.pdf,
        keys[vnpki.PERSONAL],
        role="personal",
        placement=Box(area.bbox, area.page),
        appearance=Appearance(image=signature_png),
        level="B-T",
        tsa_url=vn_pki.tsa_url,
    )
    assert_all_good(out, vn_pki)
    (report,) = pdfsig(out, nss_db, tmp_path)
    assert report["Signature Validation"] == "Signature is Valid."
    assert report["trusted"] == "yes"


@pytest.fixture(scope="module")
def draft_to_issue() -> object:
    return docgen.render(specs.cong_van(number="/UBND-KGVX", date=None, year=2024))


def test_blanks_found(draft_to_issue):
    blanks = {b.kind: b for b in find_issue_blanks(draft_to_issue.pdf)}
    assert set(blanks) == {"number", "day", "month"}  # the year is printed already
    number_box = draft_to_issue.truth.fields["number"].bbox
    assert blanks["number"].notation_printed
    assert number_box[0] < blanks["number"].rect[0] < blanks["number"].rect[2] < number_box[2]
    date_box = draft_to_issue.truth.fields["date_line"].bbox
    for kind in ("day", "month"):
        assert date_box[0] < blanks[kind].rect[0] < blanks[kind].rect[2] < date_box[2]


def test_issue_workflow(
    vn_pki, keys, signature_png, seal_png, draft_to_issue, nss_db, tmp_path: Path
):
    doc = draft_to_issue
    area = doc.truth.signers[0].signature_area
    personal = sign_for_issue(
        doc.pdf,
        keys[vnpki.PERSONAL],
        placement=Box(area.bbox, area.page),
        appearance=Appearance(image=signature_png),
        level="B-T",
        tsa_url=vn_pki.tsa_url,
    ).pdf
    assert_all_good(personal, vn_pki)
    x0, y0, _x1, y1 = area.bbox
    seal_box = Box((x0 - 50, y0 - 10, x0 + 50, y1 + 10), area.page)  # over its left third
    issued = issue_document(
        personal,
        "2183/UBND-KGVX",
        "2024-05-31",
        keys[vnpki.AGENCY_MST],
        seal_png,
        placement=seal_box,
        level="B-LT",
        tsa_url=vn_pki.tsa_url,
    ).pdf
    st_personal, st_agency = assert_all_good(issued, vn_pki)
    # the later fill-in is an allowed change for the personal signature
    assert st_personal.modification_level.name == "FORM_FILLING"
    assert st_personal.docmdp_ok and st_personal.coverage.name == "ENTIRE_REVISION"
    assert st_agency.modification_level.name == "LTA_UPDATES"  # only the DSS after it (B-LT)
    text = text_of(issued)
    assert re.search(r"Số:\s*2183\s*/UBND-KGVX", text), text
    assert re.search(r"ngày\s+31\s+tháng\s+5\s+năm 2024", text), text
    reports = pdfsig(issued, nss_db, tmp_path)
    assert [r["Signature Validation"] for r in reports] == ["Signature is Valid."] * 2
    assert all(r["trusted"] == "yes" for r in reports)
    # the number is recorded in the form field too
    from pyhanko.pdf_utils.reader import PdfFileReader

    fields = {
        str(f.get_object()["/T"]): f.get_object()
        for f in PdfFileReader(io.BytesIO(issued)).root["/AcroForm"]["/Fields"]
    }
    assert str(fields["SoVanBan"]["/V"]) == "2183"
    assert str(fields["NgayBanHanh"]["/V"]) == "31"
    assert str(fields["ThangBanHanh"]["/V"]) == "5"
    # issuing twice is refused
    with pytest.raises(DocumentRefusedError, match="already numbered"):
        issue_document(
            issued,
            "2184/UBND-KGVX",
            "2024-06-01",
            keys[vnpki.AGENCY_MST],
            seal_png,
            placement=seal_box,
        )


def test_issue_needs_reserved_fields(keys, seal_png, draft_to_issue):
    signed = sign_pdf(
        draft_to_issue.pdf,
        keys[vnpki.PERSONAL],
        role="personal",
        appearance=Appearance(invisible=True),
    )
    with pytest.raises(DocumentRefusedError, match="sign_for_issue"):
        issue_document(
            signed,
            "2183/UBND-KGVX",
            "2024-05-31",
            keys[vnpki.AGENCY_MST],
            seal_png,
            placement=Box((100, 100, 200, 200), 0),
        )


def test_annotation_after_personal_signature_is_flagged(vn_pki, keys, draft_to_issue):
    """The lock is meaningful: a comment added after the personal signature is not allowed."""
    from pyhanko.pdf_utils import generic
    from pyhanko.pdf_utils.generic import pdf_name
    from pyhanko.pdf_utils.incremental_writer import IncrementalPdfFileWriter

    personal = sign_for_issue(
        draft_to_issue.pdf, keys[vnpki.PERSONAL], appearance=Appearance(invisible=True)
    ).pdf
    writer = IncrementalPdfFileWriter(io.BytesIO(personal))
    page_ref = writer.find_page_for_modification(0)[0]
    annot = writer.add_object(
        generic.DictionaryObject(
            {
                pdf_name("/Type"): pdf_name("/Annot"),
                pdf_name("/Subtype"): pdf_name("/FreeText"),
                pdf_name("/Rect"): generic.ArrayObject(
                    [generic.NumberObject(v) for v in (100, 100, 300, 130)]
                ),
                pdf_name("/Contents"): generic.pdf_string("Số: 9999"),
                pdf_name("/DA"): generic.pdf_string("/Helv 12 Tf 0 g"),
            }
        )
    )
    writer.register_annotation(page_ref, annot)
    out = io.BytesIO()
    writer.write(out)
    (st,) = validate(out.getvalue(), vn_pki)
    assert st.intact and st.valid
    assert not st.bottom_line  # the annotation is an unexplained change


def test_issue_bad_arguments(keys, seal_png, draft_to_issue):
    personal = sign_for_issue(
        draft_to_issue.pdf, keys[vnpki.PERSONAL], appearance=Appearance(invisible=True)
    ).pdf
    with pytest.raises(DocumentRefusedError, match="issue date"):
        issue_document(personal, "2183/UBND-KGVX", "31/05/2024", keys[vnpki.AGENCY_MST], seal_png)
    from vndocsign.errors import ModelError

    with pytest.raises(ModelError):
        issue_document(personal, "không phải số", "2024-05-31", keys[vnpki.AGENCY_MST], seal_png)


def test_issue_number_must_match_printed_notation(keys, seal_png, draft_to_issue):
    assert {b.kind: b for b in find_issue_blanks(draft_to_issue.pdf)}[
        "number"
    ].printed_notation == "UBND-KGVX"
    personal = sign_for_issue(
        draft_to_issue.pdf, keys[vnpki.PERSONAL], appearance=Appearance(invisible=True)
    ).pdf
    with pytest.raises(DocumentRefusedError, match="does not match"):
        issue_document(
            personal,
            "12/QĐ-UBND",
            "2024-05-31",
            keys[vnpki.AGENCY_MST],
            seal_png,
            placement=Box((100, 100, 200, 200), 0),
        )
