"""The Decree 30 flows end to end: an initialled draft, a signed tờ trình, an issued document.

Documents come from ``tests/docgen`` (realistic layouts with ground truth: where "./." and
the signer block were drawn).
"""

from __future__ import annotations

import datetime as dt
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
    DraftMarkError,
    InvalidOptionError,
    NoNumberBlankError,
    PersonalSignatureError,
    SigningOptions,
    find_issue_blanks,
    issue_document,
    sign_document,
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


def _personal(doc, keys, signature_png, **kw):
    """The leader's signature with no options beyond the picture: no foresight of the issue."""
    area = doc.truth.signers[0].signature_area
    return sign_document(
        doc.pdf,
        keys[vnpki.PERSONAL],
        SigningOptions(
            role="personal",
            placement=Box(area.bbox, area.page),
            appearance=Appearance(image=signature_png),
            **kw,
        ),
    ).pdf


def _widgets(pdf: bytes) -> list[tuple[str, list[float], bytes]]:
    from pyhanko.pdf_utils.reader import PdfFileReader

    out = []
    for sig in PdfFileReader(io.BytesIO(pdf)).embedded_signatures:
        field = sig.sig_field
        ap = field["/AP"]["/N"].get_object() if "/AP" in field else None
        out.append((sig.field_name, [float(v) for v in field["/Rect"]], ap))
    return out


def test_issue_any_personally_signed_document(
    vn_pki, keys, signature_png, seal_png, draft_to_issue, nss_db, tmp_path: Path
):
    doc = draft_to_issue
    personal = _personal(doc, keys, signature_png)
    blanks = {b.kind: b for b in find_issue_blanks(personal)}
    issued = issue_document(
        personal, "2183/UBND-KGVX", "2024-05-31", keys[vnpki.AGENCY_MST], seal_png
    ).pdf
    statuses = assert_all_good(issued, vn_pki)
    # personal, number, day, month, seal — each an approval signature, all still valid
    assert len(statuses) == 5
    assert all(st.bottom_line for st in statuses)
    assert all(st.docmdp_ok is not False for st in statuses)
    names = [w[0] for w in _widgets(issued)]
    assert names[1:4] == ["SoVanBan", "NgayBanHanh", "ThangBanHanh"]
    for name, rect, _ap in _widgets(issued)[1:4]:
        kind = {"SoVanBan": "number", "NgayBanHanh": "day", "ThangBanHanh": "month"}[name]
        assert rect == pytest.approx(list(blanks[kind].rect), abs=0.05)
    # the text stands in the blanks: in the extracted text and in the blank's own area
    text = text_of(issued)
    assert re.search(r"Số:\s*2183\s*/UBND-KGVX", text), text
    assert re.search(r"ngày\s+31\s+tháng\s+5\s+năm 2024", text), text
    assert "2183" in text_of(issued, area=blanks["number"].rect)
    assert "31" in text_of(issued, area=blanks["day"].rect)
    # the seal covers the left third of the personal signature
    area = doc.truth.signers[0].signature_area.bbox
    seal_rect = _widgets(issued)[-1][1]
    assert seal_rect[0] < area[0] < seal_rect[2] <= area[0] + (area[2] - area[0]) / 2
    reports = pdfsig(issued, nss_db, tmp_path)
    assert [r["Signature Validation"] for r in reports] == ["Signature is Valid."] * 5
    # issuing twice is refused
    with pytest.raises(NoNumberBlankError, match="numbered already"):
        issue_document(issued, "2184/UBND-KGVX", "2024-06-01", keys[vnpki.AGENCY_MST], seal_png)


def test_issued_document_verifies_without_change_warning(
    vn_pki, keys, signature_png, seal_png, draft_to_issue
):
    from vndocsign.verification import verify_pdf

    personal = _personal(draft_to_issue, keys, signature_png)
    issued = issue_document(
        personal, "2183", dt.date(2024, 5, 31), keys[vnpki.AGENCY_MST], seal_png
    ).pdf
    report = verify_pdf(issued, revocation="embedded-only")
    sigs = [s for s in report.signatures]
    assert len(sigs) == 5
    assert all(s.intact and s.valid for s in sigs), [s.to_dict() for s in sigs]
    # the later signatures are reported as signatures added, nothing else changed (pyHanko
    # refreshes /ModDate of the info dictionary when a signature lands in a later second:
    # a metadata change the verifier allows silently)
    changes = {c for s in sigs for c in s.changes}
    assert "signature field added" in changes
    assert changes <= {"signature field added", "document information dictionary updated"}
    flagged = [w for w in report.warnings if "trust" not in w]  # no test root in 'any-vn'
    assert not flagged, flagged
    assert not report.needs_attention or all("trust" in w for w in report.warnings)


def test_issue_refuses_draft_mark(keys, signature_png, seal_png):
    doc = docgen.render(specs.cong_van(number="/UBND-KGVX", date=None, year=2024, draft=True))
    personal = _personal(doc, keys, signature_png)
    with pytest.raises(DraftMarkError) as info:
        issue_document(personal, "2183", "2024-05-31", keys[vnpki.AGENCY_MST], seal_png)
    assert info.value.code == "signing.draft_mark"
    assert "DỰ THẢO" in str(info.value)


