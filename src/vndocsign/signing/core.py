"""``sign_pdf`` / ``sign_file``: one PAdES signature, of one Decree 30 role, as an increment.

The pipeline (every failure becomes a typed :class:`~vndocsign.errors.SigningError` before any
output exists; the input is never modified):

1. open the PDF for an incremental update; refuse encrypted files and files certified with
   "no changes allowed" (:class:`DocumentRefusedError`);
2. pre-signing checks of the signer's certificate and role sanity
   (:mod:`vndocsign.signing.checks`);
3. resolve the box (explicit :class:`Box`, a placement result, ``"auto"`` through
   :mod:`vndocsign.placement`, or the top-right default of attachment/copy stamps) and check it
   lies on the page;
4. build the appearance (:mod:`vndocsign.signing.appearance`) with the signing time that goes
   into the CMS, in +07:00;
5. sign with pyHanko (PAdES, SHA-256) at the requested :class:`Level`, with a generous fixed
   ``bytes_reserved`` sized for the chain, the timestamp token and margin (pyHanko #515), and
   one retry with a doubled reservation if the container still does not fit.

B-LT and B-LTA put the validation material (certificates, OCSP responses, CRLs) into the
document security store (DSS) after signing; B-LTA adds a document timestamp on top.
"""

from __future__ import annotations

import contextlib
import enum
import io
import os
import re
import tempfile
import warnings
from collections.abc import Callable, Sequence
from datetime import datetime
from pathlib import Path
from typing import IO, Any

import attrs
from asn1crypto import x509 as asn1_x509

from vndocsign.errors import PlacementError, SigningError, VndocsignError
from vndocsign.signing.appearance import Appearance, Role, natural_size, plan_stamp, stamp_style
from vndocsign.signing.checks import (
    CertificateCheck,
    SigningPolicy,
    check_role,
    check_signer_certificate,
    requests_backend,
    run_sync,
)
from vndocsign.signing.errors import (
    AppearanceError,
    DocumentRefusedError,
    TimestampError,
)
from vndocsign.signing.keys import SignerKey

__all__ = [
    "Box",
    "DocMdp",
    "Level",
    "SignOutcome",
    "sign_file",
    "sign_pdf",
]

MM = 72.0 / 25.4


class Level(enum.StrEnum):
    """PAdES baseline levels (ETSI EN 319 142-1)."""

    B_B = "B-B"
    B_T = "B-T"
    B_LT = "B-LT"
    B_LTA = "B-LTA"

    @property
    def needs_timestamp(self) -> bool:
        return self is not Level.B_B

    @classmethod
    def parse(cls, value: Level | str) -> Level:
        text = str(value).upper().replace("_", "-")
        if not text.startswith("B-"):
            text = "B-" + text
        try:
            return cls(text)
        except ValueError:
            raise SigningError(f"Unknown PAdES level {value!r} (B-B, B-T, B-LT, B-LTA)",
                               f"Mức PAdES {value!r} không hợp lệ (B-B, B-T, B-LT, B-LTA)",
                               level=str(value)) from None


class DocMdp(enum.IntEnum):
    """DocMDP permission of a *certification* signature (ISO 32000 12.8.2.2)."""

    NO_CHANGES = 1
    FILL_FORMS = 2
    ANNOTATE = 3


_BOX_RE = re.compile(
    r"^\s*(-?[\d.]+)\s*,\s*(-?[\d.]+)\s*,\s*(-?[\d.]+)\s*,\s*(-?[\d.]+)\s*(?:@\s*(\d+))?\s*$")


@attrs.frozen
class Box:
    """An explicit signature rectangle in PDF user space (points); ``page`` is 0-based."""

    rect: tuple[float, float, float, float]
    page: int = 0

    @classmethod
    def parse(cls, text: str) -> Box:
        """``"x0,y0,x1,y1@page"`` with a **1-based** page (``@1`` = first page, the default)."""
        match = _BOX_RE.match(text)
        if match is None:
            raise PlacementError(
                f"Bad box {text!r}: expected x0,y0,x1,y1@page (points, page from 1)",
                f"Ô ký {text!r} không hợp lệ: cần x0,y0,x1,y1@trang (điểm, trang từ 1)",
                box=text)
        x0, y0, x1, y1 = (float(match.group(i)) for i in range(1, 5))
        page = int(match.group(5) or 1)
        if page < 1:
            raise PlacementError("Pages are numbered from 1", "Số trang bắt đầu từ 1", box=text)
        return cls(rect=(min(x0, x1), min(y0, y1), max(x0, x1), max(y0, y1)), page=page - 1)


