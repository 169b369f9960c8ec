"""Ready-made document specs: realistic content, fictional people and numbers.

Each function returns a fresh :class:`~docgen.spec.DocSpec`; keyword arguments override fields
(``cong_van(number="05/UBND-VP")``). Agencies are real *kinds* of agencies with invented
numbers, subjects and people.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

import attrs

from docgen.spec import DocSpec, Para, SignerSpec

__all__ = [
    "ALL",
    "bao_cao",
    "bien_ban",
    "bottom_ending",
    "cong_van",
    "cong_van_list",
    "draft_quyet_dinh",
    "giay_moi",
    "quyet_dinh",
    "secret_cong_van",
    "to_trinh",
    "variants",
]

QN = "ỦY BAN NHÂN DÂN TỈNH QUẢNG NGÃI"

_BODY_CV = (
    "Thực hiện Công văn số 1520/BTTTT-CĐSQG ngày 15/4/2024 của Bộ Thông tin và Truyền thông về "
    "việc hướng dẫn triển khai văn bản điện tử có chữ ký số, Ủy ban nhân dân tỉnh có ý kiến "
    "như sau:",
    "1. Giao Sở Thông tin và Truyền thông chủ trì, phối hợp với các sở, ban, ngành và Ủy ban "
    "nhân dân các huyện, thị xã, thành phố rà soát hệ thống quản lý văn bản và điều hành, bảo "
    "đảm văn bản điện tử được ký số đúng thể thức theo Nghị định số 30/2020/NĐ-CP, hoàn thành "
    "trước ngày 01/7/2024.",
    "2. Các cơ quan, đơn vị khi phát hành văn bản điện tử phải ghi ký hiệu “/.” ở cuối phần "
    "nội dung đúng quy định; văn thư cơ quan kiểm tra thể thức trước khi ký số của cơ quan.",
    "3. Sở Tài chính bố trí kinh phí thực hiện theo quy định hiện hành. Trong quá trình thực "
    "hiện, nếu có khó khăn, vướng mắc, các cơ quan, đơn vị báo cáo Ủy ban nhân dân tỉnh "
    "(qua Sở Thông tin và Truyền thông) để xem xét, giải quyết",
)


def _evolve(spec: DocSpec, overrides: dict[str, Any]) -> DocSpec:
    return attrs.evolve(spec, **overrides) if overrides else spec


def cong_van(**overrides: Any) -> DocSpec:
    """Công văn 2183/UBND-KGVX of the Quảng Ngãi provincial People's Committee (KT. CHỦ TỊCH)."""
    return _evolve(
        DocSpec(
            issuer=QN,
            number="2183/UBND-KGVX",
            place="Quảng Ngãi",
            date=dt.date(2024, 5, 31),
            subject="triển khai văn bản điện tử có chữ ký số theo Nghị định số 30/2020/NĐ-CP",
            recipients=("Sở Thông tin và Truyền thông tỉnh Quảng Ngãi",),
            body=_BODY_CV,
            distribution=(
                "Như trên",
                "CT, PCT UBND tỉnh",
                "VPUB: CVP, PCVP",
                "Lưu: VT, KGVX(Hg)",
            ),
            signers=(
                SignerSpec(
                    "Trần Minh Khoa",
                    ("TM. ỦY BAN NHÂN DÂN", "KT. CHỦ TỊCH", "PHÓ CHỦ TỊCH"),
                ),
            ),
        ),
        overrides,
    )


def cong_van_list(**overrides: Any) -> DocSpec:
    """A công văn to several recipients (dashed Kính gửi list) with a two-line V/v subject."""
    return _evolve(
        cong_van(
            number="1047/STTTT-BCVT",
            issuer="SỞ THÔNG TIN VÀ TRUYỀN THÔNG",
            parent=QN,
            date=dt.date(2024, 2, 5),
            subject=(
                "đôn đốc triển khai nền tảng ký số chuyên dùng công vụ và cập nhật chứng thư "
                "số cho cán bộ, công chức"
            ),
            recipients=(
                "Các sở, ban, ngành tỉnh",
                "Ủy ban nhân dân các huyện, thị xã, thành phố",
                "Bưu điện tỉnh Quảng Ngãi",
            ),
            distribution=("Như trên", "UBND tỉnh (b/c)", "Giám đốc, các PGĐ Sở", "Lưu: VT, BCVT"),
            signers=(SignerSpec("Nguyễn Thị Minh Hạnh", ("KT. GIÁM ĐỐC", "PHÓ GIÁM ĐỐC")),),
        ),
        overrides,
    )