def test_issue_refuses_without_number_blank(keys, signature_png, seal_png):
    doc = docgen.render(specs.cong_van(number="15/UBND-KGVX", date=None, year=2024))
    personal = _personal(doc, keys, signature_png)
    with pytest.raises(NoNumberBlankError):
        issue_document(personal, "16/UBND-KGVX", "2024-05-31", keys[vnpki.AGENCY_MST], seal_png)


def test_issue_refuses_unsigned_or_broken(keys, signature_png, seal_png, draft_to_issue):
    with pytest.raises(PersonalSignatureError, match="no signature"):
        issue_document(draft_to_issue.pdf, "2183", "2024-05-31", keys[vnpki.AGENCY_MST], seal_png)
    personal = bytearray(_personal(draft_to_issue, keys, signature_png))
    # change a signed byte (the producer comment in the header): the signature breaks
    at = personal.index(b"ReportLab")
    personal[at] = ord("X")
    with pytest.raises(PersonalSignatureError) as info:
        issue_document(bytes(personal), "2183", "2024-05-31", keys[vnpki.AGENCY_MST], seal_png)
    assert info.value.code == "signing.personal_signature_invalid"


def test_issue_bad_arguments(keys, signature_png, seal_png, draft_to_issue):
    personal = _personal(draft_to_issue, keys, signature_png)
    with pytest.raises(DocumentRefusedError, match="issue date"):
        issue_document(personal, "2183/UBND-KGVX", "31/05/2024", keys[vnpki.AGENCY_MST], seal_png)
    with pytest.raises(DocumentRefusedError, match="does not match"):
        issue_document(personal, "12/QĐ-UBND", "2024-05-31", keys[vnpki.AGENCY_MST], seal_png)


def _leaf_only(vn_pki, label: str):
    """The agency key as real registries use it: only its own certificate gets embedded."""
    from pyhanko.sign.signers import SimpleSigner
    from pyhanko_certvalidator.registry import SimpleCertificateStore

    from vndocsign.signing import SignerKey, load_pkcs12

    full = load_pkcs12(vn_pki.p12_bytes(label, vnpki.P12_PASSWORD), vnpki.P12_PASSWORD)
    signer = SimpleSigner(
        signing_cert=full.certificate,
        signing_key=full.signer.signing_key,
        cert_registry=SimpleCertificateStore(),
    )
    return SignerKey(signer=signer, certificate=full.certificate, chain=())


def _embedded_certs(pdf: bytes) -> list[int]:
    from pyhanko.pdf_utils.reader import PdfFileReader

    return [
        len(sig.signed_data["certificates"])
        for sig in PdfFileReader(io.BytesIO(pdf)).embedded_signatures
    ]


def test_issue_leaf_only_sha256_like_real_documents(
    vn_pki, keys, signature_png, seal_png, draft_to_issue, nss_db, tmp_path: Path
):
    """Personal signature with no options, agency certificate embedded without intermediates:
    still 5 valid signatures (the validator finds the intermediate elsewhere), all SHA-256."""
    personal = sign_document(
        draft_to_issue.pdf, keys[vnpki.PERSONAL], SigningOptions(role="personal")
    ).pdf
    agency = _leaf_only(vn_pki, vnpki.AGENCY_MST)
    issued = issue_document(personal, "2183", "2024-05-31", agency, seal_png).pdf
    assert _embedded_certs(issued)[1:] == [1, 1, 1, 1]  # leaf only
    statuses = validate(issued, vn_pki)
    assert len(statuses) == 5
    assert all(st.bottom_line for st in statuses), [st.pretty_print_details() for st in statuses]
    assert {st.md_algorithm for st in statuses} == {"sha256"}
    reports = pdfsig(issued, nss_db, tmp_path)
    assert [r["Signature Validation"] for r in reports] == ["Signature is Valid."] * 5


def _dark_pixels(pdf: bytes, rect, tmp_path: Path, name: str, *, dpi: int = 100) -> int:
    """Dark pixels of page 1 rendered by poppler inside a user-space ``rect`` (upright A4)."""
    import shutil
    import subprocess

    from PIL import Image

    if shutil.which("pdftoppm") is None:
        pytest.skip("pdftoppm (poppler-utils) is needed")
    src = tmp_path / f"{name}.pdf"
    src.write_bytes(pdf)
    subprocess.run(
        ["pdftoppm", "-r", str(dpi), "-f", "1", "-l", "1", "-png", str(src), str(tmp_path / name)],
        check=True,
        timeout=60,
    )
    (png,) = tmp_path.glob(f"{name}*.png")
    image = Image.open(png).convert("L")
    scale = dpi / 72
    x0, y0, x1, y1 = rect
    height = image.height / scale
    box = (int(x0 * scale), int((height - y1) * scale), int(x1 * scale), int((height - y0) * scale))
    return sum(1 for v in image.crop(box).tobytes() if v < 128)


