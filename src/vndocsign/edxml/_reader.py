"""Read edXML envelopes and status messages as tolerantly as the reference parser, but safely.

Tolerance (what real systems send): elements matched by local name below the envelope, in any
order, with the aliases other producers use (``Business*``, ``OrganInCharge``, ``TimeStamp``,
``Manifest``, ``DigitalSignature``); dates in ``yyyy/MM/dd``, ``dd/MM/yyyy`` or ``yyyy-MM-dd``,
with or without a time; ``cid:`` stripped; zip wrappers recognised by what the envelope
declares (see :mod:`._attachments`); payloads in CDATA sections and unpadded base64 decoded;
namespace-broken or prefixed-by-junk files re-read in recover mode, with every repair reported
in :attr:`Envelope.repairs` (so is a Latin-1 declaration over UTF-8 bytes). Values that cannot
be interpreted are kept as raw text.

Safety: no DTD (refused before parsing), no entities, no network, ``huge_tree=False``, and the
:class:`~vndocsign.edxml.Limits` shared with the writer; base64 payloads are decoded while
streaming (to memory or straight to files in ``attachments_dir``) with their SHA-256 computed
on the way; a payload whose element never ends (a file cut short) is an error, not a shorter
file; zip wrappers are inflated under the zip-bomb bounds, block by block. Attachments are
written to hidden ``.part`` files in ``attachments_dir`` and named only when complete; a read
that fails removes every file it wrote.
"""

from __future__ import annotations

import contextlib
import enum
import io
import os
import tempfile
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import IO, Any

import attrs

from vndocsign.edxml._attachments import (
    AttachmentReading,
    discard_results,
    envelope_attachments,
    manifest_references,
)
from vndocsign.edxml._encoding import transcode_skeleton
from vndocsign.edxml._errors import EdxmlLimitError, EdxmlParseError
from vndocsign.edxml._limits import Limits
from vndocsign.edxml._model import EdxmlMessage, Envelope
from vndocsign.edxml._payload import Base64DecodeSink, DecodeResult
from vndocsign.edxml._tree import (
    Ctx,
    find_envelope,
    first,
    kids,
    message_header,
    status_message,
    trace_list,
)
from vndocsign.edxml._xml import (
    NS,
    STREAMED,
    OpaqueElement,
    PayloadSink,
    Splitter,
    check_encoding,
    check_no_dtd,
    local_name,
    parse_skeleton,
)
from vndocsign.edxml._zip import ZIP_MAGIC
from vndocsign.errors import EdxmlError, VndocsignError

__all__ = ["ReadOptions", "Recovery", "read", "read_tree"]

Source = str | os.PathLike[str] | bytes | IO[bytes]


class Recovery(enum.StrEnum):
    """When the reader falls back to libxml2's recover mode."""

    #: Parse strictly first; recover (and report the repairs) when that fails.
    AUTO = "auto"
    #: Fail on the first error.
    NEVER = "never"
    #: Recover at once.
    ALWAYS = "always"


def _recovery(value: Recovery | str) -> Recovery:
    try:
        return Recovery(value)
    except ValueError:
        raise EdxmlError(
            f"Unknown recover mode {value!r} (auto, never, always)",
            f"Chế độ sửa lỗi {value!r} không hợp lệ (auto, never, always)",
        ) from None


def _opt_path(value: str | os.PathLike[str] | None) -> Path | None:
    return Path(value) if value is not None else None


@attrs.frozen(kw_only=True)
class ReadOptions:
    """How tolerant and how bounded a read is.

    ``recover``: see :class:`Recovery`. ``attachments_dir``: stream attachments to files there
    instead of memory (required for attachments over ``limits.max_memory_attachment``).
    ``limits``: the :class:`~vndocsign.edxml.Limits` (the writer checks the same ones).
    """

    recover: Recovery = attrs.field(default=Recovery.AUTO, converter=_recovery)
    attachments_dir: Path | None = attrs.field(default=None, converter=_opt_path)
    limits: Limits = attrs.field(factory=Limits)
    #: Unwrap zip wrappers (declared ``application/zip``, or one entry of the file's own type).
    unwrap_zip: bool = True
    #: Raise :class:`AttachmentError` for an undecodable payload instead of recording it.
    strict_attachments: bool = False
    #: Drop payloads: metadata only, with the size and digest of each file's content (a zip
    #: wrapper is spooled to a temporary file and inflated only to be measured).
    discard_payloads: bool = False
    chunk_size: int = 1 << 20


