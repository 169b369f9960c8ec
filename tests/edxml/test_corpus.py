"""Every real envelope of ``../shared/corpus/edxml`` is read with the values its MANIFEST lists.

Files written by the reference VNPT library are also re-written by vndocsign and compared byte
for byte: that is the evidence that the writer's default layout is the reference layout.
"""

from __future__ import annotations

import datetime as dt
import hashlib
from pathlib import Path
from typing import Any

import pytest

from tests.conftest import corpus_file, corpus_manifest
from vndocsign import edxml
from vndocsign.edxml import Envelope, StatusCode, StatusMessage

pytestmark = pytest.mark.corpus

CASES = corpus_manifest("edxml")
IDS = [c["file"] for c in CASES]

#: Files produced by the reference library (JDOM pretty format, CRLF) and left untouched since:
#: re-writing what was read reproduces them exactly.
REFERENCE_WRITTEN = {
    "resources_edoc_replacement.edxml",
    "resources_edoc_revocation.edxml",
    "resources_edoc_update.edxml",
    "resources_status.edxml",
    "xml_2019_5_852e179c-8eca-4502-ac38-0b97321f29c3.edxml",
    "xml_2025_10_874e0f18-90dc-45fb-989a-65401470ba84.edxml",
    "xml_2025_10_9e272474-0603-48a2-b525-9cd1af689612.edxml",
    "root_knobstick.edxml",
    "root_knobstick_1.edxml",
}


def _iso(value: object) -> Any:
    if isinstance(value, dt.datetime):
        return value.isoformat(timespec="seconds")
    if isinstance(value, dt.date):
        return value.isoformat()
    return value


@pytest.fixture(scope="module")
def messages() -> dict[str, Any]:
    return {}


def _read(case: dict[str, Any], cache: dict[str, Any]) -> Any:
    if case["file"] not in cache:
        cache[case["file"]] = edxml.read(corpus_file("edxml", case))
    return cache[case["file"]]


@pytest.mark.parametrize("case", CASES, ids=IDS)
def test_corpus_values(case: dict[str, Any], messages: dict[str, Any]) -> None:
    msg = _read(case, messages)
    exp = case["expected"]
    assert msg.kind == case["kind"]
    if case["kind"] == "status":
        assert isinstance(msg, StatusMessage)
        assert msg.from_.organ_id == exp["from_organ_id"]
        code = msg.status_code
        assert isinstance(code, StatusCode)
        assert code.value == exp["status_code"] == case["status_code"]
        assert msg.description == exp["description"]
        assert _iso(msg.timestamp) == exp["timestamp"]
        assert (msg.staff.staff if msg.staff else None) == exp["staff"]
        rf = msg.response_for
        assert rf is not None
        assert {
            "organ_id": rf.organ_id,
            "code": rf.code,
            "document_id": rf.document_id,
            "promulgation_date": _iso(rf.promulgation_date),
        } == exp["response_for"]
        assert msg.document_id == exp["response_for_document_id"]
        return
    assert isinstance(msg, Envelope)
    h = msg.header
    assert h.from_.organ_id == exp["from_organ_id"]
    assert [t.organ_id for t in h.to] == exp["to_organ_ids"]
    assert h.document_id == exp["document_id"]
    assert (h.code.number if h.code else None) == exp["code_number"]
    assert (h.code.notation if h.code else None) == exp["code_notation"]
    assert _iso(h.promulgation.date if h.promulgation else None) == exp["promulgation_date"]
    assert h.subject == exp["subject"]
    assert (h.document_type.type if h.document_type else None) == exp["document_type"]
    assert (h.document_type.type_name if h.document_type else None) == exp["document_type_name"]
    assert (h.other_info.priority if h.other_info else None) == exp["priority"]
    assert [
        {
            "organ_id": r.organ_id,
            "code": r.code,
            "document_id": r.document_id,
            "promulgation_date": _iso(r.promulgation_date),
        }
        for r in h.response_for
    ] == exp["response_for"]
    if "bussiness_doc_type" in case:
        assert msg.business_doc_type == case["bussiness_doc_type"]
    assert len(msg.attachments) == exp["attachment_count"] == len(exp["attachments"])
    for att, want in zip(msg.attachments, exp["attachments"], strict=True):
        assert f"cid:{att.content_id}" == want["content_id"]
        assert att.name == want["name"]
        assert att.content_type == want["content_type"]
        assert att.manifest_content_type == want["manifest_content_type"]
        if want.get("decode_error"):
            assert att.decode_error is not None
            assert att.content is None
            continue
        assert att.decode_error is None
        assert att.size == want["decoded_length"]
        assert att.sha256 == want["sha256"]
        data = att.read_bytes()
        assert hashlib.sha256(data).hexdigest() == want["sha256"]
        assert data[:8].hex() == want["content_magic_hex"][:16]
        wrapper = want.get("zip_wrapper")
        if wrapper:
            assert att.zip_entry_name == wrapper["entry_name"]
            assert att.transfer is not None
            assert att.transfer.size == want["base64_decoded_length"]
            assert att.transfer.sha256 == want["base64_decoded_sha256"]
        else:
            assert att.zip_entry_name is None
        if "zip_error" in want:
            assert att.zip_error is not None
            local = want["zip_local_entry"]
            assert any(local["entry_name"] in w for w in msg.warnings)
    if exp.get("nonstandard_attachments"):
        assert any("edXMLAttachments" in w for w in msg.warnings)


