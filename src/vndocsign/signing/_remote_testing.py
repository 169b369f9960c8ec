"""Local stand-ins for remote signing services (CSC v1/v2, VNPT SmartCA, Viettel MySign).

A :class:`RemoteSigningTestServer` is a real HTTP server on ``127.0.0.1`` (random port) that
speaks one provider's documented JSON (see the module docstrings of ``_csc``, ``_smartca`` and
``_mysign``) and signs with a real private key. A simulated holder confirms each transaction
``confirm_delay`` seconds after it was created — or declines it (``decline=True``), or lets it
expire (``expire_after``). Faults for tests: a wrong key, another certificate announced,
non-JSON or oversized answers, transient HTTP errors.

For tests and runnable documentation only; never for production.
"""

from __future__ import annotations

import base64
import contextlib
import json
import secrets
import threading
import time
from collections.abc import Callable, Mapping
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any
from urllib.parse import parse_qs

import attrs

__all__ = ["Behaviour", "RemoteSigningTestServer", "Transaction"]


@attrs.define
class Behaviour:
    """What the simulated service and holder do (change it between tests)."""

    confirm_delay: float = 0.0
    decline: bool = False
    expire_after: float | None = None
    wrong_key: Any = None
    announce: bytes | None = None
    garbage: bool = False
    oversized: int = 0
    transient_errors: int = 0
    multisign: int = 100
    pin: str | None = None


@attrs.define
class Transaction:
    created: float
    hashes: list[bytes]
    doc_ids: list[str]
    digest: str = "sha256"
    scheme: str = "pkcs1"
    confirmed: bool = False


class RemoteSigningTestServer:
    """A local remote signing service (``protocol``: ``csc-v1``, ``csc-v2``, ``smartca``,
    ``mysign``) holding ``key`` (asn1crypto ``PrivateKeyInfo`` or a ``cryptography`` key)
    and announcing ``certificate`` and ``chain`` (asn1crypto certificates or DER)."""

    CLIENT_ID = "vndocsign-test"
    CLIENT_SECRET = "test-client-secret"  # noqa: S105 - a throw-away test credential
    SP_ID = "vndocsign-sp"
    SP_PASSWORD = "test-sp-password"  # noqa: S105
    USER_ID = "001099000001"
    CREDENTIAL_ID = "cred-1"

    def __init__(
        self,
        protocol: str,
        key: Any,
        certificate: Any,
        chain: Any = (),
        behaviour: Behaviour | None = None,
        webhook: Callable[[Mapping[str, Any]], None] | None = None,
    ) -> None:
        from cryptography.hazmat.primitives import serialization

        self.protocol = protocol
        self.key: Any = (
            key
            if not hasattr(key, "dump")
            else (serialization.load_der_private_key(key.dump(), None))
        )
        self.certificate = certificate if isinstance(certificate, bytes) else certificate.dump()
        self.chain = [c if isinstance(c, bytes) else c.dump() for c in chain]
        self.behaviour = behaviour or Behaviour()
        self.webhook = webhook
        self.transactions: dict[str, Transaction] = {}
        self.sads: dict[str, Transaction] = {}
        self.requests: list[tuple[str, Any]] = []
        self.tokens: set[str] = set()
        self._lock = threading.Lock()
        self._http = ThreadingHTTPServer(("127.0.0.1", 0), _handler(self))
        self._http.daemon_threads = True
        self._thread = threading.Thread(target=self._http.serve_forever, daemon=True)
        self._thread.start()

    @property
    def url(self) -> str:
        """The base URL a client is given (CSC: ``.../csc/v1``; SmartCA: ``.../sca/sp769``)."""
        root = f"http://127.0.0.1:{self._http.server_port}"
        return {
            "csc-v1": f"{root}/csc/v1",
            "csc-v2": f"{root}/csc/v2",
            "smartca": f"{root}/sca/sp769",
        }.get(self.protocol, root)

    @property
    def confirmations(self) -> int:
        """How many times the simulated holder was asked to confirm."""
        return len([k for k in self.transactions if not k.startswith("resp-")])

    def new_token(self) -> str:
        token = secrets.token_urlsafe(16)
        self.tokens.add(token)
        return token

    def close(self) -> None:
        self._http.shutdown()
        self._http.server_close()

    def __enter__(self) -> RemoteSigningTestServer:
        return self

    def __exit__(self, *exc: Any) -> None:
        self.close()

    # -- the simulated holder ---------------------------------------------------------------

    def state(self, tx: Transaction) -> str:
        """``pending``, ``signed``, ``declined`` or ``expired`` (by the clock)."""
        b = self.behaviour
        age = time.monotonic() - tx.created
        if (
            b.expire_after is not None
            and age >= b.expire_after
            and (b.confirm_delay > b.expire_after)
        ):
            return "expired"
        if age < b.confirm_delay:
            return "pending"
        return "declined" if b.decline else "signed"

    def sign(self, digest: bytes, digest_name: str, scheme: str) -> bytes:
        from cryptography.hazmat.primitives import hashes
        from cryptography.hazmat.primitives.asymmetric import ec, padding, utils

        key: Any = self.behaviour.wrong_key or self.key
        algorithm = getattr(hashes, digest_name.upper())()
        pre = utils.Prehashed(algorithm)
        if isinstance(key, ec.EllipticCurvePrivateKey):
            return bytes(key.sign(digest, ec.ECDSA(pre)))
        if scheme == "pss":
            pss = padding.PSS(mgf=padding.MGF1(algorithm), salt_length=algorithm.digest_size)
            return bytes(key.sign(digest, pss, pre))
        return bytes(key.sign(digest, padding.PKCS1v15(), pre))

    def signatures(self, tx: Transaction) -> list[bytes]:
        return [self.sign(h, tx.digest, tx.scheme) for h in tx.hashes]

    def new_transaction(
        self, hashes: list[bytes], doc_ids: list[str], digest: str = "sha256", scheme: str = "pkcs1"
    ) -> tuple[str, Transaction]:
        tx = Transaction(
            created=time.monotonic(), hashes=hashes, doc_ids=doc_ids, digest=digest, scheme=scheme
        )
        tx_id = secrets.token_hex(8)
        with self._lock:
            self.transactions[tx_id] = tx
        if self.webhook is not None:
            threading.Thread(target=self._call_back, args=(tx_id, tx), daemon=True).start()
        return tx_id, tx

    def _call_back(self, tx_id: str, tx: Transaction) -> None:
        from vndocsign.signing._remote_testing_routes import smartca_status_body

        while self.state(tx) == "pending":
            time.sleep(0.02)
        assert self.webhook is not None
        self.webhook(smartca_status_body(self, tx_id, tx))

    @property
    def announced_chain(self) -> list[bytes]:
        return [self.behaviour.announce or self.certificate, *self.chain]


