"""``Số, ký hiệu``: the number and notation of a document (Decree 30, Phụ lục I, II.3).

Shapes handled, all round-tripping exactly through :meth:`DocumentNumber.parse` and ``str``:

* administrative document of a named type: ``12/QĐ-UBND``, ``215/TTr-STTTT``;
* công văn: ``2183/UBND-KGVX`` (issuer abbreviation first, no type);
* legal-normative document with a year: ``28/2018/QĐ-TTg``, ``30/2020/NĐ-CP``;
* a draft whose number the registry has not assigned yet: ``/QĐ-UBND`` (number ``None``).

Numbers below 10 are written with a leading zero (``05/BNV-VP``). ``strict=True`` (the
default) rejects ``5/BNV-VP``; ``strict=False`` accepts it and formats it padded.
"""

from __future__ import annotations

import re

import attrs

from vndocsign.errors import ModelError
from vndocsign.model._text import canonical
from vndocsign.model.doctypes import DocumentType

__all__ = ["DocumentNumber"]

_GROUP = r"[^\W_][^\W_&.]*(?:&[^\W_]+)*"
_NUMBER_RE = re.compile(
    rf"""^\s*(?:s[ốo]\s*:?\s*)?           # optional "Số:" prefix as printed
        (?P<number>\d+)?\s*/\s*
        (?:(?P<year>(?:19|20)\d\d)\s*/\s*)?
        (?P<notation>{_GROUP}(?:\s*-\s*{_GROUP})*)\s*$""",
    re.IGNORECASE | re.VERBOSE,
)

#: Phụ lục VI limits: CodeNumber ≤ 11 characters, CodeNotation ≤ 30.
MAX_CODE_NUMBER = 11
MAX_CODE_NOTATION = 30


def _check_number(number: int | None) -> None:
    if number is not None and number < 1:
        raise ModelError(
            f"Document numbers start at 01, got {number}",
            f"Số văn bản bắt đầu từ 01, nhận được {number}",
            value=number,
        )


def _check_notation(notation: str) -> None:
    if not re.fullmatch(rf"{_GROUP}(?:-{_GROUP})*", notation) or len(notation) > MAX_CODE_NOTATION:
        raise ModelError(
            f"Malformed notation {notation!r}: groups joined by '-' without spaces, "
            f"at most {MAX_CODE_NOTATION} characters",
            f"Ký hiệu {notation!r} không đúng thể thức: các nhóm chữ nối bằng '-', không có "
            f"dấu cách, tối đa {MAX_CODE_NOTATION} ký tự",
            value=notation,
        )


@attrs.frozen
class DocumentNumber:
    """A parsed ``Số, ký hiệu``.

    ``number`` is ``None`` for a draft; ``year`` is set only for legal-normative documents;
    ``notation`` is everything after the last ``/`` (``"QĐ-UBND"``), kept exactly as printed.
    """

    number: int | None = attrs.field(validator=lambda _i, _a, v: _check_number(v))
    notation: str = attrs.field(validator=lambda _i, _a, v: _check_notation(v))
    year: int | None = None

    @classmethod
    def parse(cls, text: str, *, strict: bool = True) -> DocumentNumber:
        """Parse ``"2183/UBND-KGVX"``, ``"Số: 12/QĐ-UBND"``, ``"28/2018/QĐ-TTg"``, ``"/QĐ-UBND"``.

        Raises :class:`ModelError` on anything else.
        """
        raw = canonical(text)
        match = _NUMBER_RE.match(raw)
        if match is None:
            raise ModelError(
                f"{text!r} is not a document number of the form 'number/NOTATION'",
                f"{text!r} không phải số, ký hiệu văn bản dạng 'số/KÝ HIỆU'",
                value=text,
            )
        digits = match.group("number")
        notation = re.sub(r"\s*-\s*", "-", match.group("notation"))
        if strict and " " in match.group("notation").strip():
            raise ModelError(
                f"Spaces are not allowed inside the notation {match.group('notation')!r}",
                f"Ký hiệu không được có dấu cách: {match.group('notation')!r}",
                value=text,
            )
        if digits is not None:
            if len(digits) > MAX_CODE_NUMBER:
                raise ModelError(
                    f"Number {digits} is longer than {MAX_CODE_NUMBER} digits",
                    f"Số {digits} dài quá {MAX_CODE_NUMBER} chữ số",
                    value=text,
                )
            if strict and (len(digits) == 1 or (len(digits) > 2 and digits.startswith("0"))):
                raise ModelError(
                    f"Numbers below 10 take a leading zero and larger ones none: {digits!r}",
                    "Số nhỏ hơn 10 phải ghi thêm số 0 phía trước, số lớn hơn thì không: "
                    f"{digits!r}",
                    value=text,
                )
        year = match.group("year")
        return cls(
            number=int(digits) if digits is not None else None,
            notation=notation,
            year=int(year) if year else None,
        )

    # -- formatting ------------------------------------------------------------------------

    @property
    def code_number(self) -> str:
        """Phụ lục VI ``CodeNumber``: ``"05"``, ``"2183"``, ``"28/2018"`` or ``""`` for a draft."""
        if self.number is None:
            return ""
        padded = f"{self.number:02d}"
        return f"{padded}/{self.year}" if self.year else padded

    @property
    def code_notation(self) -> str:
        """Phụ lục VI ``CodeNotation``: ``"QĐ-UBND"``."""
        return self.notation

    @property
    def is_draft(self) -> bool:
        return self.number is None

    @property
    def groups(self) -> tuple[str, ...]:
        return tuple(self.notation.split("-"))

    @property
    def document_type(self) -> DocumentType | None:
        """The type named by the first notation group; công văn when it names none.

        A number with a year is legal-normative (``30/2020/NĐ-CP`` -> Nghị định,
        ``18/2021/TT-BLĐTBXH`` -> Thông tư); ``None`` when its first group names no type
        (``64/2025/QH15``: Luật or Nghị quyết of the National Assembly).
        """
        if self.year:
            try:
                return DocumentType.legal_from_abbreviation(self.groups[0])
            except ModelError:
                return None
        try:
            return DocumentType.from_abbreviation(self.groups[0])
        except ModelError:
            return DocumentType.from_name("Công văn")

    @property
    def issuer_abbreviation(self) -> str:
        """The issuer's abbreviation: the group after the type, or the first one (công văn)."""
        groups = self.groups
        doc_type = self.document_type
        if (doc_type is None or doc_type.abbreviation is not None) and len(groups) > 1:
            return groups[1]
        return groups[0]

    def with_number(self, number: int) -> DocumentNumber:
        """The same notation with a number assigned by the registry (cấp số)."""
        return attrs.evolve(self, number=number)

    def __str__(self) -> str:
        if self.number is None:
            return f"/{self.year}/{self.notation}" if self.year else f"/{self.notation}"
        return f"{self.code_number}/{self.notation}"

    def printed(self) -> str:
        """As printed in ô 3 of the layout: ``"Số: 12/QĐ-UBND"``."""
        return f"Số: {self}"
