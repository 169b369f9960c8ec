"""Attachments stream: memory stays bounded by the chunk size, not the attachment size.

(Throughput and 10/100/500 MB figures are in ``benchmarks/bench_edxml.py``.)
"""

from __future__ import annotations

import hashlib
import os
import tracemalloc
from pathlib import Path

from vndocsign import edxml


def test_pack_and_unpack_24_mb_in_bounded_memory(tmp_path: Path) -> None:
    size = 24 << 20
    source = tmp_path / "big.pdf"
    with source.open("wb") as handle:
        for _ in range(size >> 20):
            handle.write(os.urandom(1 << 20))
    digest = hashlib.sha256(source.read_bytes()).hexdigest()
    env = edxml.Envelope(
        header=edxml.MessageHeader(
            from_=edxml.Organization(organ_id="000.00.00.G22"),
            to=[edxml.Organization(organ_id="000.00.00.H41")],
        ),
        attachments=[edxml.Attachment.from_file(source)],
    )
    packed = tmp_path / "big.edxml"
    tracemalloc.start()
    try:
        report = edxml.write(env, packed)
        write_peak = tracemalloc.get_traced_memory()[1]
        tracemalloc.reset_peak()
        msg = edxml.read(packed, edxml.ReadOptions(attachments_dir=tmp_path / "out"))
        read_peak = tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()
    assert report.attachments[0].sha256 == digest
    assert packed.stat().st_size > size * 4 // 3
    (att,) = msg.attachments  # type: ignore[union-attr]
    assert att.sha256 == digest and att.size == size
    assert att.content is not None and att.content.path is not None
    assert hashlib.sha256(att.content.path.read_bytes()).hexdigest() == digest
    # a small multiple of the 1 MiB chunk, far below the 24 MiB attachment (32 MiB as base64)
    print(f"peaks: write {write_peak >> 10} KiB, read {read_peak >> 10} KiB")
    assert write_peak < 8 << 20, write_peak
    assert read_peak < 8 << 20, read_peak


def _zeros_bomb_envelope(path: Path, size: int) -> int:
    """An envelope whose one attachment is ``size`` zero bytes zipped (declared a wrapper)."""
    import zipfile

    zipped = path.with_suffix(".zip")
    info = zipfile.ZipInfo("0b0c2d8e.txt", date_time=(1980, 1, 1, 0, 0, 0))
    info.compress_type = zipfile.ZIP_DEFLATED
    block = bytes(1 << 20)
    with zipfile.ZipFile(zipped, "w") as archive, archive.open(info, "w") as dst:
        for _ in range(size >> 20):
            dst.write(block)
    env = edxml.Envelope(
        header=edxml.MessageHeader(
            from_=edxml.Organization(organ_id="000.00.00.G22"),
            to=[edxml.Organization(organ_id="000.00.00.H41")],
        ),
        attachments=[
            edxml.Attachment.from_file(zipped, name="bom.txt", content_type="application/zip")
        ],
    )
    edxml.write(env, path)
    return zipped.stat().st_size


def test_a_zip_bomb_is_refused_without_inflating_it(tmp_path: Path) -> None:
    """128 MiB of zeros (~130 KB zipped): refused by the default limits, in bounded memory.

    (The 1 GiB acceptance figure is measured by ``benchmarks/bench_edxml.py --acceptance``.)
    """
    import time

    packed = tmp_path / "bomb.edxml"
    compressed = _zeros_bomb_envelope(packed, 128 << 20)
    assert compressed < 1 << 20
    for options in (
        edxml.ReadOptions(),
        edxml.ReadOptions(attachments_dir=tmp_path / "out"),
        edxml.ReadOptions(discard_payloads=True),
    ):
        tracemalloc.start()
        began = time.perf_counter()
        try:
            msg = edxml.read(packed, options)
            peak = tracemalloc.get_traced_memory()[1]
        finally:
            tracemalloc.stop()
        (att,) = msg.attachments  # type: ignore[union-attr]
        assert att.zip_error is not None and "zip bomb" in att.zip_error
        assert att.size == compressed  # kept as received
        assert peak < 16 << 20, peak
        assert time.perf_counter() - began < 10
    assert [p.name for p in (tmp_path / "out").iterdir()] == ["bom.txt"]
