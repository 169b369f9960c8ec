"""The test PKI: a root and an intermediate shaped like Vietnam's government PKI.

* ``root``   — "RootCA chuyên dùng Chính phủ G2 (TEST)", O=Ban Cơ yếu Chính phủ (self-signed);
* ``interm`` — "CA phục vụ các cơ quan Nhà nước G2 (TEST)", issues every end-entity cert;
* end entities (labels exported as constants):

  ===================  ========================================================
  ``PERSONAL``         Nguyễn Văn An, ``UID=CCCD:001089012345`` (individual)
  ``PERSONAL_2``       Trần Thị Bình, ``UID=CCCD:079190000123``
  ``PERSONAL_CMND``    Lê Văn Cường, ``UID=CMND:123456789``
  ``PERSONAL_EC``      Phạm Thu Dung, ECDSA P-256, ``UID=CCCD:…``
  ``AGENCY_MST``       Văn phòng Ủy ban nhân dân tỉnh Thử Nghiệm, ``UID=MST:0100000001``
  ``AGENCY_MNS``       Sở Y tế tỉnh Thử Nghiệm, ``UID=MNS:1047665``
  ``REVOKED``          individual, revoked (key compromise) on 2025-01-01
  ``EXPIRED``          individual, valid 2020-01-01 … 2022-01-01
  ``WEAK_RSA1024``     individual with an RSA-1024 key
  ``SHA1_SIGNED``      individual whose certificate is signed with sha1WithRSAEncryption
  ``PERSONAL_CRL_ONLY`` individual with a CRL URL but no OCSP URL (see the constant's note)
  ===================  ========================================================

* services on ``http://127.0.0.1:<port>/vn-test/…`` (certomancer's Animator under werkzeug):
  OCSP for the intermediate (``/ocsp/interm``), CRLs for both CAs, a cert repository, and an
  RFC 3161 TSA (``/tsa/tsa``). Every end-entity certificate carries CDP and AIA (OCSP +
  CA issuers) URLs pointing there, so pyHanko fetches revocation data over real HTTP.

:func:`session_pki` builds the PKI once per process (a module-level singleton) so that several
conftests re-exporting the :func:`pki.fixtures.vn_pki` fixture share one server.
"""

from __future__ import annotations

import atexit
import base64
import io
import re
import shutil
import tempfile
import threading
import urllib.parse
from collections.abc import Callable, Iterable
from pathlib import Path
from typing import Any

from asn1crypto import keys as asn1_keys
from asn1crypto import x509 as asn1_x509
from certomancer.integrations.animator import Animator, AnimatorArchStore
from certomancer.registry import ArchLabel, CertLabel, CertomancerConfig, KeyLabel
from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric import ec, rsa
from werkzeug.serving import BaseWSGIServer, WSGIRequestHandler, make_server

__all__ = [
    "AGENCY_MNS",
    "AGENCY_MST",
    "ARCH",
    "EXPIRED",
    "INTERMEDIATE",
    "PERSONAL",
    "PERSONAL_2",
    "PERSONAL_CMND",
    "PERSONAL_CRL_ONLY",
    "PERSONAL_EC",
    "REVOKED",
    "ROOT",
    "SHA1_SIGNED",
    "TSA",
    "WEAK_RSA1024",
    "VnTestPki",
    "session_pki",
]

ARCH = "vn-test"
ROOT = "root"
INTERMEDIATE = "interm"
TSA = "tsa"
PERSONAL = "nguyen-van-an"
PERSONAL_2 = "tran-thi-binh"
PERSONAL_CMND = "le-van-cuong"
PERSONAL_EC = "pham-thu-dung"
AGENCY_MST = "vp-ubnd"
AGENCY_MNS = "so-y-te"
REVOKED = "revoked"
EXPIRED = "expired"
WEAK_RSA1024 = "weak-rsa1024"
SHA1_SIGNED = "sha1-signed"
#: Individual certificate with a CRL distribution point but no AIA/OCSP URL. poppler 22.x's
#: ``pdfsig`` reads NSS's error code even after a successful verification, and NSS leaves a
#: stale code behind after an OCSP round trip, so pdfsig says "Unknown issue with Certificate"
#: for every OCSP-bearing certificate; this one gets a clean "Certificate is Trusted".
PERSONAL_CRL_ONLY = "phan-van-crl"

