"""The three steps of one signature, public so that remote signing reuses them.

1. :func:`prepare_signature` — everything local: open the document, the pre-signing checks,
   the box and the appearance, the signature field with an empty ``/Contents`` placeholder,
   and the digest of the byte ranges (:class:`PreparedSignature`). It needs the signer's
   *certificate* only, not the private key.
2. :func:`sign_digest` — the CMS over that digest, made by a key source (PKCS#12, PKCS#11, or a
   remote service's answer), with the signature timestamp for B-T and above.
3. :func:`finish_signature` — embed the CMS into the placeholder, then add the validation
   material (DSS, B-LT) and the document timestamp (B-LTA).

:func:`~vndocsign.signing.sign_pdf` runs the three in a row; :func:`~vndocsign.signing.
prepare_remote` stops after step 1 and :func:`~vndocsign.signing.finish_remote` runs 2 and 3
with the remote service's signature.
"""

from __future__ import annotations

import os
import warnings
from collections.abc import Sequence
from datetime import datetime
from typing import IO, Any

import attrs
from asn1crypto import cms
from asn1crypto import x509 as asn1_x509

from vndocsign.errors import VndocsignError
from vndocsign.model import now_vn, to_vn
from vndocsign.pdf.geometry import BBox
from vndocsign.signing._appearance import plan_stamp, stamp_style
from vndocsign.signing._checks import (
    CertificateCheck,
    SigningPolicy,
    check_role,
    check_signer_certificate,
    requests_backend,
    run_sync,
)
from vndocsign.signing._document import (
    all_field_names,
    check_certification,
    existing_signature_fields,
    fresh_field_name,
    open_source,
    open_writer,
    resolve_box,
)
from vndocsign.signing._errors import InvalidOptionError, TimestampError
from vndocsign.signing._keys import SignerKey
from vndocsign.signing._options import Level, SigningOptions, SigningResult
from vndocsign.signing._translate import ReservationTooSmallError, translate

__all__ = [
    "PreparedSignature",
    "embed_signature",
    "finish_signature",
    "prepare_signature",
    "sign_digest",
]

DIGEST = "sha256"


@attrs.frozen
class PreparedSignature:
    """A document written up to its empty signature placeholder (step 1).

    ``output`` holds the prepared document; ``digest`` (pyHanko's ``PreparedByteRangeDigest``)
    says what to sign and where the CMS goes. ``result`` describes the signature to come.
    """

    output: IO[bytes] = attrs.field(eq=False)
    digest: Any = attrs.field(eq=False)
    signed_attr_settings: Any = attrs.field(eq=False)
    timestamper: Any = attrs.field(eq=False)
    post_sign: Any = attrs.field(eq=False)
    validation_context: Any = attrs.field(eq=False)
    reserved: int
    result: SigningResult

    @property
    def document_digest(self) -> bytes:
        return bytes(self.digest.document_digest)


def _signing_time(options: SigningOptions) -> datetime:
    moment = (options.signed_at or now_vn()).replace(microsecond=0)
    return to_vn(moment) if moment.tzinfo is None else moment


def reserve_bytes(signer: SignerKey, level: Level, extra: int = 0) -> int:
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


def make_timestamper(level: Level, tsa_url: str | None, timestamper: Any) -> Any:
    if not level.needs_timestamp:
        return None
    if timestamper is not None:
        return timestamper
    if not tsa_url:
        raise TimestampError(
            f"PAdES {level.value} needs a time-stamping authority: pass tsa_url",
            f"Mức PAdES {level.value} cần dịch vụ cấp dấu thời gian: hãy chỉ tsa_url",
            level=level.value,
        )
    from pyhanko.sign.timestamps import HTTPTimeStamper

    return HTTPTimeStamper(tsa_url, timeout=30)


def long_term_context(
    level: Level,
    policy: SigningPolicy,
    chain: Sequence[asn1_x509.Certificate],
    trust_roots: Sequence[asn1_x509.Certificate] | None,
    validation_context: Any,
) -> Any:
    """The validation context for B-LT/B-LTA material (``None`` below B-LT)."""
    if validation_context is not None or not level.long_term:
        return validation_context
    from pyhanko_certvalidator import ValidationContext

    roots = (
        list(trust_roots)
        if trust_roots is not None
        else [c for c in chain if c.self_signed in ("maybe", "yes")]
    )
    if not roots:
        raise InvalidOptionError(
            "PAdES B-LT/B-LTA needs the trust root: pass trust_roots or a validation_context",
            "Mức B-LT/B-LTA cần chứng thư gốc tin cậy: hãy chỉ trust_roots",
            level=level.value,
        )
    return ValidationContext(
        trust_roots=roots,
        other_certs=list(chain),
        allow_fetching=True,
        revocation_mode="soft-fail",
        fetcher_backend=requests_backend(),
        algorithm_usage_policy=policy.algorithm_usage_policy(),
    )


