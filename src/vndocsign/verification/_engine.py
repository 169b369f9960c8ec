"""``verify_pdf``: one verdict per file, built from our own checks with pyHanko as a peer.

This is the thin engine: read the input, open the document, find its signature sites, check
each one (:mod:`._signature`: byte ranges, CMS, time, algorithms, trust, modifications), infer
the Decree 30 roles (:mod:`._decree30`) and aggregate one verdict.

Bad input never raises: every file yields a report (TOTAL_FAILED/FORMAT_FAILURE for a
structure that cannot be parsed, INDETERMINATE for a password or size problem).
"""

from __future__ import annotations

import hashlib
import logging
import os
import re
import time
from collections.abc import Sequence
from datetime import UTC, datetime
from pathlib import Path
from typing import IO, Any

import attrs

from vndocsign.pdf import check_structure
from vndocsign.verification._chain import dss_revocation_data
from vndocsign.verification._context import DocumentContext, SignatureSite
from vndocsign.verification._decree30 import assign_roles, decree30_checks
from vndocsign.verification._document import (
    SignatureSites,
    find_signatures,
    open_reader,
    pdf_text,
    revision_finder,
)
from vndocsign.verification._duplicates import distinct_signatures
from vndocsign.verification._errors import BadArgumentError
from vndocsign.verification._issued import issued_document_checks
from vndocsign.verification._policy import VerificationPolicy
from vndocsign.verification._report import Message, SignatureReport, VerificationReport
from vndocsign.verification._roles import DocumentText
from vndocsign.verification._signature import verify_signature
from vndocsign.verification._states import (
    Indication,
    ModificationLevel,
    RevocationMode,
    Status,
    SubIndication,
)
from vndocsign.verification._trust import DEFAULT_PROFILE, TrustProfile

__all__ = ["PdfInput", "async_verify_pdf"]

PdfInput = bytes | bytearray | memoryview | str | os.PathLike[str] | IO[bytes]
_I, _S = Indication, SubIndication


def _revocation_mode(value: RevocationMode | str) -> RevocationMode:
    try:
        return RevocationMode(value)
    except ValueError:
        modes = ", ".join(RevocationMode)
        raise BadArgumentError(
            f"revocation must be one of {modes}",
            f"chế độ kiểm tra thu hồi phải là một trong {modes}",
            revocation=str(value),
        ) from None


async def async_verify_pdf(
    pdf: PdfInput,
    *,
    trust: TrustProfile | None = None,
    at: datetime | None = None,
    revocation: RevocationMode | str = RevocationMode.EMBEDDED_THEN_ONLINE,
    policy: VerificationPolicy | None = None,
) -> VerificationReport:
    """Async variant of :func:`verify_pdf` (network fetches do not block the event loop)."""
    mode = _revocation_mode(revocation)
    policy = policy or VerificationPolicy()
    trust = trust if trust is not None else TrustProfile.named(DEFAULT_PROFILE)
    started = time.monotonic()
    now = at or datetime.now(UTC)
    file = _FileResult(trust, policy, now)
    try:
        data, name, size = _read_input(pdf, policy.max_size)
    except OSError as exc:
        return file(
            str(pdf),
            _I.INDETERMINATE,
            _S.GENERIC,
            Message.of(
                "unreadable_file",
                f"cannot read the file: {exc}",
                f"không đọc được tệp: {exc}",
                "error",
            ),
        )
    if data is None:
        return file(
            name,
            _I.INDETERMINATE,
            _S.GENERIC,
            Message.of(
                "too_large",
                f"file of {size} bytes exceeds the configured limit "
                f"({policy.max_size} bytes); not verified",
                f"tệp {size} byte vượt giới hạn cấu hình; chưa kiểm tra",
                "error",
            ),
            size=size,
        )
    logging.getLogger("pyhanko").setLevel(logging.CRITICAL)
    logging.getLogger("pyhanko_certvalidator").setLevel(logging.CRITICAL)
    try:
        report = await _verify_bytes(data, name, file, at, mode)
    except Exception as exc:  # last line of defence: a typed result, never a traceback
        report = file(
            name,
            _I.TOTAL_FAILED,
            _S.FORMAT_FAILURE,
            Message.of(
                "internal",
                f"the file could not be evaluated: {type(exc).__name__}: {exc}"[:300],
                "không thể đánh giá tệp",
                "error",
            ),
            size=len(data),
        )
    return attrs.evolve(
        report,
        elapsed=time.monotonic() - started,
        sha256=hashlib.sha256(data).hexdigest(),
        size=len(data),
    )


def _read_input(pdf: PdfInput, max_size: int | None) -> tuple[bytes | None, str, int | None]:
    """(bytes or None when too big, display name, size)."""
    if isinstance(pdf, bytes | bytearray | memoryview):
        data = bytes(pdf)
        return data, "<bytes>", len(data)
    if isinstance(pdf, str | os.PathLike):
        path = Path(pdf)
        size = path.stat().st_size
        if max_size is not None and size > max_size:
            return None, str(path), size
        return path.read_bytes(), str(path), size
    data = pdf.read()
    return data, getattr(pdf, "name", "<stream>"), len(data)