#: Password of every PKCS#12 file handed out by :meth:`VnTestPki.p12_file` unless told otherwise.
P12_PASSWORD = "mat-khau-thu-nghiem"

_LONG = {"valid-from": "2024-01-01T00:00:00+0000", "valid-to": "2045-01-01T00:00:00+0000"}
_PROVINCE = {"country-name": "VN", "state-or-province-name": "Thử Nghiệm"}

_ENTITIES: dict[str, dict[str, str]] = {
    ROOT: {
        "common-name": "RootCA chuyên dùng Chính phủ G2 (TEST)",
        "organization-name": "Ban Cơ yếu Chính phủ",
        "country-name": "VN",
    },
    INTERMEDIATE: {
        "common-name": "CA phục vụ các cơ quan Nhà nước G2 (TEST)",
        "organization-name": "Cục Chứng thực số và Bảo mật thông tin",
        "country-name": "VN",
    },
    "interm-ocsp": {
        "common-name": "OCSP CA phục vụ các cơ quan Nhà nước G2 (TEST)",
        "country-name": "VN",
    },
    TSA: {"common-name": "Dịch vụ cấp dấu thời gian chuyên dùng (TEST)", "country-name": "VN"},
    PERSONAL: {
        **_PROVINCE,
        "common-name": "Nguyễn Văn An",
        "user-id": "CCCD:001089012345",
        "organization-name": "UBND tỉnh Thử Nghiệm",
    },
    PERSONAL_2: {**_PROVINCE, "common-name": "Trần Thị Bình", "user-id": "CCCD:079190000123"},
    PERSONAL_CMND: {**_PROVINCE, "common-name": "Lê Văn Cường", "user-id": "CMND:123456789"},
    PERSONAL_EC: {**_PROVINCE, "common-name": "Phạm Thu Dung", "user-id": "CCCD:001190000456"},
    AGENCY_MST: {
        **_PROVINCE,
        "common-name": "Văn phòng Ủy ban nhân dân tỉnh Thử Nghiệm",
        "user-id": "MST:0100000001",
        "organization-name": "UBND tỉnh Thử Nghiệm",
    },
    AGENCY_MNS: {
        **_PROVINCE,
        "common-name": "Sở Y tế tỉnh Thử Nghiệm",
        "user-id": "MNS:1047665",
        "organization-name": "UBND tỉnh Thử Nghiệm",
    },
    REVOKED: {**_PROVINCE, "common-name": "Đỗ Thị Thu Hồi", "user-id": "CCCD:001190000777"},
    EXPIRED: {**_PROVINCE, "common-name": "Hoàng Văn Hết Hạn", "user-id": "CCCD:001190000888"},
    WEAK_RSA1024: {**_PROVINCE, "common-name": "Vũ Văn Khóa Yếu", "user-id": "CCCD:001190000999"},
    SHA1_SIGNED: {**_PROVINCE, "common-name": "Ngô Văn Sha Một", "user-id": "CCCD:001190000111"},
    PERSONAL_CRL_ONLY: {
        **_PROVINCE,
        "common-name": "Phan Văn Cờ Rờ Lờ",
        "user-id": "CCCD:001190000222",
    },
}

_END_ENTITY_EXTENSIONS: list[dict[str, Any]] = [
    {
        "id": "key_usage",
        "critical": True,
        "smart-value": {"schema": "key-usage", "params": ["digital_signature", "non_repudiation"]},
    },
    {
        "id": "crl_distribution_points",
        "smart-value": {"schema": "crl-dist-url", "params": {"crl-repo-names": [INTERMEDIATE]}},
    },
    {
        "id": "authority_information_access",
        "smart-value": {
            "schema": "aia-urls",
            "params": {
                "ocsp-responder-names": [INTERMEDIATE],
                "ca-issuer-links": [{"repo": INTERMEDIATE}],
            },
        },
    },
]