@pytest.mark.parametrize(
    "case", [c for c in CASES if not c["well_formed"]], ids=lambda c: c["file"]
)
def test_broken_files_are_recovered_with_repairs(case: dict[str, Any]) -> None:
    path = corpus_file("edxml", case)
    with pytest.raises(edxml.EdxmlParseError):
        edxml.read(path, edxml.ReadOptions(recover="never"))
    msg = edxml.read(path)
    assert msg.repairs, "a recovered file must say what was repaired"
    if case["file"] == "resources_edoc_new.edxml":
        assert any("stray byte" in r for r in msg.repairs)
    else:
        assert any("xlink" in r or "Namespace" in r for r in msg.repairs)


@pytest.mark.parametrize("case", [c for c in CASES if c["well_formed"]], ids=lambda c: c["file"])
def test_well_formed_files_need_no_repair(case: dict[str, Any], messages: dict[str, Any]) -> None:
    assert _read(case, messages).repairs == ()


@pytest.mark.parametrize(
    "case", [c for c in CASES if c["file"] in REFERENCE_WRITTEN], ids=lambda c: c["file"]
)
def test_reference_layout_byte_for_byte(case: dict[str, Any], messages: dict[str, Any]) -> None:
    path = corpus_file("edxml", case)
    assert edxml.to_bytes(_read(case, messages)) == path.read_bytes()


def test_jdk17_sample_differs_only_by_a_hand_added_blank_line(messages: dict[str, Any]) -> None:
    case = next(c for c in CASES if c["file"] == "jdk17_resources_edoc_new.edxml")
    original = corpus_file("edxml", case).read_bytes()
    ours = edxml.to_bytes(_read(case, messages))
    kept = b"\r\n".join(line for line in original.split(b"\r\n") if line.strip())
    assert ours.rstrip(b"\r\n") == kept.rstrip(b"\r\n")


def test_reference_files_count() -> None:
    names = {c["file"] for c in CASES}
    assert names >= REFERENCE_WRITTEN


@pytest.mark.parametrize("case", CASES, ids=IDS)
def test_corpus_rewrite_is_stable(case: dict[str, Any], messages: dict[str, Any]) -> None:
    msg = _read(case, messages)
    if any(getattr(a, "decode_error", None) for a in getattr(msg, "attachments", ())):
        with pytest.raises(edxml.EdxmlWriteError):
            edxml.to_bytes(msg)
        return
    first = edxml.to_bytes(msg)
    again = edxml.read(first)
    assert again == msg
    assert edxml.to_bytes(again) == first


def test_streamed_unpack_matches_in_memory(tmp_path: Path, messages: dict[str, Any]) -> None:
    case = next(c for c in CASES if c["file"] == "root_knobstick.edxml")
    path = corpus_file("edxml", case)
    msg = edxml.read(path, edxml.ReadOptions(attachments_dir=tmp_path))
    assert isinstance(msg, Envelope)
    files = sorted(p.name for p in tmp_path.iterdir())
    assert len(files) == 2
    assert not any(name.startswith(".") for name in files)
    for att, want in zip(msg.attachments, case["expected"]["attachments"], strict=True):
        assert att.content is not None and att.content.path is not None
        assert att.content.path.parent == tmp_path
        data = att.content.path.read_bytes()
        assert hashlib.sha256(data).hexdigest() == want["sha256"]
        assert att.content.path.name == att.name.replace("/", "_")
