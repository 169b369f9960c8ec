"""Remote "sign the hash" signing: prepare here, sign elsewhere, finish later (any process).

Vietnamese public CAs sign remotely (VNPT SmartCA, Viettel MySign, CSC-style APIs): the
service never sees the document, only a digest, and answers — possibly minutes later, after
the holder approves on a phone — with a raw signature or a whole CMS. The protocol:

1. :func:`prepare_remote` (needs only the signer's *certificate*, from the service's
   "get certificate" call): runs every local step of :func:`~vndocsign.signing.sign_pdf`
   (pre-signing checks, role sanity, placement, appearance), writes the document with an empty
   signature container, computes the CMS signed attributes and returns a
   :class:`PendingSignature`. It is plain data: :meth:`PendingSignature.to_json` /
   :meth:`PendingSignature.from_json` carry it to another process or a database.
2. Send :attr:`PendingSignature.digest_to_sign` (the hash of the DER signed attributes, what
   "sign hash" APIs expect) — or :attr:`PendingSignature.data_to_sign` for APIs that hash
   themselves — to the service.
3. :func:`finish_remote` with the raw ``signature`` (checked against the certificate's public
   key before anything is written) or a ``cms`` (checked to be by that certificate over this
   document), adds the RFC 3161 timestamp (B-T and above), embeds the CMS, then adds the DSS
   (B-LT) and the document timestamp (B-LTA).
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

from vndocsign.signing.checks import requests_backend, run_sync
from vndocsign.signing.core import Level, SignOutcome, _read_source, _sign_stream
from vndocsign.signing.errors import RemoteSigningError, TimestampError
from vndocsign.signing.keys import SignerKey

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
        return json.dumps({
            "format": _FORMAT,
            "prepared_pdf": _b64(self.prepared_pdf),
            "document_digest": _b64(self.document_digest),
            "reserved_start": self.reserved_start, "reserved_end": self.reserved_end,
            "digest_algorithm": self.digest_algorithm,
            "signed_attributes": _b64(self.signed_attributes),
            "signer_certificate": _b64(self.signer_certificate),
            "chain": [_b64(c) for c in self.chain],
            "level": self.level, "tsa_url": self.tsa_url, "field_name": self.field_name,
            "signed_at": self.signed_at,
        })

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
                level=str(data["level"]), tsa_url=data.get("tsa_url"),
                field_name=str(data["field_name"]), signed_at=str(data["signed_at"]))
        except Exception:
            raise RemoteSigningError("Not a pending-signature document",
                                     "Không phải dữ liệu chữ ký đang chờ") from None


def _external_key(certificate: asn1_x509.Certificate,
                  chain: Sequence[asn1_x509.Certificate], signature: bytes | None) -> SignerKey:
    from pyhanko.sign.signers.pdf_cms import ExternalSigner
    from pyhanko_certvalidator import registry

    store_cls: Any = registry.SimpleCertificateStore
    store = store_cls()
    store.register_multiple([c for c in chain if c.dump() != certificate.dump()])
    size = max(256, certificate.public_key.bit_size // 8 + 16)
    signer = ExternalSigner(certificate, store, signature_value=signature or bytes(size))
    return SignerKey(signer=signer, certificate=certificate, chain=tuple(chain), kind="remote")


def prepare_remote(
    pdf: bytes | bytearray | str | os.PathLike[str] | IO[bytes],
    certificate: asn1_x509.Certificate | bytes,
    chain: Sequence[asn1_x509.Certificate | bytes] = (),
    *,
    role: str,
    level: Level | str = Level.B_B,
    tsa_url: str | None = None,
    **kwargs: Any,
) -> PendingSignature:
    """Prepare ``pdf`` for a remote signature by ``certificate`` (see the module docstring).

    Keyword arguments as for :func:`~vndocsign.signing.sign_pdf` (placement, appearance,
    policy, trust_roots, field_name, signed_at...). Pre-signing checks run here.
    """
    from pyhanko.sign.signers.pdf_cms import PdfCMSSignedAttributes

    from vndocsign.signing.appearance import Appearance
    from vndocsign.signing.checks import SigningPolicy

    cert = certificate if isinstance(certificate, asn1_x509.Certificate) else (
        asn1_x509.Certificate.load(certificate))
    others = [c if isinstance(c, asn1_x509.Certificate) else asn1_x509.Certificate.load(c)
              for c in chain]
    lvl = Level.parse(level)
    key = _external_key(cert, others, None)
    # the container is timestamped at finish time: prepare as B-B or B-T only
    prep_level = Level.B_T if lvl.needs_timestamp else Level.B_B

    def hook(pdf_signer: Any, writer: Any, moment: Any, reserve: int,
             outcome: SignOutcome) -> PendingSignature:
        async def go() -> tuple[Any, Any, Any]:
            session = pdf_signer.init_signing_session(writer)
            session.system_time = moment
            tbs = session.prepare_tbs_document(validation_info=None, bytes_reserved=reserve)
            prepared, out = tbs.digest_tbs_document()
            signed_attrs = await pdf_signer.signer.signed_attrs(
                prepared.document_digest, "sha256",
                attr_settings=PdfCMSSignedAttributes(
                    signing_time=moment,
                    cades_signed_attrs=pdf_signer.signature_meta.cades_signed_attr_spec),
                use_pades=True)
            return prepared, out, signed_attrs

        prepared, out, signed_attrs = run_sync(go())
        return PendingSignature(
            prepared_pdf=out.getvalue(), document_digest=prepared.document_digest,
            reserved_start=prepared.reserved_region_start,
            reserved_end=prepared.reserved_region_end, digest_algorithm="sha256",
            signed_attributes=signed_attrs.dump(), signer_certificate=cert.dump(),
            chain=tuple(c.dump() for c in others), level=lvl.value, tsa_url=tsa_url,
            field_name=outcome.field_name, signed_at=moment.isoformat())

    if lvl.needs_timestamp and not tsa_url:
        raise TimestampError(f"PAdES {lvl.value} needs tsa_url",
                             f"Mức PAdES {lvl.value} cần tsa_url", level=lvl.value)
    stream = _read_source(pdf)
    try:
        result: PendingSignature = _sign_stream(
            stream, key, _role(role), kwargs.pop("placement", None),
            kwargs.pop("appearance", None) or Appearance(), prep_level, tsa_url, None,
            kwargs.pop("policy", None) or SigningPolicy(), kwargs.pop("trust_roots", None),
            None, kwargs.pop("field_name", None), None, None, kwargs.pop("reason", None),
            kwargs.pop("location", None), kwargs.pop("signed_at", None), None, None, None,
            prepare_hook=hook)
    finally:
        if isinstance(pdf, str | os.PathLike):
            stream.close()
    if kwargs:
        raise TypeError(f"unexpected arguments: {sorted(kwargs)}")
    return result


def _role(role: str) -> Any:
    from vndocsign.errors import SigningError
    from vndocsign.signing.appearance import Role

    try:
        return Role(str(role))
    except ValueError:
        raise SigningError(f"Unknown role {role!r}", f"Vai trò {role!r} không hợp lệ") from None


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
            raise RemoteSigningError("Unsupported key type for remote signing",
                                     "Loại khóa không hỗ trợ ký từ xa")
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
        raise RemoteSigningError("The remote CMS is malformed",
                                 "CMS nhận về không đúng cấu trúc") from None
    if digest != pending.document_digest:
        raise RemoteSigningError("The remote CMS signs another document",
                                 "CMS nhận về ký cho một tài liệu khác")
    if not any(c.dump() == pending.signer_certificate for c in certs):
        raise RemoteSigningError("The remote CMS is not by the expected certificate",
                                 "CMS nhận về không phải của chứng thư số đã chọn")


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
    from pyhanko.pdf_utils.incremental_writer import IncrementalPdfFileWriter
    from pyhanko.pdf_utils.reader import PdfFileReader
    from pyhanko.sign.signers.pdf_byterange import PreparedByteRangeDigest
    from pyhanko.sign.signers.pdf_signer import PdfTBSDocument, PdfTimeStamper
    from pyhanko.sign.timestamps import HTTPTimeStamper

    if (signature is None) == (cms_bytes is None):
        raise RemoteSigningError("Give exactly one of signature= or cms_bytes=",
                                 "Cần đúng một trong hai: chữ ký hoặc CMS")
    level = Level.parse(pending.level)
    cert = asn1_x509.Certificate.load(pending.signer_certificate)
    chain = [asn1_x509.Certificate.load(c) for c in pending.chain]
    ts = timestamper
    if level.needs_timestamp and ts is None:
        if not pending.tsa_url:
            raise TimestampError("No TSA URL for this level", "Thiếu địa chỉ dịch vụ dấu thời gian")
        ts = HTTPTimeStamper(pending.tsa_url, timeout=30)
    if cms_bytes is not None:
        try:
            content = cms.ContentInfo.load(cms_bytes)
        except Exception:
            raise RemoteSigningError("The remote CMS is not DER",
                                     "CMS nhận về không đúng định dạng DER") from None
        _check_cms(pending, content)
    else:
        assert signature is not None
        _verify_raw(cert, pending.signed_attributes, signature)
        key = _external_key(cert, chain, signature)
        signed_attrs = cms.CMSAttributes.load(pending.signed_attributes)
        try:
            content = run_sync(key.signer.async_sign_prescribed_attributes(
                pending.digest_algorithm, signed_attrs, timestamper=ts))
        except Exception as exc:
            raise TimestampError(f"The time-stamping authority failed: {exc}",
                                 f"Dịch vụ cấp dấu thời gian lỗi: {exc}") from None
    out = io.BytesIO(pending.prepared_pdf)
    digest = PreparedByteRangeDigest(document_digest=pending.document_digest,
                                     reserved_region_start=pending.reserved_start,
                                     reserved_region_end=pending.reserved_end)
    try:
        PdfTBSDocument.finish_signing(out, digest, content)
    except Exception as exc:
        raise RemoteSigningError(f"Cannot embed the signature: {exc}",
                                 f"Không nhúng được chữ ký: {exc}") from None
    if level not in (Level.B_LT, Level.B_LTA):
        return out.getvalue()

    from pyhanko.sign.validation import add_validation_info
    from pyhanko_certvalidator import ValidationContext

    vc = validation_context
    if vc is None:
        roots = list(trust_roots) if trust_roots is not None else [
            c for c in chain if c.self_signed in ("maybe", "yes")]
        vc = ValidationContext(trust_roots=roots, other_certs=chain, allow_fetching=True,
                               fetcher_backend=requests_backend())
    reader = PdfFileReader(out)
    sig = next(s for s in reader.embedded_signatures if s.field_name == pending.field_name)
    try:
        with_dss = add_validation_info(sig, vc, output=io.BytesIO())
        if level is Level.B_LTA:
            writer = IncrementalPdfFileWriter(with_dss)
            with_dss = PdfTimeStamper(ts).timestamp_pdf(
                writer, pending.digest_algorithm, vc, output=io.BytesIO())
    except Exception as exc:
        raise RemoteSigningError(f"Adding long-term validation data failed: {exc}",
                                 f"Không bổ sung được dữ liệu kiểm tra dài hạn: {exc}") from None
    return bytes(with_dss.getvalue())
