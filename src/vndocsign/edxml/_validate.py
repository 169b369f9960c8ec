"""Validation: the project's RELAX NG schema plus business checks, as a list of problems.

Nothing here raises on the first defect: every finding becomes a :class:`Problem` with a
severity, a stable code, the path of the element concerned and a message in Vietnamese and
English, so a clerk sees everything that is wrong with an envelope at once.

Schema (``schema/edxml-vndocsign.rng``): what vndocsign's writer emits, in either element order.
Business checks: required fields per message kind, code lists (Priority 0–4, SteeringType 0–3,
BussinessDocType 0–3, StatusCode 01–06/13/15/16), the extra data each BussinessDocType needs,
``DocumentId`` consistency with From/Code/PromulgationDate, status direction (13 goes from the
sender to the receiver, the others back), undecodable attachments, unreadable values.
"""

from __future__ import annotations

import datetime as dt
import enum
import os
from functools import cache
from importlib import resources
from typing import IO, Any

import attrs
from lxml import etree

from vndocsign.edxml._build import split_document_id
from vndocsign.edxml._codes import BusinessDocType, StatusCode
from vndocsign.edxml._errors import EdxmlLimitError, EdxmlParseError, EdxmlSecurityError
from vndocsign.edxml._header import Organization
from vndocsign.edxml._model import EdxmlMessage, Envelope, StatusMessage
from vndocsign.edxml._reader import ReadOptions, read_tree
from vndocsign.edxml._writer import WriterOptions, skeleton_bytes
from vndocsign.model import OrganId

__all__ = ["Problem", "Severity", "ValidationReport", "schema", "validate"]


class Severity(enum.StrEnum):
    """How bad a :class:`Problem` is: an ``error`` makes the report not ``ok``."""

    ERROR = "error"
    WARNING = "warning"


@attrs.frozen
class Problem:
    severity: Severity
    code: str
    path: str
    en: str
    vi: str

    def __str__(self) -> str:
        return f"[{self.severity}] {self.path}: {self.vi} / {self.en}"

    def to_dict(self) -> dict[str, str]:
        return attrs.asdict(self)


@attrs.frozen
class ValidationReport:
    problems: tuple[Problem, ...] = ()
    kind: str | None = None

    @property
    def ok(self) -> bool:
        """No error (warnings allowed)."""
        return not any(p.severity == "error" for p in self.problems)

    @property
    def errors(self) -> tuple[Problem, ...]:
        return tuple(p for p in self.problems if p.severity == "error")

    @property
    def warnings(self) -> tuple[Problem, ...]:
        return tuple(p for p in self.problems if p.severity == "warning")

    def to_dict(self) -> dict[str, Any]:
        return {
            "ok": self.ok,
            "kind": self.kind,
            "errors": len(self.errors),
            "warnings": len(self.warnings),
            "problems": [p.to_dict() for p in self.problems],
        }


@cache
def schema() -> etree.RelaxNG:
    """The project's RELAX NG schema (shipped in the package)."""
    text = resources.files("vndocsign.edxml").joinpath("schema/edxml-vndocsign.rng").read_bytes()
    return etree.RelaxNG(etree.fromstring(text))


class _Out:
    def __init__(self) -> None:
        self.items: list[Problem] = []

    def error(self, code: str, path: str, en: str, vi: str) -> None:
        self.items.append(Problem(Severity.ERROR, code, path, en, vi))

    def warning(self, code: str, path: str, en: str, vi: str) -> None:
        self.items.append(Problem(Severity.WARNING, code, path, en, vi))


