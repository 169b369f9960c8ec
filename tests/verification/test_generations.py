"""Generated documents imitating real ones, on the shared test PKI (both government generations).

* leaf-only PDFs (what real agencies publish): the chain comes from the profile's intermediates;
* a G1-shaped chain whose CA certificates are SHA-1-signed (2010) stays trusted after the sunset;
* SHA-1 agency signatures dated before / after the TT 15/2025 sunset;
* an issued document: personal signature, then agency signatures stamping the number into the
  ``Số:`` blank, the day into the date line and the seal over the personal signature.
"""

from __future__ import annotations

import io
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import pytest

from tests.pki import AGENCY_MST, INTERMEDIATE, PERSONAL, ROOT, VnTestPki
from tests.pki.vnpki import G1_AGENCY, G1_CA, G1_ROOT
from vndocsign.verification import (
    RevocationMode,
    TrustProfile,
    VerificationPolicy,
    to_html,
    verify_pdf,
)

ONLINE = RevocationMode.EMBEDDED_THEN_ONLINE
FONT = Path("/usr/share/fonts/truetype/liberation2/LiberationSerif-Regular.ttf")


def _document() -> bytes:
    """A one-page công văn with the number and the day left blank, as drafters leave them."""
    if not FONT.is_file():
        pytest.skip("Liberation Serif 2 is not installed")
    from reportlab.lib.pagesizes import A4
    from reportlab.pdfbase import pdfmetrics
    from reportlab.pdfbase.ttfonts import TTFont
    from reportlab.pdfgen import canvas

    if "VtSerif" not in pdfmetrics.getRegisteredFontNames():
        pdfmetrics.registerFont(TTFont("VtSerif", str(FONT)))
    buf = io.BytesIO()
    c = canvas.Canvas(buf, pagesize=A4)
    c.setFont("VtSerif", 13)
    c.drawCentredString(170, 780, "ỦY BAN NHÂN DÂN TỈNH THỬ NGHIỆM")
    c.drawCentredString(400, 780, "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM")
    c.drawString(110, 740, "Số:          /UBND-VP")
    c.drawString(330, 740, "Thử Nghiệm, ngày      tháng 12 năm 2026")
    c.drawCentredString(297, 690, "CÔNG VĂN")
    c.drawString(85, 600, "Ủy ban nhân dân tỉnh đề nghị các cơ quan thực hiện./.")
    c.drawString(85, 420, "Nơi nhận:")
    c.drawCentredString(440, 420, "CHỦ TỊCH")
    c.drawCentredString(440, 330, "Nguyễn Văn An")
    c.showPage()
    c.save()
    return buf.getvalue()


def _sign(
    pki: VnTestPki,
    label: str,
    pdf: bytes,
    field: str,
    box: tuple[float, float, float, float],
    *,
    digest: str = "sha256",
    leaf_only: bool = True,
    stamp_text: str | None = None,
) -> bytes:
    from pyhanko.pdf_utils.incremental_writer import IncrementalPdfFileWriter
    from pyhanko.sign import fields, signers
    from pyhanko_certvalidator.registry import SimpleCertificateStore

    certs = [pki.cert(label)] if leaf_only else [pki.cert(label), *pki.chain(label)]
    signer = signers.SimpleSigner(
        signing_cert=pki.cert(label),
        signing_key=pki.key(label),
        cert_registry=SimpleCertificateStore.from_certs(certs),
    )
    style = None
    if stamp_text is not None:  # the registry's way: only the figures, no border, no image
        from pyhanko.stamp import TextStampStyle

        style = TextStampStyle(stamp_text=stamp_text, border_width=0)
    out = signers.PdfSigner(
        signers.PdfSignatureMetadata(field_name=field, md_algorithm=digest),
        signer=signer,
        new_field_spec=fields.SigFieldSpec(field, box=box),
        stamp_style=style,
    ).sign_pdf(IncrementalPdfFileWriter(io.BytesIO(pdf)))
    return out.getvalue()


