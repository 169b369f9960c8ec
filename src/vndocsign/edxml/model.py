"""Typed, frozen models of the two edXML messages: the document envelope and the status message.

Field names follow the XML (``organ_add`` for ``OrganAdd``, ``bussiness`` for ``Bussiness``: the
reference spellings are kept so that a reader of the wire format finds them). Values a reader
could not interpret stay as the raw text: a date field holds a :class:`datetime.date` *or* the
``str`` that was on the wire, an integer field an ``int`` or the raw ``str``. Writers put raw
text back unchanged, so nothing read is ever lost on re-writing.

* :class:`Envelope` — gói tin văn bản (``edoc``): MessageHeader, TraceHeaderList, optional
  opaque Signature, attachments (the manifest is derived from them).
* :class:`StatusMessage` — gói tin trạng thái (``status``): From, ResponseFor, StaffInfo,
  StatusCode (01–06, 13, 15, 16), Description, Timestamp.
"""

from __future__ import annotations

import datetime as dt
import enum
import mimetypes
import os
import uuid
from collections.abc import Iterable
from pathlib import Path
from typing import Any, Literal

import attrs

from vndocsign.edxml._xml import OpaqueElement
from vndocsign.edxml.payload import Payload

__all__ = [
    "REFERENCE_CONTENT_TYPES",
    "Attachment",
    "BusinessDocType",
    "Bussiness",
    "BussinessDocumentInfo",
    "Code",
    "DocumentTypeInfo",
    "EdxmlMessage",
    "Envelope",
    "MessageHeader",
    "Organization",
    "OtherInfo",
    "PromulgationInfo",
    "Receiver",
    "Reference",
    "ReplacementInfo",
    "ResponseFor",
    "SignerInfo",
    "StaffInfo",
    "StatusCode",
    "StatusMessage",
    "TraceHeader",
    "TraceHeaderList",
    "normalize_content_id",
]

DateValue = dt.date | str | None
TimeValue = dt.datetime | str | None
IntValue = int | str | None


def _opt(value: object) -> str | None:
    if value is None:
        return None
    text = str(value).strip()
    return text or None


def _texts(values: Iterable[object] | None) -> tuple[str, ...]:
    return tuple(t for t in (_opt(v) for v in values or ()) if t is not None)


def _strs(values: Iterable[str]) -> tuple[str, ...]:
    return tuple(values)


def _int_value(value: object) -> IntValue:
    if value is None or (isinstance(value, int) and not isinstance(value, bool)):
        return value
    if isinstance(value, enum.Enum):
        return int(value.value)
    text = str(value).strip()
    if not text:
        return None
    return int(text) if text.lstrip("-").isdigit() else text


def _int_text(value: IntValue) -> str | None:
    """Integers are written only when >= 0, like the reference ``accumulate(int)``."""
    if value is None:
        return None
    if isinstance(value, int):
        return str(value) if value >= 0 else None
    return value


def _none_if_empty(value: Any) -> Any:
    """An all-empty part is the same as an absent one (the writer omits empty containers)."""
    if value is None:
        return None
    if all(v is None or v == () or v == "" for v in attrs.astuple(value, recurse=False)):
        return None
    return value


def normalize_content_id(value: str | None) -> str | None:
    """``cid:abc`` / ``<abc>`` / ``abc`` -> ``abc``.

    The manifest and the attachments disagree on the form in the wild.
    """
    if value is None:
        return None
    text = value.strip()
    if text[:4].lower() == "cid:":
        text = text[4:]
    text = text.strip().strip("<>").strip()
    return text or None


# ----------------------------------------------------------------------------------------
# Code lists
# ----------------------------------------------------------------------------------------


class StatusCode(enum.Enum):
    """StatusCode of a status message (QĐ 28/2018 practice; codes 07–12, 14 are not used)."""

    INBOX = "01"
    REJECTED = "02"
    ACCEPTED = "03"
    ASSIGNED = "04"
    PROCESSING = "05"
    FINISHED = "06"
    RECALL_REQUEST = "13"
    RECALL_ACCEPTED = "15"
    RECALL_REJECTED = "16"

    @property
    def vi(self) -> str:
        return _STATUS_TEXT[self][0]

    @property
    def en(self) -> str:
        return _STATUS_TEXT[self][1]

    @property
    def sent_by_original_sender(self) -> bool:
        """13 goes from the sender to the receiver; every other code the other way."""
        return self is StatusCode.RECALL_REQUEST

    @classmethod
    def parse(cls, value: StatusCode | str | int) -> StatusCode | str:
        """``"3"``, ``3``, ``"03"`` -> ``ACCEPTED``; an unknown code is returned as its text."""
        if isinstance(value, StatusCode):
            return value
        text = str(value).strip()
        padded = text.zfill(2) if text.isdigit() else text
        try:
            return cls(padded)
        except ValueError:
            return text


