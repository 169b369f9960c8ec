"""Trust profiles and the updatable trust store.

The law fixes *which* roots count (regulations.md §6.2, R6.2/R6.8): public signatures chain to
the NEAC roots; government (công vụ) signatures to the roots of Ban Cơ yếu Chính phủ (G1 and
G2). The package ships those CA certificates with pinned SHA-256 fingerprints
(:func:`vndocsign.pki.bundled_trust`), so the named profiles work with no import step. The
trust store folder (``vndocsign trust import DIR``, ``VNDOCSIGN_TRUST_DIR``) adds material on
top: a file is accepted as a root only if its fingerprint matches a pin, so a tampered store
cannot add a root; unpinned CA certificates that chain to a bundled root only help build paths;
custom roots (a test PKI, a foreign CA) go through :meth:`TrustProfile.custom`,
``--trust-root`` or ``trust add-root``.
"""

from __future__ import annotations

import hashlib
import os
from collections.abc import Iterable, Sequence
from pathlib import Path

import attrs
from asn1crypto import pem, x509

from vndocsign._io import write_atomic
from vndocsign.pki import TRUST_PROFILES, bundled_certificates, bundled_trust, find_issuer_chain
from vndocsign.verification._errors import TrustProfileError, TrustStoreError

__all__ = [
    "DEFAULT_PROFILE",
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


#: Store keys of the four certificates pinned before the bundle existed (file names in old
#: trust stores and ``trust list`` keys stay the same); other keys are the bundled file's stem.
_OLD_KEYS = {
    "vnrca256": "neac-root",
    "vnpt-ca-sha2": "vnpt-ca-sha2",
    "rootcag2": "vgca-root-g2",
    "cpcag2": "vgca-ca-g2",
}


def _common_name(cert: x509.Certificate) -> str:
    try:
        return str(cert.subject.native.get("common_name") or cert.subject.human_friendly)
    except Exception:
        return "?"


def _pins() -> tuple[PinnedCertificate, ...]:
    """One list of pins: the manifest of the bundled trust data (``vndocsign.pki``)."""
    out = []
    for entry in bundled_certificates():
        stem = entry.file.rsplit(".", 1)[0]
        out.append(
            PinnedCertificate(
                _OLD_KEYS.get(stem, stem),
                _common_name(entry.certificate),
                entry.sha256,
                entry.is_root,
                entry.profiles,
            )
        )
    return tuple(out)


#: Every certificate the package knows by fingerprint: derived from the bundled trust data's
#: manifest (``vndocsign.pki.bundled_certificates``), so there is one list of pins.
PINNED: tuple[PinnedCertificate, ...] = _pins()

PROFILES = TRUST_PROFILES
#: The profile ``verify_pdf``, ``verify_many`` and ``vndocsign verify`` use when none is given:
#: government and public Vietnamese roots both count.
DEFAULT_PROFILE = "any-vn"


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


def _is_ca(cert: x509.Certificate) -> bool:
    try:
        return bool(cert.ca)
    except Exception:
        return False


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
        """Copy the usable CA certificates found in ``source`` into the store; returns keys.

        A certificate whose fingerprint is pinned is stored under its key (it replaces the
        bundled copy byte for byte, so nothing changes but the store's record). A CA
        certificate that is not pinned but chains to a bundled root (a CA issued after this
        release, e.g. a new "Viettel-CA SHA2") is *added* under ``extra/``: it only helps build
        paths, trust still comes from the pinned roots. Anything else is ignored.
        """
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
        bundle = bundled_trust("any-vn")
        imported: list[str] = []
        for file in files:
            for c in load_certificates(_read(file, TrustStoreError)):
                pin = by_fp.get(fingerprint(c))
                if pin is not None:
                    self.path.mkdir(parents=True, exist_ok=True)
                    write_atomic(self.path / f"{pin.key}.der", c.dump())
                    imported.append(pin.key)
                elif _is_ca(c) and find_issuer_chain(c, bundle) is not None:
                    target = self.path / "extra"
                    target.mkdir(parents=True, exist_ok=True)
                    key = f"extra-{fingerprint(c)[:16]}"
                    write_atomic(target / f"{key}.der", c.dump())
                    imported.append(key)
        return imported

    def update_from(self, source: str | os.PathLike[str]) -> list[str]:
        """Replace the store's imported material with what ``source`` holds; returns keys.

        Pinned files and ``extra/`` CA certificates imported earlier are removed first (a CA
        withdrawn by its publisher disappears); ``custom/`` roots are kept. The bundled
        certificates stay in force whatever the store holds.
        """
        imported_before = [
            f for f in (self.path.iterdir() if self.path.is_dir() else []) if f.is_file()
        ]
        extra = self.path / "extra"
        imported_before += [f for f in (extra.iterdir() if extra.is_dir() else []) if f.is_file()]
        keys = self.import_from(source)  # first: a bad source leaves the store as it was
        fresh = {f"{k}.der" for k in keys}
        for file in imported_before:
            if file.name not in fresh and file.suffix.lower() in (".crt", ".cer", ".pem", ".der"):
                file.unlink(missing_ok=True)
        return keys

    def extra_intermediates(self) -> list[x509.Certificate]:
        """The imported CA certificates that are not pinned (``extra/``): path building only."""
        folder = self.path / "extra"
        if not folder.is_dir():
            return []
        out: list[x509.Certificate] = []
        for file in sorted(folder.iterdir()):
            if file.is_file():
                out.extend(load_certificates(file.read_bytes()))
        return out

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
    def named(cls, name: str = DEFAULT_PROFILE, store: TrustStore | None = None) -> TrustProfile:
        """A legal profile: the bundled CA certificates, then the store's material on top.

        Works with no import step: roots and intermediates of ``name`` come from
        :func:`vndocsign.pki.bundled_trust` (pinned, checked at load). The trust store
        (``store``, default folder when omitted) adds what ``trust import`` put there: a pinned
        file replaces its bundled copy (same bytes), ``extra/`` CA certificates help build
        paths, and ``custom/`` roots added with ``trust add-root`` are trusted too (the user
        vouched for them; a note says so).
        """
        if name not in PROFILES:
            raise TrustProfileError(
                f"Unknown trust profile {name!r} (expected one of {', '.join(PROFILES)})",
                f"Không có hồ sơ tin cậy {name!r} (chọn một trong {', '.join(PROFILES)})",
            )
        store = store or TrustStore()
        bundle = bundled_trust(name)
        pinned, custom, notes = store.scan()
        by_fp = {fingerprint(c): c for c in (*bundle.roots, *bundle.intermediates)}
        for pin in PINNED:
            if name in pin.profiles and pin.key in pinned:
                by_fp[pin.sha256] = pinned[pin.key]
        roots = {p.sha256 for p in PINNED if p.is_root and name in p.profiles}
        anchors = [c for fp, c in by_fp.items() if fp in roots]
        inter = [c for fp, c in by_fp.items() if fp not in roots]
        inter.extend(store.extra_intermediates())
        if custom:
            notes.append(f"{len(custom)} custom root(s) from {store.path / 'custom'} trusted")
            anchors.extend(custom)
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