def test_rendered_number_and_day_stand_in_their_blanks(
    keys, signature_png, seal_png, draft_to_issue, tmp_path: Path
):
    personal = _personal(draft_to_issue, keys, signature_png)
    blanks = {b.kind: b for b in find_issue_blanks(personal)}
    issued = issue_document(personal, "2183", "2024-05-31", keys[vnpki.AGENCY_MST], seal_png).pdf
    for kind in ("number", "day", "month"):
        before = _dark_pixels(personal, blanks[kind].rect, tmp_path, f"p-{kind}")
        after = _dark_pixels(issued, blanks[kind].rect, tmp_path, f"i-{kind}")
        assert before < 5, (kind, before)  # the drafter's blank is empty...
        assert after > 20, (kind, after)  # ...and the stamp is drawn in it


def test_issue_on_rotated_page(vn_pki, keys, seal_png):
    """A page drawn turned (/Rotate 90): blanks are found as the reader sees them and the
    stamps are laid out upright there."""
    import pypdfium2 as pdfium

    doc = docgen.render(docgen.specs.cong_van(number="/UBND-KGVX", date=None, year=2024), rotate=90)
    personal = sign_document(
        doc.pdf,
        keys[vnpki.PERSONAL],
        SigningOptions(role="personal", placement="auto", appearance=Appearance.text_mode()),
    ).pdf
    issued = issue_document(personal, "2183", "2024-05-31", keys[vnpki.AGENCY_MST], seal_png).pdf
    statuses = assert_all_good(issued, vn_pki)
    assert len(statuses) == 5
    blanks = {b.kind: b for b in find_issue_blanks(personal)}
    number_box = doc.truth.fields["number"].bbox  # user space, like the widget rects
    assert number_box[1] < blanks["number"].rect[1] < blanks["number"].rect[3] < number_box[3]
    widgets = {name: (rect, ap) for name, rect, ap in _widgets(issued)}
    for name, kind in (("SoVanBan", "number"), ("NgayBanHanh", "day")):
        rect, ap = widgets[name]
        assert rect == pytest.approx(list(blanks[kind].rect), abs=0.05)
        assert [float(v) for v in ap["/Matrix"]][:4] == [0, 1, -1, 0]  # upright for the reader
    pdf = pdfium.PdfDocument(issued)
    pdf.init_forms()
    pdf[0].flatten()
    text = pdf[0].get_textpage().get_text_range()
    assert "2183" in text and "31" in text


def _real_documents() -> list[Path]:
    from tests.conftest import CORPUS

    folder = CORPUS / "realdocs"
    if not (folder / "truth.json").is_file():
        pytest.skip("shared corpus not available")
    return sorted(folder.glob("rd_*.pdf"))


def test_blanks_where_real_registries_stamp():
    """On real issued documents (read-only corpus), the blanks found in the page content are
    where the registry's stamp signatures stand: the number, the day (and month, year where
    the drafter left them blank)."""
    from pyhanko.pdf_utils.reader import PdfFileReader

    matched = 0
    for path in _real_documents():
        data = path.read_bytes()
        blanks = find_issue_blanks(data)
        if not blanks:
            continue
        reader = PdfFileReader(io.BytesIO(data), strict=False)
        rects = [[float(v) for v in s.sig_field["/Rect"]] for s in reader.embedded_signatures]
        for blank in blanks:
            cx = (blank.rect[0] + blank.rect[2]) / 2
            cy = (blank.rect[1] + blank.rect[3]) / 2
            hits = [r for r in rects if r[0] - 8 <= cx <= r[2] and r[1] <= cy <= r[3]]
            assert hits, (path.name, blank)
            matched += 1
    assert matched >= 15


def test_issue_number_and_date_together(
    vn_pki, keys, signature_png, seal_png, draft_to_issue, tmp_path: Path
):
    """``stamps="together"``: one agency signature stamps the number and the date, each value
    in its own blank; then the seal — three signatures, all valid."""
    personal = _personal(draft_to_issue, keys, signature_png)
    blanks = {b.kind: b for b in find_issue_blanks(personal)}
    issued = issue_document(
        personal, "2183", "2024-05-31", keys[vnpki.AGENCY_MST], seal_png, stamps="together"
    ).pdf
    statuses = assert_all_good(issued, vn_pki)
    assert len(statuses) == 3
    text = text_of(issued)
    assert re.search(r"Số:\s*2183\s*/UBND-KGVX", text), text
    assert re.search(r"ngày\s+31\s+tháng\s+5\s+năm 2024", text), text
    for kind in ("number", "day", "month"):
        assert _dark_pixels(issued, blanks[kind].rect, tmp_path, f"t-{kind}") > 20, kind
    with pytest.raises(InvalidOptionError):
        issue_document(personal, "2183", "2024-05-31", keys[vnpki.AGENCY_MST], None, stamps="x")
