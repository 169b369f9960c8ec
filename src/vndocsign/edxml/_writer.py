"""Write envelopes and status messages exactly as the reference VNPT library lays them out.

Default output (``WriterOptions()``) is byte-for-byte what ``EdXML102-0.0.3.jar`` + JDOM2's
pretty format produce: ``<edXML xmlns=…>`` root, ``edXML:``-prefixed envelope, element order of
the reference ``accumulate`` methods, ``yyyy/MM/dd[ HH:mm:ss]`` dates, the spellings
``Bussiness``/``TyperNotation``/``OrganAdd``, empty fields omitted, ``cid:`` ids, CRLF line ends
and the base64 attachments in ``AttachmentEncoded`` after the envelope, streamed from their
files so that memory stays bounded whatever their size.

Options: ``order=ElementOrder.QCVN`` for the order of the .NET SDK / Bkav JAXB classes (the
QCVN 1.1–1.14 numbering), ``wrap_other_types=True`` for the reference rule that zips every
attachment that is not pdf/doc/docx/xsl/xslx/zip.
"""

from __future__ import annotations

import enum
import io
import os
import uuid
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import IO

import attrs

from vndocsign._io import atomic_output
from vndocsign.edxml._attachment import Attachment, guess_type
from vndocsign.edxml._codes import REFERENCE_CONTENT_TYPES, StatusCode, _int_text
from vndocsign.edxml._dates import format_date, format_timestamp
from vndocsign.edxml._errors import EdxmlLimitError, EdxmlWriteError
from vndocsign.edxml._header import (
    Bussiness,
    MessageHeader,
    Organization,
    OtherInfo,
    ResponseFor,
    StaffInfo,
    TraceHeaderList,
)
from vndocsign.edxml._limits import Limits, base64_size
from vndocsign.edxml._model import EdxmlMessage, Envelope, StatusMessage
from vndocsign.edxml._payload import Payload, encode_base64_stream
from vndocsign.edxml._xml import NS, PREFIX, Node, iter_node, opaque_to_node, write_document
from vndocsign.edxml._zip import WRAPPER_TYPE, ZIP_MAGIC, make_zip_wrapper

__all__ = [
    "ElementOrder",
    "WriteReport",
    "WriterOptions",
    "WrittenAttachment",
    "skeleton_bytes",
    "to_bytes",
    "write",
]


class ElementOrder(enum.StrEnum):
    """``VNPT``: the reference Java library (default). ``QCVN``: .NET SDK / QCVN numbering."""

    VNPT = "vnpt"
    QCVN = "qcvn"


def _order(value: ElementOrder | str) -> ElementOrder:
    try:
        return ElementOrder(value)
    except ValueError:
        raise EdxmlWriteError(
            f"Unknown element order {value!r} (vnpt, qcvn)",
            f"Thứ tự phần tử {value!r} không hợp lệ (vnpt, qcvn)",
        ) from None


@attrs.frozen(kw_only=True)
class WriterOptions:
    order: ElementOrder = attrs.field(default=ElementOrder.VNPT, converter=_order)
    #: Apply the reference rule: zip (entry ``<uuid>.<ext>``, ``application/zip``) every
    #: attachment whose extension is not pdf, doc, docx, xsl, xslx or zip.
    wrap_other_types: bool = False
    #: Re-send a received attachment's payload exactly as it travelled (keeps its zip wrapper).
    keep_transfer: bool = True
    #: JDOM2 pretty format writes CRLF; ``"\n"`` for systems that want LF.
    line_ending: str = "\r\n"
    #: The limits the reader applies: nothing is written that ``read`` would refuse.
    limits: Limits = attrs.field(factory=Limits)


@attrs.frozen
class WrittenAttachment:
    name: str
    content_id: str
    content_type: str | None
    #: Size and SHA-256 of the bytes that were base64-encoded (the wrapper, if one was made).
    size: int
    sha256: str
    wrapped: bool


@attrs.frozen
class WriteReport:
    attachments: tuple[WrittenAttachment, ...] = ()


def _p(name: str) -> str:
    return f"{PREFIX}:{name}"


def _org(parent: Node, name: str, org: Organization) -> None:
    node = parent.child(_p(name))
    node.add(_p("OrganId"), org.organ_id)
    node.add(_p("OrganizationInCharge"), org.organization_in_charge)
    node.add(_p("OrganName"), org.organ_name)
    node.add(_p("OrganAdd"), org.organ_add)
    node.add(_p("Email"), org.email)
    node.add(_p("Telephone"), org.telephone)
    node.add(_p("Fax"), org.fax)
    node.add(_p("Website"), org.website)