def to_trinh(**overrides: Any) -> DocSpec:
    """Tờ trình 215/TTr-STTTT submitting a draft quyết định to the People's Committee."""
    return _evolve(
        DocSpec(
            parent=QN,
            issuer="SỞ THÔNG TIN VÀ TRUYỀN THÔNG",
            number="215/TTr-STTTT",
            place="Quảng Ngãi",
            date=dt.date(2024, 5, 20),
            type_name="TỜ TRÌNH",
            subject="Về việc ban hành Quy chế quản lý, sử dụng chữ ký số trong cơ quan nhà nước "
            "trên địa bàn tỉnh Quảng Ngãi",
            recipients=("Ủy ban nhân dân tỉnh Quảng Ngãi",),
            body=(
                "Căn cứ Luật Giao dịch điện tử ngày 22 tháng 6 năm 2023; Nghị định số "
                "30/2020/NĐ-CP ngày 05/3/2020 của Chính phủ về công tác văn thư;",
                "Sở Thông tin và Truyền thông kính trình Ủy ban nhân dân tỉnh xem xét, ban hành "
                "Quyết định ban hành Quy chế quản lý, sử dụng chữ ký số trong cơ quan nhà nước "
                "trên địa bàn tỉnh (dự thảo Quyết định kèm theo).",
                Para("I. SỰ CẦN THIẾT BAN HÀNH", indent=False, bold=True, align="left"),
                "Việc sử dụng chữ ký số chuyên dùng công vụ đã được triển khai rộng rãi; tuy "
                "nhiên, một số cơ quan chưa thực hiện đúng thể thức văn bản điện tử, chưa ký số "
                "của cơ quan trên văn bản kèm theo.",
                "Sở Thông tin và Truyền thông kính trình Ủy ban nhân dân tỉnh xem xét, quyết định",
            ),
            distribution=("Như trên", "Giám đốc Sở", "Lưu: VT, CNTT"),
            signers=(SignerSpec("Võ Đình Khánh", ("GIÁM ĐỐC",)),),
        ),
        overrides,
    )


def draft_quyet_dinh(**overrides: Any) -> DocSpec:
    """The DỰ THẢO quyết định attached to :func:`to_trinh`: blank number and date."""
    return _evolve(
        DocSpec(
            issuer=QN,
            number="/QĐ-UBND",
            place="Quảng Ngãi",
            date=None,
            year=2024,
            draft=True,
            type_name="QUYẾT ĐỊNH",
            subject="Ban hành Quy chế quản lý, sử dụng chữ ký số trong cơ quan nhà nước trên "
            "địa bàn tỉnh Quảng Ngãi",
            body=(
                Para("ỦY BAN NHÂN DÂN TỈNH QUẢNG NGÃI", align="center", bold=True),
                Para(
                    "Căn cứ Luật Tổ chức chính quyền địa phương ngày 19 tháng 6 năm 2015;",
                    italic=True,
                ),
                Para(
                    "Căn cứ Nghị định số 30/2020/NĐ-CP ngày 05 tháng 3 năm 2020 của Chính phủ về "
                    "công tác văn thư;",
                    italic=True,
                ),
                Para(
                    "Theo đề nghị của Giám đốc Sở Thông tin và Truyền thông tại Tờ trình số "
                    "215/TTr-STTTT ngày 20/5/2024.",
                    italic=True,
                ),
                Para("QUYẾT ĐỊNH:", align="center", bold=True),
                Para(
                    "Ban hành kèm theo Quyết định này Quy chế quản lý, sử dụng chữ ký số trong "
                    "cơ quan nhà nước trên địa bàn tỉnh Quảng Ngãi.",
                    lead="Điều 1.",
                ),
                Para("Quyết định này có hiệu lực thi hành kể từ ngày ký.", lead="Điều 2."),
                Para(
                    "Chánh Văn phòng Ủy ban nhân dân tỉnh, Giám đốc Sở Thông tin và Truyền thông, "
                    "Thủ trưởng các sở, ban, ngành tỉnh và Chủ tịch Ủy ban nhân dân các huyện, "
                    "thị xã, thành phố chịu trách nhiệm thi hành Quyết định này",
                    lead="Điều 3.",
                ),
            ),
            distribution=(
                "Như Điều 3",
                "Bộ Thông tin và Truyền thông",
                "TT Tỉnh ủy, TT HĐND tỉnh",
                "CT, các PCT UBND tỉnh",
                "Lưu: VT, KGVX",
            ),
            signers=(SignerSpec("Lê Quang Vinh", ("TM. ỦY BAN NHÂN DÂN", "CHỦ TỊCH")),),
        ),
        overrides,
    )