@pytest.fixture
def g2(vn_pki: VnTestPki) -> TrustProfile:
    """The G2-shaped test root, its CA given as a profile intermediate (not in the PDF)."""
    return TrustProfile.custom([vn_pki.cert(ROOT)], intermediates=[vn_pki.cert(INTERMEDIATE)])


def test_leaf_only_pdf_chains_through_profile_intermediates(
    vn_pki: VnTestPki, g2: TrustProfile
) -> None:
    pdf = _sign(vn_pki, AGENCY_MST, _document(), "Sig1", (300, 60, 500, 120))
    r = verify_pdf(pdf, trust=g2, revocation=ONLINE)
    s = r.signatures[0]
    assert s.trusted and len(s.chain) == 3, r.summary("en")
    # without the intermediate (and no AIA fetching) there is no path
    bare = verify_pdf(
        pdf, trust=TrustProfile.custom([vn_pki.cert(ROOT)]), revocation="embedded-only"
    )
    assert bare.signatures[0].sub_indication == "NO_CERTIFICATE_CHAIN_FOUND"


def test_g1_chain_with_sha1_ca_certificates_is_trusted(vn_pki: VnTestPki) -> None:
    """G1 CA certificates are SHA-1-signed (2010); signed today, the chain still validates."""
    pdf = _sign(vn_pki, G1_AGENCY, _document(), "Sig1", (300, 60, 500, 120))
    g1 = TrustProfile.custom([vn_pki.cert(G1_ROOT)], intermediates=[vn_pki.cert(G1_CA)])
    r = verify_pdf(pdf, trust=g1, revocation=ONLINE)
    s = r.signatures[0]
    assert s.trusted and s.indication == "TOTAL_PASSED", r.summary("en")
    assert s.chain[0].startswith("Co quan chung thuc so chuyen dung Chinh phu")
    assert s.signer is not None and s.signer.kind == "organization" and s.role == "agency"


def test_sha1_ca_certificate_from_the_pdf_is_judged_by_date(vn_pki: VnTestPki) -> None:
    """Only pinned CA certificates escape the date: the same G1 CA embedded in the PDF does not."""
    pdf = _sign(vn_pki, G1_AGENCY, _document(), "Sig1", (300, 60, 500, 120), leaf_only=False)
    root_only = TrustProfile.custom([vn_pki.cert(G1_ROOT)])
    s = verify_pdf(pdf, trust=root_only, revocation=ONLINE).signatures[0]
    assert not s.trusted and s.sub_indication == "CRYPTO_CONSTRAINTS_FAILURE", s.messages
    legacy = verify_pdf(
        pdf, trust=root_only, revocation=ONLINE, policy=VerificationPolicy.legacy()
    ).signatures[0]
    assert legacy.trusted


def test_weak_intermediate_of_the_signing_side_is_refused(vn_pki: VnTestPki) -> None:
    """A good leaf under a SHA-1-signed intermediate (tests/pki weak chain), signed today."""
    from pyhanko.pdf_utils.incremental_writer import IncrementalPdfFileWriter
    from pyhanko.sign import fields, signers
    from pyhanko_certvalidator.registry import SimpleCertificateStore

    from tests.pki import vnpki

    cert, key, chain = vnpki.weak_material(vn_pki, vnpki.CHAIN_SHA1_INTERMEDIATE)
    signer = signers.SimpleSigner(
        signing_cert=cert,
        signing_key=key,
        cert_registry=SimpleCertificateStore.from_certs([cert, *chain]),
    )
    pdf = (
        signers.PdfSigner(
            signers.PdfSignatureMetadata(field_name="Sig1"),
            signer=signer,
            new_field_spec=fields.SigFieldSpec("Sig1", box=(300, 60, 500, 120)),
        )
        .sign_pdf(IncrementalPdfFileWriter(io.BytesIO(_document())))
        .getvalue()
    )
    trust = TrustProfile.custom([vn_pki.cert(ROOT)])
    s = verify_pdf(pdf, trust=trust, revocation="embedded-only").signatures[0]
    assert s.sub_indication == "CRYPTO_CONSTRAINTS_FAILURE", s.messages


class _Clock(datetime):
    moment = datetime(2025, 3, 1, 9, 0, tzinfo=UTC)

    @classmethod
    def now(cls, tz: Any = None) -> Any:
        return cls.moment.astimezone(tz) if tz is not None else cls.moment


