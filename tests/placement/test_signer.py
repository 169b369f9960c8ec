"""Chữ ký cá nhân and dấu cơ quan on layouts the generator does not produce.

Each layout below copies something agencies do (checked against real documents such as the
Petrolimex letter in the shared corpus): a title line with a comma, a three-line KT. block,
a name in capitals and not bold, ``(Đã ký)`` in the signature space, no "Nơi nhận", DejaVu
Serif instead of Times, joint documents signed by two agencies side by side, a body that
mentions people by name.
"""

from __future__ import annotations

import pytest

from vndocsign.placement import (
    AmbiguousPlacementError,
    AnchorNotFoundError,
    PlacementOptions,
    find_placement,
    find_placements,
    mm,
    prepare,
)

from .agency import Drawn, Sheet, body, recipients, signer

pytestmark = pytest.mark.usefixtures("docgen_fonts")


def _assert_between(rect: tuple[float, float, float, float], position: Drawn, name: Drawn) -> None:
    x0, y0, x1, y1 = rect
    assert y0 >= name.top and y1 <= position.bottom, (rect, position, name)
    assert abs((x0 + x1) / 2 - name.center) <= 10.0
    assert y1 - y0 >= 0.5 * (position.bottom - name.top)


def _standard(sheet: Sheet, titles: list[str], name: str, **kw: object) -> tuple[Drawn, Drawn]:
    body(
        sheet,
        [
            "Ủy ban nhân dân tỉnh giao ông Nguyễn Văn Bình, Phó Giám đốc Sở, chủ trì thực hiện.",
            "Đề nghị các cơ quan, đơn vị triển khai thực hiện./.",
        ],
        y=520,
    )
    recipients(sheet, 85, 440, ["- Như trên;", "- CT, PCT UBND tỉnh;", "- Lưu: VT, KGVX."])
    return signer(sheet, 400, 440, titles, name, **kw)  # type: ignore[arg-type]


@pytest.mark.parametrize("family", ["Liberation", "DejaVu"])
@pytest.mark.parametrize("per_char", [False, True])
def test_three_line_kt_block(family: str, per_char: bool) -> None:
    sheet = Sheet(family=family)
    position, name = _standard(
        sheet, ["TM. ỦY BAN NHÂN DÂN", "KT. CHỦ TỊCH", "PHÓ CHỦ TỊCH"], "Trần Minh Khoa"
    )
    p = find_placement(sheet.pdf(per_char=per_char), "personal")
    _assert_between(p.rect, position, name)
    assert p.confidence >= 0.9
    assert p.label == "Trần Minh Khoa"
    assert p.anchor.text.splitlines() == [
        "TM. ỦY BAN NHÂN DÂN",
        "KT. CHỦ TỊCH",
        "PHÓ CHỦ TỊCH",
        "Trần Minh Khoa",
    ]


def test_title_with_comma_no_prefix_like_a_state_group() -> None:
    sheet = Sheet()
    position, name = _standard(
        sheet, ["PHỤ TRÁCH NHÓM ĐẠI DIỆN VỐN", "NHÀ NƯỚC, CHỦ TỊCH HĐQT"], "Phạm Văn Thanh"
    )
    p = find_placement(sheet.pdf(), "personal")
    _assert_between(p.rect, position, name)


def test_name_in_capitals_not_bold_with_placeholder() -> None:
    sheet = Sheet(family="DejaVu")
    position, name = _standard(
        sheet,
        ["KT. GIÁM ĐỐC", "PHÓ GIÁM ĐỐC"],
        "NGUYỄN THỊ MINH HẠNH",
        name_style="R",
        placeholder="(Đã ký)",
    )
    p = find_placement(sheet.pdf(), "personal")
    _assert_between(p.rect, position, name)
    assert p.confidence < 0.9  # capitals and a regular weight are weaker evidence
    assert p.notes


def test_signer_given_picks_the_block_not_the_body_mention() -> None:
    sheet = Sheet()
    position, name = _standard(sheet, ["GIÁM ĐỐC"], "Nguyễn Văn Bình")
    p = find_placement(sheet.pdf(), "personal", signer="nguyễn văn  bình")
    _assert_between(p.rect, position, name)


def test_unknown_signer_lists_the_blocks_found() -> None:
    sheet = Sheet()
    _standard(sheet, ["GIÁM ĐỐC"], "Nguyễn Văn Bình")
    with pytest.raises(AnchorNotFoundError) as info:
        find_placement(sheet.pdf(), "personal", signer="Lê Thị Lan")
    assert [c["text"] for c in info.value.details["candidates"]] == ["Nguyễn Văn Bình"]


def test_cramped_space_is_used_but_flagged() -> None:
    sheet = Sheet()
    position, name = _standard(sheet, ["GIÁM ĐỐC"], "Lê Văn Thắng", space=30.0)
    p = find_placement(sheet.pdf(), "personal")
    _assert_between(p.rect, position, name)
    assert p.confidence < 0.8


def test_joint_document_two_agencies_side_by_side() -> None:
    """Văn bản liên tịch: two TM. blocks in one row; one placement each, left to right."""
    sheet = Sheet()
    body(sheet, ["Hai cơ quan thống nhất ban hành hướng dẫn này./."], y=520)
    left = signer(sheet, 170, 450, ["TM. BAN THƯỜNG VỤ", "BÍ THƯ"], "Đinh Văn Lâm")
    right = signer(sheet, 420, 450, ["TM. ỦY BAN NHÂN DÂN", "CHỦ TỊCH"], "Võ Thị Hoa")
    pdf = sheet.pdf()
    found = find_placements(pdf, "personal")
    assert [p.label for p in found] == ["Đinh Văn Lâm", "Võ Thị Hoa"]
    _assert_between(found[0].rect, *left)
    _assert_between(found[1].rect, *right)
    with pytest.raises(AmbiguousPlacementError) as info:
        find_placement(pdf, "personal")
    assert len(info.value.details["candidates"]) == 2
    only = find_placement(pdf, "personal", signer="Võ Thị Hoa")
    assert only.rect == found[1].rect


