"""Fixtures for the edXML tests: a realistic issued document and its envelope."""

from __future__ import annotations

import datetime as dt

import pytest

from vndocsign import edxml
from vndocsign.model import Agency, DateLine, OfficialDocument, Signer

PDF = b"%PDF-1.4\n% vndocsign test\n1 0 obj\n<<>>\nendobj\ntrailer\n<<>>\n%%EOF\n"


@pytest.fixture
def document() -> OfficialDocument:
    return OfficialDocument(
        issuer=Agency("Văn phòng Chính phủ", organ_id="000.00.00.G22"),
        number="123/VPCP-TTĐT",
        date_line=DateLine(place="Hà Nội", date=dt.date(2024, 5, 10)),
        subject="V/v kết nối, liên thông phần mềm quản lý văn bản",
        signers=[Signer("Nguyễn Văn A", position="Thứ trưởng", authority=["KT. BỘ TRƯỞNG"])],
        distribution=["Các bộ, cơ quan ngang bộ", "Lưu: VT"],
        page_amount=3,
        issued_amount=2,
    )


@pytest.fixture
def envelope(document: OfficialDocument) -> edxml.Envelope:
    return edxml.Envelope.from_document(
        document,
        [
            edxml.Attachment.from_bytes(
                "123_VPCP-TTDT.signed.pdf",
                PDF,
                description="Văn bản ký số",
                content_id="7f0c2d8e-3f5a-4c41-9d7e-2b6f1c0a9e11",
            )
        ],
        to=[edxml.Organization(organ_id="000.00.00.H41", organ_name="UBND Tỉnh Nghệ An")],
        staff=edxml.StaffInfo(department="Văn thư văn phòng", staff="Nguyễn Thị B"),
        timestamp=dt.datetime(2024, 5, 10, 9, 15, 0),
    )