def _gate(key: SignerKey, options: SigningOptions) -> tuple[CertificateCheck, list[str]]:
    """The pre-signing checks; role warnings are both re-emitted and collected."""
    check = check_signer_certificate(
        key.certificate, key.chain, policy=options.policy, trust_roots=options.trust_roots
    )
    notes = list(check.warnings)
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        check_role(key.certificate, options.role, strict=options.policy.strict_role)
    for caught_warning in caught:
        notes.append(str(caught_warning.message))
        warnings.warn(caught_warning.message, caught_warning.category, stacklevel=4)
    return check, notes


def _field_spec(
    writer: Any,
    options: SigningOptions,
    name: str,
    existing: set[str],
    page: int | None,
    rect: BBox | None,
) -> Any:
    from pyhanko.sign.fields import FieldMDPAction, FieldMDPSpec, SigFieldSpec

    if name in existing:
        return None
    spec_kwargs: dict[str, Any] = {"sig_field_name": name}
    if rect is not None:
        spec_kwargs.update(on_page=page, box=rect)
    if options.lock_fields_except is not None:
        # Lock every field that exists now (and this signature's own field) except the named
        # ones. /Action /Include rather than /Exclude: an Exclude lock would also freeze
        # fields created later, such as the agency's signature field. No /P in the lock:
        # pyHanko (like Acrobat) treats /Lock /P as a certification and would then refuse the
        # seal's *new* visible signature field.
        locked = sorted((all_field_names(writer) - set(options.lock_fields_except)) | {name})
        spec_kwargs["field_mdp_spec"] = FieldMDPSpec(FieldMDPAction.INCLUDE, fields=locked)
    return SigFieldSpec(**spec_kwargs)


def _pdf_signer(
    key: SignerKey,
    options: SigningOptions,
    name: str,
    vc: Any,
    timestamper: Any,
    style: Any,
    field_spec: Any,
) -> Any:
    from pyhanko.sign import fields, signers
    from pyhanko.sign.fields import MDPPerm

    certify = options.certify
    meta = signers.PdfSignatureMetadata(
        field_name=name,
        md_algorithm=DIGEST,
        subfilter=fields.SigSeedSubFilter.PADES,
        embed_validation_info=options.level.long_term,
        use_pades_lta=options.level is Level.B_LTA,
        validation_context=vc,
        certify=certify is not None,
        docmdp_permissions=MDPPerm(int(certify)) if certify is not None else MDPPerm.FILL_FORMS,
        reason=options.reason,
        location=options.location,
    )
    return signers.PdfSigner(
        meta,
        signer=key.signer,
        timestamper=timestamper,
        stamp_style=style,
        new_field_spec=field_spec,
    )


async def _digest(
    pdf_signer: Any, writer: Any, moment: datetime, reserve: int, output: IO[bytes] | None
) -> tuple[Any, IO[bytes], Any, Any]:
    from pyhanko.sign.signers.pdf_cms import PdfCMSSignedAttributes

    session = pdf_signer.init_signing_session(writer)
    session.system_time = moment
    validation_info = await session.perform_presign_validation(writer)
    tbs = session.prepare_tbs_document(validation_info=validation_info, bytes_reserved=reserve)
    digest, out = tbs.digest_tbs_document(output=output)
    attrs_settings = PdfCMSSignedAttributes(
        signing_time=moment,
        adobe_revinfo_attr=None if validation_info is None else validation_info.adobe_revinfo_attr,
        cades_signed_attrs=pdf_signer.signature_meta.cades_signed_attr_spec,
    )
    return digest, out, attrs_settings, tbs.post_sign_instructions


def prepare_signature(
    pdf: bytes | bytearray | str | os.PathLike[str] | IO[bytes],
    key: SignerKey,
    options: SigningOptions,
    *,
    output: IO[bytes] | None = None,
    reserve: int | None = None,
) -> PreparedSignature:
    """Step 1: the document up to its empty signature placeholder, and the digest to sign.

    ``pdf``: the input PDF (bytes, path or seekable stream); ``key``: the signer's
    certificate and chain (its private key is not used here); ``output``: where the prepared
    document is written (default: memory). Raises a typed :class:`~vndocsign.errors.SigningError`.
    """
    stream = open_source(pdf)
    try:
        return _prepare(stream, key, options, output, reserve)
    except (VndocsignError, Warning):  # a warning turned into an error by the caller's filter
        raise
    except Exception as exc:  # pyHanko while building the field, the widget or the hook
        raise translate(exc, options.level) from None
    finally:
        if isinstance(pdf, str | os.PathLike):
            stream.close()


