"""Attachment payloads: streamed base64, SHA-256 on the way, zip wrappers and zip bombs.

An edXML envelope carries its files inline as base64 (``ContentTransferEncoded``), and the
reference library wraps some of them in a single-entry zip (``<uuid>.<ext>``). Envelopes with
several signed PDFs reach hundreds of MB, so nothing here ever holds a whole payload as one
string: base64 is decoded and encoded in chunks straight to and from files, the digest is
computed while the bytes pass, and unzipping stops at a configured size and ratio (tệp nén
"bom": a few KB that inflate to GB).
"""

from __future__ import annotations

import base64
import binascii
import contextlib
import hashlib
import io
import os
import struct
import tempfile
import zipfile
import zlib
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import IO, Any

import attrs

from vndocsign.edxml._xml import PayloadSink
from vndocsign.edxml.errors import AttachmentError, EdxmlWriteError

__all__ = [
    "CHUNK_SIZE",
    "ZIP_MAGIC",
    "Base64DecodeSink",
    "DecodeResult",
    "Payload",
    "UnzipLimits",
    "UnzipResult",
    "encode_base64_stream",
    "make_zip_wrapper",
    "read_local_zip_entry",
    "unwrap_single_entry_zip",
]

#: Raw bytes per base64 step (a multiple of 3 so that chunks concatenate without padding).
CHUNK_SIZE = 3 * 64 * 1024
ZIP_MAGIC = b"PK\x03\x04"
_HEAD = 16


def _short(data: bytes | None) -> str:
    return "None" if data is None else f"<{len(data)} bytes>"


@attrs.frozen(eq=False)
class Payload:
    """The bytes of one attachment, in memory (``data``) or in a file (``path``).

    ``size`` and ``sha256`` are known when the payload was decoded or created from bytes; for a
    file given by the caller they are computed when the envelope is written. Two payloads are
    equal when their bytes are (compared by SHA-256, wherever the bytes live).
    """

    data: bytes | None = attrs.field(default=None, repr=_short)
    path: Path | None = None
    size: int | None = None
    sha256: str | None = None

    @classmethod
    def from_bytes(cls, data: bytes) -> Payload:
        return cls(data=bytes(data), size=len(data), sha256=hashlib.sha256(data).hexdigest())

    @classmethod
    def from_path(cls, path: str | os.PathLike[str], *, digest: bool = False) -> Payload:
        """A payload read from ``path`` when needed; ``digest=True`` hashes it now."""
        p = Path(path)
        if not p.is_file():
            raise EdxmlWriteError(
                f"Attachment file not found: {p}",
                f"Không tìm thấy tệp đính kèm: {p}",
                path=str(p),
            )
        if not digest:
            return cls(path=p, size=p.stat().st_size)
        h = hashlib.sha256()
        size = 0
        with p.open("rb") as handle:
            for chunk in iter(lambda: handle.read(1 << 20), b""):
                h.update(chunk)
                size += len(chunk)
        return cls(path=p, size=size, sha256=h.hexdigest())

    def digest(self) -> str:
        """The SHA-256 (hex) of the bytes, computed once if it was not known."""
        if self.sha256 is not None:
            return self.sha256
        h = hashlib.sha256()
        with self.open() as handle:
            for block in iter(lambda: handle.read(1 << 20), b""):
                h.update(block)
        object.__setattr__(self, "sha256", h.hexdigest())
        return h.hexdigest()

    def __eq__(self, other: object) -> bool:
        if not isinstance(other, Payload):
            return NotImplemented
        if self is other:
            return True
        if self.size is not None and other.size is not None and self.size != other.size:
            return False
        try:
            return self.digest() == other.digest()
        except EdxmlWriteError:  # an unreadable file equals nothing but itself
            return False

    def __hash__(self) -> int:
        return hash(self.size)

    @contextlib.contextmanager
    def open(self) -> Iterator[IO[bytes]]:
        """A binary stream over the payload."""
        if self.data is not None:
            yield io.BytesIO(self.data)
            return
        if self.path is None:
            yield io.BytesIO(b"")
            return
        try:
            handle = self.path.open("rb")
        except OSError as exc:
            raise EdxmlWriteError(
                f"Cannot read attachment {self.path}: {exc.strerror}",
                f"Không đọc được tệp đính kèm {self.path}: {exc.strerror}",
                path=str(self.path),
            ) from None
        with handle:
            yield handle

    def read_bytes(self) -> bytes:
        """All bytes (for small payloads; prefer :meth:`open` for large ones)."""
        if self.data is not None:
            return self.data
        with self.open() as handle:
            return handle.read()

    def head(self, n: int = _HEAD) -> bytes:
        with self.open() as handle:
            return handle.read(n)


# ----------------------------------------------------------------------------------------
# base64 decoding (reader side)
# ----------------------------------------------------------------------------------------

_WS = b" \t\r\n\f\v"


