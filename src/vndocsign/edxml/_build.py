"""From an issued :class:`~vndocsign.model.OfficialDocument` to an edXML envelope in one call.

The mapping (Decree 30 component -> QCVN 102 field) is the one the reference samples show:

* ``DocumentId`` = ``OrganId,yyyy/MM/dd,Số/Ký hiệu``
  (e.g. ``000.00.00.G22,2024/05/10,123/VPCP-TTĐT``);
* ``Code`` = the number split into ``CodeNumber`` / ``CodeNotation``;
* ``PromulgationInfo`` = địa danh and ngày tháng năm of the date line;
* ``DocumentType/TypeName`` = tên loại; ``Type`` defaults to ``1`` (the VNPT samples' value:
  there is no published code table and the two SDK families disagree);
* ``SignerInfo`` = the last authority line (``KT. BỘ TRƯỞNG``), the signer's own position, name;
* ``OtherInfo/Priority`` from the urgency mark, ``PageAmount``, ``PromulgationAmount``;
* ``ToPlaces`` = nơi nhận (the distribution list).

A secret document (độ mật) never travels over the exchange platform (QĐ 28/2018), a draft has no
number yet: both are refused rather than silently sent.
"""

from __future__ import annotations

import datetime as dt
import os
import re
from collections.abc import Iterable, Sequence
from pathlib import Path
from typing import Any

import attrs

from vndocsign.edxml._attachment import Attachment
from vndocsign.edxml._dates import format_date, now_naive, parse_date
from vndocsign.edxml._header import (
    Bussiness,
    Code,
    DocumentTypeInfo,
    MessageHeader,
    Organization,
    OtherInfo,
    PromulgationInfo,
    ResponseFor,
    SignerInfo,
    StaffInfo,
    TraceHeader,
    TraceHeaderList,
)
from vndocsign.errors import EdxmlError

__all__ = ["envelope_parts", "make_document_id", "split_document_id"]


def make_document_id(organ_id: str, date: dt.date, number: str) -> str:
    """``OrganId,yyyy/MM/dd,Số/Ký hiệu``."""
    return f"{organ_id},{format_date(date)},{number}"


_DOC_ID = re.compile(r"^\s*(?P<organ>[^,]+),(?P<date>[^,]+),(?P<code>.+?)\s*$")


def split_document_id(document_id: str | None) -> tuple[str, dt.date | str, str] | None:
    """``"000.00.00.G22,2024/05/10,123/VPCP-TTĐT"`` -> (organ, date, code); ``None`` otherwise.

    Split on the first two commas; the date is parsed leniently (raw text if impossible).
    """
    if not document_id:
        return None
    match = _DOC_ID.match(document_id)
    if match is None:
        return None
    date = parse_date(match["date"])
    if date is None:
        return None
    return match["organ"].strip(), date, match["code"].strip()


def _attachment(item: Attachment | str | os.PathLike[str] | tuple[str, bytes]) -> Attachment:
    if isinstance(item, Attachment):
        return item
    if isinstance(item, tuple):
        name, data = item
        return Attachment.from_bytes(name, data)
    return Attachment.from_file(Path(item))


def _check_issuable(document: Any, allow_secret: bool) -> tuple[Any, dt.date]:
    """The document's number and date; refuse a secret, a draft or an undated document."""
    if getattr(document, "secrecy", None) is not None and not allow_secret:
        raise EdxmlError(
            "A document marked secret (độ mật) must not be sent over the exchange platform",
            "Văn bản có độ mật không được gửi qua Trục liên thông văn bản",
            secrecy=str(document.secrecy),
        )
    number = getattr(document, "number", None)
    if number is None or getattr(number, "is_draft", False) or getattr(document, "draft", False):
        raise EdxmlError(
            "Only an issued document (with its number) can be packed into an envelope",
            "Chỉ văn bản đã ban hành (đã cấp số) mới đóng gói edXML được",
        )
    issued = getattr(document, "issued_date", None)
    if issued is None:
        raise EdxmlError(
            "The document has no date: DocumentId and PromulgationDate need it",
            "Văn bản chưa có ngày ban hành: DocumentId và PromulgationDate cần ngày",
        )
    return number, issued


