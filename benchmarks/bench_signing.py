"""Signing benchmarks, side by side with raw pyHanko in the same run (issue: signing).

Run: ``python benchmarks/bench_signing.py [--quick]``. Prints one line per measurement and
the ratios against the baselines named in the issue:

1. one page, **visible** Vietnamese text appearance + a transparent PNG, RSA-2048, PAdES B-B
   (``vndocsign.signing.sign_pdf``, everything included: pre-signing checks, role check,
   appearance) vs raw pyHanko signing the same page **visibly too** (issue 17: like with
   like) — a ``TextStampStyle`` with the same two Vietnamese lines in a TrueType font
   (Liberation Serif, subset per signature as pyHanko does) over the same PNG, in the same box,
   with a cached key and a fixed ``bytes_reserved``. pyHanko invisible (cached key) and with
   its defaults are shown for context only. Rounds interleaved; median and IQR;
2. a 30 MB document (200 pages of incompressible images), each run in a fresh process with its
   peak RSS: ``sign_pdf`` on bytes vs raw pyHanko on bytes (target ≤ 1.5×), and ``sign_file``
   (file to file, atomic, fsync'd) vs raw pyHanko file to file (no fsync);
3. 1,000 one-page documents on 2 processes: documents per second, ours (visible) and raw
   pyHanko (visible, as in 1; invisible for context), rounds interleaved, median and spread.

Keys come from :func:`vndocsign.signing.demo_credentials` (no revocation URLs, so the
pre-signing revocation step is a no-op here, as it is after the first document of a batch).
"""

from __future__ import annotations

import argparse
import atexit
import io
import multiprocessing as mp
import os
import resource
import shutil
import statistics
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

WORK = Path(tempfile.mkdtemp(prefix="vndocsign-bench-"))
atexit.register(shutil.rmtree, WORK, True)  # every process removes its own scratch folder


# --------------------------------------------------------------------------------------------
# inputs


def one_page() -> bytes:
    from vndocsign.signing import demo_pdf

    return demo_pdf("Benchmark: one page")


def big_pdf(path: Path, pages: int = 200, image_bytes: int = 150_000) -> Path:
    """~30 MB: ``pages`` pages each drawing an incompressible (random) grey image."""
    side = int(image_bytes**0.5)
    out = open(path, "wb")  # noqa: SIM115
    out.write(b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n")
    offsets: dict[int, int] = {}

    def obj(num: int, body: bytes) -> None:
        offsets[num] = out.tell()
        out.write(b"%d 0 obj\n" % num + body + b"\nendobj\n")

    kids = b" ".join(b"%d 0 R" % (3 + 3 * i) for i in range(pages))
    obj(1, b"<< /Type /Catalog /Pages 2 0 R >>")
    obj(2, b"<< /Type /Pages /Kids [" + kids + b"] /Count %d >>" % pages)
    content = b"q 500 0 0 500 40 300 cm /Im1 Do Q"
    for i in range(pages):
        page, cont, img = 3 + 3 * i, 4 + 3 * i, 5 + 3 * i
        obj(
            page,
            b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595.28 841.89] "
            b"/Resources << /XObject << /Im1 %d 0 R >> >> /Contents %d 0 R >>" % (img, cont),
        )
        obj(cont, b"<< /Length %d >>\nstream\n" % len(content) + content + b"\nendstream")
        data = os.urandom(side * side)
        obj(
            img,
            b"<< /Type /XObject /Subtype /Image /Width %d /Height %d /ColorSpace "
            b"/DeviceGray /BitsPerComponent 8 /Length %d >>\nstream\n"
            % (side, side, len(data))
            + data
            + b"\nendstream",
        )
    xref = out.tell()
    count = 3 + 3 * pages
    out.write(b"xref\n0 %d\n0000000000 65535 f \n" % count)
    for num in range(1, count):
        out.write(b"%010d 00000 n \n" % offsets[num])
    out.write(b"trailer\n<< /Size %d /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n" % (count, xref))
    out.close()
    return path


