"""Remote "sign the hash" signing: prepare here, sign elsewhere, finish later (any process).

Vietnamese public CAs sign remotely (VNPT SmartCA, Viettel MySign, CSC-style APIs): the
service never sees the document, only a digest, and answers — possibly minutes later, after
the holder approves on a phone — with a raw signature or a whole CMS. The protocol:

1. :func:`prepare_remote` (needs only the signer's *certificate*, from the service's
   "get certificate" call): runs step 1 of local signing,
   :func:`~vndocsign.signing.prepare_signature` (pre-signing checks, role sanity, placement,
   appearance, the document with an empty signature container), computes the CMS signed
   attributes and returns a :class:`PendingSignature`. It is plain data:
   :meth:`PendingSignature.to_json` / :meth:`PendingSignature.from_json` carry it to another
   process or a database.
2. Send :attr:`PendingSignature.digest_to_sign` (the hash of the DER signed attributes, what
   "sign hash" APIs expect) — or :attr:`PendingSignature.data_to_sign` for APIs that hash
   themselves — to the service.
3. :func:`finish_remote` with the raw ``signature`` (checked against the certificate's public
   key before anything is written) or a ``cms`` (checked to be by that certificate over this
   document), adds the RFC 3161 timestamp (B-T and above), and finishes as local signing does
   (:func:`~vndocsign.signing.embed_signature`), then adds the DSS (B-LT) and the document
   timestamp (B-LTA) — validated again in the finishing process, which may be another one.
"""

from __future__ import annotations

import base64
import io
import json
import os
from collections.abc import Sequence
from typing import IO, Any

import attrs
from asn1crypto import cms
from asn1crypto import x509 as asn1_x509

from vndocsign.signing._checks import SigningPolicy, run_sync
from vndocsign.signing._errors import InvalidOptionError, RemoteSigningError, TimestampError
from vndocsign.signing._keys import SignerKey
from vndocsign.signing._options import Level, SigningOptions, signing_options
from vndocsign.signing._steps import (
    DIGEST,
    embed_signature,
    long_term_context,
    make_timestamper,
    prepare_signature,
)

__all__ = ["PendingSignature", "finish_remote", "prepare_remote"]

_FORMAT = "vndocsign.pending-signature/1"


def _b64(data: bytes) -> str:
    return base64.b64encode(data).decode("ascii")


@attrs.frozen
class PendingSignature:
    """A prepared document waiting for its remote signature (JSON-serialisable)."""

    prepared_pdf: bytes
    document_digest: bytes
    reserved_start: int
    reserved_end: int
    digest_algorithm: str
    signed_attributes: bytes
    signer_certificate: bytes
    chain: tuple[bytes, ...]
    level: str
    tsa_url: str | None
    field_name: str
    signed_at: str

    @property
    def data_to_sign(self) -> bytes:
        """The DER-encoded signed attributes (for services that hash themselves)."""
        return self.signed_attributes

    @property
    def digest_to_sign(self) -> bytes:
        """``digest_algorithm`` hash of :attr:`data_to_sign` (for "sign hash" services)."""
        import hashlib

        return hashlib.new(self.digest_algorithm, self.signed_attributes).digest()

    def to_json(self) -> str:
        return json.dumps(
            {
                "format": _FORMAT,
                "prepared_pdf": _b64(self.prepared_pdf),
                "document_digest": _b64(self.document_digest),
                "reserved_start": self.reserved_start,
                "reserved_end": self.reserved_end,
                "digest_algorithm": self.digest_algorithm,
                "signed_attributes": _b64(self.signed_attributes),
                "signer_certificate": _b64(self.signer_certificate),
                "chain": [_b64(c) for c in self.chain],
                "level": self.level,
                "tsa_url": self.tsa_url,
                "field_name": self.field_name,
                "signed_at": self.signed_at,
            }
        )

    @classmethod
    def from_json(cls, text: str | bytes) -> PendingSignature:
        try:
            data = json.loads(text)
            if data.get("format") != _FORMAT:
                raise ValueError("format")
            return cls(
                prepared_pdf=base64.b64decode(data["prepared_pdf"]),
                document_digest=base64.b64decode(data["document_digest"]),
                reserved_start=int(data["reserved_start"]),
                reserved_end=int(data["reserved_end"]),
                digest_algorithm=str(data["digest_algorithm"]),
                signed_attributes=base64.b64decode(data["signed_attributes"]),
                signer_certificate=base64.b64decode(data["signer_certificate"]),
                chain=tuple(base64.b64decode(c) for c in data["chain"]),
                level=str(data["level"]),
                tsa_url=data.get("tsa_url"),
                field_name=str(data["field_name"]),
                signed_at=str(data["signed_at"]),
            )
        except Exception:
            raise RemoteSigningError(
                "Not a pending-signature document", "Không phải dữ liệu chữ ký đang chờ"
            ) from None


