"""Bad input: declines, timeouts, expiry, mismatches, malformed/oversized answers, HTTP errors.

Each case must raise its typed, bilingual error, leave the input untouched, give no output,
and keep secrets out of messages and logs.
"""

from __future__ import annotations

import logging
import socket

import pytest

from tests.remote_signing.conftest import AGENCY
from tests.remote_signing.helpers import FAST, INVISIBLE, client_for, make_pdf
from vndocsign.errors import SigningError, VndocsignError
from vndocsign.signing._csc import CscService
from vndocsign.signing._remote_flow import sign_remote, sign_remote_batch
from vndocsign.signing._remote_http import (
    HttpSettings,
    RemoteAuthError,
    RemoteDeclinedError,
    RemoteHttpError,
    RemoteMismatchError,
    RemoteProtocolError,
    RemoteTimeoutError,
)
from vndocsign.signing._remote_testing import Behaviour

PROTOCOLS = ["csc-v1", "csc-v2", "smartca", "mysign"]


def _sign(server, pdf=None, **kwargs):
    client = kwargs.pop("client", None) or client_for(server)
    kwargs.setdefault("poll_interval", 0.02)
    kwargs.setdefault("timeout", 10)
    return sign_remote(
        pdf if pdf is not None else make_pdf(),
        client,
        role="personal",
        appearance=INVISIBLE,
        **kwargs,
    )


def _bilingual(err: VndocsignError) -> None:
    assert isinstance(err, SigningError)
    assert err.en and err.vi and err.en != err.vi
    assert err.to_dict()["code"] == err.code


@pytest.mark.parametrize("protocol", PROTOCOLS)
def test_holder_declines(server_factory, protocol):
    server = server_factory(protocol, behaviour=Behaviour(confirm_delay=0.1, decline=True))
    pdf = make_pdf()
    before = bytes(pdf)
    with pytest.raises(RemoteDeclinedError) as err:
        _sign(server, pdf)
    assert err.value.code == "signing.remote_declined"
    _bilingual(err.value)
    assert pdf == before


@pytest.mark.parametrize("protocol", PROTOCOLS)
def test_confirmation_times_out(server_factory, protocol):
    server = server_factory(protocol, behaviour=Behaviour(confirm_delay=3))
    with pytest.raises(RemoteTimeoutError) as err:
        _sign(server, timeout=0.6)
    assert err.value.code == "signing.remote_timeout"
    _bilingual(err.value)


@pytest.mark.parametrize("protocol", ["csc-v2", "smartca", "mysign"])
def test_transaction_expires_at_the_provider(server_factory, protocol):
    server = server_factory(protocol, behaviour=Behaviour(confirm_delay=5, expire_after=0.2))
    with pytest.raises(RemoteTimeoutError, match="expired"):
        _sign(server)


@pytest.mark.parametrize("protocol", PROTOCOLS)
def test_signature_by_another_key(vn_pki, server_factory, protocol):
    from cryptography.hazmat.primitives import serialization

    other = serialization.load_der_private_key(vn_pki.key(AGENCY).dump(), None)
    server = server_factory(protocol, behaviour=Behaviour(wrong_key=other))
    with pytest.raises(RemoteMismatchError) as err:
        _sign(server)
    assert err.value.code == "signing.remote_mismatch"
    _bilingual(err.value)


def test_certificate_other_than_expected(vn_pki, server_factory):
    server = server_factory("smartca")
    with pytest.raises(RemoteMismatchError, match="another certificate"):
        _sign(server, expected_certificate=vn_pki.cert(AGENCY))
    assert server.confirmations == 0  # the holder is never bothered
    assert _sign(server, expected_certificate=vn_pki.cert("nguyen-van-an")).startswith(b"%PDF")


def test_announced_certificate_does_not_fit_the_key(vn_pki, server_factory):
    server = server_factory(
        "csc-v2", behaviour=Behaviour(announce=vn_pki.cert("le-van-cuong").dump())
    )
    with pytest.raises(RemoteMismatchError):
        _sign(server)


def test_batch_with_a_bad_signature_gives_no_output(vn_pki, server_factory):
    from cryptography.hazmat.primitives import serialization

    other = serialization.load_der_private_key(vn_pki.key(AGENCY).dump(), None)
    server = server_factory("csc-v2", behaviour=Behaviour(wrong_key=other))
    result = None
    with pytest.raises(RemoteMismatchError):
        result = sign_remote_batch(
            [make_pdf(str(i)) for i in range(3)],
            client_for(server),
            role="personal",
            appearance=INVISIBLE,
            poll_interval=0.02,
        )
    assert result is None


