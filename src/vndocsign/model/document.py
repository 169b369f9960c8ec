"""``OfficialDocument``: the components of Decree 30 Article 8 plus the Phụ lục VI metadata.

The class is the SDK's shared vocabulary: metadata extraction produces it, placement and
signing read the signer block from it, the policy engine decides on it, and the edXML writer
turns it into a ``MessageHeader``. It is frozen and validated on construction (Phụ lục VI length
and type limits), and converts losslessly to a plain dict / JSON and back.

Field names follow the Decree's components; :meth:`OfficialDocument.metadata` gives the
Phụ lục VI view keyed by the official English tags (``CodeNumber``, ``IssuedDate``...).
"""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Iterable, Mapping
from typing import Any, Literal

import attrs

from vndocsign.errors import ModelError
from vndocsign.model._text import canonical
from vndocsign.model._validators import in_range, max_len
from vndocsign.model.dates import DateLine
from vndocsign.model.doctypes import DocumentType
from vndocsign.model.marks import Secrecy, Urgency
from vndocsign.model.number import DocumentNumber
from vndocsign.model.parties import Agency, OrganId, Signer

__all__ = ["FileCode", "OfficialDocument", "Recipient"]


def _opt_str(value: str | None) -> str | None:
    if value is None:
        return None
    text = canonical(value)
    return text or None


def _str_tuple(values: Iterable[str] | None) -> tuple[str, ...]:
    return tuple(canonical(v) for v in values or () if canonical(v))


def _opt_organ_id(value: OrganId | str | None) -> OrganId | None:
    return OrganId(value) if isinstance(value, str) else value


@attrs.frozen
class Recipient:
    """A receiving agency for the exchange (Phụ lục VI ``To``: OrganId ≤ 13, OrganName ≤ 200)."""

    name: str = attrs.field(converter=canonical, validator=max_len(200, "Tên cơ quan nhận"))
    organ_id: OrganId | None = attrs.field(default=None, converter=_opt_organ_id)


@attrs.frozen
class FileCode:
    """Mã hồ sơ (Phụ lục VI, 1): the records file the document belongs to."""

    organ_id: str = attrs.field(validator=max_len(13, "Mã định danh cơ quan lập hồ sơ"))
    file_catalog: int = attrs.field(validator=in_range(1000, 9999, "Năm hình thành hồ sơ"))
    file_notation: str = attrs.field(validator=max_len(20, "Số và ký hiệu hồ sơ"))

    def __str__(self) -> str:
        return f"{self.organ_id}.{self.file_catalog}.{self.file_notation}"


def _doc_type(value: DocumentType | str | None) -> DocumentType | None:
    if value is None or isinstance(value, DocumentType):
        return value
    return DocumentType.lookup(value)


def _number(value: DocumentNumber | str | None) -> DocumentNumber | None:
    if value is None or isinstance(value, DocumentNumber):
        return value
    return DocumentNumber.parse(value, strict=False)


def _date_line(value: DateLine | str | None) -> DateLine | None:
    if value is None or isinstance(value, DateLine):
        return value
    return DateLine.parse(value, strict=False)


def _secrecy(value: Secrecy | str | None) -> Secrecy | None:
    return Secrecy.parse(value) if isinstance(value, str) else value


def _urgency(value: Urgency | str | None) -> Urgency | None:
    return Urgency.parse(value) if isinstance(value, str) else value


def _signers(value: Iterable[Signer] | Signer | None) -> tuple[Signer, ...]:
    if value is None:
        return ()
    if isinstance(value, Signer):
        return (value,)
    return tuple(value)


