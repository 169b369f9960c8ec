"""Pre-signing checks of the signer's own certificate, and role sanity.

The law (TT 15/2025/TT-BKHCN "Điều 5" S1; NĐ 23/2025 Điều 15; NĐ 68/2024 Điều 29) asks signing
software to check the signer's certificate *before* signing and to refuse when it is not valid.
:func:`check_signer_certificate` does, in this order, and raises
:class:`~vndocsign.signing.errors.CertificateRejectedError` on the first failure:

1. validity period now (notBefore ≤ now ≤ notAfter);
2. key usage: ``digitalSignature`` or ``nonRepudiation`` when the extension is present;
3. key strength (TT 15/2025 Phụ lục I): RSA ≥ 2048 bits, EC ≥ 256 bits;
4. hash algorithms: the signature digest and the certificate's own signature hash must be
   SHA-2 or SHA-3 (no SHA-1, no MD5);
5. revocation (OCSP, else CRL) when a trust root is known and the responder is reachable:
   *revoked* refuses; *unreachable* is reported as a warning (TT 15/2025 Phụ lục II 1.2:
   "phải hiển thị cảnh báo"), or refuses with ``SigningPolicy(require_revocation=True)``.

The only way around a refusal is an explicit :class:`SigningPolicy` — for example
:meth:`SigningPolicy.legacy`, which accepts RSA-1024 and SHA-1 *certificate* signatures for old
tokens and says so in every :class:`CertificateCheck` it produces. Expired or revoked
certificates are never accepted by a ready-made policy.

Role sanity (R6.5–R6.7 of the reference): a certificate whose ``UID`` RDNs carry
``CCCD:``/``CMND:``/``HC:``/``PID:``/``PPID:`` is an *individual* one; one with only ``MST:``/
``MNS:`` is an *organisation* (seal) one. The ``agency`` role expects an organisation
certificate; ``personal`` and ``initial`` expect an individual one. A mismatch emits
:class:`~vndocsign.signing.errors.RoleMismatchWarning`, or raises
:class:`~vndocsign.signing.errors.RoleMismatchError` with ``strict_role=True``.
"""

from __future__ import annotations

import asyncio
import enum
import hashlib
import threading
import time
import warnings
from collections.abc import Iterable, Sequence
from datetime import UTC, datetime
from typing import Any

import attrs
from asn1crypto import x509 as asn1_x509

from vndocsign.signing.errors import (
    CertificateRejectedError,
    RoleMismatchError,
    RoleMismatchWarning,
)

__all__ = [
    "STRONG_DIGESTS",
    "CertificateCheck",
    "CertificateKind",
    "SigningPolicy",
    "certificate_kind",
    "check_role",
    "check_signer_certificate",
    "parse_uids",
]

#: Digest algorithms allowed by TT 15/2025 Phụ lục I (FIPS 180-4 and FIPS 202).
STRONG_DIGESTS = frozenset({
    "sha256", "sha384", "sha512", "sha512_224", "sha512_256",
    "sha3_224", "sha3_256", "sha3_384", "sha3_512", "shake128", "shake256",
})

_INDIVIDUAL = ("CCCD", "CMND", "HC", "PID", "PPID")
_ORGANISATION = ("MST", "MNS")


class CertificateKind(enum.Enum):
    """What a certificate identifies, read from its ``UID`` RDNs (R6.5)."""

    INDIVIDUAL = "individual"
    ORGANIZATION = "organization"
    UNKNOWN = "unknown"


@attrs.frozen
class SigningPolicy:
    """What the pre-signing gate accepts. The default is the law's; loosen it only on purpose.

    ``name`` is reported in every :class:`CertificateCheck` so that a loosened policy is visible.
    """

    name: str = "tt15-2025"
    min_rsa_bits: int = 2048
    min_ec_bits: int = 256
    allowed_digests: frozenset[str] = STRONG_DIGESTS
    #: Also accept these hashes in the *certificate's own* signature (legacy CAs).
    allow_weak_certificate_hash: bool = False
    check_revocation: bool = True
    #: Refuse when revocation status cannot be obtained (default: warn).
    require_revocation: bool = False
    #: Raise instead of warning when the certificate kind does not fit the role.
    strict_role: bool = False
    #: Seconds a successful check of one certificate is reused within a process (batches).
    cache_seconds: float = 300.0

    @classmethod
    def legacy(cls) -> SigningPolicy:
        """Accept RSA ≥ 1024 and SHA-1-signed certificates (old tokens). Never expired/revoked.

        The signature itself is still made with SHA-256: only the certificate is legacy.
        """
        return cls(name="legacy-weak-keys", min_rsa_bits=1024, min_ec_bits=192,
                   allow_weak_certificate_hash=True)

    def algorithm_usage_policy(self) -> Any:
        """The matching pyhanko-certvalidator algorithm policy (used for B-LT validation)."""
        from pyhanko_certvalidator import policy_decl

        policy_cls: Any = policy_decl.DisallowWeakAlgorithmsPolicy
        weak = frozenset() if self.allow_weak_certificate_hash else frozenset({"md2", "md5",
                                                                                "sha1"})
        return policy_cls(weak_hash_algos=weak,
                                            rsa_key_size_threshold=self.min_rsa_bits)


