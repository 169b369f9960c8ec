"""``verify_pdf``: one verdict per file, built from our own checks with pyHanko as a peer.

Order of work for each signature (and document time-stamp):

1. ``/ByteRange`` sanity and coverage, on the raw bytes (wrapping, gaps, past-EOF, tail);
2. our own CMS check over the bytes as encoded (:mod:`._cms`);
3. signature time-stamp and best signing time (proven by a trusted TSA, else *claimed*);
4. algorithm policy (TT 15/2025: no SHA-1/MD5, RSA ≥ 2048, EC ≥ 256; ``legacy`` warns);
5. chain to the trust profile, validity and revocation at that time, via
   pyhanko-certvalidator; errors mapped 1:1 to AdES sub-indications as pyHanko does, then
   upgraded to TOTAL_FAILED when the time is proven (REVOKED, EXPIRED, NOT_YET_VALID);
6. what changed afterwards (:mod:`._changes`: object diff + rendering diff, DocMDP/FieldMDP).

Bad input never raises: every file yields a report (TOTAL_FAILED/FORMAT_FAILURE for a
structure that cannot be parsed, INDETERMINATE for a password or size problem).
"""

from __future__ import annotations

import asyncio
import hashlib
import io
import logging
import os
import re
import time
from collections.abc import Callable, Sequence
from datetime import UTC, datetime
from pathlib import Path
from typing import IO, Any

import attrs
from asn1crypto import cms, x509

from vndocsign.verification import _changes, _cms
from vndocsign.verification.identity import identity_from_certificate
from vndocsign.verification.report import (
    Message,
    SignatureReport,
    TimestampReport,
    VerificationReport,
)
from vndocsign.verification.trust import TrustProfile

__all__ = [
    "LEGACY",
    "TT15",
    "AlgorithmPolicy",
    "VerificationPolicy",
    "async_verify_pdf",
    "verify_pdf",
]

PdfInput = bytes | bytearray | memoryview | str | os.PathLike[str] | IO[bytes]
REVOCATION_MODES = ("embedded-then-online", "embedded-only", "online")


@attrs.frozen
class AlgorithmPolicy:
    """Which digests and key sizes are acceptable (TT 15/2025 Phụ lục I)."""

    name: str
    allowed_digests: frozenset[str]
    warn_digests: frozenset[str] = frozenset()
    min_rsa_bits: int = 2048
    min_ec_bits: int = 256


_SHA2_3 = frozenset({
    "sha224", "sha256", "sha384", "sha512", "sha512_224", "sha512_256",
    "sha3_224", "sha3_256", "sha3_384", "sha3_512",
})
#: TT 15/2025: SHA-2/SHA-3 only; RSA ≥ 2048, EC ≥ 256; PKCS#1 v1.5 and PSS both accepted.
TT15 = AlgorithmPolicy("tt15-2025", _SHA2_3)
#: Old documents: SHA-1 is reported as a warning instead of a failure (explicitly).
LEGACY = AlgorithmPolicy("legacy-sha1", _SHA2_3, frozenset({"sha1"}), 1024, 192)


@attrs.frozen
class VerificationPolicy:
    """How strict to be. Defaults follow TT 15/2025 and R5.4 (no silent pass on revocation)."""

    algorithms: AlgorithmPolicy = TT15
    #: hybrid-reference files (MS Office) are read; a note is reported (parser differential)
    allow_hybrid_xref: bool = True
    #: render the signed revision and the final file and compare them
    render_check: bool = True
    render_max_pages: int = 40
    #: larger files get INDETERMINATE without being parsed (None: no limit)
    max_size: int | None = 512 * 1024 * 1024
    #: wall-clock limit in seconds; the check runs in a worker process that is killed
    time_limit: float | None = None
    #: signed attributes must be DER (sorted SET OF), as EU DSS requires; False accepts
    #: what verifies over the bytes as encoded (NSS, pdfsig) and only warns
    strict_der: bool = False
    #: "issued" or "draft" enables the Decree 30 signature-sequence checks (None: infer)
    document_kind: str | None = None

    @classmethod
    def legacy(cls, **kwargs: Any) -> VerificationPolicy:
        return cls(algorithms=LEGACY, **kwargs)


# --------------------------------------------------------------------------- helpers


def _msg(code: str, en: str, vi: str, severity: str = "warning") -> Message:
    return Message(code, en, vi, severity)


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


def _revision_ends(data: bytes) -> list[tuple[int, int]]:
    """(offset just after ``%%EOF``, offset after its end-of-line) for every marker."""
    out = []
    for m in re.finditer(rb"%%EOF", data):
        end = m.end()
        e = end
        while e < len(data) and e - end < 2 and data[e : e + 1] in b"\r\n":
            e += 1
        out.append((end, e))
    return out


@attrs.frozen
class _Range:
    ok: bool
    problem: Message | None
    sub: str | None
    intact_possible: bool
    signed_end: int
    covers_whole_file: bool
    tolerant: bool
    coverage: str


_HEX = re.compile(rb"^[0-9A-Fa-f\s]*$")


