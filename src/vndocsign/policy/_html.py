"""The quarterly report as one self-contained HTML page with inline SVG charts.

No JavaScript and no external files, so that a head of office can open it from an e-mail
attachment.
"""

from __future__ import annotations

import html
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from vndocsign.policy._report import QuarterlyReport

__all__ = ["render_html"]


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


def _rate_chart(
    report: QuarterlyReport, attr: str, count_attr: str, colour: str, title: str
) -> str:
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


def _cards(report: QuarterlyReport) -> str:
    t = report.total
    cards = [
        ("Văn bản đã xác định hình thức gửi", "Documents decided", str(t.decisions)),
        ("Tỷ lệ chỉ gửi điện tử", "Electronic-only rate", _pct(t.electronic_only_rate)),
        ("Tỷ lệ gửi kèm bản giấy", "Paper rate", _pct(t.paper_rate)),
        (
            "Hồ sơ trình bị trả lại",
            "Submissions returned",
            f"{t.returned}/{t.submissions} ({_pct(t.returned_rate)})",
        ),
        ("Văn bản gửi chậm", "Sent late", f"{t.late}/{t.exchanges} ({_pct(t.late_rate)})"),
    ]
    card_html = "".join(
        f"<div class='card'><div class='num'>{_esc(v)}</div><div>{_esc(vi)}</div>"
        f"<div class='en'>{_esc(en)}</div></div>"
        for vi, en, v in cards
    )
    return card_html


def _table(report: QuarterlyReport) -> str:
    t = report.total
    head = "".join(
        f"<th>{_esc(c)}</th>"
        for c in (
            "Đơn vị / Unit",
            "Quyết định",
            "Chỉ điện tử",
            "%",
            "Kèm giấy",
            "%",
            "Mật",
            "Không QĐ",
            "Hồ sơ trình",
            "Trả lại",
            "%",
            "Gửi",
            "Chậm",
            "%",
        )
    )
    body = []
    for u in (*report.units, t):
        cls = " class='total'" if u is t else ""
        cells = [
            u.unit,
            u.decisions,
            u.electronic_only,
            _pct(u.electronic_only_rate),
            u.electronic_and_paper,
            _pct(u.paper_rate),
            u.not_electronic,
            u.no_rule,
            u.submissions,
            u.returned,
            _pct(u.returned_rate),
            u.exchanges,
            u.late,
            _pct(u.late_rate),
        ]
        body.append(f"<tr{cls}>" + "".join(f"<td>{_esc(c)}</td>" for c in cells) + "</tr>")
    return f"<table><thead><tr>{head}</tr></thead><tbody>{''.join(body)}</tbody></table>"


def render_html(report: QuarterlyReport) -> str:
    """The whole page: headline figures, three charts and the table of figures."""
    card_html = _cards(report)
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
{_table(report)}
<p class="en">Gửi chậm: sau 12:00 ngày làm việc kế tiếp ngày ký (QĐ 28/2018); ngày lễ không được
trừ. Late: sent after 12:00 on the working day after signing (QĐ 28/2018); public holidays are
not known and count as working days.</p>
</body>
</html>
"""
