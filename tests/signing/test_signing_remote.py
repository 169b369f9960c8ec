"""Remote "sign the hash" signing, end to end against a local HTTP signing service.

The service (started by the test on 127.0.0.1) behaves like VNPT SmartCA / Viettel MySign in
miniature: ``GET /certificate`` returns the holder's certificate chain, ``POST /sign`` takes a
base64 digest and returns a transaction id, ``GET /sign/<id>`` returns the raw PKCS#1 v1.5
signature once the holder has "approved" (on the second poll). The document is prepared in
this process and finished in **another process** from the serialised pending state.
"""

from __future__ import annotations

import base64
import json
import subprocess
import sys
import textwrap
import threading
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any

import httpx
import pytest

from tests.pki import vnpki
from tests.signing.helpers import assert_all_good, make_pdf, text_of
from vndocsign.signing import (
    Appearance,
    CertificateRejectedError,
    PendingSignature,
    RemoteSigningError,
    finish_remote,
    prepare_remote,
)

ROOT = Path(__file__).resolve().parents[2]


class _Service:
    def __init__(self, pki: Any, label: str) -> None:
        from cryptography.hazmat.primitives import serialization

        self.key = serialization.load_der_private_key(pki.key(label).dump(), None)
        self.chain = [pki.cert(label), *pki.chain(label)]
        self.jobs: dict[str, dict[str, Any]] = {}
        service = self

        class Handler(BaseHTTPRequestHandler):
            def log_message(self, *args: Any) -> None:
                pass

            def _send(self, code: int, body: dict[str, Any]) -> None:
                data = json.dumps(body).encode()
                self.send_response(code)
                self.send_header("Content-Type", "application/json")
                self.send_header("Content-Length", str(len(data)))
                self.end_headers()
                self.wfile.write(data)

            def do_GET(self) -> None:
                if self.path == "/certificate":
                    self._send(
                        200, {"chain": [base64.b64encode(c.dump()).decode() for c in service.chain]}
                    )
                    return
                job = service.jobs.get(self.path.rsplit("/", 1)[-1])
                if job is None:
                    self._send(404, {"error": "no such transaction"})
                    return
                job["polls"] += 1
                if job["polls"] < 2:
                    self._send(202, {"status": "waiting_for_approval"})
                    return
                self._send(200, {"status": "signed", "signature": job["signature"]})

            def do_POST(self) -> None:
                from cryptography.hazmat.primitives import hashes
                from cryptography.hazmat.primitives.asymmetric import padding, utils

                body = json.loads(self.rfile.read(int(self.headers["Content-Length"])))
                digest = base64.b64decode(body["hash"])
                if body.get("hash_algorithm") != "sha256" or len(digest) != 32:
                    self._send(400, {"error": "bad hash"})
                    return
                sig = service.key.sign(digest, padding.PKCS1v15(), utils.Prehashed(hashes.SHA256()))
                tx = f"tx{len(service.jobs) + 1}"
                service.jobs[tx] = {"signature": base64.b64encode(sig).decode(), "polls": 0}
                self._send(200, {"transaction_id": tx})

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.url = f"http://127.0.0.1:{self.server.server_port}"
        threading.Thread(target=self.server.serve_forever, daemon=True).start()


@pytest.fixture(scope="module")
def service(vn_pki) -> Iterator[_Service]:
    svc = _Service(vn_pki, vnpki.AGENCY_MNS)
    yield svc
    svc.server.shutdown()
    svc.server.server_close()


def _chain(service: _Service) -> list[bytes]:
    data = httpx.get(f"{service.url}/certificate").json()
    return [base64.b64decode(c) for c in data["chain"]]


FINISH_SCRIPT = textwrap.dedent("""
    import base64, sys, time, httpx
    from pathlib import Path
    from vndocsign.signing import PendingSignature, finish_remote

    state, url, out = Path(sys.argv[1]), sys.argv[2], Path(sys.argv[3])
    pending = PendingSignature.from_json(state.read_text())
    tx = httpx.post(url + "/sign", json={
        "hash": base64.b64encode(pending.digest_to_sign).decode(),
        "hash_algorithm": pending.digest_algorithm}).json()["transaction_id"]
    for _ in range(20):
        answer = httpx.get(url + "/sign/" + tx)
        if answer.status_code == 200:
            break
        time.sleep(0.05)
    signature = base64.b64decode(answer.json()["signature"])
    out.write_bytes(finish_remote(pending, signature=signature))
""")


