"""Request routing of :class:`~vndocsign.signing._remote_testing.RemoteSigningTestServer`.

One function per provider, answering with the JSON shapes its client module documents.
"""

from __future__ import annotations

import base64
import secrets
import time
from collections.abc import Mapping
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from vndocsign.signing._remote_testing import RemoteSigningTestServer, Transaction

__all__ = ["route", "smartca_status_body"]

Answer = tuple[int, Any]
_HASHES = {
    "2.16.840.1.101.3.4.2.1": "sha256",
    "2.16.840.1.101.3.4.2.2": "sha384",
    "2.16.840.1.101.3.4.2.3": "sha512",
}
_PSS = "1.2.840.113549.1.1.10"


def _b64(data: bytes) -> str:
    return base64.b64encode(data).decode("ascii")


def route(server: RemoteSigningTestServer, path: str, body: Any, auth: str) -> Answer:
    if not isinstance(body, Mapping):
        return 400, {"error": "invalid_request", "error_description": "not an object"}
    if server.protocol == "smartca":
        return _smartca(server, path.split("/sca/sp769/", 1)[-1], body)
    if server.protocol == "mysign" and path.endswith("openid-connect/token"):
        return _token(server, body)
    version = "v1" if "/csc/v1/" in path else "v2"
    if not path.startswith(f"/csc/{version}/"):
        return 404, {"error": "invalid_request", "error_description": "no such endpoint"}
    if server.protocol == "mysign" and auth.removeprefix("Bearer ") not in server.tokens:
        return 401, {"error": "invalid_token", "error_description": "bad bearer token"}
    return _csc(server, version, path.split(f"/csc/{version}/", 1)[1], body)


# -- Viettel MySign: OpenID Connect token ---------------------------------------------------


def _token(server: RemoteSigningTestServer, form: Mapping[str, Any]) -> Answer:
    if (
        form.get("client_id") != server.CLIENT_ID
        or form.get("client_secret") != server.CLIENT_SECRET
    ):
        return 401, {
            "error": "unauthorized_client",
            "error_description": "Invalid client credentials",
        }
    return 200, {"access_token": server.new_token(), "expires_in": 300, "token_type": "Bearer"}


# -- CSC v1 / v2 ----------------------------------------------------------------------------


def _csc(
    server: RemoteSigningTestServer, version: str, method: str, body: Mapping[str, Any]
) -> Answer:
    b = server.behaviour
    if method == "credentials/list":
        return 200, {"credentialIDs": [server.CREDENTIAL_ID]}
    if method != "signatures/signPolling" and body.get("credentialID") != server.CREDENTIAL_ID:
        return 400, {"error": "invalid_request", "error_description": "Invalid credentialID"}
    if method == "credentials/info":
        key_algo = ["1.2.840.10045.4.3.2"] if _is_ec(server) else ["1.2.840.113549.1.1.11", _PSS]
        info: dict[str, Any] = {
            "key": {"status": "enabled", "algo": key_algo, "len": 2048},
            "cert": {"status": "valid", "certificates": [_b64(c) for c in server.announced_chain]},
            "multisign": b.multisign,
        }
        if version == "v1":
            info["authMode"] = "explicit"
        else:
            info["auth"] = {"mode": "explicit"}
        return 200, info
    if method == "credentials/authorize":
        return _authorize(server, version, body)
    if method == "credentials/authorizeCheck":
        tx = server.transactions.get(str(body.get("handle")))
        return (
            (400, {"error": "invalid_request", "error_description": "Invalid handle"})
            if tx is None
            else _sad_or_state(server, tx)
        )
    if method == "signatures/signHash":
        return _sign_hash(server, version, body)
    if method == "signatures/signPolling":
        tx = server.transactions.get("resp-" + str(body.get("responseID")))
        if tx is None:
            return 400, {"error": "invalid_request", "error_description": "Invalid responseID"}
        return 200, {"signatures": [_b64(s) for s in server.signatures(tx)]}
    return 404, {"error": "invalid_request", "error_description": "no such endpoint"}


def _is_ec(server: RemoteSigningTestServer) -> bool:
    from cryptography.hazmat.primitives.asymmetric import ec

    return isinstance(server.key, ec.EllipticCurvePrivateKey)


def _authorize(server: RemoteSigningTestServer, version: str, body: Mapping[str, Any]) -> Answer:
    b = server.behaviour
    if b.pin is not None:
        pin = (
            body.get("PIN")
            if version == "v1"
            else next(
                (a.get("value") for a in body.get("authData") or [] if a.get("id") == "PIN"), None
            )
        )
        if pin != b.pin:
            return 400, {"error": "invalid_request", "error_description": "Invalid PIN"}
    hashes = body.get("hash") if version == "v1" else body.get("hashes")
    num = body.get("numSignatures")
    if not isinstance(hashes, list) or num != len(hashes) or num > b.multisign:
        return 400, {"error": "invalid_request", "error_description": "Invalid numSignatures"}
    digest = _HASHES.get(str(body.get("hashAlgorithmOID")), "sha256")
    handle, tx = server.new_transaction(
        [base64.b64decode(h) for h in hashes], [str(i) for i in range(len(hashes))], digest
    )
    if version == "v2":
        return 202, {"handle": handle}
    # v1 (Viettel MySign style): the call is held open until the holder acts
    while server.state(tx) == "pending":
        time.sleep(0.02)
    return _sad_or_state(server, tx)


