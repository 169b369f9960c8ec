"""Pre-signing checks of the signer's own certificate, and role sanity.

The law (TT 15/2025/TT-BKHCN "Điều 5" S1; NĐ 23/2025 Điều 15; NĐ 68/2024 Điều 29) asks signing
software to check the signer's certificate *before* signing and to refuse when it is not valid.
:func:`check_signer_certificate` does, in this order, and raises
:class:`~vndocsign.signing.CertificateRejectedError` on the first failure:

1. validity period now (notBefore ≤ now ≤ notAfter);
2. key usage: ``digitalSignature`` or ``nonRepudiation`` when the extension is present;
3. key strength (TT 15/2025 Phụ lục I, :data:`vndocsign.pki.TT15`): RSA ≥ 2048 bits, EC ≥ 256
   bits, DSA ≥ 3072 bits — for the signer's key **and every key of the chain** (intermediates
   and the trust anchor: a weak CA key lets anyone forge the signer's certificate);
4. hash algorithms: the signature digest, the certificate's own signature hash and the
   signature hash of every intermediate CA certificate must be SHA-2 or SHA-3 (no SHA-1, no
   MD5). A *self-signed* certificate's own signature is not judged: a trust anchor is trusted
   because it is configured, not because of its self-signature (RFC 5280 §6.1; ETSI TS 119
   312 says the same of trust anchors);
5. revocation (OCSP, else CRL) when a trust root is known and the responder is reachable:
   *revoked* refuses; *unreachable* is reported as a warning (TT 15/2025 Phụ lục II 1.2:
   "phải hiển thị cảnh báo"), or refuses with ``SigningPolicy(require_revocation=True)``.

The only way around a refusal is an explicit :class:`SigningPolicy` — for example
:meth:`SigningPolicy.legacy`, which accepts RSA-1024 and SHA-1 *certificate* signatures for old
tokens (:data:`vndocsign.pki.LEGACY`) and says so in every :class:`CertificateCheck` it
produces. Expired or revoked
certificates are never accepted by a ready-made policy.

Role sanity (R6.5–R6.7 of the reference): the certificate kind is read by
:func:`vndocsign.pki.certificate_kind` (``CCCD:``/``CMND:``/``HC:``… an *individual*; only
``MST:``/``MNS:`` an *organization*, the agency's seal). The ``agency`` role expects an
organization certificate; ``personal`` and ``initial`` expect an individual one. A mismatch
emits :class:`~vndocsign.signing.RoleMismatchWarning`, or raises
:class:`~vndocsign.signing.RoleMismatchError` with ``strict_role=True``.
"""

from __future__ import annotations

import asyncio
import hashlib
import threading
import time
import warnings
from collections.abc import Iterable, Sequence
from datetime import UTC, datetime
from typing import Any

import attrs
from asn1crypto import x509 as asn1_x509

from vndocsign.model import SignatureRole
from vndocsign.pki import (
    LEGACY,
    TT15,
    AlgorithmPolicy,
    CertificateKind,
    certificate_kind,
    parse_uids,
)
from vndocsign.signing._errors import (
    CertificateRejectedError,
    RoleMismatchError,
    RoleMismatchWarning,
)

__all__ = [
    "CertificateCheck",
    "SigningPolicy",
    "check_role",
    "check_signer_certificate",
]


@attrs.frozen
class SigningPolicy:
    """What the pre-signing gate accepts. The default is the law's; loosen it only on purpose.

    ``algorithms`` is the dated algorithm policy of :mod:`vndocsign.pki` (``TT15`` by default,
    ``LEGACY`` for :meth:`legacy`); its ``name`` is reported in every :class:`CertificateCheck`
    so that a loosened policy is visible.
    """

    algorithms: AlgorithmPolicy = TT15
    check_revocation: bool = True
    #: Refuse when revocation status cannot be obtained (default: warn).
    require_revocation: bool = False
    #: Raise instead of warning when the certificate kind does not fit the role.
    strict_role: bool = False
    #: Seconds a successful check of one certificate is reused within a process (batches).
    cache_seconds: float = 300.0

    @property
    def name(self) -> str:
        return self.algorithms.name

    @classmethod
    def legacy(cls) -> SigningPolicy:
        """Accept RSA ≥ 1024 and SHA-1-signed certificates (old tokens). Never expired/revoked.

        The signature itself is still made with SHA-256: only the certificates are legacy.
        """
        return cls(algorithms=LEGACY)

    def algorithm_usage_policy(self) -> Any:
        """The matching pyhanko-certvalidator algorithm policy (used for B-LT validation)."""
        from pyhanko_certvalidator import policy_decl

        policy_cls: Any = policy_decl.DisallowWeakAlgorithmsPolicy
        weak = frozenset(
            name for name in ("md2", "md5", "sha1") if not self.algorithms.judge_digest(name).ok
        )
        return policy_cls(
            weak_hash_algos=weak,
            rsa_key_size_threshold=self.algorithms.min_rsa_bits,
            dsa_key_size_threshold=self.algorithms.min_dsa_bits,
        )