def quyet_dinh(**overrides: Any) -> DocSpec:
    """The same quyết định once issued: number 12/QĐ-UBND, dated."""
    return _evolve(
        draft_quyet_dinh(draft=False, number="12/QĐ-UBND", date=dt.date(2024, 1, 5)),
        overrides,
    )


def giay_moi(**overrides: Any) -> DocSpec:
    """Giấy mời (Mẫu 1.7) of a provincial office, signed TL. CHÁNH VĂN PHÒNG."""
    return _evolve(
        DocSpec(
            parent=QN,
            issuer="VĂN PHÒNG",
            number="85/GM-VP",
            place="Quảng Ngãi",
            date=dt.date(2024, 6, 3),
            type_name="GIẤY MỜI",
            subject="Họp triển khai chữ ký số chuyên dùng công vụ năm 2024",
            body=(
                "Văn phòng Ủy ban nhân dân tỉnh trân trọng kính mời đại diện lãnh đạo các sở, "
                "ban, ngành tỉnh dự họp triển khai chữ ký số chuyên dùng công vụ.",
                "Thời gian: 14 giờ 00 phút, ngày 07/6/2024 (thứ Sáu).",
                "Địa điểm: Phòng họp số 2, Ủy ban nhân dân tỉnh, số 52 Hùng Vương, thành phố "
                "Quảng Ngãi.",
                "Rất mong đại biểu tham dự đúng thành phần và thời gian",
            ),
            distribution=("Như thành phần mời", "Lưu: VT, HCTC"),
            signers=(
                SignerSpec(
                    "Lê Văn Thắng",
                    ("TL. CHỦ TỊCH", "KT. CHÁNH VĂN PHÒNG", "PHÓ CHÁNH VĂN PHÒNG"),
                ),
            ),
        ),
        overrides,
    )


_BC_PARA = (
    "Trong kỳ báo cáo, toàn tỉnh đã phát hành trên hệ thống quản lý văn bản và điều hành "
    "{n} văn bản điện tử có chữ ký số của cá nhân và của cơ quan, đạt tỷ lệ 98,{n}% tổng số văn "
    "bản đi; các cơ quan đã thực hiện ký số văn bản kèm theo đúng quy định tại Phụ lục I Nghị "
    "định số 30/2020/NĐ-CP, bảo đảm thời hạn xử lý văn bản theo quy chế làm việc."
)


def bao_cao(pages: int = 3, **overrides: Any) -> DocSpec:
    """Báo cáo spanning several pages (about ``pages`` pages of body text)."""
    body: list[Para | str] = [Para("I. KẾT QUẢ THỰC HIỆN", indent=False, bold=True, align="left")]
    for n in range(max(1, pages * 7 - 4)):
        body.append(_BC_PARA.format(n=n + 1))
    body.append("Trên đây là báo cáo kết quả triển khai văn bản điện tử 6 tháng đầu năm 2024")
    return _evolve(
        DocSpec(
            issuer="SỞ NỘI VỤ",
            parent=QN,
            number="118/BC-SNV",
            place="Quảng Ngãi",
            date=dt.date(2024, 7, 12),
            type_name="BÁO CÁO",
            subject="Kết quả triển khai văn bản điện tử 6 tháng đầu năm 2024",
            body=tuple(body),
            distribution=("UBND tỉnh (b/c)", "Bộ Nội vụ (b/c)", "Lưu: VT, VTLT"),
            signers=(SignerSpec("Phạm Thị Thu Hằng", ("Q. GIÁM ĐỐC",)),),
        ),
        overrides,
    )


def secret_cong_van(**overrides: Any) -> DocSpec:
    """A MẬT công văn (must not travel through the ordinary exchange)."""
    return _evolve(
        cong_van(
            number="35/CAT-PV01",
            issuer="CÔNG AN TỈNH QUẢNG NGÃI",
            parent="BỘ CÔNG AN",
            secrecy="MẬT",
            urgency="THƯỢNG KHẨN",
            subject="bảo vệ bí mật nhà nước trong hoạt động ký số",
            signers=(SignerSpec("Đặng Quốc Bảo", ("KT. GIÁM ĐỐC", "PHÓ GIÁM ĐỐC")),),
            distribution=("Như trên", "Lưu: VT, PV01"),
        ),
        overrides,
    )


def bottom_ending(**overrides: Any) -> DocSpec:
    """Content meant to be rendered with ``end_at_bottom=True`` (footer on the next page)."""
    return _evolve(cong_van(number="2190/UBND-KGVX"), overrides)


