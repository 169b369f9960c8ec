"""Helpers shared by the signing tests: sample PDFs and the two independent verifiers."""

from __future__ import annotations

import io
import re
import shutil
import subprocess
from pathlib import Path
from typing import Any

import pytest

from tests.pki.vnpki import VnTestPki


def make_pdf(text: str = "Văn bản thử nghiệm", pages: int = 1) -> bytes:
    """A small A4 PDF (reportlab, built-in font: the page text is not what we check)."""
    from reportlab.lib.pagesizes import A4
    from reportlab.pdfgen import canvas

    buf = io.BytesIO()
    c = canvas.Canvas(buf, pagesize=A4)
    for i in range(pages):
        c.drawString(72, 760, f"Page {i + 1}")
        c.drawString(72, 740, text.encode("ascii", "replace").decode())
        c.showPage()
    c.save()
    return buf.getvalue()


# -- verifier 1: pyHanko -------------------------------------------------------------------


def validate(pdf: bytes, pki: VnTestPki, **kwargs: Any) -> list[Any]:
    """pyHanko status of every (non-timestamp) signature, trusting only the test root."""
    from pyhanko.pdf_utils.reader import PdfFileReader
    from pyhanko.sign.validation import validate_pdf_signature

    reader = PdfFileReader(io.BytesIO(pdf))
    out = []
    for sig in reader.embedded_signatures:
        if sig.sig_object.get("/Type") == "/DocTimeStamp":
            continue
        out.append(validate_pdf_signature(sig, pki.validation_context(**kwargs)))
    return out


def assert_all_good(pdf: bytes, pki: VnTestPki) -> list[Any]:
    statuses = validate(pdf, pki)
    assert statuses, "no signature found"
    for st in statuses:
        assert st.intact and st.valid and st.trusted, st.pretty_print_details()
        assert st.bottom_line, st.pretty_print_details()
    return statuses


# -- verifier 2: poppler pdfsig ------------------------------------------------------------


def pdfsig(pdf: bytes, nss: str, tmp_path: Path) -> list[dict[str, str]]:
    """pdfsig's report, one dict per signature (keys as printed, e.g. 'Signature Validation')."""
    path = tmp_path / "pdfsig-input.pdf"
    path.write_bytes(pdf)
    proc = subprocess.run(["pdfsig", "-nssdir", nss, str(path)], capture_output=True,
                          text=True, timeout=60, check=False)
    sigs: list[dict[str, str]] = []
    for line in proc.stdout.splitlines():
        if re.match(r"^Signature #\d+:", line):
            sigs.append({})
        m = re.match(r"^\s+- ([^:]+): (.*)$", line)
        if m and sigs:
            sigs[-1][m.group(1)] = m.group(2)
    return sigs


#: What pdfsig may say about the certificate of a good signature. Poppler 22.x reads NSS's
#: error code even after a *successful* CERT_PKIXVerifyCert, and NSS leaves a stale code
#: behind after fetching OCSP, so certificates with an OCSP URL come out as "Unknown issue"
#: (see pki.vnpki.PERSONAL_CRL_ONLY, which gets a clean "Certificate is Trusted").
PDFSIG_OK_CERT = {"Certificate is Trusted.", "Unknown issue with Certificate or corrupted data."}


def text_of(pdf: bytes, page: int = 1, area: tuple[float, float, float, float] | None = None
            ) -> str:
    """pdftotext of one page (optionally of a PDF-space area), appearances included."""
    if shutil.which("pdftotext") is None:
        pytest.skip("pdftotext (poppler-utils) is needed")
    args = ["pdftotext", "-f", str(page), "-l", str(page), "-layout"]
    if area is not None:
        # pdftotext crops in pixels at 72 dpi from the top-left of an A4 page
        x0, y0, x1, y1 = area
        height = 841.89
        args += ["-x", str(int(x0) - 1), "-y", str(int(height - y1) - 1),
                 "-W", str(int(x1 - x0) + 2), "-H", str(int(y1 - y0) + 2)]
    proc = subprocess.run([*args, "-", "-"], input=pdf, capture_output=True, timeout=60,
                          check=True)
    return proc.stdout.decode("utf-8")


