"""Pre-signing checks (TT 15/2025, NĐ 23/2025 Điều 15) and role sanity (R6.5–R6.7)."""

from __future__ import annotations

import warnings
from datetime import UTC, datetime
from pathlib import Path

import attrs
import pytest

from tests.pki import vnpki
from tests.signing.helpers import assert_all_good, make_pdf
from vndocsign.pki import CertificateKind
from vndocsign.signing import (
    Appearance,
    CertificateRejectedError,
    RoleMismatchError,
    RoleMismatchWarning,
    SignerKey,
    SigningPolicy,
    check_signer_certificate,
    sign_file,
    sign_pdf,
)

INVISIBLE = Appearance(invisible=True)


def test_check_reports_uids_and_kind(vn_pki):
    """The gate reads identity through vndocsign.pki (one parser for signing and verification)."""
    personal = check_signer_certificate(
        vn_pki.cert(vnpki.PERSONAL_CMND), vn_pki.chain(vnpki.PERSONAL_CMND), at=datetime.now(UTC)
    )
    assert personal.uids == (("CMND", "123456789"),)
    assert personal.kind is CertificateKind.INDIVIDUAL
    agency = check_signer_certificate(
        vn_pki.cert(vnpki.AGENCY_MNS), vn_pki.chain(vnpki.AGENCY_MNS), at=datetime.now(UTC)
    )
    assert agency.uids == (("MNS", "1047665"),)
    assert agency.kind is CertificateKind.ORGANIZATION


def test_good_certificate_checks_revocation_online(vn_pki):
    check = check_signer_certificate(
        vn_pki.cert(vnpki.AGENCY_MST), vn_pki.chain(vnpki.AGENCY_MST), at=datetime.now(UTC)
    )
    assert check.revocation == "good"
    assert check.key_algorithm == "rsa" and check.key_bits == 2048
    assert check.kind is CertificateKind.ORGANIZATION
    assert check.policy == "tt15-2025" and check.warnings == ()


@pytest.mark.parametrize(
    ("label", "needle"),
    [
        (vnpki.EXPIRED, "expired"),
        (vnpki.REVOKED, "revoked"),
        (vnpki.WEAK_RSA1024, "RSA key of 1024 bits"),
        (vnpki.SHA1_SIGNED, "sha1"),
    ],
)
def test_refused_certificates(vn_pki, keys, label, needle, tmp_path: Path):
    src = tmp_path / "in.pdf"
    src.write_bytes(make_pdf())
    before = src.read_bytes()
    with pytest.raises(CertificateRejectedError) as info:
        sign_file(src, tmp_path / "out.pdf", keys[label], role="personal", appearance=INVISIBLE)
    assert needle in info.value.en
    assert info.value.vi != info.value.en  # Vietnamese message too
    assert src.read_bytes() == before
    assert sorted(p.name for p in tmp_path.iterdir()) == ["in.pdf"]  # no partial output


def test_legacy_policy_allows_old_algorithms_only(vn_pki, keys):
    legacy = SigningPolicy.legacy()
    for label in (vnpki.WEAK_RSA1024, vnpki.SHA1_SIGNED):
        out = sign_pdf(
            make_pdf(), keys[label], role="personal", appearance=INVISIBLE, policy=legacy
        )
        assert out.startswith(make_pdf()[:8])
    check = check_signer_certificate(
        vn_pki.cert(vnpki.WEAK_RSA1024),
        vn_pki.chain(vnpki.WEAK_RSA1024),
        policy=legacy,
        at=datetime.now(UTC),
    )
    assert any("'legacy'" in w for w in check.warnings)
    for label in (vnpki.EXPIRED, vnpki.REVOKED):
        with pytest.raises(CertificateRejectedError):
            sign_pdf(make_pdf(), keys[label], role="personal", appearance=INVISIBLE, policy=legacy)


def test_weak_digest_refused(vn_pki):
    with pytest.raises(CertificateRejectedError, match="sha1"):
        check_signer_certificate(vn_pki.cert(vnpki.PERSONAL), digest_algorithm="sha1")


def test_unreachable_revocation_warns_or_refuses(dead_pki):
    """OCSP and CRL servers down: a warning (TT 15/2025 Phụ lục II 1.2), or a refusal."""
    cert, chain = dead_pki.cert(vnpki.PERSONAL), dead_pki.chain(vnpki.PERSONAL)
    check = check_signer_certificate(cert, chain, at=datetime.now(UTC))
    assert check.revocation == "unknown"
    assert any("OCSP/CRL" in w for w in check.warnings)
    strict = attrs.evolve(SigningPolicy(), require_revocation=True)
    with pytest.raises(CertificateRejectedError, match="Revocation status"):
        check_signer_certificate(cert, chain, policy=strict, at=datetime.now(UTC))


def test_no_root_known_is_reported(vn_pki):
    check = check_signer_certificate(
        vn_pki.cert(vnpki.PERSONAL), [vn_pki.intermediate], at=datetime.now(UTC)
    )
    assert check.revocation == "not_checked"
    assert check.warnings


