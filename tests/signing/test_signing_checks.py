"""Pre-signing checks (TT 15/2025, NĐ 23/2025 Điều 15) and role sanity (R6.5–R6.7)."""

from __future__ import annotations

import warnings
from datetime import UTC, datetime
from pathlib import Path

import attrs
import pytest

from tests.pki import vnpki
from tests.signing.helpers import assert_all_good, make_pdf
from vndocsign.errors import SigningError, VndocsignError
from vndocsign.signing import (
    Appearance,
    CertificateKind,
    CertificateRejectedError,
    RoleMismatchError,
    RoleMismatchWarning,
    SigningPolicy,
    certificate_kind,
    check_signer_certificate,
    parse_uids,
    sign_file,
    sign_pdf,
)

INVISIBLE = Appearance(invisible=True)


def test_uid_parsing(vn_pki):
    assert parse_uids(vn_pki.cert(vnpki.PERSONAL)) == {"CCCD": ("001089012345",)}
    assert parse_uids(vn_pki.cert(vnpki.PERSONAL_CMND)) == {"CMND": ("123456789",)}
    assert parse_uids(vn_pki.cert(vnpki.AGENCY_MST)) == {"MST": ("0100000001",)}
    assert parse_uids(vn_pki.cert(vnpki.AGENCY_MNS)) == {"MNS": ("1047665",)}
    assert certificate_kind(vn_pki.cert(vnpki.PERSONAL)) is CertificateKind.INDIVIDUAL
    assert certificate_kind(vn_pki.cert(vnpki.AGENCY_MNS)) is CertificateKind.ORGANIZATION
    assert certificate_kind(vn_pki.cert(vnpki.TSA)) is CertificateKind.UNKNOWN


def test_good_certificate_checks_revocation_online(vn_pki):
    check = check_signer_certificate(vn_pki.cert(vnpki.AGENCY_MST), vn_pki.chain(vnpki.AGENCY_MST),
                                     at=datetime.now(UTC))
    assert check.revocation == "good"
    assert check.key_algorithm == "rsa" and check.key_bits == 2048
    assert check.kind is CertificateKind.ORGANIZATION
    assert check.policy == "tt15-2025" and check.warnings == ()


@pytest.mark.parametrize(("label", "needle"), [
    (vnpki.EXPIRED, "expired"),
    (vnpki.REVOKED, "revoked"),
    (vnpki.WEAK_RSA1024, "RSA key of 1024 bits"),
    (vnpki.SHA1_SIGNED, "sha1"),
])
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
        out = sign_pdf(make_pdf(), keys[label], role="personal", appearance=INVISIBLE,
                       policy=legacy)
        assert out.startswith(make_pdf()[:8])
    check = check_signer_certificate(vn_pki.cert(vnpki.WEAK_RSA1024),
                                     vn_pki.chain(vnpki.WEAK_RSA1024), policy=legacy,
                                     at=datetime.now(UTC))
    assert any("legacy-weak-keys" in w for w in check.warnings)
    for label in (vnpki.EXPIRED, vnpki.REVOKED):
        with pytest.raises(CertificateRejectedError):
            sign_pdf(make_pdf(), keys[label], role="personal", appearance=INVISIBLE,
                     policy=legacy)


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
    check = check_signer_certificate(vn_pki.cert(vnpki.PERSONAL), [vn_pki.intermediate],
                                     at=datetime.now(UTC))
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


def test_role_mismatch_strict(keys):
    strict = attrs.evolve(SigningPolicy(), strict_role=True)
    with pytest.raises(RoleMismatchError) as info:
        sign_pdf(make_pdf(), keys[vnpki.PERSONAL], role="agency", appearance=INVISIBLE,
                 policy=strict)
    assert isinstance(info.value, SigningError) and isinstance(info.value, VndocsignError)


def test_role_mismatch_via_warning_filter(keys):
    with warnings.catch_warnings():
        warnings.simplefilter("error", RoleMismatchWarning)
        with pytest.raises(RoleMismatchWarning):
            sign_pdf(make_pdf(), keys[vnpki.AGENCY_MST], role="personal", appearance=INVISIBLE)
