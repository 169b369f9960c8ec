"""Viettel MySign (Viettel-CA remote signing): an OpenID Connect token, then CSC API v1.

Public integration settings (e.g. the ``ViettelTokenUrl`` / ``ViettelCscBaseUrl`` settings
class found by the project's code search, id 56742492834) name the endpoints:

* token: ``{base}/auth/realms/viettelsmartca/protocol/openid-connect/token`` — Keycloak,
  ``application/x-www-form-urlencoded`` ``grant_type=client_credentials`` (or ``password``
  with the holder's ``username`` / ``password``), ``client_id``, ``client_secret`` →
  ``{"access_token": ..., "expires_in": ..., "token_type": "Bearer"}``;
* CSC v1 under ``{base}/csc/v1/`` (``credentials/list``, ``credentials/info``,
  ``credentials/authorize``, ``signatures/signHash``), driven by
  :class:`~vndocsign.signing._csc.CscService`. MySign holds the ``credentials/authorize``
  call open (or answers HTTP 202 with a ``handle``) until the holder confirms in the MySign
  app, so that call gets the remaining confirmation time as its timeout.

Production base: ``https://remotesigning.viettel.vn:8773``. An older Viettel gateway
(``/vtss/service/ras/v1/login``, ``/vtss/service/signHash`` with ``numSignatures``, ``hash``,
``hashAlgo``, ``signAlgo``, ``async``; seen in public Python helpers "MySignHelper") uses the
same CSC v1 field names.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import Any, TypeVar

import attrs
import httpx

from vndocsign.signing._csc import CscService, CscVersion
from vndocsign.signing._remote_http import (
    HttpSettings,
    JsonClient,
    RemoteAuthError,
    RemoteHttpError,
    RemoteProtocolError,
)
from vndocsign.signing._remote_types import (
    RemoteCredential,
    RemoteSignature,
    SignatureScheme,
    Waiter,
)

__all__ = ["TOKEN_PATH", "MySignService"]

T = TypeVar("T")

TOKEN_PATH = "auth/realms/viettelsmartca/protocol/openid-connect/token"  # noqa: S105 - a path


@attrs.define
class MySignService:
    """Viettel MySign client; implements ``RemoteSigningService`` over :class:`CscService`."""

    base_url: str
    client_id: str
    client_secret: str = attrs.field(repr=False)
    credential_id: str | None = None
    user_id: str | None = None
    username: str | None = None
    password: str | None = attrs.field(default=None, repr=False)
    #: explicit CSC authorisation data, when the account uses it
    pin: str | None = attrs.field(default=None, repr=False)
    otp: str | None = attrs.field(default=None, repr=False)
    token_path: str = TOKEN_PATH
    csc_path: str = "csc/v1"
    settings: HttpSettings = attrs.field(factory=HttpSettings)
    transport: httpx.BaseTransport | None = None
    name: str = "mysign"
    _csc: CscService | None = attrs.field(default=None, init=False, repr=False)

    def token(self) -> str:
        """A bearer token from Viettel's OpenID Connect endpoint (never logged)."""
        form = {
            "client_id": self.client_id,
            "client_secret": self.client_secret,
            "grant_type": "client_credentials",
        }
        if self.username and self.password:
            form.update(grant_type="password", username=self.username, password=self.password)
        client = JsonClient(
            self.base_url,
            settings=self.settings,
            transport=self.transport,
            secrets=[s for s in (self.client_secret, self.password) if s],
            service=self.name,
        )
        try:
            reply = client.post(self.token_path, form=form)
        except RemoteHttpError as exc:
            if exc.details.get("status") in (400, 401, 403):
                raise RemoteAuthError(
                    "MySign refused the client credentials",
                    "MySign từ chối thông tin xác thực",
                    **exc.details,
                ) from None
            raise
        finally:
            client.close()
        token = reply.data.get("access_token") if isinstance(reply.data, dict) else None
        if not isinstance(token, str) or not token:
            raise RemoteProtocolError(
                "The MySign token answer has no access_token",
                "Phản hồi token của MySign thiếu access_token",
            )
        return token

    @property
    def csc(self) -> CscService:
        if self._csc is None:
            self._csc = CscService(
                f"{self.base_url.rstrip('/')}/{self.csc_path.strip('/')}",
                credential_id=self.credential_id,
                version=CscVersion.V1,
                access_token=self.token(),
                user_id=self.user_id or self.username,
                pin=self.pin,
                otp=self.otp,
                asynchronous=False,
                settings=self.settings,
                transport=self.transport,
                name=self.name,
            )
        return self._csc

    def _fresh(self, call: Callable[[CscService], T]) -> T:
        """Run ``call``; once more with a new token if MySign says the token expired (401).

        A 401 comes before the holder is asked anything, so the retry never prompts twice."""
        try:
            return call(self.csc)
        except RemoteAuthError as exc:
            if exc.details.get("status") != 401:
                raise
            self.close()
            return call(self.csc)

    def credential(self) -> RemoteCredential:
        return self._fresh(lambda csc: csc.credential())

    def sign_digests(
        self,
        credential: RemoteCredential,
        digests: Sequence[bytes],
        *,
        digest_algorithm: str,
        scheme: SignatureScheme,
        waiter: Waiter,
        description: str,
    ) -> list[RemoteSignature]:
        return self._fresh(
            lambda csc: csc.sign_digests(
                credential,
                digests,
                digest_algorithm=digest_algorithm,
                scheme=scheme,
                waiter=waiter,
                description=description,
            )
        )

    def close(self) -> None:
        if self._csc is not None:
            self._csc.close()
            self._csc = None

    def __enter__(self) -> MySignService:
        return self

    def __exit__(self, *exc: Any) -> None:
        self.close()