def _prune(parent: Node, node: Node) -> None:
    """Drop a container that ended up without content (the reference omits empty values)."""
    if not node.children and not node.text and not node.attributes:
        parent.children.remove(node)


def _staff(parent: Node, staff: StaffInfo | None) -> None:
    if staff is None:
        return
    node = parent.child(_p("StaffInfo"))
    node.add(_p("Department"), staff.department)
    node.add(_p("DepartmentId"), staff.department_id)
    node.add(_p("Staff"), staff.staff)
    node.add(_p("StaffId"), staff.staff_id)
    node.add(_p("Email"), staff.email)
    node.add(_p("Mobile"), staff.mobile)
    _prune(parent, node)


def _response_for(parent: Node, rf: ResponseFor, order: ElementOrder) -> None:
    node = parent.child(_p("ResponseFor"))
    node.add(_p("OrganId"), rf.organ_id)
    node.add(_p("Code"), rf.code)
    if order is ElementOrder.VNPT:
        node.add(_p("DocumentId"), rf.document_id)
        node.add(_p("PromulgationDate"), format_date(rf.promulgation_date))
    else:
        node.add(_p("PromulgationDate"), format_date(rf.promulgation_date))
        node.add(_p("DocumentId"), rf.document_id)
    # an empty <ResponseFor /> is kept: hub copies carry one and it must survive re-writing


def _other_info(parent: Node, info: OtherInfo | None) -> None:
    if info is None:
        return
    node = parent.child(_p("OtherInfo"))
    node.add(_p("Priority"), _int_text(info.priority))
    node.add(_p("SphereOfPromulgation"), info.sphere_of_promulgation)
    node.add(_p("TyperNotation"), info.typer_notation)
    node.add(_p("PromulgationAmount"), _int_text(info.promulgation_amount))
    node.add(_p("PageAmount"), _int_text(info.page_amount))
    if info.direction is not None:
        direction = info.direction
        node.add(
            _p("Direction"),
            ("true" if direction else "false") if isinstance(direction, bool) else direction,
        )
    if info.appendixes:
        appendixes = node.child(_p("Appendixes"))
        for item in info.appendixes:
            appendixes.add(_p("Appendix"), item)
    _prune(parent, node)


def _message_header(parent: Node, h: MessageHeader, order: ElementOrder) -> None:
    mh = parent.child(_p("MessageHeader"))
    _org(mh, "From", h.from_)
    for to in h.to:
        _org(mh, "To", to)
    if order is ElementOrder.VNPT:
        mh.add(_p("DocumentId"), h.document_id)

    if h.code is not None:
        code = mh.child(_p("Code"))
        code.add(_p("CodeNumber"), h.code.number)
        code.add(_p("CodeNotation"), h.code.notation)
        _prune(mh, code)
    if h.promulgation is not None:
        info = mh.child(_p("PromulgationInfo"))
        info.add(_p("Place"), h.promulgation.place)
        info.add(_p("PromulgationDate"), format_date(h.promulgation.date))
        _prune(mh, info)
    if h.document_type is not None:
        dtype = mh.child(_p("DocumentType"))
        dtype.add(_p("Type"), _int_text(h.document_type.type))
        dtype.add(_p("TypeDetail"), _int_text(h.document_type.type_detail))
        dtype.add(_p("TypeName"), h.document_type.type_name)
        _prune(mh, dtype)
    mh.add(_p("Subject"), h.subject)
    mh.add(_p("Content"), h.content)
    if h.signer is not None:
        signer = mh.child(_p("SignerInfo"))
        signer.add(_p("Competence"), h.signer.competence)
        signer.add(_p("Position"), h.signer.position)
        signer.add(_p("FullName"), h.signer.full_name)
        _prune(mh, signer)
    mh.add(_p("DueDate"), format_date(h.due_date))

    def to_places() -> None:
        if h.to_places:
            places = mh.child(_p("ToPlaces"))
            for place in h.to_places:
                places.add(_p("Place"), place)

    if order is ElementOrder.QCVN:
        to_places()
    _other_info(mh, h.other_info)
    for rf in h.response_for:
        _response_for(mh, rf, order)
    mh.add(_p("SteeringType"), _int_text(h.steering_type))
    if h.response_for_task:
        tasks = mh.child(_p("ResponseForTask"))
        for task in h.response_for_task:
            tasks.add(_p("TaskCode"), task)
    mh.add(_p("ApplicationType"), h.application_type)
    if order is ElementOrder.VNPT:
        to_places()
    else:
        mh.add(_p("DocumentId"), h.document_id)


