"""Certificate kinds, UIDs and the dated TT 15/2025 algorithm policy (vndocsign.pki)."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta, timezone

import pytest
from asn1crypto import x509

from tests.pki import AGENCY_MNS, AGENCY_MST, PERSONAL, PERSONAL_CMND, ROOT, VnTestPki
from vndocsign.pki import (
    LEGACY,
    TT15,
    AlgorithmPolicy,
    AlgorithmVerdict,
    CertificateKind,
    certificate_kind,
    parse_uids,
    split_uid,
)


@pytest.mark.parametrize(
    ("label", "kind"),
    [
        (PERSONAL, CertificateKind.INDIVIDUAL),
        (PERSONAL_CMND, CertificateKind.INDIVIDUAL),
        (AGENCY_MST, CertificateKind.ORGANIZATION),
        (AGENCY_MNS, CertificateKind.ORGANIZATION),
        (ROOT, CertificateKind.UNKNOWN),
    ],
)
def test_kind_of_the_test_pki_certificates(
    vn_pki: VnTestPki, label: str, kind: CertificateKind
) -> None:
    assert certificate_kind(vn_pki.cert(label)) is kind


def test_uids_are_read_in_certificate_order(vn_pki: VnTestPki) -> None:
    prefixes = [p for p, _v in parse_uids(vn_pki.cert(AGENCY_MST))]
    assert "MST" in prefixes
    assert all(value for _p, value in parse_uids(vn_pki.cert(PERSONAL)))


def _name(**fields: str) -> x509.Certificate:
    """A certificate shell with only a subject (kind reads nothing else)."""
    subject = x509.Name.build(fields)
    tbs = x509.TbsCertificate({"subject": subject})
    return x509.Certificate({"tbs_certificate": tbs})


def test_agency_certificate_without_uid_whose_name_is_its_organization() -> None:
    # Real government agency certificates: ``CN=Bộ Nội vụ, O=Bộ Nội vụ`` and no UID.
    cert = _name(common_name="Bộ Nội vụ", organization_name="Bộ  nội vụ")
    assert certificate_kind(cert) is CertificateKind.ORGANIZATION
    person = _name(common_name="Nguyễn Văn A", organization_name="Bộ Nội vụ")
    assert certificate_kind(person) is CertificateKind.UNKNOWN


@pytest.mark.parametrize(
    ("value", "pair"),
    [
        ("CCCD:001089020747", ("CCCD", "001089020747")),
        ("mst: 0100686209-199", ("MST", "0100686209-199")),
        ("VATVN-0100686209", ("MST", "0100686209")),
        ("0123", ("UID", "0123")),
        ("X:1", ("X", "1")),
    ],
)
def test_split_uid(value: str, pair: tuple[str, str]) -> None:
    assert split_uid(value) == pair


def test_sha1_is_judged_at_the_proven_signing_time() -> None:
    before = datetime(2025, 8, 14, 23, 0, tzinfo=UTC)
    after = datetime(2025, 8, 15, 0, 0, tzinfo=UTC)
    assert TT15.judge_digest("sha1", before) is AlgorithmVerdict.ACCEPTED_BEFORE_SUNSET
    assert TT15.judge_digest("sha1", after) is AlgorithmVerdict.REJECTED
    assert TT15.judge_digest("SHA-1", date(2024, 1, 1)).ok
    # the day is taken in UTC: 06:30 +07:00 on the 15th is still the 14th in UTC
    vn = timezone(timedelta(hours=7))
    assert TT15.judge_digest("sha1", datetime(2025, 8, 15, 6, 30, tzinfo=vn)).ok
    assert TT15.judge_digest("sha1") is AlgorithmVerdict.REJECTED  # now


@pytest.mark.parametrize("digest", ["sha256", "sha512_256", "sha3_224", "shake256", "SHA-384"])
def test_tt15_digests_are_accepted(digest: str) -> None:
    assert TT15.judge_digest(digest, date(2000, 1, 1)) is AlgorithmVerdict.ACCEPTED


def test_md5_is_never_accepted_and_legacy_accepts_sha1_at_any_date() -> None:
    assert TT15.judge_digest("md5", date(1999, 1, 1)) is AlgorithmVerdict.REJECTED
    assert LEGACY.judge_digest("md5", date(1999, 1, 1)) is AlgorithmVerdict.REJECTED
    assert LEGACY.judge_digest("sha1", date(2030, 1, 1)) is AlgorithmVerdict.ACCEPTED_BEFORE_SUNSET


@pytest.mark.parametrize(
    ("algo", "bits", "tt15", "legacy"),
    [
        ("rsa", 2048, True, True),
        ("rsa", 1024, False, True),
        ("ec", 256, True, True),
        ("ec", 224, False, True),
        ("dsa", 1024, False, True),
        ("dsa", 3072, True, True),
        ("ed25519", 256, True, True),
        ("elgamal", 4096, False, False),
    ],
)
def test_key_sizes(algo: str, bits: int, tt15: bool, legacy: bool) -> None:
    assert TT15.judge_key(algo, bits).ok is tt15
    assert LEGACY.judge_key(algo, bits).ok is legacy


def test_sunset_dates_are_configurable() -> None:
    strict = AlgorithmPolicy("strict", sunset={"SHA1": date(2010, 1, 1)})
    assert strict.digest_sunset("sha1") == date(2010, 1, 1)
    assert not strict.judge_digest("sha1", date(2012, 1, 1)).ok
    assert strict.judge_digest("sha1", date(2009, 12, 31)).ok