class InvalidPlacementError(AppearanceError, PlacementError):
    """The box does not fit on the page (both a signing and a placement error)."""

    code = "signing.placement"


@attrs.frozen
class SignOutcome:
    """What :func:`sign_file` did (``sign_pdf`` returns the bytes only)."""

    field_name: str
    role: str
    level: str
    page: int | None
    rect: tuple[float, float, float, float] | None
    signed_at: datetime
    certificate: CertificateCheck
    warnings: tuple[str, ...] = ()

    def to_dict(self) -> dict[str, Any]:
        return {
            "field": self.field_name, "role": self.role, "level": self.level,
            "page": None if self.page is None else self.page + 1,
            "rect": None if self.rect is None else [round(v, 2) for v in self.rect],
            "signed_at": self.signed_at.isoformat(timespec="seconds"),
            "signer": self.certificate.subject, "certificate_kind": self.certificate.kind.value,
            "revocation": self.certificate.revocation, "policy": self.certificate.policy,
            "warnings": list(self.warnings),
        }


# --------------------------------------------------------------------------------------------
# helpers


def _now_vn() -> datetime:
    from vndocsign.model.dates import now_vn

    return now_vn().replace(microsecond=0)


def _open_writer(stream: IO[bytes]) -> Any:
    from pyhanko.pdf_utils.incremental_writer import IncrementalPdfFileWriter
    from pyhanko.pdf_utils.misc import PdfError as HankoPdfError

    try:
        writer = IncrementalPdfFileWriter(stream, strict=True)
        if writer.prev.xrefs.hybrid_xrefs_present:
            # Word/LibreOffice "hybrid" files: pyHanko refuses them in strict mode (#370).
            # We only append an increment, so lenient parsing is acceptable for *signing*.
            stream.seek(0)
            writer = IncrementalPdfFileWriter(stream, strict=False)
    except HankoPdfError as exc:
        raise DocumentRefusedError(
            f"The file is not a readable PDF: {exc}", f"Tệp không phải PDF đọc được: {exc}"
        ) from None
    except Exception as exc:
        raise DocumentRefusedError(
            f"The file is not a readable PDF ({type(exc).__name__})",
            f"Tệp không phải PDF đọc được ({type(exc).__name__})") from None
    if writer.prev.encrypted or writer.security_handler is not None:
        raise DocumentRefusedError(
            "The PDF is encrypted; decrypt it before signing",
            "Tệp PDF đã bị mã hóa; cần giải mã trước khi ký")
    return writer


def _check_certification(writer: Any) -> None:
    from pyhanko.sign.fields import MDPPerm
    from pyhanko.sign.validation import read_certification_data

    try:
        data = read_certification_data(writer.prev)
    except Exception:
        return
    if data is not None and data.permission == MDPPerm.NO_CHANGES:
        raise DocumentRefusedError(
            "The PDF is certified with 'no changes allowed'; another signature would break it",
            "Tệp PDF đã được chứng nhận 'không cho phép thay đổi'; ký thêm sẽ làm mất hiệu lực",
        )


def _page_box(writer: Any, page: int) -> tuple[float, float, float, float]:
    """The visible area (CropBox, else MediaBox, inherited) of a 0-based page."""
    try:
        count = int(writer.root["/Pages"]["/Count"])
    except Exception:
        count = None
    if count is not None and not 0 <= page < count:
        raise InvalidPlacementError(
            f"Page {page + 1} does not exist (the document has {count})",
            f"Không có trang {page + 1} (tài liệu có {count} trang)", page=page + 1)
    try:
        node = writer.find_page_for_modification(page)[0].get_object()
    except Exception:
        raise InvalidPlacementError(f"Page {page + 1} does not exist",
                                f"Không có trang {page + 1}", page=page + 1) from None
    box = None
    while node is not None and box is None:
        for key in ("/CropBox", "/MediaBox"):
            if key in node:
                box = node[key]
                break
        parent = node.get("/Parent")
        node = parent.get_object() if parent is not None else None
    if box is None:
        return (0.0, 0.0, 595.28, 841.89)
    x0, y0, x1, y1 = (float(v) for v in box)
    return (min(x0, x1), min(y0, y1), max(x0, x1), max(y0, y1))