def validate(
    source: EdxmlMessage | str | os.PathLike[str] | bytes | IO[bytes],
    *,
    check_schema: bool = True,
    options: ReadOptions | None = None,
) -> ValidationReport:
    """Validate a message object or an edXML file/bytes; never raises for a bad envelope.

    Hostile or unreadable input is reported as a single ``error`` problem.
    """
    out = _Out()
    root: Any = None
    if isinstance(source, Envelope | StatusMessage):
        message: EdxmlMessage = source
        if check_schema:
            root = etree.fromstring(skeleton_bytes(message, WriterOptions()))
    else:
        opts = options or ReadOptions(discard_payloads=True)
        try:
            message, root = read_tree(source, opts)
        except (EdxmlSecurityError, EdxmlLimitError, EdxmlParseError) as exc:
            out.error(exc.code, "/", exc.en, exc.vi)
            return ValidationReport(tuple(out.items))
        for repair in message.repairs:
            out.error(
                "repaired",
                "/",
                f"the file had to be repaired: {repair}",
                f"tệp phải sửa mới đọc được: {repair}",
            )
    for note in message.warnings:
        out.warning("reader", "/", note, note)
    if check_schema and root is not None:
        _schema(root, out)
    if isinstance(message, StatusMessage):
        _status(message, out)
    else:
        _edoc(message, out)
    return ValidationReport(tuple(out.items), message.kind)


def _schema(root: Any, out: _Out) -> None:
    rng = schema()
    if rng.validate(root):
        return
    for entry in rng.error_log:
        out.error(
            "schema",
            f"line {entry.line}",
            f"does not match the vndocsign edXML schema: {entry.message}",
            f"không đúng lược đồ edXML của vndocsign: {entry.message}",
        )


def _organ(org: Organization, path: str, out: _Out, *, required: bool = True) -> None:
    if org.organ_id is None:
        if required:
            out.error(
                "required",
                f"{path}/OrganId",
                "OrganId (mã định danh) is missing",
                "Thiếu mã định danh cơ quan (OrganId)",
            )
        return
    for warning in OrganId(org.organ_id).warnings:
        out.warning(
            "organ_id",
            f"{path}/OrganId",
            f"OrganId {org.organ_id!r}: {warning}",
            f"Mã định danh {org.organ_id!r}: {warning}",
        )


def _raw(value: object, path: str, what: str, out: _Out) -> None:
    if isinstance(value, str):
        out.error(
            "unreadable",
            path,
            f"{what} {value!r} cannot be read",
            f"Không đọc được {what} {value!r}",
        )


def _in_range(value: object, low: int, high: int, path: str, what: str, out: _Out) -> None:
    if isinstance(value, int) and not low <= value <= high:
        out.error(
            "code_list",
            path,
            f"{what} {value} is outside {low}–{high}",
            f"{what} {value} nằm ngoài khoảng {low}–{high}",
        )
    else:
        _raw(value, path, what, out)


def _edoc(env: Envelope, out: _Out) -> None:
    h = env.header
    mh = "/edXML/edXMLEnvelope/edXMLHeader/MessageHeader"
    _organ(h.from_, f"{mh}/From", out)
    if not h.to:
        out.error("required", f"{mh}/To", "No recipient (To)", "Không có cơ quan nhận (To)")
    for i, to in enumerate(h.to, 1):
        _organ(to, f"{mh}/To[{i}]", out)
    if not h.subject:
        out.error(
            "required",
            f"{mh}/Subject",
            "Subject (trích yếu) is missing",
            "Thiếu trích yếu nội dung (Subject)",
        )
    if h.code is None or not h.code.number or not h.code.notation:
        out.error(
            "required",
            f"{mh}/Code",
            "Code (số và ký hiệu) is missing or incomplete",
            "Thiếu hoặc không đủ số, ký hiệu văn bản (Code)",
        )
    date = h.promulgation.date if h.promulgation else None
    if date is None:
        out.error(
            "required",
            f"{mh}/PromulgationInfo/PromulgationDate",
            "PromulgationDate (ngày ban hành) is missing",
            "Thiếu ngày ban hành",
        )
    _raw(date, f"{mh}/PromulgationInfo/PromulgationDate", "PromulgationDate", out)
    _raw(h.due_date, f"{mh}/DueDate", "DueDate", out)
    for i, rf in enumerate(h.response_for, 1):
        _raw(
            rf.promulgation_date, f"{mh}/ResponseFor[{i}]/PromulgationDate", "PromulgationDate", out
        )
    if h.document_type is not None:
        _raw(h.document_type.type, f"{mh}/DocumentType/Type", "Type", out)
        _raw(h.document_type.type_detail, f"{mh}/DocumentType/TypeDetail", "TypeDetail", out)
    if h.other_info is not None:
        _raw(
            h.other_info.promulgation_amount,
            f"{mh}/OtherInfo/PromulgationAmount",
            "PromulgationAmount",
            out,
        )
        _raw(h.other_info.direction, f"{mh}/OtherInfo/Direction", "Direction", out)
    if h.document_type is None or not h.document_type.type_name:
        out.warning(
            "recommended",
            f"{mh}/DocumentType/TypeName",
            "TypeName (tên loại văn bản) is missing; receivers display it",
            "Thiếu tên loại văn bản (TypeName)",
        )
    if h.other_info is not None:
        _in_range(h.other_info.priority, 0, 4, f"{mh}/OtherInfo/Priority", "Priority", out)
        _raw(h.other_info.page_amount, f"{mh}/OtherInfo/PageAmount", "PageAmount", out)
    _in_range(h.steering_type, 0, 3, f"{mh}/SteeringType", "SteeringType", out)
    _document_id(env, out)
    _business(env, out)
    for i, th in enumerate(env.trace.headers if env.trace else (), 1):
        _raw(th.timestamp, f"/…/TraceHeader[{i}]/Timestamp", "Timestamp", out)
    _attachments(env, out)


