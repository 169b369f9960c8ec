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
from collections.abc import Iterable
from typing import Any, Literal

import attrs

from vndocsign.edxml._attachment import Attachment
from vndocsign.edxml._build import envelope_parts, split_document_id
from vndocsign.edxml._codes import (
    BusinessDocType,
    StatusCode,
    _none_if_empty,
    _opt,
    _status_code,
    _strs,
)
from vndocsign.edxml._dates import now_naive
from vndocsign.edxml._header import (
    MessageHeader,
    Organization,
    ResponseFor,
    StaffInfo,
    TimeValue,
    TraceHeaderList,
)
from vndocsign.edxml._xml import OpaqueElement

__all__ = ["EdxmlMessage", "Envelope", "StatusMessage", "envelope_from_document"]


def _attachments(values: Iterable[Attachment]) -> tuple[Attachment, ...]:
    return tuple(values)


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

        See :func:`vndocsign.edxml.envelope_from_document` for the arguments.
        """
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
            timestamp=timestamp or now_naive(),
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
            timestamp=timestamp or now_naive(),
        )

    @property
    def document_id(self) -> str | None:
        return self.response_for.document_id if self.response_for else None


EdxmlMessage = Envelope | StatusMessage


def envelope_from_document(
    document: Any,
    attachments: Iterable[Any] = (),
    **options: Any,
) -> Envelope:
    """The envelope of an issued ``OfficialDocument`` plus its signed PDF attachment(s).

    ``sender`` defaults to the issuer (its ``organ_id`` is required); ``to`` defaults to the
    document's ``to`` recipients that have an ``organ_id``. Attachments may be
    :class:`Attachment` objects, file paths (streamed when written) or ``(name, bytes)``.
    The keyword options (``sender``, ``to``, ``staff``, ``bussiness``, ``response_for``,
    ``type_code``, ``steering_type``, ``content``, ``sphere_of_promulgation``,
    ``typer_notation``, ``timestamp``, ``allow_secret``) are those of
    :func:`vndocsign.edxml._build.envelope_parts`.
    """
    header, trace, files = envelope_parts(document, attachments, **options)
    return Envelope(header=header, trace=trace, attachments=files)
