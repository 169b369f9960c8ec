"""Read edXML envelopes and status messages as tolerantly as the reference parser, but safely.

Tolerance (what real systems send): elements matched by local name below the envelope, in any
order, with the aliases other producers use (``Business*``, ``OrganInCharge``, ``TimeStamp``,
``Manifest``, ``DigitalSignature``); dates in ``yyyy/MM/dd``, ``dd/MM/yyyy`` or ``yyyy-MM-dd``,
with or without a time; ``cid:`` stripped; zip wrappers detected by their magic bytes whatever
the declared type; namespace-broken or prefixed-by-junk files re-read in recover mode, with
every repair reported in :attr:`Envelope.repairs`. Values that cannot be interpreted are kept as
raw text.

Safety: no DTD (refused before parsing), no entities, no network, ``huge_tree=False``, depth,
element and size limits; base64 payloads are decoded while streaming (to memory or straight to
files in ``attachments_dir``) with their SHA-256 computed on the way; zip wrappers are inflated
with size and ratio limits. Attachments are written to hidden ``.part`` files in
``attachments_dir`` and named only when complete; a read that fails removes every file it wrote.
"""

from __future__ import annotations

import contextlib
import io
import os
import re
import tempfile
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import IO, Any, Literal

import attrs

from vndocsign.edxml._xml import (
    NS,
    STREAMED,
    Limits,
    OpaqueElement,
    PayloadSink,
    Splitter,
    check_encoding,
    check_no_dtd,
    local_name,
    parse_skeleton,
)
from vndocsign.edxml.dates import parse_date, parse_timestamp
from vndocsign.edxml.errors import AttachmentError, EdxmlLimitError, EdxmlParseError
from vndocsign.edxml.model import (
    Attachment,
    Bussiness,
    BussinessDocumentInfo,
    Code,
    DocumentTypeInfo,
    EdxmlMessage,
    Envelope,
    MessageHeader,
    Organization,
    OtherInfo,
    PromulgationInfo,
    Receiver,
    Reference,
    ReplacementInfo,
    ResponseFor,
    SignerInfo,
    StaffInfo,
    StatusCode,
    StatusMessage,
    TraceHeader,
    TraceHeaderList,
    normalize_content_id,
)
from vndocsign.edxml.payload import (
    ZIP_MAGIC,
    Base64DecodeSink,
    DecodeResult,
    Payload,
    UnzipLimits,
    read_local_zip_entry,
    unwrap_single_entry_zip,
)
from vndocsign.errors import VndocsignError

__all__ = ["ReadOptions", "read", "read_bytes", "read_tree", "safe_filename"]

Source = str | os.PathLike[str] | bytes | IO[bytes]


def _opt_path(value: str | os.PathLike[str] | None) -> Path | None:
    return Path(value) if value is not None else None


@attrs.frozen(kw_only=True)
class ReadOptions:
    """How tolerant and how bounded a read is.

    ``recover``: ``"auto"`` parses strictly first and falls back to libxml2's recover mode
    (reporting the repairs); ``"never"`` fails on the first error; ``"always"`` recovers at once.
    ``attachments_dir``: stream attachments to files there instead of memory (required for
    envelopes too large for ``max_memory_attachment``).
    """

    recover: Literal["auto", "never", "always"] = "auto"
    attachments_dir: Path | None = attrs.field(default=None, converter=_opt_path)
    limits: Limits = attrs.field(factory=Limits)
    unzip: UnzipLimits = attrs.field(factory=UnzipLimits)
    #: Largest decoded attachment kept in memory (without ``attachments_dir``).
    max_memory_attachment: int = 256 << 20
    #: Largest decoded attachment written to ``attachments_dir``.
    max_file_attachment: int = 8 << 30
    #: Unwrap single-entry zip payloads (sniffed by magic bytes).
    unwrap_zip: bool = True
    #: Raise :class:`AttachmentError` for an undecodable payload instead of recording it.
    strict_attachments: bool = False
    #: Drop payloads (metadata only; sizes and digests are still computed).
    discard_payloads: bool = False
    chunk_size: int = 1 << 20


# ----------------------------------------------------------------------------------------
# sinks
# ----------------------------------------------------------------------------------------


class _DiscardIO(io.RawIOBase):
    def writable(self) -> bool:
        return True

    def write(self, b: Any) -> int:
        return len(b)