_STATUS_TEXT = {
    StatusCode.INBOX: ("Đã đến", "Arrived (not yet handled by the registry clerk)"),
    StatusCode.REJECTED: ("Từ chối tiếp nhận", "Rejected"),
    StatusCode.ACCEPTED: ("Đã tiếp nhận", "Accepted and registered"),
    StatusCode.ASSIGNED: ("Phân công xử lý", "Assigned for handling"),
    StatusCode.PROCESSING: ("Đang xử lý", "Being processed"),
    StatusCode.FINISHED: ("Hoàn thành xử lý", "Processing finished"),
    StatusCode.RECALL_REQUEST: ("Yêu cầu lấy lại văn bản", "Recall/update requested by the sender"),
    StatusCode.RECALL_ACCEPTED: ("Đồng ý lấy lại/cập nhật", "Recall/update accepted"),
    StatusCode.RECALL_REJECTED: ("Từ chối lấy lại/cập nhật", "Recall/update refused"),
}


class BusinessDocType(enum.IntEnum):
    """``BussinessDocType``: 0 văn bản mới, 1 thu hồi, 2 cập nhật, 3 thay thế."""

    NEW = 0
    REVOKE = 1
    UPDATE = 2
    REPLACE = 3

    @property
    def reason(self) -> str:
        """The ``BussinessDocReason`` text the reference samples use."""
        return _BUSINESS_REASON[self]


_BUSINESS_REASON = {
    BusinessDocType.NEW: "Văn bản điện tử mới",
    BusinessDocType.REVOKE: "Thu hồi văn bản điện tử",
    BusinessDocType.UPDATE: "Cập nhật văn bản điện tử",
    BusinessDocType.REPLACE: "Văn bản thay thế",
}


def _business_type(value: object) -> BusinessDocType | int | str | None:
    raw = _int_value(value)
    if isinstance(raw, int) and raw in BusinessDocType._value2member_map_:
        return BusinessDocType(raw)
    return raw


#: ContentType the reference library writes for the extensions it sends unwrapped
#: (``application/doc``/``docx`` and the ``xsl``/``xslx`` typos are its own).
REFERENCE_CONTENT_TYPES = {
    "pdf": "application/pdf",
    "doc": "application/doc",
    "docx": "application/docx",
    "xsl": "application/xsl",
    "xslx": "application/xslx",
    "zip": "application/zip",
}


def _status_code(value: StatusCode | str | int) -> StatusCode | str:
    return StatusCode.parse(value)


def _receivers(values: Iterable[Receiver]) -> tuple[Receiver, ...]:
    return tuple(values)


def _replacements(values: Iterable[ReplacementInfo]) -> tuple[ReplacementInfo, ...]:
    return tuple(values)


def _trace_headers(values: Iterable[TraceHeader]) -> tuple[TraceHeader, ...]:
    return tuple(values)


def _organizations(values: Iterable[Organization]) -> tuple[Organization, ...]:
    return tuple(values)


def _responses(values: Iterable[ResponseFor]) -> tuple[ResponseFor, ...]:
    return tuple(values)


def _attachments(values: Iterable[Attachment]) -> tuple[Attachment, ...]:
    return tuple(values)


# ----------------------------------------------------------------------------------------
# Header parts
# ----------------------------------------------------------------------------------------


