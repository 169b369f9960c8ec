"""The verification report a clerk (văn thư) reads: one self-contained, printable HTML page.

No script and no external file: pictures are ``data:`` PNGs and the boxes over them are
absolutely positioned outlines in percent of the page, so the page looks the same in a
browser, printed, or turned into PDF by headless Chromium (:func:`to_pdf`). Sections, in the
order a clerk asks: which document (số, ký hiệu, date, issuer, trích yếu, read by
:func:`vndocsign.metadata.extract_metadata`), the verdict, the signed pages with every
signature's box numbered and every change after signing outlined in red, the timeline of
signatures and changes, then one block per signature with the seven fields TT 15/2025
requires. Document details are read without OCR (a scanned page shows "not found": OCR would
take tens of seconds per report). ``lang="vi"`` (default) has no English word (ETSI codes only in
``<code class='etsi'>``); ``lang="en"`` gives the English report.
"""

from __future__ import annotations

import hashlib
import html
import os
from pathlib import Path
from typing import Any

from vndocsign.verification._errors import BadArgumentError
from vndocsign.verification._render_picture import PagePicture, page_pictures
from vndocsign.verification._render_words import (
    LANGS,
    Words,
    format_time,
    reasons_not_valid,
)
from vndocsign.verification._report import SignatureReport, VerificationReport

__all__ = ["document_bytes", "to_html"]

_COLOURS = {
    "passed": "#1b7f3b",
    "indeterminate": "#9a6a00",
    "warning": "#b35900",
    "failed": "#b00020",
}
#: outline colours of the page pictures (the tests look for these exact colours)
SIG_COLOUR = "#1f4fd1"
CHANGE_COLOUR = "#e00000"
FRAME_COLOUR = "#008080"

_CSS = (
    "body{font-family:'Liberation Serif','Times New Roman',serif;margin:24px;color:#111}"
    "h1{font-size:20px;margin:0 0 8px}h2{font-size:16px;margin:18px 0 6px;break-after:avoid}"
    ".verdict{border:3px solid VERDICT;color:VERDICT;padding:10px 14px;font-size:18px;"
    "font-weight:bold;margin:12px 0}"
    "code.etsi{font:12px monospace;color:#666;font-weight:normal}"
    "table{border-collapse:collapse;width:100%;margin:6px 0 14px}"
    "td,th{border:1px solid #999;padding:4px 8px;text-align:left;vertical-align:top;"
    "font-size:14px}th{width:32%;background:#f2f2f2}"
    ".signature{break-inside:avoid;margin-top:14px}.msg-error{color:#b00020}"
    ".msg-warning{color:#b35900}.msg-info{color:#444}.why{color:#b00020}"
    "figure{margin:28px 0 10px;break-inside:avoid}"
    f".pic{{position:relative;width:680px;max-width:100%;border:2px solid {FRAME_COLOUR}}}"
    ".pic img{display:block;width:100%;height:auto}"
    ".box{position:absolute;box-sizing:border-box}"
    f".box.sig{{border:3px solid {SIG_COLOUR}}}"
    f".box.change{{border:3px solid {CHANGE_COLOUR}}}"
    f".box .n{{position:absolute;left:-3px;top:-22px;background:{SIG_COLOUR};color:#fff;"
    "font:bold 14px/19px sans-serif;padding:0 7px}"
    "figcaption{font-size:13px;color:#333;margin-top:4px}"
    ".legend-sig{color:#173a99}.legend-change{color:#a00000}"  # not the outlines' colours
    "*{-webkit-print-color-adjust:exact;print-color-adjust:exact}"
    "@page{size:A4;margin:12mm}@media print{body{margin:0}}"
)


def _e(value: Any) -> str:
    return html.escape(str(value))