def _check_byte_range(data: bytes, br: Sequence[Any], contents: bytes | None) -> _Range:
    size = len(data)

    def bad(code: str, en: str, vi: str, sub: str = "FORMAT_FAILURE",
            intact_possible: bool = True) -> _Range:
        return _Range(False, _msg(code, en, vi, "error"), sub, intact_possible, 0, False, False,
                      "invalid")

    try:
        nums = [int(x) for x in br]
    except Exception:
        return bad("byterange-malformed", "/ByteRange is not a list of integers",
                   "/ByteRange không hợp lệ")
    if len(nums) != 4 or any(n < 0 for n in nums):
        return bad("byterange-malformed",
                   f"/ByteRange must have 4 non-negative numbers, found {nums[:6]}",
                   "/ByteRange phải gồm 4 số không âm")
    a0, a1, b0, b1 = nums
    if a0 != 0 or a1 <= 0 or b0 <= a1:
        return bad("byterange-malformed", f"/ByteRange {nums} does not start at 0 in order",
                   "/ByteRange không bắt đầu từ 0 hoặc sai thứ tự")
    if b0 + b1 > size:
        return _Range(False, _msg(
            "byterange-past-eof",
            f"/ByteRange {nums} reaches past the end of the file ({size} bytes): the declared "
            "signed data cannot be hashed",
            "/ByteRange vượt quá cuối tệp: không thể băm dữ liệu đã ký", "error"),
            "HASH_FAILURE", False, b0 + b1, False, False, "invalid")
    gap = data[a1:b0]
    tolerant = False
    if len(gap) >= 2 and gap[:1] == b"<" and gap[-1:] == b">" and _HEX.match(gap[1:-1]):
        hex_part = gap[1:-1]
    elif a1 >= 1 and data[a1 - 1 : a1] == b"<" and data[b0 : b0 + 1] == b">" and _HEX.match(gap):
        hex_part = gap
        tolerant = True
    else:
        return bad("byterange-gap",
                   "the bytes excluded from the signature are not just the signature value: "
                   "unsigned content hides in the gap (signature wrapping or bad /ByteRange)",
                   "phần bị loại khỏi chữ ký không chỉ là giá trị chữ ký: có nội dung không "
                   "được ký nằm trong khoảng trống (tấn công bọc chữ ký)")
    if contents is not None:
        try:
            gap_bytes = bytes.fromhex(re.sub(rb"\s", b"", hex_part).decode("ascii"))
        except ValueError:
            gap_bytes = b""
        if gap_bytes.rstrip(b"\x00") != contents.rstrip(b"\x00"):
            return bad("byterange-not-contents",
                       "/ByteRange does not exclude this signature's own /Contents",
                       "/ByteRange không loại trừ đúng giá trị chữ ký của chính nó",
                       "HASH_FAILURE")
    end = b0 + b1
    ends = _revision_ends(data)
    at_revision_end = any(e0 <= end <= e1 for e0, e1 in ends)
    whole = end == size or (end >= size - 2 and data[end:].strip() == b"")
    if not at_revision_end and not whole:
        return bad("byterange-tail",
                   "the signature stops before the end of its own revision (trailer unsigned)",
                   "chữ ký không bao phủ đến hết phiên bản của nó (phần cuối không được ký)")
    problem = None
    if tolerant:
        problem = _msg("byterange-delimiters",
                       "/ByteRange excludes only the hex digits of /Contents (the < > delimiters "
                       "are signed); nothing else is unsigned",
                       "/ByteRange chỉ loại trừ các chữ số hex của /Contents; không có phần nào "
                       "khác không được ký")
    return _Range(True, problem, None, True, end, whole, tolerant,
                  "entire_file" if whole else "entire_revision")


def _digest_fn(data: bytes, nums: Sequence[int]) -> Callable[[str], bytes]:
    mv = memoryview(data)
    cache: dict[str, bytes] = {}

    def fn(algo: str) -> bytes:
        if algo not in cache:
            cache[algo] = _cms.digest(algo, [mv[nums[0] : nums[0] + nums[1]],
                                             mv[nums[2] : nums[2] + nums[3]]])
        return cache[algo]

    return fn


def _pdf_text(obj: Any) -> str | None:
    if obj is None:
        return None
    try:
        return str(obj)
    except Exception:
        return None


def _deproxy(obj: Any) -> Any:
    from pyhanko.pdf_utils import generic

    for _ in range(4):
        if isinstance(obj, generic.DecryptedObjectProxy):
            obj = obj.decrypted
        elif isinstance(obj, generic.IndirectObject):
            obj = obj.get_object()  # type: ignore[no-untyped-call]
        else:
            break
    return obj


# --------------------------------------------------------------------------- trust


@attrs.frozen
class _TrustResult:
    trusted: bool
    sub: str | None
    failed: bool
    chain: tuple[str, ...]
    revocation: str
    message: Message | None
    valid_at_time: bool | None


def _vc(trust: TrustProfile, extra: Sequence[x509.Certificate], moment: datetime,
        revocation: str, ocsps: Sequence[Any], crls: Sequence[Any],
        policy: AlgorithmPolicy) -> Any:
    from pyhanko_certvalidator import ValidationContext

    weak = {"md2", "md5"} | ({"sha1"} if "sha1" not in policy.warn_digests else set())
    return ValidationContext(
        trust_roots=list(trust.anchors),
        other_certs=list(extra) + list(trust.intermediates),
        moment=moment,
        allow_fetching=revocation != "embedded-only",
        revocation_mode="require",
        retroactive_revinfo=True,
        ocsps=list(ocsps),
        crls=list(crls),
        weak_hash_algos=weak,
    )


