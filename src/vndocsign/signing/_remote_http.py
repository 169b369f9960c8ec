"""HTTP plumbing shared by the remote signing clients (CSC, VNPT SmartCA, Viettel MySign).

Why a wrapper around :mod:`httpx`: every remote service call must be bounded — a timeout per
request, a few retries on transient failures only (connection refused, 429, 502-504; a
*signing* request is re-sent only when it certainly never reached the service, so the user is
never asked twice), and a cap on the size of the answer (a hostile or broken service must not
make us read gigabytes). Errors become the typed, bilingual errors below, and secrets (client
secret, passwords, PIN/OTP, tokens) never appear in a log line or an exception message: the
client knows them and blanks them out of anything it repeats from the service.

Error tree (all :class:`~vndocsign.errors.SigningError`)::

    RemoteServiceError        signing.remote_service  (base)
    ├── RemoteDeclinedError   signing.remote_declined  the holder refused on the phone
    ├── RemoteTimeoutError    signing.remote_timeout   no confirmation before the deadline
    ├── RemoteCancelledError  signing.remote_cancelled the caller cancelled the wait
    ├── RemoteMismatchError   signing.remote_mismatch  certificate / signature does not fit
    ├── RemoteProtocolError   signing.remote_protocol  malformed or oversized answer
    └── RemoteHttpError       signing.remote_http      HTTP error or unreachable service
        └── RemoteAuthError   signing.remote_auth      401/403: credentials refused
"""

from __future__ import annotations

import json
import logging
import time
from collections.abc import Mapping, Sequence
from typing import Any

import attrs
import httpx

from vndocsign.errors import SigningError

__all__ = [
    "HttpSettings",
    "JsonClient",
    "JsonReply",
    "RemoteAuthError",
    "RemoteCancelledError",
    "RemoteDeclinedError",
    "RemoteHttpError",
    "RemoteMismatchError",
    "RemoteProtocolError",
    "RemoteServiceError",
    "RemoteTimeoutError",
]

log = logging.getLogger("vndocsign.signing.remote")


class RemoteServiceError(SigningError):
    """A remote signing service could not give a usable signature."""

    code = "signing.remote_service"


class RemoteDeclinedError(RemoteServiceError):
    """The certificate holder declined the request in the provider's app (từ chối ký)."""

    code = "signing.remote_declined"


class RemoteTimeoutError(RemoteServiceError):
    """The holder did not confirm before the deadline, or the transaction expired."""

    code = "signing.remote_timeout"


class RemoteCancelledError(RemoteServiceError):
    """The caller cancelled while waiting for the holder's confirmation."""

    code = "signing.remote_cancelled"


class RemoteMismatchError(RemoteServiceError):
    """The service's certificate or signature does not fit the announced certificate/document."""

    code = "signing.remote_mismatch"


class RemoteProtocolError(RemoteServiceError):
    """The service answered something that is not the documented JSON (or too much of it)."""

    code = "signing.remote_protocol"


class RemoteHttpError(RemoteServiceError):
    """The service is unreachable or answered with an HTTP error."""

    code = "signing.remote_http"


class RemoteAuthError(RemoteHttpError):
    """The service refused our credentials (HTTP 401/403)."""

    code = "signing.remote_auth"


@attrs.frozen
class HttpSettings:
    """Bounds of every HTTP exchange with a remote signing service."""

    #: seconds per request (connect + read); a call that waits for the holder gets more
    timeout: float = 30.0
    #: extra attempts on transient failures (connection errors, 429, 502, 503, 504)
    retries: int = 2
    #: first pause between attempts, doubled each time
    backoff: float = 0.25
    #: largest accepted response body
    max_response_bytes: int = 1024 * 1024
    #: TLS verification (``False`` only for a local test service)
    verify: bool = True


@attrs.frozen
class JsonReply:
    """A parsed JSON answer and its HTTP status."""

    status: int
    data: Any


_TRANSIENT = frozenset({429, 502, 503, 504})


def redact(text: str, secrets: Sequence[str]) -> str:
    """``text`` with every secret blanked out (and cut to 200 characters)."""
    for secret in secrets:
        if secret and len(secret) >= 3:
            text = text.replace(secret, "***")
    return text[:200]


