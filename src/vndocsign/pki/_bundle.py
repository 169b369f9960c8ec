"""The Vietnamese CA certificates shipped with the package: trust with no import step.

Real Vietnamese PDFs embed only the signer's certificate (realdocs README), so a verifier needs
the issuing CAs and roots itself. The package ships the public CA certificates of both
government PKI generations of Ban Cơ yếu Chính phủ (G1 "Co quan chung thuc so … Chinh phu",
G2 "CA phục vụ các cơ quan Nhà nước G2"), the national root of the public PKI (NEAC: the 2008
"MIC National Root CA" and the 2014 "Vietnam National Root CA") and licensed public CAs, in
``vndocsign/data/trust`` with a ``MANIFEST.json`` that pins each file's SHA-256.

Trust profiles (regulations.md §5.7 R5.7, §6.3): ``cong-vu`` — government roots (chữ ký số
chuyên dùng công vụ); ``public`` — the national root and public CAs (chữ ký số công cộng);
``any-vn`` — both. Expired CA certificates stay in the bundle on purpose: a signature made while
they were valid is judged at its signing time by the validator (ETSI EN 319 102-1), so chain
building never rejects a CA for its dates.
"""

from __future__ import annotations

import enum
import functools
import hashlib
import json
from importlib import resources
from pathlib import Path
from typing import Any

import attrs
from asn1crypto import pem, x509

from vndocsign.errors import VndocsignError

__all__ = [
    "TRUST_PROFILES",
    "BundledCertificate",
    "CaLevel",
    "TrustBundle",
    "TrustDataError",
    "TrustProfileNotFoundError",
    "bundled_certificates",
    "bundled_trust",
]

#: The named trust profiles the bundle serves.
TRUST_PROFILES = ("cong-vu", "public", "any-vn")


class TrustDataError(VndocsignError):
    """The shipped trust data is missing, unreadable or does not match its pinned fingerprint."""

    code = "pki.trust_data"


class TrustProfileNotFoundError(VndocsignError):
    """A trust profile name the bundle does not know."""

    code = "pki.trust_profile_not_found"


class CaLevel(enum.StrEnum):
    """Where a bundled certificate stands in its PKI."""

    ROOT = "root"
    INTERMEDIATE = "intermediate"


@attrs.frozen
class BundledCertificate:
    """One shipped CA certificate and what its manifest entry says about it."""

    file: str
    certificate: x509.Certificate = attrs.field(eq=False, repr=False)
    sha256: str
    level: CaLevel
    #: ``vgca-g1`` / ``vgca-g2`` (Ban Cơ yếu Chính phủ), ``neac`` (national root), ``public-ca``.
    pki: str
    profiles: frozenset[str]
    subject: str

    @property
    def is_root(self) -> bool:
        return self.level is CaLevel.ROOT


@attrs.frozen
class TrustBundle:
    """The roots and intermediates of one trust profile (asn1crypto certificates)."""

    profile: str
    roots: tuple[x509.Certificate, ...] = attrs.field(eq=False, repr=False)
    intermediates: tuple[x509.Certificate, ...] = attrs.field(eq=False, repr=False)
    entries: tuple[BundledCertificate, ...] = ()

    def is_root(self, cert: x509.Certificate) -> bool:
        """Whether ``cert`` is (byte for byte) one of this bundle's roots."""
        der = cert.dump()
        return any(root.dump() == der for root in self.roots)


def _default_directory() -> Path:
    return Path(str(resources.files("vndocsign") / "data" / "trust"))


def _read_manifest(directory: Path) -> list[dict[str, Any]]:
    try:
        doc = json.loads((directory / "MANIFEST.json").read_text(encoding="utf-8"))
        entries = doc["certificates"]
    except (OSError, ValueError, KeyError, TypeError) as exc:
        raise TrustDataError(
            f"The trust data manifest in {directory} cannot be read: {exc}",
            f"Không đọc được danh mục dữ liệu tin cậy trong {directory}: {exc}",
            directory=str(directory),
        ) from exc
    if not isinstance(entries, list):
        raise TrustDataError(
            f"The trust data manifest in {directory} lists no certificates",
            f"Danh mục dữ liệu tin cậy trong {directory} không liệt kê chứng thư nào",
            directory=str(directory),
        )
    return entries


def _load_one(directory: Path, entry: dict[str, Any]) -> BundledCertificate:
    name = str(entry.get("file", ""))
    pinned = str(entry.get("sha256", "")).lower()
    try:
        data = (directory / name).read_bytes()
    except OSError as exc:
        raise TrustDataError(
            f"Bundled CA certificate {name!r} is missing",
            f"Thiếu chứng thư CA đi kèm gói {name!r}",
            file=name,
        ) from exc
    if pem.detect(data):
        _type, _headers, data = pem.unarmor(data)
    actual = hashlib.sha256(data).hexdigest()
    if actual != pinned:
        raise TrustDataError(
            f"Bundled CA certificate {name!r} does not match its pinned SHA-256 fingerprint "
            "(the trust data was altered): refusing to use it",
            f"Chứng thư CA đi kèm gói {name!r} không khớp dấu vân tay SHA-256 đã ghim "
            "(dữ liệu tin cậy đã bị thay đổi): từ chối sử dụng",
            file=name,
            expected=pinned,
            actual=actual,
        )
    try:
        cert = x509.Certificate.load(data)
        subject = cert.subject.human_friendly
        level = CaLevel(str(entry["role"]))
        profiles = frozenset(str(p) for p in entry["profiles"])
    except (ValueError, KeyError, TypeError) as exc:
        raise TrustDataError(
            f"Bundled CA certificate {name!r} or its manifest entry is malformed: {exc}",
            f"Chứng thư CA đi kèm gói {name!r} hoặc mục danh mục của nó bị lỗi: {exc}",
            file=name,
        ) from exc
    return BundledCertificate(
        file=name,
        certificate=cert,
        sha256=actual,
        level=level,
        pki=str(entry.get("pki", "")),
        profiles=profiles,
        subject=subject,
    )


@functools.cache
def _load_directory(directory: Path) -> tuple[BundledCertificate, ...]:
    """Read and check every file once per process and directory."""
    return tuple(_load_one(directory, entry) for entry in _read_manifest(directory))


def bundled_certificates(directory: str | Path | None = None) -> tuple[BundledCertificate, ...]:
    """Every shipped CA certificate, fingerprints checked (``directory``: tests only)."""
    path = Path(directory) if directory is not None else _default_directory()
    return _load_directory(path.resolve())


def bundled_trust(profile: str = "any-vn", *, directory: str | Path | None = None) -> TrustBundle:
    """The roots and intermediates of ``profile`` (``cong-vu``, ``public`` or ``any-vn``).

    Loaded lazily once per process; each file's SHA-256 is checked against the manifest pin
    and a mismatch raises :class:`TrustDataError`. ``directory`` replaces the package data
    (a copy in tests); callers normally leave it out.
    """
    if profile not in TRUST_PROFILES:
        raise TrustProfileNotFoundError(
            f"Unknown trust profile {profile!r} (expected one of {', '.join(TRUST_PROFILES)})",
            f"Không có hồ sơ tin cậy {profile!r} (chọn một trong {', '.join(TRUST_PROFILES)})",
            profile=profile,
        )
    chosen = tuple(e for e in bundled_certificates(directory) if profile in e.profiles)
    return TrustBundle(
        profile=profile,
        roots=tuple(e.certificate for e in chosen if e.is_root),
        intermediates=tuple(e.certificate for e in chosen if not e.is_root),
        entries=chosen,
    )
