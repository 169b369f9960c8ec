"""The 29 administrative document types of Decree 30/2020 (Article 7), the copy forms and the
legal-normative types (văn bản quy phạm pháp luật: Luật, Nghị định, Thông tư...).

Abbreviations are copied exactly from Phụ lục III, **case-sensitive**: ``QyĐ``, ``CTr``, ``TTr``
and ``TrS`` keep their lower-case letters even though the notation is otherwise upper case.
Công văn and thư công have no abbreviation: a công văn's number starts with the issuer's
abbreviation instead (``2183/UBND-KGVX``).

Look-ups are tolerant where tolerance cannot change the answer: NFC/NFD, old/new tone
placement (``uỷ``/``ủy``), letter case in names, and ``Đ`` typed as ``D`` when exactly one type
matches after folding (``QD`` -> ``QĐ``; but ``DA`` stays *Dự án*, never *Đề án*).
"""

from __future__ import annotations

import enum

import attrs

from vndocsign.errors import ModelError
from vndocsign.model._text import canonical, fold_d, strip_diacritics

__all__ = ["DocumentType", "TypeKind", "all_document_types"]


class TypeKind(enum.Enum):
    """Whether a type is one of the 29 administrative types or a copy form (Điều 25)."""

    ADMINISTRATIVE = "administrative"
    COPY = "copy"
    #: Văn bản quy phạm pháp luật (Luật Ban hành văn bản quy phạm pháp luật): Luật, Nghị
    #: định, Thông tư... Their numbers carry the year: ``18/2021/TT-BLĐTBXH``.
    LEGAL = "legal"


@attrs.frozen
class DocumentType:
    """One document type (tên loại văn bản).

    ``name`` is the sentence-case Vietnamese name as printed in Decree 30 (without the
    "(cá biệt)" qualifier), ``abbreviation`` the official abbreviation or ``None``,
    ``template`` the Phụ lục III template (``"1.4"`` ...), ``ordinal`` the position in Điều 7.
    """

    name: str
    abbreviation: str | None
    ordinal: int
    template: str
    kind: TypeKind = TypeKind.ADMINISTRATIVE
    #: Types whose heading is the subject line with "V/v" (công văn) rather than a type name.
    has_type_heading: bool = True

    @property
    def upper_name(self) -> str:
        """The name as printed in the heading (``"TỜ TRÌNH"``)."""
        return self.name.upper()

    def __str__(self) -> str:
        return self.name

    # -- look-ups --------------------------------------------------------------------------

    @classmethod
    def from_abbreviation(cls, abbreviation: str) -> DocumentType:
        """Find a type by its official abbreviation (``"TTr"``, ``"QĐ"``, ``"SY"``)."""
        text = canonical(abbreviation).strip(" .-/")
        found = _BY_ABBR.get(text)
        if found is not None:
            return found
        folded = [t for t in _ALL if t.abbreviation and fold_d(t.abbreviation) == fold_d(text)]
        if len(folded) == 1 and text not in _BY_ABBR:
            return folded[0]
        raise ModelError(
            f"Unknown document-type abbreviation {abbreviation!r}; abbreviations are "
            "case-sensitive (QyĐ, CTr, TTr, TrS)",
            f"Không có tên loại văn bản viết tắt {abbreviation!r}; chữ viết tắt phân biệt "
            "chữ hoa, chữ thường (QyĐ, CTr, TTr, TrS)",
            value=abbreviation,
        )

    @property
    def is_legal(self) -> bool:
        """A legal-normative type (văn bản quy phạm pháp luật)."""
        return self.kind is TypeKind.LEGAL

    @classmethod
    def legal_from_abbreviation(cls, abbreviation: str) -> DocumentType:
        """The legal-normative type of the first notation group of a number with a year.

        ``TT`` -> Thông tư, ``NĐ`` -> Nghị định, ``QĐ`` -> Quyết định (of the Prime Minister,
        a Bộ trưởng, a People's Committee), ``QH15`` -> Luật or Nghị quyết of the National
        Assembly is ambiguous and raises. Only meaningful for a number with a year: without
        one, ``TT`` is an issuer (Trung tâm) of a công văn.
        """
        text = canonical(abbreviation).strip(" .-/")
        found = _LEGAL_BY_ABBR.get(text) or _LEGAL_BY_ABBR.get(fold_d(text))
        if found is None:
            raise ModelError(
                f"Unknown legal-normative abbreviation {abbreviation!r}",
                f"Không có tên loại văn bản quy phạm pháp luật viết tắt {abbreviation!r}",
                value=abbreviation,
            )
        return found

    @classmethod
    def from_name(cls, name: str) -> DocumentType:
        """Find a type by its Vietnamese name, in any case, with or without "(cá biệt)"."""
        key = _name_key(name)
        found = _BY_NAME.get(key)
        if found is not None:
            return found
        ascii_key = strip_diacritics(key)
        candidates = [t for t in _ALL if strip_diacritics(_name_key(t.name)) == ascii_key]
        if not candidates:
            names = {_name_key(t.name) for t in _ALL}
            candidates = [
                t
                for t in _LEGAL
                if _name_key(t.name) not in names
                and strip_diacritics(_name_key(t.name)) == ascii_key
            ]
        if len(candidates) == 1:
            return candidates[0]
        raise ModelError(
            f"Unknown document type {name!r}",
            f"Không có tên loại văn bản {name!r}",
            value=name,
            candidates=[t.name for t in candidates],
        )

    @classmethod
    def lookup(cls, text: str) -> DocumentType:
        """Find a type by abbreviation first, then by name."""
        try:
            return cls.from_abbreviation(text)
        except ModelError:
            pass
        try:
            return cls.from_name(text)
        except ModelError:
            raise ModelError(
                f"{text!r} is neither a document-type name nor an official abbreviation",
                f"{text!r} không phải tên loại hay chữ viết tắt tên loại văn bản",
                value=text,
            ) from None


