"""Decree 30 roles and document-level checks.

Decree 30/2020 (Art. 13, Phụ lục I II.7–8; regulations.md §1.4, §2): an issued document carries
the signer's personal signature(s) first, then the agency signature (an organization
certificate) that covers them; a draft carries a ký tắt (initial); attachments and copies carry
the agency signature at the top of their first page. The role of each signature is inferred
from the certificate kind, the widget position and the order; these checks give warnings, not
a different cryptographic verdict.
"""

from __future__ import annotations

import re
from collections.abc import Sequence

import attrs

from vndocsign.model import SignatureRole
from vndocsign.pki import CertificateKind
from vndocsign.verification._context import SignatureSite
from vndocsign.verification._report import Message, SignatureReport
from vndocsign.verification._states import DocumentKind, SignatureType

__all__ = ["assign_roles", "decree30_checks"]

_INITIAL = re.compile(r"k[yý]\s*t[aắ]t|k[yý]\s*nh[aá]y|initial", re.IGNORECASE)
_COPY = re.compile(r"sao\s*y|sao\s*l[uụ]c|tr[ií]ch\s*sao|\bcopy\b", re.IGNORECASE)


def _role(sig: SignatureSite, report: SignatureReport) -> SignatureRole | None:
    """The Decree 30 role of a signature (``None``: a time-stamp, or not recognised)."""
    if report.type is not SignatureType.SIGNATURE:
        return None
    text = " ".join(x for x in (sig.reason, sig.name) if x)
    kind = report.signer.kind if report.signer else CertificateKind.UNKNOWN
    if _INITIAL.search(text):
        return SignatureRole.INITIAL
    if kind is CertificateKind.ORGANIZATION:
        if _COPY.search(text):
            return SignatureRole.COPY
        if sig.page is not None and sig.page > 0 and sig.rect is not None and sig.rect[1] > 500:
            return SignatureRole.ATTACHMENT
        return SignatureRole.AGENCY
    if kind is CertificateKind.INDIVIDUAL:
        if sig.rect is not None and (sig.rect[2] - sig.rect[0]) < 40:
            return SignatureRole.INITIAL
        return SignatureRole.PERSONAL
    return None


def assign_roles(
    checked: Sequence[tuple[SignatureSite, SignatureReport]],
) -> list[SignatureReport]:
    """Reports in signing order with their inferred role."""
    ordered = sorted(checked, key=lambda p: p[0].revision if p[0].revision is not None else 10**9)
    return [attrs.evolve(report, role=_role(site, report)) for site, report in ordered]


def decree30_checks(reports: Sequence[SignatureReport], kind: DocumentKind | None) -> list[Message]:
    """Sequence checks: personal before agency, agency cert is an organization's, ký tắt."""
    out: list[Message] = []
    roles = [r.role for r in reports if r.type is SignatureType.SIGNATURE]
    if kind is None:
        kind = DocumentKind.ISSUED if SignatureRole.AGENCY in roles else None
    if kind is DocumentKind.ISSUED:
        if SignatureRole.AGENCY not in roles:
            out.append(
                Message(
                    "verification.nd30_no_agency",
                    "issued document without an agency signature (organization certificate)",
                    "văn bản ban hành thiếu chữ ký số của cơ quan, tổ chức",
                    "warning",
                )
            )
        elif SignatureRole.PERSONAL not in roles:
            out.append(
                Message(
                    "verification.nd30_no_personal",
                    "issued document without the signer's personal signature",
                    "văn bản ban hành thiếu chữ ký số của người có thẩm quyền",
                    "info",
                )
            )
        else:
            last_personal = max(i for i, r in enumerate(roles) if r is SignatureRole.PERSONAL)
            first_agency = min(i for i, r in enumerate(roles) if r is SignatureRole.AGENCY)
            if first_agency < last_personal:
                out.append(
                    Message(
                        "verification.nd30_order",
                        "the agency signature comes before a personal signature; it "
                        "must be last and cover them (Decree 30 Art. 13)",
                        "chữ ký số của cơ quan phải được ký sau cùng, bao trùm chữ ký cá nhân "
                        "(Điều 13 NĐ 30/2020)",
                        "warning",
                    )
                )
    if kind is DocumentKind.DRAFT and SignatureRole.INITIAL not in roles:
        out.append(
            Message(
                "verification.nd30_no_initial",
                "draft without an electronic initial (ký tắt) after './.'",
                "dự thảo chưa có chữ ký tắt điện tử sau dấu './.'",
                "warning",
            )
        )
    return out
