"""The JSON-lines log and the quarterly report (JSON, CSV, HTML with inline SVG)."""

from __future__ import annotations

import csv
import datetime as dt
import io
import json
import re
from html.parser import HTMLParser
from pathlib import Path

import pytest

from vndocsign.model.dates import VN_TZ
from vndocsign.policy import (
    DocumentFacts,
    PolicyError,
    PolicyLog,
    decide,
    is_late,
    parse_quarter,
    quarterly_report,
    send_deadline,
)


def _at(day: str, hour: int = 9) -> dt.datetime:
    return dt.datetime.combine(dt.date.fromisoformat(day), dt.time(hour), VN_TZ)


@pytest.fixture
def log(tmp_path: Path) -> PolicyLog:
    log = PolicyLog(tmp_path / "policy.jsonl")
    paper = decide(
        DocumentFacts(document_type="QĐ", subject="Quyết định phân bổ kinh phí"),
        profile="thanh-hoa",
        at="2024-07-02",
    )
    electronic = decide(
        DocumentFacts(document_type="Công văn"), profile="thanh-hoa", at="2024-07-02"
    )
    secret = decide(DocumentFacts(secrecy="MẬT"), profile="thanh-hoa", at="2024-07-02")
    for _ in range(3):
        log.append_decision(electronic, unit="Sở Tài chính", at=_at("2024-07-02"))
    log.append_decision(paper, unit="Sở Tài chính", at=_at("2024-08-15"))
    log.append_decision(secret, unit="Sở Nội vụ", at=_at("2024-09-30", 23))
    log.append_decision(electronic, unit="Sở Nội vụ", at=_at("2024-10-01", 0))  # next quarter
    log.append_decision(electronic, unit="Sở Nội vụ", at=_at("2024-06-30", 23))  # previous
    log.append(
        {
            "kind": "submission",
            "unit": "Sở Nội vụ",
            "at": "2024-07-10T10:00:00+07:00",
            "verdict": "RETURNED",
        }
    )
    log.append(
        {
            "kind": "submission",
            "unit": "Sở Nội vụ",
            "at": "2024-07-11T10:00:00+07:00",
            "verdict": "ACCEPTED",
        }
    )
    # signed Friday 16:00, sent Monday 11:59 (on time) and Monday 12:01 (late)
    log.append_exchange(
        unit="Sở Tài chính",
        signed_at=_at("2024-07-05", 16),
        sent_at=_at("2024-07-08", 11).replace(minute=59),
    )
    log.append_exchange(
        unit="Sở Tài chính",
        signed_at=_at("2024-07-05", 16),
        sent_at=_at("2024-07-08", 12).replace(minute=1),
    )
    with log.path.open("a", encoding="utf-8") as handle:  # a record of a newer SDK
        handle.write('{"kind": "future-kind", "unit": "X", "at": "2024-07-01T00:00:00+07:00"}\n')
    return log


def test_quarter_parsing() -> None:
    assert parse_quarter("2024Q3") == (dt.date(2024, 7, 1), dt.date(2024, 9, 30))
    assert parse_quarter("2024-q4") == (dt.date(2024, 10, 1), dt.date(2024, 12, 31))
    assert parse_quarter("2025Q1") == (dt.date(2025, 1, 1), dt.date(2025, 3, 31))
    with pytest.raises(PolicyError):
        parse_quarter("2024Q5")


def test_late_sending_follows_qd28() -> None:
    friday = _at("2024-07-05", 16)
    assert send_deadline(friday) == _at("2024-07-08", 12)
    assert not is_late(friday, _at("2024-07-05", 17))
    assert not is_late(friday, _at("2024-07-08", 12))
    assert is_late(friday, _at("2024-07-08", 13))
    # a UTC time is converted to Vietnam time first
    assert not is_late(friday, dt.datetime(2024, 7, 8, 4, 59, tzinfo=dt.UTC))