def _handler(server: RemoteSigningTestServer) -> type[BaseHTTPRequestHandler]:
    from vndocsign.signing._remote_testing_routes import route

    class Handler(BaseHTTPRequestHandler):
        def log_message(self, *args: Any) -> None:
            pass

        def do_POST(self) -> None:
            length = int(self.headers.get("Content-Length") or 0)
            raw = self.rfile.read(length)
            if "x-www-form-urlencoded" in (self.headers.get("Content-Type") or ""):
                body: Any = {k: v[0] for k, v in parse_qs(raw.decode()).items()}
            else:
                try:
                    body = json.loads(raw or b"{}")
                except ValueError:
                    self._send(400, {"error": "invalid_request"})
                    return
            server.requests.append((self.path, body))
            b = server.behaviour
            if b.transient_errors > 0:
                b.transient_errors -= 1
                self._send(503, {"error": "temporarily_unavailable"})
                return
            if b.garbage:
                self._raw(200, b"<html>gateway error</html>")
                return
            if b.oversized:
                self._raw(200, b'{"pad": "' + b"x" * b.oversized + b'"}')
                return
            auth = self.headers.get("Authorization", "")
            status, answer = route(server, self.path, body, auth)
            self._send(status, answer)

        def _send(self, status: int, body: Any) -> None:
            self._raw(status, json.dumps(body).encode())

        def _raw(self, status: int, data: bytes) -> None:
            self.send_response(status)
            self.send_header("Content-Type", "application/json")
            self.send_header("Content-Length", str(len(data)))
            self.end_headers()
            with contextlib.suppress(BrokenPipeError, ConnectionResetError):
                self.wfile.write(data)

    return Handler


def b64(data: bytes) -> str:
    return base64.b64encode(data).decode("ascii")
