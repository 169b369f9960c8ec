"""The provincial Office's quarterly report (Công văn 2183/UBND-KGVX), read from the policy log.

:func:`quarterly_report` reads a :class:`~vndocsign.policy.PolicyLog` back into per-unit
counts and rates, rendered as JSON, CSV, or a self-contained HTML page (:mod:`._html`).
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import json
import os
import re
from collections import Counter
from collections.abc import Iterable, Mapping
from typing import Any

import attrs

from vndocsign.model import to_vn
from vndocsign.policy._errors import PolicyError, PolicyLogError
from vndocsign.policy._html import render_html
from vndocsign.policy._log import KINDS, LogKind, PolicyLog, is_late
from vndocsign.policy._model import Delivery
from vndocsign.policy._submission import SubmissionVerdict

__all__ = ["QuarterlyReport", "UnitStats", "parse_quarter", "quarterly_report"]

# -- quarters ---------------------------------------------------------------------------------

_QUARTER = re.compile(r"^\s*(\d{4})\s*-?\s*[Qq]([1-4])\s*$")


def parse_quarter(text: str) -> tuple[dt.date, dt.date]:
    """``"2024Q3"`` -> (2024-07-01, 2024-09-30)."""
    m = _QUARTER.match(text)
    if not m:
        raise PolicyError(
            f"Not a quarter: {text!r} (expected e.g. 2024Q3)",
            f"Quý không hợp lệ: {text!r} (ví dụ đúng: 2024Q3)",
            value=text,
        )
    year, q = int(m.group(1)), int(m.group(2))
    start = dt.date(year, 3 * q - 2, 1)
    end = dt.date(year + (q == 4), (3 * q) % 12 + 1, 1) - dt.timedelta(days=1)
    return start, end


# -- statistics -------------------------------------------------------------------------------


def _rate(num: int, den: int) -> float | None:
    return round(num / den, 4) if den else None


@attrs.frozen
class UnitStats:
    """Counts for one unit over one quarter, and the rates derived from them."""

    unit: str
    decisions: int = 0
    electronic_only: int = 0
    electronic_and_paper: int = 0
    not_electronic: int = 0
    no_rule: int = 0
    submissions: int = 0
    accepted: int = 0
    returned: int = 0
    indeterminate: int = 0
    exchanges: int = 0
    late: int = 0

    @property
    def electronic_only_rate(self) -> float | None:
        return _rate(self.electronic_only, self.decisions)

    @property
    def paper_rate(self) -> float | None:
        return _rate(self.electronic_and_paper, self.decisions)

    @property
    def returned_rate(self) -> float | None:
        return _rate(self.returned, self.submissions)

    @property
    def late_rate(self) -> float | None:
        return _rate(self.late, self.exchanges)

    def __add__(self, other: UnitStats) -> UnitStats:
        """The counts of both (the unit's name is this one's)."""
        counts = {
            f.name: getattr(self, f.name) + getattr(other, f.name)
            for f in attrs.fields(UnitStats)
            if f.name != "unit"
        }
        return UnitStats(self.unit, **counts)

    def to_dict(self) -> dict[str, Any]:
        data = attrs.asdict(self)
        data.update(
            electronic_only_rate=self.electronic_only_rate,
            paper_rate=self.paper_rate,
            returned_rate=self.returned_rate,
            late_rate=self.late_rate,
        )
        return data


CSV_COLUMNS = (
    "unit",
    "decisions",
    "electronic_only",
    "electronic_only_rate",
    "electronic_and_paper",
    "paper_rate",
    "not_electronic",
    "no_rule",
    "submissions",
    "accepted",
    "returned",
    "returned_rate",
    "indeterminate",
    "exchanges",
    "late",
    "late_rate",
)


@attrs.frozen
class QuarterlyReport:
    quarter: str
    start: dt.date
    end: dt.date
    units: tuple[UnitStats, ...]
    total: UnitStats
    ignored: int = 0
    source: str | None = None

    def to_dict(self) -> dict[str, Any]:
        return {
            "quarter": self.quarter,
            "start": self.start.isoformat(),
            "end": self.end.isoformat(),
            "units": [u.to_dict() for u in self.units],
            "total": self.total.to_dict(),
            "ignored_records": self.ignored,
            "source": self.source,
        }

    def to_json(self) -> str:
        return json.dumps(self.to_dict(), ensure_ascii=False, indent=2)

    def to_csv(self) -> str:
        out = io.StringIO()
        writer = csv.writer(out, lineterminator="\n")
        writer.writerow(CSV_COLUMNS)
        for stats in (*self.units, self.total):
            row = stats.to_dict()
            writer.writerow(["" if row[c] is None else row[c] for c in CSV_COLUMNS])
        return out.getvalue()

    def to_html(self) -> str:
        return render_html(self)


_DELIVERY_COUNTER = {
    Delivery.ELECTRONIC_ONLY: "electronic_only",
    Delivery.ELECTRONIC_AND_PAPER: "electronic_and_paper",
    Delivery.NOT_ELECTRONIC: "not_electronic",
    Delivery.NO_RULE: "no_rule",
}
_VERDICT_COUNTER = {
    SubmissionVerdict.ACCEPTED: "accepted",
    SubmissionVerdict.RETURNED: "returned",
    SubmissionVerdict.INDETERMINATE: "indeterminate",
}


class _BadRecordError(PolicyLogError):
    """A malformed record; re-raised at once as a :class:`PolicyLogError` naming its line."""


def _moment(value: Any, where: str) -> dt.datetime:
    if not isinstance(value, str):
        raise _BadRecordError(f"{where} must be an ISO 8601 time")
    try:
        return to_vn(dt.datetime.fromisoformat(value))
    except ValueError as exc:
        raise _BadRecordError(f"{where}: {exc}") from None


def _count(rec: Mapping[str, Any], kind: LogKind, counts: Counter[str]) -> None:
    """Add one in-quarter record of ``kind`` to a unit's ``counts``."""
    if kind is LogKind.DECISION:
        try:
            delivery = Delivery(str(rec.get("delivery")))
        except ValueError:
            raise _BadRecordError(f"unknown delivery {rec.get('delivery')!r}") from None
        counts["decisions"] += 1
        counts[_DELIVERY_COUNTER[delivery]] += 1
    elif kind is LogKind.SUBMISSION:
        try:
            verdict = SubmissionVerdict(str(rec.get("verdict")))
        except ValueError:
            raise _BadRecordError(f"unknown verdict {rec.get('verdict')!r}") from None
        counts["submissions"] += 1
        counts[_VERDICT_COUNTER[verdict]] += 1
    else:
        late = rec.get("late")
        if late is None:
            late = is_late(
                _moment(rec.get("signed_at"), "'signed_at'"),
                _moment(rec.get("sent_at"), "'sent_at'"),
            )
        counts["exchanges"] += 1
        counts["late"] += bool(late)


