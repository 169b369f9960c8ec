"""A text layer that loses letters: tell it, so its values are reported low, not trusted.

Some fonts map only part of their glyphs in ToUnicode (a subset whose capitals have no
entry, or map to nothing): the page shows ``BỘ NỘI VỤ`` and ``Quyết định`` while the text
layer reads ``Ộ ỘI Ụ`` and ``uyết định``. Every rule then reads a plausible but wrong value
(``uảng gãi`` for the place) — so the layer is judged first.

**Test.** Official documents print a small set of words capitalised again and again: the
Quốc hiệu and Tiêu ngữ, agency words (``Ủy ban``, ``Bộ``, ``Sở``), the headings (``Quyết
định``, ``Căn cứ``, ``Điều``, ``Nơi nhận``, ``Kính gửi``, ``Số``) and the place names of the
date line. Each of them with its first letter lost (``uyết``, ``ính``, ``iều``, ``uảng``) is
not a Vietnamese word — the few that are (``ăn``, ``ơi``, ``ông``, ``ở``, ``hành``) are left
out. A page has lost its capitals when at least :data:`LOST_MIN_FRAGMENTS` such fragments
appear and they outnumber the intact capitalised words. On the 12 real text-layer documents
of the shared corpus and every generated sample the count is 0.
"""

from __future__ import annotations

from collections.abc import Iterable

__all__ = ["LOST_MIN_FRAGMENTS", "lost_letter_fragments"]

#: Fragments needed before a page is said to lose letters.
LOST_MIN_FRAGMENTS = 4

_CAPITALISED = """
Cộng Hòa Hoà Xã Hội Chủ Nghĩa Việt Nam Độc Lập Tự Do Hạnh Phúc Ủy Uỷ Ban Nhân Dân Tỉnh
Thành Phố Bộ Sở Phòng Văn Chính Phủ Thủ Tướng Quốc Trung Ương Cục Tổng Viện Huyện Quận
Quyết Định Nghị Thông Tư Luật Căn Cứ Điều Khoản Chương Mục Nơi Nhận Kính Gửi Số Theo Xét
Như Lưu Giám Đốc Trưởng Phó Chánh Kế Hoạch Báo Cáo Tờ Trình Hướng Dẫn Công Quy Chế
Hà Nội Hồ Minh Đà Nẵng Hải Phòng Cần Thơ Quảng Ngãi Lâm Đồng Bình Khánh Nghệ Thanh Hóa
Nguyễn Trần Lê Phạm Hoàng Huỳnh Phan Vũ Võ Đặng Bùi Đỗ Ngô Dương Trịnh Trương Đinh
"""

#: Fragments that are themselves common words (``Căn`` -> ``ăn``, ``Công`` -> ``ông``).
_COMMON = """
ăn ơi ông ở à an ân ước hành hà hư hố heo áo ột ại ới ạn ều ủa ác ưu inh ạo ăm ưởng
ề ế ố ộ ụ ủ ự ư ý y o a am âm uy hương ương rung han
"""
_WORDS = set(_COMMON.split())


def _fragments() -> frozenset[str]:
    out: set[str] = set()
    for word in _CAPITALISED.split():
        low = word.lower()
        piece = low[1:]  # "Quyết" -> "uyết"; "Nghị" -> "ghị" (only the capital is lost)
        if len(piece) >= 2 and piece not in _WORDS:
            out.add(piece)
    return frozenset(out)


_FRAGMENTS = _fragments()
_INTACT = frozenset(w.lower() for w in _CAPITALISED.split())


def lost_letter_fragments(words: Iterable[str]) -> tuple[int, int]:
    """``(fragments, intact)``: capitalised words seen without / with their first letter."""
    fragments = intact = 0
    for raw in words:
        word = raw.strip(".,;:()\"'“”")
        if not word or not word[0].isalpha():
            continue
        low = word.lower()
        if word[0].islower() and low in _FRAGMENTS:
            fragments += 1
        elif word[0].isupper() and low in _INTACT:
            intact += 1
    return fragments, intact