def _page_rotation(writer: Any, page: int) -> int:
    """The page's (inheritable) /Rotate, normalised to 0/90/180/270."""
    try:
        node = writer.find_page_for_modification(page)[0].get_object()
    except Exception:
        return 0
    while node is not None:
        if "/Rotate" in node:
            return int(node["/Rotate"]) % 360
        parent = node.get("/Parent")
        node = parent.get_object() if parent is not None else None
    return 0


def _display_to_user(rect: tuple[float, float, float, float],
                     page_rect: tuple[float, float, float, float],
                     rotate: int) -> tuple[float, float, float, float]:
    """Map a rectangle from the upright display frame of a page shown with ``/Rotate``
    (origin bottom-left of what the reader sees) into PDF user space."""
    x0, y0, x1, y1 = page_rect

    def point(dx: float, dy: float) -> tuple[float, float]:
        if rotate == 90:
            return (x1 - dy, y0 + dx)
        if rotate == 180:
            return (x1 - dx, y1 - dy)
        if rotate == 270:
            return (x0 + dy, y1 - dx)
        return (x0 + dx, y0 + dy)

    a = point(rect[0], rect[1])
    b = point(rect[2], rect[3])
    return (min(a[0], b[0]), min(a[1], b[1]), max(a[0], b[0]), max(a[1], b[1]))


def _check_on_page(rect: tuple[float, float, float, float],
                   page_rect: tuple[float, float, float, float], page: int) -> None:
    x0, y0, x1, y1 = rect
    px0, py0, px1, py1 = page_rect
    tol = 0.5
    if x1 - x0 <= 0 or y1 - y0 <= 0:
        raise InvalidPlacementError("The signature box is empty", "Ô chữ ký có kích thước bằng 0",
                                rect=list(rect))
    if x0 < px0 - tol or y0 < py0 - tol or x1 > px1 + tol or y1 > py1 + tol:
        raise InvalidPlacementError(
            f"The signature box {[round(v, 1) for v in rect]} lies outside page {page + 1} "
            f"{[round(v, 1) for v in page_rect]}",
            f"Ô chữ ký {[round(v, 1) for v in rect]} nằm ngoài trang {page + 1}",
            rect=list(rect), page=page + 1, page_box=list(page_rect))


def _auto_placement(pdf_bytes: bytes, role: str
                    ) -> tuple[int, tuple[float, float, float, float], int | None]:
    try:
        from vndocsign import placement as placement_mod
    except ImportError:
        placement_mod = None  # type: ignore[assignment]
    finder: Callable[..., Any] | None = getattr(placement_mod, "find_placement", None)
    if finder is None:
        raise PlacementError(
            "Automatic placement is not available (vndocsign.placement.find_placement); "
            "pass an explicit box x0,y0,x1,y1@page",
            "Chưa có chức năng tự xác định vị trí; hãy chỉ rõ ô ký x0,y0,x1,y1@trang",
            role=role)
    placement_role = "seal" if role == Role.AGENCY else role
    found = finder(pdf_bytes, placement_role)
    rect = tuple(float(v) for v in found.rect)
    rotation = getattr(found, "rotation", None)
    return int(found.page), rect, None if rotation is None else int(rotation)  # type: ignore[return-value]


def _default_stamp_box(plan_size: tuple[float, float],
                       page_rect: tuple[float, float, float, float],
                       rotate: int = 0) -> tuple[float, float, float, float]:
    """Top right of the page *as the reader sees it*, for attachment/copy stamps: 15 mm from
    the right edge (the right margin of Phụ lục I) and 10 mm from the top (inside the top
    margin); mapped back to user space on rotated pages."""
    w, h = plan_size
    px0, py0, px1, py1 = page_rect
    dw, dh = (py1 - py0, px1 - px0) if rotate in (90, 270) else (px1 - px0, py1 - py0)
    x1 = dw - 15 * MM
    y1 = dh - 10 * MM
    display = (max(0.0, x1 - w), max(0.0, y1 - h), x1, y1)
    return _display_to_user(display, page_rect, rotate)


def _existing_field_names(writer: Any) -> set[str]:
    try:
        from pyhanko.sign.fields import enumerate_sig_fields

        return {name for name, _v, _r in enumerate_sig_fields(writer.prev,
                                                               filled_status=None)}
    except Exception:
        return set()


