"""The official-document model: round trips on the regulation's own examples, typed refusals."""

from __future__ import annotations

import datetime as dt
import json
import re
import unicodedata
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from vndocsign import ModelError, VndocsignError
from vndocsign.model import (
    Agency,
    Authority,
    DateLine,
    DocumentNumber,
    DocumentType,
    OfficialDocument,
    OrganId,
    Secrecy,
    Signer,
    Urgency,
    all_document_types,
    format_vn_date,
    to_vn,
)

REFERENCE = Path(__file__).resolve().parents[2] / ".." / "shared" / "reference" / "regulations.md"

# Examples printed in Decree 30 and in the texts the issues cite.
NUMBERS = [
    "2183/UBND-KGVX",
    "12/QĐ-UBND",
    "215/TTr-STTTT",
    "28/2018/QĐ-TTg",
    "30/2020/NĐ-CP",
    "/QĐ-UBND",
    "05/BNV-VP",
    "12/UBND-VX",
    "15/QĐ-BNV",
    "144/2025/QĐ-CTUBND",
    "3287/VPCP-KSTT",
    "1169/UBND-TTTH",
    "4679/UBND-CNTT",
    "1808/UBND-KGVX",
    "01/SY-VP",
    "07/TrS-UBND",
    "10/QyĐ-BNV",
    "09/CTr-UBND",
    "100/BC-SYT",
]


@pytest.mark.parametrize("text", NUMBERS)
def test_number_round_trips_exactly(text: str) -> None:
    assert str(DocumentNumber.parse(text)) == text


def test_numbers_in_the_reference_round_trip() -> None:
    if not REFERENCE.is_file():
        pytest.skip(f"shared reference not available ({REFERENCE})")
    found = set(
        re.findall(
            r"(?<![\d.])(?:0[1-9]|[1-9]\d+)/(?:\d{4}/)?[A-ZĐ][A-Za-zĐđ0-9]*(?:-[A-ZĐ0-9][A-Za-zĐđ0-9]*)+",
            REFERENCE.read_text(encoding="utf-8"),
        )
    )
    assert len(found) > 20
    for text in found:
        assert str(DocumentNumber.parse(text)) == text


def test_number_parts() -> None:
    cv = DocumentNumber.parse("Số: 2183/UBND-KGVX")
    assert (cv.number, cv.notation, cv.year) == (2183, "UBND-KGVX", None)
    assert cv.document_type == DocumentType.from_name("Công văn")
    assert cv.issuer_abbreviation == "UBND"
    tt = DocumentNumber.parse("215/TTr-STTTT")
    assert tt.document_type.name == "Tờ trình"  # type: ignore[union-attr]
    assert tt.issuer_abbreviation == "STTTT"
    law = DocumentNumber.parse("28/2018/QĐ-TTg")
    assert (law.number, law.year, law.code_number) == (28, 2018, "28/2018")
    decree = DocumentNumber.parse("30/2020/NĐ-CP")  # legal-normative: the year tells
    assert decree.document_type is not None and decree.document_type.name == "Nghị định"
    assert decree.document_type.is_legal and decree.issuer_abbreviation == "CP"
    circular = DocumentNumber.parse("18/2021/TT-BLĐTBXH")
    assert circular.document_type == DocumentType.from_name("THÔNG TƯ")
    assert circular.issuer_abbreviation == "BLĐTBXH"
    assert DocumentNumber.parse("64/2025/QH15").document_type is None  # Luật or Nghị quyết
    pm = DocumentNumber.parse("28/2018/QĐ-TTg").document_type
    assert pm is not None and pm.is_legal and pm.name == "Quyết định"
    # without a year, TT is an issuer (Trung tâm) of a công văn, never a Thông tư
    assert DocumentNumber.parse("45/TT-HCTH").document_type == DocumentType.from_name("Công văn")
    assert DocumentNumber.parse("2319/QĐ-TTg").document_type == DocumentType.from_abbreviation("QĐ")
    draft = DocumentNumber.parse("/QĐ-UBND")
    assert draft.is_draft and draft.code_number == ""
    assert str(draft.with_number(7)) == "07/QĐ-UBND"
    assert DocumentNumber.parse("12/QĐ-UBND").printed() == "Số: 12/QĐ-UBND"


