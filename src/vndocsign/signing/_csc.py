"""Cloud Signature Consortium (CSC) API client, versions 1 and 2 (ký số từ xa chuẩn CSC).

The JSON shapes follow the CSC API specifications v1.0.4.0 and v2.0.0.2 as implemented in
public code: pyHanko's ``pyhanko/sign/signers/csc_signer.py`` (MatthiasValvekens/pyHanko,
CSC v1.0.4.0: ``credentials/info`` with ``certificates: "chain"``, ``credentials/authorize``
with ``numSignatures`` and ``hash``, ``signatures/signHash`` with ``hash``, ``hashAlgo``,
``signAlgo``), the EU reference signer ``eu/assina/csc/payload/CSCSignaturesSignHashRequest``
(v1 field names), and CSC v2 clients that call ``credentials/authorizeCheck`` with the
``handle`` of an authorisation still underway (HTTP 202) and ``signatures/signPolling`` with
the ``responseID`` of an asynchronous ``signatures/signHash`` (``operationMode: "A"``).

Calls used (all ``POST``, JSON, ``Authorization: Bearer <access token>``):

* ``credentials/list`` → ``{"credentialIDs": [...]}``
* ``credentials/info`` → ``key.algo`` (OIDs), ``cert.certificates`` (base64 DER, leaf
  first), ``multisign`` (digests per authorisation), v1 ``authMode`` / v2 ``auth.mode``
* ``credentials/authorize`` (explicit PIN/OTP, or the holder confirms on the phone)
  → ``{"SAD": ...}``, or HTTP 202 ``{"handle": ...}`` then ``credentials/authorizeCheck``;
  with ``authMode: "oauth2code"`` the caller obtains the SAD through OAuth 2.0 itself and
  passes it as ``sad=``
* ``signatures/signHash`` → ``{"signatures": [...]}``, or (v2, asynchronous) HTTP 202
  ``{"responseID": ...}`` then ``signatures/signPolling``.

A declined request is an OAuth-style ``access_denied`` error; an expired one
``expired_token`` / ``invalid_request`` with "expired" in its description.
"""

from __future__ import annotations

import base64
from collections.abc import Mapping, Sequence
from enum import StrEnum
from typing import Any

import attrs
import httpx

from vndocsign.signing._remote_http import (
    HttpSettings,
    JsonClient,
    JsonReply,
    RemoteAuthError,
    RemoteDeclinedError,
    RemoteHttpError,
    RemoteProtocolError,
    RemoteTimeoutError,
    b64decode_field,
)
from vndocsign.signing._remote_types import (
    RemoteCredential,
    RemoteSignature,
    SignatureScheme,
    Stage,
    Waiter,
    check_digest,
    digest_info_oid,
)

__all__ = ["CscService", "CscVersion", "scheme_oid"]

_RSA = "1.2.840.113549.1.1.1"
_PSS = "1.2.840.113549.1.1.10"
_SCHEME_OIDS: dict[tuple[SignatureScheme, str], str] = {
    (SignatureScheme.RSA_PKCS1V15, "sha256"): "1.2.840.113549.1.1.11",
    (SignatureScheme.RSA_PKCS1V15, "sha384"): "1.2.840.113549.1.1.12",
    (SignatureScheme.RSA_PKCS1V15, "sha512"): "1.2.840.113549.1.1.13",
    (SignatureScheme.ECDSA, "sha256"): "1.2.840.10045.4.3.2",
    (SignatureScheme.ECDSA, "sha384"): "1.2.840.10045.4.3.3",
    (SignatureScheme.ECDSA, "sha512"): "1.2.840.10045.4.3.4",
}


class CscVersion(StrEnum):
    V1 = "v1"
    V2 = "v2"


def scheme_oid(scheme: SignatureScheme, digest_algorithm: str) -> str:
    """The ``signAlgo`` OID of a scheme and hash (PSS: ``RSASSA-PSS`` with parameters)."""
    if scheme is SignatureScheme.RSA_PSS:
        return _PSS
    try:
        return _SCHEME_OIDS[(scheme, digest_algorithm)]
    except KeyError:
        raise RemoteProtocolError(
            f"No CSC algorithm for {scheme.value} with {digest_algorithm}",
            f"Không có thuật toán CSC cho {scheme.value}",
        ) from None


