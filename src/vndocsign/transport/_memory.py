"""An in-process exchange hub: the hub's bookkeeping without a network, for tests and demos.

``InProcessHub`` keeps every document sent through it, routes envelopes to their ``To``
agencies and statuses back (see :func:`~vndocsign.transport._base.recipients_of`), and tracks
each receiver's acknowledgement. ``hub.transport(organ_id)`` gives an agency's view, which
implements :class:`~vndocsign.transport._base.Transport`. The same hub backs the local HTTP
server of :mod:`vndocsign.transport._testing`, so the HTTP client is tested against real hub
semantics.
"""

from __future__ import annotations

import datetime as dt
import os
import threading
import uuid
from collections.abc import Sequence
from pathlib import Path

import attrs

from vndocsign.transport._base import (
    AckStatus,
    AgencyInfo,
    MessageType,
    ReceivedItem,
    SentItem,
    check_ack,
    check_message_type,
    parse_for_routing,
    recipients_of,
)
from vndocsign.transport._errors import HubRequestError

__all__ = ["HubDocument", "InProcessHub", "InProcessTransport"]


@attrs.frozen
class HubDocument:
    """One document the hub holds; a status change replaces it with an updated copy."""

    doc_id: str
    sender: str
    recipients: tuple[str, ...]
    message_type: str
    data: bytes
    created: dt.datetime
    title: str | None = None
    notation: str | None = None
    #: receiver -> "initial" | "processing" | "done" | "fail"
    status: dict[str, str] = attrs.field(factory=dict)
    updated: dt.datetime | None = None


