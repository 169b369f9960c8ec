"""Transports for edXML: the national exchange platform (VXP), a drop folder, an in-process hub.

Trục liên thông văn bản quốc gia và các cách trao đổi gói tin edXML khác, behind one
:class:`Transport` protocol:

* :class:`VxpTransport` — the hub's HTTP API with the reference SDK's HMAC-SHA256 headers;
* :class:`DropFolderTransport` — a shared folder, one inbox per agency;
* :class:`InProcessHub` — hub semantics in memory, for tests (``hub.transport(organ_id)``);
* :class:`LocalHubServer` — the hub side over real HTTP on 127.0.0.1, for integration tests
  (the reference Java client runs against it).
"""

from vndocsign.transport._base import (
    AckStatus,
    AgencyInfo,
    MessageType,
    ReceivedItem,
    SentItem,
    Transport,
    message_type_of,
    recipients_of,
    send_message,
)
from vndocsign.transport._dropfolder import DropFolderTransport
from vndocsign.transport._errors import (
    HubAuthError,
    HubProtocolError,
    HubRequestError,
    HubUnavailableError,
)
from vndocsign.transport._memory import HubDocument, InProcessHub, InProcessTransport
from vndocsign.transport._testing import LocalHubServer
from vndocsign.transport._vxp import VxpTransport
from vndocsign.transport._vxp_auth import (
    hash_file_quirk,
    hub_timestamp,
    parse_hub_timestamp,
    sign_headers,
    verify_headers,
)

__all__ = [
    "AckStatus",
    "AgencyInfo",
    "DropFolderTransport",
    "HubAuthError",
    "HubDocument",
    "HubProtocolError",
    "HubRequestError",
    "HubUnavailableError",
    "InProcessHub",
    "InProcessTransport",
    "LocalHubServer",
    "MessageType",
    "ReceivedItem",
    "SentItem",
    "Transport",
    "VxpTransport",
    "hash_file_quirk",
    "hub_timestamp",
    "message_type_of",
    "parse_hub_timestamp",
    "recipients_of",
    "send_message",
    "sign_headers",
    "verify_headers",
]