async def _trust(
    cert: x509.Certificate, extra: Sequence[x509.Certificate], trust: TrustProfile,
    moment: datetime, proven: bool, revocation: str, ocsps: Sequence[Any], crls: Sequence[Any],
    policy: AlgorithmPolicy, usage: str = "signer",
) -> _TrustResult:
    from pyhanko.sign.validation.generic_cms import handle_certvalidator_errors
    from pyhanko_certvalidator import CertificateValidator

    if not trust.anchors:
        return _TrustResult(False, "NO_CERTIFICATE_CHAIN_FOUND", False, (), "not_checked", _msg(
            "no-trust-anchor", f"trust profile '{trust.name}' has no root certificate: "
            "trust not established", f"hồ sơ tin cậy '{trust.name}' chưa có chứng thư gốc: "
            "chưa xác minh được đường dẫn tin cậy"), None)
    try:
        vc = _vc(trust, extra, moment, revocation, ocsps, crls, policy)
        validator = CertificateValidator(cert, intermediate_certs=list(extra),
                                         validation_context=vc)
        if usage == "tsa":
            coro = validator.async_validate_usage(set(), {"time_stamping"})  # type: ignore[no-untyped-call]
        else:
            coro = validator.async_validate_usage(set())  # type: ignore[no-untyped-call]
        caught: list[BaseException] = []

        async def watched() -> Any:
            try:
                return await coro
            except Exception as exc:
                caught.append(exc)
                raise

        result = await handle_certvalidator_errors(cert, watched())
    except Exception as exc:  # pragma: no cover - defensive
        return _TrustResult(False, "CERTIFICATE_CHAIN_GENERAL_FAILURE", False, (), "unknown",
                            _msg("chain-error", f"certificate validation error: {exc}"[:200],
                                 "lỗi khi kiểm tra chứng thư số"), None)
    if result.success_result is not None:
        path = result.success_result
        names = tuple(_cn(c) for c in path.iter_certs(include_root=True)) if hasattr(
            path, "iter_certs") else ()
        return _TrustResult(True, None, False, names, "good", None, True)
    sub = result.error_subindic.name if result.error_subindic is not None else "GENERIC"
    from pyhanko_certvalidator.errors import InsufficientRevinfoError

    if caught and isinstance(caught[0], InsufficientRevinfoError) and sub in (
            "CERTIFICATE_CHAIN_GENERAL_FAILURE", "CHAIN_CONSTRAINTS_FAILURE", "GENERIC"):
        sub = "TRY_LATER"  # no CRL/OCSP: R5.4 says indeterminate with a warning
    chain: tuple[str, ...] = ()
    if result.error_path is not None and hasattr(result.error_path, "iter_certs"):
        chain = tuple(_cn(c) for c in result.error_path.iter_certs(include_root=True))
    failed = False
    revocation_state = "unknown"
    valid_at: bool | None = None
    if sub in ("REVOKED_NO_POE", "REVOKED_CA_NO_POE"):
        revocation_state = "revoked"
        valid_at = False
        if proven and sub == "REVOKED_NO_POE":
            sub, failed = "REVOKED", True
    elif sub == "OUT_OF_BOUNDS_NO_POE":
        valid_at = False
        if proven:
            sub, failed = "EXPIRED", True
    elif sub == "NOT_YET_VALID":
        valid_at = False
        failed = proven
    elif sub in ("TRY_LATER", "REVOCATION_OUT_OF_BOUNDS_NO_POE"):
        revocation_state = "unknown"
    text = {
        "NO_CERTIFICATE_CHAIN_FOUND": ("no certificate chain to a trusted root was found",
                                       "không xây dựng được đường dẫn tới chứng thư gốc tin cậy"),
        "REVOKED": ("the certificate was revoked before the signing time",
                    "chứng thư số đã bị thu hồi trước thời điểm ký"),
        "REVOKED_NO_POE": ("the certificate is revoked and the signing time is not proven",
                           "chứng thư số bị thu hồi và thời điểm ký chưa được chứng minh"),
        "EXPIRED": ("the certificate had expired at the (time-stamped) signing time",
                    "chứng thư số đã hết hạn tại thời điểm ký (có dấu thời gian)"),
        "OUT_OF_BOUNDS_NO_POE": ("the certificate is outside its validity period at the "
                                 "claimed signing time",
                                 "chứng thư số ngoài thời hạn hiệu lực tại thời điểm ký khai báo"),
        "NOT_YET_VALID": ("the certificate was not yet valid at the signing time",
                          "chứng thư số chưa có hiệu lực tại thời điểm ký"),
        "TRY_LATER": ("revocation status could not be established (no CRL/OCSP available)",
                      "không kiểm tra được trạng thái thu hồi (không có CRL/OCSP)"),
        "CRYPTO_CONSTRAINTS_FAILURE": ("a certificate in the chain uses a disallowed algorithm",
                                       "chứng thư trong chuỗi dùng thuật toán không được phép"),
    }.get(sub, (f"certificate validation: {sub}", f"kiểm tra chứng thư số: {sub}"))
    return _TrustResult(False, sub, failed, chain, revocation_state,
                        _msg("trust-" + sub.lower(), text[0], text[1],
                             "error" if failed else "warning"), valid_at)


def _cn(cert: x509.Certificate) -> str:
    try:
        return str(cert.subject.native.get("common_name") or cert.subject.human_friendly)
    except Exception:
        return "?"


# --------------------------------------------------------------------------- main


@attrs.define
class _Sig:
    """Internal working state of one signature."""

    name: str
    value: Any
    field: Any
    is_timestamp: bool
    subfilter: str | None
    byte_range: tuple[int, ...] = ()
    signed_end: int = 0
    revision: int | None = None
    report: SignatureReport | None = None
    rect: tuple[float, float, float, float] | None = None
    page: int | None = None
    reason: str | None = None


def verify_pdf(
    pdf: PdfInput,
    *,
    trust: TrustProfile | None = None,
    at: datetime | None = None,
    revocation: str = "embedded-then-online",
    policy: VerificationPolicy | None = None,
) -> VerificationReport:
    """Verify every signature and document time-stamp of ``pdf``; never raises on bad input.

    ``trust`` defaults to the ``any-vn`` profile of the default trust store; ``at`` is the
    validation time (default: now); ``revocation`` is ``"embedded-then-online"``,
    ``"embedded-only"`` (offline) or ``"online"``. With ``policy.time_limit`` the work runs in
    a worker process that is killed when the limit passes (INDETERMINATE, reason given).
    """
    policy = policy or VerificationPolicy()
    if policy.time_limit is not None:
        from vndocsign.verification.batch import verify_with_time_limit

        return verify_with_time_limit(pdf, trust=trust, at=at, revocation=revocation,
                                      policy=policy)
    return asyncio.run(async_verify_pdf(pdf, trust=trust, at=at, revocation=revocation,
                                        policy=policy))


async def async_verify_pdf(
    pdf: PdfInput,
    *,
    trust: TrustProfile | None = None,
    at: datetime | None = None,
    revocation: str = "embedded-then-online",
    policy: VerificationPolicy | None = None,
) -> VerificationReport:
    """Async variant of :func:`verify_pdf` (network fetches do not block the event loop)."""
    from vndocsign.errors import VerificationError

    if revocation not in REVOCATION_MODES:
        raise VerificationError(
            f"revocation must be one of {', '.join(REVOCATION_MODES)}",
            f"chế độ kiểm tra thu hồi phải là một trong {', '.join(REVOCATION_MODES)}",
        )
    policy = policy or VerificationPolicy()
    if trust is None:
        trust = TrustProfile.named("any-vn")
    started = time.monotonic()
    now = at or datetime.now(UTC)
    try:
        data, name, size = _read_input(pdf, policy.max_size)
    except OSError as exc:
        return _file_result(str(pdf), "INDETERMINATE", "GENERIC", _msg(
            "unreadable-file", f"cannot read the file: {exc}", f"không đọc được tệp: {exc}",
            "error"), trust, policy, now)
    if data is None:
        return _file_result(name, "INDETERMINATE", "GENERIC", _msg(
            "too-large", f"file of {size} bytes exceeds the configured limit "
            f"({policy.max_size} bytes); not verified",
            f"tệp {size} byte vượt giới hạn cấu hình; chưa kiểm tra", "error"),
            trust, policy, now, size=size)
    logging.getLogger("pyhanko").setLevel(logging.CRITICAL)
    logging.getLogger("pyhanko_certvalidator").setLevel(logging.CRITICAL)
    try:
        report = await _verify_bytes(data, name, trust, now, at, revocation, policy)
    except Exception as exc:  # last line of defence: a typed result, never a traceback
        report = _file_result(name, "TOTAL_FAILED", "FORMAT_FAILURE", _msg(
            "internal", f"the file could not be evaluated: {type(exc).__name__}: {exc}"[:300],
            "không thể đánh giá tệp", "error"), trust, policy, now, size=len(data))
    return attrs.evolve(report, elapsed=time.monotonic() - started,
                        sha256=hashlib.sha256(data).hexdigest(), size=len(data))