@pytest.mark.parametrize(
    "bad",
    [
        "5/BNV-VP",
        "005/BNV-VP",
        "12/QĐ UBND",
        "12/",
        "abc",
        "12/QĐ--UBND",
        "0/QĐ-UBND",
        "12/QĐ-UBND-",
        "123456789012/QĐ-UBND",
        "12/" + "A" * 31,
    ],
)
def test_malformed_numbers_are_refused(bad: str) -> None:
    with pytest.raises(ModelError) as info:
        DocumentNumber.parse(bad)
    assert isinstance(info.value, VndocsignError)
    assert info.value.vi != info.value.en  # bilingual


def test_lenient_number_parsing_pads() -> None:
    assert str(DocumentNumber.parse("5/BNV-VP", strict=False)) == "05/BNV-VP"
    assert str(DocumentNumber.parse("12 / QĐ - UBND", strict=False)) == "12/QĐ-UBND"


@given(
    st.integers(min_value=1, max_value=99999), st.sampled_from(["QĐ-UBND", "UBND-KGVX", "TTr-SYT"])
)
def test_number_format_parse_inverse(n: int, notation: str) -> None:
    number = DocumentNumber(number=n, notation=notation)
    assert DocumentNumber.parse(str(number)) == number
    assert len(str(number).split("/")[0]) >= 2


DATE_LINES = [
    ("Quảng Ngãi, ngày 05 tháng 01 năm 2024", dt.date(2024, 1, 5)),
    ("Hà Nội, ngày 05 tháng 01 năm 2020", dt.date(2020, 1, 5)),
    ("Thành phố Hồ Chí Minh, ngày 29 tháng 6 năm 2019", dt.date(2019, 6, 29)),
    ("Thanh Hóa, ngày 19 tháng 4 năm 2019", dt.date(2019, 4, 19)),
    ("Quảng Ngãi, ngày 31 tháng 5 năm 2024", dt.date(2024, 5, 31)),
    ("Hậu Giang, ngày 28 tháng 7 năm 2016", dt.date(2016, 7, 28)),
    ("Cần Thơ, ngày 10 tháng 02 năm 2021", dt.date(2021, 2, 10)),
    ("Đà Nẵng, ngày 01 tháng 12 năm 2023", dt.date(2023, 12, 1)),
]


@pytest.mark.parametrize(("text", "date"), DATE_LINES)
def test_date_line_round_trips(text: str, date: dt.date) -> None:
    line = DateLine.parse(text)
    assert line.date == date
    assert str(line) == text
    assert str(DateLine.parse(unicodedata.normalize("NFD", text))) == text


@pytest.mark.parametrize(
    "bad",
    [
        "Quảng Ngãi, ngày 5 tháng 01 năm 2024",  # day not padded
        "Quảng Ngãi, ngày 05 tháng 1 năm 2024",  # January not padded
        "Quảng Ngãi, ngày 05 tháng 06 năm 2024",  # June padded
        "Quảng Ngãi, ngày 30 tháng 02 năm 2024",  # no such date
        "Quảng Ngãi, 05/01/2024",
        "Quảng Ngãi, ngày 05 tháng năm 2024",
    ],
)
def test_malformed_date_lines_are_refused(bad: str) -> None:
    with pytest.raises(ModelError):
        DateLine.parse(bad)


def test_draft_date_line_and_padding_rule() -> None:
    draft = DateLine.parse("Quảng Ngãi, ngày      tháng      năm 2024")
    assert draft.date is None and draft.year == 2024 and draft.place == "Quảng Ngãi"
    assert format_vn_date(dt.date(2019, 2, 3)) == "ngày 03 tháng 02 năm 2019"
    assert format_vn_date(dt.date(2019, 3, 3)) == "ngày 03 tháng 3 năm 2019"
    assert DateLine.parse("Hà Nội, ngày 5 tháng 1 năm 2020", strict=False).date == dt.date(
        2020, 1, 5
    )