def document_bytes(report: VerificationReport, pdf: Any) -> bytes | None:
    """The PDF the report is about: ``pdf`` (bytes, path or binary stream), or when it is
    ``None`` the file the report names if it is still the same file (size and SHA-256)."""
    if pdf is None:
        path = Path(report.file)
        if not report.sha256 or not path.is_file() or path.stat().st_size != report.size:
            return None
        data = path.read_bytes()
        return data if hashlib.sha256(data).hexdigest() == report.sha256 else None
    if isinstance(pdf, bytes | bytearray | memoryview):
        return bytes(pdf)
    if isinstance(pdf, str | os.PathLike):
        from vndocsign._io import check_input_file

        return check_input_file(pdf).read_bytes()
    data = pdf.read()
    return bytes(data)


def _metadata(data: bytes | None, w: Words) -> list[str]:
    """Số, ký hiệu; date; issuer; type; trích yếu — read from the text layer."""
    if data is None:
        return [f"<p><i>{_e(w('no_pdf'))}</i></p>"]
    doc: Any = None
    try:
        from vndocsign.metadata import extract_metadata

        doc = extract_metadata(data, ocr=False)  # OCR of a scan takes tens of seconds
    except Exception:  # noqa: S110 - no text layer, unreadable: the rows say "not found"
        pass
    missing = f"<i>{_e(w('not_read'))}</i>"

    def val(value: Any) -> str:
        return _e(value) if value else missing

    number = getattr(doc, "number", None)
    issued = getattr(doc, "issued_date", None)
    date = issued.strftime("%d/%m/%Y") if issued is not None else None
    place = getattr(doc, "place", None)
    issuer = getattr(doc, "issuer", None)
    issuer_text = None
    if issuer is not None:
        issuer_text = " — ".join(
            x for x in (getattr(issuer.parent, "name", None), issuer.name) if x
        )
    doc_type = getattr(doc, "document_type", None)
    rows = [
        ("number", str(number) if number else None),
        ("date", f"{place}, {date}" if place and date else date),
        ("issuer", issuer_text),
        ("type", str(doc_type) if doc_type else None),
        ("subject", getattr(doc, "subject", None)),
    ]
    body = "".join(f"<tr><th>{_e(w(k))}</th><td>{val(v)}</td></tr>" for k, v in rows)
    return [f"<h2>{_e(w('document'))}</h2><table class='document'>{body}</table>"]


def _pictures(pictures: list[PagePicture], w: Words) -> list[str]:
    if not pictures:
        return []
    parts = [f"<h2>{_e(w('pages'))}</h2>"]
    for p in pictures:
        boxes = []
        for o in p.overlays:
            style = f"left:{o.left}%;top:{o.top}%;width:{o.width}%;height:{o.height}%"
            if o.kind == "sig":
                boxes.append(
                    f"<div class='box sig' data-n='{o.number}' style='{style}'>"
                    f"<span class='n'>{o.number}</span></div>"
                )
            else:
                title = _e(w.change(o.change or "content"))
                boxes.append(
                    f"<div class='box change' data-kind='{_e(o.change)}' title='{title}' "
                    f"style='{style}'></div>"
                )
        alt = f"{w('page')} {p.page + 1}"
        parts.append(
            f"<figure data-page='{p.page + 1}'><div class='pic'>"
            f"<img src='{p.data_uri}' width='{p.width}' height='{p.height}' alt='{_e(alt)}'>"
            + "".join(boxes)
            + f"</div><figcaption><b>{_e(alt)}</b> — <span class='legend-sig'>"
            f"{_e(w('legend_sig'))}</span>; <span class='legend-change'>"
            f"{_e(w('legend_change'))}</span></figcaption></figure>"
        )
    return parts


def _certificate(s: SignatureReport, w: Words) -> str | None:
    """Subject (with the report's own labels, not asn1crypto's English ones), serial, issuer."""
    c = s.signer
    if c is None:
        return None
    if w.lang == "vi":
        labels = (
            (c.name, ""),
            (c.title, "chức danh "),
            (c.organizational_unit, "đơn vị "),
            (c.organization, ""),
            (c.locality, ""),
            (c.province, ""),
            (c.country, "quốc gia "),
        )
        subject = ", ".join(f"{p}{v}" for v, p in labels if v)
    else:
        subject = c.subject
    return f"{subject} — {w('serial')} {c.serial} — {w('issued_by')} {c.issuer}"


