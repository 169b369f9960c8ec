"""Reading the header parts of a parsed skeleton: local names only, any order, aliases.

Values that cannot be interpreted are kept as raw text and noted in the context's warnings.
"""

from __future__ import annotations

import re
from typing import Any

from vndocsign.edxml._codes import StatusCode
from vndocsign.edxml._dates import parse_date, parse_timestamp
from vndocsign.edxml._errors import EdxmlParseError
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
from vndocsign.edxml._model import StatusMessage
from vndocsign.edxml._xml import local_name

__all__ = [
    "Ctx",
    "find_envelope",
    "first",
    "kids",
    "message_header",
    "status_message",
    "text_of",
    "trace_list",
]


def kids(element: Any, *names: str) -> list[Any]:
    if element is None:
        return []
    return [c for c in element if isinstance(c.tag, str) and local_name(c.tag) in names]


def first(element: Any, *names: str) -> Any:
    found = kids(element, *names)
    return found[0] if found else None


def text_of(element: Any, *names: str) -> str | None:
    node = first(element, *names) if names else element
    if node is None:
        return None
    text = "".join(node.itertext()).strip()
    return text or None


_LEADING_INT = re.compile(r"^\s*(-?\d+)")


class Ctx:
    def __init__(self) -> None:
        self.warnings: list[str] = []

    def int_value(self, element: Any, *names: str) -> int | str | None:
        text = text_of(element, *names)
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
        value = parse_date(text_of(element, *names))
        if isinstance(value, str):
            self.warnings.append(f"{'/'.join(names)}: unreadable date kept as text: {value!r}")
        return value

    def timestamp(self, element: Any, *names: str) -> Any:
        value = parse_timestamp(text_of(element, *names))
        if isinstance(value, str):
            self.warnings.append(f"{'/'.join(names)}: unreadable timestamp kept as text: {value!r}")
        return value


def _organization(element: Any) -> Organization:
    inner = first(element, "From", "To")  # hand-made samples nest <From><From>…
    if inner is not None and first(element, "OrganId") is None:
        element = inner
    return Organization(
        organ_id=text_of(element, "OrganId"),
        organization_in_charge=text_of(element, "OrganizationInCharge", "OrganInCharge"),
        organ_name=text_of(element, "OrganName"),
        organ_add=text_of(element, "OrganAdd", "OrganAddress"),
        email=text_of(element, "Email"),
        telephone=text_of(element, "Telephone"),
        fax=text_of(element, "Fax"),
        website=text_of(element, "Website"),
    )


def _staff(element: Any) -> StaffInfo | None:
    if element is None:
        return None
    return StaffInfo(
        department=text_of(element, "Department"),
        department_id=text_of(element, "DepartmentId"),
        staff=text_of(element, "Staff"),
        staff_id=text_of(element, "StaffId"),
        email=text_of(element, "Email"),
        mobile=text_of(element, "Mobile"),
    )


