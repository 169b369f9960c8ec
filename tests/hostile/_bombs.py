"""Generated hostile inputs (never third-party files): zip bombs and edXML envelopes.

A bzip2 bomb of gigabytes is built in milliseconds: one compressed block of zeros is repeated
at the *bit* level (bzip2 blocks are not byte-aligned) and the stream's combined CRC is
recomputed, so no test spends half a minute compressing zeros.
"""

from __future__ import annotations

import base64
import bz2
import functools
import io
import lzma
import struct
import zipfile
import zlib

NS = "http://www.mic.gov.vn/TBT/QCVN_102_2016"

_BLOCK_MAGIC = 0x314159265359
_EOS_MAGIC = 0x177245385090
_ZEROS_PER_BLOCK = 40 << 20  # fits one 900k bzip2 block after its run-length stage


@functools.cache
def _one_block() -> tuple[int, int, int]:
    """(bits, bit length, block CRC) of one bzip2 block holding ``_ZEROS_PER_BLOCK`` zeros."""
    stream = bz2.compress(b"\0" * _ZEROS_PER_BLOCK, 9)
    value = int.from_bytes(stream[4:], "big")
    total = (len(stream) - 4) * 8
    # the end-of-stream marker: last occurrence of its 48 bits, followed by the 32-bit CRC
    for pos in range(total - 48 - 32, 0, -1):
        if (value >> (total - pos - 48)) & ((1 << 48) - 1) == _EOS_MAGIC:
            break
    else:  # pragma: no cover
        raise AssertionError("no end-of-stream marker")
    block_bits = value >> (total - pos)
    assert block_bits >> (pos - 48) == _BLOCK_MAGIC, "more than one block"
    crc = (block_bits >> (pos - 80)) & 0xFFFFFFFF
    return block_bits, pos, crc


def bzip2_zeros(blocks: int) -> tuple[bytes, int]:
    """A bzip2 stream of ``blocks * 40 MiB`` zeros and its uncompressed size."""
    bits, length, crc = _one_block()
    value = 0
    combined = 0
    for _ in range(blocks):
        value = (value << length) | bits
        combined = (((combined << 1) | (combined >> 31)) & 0xFFFFFFFF) ^ crc
    value = (((value << 48) | _EOS_MAGIC) << 32) | combined
    nbits = blocks * length + 80
    pad = (-nbits) % 8
    body = (value << pad).to_bytes((nbits + pad) // 8, "big")
    return b"BZh9" + body, blocks * _ZEROS_PER_BLOCK


def _raw_entry(name: str, method: int, compressed: bytes, size: int, crc: int) -> bytes:
    """A one-entry zip written by hand (zipfile cannot store pre-compressed data)."""
    fname = name.encode()
    zip64 = size >= 0xFFFFFFFF or len(compressed) >= 0xFFFFFFFF
    extra = struct.pack("<HHQQ", 1, 16, size, len(compressed)) if zip64 else b""
    usize = 0xFFFFFFFF if zip64 else size
    csize = 0xFFFFFFFF if zip64 else len(compressed)
    version = 63 if method == zipfile.ZIP_LZMA else 46
    local = (
        struct.pack(
            "<IHHHHHIIIHH",
            0x04034B50,
            version,
            0,
            method,
            0,
            0x21,
            crc,
            csize,
            usize,
            len(fname),
            len(extra),
        )
        + fname
        + extra
    )
    cd_extra = struct.pack("<HHQQQ", 1, 24, size, len(compressed), 0) if zip64 else b""
    central = (
        struct.pack(
            "<IHHHHHHIIIHHHHHII",
            0x02014B50,
            version,
            version,
            0,
            method,
            0,
            0x21,
            crc,
            csize,
            usize,
            len(fname),
            len(cd_extra),
            0,
            0,
            0,
            0o644 << 16,
            0,
        )
        + fname
        + cd_extra
    )
    offset = len(local) + len(compressed)
    end = struct.pack("<IHHHHIIH", 0x06054B50, 0, 0, 1, 1, len(central), offset, 0)
    return local + compressed + central + end


@functools.cache
def zip_bomb(method: str, size: int = 3 << 30, declared: int | None = 16) -> bytes:
    """A one-entry zip inflating to about ``size`` zeros (``bzip2``, ``deflate``, ``lzma``).

    bzip2 reaches 3 GiB in ~2.4 KB (deflate cannot exceed ~1000:1 and LZMA is slow to make
    big, so those stay at 96 MiB). Every variant lies by default: the zip *declares* an
    inflated size of ``declared`` bytes (``None``: the truth), which a reader trusting the
    header before inflating lets through.
    """
    if method == "bzip2":
        stream, real = bzip2_zeros(max(size // _ZEROS_PER_BLOCK, 1))
        # CRC left 0: a bomb is refused long before its end, and 3 GiB of CRC costs seconds
        return _raw_entry("bom.txt", zipfile.ZIP_BZIP2, stream, declared or real, 0)
    data = b"\0" * min(size, 96 << 20)
    if method == "deflate":
        compressor = zlib.compressobj(9, zlib.DEFLATED, -15)
        stream = compressor.compress(data) + compressor.flush()
        method_id = zipfile.ZIP_DEFLATED
    elif method == "lzma":
        props = lzma._encode_filter_properties({"id": lzma.FILTER_LZMA1})  # type: ignore[attr-defined]
        raw = lzma.compress(data, format=lzma.FORMAT_RAW, filters=[{"id": lzma.FILTER_LZMA1}])
        stream = struct.pack("<BBH", 9, 4, len(props)) + props + raw
        method_id = zipfile.ZIP_LZMA
    else:
        raise ValueError(method)
    return _raw_entry("bom.txt", method_id, stream, declared or len(data), zlib.crc32(data))


def envelope(
    payload: bytes,
    *,
    name: str = "bom.txt",
    ctype: str = "application/zip",
    encoding: str = "UTF-8",
    subject: str = "Thử",
) -> bytes:
    """A minimal edXML envelope carrying ``payload`` as its one attachment."""
    text = f"""<?xml version="1.0" encoding="{encoding}"?>
<edXML:edXMLEnvelope xmlns:edXML="{NS}">
  <edXML:edXMLHeader>
    <edXML:MessageHeader>
      <edXML:From><edXML:OrganId>000.00.00.G22</edXML:OrganId></edXML:From>
      <edXML:To><edXML:OrganId>000.00.00.H41</edXML:OrganId></edXML:To>
      <edXML:DocumentId>000.00.00.G22,2024/05/10,123/VPCP-TTĐT</edXML:DocumentId>
      <edXML:Subject>{subject}</edXML:Subject>
    </edXML:MessageHeader>
  </edXML:edXMLHeader>
  <edXML:edXMLBody>
    <edXML:AttachmentEncoded>
      <edXML:Attachment>
        <edXML:ContentId>cid:1</edXML:ContentId>
        <edXML:AttachmentName>{name}</edXML:AttachmentName>
        <edXML:ContentType>{ctype}</edXML:ContentType>
        <edXML:ContentTransferEncoded>{base64.b64encode(payload).decode()}</edXML:ContentTransferEncoded>
      </edXML:Attachment>
    </edXML:AttachmentEncoded>
  </edXML:edXMLBody>
</edXML:edXMLEnvelope>
"""
    return text.encode("utf-8")


def unzip_all(data: bytes) -> bytes:  # pragma: no cover - debugging helper
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        return archive.read(archive.namelist()[0])
