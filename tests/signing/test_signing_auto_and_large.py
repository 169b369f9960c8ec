"""``placement="auto"`` through vndocsign.placement, and files above 100 MB (pyHanko #336)."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from tests.pki import vnpki
from tests.signing.helpers import assert_all_good
from vndocsign.signing import Appearance, sign_document, sign_file, sign_pdf

docgen = pytest.importorskip("docgen")


@pytest.fixture(scope="module", autouse=True)
def _needs_placement() -> None:
    placement = pytest.importorskip("vndocsign.placement")
    if not hasattr(placement, "find_placement"):
        pytest.skip("vndocsign.placement.find_placement not available")
    docgen.require_fonts()


def test_auto_placement_personal_then_seal(vn_pki, keys, signature_png, seal_png):
    doc = docgen.render(docgen.specs.cong_van())
    personal = sign_document(
        doc.pdf,
        keys[vnpki.PERSONAL],
        role="personal",
        placement="auto",
        appearance=Appearance(image=signature_png),
    )
    seal = sign_document(
        personal.pdf,
        keys[vnpki.AGENCY_MST],
        role="agency",
        placement=None,
        appearance=Appearance(image=seal_png),
    )
    assert_all_good(seal.pdf, vn_pki)
    area = doc.truth.signers[0].signature_area.bbox
    # the personal box lies in the signer's signature band
    assert area[1] - 5 <= personal.box[1] and personal.box[3] <= area[3] + 5
    # the seal (real size, 36 mm) overlaps the left part of the personal box
    assert seal.box[2] - seal.box[0] == pytest.approx(36 / 25.4 * 72, abs=0.3)
    assert seal.box[0] < personal.box[0] < seal.box[2] < personal.box[2]


def test_auto_initial_after_closing_mark(vn_pki, keys):
    doc = docgen.render(docgen.specs.draft_quyet_dinh())
    initial = sign_document(doc.pdf, keys[vnpki.PERSONAL_2], role="initial")
    assert_all_good(initial.pdf, vn_pki)
    closing = doc.truth.closing.bbox
    assert initial.page == doc.truth.closing.page
    assert closing[2] <= initial.box[0] < closing[2] + 15  # right after "./."


@pytest.mark.slow
def test_file_over_100_mb(vn_pki, keys, tmp_path: Path):
    """A 105 MB file: streamed by sign_file, /ByteRange correct, signature intact."""
    from vndocsign.signing import demo_pdf

    base = demo_pdf("large")
    src = tmp_path / "large.pdf"
    # pad with a 105 MB comment block before the body's end: still a valid PDF, since the
    # xref offsets are shifted accordingly by putting the padding *before* the objects
    header, rest = base.split(b"\n", 1)
    pad = b"%" + b"x" * 1023 + b"\n"
    offset_shift = len(pad) * 105 * 1024
    with open(src, "wb") as out:
        out.write(header + b"\n")
        for _ in range(105 * 1024):
            out.write(pad)
        body = _shift_xref(rest, offset_shift)
        out.write(body)
    assert src.stat().st_size > 100_000_000
    dst = tmp_path / "signed.pdf"
    sign_file(
        src, dst, keys[vnpki.PERSONAL], role="personal", appearance=Appearance(invisible=True)
    )
    with open(dst, "rb") as handle:
        from pyhanko.pdf_utils.reader import PdfFileReader
        from pyhanko.sign.validation import validate_pdf_signature

        sig = PdfFileReader(handle).embedded_signatures[0]
        byte_range = [int(v) for v in sig.sig_object["/ByteRange"]]
        assert byte_range[2] > 100_000_000
        status = validate_pdf_signature(sig, vn_pki.validation_context())
        assert status.intact and status.valid and status.trusted
    os.remove(src)


def _shift_xref(rest: bytes, shift: int) -> bytes:
    head, xref_and_trailer = rest.split(b"xref\n", 1)
    lines = xref_and_trailer.split(b"\n")
    out = [lines[0], lines[1]]
    i = 2
    while lines[i].endswith(b" n ") or lines[i].endswith(b" f "):
        if lines[i].endswith(b" n "):
            off = int(lines[i][:10]) + shift
            lines[i] = b"%010d" % off + lines[i][10:]
        out.append(lines[i])
        i += 1
    tail = b"\n".join(lines[i:])
    start = tail.index(b"startxref\n") + len(b"startxref\n")
    end = tail.index(b"\n", start)
    tail = tail[:start] + str(int(tail[start:end]) + shift).encode() + tail[end:]
    return head + b"xref\n" + b"\n".join(out) + b"\n" + tail


def test_rotated_page_appearances_upright(vn_pki, keys):
    """On a /Rotate 90 page the appearance is laid out for the reader (a /Matrix turns it)."""
    import io

    import pypdfium2 as pdfium
    from pyhanko.pdf_utils.reader import PdfFileReader

    doc = docgen.render(docgen.specs.cong_van(), rotate=90)
    out = sign_pdf(
        doc.pdf,
        keys[vnpki.PERSONAL],
        role="personal",
        placement="auto",
        appearance=Appearance.text_mode(),
    )
    out = sign_pdf(
        out, keys[vnpki.AGENCY_MST], role="attachment", appearance=Appearance(number="12/QĐ-UBND")
    )
    assert_all_good(out, vn_pki)
    reader = PdfFileReader(io.BytesIO(out))
    for sig in reader.embedded_signatures:
        xobj = sig.sig_field["/AP"]["/N"]
        assert [float(v) for v in xobj["/Matrix"]][:4] == [0, 1, -1, 0]
        rect = [float(v) for v in sig.sig_field["/Rect"]]
        bbox = [float(v) for v in xobj["/BBox"]]
        # display width of the appearance = user-space height of the widget
        assert bbox[2] == pytest.approx(rect[3] - rect[1], abs=1.5)  # pyHanko rounds it
    pdf = pdfium.PdfDocument(out)
    pdf.init_forms()
    page = pdf[0]
    page.flatten()
    page = pdf[0]
    text = page.get_textpage().get_text_range()
    assert "Ký bởi: Nguyễn Văn An" in text
    assert "Số: 12/QĐ-UBND;" in text


def test_auto_placement_of_a_large_file_read_in_place(
    vn_pki, keys, signature_png, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
):
    """Issue 17: ``sign_file`` with ``placement="auto"`` on a file over the in-place size
    reads it where it is (the guard and PDFium read blocks of the open file): the box is the
    one found from the bytes, and the output passes pyHanko and pdfsig."""
    from vndocsign.pdf import _lazy

    doc = docgen.render(docgen.specs.cong_van())
    src = tmp_path / "in.pdf"
    src.write_bytes(doc.pdf)
    from_bytes = sign_document(
        doc.pdf, keys[vnpki.PERSONAL], role="personal", appearance=Appearance(image=signature_png)
    )
    read_whole: list[int] = []
    real = _lazy.read_pdf_bytes
    monkeypatch.setattr(_lazy, "read_pdf_bytes", lambda pdf: read_whole.append(1) or real(pdf))
    monkeypatch.setattr(_lazy, "IN_PLACE_MIN", len(doc.pdf) // 4)
    out = tmp_path / "out.pdf"
    result = sign_file(
        src,
        out,
        keys[vnpki.PERSONAL],
        role="personal",
        placement="auto",
        appearance=Appearance(image=signature_png),
    )
    assert read_whole == []  # placement never read the file into memory
    assert (result.page, result.box) == (from_bytes.page, from_bytes.box)
    assert_all_good(out.read_bytes(), vn_pki)
    assert src.read_bytes() == doc.pdf  # the input is never changed
