"""Every Decree 30 role draws what Phụ lục I prescribes, and both verifiers accept it."""

from __future__ import annotations

import io
import re
from pathlib import Path

import pytest

from tests.pki import vnpki
from tests.signing.helpers import (
    assert_all_good,
    pdfsig,
    text_of,
)
from vndocsign.signing import Appearance, Box, sign_pdf


def _widget(pdf: bytes, field: str) -> tuple[int, tuple[float, ...], dict[str, object]]:
    """(page index, /Rect, appearance XObject resources) of a signature field."""
    from pyhanko.pdf_utils.reader import PdfFileReader

    reader = PdfFileReader(io.BytesIO(pdf))
    for sig in reader.embedded_signatures:
        if sig.field_name == field:
            widget = sig.sig_field
            rect = tuple(float(v) for v in widget["/Rect"])
            page_ref = widget.raw_get("/P")
            pages = [
                reader.find_page_for_modification(i)[0]
                for i in range(int(reader.root["/Pages"]["/Count"]))
            ]
            index = next(i for i, ref in enumerate(pages) if ref.idnum == page_ref.idnum)
            if "/AP" not in widget:
                return index, rect, {}
            ap = widget["/AP"]["/N"]
            return index, rect, dict(ap.get("/Resources", {}))
    raise AssertionError(f"no field {field}")


def test_personal_image_no_text(vn_pki, keys, signature_png, plain_pdf, nss_db, tmp_path: Path):
    out = sign_pdf(
        plain_pdf,
        keys[vnpki.PERSONAL],
        role="personal",
        placement=Box((350, 400, 500, 460), 0),
        appearance=Appearance(image=signature_png),
    )
    assert out.startswith(plain_pdf)  # an incremental update: the original bytes untouched
    (st,) = assert_all_good(out, vn_pki)
    assert st.signing_cert.subject.native["common_name"] == "Nguyễn Văn An"
    page, rect, resources = _widget(out, "ChuKyCaNhan")
    assert page == 0 and rect == pytest.approx((350, 400, 500, 460))
    assert "/XObject" in resources and "/Font" not in resources  # image only, no text
    (report,) = pdfsig(out, nss_db, tmp_path)
    assert report["Signature Validation"] == "Signature is Valid."
    assert report["trusted"] == "yes"
    assert report["Signature Type"] == "ETSI.CAdES.detached"


def test_agency_seal_at_real_size(vn_pki, keys, seal_png, plain_pdf):
    # the caller's box is 100x60; the seal is 36 mm = 102.05 pt wide (its PNG dpi), centred
    out = sign_pdf(
        plain_pdf,
        keys[vnpki.AGENCY_MST],
        role="agency",
        placement=Box((300, 300, 400, 360), 0),
        appearance=Appearance(image=seal_png),
    )
    assert_all_good(out, vn_pki)
    _page, rect, _res = _widget(out, "ChuKyCoQuan")
    width, height = rect[2] - rect[0], rect[3] - rect[1]
    assert width == pytest.approx(36 / 25.4 * 72, abs=0.2)
    assert height == pytest.approx(width, abs=0.2)
    assert (rect[0] + rect[2]) / 2 == pytest.approx(350, abs=0.2)


def test_agency_seal_explicit_size(vn_pki, keys, seal_png, plain_pdf):
    out = sign_pdf(
        plain_pdf,
        keys[vnpki.AGENCY_MNS],
        role="agency",
        placement=Box((300, 300, 400, 360), 0),
        appearance=Appearance(image=seal_png, image_size_mm=(40, 40)),
    )
    _page, rect, _res = _widget(out, "ChuKyCoQuan")
    assert rect[2] - rect[0] == pytest.approx(40 / 25.4 * 72, abs=0.2)


def test_initial_short_name_text(vn_pki, keys, plain_pdf):
    out = sign_pdf(
        plain_pdf, keys[vnpki.PERSONAL], role="initial", placement=Box((450, 500, 500, 515), 0)
    )
    assert_all_good(out, vn_pki)
    assert "An" in text_of(out, area=(450, 500, 500, 515)).split()


def test_initial_small_image(vn_pki, keys, signature_png, plain_pdf):
    out = sign_pdf(
        plain_pdf,
        keys[vnpki.PERSONAL_2],
        role="initial",
        placement="450,500,490,516@1",
        appearance=Appearance(image=signature_png),
    )
    assert_all_good(out, vn_pki)
    _page, rect, resources = _widget(out, "KyTat")
    assert rect == pytest.approx((450, 500, 490, 516))
    assert "/Font" not in resources


