"""edXML (QCVN 102:2016/BTTTT): envelopes and status messages for the document exchange platform.

Gói tin edXML trao đổi văn bản điện tử qua Trục liên thông văn bản quốc gia:

* :func:`read` — tolerant, hardened reader (``Envelope`` or ``StatusMessage``);
* :func:`write` / :func:`to_bytes` — writer, byte-for-byte the reference VNPT library layout;
* :meth:`Envelope.from_document` — an issued ``OfficialDocument`` + signed PDFs in one call;
* :func:`validate` — schema (RELAX NG) and business checks, as a list of problems.
"""

from vndocsign.edxml._xml import NS, Limits, OpaqueElement
from vndocsign.edxml.build import envelope_from_document, make_document_id, split_document_id
from vndocsign.edxml.errors import (
    AttachmentError,
    EdxmlLimitError,
    EdxmlParseError,
    EdxmlSecurityError,
    EdxmlWriteError,
)
from vndocsign.edxml.jsonview import message_dict
from vndocsign.edxml.model import (
    Attachment,
    BusinessDocType,
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
)
from vndocsign.edxml.payload import Payload, UnzipLimits
from vndocsign.edxml.reader import ReadOptions, read
from vndocsign.edxml.validate import Problem, ValidationReport, validate
from vndocsign.edxml.writer import ElementOrder, WriteReport, WriterOptions, to_bytes, write

__all__ = [
    "NS",
    "Attachment",
    "AttachmentError",
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
    "Reference",
    "ReplacementInfo",
    "ResponseFor",
    "SignerInfo",
    "StaffInfo",
    "StatusCode",
    "StatusMessage",
    "TraceHeader",
    "TraceHeaderList",
    "UnzipLimits",
    "ValidationReport",
    "WriteReport",
    "WriterOptions",
    "envelope_from_document",
    "make_document_id",
    "message_dict",
    "read",
    "split_document_id",
    "to_bytes",
    "validate",
    "write",
]
