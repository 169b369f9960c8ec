"""The exchange-platform client against a real HTTP hub on 127.0.0.1."""

from __future__ import annotations

import datetime as dt
import socket
import time
from pathlib import Path

import pytest

from tests.edxml.conftest import PDF
from tests.edxml.test_writer import example_envelope
from tests.transport.conftest import G22, H41
from vndocsign import edxml
from vndocsign.errors import TransportError
from vndocsign.transport import (
    HubAuthError,
    HubRequestError,
    HubUnavailableError,
    LocalHubServer,
    Transport,
    VxpTransport,
    hash_file_quirk,
    send_message,
)


def test_full_exchange(
    vpcp: VxpTransport, nghe_an: VxpTransport, envelope_bytes: bytes, hub: LocalHubServer
) -> None:
    assert isinstance(vpcp, Transport)
    doc_id = vpcp.send(envelope_bytes, sender=G22)
    (item,) = nghe_an.list_received("edoc")
    assert (item.doc_id, item.from_, item.message_type) == (doc_id, G22, "edoc")
    assert nghe_an.list_received("status") == []
    received = nghe_an.fetch(doc_id)
    assert received == envelope_bytes
    envelope = edxml.read(received)
    assert isinstance(envelope, edxml.Envelope)

    status = edxml.StatusMessage.for_envelope(envelope, "03", from_=H41)
    status_id = send_message(nghe_an, status)
    nghe_an.acknowledge(doc_id, "done")
    assert nghe_an.list_received("edoc") == []

    (back,) = vpcp.list_received("status")
    assert back.doc_id == status_id and back.from_ == H41
    answer = edxml.read(vpcp.fetch(status_id))
    assert isinstance(answer, edxml.StatusMessage)
    assert answer.status_code is edxml.StatusCode.ACCEPTED
    assert answer.document_id == envelope.document_id
    vpcp.acknowledge(status_id, "done")

    (sent,) = vpcp.list_sent("edoc")
    assert (sent.doc_id, sent.to_code, sent.receive_status) == (doc_id, H41, "done")
    assert sent.notation == "123/VPCP-TTĐT"
    assert {a.code for a in vpcp.agencies()} == {G22, H41}

    send = next(r for r in hub.requests if r["path"] == "/sendEdoc")
    headers = send["headers"]
    assert headers["xroadvnpt-hash-file"] == hash_file_quirk(envelope_bytes)
    assert headers["content-type"] == "application/octet-stream"
    assert headers["xroadvnpt-from"] == G22 and headers["xroadvnpt-messagetype"] == "edoc"
    assert headers["user-agent"] == "JAVASDKAgent/1.0.0 XRoad/VPCP"
    assert send["size"] == len(envelope_bytes) + 2  # body + CRLF, as the Java SDK sends it


def test_large_envelope_streamed_from_disk(
    tmp_path: Path, vpcp: VxpTransport, nghe_an: VxpTransport
) -> None:
    pdf = tmp_path / "big.pdf"
    pdf.write_bytes(PDF * 60_000)  # ~4 MB
    env = edxml.Envelope(
        header=example_envelope().header, attachments=[edxml.Attachment.from_file(pdf)]
    )
    path = tmp_path / "big.edxml"
    edxml.write(env, path)
    doc_id = vpcp.send(path, sender=G22, to=[H41])
    target = tmp_path / "in" / "got.edxml"
    nghe_an.download(doc_id, target)
    assert target.read_bytes() == path.read_bytes()
    msg = edxml.read(target, edxml.ReadOptions(attachments_dir=tmp_path / "att"))
    assert msg.attachments[0].content.path.read_bytes() == pdf.read_bytes()  # type: ignore


def test_wrong_secret_and_unknown_system(hub: LocalHubServer) -> None:
    with (
        VxpTransport(hub.url, "vxp.g22", "wrong", retries=0) as client,
        pytest.raises(HubAuthError) as refused,
    ):
        client.list_received()
    # the hub's own reason is kept, in the message and in the details
    assert "bad header signature" in refused.value.en
    assert refused.value.details["error_desc"] == "bad header signature"
    assert refused.value.code == "transport.hub_auth"
    with VxpTransport(hub.url, "vxp.nobody", "x", retries=0) as client, pytest.raises(HubAuthError):
        client.agencies()