# ----------------------------------------------------------------------------------------
# sinks
# ----------------------------------------------------------------------------------------


class _ZipSpool(io.RawIOBase):
    """Discards a payload unless it starts like a zip, which is spooled to a temporary file
    (``discard_payloads``: a wrapper must be inflated to measure the file inside)."""

    def __init__(self, directory: Path | None, created: list[Path]) -> None:
        super().__init__()
        self._directory = directory
        self._created = created
        self._head = b""
        self._file: Any = None
        self._decided = False
        self.path: Path | None = None

    def writable(self) -> bool:
        return True

    def write(self, b: Any) -> int:
        data = bytes(b)
        if not self._decided:
            self._head += data
            if len(self._head) < len(ZIP_MAGIC):
                return len(data)
            self._decided = True
            if self._head.startswith(ZIP_MAGIC):
                self._file = tempfile.NamedTemporaryFile(  # noqa: SIM115 - closed in close()
                    dir=self._directory, prefix=".vndocsign-", suffix=".part", delete=False
                )
                self.path = Path(self._file.name)
                self._created.append(self.path)
            data, self._head = self._head, b""
        if self._file is not None:
            self._file.write(data)
        return len(b)

    def flush(self) -> None:
        if self._file is not None and not self._file.closed:
            self._file.flush()

    def close(self) -> None:
        super().close()
        if self._file is not None:
            self._file.close()


class _FileSink(Base64DecodeSink):
    def __init__(
        self, handle: Any, path: Path | None, max_bytes: int, cleanup: Callable[[], None]
    ) -> None:
        super().__init__(handle, max_bytes=max_bytes, path=path, on_abort=cleanup)
        self._handle = handle

    def close(self) -> DecodeResult:
        self._handle.flush()
        if isinstance(self._handle, _ZipSpool):
            self._path = self._handle.path
        result = super().close()
        self._handle.close()
        return result


def _sink_factory(options: ReadOptions, created: list[Path]) -> Callable[[], PayloadSink]:
    limits = options.limits

    def make() -> PayloadSink:
        if options.discard_payloads:
            spool = _ZipSpool(options.attachments_dir, created)
            if options.attachments_dir is not None:
                options.attachments_dir.mkdir(parents=True, exist_ok=True)

            def drop() -> None:
                spool.close()
                if spool.path is not None:
                    spool.path.unlink(missing_ok=True)

            return _FileSink(spool, None, limits.max_file_attachment, drop)
        if options.attachments_dir is None:
            return Base64DecodeSink(io.BytesIO(), max_bytes=limits.max_memory_attachment)
        options.attachments_dir.mkdir(parents=True, exist_ok=True)
        handle = tempfile.NamedTemporaryFile(  # noqa: SIM115 - closed by the sink's owner
            dir=options.attachments_dir, prefix=".vndocsign-", suffix=".part", delete=False
        )
        path = Path(handle.name)
        created.append(path)

        def cleanup() -> None:
            handle.close()
            path.unlink(missing_ok=True)

        return _FileSink(handle, path, limits.max_file_attachment, cleanup)

    return make


# ----------------------------------------------------------------------------------------
# entry points
# ----------------------------------------------------------------------------------------


def _too_big(limit: int) -> EdxmlLimitError:
    return EdxmlLimitError(
        f"The input is larger than {limit} bytes",
        f"Dữ liệu vào lớn hơn {limit} byte",
        limit="max_size",
        maximum=limit,
    )