def test_times_are_in_vietnam() -> None:
    moment = to_vn(dt.datetime(2024, 5, 31, 1, 0, tzinfo=dt.UTC))
    assert moment.utcoffset() == dt.timedelta(hours=7)
    assert moment.hour == 8


ABBREVIATIONS = {
    "Nghị quyết": "NQ",
    "Quyết định": "QĐ",
    "Chỉ thị": "CT",
    "Quy chế": "QC",
    "Quy định": "QyĐ",
    "Thông cáo": "TC",
    "Thông báo": "TB",
    "Hướng dẫn": "HD",
    "Chương trình": "CTr",
    "Kế hoạch": "KH",
    "Phương án": "PA",
    "Đề án": "ĐA",
    "Dự án": "DA",
    "Báo cáo": "BC",
    "Biên bản": "BB",
    "Tờ trình": "TTr",
    "Hợp đồng": "HĐ",
    "Công điện": "CĐ",
    "Bản ghi nhớ": "BGN",
    "Bản thỏa thuận": "BTT",
    "Giấy ủy quyền": "GUQ",
    "Giấy mời": "GM",
    "Giấy giới thiệu": "GGT",
    "Giấy nghỉ phép": "GNP",
    "Phiếu gửi": "PG",
    "Phiếu chuyển": "PC",
    "Phiếu báo": "PB",
    "Bản sao y": "SY",
    "Bản trích sao": "TrS",
    "Bản sao lục": "SL",
}


def test_all_29_types_and_three_copy_forms() -> None:
    admin = all_document_types(include_copies=False)
    assert len(admin) == 29
    assert len(all_document_types()) == 32
    assert {t.name for t in admin if t.abbreviation is None} == {"Công văn", "Thư công"}


@pytest.mark.parametrize(("name", "abbr"), ABBREVIATIONS.items())
def test_type_lookup_by_name_and_abbreviation(name: str, abbr: str) -> None:
    by_name = DocumentType.from_name(name)
    assert by_name.abbreviation == abbr
    assert DocumentType.from_abbreviation(abbr) is by_name
    assert DocumentType.lookup(unicodedata.normalize("NFD", name.upper())) is by_name
    assert DocumentType.lookup(unicodedata.normalize("NFD", abbr)) is by_name


def test_type_lookup_tolerance_is_bounded() -> None:
    assert DocumentType.lookup("QD").abbreviation == "QĐ"  # Đ typed as D, unambiguous
    assert DocumentType.lookup("CD").abbreviation == "CĐ"
    assert DocumentType.lookup("DA").name == "Dự án"  # never Đề án
    assert DocumentType.lookup("HD").name == "Hướng dẫn"  # never Hợp đồng
    assert DocumentType.lookup("Giấy uỷ quyền").abbreviation == "GUQ"  # old tone placement
    assert DocumentType.lookup("Quyết định (cá biệt)").abbreviation == "QĐ"
    assert DocumentType.lookup("quyet dinh").abbreviation == "QĐ"
    for wrong in ("QYĐ", "TTR", "ttr", "CV", "TT", "NĐ", ""):
        with pytest.raises(ModelError):
            DocumentType.lookup(wrong)  # legal abbreviations only through a number's year
    # legal-normative names resolve by name; shared names stay administrative
    assert DocumentType.lookup("THÔNG TƯ").is_legal
    assert DocumentType.lookup("thong tu lien tich").name == "Thông tư liên tịch"
    assert not DocumentType.lookup("Quyết định").is_legal
    assert DocumentType.legal_from_abbreviation("ND").name == "Nghị định"
    with pytest.raises(ModelError):
        DocumentType.legal_from_abbreviation("QH15")


def test_organ_id_warns_but_accepts_non_conforming_ids() -> None:
    assert OrganId("000.00.00.H56").is_conforming
    for odd in ("vxp.saas.02", "99.99.99.G21", "01.02.G22"):
        organ = OrganId(odd)
        assert organ.warnings and str(organ) == odd
    with pytest.raises(ModelError):
        OrganId("  ")