@attrs.frozen
class DecodeResult:
    """What a :class:`Base64DecodeSink` saw: size and digest of the decoded bytes, or an error."""

    size: int | None
    sha256: str | None
    head: bytes
    error: str | None
    data: bytes | None = attrs.field(default=None, repr=False)
    path: Path | None = None

    def payload(self) -> Payload | None:
        if self.error is not None:
            return None
        return Payload(data=self.data, path=self.path, size=self.size, sha256=self.sha256)


class Base64DecodeSink(PayloadSink):
    """Decode base64 text arriving in chunks into ``out``, hashing on the way.

    Whitespace is ignored; anything else that is not base64, data after the padding, or a
    length that is not a multiple of four (truncated payload) marks the result as an error and
    stops writing. ``max_bytes`` bounds the decoded size.
    """

    def __init__(
        self,
        out: IO[bytes],
        *,
        max_bytes: int,
        path: Path | None = None,
        on_abort: Callable[[], None] | None = None,
    ) -> None:
        self._out = out
        self._max = max_bytes
        self._path = path
        self._on_abort = on_abort
        self._rest = b""
        self._padded = False
        self._hash = hashlib.sha256()
        self._size = 0
        self._head = b""
        self._error: str | None = None
        self._sample = ""

    def _fail(self, message: str) -> None:
        if self._error is None:
            self._error = message

    def write(self, data: bytes) -> None:
        if len(self._sample) < 60:
            self._sample += data[: 60 - len(self._sample)].decode("utf-8", "replace").strip()
        if self._error is not None:
            return
        chunk = data.translate(None, _WS)
        if not chunk:
            return
        if self._padded:
            self._fail("data after base64 padding")
            return
        buffer = self._rest + chunk if self._rest else chunk
        cut = len(buffer) - len(buffer) % 4
        body, self._rest = buffer[:cut], buffer[cut:]
        if not body:
            return
        if body.endswith(b"="):
            self._padded = True
        try:
            raw = binascii.a2b_base64(body, strict_mode=True)
        except (binascii.Error, ValueError) as exc:
            self._fail(f"not base64 ({exc}): {self._sample_text()!r}")
            return
        self._emit(raw)

    def _sample_text(self) -> str:
        return self._sample[:60]

    def _emit(self, raw: bytes) -> None:
        self._size += len(raw)
        if self._size > self._max:
            self._fail(f"decoded attachment larger than the limit of {self._max} bytes")
            return
        if len(self._head) < _HEAD:
            self._head += raw[: _HEAD - len(self._head)]
        self._hash.update(raw)
        self._out.write(raw)

    def close(self) -> DecodeResult:
        if self._error is None and self._rest:
            self._fail(
                f"truncated base64: {len(self._rest)} character(s) left over "
                "(length not a multiple of 4)"
            )
        if self._error is not None:
            self.abort()
            return DecodeResult(None, None, b"", self._error)
        data = None
        if isinstance(self._out, io.BytesIO):
            data = self._out.getvalue()
        else:
            self._out.flush()
        return DecodeResult(
            self._size, self._hash.hexdigest(), self._head, None, data=data, path=self._path
        )

    def abort(self) -> None:
        if self._on_abort is not None:
            self._on_abort()
            self._on_abort = None


# ----------------------------------------------------------------------------------------
# base64 encoding (writer side)
# ----------------------------------------------------------------------------------------


def encode_base64_stream(
    source: IO[bytes], write: Callable[[bytes], None], *, chunk_size: int = CHUNK_SIZE
) -> tuple[int, str]:
    """Base64-encode ``source`` into ``write`` without line breaks; return (size, sha256)."""
    h = hashlib.sha256()
    size = 0
    carry = b""
    while True:
        block = source.read(chunk_size)
        if not block:
            break
        h.update(block)
        size += len(block)
        block = carry + block
        cut = len(block) - len(block) % 3
        if cut:
            write(base64.b64encode(block[:cut]))
        carry = block[cut:]
    if carry:
        write(base64.b64encode(carry))
    return size, h.hexdigest()


# ----------------------------------------------------------------------------------------
# zip wrappers
# ----------------------------------------------------------------------------------------


@attrs.frozen
class UnzipLimits:
    """Bounds for unwrapping a zipped attachment (zip-bomb protection)."""

    max_bytes: int = 1 << 30
    #: Refuse entries inflating more than this many times their compressed size ...
    max_ratio: int = 200
    #: ... once they are bigger than this (small, highly compressible texts are fine).
    ratio_floor: int = 8 << 20


@attrs.frozen
class UnzipResult:
    entry_name: str
    size: int
    sha256: str
    head: bytes
    data: bytes | None = attrs.field(default=None, repr=False)
    path: Path | None = None


def _zip_source(payload: Payload) -> IO[bytes]:
    if payload.data is not None:
        return io.BytesIO(payload.data)
    assert payload.path is not None
    return payload.path.open("rb")