def _sad_or_state(server: RemoteSigningTestServer, tx: Transaction) -> Answer:
    state = server.state(tx)
    if state == "pending":
        return 202, {}
    if state == "declined":
        return 400, {"error": "access_denied", "error_description": "The user declined"}
    if state == "expired":
        return 400, {"error": "expired_token", "error_description": "Authorization expired"}
    sad = secrets.token_urlsafe(12)
    server.sads[sad] = tx
    return 200, {"SAD": sad, "expiresIn": 300}


def _sign_hash(server: RemoteSigningTestServer, version: str, body: Mapping[str, Any]) -> Answer:
    tx = server.sads.pop(str(body.get("SAD")), None)
    hashes = body.get("hash") if version == "v1" else body.get("hashes")
    if tx is None:
        return 400, {"error": "invalid_request", "error_description": "Invalid SAD"}
    if not isinstance(hashes, list) or [base64.b64decode(h) for h in hashes] != tx.hashes:
        return 400, {"error": "invalid_request", "error_description": "Hash not authorized"}
    sign_algo = str(body.get("signAlgo"))
    tx.scheme = "pss" if sign_algo == _PSS else "pkcs1"
    oid = body.get("hashAlgo") if version == "v1" else body.get("hashAlgorithmOID")
    tx.digest = _HASHES.get(str(oid), "sha256")
    if version == "v2" and body.get("operationMode") == "A":
        response_id = secrets.token_hex(6)
        server.transactions["resp-" + response_id] = tx
        return 202, {"responseID": response_id}
    return 200, {"signatures": [_b64(s) for s in server.signatures(tx)]}


# -- VNPT SmartCA sp769 ---------------------------------------------------------------------


def _smartca(server: RemoteSigningTestServer, method: str, body: Mapping[str, Any]) -> Answer:
    if method.endswith("/status"):
        tran = method.split("/")[-2]
        found = [(k, t) for k, t in server.transactions.items() if k == tran]
        if not found:
            return 404, {"status_code": 404, "message": "TRANSACTION_NOT_FOUND", "data": None}
        return 200, smartca_status_body(server, *found[0])
    if body.get("sp_id") != server.SP_ID or body.get("sp_password") != server.SP_PASSWORD:
        return 401, {"status_code": 401, "message": "SP_CREDENTIAL_INVALID", "data": None}
    if body.get("user_id") != server.USER_ID:
        return 403, {"status_code": 403, "message": "CREDENTIAL_STATUS_INVALID", "data": None}
    if method == "v1/credentials/get_certificate":
        chain = server.chain
        return 200, {
            "status_code": 200,
            "message": "SUCCESS",
            "data": {
                "user_certificates": [
                    {
                        "service_type": "SMARTCA",
                        "service_name": "SmartCA cá nhân",
                        "cert_id": "c-1",
                        "cert_status": "Đang hoạt động",
                        "serial_number": "54010101",
                        "cert_subject": "CN=test",
                        "cert_data": _b64(server.announced_chain[0]),
                        "chain_data": {
                            "ca_cert": _b64(chain[0]) if chain else None,
                            "root_cert": _b64(chain[1]) if len(chain) > 1 else None,
                        },
                        "transaction_id": body.get("transaction_id"),
                    }
                ]
            },
        }
    if method == "v1/signatures/sign":
        files = body.get("sign_files")
        if (
            not isinstance(files, list)
            or not files
            or any(f.get("sign_type") != "hash" for f in files)
        ):
            return 400, {"status_code": 400, "message": "INVALID_SIGN_FILES", "data": None}
        tran, _tx = server.new_transaction(
            [bytes.fromhex(f["data_to_be_signed"]) for f in files],
            [str(f["doc_id"]) for f in files],
        )
        return 200, {
            "status_code": 200,
            "message": "SUCCESS",
            "data": {"transaction_id": body.get("transaction_id"), "tran_code": tran},
        }
    return 404, {"status_code": 404, "message": "NOT_FOUND", "data": None}


def smartca_status_body(
    server: RemoteSigningTestServer,
    tran: str,
    tx: Transaction,
) -> dict[str, Any]:
    state = server.state(tx)
    if state == "declined":
        return {"status_code": 4001, "message": "Transaction REJECTED by the user", "data": None}
    if state == "expired":
        return {"status_code": 4002, "message": "Transaction EXPIRED", "data": None}
    signatures = None
    if state == "signed":
        signatures = [
            {"doc_id": d, "signature_value": _b64(s), "timestamp_signature": None}
            for d, s in zip(tx.doc_ids, server.signatures(tx), strict=True)
        ]
    return {
        "status_code": 200,
        "message": "SUCCESS" if signatures else "WAITING_FOR_CONFIRM",
        "data": {"transaction_id": tran, "tran_code": tran, "signatures": signatures},
    }
