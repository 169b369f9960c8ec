"""The provincial Office's quarterly report, from a JSON-lines log the SDK appends to.

Công văn 2183/UBND-KGVX asks the provincial Office to check submissions and report quarterly;
QĐ 28/2018 asks for documents to be sent on the day they are signed (or the next working
morning). Every decision, submission check and exchange can be appended to one log file
(one JSON object per line, append-only, safe for several processes: each record is written
with a single ``write`` on a file opened in append mode). :func:`quarterly_report` reads it
back into per-unit counts and rates, rendered as JSON, CSV, or a self-contained HTML page with
inline SVG charts (no JavaScript, no external files) that a head of office can open from an
e-mail attachment.

Log record (``"v": 1``) — common keys: ``kind`` (``decision``, ``submission``, ``exchange``),
``at`` (ISO 8601 time of the event; naive times are Vietnam time), ``unit`` (the unit
reported on). ``decision`` adds ``delivery``; ``submission`` adds ``verdict``; ``exchange``
adds ``signed_at``, ``sent_at`` and ``late`` (computed when absent).
"""

from __future__ import annotations

import csv
import datetime as dt
import html
import io
import json
import os
import re
from collections.abc import Iterable, Iterator, Mapping
from pathlib import Path
from typing import Any

import attrs

from vndocsign.errors import PolicyError
from vndocsign.model.dates import VN_TZ, to_vn
from vndocsign.policy.model import Decision, Delivery

__all__ = [
    "PolicyLog",
    "QuarterlyReport",
    "UnitStats",
    "is_late",
    "parse_quarter",
    "quarterly_report",
    "send_deadline",
]

LOG_VERSION = 1
KINDS = ("decision", "submission", "exchange")


def _iso(moment: dt.datetime | None) -> str:
    return to_vn(moment if moment is not None else dt.datetime.now(VN_TZ)).isoformat()


def send_deadline(signed_at: dt.datetime) -> dt.datetime:
    """QĐ 28/2018: sent the day it is signed, or the next working day's morning (12:00).

    Working days are Monday to Friday; public holidays are not known to the SDK and count as
    working days (a document signed before a holiday may be reported late — say so in the
    report's notes).
    """
    day = to_vn(signed_at).date() + dt.timedelta(days=1)
    while day.weekday() >= 5:
        day += dt.timedelta(days=1)
    return dt.datetime.combine(day, dt.time(12, 0), VN_TZ)


def is_late(signed_at: dt.datetime, sent_at: dt.datetime) -> bool:
    return to_vn(sent_at) > send_deadline(signed_at)