def _bussiness(parent: Node, b: Bussiness) -> None:
    node = parent.child(_p("Bussiness"))
    node.add(_p("DocumentId"), b.document_id)
    node.add(_p("BussinessDocType"), _int_text(b.doc_type))
    node.add(_p("BussinessDocReason"), b.reason)
    node.add(_p("Paper"), _int_text(b.paper))
    if b.document_info is not None:
        info = node.child(_p("BussinessDocumentInfo"))
        info.add(_p("DocumentInfo"), b.document_info.document_info)
        info.add(_p("DocumentReceiver"), b.document_info.document_receiver)
        if b.document_info.receivers:
            receivers = info.child(_p("ReceiverList"))
            for r in b.document_info.receivers:
                rnode = receivers.child(_p("Receiver"))
                rnode.add(_p("OrganId"), r.organ_id)
                rnode.add(_p("ReceiverType"), _int_text(r.receiver_type))
        _prune(node, info)
    if b.replacements:
        rlist = node.child(_p("ReplacementInfoList"))
        for rep in b.replacements:
            rnode = rlist.child(_p("ReplacementInfo"))
            rnode.add(_p("DocumentId"), rep.document_id)
            if rep.organ_ids:
                ids = rnode.child(_p("OrganIdList"))
                for organ in rep.organ_ids:
                    ids.add(_p("OrganId"), organ)
    _staff(node, b.staff)


def _trace(parent: Node, trace: TraceHeaderList) -> None:
    node = parent.child(_p("TraceHeaderList"))
    if trace.id is not None:
        node.attributes.append(("id", trace.id))
    if trace.version is not None:
        node.attributes.append(("version", trace.version))
    if trace.bussiness is not None and trace.bussiness_first:
        _bussiness(node, trace.bussiness)
    for th in trace.headers:
        hnode = node.child(_p("TraceHeader"))
        hnode.add(_p("OrganId"), th.organ_id)
        hnode.add(_p("Timestamp"), format_timestamp(th.timestamp))
    if trace.bussiness is not None and not trace.bussiness_first:
        _bussiness(node, trace.bussiness)


def _entry_name(att: Attachment) -> str:
    try:
        base = str(uuid.UUID(att.content_id))
    except ValueError:
        base = str(uuid.uuid5(uuid.NAMESPACE_URL, f"{att.content_id}/{att.name}"))
    return f"{base}.{att.extension}" if att.extension else base


@attrs.frozen
class _Prepared:
    attachment: Attachment
    payload: Payload
    content_type: str | None
    wrapped: bool
    temporary: Path | None


def _prepare(att: Attachment, options: WriterOptions) -> _Prepared:
    if options.keep_transfer and att.transfer is not None:
        return _Prepared(att, att.transfer, att.content_type, True, None)
    if att.content is None:
        raise EdxmlWriteError(
            f"Attachment {att.name!r} has no content to write"
            + (f" ({att.decode_error})" if att.decode_error else ""),
            f"Tệp đính kèm {att.name!r} không có nội dung để ghi",
            attachment=att.name,
        )
    _check_attachment_size(att.name, att.content, options.limits)
    if options.wrap_other_types and att.extension not in REFERENCE_CONTENT_TYPES:
        wrapped = make_zip_wrapper(att.content, _entry_name(att), limits=options.limits)
        temporary = wrapped.path if wrapped.data is None else None
        return _Prepared(att, wrapped, WRAPPER_TYPE, True, temporary)
    return _Prepared(att, att.content, _plain_content_type(att), False, None)


def _check_attachment_size(name: str, content: Payload, limits: Limits) -> None:
    size = content.size
    if size is not None and size > limits.max_file_attachment:
        raise EdxmlLimitError(
            f"Attachment {name!r} ({size} bytes) is larger than the limit of "
            f"{limits.max_file_attachment} bytes",
            f"Tệp đính kèm {name!r} ({size} byte) lớn hơn giới hạn "
            f"{limits.max_file_attachment} byte",
            limit="max_file_attachment",
            maximum=limits.max_file_attachment,
            value=size,
        )


