"""Errors of the transports, all below :class:`vndocsign.errors.TransportError`."""

from __future__ import annotations

from vndocsign.errors import TransportError

__all__ = [
    "HubAuthError",
    "HubProtocolError",
    "HubRequestError",
    "HubUnavailableError",
    "TransportError",
]


class HubRequestError(TransportError):
    """The hub answered, but refused the request (``status: FAIL`` / non-zero ``ErrorCode``)."""

    code = "transport.hub_request"


class HubAuthError(HubRequestError):
    """The hub rejected the credentials or the HMAC header signature (HTTP 401/403)."""

    code = "transport.hub_auth"


class HubUnavailableError(TransportError):
    """The hub could not be reached or kept failing after every retry."""

    code = "transport.hub_unavailable"


class HubProtocolError(TransportError):
    """The hub's answer is not the JSON the protocol describes."""

    code = "transport.hub_protocol"
