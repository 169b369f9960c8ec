"""Validation reports every problem at once: schema, required fields, code lists, consistency."""

from __future__ import annotations

import datetime as dt

import attrs
import pytest

from tests.edxml.test_writer import example_envelope, example_status
from vndocsign import edxml
from vndocsign.edxml import (
    Bussiness,
    Code,
    Envelope,
    MessageHeader,
    Organization,
    OtherInfo,
    ResponseFor,
    StatusMessage,
    TraceHeaderList,
)


def _codes(report: edxml.ValidationReport) -> set[tuple[str, str]]:
    return {(p.severity, p.code) for p in report.problems}


def test_examples_are_valid() -> None:
    for message in (example_envelope(), example_status()):
        report = edxml.validate(message)
        assert report.ok and report.problems == ()
        assert edxml.validate(edxml.to_bytes(message)).ok


def test_all_problems_are_reported_not_just_the_first() -> None:
    env = Envelope(header=MessageHeader(from_=Organization(), to=[]))
    report = edxml.validate(env)
    assert not report.ok
    paths = {p.path.rsplit("/", 1)[-1] for p in report.errors}
    assert {"OrganId", "To", "Subject", "Code", "PromulgationDate", "DocumentId"} <= paths
    for problem in report.problems:
        assert problem.vi and problem.en and problem.vi != problem.en
    assert report.to_dict()["errors"] == len(report.errors)


def test_code_lists_and_document_id_consistency() -> None:
    base = example_envelope()
    header = attrs.evolve(
        base.header,
        document_id="000.00.00.G99,2024/05/11,124/VPCP-TTĐT",
        other_info=OtherInfo(priority=7),
        steering_type=9,
    )
    report = edxml.validate(attrs.evolve(base, header=header))
    messages = " ".join(p.en for p in report.problems)
    assert ("error", "code_list") in _codes(report)
    assert "Priority 7" in messages and "SteeringType 9" in messages
    doc_id = [p for p in report.problems if p.code == "document_id"]
    assert len(doc_id) == 3  # organ, date and code all disagree
    assert all(p.severity == "warning" for p in doc_id)
    odd = attrs.evolve(base, header=attrs.evolve(base.header, document_id="9fbfbad2-f1f8"))
    assert ("warning", "document_id") in _codes(edxml.validate(odd))


@pytest.mark.parametrize(
    ("business", "ok"),
    [
        (Bussiness(doc_type=1), False),
        (Bussiness.revoke("000.00.00.G22,2024/05/01,100/VPCP-TTĐT"), True),
        (Bussiness(doc_type=2, document_id="x"), False),
        (Bussiness.update("000.00.00.G22,2024/05/01,100/VPCP-TTĐT"), True),
        (Bussiness(doc_type=3), False),
        (Bussiness(doc_type=7), False),
    ],
)
def test_business_kinds_need_their_data(business: Bussiness, ok: bool) -> None:
    env = attrs.evolve(example_envelope(), trace=TraceHeaderList(bussiness=business))
    report = edxml.validate(env)
    assert report.ok is ok, report.problems


def test_revocation_by_response_for_is_enough() -> None:
    env = example_envelope()
    header = attrs.evolve(
        env.header,
        response_for=[
            ResponseFor(
                organ_id="000.00.00.G22",
                code="100/VPCP-TTĐT",
                document_id="000.00.00.G22,2024/05/01,100/VPCP-TTĐT",
                promulgation_date=dt.date(2024, 5, 1),
            )
        ],
    )
    env = attrs.evolve(env, header=header, trace=TraceHeaderList(bussiness=Bussiness(doc_type=1)))
    assert edxml.validate(env).ok


def test_status_rules() -> None:
    status = example_status()
    assert edxml.validate(status).ok
    unknown = attrs.evolve(status, status_code="09")
    assert ("error", "code_list") in _codes(edxml.validate(unknown))
    no_doc = attrs.evolve(status, response_for=None, timestamp=None)
    codes = [p.path for p in edxml.validate(no_doc).errors]
    assert any(p.endswith("DocumentId") for p in codes)
    assert any(p.endswith("Timestamp") for p in codes)
    # direction: 03 comes from a receiver, 13 from the issuer
    wrong = attrs.evolve(status, from_=Organization(organ_id="000.00.00.G22"))
    assert ("warning", "direction") in _codes(edxml.validate(wrong))
    recall = attrs.evolve(status, status_code="13")
    assert ("warning", "direction") in _codes(edxml.validate(recall))
    recall_ok = attrs.evolve(wrong, status_code="13")
    assert ("warning", "direction") not in _codes(edxml.validate(recall_ok))


def test_schema_problems_for_foreign_layout() -> None:
    data = (
        edxml.to_bytes(example_status())
        .replace(b"<edXML:StatusCode>03</edXML:StatusCode>", b"")
        .replace(
            b"</edXML:Timestamp>", b"</edXML:Timestamp><edXML:StatusCode>03</edXML:StatusCode>"
        )
    )
    report = edxml.validate(data)
    assert report.kind == "status"
    assert ("error", "schema") in _codes(report)
    assert edxml.validate(data, check_schema=False).ok


def test_raw_values_are_reported() -> None:
    env = example_envelope()
    env = attrs.evolve(
        env, header=attrs.evolve(env.header, due_date="30/02/2024", code=Code("1", "A"))
    )
    report = edxml.validate(edxml.to_bytes(env))
    assert any(p.code == "unreadable" and "DueDate" in p.path for p in report.errors)


def test_unreadable_input_is_one_problem() -> None:
    report = edxml.validate(b"not xml")
    assert not report.ok and len(report.problems) == 1
    assert report.problems[0].code == "edxml.parse"


def test_status_message_is_not_an_envelope() -> None:
    assert isinstance(edxml.read(edxml.to_bytes(example_status())), StatusMessage)
