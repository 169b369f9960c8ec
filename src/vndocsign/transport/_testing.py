"""A real HTTP server implementing the hub's side of the VXP protocol, on 127.0.0.1.

For integration tests of :class:`~vndocsign.transport._vxp.VxpTransport` (and of an
integrator's own code): it checks the HMAC header signature and the ``hash-file`` exactly as
the reference client produces them, routes through an :class:`InProcessHub`, and can inject
faults (``fail_next`` answers 503, ``delay`` slows every answer) to exercise retries and
timeouts. Start it as a context manager::

    with LocalHubServer({"vxp.saas.02": ("secret", "000.00.00.G22")}) as hub:
        client = VxpTransport(hub.url, "vxp.saas.02", "secret")
"""

from __future__ import annotations

import base64
import contextlib
import datetime as dt
import http.server
import json
import threading
import time
from collections.abc import Mapping
from typing import Any

from vndocsign.transport._errors import HubRequestError
from vndocsign.transport._memory import InProcessHub
from vndocsign.transport._vxp_auth import (
    PREFIX,
    hash_file_quirk,
    parse_hub_timestamp,
    verify_headers,
)

__all__ = ["LocalHubServer"]

#: Time zones in use span UTC−12 (west) to UTC+14 (east).
_WEST = dt.timedelta(hours=12)
_EAST = dt.timedelta(hours=14)


def _no_nulls(value: Any) -> Any:
    """The reference client calls ``getAsString()`` on every field it reads, and Gson throws
    on a JSON ``null`` (its inbox and agency lists then come back empty): absent text is
    answered as ``""``."""
    if value is None:
        return ""
    if isinstance(value, dict):
        return {k: _no_nulls(v) for k, v in value.items()}
    if isinstance(value, list):
        return [_no_nulls(v) for v in value]
    return value


class _Headers(dict[str, str]):
    """Case-insensitive view of the request headers, values re-read as UTF-8."""

    def __init__(self, raw: Any) -> None:
        super().__init__()
        for key, value in raw.items():
            with contextlib.suppress(UnicodeEncodeError, UnicodeDecodeError):
                value = value.encode("latin-1").decode("utf-8")
            super().__setitem__(key.lower(), value)

    def get(self, key: str, default: Any = None) -> Any:
        return super().get(key.lower(), default)