@attrs.frozen
class CertificateCheck:
    """The outcome of a passed pre-signing check (a failure raises instead)."""

    subject: str
    kind: CertificateKind
    uids: dict[str, tuple[str, ...]]
    key_algorithm: str
    key_bits: int
    revocation: str  # "good" | "unknown" (unreachable) | "no_source" | "not_checked"
    policy: str
    warnings: tuple[str, ...] = ()


def parse_uids(cert: asn1_x509.Certificate) -> dict[str, tuple[str, ...]]:
    """``UID`` values (OID 0.9.2342.19200300.100.1.1) as ``{"CCCD": ("0010…",), "MST": …}``."""
    out: dict[str, list[str]] = {}
    for rdn in cert.subject.chosen:
        for ava in rdn:
            if ava["type"].dotted != "0.9.2342.19200300.100.1.1":
                continue
            value = str(ava["value"].native).strip()
            prefix, sep, rest = value.partition(":")
            if sep:
                out.setdefault(prefix.strip().upper(), []).append(rest.strip())
            else:
                out.setdefault("", []).append(value)
    return {k: tuple(v) for k, v in out.items()}


def certificate_kind(cert: asn1_x509.Certificate) -> CertificateKind:
    """Individual if any personal id is present, else organisation if MST/MNS (R6.5)."""
    uids = parse_uids(cert)
    if any(p in uids for p in _INDIVIDUAL):
        return CertificateKind.INDIVIDUAL
    if any(p in uids for p in _ORGANISATION):
        return CertificateKind.ORGANIZATION
    return CertificateKind.UNKNOWN


def check_role(cert: asn1_x509.Certificate, role: str, *, strict: bool = False) -> str | None:
    """Warn (or raise if ``strict``) when the certificate kind does not fit ``role``.

    Returns the warning text (English / Vietnamese) or ``None`` when the role fits.
    """
    kind = certificate_kind(cert)
    expected: CertificateKind | None = {
        "agency": CertificateKind.ORGANIZATION,
        "attachment": CertificateKind.ORGANIZATION,
        "copy": CertificateKind.ORGANIZATION,
        "personal": CertificateKind.INDIVIDUAL,
        "initial": CertificateKind.INDIVIDUAL,
    }.get(role)
    if expected is None or kind is expected:
        return None
    en = (f"The {role!r} role expects an {expected.value} certificate, but "
          f"{cert.subject.human_friendly!r} is {kind.value}")
    vi = (f"Vai trò {role!r} cần chứng thư của "
          f"{'tổ chức (MST/MNS)' if expected is CertificateKind.ORGANIZATION else 'cá nhân (CCCD/CMND/HC)'}"  # noqa: E501
          f", nhưng chứng thư này là loại {kind.value}")
    if strict:
        raise RoleMismatchError(en, vi, role=role, kind=kind.value)
    warnings.warn(f"{vi} / {en}", RoleMismatchWarning, stacklevel=3)
    return f"{vi} / {en}"


