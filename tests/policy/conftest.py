"""Shared fixtures of the policy tests: signed submission documents on the shared test PKI."""

from __future__ import annotations

from typing import Any

import pytest

from tests.pki import AGENCY_MST, EXPIRED, PERSONAL, VnTestPki
from tests.pki.fixtures import vn_pki  # noqa: F401 - the session fixture, re-exported
from tests.policy._pdfs import initial_box_after, make_document, sign
from vndocsign.policy import VerifyingSubmissionVerifier


@pytest.fixture(scope="session")
def trusted(vn_pki: VnTestPki) -> VerifyingSubmissionVerifier:
    """The submission verifier trusting the test PKI's root (OCSP/CRL served on loopback)."""
    from vndocsign.verification import TrustProfile

    return VerifyingSubmissionVerifier(trust=TrustProfile.custom([vn_pki.root]))


@pytest.fixture(scope="session")
def docs(vn_pki: VnTestPki) -> dict[str, Any]:
    """Tờ trình and drafts, signed in the ways the tests need (made once per session).

    The head of the submitting body (Nguyễn Văn An, a CCCD certificate) signs and initials;
    the agency (an MST certificate) adds its signature.
    """
    pki = vn_pki
    totrinh = make_document()
    draft = make_document(
        heading="QUYẾT ĐỊNH",
        subject="Phê duyệt Kế hoạch chuyển đổi số năm 2024",
        closing="Quyết định này có hiệu lực kể từ ngày ký./.",
        draft=True,
    )
    long_draft = make_document(
        heading="QUYẾT ĐỊNH",
        closing="Quyết định này có hiệu lực kể từ ngày ký./.",
        draft=True,
        filler_lines=40,
    )
    personal = sign(totrinh, pki, PERSONAL, field="personal", box=(330, 120, 500, 180))
    both = sign(personal, pki, AGENCY_MST, field="agency", box=(300, 130, 420, 200))
    agency_only = sign(totrinh, pki, AGENCY_MST, field="agency", box=(300, 130, 420, 200))
    page, box = initial_box_after(draft)
    initialled = sign(draft, pki, PERSONAL, field="initial", page=page, box=box)
    page_b, box_b = initial_box_after(draft, dx=-20, dy=22)  # on the next line, below "./."
    below = sign(draft, pki, PERSONAL, field="initial", page=page_b, box=box_b)
    misplaced = sign(draft, pki, PERSONAL, field="initial", page=0, box=(400, 760, 460, 790))
    far_right = sign(
        draft,
        pki,
        PERSONAL,
        field="initial",
        page=page,
        box=(box[0] + 150, box[1], box[2] + 150, box[3]),
    )
    lp, lbox = initial_box_after(long_draft)
    long_initialled = sign(long_draft, pki, PERSONAL, field="initial", page=lp, box=lbox)
    long_wrong_page = sign(long_draft, pki, PERSONAL, field="initial", page=0, box=lbox)
    expired = sign(totrinh, pki, EXPIRED, field="personal", box=(330, 120, 500, 180))
    tampered = bytearray(personal)
    # flip one byte inside the signed range (the page content stream of revision 1)
    index = personal.index(b"stream", 200) + 20
    tampered[index] ^= 0x01
    return {
        "totrinh": totrinh,
        "draft": draft,
        "personal": personal,
        "both": both,
        "agency_only": agency_only,
        "initialled": initialled,
        "below": below,
        "misplaced": misplaced,
        "far_right": far_right,
        "long_initialled": long_initialled,
        "long_wrong_page": long_wrong_page,
        "long_page": lp,
        "expired": expired,
        "tampered": bytes(tampered),
        "secret": make_document(secret="MẬT"),
    }