@contextlib.contextmanager
def _open(source: Source, max_size: int) -> Iterator[IO[bytes]]:
    if isinstance(source, bytes | bytearray | memoryview):
        yield io.BytesIO(bytes(source))
        return
    if isinstance(source, str | os.PathLike):
        path = Path(source)
        try:
            handle = path.open("rb")
        except OSError as exc:
            raise EdxmlParseError(
                f"Cannot open {path}: {exc.strerror}",
                f"Không mở được tệp {path}: {exc.strerror}",
                path=str(path),
            ) from None
        with handle:
            yield handle
        return
    if source.seekable():
        yield source
        return
    # a pipe or a socket: spool it so that a recover-mode second pass can read it again
    with tempfile.SpooledTemporaryFile(max_size=16 << 20) as spool:
        total = 0
        for block in iter(lambda: source.read(1 << 20), b""):
            total += len(block)
            if total > max_size:
                raise _too_big(max_size)
            spool.write(block)
        spool.seek(0)
        yield spool


def read(source: Source, options: ReadOptions | None = None) -> EdxmlMessage:
    """Read an envelope (``Envelope``) or a status message (``StatusMessage``).

    ``source`` is a path, the bytes, or a binary stream. Raises a subclass of
    :class:`~vndocsign.errors.EdxmlError` for hostile, oversized or unreadable input.
    """
    return read_tree(source, options)[0]


def read_tree(source: Source, options: ReadOptions | None = None) -> tuple[EdxmlMessage, Any]:
    """:func:`read`, also returning the parsed skeleton (the XML without its payloads)."""
    opts = options or ReadOptions()
    with _open(source, opts.limits.max_size) as stream:
        if opts.recover is Recovery.ALWAYS:
            return _read_once(stream, opts, recover=True)
        start = stream.tell() if stream.seekable() else None
        try:
            return _read_once(stream, opts, recover=False)
        except EdxmlParseError:
            if opts.recover is Recovery.NEVER or start is None:
                raise
            stream.seek(start)
            return _read_once(stream, opts, recover=True)


def _split(stream: IO[bytes], opts: ReadOptions, splitter: Splitter) -> None:
    total = 0
    first_chunk = True
    for chunk in iter(lambda: stream.read(opts.chunk_size), b""):
        if first_chunk:
            check_encoding(chunk[:4])
            first_chunk = False
        total += len(chunk)
        if total > opts.limits.max_size:
            raise _too_big(opts.limits.max_size)
        splitter.feed(chunk)
    splitter.close()


def _read_once(stream: IO[bytes], opts: ReadOptions, *, recover: bool) -> tuple[EdxmlMessage, Any]:
    created: list[Path] = []
    make_sink = _sink_factory(opts, created)
    splitter = Splitter(make_sink, max_skeleton=opts.limits.max_skeleton)
    finals: list[Path] = []
    try:
        _split(stream, opts, splitter)
        skeleton = bytes(splitter.skeleton)
        check_no_dtd(skeleton)
        repairs: list[str] = []
        skeleton = transcode_skeleton(skeleton, repairs)
        if recover:
            skeleton, stripped = _strip_junk(skeleton)
            if stripped:
                repairs.append(
                    f"removed {stripped} stray byte(s) before the XML declaration / "
                    f"đã bỏ {stripped} byte thừa trước khai báo XML"
                )
        root, errors = parse_skeleton(skeleton, recover=recover, limits=opts.limits)
        if recover:
            repairs.extend(_describe(errors))
        message = _build(root, splitter.results, opts, repairs, finals, make_sink)
    except BaseException as exc:
        splitter.abort()
        for path in created + finals:
            path.unlink(missing_ok=True)
        if isinstance(exc, VndocsignError | KeyboardInterrupt | SystemExit | MemoryError):
            raise
        if isinstance(exc, OSError):
            raise EdxmlParseError(
                f"Cannot read or write while unpacking: {exc}",
                f"Lỗi đọc/ghi khi giải gói: {exc}",
            ) from None
        raise
    for path in created:
        path.unlink(missing_ok=True)
    return message, root