def _plain_content_type(att: Attachment) -> str | None:
    """The type to declare for an attachment sent as it is.

    ``application/zip`` tells the reference reader to unwrap the payload unless the name ends
    in ``.zip``; a real archive under another name (``HỒ SƠ KÈM.ZIP``, ``hoso.dat``) would
    lose all but its first entry, so it is declared ``application/x-zip-compressed``.
    """
    declared = att.content_type
    if (declared or "").strip().lower() != WRAPPER_TYPE or att.name.endswith(".zip"):
        return declared
    if att.zip_entry_name is not None:  # a received wrapper, now sent unwrapped
        declared = guess_type(att.name)
        if declared != WRAPPER_TYPE:
            return declared
    elif att.zip_error is not None or att.content is None:
        return declared  # a broken wrapper as received: written back as it came
    if att.content is not None and not att.content.head(len(ZIP_MAGIC)).startswith(ZIP_MAGIC):
        return declared
    return "application/x-zip-compressed"


def _envelope_tree(
    env: Envelope,
    prepared: list[_Prepared],
    options: WriterOptions,
    report: list[WrittenAttachment],
) -> Node:
    root = Node("edXML", attributes=[("xmlns", NS)])
    envelope = root.child(_p("edXMLEnvelope"))
    envelope.attributes.append((f"xmlns:{PREFIX}", NS))
    header = envelope.child(_p("edXMLHeader"))
    _message_header(header, env.header, options.order)
    if env.trace is not None:
        _trace(header, env.trace)
    if env.signature is not None:
        header.children.append(opaque_to_node(env.signature, NS))
    body = envelope.child(_p("edXMLBody"))
    manifest = body.child(_p("edXMLManifest"))
    manifest.attributes.append(("version", "1.0"))
    for item in prepared:
        att = item.attachment
        ref = att.reference
        wrapped_now = item.wrapped and att.transfer is None
        ctype = item.content_type if wrapped_now or ref is None else ref.content_type
        description = ref.description if ref is not None else att.description
        name = ref.attachment_name if ref is not None else att.name
        rnode = manifest.child(_p("Reference"))
        fields = [
            ("ContentId", f"cid:{att.content_id}"),
            ("ContentType", ctype),
            ("Description", description),
            ("AttachmentName", name),
        ]
        if options.order is ElementOrder.QCVN:
            fields = [fields[2], fields[3], fields[1], fields[0]]
        for tag, value in fields:
            rnode.add(_p(tag), value)
    encoded = root.child("AttachmentEncoded")  # the reference writes it even when empty
    if prepared:
        for item in prepared:
            att = item.attachment
            anode = encoded.child("Attachment")
            anode.add("ContentId", f"cid:{att.content_id}")
            anode.add("AttachmentName", att.name)
            anode.add("Description", att.description)
            anode.add("FieldName", att.field_name)
            anode.add("MimeType", att.mime_type)
            anode.add("ContentType", item.content_type)
            payload_node = Node(_p("ContentTransferEncoded"))
            payload_node.attributes.append((f"xmlns:{PREFIX}", NS))
            payload_node.stream = _streamer(item, report)
            anode.children.append(payload_node)
    return root


def _streamer(
    item: _Prepared, report: list[WrittenAttachment]
) -> Callable[[Callable[[bytes], None]], None]:
    def stream(write: Callable[[bytes], None]) -> None:
        with item.payload.open() as source:
            size, digest = encode_base64_stream(source, write)
        item.payload.remember_digest(size, digest)  # pack --json reports the content's digest
        att = item.attachment
        report.append(
            WrittenAttachment(
                att.name, att.content_id, item.content_type, size, digest, item.wrapped
            )
        )

    return stream


def _status_tree(msg: StatusMessage, options: WriterOptions) -> Node:
    root = Node("edXML", attributes=[("xmlns", NS)])
    envelope = root.child(_p("edXMLEnvelope"))
    envelope.attributes.append((f"xmlns:{PREFIX}", NS))
    header = envelope.child(_p("edXMLHeader"))
    mh = header.child(_p("MessageHeader"))
    _org(mh, "From", msg.from_)
    if msg.response_for is not None:
        _response_for(mh, msg.response_for, options.order)
    _staff(mh, msg.staff)
    code = msg.status_code.value if isinstance(msg.status_code, StatusCode) else msg.status_code
    mh.add(_p("StatusCode"), code)
    mh.add(_p("Description"), msg.description)
    mh.add(_p("Timestamp"), format_timestamp(msg.timestamp))
    return root