def test_sha1_agency_signature_before_and_after_sunset(
    vn_pki: VnTestPki, g2: TrustProfile, monkeypatch: pytest.MonkeyPatch
) -> None:
    from pyhanko.sign.signers import pdf_signer

    today = _sign(vn_pki, AGENCY_MST, _document(), "Sig1", (300, 60, 500, 120), digest="sha1")
    monkeypatch.setattr(pdf_signer, "datetime", _Clock)
    before = _sign(vn_pki, AGENCY_MST, _document(), "Sig1", (300, 60, 500, 120), digest="sha1")
    monkeypatch.undo()

    old = verify_pdf(before, trust=g2, revocation=ONLINE).signatures[0]
    assert old.claimed_time is not None and old.claimed_time.year == 2025
    assert old.sub_indication != "CRYPTO_CONSTRAINTS_FAILURE"
    assert any(m.code == "verification.legacy_algorithm" for m in old.messages)

    new = verify_pdf(today, trust=g2, revocation=ONLINE).signatures[0]
    assert new.sub_indication == "CRYPTO_CONSTRAINTS_FAILURE"
    why = next(m for m in new.messages if m.code == "verification.algorithm")
    assert "SHA-256" in why.en and "2025-08-15" in why.en
    assert "ký lại" in why.vi and "SHA-256" in why.vi
    legacy = verify_pdf(
        today, trust=g2, revocation=ONLINE, policy=VerificationPolicy.legacy()
    ).signatures[0]
    assert legacy.indication == "TOTAL_PASSED", legacy.messages


def test_issued_document_roles_stamps_and_verdict(vn_pki: VnTestPki, g2: TrustProfile) -> None:
    """The registry's way: personal, then number, day and seal as agency signatures."""
    pdf = _sign(vn_pki, PERSONAL, _document(), "Personal", (380, 300, 500, 360))
    pdf = _sign(vn_pki, AGENCY_MST, pdf, "Number", (132, 735, 170, 752), stamp_text="245")
    pdf = _sign(vn_pki, AGENCY_MST, pdf, "Day", (432, 735, 455, 752), stamp_text="03")
    pdf = _sign(vn_pki, AGENCY_MST, pdf, "Seal", (340, 280, 440, 380))
    r = verify_pdf(pdf, trust=g2, revocation=ONLINE)
    assert [str(s.role) for s in r.signatures] == ["personal", "agency", "agency", "agency"]
    assert [[str(x) for x in s.stamped] for s in r.signatures] == [
        [],
        ["number"],
        ["date"],
        ["seal"],
    ]
    assert [s.stamped_text for s in r.signatures] == [None, "245", "03", None]
    values = {c.rule: c.value for c in r.decree30}
    assert values["number_present"] == "245/UBND-VP" and values["date_present"] == "2026-12-03"
    rules = {c.rule: c.passed for c in r.decree30}
    assert rules["personal_signer"] is True, r.decree30
    assert rules["number_present"] and rules["date_present"] and rules["seal_over_personal"]
    data = r.to_dict()
    assert data["signatures"][1]["stamped"] == ["number"]
    assert {c["rule"] for c in data["decree30"]} >= {"personal_signer", "seal_over_personal"}
    assert "number" in r.summary("en") and "Nghị định 30" in r.summary("vi")
    page = to_html(r)
    assert "Nghị định 30" in page and "(đóng: số văn bản)" in page
    assert "seal_over_personal" not in page and "(number)" not in page
    assert "(stamped: number)" in to_html(r, lang="en")
    # the seal does not cover the personal signature any more: the rule fails, en + vi
    moved = _sign(vn_pki, PERSONAL, _document(), "Personal", (380, 300, 500, 360))
    moved = _sign(vn_pki, AGENCY_MST, moved, "Seal", (60, 100, 160, 200))
    check = next(
        c
        for c in verify_pdf(moved, trust=g2, revocation=ONLINE).decree30
        if c.rule == "seal_over_personal"
    )
    assert check.passed is False and check.vi and check.en
