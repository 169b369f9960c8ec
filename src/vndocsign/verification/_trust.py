"""Trust profiles and the updatable trust store.

The law fixes *which* roots count (regulations.md §6.2, R6.2/R6.8): public signatures chain to
the NEAC "Vietnam National Root CA"; government (công vụ) signatures to "RootCA chuyên dùng
Chính phủ G2" of Ban Cơ yếu Chính phủ. The package pins their SHA-256 fingerprints; the
certificate files themselves live in a trust store folder the user fills and updates
(``vndocsign trust import DIR``, or ``VNDOCSIGN_TRUST_DIR``). A file is accepted into a named
profile only if its fingerprint matches a pin, so a tampered store cannot add a root; custom
roots (a test PKI, a foreign CA) go through :meth:`TrustProfile.custom` or ``--trust-root``.
"""

from __future__ import annotations

import hashlib
import os
from collections.abc import Iterable, Sequence
from pathlib import Path

import attrs
from asn1crypto import pem, x509

from vndocsign._io import write_atomic
from vndocsign.verification._errors import TrustProfileError, TrustStoreError

__all__ = [
    "PINNED",
    "PinnedCertificate",
    "TrustProfile",
    "TrustStore",
    "default_store_dir",
    "load_certificates",
]


@attrs.frozen
class PinnedCertificate:
    """A certificate the package knows by fingerprint (regulations.md §6.2)."""

    key: str
    name: str
    sha256: str
    is_root: bool
    profiles: frozenset[str]


PINNED: tuple[PinnedCertificate, ...] = (
    PinnedCertificate(
        "neac-root",
        "Vietnam National Root CA",
        "bac8bf609ab420a8ee1780d74f4de5c7f7184959d2a7375b0a75e4c29f0908e7",
        True,
        frozenset({"public", "any-vn"}),
    ),
    PinnedCertificate(
        "vnpt-ca-sha2",
        "VNPT-CA SHA2",
        "7d6ba5245317f9ed5d8bc765a4634d26ac6340d36b9f584df3b52d9c4a81a306",
        False,
        frozenset({"public", "any-vn"}),
    ),
    PinnedCertificate(
        "vgca-root-g2",
        "RootCA chuyên dùng Chính phủ G2",
        "f04ba4b459a7c9a1b971ad9b1cb833e695a80c79aea63b174b66a70edfe2fdb8",
        True,
        frozenset({"cong-vu", "any-vn"}),
    ),
    PinnedCertificate(
        "vgca-ca-g2",
        "CA phục vụ các cơ quan Nhà nước G2",
        "d8cab7a4aef92e6bb2509d7c61cee7b44f3731b2d21074963530277b366fae4b",
        False,
        frozenset({"cong-vu", "any-vn"}),
    ),
)

PROFILES = ("cong-vu", "public", "any-vn")


def default_store_dir() -> Path:
    """``$VNDOCSIGN_TRUST_DIR``, else ``$XDG_DATA_HOME/vndocsign/trust`` (``~/.local/share``)."""
    env = os.environ.get("VNDOCSIGN_TRUST_DIR")
    if env:
        return Path(env)
    base = os.environ.get("XDG_DATA_HOME") or str(Path.home() / ".local" / "share")
    return Path(base) / "vndocsign" / "trust"


def load_certificates(data: bytes) -> list[x509.Certificate]:
    """DER, PEM (one or several blocks) -> certificates; garbage -> empty list."""
    out: list[x509.Certificate] = []
    try:
        if pem.detect(data):
            for _type, _headers, der in pem.unarmor(data, multiple=True):
                out.append(x509.Certificate.load(der))
        else:
            out.append(x509.Certificate.load(data))
        for c in out:
            _ = c.subject.human_friendly  # force parsing now
    except Exception:
        return []
    return out


def _read(path: str | os.PathLike[str], error: type[TrustStoreError | TrustProfileError]) -> bytes:
    """The bytes of a certificate file; an unreadable file is a trust error, not an OSError."""
    try:
        return Path(path).read_bytes()
    except OSError as exc:
        raise error(
            f"Cannot read the certificate file {path}: {exc.strerror or exc}",
            f"Không đọc được tệp chứng thư số {path}: {exc.strerror or exc}",
            path=str(path),
        ) from exc


def fingerprint(cert: x509.Certificate) -> str:
    return hashlib.sha256(cert.dump()).hexdigest()