def _name_key(name: str) -> str:
    text = canonical(name).lower()
    for suffix in ("(cá biệt)", "cá biệt"):
        text = text.removesuffix(suffix).strip()
    return text


def _t(ordinal: int, name: str, abbr: str | None, template: str, **kw: object) -> DocumentType:
    return DocumentType(name, abbr, ordinal, template, **kw)  # type: ignore[arg-type]


_ALL: tuple[DocumentType, ...] = (
    _t(1, "Nghị quyết", "NQ", "1.1"),
    _t(2, "Quyết định", "QĐ", "1.2"),
    _t(3, "Chỉ thị", "CT", "1.4"),
    _t(4, "Quy chế", "QC", "1.4"),
    _t(5, "Quy định", "QyĐ", "1.4"),
    _t(6, "Thông cáo", "TC", "1.4"),
    _t(7, "Thông báo", "TB", "1.4"),
    _t(8, "Hướng dẫn", "HD", "1.4"),
    _t(9, "Chương trình", "CTr", "1.4"),
    _t(10, "Kế hoạch", "KH", "1.4"),
    _t(11, "Phương án", "PA", "1.4"),
    _t(12, "Đề án", "ĐA", "1.4"),
    _t(13, "Dự án", "DA", "1.4"),
    _t(14, "Báo cáo", "BC", "1.4"),
    _t(15, "Biên bản", "BB", "1.9"),
    _t(16, "Tờ trình", "TTr", "1.4"),
    _t(17, "Hợp đồng", "HĐ", "1.4"),
    _t(18, "Công văn", None, "1.5", has_type_heading=False),
    _t(19, "Công điện", "CĐ", "1.6"),
    _t(20, "Bản ghi nhớ", "BGN", "1.4"),
    _t(21, "Bản thỏa thuận", "BTT", "1.4"),
    _t(22, "Giấy ủy quyền", "GUQ", "1.4"),
    _t(23, "Giấy mời", "GM", "1.7"),
    _t(24, "Giấy giới thiệu", "GGT", "1.8"),
    _t(25, "Giấy nghỉ phép", "GNP", "1.10"),
    _t(26, "Phiếu gửi", "PG", "1.4"),
    _t(27, "Phiếu chuyển", "PC", "1.4"),
    _t(28, "Phiếu báo", "PB", "1.4"),
    _t(29, "Thư công", None, "1.4"),
    _t(30, "Bản sao y", "SY", "3.2", kind=TypeKind.COPY),
    _t(31, "Bản trích sao", "TrS", "3.2", kind=TypeKind.COPY),
    _t(32, "Bản sao lục", "SL", "3.2", kind=TypeKind.COPY),
)

#: Văn bản quy phạm pháp luật (Luật Ban hành VBQPPL, Điều 4). The same names as two
#: administrative types (Nghị quyết, Quyết định) are told apart by the number's year.
_LEGAL: tuple[DocumentType, ...] = (
    _t(41, "Hiến pháp", None, "", kind=TypeKind.LEGAL),
    _t(42, "Bộ luật", None, "", kind=TypeKind.LEGAL),
    _t(43, "Luật", None, "", kind=TypeKind.LEGAL),
    _t(44, "Nghị quyết", "NQ", "", kind=TypeKind.LEGAL),
    _t(45, "Pháp lệnh", None, "", kind=TypeKind.LEGAL),
    _t(46, "Lệnh", None, "", kind=TypeKind.LEGAL),
    _t(47, "Nghị định", "NĐ", "", kind=TypeKind.LEGAL),
    _t(48, "Quyết định", "QĐ", "", kind=TypeKind.LEGAL),
    _t(49, "Thông tư", "TT", "", kind=TypeKind.LEGAL),
    _t(50, "Thông tư liên tịch", "TTLT", "", kind=TypeKind.LEGAL),
    _t(51, "Nghị quyết liên tịch", "NQLT", "", kind=TypeKind.LEGAL),
)

_BY_ABBR = {t.abbreviation: t for t in _ALL if t.abbreviation}
_BY_NAME = {_name_key(t.name): t for t in _ALL}
_BY_NAME.update({_name_key(t.name): t for t in _LEGAL if _name_key(t.name) not in _BY_NAME})
_LEGAL_BY_ABBR = {t.abbreviation: t for t in _LEGAL if t.abbreviation}
_LEGAL_BY_ABBR.update({fold_d(k): v for k, v in list(_LEGAL_BY_ABBR.items())})
# Spellings seen in real headings and metadata.
_BY_NAME.update({"sao y": _ALL[29], "trích sao": _ALL[30], "sao lục": _ALL[31]})


def all_document_types(
    *, include_copies: bool = True, include_legal: bool = False
) -> tuple[DocumentType, ...]:
    """Every type in Decree 30 order (the 29 administrative types, then the copy forms), and
    with ``include_legal`` the legal-normative types after them."""
    out = _ALL if include_copies else tuple(t for t in _ALL if t.kind is TypeKind.ADMINISTRATIVE)
    return out + _LEGAL if include_legal else out
