"""A shared-folder transport: envelopes dropped into each agency's inbox directory.

For offline exchange, an SFTP/SMB share, or a gateway that watches a folder. Layout under
``root`` (one sub-folder per agency, named by its OrganId)::

    <root>/<organ>/inbox/<doc_id>.edxml      the envelope (written atomically)
    <root>/<organ>/inbox/<doc_id>.json       its metadata, written after it: a .json means
                                             the .edxml is complete
    <root>/<organ>/done|fail/                acknowledged documents are moved here
    <root>/<organ>/sent/<doc_id>.json        what this agency sent, with per-receiver status

The folder is trusted as much as the people who can write to it: received files are still
read with the hardened edXML reader.
"""

from __future__ import annotations

import datetime as dt
import json
import os
import re
import shutil
import uuid
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from vndocsign._io import write_atomic
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

__all__ = ["DropFolderTransport"]

_SAFE_ID = re.compile(r"^[A-Za-z0-9._-]{1,64}$")


def _check_id(value: str, what: str) -> str:
    if not _SAFE_ID.match(value) or value in (".", ".."):
        raise HubRequestError(
            f"{what} {value!r} cannot name a folder or file",
            f"{what} {value!r} không dùng làm tên thư mục/tệp được",
        )
    return value


class DropFolderTransport:
    """The ``Transport`` of agency ``organ_id`` over the shared folder ``root``."""

    def __init__(self, root: str | os.PathLike[str], organ_id: str) -> None:
        self.root = Path(root)
        self.organ_id = _check_id(organ_id, "OrganId")
        for sub in ("inbox", "done", "fail", "sent"):
            (self.root / organ_id / sub).mkdir(parents=True, exist_ok=True)

    def _box(self, organ: str, sub: str) -> Path:
        return self.root / _check_id(organ, "OrganId") / sub

    def send(
        self,
        edxml: bytes | str | os.PathLike[str],
        *,
        sender: str,
        message_type: MessageType | str = MessageType.EDOC,
        to: Sequence[str] | None = None,
    ) -> str:
        check_message_type(message_type)
        message = parse_for_routing(edxml)
        if message.kind != message_type:
            raise HubRequestError(
                f"messagetype {message_type!r} but the file is a {message.kind}",
                f"messagetype {message_type!r} nhưng gói tin là {message.kind}",
            )
        recipients = list(to) if to else recipients_of(message)
        if not recipients:
            raise HubRequestError("No recipient", "Không có nơi nhận")
        doc_id = str(uuid.uuid4())
        now = dt.datetime.now().replace(microsecond=0).isoformat()
        meta = {
            "docId": doc_id,
            "from": sender,
            "to": recipients,
            "messageType": message_type,
            "created": now,
            "status": "initial",
        }
        for organ in recipients:
            inbox = self._box(organ, "inbox")
            inbox.mkdir(parents=True, exist_ok=True)
            target = inbox / f"{doc_id}.edxml"
            if isinstance(edxml, bytes):
                write_atomic(target, edxml)
            else:
                tmp = inbox / f".{doc_id}.edxml.part"
                shutil.copyfile(Path(edxml), tmp)
                os.replace(tmp, target)
            write_atomic(inbox / f"{doc_id}.json", json.dumps(meta, ensure_ascii=False))
        header = getattr(message, "header", None)
        write_atomic(
            self._box(self.organ_id, "sent") / f"{doc_id}.json",
            json.dumps(
                {
                    **meta,
                    "title": header.subject if header else None,
                    "notation": str(header.code) if header and header.code else None,
                    "receivers": {r: "initial" for r in recipients},
                },
                ensure_ascii=False,
            ),
        )
        return doc_id

    def _meta(self, path: Path) -> dict[str, Any]:
        try:
            data = json.loads(path.read_text(encoding="utf-8"))
        except (OSError, ValueError):
            return {}
        return data if isinstance(data, dict) else {}

    def list_received(
        self,
        message_type: MessageType | str = MessageType.EDOC,
        *,
        from_date: str | None = None,
        to_date: str | None = None,
    ) -> list[ReceivedItem]:
        check_message_type(message_type)
        items = []
        for meta_path in sorted(self._box(self.organ_id, "inbox").glob("*.json")):
            meta = self._meta(meta_path)
            if meta.get("messageType") != message_type:
                continue
            items.append(
                ReceivedItem(
                    doc_id=str(meta.get("docId")),
                    message_type=message_type,
                    from_=meta.get("from"),
                    to=(self.organ_id,),
                    status=meta.get("status"),
                    created=meta.get("created"),
                    raw=meta,
                )
            )
        return items

    def fetch(self, doc_id: str) -> bytes:
        _check_id(doc_id, "docId")
        for sub in ("inbox", "done", "fail"):
            path = self._box(self.organ_id, sub) / f"{doc_id}.edxml"
            if path.is_file():
                return path.read_bytes()
        raise HubRequestError(f"Unknown document {doc_id!r}", f"Không có văn bản {doc_id!r}")

    def acknowledge(self, doc_id: str, status: AckStatus | str = AckStatus.DONE) -> None:
        check_ack(status)
        _check_id(doc_id, "docId")
        inbox = self._box(self.organ_id, "inbox")
        meta_path = inbox / f"{doc_id}.json"
        meta = self._meta(meta_path)
        if not meta:
            raise HubRequestError(f"Unknown document {doc_id!r}", f"Không có văn bản {doc_id!r}")
        meta["status"] = status
        sender = meta.get("from")
        if status == "processing":
            write_atomic(meta_path, json.dumps(meta, ensure_ascii=False))
        else:
            target = self._box(self.organ_id, status)
            os.replace(inbox / f"{doc_id}.edxml", target / f"{doc_id}.edxml")
            write_atomic(target / f"{doc_id}.json", json.dumps(meta, ensure_ascii=False))
            meta_path.unlink(missing_ok=True)
        if isinstance(sender, str) and _SAFE_ID.match(sender):
            sent = self._box(sender, "sent") / f"{doc_id}.json"
            record = self._meta(sent)
            if record:
                record.setdefault("receivers", {})[self.organ_id] = status
                write_atomic(sent, json.dumps(record, ensure_ascii=False))

    def list_sent(
        self, message_type: MessageType | str = MessageType.EDOC, *, doc_id: str | None = None
    ) -> list[SentItem]:
        out = []
        for path in sorted(self._box(self.organ_id, "sent").glob("*.json")):
            meta = self._meta(path)
            if meta.get("messageType") != message_type:
                continue
            if doc_id and meta.get("docId") != doc_id:
                continue
            for receiver, status in (meta.get("receivers") or {}).items():
                out.append(
                    SentItem(
                        doc_id=str(meta.get("docId")),
                        message_type=message_type,
                        from_code=self.organ_id,
                        to_code=receiver,
                        title=meta.get("title"),
                        notation=meta.get("notation"),
                        send_status="done",
                        receive_status=status,
                        sent_time=meta.get("created"),
                        raw=meta,
                    )
                )
        return out

    def agencies(self) -> list[AgencyInfo]:
        return [
            AgencyInfo(code=p.name, name=p.name)
            for p in sorted(self.root.iterdir())
            if p.is_dir() and _SAFE_ID.match(p.name)
        ]
