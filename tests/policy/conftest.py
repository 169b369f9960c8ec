"""Shared fixtures of the policy tests: a throw-away PKI and signed submission documents."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from tests.policy._pdfs import Pki, initial_box_after, make_document, sign


@pytest.fixture(scope="session")
def pki(tmp_path_factory: pytest.TempPathFactory) -> Pki:
    return Pki(tmp_path_factory.mktemp("pki"))


@pytest.fixture(scope="session")
def head(pki: Pki) -> tuple[Path, Path]:
    """The head of the submitting body (personal signature and initial)."""
    return pki.leaf("Nguyen Van An")


@pytest.fixture(scope="session")
def agency_key(pki: Pki) -> tuple[Path, Path]:
    return pki.leaf("So Thong tin va Truyen thong")


@pytest.fixture(scope="session")
def docs(pki: Pki, head: tuple[Path, Path], agency_key: tuple[Path, Path]) -> dict[str, Any]:
    """Tờ trình and drafts, signed in the ways the tests need (made once per session)."""
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
    root = pki.root_pem
    personal = sign(totrinh, head, field="personal", box=(330, 120, 500, 180), root=root)
    both = sign(personal, agency_key, field="agency", box=(300, 130, 420, 200), root=root)
    agency_only = sign(totrinh, agency_key, field="agency", box=(300, 130, 420, 200), root=root)
    page, box = initial_box_after(draft)
    initialled = sign(draft, head, field="initial", page=page, box=box, root=root)
    page_b, box_b = initial_box_after(draft, dx=-20, dy=22)  # on the next line, below "./."
    below = sign(draft, head, field="initial", page=page_b, box=box_b, root=root)
    misplaced = sign(draft, head, field="initial", page=0, box=(400, 760, 460, 790), root=root)
    far_right = sign(draft, head, field="initial", page=page,
                     box=(box[0] + 150, box[1], box[2] + 150, box[3]), root=root)
    lp, lbox = initial_box_after(long_draft)
    long_initialled = sign(long_draft, head, field="initial", page=lp, box=lbox, root=root)
    long_wrong_page = sign(long_draft, head, field="initial", page=0, box=lbox, root=root)
    expired_key = pki.leaf("Het Han", valid_days=(-800, -400))
    expired = sign(totrinh, expired_key, field="personal", box=(330, 120, 500, 180), root=root)
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