def _sink_factory(options: ReadOptions, created: list[Path]) -> Callable[[], PayloadSink]:
    def make() -> PayloadSink:
        if options.discard_payloads:
            return Base64DecodeSink(_DiscardIO(), max_bytes=options.max_file_attachment)  # type: ignore[arg-type]
        if options.attachments_dir is None:
            return Base64DecodeSink(io.BytesIO(), max_bytes=options.max_memory_attachment)
        options.attachments_dir.mkdir(parents=True, exist_ok=True)
        handle = tempfile.NamedTemporaryFile(  # noqa: SIM115 - closed by the sink's owner
            dir=options.attachments_dir, prefix=".vndocsign-", suffix=".part", delete=False
        )
        path = Path(handle.name)
        created.append(path)

        def cleanup() -> None:
            handle.close()
            path.unlink(missing_ok=True)

        return _FileSink(handle, path, options.max_file_attachment, cleanup)

    return make


class _FileSink(Base64DecodeSink):
    def __init__(
        self, handle: Any, path: Path, max_bytes: int, cleanup: Callable[[], None]
    ) -> None:
        super().__init__(handle, max_bytes=max_bytes, path=path, on_abort=cleanup)
        self._handle = handle

    def close(self) -> DecodeResult:
        result = super().close()
        self._handle.close()
        return result


# ----------------------------------------------------------------------------------------
# entry points
# ----------------------------------------------------------------------------------------


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
                raise EdxmlLimitError(
                    f"The input is larger than {max_size} bytes",
                    f"Dữ liệu vào lớn hơn {max_size} byte",
                    limit=max_size,
                )
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
        if opts.recover == "always":
            return _read_once(stream, opts, recover=True)
        start = stream.tell() if stream.seekable() else None
        try:
            return _read_once(stream, opts, recover=False)
        except EdxmlParseError:
            if opts.recover == "never":
                raise
            if start is None:
                raise
            stream.seek(start)
            return _read_once(stream, opts, recover=True)


def read_bytes(data: bytes, options: ReadOptions | None = None) -> EdxmlMessage:
    return read(data, options)


def _read_once(
    stream: IO[bytes], opts: ReadOptions, *, recover: bool
) -> tuple[EdxmlMessage, Any]:
    created: list[Path] = []
    splitter = Splitter(_sink_factory(opts, created), max_skeleton=opts.limits.max_skeleton)
    finals: list[Path] = []
    try:
        total = 0
        first = True
        while True:
            chunk = stream.read(opts.chunk_size)
            if not chunk:
                break
            if first:
                check_encoding(chunk[:4])
                first = False
            total += len(chunk)
            if total > opts.limits.max_size:
                raise EdxmlLimitError(
                    f"The input is larger than {opts.limits.max_size} bytes",
                    f"Dữ liệu vào lớn hơn {opts.limits.max_size} byte",
                    limit=opts.limits.max_size,
                )
            splitter.feed(chunk)
        splitter.close()
        skeleton = bytes(splitter.skeleton)
        check_no_dtd(skeleton)
        repairs: list[str] = []
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
        message = _build(root, splitter.results, opts, repairs, finals)
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
# tree walking helpers (local names only)
# ----------------------------------------------------------------------------------------


def _kids(element: Any, *names: str) -> list[Any]:
    if element is None:
        return []
    return [c for c in element if isinstance(c.tag, str) and local_name(c.tag) in names]


def _first(element: Any, *names: str) -> Any:
    found = _kids(element, *names)
    return found[0] if found else None


def _text(element: Any, *names: str) -> str | None:
    node = _first(element, *names) if names else element
    if node is None:
        return None
    text = "".join(node.itertext()).strip()
    return text or None


_LEADING_INT = re.compile(r"^\s*(-?\d+)")


class _Ctx:
    def __init__(self) -> None:
        self.warnings: list[str] = []

    def int_value(self, element: Any, *names: str) -> int | str | None:
        text = _text(element, *names)
        if text is None:
            return None
        if re.fullmatch(r"-?\d+", text):
            return int(text)
        match = _LEADING_INT.match(text)
        if match is not None:
            self.warnings.append(
                f"{'/'.join(names)}: read {match.group(1)} from {text!r} / "
                f"đọc {match.group(1)} từ {text!r}"
            )
            return int(match.group(1))
        self.warnings.append(f"{'/'.join(names)}: not a number, kept as text: {text!r}")
        return text

    def date(self, element: Any, *names: str) -> Any:
        value = parse_date(_text(element, *names))
        if isinstance(value, str):
            self.warnings.append(f"{'/'.join(names)}: unreadable date kept as text: {value!r}")
        return value

    def timestamp(self, element: Any, *names: str) -> Any:
        value = parse_timestamp(_text(element, *names))
        if isinstance(value, str):
            self.warnings.append(f"{'/'.join(names)}: unreadable timestamp kept as text: {value!r}")
        return value