def pss_params(digest_algorithm: str) -> str:
    """Base64 DER ``RSASSA-PSS-params`` (hash, MGF1 with the same hash, salt = hash size)."""
    import hashlib

    from asn1crypto import algos

    params = algos.RSASSAPSSParams(
        {
            "hash_algorithm": {"algorithm": digest_algorithm},
            "mask_gen_algorithm": {
                "algorithm": "mgf1",
                "parameters": {"algorithm": digest_algorithm},
            },
            "salt_length": hashlib.new(digest_algorithm).digest_size,
        }
    )
    return base64.b64encode(params.dump()).decode("ascii")


def _b64(data: bytes) -> str:
    return base64.b64encode(data).decode("ascii")


def _schemes(algos: Sequence[Any]) -> tuple[SignatureScheme, ...]:
    found: list[SignatureScheme] = []
    for oid in algos:
        oid = str(oid)
        if oid == _PSS:
            found.append(SignatureScheme.RSA_PSS)
        elif oid == _RSA or oid.startswith("1.2.840.113549.1.1."):
            found.append(SignatureScheme.RSA_PKCS1V15)
        elif oid.startswith("1.2.840.10045."):
            found.append(SignatureScheme.ECDSA)
    return tuple(dict.fromkeys(found)) or (SignatureScheme.RSA_PKCS1V15,)