def _ca_ext(path_len: int | None) -> list[dict[str, Any]]:
    bc: dict[str, Any] = {"ca": True}
    if path_len is not None:
        bc["path-len-constraint"] = path_len
    return [
        {"id": "basic_constraints", "critical": True, "value": bc},
        {
            "id": "key_usage",
            "critical": True,
            "smart-value": {
                "schema": "key-usage",
                "params": ["digital_signature", "key_cert_sign", "crl_sign"],
            },
        },
    ]


def _config(base_url: str) -> dict[str, Any]:
    end_entity: dict[str, Any] = {
        "issuer": INTERMEDIATE,
        "validity": _LONG,
        "extensions": _END_ENTITY_EXTENSIONS,
    }
    certs: dict[str, Any] = {
        ROOT: {
            "subject": ROOT,
            "issuer": ROOT,
            "validity": {
                "valid-from": "2023-01-01T00:00:00+0000",
                "valid-to": "2050-01-01T00:00:00+0000",
            },
            "extensions": _ca_ext(None),
        },
        INTERMEDIATE: {
            "issuer": ROOT,
            "validity": _LONG,
            "extensions": [
                *_ca_ext(0),
                {
                    "id": "crl_distribution_points",
                    "smart-value": {"schema": "crl-dist-url", "params": {"crl-repo-names": [ROOT]}},
                },
                {
                    "id": "authority_information_access",
                    "smart-value": {
                        "schema": "aia-urls",
                        "params": {"ca-issuer-links": [{"repo": ROOT}]},
                    },
                },
            ],
        },
        "interm-ocsp": {
            "issuer": INTERMEDIATE,
            "validity": _LONG,
            "extensions": [
                {
                    "id": "key_usage",
                    "critical": True,
                    "smart-value": {"schema": "key-usage", "params": ["digital_signature"]},
                },
                {"id": "extended_key_usage", "critical": True, "value": ["ocsp_signing"]},
                {"id": "ocsp_no_check"},
            ],
        },
        TSA: {
            "issuer": ROOT,
            "validity": _LONG,
            "extensions": [
                {
                    "id": "key_usage",
                    "critical": True,
                    "smart-value": {"schema": "key-usage", "params": ["digital_signature"]},
                },
                {"id": "extended_key_usage", "critical": True, "value": ["time_stamping"]},
                {
                    "id": "crl_distribution_points",
                    "smart-value": {"schema": "crl-dist-url", "params": {"crl-repo-names": [ROOT]}},
                },
            ],
        },
    }
    for label in (
        PERSONAL,
        PERSONAL_2,
        PERSONAL_CMND,
        PERSONAL_EC,
        AGENCY_MST,
        AGENCY_MNS,
        WEAK_RSA1024,
    ):
        certs[label] = dict(end_entity)
    certs[REVOKED] = {
        **end_entity,
        "revocation": {"revoked-since": "2025-01-01T00:00:00+0000", "reason": "key_compromise"},
    }
    certs[EXPIRED] = {
        **end_entity,
        "validity": {
            "valid-from": "2020-01-01T00:00:00+0000",
            "valid-to": "2022-01-01T00:00:00+0000",
        },
    }
    certs[SHA1_SIGNED] = {**end_entity, "digest-algo": "sha1"}
    certs[PERSONAL_CRL_ONLY] = {
        **end_entity,
        "extensions": [
            e for e in _END_ENTITY_EXTENSIONS if e["id"] != "authority_information_access"
        ],
    }
    return {
        "external-url-prefix": base_url,
        "keysets": {ARCH: {"keys": {label: {"path": f"{label}.key.pem"} for label in _ENTITIES}}},
        "pki-architectures": {
            ARCH: {
                "keyset": ARCH,
                "entity-defaults": {"country-name": "VN"},
                "entities": _ENTITIES,
                "certs": certs,
                "services": {
                    "ocsp": {
                        INTERMEDIATE: {
                            "for-issuer": INTERMEDIATE,
                            "responder-cert": "interm-ocsp",
                            "signing-key": "interm-ocsp",
                        }
                    },
                    "crl-repo": {
                        ROOT: {
                            "for-issuer": ROOT,
                            "signing-key": ROOT,
                            "simulated-update-schedule": "P90D",
                        },
                        INTERMEDIATE: {
                            "for-issuer": INTERMEDIATE,
                            "signing-key": INTERMEDIATE,
                            "simulated-update-schedule": "P30D",
                        },
                    },
                    "cert-repo": {
                        ROOT: {"for-issuer": ROOT, "publish-issued-certs": True},
                        INTERMEDIATE: {"for-issuer": INTERMEDIATE, "publish-issued-certs": True},
                    },
                    "time-stamping": {TSA: {"signing-key": TSA, "signing-cert": TSA}},
                },
            }
        },
    }