def signature_png() -> bytes:
    from PIL import Image, ImageDraw

    img = Image.new("RGBA", (300, 120), (0, 0, 0, 0))
    ImageDraw.Draw(img).line((10, 100, 150, 30, 290, 60), fill=(0, 40, 200, 255), width=6)
    buf = io.BytesIO()
    img.save(buf, "PNG")
    return buf.getvalue()


# --------------------------------------------------------------------------------------------
# signers


def credentials() -> Any:
    from vndocsign.signing import demo_credentials

    return demo_credentials(WORK)


def raw_signer(creds: Any, cached: bool) -> Any:
    """pyHanko ``SimpleSigner`` from the same PKCS#12; ``cached`` keeps the parsed key."""
    from cryptography.hazmat.primitives.asymmetric.padding import PKCS1v15
    from pyhanko.sign import signers
    from pyhanko_certvalidator.util import get_pyca_cryptography_hash

    base = signers.SimpleSigner.load_pkcs12(
        str(creds.personal_p12), passphrase=creds.password.encode()
    )
    if not cached:
        return base
    from cryptography.hazmat.primitives import serialization

    key = serialization.load_der_private_key(base.signing_key.dump(), None)

    class Cached(signers.SimpleSigner):  # type: ignore[misc]
        def sign_raw(self, data: bytes, digest_algorithm: str) -> bytes:
            return bytes(key.sign(data, PKCS1v15(), get_pyca_cryptography_hash(digest_algorithm)))

    return Cached(
        signing_cert=base.signing_cert,
        signing_key=base.signing_key,
        cert_registry=base.cert_registry,
    )


def raw_sign(
    signer: Any, pdf: bytes | Any, *, reserved: int | None = 16384, output: Any = None
) -> Any:
    from pyhanko.pdf_utils.incremental_writer import IncrementalPdfFileWriter
    from pyhanko.sign import signers

    stream = io.BytesIO(pdf) if isinstance(pdf, bytes) else pdf
    meta = signers.PdfSignatureMetadata(field_name="Sig", md_algorithm="sha256")
    return signers.PdfSigner(meta, signer).sign_pdf(
        IncrementalPdfFileWriter(stream), bytes_reserved=reserved, output=output
    )


STAMP_FONT = "/usr/share/fonts/truetype/liberation2/LiberationSerif-Regular.ttf"
BOX = (330, 600, 560, 700)
_STYLE: dict[str, Any] = {}


def raw_visible_style(png: bytes) -> Any:
    """pyHanko's visible stamp equivalent to ours: two Vietnamese lines over the PNG."""
    if "style" not in _STYLE:
        from PIL import Image
        from pyhanko.pdf_utils import images, text
        from pyhanko.pdf_utils.font.opentype import GlyphAccumulatorFactory
        from pyhanko.stamp import TextStampStyle

        _STYLE["style"] = TextStampStyle(
            stamp_text="Ký bởi: %(signer)s\nThời gian ký: %(ts)s",
            text_box_style=text.TextBoxStyle(font=GlyphAccumulatorFactory(STAMP_FONT)),
            background=images.PdfImage(Image.open(io.BytesIO(png))),
        )
    return _STYLE["style"]


def raw_visible_sign(signer: Any, pdf: bytes, png: bytes) -> Any:
    from pyhanko.pdf_utils.incremental_writer import IncrementalPdfFileWriter
    from pyhanko.sign import fields, signers

    meta = signers.PdfSignatureMetadata(field_name="Sig", md_algorithm="sha256")
    return signers.PdfSigner(
        meta,
        signer,
        stamp_style=raw_visible_style(png),
        new_field_spec=fields.SigFieldSpec("Sig", on_page=0, box=BOX),
    ).sign_pdf(IncrementalPdfFileWriter(io.BytesIO(pdf)), bytes_reserved=16384)