def test_two_unrelated_equal_blocks_are_ambiguous() -> None:
    sheet = Sheet()
    signer(sheet, 400, 700, ["GIÁM ĐỐC"], "Lê Văn Thắng")
    signer(sheet, 400, 400, ["GIÁM ĐỐC"], "Lê Văn Thắng")
    with pytest.raises(AmbiguousPlacementError):
        find_placement(sheet.pdf(), "personal")


def test_no_block_at_all() -> None:
    sheet = Sheet()
    body(sheet, ["Chỉ có nội dung, không có người ký./."], y=500)
    with pytest.raises(AnchorNotFoundError) as info:
        find_placement(sheet.pdf(), "personal")
    assert "looked_for" in info.value.details


def test_table_of_names_in_the_body_is_not_a_signer_block() -> None:
    sheet = Sheet()
    sheet.text(100, 700, "HỌ VÀ TÊN", "B")
    sheet.text(100, 684, "Nguyễn Văn An")
    sheet.text(100, 668, "Trần Thị Bích")
    position, name = _standard(sheet, ["KT. CHỦ TỊCH", "PHÓ CHỦ TỊCH"], "Trần Minh Khoa")
    p = find_placement(sheet.pdf(), "personal")
    assert p.label == "Trần Minh Khoa"
    _assert_between(p.rect, position, name)


@pytest.mark.parametrize("diameter", [36.0, 42.0])
def test_seal_real_size_over_the_left_third(diameter: float) -> None:
    sheet = Sheet()
    _standard(sheet, ["TM. ỦY BAN NHÂN DÂN", "CHỦ TỊCH"], "Lê Quang Vinh")
    layout = prepare(sheet.pdf())
    opts = PlacementOptions(seal_diameter_mm=diameter)
    personal = find_placement(layout, "personal", options=opts)
    seal = find_placement(layout, "seal", options=opts)
    assert seal.width == pytest.approx(mm(diameter)) and seal.height == pytest.approx(mm(diameter))
    overlap = (seal.rect[2] - personal.rect[0]) / personal.width
    assert 0.25 <= overlap <= 0.40
    assert seal.rect[0] < personal.rect[0]
    # vertically centred on the signature
    assert (seal.rect[1] + seal.rect[3]) / 2 == pytest.approx(
        (personal.rect[1] + personal.rect[3]) / 2, abs=0.5
    )
    assert seal.anchor.bbox == personal.rect


def test_seal_overlap_option() -> None:
    sheet = Sheet()
    _standard(sheet, ["GIÁM ĐỐC"], "Lê Văn Thắng")
    layout = prepare(sheet.pdf())
    personal = find_placement(layout, "personal")
    seal = find_placement(layout, "seal", options=PlacementOptions(seal_overlap=0.3))
    assert (seal.rect[2] - personal.rect[0]) / personal.width == pytest.approx(0.3, abs=0.01)


def test_seal_near_the_left_edge_is_kept_on_the_page_and_flagged() -> None:
    sheet = Sheet()
    signer(sheet, 60, 400, ["GIÁM ĐỐC"], "Lê Văn Thắng")
    seal = find_placement(sheet.pdf(), "seal")
    assert seal.rect[0] >= 0
    assert any("shifted" in n for n in seal.notes)


@pytest.mark.parametrize("per_char", [False, True])
def test_decomposed_text_with_marks_as_separate_glyphs(per_char: bool) -> None:
    """NFD text (macOS, some PDF libraries): each combining mark is a glyph of its own, and
    sorting glyphs by position may put the tone mark before the circumflex."""
    import unicodedata

    def nfd(text: str) -> str:
        return unicodedata.normalize("NFD", text)

    sheet = Sheet()
    body(sheet, [nfd("Đề nghị các cơ quan triển khai thực hiện./.")], y=520)
    recipients(sheet, 85, 450, ["- Như trên;", "- Lưu: VT."])
    position, name = signer(
        sheet, 400, 450, [nfd("KT. GIÁM ĐỐC"), nfd("PHÓ GIÁM ĐỐC")], nfd("Trần Minh Khoa")
    )
    layout = prepare(sheet.pdf(per_char=per_char))
    p = find_placement(layout, "personal", signer="Trần Minh Khoa")
    assert p.label == "Trần Minh Khoa"  # composed back to NFC
    _assert_between(p.rect, position, name)
    assert find_placement(layout, "personal") == p
    assert find_placement(layout, "initial").anchor.text == "./."


def test_named_signer_without_upper_case_title_gets_a_low_confidence_box() -> None:
    """A drafter typed the position in sentence case: only the name can anchor the box."""
    sheet = Sheet()
    body(sheet, ["Đề nghị các cơ quan, đơn vị triển khai thực hiện./."], y=520)
    title = sheet.centered(400, 440, "Giám đốc Sở", "B")
    name = sheet.centered(400, 370, "Lê Văn Thắng", "B")
    pdf = sheet.pdf()
    with pytest.raises(AnchorNotFoundError):
        find_placement(pdf, "personal")  # structure alone finds no block
    p = find_placement(pdf, "personal", signer="Lê Văn Thắng")
    _assert_between(p.rect, title, name)
    assert p.confidence < 0.6
    assert "no position line above the name" in p.notes