def _write_keys(directory: Path) -> None:
    for label in _ENTITIES:
        key: Any
        if label == PERSONAL_EC:
            key = ec.generate_private_key(ec.SECP256R1())
        else:
            key = rsa.generate_private_key(65537, 1024 if label == WEAK_RSA1024 else 2048)
        pem = key.private_bytes(
            serialization.Encoding.PEM,
            serialization.PrivateFormat.PKCS8,
            serialization.NoEncryption(),
        )
        (directory / f"{label}.key.pem").write_bytes(pem)


class _LateApp:
    """WSGI app whose target is set after the server knows its port.

    It also accepts OCSP requests sent with GET (RFC 6960 A.1, what NSS/pdfsig sends):
    certomancer's Animator only routes POST, so the request is rewritten into one.
    """

    def __init__(self) -> None:
        self.app: Callable[..., Iterable[bytes]] | None = None

    def __call__(self, environ: dict[str, Any], start_response: Callable[..., Any]) -> Any:
        assert self.app is not None
        raw = str(environ.get("RAW_URI") or environ.get("REQUEST_URI") or "")
        match = re.match(r"^/([^/]+)/ocsp/([^/]+)/(.+)$", raw.split("?")[0])
        if environ.get("REQUEST_METHOD") == "GET" and match:
            body = base64.b64decode(urllib.parse.unquote(match.group(3)))
            environ = dict(environ)
            environ.update(
                {
                    "REQUEST_METHOD": "POST",
                    "PATH_INFO": f"/{match.group(1)}/ocsp/{match.group(2)}",
                    "CONTENT_TYPE": "application/ocsp-request",
                    "CONTENT_LENGTH": str(len(body)),
                    "wsgi.input": io.BytesIO(body),
                }
            )
        return self.app(environ, start_response)


class _QuietHandler(WSGIRequestHandler):
    def log_request(self, *args: Any, **kwargs: Any) -> None:
        pass


