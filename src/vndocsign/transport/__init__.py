"""Transports for edXML: the national exchange platform (VXP), a drop folder, an in-process hub.

Trục liên thông văn bản quốc gia và các cách trao đổi gói tin edXML khác, behind one
:class:`Transport` protocol:

* :class:`VxpTransport` — the hub's HTTP API with the reference SDK's HMAC-SHA256 headers;
* :class:`DropFolderTransport` — a shared folder, one inbox per agency;
* :class:`InProcessHub` — hub semantics in memory, for tests (``hub.transport(organ_id)``);
* :class:`~vndocsign.transport.testing.LocalHubServer` — the hub side over real HTTP on
  127.0.0.1, for integration tests.
"""

from vndocsign.transport.base import (
    AckStatus,
    AgencyInfo,
    MessageType,
    ReceivedItem,
    SentItem,
    Transport,
    recipients_of,
    send_message,
)
from vndocsign.transport.dropfolder import DropFolderTransport
from vndocsign.transport.errors import (
    HubAuthError,
    HubProtocolError,
    HubRequestError,
    HubUnavailableError,
)
from vndocsign.transport.memory import InProcessHub, InProcessTransport
from vndocsign.transport.vxp import VxpTransport
from vndocsign.transport.vxp_auth import hash_file_quirk, sign_headers, verify_headers

__all__ = [
    "AckStatus",
    "AgencyInfo",
    "DropFolderTransport",
    "HubAuthError",
    "HubProtocolError",
    "HubRequestError",
    "HubUnavailableError",
    "InProcessHub",
    "InProcessTransport",
    "MessageType",
    "ReceivedItem",
    "SentItem",
    "Transport",
    "VxpTransport",
    "hash_file_quirk",
    "recipients_of",
    "send_message",
    "sign_headers",
    "verify_headers",
]
