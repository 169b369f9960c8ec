"""Zip wrappers: the reference library's one-entry archives, unwrapped and written safely.

The reference writer zips every file that is not pdf/doc/docx/xsl/xslx/zip into a one-entry
archive (``<uuid>.<ext>``) and declares it ``application/zip``; its reader unwraps a payload
when the declared type is ``application/zip`` and the name's extension is not ``zip``. The
decision is made on what the envelope *declares* (see :func:`is_declared_wrapper`), never on
the first bytes alone: a PDF whose bytes happen to start with ``PK\\x03\\x04`` stays a PDF.

Nothing here holds an inflated entry in memory unless the caller asked for memory output:
entries stream in 1 MB blocks into the caller's file, the digest is computed on the way, and
the zip-bomb bounds of :class:`~vndocsign.edxml.Limits` are checked against the size the zip
declares before inflating and against the running size while inflating.
"""

from __future__ import annotations

import bz2
import hashlib
import io
import lzma
import struct
import tempfile
import zipfile
import zlib
from collections.abc import Iterator
from pathlib import Path
from typing import IO, Any

import attrs

from vndocsign.edxml._errors import AttachmentError, AttachmentLimitError, EdxmlLimitError
from vndocsign.edxml._limits import Limits
from vndocsign.edxml._payload import Payload

__all__ = [
    "WRAPPER_TYPE",
    "ZIP_MAGIC",
    "UnzipResult",
    "describe_broken_zip",
    "is_declared_wrapper",
    "make_zip_wrapper",
    "unwrap_single_entry_zip",
    "zip_entry_names",
]

ZIP_MAGIC = b"PK\x03\x04"
WRAPPER_TYPE = "application/zip"
_HEAD = 16
_BLOCK = 1 << 20
_LOCAL = struct.Struct("<IHHHHHIIIHH")


def is_declared_wrapper(name: str | None, content_type: str | None) -> bool:
    """The reference reader's rule: ``application/zip`` declared, the name not a ``.zip``.

    A name ending in ``.zip`` in any case (``HỒ SƠ.ZIP``) is a real archive, never a wrapper.
    """
    declared = (content_type or "").strip().lower()
    return declared == WRAPPER_TYPE and not (name or "").strip().lower().endswith(".zip")


@attrs.frozen
class UnzipResult:
    entry_name: str
    size: int
    sha256: str
    head: bytes
    data: bytes | None = attrs.field(default=None, repr=False)


def _zip_source(payload: Payload) -> IO[bytes]:
    if payload.data is not None:
        return io.BytesIO(payload.data)
    assert payload.path is not None
    return payload.path.open("rb")


def zip_entry_names(payload: Payload) -> list[str] | None:
    """The file entries of a readable zip, or ``None`` when it cannot be read as one."""
    try:
        with _zip_source(payload) as raw, zipfile.ZipFile(raw) as archive:
            return [i.filename for i in archive.infolist() if not i.is_dir()]
    except (zipfile.BadZipFile, OSError, ValueError, EOFError):
        return None


def _method_decompressor(method: int, raw: IO[bytes]) -> Any:
    """A decompressor for zip ``method`` that honours ``max_length`` (never zipfile's own:
    it inflates a whole compressed megabyte of bzip2 or LZMA in one call, gigabytes for a
    bomb). ``None`` for a stored entry."""
    if method == zipfile.ZIP_STORED:
        return None
    if method == zipfile.ZIP_DEFLATED:
        return _Zlib()
    if method == zipfile.ZIP_BZIP2:
        return bz2.BZ2Decompressor()
    if method == zipfile.ZIP_LZMA:
        head = raw.read(4)  # version (2 bytes), size of the properties (2 bytes)
        if len(head) < 4:
            raise AttachmentError("Truncated LZMA zip entry", "Tệp nén LZMA bị cắt cụt")
        props = raw.read(struct.unpack("<H", head[2:])[0])
        filt = lzma._decode_filter_properties(lzma.FILTER_LZMA1, props)  # type: ignore[attr-defined]
        return lzma.LZMADecompressor(lzma.FORMAT_RAW, filters=[filt])
    raise AttachmentError(
        f"Unsupported zip compression method {method}",
        f"Phương thức nén {method} không được hỗ trợ",
        method=method,
    )


