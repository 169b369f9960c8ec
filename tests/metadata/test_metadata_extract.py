"""Metadata extraction on documents from two producers, in many layouts and run splittings.

The expected values come from each document's spec (what was printed), never from the
generator's coordinates, and the same rules must work on the LibreOffice (DOCX with tables)
rendering of the same content.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from typing import Any

import pytest

import docgen
from docgen import specs
from docgen.docx import LibreOfficeConverter
from docgen.spec import DocSpec, SignerSpec
from vndocsign.metadata import Extraction, extract, extract_metadata
from vndocsign.pdf import load_text

from .metadata_expect import expected, mismatches

pytestmark = pytest.mark.usefixtures("docgen_fonts")

SPECS: dict[str, DocSpec] = {name: make() for name, make in specs.ALL.items()}
SPECS.update(specs.variants())

#: reportlab renderings: how the text is cut into runs and how the page is set up.
RENDERINGS: dict[str, dict[str, Any]] = {
    "lines": {},
    "chars": {"runs": "char"},
    "chunks-shuffled": {"runs": "chunks", "shuffle": True},
    "rot90-cropbox": {
        "runs": "word",
        "rotate": 90,
        "box_offset": (20.0, 30.0),
        "media_margin": 10.0,
    },
    "rot270-shuffled": {"runs": "line", "rotate": 270, "shuffle": True},
    "fake-bold": {"runs": "char", "fake_bold": True},
}


def _render(name: str, **options: Any) -> docgen.RenderedDoc:
    return docgen.render(SPECS[name], end_at_bottom=name == "bottom_ending", **options)


def _check(result: Extraction, spec: DocSpec) -> None:
    assert result.has_text_layer
    assert mismatches(result.document.to_dict(), spec) == {}, result.warnings


@pytest.mark.parametrize("rendering", list(RENDERINGS))
@pytest.mark.parametrize("name", list(SPECS))
def test_reportlab_documents(name: str, rendering: str) -> None:
    doc = _render(name, **RENDERINGS[rendering])
    _check(extract(doc.pdf), doc.spec)


@pytest.fixture(scope="module")
def libreoffice_pdfs(libreoffice: LibreOfficeConverter) -> dict[tuple[str, int], bytes]:
    out: dict[tuple[str, int], bytes] = {}
    for rows in (1, 2):
        pdfs = libreoffice.pdfs(list(SPECS.values()), header_rows=rows)
        out.update({(name, rows): pdf for name, pdf in zip(SPECS, pdfs, strict=True)})
    return out


@pytest.mark.libreoffice
@pytest.mark.parametrize("header_rows", [2, 1])
@pytest.mark.parametrize("name", list(SPECS))
def test_libreoffice_documents(
    name: str, header_rows: int, libreoffice_pdfs: dict[tuple[str, int], bytes]
) -> None:
    _check(extract(libreoffice_pdfs[(name, header_rows)]), SPECS[name])


# -- the JSON contract of `vndocsign inspect --json` ----------------------------------------


def test_cong_van_contract_values() -> None:
    data = extract_metadata(docgen.render(specs.cong_van()).pdf).to_dict()
    assert data["number"] == "2183/UBND-KGVX"
    assert data["issued_date"] == "2024-05-31"
    assert data["place"] == "Quảng Ngãi"
    assert data["issuer"] == "ỦY BAN NHÂN DÂN TỈNH QUẢNG NGÃI"
    assert data["document_type"] == "Công văn"
    assert data["subject"].startswith("V/v triển khai văn bản điện tử")
    assert data["recipients"] == ["Sở Thông tin và Truyền thông tỉnh Quảng Ngãi"]
    assert data["signer"] == {
        "full_name": "Trần Minh Khoa",
        "position": "PHÓ CHỦ TỊCH",
        "authority": "KT. CHỦ TỊCH",
        "authority_lines": ["TM. ỦY BAN NHÂN DÂN", "KT. CHỦ TỊCH"],
    }
    assert data["secrecy"] is None
    assert data["urgency"] is None
    assert data["draft"] is False
    assert data["page_amount"] == 1


# -- evidence: confidence, page and box -------------------------------------------------------


def _inside(inner: tuple[float, ...], outer: tuple[float, ...], tol: float) -> bool:
    return (
        inner[0] >= outer[0] - tol
        and inner[1] >= outer[1] - tol
        and inner[2] <= outer[2] + tol
        and inner[3] <= outer[3] + tol
    )


def _overlap(a: tuple[float, ...], b: tuple[float, ...]) -> float:
    w = min(a[2], b[2]) - max(a[0], b[0])
    h = min(a[3], b[3]) - max(a[1], b[1])
    if w <= 0 or h <= 0:
        return 0.0
    return w * h / ((b[2] - b[0]) * (b[3] - b[1]))


@pytest.mark.parametrize("rendering", ["lines", "chars", "rot90-cropbox", "rot270-shuffled"])
def test_evidence_boxes_are_where_the_text_was_drawn(rendering: str) -> None:
    doc = _render("cong_van", **RENDERINGS[rendering])
    result = extract(doc.pdf)
    truth = doc.truth
    pairs = {
        "number": truth.fields["number"],
        "date_line": truth.fields["date_line"],
        "issuer": truth.fields["issuer"],
        "signer_name": truth.signer.name,
        "signer_position": truth.signer.position,
        "closing": truth.closing,
    }
    for field, box in pairs.items():
        evidence = result.fields[field]
        assert evidence.page == box.page, field
        assert evidence.bbox is not None
        # tight glyph boxes sit inside the font-box truth and span most of its width
        assert _inside(evidence.bbox, box.bbox, 1.5), (field, evidence.bbox, box.bbox)
        assert _overlap(evidence.bbox, box.bbox) > 0.35, (field, evidence.bbox, box.bbox)
        assert 0.5 < evidence.confidence <= 1.0
    closing = result.fields["closing"]
    assert closing.value == "./."
    assert closing.bbox is not None
    assert closing.bbox[2] == pytest.approx(truth.closing.bbox[2], abs=1.5) or rendering.startswith(
        "rot"
    )


def test_closing_ignores_quoted_mark_inside_the_body() -> None:
    doc = docgen.render(specs.cong_van(), runs="char")
    result = extract(doc.pdf)
    # the body quotes “/.” two paragraphs before the real end
    assert result.fields["closing"].page == doc.truth.closing.page
    found, truth = result.fields["closing"].bbox, doc.truth.closing.bbox
    assert found is not None
    assert (found[0], found[2]) == pytest.approx((truth[0], truth[2]), abs=1.5)
    assert truth[1] <= found[1] < found[3] <= truth[3]


def test_bottom_of_page_ending_finds_signer_on_next_page() -> None:
    doc = docgen.render(specs.bottom_ending(), end_at_bottom=True)
    result = extract(doc.pdf)
    assert result.fields["closing"].page == doc.truth.closing.page
    assert result.fields["signer_name"].page == doc.truth.closing.page + 1
    assert result.document.signer is not None
    assert result.document.signer.full_name == "Trần Minh Khoa"


def test_multi_page_report() -> None:
    doc = docgen.render(specs.bao_cao(pages=4))
    result = extract(doc.pdf)
    assert result.document.page_amount == doc.truth.page_count >= 4
    assert result.fields["closing"].page == doc.truth.page_count - 1
    signer = result.document.signer
    assert signer is not None
    assert (signer.full_name, signer.authority_text) == ("Phạm Thị Thu Hằng", "Q. GIÁM ĐỐC")


def test_bien_ban_yields_both_signers_in_reading_order() -> None:
    result = extract(docgen.render(specs.bien_ban()).pdf)
    names = [(s.full_name, s.position) for s in result.document.signers]
    assert names == [("Huỳnh Thị Mai", "THƯ KÝ"), ("Trương Công Định", "CHỦ TỌA")]
    assert [s["full_name"] for s in result.fields["signers"].value] == [n for n, _ in names]


def test_two_signers_stacked_in_the_right_column() -> None:
    spec = specs.cong_van(
        signers=(
            SignerSpec("Trần Minh Khoa", ("TM. ỦY BAN NHÂN DÂN", "KT. CHỦ TỊCH", "PHÓ CHỦ TỊCH")),
            SignerSpec("Lê Văn Thắng", ("TL. CHỦ TỊCH", "CHÁNH VĂN PHÒNG")),
        )
    )
    result = extract(docgen.render(spec).pdf)
    assert [s.full_name for s in result.document.signers] == ["Trần Minh Khoa", "Lê Văn Thắng"]
    assert result.document.signers[1].authority_text == "TL. CHỦ TỊCH"


# -- drafts and marks -------------------------------------------------------------------------


def test_draft_quyet_dinh() -> None:
    result = extract(docgen.render(specs.draft_quyet_dinh()).pdf)
    doc = result.document
    assert doc.draft is True
    assert doc.number is not None and doc.number.is_draft
    assert str(doc.number) == "/QĐ-UBND"
    assert doc.issued_date is None
    assert doc.date_line is not None and doc.date_line.year == 2024
    assert result.fields["draft"].confidence >= 0.9
    assert result.fields["draft"].source_text == "DỰ THẢO"
    assert {"number", "date_line"} <= set(doc.missing_components())


def test_draft_without_the_mark_is_recognised_from_the_blank_number() -> None:
    spec = specs.draft_quyet_dinh(draft=False)  # blank number and date, no "DỰ THẢO" box
    result = extract(docgen.render(spec).pdf)
    assert result.document.draft is True
    assert 0.5 < result.fields["draft"].confidence < 0.9


def test_secret_and_urgent_marks() -> None:
    doc = extract(docgen.render(specs.secret_cong_van()).pdf).document
    assert doc.secrecy is not None and doc.secrecy.value == "MẬT"
    assert doc.urgency is not None and doc.urgency.value == "THƯỢNG KHẨN"
    assert doc.priority == 2


def test_body_words_do_not_count_as_marks() -> None:
    spec = specs.cong_van(body=("Tài liệu này không có độ mật, không khẩn và không phải dự thảo",))
    doc = extract(docgen.render(spec).pdf).document
    assert (doc.secrecy, doc.urgency, doc.draft) == (None, None, False)


# -- values that do not parse: kept raw, low confidence, warnings -----------------------------


def test_unpadded_number_and_date_are_read_with_reduced_confidence() -> None:
    """Values that break Decree 30's zero padding are still used, but rank below clean ones.

    What matters to a clerk: the value is read and kept in the document (not dropped like an
    unreadable one), a warning says why, and it is flagged as less certain than the same
    value printed correctly, without saying by how much.
    """
    clean = extract(docgen.render(specs.cong_van(number="05/UBND-VP")).pdf)
    spec = specs.cong_van(number="5/UBND-VP", date_text="Quảng Ngãi, ngày 5 tháng 01 năm 2024")
    result = extract(docgen.render(spec).pdf)
    unreadable = extract(docgen.render(specs.cong_van(number="XX/")).pdf)
    assert result.fields["number"].value == "05/UBND-VP"
    assert result.fields["issued_date"].value == "2024-01-05"
    for name in ("number", "issued_date"):
        assert result.confidence(name) < clean.confidence(name), name
    assert unreadable.confidence("number") < result.confidence("number")
    assert any("Decree 30" in w for w in result.warnings)
    assert not any("Decree 30" in w for w in clean.warnings)
    # reduced, but still trusted enough to be put into the document
    assert result.document.number is not None and result.document.number.number == 5
    assert result.document.issued_date is not None and result.document.issued_date.day == 5
    assert unreadable.document.number is None


def test_unparseable_values_stay_raw_without_exceptions() -> None:
    spec = specs.cong_van(number="XX/", date_text="Quảng Ngãi, ngày 31 tháng 02 năm 2024")
    result = extract(docgen.render(spec).pdf)
    assert result.fields["number"].value == "XX/"
    assert result.fields["number"].confidence < 0.5
    assert result.document.number is None
    assert result.fields["date_line"].confidence < 0.5  # 31 February does not exist
    assert result.document.issued_date is None
    assert result.document.signer is not None  # the rest is still read


def test_number_naming_another_type_than_the_heading_is_flagged() -> None:
    spec = specs.to_trinh(number="215/QĐ-STTTT")
    result = extract(docgen.render(spec).pdf)
    assert result.document.document_type is not None
    assert result.document.document_type.name == "Tờ trình"
    assert any("Tờ trình" in w and "Quyết định" in w for w in result.warnings)


def test_academic_title_before_the_name_is_kept_with_a_warning() -> None:
    spec = specs.to_trinh(signers=(SignerSpec("TS. Võ Đình Khánh", ("GIÁM ĐỐC",)),))
    result = extract(docgen.render(spec).pdf)
    signer = result.document.signer
    assert signer is not None
    assert signer.full_name == "TS. Võ Đình Khánh"
    assert signer.allow_academic_title
    assert result.fields["signer_name"].confidence < 0.9
    assert any("học hàm" in w for w in result.warnings)


# -- inputs ----------------------------------------------------------------------------------


def test_accepts_path_file_object_and_parsed_text(tmp_path: Any) -> None:
    pdf = docgen.render(specs.to_trinh()).pdf
    path = tmp_path / "to-trinh.pdf"
    path.write_bytes(pdf)
    parsed = load_text(pdf)
    results = [
        extract(pdf).document,
        extract(path).document,
        extract(str(path)).document,
        extract(parsed).document,
    ]
    with path.open("rb") as fh:
        results.append(extract(fh).document)
    assert all(r == results[0] for r in results)
    assert results[0].number is not None and str(results[0].number) == "215/TTr-STTTT"


def test_to_dict_is_json_ready() -> None:
    import json

    result = extract(docgen.render(specs.cong_van_list()).pdf)
    data = json.loads(json.dumps(result.to_dict(), ensure_ascii=False))
    assert data["metadata"]["recipients"] == list(specs.cong_van_list().recipients)
    assert result.fields["recipients"].page == 0  # the attribute: 0-based index
    assert data["fields"]["recipients"]["page"] == 1  # JSON: 1-based, like every page number
    assert len(data["fields"]["number"]["bbox"]) == 4
    assert data["has_text_layer"] is True


# -- randomised variations (hypothesis) -------------------------------------------------------

hypothesis = pytest.importorskip("hypothesis")
st = hypothesis.strategies

AGENCIES = [
    (None, "BỘ TÀI CHÍNH", "BTC"),
    ("BỘ TÀI CHÍNH", "TỔNG CỤC THUẾ", "TCT"),
    (None, "ỦY BAN NHÂN DÂN THÀNH PHỐ HÀ NỘI", "UBND"),
    ("ỦY BAN NHÂN DÂN TỈNH BÌNH ĐỊNH", "SỞ GIÁO DỤC VÀ ĐÀO TẠO", "SGDĐT"),
    ("TỈNH ỦY ĐẮK LẮK", "BAN TUYÊN GIÁO", "BTG"),
    ("ỦY BAN NHÂN DÂN HUYỆN BA TƠ", "PHÒNG TÀI NGUYÊN VÀ MÔI TRƯỜNG", "TNMT"),
]
PLACES = ["Hà Nội", "Thành phố Hồ Chí Minh", "Đà Nẵng", "Buôn Ma Thuột", "Quy Nhơn", "Ba Tơ"]
SIGNERS = [
    ("TM. ỦY BAN NHÂN DÂN", "KT. CHỦ TỊCH", "PHÓ CHỦ TỊCH"),
    ("KT. BỘ TRƯỞNG", "THỨ TRƯỞNG"),
    ("TL. BỘ TRƯỞNG", "KT. CHÁNH VĂN PHÒNG", "PHÓ CHÁNH VĂN PHÒNG"),
    ("TUQ. CHỦ TỊCH", "GIÁM ĐỐC SỞ NỘI VỤ"),
    ("Q. CỤC TRƯỞNG",),
    ("GIÁM ĐỐC",),
    ("TM. BAN THƯỜNG VỤ", "PHÓ BÍ THƯ"),
]
NAMES = ["Nguyễn Văn An", "Hoàng Thị Ngọc Ánh", "Đinh Công Ưng", "Lương Ý", "Ksor Y Phương"]
SUBJECTS = [
    "báo cáo số liệu",
    "triển khai thực hiện Kế hoạch số 12/KH-UBND ngày 05/01/2024 về chuyển đổi số trong các cơ "
    "quan hành chính nhà nước, đơn vị sự nghiệp công lập trên địa bàn",
    "góp ý dự thảo",
]
TYPES = [None, "TỜ TRÌNH", "BÁO CÁO", "KẾ HOẠCH", "THÔNG BÁO", "GIẤY MỜI"]
ABBR = {"TỜ TRÌNH": "TTr", "BÁO CÁO": "BC", "KẾ HOẠCH": "KH", "THÔNG BÁO": "TB", "GIẤY MỜI": "GM"}


@st.composite
def _specs(draw: Callable[..., Any]) -> tuple[DocSpec, str]:
    parent, issuer, abbr = draw(st.sampled_from(AGENCIES))
    type_name = draw(st.sampled_from(TYPES))
    n = draw(st.integers(1, 9999))
    number = f"{n:02d}/{abbr}-VP" if type_name is None else f"{n:02d}/{ABBR[type_name]}-{abbr}"
    recipients = draw(st.sampled_from([(), ("Sở Tài chính",), ("Các sở, ngành", "UBND các huyện")]))
    spec = DocSpec(
        parent=parent,
        issuer=issuer,
        number=number,
        place=draw(st.sampled_from(PLACES)),
        date=draw(st.dates(dt.date(2015, 1, 1), dt.date(2030, 12, 31))),
        type_name=type_name,
        subject=draw(st.sampled_from(SUBJECTS)),
        recipients=recipients if type_name in (None, "TỜ TRÌNH") else (),
        body=specs.cong_van().body[: draw(st.integers(1, 4))],
        distribution=("Như trên", "Lưu: VT, VP"),
        signers=(SignerSpec(draw(st.sampled_from(NAMES)), draw(st.sampled_from(SIGNERS))),),
        urgency=draw(st.sampled_from([None, "KHẨN", "HỎA TỐC"])),
    )
    runs = draw(st.sampled_from(["line", "char", "chunks"]))
    return spec, runs


@hypothesis.settings(max_examples=40, deadline=None, derandomize=True)
@hypothesis.given(_specs())
def test_random_documents(case: tuple[DocSpec, str]) -> None:
    spec, runs = case
    doc = docgen.render(spec, runs=runs)
    got = extract(doc.pdf).document.to_dict()
    assert mismatches(got, spec) == {}
    assert expected(spec)["signers"][0]["full_name"] == got["signer"]["full_name"]
