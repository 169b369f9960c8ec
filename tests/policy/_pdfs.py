"""Real PDFs for the policy tests: Decree-30-like pages (reportlab) signed with pyHanko.

A tờ trình or a draft is drawn with Liberation Serif (Times New Roman metrics, Vietnamese
glyphs); the content ends with "./." and :func:`end_mark_box` says where, so a test can put
the initial's widget right after it, below it, or somewhere wrong. Certificates come from a
throw-away CA made with ``cryptography`` (a root and leaf certificates).
"""

from __future__ import annotations

import datetime as dt
import io
from pathlib import Path
from typing import Any

from cryptography import x509
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import rsa
from cryptography.x509.oid import NameOID

# Only the 2.x Liberation fonts (Debian fonts-liberation2) carry the Vietnamese letters;
# the 1.x faces in .../liberation/ lack Ủ, Ộ, ề... and would render holes.
FONT_DIRS = (Path("/usr/share/fonts/truetype/liberation2"),)
BODY_SIZE = 13.0
LEFT = 85.0


def _font() -> tuple[str, str]:
    from reportlab.pdfbase import pdfmetrics
    from reportlab.pdfbase.ttfonts import TTFont

    for folder in FONT_DIRS:
        regular = folder / "LiberationSerif-Regular.ttf"
        bold = folder / "LiberationSerif-Bold.ttf"
        if regular.is_file() and bold.is_file():
            if "LibSerif" not in pdfmetrics.getRegisteredFontNames():
                pdfmetrics.registerFont(TTFont("LibSerif", str(regular)))
                pdfmetrics.registerFont(TTFont("LibSerif-Bold", str(bold)))
            return "LibSerif", "LibSerif-Bold"
    import pytest

    pytest.skip("Liberation Serif is not installed (fonts-liberation2)")
    raise AssertionError  # pragma: no cover


def make_document(
    *,
    heading: str = "TỜ TRÌNH",
    subject: str = "Về việc phê duyệt Kế hoạch chuyển đổi số năm 2024",
    body: tuple[str, ...] = (
        "Căn cứ Nghị định số 30/2020/NĐ-CP ngày 05 tháng 3 năm 2020 của Chính phủ;",
        "Sở Thông tin và Truyền thông kính trình Ủy ban nhân dân tỉnh xem xét,",
        "phê duyệt Kế hoạch chuyển đổi số năm 2024 của tỉnh.",
    ),
    closing: str = "Kính trình Ủy ban nhân dân tỉnh xem xét, quyết định./.",
    secret: str | None = None,
    draft: bool = False,
    filler_lines: int = 0,
) -> bytes:
    """One page (or more with ``filler_lines``) whose content ends with ``closing``."""
    from reportlab.lib.pagesizes import A4
    from reportlab.pdfgen import canvas

    regular, bold = _font()
    buf = io.BytesIO()
    c = canvas.Canvas(buf, pagesize=A4)
    c.setTitle(heading)
    width, height = A4
    y = height - 60
    c.setFont(bold, 12)
    c.drawCentredString(170, y, "ỦY BAN NHÂN DÂN")
    c.drawCentredString(400, y, "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM")
    y -= 16
    c.drawCentredString(170, y, "TỈNH QUẢNG NGÃI")
    c.drawCentredString(400, y, "Độc lập - Tự do - Hạnh phúc")
    y -= 24
    c.setFont(regular, 13)
    c.drawCentredString(400, y, "Quảng Ngãi, ngày 02 tháng 7 năm 2024")
    if secret:
        c.setFont(bold, 14)
        c.drawString(LEFT, y - 20, secret)
    if draft:
        c.setFont(bold, 13)
        c.drawString(width - 140, height - 30, "DỰ THẢO")
    y -= 50
    c.setFont(bold, 14)
    c.drawCentredString(width / 2, y, heading)
    y -= 18
    c.setFont(bold, 13)
    c.drawCentredString(width / 2, y, subject)
    y -= 40
    c.setFont(regular, BODY_SIZE)
    lines = list(body) + [f"Nội dung bổ sung số {i + 1} của văn bản." for i in range(filler_lines)]
    for line in lines:
        c.drawString(LEFT, y, line)
        y -= 20
        if y < 120:
            c.showPage()
            c.setFont(regular, BODY_SIZE)
            y = height - 80
    c.drawString(LEFT, y, closing)
    y -= 40
    c.setFont(bold, 12)
    c.drawString(LEFT, y, "Nơi nhận:")
    c.setFont(regular, 11)
    c.drawString(LEFT, y - 14, "- Như trên;")
    c.drawString(LEFT, y - 28, "- Lưu: VT.")
    c.setFont(bold, 13)
    c.drawCentredString(400, y, "GIÁM ĐỐC")
    c.showPage()
    c.save()
    return buf.getvalue()