@attrs.frozen(kw_only=True)
class Organization:
    """``From`` / ``To``: an agency with its mã định danh (``OrganId``) and contact data."""

    organ_id: str | None = attrs.field(default=None, converter=_opt)
    organization_in_charge: str | None = attrs.field(default=None, converter=_opt)
    organ_name: str | None = attrs.field(default=None, converter=_opt)
    organ_add: str | None = attrs.field(default=None, converter=_opt)
    email: str | None = attrs.field(default=None, converter=_opt)
    telephone: str | None = attrs.field(default=None, converter=_opt)
    fax: str | None = attrs.field(default=None, converter=_opt)
    website: str | None = attrs.field(default=None, converter=_opt)

    @classmethod
    def of(cls, value: Organization | str | Any) -> Organization:
        """An ``Organization`` from itself, an OrganId string, an ``OrganId``, an ``Agency``
        or a ``Recipient`` of the document model."""
        if isinstance(value, Organization):
            return value
        if isinstance(value, str):
            return cls(organ_id=value)
        organ_id = getattr(value, "organ_id", None)
        name = getattr(value, "name", None)
        if organ_id is None and name is None:
            return cls(organ_id=str(value))
        return cls(
            organ_id=str(organ_id) if organ_id is not None else None,
            organization_in_charge=getattr(value, "parent", None) or name,
            organ_name=name,
        )


@attrs.frozen
class Code:
    """``Code``: số (``CodeNumber``) and ký hiệu (``CodeNotation``) kept apart."""

    number: str | None = attrs.field(default=None, converter=_opt)
    notation: str | None = attrs.field(default=None, converter=_opt)

    def __str__(self) -> str:
        return "/".join(p for p in (self.number, self.notation) if p)


@attrs.frozen(kw_only=True)
class PromulgationInfo:
    place: str | None = attrs.field(default=None, converter=_opt)
    date: DateValue = None


@attrs.frozen(kw_only=True)
class DocumentTypeInfo:
    """edXML ``DocumentType``: ``Type`` is an opaque integer (the SDK families disagree on the
    table), ``TypeName`` the Vietnamese name that receivers actually show."""

    type: IntValue = attrs.field(default=None, converter=_int_value)
    type_detail: IntValue = attrs.field(default=None, converter=_int_value)
    type_name: str | None = attrs.field(default=None, converter=_opt)


@attrs.frozen(kw_only=True)
class SignerInfo:
    competence: str | None = attrs.field(default=None, converter=_opt)
    position: str | None = attrs.field(default=None, converter=_opt)
    full_name: str | None = attrs.field(default=None, converter=_opt)


@attrs.frozen(kw_only=True)
class OtherInfo:
    """``OtherInfo``: Priority (0 thường … 4 hỏa tốc hẹn giờ), phạm vi lưu hành, người đánh máy
    (``TyperNotation``), số bản, số trang, phụ lục."""

    priority: IntValue = attrs.field(default=None, converter=_int_value)
    sphere_of_promulgation: str | None = attrs.field(default=None, converter=_opt)
    typer_notation: str | None = attrs.field(default=None, converter=_opt)
    promulgation_amount: IntValue = attrs.field(default=None, converter=_int_value)
    page_amount: IntValue = attrs.field(default=None, converter=_int_value)
    direction: bool | str | None = None
    appendixes: tuple[str, ...] = attrs.field(default=(), converter=_texts)


@attrs.frozen(kw_only=True)
class ResponseFor:
    """The document a message answers, revokes or reports on (``ResponseFor``).

    ``code`` is the whole "number/notation" string, as the wire carries it.
    """

    organ_id: str | None = attrs.field(default=None, converter=_opt)
    code: str | None = attrs.field(default=None, converter=_opt)
    promulgation_date: DateValue = None
    document_id: str | None = attrs.field(default=None, converter=_opt)

    @property
    def is_empty(self) -> bool:
        return not any((self.organ_id, self.code, self.promulgation_date, self.document_id))


@attrs.frozen(kw_only=True)
class StaffInfo:
    """The clerk (văn thư) or officer responsible: ``Department``, ``Staff``, contacts."""

    department: str | None = attrs.field(default=None, converter=_opt)
    department_id: str | None = attrs.field(default=None, converter=_opt)
    staff: str | None = attrs.field(default=None, converter=_opt)
    staff_id: str | None = attrs.field(default=None, converter=_opt)
    email: str | None = attrs.field(default=None, converter=_opt)
    mobile: str | None = attrs.field(default=None, converter=_opt)


@attrs.frozen(kw_only=True)
class TraceHeader:
    organ_id: str | None = attrs.field(default=None, converter=_opt)
    timestamp: TimeValue = None


@attrs.frozen(kw_only=True)
class Receiver:
    """An update's receiver change: ``receiver_type`` 0 removed, 1 added."""

    organ_id: str | None = attrs.field(default=None, converter=_opt)
    receiver_type: IntValue = attrs.field(default=None, converter=_int_value)


