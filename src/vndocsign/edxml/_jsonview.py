"""The JSON view of a message: the contract of ``vndocsign edxml unpack --json``.

Keys are fixed (absent values are ``null``); dates are ISO ``YYYY-MM-DD``, timestamps
``YYYY-MM-DDTHH:MM:SS`` (raw text when the wire value could not be read); attachment sizes and
digests describe the bytes after any zip wrapper was removed.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from vndocsign.edxml._attachment import Attachment
from vndocsign.edxml._codes import BusinessDocType, StatusCode
from vndocsign.edxml._header import MessageHeader, Organization, ResponseFor
from vndocsign.edxml._model import EdxmlMessage, Envelope, StatusMessage

__all__ = ["attachment_dict", "message_dict"]


def _iso(value: object) -> str | None:
    if value is None:
        return None
    if isinstance(value, dt.datetime):
        return value.replace(tzinfo=None).isoformat(timespec="seconds")
    if isinstance(value, dt.date):
        return value.isoformat()
    return str(value)


def _org(org: Organization | None) -> dict[str, Any] | None:
    if org is None:
        return None
    return {"organ_id": org.organ_id, "name": org.organ_name or org.organization_in_charge}


def _int(value: object) -> Any:
    if isinstance(value, BusinessDocType):
        return int(value)
    return value


def attachment_dict(att: Attachment) -> dict[str, Any]:
    content = att.content
    return {
        "name": att.name,
        "content_type": att.content_type,
        "manifest_content_type": att.manifest_content_type,
        "content_id": f"cid:{att.content_id}" if att.content_id else None,
        "description": att.description,
        "size": content.size if content else None,
        "sha256": content.sha256 if content else None,
        "path": str(content.path) if content and content.path else None,
        "zip_entry": att.zip_entry_name,
        "error": att.decode_error or att.zip_error,
    }


def _response_for(rf: ResponseFor | None) -> dict[str, Any] | None:
    if rf is None:
        return None
    return {
        "document_id": rf.document_id,
        "code": rf.code,
        "organ_id": rf.organ_id,
        "promulgation_date": _iso(rf.promulgation_date),
    }


def _header_details(h: MessageHeader) -> dict[str, Any]:
    """SteeringType, SignerInfo, DueDate, ToPlaces and OtherInfo of an envelope."""
    signer = h.signer
    other = h.other_info
    return {
        "steering_type": h.steering_type,
        "signer": (
            {
                "competence": signer.competence,
                "position": signer.position,
                "full_name": signer.full_name,
            }
            if signer is not None
            else None
        ),
        "due_date": _iso(h.due_date),
        "to_places": list(h.to_places),
        "other_info": (
            {
                "priority": other.priority,
                "sphere_of_promulgation": other.sphere_of_promulgation,
                "typer_notation": other.typer_notation,
                "promulgation_amount": other.promulgation_amount,
                "page_amount": other.page_amount,
                "direction": other.direction,
                "appendixes": list(other.appendixes),
            }
            if other is not None
            else None
        ),
    }


_NO_HEADER_DETAILS: dict[str, Any] = {
    "steering_type": None,
    "signer": None,
    "due_date": None,
    "to_places": [],
    "other_info": None,
}


def message_dict(message: EdxmlMessage) -> dict[str, Any]:
    """Every key of the contract, for an envelope or a status message."""
    if isinstance(message, StatusMessage):
        code = message.status_code
        return {
            "kind": "status",
            "from": _org(message.from_),
            "to": [],
            "document_id": message.document_id,
            "code": None,
            "promulgation_date": None,
            "subject": None,
            "document_type": None,
            "priority": None,
            **_NO_HEADER_DETAILS,
            "business_doc_type": None,
            "attachments": [],
            "status": {
                "code": code.value if isinstance(code, StatusCode) else code,
                "meaning": code.vi if isinstance(code, StatusCode) else None,
                "description": message.description,
                "timestamp": _iso(message.timestamp),
            },
            "response_for": _response_for(message.response_for),
            "staff": message.staff.staff if message.staff else None,
            "repairs": list(message.repairs),
            "warnings": list(message.warnings),
        }
    assert isinstance(message, Envelope)
    h = message.header
    other = h.other_info
    responses = [rf for rf in h.response_for if not rf.is_empty]
    return {
        "kind": "edoc",
        "from": _org(h.from_),
        "to": [{"organ_id": t.organ_id, "name": t.organ_name} for t in h.to],
        "document_id": h.document_id,
        "code": (
            {"number": h.code.number, "notation": h.code.notation} if h.code is not None else None
        ),
        "promulgation_date": _iso(h.promulgation.date) if h.promulgation else None,
        "subject": h.subject,
        "document_type": (
            {"type": h.document_type.type, "name": h.document_type.type_name}
            if h.document_type is not None
            else None
        ),
        "priority": other.priority if other is not None else None,
        **_header_details(h),
        "business_doc_type": _int(message.business_doc_type),
        "attachments": [attachment_dict(a) for a in message.attachments],
        "status": None,
        "response_for": _response_for(responses[0]) if responses else None,
        "repairs": list(message.repairs),
        "warnings": list(message.warnings),
    }
