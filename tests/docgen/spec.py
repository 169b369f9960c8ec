"""What a generated document says: a small frozen description of a Decree 30 document.

A :class:`DocSpec` holds the *content* (agencies, number, date, type, subject, recipients,
body, Nơi nhận, signers, marks); the renderers (:mod:`docgen.pdf` with reportlab,
:mod:`docgen.docx` with python-docx + LibreOffice) decide the layout. Keep the spec free of
coordinates so that the same content can be produced by several PDF producers.
"""

from __future__ import annotations

import datetime as dt
from typing import Literal

import attrs

__all__ = ["Align", "DocSpec", "Para", "SignerSpec"]

Align = Literal["justify", "center", "left"]


@attrs.frozen
class Para:
    """One body paragraph.

    ``lead`` is a bold run at the start (``"Điều 1."``); ``indent`` adds the 1.27 cm
    first-line indent of Decree 30 body text (justified paragraphs only).
    """

    text: str
    align: Align = "justify"
    bold: bool = False
    italic: bool = False
    lead: str | None = None
    indent: bool = True


def _paras(value: object) -> tuple[Para, ...]:
    items = value if isinstance(value, tuple | list) else (value,)
    return tuple(p if isinstance(p, Para) else Para(str(p)) for p in items)


@attrs.frozen
class SignerSpec:
    """Ô 7: every title line above the signature (authority lines, own position) and the name."""

    name: str
    titles: tuple[str, ...] = attrs.field(converter=tuple)

    @property
    def position_line(self) -> str:
        """The line directly above the signature space (what the placement helper anchors to)."""
        return self.titles[-1]


@attrs.frozen(kw_only=True)
class DocSpec:
    """The content of one Decree 30 document.

    * ``number`` is the notation as registered (``"2183/UBND-KGVX"``); on a draft give only the
      notation part (``"/QĐ-UBND"``): it is printed ``"Số:      /QĐ-UBND"``.
    * ``date`` ``None`` prints the blank date line of a draft (``ngày     tháng     năm 2024``,
      with ``year``).
    * ``type_name`` is the heading in upper case (``"TỜ TRÌNH"``); ``None`` means công văn, whose
      subject is printed as ``"V/v …"`` under the number.
    * ``recipients``: one → ``"Kính gửi: X."`` on one line; several → a dashed list.
    * ``body``: paragraphs; the last one gets ``closing`` (``"./."``) appended unless it is empty.
    * ``footer``: ``"single"`` (Nơi nhận left, one signer right) or ``"bien_ban"`` (two signers
      side by side: THƯ KÝ left, CHỦ TỌA right, Nơi nhận below).
    """

    issuer: str
    number: str
    place: str
    date: dt.date | None
    year: int | None = None
    parent: str | None = None
    type_name: str | None = None
    subject: str = ""
    recipients: tuple[str, ...] = attrs.field(default=(), converter=tuple)
    recipients_label: str = "Kính gửi:"
    body: tuple[Para, ...] = attrs.field(default=(), converter=_paras)
    closing: str = "./."
    distribution: tuple[str, ...] = attrs.field(default=(), converter=tuple)
    signers: tuple[SignerSpec, ...] = attrs.field(default=(), converter=tuple)
    secrecy: str | None = None
    urgency: str | None = None
    draft: bool = False
    footer: Literal["single", "bien_ban"] = "single"
    body_size: float = 14.0
    #: Print this place-and-date line instead of the one formatted from ``place``/``date``
    #: (to test malformed or unusual lines, e.g. without the zero padding).
    date_text: str | None = None

    @property
    def is_cong_van(self) -> bool:
        return self.type_name is None

    @property
    def printed_number(self) -> str:
        """``"Số: 2183/UBND-KGVX"``, or ``"Số:      /QĐ-UBND"`` on a draft."""
        if self.number.startswith("/"):
            return "Số:        " + self.number
        return "Số: " + self.number

    @property
    def printed_date(self) -> str:
        """The place-and-date line with Decree 30 padding, or the blank line of a draft."""
        if self.date_text is not None:
            return self.date_text
        if self.date is None:
            year = self.year if self.year is not None else ""
            return f"{self.place}, ngày      tháng      năm {year}".rstrip()
        day = f"{self.date.day:02d}"
        month = f"{self.date.month:02d}" if self.date.month <= 2 else str(self.date.month)
        return f"{self.place}, ngày {day} tháng {month} năm {self.date.year}"

    def recipient_lines(self) -> list[str]:
        """``["Kính gửi: X."]`` or ``["- A;", "- B;", "- C."]`` (list form)."""
        if not self.recipients:
            return []
        if len(self.recipients) == 1:
            return [f"{self.recipients_label} {self.recipients[0]}."]
        items = [f"- {r};" for r in self.recipients]
        items[-1] = items[-1][:-1] + "."
        return items

    def distribution_lines(self) -> list[str]:
        """``["- A;", …, "- Lưu: VT, KGVX."]``: the Nơi nhận items as printed."""
        items = [f"- {d};" for d in self.distribution]
        if items:
            items[-1] = items[-1][:-1] + "."
        return items