def _file_result(
    name: str, verdict: str, sub: str | None, message: Message, trust: TrustProfile,
    policy: VerificationPolicy, now: datetime, size: int | None = None,
) -> VerificationReport:
    status = {"TOTAL_FAILED": "failed", "INDETERMINATE": "indeterminate"}.get(verdict, "passed")
    return VerificationReport(
        file=name, verdict=verdict, sub_indication=sub, status=status, signatures=(),
        messages=(message,), modification="n/a", trust_profile=trust.name,
        policy=policy.algorithms.name, validated_at=now, size=size,
    )


def _open_reader(data: bytes, messages: list[Message]) -> Any:
    from pyhanko.pdf_utils.reader import PdfFileReader

    try:
        reader = PdfFileReader(io.BytesIO(data), strict=True)
        if reader.xrefs.hybrid_xrefs_present:
            raise ValueError("hybrid")
    except Exception as first:
        reader = PdfFileReader(io.BytesIO(data), strict=False)
        if str(first) == "hybrid":
            messages.append(_msg(
                "hybrid-xref", "hybrid cross-reference file (xref table + stream): read "
                "leniently; such files allow parser differentials",
                "tệp dùng bảng tham chiếu lai: đã đọc ở chế độ khoan dung", "info"))
        else:
            messages.append(_msg(
                "lenient-parse", f"PDF structure is irregular ({first}); read leniently"[:200],
                "cấu trúc PDF không chuẩn; đã đọc ở chế độ khoan dung", "info"))
    return reader


async def _verify_bytes(
    data: bytes, name: str, trust: TrustProfile, now: datetime, at: datetime | None,
    revocation: str, policy: VerificationPolicy,
) -> VerificationReport:
    from pyhanko.pdf_utils import generic
    from pyhanko.sign.fields import enumerate_sig_fields

    messages: list[Message] = [
        _msg("trust-store", n, n, "info") for n in trust.notes
    ]
    head = data[:1024]
    if b"%PDF-" not in head:
        return _file_result(name, "TOTAL_FAILED", "FORMAT_FAILURE", _msg(
            "not-pdf", "not a PDF file", "không phải tệp PDF", "error"), trust, policy, now)
    raw_byte_ranges = len(re.findall(rb"/ByteRange\s*\[", data))
    try:
        reader = _open_reader(data, messages)
        password: str | None = None
        if reader.encrypted:
            result = reader.decrypt(b"")
            if getattr(result, "status", None) is not None and "FAILED" in str(result.status):
                return _file_result(name, "INDETERMINATE", "GENERIC", _msg(
                    "encrypted", "the PDF is encrypted with a password; it cannot be verified "
                    "without it", "tệp PDF được mã hóa bằng mật khẩu; không thể kiểm tra",
                    "error"), trust, policy, now)
            password = ""
            messages.append(_msg("encrypted-open", "encrypted PDF opened with the empty user "
                                 "password", "tệp PDF mã hóa, mở bằng mật khẩu rỗng", "info"))
        fields = list(enumerate_sig_fields(reader, filled_status=True))
        total_revisions = reader.xrefs.total_revisions
        starts = [reader.xrefs.get_startxref_for_revision(i) for i in range(total_revisions)]
    except Exception as exc:
        sub = "FORMAT_FAILURE"
        if raw_byte_ranges == 0:
            return _file_result(name, "TOTAL_FAILED", "FORMAT_FAILURE", _msg(
                "unreadable", f"unreadable PDF and no signature found: {exc}"[:300],
                "tệp PDF hỏng, không tìm thấy chữ ký", "error"), trust, policy, now)
        return _file_result(name, "TOTAL_FAILED", sub, _msg(
            "unreadable", f"the signed PDF's structure cannot be parsed, so what was signed "
            f"cannot be established: {type(exc).__name__}: {exc}"[:300],
            "không đọc được cấu trúc tệp PDF đã ký nên không xác định được nội dung đã ký",
            "error"), trust, policy, now)
    ends = _revision_ends(data)

    def revision_of(end: int) -> int | None:
        for i, s in enumerate(starts):
            nxt = [e for e in ends if e[0] > s]
            if nxt and nxt[0][0] <= end <= nxt[0][1]:
                return i
        if end >= len(data) - 2:
            return total_revisions - 1  # type: ignore[no-any-return]
        return None

    sigs: list[_Sig] = []
    doc_fatal: list[Message] = []
    for fq_name, value, field in fields:
        try:
            v = _deproxy(value)
            f = _deproxy(field)
        except Exception:
            v, f = None, None
        if not isinstance(v, generic.DictionaryObject) or "/ByteRange" not in v \
                or "/Contents" not in v:
            doc_fatal.append(_msg(
                "field-not-signature", f"signature field '{fq_name}' holds a value that is not a "
                "signature (a later change replaced or hid a signature)",
                f"trường chữ ký '{fq_name}' chứa giá trị không phải chữ ký số", "error"))
            continue
        subfilter = _pdf_text(v.get("/SubFilter"))
        is_ts = _pdf_text(v.get("/Type")) == "/DocTimeStamp" or subfilter == "/ETSI.RFC3161"
        s = _Sig(fq_name, v, f, is_ts, subfilter)
        try:
            s.byte_range = tuple(int(x) for x in v.raw_get("/ByteRange"))
        except Exception:
            s.byte_range = ()
        try:
            rect = [float(x) for x in f["/Rect"]]
            s.rect = (min(rect[0], rect[2]), min(rect[1], rect[3]),
                      max(rect[0], rect[2]), max(rect[1], rect[3]))
        except Exception:  # noqa: S110
            pass
        s.reason = _pdf_text(v.get("/Reason"))
        sigs.append(s)
    if not sigs and not doc_fatal:
        return _file_result(name, "TOTAL_FAILED", "NO_SIGNATURE_FOUND", _msg(
            "no-signature", "the PDF carries no signature", "tệp PDF không có chữ ký số",
            "error"), trust, policy, now)
    # certification (DocMDP)
    docmdp_level, cert_rev = None, None
    try:
        from pyhanko.sign.validation.pdf_embedded import read_certification_data

        info = read_certification_data(reader)
        if info is not None:
            docmdp_level = int(info.permission.value)
            cert_ref = info.author_sig
            for s in sigs:
                if s.value is _deproxy(cert_ref):
                    cert_rev = -1  # resolved below
                    s.reason = s.reason
                    break
    except Exception:  # noqa: S110 - unreadable /Perms: treated as no certification
        pass
    # DSS validation data (for revocation checks)
    dss_certs, dss_ocsps, dss_crls = _dss(reader)
    for s in sigs:
        s.signed_end = (s.byte_range[2] + s.byte_range[3]) if len(s.byte_range) == 4 else 0
        s.revision = revision_of(s.signed_end) if s.signed_end else None
    filled = frozenset(s.name for s in sigs)
    try:
        covered = frozenset(
            str(n) for n, _v, _f in enumerate_sig_fields(reader, filled_status=None))
    except Exception:
        covered = filled
    if docmdp_level is not None:
        cert_sigs = [s for s in sigs if "/Reference" in s.value]
        cert_rev = min((s.revision for s in cert_sigs if s.revision is not None), default=0)
    for s in sigs:
        s.report = await _verify_one(
            s, data, reader, password, trust, now, at, revocation, policy,
            dss_certs, dss_ocsps, dss_crls, (covered, filled),
            docmdp_level if (cert_rev is not None and s.revision is not None
                             and s.revision >= cert_rev) else None,
        )
    if raw_byte_ranges > len(sigs) + len(doc_fatal):
        messages.append(_msg(
            "orphan-signatures", f"the file holds {raw_byte_ranges} /ByteRange entries but only "
            f"{len(sigs)} reachable signature(s): a signature may have been detached",
            f"tệp có {raw_byte_ranges} /ByteRange nhưng chỉ {len(sigs)} chữ ký còn liên kết",
            "info"))
    from vndocsign.verification.decree30 import assign_roles, decree30_checks

    reports = assign_roles(sigs, reader)
    messages.extend(decree30_checks(reports, policy.document_kind))
    messages.extend(doc_fatal)
    return _aggregate(name, reports, messages, bool(doc_fatal), trust, policy, now)