def ours_sign(key: Any, pdf: bytes, png: bytes) -> bytes:
    from vndocsign.signing import Appearance, Box, sign_pdf

    return sign_pdf(
        pdf,
        key,
        role="personal",
        placement=Box(BOX, 0),
        appearance=Appearance(image=png, text=("Ký bởi: {signer}", "Thời gian ký: {time}")),
    )


# --------------------------------------------------------------------------------------------
# measurements


def median_ms(fn: Any, runs: int, warmup: int = 2) -> float:
    for _ in range(warmup):
        fn()
    times = []
    for _ in range(runs):
        t = time.perf_counter()
        fn()
        times.append((time.perf_counter() - t) * 1000)
    return statistics.median(times)


def interleaved_ms(fns: dict[str, Any], runs: int, warmup: int = 3) -> dict[str, list[float]]:
    """Median ms of each function, run in alternation so that both see the same machine load
    (other processes on a 2-core machine otherwise skew one side)."""
    for fn in fns.values():
        for _ in range(warmup):
            fn()
    times: dict[str, list[float]] = {name: [] for name in fns}
    for _ in range(runs):
        for name, fn in fns.items():
            t = time.perf_counter()
            fn()
            times[name].append((time.perf_counter() - t) * 1000)
    return times


def spread(values: list[float]) -> str:
    """Median and inter-quartile range."""
    q1, median, q3 = statistics.quantiles(values, n=4, method="inclusive")
    return f"{median:8.1f} ms (IQR {q1:.1f}–{q3:.1f})"