def test_quarterly_counts_and_rates(log: PolicyLog) -> None:
    report = quarterly_report(log.path, "2024Q3")
    units = {u.unit: u for u in report.units}
    assert set(units) == {"Sở Nội vụ", "Sở Tài chính"}
    tc, nv = units["Sở Tài chính"], units["Sở Nội vụ"]
    assert (tc.decisions, tc.electronic_only, tc.electronic_and_paper) == (4, 3, 1)
    assert tc.electronic_only_rate == 0.75 and tc.paper_rate == 0.25
    assert (tc.exchanges, tc.late, tc.late_rate) == (2, 1, 0.5)
    assert (nv.decisions, nv.not_electronic) == (1, 1)
    assert (nv.submissions, nv.returned, nv.returned_rate) == (2, 1, 0.5)
    assert report.total.decisions == 5 and report.total.returned == 1
    assert report.ignored == 1
    data = json.loads(report.to_json())
    assert data["quarter"] == "2024Q3" and len(data["units"]) == 2


def test_csv_output(log: PolicyLog) -> None:
    rows = list(csv.DictReader(io.StringIO(quarterly_report(log, "2024Q3").to_csv())))
    assert [r["unit"] for r in rows] == ["Sở Nội vụ", "Sở Tài chính", "TỔNG / TOTAL"]
    assert rows[1]["electronic_only_rate"] == "0.75"
    assert rows[0]["late_rate"] == ""  # no exchanges: no rate, not 0


class _Collector(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.tags: list[str] = []
        self.rects: list[dict[str, str | None]] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.tags.append(tag)
        if tag == "rect":
            self.rects.append(dict(attrs))


def test_html_is_self_contained_with_charts(log: PolicyLog, tmp_path: Path) -> None:
    log.append_decision(
        decide(DocumentFacts(document_type="Công văn"), profile="thanh-hoa", at="2024-07-02"),
        unit="<script>alert(1)</script>",
        at=_at("2024-07-03"),
    )
    page = quarterly_report(log, "2024Q3").to_html()
    parser = _Collector()
    parser.feed(page)
    assert "svg" in parser.tags and "table" in parser.tags
    assert "script" not in parser.tags  # no JS at all, and unit names are escaped
    assert "&lt;script&gt;" in page
    assert not re.search(r"(src|href)\s*=", page)  # nothing external
    # the stacked bar of Sở Tài chính: 3/4 electronic-only, 1/4 paper of a 520 pt bar
    widths = sorted(float(r["width"] or 0) for r in parser.rects if r.get("fill") == "#f9a825")
    assert 130.0 in widths


def test_empty_quarter(log: PolicyLog) -> None:
    report = quarterly_report(log, "2023Q1")
    assert report.units == () and report.total.decisions == 0
    assert "No decisions" in report.to_html()


def test_malformed_log_names_the_line(tmp_path: Path) -> None:
    path = tmp_path / "bad.jsonl"
    path.write_text(
        '{"kind": "decision", "unit": "A", "at": "2024-07-01T08:00:00+07:00", '
        '"delivery": "ELECTRONIC_ONLY"}\n\n{not json\n',
        encoding="utf-8",
    )
    with pytest.raises(PolicyError) as info:
        quarterly_report(path, "2024Q3")
    assert info.value.details["line"] == 3
    path.write_text('{"kind": "decision", "unit": "A", "at": "2024-07-01", "delivery": "FAX"}\n')
    with pytest.raises(PolicyError, match=":1: malformed"):
        quarterly_report(path, "2024Q3")
    with pytest.raises(PolicyError):
        quarterly_report(tmp_path / "missing.jsonl", "2024Q3")


def test_append_validates_records(tmp_path: Path) -> None:
    log = PolicyLog(tmp_path / "l.jsonl")
    with pytest.raises(PolicyError):
        log.append({"kind": "gossip", "unit": "A"})
    with pytest.raises(PolicyError):
        log.append({"kind": "decision"})
    assert not log.path.exists()