class PolicyLog:
    """An append-only JSON-lines log of decisions, submission checks and exchanges."""

    def __init__(self, path: str | os.PathLike[str]) -> None:
        self.path = Path(path)

    def append(self, record: Mapping[str, Any]) -> None:
        """Append one record (``kind``, ``unit`` and ``at`` are checked)."""
        rec = dict(record)
        rec.setdefault("v", LOG_VERSION)
        rec.setdefault("at", _iso(None))
        if rec.get("kind") not in KINDS:
            raise PolicyError(
                f"Log record kind must be one of {', '.join(KINDS)}",
                f"Loại bản ghi phải là một trong {', '.join(KINDS)}",
                kind=rec.get("kind"),
            )
        if not isinstance(rec.get("unit"), str) or not rec["unit"].strip():
            raise PolicyError("A log record needs a 'unit'", "Bản ghi cần có 'unit' (đơn vị)")
        line = json.dumps(rec, ensure_ascii=False, sort_keys=True, default=str) + "\n"
        self.path.parent.mkdir(parents=True, exist_ok=True)
        fd = os.open(self.path, os.O_WRONLY | os.O_APPEND | os.O_CREAT, 0o644)
        try:
            os.write(fd, line.encode("utf-8"))
        finally:
            os.close(fd)

    def append_decision(
        self,
        decision: Decision,
        *,
        unit: str,
        document: str | None = None,
        at: dt.datetime | None = None,
    ) -> None:
        self.append(
            {
                "kind": "decision",
                "unit": unit,
                "at": _iso(at),
                "document": document,
                "profile": decision.profile,
                "on": decision.on.isoformat(),
                "delivery": decision.delivery.value,
                "required_signatures": [r.value for r in decision.required_signatures],
                "rules": list(decision.rules),
            }
        )

    def append_check(
        self,
        check: Any,
        *,
        unit: str,
        document: str | None = None,
        at: dt.datetime | None = None,
    ) -> None:
        """Log a :class:`~vndocsign.policy.SubmissionCheck`."""
        self.append(
            {
                "kind": "submission",
                "unit": unit,
                "at": _iso(at),
                "document": document,
                "profile": check.profile,
                "on": check.on.isoformat(),
                "verdict": check.verdict.value,
                "reasons": [f.en for f in check.reasons],
            }
        )

    def append_exchange(
        self,
        *,
        unit: str,
        signed_at: dt.datetime,
        sent_at: dt.datetime,
        document: str | None = None,
    ) -> None:
        """Log a document sent over the exchange; lateness follows QĐ 28/2018."""
        self.append(
            {
                "kind": "exchange",
                "unit": unit,
                "at": _iso(sent_at),
                "document": document,
                "signed_at": _iso(signed_at),
                "sent_at": _iso(sent_at),
                "late": is_late(signed_at, sent_at),
            }
        )

    def records(self) -> Iterator[tuple[int, dict[str, Any]]]:
        """(line number, record) for every non-blank line; malformed lines raise."""
        try:
            handle = self.path.open(encoding="utf-8")
        except OSError as exc:
            raise PolicyError(
                f"Cannot read log {self.path}: {exc.strerror}",
                f"Không đọc được tệp nhật ký {self.path}: {exc.strerror}",
                file=str(self.path),
            ) from None
        with handle:
            for number, line in enumerate(handle, start=1):
                if not line.strip():
                    continue
                try:
                    rec = json.loads(line)
                except json.JSONDecodeError as exc:
                    raise PolicyError(
                        f"{self.path}:{number}: not a JSON object ({exc.msg})",
                        f"{self.path}:{number}: dòng không phải đối tượng JSON ({exc.msg})",
                        file=str(self.path),
                        line=number,
                    ) from None
                if not isinstance(rec, dict):
                    raise PolicyError(
                        f"{self.path}:{number}: not a JSON object",
                        f"{self.path}:{number}: dòng không phải đối tượng JSON",
                        file=str(self.path),
                        line=number,
                    )
                yield number, rec


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


@attrs.define
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

    def add(self, other: UnitStats) -> None:
        for field in attrs.fields(UnitStats):
            if field.name != "unit":
                setattr(self, field.name, getattr(self, field.name) + getattr(other, field.name))

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
    "unit", "decisions", "electronic_only", "electronic_only_rate", "electronic_and_paper",
    "paper_rate", "not_electronic", "no_rule", "submissions", "accepted", "returned",
    "returned_rate", "indeterminate", "exchanges", "late", "late_rate",
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
        return _render_html(self)


def _moment(value: Any, where: str) -> dt.datetime:
    if not isinstance(value, str):
        raise ValueError(f"{where} must be an ISO 8601 time")
    moment = dt.datetime.fromisoformat(value)
    return to_vn(moment)