def bench_one_page(runs: int) -> None:
    from vndocsign.signing import load_pkcs12

    creds = credentials()
    pdf, png = one_page(), signature_png()
    key = load_pkcs12(creds.personal_p12, creds.password)
    cached, default = raw_signer(creds, True), raw_signer(creds, False)
    res = interleaved_ms(
        {
            "raw visible": lambda: raw_visible_sign(cached, pdf, png),
            "ours": lambda: ours_sign(key, pdf, png),
            "raw invisible": lambda: raw_sign(cached, pdf),
        },
        runs,
    )
    raw_default = median_ms(lambda: raw_sign(default, pdf, reserved=None), max(5, runs // 4))
    med = {k: statistics.median(v) for k, v in res.items()}
    print(f"1-page  raw pyHanko visible VN text + PNG, cached key {spread(res['raw visible'])}")
    print(
        f"1-page  vndocsign visible VN text + PNG, B-B         {spread(res['ours'])}  "
        f"ratio {med['ours'] / med['raw visible']:.2f}x visible/visible"
    )
    print(f"1-page  (context) raw pyHanko invisible, cached key  {spread(res['raw invisible'])}")
    print(f"1-page  (context) raw pyHanko defaults, invisible    {raw_default:8.1f} ms")


def _child_big(kind: str, src: str, queue: Any) -> None:
    from vndocsign.signing import Appearance, load_pkcs12, sign_file, sign_pdf

    creds = credentials()
    dst = Path(src).with_suffix(f".{kind}.pdf")
    key = load_pkcs12(creds.personal_p12, creds.password)
    signer = raw_signer(creds, True)
    invisible = Appearance(invisible=True)
    if kind.endswith("mem"):
        data = Path(src).read_bytes()
    t = time.perf_counter()
    if kind == "ours-mem":
        dst.write_bytes(sign_pdf(data, key, role="personal", appearance=invisible))
    elif kind == "raw-mem":
        dst.write_bytes(raw_sign(signer, data).getvalue())
    elif kind == "ours-file":
        sign_file(src, dst, key, role="personal", appearance=invisible)  # atomic + fsync
    else:
        with open(src, "rb") as inp, open(dst, "w+b") as out:
            raw_sign(signer, inp, output=out)
    elapsed = (time.perf_counter() - t) * 1000
    queue.put((elapsed, resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024))


def bench_big(repeats: int) -> None:
    src = big_pdf(WORK / "big.pdf")
    size = src.stat().st_size / 1e6
    ctx = mp.get_context("spawn")
    kinds = ("raw-mem", "ours-mem", "raw-file", "ours-file")
    results: dict[str, list[tuple[float, float]]] = {k: [] for k in kinds}
    for _ in range(repeats):
        for kind in kinds:
            queue = ctx.Queue()
            proc = ctx.Process(target=_child_big, args=(kind, str(src), queue))
            proc.start()
            results[kind].append(queue.get())
            proc.join()
    ms = {k: statistics.median(r[0] for r in v) for k, v in results.items()}
    rss = {k: max(r[1] for r in v) for k, v in results.items()}
    labels = {
        "raw-mem": "raw pyHanko, bytes in memory, cached key",
        "ours-mem": "vndocsign sign_pdf, bytes in memory",
        "raw-file": "raw pyHanko, file -> file (no fsync)",
        "ours-file": "vndocsign sign_file, file -> file, fsync",
    }
    for kind in kinds:
        base = "raw-mem" if kind.endswith("mem") else "raw-file"
        ratio = (
            ""
            if kind.startswith("raw")
            else (f"  ratio {ms[kind] / ms[base]:.2f}x  (target <= 1.5x)")
        )
        print(
            f"{size:.0f} MB   {labels[kind]:42s} {ms[kind]:8.1f} ms  "
            f"peak RSS {rss[kind]:5.0f} MB{ratio}"
        )


_WORKER: dict[str, Any] = {}


def _init_worker(kind: str) -> None:
    from vndocsign.signing import load_pkcs12

    creds = credentials()
    _WORKER["kind"] = kind
    _WORKER["pdf"] = one_page()
    _WORKER["png"] = signature_png()
    if kind == "ours":
        _WORKER["key"] = load_pkcs12(creds.personal_p12, creds.password)
        ours_sign(_WORKER["key"], _WORKER["pdf"], _WORKER["png"])  # warm caches
    else:
        _WORKER["key"] = raw_signer(creds, True)


def _work(_i: int) -> int:
    kind, key, pdf, png = (_WORKER[k] for k in ("kind", "key", "pdf", "png"))
    if kind == "ours":
        return len(ours_sign(key, pdf, png))
    if kind == "raw visible":
        return len(raw_visible_sign(key, pdf, png).getvalue())
    return len(raw_sign(key, pdf).getvalue())


def bench_batch(count: int, processes: int = 2, rounds: int = 3) -> None:
    """Documents/s, each configuration in its own warm pool, rounds interleaved."""
    ctx = mp.get_context("fork" if sys.platform != "win32" else "spawn")
    labels = {
        "ours": "vndocsign visible VN text + PNG",
        "raw visible": "raw pyHanko visible VN text + PNG",
        "raw": "(context) raw pyHanko invisible",
    }
    rates: dict[str, list[float]] = {kind: [] for kind in labels}
    pools = {
        kind: ctx.Pool(processes, initializer=_init_worker, initargs=(kind,)) for kind in labels
    }
    try:
        for pool in pools.values():
            pool.map(_work, range(processes * 2))  # warm up every worker
        for _ in range(rounds):
            for kind, pool in pools.items():
                t = time.perf_counter()
                pool.map(_work, range(count), chunksize=10)
                rates[kind].append(count / (time.perf_counter() - t))
    finally:
        for pool in pools.values():
            pool.terminate()
    for kind, label in labels.items():
        v = rates[kind]
        print(
            f"batch   {count} docs, {processes} processes, {label:36s} "
            f"{statistics.median(v):7.1f} docs/s (min {min(v):.1f}, max {max(v):.1f})"
        )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--quick", action="store_true", help="fewer runs, 200-doc batch")
    parser.add_argument("--no-big", action="store_true", help="skip the 30 MB document")
    args = parser.parse_args()
    print(f"python {sys.version.split()[0]}, {os.cpu_count()} CPUs")
    bench_one_page(runs=10 if args.quick else 30)
    if not args.no_big:
        bench_big(repeats=1 if args.quick else 3)
    bench_batch(200 if args.quick else 1000, rounds=2 if args.quick else 3)


if __name__ == "__main__":
    main()