def _attachments(env: Envelope, out: _Out) -> None:
    if not env.attachments:
        out.warning(
            "attachments",
            "/edXML/AttachmentEncoded",
            "The envelope carries no attachment (no signed file)",
            "Gói tin không có tệp đính kèm (không có văn bản ký số)",
        )
    for i, att in enumerate(env.attachments, 1):
        path = f"/edXML/AttachmentEncoded/Attachment[{i}]"
        if att.decode_error:
            out.error(
                "attachment",
                path,
                f"{att.name}: {att.decode_error}",
                f"{att.name}: không giải mã được ({att.decode_error})",
            )
        if att.zip_error:
            out.warning(
                "attachment",
                path,
                f"{att.name}: {att.zip_error}",
                f"{att.name}: tệp nén không mở được ({att.zip_error})",
            )
        if not att.content_id:
            out.error(
                "required",
                f"{path}/ContentId",
                "Attachment without ContentId",
                "Tệp đính kèm không có ContentId",
            )


def _business(env: Envelope, out: _Out) -> None:
    h = env.header
    business = env.trace.bussiness if env.trace else None
    bpath = "/edXML/edXMLEnvelope/edXMLHeader/TraceHeaderList/Bussiness"
    if business is not None:
        kind = business.doc_type
        if not isinstance(kind, BusinessDocType):
            out.error(
                "code_list",
                f"{bpath}/BussinessDocType",
                f"BussinessDocType {kind!r} is not 0, 1, 2 or 3",
                f"BussinessDocType {kind!r} không thuộc 0, 1, 2, 3",
            )
        _raw(business.paper, f"{bpath}/Paper", "Paper", out)
        for i, r in enumerate(
            business.document_info.receivers if business.document_info else (), 1
        ):
            _raw(r.receiver_type, f"{bpath}/…/Receiver[{i}]/ReceiverType", "ReceiverType", out)
        if kind is BusinessDocType.REVOKE and not (
            business.document_id or any(not r.is_empty for r in h.response_for)
        ):
            out.error(
                "business",
                bpath,
                "A revocation must name the revoked document (ResponseFor or Bussiness/DocumentId)",
                "Văn bản thu hồi phải nêu văn bản bị thu hồi (ResponseFor hoặc DocumentId)",
            )
        elif kind is BusinessDocType.UPDATE and (
            business.document_id is None or business.document_info is None
        ):
            out.error(
                "business",
                bpath,
                "An update needs Bussiness/DocumentId and BussinessDocumentInfo",
                "Văn bản cập nhật cần DocumentId và BussinessDocumentInfo",
            )
        elif kind is BusinessDocType.REPLACE and not business.replacements:
            out.error(
                "business",
                bpath,
                "A replacement needs a ReplacementInfoList",
                "Văn bản thay thế cần ReplacementInfoList",
            )