def bien_ban(**overrides: Any) -> DocSpec:
    """Biên bản (Mẫu 1.9): two signers, THƯ KÝ left and CHỦ TỌA right."""
    return _evolve(
        DocSpec(
            issuer="SỞ TƯ PHÁP",
            parent=QN,
            number="07/BB-STP",
            place="Quảng Ngãi",
            date=dt.date(2024, 3, 14),
            type_name="BIÊN BẢN",
            subject="Họp Hội đồng thẩm định dự thảo quy chế sử dụng chữ ký số",
            body=(
                "Thời gian bắt đầu: 08 giờ 00 phút, ngày 14/3/2024.",
                "Thành phần tham dự gồm đại diện các sở, ngành là thành viên Hội đồng.",
                "Cuộc họp kết thúc vào 11 giờ 00 cùng ngày, biên bản đã được thông qua",
            ),
            distribution=("Thành viên Hội đồng", "Lưu: VT, VBPQ"),
            signers=(
                SignerSpec("Huỳnh Thị Mai", ("THƯ KÝ",)),
                SignerSpec("Trương Công Định", ("CHỦ TỌA",)),
            ),
            footer="bien_ban",
        ),
        overrides,
    )


def variants() -> dict[str, DocSpec]:
    """Layout variations for extraction tests: other agencies, places, authority combos."""
    return {
        "hanoi_bo": cong_van(
            parent=None,
            issuer="BỘ NỘI VỤ",
            number="05/BNV-VP",
            place="Hà Nội",
            date=dt.date(2020, 1, 5),
            subject="hướng dẫn thực hiện công tác văn thư",
            signers=(SignerSpec("Bùi Thanh Tùng", ("TL. BỘ TRƯỞNG", "CHÁNH VĂN PHÒNG")),),
            distribution=("Như trên", "Lưu: VT, VP"),
        ),
        "hcm_tuq": cong_van(
            parent="ỦY BAN NHÂN DÂN THÀNH PHỐ HỒ CHÍ MINH",
            issuer="SỞ KHOA HỌC VÀ CÔNG NGHỆ",
            number="3412/SKHCN-VP",
            place="Thành phố Hồ Chí Minh",
            date=dt.date(2019, 6, 29),
            subject=(
                "tăng cường bảo đảm an toàn thông tin khi sử dụng chữ ký số chuyên dùng công vụ "
                "trong các cơ quan, đơn vị trực thuộc Sở và các đơn vị sự nghiệp công lập"
            ),
            recipients=("Các phòng, ban, đơn vị trực thuộc Sở",),
            signers=(SignerSpec("Lâm Quốc Khải", ("TUQ. GIÁM ĐỐC", "CHÁNH VĂN PHÒNG")),),
            distribution=("Như trên", "Ban Giám đốc Sở", "Lưu: VT, VP"),
        ),
        "ke_hoach_q": to_trinh(
            type_name="KẾ HOẠCH",
            number="41/KH-UBND",
            issuer="ỦY BAN NHÂN DÂN HUYỆN SƠN TỊNH",
            parent=None,
            place="Sơn Tịnh",
            date=dt.date(2024, 12, 9),
            subject="Chuyển đổi số trong công tác văn thư, lưu trữ năm 2025",
            recipients=(),
            signers=(SignerSpec("Đỗ Văn Toàn", ("TM. ỦY BAN NHÂN DÂN", "Q. CHỦ TỊCH")),),
            distribution=("UBND tỉnh (b/c)", "Các cơ quan chuyên môn", "Lưu: VT, VP"),
        ),
        "thong_bao_khan": to_trinh(
            type_name="THÔNG BÁO",
            number="09/TB-UBND",
            issuer=QN,
            parent=None,
            date=dt.date(2024, 2, 28),
            urgency="KHẨN",
            subject="Kết luận của Chủ tịch Ủy ban nhân dân tỉnh tại cuộc họp về chuyển đổi số",
            recipients=(),
            signers=(SignerSpec("Phan Văn Hòa", ("TL. CHỦ TỊCH", "CHÁNH VĂN PHÒNG")),),
            distribution=("Các sở, ngành", "Lưu: VT, TH"),
        ),
    }


#: The kinds the issue names, by short name.
ALL = {
    "cong_van": cong_van,
    "cong_van_list": cong_van_list,
    "to_trinh": to_trinh,
    "draft_quyet_dinh": draft_quyet_dinh,
    "quyet_dinh": quyet_dinh,
    "giay_moi": giay_moi,
    "bao_cao": bao_cao,
    "secret_cong_van": secret_cong_van,
    "bottom_ending": bottom_ending,
    "bien_ban": bien_ban,
}