def _response_for(element: Any, ctx: Ctx) -> ResponseFor:
    return ResponseFor(
        organ_id=text_of(element, "OrganId"),
        code=text_of(element, "Code"),
        promulgation_date=ctx.date(element, "PromulgationDate"),
        document_id=text_of(element, "DocumentId"),
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


def message_header(mh: Any, ctx: Ctx) -> MessageHeader:
    code = first(mh, "Code")
    prom = first(mh, "PromulgationInfo")
    dtype = first(mh, "DocumentType")
    signer = first(mh, "SignerInfo")
    other = first(mh, "OtherInfo")
    places = first(mh, "ToPlaces")
    return MessageHeader(
        from_=_organization(first(mh, "From")) if first(mh, "From") is not None else Organization(),
        to=[_organization(t) for t in kids(mh, "To")],
        document_id=text_of(mh, "DocumentId"),
        code=(
            Code(text_of(code, "CodeNumber"), text_of(code, "CodeNotation"))
            if code is not None
            else None
        ),
        promulgation=(
            PromulgationInfo(place=text_of(prom, "Place"), date=ctx.date(prom, "PromulgationDate"))
            if prom is not None
            else None
        ),
        document_type=(
            DocumentTypeInfo(
                type=ctx.int_value(dtype, "Type"),
                type_detail=ctx.int_value(dtype, "TypeDetail"),
                type_name=text_of(dtype, "TypeName"),
            )
            if dtype is not None
            else None
        ),
        subject=text_of(mh, "Subject"),
        content=text_of(mh, "Content"),
        signer=(
            SignerInfo(
                competence=text_of(signer, "Competence"),
                position=text_of(signer, "Position"),
                full_name=text_of(signer, "FullName"),
            )
            if signer is not None
            else None
        ),
        due_date=ctx.date(mh, "DueDate"),
        other_info=(
            OtherInfo(
                priority=ctx.int_value(other, "Priority"),
                sphere_of_promulgation=text_of(other, "SphereOfPromulgation"),
                typer_notation=text_of(other, "TyperNotation", "TypistNotation"),
                promulgation_amount=ctx.int_value(other, "PromulgationAmount"),
                page_amount=ctx.int_value(other, "PageAmount"),
                direction=_bool(text_of(other, "Direction")),
                appendixes=[text_of(a) for a in kids(first(other, "Appendixes"), "Appendix")],
            )
            if other is not None
            else None
        ),
        response_for=[_response_for(r, ctx) for r in kids(mh, "ResponseFor")],
        steering_type=ctx.int_value(mh, "SteeringType"),
        response_for_task=[text_of(t) for t in kids(first(mh, "ResponseForTask"), "TaskCode")],
        application_type=text_of(mh, "ApplicationType"),
        to_places=[text_of(p) for p in kids(places, "Place")],
    )


def _bussiness(element: Any, ctx: Ctx) -> Bussiness:
    info = first(element, "BussinessDocumentInfo", "BusinessDocumentInfo")
    replacements = first(element, "ReplacementInfoList")
    return Bussiness(
        doc_type=ctx.int_value(element, "BussinessDocType", "BusinessDocType"),
        reason=text_of(element, "BussinessDocReason", "BusinessDocReason"),
        paper=ctx.int_value(element, "Paper"),
        document_id=text_of(element, "DocumentId"),
        document_info=(
            BussinessDocumentInfo(
                document_info=text_of(info, "DocumentInfo"),
                document_receiver=text_of(info, "DocumentReceiver"),
                receivers=[
                    Receiver(
                        organ_id=text_of(r, "OrganId"),
                        receiver_type=ctx.int_value(r, "ReceiverType"),
                    )
                    for r in kids(first(info, "ReceiverList"), "Receiver")
                ],
            )
            if info is not None
            else None
        ),
        replacements=[
            ReplacementInfo(
                document_id=text_of(r, "DocumentId"),
                organ_ids=[text_of(o) for o in kids(first(r, "OrganIdList"), "OrganId")],
            )
            for r in kids(replacements, "ReplacementInfo")
        ],
        staff=_staff(first(element, "StaffInfo")),
    )


def trace_list(element: Any, ctx: Ctx) -> TraceHeaderList:
    children = [c for c in element if isinstance(c.tag, str)]
    names = [local_name(c.tag) for c in children]
    business = first(element, "Bussiness", "Business")
    first_trace = names.index("TraceHeader") if "TraceHeader" in names else None
    business_index = (
        next(i for i, n in enumerate(names) if n in ("Bussiness", "Business"))
        if business is not None
        else None
    )
    return TraceHeaderList(
        headers=[
            TraceHeader(
                organ_id=text_of(t, "OrganId"),
                timestamp=ctx.timestamp(t, "Timestamp", "TimeStamp"),
            )
            for t in kids(element, "TraceHeader")
        ],
        bussiness=_bussiness(business, ctx) if business is not None else None,
        id=element.get("id"),
        version=element.get("version"),
        bussiness_first=(
            business_index is not None and first_trace is not None and business_index < first_trace
        ),
    )


def find_envelope(root: Any) -> Any:
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


def status_message(mh: Any, ctx: Ctx, repairs: list[str]) -> StatusMessage:
    """The ``MessageHeader`` of a status message (it has a ``StatusCode``)."""
    code_text = text_of(mh, "StatusCode") or ""
    status = StatusCode.parse(code_text)
    if not isinstance(status, StatusCode):
        ctx.warnings.append(f"unknown StatusCode {code_text!r} / mã trạng thái lạ")
    rf = first(mh, "ResponseFor")
    sender = first(mh, "From")
    return StatusMessage(
        from_=_organization(sender) if sender is not None else Organization(),
        status_code=status,
        response_for=_response_for(rf, ctx) if rf is not None else None,
        staff=_staff(first(mh, "StaffInfo")),
        description=text_of(mh, "Description"),
        timestamp=ctx.timestamp(mh, "Timestamp", "TimeStamp"),
        repairs=repairs,
        warnings=ctx.warnings,
    )
