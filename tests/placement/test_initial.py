"""Ký tắt: which "./." closes the body, the fallbacks, and the optional initials."""

from __future__ import annotations

import pytest

from vndocsign.placement import (
    AmbiguousPlacementError,
    AnchorNotFoundError,
    PlacementOptions,
    find_placement,
    find_placements,
    mm,
)

from .agency import Sheet, body, recipients, signer

docgen = pytest.importorskip("docgen")
from docgen import specs  # noqa: E402
from docgen.spec import Para  # noqa: E402

pytestmark = pytest.mark.usefixtures("docgen_fonts")

QUOTED_RULE = (
    "Văn bản dự thảo phải có chữ ký tắt điện tử ngay sau dấu kết thúc “./.” của nội dung; "
    "không ký tắt tại phần “Nơi nhận”"
)


def _initial_and_truth(**overrides: object) -> tuple[object, object]:
    doc = docgen.render(specs.draft_quyet_dinh(**overrides), runs="char")
    return find_placement(doc.pdf, "initial"), doc.truth.closing


def test_quoted_mark_in_the_text_is_not_the_closing_one() -> None:
    base = specs.draft_quyet_dinh()
    body = (*base.body[:-1], Para(QUOTED_RULE, lead="Điều 3."), base.body[-1])
    p, closing = _initial_and_truth(body=body)
    assert p.anchor.bbox[0] == pytest.approx(closing.bbox[0], abs=1.5)
    assert p.anchor.bbox[1] == pytest.approx(closing.bbox[1], abs=4)
    assert 0 <= p.rect[0] - closing.bbox[2] <= 6


def test_quoted_mark_at_a_line_end_is_skipped_and_reported() -> None:
    """A quoted “./.” that happens to end its line is still not the closing mark."""
    sheet = Sheet()
    body(sheet, ["Nội dung không có dấu kết thúc", "Ghi chú: ký tắt sau “./.”"], y=500)
    with pytest.raises(AnchorNotFoundError) as info:
        find_placement(sheet.pdf(), "initial")
    rejected = info.value.details["candidates"]
    assert [c["rejected"] for c in rejected] == ["quoted"]
    assert rejected[0]["page"] == 1  # 1-based, as in every JSON output
    assert "./." in info.value.details["looked_for"]
    assert info.value.vi != info.value.en


def test_mark_ending_the_recipient_list_is_not_the_closing_one() -> None:
    """Some clerks end "- Lưu: VT, KGVX./." — that is not the end of the content."""
    p, closing = _initial_and_truth(distribution=("Như Điều 3", "Lưu: VT, KGVX./"))
    assert p.anchor.bbox[1] == pytest.approx(closing.bbox[1], abs=4)
    assert 0 <= p.rect[0] - closing.bbox[2] <= 6


def test_dates_with_slashes_and_periods_are_not_marks() -> None:
    """``01/7/2024.`` ends a line with "/" and "." but is not "./."."""
    sheet = Sheet()
    body(
        sheet,
        [
            "Điều 3. Thời hạn báo cáo trước ngày 15/12/2024./.",
            "Quy chế được áp dụng thống nhất từ ngày 01/7/2024.",
        ],
        y=500,
    )
    for per_char in (False, True):
        p = find_placement(sheet.pdf(per_char=per_char), "initial")
        mark = sheet.find("Điều 3. Thời hạn báo cáo trước ngày 15/12/2024./.")
        assert p.anchor.bbox[1] < mark.baseline < p.anchor.bbox[3]
        assert 0 <= p.rect[0] - mark.x1 <= 6


def test_no_closing_mark_lists_nothing_and_says_what_was_looked_for() -> None:
    sheet = Sheet()
    body(sheet, ["Nội dung không có dấu kết thúc.", "Ngày 01/7/2024."], y=500)
    with pytest.raises(AnchorNotFoundError) as info:
        find_placement(sheet.pdf(), "initial")
    assert info.value.details["candidates"] == []
    assert info.value.code == "placement.not_found"


def test_mark_after_the_signature_belongs_to_an_attachment() -> None:
    """A quy chế printed after the decision ends with its own "./.": the decision's one wins."""
    sheet = Sheet()
    body(sheet, ["Điều 3. Các cơ quan chịu trách nhiệm thi hành Quyết định này./."], y=500)
    recipients(sheet, 85, 400, ["- Như Điều 3;", "- Lưu: VT, KGVX."])
    signer(sheet, 400, 400, ["TM. ỦY BAN NHÂN DÂN", "CHỦ TỊCH"], "Lê Quang Vinh")
    sheet.new_page()
    body(sheet, ["QUY CHẾ", "Điều 10. Quy chế này có hiệu lực kể từ ngày ký./."], y=760)
    p = find_placement(sheet.pdf(), "initial")
    assert p.page == 0
    assert p.confidence >= 0.85
    assert any("earlier" in n or "not the last" in n for n in p.notes) is False