def _sender(document: Any, sender: Organization | str | None) -> Organization:
    issuer = getattr(document, "issuer", None)
    from_ = (
        Organization.of(sender)
        if sender is not None
        else (Organization.of(issuer) if issuer is not None else Organization())
    )
    if from_.organ_id is None:
        raise EdxmlError(
            "The sender has no OrganId (mã định danh): pass sender= or set issuer.organ_id",
            "Cơ quan gửi chưa có mã định danh: truyền sender= hoặc đặt issuer.organ_id",
        )
    if issuer is not None and from_.organ_name is None:
        from_ = attrs.evolve(
            from_, organization_in_charge=issuer.parent or issuer.name, organ_name=issuer.name
        )
    return from_


def _recipients(document: Any, to: Sequence[Organization | str] | None) -> list[Organization]:
    if to is not None:
        recipients = [Organization.of(t) for t in to]
    else:
        recipients = [Organization.of(r) for r in getattr(document, "to", ()) if r.organ_id]
    if not recipients:
        raise EdxmlError(
            "The envelope needs at least one recipient OrganId (to=...)",
            "Gói tin cần ít nhất một mã định danh cơ quan nhận (to=...)",
        )
    return recipients


def envelope_parts(
    document: Any,
    attachments: Iterable[Attachment | str | os.PathLike[str] | tuple[str, bytes]] = (),
    *,
    sender: Organization | str | None = None,
    to: Sequence[Organization | str] | None = None,
    staff: StaffInfo | None = None,
    bussiness: Bussiness | None = None,
    response_for: Iterable[ResponseFor] = (),
    type_code: int = 1,
    steering_type: int | None = 1,
    content: str | None = None,
    sphere_of_promulgation: str | None = None,
    typer_notation: str | None = None,
    timestamp: dt.datetime | None = None,
    allow_secret: bool = False,
) -> tuple[MessageHeader, TraceHeaderList, tuple[Attachment, ...]]:
    """Header, trace and attachments of an issued document's envelope (see
    :func:`vndocsign.edxml.envelope_from_document`)."""
    number, issued = _check_issuable(document, allow_secret)
    from_ = _sender(document, sender)
    doc_type = getattr(document, "document_type", None) or getattr(number, "document_type", None)
    signer = getattr(document, "signer", None)
    subject = getattr(document, "subject", None)
    header = MessageHeader(
        from_=from_,
        to=_recipients(document, to),
        document_id=make_document_id(str(from_.organ_id), issued, str(number)),
        code=Code(number.code_number, number.code_notation),
        promulgation=PromulgationInfo(place=getattr(document, "place", None), date=issued),
        document_type=DocumentTypeInfo(
            type=type_code, type_name=doc_type.name if doc_type is not None else None
        ),
        subject=subject,
        content=content or subject,
        signer=(
            SignerInfo(
                competence=signer.authority_text,
                position=signer.position,
                full_name=signer.full_name,
            )
            if signer is not None
            else None
        ),
        due_date=getattr(document, "due_date", None),
        other_info=OtherInfo(
            priority=getattr(document, "priority", 0),
            sphere_of_promulgation=sphere_of_promulgation,
            typer_notation=typer_notation,
            promulgation_amount=getattr(document, "issued_amount", None),
            page_amount=getattr(document, "page_amount", None),
            appendixes=getattr(document, "attachments", ()),
        ),
        response_for=tuple(response_for),
        steering_type=steering_type,
        to_places=getattr(document, "distribution", ()),
    )
    trace = TraceHeaderList(
        headers=(TraceHeader(organ_id=from_.organ_id, timestamp=timestamp or now_naive()),),
        bussiness=bussiness or Bussiness.new(staff=staff),
    )
    return header, trace, tuple(_attachment(a) for a in attachments)
