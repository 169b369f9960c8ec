"""A quick, validation-free inventory of the signatures already in a PDF.

``vndocsign inspect`` uses it to show what a document carries before anybody decides to verify
or sign it. Nothing here establishes trust or integrity — that is
:mod:`vndocsign.verification`'s job — but it does report whether each signature's byte range
reaches the end of the file, because "something was appended after the last signature" is the
first question a registry clerk asks.
"""

from __future__ import annotations

import io
import logging
from typing import Any

import attrs

from vndocsign.errors import PdfError
from vndocsign.pdf.text import PdfSource, read_pdf_bytes

__all__ = ["SignatureInfo", "list_signatures"]

_log = logging.getLogger(__name__)


@attrs.frozen
class SignatureInfo:
    """What a signature dictionary says about itself (self-reported, not verified)."""

    field: str
    kind: str  # "signature" or "timestamp"
    sub_filter: str | None
    signer: str | None  # the certificate's common name
    signer_subject: str | None  # the whole subject, as a person reads it
    claimed_time: str | None
    reason: str | None
    byte_range: tuple[int, ...] | None
    covers_whole_file: bool

    def to_dict(self) -> dict[str, Any]:
        return {
            "field": self.field,
            "kind": self.kind,
            "sub_filter": self.sub_filter,
            "signer": self.signer,
            "signer_subject": self.signer_subject,
            "claimed_time": self.claimed_time,
            "reason": self.reason,
            "byte_range": list(self.byte_range) if self.byte_range else None,
            "covers_whole_file": self.covers_whole_file,
        }


def list_signatures(source: PdfSource) -> list[SignatureInfo]:
    """List the signature fields that carry a value, in document order."""
    from pyhanko.pdf_utils.reader import PdfFileReader

    data = read_pdf_bytes(source)
    try:
        reader = PdfFileReader(io.BytesIO(data), strict=False)
        if reader.encrypted:
            raise PdfError(
                "The PDF is encrypted; its signatures cannot be listed without the password",
                "Tệp PDF được mã hóa, không liệt kê được chữ ký khi không có mật khẩu",
            )
        embedded = list(reader.embedded_signatures)
    except PdfError:
        raise
    except Exception as exc:  # pyHanko raises many types on damaged files
        raise PdfError(
            f"The PDF structure cannot be read ({type(exc).__name__}: {exc})",
            f"Không đọc được cấu trúc tệp PDF ({type(exc).__name__}: {exc})",
        ) from None
    out: list[SignatureInfo] = []
    for sig in embedded:
        out.append(_describe(sig, len(data)))
    return out


def _describe(sig: Any, file_size: int) -> SignatureInfo:
    obj = sig.sig_object
    byte_range: tuple[int, ...] | None
    try:
        byte_range = tuple(int(v) for v in obj["/ByteRange"])
    except Exception:
        byte_range = None
    covers = bool(
        byte_range
        and len(byte_range) == 4
        and byte_range[0] == 0
        and byte_range[2] + byte_range[3] == file_size
    )
    signer: str | None = None
    subject: str | None = None
    try:
        cert = sig.signer_cert
        if cert is not None:
            subject = cert.subject.human_friendly
            names = cert.subject.native
            signer = names.get("common_name") or subject
            if isinstance(signer, list):  # several CN attributes
                signer = ", ".join(signer)
    except Exception:  # broken CMS: inventory still lists the field
        _log.debug("cannot read signer certificate of %s", sig.field_name, exc_info=True)
    claimed: str | None = None
    try:
        ts = sig.self_reported_timestamp
        claimed = ts.isoformat() if ts else None
    except Exception:
        claimed = None
    sub_filter = obj.get("/SubFilter")
    reason = obj.get("/Reason")
    return SignatureInfo(
        field=str(sig.field_name),
        kind="timestamp" if str(obj.get("/Type", "")) == "/DocTimeStamp" else "signature",
        sub_filter=str(sub_filter)[1:] if sub_filter is not None else None,
        signer=signer,
        signer_subject=subject,
        claimed_time=claimed,
        reason=str(reason) if reason is not None else None,
        byte_range=byte_range,
        covers_whole_file=covers,
    )
