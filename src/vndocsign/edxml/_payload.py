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
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import IO

import attrs

from vndocsign.edxml._errors import EdxmlWriteError
from vndocsign.edxml._xml import PayloadSink

__all__ = [
    "CHUNK_SIZE",
    "ZIP_MAGIC",
    "Base64DecodeSink",
    "DecodeResult",
    "Payload",
    "encode_base64_stream",
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

    def remember_digest(self, size: int, sha256: str) -> None:
        """Cache the size and digest computed while the bytes streamed elsewhere (writer)."""
        if self.sha256 is None:
            object.__setattr__(self, "sha256", sha256)
        if self.size is None:
            object.__setattr__(self, "size", size)

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

    def mark_truncated(self) -> None:
        self._fail("truncated: the payload ends without its end tag (the file was cut short)")

    def close(self) -> DecodeResult:
        if self._error is None and self._rest:
            self._finish_unpadded()
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

    def _finish_unpadded(self) -> None:
        """Unpadded base64 (2 or 3 characters left) decodes as the reference decoder does."""
        if len(self._rest) == 1 or self._padded:
            self._fail(
                f"truncated base64: {len(self._rest)} character(s) left over "
                "(length not a multiple of 4)"
            )
            return
        try:
            raw = binascii.a2b_base64(self._rest + b"=" * (4 - len(self._rest)), strict_mode=True)
        except (binascii.Error, ValueError) as exc:
            self._fail(f"not base64 ({exc}): {self._sample_text()!r}")
            return
        self._rest = b""
        self._emit(raw)

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