def _sig_head(i: int, s: SignatureReport, w: Words) -> str:
    return f"{w.kind_of_signature(s)} {i} ({w('field')} «{s.field}»)"


def _timeline(report: VerificationReport, w: Words) -> list[str]:
    """One row per revision that signed or changed something, oldest first."""
    sigs = {
        s.revision: (i, s) for i, s in enumerate(report.signatures, 1) if s.revision is not None
    }
    changes: dict[int, list[str]] = {}
    rendered: list[str] = []
    for i, s in enumerate(report.signatures, 1):
        for c in s.later_changes:
            if c.revision is None:
                note = f"{w('rendered')} ({w('after_sig')} {i}): {w.change(c.kind)}"
                if note not in rendered:
                    rendered.append(note)
            elif not (c.revision in sigs and str(c.kind) == "signature"):
                words_ = changes.setdefault(c.revision, [])
                if w.change(c.kind) not in words_:
                    words_.append(w.change(c.kind))
    rows = []
    for rev in sorted(set(sigs) | set(changes)):
        what: list[str] = []
        when = "—"
        if rev in sigs:
            i, s = sigs[rev]
            when = format_time(s.signing_time) or "—"
            who = s.signer.name if s.signer and s.signer.name else "—"
            what.append(
                f"<b>{_e(_sig_head(i, s, w))}</b>: {_e(w.role(s))} — {_e(w('signed_by'))} "
                f"<b>{_e(who)}</b>"
            )
            cert = _certificate(s, w)
            if cert:
                what.append(f"{_e(w('certificate'))}: {_e(cert)}")
        if rev in changes:
            what.append(f"{_e(w('changed'))}: {_e('; '.join(changes[rev]))}")
        rows.append(f"<tr><td>{rev}</td><td>{_e(when)}</td><td>{'<br>'.join(what)}</td></tr>")
    rows.extend(f"<tr><td>—</td><td>—</td><td>{_e(n)}</td></tr>" for n in rendered)
    if not rows:
        return []
    head = f"<th>{_e(w('revision'))}</th><th>{_e(w('when'))}</th><th>{_e(w('what'))}</th>"
    return [
        f"<h2>{_e(w('timeline'))}</h2><table class='timeline'><tr>{head}</tr>",
        *rows,
        "</table>",
    ]


def _etsi(indication: str, sub: str | None) -> str:
    code = indication + (f"/{sub}" if sub else "")
    return f" <code class='etsi' title='ETSI EN 319 102-1'>ETSI: {_e(code)}</code>"


def _messages(messages: Any, lang: str) -> list[str]:
    if not messages:
        return []
    items = "".join(f"<li class='msg-{m.severity}'>{_e(m.text(lang))}</li>" for m in messages)
    return [f"<ul>{items}</ul>"]


def _signature_rows(s: SignatureReport, w: Words) -> list[tuple[str, str]]:
    c = s.signer
    verdict = _e(w.indication(s.indication)) + _etsi(s.indication, s.sub_indication)
    sub = w.sub_indication(s.sub_indication)
    if sub and s.indication != "TOTAL_PASSED":
        verdict += f"<br>{_e(sub)}"
    time = format_time(s.signing_time)
    kinds = list(dict.fromkeys(w.change(x.kind) for x in s.later_changes))
    validity = None
    if c is not None and (c.not_before or c.not_after):
        validity = f"{format_time(c.not_before) or '?'} {w('to')} {format_time(c.not_after) or '?'}"
    rows = [
        (w("verdict"), verdict),
        (w("role"), _e(w.role(s))),
        (w("issuer_ca"), _e(s.issuer_ca or w("none"))),
        (w("signer"), _e(c.name if c and c.name else w("none"))),
        (w("managing_unit"), _e(c.organization if c and c.organization else w("none"))),
        (
            w("signing_time"),
            _e(f"{time} — {w.time_source(s.signing_time_source)}" if time else w("none")),
        ),
        (w("integrity"), _e(w.yes_no(s.intact))),
        (w("valid_at"), _e(w.yes_no(s.valid_at_signing_time))),
        (w("validity"), _e(validity or w("none"))),
        (w("certificate"), _e(_certificate(s, w) or w("none"))),
    ]
    why = reasons_not_valid(s, w.lang)
    if why:
        items = "".join(f"<li>{_e(x)}</li>" for x in why)
        rows.insert(1, (w("why"), f"<ul class='why'>{items}</ul>"))
    if c is not None and c.uid:
        uid = ", ".join(f"{k}: {v}" for k, v in c.uid.items())
        rows.append((w("uid"), _e(f"{uid} ({w.cert_kind(c.kind)})")))
    rows.append((w("revocation"), _e(w.revocation(s.revocation))))
    rows.append(
        (
            w("changes_after"),
            _e(w.modification(s.modification) + (": " + "; ".join(kinds) if kinds else "")),
        )
    )
    rows.append((w("whole_file"), _e(w.yes_no(s.covers_whole_file))))
    return rows