def quarterly_report(
    log: str | os.PathLike[str] | PolicyLog | Iterable[Mapping[str, Any]],
    quarter: str,
) -> QuarterlyReport:
    """Per-unit counts and rates for ``quarter`` (``"2024Q3"``), by the time of each event.

    A malformed record (bad JSON, missing ``unit`` or ``at``, unknown ``delivery``) raises a
    :class:`PolicyError` naming its line; records of an unknown ``kind`` are counted in
    ``ignored`` (a newer SDK may log more kinds).
    """
    start, end = parse_quarter(quarter)
    label = f"{start.year}Q{(start.month - 1) // 3 + 1}"
    source: str | None = None
    if isinstance(log, PolicyLog):
        records: Iterable[tuple[int, Mapping[str, Any]]] = log.records()
        source = str(log.path)
    elif isinstance(log, str | os.PathLike):
        records = PolicyLog(log).records()
        source = str(log)
    else:
        records = enumerate(log, start=1)
    units: dict[str, UnitStats] = {}
    ignored = 0
    for number, rec in records:
        try:
            kind = rec.get("kind")
            if kind not in KINDS:
                ignored += 1
                continue
            unit = rec.get("unit")
            if not isinstance(unit, str) or not unit.strip():
                raise ValueError("missing 'unit'")
            day = _moment(rec.get("at"), "'at'").date()
            if not start <= day <= end:
                continue
            stats = units.setdefault(unit, UnitStats(unit))
            if kind == "decision":
                delivery = Delivery(rec.get("delivery"))
                stats.decisions += 1
                if delivery is Delivery.ELECTRONIC_ONLY:
                    stats.electronic_only += 1
                elif delivery is Delivery.ELECTRONIC_AND_PAPER:
                    stats.electronic_and_paper += 1
                elif delivery is Delivery.NOT_ELECTRONIC:
                    stats.not_electronic += 1
                else:
                    stats.no_rule += 1
            elif kind == "submission":
                verdict = rec.get("verdict")
                if verdict not in ("ACCEPTED", "RETURNED", "INDETERMINATE"):
                    raise ValueError(f"unknown verdict {verdict!r}")
                stats.submissions += 1
                if verdict == "ACCEPTED":
                    stats.accepted += 1
                elif verdict == "RETURNED":
                    stats.returned += 1
                else:
                    stats.indeterminate += 1
            else:
                late = rec.get("late")
                if late is None:
                    late = is_late(_moment(rec.get("signed_at"), "'signed_at'"),
                                   _moment(rec.get("sent_at"), "'sent_at'"))
                stats.exchanges += 1
                stats.late += bool(late)
        except (ValueError, TypeError) as exc:
            where = f"{source}:{number}" if source else f"record {number}"
            raise PolicyError(
                f"{where}: malformed log record ({exc})",
                f"{where}: bản ghi nhật ký không hợp lệ ({exc})",
                file=source,
                line=number,
            ) from None
    ordered = tuple(sorted(units.values(), key=lambda s: s.unit))
    total = UnitStats("TỔNG / TOTAL")
    for s in ordered:
        total.add(s)
    return QuarterlyReport(label, start, end, ordered, total, ignored, source)


# -- HTML -------------------------------------------------------------------------------------

_COLOURS = {
    "electronic_only": "#2e7d32",
    "electronic_and_paper": "#f9a825",
    "not_electronic": "#c62828",
    "no_rule": "#9e9e9e",
}
_LABELS = {
    "electronic_only": ("Chỉ điện tử", "Electronic only"),
    "electronic_and_paper": ("Điện tử và giấy", "Electronic and paper"),
    "not_electronic": ("Không qua mạng", "Not electronic"),
    "no_rule": ("Không có quy định", "No rule"),
}


def _pct(value: float | None) -> str:
    return "—" if value is None else f"{value * 100:.1f}%"


def _esc(text: object) -> str:
    return html.escape(str(text), quote=True)


