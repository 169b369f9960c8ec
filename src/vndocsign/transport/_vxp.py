"""Client of the national document exchange platform (Trục liên thông văn bản quốc gia, VXP).

It speaks the HTTP API of the reference Java SDK (SDKVXP-2.0.1), read from that SDK since no
published API document exists (edxml.md §6): every call is a ``POST <endpoint>/<method>`` whose
parameters travel as HMAC-signed ``XroadVnpt-*`` headers (:mod:`vndocsign.transport._vxp_auth`);
``sendEdoc`` posts the raw edXML bytes (``application/octet-stream``, body + CRLF) with the
``hash-file`` header; answers are JSON ``{"status": "OK"|"FAIL", "ErrorCode", "ErrorDesc", …}``
and ``ErrorCode == "0"`` means success.

Built on httpx with explicit timeouts. Idempotent calls are retried on network errors, 429 and
5xx with exponential backoff; ``sendEdoc`` (not idempotent: a retry could deliver twice) is
retried only when the request certainly did not reach the hub (connection refused/timeout
while connecting, 503).
"""

from __future__ import annotations

import base64
import binascii
import datetime as dt
import json
import os
import time
from collections.abc import Callable, Iterator, Mapping, Sequence
from pathlib import Path
from typing import Any

import httpx

from vndocsign._io import atomic_output
from vndocsign.transport._base import (
    AckStatus,
    AgencyInfo,
    MessageType,
    ReceivedItem,
    SentItem,
    check_ack,
    check_message_type,
)
from vndocsign.transport._errors import (
    HubAuthError,
    HubProtocolError,
    HubRequestError,
    HubUnavailableError,
)
from vndocsign.transport._vxp_auth import (
    hash_file_quirk,
    hash_file_quirk_stream,
    hub_timestamp,
    sign_headers,
)

__all__ = ["VxpTransport"]

_RETRY_STATUS = frozenset({429, 500, 502, 503, 504})


def _auth_error(response: httpx.Response) -> HubAuthError:
    """A 401/403 with the hub's own reason (``ErrorDesc``) kept in the message and details."""
    reason: str | None = None
    code: str | None = None
    try:
        data = response.json()
    except ValueError:
        data = None
    if isinstance(data, dict):
        reason = _str(data.get("ErrorDesc") or data.get("errorDesc") or data.get("message"))
        code = _str(data.get("ErrorCode") or data.get("errorCode"))
    if reason is None and response.text.strip():
        reason = response.text.strip()[:200]
    suffix = f": {reason}" if reason else ""
    return HubAuthError(
        f"The hub refused the credentials or signature (HTTP {response.status_code}){suffix}",
        f"Trục từ chối thông tin xác thực/chữ ký tiêu đề (HTTP {response.status_code}){suffix}",
        status=response.status_code,
        error_desc=reason,
        error_code=code,
        body=response.text[:300],
    )


def _as_tuple(value: Any) -> tuple[str, ...]:
    if isinstance(value, list):
        return tuple(str(v) for v in value)
    return (str(value),) if value else ()


def _str(value: Any) -> str | None:
    if value is None:
        return None
    return str(value)


