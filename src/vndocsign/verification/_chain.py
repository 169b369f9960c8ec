"""Trust: chain to the profile's roots, validity and revocation at a moment (step 5).

pyhanko-certvalidator builds and checks the path; its errors are mapped 1:1 to AdES
sub-indications as pyHanko does, then upgraded to TOTAL_FAILED when the signing time is proven
(REVOKED, EXPIRED, NOT_YET_VALID). No CRL/OCSP at all is INDETERMINATE/TRY_LATER with a warning
(R5.4: never a silent pass). Revocation data comes from the DSS, the CMS and, unless offline,
the network.
"""

from __future__ import annotations

import contextlib
from collections.abc import Sequence
from datetime import datetime
from typing import Any

import attrs
from asn1crypto import cms, x509

from vndocsign.pki import AlgorithmPolicy
from vndocsign.verification._algorithm_usage import DatedAlgorithmUsage
from vndocsign.verification._report import Message
from vndocsign.verification._states import RevocationMode, RevocationStatus, SubIndication
from vndocsign.verification._trust import TrustProfile

__all__ = [
    "RevocationData",
    "TrustResult",
    "cms_revocation_data",
    "common_name",
    "dss_revocation_data",
    "validate_chain",
]

_S = SubIndication


@attrs.frozen
class RevocationData:
    """Certificates, OCSP responses and CRLs gathered from the file."""

    certs: tuple[x509.Certificate, ...] = ()
    ocsps: tuple[Any, ...] = ()
    crls: tuple[Any, ...] = ()

    def __add__(self, other: RevocationData) -> RevocationData:
        return RevocationData(
            self.certs + other.certs, self.ocsps + other.ocsps, self.crls + other.crls
        )


@attrs.frozen
class TrustResult:
    trusted: bool
    sub: SubIndication | None
    failed: bool
    chain: tuple[str, ...]
    revocation: RevocationStatus
    message: Message | None
    valid_at_time: bool | None


def common_name(cert: x509.Certificate) -> str:
    try:
        return str(cert.subject.native.get("common_name") or cert.subject.human_friendly)
    except Exception:
        return "?"


def _context(
    cert: x509.Certificate,
    trust: TrustProfile,
    revinfo: RevocationData,
    moment: datetime,
    revocation: RevocationMode,
    policy: AlgorithmPolicy,
) -> Any:
    from pyhanko_certvalidator import ValidationContext

    return ValidationContext(
        trust_roots=list(trust.anchors),
        other_certs=list(revinfo.certs) + list(trust.intermediates),
        moment=moment,
        allow_fetching=revocation is not RevocationMode.EMBEDDED_ONLY,
        revocation_mode="require",
        retroactive_revinfo=True,
        ocsps=list(revinfo.ocsps),
        crls=list(revinfo.crls),
        algorithm_usage_policy=DatedAlgorithmUsage.for_path(
            policy, cert, trust.anchors, trust.intermediates
        ),
    )


_TEXT = {
    "NO_CERTIFICATE_CHAIN_FOUND": (
        "no certificate chain to a trusted root was found",
        "không xây dựng được đường dẫn tới chứng thư gốc tin cậy",
    ),
    "REVOKED": (
        "the certificate was revoked before the signing time",
        "chứng thư số đã bị thu hồi trước thời điểm ký",
    ),
    "REVOKED_NO_POE": (
        "the certificate is revoked and the signing time is not proven",
        "chứng thư số bị thu hồi và thời điểm ký chưa được chứng minh",
    ),
    "EXPIRED": (
        "the certificate had expired at the (time-stamped) signing time",
        "chứng thư số đã hết hạn tại thời điểm ký (có dấu thời gian)",
    ),
    "OUT_OF_BOUNDS_NO_POE": (
        "the certificate is outside its validity period at the claimed signing time",
        "chứng thư số ngoài thời hạn hiệu lực tại thời điểm ký khai báo",
    ),
    "NOT_YET_VALID": (
        "the certificate was not yet valid at the signing time",
        "chứng thư số chưa có hiệu lực tại thời điểm ký",
    ),
    "TRY_LATER": (
        "revocation status could not be established (no CRL/OCSP available)",
        "không kiểm tra được trạng thái thu hồi (không có CRL/OCSP)",
    ),
    "CRYPTO_CONSTRAINTS_FAILURE": (
        "a certificate in the chain uses a disallowed algorithm",
        "chứng thư trong chuỗi dùng thuật toán không được phép",
    ),
}


async def _run_validator(
    cert: x509.Certificate, extra: Sequence[x509.Certificate], vc: Any, usage: str
) -> tuple[Any, list[BaseException]]:
    """pyHanko's certvalidator result, and the exception it mapped (if any)."""
    from pyhanko.sign.validation.generic_cms import handle_certvalidator_errors
    from pyhanko_certvalidator import CertificateValidator

    validator = CertificateValidator(cert, intermediate_certs=list(extra), validation_context=vc)
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

    return await handle_certvalidator_errors(cert, watched()), caught


def _map_failure(
    sub: SubIndication, proven: bool
) -> tuple[SubIndication, bool, RevocationStatus, bool | None]:
    """(sub-indication, failed, revocation state, valid at the time) for a failed path."""
    if sub in (_S.REVOKED_NO_POE, _S.REVOKED_CA_NO_POE):
        if proven and sub is _S.REVOKED_NO_POE:
            return _S.REVOKED, True, RevocationStatus.REVOKED, False
        return sub, False, RevocationStatus.REVOKED, False
    if sub is _S.OUT_OF_BOUNDS_NO_POE:
        return (_S.EXPIRED if proven else sub), proven, RevocationStatus.UNKNOWN, False
    if sub is _S.NOT_YET_VALID:
        return sub, proven, RevocationStatus.UNKNOWN, False
    return sub, False, RevocationStatus.UNKNOWN, None