def _signature(i: int, s: SignatureReport, w: Words) -> list[str]:
    rows = "".join(f"<tr><th>{_e(k)}</th><td>{v}</td></tr>" for k, v in _signature_rows(s, w))
    return [
        f"<div class='signature' id='sig-{i}'><h2>{_e(_sig_head(i, s, w))}</h2>",
        f"<table>{rows}</table>",
        *_messages(s.messages, w.lang),
        "</div>",
    ]


def _decree30(report: VerificationReport, w: Words) -> list[str]:
    if not report.decree30:
        return []
    items = "".join(
        f"<li class='msg-{ {True: 'info', False: 'error', None: 'warning'}[c.passed] }'>"
        f"{_e(c.text(w.lang))}</li>"
        for c in report.decree30
    )
    return [f"<h2>{_e(w('decree30'))}</h2><ul>{items}</ul>"]


def to_html(
    report: VerificationReport,
    pdf: Any = None,
    *,
    lang: str = "vi",
    pictures: bool = True,
) -> str:
    """A self-contained, printable HTML page for a clerk (văn thư), in ``lang`` (vi/en).

    ``pdf`` (bytes, path or binary stream) is the verified file: the report then shows the
    document's number, date, issuer and subject and pictures of the signed pages. Without it
    the file named in the report is used when it is still the same file (size and SHA-256);
    else the report has neither (``pictures=False`` leaves the pictures out anyway).
    """
    if lang not in LANGS:
        raise BadArgumentError(
            f"Unknown report language {lang!r} (vi or en)",
            f"Ngôn ngữ báo cáo không hợp lệ {lang!r} (vi hoặc en)",
            lang=lang,
        )
    w = Words(lang)
    data = document_bytes(report, pdf)
    colour = _COLOURS[report.status]
    parts = [
        f"<!DOCTYPE html><html lang='{lang}'><head><meta charset='utf-8'>",
        f"<title>{_e(w('title'))}</title><style>{_CSS.replace('VERDICT', colour)}</style>",
        f"</head><body><h1>{_e(w('heading'))}</h1>",
        f"<div>{_e(w('file'))}: <b>{_e(w.file(report.file))}</b></div>",
        f"<div>{_e(w('validated_at'))}: {_e(format_time(report.validated_at))} — "
        f"{_e(w('trust_profile'))}: {_e(w.profile(report.trust_profile))}</div>",
        *_metadata(data, w),
        f"<div class='verdict'>{_e(report.headline(lang))}"
        f"{_etsi(report.verdict, report.sub_indication)}</div>",
        *_messages(report.messages, lang),
        *_pictures(page_pictures(report, data) if data is not None and pictures else [], w),
        *_timeline(report, w),
        *_decree30(report, w),
    ]
    for i, s in enumerate(report.signatures, 1):
        parts.extend(_signature(i, s, w))
    parts.append(f"<p><small>{_e(w('footer'))}</small></p></body></html>")
    return "".join(parts)