def _records(
    log: str | os.PathLike[str] | PolicyLog | Iterable[Mapping[str, Any]],
) -> tuple[Iterable[tuple[int, Mapping[str, Any]]], str | None]:
    if isinstance(log, PolicyLog):
        return log.records(), str(log.path)
    if isinstance(log, str | os.PathLike):
        return PolicyLog(log).records(), str(log)
    return enumerate(log, start=1), None


def quarterly_report(
    log: str | os.PathLike[str] | PolicyLog | Iterable[Mapping[str, Any]],
    quarter: str,
) -> QuarterlyReport:
    """Per-unit counts and rates for ``quarter`` (``"2024Q3"``), by the time of each event.

    A malformed record (bad JSON, missing ``unit`` or ``at``, unknown ``delivery``) raises a
    :class:`~vndocsign.policy.PolicyLogError` naming its line; records of an unknown ``kind``
    are counted in ``ignored`` (a newer SDK may log more kinds).
    """
    start, end = parse_quarter(quarter)
    label = f"{start.year}Q{(start.month - 1) // 3 + 1}"
    records, source = _records(log)
    units: dict[str, Counter[str]] = {}
    ignored = 0
    for number, rec in records:
        if rec.get("kind") not in KINDS:
            ignored += 1
            continue
        try:
            unit = rec.get("unit")
            if not isinstance(unit, str) or not unit.strip():
                raise _BadRecordError("missing 'unit'")
            day = _moment(rec.get("at"), "'at'").date()
            if start <= day <= end:
                _count(rec, LogKind(rec["kind"]), units.setdefault(unit, Counter()))
        except _BadRecordError as exc:
            where = f"{source}:{number}" if source else f"record {number}"
            raise PolicyLogError(
                f"{where}: malformed log record ({exc})",
                f"{where}: bản ghi nhật ký không hợp lệ ({exc})",
                file=source,
                line=number,
            ) from None
    ordered = tuple(UnitStats(unit, **units[unit]) for unit in sorted(units))
    total = UnitStats("TỔNG / TOTAL")
    for s in ordered:
        total = total + s
    return QuarterlyReport(label, start, end, ordered, total, ignored, source)
