"""Two renderings of a report: ETSI TS 119 102-2 XML and a printable HTML page.

The XML follows the TS 119 102-2 ``ValidationReport`` structure (namespace
``http://uri.etsi.org/19102/v1.2.1#``): one ``SignatureValidationReport`` per signature with
``SignatureIdentifier``, ``ValidationTimeInfo``, ``SignerInformation`` and
``SignatureValidationStatus`` (main indication and sub-indication as ETSI URNs). The HTML is
self-contained (no scripts, no external files), in Vietnamese with English in small print, and
lays out one block per signature with the seven fields TT 15/2025 requires.
"""

from __future__ import annotations

import html
from typing import Any

from lxml import etree

from vndocsign.verification._report import VerificationReport, _iso
from vndocsign.verification._states import SignatureType, TimeSource

__all__ = ["to_etsi_xml", "to_html"]

NS = "http://uri.etsi.org/19102/v1.2.1#"
DS = "http://www.w3.org/2000/09/xmldsig#"
_MAIN = {
    "TOTAL_PASSED": "urn:etsi:019102:mainindication:total-passed",
    "TOTAL_FAILED": "urn:etsi:019102:mainindication:total-failed",
    "INDETERMINATE": "urn:etsi:019102:mainindication:indeterminate",
}


def _el(parent: Any, tag: str, text: str | None = None) -> Any:
    e = etree.SubElement(parent, f"{{{NS}}}{tag}")
    if text is not None:
        e.text = text
    return e


def to_etsi_xml(report: VerificationReport) -> bytes:
    """The report as an ETSI TS 119 102-2 validation report (UTF-8 XML bytes)."""
    root = etree.Element(f"{{{NS}}}ValidationReport", nsmap={None: NS, "ds": DS})  # type: ignore[dict-item]
    for i, s in enumerate(report.signatures, 1):
        svr = _el(root, "SignatureValidationReport")
        ident = _el(svr, "SignatureIdentifier", None)
        ident.set("id", f"sig-{i}")
        _el(ident, "DAIdentifier", s.field)
        _el(ident, "HashOnly", "false")
        _el(ident, "DocHashOnly", "false")
        tinfo = _el(svr, "ValidationTimeInfo")
        _el(tinfo, "ValidationTime", _iso(report.validated_at))
        if s.signing_time is not None:
            best = _el(tinfo, "BestSignatureTime")
            _el(best, "POETime", _iso(s.signing_time))
            _el(
                best,
                "TypeOfProof",
                "urn:etsi:019102:poetype:validation"
                if s.signing_time_source is TimeSource.TIMESTAMP
                else "urn:etsi:019102:poetype:provided",
            )
        attrs_el = _el(svr, "SignatureAttributes")
        if s.claimed_time is not None:
            st = _el(attrs_el, "SigningTime")
            _el(st, "Time", _iso(s.claimed_time))
        if s.signer is not None:
            si = _el(svr, "SignerInformation")
            _el(si, "Signer", s.signer.subject)
        proc = _el(svr, "SignatureValidationProcess")
        _el(
            proc,
            "SignatureValidationProcessID",
            "urn:etsi:019102:validationprocess:LTVM"
            if s.timestamp
            else "urn:etsi:019102:validationprocess:Basic",
        )
        status = _el(svr, "SignatureValidationStatus")
        _el(status, "MainIndication", _MAIN[s.indication])
        if s.sub_indication:
            _el(status, "SubIndication", f"urn:etsi:019102:subindication:{s.sub_indication}")
        for m in s.messages:
            data = _el(status, "AssociatedValidationReportData")
            add = _el(data, "AdditionalValidationReportData")
            rd = _el(add, "ReportData")
            _el(rd, "Type", f"urn:vndocsign:message:{m.code}")
            _el(rd, "Value", m.en)
    validator = _el(root, "SignatureValidator")
    _el(validator, "TSPInformation").text = "vndocsign"
    return etree.tostring(root, xml_declaration=True, encoding="UTF-8", pretty_print=True)


_COLOURS = {
    "passed": "#1b7f3b",
    "indeterminate": "#9a6a00",
    "warning": "#b35900",
    "failed": "#b00020",
}


def _v(value: Any) -> str:
    if value is True:
        return "Có <small>(yes)</small>"
    if value is False:
        return "Không <small>(no)</small>"
    if value is None:
        return "—"
    return html.escape(str(value))


def _decree30_html(report: VerificationReport) -> list[str]:
    """The Decree 30 verdict, rule by rule (nothing for a document that is not issued)."""
    if not report.decree30:
        return []
    parts = ["<h2 style='font-size:16px'>Nghị định 30 <small>(Decree 30)</small></h2><ul>"]
    for c in report.decree30:
        css = {True: "info", False: "error", None: "warning"}[c.passed]
        parts.append(
            f"<li class='msg-{css}'>{html.escape(c.text('vi'))} "
            f"<small>({html.escape(c.en)})</small></li>"
        )
    parts.append("</ul>")
    return parts