@attrs.frozen
class _FileResult:
    """Builds file-level reports for one call (same trust, policy and moment)."""

    trust: TrustProfile
    policy: VerificationPolicy
    now: datetime

    def __call__(
        self,
        name: str,
        verdict: Indication,
        sub: SubIndication | None,
        message: Message,
        size: int | None = None,
    ) -> VerificationReport:
        status = {_I.TOTAL_FAILED: Status.FAILED, _I.INDETERMINATE: Status.INDETERMINATE}.get(
            verdict, Status.PASSED
        )
        return VerificationReport(
            file=name,
            verdict=verdict,
            sub_indication=sub,
            status=status,
            signatures=(),
            messages=(message,),
            modification=ModificationLevel.NOT_APPLICABLE,
            trust_profile=self.trust.name,
            policy=self.policy.algorithms.name,
            validated_at=self.now,
            size=size,
        )

    def aggregate(
        self,
        name: str,
        reports: Sequence[SignatureReport],
        messages: list[Message],
        doc_fatal: bool,
    ) -> VerificationReport:
        """The file's verdict from its signatures' (the worst one wins)."""
        failed = [r for r in reports if r.indication is _I.TOTAL_FAILED]
        indet = [r for r in reports if r.indication is _I.INDETERMINATE]
        attention = [r for r in reports if r.attention]
        sub: SubIndication | None
        if failed or doc_fatal:
            verdict, status = _I.TOTAL_FAILED, Status.FAILED
            sub = failed[0].sub_indication if failed else _S.FORMAT_FAILURE
        elif attention:
            verdict, status = _I.INDETERMINATE, Status.WARNING
            sub = attention[0].sub_indication or _S.SIG_CONSTRAINTS_FAILURE
        elif indet:
            verdict, sub, status = _I.INDETERMINATE, indet[0].sub_indication, Status.INDETERMINATE
        else:
            verdict, sub, status = _I.TOTAL_PASSED, None, Status.PASSED
        modification = max(
            (r.modification for r in reports),
            key=lambda m: m.rank,
            default=ModificationLevel.NOT_APPLICABLE,
        )
        return VerificationReport(
            file=name,
            verdict=verdict,
            sub_indication=sub,
            status=status,
            signatures=tuple(reports),
            messages=tuple(messages),
            modification=modification,
            trust_profile=self.trust.name,
            policy=self.policy.algorithms.name,
            validated_at=self.now,
        )


def _site(name: str, value: Any, field: Any, page: int | None, revision_of: Any) -> SignatureSite:
    subfilter = pdf_text(value.get("/SubFilter"))
    try:
        byte_range = tuple(int(x) for x in value.raw_get("/ByteRange"))
    except Exception:
        byte_range = ()
    rect = None
    try:
        r = [float(x) for x in field["/Rect"]]
        rect = (min(r[0], r[2]), min(r[1], r[3]), max(r[0], r[2]), max(r[1], r[3]))
    except Exception:  # noqa: S110
        pass
    signed_end = byte_range[2] + byte_range[3] if len(byte_range) == 4 else 0
    return SignatureSite(
        name,
        value,
        field,
        is_timestamp=pdf_text(value.get("/Type")) == "/DocTimeStamp"
        or subfilter == "/ETSI.RFC3161",
        subfilter=subfilter,
        byte_range=byte_range,
        signed_end=signed_end,
        revision=revision_of(signed_end) if signed_end else None,
        rect=rect,
        page=page,
        reason=pdf_text(value.get("/Reason")),
    )


def _with_docmdp(reader: Any, sites: list[SignatureSite]) -> list[SignatureSite]:
    """The DocMDP level on every signature at or after the certification signature."""
    try:
        from pyhanko.sign.validation.pdf_embedded import read_certification_data

        info = read_certification_data(reader)
        level = int(info.permission.value) if info is not None else None
    except Exception:  # unreadable /Perms: treated as no certification
        return sites
    if level is None:
        return sites
    cert_rev = min(
        (s.revision for s in sites if "/Reference" in s.value and s.revision is not None), default=0
    )
    return [
        attrs.evolve(s, docmdp=level) if s.revision is not None and s.revision >= cert_rev else s
        for s in sites
    ]