@attrs.frozen(kw_only=True)
class BussinessDocumentInfo:
    document_info: str | None = attrs.field(default=None, converter=_opt)
    document_receiver: str | None = attrs.field(default=None, converter=_opt)
    receivers: tuple[Receiver, ...] = attrs.field(default=(), converter=_receivers)


@attrs.frozen(kw_only=True)
class ReplacementInfo:
    document_id: str | None = attrs.field(default=None, converter=_opt)
    organ_ids: tuple[str, ...] = attrs.field(default=(), converter=_texts)


@attrs.frozen(kw_only=True)
class Bussiness:
    """``TraceHeaderList/Bussiness`` (nghiệp vụ; the reference spelling is kept).

    Use :meth:`new`, :meth:`revoke`, :meth:`update` or :meth:`replace` for the four variants.
    """

    doc_type: BusinessDocType | int | str | None = attrs.field(
        default=BusinessDocType.NEW, converter=_business_type
    )
    reason: str | None = attrs.field(default=None, converter=_opt)
    paper: IntValue = attrs.field(default=None, converter=_int_value)
    document_id: str | None = attrs.field(default=None, converter=_opt)
    document_info: BussinessDocumentInfo | None = attrs.field(
        default=None, converter=_none_if_empty
    )
    replacements: tuple[ReplacementInfo, ...] = attrs.field(default=(), converter=_replacements)
    staff: StaffInfo | None = attrs.field(default=None, converter=_none_if_empty)

    @classmethod
    def new(cls, *, staff: StaffInfo | None = None, paper: int = 0) -> Bussiness:
        return cls(doc_type=BusinessDocType.NEW, reason=BusinessDocType.NEW.reason,
                   paper=paper, staff=staff)

    @classmethod
    def revoke(cls, document_id: str, *, reason: str | None = None,
               staff: StaffInfo | None = None) -> Bussiness:
        """Thu hồi: pair it with a ``ResponseFor`` naming the revoked document."""
        return cls(doc_type=BusinessDocType.REVOKE, document_id=document_id,
                   reason=reason or BusinessDocType.REVOKE.reason, paper=0, staff=staff)

    @classmethod
    def update(cls, document_id: str, *, receivers: Iterable[Receiver] = (),
               document_info: bool = True, reason: str | None = None,
               staff: StaffInfo | None = None) -> Bussiness:
        """Cập nhật: metadata changed (``DocumentInfo``) and/or receivers added/removed."""
        rec = tuple(receivers)
        info = BussinessDocumentInfo(
            document_info="1" if document_info else "0",
            document_receiver="1" if rec else "0",
            receivers=rec,
        )
        return cls(doc_type=BusinessDocType.UPDATE, document_id=document_id, document_info=info,
                   reason=reason or BusinessDocType.UPDATE.reason, paper=0, staff=staff)

    @classmethod
    def replace(cls, replacements: Iterable[ReplacementInfo], *, reason: str | None = None,
                staff: StaffInfo | None = None) -> Bussiness:
        """Thay thế: the documents replaced and, for each, the agencies that received it."""
        return cls(doc_type=BusinessDocType.REPLACE, replacements=tuple(replacements),
                   reason=reason or BusinessDocType.REPLACE.reason, paper=0, staff=staff)


@attrs.frozen(kw_only=True)
class TraceHeaderList:
    headers: tuple[TraceHeader, ...] = attrs.field(default=(), converter=_trace_headers)
    bussiness: Bussiness | None = None
    id: str | None = None
    version: str | None = None
    #: Some reference-library builds write ``Bussiness`` before the ``TraceHeader`` entries.
    bussiness_first: bool = False

    def __attrs_post_init__(self) -> None:
        if self.bussiness is None or not self.headers:
            object.__setattr__(self, "bussiness_first", False)  # order of one kind: moot