class _Zlib:
    """zlib's bounded-output interface shaped like ``BZ2Decompressor``'s."""

    def __init__(self) -> None:
        self._d = zlib.decompressobj(-15)
        self._tail = b""

    @property
    def eof(self) -> bool:
        return self._d.eof

    @property
    def needs_input(self) -> bool:
        return not self._tail and not self._pending

    def decompress(self, data: bytes, max_length: int) -> bytes:
        out = self._d.decompress(self._tail + data, max_length)
        self._tail = self._d.unconsumed_tail
        self._pending = len(out) == max_length  # zlib may still hold output for no new input
        return out

    _pending = False


def _inflate(raw: IO[bytes], method: int, compressed: int) -> Iterator[bytes]:
    """The entry's bytes in blocks of at most 1 MB, reading at most ``compressed`` raw bytes."""
    before = raw.tell()
    decompressor = _method_decompressor(method, raw)
    left = compressed - (raw.tell() - before)  # LZMA's properties header is compressed data
    while left > 0 or (decompressor is not None and not decompressor.needs_input):
        data = raw.read(min(left, 1 << 16)) if left > 0 else b""
        left -= len(data)
        if decompressor is None:
            if not data:
                return
            yield data
            continue
        if not data and decompressor.needs_input:
            return
        block = decompressor.decompress(data, _BLOCK)
        yield block
        while not decompressor.eof and not decompressor.needs_input:
            yield decompressor.decompress(b"", _BLOCK)
        if decompressor.eof:
            return


def _data_offset(raw: IO[bytes], info: zipfile.ZipInfo) -> int:
    raw.seek(info.header_offset)
    header = raw.read(_LOCAL.size)
    if len(header) < _LOCAL.size or not header.startswith(ZIP_MAGIC):
        raise zipfile.BadZipFile("bad local file header")
    name_length = int.from_bytes(header[26:28], "little")
    extra_length = int.from_bytes(header[28:30], "little")
    return int(info.header_offset) + _LOCAL.size + name_length + extra_length


def _stream_entry(
    raw: IO[bytes],
    info: zipfile.ZipInfo,
    out: IO[bytes],
    limits: Limits,
    max_out: int,
) -> UnzipResult:
    """Inflate ``info`` from the raw zip bytes, checking every bound after each block."""
    start = _data_offset(raw, info)
    available = raw.seek(0, io.SEEK_END) - start
    compressed = max(min(info.compress_size, available), 0)
    raw.seek(start)
    h = hashlib.sha256()
    crc = size = 0
    head = b""
    for block in _inflate(raw, info.compress_type, compressed):
        if not block:
            continue
        size += len(block)
        if size > info.file_size:
            raise AttachmentLimitError(
                "The zip entry inflates beyond the size it declares: refused as a zip bomb",
                "Tệp nén giải nén vượt quá kích thước tự khai: bị từ chối (nghi bom nén)",
                entry=info.filename,
                limit="declared_size",
                maximum=info.file_size,
            )
        limits.check_unzipped(size, compressed, error=AttachmentLimitError)
        if size > max_out:
            raise AttachmentLimitError(
                f"The unzipped attachment is larger than {max_out} bytes "
                "(read with attachments_dir for large files)",
                f"Tệp giải nén lớn hơn {max_out} byte (hãy dùng attachments_dir)",
                limit="max_memory_attachment",
                maximum=max_out,
            )
        if len(head) < _HEAD:
            head += block[: _HEAD - len(head)]
        h.update(block)
        crc = zlib.crc32(block, crc)
        out.write(block)
    if size != info.file_size or crc != info.CRC:
        raise zipfile.BadZipFile(f"bad CRC-32 or size for {info.filename!r} (truncated?)")
    data = out.getvalue() if isinstance(out, io.BytesIO) else None
    return UnzipResult(info.filename, size, h.hexdigest(), head, data=data)