def _stacked_chart(report: QuarterlyReport) -> str:
    rows = [u for u in report.units if u.decisions]
    if not rows:
        return "<p class='empty'>Không có quyết định nào trong quý / No decisions this quarter.</p>"
    label_w, bar_w, row_h = 220, 520, 30
    height = row_h * len(rows) + 40
    parts = [
        f"<svg role='img' aria-label='Delivery forms per unit' width='{label_w + bar_w + 70}' "
        f"height='{height}' viewBox='0 0 {label_w + bar_w + 70} {height}' "
        "xmlns='http://www.w3.org/2000/svg'>"
    ]
    for i, u in enumerate(rows):
        y = 10 + i * row_h
        parts.append(
            f"<text x='{label_w - 8}' y='{y + 18}' text-anchor='end' class='lbl'>"
            f"{_esc(u.unit)}</text>"
        )
        x = float(label_w)
        for key, colour in _COLOURS.items():
            count = getattr(u, key)
            if not count:
                continue
            w = bar_w * count / u.decisions
            vi, en = _LABELS[key]
            parts.append(
                f"<rect x='{x:.1f}' y='{y}' width='{w:.1f}' height='{row_h - 8}' "
                f"fill='{colour}'><title>{_esc(vi)} / {_esc(en)}: {count} "
                f"({_pct(count / u.decisions)})</title></rect>"
            )
            if w > 34:
                parts.append(
                    f"<text x='{x + w / 2:.1f}' y='{y + 16}' text-anchor='middle' "
                    f"class='in'>{count}</text>"
                )
            x += w
        parts.append(
            f"<text x='{label_w + bar_w + 6}' y='{y + 16}' class='lbl'>{u.decisions}</text>"
        )
    legend_y = height - 14
    x = label_w
    for key, colour in _COLOURS.items():
        vi, en = _LABELS[key]
        parts.append(f"<rect x='{x}' y='{legend_y - 10}' width='12' height='12' fill='{colour}'/>")
        parts.append(f"<text x='{x + 16}' y='{legend_y}' class='leg'>{_esc(vi)}</text>")
        x += 130
    parts.append("</svg>")
    return "".join(parts)


def _rate_chart(report: QuarterlyReport, attr: str, count_attr: str, colour: str,
                title: str) -> str:
    rows = [u for u in report.units if getattr(u, count_attr)]
    if not rows:
        return "<p class='empty'>Không có dữ liệu / No data.</p>"
    label_w, bar_w, row_h = 220, 400, 26
    height = row_h * len(rows) + 12
    parts = [
        f"<svg role='img' aria-label='{_esc(title)}' width='{label_w + bar_w + 90}' "
        f"height='{height}' viewBox='0 0 {label_w + bar_w + 90} {height}' "
        "xmlns='http://www.w3.org/2000/svg'>"
    ]
    for i, u in enumerate(rows):
        y = 6 + i * row_h
        rate = getattr(u, attr) or 0.0
        parts.append(
            f"<text x='{label_w - 8}' y='{y + 15}' text-anchor='end' class='lbl'>"
            f"{_esc(u.unit)}</text>"
            f"<rect x='{label_w}' y='{y}' width='{bar_w}' height='{row_h - 8}' fill='#eceff1'/>"
            f"<rect x='{label_w}' y='{y}' width='{bar_w * rate:.1f}' height='{row_h - 8}' "
            f"fill='{colour}'><title>{_pct(rate)}</title></rect>"
            f"<text x='{label_w + bar_w + 6}' y='{y + 14}' class='lbl'>{_pct(rate)} "
            f"({getattr(u, count_attr)})</text>"
        )
    parts.append("</svg>")
    return "".join(parts)