def _organization(element: Any) -> Organization:
    inner = _first(element, "From", "To")  # hand-made samples nest <From><From>…
    if inner is not None and _first(element, "OrganId") is None:
        element = inner
    return Organization(
        organ_id=_text(element, "OrganId"),
        organization_in_charge=_text(element, "OrganizationInCharge", "OrganInCharge"),
        organ_name=_text(element, "OrganName"),
        organ_add=_text(element, "OrganAdd", "OrganAddress"),
        email=_text(element, "Email"),
        telephone=_text(element, "Telephone"),
        fax=_text(element, "Fax"),
        website=_text(element, "Website"),
    )


def _staff(element: Any) -> StaffInfo | None:
    if element is None:
        return None
    return StaffInfo(
        department=_text(element, "Department"),
        department_id=_text(element, "DepartmentId"),
        staff=_text(element, "Staff"),
        staff_id=_text(element, "StaffId"),
        email=_text(element, "Email"),
        mobile=_text(element, "Mobile"),
    )


def _response_for(element: Any, ctx: _Ctx) -> ResponseFor:
    return ResponseFor(
        organ_id=_text(element, "OrganId"),
        code=_text(element, "Code"),
        promulgation_date=ctx.date(element, "PromulgationDate"),
        document_id=_text(element, "DocumentId"),
    )


def _bool(text: str | None) -> bool | str | None:
    if text is None:
        return None
    lowered = text.strip().lower()
    if lowered in ("true", "1"):
        return True
    if lowered in ("false", "0"):
        return False
    return text


def _message_header(mh: Any, ctx: _Ctx) -> MessageHeader:
    code = _first(mh, "Code")
    prom = _first(mh, "PromulgationInfo")
    dtype = _first(mh, "DocumentType")
    signer = _first(mh, "SignerInfo")
    other = _first(mh, "OtherInfo")
    places = _first(mh, "ToPlaces")
    return MessageHeader(
        from_=_organization(_first(mh, "From")) if _first(mh, "From") is not None
        else Organization(),
        to=[_organization(t) for t in _kids(mh, "To")],
        document_id=_text(mh, "DocumentId"),
        code=(
            Code(_text(code, "CodeNumber"), _text(code, "CodeNotation"))
            if code is not None
            else None
        ),
        promulgation=(
            PromulgationInfo(place=_text(prom, "Place"), date=ctx.date(prom, "PromulgationDate"))
            if prom is not None
            else None
        ),
        document_type=(
            DocumentTypeInfo(
                type=ctx.int_value(dtype, "Type"),
                type_detail=ctx.int_value(dtype, "TypeDetail"),
                type_name=_text(dtype, "TypeName"),
            )
            if dtype is not None
            else None
        ),
        subject=_text(mh, "Subject"),
        content=_text(mh, "Content"),
        signer=(
            SignerInfo(
                competence=_text(signer, "Competence"),
                position=_text(signer, "Position"),
                full_name=_text(signer, "FullName"),
            )
            if signer is not None
            else None
        ),
        due_date=ctx.date(mh, "DueDate"),
        other_info=(
            OtherInfo(
                priority=ctx.int_value(other, "Priority"),
                sphere_of_promulgation=_text(other, "SphereOfPromulgation"),
                typer_notation=_text(other, "TyperNotation", "TypistNotation"),
                promulgation_amount=ctx.int_value(other, "PromulgationAmount"),
                page_amount=ctx.int_value(other, "PageAmount"),
                direction=_bool(_text(other, "Direction")),
                appendixes=[_text(a) for a in _kids(_first(other, "Appendixes"), "Appendix")],
            )
            if other is not None
            else None
        ),
        response_for=[_response_for(r, ctx) for r in _kids(mh, "ResponseFor")],
        steering_type=ctx.int_value(mh, "SteeringType"),
        response_for_task=[_text(t) for t in _kids(_first(mh, "ResponseForTask"), "TaskCode")],
        application_type=_text(mh, "ApplicationType"),
        to_places=[_text(p) for p in _kids(places, "Place")],
    )


