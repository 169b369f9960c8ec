"""Pack and unpack edXML envelopes with 10, 100 and 500 MB of attachments.

Compares vndocsign (streamed base64 with SHA-256 on the way, bounded memory) with the plain way
(``base64.b64encode`` of the whole file + an lxml tree + ``tostring``; ``etree.parse`` with
``huge_tree=True`` + ``base64.b64decode``) in the same run. Every measurement runs in its own
child process so that its peak RSS (``wait4`` rusage) is its own.

    python benchmarks/bench_edxml.py               # 10, 100, 500 MB
    python benchmarks/bench_edxml.py 10 100        # chosen sizes (MB)
    python benchmarks/bench_edxml.py --acceptance  # issue 15: 1 GiB pack/unpack, 1 GiB bomb

Target (issue 6): peak memory bounded by a small multiple of the chunk size, not of the
attachment size. Acceptance (issue 15): pack and unpack of a 1 GiB attachment each under
100 MB peak RSS; an envelope carrying a 1 GiB zip bomb (zeros) refused within 200 MB.
(The suite runs a cheaper version: ``tests/edxml/test_streaming.py``.)
"""

from __future__ import annotations

import base64
import hashlib
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

MB = 1 << 20
NS = "http://www.mic.gov.vn/TBT/QCVN_102_2016"


