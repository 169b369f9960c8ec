"""The Decree 30 verdict on an issued document (văn bản ban hành), rule by rule.

Decree 30/2020 Art. 13 and Phụ lục I: the competent person signs personally (the name printed
in the signer block); the registry (văn thư) then signs with the *agency's* certificate, which
stamps the number and the date into their blanks and puts the seal over the left third of the
personal signature. Each rule is reported passed / failed (or unknown when the file does not
tell) with an English and a Vietnamese message, beside the ETSI verdicts: a failed rule never
changes the cryptographic indication.
"""

from __future__ import annotations

import datetime as dt
import re
import unicodedata
from collections.abc import Sequence
from typing import Any

from vndocsign.model import SignatureRole
from vndocsign.pki import CertificateKind
from vndocsign.verification._report import Decree30Check, SignatureReport
from vndocsign.verification._roles import DocumentText
from vndocsign.verification._states import SignatureType, Stamp

__all__ = ["issued_document_checks"]

_ORG_ROLES = (SignatureRole.AGENCY, SignatureRole.ATTACHMENT, SignatureRole.COPY)


def _fold(text: str | None) -> str:
    if not text:
        return ""
    decomposed = unicodedata.normalize("NFD", text.replace("Đ", "D").replace("đ", "d"))
    plain = "".join(c for c in decomposed if not unicodedata.combining(c))
    return re.sub(r"\W+", " ", plain).strip().casefold()


def _same_agency(certificate_name: str, printed: str) -> bool:
    """Whether a certificate's organization names the printed agency (abbreviations allowed)."""
    a, b = _fold(certificate_name).split(), set(_fold(printed).split())
    return bool(a) and sum(w in b for w in a) / len(a) >= 0.6


def _document(source: DocumentText) -> Any:
    """The extracted :class:`~vndocsign.model.OfficialDocument`, or ``None``."""
    text = source.get()
    if text is None:
        return None
    try:
        from vndocsign.metadata import extract

        result = extract(text)
    except Exception:
        return None
    return result.document if result.has_text_layer else None


def _personal_signer(reports: Sequence[SignatureReport], doc: Any) -> Decree30Check:
    personal = [r for r in reports if r.role is SignatureRole.PERSONAL]
    printed = doc.signer.full_name if doc is not None and doc.signer is not None else None
    names = [r.signer.name for r in personal if r.signer is not None and r.signer.name]
    if not personal:
        passed: bool | None = False
    elif printed is None:
        passed = None
    else:
        passed = any(_fold(printed) == _fold(n) for n in names)
    who = printed or "?"
    return Decree30Check(
        "personal_signer",
        passed,
        f"personal signature by the printed signer ({who}); signed by: {', '.join(names) or '—'}",
        f"chữ ký số cá nhân của người ký ghi trên văn bản ({who}); người ký số: "
        f"{', '.join(names) or '—'}",
    )


def _agency_organization(reports: Sequence[SignatureReport], doc: Any) -> Decree30Check:
    agency = [r for r in reports if r.role in _ORG_ROLES]
    issuer = doc.issuer.name if doc is not None and doc.issuer is not None else None
    orgs = sorted({r.signer.name or "" for r in agency if r.signer is not None})
    passed: bool | None = bool(agency) and all(
        r.signer is not None and r.signer.kind is CertificateKind.ORGANIZATION for r in agency
    )
    if passed and issuer:
        names = [issuer, doc.issuer.parent or ""]
        passed = all(any(_same_agency(o, n) for n in names if n) for o in orgs)
    return Decree30Check(
        "agency_organization",
        passed,
        f"agency signatures by an organization certificate of the issuing agency "
        f"({issuer or '?'}); signed by: {', '.join(orgs) or '—'}",
        f"chữ ký số của cơ quan bằng chứng thư số của cơ quan ban hành ({issuer or '?'}); "
        f"tổ chức ký: {', '.join(orgs) or '—'}",
    )


def _stamped(reports: Sequence[SignatureReport], stamp: Stamp) -> bool:
    return any(stamp in r.stamped for r in reports)


def _stamped_text(reports: Sequence[SignatureReport], stamp: Stamp) -> list[str]:
    return [r.stamped_text for r in reports if stamp in r.stamped and r.stamped_text]


def _number_text(reports: Sequence[SignatureReport], doc: Any) -> str | None:
    """The number as a reader sees it: stamped digits + the printed ký hiệu when both exist."""
    number = doc.number if doc is not None else None
    stamped = _stamped_text(reports, Stamp.NUMBER)
    notation = getattr(number, "notation", None)
    if stamped and notation:
        return f"{stamped[0]}/{notation}"
    if stamped:
        return stamped[0]
    return str(number) if number is not None and number.number is not None else None