def _bussiness(element: Any, ctx: _Ctx) -> Bussiness:
    info = _first(element, "BussinessDocumentInfo", "BusinessDocumentInfo")
    replacements = _first(element, "ReplacementInfoList")
    return Bussiness(
        doc_type=ctx.int_value(element, "BussinessDocType", "BusinessDocType"),
        reason=_text(element, "BussinessDocReason", "BusinessDocReason"),
        paper=ctx.int_value(element, "Paper"),
        document_id=_text(element, "DocumentId"),
        document_info=(
            BussinessDocumentInfo(
                document_info=_text(info, "DocumentInfo"),
                document_receiver=_text(info, "DocumentReceiver"),
                receivers=[
                    Receiver(
                        organ_id=_text(r, "OrganId"),
                        receiver_type=ctx.int_value(r, "ReceiverType"),
                    )
                    for r in _kids(_first(info, "ReceiverList"), "Receiver")
                ],
            )
            if info is not None
            else None
        ),
        replacements=[
            ReplacementInfo(
                document_id=_text(r, "DocumentId"),
                organ_ids=[_text(o) for o in _kids(_first(r, "OrganIdList"), "OrganId")],
            )
            for r in _kids(replacements, "ReplacementInfo")
        ],
        staff=_staff(_first(element, "StaffInfo")),
    )


def _trace(element: Any, ctx: _Ctx) -> TraceHeaderList:
    children = [c for c in element if isinstance(c.tag, str)]
    names = [local_name(c.tag) for c in children]
    business = _first(element, "Bussiness", "Business")
    first_trace = names.index("TraceHeader") if "TraceHeader" in names else None
    business_index = (
        next(i for i, n in enumerate(names) if n in ("Bussiness", "Business"))
        if business is not None
        else None
    )
    return TraceHeaderList(
        headers=[
            TraceHeader(
                organ_id=_text(t, "OrganId"),
                timestamp=ctx.timestamp(t, "Timestamp", "TimeStamp"),
            )
            for t in _kids(element, "TraceHeader")
        ],
        bussiness=_bussiness(business, ctx) if business is not None else None,
        id=element.get("id"),
        version=element.get("version"),
        bussiness_first=(
            business_index is not None and first_trace is not None and business_index < first_trace
        ),
    )


def _find_envelope(root: Any) -> Any:
    if local_name(root.tag) == "edXMLEnvelope":
        return root
    for element in root.iter():
        if isinstance(element.tag, str) and local_name(element.tag) == "edXMLEnvelope":
            return element
    raise EdxmlParseError(
        "No edXMLEnvelope element: this is not an edXML message",
        "Không có phần tử edXMLEnvelope: đây không phải gói tin edXML",
        root=local_name(root.tag),
    )