@attrs.frozen(kw_only=True)
class OfficialDocument:
    """An administrative document: Decree 30 components and Phụ lục VI metadata.

    Everything is optional so that a partially extracted or a draft document can be
    represented; :meth:`missing_components` says what a finished document still lacks.
    """

    # -- Decree 30 Article 8 components --------------------------------------------------
    issuer: Agency | None = None
    number: DocumentNumber | None = attrs.field(default=None, converter=_number)
    date_line: DateLine | None = attrs.field(default=None, converter=_date_line)
    document_type: DocumentType | None = attrs.field(default=None, converter=_doc_type)
    subject: str | None = attrs.field(
        default=None, converter=_opt_str, validator=max_len(500, "Trích yếu nội dung")
    )
    recipients: tuple[str, ...] = attrs.field(default=(), converter=_str_tuple)
    signers: tuple[Signer, ...] = attrs.field(default=(), converter=_signers)
    distribution: tuple[str, ...] = attrs.field(default=(), converter=_str_tuple)
    secrecy: Secrecy | None = attrs.field(default=None, converter=_secrecy)
    urgency: Urgency | None = attrs.field(default=None, converter=_urgency)
    draft: bool = False
    attachments: tuple[str, ...] = attrs.field(default=(), converter=_str_tuple)

    # -- Phụ lục VI metadata (outgoing and incoming) -------------------------------------
    file_code: FileCode | None = None
    doc_ordinal: int | None = attrs.field(default=None, validator=in_range(1, 999, "Số thứ tự"))
    language: str | None = attrs.field(default="Tiếng Việt", validator=max_len(30, "Ngôn ngữ"))
    page_amount: int | None = attrs.field(default=None, validator=in_range(1, 999, "Số trang"))
    description: str | None = attrs.field(default=None, validator=max_len(500, "Ghi chú"))
    to: tuple[Recipient, ...] = attrs.field(default=(), converter=tuple)
    issued_amount: int | None = attrs.field(
        default=None, validator=in_range(1, 999, "Số lượng bản phát hành")
    )
    due_date: dt.date | None = None
    arrival_date: dt.date | None = None
    arrival_number: int | None = attrs.field(
        default=None, validator=in_range(1, 9_999_999_999, "Số đến")
    )
    to_places: str | None = attrs.field(default=None, validator=max_len(1000, "Nơi nhận"))

    def __attrs_post_init__(self) -> None:
        named = self.number.document_type if self.number is not None else None
        declared = self.document_type
        if (
            named is not None
            and declared is not None
            and named != declared
            and named.abbreviation is not None
            and declared.abbreviation is not None
        ):
            raise ModelError(
                f"The number {self.number} names type {named.name}, "
                f"but the document is a {declared.name}",
                f"Số, ký hiệu {self.number} là của {named.name}, nhưng văn bản là {declared.name}",
            )

    # -- derived views --------------------------------------------------------------------

    @property
    def signer(self) -> Signer | None:
        """The first (usually only) signer."""
        return self.signers[0] if self.signers else None

    @property
    def issued_date(self) -> dt.date | None:
        return self.date_line.date if self.date_line else None

    @property
    def place(self) -> str | None:
        return self.date_line.place if self.date_line else None

    @property
    def priority(self) -> int:
        """edXML / Phụ lục VI ``Priority`` code derived from the urgency mark."""
        return self.urgency.priority if self.urgency else 0

    def missing_components(self) -> tuple[str, ...]:
        """Mandatory components (Article 8.2) absent from this document, by English name."""
        checks = {
            "issuer": self.issuer is not None,
            "number": self.number is not None and not self.number.is_draft,
            "date_line": self.issued_date is not None,
            "document_type": self.document_type is not None,
            "subject": self.subject is not None,
            "signer": bool(self.signers),
            "distribution": bool(self.distribution),
        }
        return tuple(k for k, ok in checks.items() if not ok)

    def metadata(self, direction: Literal["outgoing", "incoming"] = "outgoing") -> dict[str, Any]:
        """The Phụ lục VI record, keyed by the official tags, dates as ``dd/MM/yyyy``."""

        def d(value: dt.date | None) -> str | None:
            return value.strftime("%d/%m/%Y") if value else None

        signer = self.signer
        record: dict[str, Any] = {
            "FileCode": (
                {
                    "OrganId": self.file_code.organ_id,
                    "FileCatalog": self.file_code.file_catalog,
                    "FileNotation": self.file_code.file_notation,
                }
                if self.file_code
                else None
            ),
            "DocOrdinal": self.doc_ordinal,
            "TypeName": self.document_type.name if self.document_type else None,
            "CodeNumber": self.number.code_number if self.number else None,
            "CodeNotation": self.number.code_notation if self.number else None,
            "IssuedDate": d(self.issued_date),
            "OrganName": self.issuer.name if self.issuer else None,
            "Subject": self.subject,
            "Language": self.language,
            "PageAmount": self.page_amount,
            "Description": self.description,
            "SignerInfo": {
                "Position": signer.position or signer.authority_text if signer else None,
                "FullName": signer.full_name if signer else None,
            },
            "Priority": self.priority,
            "DueDate": d(self.due_date),
        }
        if direction == "outgoing":
            record["To"] = [
                {"OrganId": str(r.organ_id) if r.organ_id else None, "OrganName": r.name}
                for r in self.to
            ]
            record["IssuedAmount"] = self.issued_amount
        else:
            record["ArrivalDate"] = d(self.arrival_date)
            record["ArrivalNumber"] = self.arrival_number
            record["ToPlaces"] = self.to_places
        return record

    # -- serialisation --------------------------------------------------------------------

    def to_dict(self) -> dict[str, Any]:
        """A JSON-ready dict; the keys of ``vndocsign inspect --json``'s ``metadata`` object."""
        signer = self.signer
        return {
            "number": str(self.number) if self.number else None,
            "issued_date": self.issued_date.isoformat() if self.issued_date else None,
            "place": self.place,
            "issuer": self.issuer.name if self.issuer else None,
            "issuer_parent": self.issuer.parent if self.issuer else None,
            "document_type": self.document_type.name if self.document_type else None,
            "subject": self.subject,
            "recipients": list(self.recipients),
            "signer": _signer_dict(signer) if signer else None,
            "signers": [_signer_dict(s) for s in self.signers],
            "distribution": list(self.distribution),
            "secrecy": self.secrecy.value if self.secrecy else None,
            "urgency": self.urgency.value if self.urgency else None,
            "draft": self.draft,
            "attachments": list(self.attachments),
            "page_amount": self.page_amount,
            "metadata": self.metadata(),
        }

    def to_json(self, **kwargs: Any) -> str:
        return json.dumps(self.to_dict(), ensure_ascii=False, **kwargs)

    @classmethod
    def from_dict(cls, data: Mapping[str, Any]) -> OfficialDocument:
        """Rebuild a document from :meth:`to_dict` output (or hand-written JSON metadata)."""
        issued = data.get("issued_date")
        place = data.get("place")
        date_line = None
        if issued or place:
            date_line = DateLine(
                place=place, date=dt.date.fromisoformat(issued) if issued else None
            )
        signers_data = data.get("signers") or ([data["signer"]] if data.get("signer") else [])
        return cls(
            issuer=(
                Agency(data["issuer"], parent=data.get("issuer_parent"))
                if data.get("issuer")
                else None
            ),
            number=data.get("number"),
            date_line=date_line,
            document_type=data.get("document_type"),
            subject=data.get("subject"),
            recipients=data.get("recipients") or (),
            signers=[
                Signer(
                    s["full_name"],
                    position=s.get("position"),
                    authority=s.get("authority_lines") or s.get("authority"),
                )
                for s in signers_data
            ],
            distribution=data.get("distribution") or (),
            secrecy=data.get("secrecy"),
            urgency=data.get("urgency"),
            draft=bool(data.get("draft", False)),
            attachments=data.get("attachments") or (),
            page_amount=data.get("page_amount"),
        )


def _signer_dict(signer: Signer) -> dict[str, Any]:
    return {
        "full_name": signer.full_name,
        "position": signer.position,
        "authority": signer.authority_text,
        "authority_lines": [str(a) for a in signer.authority],
    }
