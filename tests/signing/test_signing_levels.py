"""PAdES B-B, B-T, B-LT, B-LTA against the certomancer TSA/OCSP/CRL on 127.0.0.1."""

from __future__ import annotations

import io
from pathlib import Path

import pytest

from tests.pki import vnpki
from tests.signing.helpers import assert_all_good, make_pdf, pdfsig
from vndocsign._io import OutputPathError
from vndocsign.signing import Appearance, Box, Level, sign_file, sign_pdf


def _reader(pdf: bytes):  # type: ignore[no-untyped-def]
    from pyhanko.pdf_utils.reader import PdfFileReader

    return PdfFileReader(io.BytesIO(pdf))


@pytest.mark.parametrize("level", ["B-B", "B-T", "B-LT", "B-LTA"])
def test_levels(vn_pki, keys, level, nss_db, tmp_path: Path):
    pdf = make_pdf()
    out = sign_pdf(
        pdf,
        keys[vnpki.PERSONAL_CRL_ONLY],
        role="personal",
        placement=Box((300, 600, 560, 640), 0),
        appearance=Appearance.text_mode(),
        level=level,
        tsa_url=vn_pki.tsa_url,
        trust_roots=[vn_pki.root],
    )
    (st,) = assert_all_good(out, vn_pki)
    reader = _reader(out)
    lvl = Level(level)
    if lvl.needs_timestamp:
        assert st.timestamp_validity is not None and st.timestamp_validity.valid
        assert st.timestamp_validity.trusted
    else:
        assert st.timestamp_validity is None
    raw_dss = reader.root.get("/DSS")
    dss = None if raw_dss is None else raw_dss.get_object()
    if lvl in (Level.B_LT, Level.B_LTA):
        assert dss is not None
        assert "/CRLs" in dss or "/OCSPs" in dss, "revocation data in the DSS"
        assert len(dss["/Certs"]) >= 2
    else:
        assert dss is None
    doc_ts = [s for s in reader.embedded_signatures if s.sig_object.get("/Type") == "/DocTimeStamp"]
    assert len(doc_ts) == (1 if lvl is Level.B_LTA else 0)
    if doc_ts:
        from pyhanko.sign.validation import validate_pdf_timestamp

        ts_status = validate_pdf_timestamp(
            doc_ts[0], validation_context=vn_pki.validation_context()
        )
        assert ts_status.valid and ts_status.intact and ts_status.trusted

    reports = pdfsig(out, nss_db, tmp_path)
    assert reports[0]["Signature Validation"] == "Signature is Valid."
    # CRL-only certificate: pdfsig's NSS check is reliable, so demand "trusted"
    assert reports[0]["Certificate Validation"] == "Certificate is Trusted."
    assert reports[0]["Signature Type"] == "ETSI.CAdES.detached"


def test_levels_with_ocsp_certificate(vn_pki, keys, nss_db, tmp_path: Path):
    """An OCSP-bearing certificate at B-LT: OCSP responses land in the DSS."""
    out = sign_pdf(
        make_pdf(),
        keys[vnpki.AGENCY_MNS],
        role="agency",
        placement=Box((300, 600, 560, 640), 0),
        appearance=Appearance.text_mode(),
        level="B-LT",
        tsa_url=vn_pki.tsa_url,
    )
    assert_all_good(out, vn_pki)
    dss = _reader(out).root["/DSS"]
    assert "/OCSPs" in dss and len(dss["/OCSPs"]) >= 1, "OCSP response embedded"
    (report,) = pdfsig(out, nss_db, tmp_path)
    assert report["Signature Validation"] == "Signature is Valid."
    assert report["trusted"] == "yes"


def test_reservation_fits_all_levels_twice(vn_pki, keys):
    """Two B-LTA signatures on one file: the fixed reservation never overflows (#515)."""
    out = make_pdf()
    for label in (vnpki.PERSONAL, vnpki.AGENCY_MST):
        out = sign_pdf(
            out,
            keys[label],
            role="personal" if label == vnpki.PERSONAL else "agency",
            appearance=Appearance(invisible=True),
            level="B-LTA",
            tsa_url=vn_pki.tsa_url,
        )
    statuses = assert_all_good(out, vn_pki)
    assert len(statuses) == 2
    assert statuses[0].modification_level.name in {"LTA_UPDATES", "FORM_FILLING"}


def test_sign_file_streams_and_writes_atomically(vn_pki, keys, tmp_path: Path):
    src = tmp_path / "in.pdf"
    src.write_bytes(make_pdf(pages=3))
    original = src.read_bytes()
    dst = tmp_path / "out" / "signed.pdf"
    with pytest.raises(OutputPathError, match="folder does not exist"):
        sign_file(src, dst, keys[vnpki.AGENCY_MST], role="attachment")
    assert not dst.parent.exists()  # refused, not created
    dst.parent.mkdir()
    outcome = sign_file(
        src,
        dst,
        keys[vnpki.AGENCY_MST],
        role="attachment",
        appearance=Appearance(number="07/QĐ-UBND"),
        level="B-T",
        tsa_url=vn_pki.tsa_url,
    )
    assert src.read_bytes() == original
    assert dst.read_bytes().startswith(original)
    assert outcome.role == "attachment" and outcome.level == "B-T" and outcome.page == 0
    assert outcome.path == dst and outcome.pdf is None
    assert outcome.to_dict()["page"] == 1
    assert outcome.certificate.kind.value == "organization"
    assert outcome.certificate.revocation == "good"
    assert [p.name for p in dst.parent.iterdir()] == ["signed.pdf"]  # no temp file left
    assert_all_good(dst.read_bytes(), vn_pki)


def test_sign_file_in_place(vn_pki, keys, tmp_path: Path):
    path = tmp_path / "doc.pdf"
    path.write_bytes(make_pdf())
    sign_file(
        path, path, keys[vnpki.PERSONAL], role="personal", appearance=Appearance(invisible=True)
    )
    assert_all_good(path.read_bytes(), vn_pki)


def test_reservation_overflow_is_retried(vn_pki, keys, monkeypatch: pytest.MonkeyPatch):
    """pyHanko #515: if the container outgrows the reservation, prepare again with room."""
    from vndocsign.signing import _core, _steps

    calls: list[int] = []
    real = _steps.prepare_signature

    def spy(pdf, key, options, *, output=None, reserve=None):  # type: ignore[no-untyped-def]
        prepared = real(pdf, key, options, output=output, reserve=reserve or 2000)
        calls.append(prepared.reserved)
        return prepared

    monkeypatch.setattr(_core, "prepare_signature", spy)
    out = sign_pdf(
        make_pdf(),
        keys[vnpki.PERSONAL],
        role="personal",
        appearance=Appearance(invisible=True),
        level="B-T",
        tsa_url=vn_pki.tsa_url,
    )
    assert_all_good(out, vn_pki)
    assert len(calls) == 2 and calls[0] == 2000 and calls[1] > 8000