def _key_info(cert: asn1_x509.Certificate) -> tuple[str, int]:
    pub = cert.public_key
    algo = pub.algorithm
    return algo, int(pub.bit_size)


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
    if digest not in policy.allowed_digests:
        raise CertificateRejectedError(
            f"Digest algorithm {digest_algorithm} is not allowed (SHA-2/SHA-3 only)",
            f"Thuật toán băm {digest_algorithm} không được phép (chỉ SHA-2/SHA-3)",
            **details, digest=digest_algorithm)

    fingerprint = hashlib.sha256(cert.dump()).hexdigest()
    cache_key = (fingerprint, repr(policy) + digest)
    with _CACHE_LOCK:
        hit = _CACHE.get(cache_key)
    if at is None and hit is not None and time.monotonic() - hit[0] < policy.cache_seconds:
        return hit[1]

    validity = cert["tbs_certificate"]["validity"]
    not_before = validity["not_before"].native
    not_after = validity["not_after"].native
    if now < not_before:
        raise CertificateRejectedError(
            f"The certificate is not valid before {not_before:%Y-%m-%d %H:%M:%S %Z}",
            f"Chứng thư số chưa có hiệu lực (từ {not_before:%d/%m/%Y %H:%M:%S})",
            **details, not_before=not_before.isoformat())
    if now > not_after:
        raise CertificateRejectedError(
            f"The certificate expired on {not_after:%Y-%m-%d %H:%M:%S %Z}",
            f"Chứng thư số đã hết hạn ngày {not_after:%d/%m/%Y %H:%M:%S}",
            **details, not_after=not_after.isoformat())

    usage = cert.key_usage_value
    if usage is not None:
        names = set(usage.native)
        if not names & {"digital_signature", "non_repudiation"}:
            raise CertificateRejectedError(
                "The certificate's key usage allows neither digitalSignature nor nonRepudiation",
                "Mục đích sử dụng khóa của chứng thư không cho phép ký số",
                **details, key_usage=sorted(names))

    algo, bits = _key_info(cert)
    if algo == "rsa" and bits < policy.min_rsa_bits:
        raise CertificateRejectedError(
            f"RSA key of {bits} bits is too weak (minimum {policy.min_rsa_bits}, TT 15/2025)",
            f"Khóa RSA {bits} bit quá yếu (tối thiểu {policy.min_rsa_bits} bit, TT 15/2025)",
            **details, key_bits=bits)
    if algo == "ec" and bits < policy.min_ec_bits:
        raise CertificateRejectedError(
            f"EC key of {bits} bits is too weak (minimum {policy.min_ec_bits}, TT 15/2025)",
            f"Khóa EC {bits} bit quá yếu (tối thiểu {policy.min_ec_bits} bit, TT 15/2025)",
            **details, key_bits=bits)

    cert_hash = cert.hash_algo
    if cert_hash not in STRONG_DIGESTS and not policy.allow_weak_certificate_hash and not (
        cert_hash is None and algo in {"ed25519", "ed448"}
    ):
        raise CertificateRejectedError(
            f"The certificate is signed with {cert_hash}; only SHA-2/SHA-3 are allowed",
            f"Chứng thư số được ký bằng {cert_hash}; chỉ chấp nhận SHA-2/SHA-3",
            **details, certificate_hash=cert_hash)

    notes: list[str] = []
    if policy.name != SigningPolicy().name:
        notes.append(f"policy {policy.name!r} in force / áp dụng chính sách {policy.name!r}")
    revocation = "not_checked"
    if policy.check_revocation:
        roots = list(trust_roots) if trust_roots is not None else [
            c for c in chain if c.self_signed in ("maybe", "yes")]
        if not cert.ocsp_urls and not cert.crl_distribution_points:
            revocation = "no_source"
            notes.append("the certificate names no OCSP or CRL URL: revocation not checkable / "
                         "chứng thư không có địa chỉ OCSP/CRL: không kiểm tra được thu hồi")
            if policy.require_revocation:
                raise CertificateRejectedError(
                    "Revocation status could not be obtained (no OCSP/CRL URL)",
                    "Không kiểm tra được trạng thái thu hồi (không có OCSP/CRL)", **details)
        elif roots:
            revocation = _revocation_status(cert, chain, roots, policy, details)
            if revocation == "unknown":
                msg = ("revocation status could not be obtained (OCSP/CRL unreachable) / "
                       "không kiểm tra được trạng thái thu hồi (OCSP/CRL không truy cập được)")
                if policy.require_revocation:
                    raise CertificateRejectedError(
                        "Revocation status could not be obtained",
                        "Không kiểm tra được trạng thái thu hồi của chứng thư số", **details)
                notes.append(msg)
        else:
            notes.append("no trust root known: revocation not checked / "
                         "không có chứng thư gốc: chưa kiểm tra thu hồi")
    result = CertificateCheck(
        subject=subject, kind=certificate_kind(cert), uids=parse_uids(cert),
        key_algorithm=algo, key_bits=bits, revocation=revocation, policy=policy.name,
        warnings=tuple(notes))
    if at is None:
        with _CACHE_LOCK:
            _CACHE[cache_key] = (time.monotonic(), result)
    return result


def _revocation_status(cert: asn1_x509.Certificate, chain: Sequence[asn1_x509.Certificate],
                       roots: list[asn1_x509.Certificate], policy: SigningPolicy,
                       details: dict[str, Any]) -> str:
    from pyhanko_certvalidator import CertificateValidator, ValidationContext
    from pyhanko_certvalidator.errors import (
        InsufficientRevinfoError,
        PathBuildingError,
        PathValidationError,
        RevokedError,
    )

    ctx = ValidationContext(
        trust_roots=roots, other_certs=list(chain), allow_fetching=True,
        fetcher_backend=requests_backend(),
        revocation_mode="hard-fail", algorithm_usage_policy=policy.algorithm_usage_policy())
    validator: Any = CertificateValidator(cert, intermediate_certs=list(chain),
                                          validation_context=ctx)
    try:
        run_sync(validator.async_validate_usage(set()))
    except RevokedError as exc:
        raise CertificateRejectedError(
            f"The certificate has been revoked: {exc}",
            "Chứng thư số đã bị thu hồi", **details) from exc
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
            f"Chuỗi chứng thư số không hợp lệ: {text}", **details) from exc
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