@pytest.mark.parametrize("protocol", PROTOCOLS)
def test_malformed_answer(server_factory, protocol):
    server = server_factory(protocol, behaviour=Behaviour(garbage=True))
    with pytest.raises(RemoteProtocolError) as err:
        _sign(server)
    assert err.value.code == "signing.remote_protocol"
    _bilingual(err.value)


@pytest.mark.parametrize("protocol", PROTOCOLS)
def test_oversized_answer(server_factory, protocol):
    server = server_factory(protocol, behaviour=Behaviour(oversized=200_000))
    with pytest.raises(RemoteProtocolError, match="exceeds"):
        _sign(server)  # FAST caps answers at 64 KiB


def test_transient_errors_are_retried_a_bounded_number_of_times(server_factory):
    server = server_factory("csc-v2", behaviour=Behaviour(transient_errors=2))
    assert _sign(server).startswith(b"%PDF")
    server.behaviour.transient_errors = 50
    with pytest.raises(RemoteHttpError) as err:
        _sign(server)
    assert err.value.code == "signing.remote_http" and err.value.details["status"] == 503
    assert server.behaviour.transient_errors == 50 - 3  # 1 attempt + 2 retries


def test_unreachable_service():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    client = CscService(
        f"http://127.0.0.1:{port}/csc/v2", settings=HttpSettings(retries=1, backoff=0.01, timeout=2)
    )
    with pytest.raises(RemoteHttpError, match="unreachable"):
        sign_remote(make_pdf(), client, role="personal", appearance=INVISIBLE)


@pytest.mark.parametrize("protocol", ["smartca", "mysign"])
def test_refused_credentials_never_echo_the_secret(server_factory, protocol, caplog):
    server = server_factory(protocol)
    secret = "WRONG-secret-0123456789"
    key = "sp_password" if protocol == "smartca" else "client_secret"
    caplog.set_level(logging.DEBUG)
    with pytest.raises(RemoteAuthError) as err:
        _sign(server, client=client_for(server, **{key: secret}))
    assert err.value.code == "signing.remote_auth"
    assert secret not in str(err.value) and secret not in repr(err.value.to_dict())
    assert secret not in caplog.text


def test_wrong_pin(server_factory, caplog):
    server = server_factory("csc-v1", behaviour=Behaviour(pin="123456"))
    caplog.set_level(logging.DEBUG)
    with pytest.raises(RemoteHttpError, match="Invalid PIN") as err:
        _sign(server, client=CscService(server.url, version="v1", pin="999999", settings=FAST))
    assert "999999" not in str(err.value) and "999999" not in caplog.text
    assert _sign(
        server, client=CscService(server.url, version="v1", pin="123456", settings=FAST)
    ).startswith(b"%PDF")


def test_scheme_that_does_not_fit_the_key(vn_pki, server_factory):
    server = server_factory("csc-v2")
    with pytest.raises(RemoteMismatchError):
        _sign(server, scheme="ecdsa")


def test_prepare_checks_still_run(vn_pki, server_factory):
    """An expired certificate is refused before the holder is asked anything."""
    from vndocsign.signing import CertificateRejectedError

    server = server_factory("smartca", "expired")
    with pytest.raises(CertificateRejectedError):
        _sign(server)
    assert server.confirmations == 0


def test_mysign_token_expiring_between_calls_is_renewed_once(vn_pki, server_factory):
    from vndocsign.signing._mysign import MySignService

    server = server_factory("mysign")
    client = client_for(server)
    assert isinstance(client, MySignService)
    credential = client.credential()
    server.tokens.clear()  # Keycloak forgot the token: the next CSC call answers 401
    from vndocsign.signing._remote_types import SignatureScheme, Waiter

    waiter = Waiter(timeout=10, poll_interval=0.02, cancel=None, progress=None, documents=1)
    sigs = client.sign_digests(
        credential,
        [bytes(32)],
        digest_algorithm="sha256",
        scheme=SignatureScheme.RSA_PKCS1V15,
        waiter=waiter,
        description="t",
    )
    assert len(sigs) == 1 and sigs[0].value
    tokens = [p for p, _ in server.requests if p.endswith("openid-connect/token")]
    assert len(tokens) == 2
    assert server.confirmations == 1  # the holder was asked once