@pytest.mark.parametrize("level", ["B-T", "B-LTA"])
def test_remote_signing_across_processes(vn_pki, service: _Service, level: str, tmp_path: Path):
    leaf, *chain = _chain(service)
    pending = prepare_remote(
        make_pdf(),
        leaf,
        chain,
        role="attachment",
        appearance=Appearance(number="15/QĐ-SYT"),
        level=level,
        tsa_url=vn_pki.tsa_url,
    )
    state = tmp_path / "pending.json"
    state.write_text(pending.to_json())
    out = tmp_path / "signed.pdf"
    proc = subprocess.run(
        [sys.executable, "-c", FINISH_SCRIPT, str(state), service.url, str(out)],
        capture_output=True,
        text=True,
        timeout=120,
        cwd=ROOT,
        check=False,
    )
    assert proc.returncode == 0, proc.stderr[-3000:]
    signed = out.read_bytes()
    (st,) = assert_all_good(signed, vn_pki)
    assert st.signing_cert.subject.native["common_name"] == "Sở Y tế tỉnh Thử Nghiệm"
    assert st.timestamp_validity is not None and st.timestamp_validity.valid
    assert "Số: 15/QĐ-SYT;" in text_of(signed)
    if level == "B-LTA":
        import io

        from pyhanko.pdf_utils.reader import PdfFileReader

        reader = PdfFileReader(io.BytesIO(signed))
        assert "/DSS" in reader.root
        assert len(reader.embedded_signatures) == 2  # + the document timestamp


def test_remote_wrong_signature_rejected(vn_pki, service: _Service):
    leaf, *chain = _chain(service)
    pending = prepare_remote(
        make_pdf(), leaf, chain, role="agency", appearance=Appearance(invisible=True)
    )
    other = prepare_remote(
        make_pdf("khác"), leaf, chain, role="agency", appearance=Appearance(invisible=True)
    )
    tx = httpx.post(
        f"{service.url}/sign",
        json={"hash": base64.b64encode(other.digest_to_sign).decode(), "hash_algorithm": "sha256"},
    ).json()["transaction_id"]
    httpx.get(f"{service.url}/sign/{tx}")
    sig = base64.b64decode(httpx.get(f"{service.url}/sign/{tx}").json()["signature"])
    with pytest.raises(RemoteSigningError, match="does not verify"):
        finish_remote(pending, signature=sig)  # a signature over another document
    assert finish_remote(other, signature=sig).startswith(b"%PDF")


def test_remote_cms_input(vn_pki, keys):
    """A service that returns a whole CMS: it is checked against the prepared document."""
    import asyncio

    from asn1crypto import cms

    key = keys[vnpki.AGENCY_MST]
    pending = prepare_remote(
        make_pdf(), key.certificate, key.chain, role="agency", appearance=Appearance(invisible=True)
    )
    attrs = cms.CMSAttributes.load(pending.signed_attributes)
    content = asyncio.run(key.signer.async_sign_prescribed_attributes("sha256", attrs))
    signed = finish_remote(pending, cms_bytes=content.dump())
    assert_all_good(signed, vn_pki)
    other = prepare_remote(
        make_pdf("khác"),
        key.certificate,
        key.chain,
        role="agency",
        appearance=Appearance(invisible=True),
    )
    with pytest.raises(RemoteSigningError, match="another document"):
        finish_remote(other, cms_bytes=content.dump())


def test_remote_prepare_runs_presign_checks(vn_pki):
    with pytest.raises(CertificateRejectedError):
        prepare_remote(
            make_pdf(),
            vn_pki.cert(vnpki.EXPIRED),
            vn_pki.chain(vnpki.EXPIRED),
            role="personal",
            appearance=Appearance(invisible=True),
        )
    with pytest.raises(RemoteSigningError):
        PendingSignature.from_json('{"format": "something else"}')
