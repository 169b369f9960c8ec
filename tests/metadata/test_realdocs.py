"""Issue 12 acceptance on real issued documents: ``../shared/corpus/realdocs/truth.json``.

``truth.json`` says what a person reads on each rendered page. In most of these documents the
number and the day are stamped by the registry's agency signatures (widget appearances), not
in the page content. Skipped when the folder is absent. The files are read in place, never
copied.

The two scans carry a *handwritten* number and day (``Số: 1406/…`` written in ink over the
blank): no OCR engine reads those, so for scans the test asserts they are reported as scans
(and, with Tesseract, what OCR does read) rather than the handwritten fields.
"""

from __future__ import annotations

import hashlib
import json
from pathlib import Path
from typing import Any

import pytest

from tests.conftest import CORPUS
from vndocsign.metadata import FieldSource, extract
from vndocsign.pdf import ocr_available

FOLDER = CORPUS / "realdocs"
TRUTH: dict[str, dict[str, Any]] = (
    json.loads((FOLDER / "truth.json").read_text(encoding="utf-8"))
    if (FOLDER / "truth.json").is_file()
    else {}
)
pytestmark = pytest.mark.skipif(not TRUTH, reason=f"real documents not available ({FOLDER})")

TEXT_LAYER = sorted(k for k, t in TRUTH.items() if not t.get("scanned"))
SCANS = sorted(k for k, t in TRUTH.items() if t.get("scanned"))
#: Numbers and days stamped by agency signatures (truth.json's note says so).
STAMPED = sorted(k for k in TEXT_LAYER if "stamped" in TRUTH[k].get("note", ""))


def _path(key: str) -> Path:
    path = FOLDER / f"{key}.pdf"
    if not path.is_file():
        pytest.skip(f"missing: {path}")
    digest = hashlib.sha256(path.read_bytes()).hexdigest()
    assert digest == TRUTH[key]["sha256"], f"real document changed: {path}"
    return path


def _read(key: str) -> dict[str, Any]:
    doc = extract(_path(key), ocr=False).document
    return {
        "number": str(doc.number) if doc.number else None,
        "date": doc.date_line.date.isoformat() if doc.date_line and doc.date_line.date else None,
        "type": doc.document_type.name if doc.document_type else None,
        "subject": doc.subject,
        "signer": doc.signers[0].full_name if doc.signers else None,
        "draft": doc.draft,
    }


@pytest.mark.parametrize("key", TEXT_LAYER)
def test_every_field_as_a_person_reads_it(key: str) -> None:
    truth, got = TRUTH[key], _read(key)
    wanted = {f: truth[f] for f in ("number", "date", "type", "subject", "signer")}
    assert {f: got[f] for f in wanted} == wanted
    assert got["draft"] is False  # every one of them is issued


@pytest.mark.parametrize("key", STAMPED)
def test_stamped_number_and_day_say_whose_stamp(key: str) -> None:
    result = extract(_path(key), ocr=False)
    for name in ("number", "issued_date"):
        evidence = result.fields[name]
        assert evidence.source is FieldSource.STAMP, name
        assert evidence.stamped_by and evidence.stamped_by[0]["field"]
        assert evidence.to_dict()["source"] == "stamp"


def test_attached_documents_are_listed_not_mixed_in() -> None:
    key = "rd_a06f7db47a6f"  # công văn (p.1), phiếu ý kiến (p.2), draft quyết định (pp.3-4)
    if key not in TRUTH:
        pytest.skip("file not in truth.json")
    result = extract(_path(key), ocr=False)
    assert result.pages == (0,)
    assert [a.pages for a in result.attachments] == [(1,), (2, 3)]
    draft = result.attachments[-1].extraction.document
    assert draft.document_type is not None and draft.document_type.name == "Quyết định"
    assert draft.number is not None and draft.number.is_draft
    chosen = extract(_path(key), ocr=False, document=2)
    assert chosen.pages == (2, 3) and chosen.document.number == draft.number


def test_thong_tu_is_a_legal_normative_document() -> None:
    key = "rd_a25f46a800ca"
    if key not in TRUTH:
        pytest.skip("file not in truth.json")
    doc = extract(_path(key), ocr=False).document
    assert doc.document_type is not None and doc.document_type.is_legal
    assert doc.number is not None and doc.number.year == 2021


@pytest.mark.parametrize("key", SCANS)
def test_scans_are_reported_as_scans_not_errors(key: str) -> None:
    result = extract(_path(key), ocr=False)
    assert result.scanned
    assert any("vndocsign[ocr]" in w for w in result.warnings)


def test_junk_before_the_header_is_tolerated_with_a_warning() -> None:
    key = "rd_82dc8bc1a908"  # 22 junk bytes precede %PDF-1.3
    if key not in TRUTH:
        pytest.skip("file not in truth.json")
    path = _path(key)
    assert not path.read_bytes().startswith(b"%PDF")
    result = extract(path, ocr=False)
    assert any("junk bytes precede the %PDF- header" in w for w in result.warnings)
    # the garbage text layer of this scan is not trusted: whatever it gave ranks low
    assert all(ev.confidence <= 0.3 for k, ev in result.fields.items() if k != "page_amount")


@pytest.mark.skipif(not ocr_available(), reason="the vndocsign[ocr] extra (tesseract) is absent")
def test_garbage_ocr_layer_is_replaced_by_tesseract() -> None:
    key = "rd_82dc8bc1a908"  # scanned Quyết định with a garbage OCR layer
    if key not in TRUTH:
        pytest.skip("file not in truth.json")
    result = extract(_path(key), ocr=True)
    doc = result.document
    assert doc.document_type is not None and doc.document_type.name == "Quyết định"
    assert doc.subject is not None and doc.subject.startswith("Về việc cho phép hợp nhất")
    assert result.fields["subject"].source is FieldSource.OCR
    assert result.fields["subject"].confidence <= 0.7