def _dss(reader: Any) -> tuple[list[x509.Certificate], list[Any], list[Any]]:
    certs: list[x509.Certificate] = []
    ocsps: list[Any] = []
    crls: list[Any] = []
    try:
        from asn1crypto import crl as asn1_crl
        from asn1crypto import ocsp as asn1_ocsp

        if "/DSS" not in reader.root:
            return certs, ocsps, crls
        dss = reader.root["/DSS"]
        for key, target, loader in (
            ("/Certs", certs, x509.Certificate.load),
            ("/OCSPs", ocsps, asn1_ocsp.OCSPResponse.load),
            ("/CRLs", crls, asn1_crl.CertificateList.load),
        ):
            if key not in dss:
                continue
            arr = dss[key]
            for i in range(len(arr)):
                try:
                    target.append(loader(arr[i].data))
                except Exception:  # noqa: S112
                    continue
    except Exception:  # noqa: S110
        pass
    return certs, ocsps, crls


def _cms_revinfo(sd: cms.SignedData, si: cms.SignerInfo) -> tuple[list[Any], list[Any]]:
    """adbe-revocationInfoArchival (signed attribute) and CMS revocation choices."""
    ocsps: list[Any] = []
    crls: list[Any] = []
    try:
        for a in si["signed_attrs"]:
            if a["type"].native == "adobe_revocation_info_archival":
                v = a["values"][0]
                for c in v["crl"] or []:
                    crls.append(c)
                for o in v["ocsp"] or []:
                    ocsps.append(o)
    except Exception:  # noqa: S110
        pass
    try:
        for choice in sd["crls"] or []:
            if choice.name == "crl":
                crls.append(choice.chosen)
            elif choice.name == "other":
                other = choice.chosen
                if other["other_rev_info_format"].native == "ocsp_response":
                    ocsps.append(other["other_rev_info"])
    except Exception:  # noqa: S110
        pass
    return ocsps, crls


def _unsigned_ts(si: cms.SignerInfo) -> cms.ContentInfo | None:
    try:
        for a in si["unsigned_attrs"]:
            if a["type"].native == "signature_time_stamp_token":
                return a["values"][0]
    except Exception:
        return None
    return None


