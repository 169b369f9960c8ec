"""edXML (QCVN 102:2016/BTTTT): envelopes and status messages for the document exchange platform.

Gói tin edXML trao đổi văn bản điện tử qua Trục liên thông văn bản quốc gia:

* :func:`read` — tolerant, hardened reader (``Envelope`` or ``StatusMessage``);
* :func:`write` / :func:`to_bytes` — writer, byte-for-byte the reference VNPT library layout;
* :meth:`Envelope.from_document` — an issued ``OfficialDocument`` + signed PDFs in one call;
* :func:`validate` — schema (RELAX NG) and business checks, as a list of problems;
* :class:`Limits` — one set of limits for the reader and the writer.
"""

from vndocsign.edxml._attachment import Attachment, Reference
from vndocsign.edxml._build import make_document_id, split_document_id
from vndocsign.edxml._codes import (
    REFERENCE_CONTENT_TYPES,
    BusinessDocType,
    StatusCode,
    normalize_content_id,
)
from vndocsign.edxml._dates import format_date, format_timestamp, parse_date, parse_timestamp
from vndocsign.edxml._errors import (
    AttachmentError,
    AttachmentLimitError,
    EdxmlLimitError,
    EdxmlParseError,
    EdxmlSecurityError,
    EdxmlWriteError,
)
from vndocsign.edxml._header import (
    Bussiness,
    BussinessDocumentInfo,
    Code,
    DocumentTypeInfo,
    MessageHeader,
    Organization,
    OtherInfo,
    PromulgationInfo,
    Receiver,
    ReplacementInfo,
    ResponseFor,
    SignerInfo,
    StaffInfo,
    TraceHeader,
    TraceHeaderList,
)
from vndocsign.edxml._jsonview import attachment_dict, message_dict
from vndocsign.edxml._limits import Limits
from vndocsign.edxml._model import EdxmlMessage, Envelope, StatusMessage, envelope_from_document
from vndocsign.edxml._payload import Payload
from vndocsign.edxml._reader import ReadOptions, Recovery, read, read_tree
from vndocsign.edxml._validate import Problem, Severity, ValidationReport, validate
from vndocsign.edxml._writer import (
    ElementOrder,
    WriteReport,
    WriterOptions,
    WrittenAttachment,
    skeleton_bytes,
    to_bytes,
    write,
)
from vndocsign.edxml._xml import NS, OpaqueElement

__all__ = [
    "NS",
    "REFERENCE_CONTENT_TYPES",
    "Attachment",
    "AttachmentError",
    "AttachmentLimitError",
    "BusinessDocType",
    "Bussiness",
    "BussinessDocumentInfo",
    "Code",
    "DocumentTypeInfo",
    "EdxmlLimitError",
    "EdxmlMessage",
    "EdxmlParseError",
    "EdxmlSecurityError",
    "EdxmlWriteError",
    "ElementOrder",
    "Envelope",
    "Limits",
    "MessageHeader",
    "OpaqueElement",
    "Organization",
    "OtherInfo",
    "Payload",
    "Problem",
    "PromulgationInfo",
    "ReadOptions",
    "Receiver",
    "Recovery",
    "Reference",
    "ReplacementInfo",
    "ResponseFor",
    "Severity",
    "SignerInfo",
    "StaffInfo",
    "StatusCode",
    "StatusMessage",
    "TraceHeader",
    "TraceHeaderList",
    "ValidationReport",
    "WriteReport",
    "WriterOptions",
    "WrittenAttachment",
    "attachment_dict",
    "envelope_from_document",
    "format_date",
    "format_timestamp",
    "make_document_id",
    "message_dict",
    "normalize_content_id",
    "parse_date",
    "parse_timestamp",
    "read",
    "read_tree",
    "skeleton_bytes",
    "split_document_id",
    "to_bytes",
    "validate",
    "write",
]
