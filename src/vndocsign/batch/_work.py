"""The one adapter between batch jobs and the rest of vndocsign (and pyHanko).

Every call into verification and signing goes through the three functions below, so that when
those packages change shape only this module needs adapting. Each takes the input bytes and
returns what the job records; none writes files (the task does, atomically). Loaded keys and
trust profiles are cached per worker process: a job pays their set-up once per worker.
"""

from __future__ import annotations

import functools
import io
import json
from typing import Any

import attrs
from asn1crypto import x509 as asn1_x509

from vndocsign.batch._errors import NoSignatureError
from vndocsign.batch._records import ExtendOptions, SignOptions, VerifyOptions
from vndocsign.signing import Appearance, load_pkcs12, sign_pdf
from vndocsign.verification import TrustProfile, TrustStore, VerificationPolicy, verify_pdf

__all__ = ["VerifyOutcome", "check_key", "extend_one", "sign_one", "verify_one"]


@attrs.frozen
class VerifyOutcome:
    verdict: str
    sub_indication: str | None
    status: str
    report_json: bytes


@functools.lru_cache(maxsize=8)
def _trust(name: str, roots: tuple[bytes, ...], trust_dir: str | None) -> TrustProfile:
    if roots:
        return TrustProfile.custom(list(roots))
    return TrustProfile.named(name, TrustStore(trust_dir) if trust_dir else None)


def verify_one(data: bytes, name: str, options: VerifyOptions) -> VerifyOutcome:
    """:func:`vndocsign.verification.verify_pdf` on one file's bytes (never raises on bad PDFs)."""
    policy = VerificationPolicy.legacy() if options.legacy else VerificationPolicy()
    report = verify_pdf(
        data,
        trust=_trust(options.trust, options.trust_roots, options.trust_dir),
        at=options.at,
        revocation=options.revocation,
        policy=policy,
    )
    as_dict = report.to_dict()
    as_dict["file"] = name
    text = json.dumps(as_dict, ensure_ascii=False, indent=2, default=str)
    return VerifyOutcome(
        str(report.verdict), report.sub_indication, str(report.status), text.encode("utf-8")
    )


@functools.lru_cache(maxsize=4)
def _signer(p12: bytes, password: str | None) -> Any:
    return load_pkcs12(p12, password, password_env=None)


def _certs(ders: tuple[bytes, ...]) -> list[asn1_x509.Certificate]:
    return [asn1_x509.Certificate.load(d) for d in ders]


def sign_one(data: bytes, options: SignOptions) -> bytes:
    """:func:`vndocsign.signing.sign_pdf` with a PKCS#12 key; returns the signed bytes."""
    appearance = Appearance(invisible=True) if options.invisible else None
    return sign_pdf(
        data,
        _signer(options.p12, options.password),
        role=options.role,
        placement=options.placement,
        appearance=appearance,
        level=options.level,
        tsa_url=options.tsa_url,
        trust_roots=_certs(options.trust_roots) or None,
        reason=options.reason,
        location=options.location,
    )


def _anchor_ders(options: ExtendOptions) -> tuple[bytes, ...]:
    if options.trust_roots:
        return options.trust_roots
    profile = _trust(options.trust, (), options.trust_dir)
    return tuple(c.dump() for c in (*profile.anchors, *profile.intermediates))


def _validation_context(options: ExtendOptions) -> Any:
    from pyhanko_certvalidator import ValidationContext

    kwargs: dict[str, Any] = {}
    try:  # requests-based fetchers leave no aiohttp session open at exit
        from pyhanko_certvalidator.fetchers.requests_fetchers import RequestsFetcherBackend

        kwargs["fetcher_backend"] = RequestsFetcherBackend()
    except ImportError:  # pragma: no cover - requests is a pyHanko dependency
        pass
    anchors = _certs(_anchor_ders(options))
    return ValidationContext(
        trust_roots=anchors, allow_fetching=True, revocation_mode="hard-fail", **kwargs
    )


def extend_one(data: bytes, options: ExtendOptions) -> bytes:
    """B-LTA renewal: DSS validation data for every signature, then a document time-stamp.

    A file that already ends in a document time-stamp gets the archival renewal instead
    (validation data for that time-stamp, then a new one): the chain of time-stamps keeps the
    older ones provable after their TSA certificates expire.
    """
    from pyhanko.pdf_utils.incremental_writer import IncrementalPdfFileWriter
    from pyhanko.pdf_utils.reader import PdfFileReader
    from pyhanko.sign.signers import PdfTimeStamper
    from pyhanko.sign.timestamps import HTTPTimeStamper
    from pyhanko.sign.validation import add_validation_info

    reader = PdfFileReader(io.BytesIO(data), strict=False)
    signatures = list(reader.embedded_signatures)
    if not signatures:
        raise NoSignatureError(
            "The file has no signature to extend", "Tệp không có chữ ký số để gia hạn"
        )
    vc = _validation_context(options)
    stamper = PdfTimeStamper(HTTPTimeStamper(options.tsa_url))
    if signatures[-1].sig_object_type == "/DocTimeStamp":
        out = io.BytesIO()
        stamper.update_archival_timestamp_chain(
            reader, vc, in_place=False, output=out, default_md_algorithm=options.digest
        )
        return out.getvalue()
    current = data
    for index in range(len(list(reader.embedded_regular_signatures))):
        sig = PdfFileReader(io.BytesIO(current), strict=False).embedded_regular_signatures[index]
        current = add_validation_info(sig, vc, output=io.BytesIO()).getvalue()
    writer = IncrementalPdfFileWriter(io.BytesIO(current), strict=False)
    out = stamper.timestamp_pdf(writer, options.digest, validation_context=vc, output=io.BytesIO())
    return bytes(out.getvalue())


def check_key(p12: bytes, password: str | None) -> None:
    """Open the key once before a job starts (wrong password: a typed error, no file touched)."""
    _signer(p12, password)
