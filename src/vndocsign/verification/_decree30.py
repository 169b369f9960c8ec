"""Decree 30 roles and document-level checks.

Decree 30/2020 (Art. 13, Phụ lục I II.7–8; regulations.md §1.4, §2): an issued document carries
the signer's personal signature(s) first, then the agency signature (an organization
certificate) that covers them; a draft carries a ký tắt (initial); attachments and copies carry
the agency signature at the top of their first page. The role of each signature is inferred
from the certificate kind, the widget position and the order; these checks give warnings, not
a different cryptographic verdict.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence

from vndocsign.model import SignatureRole
from vndocsign.verification._context import SignatureSite
from vndocsign.verification._report import Message, SignatureReport
from vndocsign.verification._roles import PageLayout, infer_roles
from vndocsign.verification._states import DocumentKind, SignatureType

__all__ = ["assign_roles", "decree30_checks"]


def assign_roles(
    checked: Sequence[tuple[SignatureSite, SignatureReport]],
    layout_of: Callable[[int], PageLayout] | None = None,
) -> list[SignatureReport]:
    """Reports in signing order with their inferred role and stamps (see :mod:`._roles`)."""
    return infer_roles(checked, layout_of)


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
