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

import hashlib
import io
import struct
import tempfile
import zipfile
import zlib
from pathlib import Path
from typing import IO, Any

import attrs

from vndocsign.edxml._errors import AttachmentError, EdxmlLimitError
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


def _stream_entry(
    archive: zipfile.ZipFile,
    info: zipfile.ZipInfo,
    out: IO[bytes],
    limits: Limits,
    max_out: int,
) -> UnzipResult:
    h = hashlib.sha256()
    size = 0
    head = b""
    with archive.open(info) as member:
        for block in iter(lambda: member.read(_BLOCK), b""):
            size += len(block)
            if size > info.file_size:
                raise AttachmentError(
                    "The zip entry inflates beyond the size it declares: refused as a zip bomb",
                    "Tệp nén giải nén vượt quá kích thước tự khai: bị từ chối (nghi bom nén)",
                    entry=info.filename,
                )
            limits.check_unzipped(size, info.compress_size, error=AttachmentError)
            if size > max_out:
                raise AttachmentError(
                    f"The unzipped attachment is larger than {max_out} bytes "
                    "(read with attachments_dir for large files)",
                    f"Tệp giải nén lớn hơn {max_out} byte (hãy dùng attachments_dir)",
                    limit=max_out,
                )
            if len(head) < _HEAD:
                head += block[: _HEAD - len(head)]
            h.update(block)
            out.write(block)
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
            limits.check_unzipped(info.file_size, info.compress_size, error=AttachmentError)
            limit = limits.max_unzipped if max_out is None else max_out
            return _stream_entry(archive, info, out, limits, limit)
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


_LOCAL = struct.Struct("<IHHHHHIIIHH")


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