def to_html(report: VerificationReport) -> str:
    """A self-contained, printable HTML page for a clerk (văn thư)."""
    colour = _COLOURS[report.status]
    parts = [
        "<!DOCTYPE html><html lang='vi'><head><meta charset='utf-8'>",
        "<title>Kết quả kiểm tra chữ ký số</title><style>",
        "body{font-family:'Liberation Serif','Times New Roman',serif;margin:24px;color:#111}",
        "h1{font-size:20px;margin:0 0 8px}small{color:#555}",
        f".verdict{{border:3px solid {colour};color:{colour};padding:10px 14px;font-size:18px;"
        "font-weight:bold;margin:12px 0}",
        "table{border-collapse:collapse;width:100%;margin:6px 0 14px}",
        "td,th{border:1px solid #999;padding:4px 8px;text-align:left;vertical-align:top;"
        "font-size:14px}th{width:38%;background:#f2f2f2}",
        ".sig{page-break-inside:avoid;margin-top:14px}.msg-error{color:#b00020}",
        ".msg-warning{color:#b35900}.msg-info{color:#444}",
        "@media print{body{margin:10mm}}</style></head><body>",
        "<h1>KẾT QUẢ KIỂM TRA CHỮ KÝ SỐ <small>/ Signature verification report</small></h1>",
        f"<div>Tệp <small>(file)</small>: <b>{html.escape(report.file)}</b></div>",
        f"<div>Thời điểm kiểm tra <small>(validated at)</small>: "
        f"{html.escape(_iso(report.validated_at) or '')} — hồ sơ tin cậy "
        f"<small>(trust profile)</small>: {html.escape(report.trust_profile)}</div>",
        f"<div class='verdict'>{html.escape(report.headline('vi'))}<br><small>"
        f"{html.escape(report.headline('en'))} — {report.verdict}"
        f"{'/' + report.sub_indication if report.sub_indication else ''}</small></div>",
    ]
    if report.messages:
        parts.append("<ul>")
        for m in report.messages:
            parts.append(
                f"<li class='msg-{m.severity}'>{html.escape(m.vi)} "
                f"<small>({html.escape(m.en)})</small></li>"
            )
        parts.append("</ul>")
    parts.extend(_decree30_html(report))
    for i, s in enumerate(report.signatures, 1):
        title = "Chữ ký số" if s.type is SignatureType.SIGNATURE else "Dấu thời gian tài liệu"
        parts.append(
            f"<div class='sig'><h2 style='font-size:16px'>{title} {i}: "
            f"{html.escape(s.field)} <small>— vai trò (role): {s.role_text}"
            f"{' (' + ', '.join(s.stamped) + ')' if s.stamped else ''} — "
            f"{s.indication}{'/' + s.sub_indication if s.sub_indication else ''}"
            "</small></h2><table>"
        )
        for label, value in s.tt15_fields().items():
            vi, _, en = label.partition(" (")
            parts.append(
                f"<tr><th>{html.escape(vi)} <small>({html.escape(en)}</small></th>"
                f"<td>{_v(value)}</td></tr>"
            )
        if s.signer is not None and s.signer.uid:
            uid = ", ".join(f"{k}: {v}" for k, v in s.signer.uid.items())
            parts.append(
                f"<tr><th>Mã định danh <small>(UID)</small></th><td>"
                f"{html.escape(uid)} ({html.escape(s.signer.kind)})</td></tr>"
            )
        parts.append(
            f"<tr><th>Thay đổi sau khi ký <small>(changes after signing)</small></th>"
            f"<td>{html.escape(s.modification)}"
            + (": " + html.escape("; ".join(s.changes[:6])) if s.changes else "")
            + "</td></tr>"
        )
        parts.append(
            f"<tr><th>Phủ toàn bộ tệp <small>(covers whole file)</small></th>"
            f"<td>{_v(s.covers_whole_file)}</td></tr></table>"
        )
        if s.messages:
            parts.append("<ul>")
            for m in s.messages:
                parts.append(
                    f"<li class='msg-{m.severity}'>{html.escape(m.vi)} "
                    f"<small>({html.escape(m.en)})</small></li>"
                )
            parts.append("</ul>")
        parts.append("</div>")
    parts.append("<p><small>vndocsign — ETSI EN 319 102-1; TT 15/2025/TT-BKHCN</small></p>")
    parts.append("</body></html>")
    return "".join(parts)