class JsonClient:
    """POST JSON (or a form) and read a bounded JSON answer; typed errors, no secret leaks."""

    def __init__(
        self,
        base_url: str,
        *,
        settings: HttpSettings | None = None,
        secrets: Sequence[str] = (),
        transport: httpx.BaseTransport | None = None,
        service: str = "remote",
    ) -> None:
        self.base_url = base_url.rstrip("/")
        self.settings = settings or HttpSettings()
        self.secrets = [s for s in secrets if s]
        self.service = service
        self._http = httpx.Client(
            timeout=self.settings.timeout,
            verify=self.settings.verify,
            transport=transport,
            follow_redirects=False,
        )

    def add_secret(self, secret: str | None) -> None:
        if secret:
            self.secrets.append(secret)

    def close(self) -> None:
        self._http.close()

    def url(self, path: str) -> str:
        return f"{self.base_url}/{path.lstrip('/')}"

    def post(
        self,
        path: str,
        body: Mapping[str, Any] | None = None,
        *,
        form: Mapping[str, str] | None = None,
        headers: Mapping[str, str] | None = None,
        idempotent: bool = True,
        timeout: float | None = None,
    ) -> JsonReply:
        """POST to ``path``; 2xx answers are returned, others raise :class:`RemoteHttpError`."""
        attempts = 1 + max(0, self.settings.retries)
        pause = self.settings.backoff
        for attempt in range(attempts):
            last = attempt == attempts - 1
            try:
                reply = self._once(path, body, form, headers, timeout)
            except httpx.ConnectError:
                if last:
                    raise self._unreachable(path) from None
            except httpx.TransportError:
                # the request may have reached the service: re-send only what is harmless
                if last or not idempotent:
                    raise self._unreachable(path) from None
            else:
                if reply.status in _TRANSIENT and idempotent and not last:
                    log.info("%s %s: HTTP %s, retrying", self.service, path, reply.status)
                else:
                    return self._check(path, reply)
            time.sleep(pause)
            pause *= 2
        raise self._unreachable(path)  # pragma: no cover - the loop always returns or raises

    def _unreachable(self, path: str) -> RemoteHttpError:
        return RemoteHttpError(
            f"The {self.service} signing service is unreachable ({path})",
            f"Không kết nối được dịch vụ ký số từ xa {self.service} ({path})",
            service=self.service,
            path=path,
        )

    def _once(
        self,
        path: str,
        body: Mapping[str, Any] | None,
        form: Mapping[str, str] | None,
        headers: Mapping[str, str] | None,
        timeout: float | None,
    ) -> JsonReply:
        log.debug("%s POST %s", self.service, path)
        kwargs: dict[str, Any] = {"headers": dict(headers or {})}
        if form is not None:
            kwargs["data"] = dict(form)
        else:
            kwargs["json"] = dict(body or {})
        if timeout is not None:
            kwargs["timeout"] = timeout
        limit = self.settings.max_response_bytes
        with self._http.stream("POST", self.url(path), **kwargs) as response:
            declared = response.headers.get("content-length")
            if declared is not None and declared.isdigit() and int(declared) > limit:
                raise self._oversized(path)
            chunks: list[bytes] = []
            size = 0
            for chunk in response.iter_bytes():
                size += len(chunk)
                if size > limit:
                    raise self._oversized(path)
                chunks.append(chunk)
            raw = b"".join(chunks)
            status = response.status_code
        return JsonReply(status=status, data=self._parse(path, raw, status))

    def _oversized(self, path: str) -> RemoteProtocolError:
        limit = self.settings.max_response_bytes
        return RemoteProtocolError(
            f"The {self.service} service's answer to {path} exceeds {limit} bytes",
            f"Phản hồi của dịch vụ {self.service} cho {path} vượt quá {limit} byte",
            service=self.service,
            path=path,
            limit=limit,
        )

    def _parse(self, path: str, raw: bytes, status: int) -> Any:
        if not raw.strip():
            return {}
        try:
            return json.loads(raw)
        except ValueError:
            if status >= 400:
                return {}
            raise RemoteProtocolError(
                f"The {self.service} service's answer to {path} is not JSON",
                f"Phản hồi của dịch vụ {self.service} cho {path} không phải JSON",
                service=self.service,
                path=path,
            ) from None

    def _check(self, path: str, reply: JsonReply) -> JsonReply:
        if 200 <= reply.status < 300:
            return reply
        code, text = provider_error(reply.data)
        code, text = redact(code, self.secrets), redact(text, self.secrets)
        cls = RemoteAuthError if reply.status in (401, 403) else RemoteHttpError
        raise cls(
            f"The {self.service} service refused {path}: HTTP {reply.status} {code} {text}".strip(),
            f"Dịch vụ {self.service} từ chối {path}: HTTP {reply.status} {code} {text}".strip(),
            service=self.service,
            path=path,
            status=reply.status,
            provider_code=code,
        )


def provider_error(data: Any) -> tuple[str, str]:
    """The (code, description) of a provider's error body (CSC, SmartCA or OAuth 2.0 shape)."""
    if not isinstance(data, Mapping):
        return "", ""
    code = data.get("error") or data.get("code") or data.get("status_code") or ""
    text = data.get("error_description") or data.get("message") or data.get("description") or ""
    return str(code)[:80], str(text)[:200]


def b64decode_field(value: Any, what: str, service: str) -> bytes:
    """Decode a base64 field of a provider answer, or raise :class:`RemoteProtocolError`."""
    import base64
    import binascii

    if not isinstance(value, str) or not value:
        raise RemoteProtocolError(
            f"The {service} answer has no {what}",
            f"Phản hồi của {service} thiếu {what}",
            service=service,
            field=what,
        )
    try:
        return base64.b64decode(value.strip(), validate=False)
    except (binascii.Error, ValueError):
        raise RemoteProtocolError(
            f"The {service} answer's {what} is not base64",
            f"Trường {what} của {service} không phải base64",
            service=service,
            field=what,
        ) from None
