"""Dated certificate-algorithm policy, bundled trust with no import step, roles from geometry."""

from __future__ import annotations

from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import attrs
from asn1crypto import algos

from vndocsign.model import SignatureRole
from vndocsign.pki import LEGACY, TT15, CertificateKind, bundled_trust
from vndocsign.verification import PINNED, TrustProfile, TrustStore
from vndocsign.verification._algorithm_usage import DatedAlgorithmUsage
from vndocsign.verification._context import SignatureSite
from vndocsign.verification._roles import PageLayout, infer_roles

BEFORE = datetime(2025, 3, 1, tzinfo=UTC)
AFTER = datetime(2026, 3, 1, tzinfo=UTC)


def _sha1_rsa() -> algos.SignedDigestAlgorithm:
    return algos.SignedDigestAlgorithm({"algorithm": "sha1_rsa"})


def test_certificate_sha1_judged_at_signing_time() -> None:
    policy = DatedAlgorithmUsage(TT15)
    leaf_issuer_key = bundled_trust("cong-vu").intermediates[0].public_key
    assert policy.signature_algorithm_allowed(_sha1_rsa(), BEFORE, leaf_issuer_key)
    assert not policy.signature_algorithm_allowed(_sha1_rsa(), AFTER, leaf_issuer_key)
    assert DatedAlgorithmUsage(LEGACY).signature_algorithm_allowed(
        _sha1_rsa(), AFTER, leaf_issuer_key
    )
    md5 = algos.SignedDigestAlgorithm({"algorithm": "md5_rsa"})
    assert not policy.signature_algorithm_allowed(md5, BEFORE, leaf_issuer_key)


def test_signatures_on_pinned_intermediates_accepted_after_sunset() -> None:
    """The G1 CA certificates (SHA-1, 2010) are pinned: the root's signature on them passes."""
    bundle = bundled_trust("cong-vu")
    g1_root = next(r for r in bundle.roots if "RootCA)" in r.subject.native["common_name"])
    g1_ca = next(
        c for c in bundle.intermediates if c.subject.native["common_name"].endswith("Chinh phu")
    )
    # the path of the G1 CA itself: built from the bundle, its issuer's key is pinned
    policy = DatedAlgorithmUsage.for_path(TT15, g1_ca, bundle.roots, bundle.intermediates)
    assert policy.pinned_keys == frozenset()  # g1_ca is the "leaf" here: nothing above it
    leafless = DatedAlgorithmUsage(TT15, [g1_root.public_key.dump()])
    assert leafless.signature_algorithm_allowed(_sha1_rsa(), AFTER, g1_root.public_key)
    assert not DatedAlgorithmUsage(TT15).signature_algorithm_allowed(
        _sha1_rsa(), AFTER, g1_root.public_key
    )


def test_named_profiles_work_without_import(tmp_path: Path) -> None:
    empty = TrustStore(tmp_path / "empty")
    cong_vu = TrustProfile.named("cong-vu", empty)
    names = sorted(c.subject.native["common_name"] for c in cong_vu.anchors)
    assert names == [
        "Co quan chung thuc so chuyen dung Chinh phu (RootCA)",
        "RootCA chuyên dùng Chính phủ G2",
    ]
    assert len(cong_vu.intermediates) == 6 and not cong_vu.notes
    assert len(TrustProfile.named(store=empty).anchors) == 4  # default any-vn
    assert {p.key for p in PINNED} >= {"neac-root", "vnpt-ca-sha2", "vgca-root-g2", "vgca-ca-g2"}
    assert len(PINNED) == 20


def test_custom_root_of_the_store_is_used(tmp_path: Path) -> None:
    store = TrustStore(tmp_path / "s")
    root = bundled_trust("public").intermediates[0]  # any certificate stands for a custom root
    (tmp_path / "root.der").write_bytes(root.dump())
    store.add_custom_root(tmp_path / "root.der")
    profile = TrustProfile.named("cong-vu", store)
    assert len(profile.anchors) == 3 and profile.notes


@attrs.frozen
class _Signer:
    kind: CertificateKind
    name: str = "x"


def _pair(
    name: str, rev: int, rect: tuple[float, float, float, float], kind: CertificateKind
) -> Any:
    from vndocsign.verification._states import SignatureType

    site = SignatureSite(
        name, None, None, False, "/adbe.pkcs7.detached", revision=rev, rect=rect, page=0
    )

    @attrs.frozen
    class _Report:
        type: Any = SignatureType.SIGNATURE
        signer: Any = _Signer(kind)
        role: Any = None
        stamped: Any = ()
        stamped_text: Any = None

    return site, _Report()


def test_roles_and_stamps_from_geometry() -> None:
    """Personal, then agency: number in the Số blank, day in the date line, seal over the name."""
    org, ind = CertificateKind.ORGANIZATION, CertificateKind.INDIVIDUAL
    checked = [
        _pair("Sig1", 1, (129, 400, 163, 417), ind),  # ký tắt: a small mark
        _pair("Sig2", 2, (365, 343, 510, 443), ind),
        _pair("Sig3", 3, (126, 724, 171, 744), org),
        _pair("Sig4", 4, (369, 722, 393, 742), org),
        _pair("Sig5", 5, (304, 338, 444, 458), org),
    ]
    layout = PageLayout(595, 842, (106, 726, 123, 739), (330, 722, 540, 738))
    out = infer_roles(checked, lambda _p: layout)
    assert [str(r.role) for r in out] == ["initial", "personal", "agency", "agency", "agency"]
    assert [tuple(map(str, r.stamped)) for r in out] == [(), (), ("number",), ("date",), ("seal",)]
    # without a text layer the header band and the page halves decide
    out = infer_roles(checked, lambda _p: PageLayout())
    assert [tuple(map(str, r.stamped)) for r in out][2:] == [("number",), ("date",), ("seal",)]
    assert out[1].role is SignatureRole.PERSONAL


def test_trust_update_replaces_imported_material(tmp_path: Path) -> None:
    from click.testing import CliRunner

    from vndocsign.cli.main import cli

    bundle = bundled_trust("any-vn")
    first, second = tmp_path / "first", tmp_path / "second"
    first.mkdir()
    second.mkdir()
    (first / "a.der").write_bytes(bundle.roots[0].dump())
    (first / "b.der").write_bytes(bundle.intermediates[0].dump())
    (second / "b.der").write_bytes(bundle.intermediates[0].dump())
    store = tmp_path / "store"
    runner = CliRunner()
    res = runner.invoke(cli, ["trust", "import", str(first), "--trust-dir", str(store)])
    assert res.exit_code == 0 and len(list(store.glob("*.der"))) == 2
    res = runner.invoke(cli, ["trust", "update", str(second), "--trust-dir", str(store)])
    assert res.exit_code == 0 and len(list(store.glob("*.der"))) == 1
    pinned, _custom, _notes = TrustStore(store).scan()
    assert len(pinned) == 1