def _write_stream(message: EdxmlMessage, out: IO[bytes], options: WriterOptions) -> WriteReport:
    report: list[WrittenAttachment] = []
    if isinstance(message, StatusMessage):
        tree = _status_tree(message, options)
        _check_limits(tree, [], options)
        write_document(out, tree, eol=options.line_ending)
        return WriteReport(())
    prepared: list[_Prepared] = []
    try:
        for att in message.attachments:
            prepared.append(_prepare(att, options))
        tree = _envelope_tree(message, prepared, options, report)
        _check_limits(tree, prepared, options)
        write_document(out, tree, eol=options.line_ending)
    finally:
        for item in prepared:
            if item.temporary is not None:
                item.temporary.unlink(missing_ok=True)
    return WriteReport(tuple(report))


def _measure(node: Node, depth: int, eol: str) -> tuple[int, int, int]:
    """(elements, deepest level, bytes without payloads) of the tree as it will be written."""
    elements = 0
    deepest = 0
    stack = [(node, 1)]
    while stack:
        current, level = stack.pop()
        elements += 1
        deepest = max(deepest, level)
        stack.extend((child, level + 1) for child in current.children)
    size = sum(len(p) for p in iter_node(node, depth, "  ", eol) if isinstance(p, bytes))
    size += len('<?xml version="1.0" encoding="UTF-8"?>') + len(eol)
    return elements, deepest, size


def _check_limits(tree: Node, prepared: list[_Prepared], options: WriterOptions) -> None:
    """Refuse to write what the reader, with the same limits, would refuse to read."""
    limits = options.limits
    elements, deepest, skeleton = _measure(tree, 0, options.line_ending)
    checks = [
        ("max_elements", elements, limits.max_elements, "elements", "phần tử"),
        ("max_depth", deepest, limits.max_depth, "levels of nesting", "cấp lồng nhau"),
        (
            "max_skeleton",
            skeleton,
            limits.max_skeleton,
            "bytes without the attachments",
            "byte (không kể tệp đính kèm)",
        ),
    ]
    total = skeleton + sum(base64_size(item.payload.size or 0) for item in prepared)
    checks.append(("max_size", total, limits.max_size, "bytes in all", "byte tổng cộng"))
    for name, value, limit, en, vi in checks:
        if value > limit:
            raise EdxmlLimitError(
                f"The envelope would have {value} {en}, over the reader's limit of {limit}",
                f"Gói tin sẽ có {value} {vi}, vượt giới hạn đọc {limit}",
                limit=name,
                maximum=limit,
                value=value,
            )


def write(
    message: EdxmlMessage,
    target: str | os.PathLike[str] | IO[bytes],
    options: WriterOptions | None = None,
) -> WriteReport:
    """Write ``message`` to a path (atomically: complete or not at all) or a binary stream."""
    opts = options or WriterOptions()
    if isinstance(target, str | os.PathLike):
        try:
            with atomic_output(target) as handle:
                return _write_stream(message, handle, opts)
        except OSError as exc:  # unwritable folder, full disk: the caller's input, not a bug
            reason = exc.strerror or str(exc)
            raise EdxmlWriteError(
                f"Cannot write the envelope to {os.fspath(target)}: {reason}",
                f"Không ghi được gói tin vào {os.fspath(target)}: {reason}",
                path=os.fspath(target),
                reason=reason,
            ) from None
    return _write_stream(message, target, opts)


def to_bytes(message: EdxmlMessage, options: WriterOptions | None = None) -> bytes:
    """The whole envelope in memory (small envelopes, tests, the hub client)."""
    buffer = io.BytesIO()
    _write_stream(message, buffer, options or WriterOptions())
    return buffer.getvalue()


def skeleton_bytes(message: EdxmlMessage, options: WriterOptions | None = None) -> bytes:
    """The message as written but with empty payloads (for schema validation of a model)."""
    opts = options or WriterOptions()
    buffer = io.BytesIO()
    if isinstance(message, StatusMessage):
        write_document(buffer, _status_tree(message, opts), eol=opts.line_ending)
        return buffer.getvalue()
    prepared = [
        _Prepared(a, Payload.from_bytes(b""), a.content_type, a.transfer is not None, None)
        for a in message.attachments
    ]
    tree = _envelope_tree(message, prepared, opts, [])
    for node in _walk(tree):
        node.stream = None
    write_document(buffer, tree, eol=opts.line_ending)
    return buffer.getvalue()


def _walk(node: Node) -> Iterator[Node]:
    yield node
    for child in node.children:
        yield from _walk(child)