@attrs.frozen
class CertificateCheck:
    """The outcome of a passed pre-signing check (a failure raises instead)."""

    subject: str
    kind: CertificateKind
    uids: tuple[tuple[str, str], ...]
    key_algorithm: str
    key_bits: int
    revocation: str  # "good" | "unknown" (unreachable) | "no_source" | "not_checked"
    policy: str
    warnings: tuple[str, ...] = ()


_ROLE_KIND = {
    SignatureRole.AGENCY: CertificateKind.ORGANIZATION,
    SignatureRole.ATTACHMENT: CertificateKind.ORGANIZATION,
    SignatureRole.COPY: CertificateKind.ORGANIZATION,
    SignatureRole.PERSONAL: CertificateKind.INDIVIDUAL,
    SignatureRole.INITIAL: CertificateKind.INDIVIDUAL,
}


def check_role(
    cert: asn1_x509.Certificate, role: SignatureRole | str, *, strict: bool = False
) -> str | None:
    """Warn (or raise if ``strict``) when the certificate kind does not fit ``role``.

    Returns the warning text (English / Vietnamese) or ``None`` when the role fits.
    """
    kind = certificate_kind(cert)
    parsed = SignatureRole.parse(role)
    expected = _ROLE_KIND.get(parsed)
    role = parsed.value
    if expected is None or kind is expected:
        return None
    en = (
        f"The {role!r} role expects an {expected.value} certificate, but "
        f"{cert.subject.human_friendly!r} is {kind.value}"
    )
    vi = (
        f"Vai trò {role!r} cần chứng thư của "
        f"{'tổ chức (MST/MNS)' if expected is CertificateKind.ORGANIZATION else 'cá nhân (CCCD/CMND/HC)'}"  # noqa: E501
        f", nhưng chứng thư này là loại {kind.value}"
    )
    if strict:
        raise RoleMismatchError(en, vi, role=role, kind=kind.value)
    warnings.warn(f"{vi} / {en}", RoleMismatchWarning, stacklevel=3)
    return f"{vi} / {en}"


def _key_info(cert: asn1_x509.Certificate) -> tuple[str, int]:
    pub = cert.public_key
    return str(pub.algorithm), int(pub.bit_size)


def _certificate_hash(cert: asn1_x509.Certificate) -> str | None:
    """The hash of the certificate's own signature (``None`` for EdDSA, which has none)."""
    try:
        return str(cert["signature_algorithm"].hash_algo)
    except ValueError:
        return None


def _is_self_signed(cert: asn1_x509.Certificate) -> bool:
    return cert.self_signed in ("maybe", "yes")


def _check_algorithms(
    cert: asn1_x509.Certificate,
    chain: Sequence[asn1_x509.Certificate],
    policy: SigningPolicy,
    now: datetime,
    details: dict[str, Any],
) -> None:
    """Key size of the signer and of every CA of the chain; signature hash of every certificate
    that is not self-signed (see the module docstring: a trust anchor's self-signature proves
    nothing)."""
    seen: set[bytes] = set()
    for position, each in enumerate([cert, *chain]):
        der = each.dump()
        if der in seen:
            continue
        seen.add(der)
        who = (
            "The certificate"
            if position == 0
            else f"The CA certificate {each.subject.human_friendly!r}"
        )
        who_vi = (
            "Chứng thư số" if position == 0 else f"Chứng thư CA {each.subject.human_friendly!r}"
        )
        algo, bits = _key_info(each)
        if not policy.algorithms.judge_key(algo, bits).ok:
            raise CertificateRejectedError(
                f"{who} has a key too weak under {policy.name}: {algo.upper()} key of {bits} "
                "bits (TT 15/2025: RSA ≥ 2048, EC ≥ 256, DSA ≥ 3072)",
                f"{who_vi} có khóa {algo.upper()} {bits} bit, quá yếu theo {policy.name} "
                "(TT 15/2025: RSA ≥ 2048, EC ≥ 256, DSA ≥ 3072)",
                **details,
                key_algorithm=algo,
                key_bits=bits,
                certificate=each.subject.human_friendly,
            )
        cert_hash = _certificate_hash(each)
        if position > 0 and _is_self_signed(each):
            continue
        if cert_hash is not None and not policy.algorithms.judge_digest(cert_hash, now).ok:
            raise CertificateRejectedError(
                f"{who} is signed with {cert_hash}; only SHA-2/SHA-3 are allowed",
                f"{who_vi} được ký bằng {cert_hash}; chỉ chấp nhận SHA-2/SHA-3",
                **details,
                certificate_hash=cert_hash,
                certificate=each.subject.human_friendly,
            )