def test_signer_rules() -> None:
    signer = Signer(
        "Trần Minh Khoa",
        position="Phó Chủ tịch",
        authority=["TM. Ủy ban nhân dân", "KT. CHỦ TỊCH"],
    )
    assert signer.title_lines == ("TM. ỦY BAN NHÂN DÂN", "KT. CHỦ TỊCH", "PHÓ CHỦ TỊCH")
    assert signer.authority_text == "KT. CHỦ TỊCH"
    assert signer.authority[0].prefix is Authority.TM
    with pytest.raises(ModelError):  # KT. needs the signer's own position
        Signer("Nguyễn Văn A", authority="KT. GIÁM ĐỐC")
    with pytest.raises(ModelError):
        Signer("TS. Nguyễn Văn A", position="GIÁM ĐỐC")
    assert Signer("TS. Nguyễn Văn A", position="GIÁM ĐỐC", allow_academic_title=True)
    with pytest.raises(ModelError):
        Signer("Nguyễn Văn A", authority="THAY MẶT BAN")
    with pytest.raises(ModelError):
        Signer("N" * 51)


def test_marks() -> None:
    assert Secrecy.parse("tối mật") is Secrecy.TOI_MAT
    assert Urgency.parse("HOẢ TỐC") is Urgency.HOA_TOC  # old tone placement
    assert Urgency.from_priority(0) is None
    assert Urgency.from_priority(2) is Urgency.THUONG_KHAN
    assert Urgency.THUONG_KHAN.priority == 2
    with pytest.raises(ModelError):
        Urgency.from_priority(7)
    with pytest.raises(ModelError):
        Secrecy.parse("BÍ MẬT")


def _document() -> OfficialDocument:
    return OfficialDocument(
        issuer=Agency("ỦY BAN NHÂN DÂN TỈNH QUẢNG NGÃI", organ_id="000.00.00.H56"),
        number="2183/UBND-KGVX",
        date_line="Quảng Ngãi, ngày 31 tháng 5 năm 2024",
        document_type="Công văn",
        subject="V/v triển khai ký số văn bản",
        recipients=["Các sở, ban, ngành tỉnh"],
        signers=Signer("Trần Minh Khoa", position="PHÓ CHỦ TỊCH", authority="KT. CHỦ TỊCH"),
        distribution=["Như trên;", "Lưu: VT, KGVX."],
        urgency="KHẨN",
        page_amount=2,
    )


def test_document_dict_and_json_round_trip() -> None:
    doc = _document()
    data = doc.to_dict()
    assert data["number"] == "2183/UBND-KGVX"
    assert data["issued_date"] == "2024-05-31"
    assert data["place"] == "Quảng Ngãi"
    assert data["signer"]["authority"] == "KT. CHỦ TỊCH"
    assert data["urgency"] == "KHẨN" and data["secrecy"] is None and data["draft"] is False
    again = OfficialDocument.from_dict(json.loads(doc.to_json()))
    assert again.to_dict() == {**data, "metadata": again.to_dict()["metadata"]}
    assert again.number == doc.number and again.signers == doc.signers


def test_annex_vi_metadata_and_limits() -> None:
    meta = _document().metadata()
    assert meta["CodeNumber"] == "2183" and meta["CodeNotation"] == "UBND-KGVX"
    assert meta["IssuedDate"] == "31/05/2024"
    assert meta["Priority"] == 1
    assert meta["SignerInfo"] == {"Position": "PHÓ CHỦ TỊCH", "FullName": "Trần Minh Khoa"}
    with pytest.raises(ModelError):
        OfficialDocument(subject="x" * 501)
    with pytest.raises(ModelError):
        OfficialDocument(page_amount=1000)
    with pytest.raises(ModelError):  # number names Quyết định, type says Tờ trình
        OfficialDocument(number="12/QĐ-UBND", document_type="Tờ trình")
    assert set(OfficialDocument().missing_components()) >= {"number", "signer", "issuer"}
    assert _document().missing_components() == ()
