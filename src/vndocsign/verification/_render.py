"""Renderings of a report: ETSI TS 119 102-2 XML here; HTML and PDF for a clerk in
:mod:`._render_html` and :mod:`._render_pdf` (re-exported).

The XML follows the TS 119 102-2 ``ValidationReport`` structure (namespace
``http://uri.etsi.org/19102/v1.2.1#``): one ``SignatureValidationReport`` per signature with
``SignatureIdentifier``, ``ValidationTimeInfo``, ``SignerInformation`` and
``SignatureValidationStatus`` (main indication and sub-indication as ETSI URNs).
"""

from __future__ import annotations

from typing import Any

from lxml import etree

from vndocsign.verification._render_html import to_html
from vndocsign.verification._render_pdf import find_chromium, to_pdf
from vndocsign.verification._report import VerificationReport, _iso
from vndocsign.verification._states import TimeSource

__all__ = ["find_chromium", "to_etsi_xml", "to_html", "to_pdf"]

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
