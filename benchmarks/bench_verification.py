"""Verification speed side by side with pyHanko's validator (issues 13 and 17).

Run: ``python benchmarks/bench_verification.py [--rounds N] [--quick] [--realdocs]``.

Like with like: both sides check every signature of the same document with the same trust
root, no network (embedded revocation data only), pyHanko with its default diff analysis
(``validate_pdf_signature``), vndocsign with its defaults (byte ranges, CMS, time, algorithms,
chain, change analysis and the rendering comparison). Rounds are interleaved (ours, theirs,
theirs, ours, ...) so that load on the shared machine hits both alike; each line prints the
median, the spread (min–max) and the ratio of medians.

Documents are like real ones: text on every page (1, 50, 200 pages), 1–3 visible signatures
by different signers, and 25 signatures on one document. Targets: ≤ 1.2× pyHanko (issue 13),
≤ 1.0× at 1–3 signatures and ≤ 0.5× at 25 signatures (issue 17). ``--realdocs`` adds the
Vietnamese documents of ``../shared/corpus/realdocs`` (every certificate found in a file
given as a trust root on both sides), when that folder is present.
"""

from __future__ import annotations

import argparse
import io
import logging
import statistics
import time
from collections.abc import Callable
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

logging.disable(logging.CRITICAL)

REALDOCS = Path(__file__).resolve().parents[2] / "shared" / "corpus" / "realdocs"


def text_pdf(pages: int) -> bytes:
    """A document with a page of text on every page (reportlab, compressed)."""
    from reportlab.pdfgen import canvas

    buf = io.BytesIO()
    c = canvas.Canvas(buf)
    for p in range(pages):
        for line in range(40):
            c.drawString(72, 770 - 17 * line, f"Trang {p + 1}, dòng {line + 1}: nội dung văn bản")
        c.showPage()
    c.save()
    return buf.getvalue()


class Pki:
    """One root and as many RSA-2048 signers as needed (made once)."""

    def __init__(self) -> None:
        from cryptography import x509
        from cryptography.hazmat.primitives import hashes, serialization
        from cryptography.hazmat.primitives.asymmetric import rsa
        from cryptography.x509.oid import NameOID

        self._x509, self._hashes, self._ser, self._rsa, self._oid = (
            x509,
            hashes,
            serialization,
            rsa,
            NameOID,
        )
        now = datetime.now(UTC)
        self.now = now
        self.root_key = rsa.generate_private_key(public_exponent=65537, key_size=2048)
        self.root_name = x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, "Bench Root")])
        self.root = (
            x509.CertificateBuilder()
            .subject_name(self.root_name)
            .issuer_name(self.root_name)
            .public_key(self.root_key.public_key())
            .serial_number(1)
            .not_valid_before(now - timedelta(days=1))
            .not_valid_after(now + timedelta(days=30))
            .add_extension(x509.BasicConstraints(ca=True, path_length=None), critical=True)
            .sign(self.root_key, hashes.SHA256())
        )
        self.root_der = self.root.public_bytes(serialization.Encoding.DER)
        self._signers: list[Any] = []

    def signer(self, i: int) -> Any:
        while len(self._signers) <= i:
            self._signers.append(self._make(len(self._signers)))
        return self._signers[i]

    def _make(self, i: int) -> Any:
        from asn1crypto import x509 as ax
        from pyhanko.keys import load_private_key_from_pemder_data
        from pyhanko.sign import signers
        from pyhanko_certvalidator.registry import SimpleCertificateStore

        x509, hashes, ser = self._x509, self._hashes, self._ser
        key = self._rsa.generate_private_key(public_exponent=65537, key_size=2048)
        cert = (
            x509.CertificateBuilder()
            .subject_name(x509.Name([x509.NameAttribute(self._oid.COMMON_NAME, f"Signer {i}")]))
            .issuer_name(self.root_name)
            .public_key(key.public_key())
            .serial_number(10 + i)
            .not_valid_before(self.now - timedelta(days=1))
            .not_valid_after(self.now + timedelta(days=30))
            .sign(self.root_key, hashes.SHA256())
        )
        pem = key.private_bytes(ser.Encoding.PEM, ser.PrivateFormat.PKCS8, ser.NoEncryption())
        return signers.SimpleSigner(
            signing_cert=ax.Certificate.load(cert.public_bytes(ser.Encoding.DER)),
            signing_key=load_private_key_from_pemder_data(pem, None),
            cert_registry=SimpleCertificateStore.from_certs([]),
        )


