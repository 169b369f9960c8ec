"""The sample PDFs shipped in the package (used by ``vndocsign demo`` and the docs)."""

from __future__ import annotations

import io

import pytest
from pypdf import PdfReader

from vndocsign.errors import VndocsignError
from vndocsign.metadata import extract
from vndocsign.pdf import load_text
from vndocsign.samples import sample_names, sample_pdf

EXPECTED = {
    "cong-van": {
        "number": "2183/UBND-KGVX",
        "issued_date": "2024-05-31",
        "place": "Quảng Ngãi",
        "issuer": "ỦY BAN NHÂN DÂN TỈNH QUẢNG NGÃI",
        "document_type": "Công văn",
        "draft": False,
        "signer": ("Trần Minh Khoa", "PHÓ CHỦ TỊCH", "KT. CHỦ TỊCH"),
    },
    "to-trinh": {
        "number": "215/TTr-STTTT",
        "issued_date": "2024-05-20",
        "place": "Quảng Ngãi",
        "issuer": "SỞ THÔNG TIN VÀ TRUYỀN THÔNG",
        "document_type": "Tờ trình",
        "draft": False,
        "signer": ("Võ Đình Khánh", "GIÁM ĐỐC", None),
    },
    "du-thao-quyet-dinh": {
        "number": "/QĐ-UBND",
        "issued_date": None,
        "place": "Quảng Ngãi",
        "issuer": "ỦY BAN NHÂN DÂN TỈNH QUẢNG NGÃI",
        "document_type": "Quyết định",
        "draft": True,
        "signer": ("Lê Quang Vinh", "CHỦ TỊCH", "TM. ỦY BAN NHÂN DÂN"),
    },
}


def test_sample_names() -> None:
    assert sample_names() == tuple(sorted(EXPECTED))


@pytest.mark.parametrize("name", sorted(EXPECTED))
def test_samples_are_small_embedded_and_read_back(name: str) -> None:
    pdf = sample_pdf(name)
    assert pdf.startswith(b"%PDF-")
    assert len(pdf) < 80_000
    reader = PdfReader(io.BytesIO(pdf))
    for ref in reader.pages[0]["/Resources"]["/Font"].values():
        assert "/FontFile2" in ref.get_object()["/FontDescriptor"]
    data = extract(pdf).document.to_dict()
    want = EXPECTED[name]
    for key in ("number", "issued_date", "place", "issuer", "document_type", "draft"):
        assert data[key] == want[key], key
    signer = data["signer"]
    assert (signer["full_name"], signer["position"], signer["authority"]) == want["signer"]
    lines = [ln.text for ln in load_text(pdf).pages[-1].lines]
    assert any(t.endswith("./.") for t in lines)


def test_sample_pdf_accepts_the_file_name_and_rejects_unknown_names() -> None:
    assert sample_pdf("cong-van.pdf") == sample_pdf("cong-van")
    with pytest.raises(VndocsignError) as info:
        sample_pdf("khong-co")
    assert "cong-van" in info.value.en
    assert info.value.code == "samples.not_found"
    with pytest.raises(VndocsignError):
        sample_pdf("../samples/cong-van")


def test_committed_samples_match_the_generator() -> None:
    pytest.importorskip("reportlab")
    import sys
    from pathlib import Path

    tests = Path(__file__).resolve().parents[1]
    if str(tests) not in sys.path:
        sys.path.insert(0, str(tests))
    from docgen import fonts_available
    from docgen.build_samples import build

    if not fonts_available():
        pytest.skip("Liberation Serif fonts not installed")
    for name, fresh in build().items():
        shipped = load_text(sample_pdf(name))
        regenerated = load_text(fresh)
        assert [ln.text for ln in shipped.lines()] == [ln.text for ln in regenerated.lines()], (
            f"{name}.pdf is stale: run python tests/docgen/build_samples.py"
        )
