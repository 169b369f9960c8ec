"""Province names (tỉnh, thành phố trực thuộc trung ương) to repair what OCR reads of them.

Why: Tesseract loses or swaps tone marks on scans more often than letters (``LÂM ĐÒNG``,
``Lâm Đông`` for ``Lâm Đồng``). A person reads the province the agency belongs to; the
place line and the issuer name of a scan are read the same way here: a run of words that
differs from one province's name only in its diacritics is that province. Only OCR'd text is
repaired (a text layer says what its producer wrote), and names that fold alike are left alone.

The list is the 63 provinces before the 2025 merger (Resolution 202/2025/QH15), which include
the 34 kept after it, so documents of both periods are covered.
"""

from __future__ import annotations

import re

from vndocsign.model._text import canonical, strip_diacritics

__all__ = ["PROVINCE_NAMES", "fix_ocr_places"]

PROVINCE_NAMES: tuple[str, ...] = (
    "An Giang",
    "Bà Rịa - Vũng Tàu",
    "Bạc Liêu",
    "Bắc Giang",
    "Bắc Kạn",
    "Bắc Ninh",
    "Bến Tre",
    "Bình Dương",
    "Bình Định",
    "Bình Phước",
    "Bình Thuận",
    "Cà Mau",
    "Cao Bằng",
    "Cần Thơ",
    "Đà Nẵng",
    "Đắk Lắk",
    "Đắk Nông",
    "Điện Biên",
    "Đồng Nai",
    "Đồng Tháp",
    "Gia Lai",
    "Hà Giang",
    "Hà Nam",
    "Hà Nội",
    "Hà Tĩnh",
    "Hải Dương",
    "Hải Phòng",
    "Hậu Giang",
    "Hòa Bình",
    "Hồ Chí Minh",
    "Hưng Yên",
    "Khánh Hòa",
    "Kiên Giang",
    "Kon Tum",
    "Lai Châu",
    "Lạng Sơn",
    "Lào Cai",
    "Lâm Đồng",
    "Long An",
    "Nam Định",
    "Nghệ An",
    "Ninh Bình",
    "Ninh Thuận",
    "Phú Thọ",
    "Phú Yên",
    "Quảng Bình",
    "Quảng Nam",
    "Quảng Ngãi",
    "Quảng Ninh",
    "Quảng Trị",
    "Sóc Trăng",
    "Sơn La",
    "Tây Ninh",
    "Thái Bình",
    "Thái Nguyên",
    "Thanh Hóa",
    "Thừa Thiên Huế",
    "Tiền Giang",
    "Trà Vinh",
    "Tuyên Quang",
    "Vĩnh Long",
    "Vĩnh Phúc",
    "Yên Bái",
)


def _key(words: list[str]) -> str:
    return strip_diacritics(" ".join(words)).upper().replace("Đ", "D")


_FOLDED = [(_key(name.split()), name) for name in PROVINCE_NAMES]
_BY_KEY = {key: name for key, name in _FOLDED if sum(k == key for k, _ in _FOLDED) == 1}
_LONGEST = max(len(name.split()) for name in PROVINCE_NAMES)
_PUNCT = re.compile(r"^(.*?)([,.;:]*)$")


def fix_ocr_places(text: str) -> str:
    """``ỦY BAN NHÂN DÂN TỈNH LÂM ĐÒNG`` -> ``… TỈNH LÂM ĐỒNG``; ``Lâm Đông`` -> ``Lâm Đồng``.

    Words keep their case (a capitalised name stays capitalised); a trailing comma stays.
    """
    words = canonical(text).split()
    out: list[str] = []
    i = 0
    while i < len(words):
        for n in range(min(_LONGEST, len(words) - i), 1, -1):
            window = words[i : i + n]
            core, tail = _PUNCT.match(window[-1]).groups()  # type: ignore[union-attr]
            name = _BY_KEY.get(_key([*window[:-1], core]))
            if name is None:
                continue
            upper = all(w.isupper() for w in [*window[:-1], core] if w.isalpha())
            out.extend((name.upper() if upper else name).split())
            out[-1] += tail
            i += n
            break
        else:
            out.append(words[i])
            i += 1
    return " ".join(out)