def test_role_mismatch_warns(vn_pki, keys):
    with pytest.warns(RoleMismatchWarning, match="tổ chức"):
        out = sign_pdf(make_pdf(), keys[vnpki.PERSONAL], role="agency", appearance=INVISIBLE)
    assert_all_good(out, vn_pki)
    with pytest.warns(RoleMismatchWarning, match="cá nhân"):
        sign_pdf(make_pdf(), keys[vnpki.AGENCY_MST], role="personal", appearance=INVISIBLE)


def test_role_match_is_silent(keys):
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        sign_pdf(make_pdf(), keys[vnpki.PERSONAL_CMND], role="initial", appearance=INVISIBLE)
        sign_pdf(make_pdf(), keys[vnpki.AGENCY_MNS], role="agency", appearance=INVISIBLE)


def test_role_mismatch_strict(vn_pki, keys, tmp_path: Path):
    """strict_role refuses before anything is written, with the role and kind in the details."""
    strict = attrs.evolve(SigningPolicy(), strict_role=True)
    src = tmp_path / "in.pdf"
    src.write_bytes(make_pdf())
    with pytest.raises(RoleMismatchError) as info:
        sign_file(
            src,
            tmp_path / "out.pdf",
            keys[vnpki.PERSONAL],
            role="agency",
            appearance=INVISIBLE,
            policy=strict,
        )
    assert info.value.code == "signing.role_mismatch"
    assert info.value.details == {"role": "agency", "kind": "individual"}
    assert "tổ chức" in info.value.vi
    assert sorted(p.name for p in tmp_path.iterdir()) == ["in.pdf"]
    # the same policy lets a fitting certificate through
    out = sign_pdf(
        make_pdf(), keys[vnpki.AGENCY_MST], role="agency", appearance=INVISIBLE, policy=strict
    )
    assert_all_good(out, vn_pki)


def test_role_mismatch_via_warning_filter(keys):
    with warnings.catch_warnings():
        warnings.simplefilter("error", RoleMismatchWarning)
        with pytest.raises(RoleMismatchWarning):
            sign_pdf(make_pdf(), keys[vnpki.AGENCY_MST], role="personal", appearance=INVISIBLE)


def _weak_key(vn_pki, label: str) -> SignerKey:
    from pyhanko.sign import signers
    from pyhanko_certvalidator.registry import SimpleCertificateStore

    cert, key, chain = vnpki.weak_material(vn_pki, label)
    signer = signers.SimpleSigner(
        signing_cert=cert,
        signing_key=key,
        cert_registry=SimpleCertificateStore.from_certs([cert, *chain]),
    )
    return SignerKey(signer=signer, certificate=cert, chain=tuple(chain))


@pytest.mark.parametrize(
    ("label", "needle"),
    [
        (vnpki.CHAIN_SHA1_INTERMEDIATE, "is signed with sha1"),
        (vnpki.CHAIN_RSA1024_INTERMEDIATE, "RSA key of 1024 bits"),
        (vnpki.DSA_1024, "DSA key of 1024 bits"),
    ],
)
def test_every_certificate_of_the_chain_is_judged(vn_pki, label, needle):
    """Issue 14 item 6: a good leaf under a weak CA, and DSA-1024, are refused by default."""
    key = _weak_key(vn_pki, label)
    with pytest.raises(CertificateRejectedError) as info:
        sign_pdf(make_pdf(), key, role="personal", appearance=INVISIBLE)
    assert needle in info.value.en
    weak_ca = label != vnpki.DSA_1024
    assert info.value.en.startswith("The CA certificate" if weak_ca else "The certificate")
    assert info.value.code == "signing.certificate_rejected"


def test_legacy_policy_accepts_a_weak_intermediate(vn_pki):
    for label in (vnpki.CHAIN_SHA1_INTERMEDIATE, vnpki.CHAIN_RSA1024_INTERMEDIATE, vnpki.DSA_1024):
        key = _weak_key(vn_pki, label)
        check = check_signer_certificate(
            key.certificate, key.chain, policy=SigningPolicy.legacy(), at=datetime.now(UTC)
        )
        assert check.policy == "legacy"


def test_trust_anchor_self_signature_is_not_judged(vn_pki):
    """Only signatures that prove something are judged: a SHA-1 self-signed root passes."""
    from cryptography.hazmat.primitives import serialization

    root_key = serialization.load_der_private_key(vn_pki.key(vnpki.ROOT).dump(), None)
    root = vnpki._resign_sha1(vn_pki.root, root_key)
    assert root.hash_algo == "sha1" and root.self_signed == "maybe"
    check = check_signer_certificate(
        vn_pki.cert(vnpki.PERSONAL),
        [vn_pki.intermediate, root],
        trust_roots=[vn_pki.root],
        at=datetime.now(UTC),
    )
    assert check.revocation == "good"