def unwrap_single_entry_zip(
    payload: Payload,
    out: IO[bytes],
    *,
    limits: UnzipLimits,
) -> UnzipResult | None:
    """Inflate the only entry of a zip wrapper into ``out``.

    Returns ``None`` when the zip has several entries (a real archive, not a wrapper). Raises
    :class:`AttachmentError` for an unreadable zip or one exceeding ``limits``.
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
            _check_declared(info, limits)
            h = hashlib.sha256()
            size = 0
            head = b""
            with archive.open(info) as member:
                while True:
                    block = member.read(1 << 20)
                    if not block:
                        break
                    size += len(block)
                    _check_running(size, info.compress_size, limits)
                    if len(head) < _HEAD:
                        head += block[: _HEAD - len(head)]
                    h.update(block)
                    out.write(block)
    except AttachmentError:
        raise
    except (zipfile.BadZipFile, zlib.error, EOFError, OSError, NotImplementedError,
            ValueError, RuntimeError) as exc:
        raise AttachmentError(
            f"Unreadable zip wrapper: {exc}",
            f"Tệp nén đính kèm không đọc được: {exc}",
            reason=str(exc),
        ) from None
    data = out.getvalue() if isinstance(out, io.BytesIO) else None
    return UnzipResult(info.filename, size, h.hexdigest(), head, data=data)


def _bomb(limit: str) -> AttachmentError:
    return AttachmentError(
        f"The zipped attachment inflates beyond {limit}: refused as a zip bomb",
        f"Tệp nén đính kèm giải nén vượt quá {limit}: bị từ chối (nghi bom nén)",
        limit=limit,
    )


def _check_declared(info: zipfile.ZipInfo, limits: UnzipLimits) -> None:
    if info.file_size > limits.max_bytes:
        raise _bomb(f"{limits.max_bytes} bytes")


def _check_running(size: int, compressed: int, limits: UnzipLimits) -> None:
    if size > limits.max_bytes:
        raise _bomb(f"{limits.max_bytes} bytes")
    if size > limits.ratio_floor and size > limits.max_ratio * max(compressed, 1):
        raise _bomb(f"a ratio of {limits.max_ratio}:1")


_LOCAL = struct.Struct("<IHHHHHIIIHH")


def read_local_zip_entry(
    payload: Payload, *, limits: UnzipLimits
) -> tuple[str, bytes] | None:
    """Walk the first local header of a zip whose central directory is broken.

    Used only to *describe* a truncated wrapper (name and inflated bytes of its first entry);
    the attachment itself keeps the decoded bytes. Bounded by ``limits``.
    """
    head = payload.head(_LOCAL.size + 1024)
    if len(head) < _LOCAL.size or not head.startswith(ZIP_MAGIC):
        return None
    (_sig, _ver, flags, method, _t, _d, _crc, csize, _usize, nlen, xlen) = _LOCAL.unpack_from(head)
    name_bytes = head[_LOCAL.size : _LOCAL.size + nlen]
    name = name_bytes.decode("utf-8" if flags & 0x800 else "cp437", errors="replace")
    offset = _LOCAL.size + nlen + xlen
    out = bytearray()
    with payload.open() as stream:
        stream.seek(offset)
        if method == 0:
            if flags & 0x8 or csize > limits.max_bytes:
                return None
            out += stream.read(csize)
            return name, bytes(out)
        if method != 8:
            return None
        inflater = zlib.decompressobj(-15)
        while not inflater.eof:
            block = stream.read(1 << 16)
            if not block:
                break
            try:
                out += inflater.decompress(block, limits.max_bytes + 1 - len(out))
            except zlib.error:
                return None
            if len(out) > limits.max_bytes:
                return None
    return name, bytes(out)


def make_zip_wrapper(payload: Payload, entry_name: str) -> Payload:
    """The reference library's wrapper: a one-entry deflated zip named ``<uuid>.<ext>``.

    Deterministic (fixed timestamp) so that writing the same envelope twice gives the same
    bytes. Small payloads stay in memory; big ones go to a temporary file.
    """
    info = zipfile.ZipInfo(entry_name, date_time=(1980, 1, 1, 0, 0, 0))
    info.compress_type = zipfile.ZIP_DEFLATED
    info.external_attr = 0o644 << 16
    spool: Any
    if payload.size is not None and payload.size <= 32 << 20:
        spool = io.BytesIO()
    else:
        spool = tempfile.NamedTemporaryFile(prefix="vndocsign-zip-", delete=False)  # noqa: SIM115
    try:
        with zipfile.ZipFile(spool, "w") as archive, payload.open() as src, archive.open(
            info, "w", force_zip64=(payload.size or 0) > (2 << 30)
        ) as dst:
            for block in iter(lambda: src.read(1 << 20), b""):
                dst.write(block)
    except BaseException:
        if not isinstance(spool, io.BytesIO):
            spool.close()
            Path(spool.name).unlink(missing_ok=True)
        raise
    if isinstance(spool, io.BytesIO):
        return Payload.from_bytes(spool.getvalue())
    spool.close()
    return Payload(path=Path(spool.name), size=Path(spool.name).stat().st_size)