def _all_field_names(writer: Any) -> set[str]:
    """Terminal form-field names of the document (fully qualified)."""
    names: set[str] = set()

    def walk(refs: Any, prefix: str) -> None:
        for ref in refs:
            obj = ref.get_object()
            partial = obj.get("/T")
            full = f"{prefix}.{partial}" if prefix and partial else str(partial or prefix)
            if "/Kids" in obj and any("/T" in k.get_object() for k in obj["/Kids"]):
                walk(obj["/Kids"], full)
            elif full:
                names.add(full)

    with contextlib.suppress(KeyError):
        walk(writer.root["/AcroForm"]["/Fields"], "")
    return names


def _reserve_bytes(signer: SignerKey, level: Level, extra: int = 0) -> int:
    """Size of the /Contents placeholder in *hex digits* (pyHanko's ``bytes_reserved``).

    Fixed and generous, so that pyHanko never signs twice to estimate (≈2× the time) and a
    timestamp token never overflows it (pyHanko #515): the chain, the signature value, 4 KiB
    of attributes and slack, and 12 KiB for a TSA token with its own certificates.
    """
    certs = len(signer.certificate.dump()) + sum(len(c.dump()) for c in signer.chain)
    key_bytes = max(512, signer.certificate.public_key.bit_size // 8 * 2)
    raw = int(4096 + 2 * certs + key_bytes + extra)
    if level.needs_timestamp:
        raw += 12288
    return 2 * raw


def _make_timestamper(level: Level, tsa_url: str | None, timestamper: Any) -> Any:
    if not level.needs_timestamp:
        return None
    if timestamper is not None:
        return timestamper
    if not tsa_url:
        raise TimestampError(
            f"PAdES {level.value} needs a time-stamping authority: pass tsa_url",
            f"Mức PAdES {level.value} cần dịch vụ cấp dấu thời gian: hãy chỉ tsa_url",
            level=level.value)
    from pyhanko.sign.timestamps import HTTPTimeStamper

    return HTTPTimeStamper(tsa_url, timeout=30)


def _validation_context(level: Level, policy: SigningPolicy, signer: SignerKey,
                        trust_roots: Sequence[asn1_x509.Certificate] | None,
                        validation_context: Any) -> Any:
    if validation_context is not None or level not in (Level.B_LT, Level.B_LTA):
        return validation_context
    from pyhanko_certvalidator import ValidationContext

    roots = list(trust_roots) if trust_roots is not None else [
        c for c in signer.chain if c.self_signed in ("maybe", "yes")]
    if not roots:
        raise SigningError(
            "PAdES B-LT/B-LTA needs the trust root: pass trust_roots or a validation_context",
            "Mức B-LT/B-LTA cần chứng thư gốc tin cậy: hãy chỉ trust_roots",
            level=level.value)
    return ValidationContext(trust_roots=roots, other_certs=list(signer.chain),
                             allow_fetching=True, revocation_mode="soft-fail",
                             fetcher_backend=requests_backend(),
                             algorithm_usage_policy=policy.algorithm_usage_policy())


async def _pipeline(pdf_signer: Any, writer: Any, signed_at: datetime, bytes_reserved: int,
                    output: IO[bytes] | None) -> Any:
    from pyhanko.sign.signers.pdf_cms import PdfCMSSignedAttributes

    session = pdf_signer.init_signing_session(writer)
    session.system_time = signed_at
    validation_info = await session.perform_presign_validation(writer)
    tbs = session.prepare_tbs_document(validation_info=validation_info,
                                       bytes_reserved=bytes_reserved)
    prepared, res_output = tbs.digest_tbs_document(output=output)
    post = await tbs.perform_signature(
        document_digest=prepared.document_digest,
        pdf_cms_signed_attrs=PdfCMSSignedAttributes(
            signing_time=signed_at,
            adobe_revinfo_attr=(None if validation_info is None
                                else validation_info.adobe_revinfo_attr),
            cades_signed_attrs=pdf_signer.signature_meta.cades_signed_attr_spec,
        ),
    )
    await post.post_signature_processing(res_output)
    return res_output


def _translate(exc: BaseException, level: Level) -> VndocsignError:
    text = str(exc)
    name = type(exc).__name__
    low = text.lower()
    if isinstance(exc, VndocsignError):
        return exc
    from pyhanko.pdf_utils.misc import PdfError as HankoPdfError

    if isinstance(exc, HankoPdfError | UnicodeDecodeError | RecursionError):
        return DocumentRefusedError(f"The PDF is damaged ({name}: {text[:200]})",
                                    f"Tệp PDF bị hỏng ({name})")
    if "timestamp" in low or "tsa" in low or name in {"TimestampRequestError"}:
        return TimestampError(f"The time-stamping authority failed: {text}",
                              f"Dịch vụ cấp dấu thời gian lỗi: {text}", level=level.value)
    if "revoked" in low:
        from vndocsign.signing.errors import CertificateRejectedError

        return CertificateRejectedError(f"The certificate is revoked: {text}",
                                        "Chứng thư số đã bị thu hồi")
    if "docmdp" in low or ("certif" in low and "change" in low):
        return DocumentRefusedError(f"The document does not allow another signature: {text}",
                                    "Tài liệu không cho phép ký thêm")
    return SigningError(f"Signing failed ({name}): {text}", f"Ký số thất bại ({name}): {text}")


# --------------------------------------------------------------------------------------------
# public API


def _read_source(pdf: bytes | bytearray | str | os.PathLike[str] | IO[bytes]) -> IO[bytes]:
    if isinstance(pdf, bytes | bytearray):
        return io.BytesIO(bytes(pdf))
    if isinstance(pdf, str | os.PathLike):
        try:
            return open(pdf, "rb")
        except OSError as exc:
            raise DocumentRefusedError(f"Cannot read {pdf}: {exc.strerror}",
                                       f"Không đọc được tệp {pdf}: {exc.strerror}") from None
    return pdf


def sign_pdf(
    pdf: bytes | bytearray | str | os.PathLike[str] | IO[bytes],
    signer: SignerKey,
    *,
    role: Role | str,
    placement: Box | str | Any | None = None,
    appearance: Appearance | None = None,
    level: Level | str = Level.B_B,
    tsa_url: str | None = None,
    timestamper: Any = None,
    policy: SigningPolicy | None = None,
    trust_roots: Sequence[asn1_x509.Certificate] | None = None,
    validation_context: Any = None,
    field_name: str | None = None,
    certify: DocMdp | None = None,
    lock_fields_except: Sequence[str] | None = None,
    reason: str | None = None,
    location: str | None = None,
    signed_at: datetime | None = None,
    before_sign: Callable[[Any], None] | None = None,
    output: IO[bytes] | None = None,
    report: list[SignOutcome] | None = None,
) -> bytes:
    """Sign ``pdf`` as ``role`` and return the signed document (an incremental update).

    ``placement``: a :class:`Box`, a ``"x0,y0,x1,y1@page"`` string (page from 1), a placement
    result with ``.page`` (0-based) and ``.rect``, ``"auto"`` (uses :mod:`vndocsign.placement`)
    or ``None`` (attachment/copy: top right of page 1; other roles: ``"auto"``).
    ``appearance``: see :class:`Appearance`; ``Appearance(invisible=True)`` for none.
    ``level``: ``"B-B"`` (default), ``"B-T"``, ``"B-LT"``, ``"B-LTA"``; B-T and above need
    ``tsa_url`` (or a pyHanko ``timestamper``); B-LT and above fetch OCSP/CRL for the DSS and
    need the trust root (``trust_roots``, a ``validation_context``, or a root in the chain).
    ``certify``: make this a certification signature with that DocMDP permission.
    ``lock_fields_except``: FieldMDP lock of every form field except those named (used by the
    issue workflow so that "Số" and the date can still be filled in).
    ``policy``: pre-signing gate (:class:`SigningPolicy`); ``strict_role`` turns the role
    warning into an error. ``output``: write there (seekable, readable) instead of returning.
    """
    lvl = Level.parse(level)
    role_value = Role(str(role)) if str(role) in {r.value for r in Role} else None
    if role_value is None:
        raise SigningError(f"Unknown role {role!r} ({', '.join(r.value for r in Role)})",
                           f"Vai trò {role!r} không hợp lệ", role=str(role))
    policy = policy or SigningPolicy()
    appearance = appearance or Appearance()
    stream = _read_source(pdf)
    close_stream = not isinstance(pdf, bytes | bytearray) and isinstance(pdf, str | os.PathLike)
    try:
        signed: bytes = _sign_stream(
            stream, signer, role_value, placement, appearance, lvl, tsa_url, timestamper,
            policy, trust_roots, validation_context, field_name, certify, lock_fields_except,
            reason, location, signed_at, before_sign, output, report)
    finally:
        if close_stream:
            stream.close()
    return signed


def _sign_stream(stream: IO[bytes], signer: SignerKey, role: Role, placement: Any,
                 appearance: Appearance, level: Level, tsa_url: str | None, timestamper: Any,
                 policy: SigningPolicy, trust_roots: Sequence[asn1_x509.Certificate] | None,
                 validation_context: Any, field_name: str | None, certify: DocMdp | None,
                 lock_fields_except: Sequence[str] | None, reason: str | None,
                 location: str | None, signed_at: datetime | None,
                 before_sign: Callable[[Any], None] | None, output: IO[bytes] | None,
                 report: list[SignOutcome] | None,
                 prepare_hook: Callable[..., Any] | None = None) -> Any:
    from pyhanko.sign import fields, signers
    from pyhanko.sign.fields import FieldMDPAction, FieldMDPSpec, MDPPerm, SigFieldSpec

    notes: list[str] = []
    # 1. the document
    writer = _open_writer(stream)
    _check_certification(writer)

    # 2. the certificate and the role
    check = check_signer_certificate(signer.certificate, signer.chain, policy=policy,
                                     trust_roots=trust_roots)
    notes.extend(check.warnings)
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        check_role(signer.certificate, role.value, strict=policy.strict_role)
    for caught_warning in caught:
        notes.append(str(caught_warning.message))
        warnings.warn(caught_warning.message, caught_warning.category, stacklevel=3)

    timestamper_obj = _make_timestamper(level, tsa_url, timestamper)
    vc = _validation_context(level, policy, signer, trust_roots, validation_context)

    # 3. the time and the appearance
    moment = (signed_at or _now_vn()).replace(microsecond=0)
    if moment.tzinfo is None:
        from vndocsign.model.dates import to_vn

        moment = to_vn(moment)
    organization = str(signer.certificate.subject.native.get("organization_name", "") or "")
    plan = None
    if not appearance.invisible:
        plan = plan_stamp(role.value, appearance, signer=signer.common_name,
                          organization=organization, signed_at=moment)

    # 4. the box
    page: int | None = None
    rect: tuple[float, float, float, float] | None = None
    appearance_rotation = 0
    if plan is not None:
        if isinstance(placement, str) and placement.strip().lower() != "auto":
            placement = Box.parse(placement)
        rotation: int | None = None
        if placement is None and role in (Role.ATTACHMENT, Role.COPY):
            page = 0
            rotation = _page_rotation(writer, 0)
            rect = _default_stamp_box(natural_size(plan), _page_box(writer, 0), rotation)
        elif placement is None or (isinstance(placement, str)):
            stream.seek(0)
            page, rect, rotation = _auto_placement(stream.read(), role.value)
        else:
            page = int(placement.page)
            rect = tuple(float(v) for v in placement.rect)  # type: ignore[assignment]
            rotation = getattr(placement, "rotation", None)
        assert rect is not None and page is not None
        if rotation is None:
            rotation = _page_rotation(writer, page)
        appearance_rotation = int(rotation) % 360
        if role == Role.AGENCY and plan.image_size_pt is not None:
            # the seal at its real size, centred on the box the caller/placement gave
            cx, cy = (rect[0] + rect[2]) / 2, (rect[1] + rect[3]) / 2
            w, h = plan.image_size_pt
            if appearance_rotation in (90, 270):
                w, h = h, w
            rect = (cx - w / 2, cy - h / 2, cx + w / 2, cy + h / 2)
        _check_on_page(rect, _page_box(writer, page), page)

    # 5. the field and the signature
    existing = _existing_field_names(writer)
    name = field_name or _fresh_name(role.value, existing)
    spec_kwargs: dict[str, Any] = {"sig_field_name": name}
    if rect is not None:
        spec_kwargs.update(on_page=page, box=rect)
    if lock_fields_except is not None:
        # Lock every field that exists now (and this signature's own field) except the named
        # ones. /Action /Include rather than /Exclude: an Exclude lock would also freeze
        # fields created later, such as the agency's signature field.
        keep_open = set(lock_fields_except)
        locked = sorted((_all_field_names(writer) - keep_open) | {name})
        spec_kwargs["field_mdp_spec"] = FieldMDPSpec(FieldMDPAction.INCLUDE, fields=locked)
        # no /P in the lock: pyHanko (like Acrobat) treats /Lock /P as a certification and
        # would then refuse the seal's *new* visible signature field
    new_field_spec = SigFieldSpec(**spec_kwargs) if name not in existing else None
    meta = signers.PdfSignatureMetadata(
        field_name=name, md_algorithm="sha256", subfilter=fields.SigSeedSubFilter.PADES,
        embed_validation_info=level in (Level.B_LT, Level.B_LTA),
        use_pades_lta=level is Level.B_LTA, validation_context=vc,
        certify=certify is not None,
        docmdp_permissions=MDPPerm(int(certify)) if certify is not None else MDPPerm.FILL_FORMS,
        reason=reason, location=location,
    )
    pdf_signer = signers.PdfSigner(
        meta, signer=signer.signer, timestamper=timestamper_obj,
        stamp_style=stamp_style(plan, appearance_rotation) if plan is not None else None,
        new_field_spec=new_field_spec)
    if before_sign is not None:
        before_sign(writer)

    reserve = _reserve_bytes(signer, level)
    outcome = SignOutcome(field_name=name, role=role.value, level=level.value, page=page,
                          rect=rect, signed_at=moment, certificate=check, warnings=tuple(notes))
    if prepare_hook is not None:
        # remote signing: stop once the document is prepared (vndocsign.signing.remote)
        try:
            return prepare_hook(pdf_signer, writer, moment, reserve, outcome)
        except VndocsignError:
            raise
        except Exception as exc:
            raise _translate(exc, level) from None
    result: Any = None
    for attempt in range(2):
        try:
            result = run_sync(_pipeline(pdf_signer, writer, moment, reserve, output))
            break
        except VndocsignError:
            raise
        except Exception as exc:
            if attempt == 0 and "larger than expected" in str(exc).lower():
                # pyHanko #515: the container outgrew the reservation; start over, doubled
                stream.seek(0)
                writer = _open_writer(stream)
                if before_sign is not None:
                    before_sign(writer)
                if output is not None:
                    output.seek(0)
                    output.truncate()
                needed = re.search(r"required (\d+) bytes", str(exc))
                reserve = max(reserve * 2, int(needed.group(1)) + 8192 if needed else 0)
                reserve += reserve % 2
                continue
            raise _translate(exc, level) from None
    if report is not None:
        report.append(outcome)
    if output is not None:
        return b""
    return bytes(result.getvalue())


def _fresh_name(role: str, existing: set[str]) -> str:
    base = {"personal": "ChuKyCaNhan", "agency": "ChuKyCoQuan", "initial": "KyTat",
            "attachment": "ChuKyVanBanKemTheo", "copy": "ChuKyBanSao"}.get(role, "Signature")
    if base not in existing:
        return base
    i = 2
    while f"{base}{i}" in existing:
        i += 1
    return f"{base}{i}"


def sign_file(
    source: str | os.PathLike[str],
    destination: str | os.PathLike[str],
    signer: SignerKey,
    **kwargs: Any,
) -> SignOutcome:
    """Sign the file ``source`` into ``destination`` atomically, streaming (large files are
    never read whole into memory). ``destination`` may equal ``source``: the input is only
    replaced once the new file is complete. Keyword arguments as for :func:`sign_pdf`."""
    src = Path(source)
    dst = Path(destination)
    dst.parent.mkdir(parents=True, exist_ok=True)
    outcomes: list[SignOutcome] = []
    fd, tmp_name = tempfile.mkstemp(prefix=f".{dst.name}.", suffix=".part", dir=dst.parent)
    tmp = Path(tmp_name)
    try:
        with open(src, "rb") as inp, os.fdopen(fd, "w+b") as out:
            sign_pdf(inp, signer, output=out, report=outcomes, **kwargs)
            out.flush()
            os.fsync(out.fileno())
        os.replace(tmp, dst)
    except OSError as exc:
        tmp.unlink(missing_ok=True)
        raise DocumentRefusedError(f"Cannot read or write the file: {exc.strerror}",
                                   f"Không đọc/ghi được tệp: {exc.strerror}",
                                   file=str(exc.filename)) from None
    except BaseException:
        tmp.unlink(missing_ok=True)
        raise
    return outcomes[0]
