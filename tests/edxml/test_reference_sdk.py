"""Interoperability with the platform's reference Java SDK (``../shared/peers/vnpt-sdkvxp``).

``tests/edxml/java/RefPeer.java`` is compiled into a temporary folder at test time against the
SDK's jars (nothing compiled or copied is kept). Three directions are checked:

* what vndocsign writes (every business type, every status code, every attachment kind) is
  read by ``EdXmlParser`` / ``StatusXmlParser`` with the same values;
* what ``EdXmlBuilder`` / ``StatusXmlBuilder`` write (with their quirks: ``cid:cid:``, a
  manifest that says ``application/zip`` for everything, trimmed text, CRLF, ``&#xD;``,
  ``&#x1f600;``, wrapped texts) is read by vndocsign with the same values;
* the reference HTTP client (``SDKVXP-2.0.1.jar``) against vndocsign's local hub, end to end.

Skipped, with the reason, when the SDK folder or a JDK (Debian ``default-jdk-headless``) is
missing.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import io
import json
import shutil
import subprocess
import zipfile
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import attrs
import pytest

from tests.edxml.conftest import PDF
from tests.edxml.test_writer import example_envelope, example_status
from vndocsign import edxml
from vndocsign.transport import LocalHubServer

PEER_DIR = Path(__file__).resolve().parents[2] / ".." / "shared" / "peers" / "vnpt-sdkvxp"
JAVA_SOURCE = Path(__file__).with_name("java") / "RefPeer.java"

Run = Callable[..., list[dict[str, Any]]]


def _peer_dir() -> Path:
    for candidate in (PEER_DIR, Path("/work/shared/peers/vnpt-sdkvxp")):
        if (candidate / "lib" / "EdXML102-0.0.3.jar").is_file():
            return candidate.resolve()
    pytest.skip("the reference SDK folder ../shared/peers/vnpt-sdkvxp is not present")


@pytest.fixture(scope="module")
def peer(tmp_path_factory: pytest.TempPathFactory) -> Run:
    lib = _peer_dir() / "lib"
    javac, java = shutil.which("javac"), shutil.which("java")
    if javac is None or java is None:
        pytest.skip("no JDK (javac/java) installed; Debian: default-jdk-headless")
    classes = tmp_path_factory.mktemp("refpeer-classes")
    subprocess.run(
        [javac, "-encoding", "UTF-8", "-cp", f"{lib}/*", "-d", str(classes), str(JAVA_SOURCE)],
        check=True,
        capture_output=True,
        timeout=300,
    )

    def run(*args: str, cwd: Path) -> list[dict[str, Any]]:
        proc = subprocess.run(
            [java, "-cp", f"{classes}:{lib}/*", "RefPeer", *args],
            capture_output=True,
            timeout=300,
            cwd=cwd,
            check=False,
        )
        assert proc.returncode == 0, proc.stderr.decode(errors="replace")[-3000:]
        lines = proc.stdout.decode("utf-8", "replace").splitlines()
        return [json.loads(line[2:]) for line in lines if line.startswith("@@")]

    return run


def _zip(entries: dict[str, bytes]) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, data in entries.items():
            archive.writestr(name, data)
    return buffer.getvalue()


def _iso(value: object) -> str | None:
    if value is None:
        return None
    if isinstance(value, dt.datetime):
        return value.isoformat(timespec="seconds")
    assert isinstance(value, dt.date)
    return f"{value.isoformat()}T00:00:00"


ATTACHMENTS = [
    edxml.Attachment.from_bytes("van-ban.signed.pdf", PDF, description="Văn bản ký số"),
    edxml.Attachment.from_bytes("phu luc.docx", b"PK\x03\x04 not really a docx"),
    edxml.Attachment.from_bytes("scan.pdf", b"PK\x03\x04" + bytes(range(200))),
    edxml.Attachment.from_bytes("bien ban.txt", "Biên bản\r\nhọp 😀\n".encode()),
    edxml.Attachment.from_bytes("ho so.zip", _zip({"a.txt": b"a", "b.txt": b"b"})),
    edxml.Attachment.from_bytes("HỒ SƠ KÈM.ZIP", _zip({"x.pdf": PDF, "y.pdf": PDF * 2})),
    edxml.Attachment.from_bytes("du lieu.dat", _zip({"only.txt": b"one entry"})),
    edxml.Attachment.from_bytes("trong.pdf", b""),
]


def _envelopes() -> dict[str, tuple[edxml.Envelope, edxml.WriterOptions]]:
    env = example_envelope()
    header = attrs.evolve(
        env.header,
        content="Dòng 1\r\nDòng 2\nDòng 3 😀",
        due_date=dt.date(2024, 5, 20),
        response_for=[
            edxml.ResponseFor(
                organ_id="000.00.00.H41",
                code="45/UBND-VX",
                promulgation_date=dt.date(2024, 5, 1),
                document_id="000.00.00.H41,2024/05/01,45/UBND-VX",
            )
        ],
    )
    full = attrs.evolve(env, header=header, attachments=ATTACHMENTS)
    old = "000.00.00.G22,2024/05/01,100/VPCP-TTĐT"
    business = {
        "revoke": edxml.Bussiness.revoke(old),
        "update": edxml.Bussiness.update(
            old, receivers=[edxml.Receiver(organ_id="000.00.00.H14", receiver_type=1)]
        ),
        "replace": edxml.Bussiness.replace(
            [edxml.ReplacementInfo(document_id=old, organ_ids=["000.00.00.H41"])]
        ),
    }
    out = {
        "new": (full, edxml.WriterOptions()),
        "new-qcvn": (full, edxml.WriterOptions(order=edxml.ElementOrder.QCVN)),
        "wrapped": (full, edxml.WriterOptions(wrap_other_types=True)),
    }
    for name, bussiness in business.items():
        trace = attrs.evolve(env.trace, bussiness=bussiness)  # type: ignore[misc]
        out[name] = (attrs.evolve(env, trace=trace), edxml.WriterOptions())
    return out


def _content_digest(att: edxml.Attachment) -> str:
    assert att.content is not None
    return att.content.digest()


def test_reference_parser_reads_what_vndocsign_writes(peer: Run, tmp_path: Path) -> None:
    messages = _envelopes()
    files = []
    for name, (message, options) in messages.items():
        path = tmp_path / f"{name}.edxml"
        edxml.write(message, path, options)
        files.append(str(path))
    results = {Path(r["file"]).stem: r for r in peer("parse-ed", *files, cwd=tmp_path)}
    assert set(results) == set(messages)
    for name, (message, _options) in messages.items():
        got = results[name]
        h = message.header
        assert got["from"]["organ_id"] == h.from_.organ_id
        assert got["from"]["organ_name"] == h.from_.organ_name
        assert [t["organ_id"] for t in got["to"]] == [t.organ_id for t in h.to]
        assert got["document_id"] == h.document_id
        assert (got["code_number"], got["code_notation"]) == (h.code.number, h.code.notation)  # type: ignore[union-attr]
        assert got["promulgation_date"] == _iso(h.promulgation.date)  # type: ignore[union-attr]
        assert got["place"] == h.promulgation.place  # type: ignore[union-attr]
        assert (got["type"], got["type_name"]) == (h.document_type.type, h.document_type.type_name)  # type: ignore[union-attr]
        assert got["subject"] == h.subject and got["content"] == h.content
        assert (got["competence"], got["position"], got["full_name"]) == (
            h.signer.competence,
            h.signer.position,
            h.signer.full_name,
        )  # type: ignore[union-attr]
        assert got["due_date"] == _iso(h.due_date)
        assert got["to_places"] == list(h.to_places)
        other = h.other_info
        assert other is not None
        assert (got["priority"], got["page_amount"], got["promulgation_amount"]) == (
            other.priority,
            other.page_amount,
            other.promulgation_amount,
        )
        assert got["steering_type"] == h.steering_type
        assert [r["document_id"] for r in got["response_for"]] == [
            r.document_id for r in h.response_for
        ]
        assert [r["promulgation_date"] for r in got["response_for"]] == [
            _iso(r.promulgation_date) for r in h.response_for
        ]
        trace = message.trace
        assert trace is not None and trace.bussiness is not None
        assert got["trace"] == [[t.organ_id, _iso(t.timestamp)] for t in trace.headers]
        assert got["business_doc_type"] == str(int(trace.bussiness.doc_type))  # type: ignore[arg-type]
        assert got["business_doc_reason"] == trace.bussiness.reason
        assert got["business_document_id"] == trace.bussiness.document_id
        atts = got["attachments"]
        assert [a["name"] for a in atts] == [a.name for a in message.attachments]
        for ref_att, att in zip(atts, message.attachments, strict=True):
            assert ref_att["description"] == att.description
            # the reference reader unwraps wrappers and nothing else: same bytes either way
            assert ref_att["sha256"] == _content_digest(att), att.name


def test_reference_status_parser_reads_every_status_code(peer: Run, tmp_path: Path) -> None:
    files = {}
    for code in edxml.StatusCode:
        status = attrs.evolve(
            example_status(), status_code=code, description=f"{code.vi}\r\n😀 ({code.value})"
        )
        path = tmp_path / f"status-{code.value}.edxml"
        edxml.write(status, path)
        files[code.value] = status
    results = peer(
        "parse-status", *(str(tmp_path / f"status-{c}.edxml") for c in files), cwd=tmp_path
    )
    assert len(results) == len(files)
    for got in results:
        status = files[got["status_code"]]
        assert got["from"]["organ_id"] == status.from_.organ_id
        assert got["description"] == status.description
        assert got["timestamp"] == _iso(status.timestamp)
        rf = status.response_for
        assert rf is not None
        assert got["response_for"]["document_id"] == rf.document_id
        assert got["response_for"]["code"] == rf.code
        assert got["response_for"]["promulgation_date"] == _iso(rf.promulgation_date)
        assert got["staff"]["staff"] == status.staff.staff  # type: ignore[union-attr]


@pytest.fixture(scope="module")
def reference_built(peer: Run, tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("reference-built")
    att = out / "in"
    att.mkdir()
    (att / "van-ban.pdf").write_bytes(PDF)
    (att / "bien ban.txt").write_bytes("Biên bản\n".encode() * 10)
    (att / "phu luc.docx").write_bytes(b"PK\x03\x04docx")
    (att / "HO SO.ZIP").write_bytes(_zip({"a.txt": b"a", "b.txt": b"b"}))
    peer("build", str(out), str(att), cwd=out)
    return out


def test_vndocsign_reads_reference_built_envelopes(reference_built: Path) -> None:
    env = edxml.read(reference_built / "ref-edoc.edxml")
    assert isinstance(env, edxml.Envelope) and env.repairs == () and env.warnings == ()
    h = env.header
    assert h.from_.organ_id == "000.00.00.G22" and h.from_.fax == "8043101"
    assert [t.organ_id for t in h.to] == ["000.00.00.H41", "000.00.00.H14"]
    assert h.subject == "V/v kết nối 😀 liên thông"  # the builder trims
    assert h.content == "Dòng 1\r\nDòng 2\nDòng 3"  # &#xD; + CRLF: the CR survives
    assert h.promulgation == edxml.PromulgationInfo(place="Hà Nội", date=dt.date(2024, 5, 10))
    assert h.due_date == dt.date(2024, 5, 20) and h.steering_type == 1
    assert h.response_for[0].document_id == "000.00.00.H41,2024/05/01,45/UBND-VX"
    assert h.other_info is not None and h.other_info.direction is False
    assert env.trace is not None and env.trace.bussiness_first
    assert env.business_doc_type is edxml.BusinessDocType.NEW
    assert env.trace.bussiness.staff.staff == "Nguyễn Thị B"  # type: ignore[union-attr]
    by_name = {a.name: a for a in env.attachments}
    assert all(not a.content_id.startswith("cid") for a in env.attachments)  # cid:cid: stripped
    assert by_name["van-ban.pdf"].read_bytes() == PDF
    txt = by_name["bien ban.txt"]
    assert txt.zip_entry_name is not None and txt.read_bytes() == "Biên bản\n".encode() * 10
    assert by_name["phu luc.docx"].read_bytes() == b"PK\x03\x04docx"
    real_zip = by_name["HO SO.ZIP"]
    assert real_zip.zip_entry_name is None and real_zip.zip_error is None
    assert zipfile.ZipFile(io.BytesIO(real_zip.read_bytes())).namelist() == ["a.txt", "b.txt"]
    assert {a.manifest_content_type for a in env.attachments} == {"application/zip"}
    # re-written by vndocsign: the reference bytes, with the doubled cid: written once and the
    # real archive under an upper-case name no longer declared a wrapper (the reference reader
    # would keep only its first entry)
    ref_bytes = (reference_built / "ref-edoc.edxml").read_bytes()
    declared = "<Description>Tệp HO SO.ZIP</Description>\r\n      <ContentType>application/"
    in_manifest = (
        f"<edXML:ContentId>cid:{real_zip.content_id}</edXML:ContentId>\r\n"
        "          <edXML:ContentType>application/"
    )
    expected = ref_bytes.replace(b"cid:cid:", b"cid:")
    for before in (declared, in_manifest):
        expected = expected.replace(
            (before + "zip<").encode(), (before + "x-zip-compressed<").encode()
        )
    assert expected != ref_bytes.replace(b"cid:cid:", b"cid:")
    assert edxml.to_bytes(env) == expected
    status = edxml.read(reference_built / "ref-status.edxml")
    assert isinstance(status, edxml.StatusMessage)
    assert status.status_code is edxml.StatusCode.ACCEPTED
    assert status.timestamp == dt.datetime(2024, 5, 10, 10, 2, 11)
    assert edxml.to_bytes(status) == (reference_built / "ref-status.edxml").read_bytes()


# ----------------------------------------------------------------------------------------
# the reference HTTP client against the local hub
# ----------------------------------------------------------------------------------------

G22, H41 = "000.00.00.G22", "000.00.00.H41"
SYSTEMS = {"vxp.g22": ("secret-g22", G22), "vxp.h41": ("secret-h41", H41)}


@pytest.fixture
def hub() -> Iterator[LocalHubServer]:
    with LocalHubServer(SYSTEMS) as server:
        yield server


def test_reference_client_against_the_local_hub(
    peer: Run, hub: LocalHubServer, tmp_path: Path
) -> None:
    store = tmp_path / "store"

    def client(system: str, *args: str) -> dict[str, Any]:
        secret = SYSTEMS[system][0]
        (result,) = peer("client", hub.url, system, secret, str(store), *args, cwd=tmp_path)
        assert result.get("status") in ("OK", "SUCCESS", None), result
        return result

    envelope = tmp_path / "out.edxml"
    edxml.write(attrs.evolve(example_envelope(), attachments=ATTACHMENTS[:2]), envelope)
    edoc = json.dumps({"from": G22, "servicetype": "eDoc", "messagetype": "edoc"})
    sent = client("vxp.g22", "send", edoc, str(envelope))
    doc_id = sent["doc_id"]
    assert doc_id and sent["error_code"] == "0"

    inbox = client("vxp.h41", "inbox", json.dumps({"servicetype": "eDoc", "messagetype": "edoc"}))
    assert [item[:5] for item in inbox["items"]] == [[doc_id, G22, H41, "edoc", "eDoc"]]
    assert all(value not in (None, "") for value in inbox["items"][0])

    digest = hashlib.sha256(envelope.read_bytes()).hexdigest()
    fetched = client("vxp.h41", "fetch", json.dumps({"docId": doc_id, "filePath": str(store)}))
    assert fetched["sha256"] == digest
    downloaded = client(
        "vxp.h41", "download", json.dumps({"docId": doc_id, "filePath": str(store)})
    )
    assert downloaded["sha256"] == digest
    assert edxml.read(fetched["file_path"]) == edxml.read(envelope)

    client("vxp.h41", "status", json.dumps({"docId": doc_id, "status": "done"}))
    assert (
        client("vxp.h41", "inbox", json.dumps({"servicetype": "eDoc", "messagetype": "edoc"}))[
            "items"
        ]
        == []
    )

    sent_list = client(
        "vxp.g22", "sent", json.dumps({"servicetype": "eDoc", "messagetype": "edoc"})
    )
    assert [(i[0], i[2], i[5]) for i in sent_list["items"]] == [(doc_id, H41, "done")]
    assert sent_list["items"][0][6] == example_envelope().header.subject

    agencies = client("vxp.g22", "agencies", "{}")
    assert sorted(i[0] for i in agencies["items"]) == [G22, H41]

    # a status message goes back the same way, routed by ResponseFor
    status_file = tmp_path / "status.edxml"
    edxml.write(
        edxml.StatusMessage.for_envelope(edxml.read(envelope), "03", from_=H41),  # type: ignore[arg-type]
        status_file,
    )
    client(
        "vxp.h41",
        "send",
        json.dumps({"from": H41, "servicetype": "eDoc", "messagetype": "status"}),
        str(status_file),
    )
    statuses = client(
        "vxp.g22", "inbox", json.dumps({"servicetype": "eDoc", "messagetype": "status"})
    )
    assert [i[1] for i in statuses["items"]] == [H41]


def _wire(request: dict[str, Any]) -> dict[str, Any]:
    """What a request carries that both clients must agree on (timestamps and MACs differ)."""
    headers = {k.lower(): v for k, v in request["headers"].items()}
    signed = json.loads(headers["xroadvnpt-sign-header"])
    signed.pop("XroadVnpt-timestamp")
    return {
        "method": request["method"],
        "path": request["path"],
        "content-type": headers["content-type"],
        "user-agent": headers["user-agent"],
        "version": headers["xroadvnpt-version"],
        "signed": signed,
        "keys": sorted(headers["xroadvnpt-sign-header-key"].split(";")),
        "sent": sorted(
            k
            for k in headers
            if k.startswith("xroadvnpt-")
            and k
            not in ("xroadvnpt-hash-header", "xroadvnpt-sign-header", "xroadvnpt-sign-header-key")
        ),
    }


def test_both_clients_send_the_same_requests(
    peer: Run, hub: LocalHubServer, tmp_path: Path
) -> None:
    from vndocsign.transport import VxpTransport

    envelope = tmp_path / "out.edxml"
    edxml.write(example_envelope(), envelope)
    java_calls = [
        (
            "send",
            json.dumps({"from": G22, "servicetype": "eDoc", "messagetype": "edoc"}),
            str(envelope),
        ),
        ("inbox", json.dumps({"servicetype": "eDoc", "messagetype": "edoc"})),
        ("agencies", "{}"),
    ]
    for call in java_calls:
        peer("client", hub.url, "vxp.g22", "secret-g22", str(tmp_path / "s"), *call, cwd=tmp_path)
    java_requests = [_wire(r) for r in hub.requests]
    hub.requests.clear()
    with VxpTransport(hub.url, "vxp.g22", "secret-g22") as client:
        client.send(envelope, sender=G22)
        client.list_received("edoc")
        client.agencies()
    ours = [_wire(r) for r in hub.requests]
    assert len(ours) == len(java_requests) == 3
    for mine, theirs in zip(ours, java_requests, strict=True):
        assert mine == theirs
    # the sendEdoc body is the file (the reference client appends CRLF, which the hub drops)
    sizes = [r["size"] for r in hub.requests]
    assert sizes[0] in (envelope.stat().st_size, envelope.stat().st_size + 2)