def _open(data: bytes, messages: list[Message]) -> tuple[Any, str | None, SignatureSites, Any]:
    """(reader, password, signature sites, revision finder); raises what the parser raises.

    A password-protected file yields ``password=None`` and no sites to check.
    """
    check_structure(data)  # issue 14: %PDF- + 200 MB of zeros ends here, not after 120 s
    reader = open_reader(data, messages)
    password: str | None = None
    if reader.encrypted:
        result = reader.decrypt(b"")
        if getattr(result, "status", None) is not None and "FAILED" in str(result.status):
            raise _Encrypted
        password = ""
        messages.append(
            Message.of(
                "encrypted_open",
                "encrypted PDF opened with the empty user password",
                "tệp PDF mã hóa, mở bằng mật khẩu rỗng",
                "info",
            )
        )
    return reader, password, find_signatures(reader, data), revision_finder(reader, data)


class _Encrypted(Exception):  # noqa: N818 - caught in _verify_bytes, never escapes
    pass


async def _verify_bytes(
    data: bytes, name: str, file: _FileResult, at: datetime | None, mode: RevocationMode
) -> VerificationReport:
    messages = [Message.of("trust_store", n, _trust_note_vi(n), "info") for n in file.trust.notes]
    if b"%PDF-" not in data[:1024]:
        return file(
            name,
            _I.TOTAL_FAILED,
            _S.FORMAT_FAILURE,
            Message.of("not_pdf", "not a PDF file", "không phải tệp PDF", "error"),
        )
    try:
        reader, password, found, revision_of = _open(data, messages)
    except _Encrypted:
        return file(
            name,
            _I.INDETERMINATE,
            _S.GENERIC,
            Message.of(
                "encrypted",
                "the PDF is encrypted with a password; it cannot be verified without it",
                "tệp PDF được mã hóa bằng mật khẩu; không thể kiểm tra",
                "error",
            ),
        )
    except Exception as exc:
        return file(name, _I.TOTAL_FAILED, _S.FORMAT_FAILURE, _unreadable(data, exc))
    if not found.fields and not found.fatal:
        return file(
            name,
            _I.TOTAL_FAILED,
            _S.NO_SIGNATURE_FOUND,
            Message.of(
                "no_signature",
                "the PDF carries no signature",
                "tệp PDF không có chữ ký số",
                "error",
            ),
        )
    sites, duplicates = distinct_signatures(
        data, _with_docmdp(reader, [_site(n, v, f, p, revision_of) for n, v, f, p in found.fields])
    )
    ctx = DocumentContext(
        data,
        reader,
        password,
        file.trust,
        file.now,
        at,
        mode,
        file.policy,
        dss=dss_revocation_data(reader),
        form_fields=found.form_fields,
        filled_fields=frozenset(s.name for s in sites),
    )
    try:
        checked = [(s, await verify_signature(ctx, s)) for s in sites]
    finally:
        ctx.close()
    if found.raw_byte_ranges > len(sites) + len(found.fatal):
        messages.append(
            Message.of(
                "orphan_signatures",
                f"the file holds {found.raw_byte_ranges} /ByteRange entries "
                f"but only {len(sites)} reachable signature(s): a signature may have been detached",
                f"tệp có {found.raw_byte_ranges} /ByteRange nhưng chỉ {len(sites)} chữ ký còn liên "
                "kết",
                "info",
            )
        )
    text = DocumentText(data)
    reports = assign_roles(checked, text.layouts())
    messages.extend(decree30_checks(reports, file.policy.document_kind))
    messages.extend(found.fatal)
    messages.extend(found.notes)
    messages.extend(duplicates)
    issued = issued_document_checks(reports, {s.name: s.rect for s in sites}, text)
    aggregated = file.aggregate(name, reports, messages, bool(found.fatal or duplicates))
    return attrs.evolve(aggregated, decree30=issued)


_TRUST_NOTES_VI = (
    (re.compile(r"^(.*): not a certificate$"), "{0}: không phải chứng thư số"),
    (
        re.compile(r"^(.*): fingerprint not pinned, ignored$"),
        "{0}: dấu vân tay không có trong danh sách ghim, bỏ qua",
    ),
    (
        re.compile(r"^(\d+) custom root\(s\) from (.*) trusted$"),
        "tin cậy {0} chứng thư gốc tự chọn trong {1}",
    ),
)


def _trust_note_vi(note: str) -> str:
    """The Vietnamese of a trust store note (:class:`TrustProfile` keeps them in English)."""
    for pattern, vi in _TRUST_NOTES_VI:
        m = pattern.match(note)
        if m:
            return vi.format(*m.groups())
    return note


def _unreadable(data: bytes, exc: Exception) -> Message:
    if re.search(rb"/ByteRange\s*\[", data) is None:
        return Message.of(
            "unreadable",
            f"unreadable PDF and no signature found: {exc}"[:300],
            "tệp PDF hỏng, không tìm thấy chữ ký",
            "error",
        )
    return Message.of(
        "unreadable",
        f"the signed PDF's structure cannot be parsed, so what was signed cannot "
        f"be established: {type(exc).__name__}: {exc}"[:300],
        "không đọc được cấu trúc tệp PDF đã ký nên không xác định được nội dung đã ký",
        "error",
    )