async def _verify_one(
    s: _Sig, data: bytes, reader: Any, password: str | None, trust: TrustProfile, now: datetime,
    at: datetime | None, revocation: str, policy: VerificationPolicy,
    dss_certs: list[x509.Certificate], dss_ocsps: list[Any], dss_crls: list[Any],
    fields: tuple[frozenset[str], frozenset[str]], docmdp: int | None,
) -> SignatureReport:
    msgs: list[Message] = []
    kind = "document_timestamp" if s.is_timestamp else "signature"
    base: dict[str, Any] = dict(
        field=s.name, type=kind, subfilter=s.subfilter, role="unknown", byte_range=s.byte_range,
        revision=s.revision, docmdp=docmdp,
    )
    contents: bytes | None
    try:
        from pyhanko.sign.validation.pdf_embedded import extract_contents

        contents = extract_contents(s.value)
    except Exception:
        try:
            raw = _deproxy(s.value.raw_get("/Contents"))
            contents = raw.original_bytes if hasattr(raw, "original_bytes") else bytes(raw)
        except Exception:
            contents = None
    rng = _check_byte_range(data, s.byte_range, contents)
    if rng.problem is not None:
        msgs.append(rng.problem)

    def failed(sub: str, intact: bool | None = None, valid: bool | None = None,
               modification: str = "n/a", **extra: Any) -> SignatureReport:
        values: dict[str, Any] = dict(
            indication="TOTAL_FAILED", sub_indication=sub, intact=intact, valid=valid,
            trusted=False, covers_whole_file=rng.covers_whole_file, coverage=rng.coverage,
            modification=modification, changes=(), signing_time=None,
            signing_time_source="none", claimed_time=None, timestamp=None, signer=None,
            issuer_ca=None, chain=(), valid_at_signing_time=None, revocation="not_checked",
            digest_algorithm=None, signature_algorithm=None, key=None,
            messages=tuple(msgs), attention=True,
        )
        values.update(extra)
        return SignatureReport(**base, **values)

    if not rng.ok and not rng.intact_possible:
        return failed(rng.sub or "HASH_FAILURE", intact=False)
    if not rng.ok and rng.sub == "HASH_FAILURE":
        return failed("HASH_FAILURE", intact=False)
    nums = s.byte_range
    digest_of = _digest_fn(data, nums) if len(nums) == 4 else (lambda a: b"")
    # --- CMS
    if contents is None:
        msgs.append(_msg("no-contents", "signature /Contents missing", "thiếu /Contents", "error"))
        return failed("FORMAT_FAILURE")
    try:
        sd = _cms.load_signed_data(contents)
        check = _cms.check_signed_data(sd, digest_of, contents)
    except _cms.CmsError as exc:
        msgs.append(_msg("cms", f"signature value unusable: {exc.message}",
                         "giá trị chữ ký số không đọc được (CMS hỏng hoặc rỗng)", "error"))
        return failed(exc.sub_indication)
    signer = check.signers[0]
    tst: _cms.TimestampToken | None = None
    intact: bool | None = all(c.intact for c in check.signers) if all(
        c.intact is not None for c in check.signers) else None
    valid: bool | None = all(c.valid for c in check.signers) if all(
        c.valid is not None for c in check.signers) else None
    unsorted = False
    for c in check.signers:
        for n in c.notes:
            if n == _cms.UNSORTED_NOTE:
                unsorted = True
                continue
            msgs.append(_msg("cms-note", n, n, "info"))
    if unsorted:
        msgs.append(_msg(
            "non-der-attributes", "the signed attributes are not DER-encoded (unsorted SET OF); "
            "the signature verifies only over the bytes as encoded",
            "các thuộc tính được ký không mã hóa theo DER; chữ ký chỉ khớp với dữ liệu như "
            "được ghi", "error" if policy.strict_der else "warning"))
        if policy.strict_der and valid:
            ident0 = identity_from_certificate(signer.certificate) if signer.certificate \
                else None
            return failed("FORMAT_FAILURE", intact=intact, valid=valid, signer=ident0,
                          issuer_ca=ident0.issuer if ident0 else None)
    if len(check.signers) > 1:
        msgs.append(_msg("multi-signerinfo", f"{len(check.signers)} SignerInfos, all checked",
                         f"{len(check.signers)} SignerInfo, đã kiểm tra tất cả", "info"))
    sub_filter = s.subfilter or ""
    if s.is_timestamp:
        try:
            tst = _cms.parse_timestamp_token(cms.ContentInfo.load(contents, strict=False))
            intact = bool(intact) and tst.imprint == digest_of(tst.imprint_algorithm)
            if not intact:
                msgs.append(_msg("doc-ts-imprint", "the document time-stamp does not match this "
                                 "document (copied from elsewhere?)",
                                 "dấu thời gian tài liệu không khớp với tài liệu này", "error"))
        except _cms.CmsError as exc:
            msgs.append(_msg("doc-ts", exc.message, "dấu thời gian hỏng", "error"))
            return failed("FORMAT_FAILURE")
    elif sub_filter == "/adbe.pkcs7.sha1":
        ok = check.encapsulated is not None and check.encapsulated == digest_of("sha1")
        intact = bool(intact) and ok
    elif check.encapsulated is not None:
        msgs.append(_msg("econtent", "a detached signature must not encapsulate content",
                         "chữ ký tách rời không được chứa nội dung đóng gói", "error"))
        return failed("FORMAT_FAILURE", intact=intact, valid=valid)
    if signer.certificate is not None:
        der_problem = _non_der_certificate(signer.certificate)
        if der_problem is not None:
            msgs.append(_msg(
                "non-der-certificate",
                f"the signer's certificate is not valid DER ({der_problem})",
                f"chứng thư số của người ký không đúng mã hóa DER ({der_problem})", "error"))
            return failed("FORMAT_FAILURE", intact=intact, valid=valid)
    ident = identity_from_certificate(signer.certificate) if signer.certificate else None
    key_desc = f"{signer.key_type}-{signer.key_size}" if signer.key_type else None
    common: dict[str, Any] = dict(
        digest_algorithm=signer.digest_algorithm, signature_algorithm=signer.signature_algorithm,
        key=key_desc, signer=ident, issuer_ca=ident.issuer if ident else None,
    )
    if intact is False:
        msgs.append(_msg("digest-mismatch", "the signed data was altered: digest mismatch",
                         "dữ liệu đã ký bị thay đổi: mã băm không khớp", "error"))
        return failed("HASH_FAILURE", intact=False, valid=valid, **common)
    if valid is False:
        msgs.append(_msg("bad-signature", signer.problem or "signature value does not verify",
                         "giá trị chữ ký số không hợp lệ với chứng thư số", "error"))
        return failed(signer.sub_indication or "SIG_CRYPTO_FAILURE", intact=intact, valid=False,
                      **common)
    if not rng.ok:
        return failed(rng.sub or "FORMAT_FAILURE", intact=intact, valid=valid,
                      modification="suspicious", **common)
    # --- time
    claimed = signer.claimed_time
    if claimed is None:
        try:
            from pyhanko.pdf_utils.generic import parse_pdf_date

            m = s.value.get("/M")
            claimed = parse_pdf_date(str(m)) if m is not None else None
        except Exception:
            claimed = None
    ts_report: TimestampReport | None = None
    best = claimed or now
    source = "claimed" if claimed else "none"
    extra_certs = list(check.certificates) + dss_certs
    si = sd["signer_infos"][0]
    ocsps, crls = _cms_revinfo(sd, si)
    ocsps += dss_ocsps
    crls += dss_crls
    token_ci = None if s.is_timestamp else _unsigned_ts(si)
    if s.is_timestamp and tst is not None:
        ts_time = tst.time
        tr = await _trust(signer.certificate, extra_certs, trust, now, False, revocation,
                          ocsps, crls, policy.algorithms, usage="tsa") if signer.certificate \
            else None
        ts_report = TimestampReport(ts_time, intact, valid, bool(tr and tr.trusted),
                                    ident.name if ident else None, tr.sub if tr else None)
        best, source = ts_time, "timestamp"
    elif token_ci is not None:
        try:
            token = _cms.parse_timestamp_token(token_ci)
            sig_value = si["signature"].native
            ts_intact = token.imprint == _cms.digest(token.imprint_algorithm, [sig_value])
            tcheck = _cms.check_signed_data(token.signed_data, lambda a: b"")
            tsigner = tcheck.signers[0]
            ts_valid = bool(tsigner.valid and tsigner.intact)
            ttrust = None
            if ts_valid and tsigner.certificate is not None:
                ttrust = await _trust(tsigner.certificate, list(tcheck.certificates) + dss_certs,
                                      trust, now, False, revocation, ocsps, crls,
                                      policy.algorithms, usage="tsa")
            tsa_name = _cn(tsigner.certificate) if tsigner.certificate else None
            ts_report = TimestampReport(token.time, ts_intact, ts_valid,
                                        bool(ttrust and ttrust.trusted), tsa_name,
                                        ttrust.sub if ttrust else tsigner.sub_indication)
            if not (ts_intact and ts_valid):
                msgs.append(_msg("ts-invalid", "the signature time-stamp is not valid for this "
                                 "signature", "dấu thời gian của chữ ký không hợp lệ", "error"))
                return failed("TIMESTAMP_ORDER_FAILURE" if ts_intact else "FORMAT_FAILURE",
                              intact=intact, valid=valid, timestamp=ts_report, **common)
            if ts_report.trusted:
                best, source = token.time, "timestamp"
            else:
                msgs.append(_msg("ts-untrusted", "the signature time-stamp's TSA is not trusted; "
                                 "the signing time is only claimed",
                                 "đơn vị cấp dấu thời gian chưa được tin cậy; thời điểm ký chỉ "
                                 "là khai báo", "info"))
        except _cms.CmsError as exc:
            msgs.append(_msg("ts-broken", f"unreadable signature time-stamp: {exc.message}",
                             "dấu thời gian của chữ ký không đọc được", "warning"))
    if source == "claimed":
        msgs.append(_msg("time-unproven", "signing time is claimed by the signer, not proven by "
                         "a trusted time-stamp", "thời điểm ký do người ký khai báo, chưa được "
                         "chứng minh bằng dấu thời gian tin cậy", "info"))
    if at is not None and source != "timestamp":
        best = at
    # --- algorithm policy
    indication, sub = "TOTAL_PASSED", None
    algo_problems: list[str] = []
    alg = policy.algorithms
    for c in check.signers:
        if c.digest_algorithm not in alg.allowed_digests:
            algo_problems.append(f"digest {c.digest_algorithm}")
        if c.key_type == "rsa" and (c.key_size or 0) < alg.min_rsa_bits:
            algo_problems.append(f"RSA key of {c.key_size} bits")
        if c.key_type == "ec" and (c.key_size or 0) < alg.min_ec_bits:
            algo_problems.append(f"EC key of {c.key_size} bits")
    if algo_problems:
        warn_only = all(p.split()[-1] in alg.warn_digests for p in algo_problems
                        if p.startswith("digest")) and not any(
            not p.startswith("digest") for p in algo_problems)
        text = ", ".join(algo_problems)
        if warn_only:
            msgs.append(_msg("legacy-algorithm", f"legacy algorithm accepted by the '{alg.name}' "
                             f"policy: {text}", f"thuật toán cũ được chấp nhận theo chính sách "
                             f"'{alg.name}': {text}", "warning"))
        else:
            msgs.append(_msg("algorithm", f"algorithm not allowed by TT 15/2025: {text}",
                             f"thuật toán không được phép theo TT 15/2025: {text}", "warning"))
            indication, sub = "INDETERMINATE", "CRYPTO_CONSTRAINTS_FAILURE"
    # --- trust
    trusted = False
    chain: tuple[str, ...] = ()
    revocation_state = "not_checked"
    valid_at: bool | None = None
    attention = valid is None
    if valid is None:
        indication, sub = "INDETERMINATE", signer.sub_indication or "NO_SIGNING_CERTIFICATE_FOUND"
        msgs.append(_msg("no-cert", signer.problem or "signer certificate missing",
                         "thiếu chứng thư số của người ký: không kiểm tra được giá trị chữ ký",
                         "warning"))
    elif signer.certificate is not None:
        if s.is_timestamp:
            tr = await _trust(signer.certificate, extra_certs, trust, now, False, revocation,
                              ocsps, crls, policy.algorithms, usage="tsa")
        else:
            tr = await _trust(signer.certificate, extra_certs, trust, best,
                              source == "timestamp", revocation, ocsps, crls, policy.algorithms)
        trusted, chain, revocation_state, valid_at = tr.trusted, tr.chain, tr.revocation, \
            tr.valid_at_time
        if tr.message is not None:
            msgs.append(tr.message)
        if tr.failed:
            indication, sub = "TOTAL_FAILED", tr.sub
        elif not tr.trusted and indication == "TOTAL_PASSED":
            indication, sub = "INDETERMINATE", tr.sub
        if valid_at is None and ident is not None and ident.not_before and ident.not_after:
            try:
                nb = datetime.fromisoformat(ident.not_before)
                na = datetime.fromisoformat(ident.not_after)
                b = best if best.tzinfo else best.replace(tzinfo=UTC)
                inside = nb <= b <= na
                valid_at = inside and (trusted or None)
                if not inside:
                    valid_at = False
                    msgs.append(_msg(
                        "outside-validity", f"the signing time {b.isoformat()} lies outside the "
                        f"certificate's validity period ({ident.not_before} → {ident.not_after})",
                        "thời điểm ký nằm ngoài thời hạn hiệu lực của chứng thư số"))
            except Exception:  # noqa: S110
                pass
    # --- modifications
    modification, change_texts, mod_attention, mod_failed = _modifications(
        s, data, reader, password, policy, fields, docmdp, msgs)
    attention = attention or mod_attention or rng.tolerant
    if mod_failed:
        indication, sub = "TOTAL_FAILED", "FORMAT_FAILURE"
    return SignatureReport(
        **base,
        indication=indication, sub_indication=sub, intact=intact, valid=valid, trusted=trusted,
        covers_whole_file=rng.covers_whole_file, coverage=rng.coverage,
        modification=modification, changes=change_texts, signing_time=best if source != "none"
        else None, signing_time_source=source, claimed_time=claimed, timestamp=ts_report,
        chain=chain, valid_at_signing_time=valid_at, revocation=revocation_state,
        messages=tuple(msgs), attention=attention, **common,
    )