def test_stale_timestamp_is_refused(hub: LocalHubServer) -> None:
    old = dt.datetime.now(dt.UTC).replace(tzinfo=None) - dt.timedelta(hours=12 + 24, minutes=6)
    with (
        VxpTransport(hub.url, "vxp.g22", "secret-g22", clock=lambda: old) as client,
        pytest.raises(HubAuthError),
    ):
        client.list_received()
    ahead = dt.datetime.now(dt.UTC).replace(tzinfo=None) + dt.timedelta(hours=14, minutes=6)
    with (
        VxpTransport(hub.url, "vxp.g22", "secret-g22", clock=lambda: ahead) as client,
        pytest.raises(HubAuthError),
    ):
        client.list_received()


@pytest.mark.parametrize("hours", [-12, -3, 0, 7, 14])
def test_timestamps_of_every_time_zone_are_fresh(hub: LocalHubServer, hours: int) -> None:
    """The stamp has no zone: a client's local wall-clock time in any zone is accepted."""
    local = dt.datetime.now(dt.UTC).replace(tzinfo=None) + dt.timedelta(hours=hours)
    with VxpTransport(hub.url, "vxp.g22", "secret-g22", clock=lambda: local) as client:
        assert client.list_received() == []


def test_a_timestamp_fixed_hours_ago_is_still_fresh(hub: LocalHubServer) -> None:
    """The reference client fixes its timestamp when its service object is created."""
    created = dt.datetime.now() - dt.timedelta(hours=5)
    with VxpTransport(hub.url, "vxp.g22", "secret-g22", clock=lambda: created) as client:
        assert client.list_received() == []


def test_retries_with_backoff(hub: LocalHubServer, vpcp: VxpTransport, sleeps: list[float]) -> None:
    hub.fail_next = 2
    assert vpcp.list_received() == []
    assert sleeps == [0.5, 1.0]
    hub.fail_next = 10
    before = len(hub.requests)
    with pytest.raises(HubUnavailableError) as info:
        vpcp.list_received()
    assert len(hub.requests) - before == vpcp.retries + 1
    assert info.value.vi != info.value.en


def test_send_is_not_retried_when_the_hub_may_have_processed_it(
    hub: LocalHubServer, vpcp: VxpTransport, envelope_bytes: bytes
) -> None:
    hub.fail_next, hub.fail_status = 1, 500
    before = len(hub.requests)
    with pytest.raises(HubRequestError):
        vpcp.send(envelope_bytes, sender=G22)
    assert len(hub.requests) - before == 1
    hub.fail_next, hub.fail_status = 1, 503  # 503: not processed, safe to retry
    assert vpcp.send(envelope_bytes, sender=G22)


def test_timeouts(hub: LocalHubServer) -> None:
    hub.delay = 1.5
    start = time.perf_counter()
    with (
        VxpTransport(
            hub.url, "vxp.g22", "secret-g22", timeout=0.2, retries=1, sleep=lambda s: None
        ) as client,
        pytest.raises(HubUnavailableError),
    ):
        client.agencies()
    assert time.perf_counter() - start < 1.4


def test_connection_refused() -> None:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port = sock.getsockname()[1]
    with (
        VxpTransport(
            f"http://127.0.0.1:{port}", "s", "k", retries=2, sleep=lambda s: None
        ) as client,
        pytest.raises(HubUnavailableError),
    ):
        client.agencies()


def test_hub_refusals_are_typed(vpcp: VxpTransport, envelope_bytes: bytes) -> None:
    with pytest.raises(HubRequestError) as info:
        vpcp.send(envelope_bytes, sender=G22, message_type="status")
    assert info.value.details["error_code"] == "3"
    with pytest.raises(HubRequestError):
        vpcp.send(envelope_bytes, sender=H41)  # not this system's agency
    with pytest.raises(HubRequestError):
        vpcp.fetch("no-such-document")
    with pytest.raises(TransportError):
        vpcp.acknowledge("x", "archived")  # type: ignore[arg-type]
    with pytest.raises(TransportError):
        vpcp.list_received("fax")  # type: ignore[arg-type]
    with pytest.raises(HubRequestError):
        vpcp.send(b"<not-edxml/>", sender=G22)