def _external_key(
    certificate: asn1_x509.Certificate,
    chain: Sequence[asn1_x509.Certificate],
    signature: bytes | None,
) -> SignerKey:
    from pyhanko.sign.signers.pdf_cms import ExternalSigner
    from pyhanko_certvalidator import registry

    store_cls: Any = registry.SimpleCertificateStore
    store = store_cls()
    store.register_multiple([c for c in chain if c.dump() != certificate.dump()])
    size = max(256, certificate.public_key.bit_size // 8 + 16)
    signer = ExternalSigner(certificate, store, signature_value=signature or bytes(size))
    return SignerKey(signer=signer, certificate=certificate, chain=tuple(chain), kind="remote")


def _load(cert: asn1_x509.Certificate | bytes) -> asn1_x509.Certificate:
    return cert if isinstance(cert, asn1_x509.Certificate) else asn1_x509.Certificate.load(cert)


def prepare_remote(
    pdf: bytes | bytearray | str | os.PathLike[str] | IO[bytes],
    certificate: asn1_x509.Certificate | bytes,
    chain: Sequence[asn1_x509.Certificate | bytes] = (),
    options: SigningOptions | None = None,
    **changes: Any,
) -> PendingSignature:
    """Prepare ``pdf`` for a remote signature by ``certificate`` (see the module docstring).

    ``options`` (or keyword conveniences ``role=``, ``level=``, ``tsa_url=``, ``placement=``...)
    as for :func:`~vndocsign.signing.sign_pdf`. Pre-signing checks run here.
    """
    from pyhanko.sign.signers.pdf_cms import PdfCMSSignedAttributes

    opts = signing_options(options, changes)
    cert = _load(certificate)
    others = [_load(c) for c in chain]
    if opts.level.needs_timestamp and not opts.tsa_url:
        raise TimestampError(
            f"PAdES {opts.level.value} needs tsa_url",
            f"Mức PAdES {opts.level.value} cần tsa_url",
            level=opts.level.value,
        )
    key = _external_key(cert, others, None)
    # The container is timestamped and the long-term material added at finish time: prepare
    # as B-B or B-T (room for the token, no TSA call, no validation now); the level travels in
    # the pending signature.
    prep_level = Level.B_T if opts.level.needs_timestamp else Level.B_B
    prepared = prepare_signature(
        pdf, key, attrs.evolve(opts, level=prep_level, validation_context=None)
    )
    settings = prepared.signed_attr_settings
    try:
        signed_attrs = run_sync(
            key.signer.signed_attrs(
                prepared.document_digest,
                DIGEST,
                attr_settings=PdfCMSSignedAttributes(
                    signing_time=settings.signing_time,
                    cades_signed_attrs=settings.cades_signed_attrs,
                ),
                use_pades=True,
            )
        )
    except Exception as exc:
        raise RemoteSigningError(
            f"Cannot compute the signed attributes: {exc}", f"Không tính được thuộc tính ký: {exc}"
        ) from None
    result = prepared.result
    return PendingSignature(
        prepared_pdf=prepared.output.getvalue(),  # type: ignore[attr-defined]
        document_digest=prepared.document_digest,
        reserved_start=prepared.digest.reserved_region_start,
        reserved_end=prepared.digest.reserved_region_end,
        digest_algorithm=DIGEST,
        signed_attributes=signed_attrs.dump(),
        signer_certificate=cert.dump(),
        chain=tuple(c.dump() for c in others),
        level=opts.level.value,
        tsa_url=opts.tsa_url,
        field_name=result.field_name,
        signed_at=result.signed_at.isoformat(),
    )


def _verify_raw(cert: asn1_x509.Certificate, data: bytes, signature: bytes) -> None:
    from cryptography import x509 as pyca_x509
    from cryptography.exceptions import InvalidSignature
    from cryptography.hazmat.primitives import hashes
    from cryptography.hazmat.primitives.asymmetric import ec, padding, rsa

    public = pyca_x509.load_der_x509_certificate(cert.dump()).public_key()
    try:
        if isinstance(public, rsa.RSAPublicKey):
            public.verify(signature, data, padding.PKCS1v15(), hashes.SHA256())
        elif isinstance(public, ec.EllipticCurvePublicKey):
            public.verify(signature, data, ec.ECDSA(hashes.SHA256()))
        else:
            raise RemoteSigningError(
                "Unsupported key type for remote signing", "Loại khóa không hỗ trợ ký từ xa"
            )
    except InvalidSignature:
        raise RemoteSigningError(
            "The remote signature does not verify with the signer's certificate (wrong key, "
            "wrong document or wrong digest)",
            "Chữ ký nhận về không khớp với chứng thư số của người ký (sai khóa hoặc sai tài liệu)",
        ) from None


def _check_cms(pending: PendingSignature, content: cms.ContentInfo) -> None:
    try:
        signed = content["content"]
        info = signed["signer_infos"][0]
        attrs_ = {a["type"].native: a["values"][0].native for a in info["signed_attrs"]}
        digest = attrs_.get("message_digest")
        certs = [c.chosen for c in signed["certificates"]]
    except Exception:
        raise RemoteSigningError(
            "The remote CMS is malformed", "CMS nhận về không đúng cấu trúc"
        ) from None
    if digest != pending.document_digest:
        raise RemoteSigningError(
            "The remote CMS signs another document", "CMS nhận về ký cho một tài liệu khác"
        )
    if not any(c.dump() == pending.signer_certificate for c in certs):
        raise RemoteSigningError(
            "The remote CMS is not by the expected certificate",
            "CMS nhận về không phải của chứng thư số đã chọn",
        )


def _remote_cms(
    pending: PendingSignature, signature: bytes | None, cms_bytes: bytes | None, timestamper: Any
) -> cms.ContentInfo:
    """Step 2 of a remote signature: the service's CMS, checked, or one built around its raw
    signature value (checked against the certificate first), with the signature timestamp."""
    if cms_bytes is not None:
        try:
            content = cms.ContentInfo.load(cms_bytes)
        except ValueError:
            raise RemoteSigningError(
                "The remote CMS is not DER", "CMS nhận về không đúng định dạng DER"
            ) from None
        _check_cms(pending, content)
        return content
    assert signature is not None
    cert = asn1_x509.Certificate.load(pending.signer_certificate)
    chain = [asn1_x509.Certificate.load(c) for c in pending.chain]
    _verify_raw(cert, pending.signed_attributes, signature)
    key = _external_key(cert, chain, signature)
    signed_attrs = cms.CMSAttributes.load(pending.signed_attributes)
    try:
        built: cms.ContentInfo = run_sync(
            key.signer.async_sign_prescribed_attributes(
                pending.digest_algorithm, signed_attrs, timestamper=timestamper
            )
        )
    except Exception as exc:  # only the TSA call can fail here: the signature was checked
        raise TimestampError(
            f"The time-stamping authority failed: {exc}", f"Dịch vụ cấp dấu thời gian lỗi: {exc}"
        ) from None
    return built


def finish_remote(
    pending: PendingSignature,
    *,
    signature: bytes | None = None,
    cms_bytes: bytes | None = None,
    trust_roots: Sequence[asn1_x509.Certificate] | None = None,
    validation_context: Any = None,
    timestamper: Any = None,
) -> bytes:
    """Embed the remote ``signature`` (raw) or ``cms_bytes`` (a whole CMS) and finish.

    B-T and above: the CMS gets a signature timestamp from ``pending.tsa_url`` (or
    ``timestamper``) unless the service's CMS already has one. B-LT and B-LTA need the trust
    root (``trust_roots`` / ``validation_context``; default: self-signed certs of the chain).
    """
    from pyhanko.sign.signers.pdf_byterange import PreparedByteRangeDigest

    if (signature is None) == (cms_bytes is None):
        raise InvalidOptionError(
            "Give exactly one of signature= or cms_bytes=",
            "Cần đúng một trong hai: chữ ký hoặc CMS",
        )
    level = Level.parse(pending.level)
    ts = make_timestamper(level, pending.tsa_url, timestamper)
    content = _remote_cms(pending, signature, cms_bytes, ts)
    out = io.BytesIO(pending.prepared_pdf)
    digest = PreparedByteRangeDigest(
        document_digest=pending.document_digest,
        reserved_region_start=pending.reserved_start,
        reserved_region_end=pending.reserved_end,
    )
    try:
        embed_signature(out, digest, content)
    except Exception as exc:
        raise RemoteSigningError(
            f"Cannot embed the signature: {exc}", f"Không nhúng được chữ ký: {exc}"
        ) from None
    if not level.long_term:
        return out.getvalue()
    chain = [asn1_x509.Certificate.load(c) for c in pending.chain]
    vc = long_term_context(level, SigningPolicy(), chain, trust_roots, validation_context)
    return _add_long_term(out, pending, level, vc, ts)


def _add_long_term(
    out: io.BytesIO, pending: PendingSignature, level: Level, vc: Any, ts: Any
) -> bytes:
    """The DSS (B-LT) and the document timestamp (B-LTA) of a finished remote signature."""
    from pyhanko.pdf_utils.incremental_writer import IncrementalPdfFileWriter
    from pyhanko.pdf_utils.reader import PdfFileReader
    from pyhanko.sign.signers.pdf_signer import PdfTimeStamper
    from pyhanko.sign.validation import add_validation_info

    reader = PdfFileReader(out)
    sig = next(s for s in reader.embedded_signatures if s.field_name == pending.field_name)
    try:
        with_dss = add_validation_info(sig, vc, output=io.BytesIO())
        if level is Level.B_LTA:
            writer = IncrementalPdfFileWriter(with_dss)
            with_dss = PdfTimeStamper(ts).timestamp_pdf(
                writer, pending.digest_algorithm, vc, output=io.BytesIO()
            )
    except Exception as exc:
        raise RemoteSigningError(
            f"Adding long-term validation data failed: {exc}",
            f"Không bổ sung được dữ liệu kiểm tra dài hạn: {exc}",
        ) from None
    return bytes(with_dss.getvalue())