def make_attachment(path: Path, size: int) -> None:
    block = os.urandom(MB)
    with path.open("wb") as handle:
        for i in range(size // MB):
            handle.write(hashlib.sha256(block + i.to_bytes(4, "big")).digest() * (MB // 32))


def _header():  # type: ignore[no-untyped-def]
    from vndocsign.edxml import Code, MessageHeader, Organization

    return MessageHeader(
        from_=Organization(organ_id="000.00.00.G22"),
        to=[Organization(organ_id="000.00.00.H41")],
        document_id="000.00.00.G22,2024/05/10,123/VPCP-TTĐT",
        code=Code("123", "VPCP-TTĐT"),
        subject="Benchmark",
    )


def phase_vnd_pack(src: Path, out: Path) -> None:
    from vndocsign import edxml

    env = edxml.Envelope(header=_header(), attachments=[edxml.Attachment.from_file(src)])
    edxml.write(env, out)


def phase_vnd_unpack(src: Path, out: Path) -> None:
    from vndocsign import edxml

    out.mkdir(parents=True, exist_ok=True)
    msg = edxml.read(src, edxml.ReadOptions(attachments_dir=out))
    assert msg.attachments[0].sha256  # type: ignore[union-attr]


def phase_plain_pack(src: Path, out: Path) -> None:
    from lxml import etree

    data = src.read_bytes()
    digest = hashlib.sha256(data).hexdigest()
    root = etree.Element(f"{{{NS}}}edXML", nsmap={None: NS})
    env = etree.SubElement(root, f"{{{NS}}}edXMLEnvelope", nsmap={"edXML": NS})
    etree.SubElement(env, f"{{{NS}}}edXMLHeader").text = "Benchmark"
    att = etree.SubElement(
        etree.SubElement(root, f"{{{NS}}}AttachmentEncoded"), f"{{{NS}}}Attachment"
    )
    etree.SubElement(att, f"{{{NS}}}ContentTransferEncoded").text = base64.b64encode(data).decode(
        "ascii"
    )
    out.write_bytes(etree.tostring(root, xml_declaration=True, encoding="UTF-8"))
    assert digest


def phase_plain_unpack(src: Path, out: Path) -> None:
    from lxml import etree

    tree = etree.parse(str(src), etree.XMLParser(huge_tree=True, resolve_entities=False))
    node = tree.find(f".//{{{NS}}}ContentTransferEncoded")
    data = base64.b64decode(node.text)
    hashlib.sha256(data).hexdigest()
    out.mkdir(parents=True, exist_ok=True)
    (out / "attachment.bin").write_bytes(data)


def make_bomb(path: Path, size: int) -> None:
    """An envelope whose attachment is ``size`` zero bytes in a declared zip wrapper."""
    import zipfile

    from vndocsign import edxml

    zipped = path.with_suffix(".zip")
    info = zipfile.ZipInfo("0b0c2d8e.txt", date_time=(1980, 1, 1, 0, 0, 0))
    info.compress_type = zipfile.ZIP_DEFLATED
    with zipfile.ZipFile(zipped, "w") as archive, archive.open(info, "w") as dst:
        for _ in range(size // MB):
            dst.write(bytes(MB))
    env = edxml.Envelope(
        header=_header(),
        attachments=[
            edxml.Attachment.from_file(zipped, name="bom.txt", content_type="application/zip")
        ],
    )
    edxml.write(env, path)
    zipped.unlink()


def phase_vnd_bomb(src: Path, out: Path) -> None:
    from vndocsign import edxml

    out.mkdir(parents=True, exist_ok=True)
    msg = edxml.read(src, edxml.ReadOptions(attachments_dir=out))
    assert "zip bomb" in (msg.attachments[0].zip_error or "")  # type: ignore[union-attr]


PHASES = {
    "vnd-bomb": phase_vnd_bomb,
    "vnd-pack": phase_vnd_pack,
    "vnd-unpack": phase_vnd_unpack,
    "plain-pack": phase_plain_pack,
    "plain-unpack": phase_plain_unpack,
}


def run_phase(name: str, src: Path, out: Path) -> tuple[float, float] | None:
    """(seconds, peak RSS MB) of one phase in a child process; ``None`` if it failed."""
    proc = subprocess.Popen(
        [sys.executable, __file__, "--phase", name, str(src), str(out)], stdout=subprocess.PIPE
    )
    assert proc.stdout is not None
    output = proc.stdout.read()
    _pid, status, usage = os.wait4(proc.pid, 0)
    if status != 0:
        return None
    return float(output.decode().strip()), usage.ru_maxrss / 1024  # Linux: KiB


def main(sizes: list[int]) -> None:
    print(
        f"{'size':>6} {'operation':<8} {'vndocsign MB/s':>15} {'plain MB/s':>11} "
        f"{'speed ratio':>11} {'vnd peak RSS':>13} {'plain peak RSS':>15} {'RSS ratio':>10}"
    )
    with tempfile.TemporaryDirectory(prefix="bench-edxml-") as tmp:
        root = Path(tmp)
        for size_mb in sizes:
            src = root / f"att-{size_mb}.pdf"
            make_attachment(src, size_mb * MB)
            packed_v, packed_p = root / f"v-{size_mb}.edxml", root / f"p-{size_mb}.edxml"
            results = {}
            results["vnd-pack"] = run_phase("vnd-pack", src, packed_v)
            results["plain-pack"] = run_phase("plain-pack", src, packed_p)
            results["vnd-unpack"] = run_phase("vnd-unpack", packed_v, root / f"uv-{size_mb}")
            results["plain-unpack"] = run_phase("plain-unpack", packed_v, root / f"up-{size_mb}")
            for op in ("pack", "unpack"):
                v, p = results[f"vnd-{op}"], results[f"plain-{op}"]
                v_rate = f"{size_mb / v[0]:.0f}" if v else "failed"
                p_rate = f"{size_mb / p[0]:.0f}" if p else "failed"
                ratio = f"{p[0] / v[0]:.2f}x" if v and p else "-"
                rss_ratio = f"{p[1] / v[1]:.1f}x" if v and p else "-"
                print(
                    f"{size_mb:>4}MB {op:<8} {v_rate:>15} {p_rate:>11} {ratio:>11} "
                    f"{(f'{v[1]:.0f} MB' if v else '-'):>13} "
                    f"{(f'{p[1]:.0f} MB' if p else '-'):>15} {rss_ratio:>10}",
                    flush=True,
                )
            for path in (src, packed_v, packed_p):
                path.unlink(missing_ok=True)
    print("speed ratio > 1: vndocsign faster (time of the work only, imports excluded);")
    print("peak RSS is the whole child process, interpreter and imports (~25 MB) included.")


def acceptance() -> int:
    """Issue 15's figures; exit status 1 when one of them is missed."""
    failed = 0
    with tempfile.TemporaryDirectory(prefix="bench-edxml-") as tmp:
        root = Path(tmp)
        src, packed = root / "att-1024.pdf", root / "packed.edxml"
        make_attachment(src, 1024 * MB)
        for name, args, limit in (
            ("vnd-pack", (src, packed), 100),
            ("vnd-unpack", (packed, root / "unpacked"), 100),
        ):
            result = run_phase(name, *args)
            ok = result is not None and result[1] < limit
            failed += not ok
            shown = f"{result[1]:.0f} MB peak RSS, {result[0]:.1f} s" if result else "failed"
            print(f"1 GiB {name[4:]:<7} {shown:<32} limit {limit} MB  {'ok' if ok else 'MISSED'}")
        src.unlink()
        packed.unlink()
        bomb = root / "bomb.edxml"
        make_bomb(bomb, 1024 * MB)
        result = run_phase("vnd-bomb", bomb, root / "bomb-out")
        ok = result is not None and result[1] < 200
        failed += not ok
        shown = f"{result[1]:.0f} MB peak RSS, {result[0]:.2f} s" if result else "failed"
        print(f"1 GiB bomb    {shown:<32} limit 200 MB  {'ok' if ok else 'MISSED'}")
    return 1 if failed else 0


if __name__ == "__main__":
    if sys.argv[1:] == ["--acceptance"]:
        sys.exit(acceptance())
    if len(sys.argv) > 1 and sys.argv[1] == "--phase":
        import lxml.etree  # noqa: F401 - imports are not part of the measurement

        import vndocsign.edxml  # noqa: F401

        began = time.perf_counter()
        PHASES[sys.argv[2]](Path(sys.argv[3]), Path(sys.argv[4]))
        print(f"{time.perf_counter() - began:.4f}")
        sys.exit(0)
    main([int(a) for a in sys.argv[1:]] or [10, 100, 500])
