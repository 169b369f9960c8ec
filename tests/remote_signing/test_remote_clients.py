"""A document signed through each remote client validates with pyHanko, pdfsig and vndocsign.

Every provider runs as a real HTTP server on 127.0.0.1 (``RemoteSigningTestServer``) holding a
real key of the shared test PKI; the simulated holder confirms after a delay.
"""

from __future__ import annotations

import threading
from typing import Any

import pytest

from tests.remote_signing.conftest import AGENCY, EC_LABEL
from tests.remote_signing.helpers import INVISIBLE, check_signed, client_for, make_pdf
from vndocsign.signing._remote_flow import sign_remote, sign_remote_batch
from vndocsign.signing._remote_testing import Behaviour
from vndocsign.signing._remote_types import RemoteProgress, Stage
from vndocsign.signing._smartca import SmartCaWebhookInbox

PROTOCOLS = ["csc-v1", "csc-v2", "smartca", "mysign"]


@pytest.mark.parametrize("protocol", PROTOCOLS)
def test_each_client_signs_a_valid_document(vn_pki, nss_db, server_factory, protocol):
    server = server_factory(protocol, behaviour=Behaviour(confirm_delay=0.3))
    seen: list[RemoteProgress] = []
    pdf = make_pdf()
    original = bytes(pdf)
    signed = sign_remote(
        pdf,
        client_for(server),
        role="personal",
        appearance=INVISIBLE,
        poll_interval=0.05,
        timeout=20,
        progress=seen.append,
    )
    assert pdf == original  # the input is untouched
    (st,) = check_signed(signed, vn_pki, nss_db)
    assert st.signing_cert.dump() == vn_pki.cert("nguyen-van-an").dump()
    assert server.confirmations == 1
    stages = [p.stage for p in seen]
    assert stages[0] is Stage.CERTIFICATE and stages[-1] is Stage.DONE
    assert Stage.WAITING in stages
    assert all(p.vi and p.en for p in seen)


@pytest.mark.parametrize("protocol", ["csc-v2", "smartca"])
def test_timestamped_and_long_term_levels(vn_pki, nss_db, server_factory, protocol):
    server = server_factory(protocol, AGENCY, behaviour=Behaviour(confirm_delay=0.1))
    signed = sign_remote(
        make_pdf(),
        client_for(server),
        role="agency",
        appearance=INVISIBLE,
        level="B-LT",
        tsa_url=vn_pki.tsa_url,
        poll_interval=0.05,
        trust_roots=[vn_pki.root],
    )
    (st,) = check_signed(signed, vn_pki, nss_db)
    assert st.timestamp_validity is not None and st.timestamp_validity.valid
    assert b"/DSS" in signed


def test_rsassa_pss_signature_is_embedded_as_cms(vn_pki, nss_db, server_factory):
    """finish_remote verifies raw PKCS#1 v1.5 only: PSS is wrapped into a CMS by _remote_cms."""
    server = server_factory("csc-v2")
    signed = sign_remote(
        make_pdf(),
        client_for(server),
        role="personal",
        appearance=INVISIBLE,
        scheme="rsa-pss",
        level="B-T",
        tsa_url=vn_pki.tsa_url,
        poll_interval=0.05,
    )
    sign_hash = next(b for p, b in server.requests if p.endswith("signatures/signHash"))
    assert sign_hash["signAlgo"] == "1.2.840.113549.1.1.10" and sign_hash["signAlgoParams"]
    (st,) = check_signed(signed, vn_pki, nss_db)
    assert st.timestamp_validity is not None and st.timestamp_validity.valid
    import io

    from asn1crypto import cms
    from pyhanko.pdf_utils.reader import PdfFileReader

    sig = PdfFileReader(io.BytesIO(signed)).embedded_signatures[0]
    info = sig.signed_data["signer_infos"][0]
    assert info["signature_algorithm"]["algorithm"].native == "rsassa_pss"
    assert isinstance(sig.signed_data, cms.SignedData)


def test_ecdsa_key_over_csc(vn_pki, nss_db, server_factory):
    server = server_factory("csc-v1", EC_LABEL)
    signed = sign_remote(make_pdf(), client_for(server), role="personal", appearance=INVISIBLE)
    check_signed(signed, vn_pki, nss_db)


@pytest.mark.parametrize("protocol", ["csc-v2", "smartca", "mysign"])
def test_batch_of_twenty_with_one_confirmation(vn_pki, server_factory, protocol):
    server = server_factory(protocol, behaviour=Behaviour(confirm_delay=0.2))
    pdfs = [make_pdf(f"Van ban so {i}") for i in range(20)]
    signed = sign_remote_batch(
        pdfs, client_for(server), role="personal", appearance=INVISIBLE, poll_interval=0.05
    )
    assert len(signed) == 20
    assert server.confirmations == 1
    for pdf, out in zip(pdfs, signed, strict=True):
        assert out.startswith(pdf)  # an incremental update of its own input, in order
    check_signed(signed[0], vn_pki, None)
    check_signed(signed[-1], vn_pki, None)
    assert len(set(signed)) == 20


def test_batch_split_where_the_provider_allows_fewer(vn_pki, server_factory):
    server = server_factory("csc-v2", behaviour=Behaviour(multisign=8))
    signed = sign_remote_batch(
        [make_pdf(str(i)) for i in range(20)],
        client_for(server),
        role="personal",
        appearance=INVISIBLE,
        poll_interval=0.02,
    )
    assert len(signed) == 20 and server.confirmations == 3  # 8 + 8 + 4


def test_smartca_webhook(vn_pki, server_factory):
    inbox = SmartCaWebhookInbox()
    server = server_factory(
        "smartca", behaviour=Behaviour(confirm_delay=0.2), webhook=inbox.receive
    )
    signed = sign_remote(
        make_pdf(),
        client_for(server, webhook=inbox),
        role="personal",
        appearance=INVISIBLE,
        poll_interval=0.02,
    )
    check_signed(signed, vn_pki, None)
    assert not [p for p, _ in server.requests if p.endswith("/status")]  # no polling


def test_cancel_while_waiting(server_factory):
    from vndocsign.signing._remote_http import RemoteCancelledError

    server = server_factory("smartca", behaviour=Behaviour(confirm_delay=30))
    cancel = threading.Event()

    def progress(p: RemoteProgress) -> None:
        if p.stage is Stage.WAITING:
            threading.Timer(0.2, cancel.set).start()

    with pytest.raises(RemoteCancelledError) as err:
        sign_remote(
            make_pdf(),
            client_for(server),
            role="personal",
            appearance=INVISIBLE,
            poll_interval=0.05,
            cancel=cancel,
            progress=progress,
        )
    assert err.value.code == "signing.remote_cancelled"


def test_clients_keep_secrets_out_of_repr():
    from vndocsign.signing._csc import CscService
    from vndocsign.signing._mysign import MySignService
    from vndocsign.signing._smartca import SmartCaService

    objs: list[Any] = [
        CscService("http://x", access_token="tok-SECRET", pin="pin-SECRET"),
        SmartCaService("http://x", sp_id="a", user_id="b", sp_password="pw-SECRET"),
        MySignService("http://x", client_id="c", client_secret="cs-SECRET"),
    ]
    for obj in objs:
        assert "SECRET" not in repr(obj)
