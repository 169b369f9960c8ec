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

__all__ = ["VerifyOutcome", "check_key", "extend_one", "preload", "sign_one", "verify_one"]


@attrs.frozen
class VerifyOutcome:
    verdict: str
    sub_indication: str | None
    status: str
    #: the JSON report (only when it is written somewhere)
    report_json: bytes | None
    #: the report object (only when the caller keeps it)
    report: Any = None


@functools.lru_cache(maxsize=8)
def _trust(name: str, roots: tuple[bytes, ...], trust_dir: str | None) -> TrustProfile:
    if roots:
        return TrustProfile.custom(list(roots))
    return TrustProfile.named(name, TrustStore(trust_dir) if trust_dir else None)


@functools.lru_cache(maxsize=8)
def _rebuilt(spec: tuple[Any, ...]) -> TrustProfile:
    name, anchors, intermediates, notes = spec
    return TrustProfile(
        name,
        tuple(asn1_x509.Certificate.load(d) for d in anchors),
        tuple(asn1_x509.Certificate.load(d) for d in intermediates),
        tuple(notes),
    )


def _profile(options: VerifyOptions) -> TrustProfile:
    if options.profile is not None:
        return _rebuilt(options.profile)
    return _trust(options.trust, options.trust_roots, options.trust_dir)


def _policy(options: VerifyOptions) -> VerificationPolicy:
    if options.policy is not None:  # the time limit is the batch's, enforced from outside
        policy: VerificationPolicy = attrs.evolve(options.policy, time_limit=None)
        return policy
    return _LEGACY if options.legacy else _DEFAULT


_DEFAULT = VerificationPolicy()
_LEGACY = VerificationPolicy.legacy()


def verify_one(
    data: bytes, name: str, options: VerifyOptions, *, want_json: bool = True
) -> VerifyOutcome:
    """:func:`vndocsign.verification.verify_pdf` on one file's bytes (never raises on bad PDFs).

    The JSON report is only built when ``want_json`` (it is written somewhere): serialising a
    five-signature report costs more than some of the checks.
    """
    report = verify_pdf(
        data,
        trust=_profile(options),
        at=options.at,
        revocation=options.revocation,
        policy=_policy(options),
    )
    report = attrs.evolve(report, file=name)
    text = None
    if want_json:
        as_dict = report.to_dict()
        text = json.dumps(as_dict, ensure_ascii=False, indent=2, default=str).encode("utf-8")
    return VerifyOutcome(
        str(report.verdict),
        report.sub_indication,
        str(report.status),
        text,
        report if options.keep_report else None,
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


def preload() -> None:
    """Import what the first file would otherwise load lazily (once per child, before READY).

    Measured on an issued document (five signatures): the first verification in a fresh
    interpreter cost ~0.45 s more CPU than the next ones, mostly these imports; paid here it
    neither counts against the first file's time limit nor skews its timing.
    """
    import aiohttp  # noqa: F401 - pyHanko's fetchers
    import PIL.Image  # noqa: F401 - appearance and render checks
    import pyhanko.sign.diff_analysis
    import pyhanko.sign.signers
    import pyhanko.sign.validation.ades
    import pyhanko.stamp  # noqa: F401
    import pyhanko_certvalidator.fetchers.aiohttp_fetchers
    import pyhanko_certvalidator.ltv.ades_past  # noqa: F401
    import pypdf  # noqa: F401
    from fontTools import ttLib  # type: ignore[import-untyped,unused-ignore]  # noqa: F401
