"""The header parts of an envelope: organizations, code, signer, trace, business data.

Field names follow the XML (``organ_add`` for ``OrganAdd``, ``bussiness`` for ``Bussiness``: the
reference spellings are kept so that a reader of the wire format finds them). Values a reader
could not interpret stay as the raw text (see :mod:`._model`).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from typing import Any

import attrs

from vndocsign.edxml._codes import (
    BusinessDocType,
    IntValue,
    _business_type,
    _int_value,
    _none_if_empty,
    _opt,
    _texts,
)

__all__ = [
    "Bussiness",
    "BussinessDocumentInfo",
    "Code",
    "DateValue",
    "DocumentTypeInfo",
    "MessageHeader",
    "Organization",
    "OtherInfo",
    "PromulgationInfo",
    "Receiver",
    "ReplacementInfo",
    "ResponseFor",
    "SignerInfo",
    "StaffInfo",
    "TimeValue",
    "TraceHeader",
    "TraceHeaderList",
]

DateValue = dt.date | str | None
TimeValue = dt.datetime | str | None


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
        return cls(
            doc_type=BusinessDocType.NEW,
            reason=BusinessDocType.NEW.reason,
            paper=paper,
            staff=staff,
        )

    @classmethod
    def revoke(
        cls, document_id: str, *, reason: str | None = None, staff: StaffInfo | None = None
    ) -> Bussiness:
        """Thu hồi: pair it with a ``ResponseFor`` naming the revoked document."""
        return cls(
            doc_type=BusinessDocType.REVOKE,
            document_id=document_id,
            reason=reason or BusinessDocType.REVOKE.reason,
            paper=0,
            staff=staff,
        )

    @classmethod
    def update(
        cls,
        document_id: str,
        *,
        receivers: Iterable[Receiver] = (),
        document_info: bool = True,
        reason: str | None = None,
        staff: StaffInfo | None = None,
    ) -> Bussiness:
        """Cập nhật: metadata changed (``DocumentInfo``) and/or receivers added/removed."""
        rec = tuple(receivers)
        info = BussinessDocumentInfo(
            document_info="1" if document_info else "0",
            document_receiver="1" if rec else "0",
            receivers=rec,
        )
        return cls(
            doc_type=BusinessDocType.UPDATE,
            document_id=document_id,
            document_info=info,
            reason=reason or BusinessDocType.UPDATE.reason,
            paper=0,
            staff=staff,
        )

    @classmethod
    def replace(
        cls,
        replacements: Iterable[ReplacementInfo],
        *,
        reason: str | None = None,
        staff: StaffInfo | None = None,
    ) -> Bussiness:
        """Thay thế: the documents replaced and, for each, the agencies that received it."""
        return cls(
            doc_type=BusinessDocType.REPLACE,
            replacements=tuple(replacements),
            reason=reason or BusinessDocType.REPLACE.reason,
            paper=0,
            staff=staff,
        )


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
