"""``list_signatures``: the self-reported inventory ``inspect`` prints, on PDFs signed with the
shared test PKI (``tests/pki``): widget page and box, kind, coverage of the file."""

from __future__ import annotations

import io
import sys
from pathlib import Path

import pytest

from tests.pki import AGENCY_MST, PERSONAL, VnTestPki
from tests.pki.fixtures import vn_pki  # noqa: F401 - session fixture
from vndocsign.pdf import SignatureKind, list_signatures

TESTS = Path(__file__).resolve().parents[1]
if str(TESTS) not in sys.path:
    sys.path.insert(0, str(TESTS))

import docgen  # noqa: E402
from docgen import specs  # noqa: E402
from docgen.fixtures import docgen_fonts  # noqa: E402, F401 - fixture

pytestmark = pytest.mark.usefixtures("docgen_fonts")


def _sign(pdf: bytes, pki: VnTestPki, label: str, field: str, box: object, page: int) -> bytes:
    from pyhanko.pdf_utils.incremental_writer import IncrementalPdfFileWriter
    from pyhanko.sign import fields, signers

    spec = fields.SigFieldSpec(field, box=box, on_page=page)  # type: ignore[arg-type]
    out = signers.PdfSigner(
        signers.PdfSignatureMetadata(field_name=field),
        signer=pki.simple_signer(label),
        new_field_spec=spec,
    ).sign_pdf(IncrementalPdfFileWriter(io.BytesIO(pdf)))
    return bytes(out.getvalue())


def test_widget_pages_boxes_and_coverage(vn_pki: VnTestPki) -> None:
    pdf = docgen.render(specs.bao_cao(pages=2)).pdf
    once = _sign(pdf, vn_pki, PERSONAL, "CaNhan", (350, 300, 500, 370), 1)
    twice = _sign(once, vn_pki, AGENCY_MST, "CoQuan", None, 0)
    found = list_signatures(twice)
    assert [s.field for s in found] == ["CaNhan", "CoQuan"]
    personal, agency = found
    assert personal.kind is SignatureKind.SIGNATURE
    assert personal.page == 1 and personal.visible
    assert personal.rect == pytest.approx((350, 300, 500, 370))
    assert personal.to_dict()["page"] == 2  # 1-based in JSON
    assert not agency.visible and agency.rect is None  # an invisible signature
    assert (personal.covers_whole_file, agency.covers_whole_file) == (False, True)
    assert personal.signer and personal.signer in (personal.signer_subject or "")
    assert list_signatures(once)[0].covers_whole_file