async def validate_chain(
    cert: x509.Certificate,
    revinfo: RevocationData,
    trust: TrustProfile,
    moment: datetime,
    *,
    proven: bool,
    revocation: RevocationMode,
    policy: AlgorithmPolicy,
    usage: str = "signer",
) -> TrustResult:
    """Validate ``cert`` (``usage``: ``signer`` or ``tsa``) at ``moment`` against ``trust``.

    ``proven``: the moment is proven by a trusted time-stamp (turns NO_POE findings into
    TOTAL_FAILED ones). The embedded revocation data always counts: it is tried alone first,
    and the network is asked only when it does not settle the question (a B-LTA file stays
    TOTAL_PASSED when the CRL and OCSP servers are unreachable; online data only adds).
    """
    if revocation is not RevocationMode.EMBEDDED_ONLY:
        embedded = await validate_chain(
            cert,
            revinfo,
            trust,
            moment,
            proven=proven,
            revocation=RevocationMode.EMBEDDED_ONLY,
            policy=policy,
            usage=usage,
        )
        if embedded.trusted or embedded.failed:
            return embedded
    if not trust.anchors:
        return TrustResult(
            False,
            _S.NO_CERTIFICATE_CHAIN_FOUND,
            False,
            (),
            RevocationStatus.NOT_CHECKED,
            Message.of(
                "no_trust_anchor",
                f"trust profile '{trust.name}' has no root certificate: trust not established",
                f"hồ sơ tin cậy '{trust.name}' chưa có chứng thư gốc: chưa xác "
                "minh được đường dẫn tin cậy",
            ),
            None,
        )
    try:
        vc = _context(cert, trust, revinfo, moment, revocation, policy)
        try:
            result, caught = await _run_validator(cert, revinfo.certs, vc, usage)
        finally:  # the fetchers' aiohttp session: never left unclosed
            with contextlib.suppress(Exception):
                await vc.aclose()
    except Exception as exc:  # pragma: no cover - defensive
        return TrustResult(
            False,
            _S.CERTIFICATE_CHAIN_GENERAL_FAILURE,
            False,
            (),
            RevocationStatus.UNKNOWN,
            Message.of(
                "chain_error",
                f"certificate validation error: {exc}"[:200],
                "lỗi khi kiểm tra chứng thư số",
            ),
            None,
        )
    if result.success_result is not None:
        path = result.success_result
        names = (
            tuple(common_name(c) for c in path.iter_certs(include_root=True))
            if hasattr(path, "iter_certs")
            else ()
        )
        return TrustResult(True, None, False, names, RevocationStatus.GOOD, None, True)
    return _failed_path(result, caught, proven)


def _failed_path(result: Any, caught: list[BaseException], proven: bool) -> TrustResult:
    """The trust result of a path pyHanko could not validate."""
    from pyhanko_certvalidator.errors import InsufficientRevinfoError

    sub = SubIndication.parse(
        result.error_subindic.name if result.error_subindic is not None else "GENERIC"
    )
    if (
        caught
        and isinstance(caught[0], InsufficientRevinfoError)
        and sub in (_S.CERTIFICATE_CHAIN_GENERAL_FAILURE, _S.CHAIN_CONSTRAINTS_FAILURE, _S.GENERIC)
    ):
        sub = _S.TRY_LATER  # no CRL/OCSP: R5.4 says indeterminate with a warning
    chain: tuple[str, ...] = ()
    if result.error_path is not None and hasattr(result.error_path, "iter_certs"):
        chain = tuple(common_name(c) for c in result.error_path.iter_certs(include_root=True))
    sub, failed, state, valid_at = _map_failure(sub, proven)
    en, vi = _TEXT.get(sub, (f"certificate validation: {sub}", f"kiểm tra chứng thư số: {sub}"))
    message = Message.of("trust_" + sub.lower(), en, vi, "error" if failed else "warning")
    return TrustResult(False, sub, failed, chain, state, message, valid_at)


def dss_revocation_data(reader: Any) -> RevocationData:
    """Certificates, OCSP responses and CRLs of the document security store (``/DSS``)."""
    from asn1crypto import crl as asn1_crl
    from asn1crypto import ocsp as asn1_ocsp

    found: dict[str, list[Any]] = {"/Certs": [], "/OCSPs": [], "/CRLs": []}
    loaders = {
        "/Certs": x509.Certificate.load,
        "/OCSPs": asn1_ocsp.OCSPResponse.load,
        "/CRLs": asn1_crl.CertificateList.load,
    }
    try:
        if "/DSS" not in reader.root:
            return RevocationData()
        dss = reader.root["/DSS"]
        for key, target in found.items():
            arr = dss[key] if key in dss else []  # noqa: SIM401 (deref)
            for i in range(len(arr)):
                try:
                    target.append(loaders[key](arr[i].data))
                except Exception:  # noqa: S112
                    continue
    except Exception:  # noqa: S110
        pass
    return RevocationData(tuple(found["/Certs"]), tuple(found["/OCSPs"]), tuple(found["/CRLs"]))


def cms_revocation_data(sd: cms.SignedData, si: cms.SignerInfo) -> RevocationData:
    """adbe-revocationInfoArchival (signed attribute) and CMS revocation choices."""
    ocsps: list[Any] = []
    crls: list[Any] = []
    try:
        for a in si["signed_attrs"]:
            if a["type"].native == "adobe_revocation_info_archival":
                v = a["values"][0]
                crls.extend(v["crl"] or [])
                ocsps.extend(v["ocsp"] or [])
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
    return RevocationData((), tuple(ocsps), tuple(crls))
