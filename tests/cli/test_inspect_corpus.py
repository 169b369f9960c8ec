"""``inspect`` on real documents that passed through the national exchange platform.

The shared corpus holds two Vietnamese PDFs made by agencies' own software (one with a text
layer, one a scan). They hold personal data: assertions only, nothing printed.
"""

from __future__ import annotations

import pytest

from tests.conftest import corpus_file, corpus_manifest
from vndocsign.cli.inspect_cmd import inspect_document

CASES = {c["file"]: c for c in corpus_manifest("pdf-signatures")}
pytestmark = pytest.mark.corpus


def test_real_cong_van_with_a_text_layer() -> None:
    path = corpus_file("pdf-signatures", CASES["vn_petrolimex-2440-plx-hdqt_3sigs.pdf"])
    report = inspect_document(path)
    meta = report["metadata"]
    assert meta["number"] == "2440/PLX-HĐQT"
    assert meta["issued_date"] == "2025-10-13"
    assert meta["place"] == "Hà Nội"
    assert meta["issuer"] == "TẬP ĐOÀN XĂNG DẦU VIỆT NAM"
    assert meta["document_type"] == "Công văn"
    assert meta["subject"] == "Về việc xin phép cử cán bộ đi công tác nước ngoài"
    assert meta["recipients"] == ["Bộ Tài chính"]
    assert meta["signer"]["full_name"] == "Phạm Văn Thanh"
    assert meta["signer"]["position"].startswith("PHỤ TRÁCH NHÓM ĐẠI DIỆN VỐN NHÀ NƯỚC")
    sigs = report["signatures"]
    assert len(sigs) == 3
    assert [s["covers_whole_file"] for s in sigs] == [False, False, True]
    assert sigs[1]["signer"] == "PHẠM VĂN THANH"
    assert {s["kind"] for s in sigs} == {"signature"}
    # every widget is on page 1 (1-based in JSON), the agency's seal the largest of the three
    assert [s["page"] for s in sigs] == [1, 1, 1]
    areas = [(r[2] - r[0]) * (r[3] - r[1]) for r in (s["rect"] for s in sigs)]
    assert max(areas) == areas[2]
    assert report["fields"]["number"]["page"] == 1


def test_real_scan_reports_no_text_layer() -> None:
    path = corpus_file("pdf-signatures", CASES["vn_pvn-9087-cnnl-pcdt_viettel-ca.pdf"])
    report = inspect_document(path, ocr=False)  # as without the vndocsign[ocr] extra
    assert report["has_text_layer"] is False
    assert report["scanned"] is True
    assert report["metadata"]["number"] is None
    assert len(report["signatures"]) == 1
