"""Every transport honours the same protocol: send, route, fetch, answer, acknowledge, list."""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path

import pytest

from tests.edxml.test_writer import example_envelope
from tests.transport.conftest import G22, H41, SYSTEMS
from vndocsign import edxml
from vndocsign.transport import (
    DropFolderTransport,
    HubRequestError,
    InProcessHub,
    LocalHubServer,
    Transport,
    VxpTransport,
    recipients_of,
    send_message,
)


@pytest.fixture(params=["in-process", "drop-folder", "vxp-http"])
def pair(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[tuple[Transport, Transport]]:
    if request.param == "in-process":
        hub = InProcessHub([G22, H41])
        yield hub.transport(G22), hub.transport(H41)
    elif request.param == "drop-folder":
        yield DropFolderTransport(tmp_path, G22), DropFolderTransport(tmp_path, H41)
    else:
        with (
            LocalHubServer(SYSTEMS) as server,
            VxpTransport(server.url, "vxp.g22", "secret-g22") as a,
            VxpTransport(server.url, "vxp.h41", "secret-h41") as b,
        ):
            yield a, b


def test_protocol_round(pair: tuple[Transport, Transport]) -> None:
    sender, receiver = pair
    assert isinstance(sender, Transport) and isinstance(receiver, Transport)
    envelope = example_envelope()
    doc_id = send_message(sender, envelope)
    items = receiver.list_received("edoc")
    assert [i.doc_id for i in items] == [doc_id]
    assert items[0].from_ == G22
    got = edxml.read(receiver.fetch(doc_id))
    assert got == envelope

    receiver.acknowledge(doc_id, "processing")
    assert [i.status for i in receiver.list_received("edoc")] == ["processing"]
    status = edxml.StatusMessage.for_envelope(got, "05", from_=H41)  # type: ignore[arg-type]
    send_message(receiver, status)
    receiver.acknowledge(doc_id, "done")
    assert receiver.list_received("edoc") == []

    (answer,) = sender.list_received("status")
    back = edxml.read(sender.fetch(answer.doc_id))
    assert isinstance(back, edxml.StatusMessage)
    assert back.status_code is edxml.StatusCode.PROCESSING
    assert back.document_id == envelope.document_id
    sender.acknowledge(answer.doc_id, "done")
    assert sender.list_received("status") == []

    sent = sender.list_sent("edoc")
    assert [(s.doc_id, s.to_code, s.receive_status) for s in sent] == [(doc_id, H41, "done")]
    assert {G22, H41} <= {a.code for a in sender.agencies()}


def test_recall_request_goes_to_the_receiver(pair: tuple[Transport, Transport]) -> None:
    sender, receiver = pair
    envelope = example_envelope()
    send_message(sender, envelope)
    recall = edxml.StatusMessage.for_envelope(envelope, "13", from_=G22)
    recall = edxml.StatusMessage(  # 13: ResponseFor/OrganId names the receiver (VNPT sample)
        from_=recall.from_,
        status_code=recall.status_code,
        response_for=edxml.ResponseFor(
            organ_id=H41,
            code=recall.response_for.code,  # type: ignore[union-attr]
            document_id=envelope.document_id,
        ),
        timestamp=recall.timestamp,
    )
    assert recipients_of(recall) == [H41]
    send_message(sender, recall)
    (item,) = receiver.list_received("status")
    assert edxml.read(receiver.fetch(item.doc_id)).status_code is edxml.StatusCode.RECALL_REQUEST  # type: ignore[union-attr]


def test_drop_folder_layout_and_safety(tmp_path: Path) -> None:
    a, b = DropFolderTransport(tmp_path, G22), DropFolderTransport(tmp_path, H41)
    data = edxml.to_bytes(example_envelope())
    source = tmp_path / "outgoing.edxml"
    source.write_bytes(data)
    doc_id = a.send(source, sender=G22)
    inbox = tmp_path / H41 / "inbox"
    assert (inbox / f"{doc_id}.edxml").read_bytes() == data
    meta = json.loads((inbox / f"{doc_id}.json").read_text(encoding="utf-8"))
    assert meta["from"] == G22 and meta["to"] == [H41]
    b.acknowledge(doc_id, "fail")
    assert (tmp_path / H41 / "fail" / f"{doc_id}.edxml").is_file()
    assert b.fetch(doc_id) == data
    assert a.list_sent()[0].receive_status == "fail"
    with pytest.raises(HubRequestError):
        b.fetch("../../etc/passwd")
    with pytest.raises(HubRequestError):
        DropFolderTransport(tmp_path, "../evil")
    with pytest.raises(HubRequestError):
        a.send(data, sender=G22, to=["../x"])