@attrs.frozen(kw_only=True)
class MessageHeader:
    """The ``MessageHeader`` of a document envelope (QCVN numbering 1.1–1.14)."""

    from_: Organization = attrs.field(factory=Organization)
    to: tuple[Organization, ...] = attrs.field(default=(), converter=_organizations)
    document_id: str | None = attrs.field(default=None, converter=_opt)
    code: Code | None = attrs.field(default=None, converter=_none_if_empty)
    promulgation: PromulgationInfo | None = attrs.field(default=None, converter=_none_if_empty)
    document_type: DocumentTypeInfo | None = attrs.field(default=None, converter=_none_if_empty)
    subject: str | None = attrs.field(default=None, converter=_opt)
    content: str | None = attrs.field(default=None, converter=_opt)
    signer: SignerInfo | None = attrs.field(default=None, converter=_none_if_empty)
    due_date: DateValue = None
    other_info: OtherInfo | None = attrs.field(default=None, converter=_none_if_empty)
    response_for: tuple[ResponseFor, ...] = attrs.field(default=(), converter=_responses)
    steering_type: IntValue = attrs.field(default=None, converter=_int_value)
    #: VNPT extensions (meaning undocumented): ``ResponseForTask/TaskCode*``, ``ApplicationType``.
    response_for_task: tuple[str, ...] = attrs.field(default=(), converter=_texts)
    application_type: str | None = attrs.field(default=None, converter=_opt)
    to_places: tuple[str, ...] = attrs.field(default=(), converter=_texts)


# ----------------------------------------------------------------------------------------
# Attachments
# ----------------------------------------------------------------------------------------


def _guess_type(name: str) -> str:
    ext = Path(name).suffix.lower().lstrip(".")
    if ext in REFERENCE_CONTENT_TYPES:
        return REFERENCE_CONTENT_TYPES[ext]
    return mimetypes.guess_type(name)[0] or "application/octet-stream"


@attrs.frozen(kw_only=True)
class Reference:
    """A manifest ``Reference`` exactly as read (it may disagree with its attachment)."""

    content_id: str | None = None
    content_type: str | None = None
    description: str | None = None
    attachment_name: str | None = None


@attrs.frozen(kw_only=True)
class Attachment:
    """One attached file (tệp đính kèm), usually the signed PDF.

    ``content`` holds the file's bytes (after a zip wrapper was removed). ``transfer`` holds the
    decoded payload exactly as it travelled when it differs (a zip wrapper), so that a received
    envelope re-writes identically. ``content_id`` is stored without ``cid:``.
    """

    name: str
    content_type: str | None = None
    content_id: str = attrs.field(factory=lambda: str(uuid.uuid4()))
    description: str | None = None
    field_name: str | None = None
    mime_type: str | None = None
    content: Payload | None = None
    transfer: Payload | None = None
    reference: Reference | None = None
    #: Name of the zip entry when the payload was a single-entry zip wrapper.
    zip_entry_name: str | None = None
    #: Why a zip-looking payload was not unwrapped (truncated, bomb...).
    zip_error: str | None = None
    #: Why the payload could not be decoded at all (not base64, truncated).
    decode_error: str | None = None

    @classmethod
    def from_bytes(cls, name: str, data: bytes, *, content_type: str | None = None,
                   description: str | None = None, content_id: str | None = None) -> Attachment:
        return cls(
            name=name,
            content_type=content_type or _guess_type(name),
            content_id=normalize_content_id(content_id) or str(uuid.uuid4()),
            description=description,
            content=Payload.from_bytes(data),
        )

    @classmethod
    def from_file(cls, path: str | os.PathLike[str], *, name: str | None = None,
                  content_type: str | None = None, description: str | None = None,
                  content_id: str | None = None) -> Attachment:
        """An attachment streamed from ``path`` when the envelope is written."""
        p = Path(path)
        filename = name or p.name
        return cls(
            name=filename,
            content_type=content_type or _guess_type(filename),
            content_id=normalize_content_id(content_id) or str(uuid.uuid4()),
            description=description,
            content=Payload.from_path(p),
        )

    @property
    def size(self) -> int | None:
        return self.content.size if self.content else None

    @property
    def sha256(self) -> str | None:
        return self.content.sha256 if self.content else None

    @property
    def manifest_content_type(self) -> str | None:
        return self.reference.content_type if self.reference else self.content_type

    def read_bytes(self) -> bytes:
        """The file's bytes (small attachments; use ``content.open()`` for large ones)."""
        if self.content is None:
            return b""
        return self.content.read_bytes()

    @property
    def extension(self) -> str:
        return Path(self.name).suffix.lower().lstrip(".")


# ----------------------------------------------------------------------------------------
# Messages
# ----------------------------------------------------------------------------------------