def _prepare(
    stream: IO[bytes],
    key: SignerKey,
    options: SigningOptions,
    output: IO[bytes] | None,
    reserve: int | None,
) -> PreparedSignature:
    level = options.level
    writer = open_writer(stream)
    check_certification(writer)
    check, notes = _gate(key, options)
    timestamper = make_timestamper(level, options.tsa_url, options.timestamper)
    vc = long_term_context(
        level, options.policy, key.chain, options.trust_roots, options.validation_context
    )
    moment = _signing_time(options)
    organization = str(key.certificate.subject.native.get("organization_name", "") or "")
    page: int | None = None
    rect: BBox | None = None
    style = None
    if not options.appearance.invisible:
        plan = plan_stamp(
            options.role.value,
            options.appearance,
            signer=key.common_name,
            organization=organization,
            signed_at=moment,
        )
        page, rect, turn = resolve_box(writer, stream, options.role, options.placement, plan)
        style = stamp_style(plan, turn)
    existing = existing_signature_fields(writer)
    name = options.field_name or fresh_field_name(options.role, existing)
    pdf_signer = _pdf_signer(
        key,
        options,
        name,
        vc,
        timestamper,
        style,
        _field_spec(writer, options, name, existing, page, rect),
    )
    if options.before_sign is not None:
        options.before_sign(writer)
    reserved = reserve or reserve_bytes(key, level)
    try:
        digest, out, attr_settings, post_sign = run_sync(
            _digest(pdf_signer, writer, moment, reserved, output)
        )
    except Exception as exc:
        raise translate(exc, level) from None
    result = SigningResult(
        field_name=name,
        role=options.role,
        level=level,
        page=page,
        box=rect,
        signed_at=moment,
        certificate=check,
        warnings=tuple(notes),
    )
    return PreparedSignature(
        output=out,
        digest=digest,
        signed_attr_settings=attr_settings,
        timestamper=timestamper,
        post_sign=post_sign,
        validation_context=vc,
        reserved=reserved,
        result=result,
    )


def sign_digest(prepared: PreparedSignature, key: SignerKey) -> cms.ContentInfo:
    """Step 2: the CMS (PAdES signed attributes, signature, and for B-T+ the signature
    timestamp) over the prepared document's digest, made with ``key``."""
    try:
        content: cms.ContentInfo = run_sync(
            key.signer.async_sign(
                prepared.document_digest,
                DIGEST,
                use_pades=True,
                timestamper=prepared.timestamper,
                signed_attr_settings=prepared.signed_attr_settings,
            )
        )
    except VndocsignError:
        raise
    except Exception as exc:
        raise translate(exc, prepared.result.level) from None
    return content


def embed_signature(
    output: IO[bytes],
    digest: Any,
    content: cms.ContentInfo,
    post_sign: Any = None,
    validation_context: Any = None,
) -> None:
    """Write ``content`` into the placeholder of the prepared document in ``output``, then run
    pyHanko's post-signature instructions (DSS, document timestamp) when there are any."""
    from pyhanko.sign.signers.pdf_signer import PdfTBSDocument

    needed = 2 * len(content.dump())
    room = digest.reserved_region_end - digest.reserved_region_start - 2
    if needed > room:
        raise ReservationTooSmallError(needed)
    post = PdfTBSDocument.resume_signing(
        output, digest, content, post_sign_instr=post_sign, validation_context=validation_context
    )
    if post_sign is not None:
        run_sync(post.post_signature_processing(output))


def finish_signature(prepared: PreparedSignature, content: cms.ContentInfo) -> SigningResult:
    """Step 3: embed the CMS, add B-LT/B-LTA material; the result carries the bytes when the
    document was prepared in memory."""
    try:
        embed_signature(
            prepared.output,
            prepared.digest,
            content,
            prepared.post_sign,
            prepared.validation_context,
        )
    except VndocsignError:
        raise
    except Exception as exc:
        raise translate(exc, prepared.result.level) from None
    import io

    if isinstance(prepared.output, io.BytesIO):
        return attrs.evolve(prepared.result, pdf=prepared.output.getvalue())
    return prepared.result