def _modifications(
    s: _Sig, data: bytes, reader: Any, password: str | None, policy: VerificationPolicy,
    fields: tuple[frozenset[str], frozenset[str]], docmdp: int | None, msgs: list[Message],
) -> tuple[str, tuple[str, ...], bool, bool]:
    """(modification level, change descriptions, needs attention, disallowed).

    ``fields``: (every signature field of the form, the filled reachable ones)."""
    covered, filled = fields
    total = reader.xrefs.total_revisions
    if s.revision is None or (s.signed_end >= len(data) - 2 and s.revision >= total - 1):
        return "none", (), False, False
    locked, lock_all = None, False
    try:
        lock = s.field["/Lock"] if "/Lock" in s.field else None  # noqa: SIM401 (deref)
        if lock is not None:
            action = str(lock["/Action"]) if "/Action" in lock else "/All"
            if action == "/Include":
                fields = lock["/Fields"] if "/Fields" in lock else []  # noqa: SIM401
                locked = frozenset(str(fields[i]) for i in range(len(fields)))
            else:
                lock_all = True
    except Exception:  # noqa: S110
        pass
    try:
        analysis = _changes.analyse_changes(reader, s.revision, docmdp=docmdp,
                                            locked_fields=locked, lock_all=lock_all)
    except Exception as exc:
        analysis = _changes.ChangeAnalysis(
            (_changes.Change(_changes.ChangeKind.UNEXPLAINED, None,
                             f"change analysis failed: {exc}"[:200]),), ())
    changes = list(analysis.changes)
    # signature material for a field the form does not list: a detached (hidden) signature
    fixed: list[_changes.Change] = []
    for c in changes:
        names = filled if c.reason == "signature field filled" else covered
        if c.kind == _changes.ChangeKind.SIGNATURE and c.field is not None \
                and c.field not in names:
            fixed.append(attrs.evolve(c, kind=_changes.ChangeKind.CONTENT, reason=c.reason
                                      + f" ('{c.field}' is not a field of the form)"))
        else:
            fixed.append(c)
    changes = fixed
    worst = max((_changes.SEVERITY[c.kind] for c in changes), default=0)
    if policy.render_check and worst < 3:
        changes += _changes.render_diff(
            data[: s.signed_end], data, analysis, max_pages=policy.render_max_pages,
            password=password)
    worst = max((_changes.SEVERITY[c.kind] for c in changes), default=0)
    texts = tuple(dict.fromkeys(c.reason for c in changes))
    if worst >= 3:
        msgs.append(_msg("modified-disallowed", "the document was changed after this signature "
                         "in a way that is not allowed: " + "; ".join(
                             c.reason for c in changes if _changes.SEVERITY[c.kind] >= 3)[:300],
                         "văn bản đã bị thay đổi sau khi ký theo cách không được phép", "error"))
        return "disallowed", texts, True, True
    if worst == 2:
        msgs.append(_msg("modified-suspicious", "unexplained changes after this signature: "
                         + "; ".join(c.reason for c in changes
                                     if _changes.SEVERITY[c.kind] == 2)[:300],
                         "có thay đổi không giải thích được sau khi ký", "warning"))
        return "suspicious", texts, True, False
    if worst == 1:
        kinds = sorted({c.kind.value for c in changes if _changes.SEVERITY[c.kind] == 1})
        msgs.append(_msg("modified-visible", f"permitted but visible changes after this "
                         f"signature: {', '.join(kinds)}",
                         "có thay đổi được phép nhưng hiển thị với người đọc sau khi ký "
                         "(điền biểu mẫu / chú thích)", "warning"))
        return "allowed", texts, True, False
    return "allowed", texts, False, False