@attrs.frozen(kw_only=True)
class Envelope:
    """Gói tin văn bản (edoc). Build one with :meth:`from_document` or field by field.

    ``repairs`` lists what a tolerant read had to fix (namespace errors, stray bytes);
    ``warnings`` what it noticed but read anyway. Neither takes part in equality.
    """

    header: MessageHeader
    trace: TraceHeaderList | None = None
    signature: OpaqueElement | None = None
    attachments: tuple[Attachment, ...] = attrs.field(default=(), converter=_attachments)
    repairs: tuple[str, ...] = attrs.field(default=(), converter=_strs, eq=False)
    warnings: tuple[str, ...] = attrs.field(default=(), converter=_strs, eq=False)

    kind: Literal["edoc"] = attrs.field(default="edoc", init=False)

    @classmethod
    def from_document(cls, document: Any, *args: Any, **kwargs: Any) -> Envelope:
        """The envelope of an issued document in one call.

        See :func:`vndocsign.edxml.build.envelope_from_document` for the arguments.
        """
        from vndocsign.edxml.build import envelope_from_document

        return envelope_from_document(document, *args, **kwargs)

    # convenience views
    @property
    def from_(self) -> Organization:
        return self.header.from_

    @property
    def to(self) -> tuple[Organization, ...]:
        return self.header.to

    @property
    def document_id(self) -> str | None:
        return self.header.document_id

    @property
    def business_doc_type(self) -> BusinessDocType | int | str | None:
        if self.trace is None or self.trace.bussiness is None:
            return None
        return self.trace.bussiness.doc_type


@attrs.frozen(kw_only=True)
class StatusMessage:
    """Gói tin trạng thái: the processing status of a received document.

    Build one with :meth:`for_envelope` (answering a received envelope) or field by field.
    """

    from_: Organization
    status_code: StatusCode | str = attrs.field(converter=_status_code)
    response_for: ResponseFor | None = None
    staff: StaffInfo | None = attrs.field(default=None, converter=_none_if_empty)
    description: str | None = attrs.field(default=None, converter=_opt)
    timestamp: TimeValue = None
    repairs: tuple[str, ...] = attrs.field(default=(), converter=_strs, eq=False)
    warnings: tuple[str, ...] = attrs.field(default=(), converter=_strs, eq=False)

    kind: Literal["status"] = attrs.field(default="status", init=False)

    @classmethod
    def for_envelope(
        cls,
        envelope: Envelope,
        code: StatusCode | str | int,
        *,
        from_: Organization | str | Any,
        description: str | None = None,
        staff: StaffInfo | None = None,
        timestamp: dt.datetime | None = None,
    ) -> StatusMessage:
        """The status a receiver sends back about ``envelope`` (``ResponseFor`` filled from it)."""
        header = envelope.header
        status = StatusCode.parse(code)
        return cls(
            from_=Organization.of(from_),
            status_code=status,
            response_for=ResponseFor(
                organ_id=header.from_.organ_id,
                code=str(header.code) if header.code else None,
                promulgation_date=header.promulgation.date if header.promulgation else None,
                document_id=header.document_id,
            ),
            staff=staff,
            description=description or (status.vi if isinstance(status, StatusCode) else None),
            timestamp=timestamp or _now(),
        )

    @classmethod
    def for_document_id(
        cls,
        document_id: str,
        code: StatusCode | str | int,
        *,
        from_: Organization | str | Any,
        description: str | None = None,
        staff: StaffInfo | None = None,
        timestamp: dt.datetime | None = None,
    ) -> StatusMessage:
        """A status about a document known only by its ``DocumentId`` (organ, date and code are
        taken from the id when it has the standard ``OrganId,yyyy/MM/dd,Số/Ký hiệu`` form)."""
        from vndocsign.edxml.build import split_document_id

        parts = split_document_id(document_id)
        status = StatusCode.parse(code)
        return cls(
            from_=Organization.of(from_),
            status_code=status,
            response_for=ResponseFor(
                organ_id=parts[0] if parts else None,
                code=parts[2] if parts else None,
                promulgation_date=parts[1] if parts else None,
                document_id=document_id,
            ),
            staff=staff,
            description=description or (status.vi if isinstance(status, StatusCode) else None),
            timestamp=timestamp or _now(),
        )

    @property
    def document_id(self) -> str | None:
        return self.response_for.document_id if self.response_for else None


def _now() -> dt.datetime:
    from vndocsign.model import now_vn

    return now_vn().replace(tzinfo=None, microsecond=0)


EdxmlMessage = Envelope | StatusMessage
