"""Decree 30 roles and document-level checks.

Decree 30/2020 (Art. 13, Phụ lục I II.7–8; regulations.md §1.4, §2): an issued document carries
the signer's personal signature(s) first, then the agency signature (an organisation
certificate) that covers them; a draft carries a ký tắt (initial); attachments and copies carry
the agency signature at the top of their first page. The role of each signature is inferred
from the certificate kind, the widget position and the order; these checks give warnings, not
a different cryptographic verdict.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from typing import Any

import attrs

from vndocsign.verification.report import Message, SignatureReport

__all__ = ["assign_roles", "decree30_checks"]

_INITIAL = re.compile(r"k[yý]\s*t[aắ]t|k[yý]\s*nh[aá]y|initial", re.IGNORECASE)
_COPY = re.compile(r"sao\s*y|sao\s*l[uụ]c|tr[ií]ch\s*sao|\bcopy\b", re.IGNORECASE)


def _role(sig: Any, report: SignatureReport) -> str:
    if report.type != "signature":
        return "timestamp"
    text = " ".join(x for x in (sig.reason, sig.name) if x)
    kind = report.signer.kind if report.signer else "unknown"
    if _INITIAL.search(text):
        return "initial"
    if kind == "organisation":
        if _COPY.search(text):
            return "copy"
        if sig.page is not None and sig.page > 0 and sig.rect is not None and sig.rect[1] > 500:
            return "attachment"
        return "agency"
    if kind == "individual":
        if sig.rect is not None and (sig.rect[2] - sig.rect[0]) < 40:
            return "initial"
        return "personal"
    return "unknown"


def assign_roles(sigs: Sequence[Any], reader: Any) -> list[SignatureReport]:
    """Reports in signing order with their inferred role."""
    ordered = sorted(sigs, key=lambda s: (s.revision if s.revision is not None else 10**9))
    out = []
    for s in ordered:
        report = s.report
        out.append(attrs.evolve(report, role=_role(s, report)))
    return out


def decree30_checks(reports: Sequence[SignatureReport], kind: str | None) -> list[Message]:
    """Sequence checks: personal before agency, agency cert is an organisation's, ký tắt."""
    out: list[Message] = []
    roles = [r.role for r in reports if r.type == "signature"]
    if kind is None:
        kind = "issued" if "agency" in roles else None
    if kind == "issued":
        if "agency" not in roles:
            out.append(Message(
                "nd30-no-agency", "issued document without an agency signature "
                "(organisation certificate)", "văn bản ban hành thiếu chữ ký số của cơ quan, "
                "tổ chức", "warning"))
        elif "personal" not in roles:
            out.append(Message(
                "nd30-no-personal", "issued document without the signer's personal signature",
                "văn bản ban hành thiếu chữ ký số của người có thẩm quyền", "info"))
        else:
            last_personal = max(i for i, r in enumerate(roles) if r == "personal")
            first_agency = min(i for i, r in enumerate(roles) if r == "agency")
            if first_agency < last_personal:
                out.append(Message(
                    "nd30-order", "the agency signature comes before a personal signature; it "
                    "must be last and cover them (Decree 30 Art. 13)",
                    "chữ ký số của cơ quan phải được ký sau cùng, bao trùm chữ ký cá nhân "
                    "(Điều 13 NĐ 30/2020)", "warning"))
    if kind == "draft" and "initial" not in roles:
        out.append(Message(
            "nd30-no-initial", "draft without an electronic initial (ký tắt) after './.'",
            "dự thảo chưa có chữ ký tắt điện tử sau dấu './.'", "warning"))
    return out
