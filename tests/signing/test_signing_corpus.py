"""Signing documents the project has never seen: the shared corpus of third-party signed PDFs.

Every corpus PDF either receives an agency signature that pyHanko finds intact, valid and
trusted — with the signatures already in it still intact — or is refused with a typed
:class:`~vndocsign.errors.VndocsignError` (encrypted, certified "no changes", unreadable).
Nothing else: no dependency traceback, no partial output.
"""

from __future__ import annotations

import io
from pathlib import Path

import pytest

from tests.conftest import corpus_file, corpus_manifest
from tests.pki import vnpki
from tests.signing.helpers import pdfsig
from vndocsign.errors import VndocsignError
from vndocsign.signing import Appearance, DocumentRefusedError, sign_file

CASES = corpus_manifest("pdf-signatures")


@pytest.mark.corpus
@pytest.mark.parametrize("case", CASES, ids=[c["file"] for c in CASES])
def test_sign_foreign_document(case, vn_pki, keys, nss_db, tmp_path: Path):
    from pyhanko.pdf_utils.reader import PdfFileReader
    from pyhanko.sign.fields import enumerate_sig_fields
    from pyhanko.sign.validation import validate_pdf_signature
    from pyhanko.sign.validation.pdf_embedded import EmbeddedPdfSignature

    src = corpus_file("pdf-signatures", case)
    before = src.read_bytes()
    dst = tmp_path / "signed.pdf"
    refused: VndocsignError | None = None
    try:
        sign_file(
            src,
            dst,
            keys[vnpki.AGENCY_MST],
            role="attachment",
            appearance=Appearance(number="01/SAO-TEST"),
        )
    except VndocsignError as exc:
        refused = exc
    if refused is not None:
        # damaged, encrypted or certified-no-changes files: refused as such, nothing written
        assert isinstance(refused, DocumentRefusedError), refused
        assert src.read_bytes() == before
        assert not dst.exists()
        return
    signed = dst.read_bytes()
    assert signed.startswith(before)  # incremental: the foreign bytes are untouched
    reader = PdfFileReader(io.BytesIO(signed), strict=False)
    # build signatures one by one: a malformed *foreign* CMS must not hide ours
    sigs: list = []
    for name, _value, ref in enumerate_sig_fields(reader, filled_status=True):
        try:
            sigs.append(EmbeddedPdfSignature(reader, ref.get_object(), name))
        except Exception:  # noqa: S112 - a foreign signature pyHanko cannot parse
            continue
    ours = next(sig for sig in sigs if sig.field_name.startswith("ChuKyVanBanKemTheo"))
    status = validate_pdf_signature(ours, vn_pki.validation_context())
    assert status.intact and status.valid and status.trusted, status.pretty_print_details()
    # earlier signatures: whatever they were, their signed bytes are still intact
    if case.get("expected", {}).get("integrity") == "intact":
        for sig in sigs:
            if sig is ours or sig.sig_object.get("/Type") == "/DocTimeStamp":
                continue
            try:
                earlier = validate_pdf_signature(
                    sig, vn_pki.validation_context(allow_fetching=False), skip_diff=True
                )
            except Exception:  # noqa: S112 - a foreign signature pyHanko cannot validate
                continue
            assert earlier.intact, f"{case['file']}: {sig.field_name} broken by our signature"
    reports = pdfsig(signed, nss_db, tmp_path)
    assert reports and reports[-1].get("Signature Validation") == "Signature is Valid."