@attrs.frozen
class TrustStore:
    """A folder of CA certificate files; only pinned ones (and ``custom/``) are used."""

    path: Path = attrs.field(converter=Path, factory=default_store_dir)

    def scan(self) -> tuple[dict[str, x509.Certificate], list[x509.Certificate], list[str]]:
        """(pinned key -> certificate, custom roots, notes about ignored files)."""
        pinned: dict[str, x509.Certificate] = {}
        custom: list[x509.Certificate] = []
        notes: list[str] = []
        by_fp = {p.sha256: p for p in PINNED}
        if not self.path.is_dir():
            return pinned, custom, notes
        for file in sorted(self.path.iterdir()):
            if not file.is_file() or file.suffix.lower() not in (".crt", ".cer", ".pem", ".der"):
                continue
            certs = load_certificates(file.read_bytes())
            if not certs:
                notes.append(f"{file.name}: not a certificate")
            for c in certs:
                pin = by_fp.get(fingerprint(c))
                if pin is None:
                    notes.append(f"{file.name}: fingerprint not pinned, ignored")
                else:
                    pinned[pin.key] = c
        custom_dir = self.path / "custom"
        if custom_dir.is_dir():
            for file in sorted(custom_dir.iterdir()):
                if file.is_file():
                    custom.extend(load_certificates(file.read_bytes()))
        return pinned, custom, notes

    def import_from(self, source: str | os.PathLike[str]) -> list[str]:
        """Copy every pinned certificate found in ``source`` into the store; returns keys."""
        src = Path(source)
        try:
            files = [src] if src.is_file() else sorted(p for p in src.iterdir() if p.is_file())
        except OSError as exc:
            raise TrustStoreError(
                f"Cannot read {source}: {exc.strerror or exc}",
                f"Không đọc được {source}: {exc.strerror or exc}",
                path=str(source),
            ) from exc
        by_fp = {p.sha256: p for p in PINNED}
        imported: list[str] = []
        for file in files:
            for c in load_certificates(_read(file, TrustStoreError)):
                pin = by_fp.get(fingerprint(c))
                if pin is not None:
                    self.path.mkdir(parents=True, exist_ok=True)
                    write_atomic(self.path / f"{pin.key}.der", c.dump())
                    imported.append(pin.key)
        return imported

    def add_custom_root(self, source: str | os.PathLike[str]) -> int:
        """Add a custom root (not pinned: the caller vouches for it)."""
        certs = load_certificates(_read(source, TrustStoreError))
        if not certs:
            raise TrustStoreError(
                f"No certificate in {source}", f"Không có chứng thư số trong {source}"
            )
        target = self.path / "custom"
        target.mkdir(parents=True, exist_ok=True)
        for c in certs:
            write_atomic(target / f"{fingerprint(c)[:16]}.der", c.dump())
        return len(certs)


@attrs.frozen
class TrustProfile:
    """Which roots a signature must chain to (``cong-vu``, ``public``, ``any-vn``, custom)."""

    name: str
    anchors: tuple[x509.Certificate, ...]
    intermediates: tuple[x509.Certificate, ...] = ()
    notes: tuple[str, ...] = ()

    @classmethod
    def named(cls, name: str, store: TrustStore | None = None) -> TrustProfile:
        """A legal profile loaded from ``store`` (default store when omitted)."""
        if name not in PROFILES:
            raise TrustProfileError(
                f"Unknown trust profile {name!r} (expected one of {', '.join(PROFILES)})",
                f"Không có hồ sơ tin cậy {name!r} (chọn một trong {', '.join(PROFILES)})",
            )
        store = store or TrustStore()
        pinned, _custom, notes = store.scan()
        anchors: list[x509.Certificate] = []
        inter: list[x509.Certificate] = []
        for pin in PINNED:
            if name in pin.profiles and pin.key in pinned:
                (anchors if pin.is_root else inter).append(pinned[pin.key])
        if not anchors:
            notes.append(
                f"trust store {store.path} holds no root for profile {name}; "
                "run `vndocsign trust import DIR`"
            )
        return cls(name, tuple(anchors), tuple(inter), tuple(notes))

    @classmethod
    def custom(
        cls,
        roots: Iterable[x509.Certificate | bytes | str | os.PathLike[str]],
        *,
        name: str = "custom",
        intermediates: Sequence[x509.Certificate] = (),
    ) -> TrustProfile:
        """Trust exactly ``roots`` (certificate objects, DER/PEM bytes or file paths)."""
        anchors: list[x509.Certificate] = []
        for r in roots:
            if isinstance(r, x509.Certificate):
                anchors.append(r)
                continue
            data = r if isinstance(r, bytes) else _read(r, TrustProfileError)
            certs = load_certificates(data)
            if not certs:
                raise TrustProfileError(
                    "A custom trust root is not a certificate",
                    "Chứng thư gốc được chỉ định không hợp lệ",
                    source=str(r)[:200],
                )
            anchors.extend(certs)
        return cls(name, tuple(anchors), tuple(intermediates))

    @classmethod
    def empty(cls) -> TrustProfile:
        """No anchors: everything is at best INDETERMINATE (NO_CERTIFICATE_CHAIN_FOUND)."""
        return cls("none", ())