def test_attachment_stamp_top_right_10pt(vn_pki, keys, plain_pdf, nss_db, tmp_path: Path):
    out = sign_pdf(
        plain_pdf,
        keys[vnpki.AGENCY_MST],
        role="attachment",
        appearance=Appearance(number="12/QĐ-UBND"),
    )
    assert_all_good(out, vn_pki)
    page, rect, resources = _widget(out, "ChuKyVanBanKemTheo")
    assert page == 0
    assert rect[2] == pytest.approx(595.28 - 15 * 72 / 25.4, abs=0.5)  # right margin 15 mm
    assert rect[3] > 780  # in the top margin
    assert "/XObject" not in resources  # no image
    text = text_of(out, area=rect)
    assert re.search(r"Số: 12/QĐ-UBND; \d\d/\d\d/\d{4}; \d\d:\d\d:\d\d \+07:00", text), text
    # 10 pt black text in the appearance stream
    from pyhanko.pdf_utils.reader import PdfFileReader

    sig = PdfFileReader(io.BytesIO(out)).embedded_signatures[0]
    stream = sig.sig_field["/AP"]["/N"].data
    assert b"0 0 0 rg /F1 10 Tf" in stream
    (report,) = pdfsig(out, nss_db, tmp_path)
    assert report["Signature Validation"] == "Signature is Valid."


def test_copy_stamp(vn_pki, keys, plain_pdf):
    out = sign_pdf(
        plain_pdf,
        keys[vnpki.AGENCY_MNS],
        role="copy",
        appearance=Appearance(agency="Sở Y tế tỉnh Thử Nghiệm", copy_form="SAO LỤC"),
    )
    assert_all_good(out, vn_pki)
    _page, rect, _res = _widget(out, "ChuKyBanSao")
    text = text_of(out, area=rect)
    assert re.search(
        r"SAO LỤC; Sở Y tế tỉnh Thử Nghiệm; \d\d/\d\d/\d{4}; "
        r"\d\d:\d\d:\d\d \+07:00",
        text,
    ), text


def test_text_mode_vietnamese_extractable(vn_pki, keys, plain_pdf):
    out = sign_pdf(
        plain_pdf,
        keys[vnpki.AGENCY_MST],
        role="agency",
        placement=Box((300, 600, 560, 640), 0),
        appearance=Appearance.text_mode(),
    )
    assert_all_good(out, vn_pki)
    text = text_of(out, area=(300, 600, 560, 640))
    assert "Ký bởi: Văn phòng Ủy ban nhân dân tỉnh Thử Nghiệm" in text
    assert re.search(r"Thời gian ký: \d\d/\d\d/\d{4}; \d\d:\d\d:\d\d \+07:00", text)


def test_appearance_text_rendered_by_pdfium(vn_pki, keys, plain_pdf):
    """A second extractor (PDFium) reads the same Vietnamese text from the widget."""
    import pypdfium2 as pdfium

    out = sign_pdf(
        plain_pdf,
        keys[vnpki.PERSONAL],
        role="personal",
        placement=Box((300, 600, 560, 640), 0),
        appearance=Appearance(text=("Người ký: {signer}", "Đã ký số")),
    )
    doc = pdfium.PdfDocument(out)
    doc.init_forms()
    page = doc[0]
    assert page.flatten() == pdfium.raw.FLATTEN_SUCCESS
    page = doc[0]
    text = page.get_textpage().get_text_range()
    assert "Người ký: Nguyễn Văn An" in text
    assert "Đã ký số" in text


def test_signing_time_matches_appearance(vn_pki, keys, plain_pdf):
    from datetime import datetime, timedelta, timezone

    moment = datetime(2024, 5, 31, 9, 5, 7, tzinfo=timezone(timedelta(hours=7)))
    out = sign_pdf(
        plain_pdf,
        keys[vnpki.AGENCY_MST],
        role="attachment",
        appearance=Appearance(number="05/QĐ-UBND"),
        signed_at=moment,
    )
    (st,) = assert_all_good(out, vn_pki)
    assert st.signer_reported_dt == moment
    assert "Số: 05/QĐ-UBND; 31/05/2024; 09:05:07 +07:00" in text_of(out)


def test_invisible(vn_pki, keys, plain_pdf):
    out = sign_pdf(
        plain_pdf, keys[vnpki.PERSONAL], role="personal", appearance=Appearance(invisible=True)
    )
    assert_all_good(out, vn_pki)
    _page, rect, _res = _widget(out, "ChuKyCaNhan")
    assert rect[2] - rect[0] == 0


def test_ec_key(vn_pki, keys, plain_pdf):
    out = sign_pdf(
        plain_pdf,
        keys[vnpki.PERSONAL_EC],
        role="personal",
        placement=Box((300, 600, 560, 640), 0),
        appearance=Appearance.text_mode(),
    )
    (st,) = assert_all_good(out, vn_pki)
    assert st.pkcs7_signature_mechanism.startswith("sha256_ecdsa") or "ecdsa" in str(
        st.pkcs7_signature_mechanism
    )


def test_two_signatures_stay_valid(vn_pki, keys, signature_png, seal_png, plain_pdf):
    first = sign_pdf(
        plain_pdf,
        keys[vnpki.PERSONAL],
        role="personal",
        placement=Box((380, 300, 500, 360), 0),
        appearance=Appearance(image=signature_png),
    )
    second = sign_pdf(
        first,
        keys[vnpki.AGENCY_MST],
        role="agency",
        placement=Box((340, 290, 420, 370), 0),
        appearance=Appearance(image=seal_png),
    )
    personal, _agency = assert_all_good(second, vn_pki)
    assert personal.modification_level.name in {"FORM_FILLING", "LTA_UPDATES"}
    assert personal.docmdp_ok
