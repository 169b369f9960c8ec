"""VNPT SmartCA remote signing (gateway "sp769"), as integrators call it.

Endpoints (base ``https://gwsca.vnpt.vn/sca/sp769``, UAT ``https://rmgateway.vnptit.vn/sca/sp769``),
all ``POST`` JSON, authenticated by the integrator's ``sp_id`` / ``sp_password`` in the body.
Shapes as in public integration code — ``huy1692003/BE-PCHY_2024``
``API_PCHY/Models/SMART_CA/SmartCA769.cs`` (request/response classes ``ReqGetCert``,
``ResGetCert``, ``ReqSign``, ``ResSign``, ``ResStatus``) — and the summary of the official
"VNPT_SmartCA v4.1" document in ``shared/reference/signing-and-verification.md``:

* ``/v1/credentials/get_certificate`` ``{sp_id, sp_password, user_id, serial_number,
  transaction_id}`` → ``{status_code, message, data: {user_certificates: [{serial_number,
  cert_status, cert_data, chain_data: {ca_cert, root_cert}, ...}]}}`` (base64 DER);
* ``/v1/signatures/sign`` ``{sp_id, sp_password, user_id, serial_number, transaction_id,
  transaction_desc, sign_files: [{data_to_be_signed, doc_id, file_type: "pdf",
  sign_type: "hash"}]}`` → ``{status_code, message, data: {transaction_id, tran_code}}``;
  ``data_to_be_signed`` is the hash in lower-case hex ("SmartCA chỉ ký HASH"). Several
  ``sign_files`` in one request are confirmed once by the holder: that is the batch.
* ``/v1/signatures/sign/{tran_code}/status`` ``{}`` → ``{status_code, message, data:
  {transaction_id, signatures: [{doc_id, signature_value, timestamp_signature}] | null}}``;
  ``signatures`` stays ``null`` until the holder confirms in the SmartCA app. The reference
  summary polls by ``tran_code``; some integrations poll by ``transaction_id`` (used when the
  gateway returns no ``tran_code``).
* or a webhook: the gateway POSTs the same ``data`` to the integrator; pass a
  :class:`SmartCaWebhookInbox` and feed it from the integrator's web handler.

Errors: HTTP 400/401 ``SP_CREDENTIAL_INVALID``, 403 ``CREDENTIAL_STATUS_INVALID``; a refused
or expired transaction comes back as a non-200 ``status_code`` whose ``message`` says so.
"""

from __future__ import annotations

import json
import threading
import uuid
from collections.abc import Mapping, Sequence
from typing import Any

import attrs
import httpx

from vndocsign.signing._remote_http import (
    HttpSettings,
    JsonClient,
    RemoteDeclinedError,
    RemoteHttpError,
    RemoteProtocolError,
    RemoteTimeoutError,
    b64decode_field,
    redact,
)
from vndocsign.signing._remote_types import (
    RemoteCredential,
    RemoteSignature,
    SignatureScheme,
    Stage,
    Waiter,
    check_digest,
)

__all__ = ["SmartCaService", "SmartCaWebhookInbox"]

_DECLINED = ("reject", "declin", "từ chối", "tu choi", "cancel")
_EXPIRED = ("expire", "hết hạn", "het han", "timeout")


class SmartCaWebhookInbox:
    """Where an integrator's web handler drops SmartCA's callbacks (thread-safe)."""

    def __init__(self) -> None:
        self._lock = threading.Condition()
        self._payloads: dict[str, Mapping[str, Any]] = {}

    def receive(self, body: bytes | str | Mapping[str, Any]) -> None:
        """Store one callback body (the ``data`` object, or the whole ``{status_code, data}``)."""
        payload = json.loads(body) if isinstance(body, bytes | str) else body
        if not isinstance(payload, Mapping):
            raise RemoteProtocolError(
                "SmartCA callback is not a JSON object",
                "Dữ liệu callback SmartCA không phải đối tượng JSON",
            )
        data = payload.get("data", payload)
        if not isinstance(data, Mapping):
            raise RemoteProtocolError(
                "SmartCA callback has no data", "Dữ liệu callback SmartCA thiếu data"
            )
        keys = {str(data.get(k)) for k in ("transaction_id", "tran_code") if data.get(k)}
        with self._lock:
            for key in keys:
                self._payloads[key] = payload
            self._lock.notify_all()

    def take(self, *keys: str) -> Mapping[str, Any] | None:
        with self._lock:
            for key in keys:
                if key in self._payloads:
                    return self._payloads.pop(key)
        return None