def _build(
    root: Any,
    results: list[Any],
    opts: ReadOptions,
    repairs: list[str],
    finals: list[Path],
) -> EdxmlMessage:
    ctx = _Ctx()
    envelope = _find_envelope(root)
    if envelope.tag != f"{{{NS}}}edXMLEnvelope":
        ctx.warnings.append(
            f"envelope element {envelope.tag!r} is not in the QCVN 102 namespace / "
            "phần tử edXMLEnvelope không thuộc không gian tên QCVN 102"
        )
    header = _first(envelope, "edXMLHeader")
    mh = _first(header, "MessageHeader")
    if mh is None:
        raise EdxmlParseError(
            "The envelope has no MessageHeader",
            "Gói tin không có MessageHeader",
        )
    # payloads belong to streamed elements in document order
    streamed = [e for e in root.iter() if isinstance(e.tag, str) and local_name(e.tag) in STREAMED]
    if len(streamed) != len(results):
        ctx.warnings.append(
            f"{len(results)} payload(s) for {len(streamed)} payload element(s); extra ignored"
        )
    payloads = dict(zip((id(e) for e in streamed), results, strict=False))
    keep_alive = streamed  # noqa: F841 - element proxies must live while ids are used

    if _first(mh, "StatusCode") is not None:
        _discard(results)
        code_text = _text(mh, "StatusCode") or ""
        status = StatusCode.parse(code_text)
        if not isinstance(status, StatusCode):
            ctx.warnings.append(f"unknown StatusCode {code_text!r} / mã trạng thái lạ")
        rf = _first(mh, "ResponseFor")
        return StatusMessage(
            from_=_organization(_first(mh, "From")) if _first(mh, "From") is not None
            else Organization(),
            status_code=status,
            response_for=_response_for(rf, ctx) if rf is not None else None,
            staff=_staff(_first(mh, "StaffInfo")),
            description=_text(mh, "Description"),
            timestamp=ctx.timestamp(mh, "Timestamp", "TimeStamp"),
            repairs=repairs,
            warnings=ctx.warnings,
        )

    message_header = _message_header(mh, ctx)
    trace_el = _first(header, "TraceHeaderList")
    sig_el = _first(header, "Signature", "DigitalSignature")
    body = _first(envelope, "edXMLBody")
    manifest = _first(body, "edXMLManifest", "Manifest")
    references: dict[str | None, Reference] = {}
    for ref in _kids(manifest, "Reference"):
        raw_cid = _text(ref, "ContentId")
        if raw_cid is None:
            for key, value in ref.attrib.items():
                if local_name(key) == "href":
                    raw_cid = value
        references[normalize_content_id(raw_cid)] = Reference(
            content_id=normalize_content_id(raw_cid),
            content_type=_text(ref, "ContentType"),
            description=_text(ref, "Description"),
            attachment_name=_text(ref, "AttachmentName"),
        )
    attachments: list[Attachment] = []
    used: set[int] = set()
    for container in root.iter():
        if not isinstance(container.tag, str) or local_name(container.tag) != "AttachmentEncoded":
            continue
        for att_el in _kids(container, "Attachment"):
            cte = _first(att_el, "ContentTransferEncoded")
            result = payloads.get(id(cte)) if cte is not None else None
            if cte is not None:
                used.add(id(cte))
            attachments.append(
                _attachment(att_el, cte, result, references, opts, ctx, finals)
            )
    nonstandard = [
        e for e in root.iter()
        if isinstance(e.tag, str) and local_name(e.tag) == "edXMLAttachments"
    ]
    if nonstandard:
        count = sum(len(_kids(n, "Attachment")) for n in nonstandard)
        ctx.warnings.append(
            f"{count} attachment(s) in a non-standard edXMLAttachments element were ignored / "
            f"bỏ qua {count} tệp trong phần tử edXMLAttachments không chuẩn"
        )
    _discard([r for e, r in zip(streamed, results, strict=False) if id(e) not in used])
    known = {a.content_id for a in attachments}
    for cid in references:
        if cid not in known:
            ctx.warnings.append(
                f"manifest Reference {cid!r} has no attachment / tham chiếu không có tệp"
            )
    return Envelope(
        header=message_header,
        trace=_trace(trace_el, ctx) if trace_el is not None else None,
        signature=OpaqueElement.from_lxml(sig_el) if sig_el is not None else None,
        attachments=attachments,
        repairs=repairs,
        warnings=ctx.warnings,
    )


def _discard(results: list[Any]) -> None:
    for result in results:
        if isinstance(result, DecodeResult) and result.path is not None:
            result.path.unlink(missing_ok=True)


_UNSAFE = re.compile(r'[\x00-\x1f\x7f/\\:*?"<>|]')


def safe_filename(name: str | None, fallback: str = "attachment") -> str:
    """A file name that cannot escape the target folder (``../``, ``C:\\``, control chars)."""
    base = (name or "").replace("\\", "/").rsplit("/", 1)[-1]
    base = _UNSAFE.sub("_", base).strip().strip(".")
    if not base:
        base = fallback
    encoded = base.encode("utf-8")
    if len(encoded) > 200:
        stem, dot, ext = base.rpartition(".")
        ext = ext[:20] if dot else ""
        base = stem.encode("utf-8")[: 180].decode("utf-8", "ignore") + (f".{ext}" if ext else "")
    return base


def _unique(directory: Path, name: str, taken: set[str]) -> Path:
    candidate = name
    stem, dot, ext = name.rpartition(".")
    if not dot:
        stem, ext = name, ""
    n = 2
    while candidate.lower() in taken or (directory / candidate).exists():
        candidate = f"{stem} ({n}){'.' + ext if ext else ''}"
        n += 1
    taken.add(candidate.lower())
    return directory / candidate