def _render_html(report: QuarterlyReport) -> str:
    t = report.total
    cards = [
        ("Văn bản đã xác định hình thức gửi", "Documents decided", str(t.decisions)),
        ("Tỷ lệ chỉ gửi điện tử", "Electronic-only rate", _pct(t.electronic_only_rate)),
        ("Tỷ lệ gửi kèm bản giấy", "Paper rate", _pct(t.paper_rate)),
        ("Hồ sơ trình bị trả lại", "Submissions returned",
         f"{t.returned}/{t.submissions} ({_pct(t.returned_rate)})"),
        ("Văn bản gửi chậm", "Sent late", f"{t.late}/{t.exchanges} ({_pct(t.late_rate)})"),
    ]
    card_html = "".join(
        f"<div class='card'><div class='num'>{_esc(v)}</div><div>{_esc(vi)}</div>"
        f"<div class='en'>{_esc(en)}</div></div>"
        for vi, en, v in cards
    )
    head = "".join(
        f"<th>{_esc(c)}</th>" for c in (
            "Đơn vị / Unit", "Quyết định", "Chỉ điện tử", "%", "Kèm giấy", "%", "Mật",
            "Không QĐ", "Hồ sơ trình", "Trả lại", "%", "Gửi", "Chậm", "%",
        )
    )
    body = []
    for u in (*report.units, t):
        cls = " class='total'" if u is t else ""
        cells = [
            u.unit, u.decisions, u.electronic_only, _pct(u.electronic_only_rate),
            u.electronic_and_paper, _pct(u.paper_rate), u.not_electronic, u.no_rule,
            u.submissions, u.returned, _pct(u.returned_rate), u.exchanges, u.late,
            _pct(u.late_rate),
        ]
        body.append(f"<tr{cls}>" + "".join(f"<td>{_esc(c)}</td>" for c in cells) + "</tr>")
    quarter = report.quarter
    period = f"{report.start:%d/%m/%Y} – {report.end:%d/%m/%Y}"
    return f"""<!DOCTYPE html>
<html lang="vi">
<head>
<meta charset="utf-8">
<title>Báo cáo quý {_esc(quarter)} — Quarterly report {_esc(quarter)}</title>
<style>
body {{ font-family: "Times New Roman", "Liberation Serif", serif; margin: 2em; color: #212121; }}
h1 {{ font-size: 1.5em; margin-bottom: 0; }}
h2 {{ font-size: 1.15em; margin-top: 2em; border-bottom: 1px solid #cfd8dc; }}
.sub {{ color: #546e7a; margin-top: .2em; }}
.cards {{ display: flex; flex-wrap: wrap; gap: 1em; margin: 1.5em 0; }}
.card {{ border: 1px solid #cfd8dc; border-radius: 6px; padding: .8em 1.2em; min-width: 11em; }}
.card .num {{ font-size: 1.6em; font-weight: bold; }}
.en {{ color: #607d8b; font-size: .85em; }}
table {{ border-collapse: collapse; margin-top: 1em; font-size: .9em; }}
th, td {{ border: 1px solid #cfd8dc; padding: .3em .6em; text-align: right; }}
th:first-child, td:first-child {{ text-align: left; }}
tr.total td {{ font-weight: bold; background: #eceff1; }}
svg .lbl {{ font: 13px sans-serif; fill: #263238; }}
svg .in {{ font: bold 12px sans-serif; fill: #fff; }}
svg .leg {{ font: 12px sans-serif; fill: #263238; }}
.empty {{ color: #90a4ae; }}
</style>
</head>
<body>
<h1>Báo cáo quý {_esc(quarter)}: gửi, nhận văn bản điện tử</h1>
<div class="sub">Quarterly report {_esc(quarter)} ({_esc(period)}) — electronic documents sent,
submissions checked (Công văn 2183/UBND-KGVX, 3183/VPCP-KSTT; QĐ 28/2018/QĐ-TTg)</div>
<div class="cards">{card_html}</div>
<h2>Hình thức gửi theo đơn vị / Delivery form per unit</h2>
{_stacked_chart(report)}
<h2>Tỷ lệ hồ sơ trình bị trả lại / Share of submissions returned</h2>
{_rate_chart(report, "returned_rate", "submissions", "#c62828", "Returned submissions")}
<h2>Tỷ lệ văn bản gửi chậm / Share of documents sent late</h2>
{_rate_chart(report, "late_rate", "exchanges", "#ef6c00", "Late sending")}
<h2>Số liệu chi tiết / Figures</h2>
<table><thead><tr>{head}</tr></thead><tbody>{"".join(body)}</tbody></table>
<p class="en">Gửi chậm: sau 12:00 ngày làm việc kế tiếp ngày ký (QĐ 28/2018); ngày lễ không được
trừ. Late: sent after 12:00 on the working day after signing (QĐ 28/2018); public holidays are
not known and count as working days.</p>
</body>
</html>
"""