def signed(pki: Pki, pages: int, signatures: int) -> bytes:
    """``signatures`` visible signatures, each in its own revision, on the last page."""
    from pyhanko.pdf_utils.incremental_writer import IncrementalPdfFileWriter
    from pyhanko.sign import fields, signers

    pdf = text_pdf(pages)
    for i in range(signatures):
        x, y = 40 + 105 * (i % 5), 40 + 45 * (i // 5)
        spec = fields.SigFieldSpec(f"Sig{i}", on_page=pages - 1, box=(x, y, x + 100, y + 40))
        pdf = (
            signers.PdfSigner(
                signers.PdfSignatureMetadata(field_name=f"Sig{i}"),
                signer=pki.signer(i),
                new_field_spec=spec,
            )
            .sign_pdf(IncrementalPdfFileWriter(io.BytesIO(pdf)))
            .getvalue()
        )
    return pdf


def pyhanko_validate(pdf: bytes, roots: list[bytes]) -> None:
    """pyHanko's validator over every signature: integrity, trust, diff analysis."""
    from asn1crypto import x509
    from pyhanko.pdf_utils.reader import PdfFileReader
    from pyhanko.sign.validation import validate_pdf_signature
    from pyhanko_certvalidator import ValidationContext

    reader = PdfFileReader(io.BytesIO(pdf), strict=False)
    vc = ValidationContext(
        trust_roots=[x509.Certificate.load(r) for r in roots],
        allow_fetching=False,
        revocation_mode="soft-fail",
    )
    for sig in reader.embedded_signatures:
        try:
            validate_pdf_signature(sig, vc)
        except Exception:  # noqa: S112 - a signature pyHanko cannot judge still took its time
            continue


def ours(pdf: bytes, roots: list[bytes]) -> None:
    from vndocsign.verification import TrustProfile, verify_pdf

    verify_pdf(pdf, trust=TrustProfile.custom(roots), revocation="embedded-only")


def interleaved(
    a: Callable[[], Any], b: Callable[[], Any], rounds: int
) -> tuple[list[float], list[float]]:
    """Times of ``a`` and ``b`` over ``rounds`` rounds, alternating which goes first."""
    a()
    b()  # warm both (imports, caches)
    ta: list[float] = []
    tb: list[float] = []
    for r in range(rounds):
        order = ((a, ta), (b, tb)) if r % 2 == 0 else ((b, tb), (a, ta))
        for fn, out in order:
            t = time.process_time()
            fn()
            out.append(time.process_time() - t)
    return ta, tb


def line(label: str, ta: list[float], tb: list[float]) -> float:
    ma, mb = statistics.median(ta), statistics.median(tb)
    print(
        f"{label:<28} vndocsign {ma * 1000:8.1f} ms [{min(ta) * 1000:7.1f}–{max(ta) * 1000:7.1f}]"
        f"  pyHanko {mb * 1000:8.1f} ms [{min(tb) * 1000:7.1f}–{max(tb) * 1000:7.1f}]"
        f"  ratio {ma / mb:5.2f}"
    )
    return ma / mb


def realdoc_roots(pdf: bytes) -> list[bytes]:
    """Every certificate embedded in the file's signatures (each given as a trust root)."""
    from asn1crypto import cms

    from vndocsign.verification._byterange import contents_at_gap  # noqa: F401 (warm import)

    roots: list[bytes] = []
    import re

    for m in re.finditer(rb"/ByteRange\s*\[\s*(\d+)\s+(\d+)\s+(\d+)\s+(\d+)\s*\]", pdf):
        a1, b0 = int(m.group(2)), int(m.group(3))
        try:
            info = cms.ContentInfo.load(bytes.fromhex(pdf[a1 + 1 : b0 - 1].decode()), strict=False)
            for c in info["content"]["certificates"]:
                roots.append(c.chosen.dump())
        except Exception:  # noqa: S112
            continue
    return roots


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--rounds", type=int, default=7)
    ap.add_argument("--quick", action="store_true", help="fewer documents and rounds")
    ap.add_argument("--realdocs", action="store_true")
    args = ap.parse_args()
    pki = Pki()
    roots = [pki.root_der]
    cases = [(1, 1), (1, 3), (50, 1), (50, 3), (200, 3), (1, 25)]
    if args.quick:
        cases = [(1, 1), (50, 3), (1, 25)]
    print("CPU time per document (median [min–max]); ratio = vndocsign / pyHanko")
    for pages, sigs in cases:
        pdf = signed(pki, pages, sigs)
        rounds = max(3, args.rounds // (3 if sigs >= 25 or pages >= 200 else 1))
        ta, tb = interleaved(
            lambda pdf=pdf: ours(pdf, roots), lambda pdf=pdf: pyhanko_validate(pdf, roots), rounds
        )
        line(f"{pages:>3} page(s), {sigs:>2} signature(s)", ta, tb)
    if args.realdocs and REALDOCS.is_dir():
        for path in sorted(REALDOCS.glob("*.pdf")):
            pdf = path.read_bytes()
            rr = realdoc_roots(pdf)
            if not rr:
                continue
            ta, tb = interleaved(
                lambda pdf=pdf, rr=rr: ours(pdf, rr),
                lambda pdf=pdf, rr=rr: pyhanko_validate(pdf, rr),
                3,
            )
            line(f"realdoc {path.stem[:20]}", ta, tb)


if __name__ == "__main__":
    main()
