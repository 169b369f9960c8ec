"""Verification speed vs pyHanko's own validation (issue 5, "Speed").

Run: ``python benchmarks/bench_verification.py [--batch N]``. Prints medians and ratios:

* one signature: ``verify_pdf`` vs pyHanko ``validate_pdf_signature`` with the same trust root,
  no revocation fetching, diff analysis on (target: ratio <= 1.2);
* a five-signature document, all signatures validated, same comparison;
* batch throughput over N signed documents on 2 worker processes (``verify_many``).
"""

from __future__ import annotations

import argparse
import io
import logging
import statistics
import tempfile
import time
from collections.abc import Callable
from datetime import UTC
from pathlib import Path
from typing import Any

logging.disable(logging.CRITICAL)


def _median(fn: Callable[[], Any], runs: int) -> float:
    fn()
    times = []
    for _ in range(runs):
        t = time.perf_counter()
        fn()
        times.append(time.perf_counter() - t)
    return statistics.median(times)


def _pyhanko(pdf: bytes, root: bytes) -> None:
    from asn1crypto import x509
    from pyhanko.pdf_utils.reader import PdfFileReader
    from pyhanko.sign.validation import validate_pdf_signature
    from pyhanko_certvalidator import ValidationContext

    reader = PdfFileReader(io.BytesIO(pdf))
    vc = ValidationContext(trust_roots=[x509.Certificate.load(root)], allow_fetching=False,
                           revocation_mode="soft-fail")
    for sig in reader.embedded_regular_signatures:
        validate_pdf_signature(sig, vc)


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--runs", type=int, default=15)
    ap.add_argument("--batch", type=int, default=1000)
    args = ap.parse_args()
    from vndocsign.verification import TrustProfile, verify_many, verify_pdf
    from vndocsign.verification.demo import demo_signed_pdf

    one, root = demo_signed_pdf()
    trust = TrustProfile.custom([root])
    ours = _median(lambda: verify_pdf(one, trust=trust, revocation="embedded-only"), args.runs)
    theirs = _median(lambda: _pyhanko(one, root), args.runs)
    print(f"1 signature : vndocsign {ours * 1000:7.1f} ms  pyHanko {theirs * 1000:7.1f} ms  "
          f"ratio {ours / theirs:.2f}")

    five = five_signature_pdf()
    ours5 = _median(lambda: verify_pdf(five[0], trust=TrustProfile.custom([five[1]]),
                                       revocation="embedded-only"), max(3, args.runs // 3))
    theirs5 = _median(lambda: _pyhanko(*five), max(3, args.runs // 3))
    print(f"5 signatures: vndocsign {ours5 * 1000:7.1f} ms  pyHanko {theirs5 * 1000:7.1f} ms  "
          f"ratio {ours5 / theirs5:.2f}")

    with tempfile.TemporaryDirectory() as tmp:
        for i in range(args.batch):
            Path(tmp, f"doc{i:04d}.pdf").write_bytes(one)
        paths = sorted(Path(tmp).glob("*.pdf"))
        t = time.perf_counter()
        n = sum(1 for _ in verify_many(paths, trust=trust, revocation="embedded-only",
                                       workers=2))
        el = time.perf_counter() - t
        print(f"batch       : {n} documents on 2 workers in {el:.1f} s = {n / el:.1f} docs/s")


def five_signature_pdf() -> tuple[bytes, bytes]:
    """Five signatures by five demo signers under one root."""
    from datetime import datetime, timedelta

    from asn1crypto import x509 as ax
    from cryptography import x509
    from cryptography.hazmat.primitives import hashes, serialization
    from cryptography.hazmat.primitives.asymmetric import rsa
    from cryptography.x509.oid import NameOID
    from pyhanko.keys import load_private_key_from_pemder_data
    from pyhanko.pdf_utils.incremental_writer import IncrementalPdfFileWriter
    from pyhanko.sign import fields, signers
    from pyhanko_certvalidator.registry import SimpleCertificateStore

    from vndocsign.verification.demo import minimal_pdf

    now = datetime.now(UTC)
    rk = rsa.generate_private_key(public_exponent=65537, key_size=2048)
    rn = x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, "Bench Root")])
    root = (x509.CertificateBuilder().subject_name(rn).issuer_name(rn).public_key(rk.public_key())
            .serial_number(1).not_valid_before(now - timedelta(days=1))
            .not_valid_after(now + timedelta(days=30))
            .add_extension(x509.BasicConstraints(ca=True, path_length=None), critical=True)
            .sign(rk, hashes.SHA256()))
    pdf = minimal_pdf()
    for i in range(5):
        k = rsa.generate_private_key(public_exponent=65537, key_size=2048)
        c = (x509.CertificateBuilder()
             .subject_name(x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, f"Signer {i}")]))
             .issuer_name(rn).public_key(k.public_key()).serial_number(10 + i)
             .not_valid_before(now - timedelta(days=1)).not_valid_after(now + timedelta(days=30))
             .sign(rk, hashes.SHA256()))
        pem = k.private_bytes(serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8,
                              serialization.NoEncryption())
        s = signers.SimpleSigner(
            signing_cert=ax.Certificate.load(c.public_bytes(serialization.Encoding.DER)),
            signing_key=load_private_key_from_pemder_data(pem, None),
            cert_registry=SimpleCertificateStore.from_certs([]))
        out = signers.PdfSigner(
            signers.PdfSignatureMetadata(field_name=f"Sig{i}"), signer=s,
            new_field_spec=fields.SigFieldSpec(f"Sig{i}", box=(300, 40 + 70 * i, 500,
                                                                100 + 70 * i)),
        ).sign_pdf(IncrementalPdfFileWriter(io.BytesIO(pdf)))
        pdf = out.getvalue()
    return pdf, root.public_bytes(serialization.Encoding.DER)


if __name__ == "__main__":
    main()
