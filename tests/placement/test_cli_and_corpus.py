"""``vndocsign place`` and real agency documents from the shared corpus."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from tests.conftest import corpus_file, corpus_manifest
from vndocsign.cli.main import main
from vndocsign.placement import NoTextLayerError, find_placement, find_placements, prepare

from .agency import Sheet, body, recipients, signer


def _letter(tmp_path: Path, two_signers: bool = False) -> Path:
    sheet = Sheet()
    body(sheet, ["Cuộc họp kết thúc, biên bản đã được thông qua./."], y=520)
    if two_signers:
        signer(sheet, 170, 450, ["THƯ KÝ"], "Huỳnh Thị Mai")
        signer(sheet, 420, 450, ["CHỦ TỌA"], "Trương Công Định")
    else:
        recipients(sheet, 85, 450, ["- Như trên;", "- Lưu: VT."])
        signer(sheet, 400, 450, ["KT. GIÁM ĐỐC", "PHÓ GIÁM ĐỐC"], "Lê Văn Thắng")
    path = tmp_path / "van-ban.pdf"
    path.write_bytes(sheet.pdf())
    return path


@pytest.mark.usefixtures("docgen_fonts")
@pytest.mark.parametrize("role", ["initial", "personal", "agency", "attachment", "copy"])
def test_place_json_contract(tmp_path: Path, capsys: pytest.CaptureFixture[str], role: str) -> None:
    path = _letter(tmp_path)
    assert main(["place", str(path), "--role", role, "--json"]) == 0
    data = json.loads(capsys.readouterr().out)
    assert set(data) == {"page", "rect", "role", "anchor"}
    assert set(data["anchor"]) == {"text", "page", "bbox"}
    assert data["role"] == role
    expected = find_placement(path, role)
    assert data["rect"] == [round(v, 2) for v in expected.rect]
    # pages are 1-based in JSON (the Python attribute is the 0-based index)
    assert expected.page == 0 and data["page"] == 1 and data["anchor"]["page"] == 1


@pytest.mark.usefixtures("docgen_fonts")
def test_place_role_seal_is_an_alias_of_agency(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = _letter(tmp_path)
    assert main(["place", str(path), "--role", "seal", "--json"]) == 0
    alias = json.loads(capsys.readouterr().out)
    assert main(["place", str(path), "--role", "agency", "--json"]) == 0
    assert alias == json.loads(capsys.readouterr().out)
    assert alias["role"] == "agency"
    assert main(["place", str(path), "--role", "stamp", "--json"]) != 0


@pytest.mark.usefixtures("docgen_fonts")
def test_place_bien_ban_needs_a_signer_or_all(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = _letter(tmp_path, two_signers=True)
    assert main(["place", str(path), "--role", "personal", "--json"]) == 3
    error = json.loads(capsys.readouterr().out)
    assert error["code"] == "placement.ambiguous"
    assert len(error["details"]["candidates"]) == 2
    assert {c["page"] for c in error["details"]["candidates"]} == {1}
    assert main(["place", str(path), "--role", "personal", "--all", "--json"]) == 0
    both = json.loads(capsys.readouterr().out)
    assert [p["anchor"]["text"].splitlines()[-1] for p in both] == [
        "Huỳnh Thị Mai",
        "Trương Công Định",
    ]
    rc = main(["place", str(path), "--role", "personal", "--signer", "Trương Công Định", "--json"])
    assert rc == 0
    assert json.loads(capsys.readouterr().out)["rect"] == both[1]["rect"]
    # the seal of a biên bản goes with the presiding signer (CHỦ TỌA)
    assert main(["place", str(path), "--role", "agency"]) == 0
    assert "Trương Công Định" in capsys.readouterr().out


@pytest.mark.usefixtures("docgen_fonts")
def test_place_low_confidence_warns_on_stderr(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    sheet = Sheet()
    sheet.text(470, 4, "kết thúc hết dòng./.")
    signer(sheet, 400, 700, ["GIÁM ĐỐC"], "LÊ VĂN THẮNG", name_style="R", space=20)
    path = tmp_path / "x.pdf"
    path.write_bytes(sheet.pdf())
    assert main(["place", str(path), "--role", "personal"]) == 0
    captured = capsys.readouterr()
    assert "low confidence" in captured.err
    assert "personal: trang/page 1" in captured.out


def test_place_usage_and_input_errors(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    bad = tmp_path / "bad.pdf"
    bad.write_bytes(b"hello")
    assert main(["place", str(bad), "--role", "bogus"]) == 64
    assert main(["place", str(bad), "--role", "initial", "--json"]) == 3
    assert json.loads(capsys.readouterr().out)["code"] == "pdf.not_pdf"


# --------------------------------------------------------------------------------------------
# Real documents (shared corpus, read in place)


def _corpus(name: str) -> Path:
    entries = corpus_manifest("pdf-signatures")
    entry = next((e for e in entries if e["file"] == name), None)
    if entry is None:
        pytest.skip(f"{name} not in the corpus")
    return corpus_file("pdf-signatures", entry)


@pytest.mark.corpus
def test_real_petrolimex_letter() -> None:
    """Công văn 2440/PLX-HĐQT (Microsoft Word): '... trân trọng báo cáo./.', a two-line
    position 'PHỤ TRÁCH NHÓM ĐẠI DIỆN VỐN / NHÀ NƯỚC, CHỦ TỊCH HĐQT' opposite 'Nơi nhận',
    and two appendix pages (one landscape) after the signature."""
    layout = prepare(_corpus("vn_petrolimex-2440-plx-hdqt_3sigs.pdf"))
    initial = find_placement(layout, "initial")
    assert initial.page == 0
    assert initial.anchor.text == "./."
    # PDFium ink end of the final "." measured independently with pdftotext -bbox: 466.9
    assert 0 <= initial.rect[0] - 466.9 <= 6
    assert initial.rect[1] < 236.6 and initial.rect[3] > 245.8
    assert initial.confidence >= 0.9

    personal = find_placement(layout, "personal")
    assert personal.label == "Phạm Văn Thanh"
    x0, y0, x1, y1 = personal.rect
    assert y0 >= 78.4 and y1 <= 151.0  # name top .. 'NHÀ NƯỚC, CHỦ TỊCH HĐQT' bottom
    assert abs((x0 + x1) / 2 - (351.1 + 449.4) / 2) <= 10
    seal = find_placement(layout, "seal")
    assert 0.25 <= (seal.rect[2] - x0) / (x1 - x0) <= 0.40

    assert len(find_placements(layout, "personal")) == 1
    named = find_placement(layout, "personal", signer="Phạm Văn Thanh")
    assert named.rect == personal.rect


@pytest.mark.corpus
def test_real_scanned_letter() -> None:
    """Công văn 9087/CNNL-PCĐT is a scan: text roles fail clearly, stamps still work."""
    path = _corpus("vn_pvn-9087-cnnl-pcdt_viettel-ca.pdf")
    layout = prepare(path)
    with pytest.raises(NoTextLayerError):
        find_placement(layout, "personal")
    stamp = find_placement(layout, "copy")
    page = layout.text.pages[0]
    assert stamp.rect[2] <= page.cropbox[2] and stamp.rect[3] <= page.cropbox[3]
    assert stamp.rect[0] > page.cropbox[2] / 3