@attrs.define
class CscService:
    """A CSC remote signing service (API v1 or v2); implements ``RemoteSigningService``.

    ``access_token`` is the service's OAuth 2.0 bearer token (scope ``service``); ``pin`` /
    ``otp`` are sent in ``credentials/authorize`` (explicit mode); ``sad`` skips the
    authorisation when the caller obtained a SAD through OAuth 2.0 (``oauth2code``).
    Secrets are kept out of ``repr`` and blanked out of every error message.
    """

    base_url: str
    credential_id: str | None = None
    version: CscVersion = attrs.field(default=CscVersion.V2, converter=CscVersion)
    access_token: str | None = attrs.field(default=None, repr=False)
    pin: str | None = attrs.field(default=None, repr=False)
    otp: str | None = attrs.field(default=None, repr=False)
    sad: str | None = attrs.field(default=None, repr=False)
    user_id: str | None = None
    asynchronous: bool = True
    settings: HttpSettings = attrs.field(factory=HttpSettings)
    transport: httpx.BaseTransport | None = None
    name: str = "csc"
    _client: JsonClient | None = attrs.field(default=None, init=False, repr=False)

    @property
    def client(self) -> JsonClient:
        if self._client is None:
            self._client = JsonClient(
                self.base_url,
                settings=self.settings,
                transport=self.transport,
                secrets=[s for s in (self.access_token, self.pin, self.otp, self.sad) if s],
                service=self.name,
            )
        return self._client

    def close(self) -> None:
        if self._client is not None:
            self._client.close()
            self._client = None

    def _headers(self) -> dict[str, str]:
        return {"Authorization": f"Bearer {self.access_token}"} if self.access_token else {}

    def _post(
        self,
        path: str,
        body: Mapping[str, Any],
        *,
        idempotent: bool = True,
        timeout: float | None = None,
    ) -> JsonReply:
        try:
            return self.client.post(
                path, body, headers=self._headers(), idempotent=idempotent, timeout=timeout
            )
        except RemoteHttpError as exc:
            raise _translate(exc) from None

    def _held_open(self, path: str, body: Mapping[str, Any], waiter: Waiter) -> JsonReply:
        """A call the provider may hold open until the holder acts: its timeout is what is
        left of the confirmation deadline, and running out of it is a confirmation timeout."""
        waiter.check()
        try:
            return self._post(
                path, body, idempotent=False, timeout=max(0.5, min(waiter.remaining(), 600.0))
            )
        except RemoteHttpError:
            waiter.check()
            raise

    def _mapping(self, reply: JsonReply, path: str) -> Mapping[str, Any]:
        if not isinstance(reply.data, Mapping):
            raise RemoteProtocolError(
                f"The {self.name} answer to {path} is not a JSON object",
                f"Phản hồi {path} của {self.name} không phải đối tượng JSON",
                path=path,
            )
        return reply.data

    # -- credentials ------------------------------------------------------------------------

    def list_credentials(self) -> list[str]:
        body: dict[str, Any] = {"maxResults": 20}
        if self.user_id:
            body["userID"] = self.user_id
        data = self._mapping(self._post("credentials/list", body), "credentials/list")
        ids = data.get("credentialIDs")
        if not isinstance(ids, list) or not all(isinstance(i, str) for i in ids):
            raise RemoteProtocolError(
                "credentials/list has no credentialIDs", "credentials/list thiếu credentialIDs"
            )
        return list(ids)

    def credential_info(self, credential_id: str) -> RemoteCredential:
        body = {
            "credentialID": credential_id,
            "certificates": "chain",
            "certInfo": True,
            "authInfo": True,
        }
        data = self._mapping(self._post("credentials/info", body), "credentials/info")
        cert = data.get("cert")
        key = data.get("key")
        if (
            not isinstance(cert, Mapping)
            or not isinstance(cert.get("certificates"), list)
            or not cert["certificates"]
            or not isinstance(key, Mapping)
        ):
            raise RemoteProtocolError(
                "credentials/info has no certificate chain",
                "credentials/info thiếu chuỗi chứng thư số",
            )
        if str(key.get("status", "enabled")) != "enabled" or str(
            cert.get("status", "valid")
        ) not in ("valid", "enabled"):
            raise RemoteAuthError(
                "The remote credential is disabled or its certificate is not valid",
                "Khóa ký từ xa bị khóa hoặc chứng thư số không còn hiệu lực",
                credential=credential_id,
            )
        chain = [b64decode_field(c, "cert.certificates", self.name) for c in cert["certificates"]]
        multisign = data.get("multisign", 1)
        return RemoteCredential(
            credential_id=credential_id,
            certificate=chain[0],
            chain=tuple(chain[1:]),
            max_batch=int(multisign) if isinstance(multisign, int) and multisign > 0 else 1,
            schemes=_schemes(key.get("algo") or []),
        )

    def credential(self) -> RemoteCredential:
        credential_id = self.credential_id
        if credential_id is None:
            ids = self.list_credentials()
            if not ids:
                raise RemoteProtocolError(
                    "The service lists no credential", "Dịch vụ không có khóa ký nào"
                )
            credential_id = ids[0]
        return self.credential_info(credential_id)

    # -- authorisation and signing ----------------------------------------------------------

    def authorize(
        self,
        credential_id: str,
        digests: Sequence[bytes],
        digest_algorithm: str,
        waiter: Waiter,
        description: str,
    ) -> str:
        """The SAD for ``digests`` (the holder confirms on the phone, or PIN/OTP)."""
        if self.sad:
            return self.sad
        hashes = [_b64(d) for d in digests]
        body: dict[str, Any] = {
            "credentialID": credential_id,
            "numSignatures": len(digests),
            "description": description[:500],
        }
        if self.version is CscVersion.V1:
            body["hash"] = hashes
            if self.pin:
                body["PIN"] = self.pin
            if self.otp:
                body["OTP"] = self.otp
        else:
            body["hashes"] = hashes
            body["hashAlgorithmOID"] = digest_info_oid(digest_algorithm)
            auth = [{"id": k, "value": v} for k, v in (("PIN", self.pin), ("OTP", self.otp)) if v]
            if auth:
                body["authData"] = auth
        waiter.report(
            Stage.WAITING,
            "Asking the holder to confirm in the signing app",
            "Đang yêu cầu người ký xác nhận trên ứng dụng ký số",
        )
        reply = self._held_open("credentials/authorize", body, waiter)
        data = self._mapping(reply, "credentials/authorize")
        if reply.status == 202 or ("SAD" not in data and "handle" in data):
            handle = data.get("handle")
            if not isinstance(handle, str):
                raise RemoteProtocolError(
                    "credentials/authorize gave no handle", "credentials/authorize thiếu handle"
                )
            data = waiter.poll(
                lambda: self._check_authorization(credential_id, handle), transaction=handle
            )
        sad = data.get("SAD")
        if not isinstance(sad, str) or not sad:
            raise RemoteProtocolError(
                "credentials/authorize gave no SAD", "credentials/authorize không trả về SAD"
            )
        self.client.add_secret(sad)
        return sad

    def _check_authorization(self, credential_id: str, handle: str) -> Mapping[str, Any] | None:
        reply = self._post(
            "credentials/authorizeCheck", {"credentialID": credential_id, "handle": handle}
        )
        data = self._mapping(reply, "credentials/authorizeCheck")
        return None if reply.status == 202 or "SAD" not in data else data

    def sign_hash(
        self,
        credential_id: str,
        sad: str,
        digests: Sequence[bytes],
        digest_algorithm: str,
        scheme: SignatureScheme,
        waiter: Waiter,
    ) -> list[bytes]:
        hashes = [_b64(d) for d in digests]
        body: dict[str, Any] = {
            "credentialID": credential_id,
            "SAD": sad,
            "signAlgo": scheme_oid(scheme, digest_algorithm),
        }
        if scheme is SignatureScheme.RSA_PSS:
            body["signAlgoParams"] = pss_params(digest_algorithm)
        if self.version is CscVersion.V1:
            body["hash"] = hashes
            body["hashAlgo"] = digest_info_oid(digest_algorithm)
        else:
            body["hashes"] = hashes
            body["hashAlgorithmOID"] = digest_info_oid(digest_algorithm)
            if self.asynchronous:
                body["operationMode"] = "A"
        reply = self._held_open("signatures/signHash", body, waiter)
        data = self._mapping(reply, "signatures/signHash")
        if reply.status == 202 or ("signatures" not in data and "responseID" in data):
            response_id = data.get("responseID")
            if not isinstance(response_id, str):
                raise RemoteProtocolError(
                    "signatures/signHash gave no responseID", "signatures/signHash thiếu responseID"
                )
            data = waiter.poll(lambda: self._poll_signature(response_id), transaction=response_id)
        values = data.get("signatures")
        if not isinstance(values, list):
            raise RemoteProtocolError(
                "signatures/signHash gave no signatures", "signatures/signHash không trả về chữ ký"
            )
        return [b64decode_field(v, "signatures", self.name) for v in values]

    def _poll_signature(self, response_id: str) -> Mapping[str, Any] | None:
        reply = self._post("signatures/signPolling", {"responseID": response_id})
        data = self._mapping(reply, "signatures/signPolling")
        return None if reply.status == 202 or "signatures" not in data else data

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
        for digest in digests:
            check_digest(digest, digest_algorithm)
        sad = self.authorize(
            credential.credential_id, digests, digest_algorithm, waiter, description
        )
        values = self.sign_hash(
            credential.credential_id, sad, digests, digest_algorithm, scheme, waiter
        )
        return [RemoteSignature(value=v, scheme=scheme) for v in values]


def _translate(exc: RemoteHttpError) -> Exception:
    """OAuth-style CSC errors: ``access_denied`` is a refusal, ``expired`` a timeout."""
    code = str(exc.details.get("provider_code", "")).lower()
    text = exc.en.lower()
    if code == "access_denied" or "declined" in text or "rejected" in text:
        return RemoteDeclinedError(
            "The holder declined the signing request",
            "Người ký đã từ chối yêu cầu ký",
            **exc.details,
        )
    if code == "expired_token" or "expired" in text:
        return RemoteTimeoutError(
            "The signing request expired before the holder confirmed",
            "Yêu cầu ký đã hết hạn trước khi người ký xác nhận",
            **exc.details,
        )
    return exc