class LocalHubServer:
    """``systems``: systemid -> (secret, organ id of that system's agency)."""

    def __init__(
        self,
        systems: Mapping[str, tuple[str, str]],
        *,
        hub: InProcessHub | None = None,
        max_clock_skew: float | None = 300.0,
        max_age: float = 24 * 3600.0,
    ) -> None:
        self.systems = dict(systems)
        self.hub = hub or InProcessHub([organ for _s, organ in systems.values()])
        self.max_clock_skew = max_clock_skew
        self.max_age = max_age
        #: Answer the next N requests with ``fail_status`` (fault injection for retry tests).
        self.fail_next = 0
        self.fail_status = 503
        #: Sleep this long before answering (timeout tests).
        self.delay = 0.0
        self.requests: list[dict[str, Any]] = []
        self._server: http.server.ThreadingHTTPServer | None = None
        self._thread: threading.Thread | None = None

    @property
    def url(self) -> str:
        assert self._server is not None, "server not started"
        host, port = self._server.server_address[:2]
        return f"http://{host!s}:{port}"

    def start(self) -> LocalHubServer:
        owner = self

        class Handler(http.server.BaseHTTPRequestHandler):
            protocol_version = "HTTP/1.1"

            def log_message(self, format: str, *args: Any) -> None:
                """Quiet."""

            def do_POST(self) -> None:
                owner._handle(self, "POST")

            def do_GET(self) -> None:
                owner._handle(self, "GET")

        self._server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self._server.daemon_threads = True
        self._thread = threading.Thread(target=self._server.serve_forever, daemon=True)
        self._thread.start()
        return self

    def stop(self) -> None:
        if self._server is not None:
            self._server.shutdown()
            self._server.server_close()
            self._server = None

    def __enter__(self) -> LocalHubServer:
        return self.start()

    def __exit__(self, *exc: object) -> None:
        self.stop()

    # -- request handling ------------------------------------------------------------------
    def _reply(self, handler: Any, status: int, payload: Any, raw: bytes | None = None) -> None:
        body = (
            raw if raw is not None else json.dumps(_no_nulls(payload), ensure_ascii=False).encode()
        )
        try:
            handler.send_response(status)
            handler.send_header(
                "Content-Type",
                "application/octet-stream" if raw is not None else "application/json",
            )
            handler.send_header("Content-Length", str(len(body)))
            handler.end_headers()
            handler.wfile.write(body)
        except (BrokenPipeError, ConnectionResetError):
            pass  # the client gave up (timeout tests)

    @staticmethod
    def _fail(desc: str, code: str = "1") -> dict[str, Any]:
        return {"status": "FAIL", "ErrorCode": code, "ErrorDesc": desc}

    def _handle(self, handler: Any, method: str) -> None:
        length = int(handler.headers.get("Content-Length") or 0)
        body = handler.rfile.read(length) if length else b""
        headers = _Headers(handler.headers)
        path = handler.path.split("?", 1)[0]
        self.requests.append(
            {"method": method, "path": path, "headers": dict(headers), "size": len(body)}
        )
        if self.delay:
            time.sleep(self.delay)
        if self.fail_next > 0:
            self.fail_next -= 1
            self._reply(handler, self.fail_status, self._fail("temporarily unavailable"))
            return
        system = headers.get(f"{PREFIX}systemid")
        if system not in self.systems:
            self._reply(handler, 401, self._fail("unknown systemid", "401"))
            return
        secret, organ = self.systems[system]
        signed = verify_headers(headers, secret)
        if signed is None:
            self._reply(handler, 401, self._fail("bad header signature", "401"))
            return
        if not self._fresh(signed.get("timestamp")):
            self._reply(handler, 401, self._fail("stale timestamp", "401"))
            return
        try:
            status, payload, raw = self._dispatch(path, method, signed, body, organ)
        except HubRequestError as exc:
            self._reply(handler, 200, self._fail(exc.en, str(exc.details.get("error_code", "1"))))
            return
        self._reply(handler, status, payload, raw)

    def _fresh(self, stamp: str | None) -> bool:
        """The freshness rule (documented in docs/edxml.md, "Hub timestamps").

        The stamp has no zone, so it is read as the wall-clock time of any zone from UTC−12 to
        UTC+14; it may be up to ``max_clock_skew`` ahead, and up to ``max_age`` +
        ``max_clock_skew`` old, because the reference client fixes its timestamp when its
        service object is created and reuses it for every later call.
        """
        if self.max_clock_skew is None:
            return True
        moment = parse_hub_timestamp(stamp)
        if moment is None:
            return False
        now = dt.datetime.now(dt.UTC).replace(tzinfo=None)
        earliest = now - _WEST - dt.timedelta(seconds=self.max_age + self.max_clock_skew)
        latest = now + _EAST + dt.timedelta(seconds=self.max_clock_skew)
        return earliest <= moment <= latest

    def _received(self, signed: Mapping[str, str], organ: str) -> list[dict[str, Any]]:
        items = self.hub.received(organ, signed.get("messagetype", "edoc"))
        return [
            {
                "docId": i.doc_id,
                "serviceType": i.service_type or "eDoc",
                "messageType": i.message_type,
                "created_time": i.created,
                "updated_time": i.updated or i.created,
                "from": i.from_,
                "to": organ,
                "status": i.status,
                "status_desc": i.status_desc or i.status,
            }
            for i in items
        ]

    def _sent(self, signed: Mapping[str, str], organ: str) -> list[dict[str, Any]]:
        sent = self.hub.sent(organ, signed.get("messagetype", "edoc"), signed.get("docId"))
        return [
            {
                "serviceType": "eDoc",
                "senderDocId": s.doc_id,
                "receiverDocId": s.doc_id,
                "messageType": s.message_type,
                "fromCode": s.from_code,
                "toCode": s.to_code,
                "title": s.title,
                "notation": s.notation,
                "sendStatus": s.send_status,
                "sendStatusDesc": s.send_status,
                "receiveStatus": s.receive_status,
                "receiveStatusDesc": s.receive_status,
                "sentTime": s.sent_time,
                "receivedTime": s.received_time,
            }
            for s in sent
        ]

    def _agencies(self, signed: Mapping[str, str], organ: str) -> list[dict[str, Any]]:
        return [
            {
                "code": a.code,
                "name": a.name or a.code,
                "id": a.id or a.code,
                "pid": a.pid,
                "mail": a.mail,
                "oldCode": a.code,
                "code102": a.code102 or a.code,
            }
            for a in self.hub.agency_list()
        ]

    def _dispatch(
        self, path: str, method: str, signed: Mapping[str, str], body: bytes, organ: str
    ) -> tuple[int, Any, bytes | None]:
        ok: dict[str, Any] = {"status": "OK", "ErrorCode": "0", "ErrorDesc": "Thanh cong"}
        if path == "/sendEdoc" and method == "POST":
            if signed.get("Content-Type") != "application/octet-stream":
                raise HubRequestError("sendEdoc needs application/octet-stream", error_code="6")
            data = body[:-2] if body.endswith(b"\r\n") else body
            if signed.get("hash-file") != hash_file_quirk(data):
                raise HubRequestError("hash-file does not match the file", error_code="7")
            sender = signed.get("from") or organ
            if sender != organ:
                raise HubRequestError("'from' is not this system's agency", error_code="8")
            to = json.loads(signed["to"]) if signed.get("to") else None
            doc_id = self.hub.submit(
                data, sender=sender, message_type=signed.get("messagetype", "edoc"), to=to
            )
            return 200, {**ok, "DocId": doc_id}, None
        if path == "/getEdoc":
            doc = self.hub.get(organ, signed.get("docId") or signed.get("docid") or "")
            return 200, {**ok, "data": base64.b64encode(doc.data).decode()}, None
        if path == "/downloadEdoc" and method == "GET":
            doc = self.hub.get(organ, signed.get("docId") or "")
            return 200, None, doc.data
        if path == "/updateStatus":
            self.hub.update_status(organ, signed.get("docId") or "", signed.get("status") or "")
            return 200, ok, None
        lists = {
            "/getReceivedEdocList": self._received,
            "/getSentEdocList": self._sent,
            "/getAgenciesList": self._agencies,
        }
        if path in lists:
            return 200, {**ok, "data": lists[path](signed, organ)}, None
        return 404, self._fail(f"unknown method {path}", "404"), None