def _attachment(
    element: Any,
    cte: Any,
    result: DecodeResult | None,
    references: dict[str | None, Reference],
    opts: ReadOptions,
    ctx: _Ctx,
    finals: list[Path],
) -> Attachment:
    cid = normalize_content_id(_text(element, "ContentId")) or ""
    name = _text(element, "AttachmentName") or (references.get(cid) or Reference()).attachment_name
    content_type = _text(element, "ContentType")
    description = _text(element, "Description")
    reference = references.get(cid)
    if reference == Reference(content_id=cid or None, content_type=content_type,
                              description=description, attachment_name=name):
        reference = None  # the manifest says what the writer would derive: nothing to keep
    base: dict[str, Any] = dict(
        name=name or cid or "attachment",
        content_type=content_type,
        content_id=cid,
        description=description,
        field_name=_text(element, "FieldName"),
        mime_type=_text(element, "MimeType"),
        reference=reference,
    )
    inline_text = (cte.text or "").strip() if cte is not None else ""
    streamed_nothing = result is not None and result.error is None and result.size == 0
    if cte is not None and (len(cte) or (inline_text and not streamed_nothing and result)):
        return _failed(base, "payload contains markup, not only base64", opts)
    if (result is None or streamed_nothing) and inline_text:
        # a payload the splitter could not stream (inside CDATA, ≤ header limit): decode here
        sink = Base64DecodeSink(io.BytesIO(), max_bytes=opts.max_memory_attachment)
        sink.write(inline_text.encode("utf-8"))
        result = sink.close()
    if result is None:
        error = "no ContentTransferEncoded element" if cte is None else "empty payload"
        return _failed(base, error, opts)
    if result.error is not None:
        return _failed(base, result.error, opts)
    raw = result.payload()
    assert raw is not None
    content = raw
    transfer: Payload | None = None
    entry: str | None = None
    zip_error: str | None = None
    is_zip_name = (name or "").lower().endswith(".zip")
    has_bytes = raw.data is not None or raw.path is not None
    if opts.unwrap_zip and has_bytes and result.head.startswith(ZIP_MAGIC) and not is_zip_name:
        out: Any
        out_path: Path | None = None
        if raw.path is not None and opts.attachments_dir is not None:
            handle = tempfile.NamedTemporaryFile(  # noqa: SIM115
                dir=opts.attachments_dir, prefix=".vndocsign-", suffix=".part", delete=False
            )
            out_path = Path(handle.name)
            finals.append(out_path)
            out = handle
        else:
            out = io.BytesIO()
        try:
            unzipped = unwrap_single_entry_zip(raw, out, limits=opts.unzip)
        except AttachmentError as exc:
            if opts.strict_attachments:
                raise
            zip_error = exc.en
            unzipped = None
            local = _safe_local(raw, opts)
            if local is not None:
                ctx.warnings.append(
                    f"attachment {name!r}: broken zip wrapper; its first entry {local[0]!r} "
                    f"inflates to {len(local[1])} bytes (attachment kept as received)"
                )
        finally:
            if out_path is not None:
                out.close()
        if unzipped is not None:
            entry = unzipped.entry_name
            transfer = raw if opts.attachments_dir is None else None
            content = Payload(
                data=unzipped.data if out_path is None else None,
                path=out_path,
                size=unzipped.size,
                sha256=unzipped.sha256,
            )
            if raw.path is not None:
                raw.path.unlink(missing_ok=True)
        elif out_path is not None:
            out_path.unlink(missing_ok=True)
            finals.remove(out_path)
    if opts.attachments_dir is not None and content.path is not None:
        content = _finalize(content, base["name"], opts.attachments_dir, finals)
    if opts.discard_payloads:  # metadata only: size and digest, no bytes
        content, transfer = Payload(size=content.size, sha256=content.sha256), None
    return Attachment(
        **base, content=content, transfer=transfer, zip_entry_name=entry, zip_error=zip_error
    )


def _finalize(content: Payload, name: str, directory: Path, finals: list[Path]) -> Payload:
    assert content.path is not None
    taken = {p.name.lower() for p in finals if not p.name.startswith(".vndocsign-")}
    target = _unique(directory, safe_filename(name), taken)
    os.replace(content.path, target)
    os.chmod(target, 0o644)  # temporary files are created 0600; an unpacked file is ordinary
    if content.path in finals:
        finals.remove(content.path)
    finals.append(target)
    return Payload(path=target, size=content.size, sha256=content.sha256)


def _safe_local(raw: Payload, opts: ReadOptions) -> tuple[str, bytes] | None:
    try:
        return read_local_zip_entry(raw, limits=opts.unzip)
    except (OSError, ValueError):
        return None


def _failed(base: dict[str, Any], error: str, opts: ReadOptions) -> Attachment:
    if opts.strict_attachments:
        raise AttachmentError(
            f"Attachment {base['name']!r} cannot be decoded: {error}",
            f"Không giải mã được tệp đính kèm {base['name']!r}: {error}",
            attachment=base["name"],
            reason=error,
        )
    return Attachment(**base, decode_error=error)