_DATE_PARTS = re.compile(
    r"ng[àa]y\s*(?P<d>\d{1,2})?\s*th[áa]ng\s*(?P<m>\d{1,2})?\s*n[ăa]m\s*(?P<y>\d{4})?",
    re.IGNORECASE,
)


def _issue_date(
    reports: Sequence[SignatureReport], rects: dict[str, Any], text: DocumentText
) -> str | None:
    """The date a reader sees: the printed date line with the stamped parts in its blanks."""
    stamps = sorted(
        (r for r in reports if Stamp.DATE in r.stamped and r.stamped_text and r.page is not None),
        key=lambda r: (rects.get(r.field) or (0.0,))[0],
    )
    page = stamps[0].page if stamps else 0
    line = text.layouts()(page or 0).date_text
    m = _DATE_PARTS.search(line or "")
    if m is None:
        return None
    parts = [m.group("d"), m.group("m"), m.group("y")]
    fill = [str(r.stamped_text).strip() for r in stamps]
    for i, value in enumerate(parts):
        if value is None and fill:
            parts[i] = fill.pop(0)
    try:
        return dt.date(int(parts[2] or ""), int(parts[1] or ""), int(parts[0] or "")).isoformat()
    except ValueError:
        return None


def _number_date(
    reports: Sequence[SignatureReport], doc: Any, issued_on: str | None
) -> list[Decree30Check]:
    number = doc.number if doc is not None else None
    printed_number = number is not None and number.number is not None
    date_line = doc.date_line if doc is not None else None
    printed_date = date_line is not None and date_line.date is not None
    has_number = printed_number or _stamped(reports, Stamp.NUMBER)
    has_date = printed_date or _stamped(reports, Stamp.DATE) or issued_on is not None
    shown = _number_text(reports, doc)
    parts = ", ".join(_stamped_text(reports, Stamp.DATE))
    if issued_on is None and printed_date and date_line is not None and date_line.date:
        issued_on = date_line.date.isoformat()
    number_note = f" ({shown})" if shown else ""
    en_note = "; ".join(x for x in (issued_on, f"stamped: {parts}" if parts else "") if x)
    vi_note = "; ".join(x for x in (issued_on, f"đóng: {parts}" if parts else "") if x)
    return [
        Decree30Check(
            "number_present",
            has_number,
            "the document number is "
            + ("printed or stamped into the 'Số:' blank" if has_number else "missing")
            + number_note,
            "số văn bản "
            + ("đã có (in sẵn hoặc đóng vào chỗ trống 'Số:')" if has_number else "còn thiếu")
            + number_note,
            value=shown,
        ),
        Decree30Check(
            "date_present",
            has_date,
            "the date is "
            + ("printed or stamped into the date line" if has_date else "missing")
            + (f" ({en_note})" if en_note else ""),
            "ngày ban hành "
            + ("đã có (in sẵn hoặc đóng vào dòng ngày tháng)" if has_date else "còn thiếu")
            + (f" ({vi_note})" if vi_note else ""),
            value=issued_on,
        ),
    ]


def _seal_over_personal(reports: Sequence[SignatureReport], rects: dict[str, Any]) -> Decree30Check:
    passed = False
    for i, r in enumerate(reports):
        if r.role is not SignatureRole.PERSONAL or rects.get(r.field) is None:
            continue
        p = rects[r.field]
        for later in reports[i + 1 :]:
            s = rects.get(later.field)
            if (
                Stamp.SEAL in later.stamped
                and s is not None
                and later.page == r.page
                and min(p[2], s[2]) > max(p[0], s[0])
                and min(p[3], s[3]) > max(p[1], s[1])
            ):
                passed = True
    return Decree30Check(
        "seal_over_personal",
        passed,
        "the agency seal "
        + ("lies over the personal signature" if passed else "does not cover a personal signature"),
        "dấu của cơ quan "
        + ("trùm lên chữ ký cá nhân" if passed else "không trùm lên chữ ký cá nhân nào"),
    )


def issued_document_checks(
    reports: Sequence[SignatureReport], rects: dict[str, Any], text: DocumentText
) -> tuple[Decree30Check, ...]:
    """The rules for an issued document (``()`` when no agency signature makes it one).

    ``rects``: field name → widget rectangle; ``text``: the document's text layer (read only
    here, lazily), where the printed signer, agency, number and date are read from.
    """
    sigs = [r for r in reports if r.type is SignatureType.SIGNATURE]
    if not any(r.role is SignatureRole.AGENCY for r in sigs):
        return ()
    doc = _document(text)
    return (
        _personal_signer(sigs, doc),
        _agency_organization(sigs, doc),
        *_number_date(sigs, doc, _issue_date(sigs, rects, text)),
        _seal_over_personal(sigs, rects),
    )