class VxpTransport:
    """The exchange-platform client (``collaboration.properties``: endpoint, systemid, secret).

    ``retries`` counts *additional* attempts (the reference SDK accepts 3–5).
    """

    def __init__(
        self,
        endpoint: str,
        system_id: str,
        secret: str,
        *,
        timeout: float | httpx.Timeout = 30.0,
        retries: int = 3,
        backoff: float = 0.5,
        service_type: str = "eDoc",
        client: httpx.Client | None = None,
        clock: Callable[[], dt.datetime] | None = None,
        sleep: Callable[[float], None] = time.sleep,
        verify: bool | str = True,
    ) -> None:
        self.endpoint = endpoint.rstrip("/")
        self.system_id = system_id
        self._secret = secret
        self.retries = max(0, retries)
        self.backoff = backoff
        self.service_type = service_type
        self._clock = clock or dt.datetime.now
        self._sleep = sleep
        self._own_client = client is None
        self._client = client or httpx.Client(
            timeout=timeout if isinstance(timeout, httpx.Timeout) else httpx.Timeout(timeout),
            verify=verify,
            follow_redirects=False,
        )

    # -- context management ------------------------------------------------------------
    def close(self) -> None:
        if self._own_client:
            self._client.close()

    def __enter__(self) -> VxpTransport:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    # -- signing ---------------------------------------------------------------------------
    def _headers(
        self,
        params: Mapping[str, str],
        *,
        content_type: str = "application/json",
        hash_file: str | None = None,
    ) -> dict[str, str]:
        entries: list[tuple[str, str]] = [
            ("timestamp", hub_timestamp(self._clock())),
            ("systemid", self.system_id),
            ("Content-Type", content_type),
        ]
        entries.extend((k, v) for k, v in params.items() if v is not None)
        if hash_file is not None:
            entries.append(("hash-file", hash_file))
        return sign_headers(entries, self._secret)

    # -- HTTP with retries ---------------------------------------------------------------
    def _request(
        self,
        method: str,
        path: str,
        *,
        headers: Mapping[str, str],
        content: bytes | Callable[[], Iterator[bytes]] | None = None,
        idempotent: bool = True,
        stream_to: Path | None = None,
    ) -> httpx.Response:
        url = f"{self.endpoint}{path}"
        last: Exception | None = None
        encoded = {k.encode("ascii"): v.encode("utf-8") for k, v in headers.items()}
        for attempt in range(self.retries + 1):
            if attempt:
                self._sleep(self.backoff * (2 ** (attempt - 1)))
            body: Any = content() if callable(content) else content
            try:
                if stream_to is not None:
                    with self._client.stream(method, url, headers=encoded, content=body) as resp:
                        if resp.status_code == 200:
                            with atomic_output(stream_to) as handle:
                                for block in resp.iter_bytes():
                                    handle.write(block)
                            return resp
                        resp.read()
                        response = resp
                else:
                    response = self._client.request(method, url, headers=encoded, content=body)
            except (httpx.ConnectError, httpx.ConnectTimeout, httpx.PoolTimeout) as exc:
                last = exc
                continue
            except httpx.TransportError as exc:
                last = exc
                if idempotent:
                    continue
                break
            if response.status_code in (401, 403):
                raise _auth_error(response)
            retryable = response.status_code in _RETRY_STATUS and (
                idempotent or response.status_code == 503
            )
            if retryable:
                last = HubRequestError(f"HTTP {response.status_code}", status=response.status_code)
                continue
            return response
        raise HubUnavailableError(
            f"The hub at {self.endpoint} did not answer {path} after "
            f"{self.retries + 1} attempt(s): {last}",
            f"Không kết nối được Trục ({self.endpoint}) cho {path} sau "
            f"{self.retries + 1} lần thử: {last}",
            path=path,
            reason=str(last),
        )

    def _call(
        self,
        path: str,
        params: Mapping[str, str],
        *,
        content: bytes | Callable[[], Iterator[bytes]] | None = None,
        content_type: str = "application/json",
        hash_file: str | None = None,
        idempotent: bool = True,
        form: bool = True,
        length: int | None = None,
    ) -> dict[str, Any]:
        headers = self._headers(params, content_type=content_type, hash_file=hash_file)
        if length is not None:
            headers["Content-Length"] = str(length)
        if content is None and form:
            content = b""
        response = self._request(
            "POST", path, headers=headers, content=content, idempotent=idempotent
        )
        return self._json(response, path)

    @staticmethod
    def _json(response: httpx.Response, path: str) -> dict[str, Any]:
        try:
            data = response.json()
        except ValueError:
            raise HubProtocolError(
                f"{path}: the hub did not answer JSON (HTTP {response.status_code})",
                f"{path}: Trục không trả về JSON (HTTP {response.status_code})",
                status=response.status_code,
                body=response.text[:300],
            ) from None
        if not isinstance(data, dict):
            raise HubProtocolError(f"{path}: unexpected JSON answer", f"{path}: JSON không hợp lệ")
        code = str(data.get("ErrorCode", data.get("errorCode", "")))
        if response.status_code != 200 or code != "0" or str(data.get("status", "OK")) != "OK":
            desc = data.get("ErrorDesc") or data.get("errorDesc") or f"HTTP {response.status_code}"
            raise HubRequestError(
                f"{path}: the hub refused the request: {desc} (ErrorCode {code or '?'})",
                f"{path}: Trục từ chối yêu cầu: {desc} (mã lỗi {code or '?'})",
                error_code=code,
                error_desc=desc,
                status=response.status_code,
            )
        return data

    # -- Transport protocol --------------------------------------------------------------
    def send(
        self,
        edxml: bytes | str | os.PathLike[str],
        *,
        sender: str,
        message_type: MessageType | str = MessageType.EDOC,
        to: Sequence[str] | None = None,
    ) -> str:
        """``sendEdoc``: the raw edXML (bytes, or a file streamed from disk) + CRLF."""
        check_message_type(message_type)
        params: dict[str, str] = {
            "from": sender,
            "servicetype": self.service_type,
            "messagetype": message_type,
        }
        if to:
            params["to"] = json.dumps(list(to), separators=(",", ":"))
        content: bytes | Callable[[], Iterator[bytes]]
        length: int | None = None
        if isinstance(edxml, bytes):
            digest = hash_file_quirk(edxml)
            content = edxml + b"\r\n"
        else:
            path = Path(edxml)
            with path.open("rb") as handle:
                digest = hash_file_quirk_stream(handle)
            length = path.stat().st_size + 2  # a length, not chunked: as the Java SDK sends

            def content() -> Iterator[bytes]:
                with path.open("rb") as handle:
                    yield from iter(lambda: handle.read(1 << 20), b"")
                yield b"\r\n"

        data = self._call(
            "/sendEdoc",
            params,
            content=content,
            content_type="application/octet-stream",
            hash_file=digest,
            idempotent=False,
            length=length,
        )
        doc_id = data.get("DocId") or data.get("docId")
        if not doc_id:
            raise HubProtocolError("sendEdoc: no DocId in the answer", "sendEdoc: thiếu DocId")
        return str(doc_id)

    def list_received(
        self,
        message_type: MessageType | str = MessageType.EDOC,
        *,
        from_date: str | None = None,
        to_date: str | None = None,
    ) -> list[ReceivedItem]:
        check_message_type(message_type)
        params = {"servicetype": self.service_type, "messagetype": message_type}
        if from_date:
            params["fromDate"] = from_date
        if to_date:
            params["toDate"] = to_date
        data = self._call("/getReceivedEdocList", params)
        items = data.get("data") or []
        return [
            ReceivedItem(
                doc_id=str(i.get("docId")),
                message_type=str(i.get("messageType") or message_type),
                from_=_str(i.get("from")),
                to=_as_tuple(i.get("to")),
                status=_str(i.get("status")),
                status_desc=_str(i.get("status_desc")),
                created=_str(i.get("created_time")),
                updated=_str(i.get("updated_time")),
                service_type=_str(i.get("serviceType")),
                raw=i,
            )
            for i in items
            if isinstance(i, dict) and i.get("docId")
        ]

    def fetch(self, doc_id: str) -> bytes:
        """``getEdoc``: the document as base64 in JSON ``data``."""
        data = self._call("/getEdoc", {"docId": doc_id, "filePath": ""}, content=b"{}")
        payload = data.get("data")
        if not isinstance(payload, str):
            raise HubProtocolError("getEdoc: no data in the answer", "getEdoc: thiếu dữ liệu")
        try:
            return base64.b64decode(payload, validate=False)
        except (binascii.Error, ValueError):
            raise HubProtocolError(
                "getEdoc: data is not base64", "getEdoc: dữ liệu không phải base64"
            ) from None

    def download(self, doc_id: str, target: str | os.PathLike[str]) -> Path:
        """``downloadEdoc``: stream a (large) document straight to ``target`` (atomically)."""
        headers = self._headers({"docId": doc_id, "filePath": ""})
        response = self._request("GET", "/downloadEdoc", headers=headers, stream_to=Path(target))
        if response.status_code != 200:
            self._json(response, "/downloadEdoc")
        return Path(target)

    def acknowledge(self, doc_id: str, status: AckStatus | str = AckStatus.DONE) -> None:
        """``updateStatus``: done / fail / processing."""
        check_ack(status)
        self._call("/updateStatus", {"docId": doc_id, "status": status}, content=b"{}")

    def list_sent(
        self, message_type: MessageType | str = MessageType.EDOC, *, doc_id: str | None = None
    ) -> list[SentItem]:
        check_message_type(message_type)
        params = {"servicetype": self.service_type, "messagetype": message_type}
        if doc_id:
            params["docId"] = doc_id
        data = self._call("/getSentEdocList", params)
        return [
            SentItem(
                doc_id=str(i.get("senderDocId") or i.get("docId")),
                message_type=_str(i.get("messageType")),
                from_code=_str(i.get("fromCode")),
                to_code=_str(i.get("toCode")),
                title=_str(i.get("title")),
                notation=_str(i.get("notation")),
                send_status=_str(i.get("sendStatus")),
                receive_status=_str(i.get("receiveStatus")),
                sent_time=_str(i.get("sentTime")),
                received_time=_str(i.get("receivedTime")),
                raw=i,
            )
            for i in data.get("data") or []
            if isinstance(i, dict)
        ]

    def agencies(self) -> list[AgencyInfo]:
        data = self._call("/getAgenciesList", {})
        return [
            AgencyInfo(
                code=str(i.get("code")),
                name=_str(i.get("name")),
                id=_str(i.get("id")),
                pid=_str(i.get("pid")),
                mail=_str(i.get("mail")),
                code102=_str(i.get("code102")),
                raw=i,
            )
            for i in data.get("data") or []
            if isinstance(i, dict) and i.get("code")
        ]