class InProcessHub:
    """A thread-safe hub holding documents in memory."""

    def __init__(self, agencies: Sequence[AgencyInfo | str] = ()) -> None:
        self._lock = threading.Lock()
        self._docs: dict[str, HubDocument] = {}
        self._agencies: dict[str, AgencyInfo] = {}
        for agency in agencies:
            self.register(agency)

    def register(self, agency: AgencyInfo | str) -> AgencyInfo:
        info = agency if isinstance(agency, AgencyInfo) else AgencyInfo(code=agency, name=agency)
        with self._lock:
            self._agencies[info.code] = info
        return info

    def transport(self, organ_id: str) -> InProcessTransport:
        """The view of one agency (its inbox, its sent box)."""
        if organ_id not in self._agencies:
            self.register(organ_id)
        return InProcessTransport(self, organ_id)

    # -- hub operations (also used by the HTTP server) ---------------------------------
    def submit(
        self, data: bytes, *, sender: str, message_type: str, to: Sequence[str] | None = None
    ) -> str:
        check_message_type(message_type)
        try:
            message = parse_for_routing(data)
        except Exception as exc:  # the hub refuses what it cannot read
            raise HubRequestError(
                f"The hub cannot read the edXML: {exc}",
                f"Trục không đọc được gói tin edXML: {exc}",
                error_code="2",
            ) from None
        if message.kind != message_type:
            raise HubRequestError(
                f"messagetype {message_type!r} but the file is a {message.kind}",
                f"messagetype {message_type!r} nhưng gói tin là {message.kind}",
                error_code="3",
            )
        if message.from_.organ_id and message.from_.organ_id != sender:
            raise HubRequestError(
                f"'from' {sender!r} differs from the envelope's From {message.from_.organ_id!r}",
                f"'from' {sender!r} khác From của gói tin {message.from_.organ_id!r}",
                error_code="4",
            )
        recipients = tuple(to) if to else tuple(recipients_of(message))
        if message_type == "status" and not to:
            recipients = self._route_status(message, recipients)
        if not recipients:
            raise HubRequestError("No recipient", "Không có nơi nhận", error_code="5")
        header = getattr(message, "header", None)
        doc = HubDocument(
            doc_id=str(uuid.uuid4()),
            sender=sender,
            recipients=recipients,
            message_type=message_type,
            data=bytes(data),
            created=dt.datetime.now().replace(microsecond=0),
            title=header.subject if header is not None else None,
            notation=str(header.code) if header is not None and header.code else None,
            status={r: "initial" for r in recipients},
        )
        with self._lock:
            self._docs[doc.doc_id] = doc
        return doc.doc_id

    def _route_status(self, message: object, default: tuple[str, ...]) -> tuple[str, ...]:
        """A status goes to whoever is on the other side of the document it is about."""
        document_id = getattr(getattr(message, "response_for", None), "document_id", None)
        sender = getattr(getattr(message, "from_", None), "organ_id", None)
        with self._lock:
            for doc in self._docs.values():
                if doc.message_type != "edoc":
                    continue
                original = parse_for_routing(doc.data)
                if getattr(original, "document_id", None) != document_id:
                    continue
                if sender == doc.sender:
                    return doc.recipients
                return (doc.sender,)
        return default

    def received(self, organ_id: str, message_type: str) -> list[ReceivedItem]:
        with self._lock:
            docs = list(self._docs.values())
        return [
            ReceivedItem(
                doc_id=d.doc_id,
                message_type=d.message_type,
                from_=d.sender,
                to=(organ_id,),
                status=d.status[organ_id],
                created=d.created.strftime("%d/%m/%Y %H:%M:%S"),
                updated=d.updated.strftime("%d/%m/%Y %H:%M:%S") if d.updated else None,
                service_type="eDoc",
            )
            for d in docs
            if d.message_type == message_type
            and organ_id in d.status
            and d.status[organ_id] in ("initial", "processing")
        ]

    def get(self, organ_id: str, doc_id: str) -> HubDocument:
        with self._lock:
            doc = self._docs.get(doc_id)
        if doc is None or (organ_id not in doc.recipients and organ_id != doc.sender):
            raise HubRequestError(
                f"Unknown document {doc_id!r}", f"Không có văn bản {doc_id!r}", error_code="404"
            )
        return doc

    def update_status(self, organ_id: str, doc_id: str, status: str) -> None:
        check_ack(status)
        doc = self.get(organ_id, doc_id)
        if organ_id not in doc.status:
            raise HubRequestError(
                "Only a receiver can update a document's status",
                "Chỉ cơ quan nhận mới cập nhật trạng thái văn bản",
                error_code="403",
            )
        with self._lock:
            self._docs[doc.doc_id] = attrs.evolve(
                doc,
                status={**doc.status, organ_id: str(status)},
                updated=dt.datetime.now().replace(microsecond=0),
            )

    def sent(self, organ_id: str, message_type: str, doc_id: str | None = None) -> list[SentItem]:
        with self._lock:
            docs = [d for d in self._docs.values() if d.sender == organ_id]
        out: list[SentItem] = []
        for d in docs:
            if d.message_type != message_type or (doc_id and d.doc_id != doc_id):
                continue
            for receiver in d.recipients:
                out.append(
                    SentItem(
                        doc_id=d.doc_id,
                        message_type=d.message_type,
                        from_code=d.sender,
                        to_code=receiver,
                        title=d.title,
                        notation=d.notation,
                        send_status="done",
                        receive_status=d.status.get(receiver),
                        sent_time=d.created.strftime("%d/%m/%Y %H:%M:%S"),
                    )
                )
        return out

    def agency_list(self) -> list[AgencyInfo]:
        with self._lock:
            return list(self._agencies.values())


class InProcessTransport:
    """One agency's view of an :class:`InProcessHub` (implements ``Transport``)."""

    def __init__(self, hub: InProcessHub, organ_id: str) -> None:
        self.hub = hub
        self.organ_id = organ_id

    def send(
        self,
        edxml: bytes | str | os.PathLike[str],
        *,
        sender: str,
        message_type: MessageType | str = MessageType.EDOC,
        to: Sequence[str] | None = None,
    ) -> str:
        data = edxml if isinstance(edxml, bytes) else Path(edxml).read_bytes()
        return self.hub.submit(data, sender=sender, message_type=message_type, to=to)

    def list_received(
        self,
        message_type: MessageType | str = MessageType.EDOC,
        *,
        from_date: str | None = None,
        to_date: str | None = None,
    ) -> list[ReceivedItem]:
        check_message_type(message_type)
        return self.hub.received(self.organ_id, message_type)

    def fetch(self, doc_id: str) -> bytes:
        return self.hub.get(self.organ_id, doc_id).data

    def acknowledge(self, doc_id: str, status: AckStatus | str = AckStatus.DONE) -> None:
        self.hub.update_status(self.organ_id, doc_id, status)

    def list_sent(
        self, message_type: MessageType | str = MessageType.EDOC, *, doc_id: str | None = None
    ) -> list[SentItem]:
        return self.hub.sent(self.organ_id, message_type, doc_id)

    def agencies(self) -> list[AgencyInfo]:
        return self.hub.agency_list()