def unwrap_single_entry_zip(
    payload: Payload, out: IO[bytes], *, limits: Limits, max_out: int | None = None
) -> UnzipResult | None:
    """Inflate the only entry of a zip wrapper into ``out``.

    Returns ``None`` when the zip has several entries (not a wrapper). Raises
    :class:`AttachmentError` for an unreadable zip or one breaking ``limits``; the size the zip
    declares is checked first, so an honest bomb is refused without inflating a byte.
    """
    try:
        with _zip_source(payload) as raw, zipfile.ZipFile(raw) as archive:
            entries = [i for i in archive.infolist() if not i.is_dir()]
            if len(entries) != 1:
                return None
            info = entries[0]
            if info.flag_bits & 0x1:
                raise AttachmentError(
                    "The zipped attachment is encrypted",
                    "Tệp nén đính kèm được mã hóa",
                    entry=info.filename,
                )
            limits.check_unzipped(info.file_size, info.compress_size, error=AttachmentLimitError)
            limit = limits.max_unzipped if max_out is None else max_out
            return _stream_entry(raw, info, out, limits, limit)
    except AttachmentError:
        raise
    except (
        zipfile.BadZipFile,
        zlib.error,
        EOFError,
        OSError,
        NotImplementedError,
        ValueError,
        RuntimeError,
    ) as exc:
        raise AttachmentError(
            f"Unreadable zip wrapper: {exc}",
            f"Tệp nén đính kèm không đọc được: {exc}",
            reason=str(exc),
        ) from None


def describe_broken_zip(payload: Payload, *, limits: Limits) -> tuple[str, int] | None:
    """Name and inflated size of the first entry of a zip whose central directory is broken.

    Used only to *describe* a truncated wrapper in a warning: the entry is inflated block by
    block and only counted (never kept), and counting stops at the zip-bomb bounds.
    """
    head = payload.head(_LOCAL.size + 1024)
    if len(head) < _LOCAL.size or not head.startswith(ZIP_MAGIC):
        return None
    (_sig, _ver, flags, method, _t, _d, _crc, csize, _usize, nlen, xlen) = _LOCAL.unpack_from(head)
    name = head[_LOCAL.size : _LOCAL.size + nlen].decode(
        "utf-8" if flags & 0x800 else "cp437", errors="replace"
    )
    if method == 0:
        return (name, csize) if not flags & 0x8 else None
    if method != 8:
        return None
    inflater = zlib.decompressobj(-15)
    size = consumed = 0
    with payload.open() as stream:
        stream.seek(_LOCAL.size + nlen + xlen)
        while not inflater.eof:
            block = stream.read(1 << 16)
            if not block:
                break
            consumed += len(block)
            try:
                while block and not inflater.eof:
                    size += len(inflater.decompress(block, _BLOCK))
                    block = inflater.unconsumed_tail
                    limits.check_unzipped(size, consumed)
            except (zlib.error, EdxmlLimitError):
                return None
    return name, size


def make_zip_wrapper(payload: Payload, entry_name: str, *, limits: Limits) -> Payload:
    """The reference library's wrapper: a one-entry deflated zip named ``<uuid>.<ext>``.

    Deterministic (fixed timestamp) so that writing the same envelope twice gives the same
    bytes. Small payloads stay in memory; big ones go to a temporary file. The wrapper is
    checked against the same zip-bomb bounds the reader applies (raises
    :class:`~vndocsign.edxml.EdxmlLimitError`), and the content's digest is computed on the way.
    """
    info = zipfile.ZipInfo(entry_name, date_time=(1980, 1, 1, 0, 0, 0))
    info.compress_type = zipfile.ZIP_DEFLATED
    info.external_attr = 0o644 << 16
    if payload.size is not None:
        limits.check_unzipped(payload.size, payload.size, what=f"wrapped {entry_name}")
    spool: Any
    if payload.size is not None and payload.size <= 32 << 20:
        spool = io.BytesIO()
    else:
        spool = tempfile.NamedTemporaryFile(prefix="vndocsign-zip-", delete=False)  # noqa: SIM115
    h = hashlib.sha256()
    size = 0
    try:
        with (
            zipfile.ZipFile(spool, "w") as archive,
            payload.open() as src,
            archive.open(info, "w", force_zip64=(payload.size or 0) > (2 << 30)) as dst,
        ):
            for block in iter(lambda: src.read(_BLOCK), b""):
                h.update(block)
                size += len(block)
                dst.write(block)
        limits.check_unzipped(size, info.compress_size, what=f"wrapped {entry_name}")
    except BaseException:
        if not isinstance(spool, io.BytesIO):
            spool.close()
            Path(spool.name).unlink(missing_ok=True)
        raise
    payload.remember_digest(size, h.hexdigest())
    if isinstance(spool, io.BytesIO):
        return Payload.from_bytes(spool.getvalue())
    spool.close()
    return Payload(path=Path(spool.name), size=Path(spool.name).stat().st_size)