def test_only_marks_after_nơi_nhận_lower_the_confidence() -> None:
    sheet = Sheet()
    body(sheet, ["Nội dung không có dấu kết thúc"], y=500)
    recipients(sheet, 85, 400, ["- Như trên;", "- Lưu: VT."])
    signer(sheet, 400, 400, ["GIÁM ĐỐC"], "Lê Văn Thắng")
    sheet.new_page()
    body(sheet, ["Phụ lục kết thúc tại đây./."], y=760)
    p = find_placement(sheet.pdf(), "initial")
    assert p.page == 1
    assert p.confidence < 0.8
    assert p.notes


def test_two_marks_side_by_side_are_ambiguous() -> None:
    sheet = Sheet()
    sheet.text(85, 500, "Bản tiếng Việt kết thúc./.")
    sheet.text(330, 500, "Bản dịch kết thúc./.")
    with pytest.raises(AmbiguousPlacementError) as info:
        find_placement(sheet.pdf(), "initial")
    assert len(info.value.details["candidates"]) == 2


def test_full_line_goes_below_right_aligned_and_stays_on_the_page() -> None:
    sheet = Sheet()
    line = "x" * 10
    d = sheet.text(520, 300, line + "./.")
    p = find_placement(sheet.pdf(), "initial")
    assert p.rect[2] <= 595.28
    assert p.rect[2] == pytest.approx(d.x1, abs=2.0)
    assert p.rect[3] < d.baseline
    assert any("below" in n for n in p.notes)


def test_text_to_the_right_on_the_same_line_sends_the_box_below() -> None:
    sheet = Sheet()
    mark = sheet.text(85, 300, "Nội dung kết thúc./.")
    sheet.text(215, 300, "(cột bên phải)")
    p = find_placement(sheet.pdf(), "initial")
    assert p.rect[2] == pytest.approx(mark.x1, abs=2.0)
    assert p.rect[3] < mark.baseline


def test_mark_at_the_bottom_edge_is_clamped_onto_the_page() -> None:
    sheet = Sheet()
    sheet.text(480, 4, "kết thúc hết dòng./.")
    p = find_placement(sheet.pdf(), "initial")
    assert p.rect[1] >= 0 and p.rect[2] <= 595.28
    assert "shifted to stay on the page" in p.notes
    assert p.confidence < 0.95


def test_options_size_and_gap() -> None:
    doc = docgen.render(specs.draft_quyet_dinh(), runs="word")
    opts = PlacementOptions(initial_size=(mm(30), mm(12)), initial_gap=4.0)
    p = find_placement(doc.pdf, "initial", options=opts)
    assert p.width == pytest.approx(mm(30))
    assert p.height == pytest.approx(mm(12))
    end = doc.truth.closing.bbox[2]
    assert 2.5 <= p.rect[0] - end <= 6.0


def test_every_page_and_chief_initials_are_off_by_default_and_optional() -> None:
    doc = docgen.render(specs.bao_cao(pages=3), runs="line")
    assert len(find_placements(doc.pdf, "initial")) == 1
    opts = PlacementOptions(initial_every_page=True, chief_initial=True)
    found = find_placements(doc.pdf, "initial", options=opts)
    labels = [p.label for p in found]
    assert labels[0] == "content-end"
    assert labels.count("page-end") == doc.truth.page_count - 1
    assert labels[-1] == "recipients-end"
    chief = found[-1]
    assert chief.anchor.text.startswith("- Lưu")
    assert chief.rect[0] > chief.anchor.bbox[2] or chief.rect[3] < chief.anchor.bbox[1]
    for p in found:
        if p.label == "page-end":
            assert p.rect[2] <= 595.28 and p.rect[1] >= 0
            assert p.page != found[0].page


def test_chief_initial_without_nơi_nhận_is_an_error() -> None:
    sheet = Sheet()
    sheet.text(85, 500, "Nội dung kết thúc./.")
    with pytest.raises(AnchorNotFoundError):
        find_placements(sheet.pdf(), "initial", options=PlacementOptions(chief_initial=True))