class VnTestPki:
    """The running test PKI: certificates, keys, PKCS#12 files, service URLs, trust roots."""

    def __init__(self) -> None:
        self.directory = Path(tempfile.mkdtemp(prefix="vndocsign-pki-"))
        self._late = _LateApp()
        self._server: BaseWSGIServer = make_server(
            "127.0.0.1", 0, self._late, threaded=True, request_handler=_QuietHandler
        )
        self.base_url = f"http://127.0.0.1:{self._server.server_port}"
        _write_keys(self.directory)
        config = CertomancerConfig(_config(self.base_url), key_search_dir=str(self.directory))
        self.arch = config.get_pki_arch(ArchLabel(ARCH))
        self._late.app = Animator(AnimatorArchStore(config.pki_archs), with_web_ui=False)
        self._thread = threading.Thread(
            target=self._server.serve_forever, daemon=True, name="vn-test-pki"
        )
        self._thread.start()

    # -- services -------------------------------------------------------------------------
    @property
    def tsa_url(self) -> str:
        return f"{self.base_url}/{ARCH}/tsa/{TSA}"

    @property
    def ocsp_url(self) -> str:
        return f"{self.base_url}/{ARCH}/ocsp/{INTERMEDIATE}"

    def crl_url(self, issuer: str = INTERMEDIATE) -> str:
        return f"{self.base_url}/{ARCH}/crls/{issuer}/latest.crl"

    def close(self) -> None:
        self._server.shutdown()
        self._server.server_close()
        shutil.rmtree(self.directory, ignore_errors=True)

    # -- material -------------------------------------------------------------------------
    def cert(self, label: str) -> asn1_x509.Certificate:
        return self.arch.get_cert(CertLabel(label))

    def key(self, label: str) -> asn1_keys.PrivateKeyInfo:
        return self.arch.key_set.get_private_key(KeyLabel(label))

    @property
    def root(self) -> asn1_x509.Certificate:
        return self.cert(ROOT)

    @property
    def intermediate(self) -> asn1_x509.Certificate:
        return self.cert(INTERMEDIATE)

    def chain(self, label: str) -> list[asn1_x509.Certificate]:
        """Issuer certificates of ``label`` (intermediate, root), leaf excluded."""
        return [self.cert(str(lbl)) for lbl in self.arch.get_chain(CertLabel(label))]

    def p12_bytes(self, label: str, password: str | None = P12_PASSWORD) -> bytes:
        pw = password.encode("utf-8") if password is not None else None
        data: bytes = self.arch.package_pkcs12(CertLabel(label), password=pw)
        return data

    def p12_file(
        self, label: str, password: str | None = P12_PASSWORD, directory: Path | None = None
    ) -> Path:
        """Write ``<label>.p12`` (leaf + key + chain) and return its path."""
        target = (directory or self.directory) / f"{label}.p12"
        target.write_bytes(self.p12_bytes(label, password))
        return target

    def root_pem_file(self, directory: Path | None = None) -> Path:
        target = (directory or self.directory) / "root.pem"
        from asn1crypto import pem

        target.write_bytes(pem.armor("CERTIFICATE", self.root.dump()))
        return target

    def simple_signer(self, label: str) -> Any:
        """A pyHanko ``SimpleSigner`` for ``label`` with its chain (for raw-pyHanko comparisons)."""
        from pyhanko.sign import signers
        from pyhanko_certvalidator.registry import SimpleCertificateStore

        return signers.SimpleSigner(
            signing_cert=self.cert(label),
            signing_key=self.key(label),
            cert_registry=SimpleCertificateStore.from_certs([self.cert(label), *self.chain(label)]),
        )

    def validation_context(self, **kwargs: Any) -> Any:
        """A pyHanko ``ValidationContext`` trusting only the test root, fetching allowed."""
        from pyhanko_certvalidator import ValidationContext

        kwargs.setdefault("allow_fetching", True)
        kwargs.setdefault("revocation_mode", "soft-fail")
        if kwargs.get("allow_fetching") and "fetcher_backend" not in kwargs:
            # requests-based fetchers: no aiohttp session left unclosed at exit
            from pyhanko_certvalidator.fetchers.requests_fetchers import (
                RequestsFetcherBackend,
            )

            kwargs["fetcher_backend"] = RequestsFetcherBackend()
        return ValidationContext(trust_roots=[self.root], other_certs=[self.intermediate], **kwargs)


_SINGLETON: VnTestPki | None = None
_LOCK = threading.Lock()


def session_pki() -> VnTestPki:
    """The process-wide test PKI (built on first use, shut down at interpreter exit)."""
    global _SINGLETON
    with _LOCK:
        if _SINGLETON is None:
            _SINGLETON = VnTestPki()
            atexit.register(_SINGLETON.close)
        return _SINGLETON


# -- weak chains, made on demand under the test CAs (issue 14 item 6) -----------------------
#: A good leaf (RSA-2048, SHA-256) under an intermediate the root signed with SHA-1.
CHAIN_SHA1_INTERMEDIATE = "chain-sha1-interm"
#: A good leaf under an intermediate whose own key is RSA-1024.
CHAIN_RSA1024_INTERMEDIATE = "chain-rsa1024-interm"
#: An individual with a DSA-1024 key, issued by the real intermediate.
DSA_1024 = "dsa-1024"