_CACHE: dict[tuple[str, str], tuple[float, CertificateCheck]] = {}
_CACHE_LOCK = threading.Lock()


def check_signer_certificate(
    cert: asn1_x509.Certificate,
    chain: Sequence[asn1_x509.Certificate] = (),
    *,
    policy: SigningPolicy | None = None,
    digest_algorithm: str = "sha256",
    at: datetime | None = None,
    trust_roots: Iterable[asn1_x509.Certificate] | None = None,
) -> CertificateCheck:
    """Run the pre-signing gate (see the module docstring); raise or return the facts.

    ``trust_roots``: roots for the revocation check; by default the self-signed certificates
    found in ``chain`` (the PKCS#12 file or token usually carries its root). Without any root
    the revocation status is ``"not_checked"`` and a warning says so.
    """
    policy = policy or SigningPolicy()
    now = at or datetime.now(UTC)
    subject = cert.subject.human_friendly
    details = {"subject": subject, "policy": policy.name}

    digest = digest_algorithm.lower().replace("-", "_")
    if not policy.algorithms.judge_digest(digest, now).ok:
        raise CertificateRejectedError(
            f"Digest algorithm {digest_algorithm} is not allowed (SHA-2/SHA-3 only)",
            f"Thuật toán băm {digest_algorithm} không được phép (chỉ SHA-2/SHA-3)",
            **details,
            digest=digest_algorithm,
        )

    fingerprint = hashlib.sha256(cert.dump()).hexdigest()
    chain_key = ",".join(hashlib.sha256(c.dump()).hexdigest()[:16] for c in chain)
    cache_key = (fingerprint, f"{policy!r}|{digest}|{chain_key}")
    with _CACHE_LOCK:
        hit = _CACHE.get(cache_key)
    if at is None and hit is not None and time.monotonic() - hit[0] < policy.cache_seconds:
        return hit[1]

    _check_validity_and_usage(cert, now, details)
    _check_algorithms(cert, chain, policy, now, details)
    algo, bits = _key_info(cert)

    notes: list[str] = []
    if policy.name != TT15.name:
        notes.append(f"policy {policy.name!r} in force / áp dụng chính sách {policy.name!r}")
    revocation = "not_checked"
    if policy.check_revocation:
        revocation = _check_revocation(cert, chain, trust_roots, policy, details, notes)
    result = CertificateCheck(
        subject=subject,
        kind=certificate_kind(cert),
        uids=parse_uids(cert),
        key_algorithm=algo,
        key_bits=bits,
        revocation=revocation,
        policy=policy.name,
        warnings=tuple(notes),
    )
    if at is None:
        with _CACHE_LOCK:
            _CACHE[cache_key] = (time.monotonic(), result)
    return result


def _check_validity_and_usage(
    cert: asn1_x509.Certificate, now: datetime, details: dict[str, Any]
) -> None:
    """Validity period at ``now`` and a key usage that allows signing."""
    validity = cert["tbs_certificate"]["validity"]
    not_before = validity["not_before"].native
    not_after = validity["not_after"].native
    if now < not_before:
        raise CertificateRejectedError(
            f"The certificate is not valid before {not_before:%Y-%m-%d %H:%M:%S %Z}",
            f"Chứng thư số chưa có hiệu lực (từ {not_before:%d/%m/%Y %H:%M:%S})",
            **details,
            not_before=not_before.isoformat(),
        )
    if now > not_after:
        raise CertificateRejectedError(
            f"The certificate expired on {not_after:%Y-%m-%d %H:%M:%S %Z}",
            f"Chứng thư số đã hết hạn ngày {not_after:%d/%m/%Y %H:%M:%S}",
            **details,
            not_after=not_after.isoformat(),
        )

    usage = cert.key_usage_value
    if usage is not None:
        names = set(usage.native)
        if not names & {"digital_signature", "non_repudiation"}:
            raise CertificateRejectedError(
                "The certificate's key usage allows neither digitalSignature nor nonRepudiation",
                "Mục đích sử dụng khóa của chứng thư không cho phép ký số",
                **details,
                key_usage=sorted(names),
            )


