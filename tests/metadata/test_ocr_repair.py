"""Repairs of what OCR reads on scans: province names, words read twice (issue 12)."""

from __future__ import annotations

import pytest

from vndocsign.metadata._places import PROVINCE_NAMES, fix_ocr_places
from vndocsign.model import DateLine
from vndocsign.pdf._annots import TextSource, TextSourceKind
from vndocsign.pdf._ocr import OcrWord, _drop_doubles


@pytest.mark.parametrize(
    ("read", "meant"),
    [
        ("ỦY BAN NHÂN DÂN TỈNH LÂM ĐÒNG", "ỦY BAN NHÂN DÂN TỈNH LÂM ĐỒNG"),
        ("Lâm Đông,", "Lâm Đồng,"),
        ("SỞ Y TẾ TỈNH QUANG NGAI", "SỞ Y TẾ TỈNH QUẢNG NGÃI"),
        ("Thành phố Hồ Chi Minh", "Thành phố Hồ Chí Minh"),
        ("Bà Rịa - Vùng Tàu", "Bà Rịa - Vũng Tàu"),
        # not a province: left as read
        ("Hội Công chứng viên", "Hội Công chứng viên"),
        ("Lâm Đồng", "Lâm Đồng"),
    ],
)
def test_province_names_differing_only_in_diacritics_are_repaired(read: str, meant: str) -> None:
    assert fix_ocr_places(read) == meant


def test_province_list_is_the_63_and_names_folding_alike_are_not_guessed() -> None:
    assert len(PROVINCE_NAMES) == len(set(PROVINCE_NAMES)) == 63
    # "Hà Nam" and "Hà Nội" differ in letters, not only marks: neither becomes the other
    assert fix_ocr_places("Hà Nam") == "Hà Nam" and fix_ocr_places("Hà Nội") == "Hà Nội"


def _word(text: str, box: tuple[float, float, float, float], conf: float) -> OcrWord:
    return OcrWord(text, box, conf, (1, 1, 2), TextSource(kind=TextSourceKind.OCR, page=0))


def test_a_word_read_twice_at_one_place_is_kept_once_the_surer_read() -> None:
    words = [
        _word("TỈNH", (87, 788, 121, 801), 0.92),
        _word("LÂM", (129, 782, 157, 802), 0.88),
        _word("LÂM", (126, 789, 158, 802), 0.91),
        _word("ĐỒNG", (162, 788, 204, 801), 0.92),
    ]
    kept = _drop_doubles(words)
    assert [w.text for w in kept] == ["TỈNH", "LÂM", "ĐỒNG"]
    assert kept[1].confidence == 0.91
    # the same word twice in a row, side by side, is two words
    apart = [_word("xã", (10, 10, 30, 20), 0.9), _word("xã", (35, 10, 55, 20), 0.9)]
    assert len(_drop_doubles(apart)) == 2


def test_partial_date_line_keeps_month_and_year_but_no_date() -> None:
    line = DateLine.parse("Lâm Đồng, ngày tháng 9 năm 2025", strict=False, partial=True)
    assert (line.place, line.date, line.month, line.year) == ("Lâm Đồng", None, 9, 2025)
    assert str(line) == "Lâm Đồng, ngày     tháng 9 năm 2025"
    with pytest.raises(Exception, match="both"):
        DateLine.parse("Lâm Đồng, ngày tháng 9 năm 2025")  # not partial: Decree 30 says both
    full = DateLine.parse("Hà Nội, ngày 05 tháng 01 năm 2024")
    assert full.month == 1 and full.year == 2024