_WEAK_CACHE: dict[str, Any] = {}


def weak_material(pki: VnTestPki, label: str) -> tuple[Any, Any, list[asn1_x509.Certificate]]:
    """(leaf certificate, leaf private key as ``PrivateKeyInfo``, chain without the leaf) for
    one of the weak-chain labels above; the CA keys are the certomancer ones of ``pki``."""
    if label not in _WEAK_CACHE:
        _WEAK_CACHE[label] = _make_weak(pki, label)
    return _WEAK_CACHE[label]  # type: ignore[no-any-return]


def _make_weak(pki: VnTestPki, label: str) -> tuple[Any, Any, list[asn1_x509.Certificate]]:
    import datetime as dt

    from cryptography import x509
    from cryptography.hazmat.primitives import hashes
    from cryptography.hazmat.primitives.asymmetric import dsa
    from cryptography.x509.oid import NameOID

    def load_key(lbl: str) -> Any:
        return serialization.load_der_private_key(pki.key(lbl).dump(), None)

    def name(cn: str, uid: str | None = None) -> x509.Name:
        attrs_ = [x509.NameAttribute(NameOID.COUNTRY_NAME, "VN")]
        if uid:
            attrs_.append(
                x509.NameAttribute(x509.ObjectIdentifier("0.9.2342.19200300.100.1.1"), uid)
            )
        return x509.Name([*attrs_, x509.NameAttribute(NameOID.COMMON_NAME, cn)])

    def issue(
        subject: x509.Name, key: Any, issuer: x509.Name, issuer_key: Any, ca: bool, digest: Any
    ) -> x509.Certificate:
        now = dt.datetime.now(dt.UTC)
        usage = (
            x509.KeyUsage(True, False, False, False, False, True, True, False, False)
            if ca
            else x509.KeyUsage(True, True, False, False, False, False, False, False, False)
        )
        return (
            x509.CertificateBuilder()
            .subject_name(subject)
            .issuer_name(issuer)
            .public_key(key.public_key())
            .serial_number(x509.random_serial_number())
            .not_valid_before(now - dt.timedelta(days=1))
            .not_valid_after(now + dt.timedelta(days=365))
            .add_extension(x509.BasicConstraints(ca=ca, path_length=0 if ca else None), True)
            .add_extension(usage, True)
            .sign(issuer_key, digest)
        )

    def der(cert: x509.Certificate) -> asn1_x509.Certificate:
        return asn1_x509.Certificate.load(cert.public_bytes(serialization.Encoding.DER))

    def pkinfo(key: Any) -> asn1_keys.PrivateKeyInfo:
        return asn1_keys.PrivateKeyInfo.load(
            key.private_bytes(
                serialization.Encoding.DER,
                serialization.PrivateFormat.PKCS8,
                serialization.NoEncryption(),
            )
        )

    root_name = x509.load_der_x509_certificate(pki.root.dump()).subject
    interm_name = x509.load_der_x509_certificate(pki.intermediate.dump()).subject
    leaf_name = name("Ngô Văn Chuỗi Yếu", "CCCD:001190000333")
    if label == DSA_1024:
        key: Any = dsa.generate_private_key(1024)  # noqa: S505 - the weak key under test
        leaf = issue(
            name("Đinh Văn DSA", "CCCD:001190000444"),
            key,
            interm_name,
            load_key(INTERMEDIATE),
            False,
            hashes.SHA256(),
        )
        return der(leaf), pkinfo(key), [pki.intermediate, pki.root]
    weak_ca_key = rsa.generate_private_key(
        65537, 1024 if label == CHAIN_RSA1024_INTERMEDIATE else 2048
    )
    ca_name = name(f"CA thử nghiệm yếu {label} (TEST)")
    root_key = load_key(ROOT)
    ca = der(issue(ca_name, weak_ca_key, root_name, root_key, True, hashes.SHA256()))
    if label == CHAIN_SHA1_INTERMEDIATE:
        ca = _resign_sha1(ca, root_key)
    key = rsa.generate_private_key(65537, 2048)
    leaf = issue(leaf_name, key, ca_name, weak_ca_key, False, hashes.SHA256())
    return der(leaf), pkinfo(key), [ca, pki.root]