def _check_revocation(
    cert: asn1_x509.Certificate,
    chain: Sequence[asn1_x509.Certificate],
    trust_roots: Iterable[asn1_x509.Certificate] | None,
    policy: SigningPolicy,
    details: dict[str, Any],
    notes: list[str],
) -> str:
    """The revocation status ("good", "unknown", "no_source", "not_checked"); notes collects
    the warnings; a refusal raises."""
    revocation = "not_checked"
    roots = (
        list(trust_roots)
        if trust_roots is not None
        else [c for c in chain if c.self_signed in ("maybe", "yes")]
    )
    if not cert.ocsp_urls and not cert.crl_distribution_points:
        revocation = "no_source"
        notes.append(
            "the certificate names no OCSP or CRL URL: revocation not checkable / "
            "chứng thư không có địa chỉ OCSP/CRL: không kiểm tra được thu hồi"
        )
        if policy.require_revocation:
            raise CertificateRejectedError(
                "Revocation status could not be obtained (no OCSP/CRL URL)",
                "Không kiểm tra được trạng thái thu hồi (không có OCSP/CRL)",
                **details,
            )
    elif roots:
        revocation = _revocation_status(cert, chain, roots, policy, details)
        if revocation == "unknown":
            msg = (
                "revocation status could not be obtained (OCSP/CRL unreachable) / "
                "không kiểm tra được trạng thái thu hồi (OCSP/CRL không truy cập được)"
            )
            if policy.require_revocation:
                raise CertificateRejectedError(
                    "Revocation status could not be obtained",
                    "Không kiểm tra được trạng thái thu hồi của chứng thư số",
                    **details,
                )
            notes.append(msg)
    else:
        notes.append(
            "no trust root known: revocation not checked / "
            "không có chứng thư gốc: chưa kiểm tra thu hồi"
        )
    return revocation


def _revocation_status(
    cert: asn1_x509.Certificate,
    chain: Sequence[asn1_x509.Certificate],
    roots: list[asn1_x509.Certificate],
    policy: SigningPolicy,
    details: dict[str, Any],
) -> str:
    from pyhanko_certvalidator import CertificateValidator, ValidationContext
    from pyhanko_certvalidator.errors import (
        InsufficientRevinfoError,
        PathBuildingError,
        PathValidationError,
        RevokedError,
    )

    ctx = ValidationContext(
        trust_roots=roots,
        other_certs=list(chain),
        allow_fetching=True,
        fetcher_backend=requests_backend(),
        revocation_mode="hard-fail",
        algorithm_usage_policy=policy.algorithm_usage_policy(),
    )
    validator: Any = CertificateValidator(
        cert, intermediate_certs=list(chain), validation_context=ctx
    )
    try:
        run_sync(validator.async_validate_usage(set()))
    except RevokedError as exc:
        raise CertificateRejectedError(
            f"The certificate has been revoked: {exc}", "Chứng thư số đã bị thu hồi", **details
        ) from exc
    except InsufficientRevinfoError:
        return "unknown"
    except PathBuildingError:
        return "unknown"
    except PathValidationError as exc:
        text = str(exc)
        if "revocation" in text.lower() or "fetch" in text.lower():
            return "unknown"
        raise CertificateRejectedError(
            f"The certificate chain does not validate: {text}",
            f"Chuỗi chứng thư số không hợp lệ: {text}",
            **details,
        ) from exc
    except Exception:  # network errors inside fetchers: soft
        return "unknown"
    return "good"


def requests_backend() -> Any:
    """A requests-based fetcher backend (pyHanko's default aiohttp one leaves sessions open
    when driven through ``asyncio.run`` once per signature)."""
    from pyhanko_certvalidator.fetchers.requests_fetchers import RequestsFetcherBackend

    return RequestsFetcherBackend()


def run_sync(coro: Any) -> Any:
    """Run a pyHanko coroutine from synchronous code, even inside a running event loop."""
    try:
        asyncio.get_running_loop()
    except RuntimeError:
        return asyncio.run(coro)
    # called from inside an event loop: run in a helper thread
    out: list[Any] = []
    err: list[BaseException] = []

    def target() -> None:
        try:
            out.append(asyncio.run(coro))
        except BaseException as exc:  # pragma: no cover - re-raised below
            err.append(exc)

    thread = threading.Thread(target=target)
    thread.start()
    thread.join()
    if err:
        raise err[0]
    return out[0]
