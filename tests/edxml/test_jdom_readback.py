"""vndocsign's output read by JDOM2 the way the reference parser reads (see the Java file).

A check that needs only JDOM2: the same XML library as the reference parser, the same lookup
rules (namespace-strict envelope, local names below it). The reference parser itself is run by
``test_reference_sdk.py`` when the SDK is present. Skipped without ``java`` or JDOM2
(Debian ``libjdom2-java``, or the copy in ``../shared/peers/vnpt-sdkvxp/lib``).
"""

from __future__ import annotations

import datetime as dt
import hashlib
import shutil
import subprocess
from pathlib import Path

import attrs
import pytest

from tests.edxml.conftest import PDF
from tests.edxml.test_writer import example_envelope, example_status
from vndocsign import edxml
from vndocsign.edxml import ElementOrder, WriterOptions

JAVA_SOURCE = Path(__file__).with_name("java") / "JdomReadBack.java"
JARS = [
    Path("/usr/share/java/jdom2.jar"),
    Path.home() / ".m2/repository/org/jdom/jdom2/2.0.6.1/jdom2-2.0.6.1.jar",
    # the JDOM2 the reference SDK ships with (../shared/peers/vnpt-sdkvxp/lib)
    Path(__file__).resolve().parents[3] / "shared/peers/vnpt-sdkvxp/lib/jdom2-2.0.3.jar",
    Path("/work/shared/peers/vnpt-sdkvxp/lib/jdom2-2.0.3.jar"),
]


def _java() -> tuple[str, Path]:
    java = shutil.which("java")
    jar = next((j for j in JARS if j.is_file()), None)
    if java is None or jar is None:
        pytest.skip("java or JDOM2 (Debian libjdom2-java) is not installed")
    return java, jar


def _messages() -> dict[str, tuple[edxml.EdxmlMessage, WriterOptions]]:
    env = example_envelope()
    many = attrs.evolve(
        env,
        attachments=[
            edxml.Attachment.from_bytes("a.pdf", PDF * 300),
            edxml.Attachment.from_bytes("bien ban.txt", "Biên bản".encode()),
            edxml.Attachment.from_bytes("empty.pdf", b""),
        ],
    )
    update = attrs.evolve(
        env,
        trace=edxml.TraceHeaderList(
            bussiness=edxml.Bussiness.update("000.00.00.G22,2024/05/01,100/VPCP-TTĐT")
        ),
    )
    recall = attrs.evolve(
        example_status(), status_code="13", timestamp=dt.datetime(2024, 5, 12, 7, 30)
    )
    return {
        "edoc": (env, WriterOptions()),
        "edoc-qcvn": (env, WriterOptions(order=ElementOrder.QCVN)),
        "many": (many, WriterOptions(wrap_other_types=True)),
        "update": (update, WriterOptions()),
        "status": (example_status(), WriterOptions()),
        "recall": (recall, WriterOptions(line_ending="\n")),
    }


def test_jdom2_reads_what_vndocsign_writes(tmp_path: Path) -> None:
    java, jar = _java()
    messages = _messages()
    files = []
    for name, (message, options) in messages.items():
        path = tmp_path / f"{name}.edxml"
        edxml.write(message, path, options)
        files.append(path)
    proc = subprocess.run(
        [java, "-cp", str(jar), str(JAVA_SOURCE), *map(str, files)],
        capture_output=True,
        timeout=180,
        check=False,
    )
    assert proc.returncode == 0, proc.stderr.decode(errors="replace")
    seen: dict[str, dict[str, list[str]]] = {}
    current: dict[str, list[str]] = {}
    for line in proc.stdout.decode("utf-8").splitlines():
        key, _, value = line.partition("=")
        if key == "file":
            current = seen.setdefault(Path(value).stem, {})
            continue
        current.setdefault(key, []).append(value)
    assert set(seen) == set(messages)
    for name, (message, _options) in messages.items():
        got = {k: v[0] if len(v) == 1 else v for k, v in seen[name].items()}
        ours = edxml.read(tmp_path / f"{name}.edxml")
        assert got["from"] == message.from_.organ_id
        if isinstance(message, edxml.StatusMessage):
            assert got["status_code"] == message.status_code.value  # type: ignore[union-attr]
            assert got["response_for"] == message.document_id
            assert got["timestamp"] == edxml.format_timestamp(message.timestamp)
            continue
        h = message.header
        assert got["to"] == h.to[0].organ_id
        assert got["document_id"] == h.document_id
        assert (got["code_number"], got["code_notation"]) == (h.code.number, h.code.notation)  # type: ignore[union-attr]
        assert got["promulgation_date"] == "2024/05/10"
        assert got["subject"] == h.subject
        assert got["type_name"] == "Công văn"
        attachments = seen[name].get("attachment", [])
        assert len(attachments) == len(message.attachments)
        for line, att in zip(attachments, ours.attachments, strict=True):  # type: ignore[union-attr]
            cid, att_name, ctype, size, digest = line.split("|")
            assert cid == f"cid:{att.content_id}" and att_name == att.name
            assert ctype == att.content_type
            sent = att.transfer or att.content
            assert int(size) == sent.size and digest == sent.digest()  # type: ignore[union-attr]
        assert seen[name].get("reference", []) == [f"cid:{a.content_id}" for a in ours.attachments]  # type: ignore[union-attr]
    business = {name: seen[name].get("business_doc_type", [""])[0] for name in seen}
    assert business["update"] == "2" and business["edoc"] == "0"
    assert hashlib.sha256(PDF * 300).hexdigest() in seen["many"]["attachment"][0]