def _strip_junk(skeleton: bytes) -> tuple[bytes, int]:
    start = skeleton.find(b"<")
    if start <= 0:
        return skeleton, 0
    prefix = skeleton[:start]
    if prefix in (b"\xef\xbb\xbf",) or not prefix.strip():
        return skeleton, 0
    return skeleton[start:], start


def _describe(errors: list[str]) -> list[str]:
    seen: list[str] = []
    for text in errors:
        if text not in seen:
            seen.append(text)
    return [f"recovered from: {e} / đã sửa lỗi: {e}" for e in seen]


# ----------------------------------------------------------------------------------------
# building the message
# ----------------------------------------------------------------------------------------


def _build(
    root: Any,
    results: list[Any],
    opts: ReadOptions,
    repairs: list[str],
    finals: list[Path],
    make_sink: Callable[[], PayloadSink],
) -> EdxmlMessage:
    ctx = Ctx()
    envelope = find_envelope(root)
    if envelope.tag != f"{{{NS}}}edXMLEnvelope":
        ctx.warnings.append(
            f"envelope element {envelope.tag!r} is not in the QCVN 102 namespace / "
            "phần tử edXMLEnvelope không thuộc không gian tên QCVN 102"
        )
    header = first(envelope, "edXMLHeader")
    mh = first(header, "MessageHeader")
    if mh is None:
        raise EdxmlParseError("The envelope has no MessageHeader", "Gói tin không có MessageHeader")
    # payloads belong to streamed elements in document order
    streamed = [e for e in root.iter() if isinstance(e.tag, str) and local_name(e.tag) in STREAMED]
    if len(streamed) < len(results) and repairs:
        discard_results(results)
        raise EdxmlParseError(
            f"The document could be read only in part: {len(results) - len(streamed)} "
            "attachment payload(s) lost their element in the repaired XML",
            f"Chỉ đọc được một phần gói tin: {len(results) - len(streamed)} tệp đính kèm "
            "không còn phần tử chứa sau khi sửa lỗi XML",
            repairs=repairs[:10],
        )
    if len(streamed) != len(results):
        ctx.warnings.append(
            f"{len(results)} payload(s) for {len(streamed)} payload element(s); extra ignored"
        )
    if first(mh, "StatusCode") is not None:
        discard_results(results)
        return status_message(mh, ctx, repairs)
    payloads = dict(zip((id(e) for e in streamed), results, strict=False))
    manifest = first(first(envelope, "edXMLBody"), "edXMLManifest", "Manifest")
    references = manifest_references(manifest)
    reading = AttachmentReading(opts, ctx, references, make_sink, finals)
    used: set[int] = set()
    attachments = envelope_attachments(root, payloads, reading, used)
    discard_results([r for e, r in zip(streamed, results, strict=False) if id(e) not in used])
    _note_leftovers(root, references, attachments, ctx)
    trace_el = first(header, "TraceHeaderList")
    sig_el = first(header, "Signature", "DigitalSignature")
    return Envelope(
        header=message_header(mh, ctx),
        trace=trace_list(trace_el, ctx) if trace_el is not None else None,
        signature=OpaqueElement.from_lxml(sig_el) if sig_el is not None else None,
        attachments=attachments,
        repairs=repairs,
        warnings=ctx.warnings,
    )


def _note_leftovers(
    root: Any, references: dict[str | None, Any], attachments: list[Any], ctx: Ctx
) -> None:
    nonstandard = [
        e for e in root.iter() if isinstance(e.tag, str) and local_name(e.tag) == "edXMLAttachments"
    ]
    if nonstandard:
        count = sum(len(kids(n, "Attachment")) for n in nonstandard)
        ctx.warnings.append(
            f"{count} attachment(s) in a non-standard edXMLAttachments element were ignored / "
            f"bỏ qua {count} tệp trong phần tử edXMLAttachments không chuẩn"
        )
    known = {a.content_id for a in attachments}
    for cid in references:
        if cid not in known:
            ctx.warnings.append(
                f"manifest Reference {cid!r} has no attachment / tham chiếu không có tệp"
            )
