"""The ``Transport`` protocol: what every way of exchanging edXML offers.

Modelled on the reference hub client (SDKVXP): send an envelope or a status, list what was
received, fetch one, acknowledge it (``done`` / ``fail`` / ``processing``), list what was sent,
list the agencies. Implementations: :class:`~vndocsign.transport._vxp.VxpTransport` (the
exchange platform over HTTP), :class:`~vndocsign.transport._dropfolder.DropFolderTransport`
(a shared folder) and :class:`~vndocsign.transport._memory.InProcessHub` (tests).
"""

from __future__ import annotations

import enum
import os
from collections.abc import Mapping, Sequence
from pathlib import Path
from typing import Any, Protocol, runtime_checkable

import attrs

from vndocsign.edxml import (
    EdxmlMessage,
    Envelope,
    ReadOptions,
    StatusCode,
    StatusMessage,
    read,
    split_document_id,
    to_bytes,
)
from vndocsign.errors import TransportError

__all__ = [
    "AckStatus",
    "AgencyInfo",
    "MessageType",
    "ReceivedItem",
    "SentItem",
    "Transport",
    "message_type_of",
    "recipients_of",
    "send_message",
]


class MessageType(enum.StrEnum):
    """``messagetype`` of the hub API: a document envelope or a status message."""

    EDOC = "edoc"
    STATUS = "status"


class AckStatus(enum.StrEnum):
    """``updateStatus`` values of the reference client: done, fail, processing."""

    DONE = "done"
    FAIL = "fail"
    PROCESSING = "processing"


ACK_STATUSES: tuple[str, ...] = tuple(AckStatus)


@attrs.frozen(kw_only=True)
class ReceivedItem:
    """One entry of ``getReceivedEdocList``."""

    doc_id: str
    message_type: str
    from_: str | None = None
    to: tuple[str, ...] = ()
    status: str | None = None
    status_desc: str | None = None
    created: str | None = None
    updated: str | None = None
    service_type: str | None = None
    raw: Mapping[str, Any] = attrs.field(factory=dict, eq=False, repr=False)


@attrs.frozen(kw_only=True)
class SentItem:
    """One entry of ``getSentEdocList``."""

    doc_id: str
    message_type: str | None = None
    from_code: str | None = None
    to_code: str | None = None
    title: str | None = None
    notation: str | None = None
    send_status: str | None = None
    receive_status: str | None = None
    sent_time: str | None = None
    received_time: str | None = None
    raw: Mapping[str, Any] = attrs.field(factory=dict, eq=False, repr=False)


@attrs.frozen(kw_only=True)
class AgencyInfo:
    """An agency known to the hub (``getAgenciesList``)."""

    code: str
    name: str | None = None
    id: str | None = None
    pid: str | None = None
    mail: str | None = None
    code102: str | None = None
    raw: Mapping[str, Any] = attrs.field(factory=dict, eq=False, repr=False)


@runtime_checkable
class Transport(Protocol):
    """What vndocsign needs from a way of exchanging envelopes."""

    def send(
        self,
        edxml: bytes | str | os.PathLike[str],
        *,
        sender: str,
        message_type: MessageType | str = MessageType.EDOC,
        to: Sequence[str] | None = None,
    ) -> str:
        """Send an edXML file or bytes; return the transport's document id."""
        ...

    def list_received(
        self,
        message_type: MessageType | str = MessageType.EDOC,
        *,
        from_date: str | None = None,
        to_date: str | None = None,
    ) -> list[ReceivedItem]: ...

    def fetch(self, doc_id: str) -> bytes: ...

    def acknowledge(self, doc_id: str, status: AckStatus | str = AckStatus.DONE) -> None: ...

    def list_sent(
        self, message_type: MessageType | str = MessageType.EDOC, *, doc_id: str | None = None
    ) -> list[SentItem]: ...

    def agencies(self) -> list[AgencyInfo]: ...


def check_ack(status: str) -> AckStatus:
    if status not in ACK_STATUSES:
        raise TransportError(
            f"Unknown acknowledgement {status!r} (done, fail, processing)",
            f"Trạng thái xác nhận {status!r} không hợp lệ (done, fail, processing)",
            status=status,
        )
    return AckStatus(status)


def check_message_type(message_type: str) -> MessageType:
    if message_type not in ("edoc", "status"):
        raise TransportError(
            f"Invalid messageType {message_type!r}: value in (edoc,status)",
            f"messageType {message_type!r} không hợp lệ (edoc, status)",
        )
    return MessageType(message_type)


def message_type_of(message: EdxmlMessage) -> MessageType:
    return MessageType.STATUS if isinstance(message, StatusMessage) else MessageType.EDOC


def recipients_of(message: EdxmlMessage) -> list[str]:
    """Where a message goes when the caller names nobody.

    An envelope goes to its ``To`` agencies. A status goes back to the issuer named in
    ``ResponseFor/DocumentId`` — except status 13 (recall request), which the issuer sends to
    the receiver named in ``ResponseFor/OrganId``.
    """
    if isinstance(message, Envelope):
        return [t.organ_id for t in message.header.to if t.organ_id]
    rf = message.response_for
    if rf is None:
        return []
    parts = split_document_id(rf.document_id)
    issuer = parts[0] if parts else rf.organ_id
    if message.status_code is StatusCode.RECALL_REQUEST or issuer == message.from_.organ_id:
        return [rf.organ_id] if rf.organ_id and rf.organ_id != message.from_.organ_id else []
    return [issuer] if issuer else []


def parse_for_routing(edxml: bytes | str | os.PathLike[str]) -> EdxmlMessage:
    """Read an envelope's header only (payloads discarded, memory bounded)."""
    source: Any = edxml if isinstance(edxml, bytes) else Path(edxml)
    return read(source, ReadOptions(discard_payloads=True))


def send_message(
    transport: Transport, message: EdxmlMessage, *, to: Sequence[str] | None = None
) -> str:
    """Write ``message`` and send it with the right ``from`` and ``messagetype``."""
    sender = message.from_.organ_id
    if not sender:
        raise TransportError("The message has no From/OrganId", "Gói tin không có From/OrganId")
    return transport.send(
        to_bytes(message), sender=sender, message_type=message_type_of(message), to=to
    )