def end_mark_box(pdf: bytes) -> tuple[int, tuple[float, float, float, float]]:
    """Page and box of the last "./." (through the SDK's own text layer)."""
    from vndocsign.pdf import load_text
    from vndocsign.policy.submission import find_end_mark

    mark = find_end_mark(load_text(pdf))
    assert mark is not None
    return mark.page, mark.bbox


# -- certificates --------------------------------------------------------------------------------


def _name(cn: str, org: str = "UBND tỉnh Quảng Ngãi") -> x509.Name:
    return x509.Name(
        [
            x509.NameAttribute(NameOID.COUNTRY_NAME, "VN"),
            x509.NameAttribute(NameOID.ORGANIZATION_NAME, org),
            x509.NameAttribute(NameOID.COMMON_NAME, cn),
        ]
    )


class Pki:
    """A root CA and leaf certificates (PEM files in ``folder``)."""

    def __init__(self, folder: Path) -> None:
        self.folder = folder
        now = dt.datetime.now(dt.UTC)
        self.root_key = rsa.generate_private_key(public_exponent=65537, key_size=2048)
        self.root = (
            x509.CertificateBuilder()
            .subject_name(_name("Test Root CA"))
            .issuer_name(_name("Test Root CA"))
            .public_key(self.root_key.public_key())
            .serial_number(x509.random_serial_number())
            .not_valid_before(now - dt.timedelta(days=3650))
            .not_valid_after(now + dt.timedelta(days=3650))
            .add_extension(x509.BasicConstraints(ca=True, path_length=None), critical=True)
            .add_extension(
                x509.KeyUsage(
                    digital_signature=False, content_commitment=False, key_encipherment=False,
                    data_encipherment=False, key_agreement=False, key_cert_sign=True,
                    crl_sign=True, encipher_only=False, decipher_only=False,
                ),
                critical=True,
            )
            .sign(self.root_key, hashes.SHA256())
        )
        self.root_pem = folder / "root.pem"
        self.root_pem.write_bytes(self.root.public_bytes(serialization.Encoding.PEM))

    def leaf(
        self, name: str, *, valid_days: tuple[int, int] = (-30, 365)
    ) -> tuple[Path, Path]:
        now = dt.datetime.now(dt.UTC)
        key = rsa.generate_private_key(public_exponent=65537, key_size=2048)
        cert = (
            x509.CertificateBuilder()
            .subject_name(_name(name))
            .issuer_name(self.root.subject)
            .public_key(key.public_key())
            .serial_number(x509.random_serial_number())
            .not_valid_before(now + dt.timedelta(days=valid_days[0]))
            .not_valid_after(now + dt.timedelta(days=valid_days[1]))
            .add_extension(
                x509.KeyUsage(
                    digital_signature=True, content_commitment=True, key_encipherment=False,
                    data_encipherment=False, key_agreement=False, key_cert_sign=False,
                    crl_sign=False, encipher_only=False, decipher_only=False,
                ),
                critical=True,
            )
            .sign(self.root_key, hashes.SHA256())
        )
        slug = name.replace(" ", "_")
        key_path = self.folder / f"{slug}.key.pem"
        cert_path = self.folder / f"{slug}.cert.pem"
        key_path.write_bytes(
            key.private_bytes(
                serialization.Encoding.PEM,
                serialization.PrivateFormat.PKCS8,
                serialization.NoEncryption(),
            )
        )
        cert_path.write_bytes(cert.public_bytes(serialization.Encoding.PEM))
        return key_path, cert_path


def sign(
    pdf: bytes,
    key_cert: tuple[Path, Path],
    *,
    field: str,
    page: int = 0,
    box: tuple[float, float, float, float] | None = None,
    root: Path | None = None,
) -> bytes:
    """Sign ``pdf`` with a (visible when ``box`` is given) signature in a new field."""
    from pyhanko.pdf_utils.incremental_writer import IncrementalPdfFileWriter
    from pyhanko.sign import fields, signers

    key_path, cert_path = key_cert
    signer = signers.SimpleSigner.load(
        str(key_path), str(cert_path), ca_chain_files=(str(root),) if root else ()
    )
    assert signer is not None
    writer = IncrementalPdfFileWriter(io.BytesIO(pdf))
    spec: Any = fields.SigFieldSpec(sig_field_name=field, on_page=page, box=box)
    out = io.BytesIO()
    signers.sign_pdf(
        writer,
        signers.PdfSignatureMetadata(field_name=field),
        signer=signer,
        new_field_spec=spec,
        output=out,
    )
    return out.getvalue()


def initial_box_after(
    pdf: bytes, *, dx: float = 3.0, dy: float = 0.0
) -> tuple[int, tuple[float, float, float, float]]:
    """A small widget box starting ``dx`` points right of the "./.", shifted ``dy`` down."""
    page, (_, y0, x1, _) = end_mark_box(pdf)
    return page, (x1 + dx, y0 - 4 - dy, x1 + dx + 50, y0 + 14 - dy)