@attrs.define
class SmartCaService:
    """VNPT SmartCA (sp769) client; implements ``RemoteSigningService``.

    ``sp_id`` / ``sp_password`` are the integrator's credentials (``client_id`` /
    ``client_secret`` in VNPT's document); ``user_id`` is the holder's CCCD/MST;
    ``serial_number`` picks one of the holder's certificates (the first valid otherwise).
    """

    base_url: str
    sp_id: str
    user_id: str
    sp_password: str = attrs.field(repr=False)
    serial_number: str | None = None
    webhook: SmartCaWebhookInbox | None = None
    #: hashes per transaction (one confirmation); no limit is documented publicly
    max_batch: int = 50
    settings: HttpSettings = attrs.field(factory=HttpSettings)
    transport: httpx.BaseTransport | None = None
    name: str = "smartca"
    _client: JsonClient | None = attrs.field(default=None, init=False, repr=False)

    @property
    def client(self) -> JsonClient:
        if self._client is None:
            self._client = JsonClient(
                self.base_url,
                settings=self.settings,
                transport=self.transport,
                secrets=[self.sp_password],
                service=self.name,
            )
        return self._client

    def close(self) -> None:
        if self._client is not None:
            self._client.close()
            self._client = None

    def _auth(self) -> dict[str, Any]:
        return {"sp_id": self.sp_id, "sp_password": self.sp_password, "user_id": self.user_id}

    def _call(
        self,
        path: str,
        body: Mapping[str, Any],
        *,
        idempotent: bool = True,
    ) -> Mapping[str, Any]:
        try:
            reply = self.client.post(path, body, idempotent=idempotent)
        except RemoteHttpError as exc:
            raise self._translate(exc.en, exc.vi, exc.details) from None
        data = reply.data
        if not isinstance(data, Mapping):
            raise RemoteProtocolError(
                f"SmartCA answer to {path} is not a JSON object",
                f"Phản hồi {path} của SmartCA không phải đối tượng JSON",
            )
        status = data.get("status_code", 200)
        if status not in (0, 200, "200"):
            message = redact(str(data.get("message", "")), self.client.secrets)
            raise self._translate(
                f"SmartCA refused {path}: {status} {message}",
                f"SmartCA từ chối {path}: {status} {message}",
                {"path": path, "provider_code": str(status)},
            )
        return data

    @staticmethod
    def _translate(en: str, vi: str, details: Mapping[str, Any]) -> Exception:
        text = en.lower()
        if any(w in text for w in _DECLINED):
            return RemoteDeclinedError(
                "The holder declined the signing request in SmartCA",
                "Người ký đã từ chối yêu cầu ký trên SmartCA",
                **details,
            )
        if any(w in text for w in _EXPIRED):
            return RemoteTimeoutError(
                "The SmartCA transaction expired before confirmation",
                "Giao dịch SmartCA đã hết hạn trước khi xác nhận",
                **details,
            )
        if "status" in details:
            from vndocsign.signing._remote_http import RemoteAuthError

            cls = RemoteAuthError if details.get("status") in (401, 403) else RemoteHttpError
            return cls(en, vi, **details)
        return RemoteHttpError(en, vi, **details)

    def credential(self) -> RemoteCredential:
        body = {
            **self._auth(),
            "serial_number": self.serial_number or "",
            "transaction_id": uuid.uuid4().hex,
        }
        data = self._call("v1/credentials/get_certificate", body).get("data")
        certs = data.get("user_certificates") if isinstance(data, Mapping) else None
        if not isinstance(certs, list) or not all(isinstance(c, Mapping) for c in certs):
            raise RemoteProtocolError(
                "SmartCA get_certificate has no user_certificates",
                "get_certificate của SmartCA thiếu user_certificates",
            )
        chosen = [c for c in certs if self.serial_number in (None, c.get("serial_number"))]
        if not chosen:
            raise RemoteProtocolError(
                "SmartCA has no certificate with this serial number",
                "SmartCA không có chứng thư số với số hiệu này",
                serial_number=self.serial_number,
            )
        item = chosen[0]
        leaf = b64decode_field(item.get("cert_data"), "cert_data", self.name)
        chain_data = item.get("chain_data")
        chain: list[bytes] = []
        if isinstance(chain_data, Mapping):
            chain = [
                b64decode_field(chain_data[k], k, self.name)
                for k in ("ca_cert", "root_cert")
                if chain_data.get(k)
            ]
        return RemoteCredential(
            credential_id=str(item.get("serial_number") or item.get("cert_id") or ""),
            certificate=leaf,
            chain=tuple(chain),
            max_batch=self.max_batch,
            schemes=(SignatureScheme.RSA_PKCS1V15,),
        )

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
        if scheme is not SignatureScheme.RSA_PKCS1V15:
            raise RemoteProtocolError(
                "SmartCA signs RSASSA-PKCS#1 v1.5 only",
                "SmartCA chỉ ký RSASSA-PKCS#1 v1.5",
                scheme=scheme.value,
            )
        for digest in digests:
            check_digest(digest, digest_algorithm)
        doc_ids = [f"doc-{i + 1}" for i in range(len(digests))]
        body = {
            **self._auth(),
            "serial_number": credential.credential_id,
            "transaction_id": uuid.uuid4().hex,
            "transaction_desc": description[:200],
            "sign_files": [
                {"data_to_be_signed": d.hex(), "doc_id": i, "file_type": "pdf", "sign_type": "hash"}
                for d, i in zip(digests, doc_ids, strict=True)
            ],
        }
        data = self._call("v1/signatures/sign", body, idempotent=False).get("data")
        if not isinstance(data, Mapping) or not (
            data.get("tran_code") or data.get("transaction_id")
        ):
            raise RemoteProtocolError(
                "SmartCA sign gave no transaction", "Lệnh ký SmartCA không trả về mã giao dịch"
            )
        transaction = str(data.get("tran_code") or data.get("transaction_id"))
        keys = [str(v) for v in (data.get("tran_code"), data.get("transaction_id")) if v]
        waiter.report(
            Stage.WAITING,
            "Confirm the request in the VNPT SmartCA app",
            "Hãy xác nhận yêu cầu ký trên ứng dụng VNPT SmartCA",
            transaction,
        )
        signed = waiter.poll(lambda: self._status(transaction, keys), transaction=transaction)
        by_doc: dict[str, bytes] = {}
        for item in signed:
            if isinstance(item, Mapping) and isinstance(item.get("doc_id"), str):
                by_doc[item["doc_id"]] = b64decode_field(
                    item.get("signature_value"), "signature_value", self.name
                )
        if set(by_doc) != set(doc_ids):
            raise RemoteProtocolError(
                "SmartCA returned signatures for other documents",
                "SmartCA trả về chữ ký cho văn bản khác",
                transaction=transaction,
            )
        return [RemoteSignature(value=by_doc[i], scheme=scheme) for i in doc_ids]

    def _status(self, transaction: str, keys: Sequence[str]) -> list[Any] | None:
        payload: Mapping[str, Any] | None = None
        if self.webhook is not None:
            payload = self.webhook.take(*keys)
            if payload is None:
                return None
            status = payload.get("status_code", 200)
            if status not in (0, 200, "200"):
                raise self._translate(
                    f"SmartCA callback: {status} {payload.get('message')}",
                    f"Callback SmartCA: {status} {payload.get('message')}",
                    {"transaction": transaction},
                )
        else:
            payload = self._call(f"v1/signatures/sign/{transaction}/status", {})
        data = payload.get("data", payload)
        signatures = data.get("signatures") if isinstance(data, Mapping) else None
        if signatures is None:
            return None
        if not isinstance(signatures, list):
            raise RemoteProtocolError(
                "SmartCA status has malformed signatures",
                "Trạng thái SmartCA có danh sách chữ ký sai",
            )
        return signatures