def _aggregate(
    name: str, reports: Sequence[SignatureReport], messages: list[Message], doc_fatal: bool,
    trust: TrustProfile, policy: VerificationPolicy, now: datetime,
) -> VerificationReport:
    failed = [r for r in reports if r.indication == "TOTAL_FAILED"]
    indet = [r for r in reports if r.indication == "INDETERMINATE"]
    attention = [r for r in reports if r.attention]
    if failed or doc_fatal:
        verdict = "TOTAL_FAILED"
        sub = failed[0].sub_indication if failed else "FORMAT_FAILURE"
        status = "failed"
    elif attention:
        verdict = "INDETERMINATE"
        first = attention[0]
        sub = first.sub_indication or "SIG_CONSTRAINTS_FAILURE"
        status = "warning"
    elif indet:
        verdict, sub, status = "INDETERMINATE", indet[0].sub_indication, "indeterminate"
    else:
        verdict, sub, status = "TOTAL_PASSED", None, "passed"
    order = {"none": 0, "allowed": 1, "suspicious": 2, "disallowed": 3, "n/a": -1}
    mods = [r.modification for r in reports]
    modification = max(mods, key=lambda m: order.get(m, -1)) if mods else "n/a"
    return VerificationReport(
        file=name, verdict=verdict, sub_indication=sub, status=status,
        signatures=tuple(reports), messages=tuple(messages), modification=modification,
        trust_profile=trust.name, policy=policy.algorithms.name, validated_at=now,
    )


def _non_der_certificate(certificate: Any) -> str | None:
    """Why the certificate's serial number is not a DER INTEGER, or ``None``.

    The SignerInfo names its certificate by issuer and serial number; a serial with padding
    bytes (X.690 §8.3.2 forbids them) makes that match ambiguous, and EU DSS builds no
    signature from such a file. Other well-known deviations (NULL parameters in an ECDSA
    AlgorithmIdentifier, for instance) stay tolerated: they are common and harmless.
    """
    try:
        octets = bytes(certificate["tbs_certificate"]["serial_number"].contents)
    except Exception:  # asn1crypto could not even find the field
        return "unreadable serial number"
    if len(octets) > 1 and (
        (octets[0] == 0x00 and octets[1] < 0x80) or (octets[0] == 0xFF and octets[1] >= 0x80)
    ):
        return "serial number INTEGER with padding bytes"
    return None
