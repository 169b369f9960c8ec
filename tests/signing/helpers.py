"""Helpers shared by the signing tests: sample PDFs and the two independent verifiers."""

from __future__ import annotations

import io
import re
import shutil
import subprocess
import tempfile
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
    """Every signature intact, valid and trusted for pyHanko's validator — and, where poppler
    and NSS are installed, for ``pdfsig`` too (signature valid, chain trusted)."""
    statuses = validate(pdf, pki)
    assert statuses, "no signature found"
    for st in statuses:
        assert st.intact and st.valid and st.trusted, st.pretty_print_details()
        assert st.bottom_line, st.pretty_print_details()
    if _NSS_DB["path"] and shutil.which("pdfsig"):
        with tempfile.TemporaryDirectory() as scratch:
            # document time-stamps show as "ETSI.RFC3161" or "unknown" and are not verified by
            # pdfsig 22.x; pyHanko's validator above covers them
            reports = [
                r
                for r in pdfsig(pdf, _NSS_DB["path"], Path(scratch))
                if r.get("Signature Type") not in ("ETSI.RFC3161", "unknown")
            ]
        assert len(reports) == len(statuses), reports
        for report in reports:
            assert report["Signature Validation"] == "Signature is Valid.", report
            assert report["trusted"] == "yes", report
    return statuses


#: The NSS database trusting the test root, registered by ``conftest.py`` when it exists.
_NSS_DB: dict[str, str | None] = {"path": None}


def use_nss_db(path: str | None) -> None:
    """Make :func:`assert_all_good` also run ``pdfsig`` against this NSS database."""
    _NSS_DB["path"] = path


# -- verifier 2: poppler pdfsig ------------------------------------------------------------


def pdfsig(pdf: bytes, nss: str, tmp_path: Path) -> list[dict[str, str]]:
    """pdfsig's report, one dict per signature (keys as printed, e.g. 'Signature Validation').

    Each dict also gets ``"trusted"``: ``"yes"`` when NSS — pdfsig's own crypto library, with
    the same database — accepts the signer's chain, else ``"no"``. pdfsig's "Certificate
    Validation" line cannot be taken at its word: poppler 22.x calls ``CERT_PKIXVerifyCert``
    and then switches on ``PORT_GetError()`` *without looking at the call's result*, so a
    stale error code left by an earlier NSS call turns a successful verification into
    "Unknown issue with Certificate or corrupted data" (later poppler versions check the
    result first). When pdfsig prints that line, the same verification (usage email signer,
    libpkix) is repeated with NSS's ``vfychain`` on the certificates in the signature.
    """
    path = tmp_path / "pdfsig-input.pdf"
    path.write_bytes(pdf)
    proc = subprocess.run(
        ["pdfsig", "-nssdir", nss, str(path)],
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )
    sigs: list[dict[str, str]] = []
    for line in proc.stdout.splitlines():
        if re.match(r"^Signature #\d+:", line):
            sigs.append({})
        m = re.match(r"^\s+- ([^:]+): (.*)$", line)
        if m and sigs:
            sigs[-1][m.group(1)] = m.group(2)
    chains = _signature_chains(pdf)
    for index, sig in enumerate(sigs):
        verdict = sig.get("Certificate Validation")
        if verdict == "Certificate is Trusted.":
            sig["trusted"] = "yes"
        elif verdict == PDFSIG_STALE_ERROR and index < len(chains) and chains[index]:
            sig["trusted"] = "yes" if _vfychain(chains[index], nss, tmp_path) else "no"
        else:
            sig["trusted"] = "no"
    return sigs


#: What poppler 22.x prints for a successful verification when NSS left a stale error code.
PDFSIG_STALE_ERROR = "Unknown issue with Certificate or corrupted data."


def _signature_chains(pdf: bytes) -> list[list[bytes]]:
    """DER certificates (signer first) of each signature, in the order pdfsig lists them."""
    from pyhanko.pdf_utils.reader import PdfFileReader

    reader = PdfFileReader(io.BytesIO(pdf), strict=False)
    try:
        embedded = list(reader.embedded_signatures)
    except Exception:  # a foreign signature pyHanko cannot parse: fall back to pdfsig's word
        return []
    out: list[list[bytes]] = []
    for sig in embedded:
        try:
            signer = sig.signer_cert
            others = [c for c in sig.other_embedded_certs if c.dump() != signer.dump()]
        except Exception:  # a foreign signature whose CMS pyHanko cannot read
            out.append([])
            continue
        out.append([signer.dump(), *(c.dump() for c in others)])
    return out


def _vfychain(chain: list[bytes], nss: str, tmp_path: Path) -> bool:
    if shutil.which("vfychain") is None:
        pytest.skip("vfychain (libnss3-tools) is needed")
    files = []
    for i, der in enumerate(chain):
        cert = tmp_path / f"chain-{i}.der"
        cert.write_bytes(der)
        files.append(str(cert))
    # -u 4: certificateUsageEmailSigner, the usage pdfsig asks for; -pp: libpkix, as pdfsig
    proc = subprocess.run(
        ["vfychain", "-d", nss, "-u", "4", "-pp", *files],
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )
    return proc.returncode == 0 and "Chain is good!" in proc.stdout + proc.stderr


def text_of(
    pdf: bytes, page: int = 1, area: tuple[float, float, float, float] | None = None
) -> str:
    """pdftotext of one page (optionally of a PDF-space area), appearances included."""
    if shutil.which("pdftotext") is None:
        pytest.skip("pdftotext (poppler-utils) is needed")
    args = ["pdftotext", "-f", str(page), "-l", str(page), "-layout"]
    if area is not None:
        # pdftotext crops in pixels at 72 dpi from the top-left of an A4 page
        x0, y0, x1, y1 = area
        height = 841.89
        args += [
            "-x",
            str(int(x0) - 1),
            "-y",
            str(int(height - y1) - 1),
            "-W",
            str(int(x1 - x0) + 2),
            "-H",
            str(int(y1 - y0) + 2),
        ]
    proc = subprocess.run([*args, "-", "-"], input=pdf, capture_output=True, timeout=60, check=True)
    return proc.stdout.decode("utf-8")