def _document_id(env: Envelope, out: _Out) -> None:
    h = env.header
    path = "/edXML/edXMLEnvelope/edXMLHeader/MessageHeader/DocumentId"
    if not h.document_id:
        out.error("required", path, "DocumentId is missing", "Thiếu DocumentId")
        return
    parts = split_document_id(h.document_id)
    if parts is None:
        out.warning(
            "document_id",
            path,
            f"DocumentId {h.document_id!r} is not 'OrganId,yyyy/MM/dd,Số/Ký hiệu'",
            f"DocumentId {h.document_id!r} không theo dạng 'Mã ĐD,yyyy/MM/dd,Số/Ký hiệu'",
        )
        return
    organ, date, code = parts
    if h.from_.organ_id and organ != h.from_.organ_id:
        out.warning(
            "document_id",
            path,
            f"DocumentId names organ {organ!r}, but From is {h.from_.organ_id!r}",
            f"DocumentId ghi cơ quan {organ!r} nhưng From là {h.from_.organ_id!r}",
        )
    prom = h.promulgation.date if h.promulgation else None
    if isinstance(prom, dt.date) and isinstance(date, dt.date) and prom != date:
        out.warning(
            "document_id",
            path,
            f"DocumentId date {date.isoformat()} differs from PromulgationDate {prom.isoformat()}",
            f"Ngày trong DocumentId ({date.isoformat()}) khác ngày ban hành ({prom.isoformat()})",
        )
    if isinstance(date, str):
        out.warning(
            "document_id",
            path,
            f"DocumentId date {date!r} is not a real date",
            f"Ngày trong DocumentId {date!r} không hợp lệ",
        )
    if h.code is not None and str(h.code) and code != str(h.code):
        out.warning(
            "document_id",
            path,
            f"DocumentId code {code!r} differs from Code {str(h.code)!r}",
            f"Số, ký hiệu trong DocumentId ({code!r}) khác Code ({str(h.code)!r})",
        )


def _status(msg: StatusMessage, out: _Out) -> None:
    mh = "/edXML/edXMLEnvelope/edXMLHeader/MessageHeader"
    _organ(msg.from_, f"{mh}/From", out)
    code = msg.status_code
    if not isinstance(code, StatusCode):
        out.error(
            "code_list",
            f"{mh}/StatusCode",
            f"Unknown StatusCode {code!r} (01–06, 13, 15, 16)",
            f"Mã trạng thái {code!r} không hợp lệ (01–06, 13, 15, 16)",
        )
    rf = msg.response_for
    if rf is None or not rf.document_id:
        out.error(
            "required",
            f"{mh}/ResponseFor/DocumentId",
            "A status must name the document it is about (ResponseFor/DocumentId)",
            "Gói tin trạng thái phải nêu văn bản liên quan (ResponseFor/DocumentId)",
        )
    if msg.timestamp is None:
        out.error("required", f"{mh}/Timestamp", "Timestamp is missing", "Thiếu thời điểm")
    _raw(msg.timestamp, f"{mh}/Timestamp", "Timestamp", out)
    if rf is not None:
        _raw(rf.promulgation_date, f"{mh}/ResponseFor/PromulgationDate", "PromulgationDate", out)
    parts = split_document_id(rf.document_id if rf else None)
    if isinstance(code, StatusCode) and parts is not None and msg.from_.organ_id:
        issuer = parts[0]
        if code.sent_by_original_sender and msg.from_.organ_id != issuer:
            out.warning(
                "direction",
                f"{mh}/From",
                f"Status 13 is sent by the document's issuer ({issuer}), "
                f"not by {msg.from_.organ_id}",
                f"Trạng thái 13 do cơ quan ban hành ({issuer}) gửi, "
                f"không phải {msg.from_.organ_id}",
            )
        if not code.sent_by_original_sender and msg.from_.organ_id == issuer:
            out.warning(
                "direction",
                f"{mh}/From",
                f"Status {code.value} is sent by a receiver, but From is the "
                f"document's issuer ({issuer})",
                f"Trạng thái {code.value} do cơ quan nhận gửi, nhưng From lại là "
                f"cơ quan ban hành ({issuer})",
            )