def _resign_sha1(cert: asn1_x509.Certificate, issuer_key: Any) -> asn1_x509.Certificate:
    """``cert`` signed again with sha1WithRSAEncryption (cryptography's builder refuses SHA-1)."""
    from cryptography.hazmat.primitives import hashes
    from cryptography.hazmat.primitives.asymmetric import padding

    algo = {"algorithm": "sha1_rsa", "parameters": None}
    tbs = cert["tbs_certificate"].copy()
    tbs["signature"] = algo
    signature = issuer_key.sign(tbs.dump(force=True), padding.PKCS1v15(), hashes.SHA1())  # noqa: S303
    return asn1_x509.Certificate(
        {"tbs_certificate": tbs, "signature_algorithm": algo, "signature_value": signature}
    )


# -- issue 11: the first government generation (G1), beside the G2 labels above --------------
#: G1-shaped root and CA (ASCII names of the 2010 government PKI, SHA-1-signed CA certificates,
#: as "Co quan chung thuc so chuyen dung Chinh phu (RootCA)" → "Co quan chung thuc so Chinh phu")
#: and a G1 agency leaf with no UID (``CN=Bo Noi vu, O=Bo Noi vu``, as real G1 agency
#: certificates). The G2 labels above are the second generation (SHA-256).
G1_ROOT = "g1-root"
G1_CA = "g1-chinhphu"
G1_AGENCY = "g1-bo-noi-vu"

_ENTITIES.update(
    {
        G1_ROOT: {
            "common-name": "Co quan chung thuc so chuyen dung Chinh phu (RootCA) (TEST)",
            "organization-name": "Ban Co yeu Chinh phu",
            "country-name": "VN",
        },
        G1_CA: {
            "common-name": "Co quan chung thuc so Chinh phu (TEST)",
            "organization-name": "Ban Co yeu Chinh phu",
            "country-name": "VN",
        },
        G1_AGENCY: {
            "common-name": "Bo Noi vu",
            "organization-name": "Bo Noi vu",
            "locality-name": "Ha Noi",
            "country-name": "VN",
        },
    }
)

_config_g2 = _config


def _config(base_url: str) -> dict[str, Any]:  # the G1 labels on top of the G2 ones
    config = _config_g2(base_url)
    arch = config["pki-architectures"][ARCH]
    g1_validity = {"valid-from": "2010-03-01T00:00:00+0000", "valid-to": "2040-01-01T00:00:00+0000"}
    arch["certs"].update(
        {
            G1_ROOT: {
                "subject": G1_ROOT,
                "issuer": G1_ROOT,
                "validity": g1_validity,
                "digest-algo": "sha1",
                "extensions": _ca_ext(None),
            },
            G1_CA: {
                "issuer": G1_ROOT,
                "validity": g1_validity,
                "digest-algo": "sha1",
                "extensions": [
                    *_ca_ext(0),
                    {
                        "id": "crl_distribution_points",
                        "smart-value": {
                            "schema": "crl-dist-url",
                            "params": {"crl-repo-names": [G1_ROOT]},
                        },
                    },
                ],
            },
            G1_AGENCY: {
                "issuer": G1_CA,
                "validity": _LONG,
                "extensions": [
                    _END_ENTITY_EXTENSIONS[0],
                    {
                        "id": "crl_distribution_points",
                        "smart-value": {
                            "schema": "crl-dist-url",
                            "params": {"crl-repo-names": [G1_CA]},
                        },
                    },
                ],
            },
        }
    )
    arch["services"]["crl-repo"].update(
        {
            G1_ROOT: {
                "for-issuer": G1_ROOT,
                "signing-key": G1_ROOT,
                "simulated-update-schedule": "P90D",
            },
            G1_CA: {"for-issuer": G1_CA, "signing-key": G1_CA, "simulated-update-schedule": "P30D"},
        }
    )
    return config
