"""Where the private key lives: a PKCS#12 file, a PKCS#11 token, or a remote service.

Every source yields a :class:`SignerKey`: the pyHanko signer, the signer's certificate and its
chain. Secrets (passwords, PINs) are taken from an argument or from an environment variable,
are never stored on the object, never logged and never put into an error message.

* :func:`load_pkcs12` — a ``.p12``/``.pfx`` file. The parsed key object is kept, so signing a
  batch does not re-parse and re-validate the RSA key for every document (pyHanko's
  ``SimpleSigner`` does, ≈37 ms per signature for RSA-2048).
* :func:`open_pkcs11` — a USB token or HSM through its PKCS#11 module (python-pkcs11); the
  session stays open until :meth:`SignerKey.close` (or the ``with`` block) ends.
* remote "sign the hash" services: see :mod:`vndocsign.signing._remote`.
"""

from __future__ import annotations

import os
from collections.abc import Iterable, Sequence
from pathlib import Path
from types import TracebackType
from typing import Any

import attrs
from asn1crypto import x509 as asn1_x509

from vndocsign.signing._errors import KeyAccessError

__all__ = [
    "P11_PIN_ENV",
    "P12_PASSWORD_ENV",
    "SignerKey",
    "load_pkcs12",
    "open_pkcs11",
    "signer_key_from_pyhanko",
]

#: Environment variable read for the PKCS#12 password when none is passed.
P12_PASSWORD_ENV = "VNDOCSIGN_P12_PASSWORD"  # noqa: S105 - a variable *name*
#: Environment variable read for the PKCS#11 user PIN when none is passed.
P11_PIN_ENV = "VNDOCSIGN_PKCS11_PIN"


@attrs.define(eq=False)
class SignerKey:
    """A ready-to-use signing key: ``signer`` (pyHanko), ``certificate``, ``chain``.

    Use as a context manager (or call :meth:`close`) for token-backed keys.
    """

    signer: Any
    certificate: asn1_x509.Certificate
    chain: tuple[asn1_x509.Certificate, ...] = ()
    kind: str = "pkcs12"
    _closer: Any = attrs.field(default=None, repr=False)

    @property
    def subject(self) -> str:
        return str(self.certificate.subject.human_friendly)

    @property
    def common_name(self) -> str:
        native = self.certificate.subject.native
        return str(native.get("common_name", self.subject))

    def close(self) -> None:
        if self._closer is not None:
            closer, self._closer = self._closer, None
            closer()

    def __enter__(self) -> SignerKey:
        return self

    def __exit__(
        self, *exc: tuple[type[BaseException] | None, BaseException | None, TracebackType | None]
    ) -> None:
        self.close()


async def _templated_attrs(
    signer: Any, base: Any, data_digest: bytes, digest_algorithm: str, kwargs: dict[str, Any]
) -> Any:
    """PAdES signed attributes: built once per key, then only the digest changes.

    For PAdES they are the content type, the message digest and the ESS signing-certificate-v2
    — the same for every signature of one key but the digest. asn1crypto took ~15 ms to build
    and ~20 ms to serialise them per signature (issue 17, batch signing); the template's DER
    with the new digest written in is loaded lazily and serialises in no time. Any other case
    (CAdES extras, a custom provider spec, a dry run) is built by pyHanko (``base``) as before.
    """
    settings = kwargs["attr_settings"]
    cacheable = (
        kwargs["use_pades"]
        and kwargs["is_pdf_sig"]
        and not kwargs["dry_run"]
        and signer.signed_attr_prov_spec is None
        and (settings is None or settings.cades_signed_attrs is None)
    )
    if not cacheable:
        return await base(data_digest, digest_algorithm, **kwargs)
    from asn1crypto import cms

    cache_key = (digest_algorithm.lower(), str(kwargs["content_type"]), len(data_digest))
    template = signer._attr_templates.get(cache_key)
    if template is None:
        probe = os.urandom(len(data_digest))
        der = (await base(probe, digest_algorithm, **kwargs)).dump()
        if der.count(probe) != 1:  # cannot tell where the digest is: no template
            return cms.CMSAttributes.load(der.replace(probe, data_digest))
        template = signer._attr_templates[cache_key] = (der, probe)
    der, probe = template
    return cms.CMSAttributes.load(der.replace(probe, data_digest))


def _cached_key_signer_class() -> type:
    from cryptography.hazmat.primitives import serialization
    from pyhanko.sign.signers import SimpleSigner

    class CachedKeySigner(SimpleSigner):
        """``SimpleSigner`` that parses its private key once, not once per signature."""

        def __init__(self, *args: Any, pyca_key: Any = None, **kwargs: Any) -> None:
            super().__init__(*args, **kwargs)
            # a key already parsed (and, for RSA, validated) by the caller is used as it is:
            # RSA key validation costs tens of milliseconds and must happen once, not twice
            self._pyca_key = pyca_key or serialization.load_der_private_key(
                self.signing_key.dump(), password=None
            )
            self._attr_templates: dict[tuple[str, str, int], tuple[bytes, bytes]] = {}

        async def signed_attrs(
            self,
            data_digest: bytes,
            digest_algorithm: str,
            attr_settings: Any = None,
            content_type: Any = "data",
            use_pades: bool = False,
            timestamper: Any = None,
            dry_run: bool = False,
            is_pdf_sig: bool = True,
        ) -> Any:
            """PAdES signed attributes from a per-key template (:func:`_templated_attrs`)."""
            kwargs = {
                "attr_settings": attr_settings,
                "content_type": content_type,
                "use_pades": use_pades,
                "timestamper": timestamper,
                "dry_run": dry_run,
                "is_pdf_sig": is_pdf_sig,
            }
            base = super().signed_attrs
            return await _templated_attrs(self, base, data_digest, digest_algorithm, kwargs)

        def sign_raw(self, data: bytes, digest_algorithm: str) -> bytes:
            from cryptography.hazmat.primitives.asymmetric.ec import (
                ECDSA,
                EllipticCurvePrivateKey,
            )
            from cryptography.hazmat.primitives.asymmetric.padding import PKCS1v15
            from cryptography.hazmat.primitives.asymmetric.rsa import RSAPrivateKey
            from pyhanko_certvalidator.util import get_pyca_cryptography_hash, process_pss_params

            mech = self.get_signature_mechanism_for_digest(digest_algorithm)
            try:
                name = mech.signature_algo
            except ValueError:
                name = mech["algorithm"].native
            key = self._pyca_key
            if name == "rsassa_pkcs1v15" and isinstance(key, RSAPrivateKey):
                return bytes(
                    key.sign(data, PKCS1v15(), get_pyca_cryptography_hash(digest_algorithm))
                )
            if name == "rsassa_pss" and isinstance(key, RSAPrivateKey):
                padding, hash_algo = process_pss_params(mech["parameters"])
                return bytes(key.sign(data, padding, hash_algo))
            if name == "ecdsa" and isinstance(key, EllipticCurvePrivateKey):
                return bytes(key.sign(data, ECDSA(get_pyca_cryptography_hash(digest_algorithm))))
            return bytes(super().sign_raw(data, digest_algorithm))

    return CachedKeySigner


_CACHED_CLS: type | None = None


def _make_simple_signer(
    cert: asn1_x509.Certificate,
    key: Any,
    others: Iterable[asn1_x509.Certificate],
    prefer_pss: bool,
    pyca_key: Any = None,
) -> Any:
    global _CACHED_CLS
    from pyhanko_certvalidator import registry

    store_cls: Any = registry.SimpleCertificateStore
    if _CACHED_CLS is None:
        _CACHED_CLS = _cached_key_signer_class()
    store = store_cls()
    # the leaf is added by pyHanko itself; registering it too would embed it twice, which
    # makes poppler (pdfsig) report "Unknown issue with Certificate"
    store.register_multiple([c for c in others if c.dump() != cert.dump()])
    return _CACHED_CLS(
        signing_cert=cert,
        signing_key=key,
        cert_registry=store,
        prefer_pss=prefer_pss,
        pyca_key=pyca_key,
    )


def _secret(value: str | bytes | None, env: str | None) -> bytes | None:
    if value is None and env:
        value = os.environ.get(env)
    if value is None:
        return None
    return value if isinstance(value, bytes) else value.encode("utf-8")


def load_pkcs12(
    source: str | os.PathLike[str] | bytes,
    password: str | bytes | None = None,
    *,
    password_env: str | None = P12_PASSWORD_ENV,
    extra_certs: Sequence[asn1_x509.Certificate] = (),
    prefer_pss: bool = False,
) -> SignerKey:
    """Open a PKCS#12 file (path or bytes). The password comes from ``password`` or the
    ``password_env`` environment variable (default ``VNDOCSIGN_P12_PASSWORD``).

    RSA signatures use PKCS#1 v1.5 by default (what Vietnamese CAs and verifiers use);
    ``prefer_pss=True`` gives RSASSA-PSS, which TT 15/2025 Phụ lục I names.

    Raises :class:`KeyAccessError` for a missing file, a wrong password or a file without a key.
    """
    from cryptography.hazmat.primitives.serialization import pkcs12
    from pyhanko.keys.internal import (
        translate_pyca_cryptography_cert_to_asn1,
        translate_pyca_cryptography_key_to_asn1,
    )

    if isinstance(source, bytes):
        data, label = source, "<bytes>"
    else:
        path = Path(source)
        label = path.name
        try:
            data = path.read_bytes()
        except OSError as exc:
            raise KeyAccessError(
                f"Cannot read the PKCS#12 file {label}: {exc.strerror}",
                f"Không đọc được tệp PKCS#12 {label}: {exc.strerror}",
                file=str(path),
            ) from None
    secret = _secret(password, password_env)
    try:
        key, cert, others = pkcs12.load_key_and_certificates(data, secret)
    except ValueError:
        raise KeyAccessError(
            f"Cannot open the PKCS#12 file {label}: wrong password or damaged file",
            f"Không mở được tệp PKCS#12 {label}: sai mật khẩu hoặc tệp hỏng",
            file=label,
        ) from None
    except Exception:
        raise KeyAccessError(
            f"Cannot open the PKCS#12 file {label}",
            f"Không mở được tệp PKCS#12 {label}",
            file=label,
        ) from None
    finally:
        secret = None
    if key is None or cert is None:
        raise KeyAccessError(
            f"The PKCS#12 file {label} holds no private key with its certificate",
            f"Tệp PKCS#12 {label} không chứa khóa bí mật kèm chứng thư",
            file=label,
        )
    asn1_cert = translate_pyca_cryptography_cert_to_asn1(cert)
    chain = tuple(translate_pyca_cryptography_cert_to_asn1(c) for c in others) + tuple(extra_certs)
    signer = _make_simple_signer(
        asn1_cert, translate_pyca_cryptography_key_to_asn1(key), chain, prefer_pss, key
    )
    return SignerKey(signer=signer, certificate=asn1_cert, chain=chain, kind="pkcs12")


def signer_key_from_pyhanko(signer: Any, chain: Sequence[asn1_x509.Certificate] = ()) -> SignerKey:
    """Wrap an existing pyHanko ``Signer`` (e.g. a CSC signer) as a :class:`SignerKey`."""
    cert = signer.signing_cert
    if cert is None:
        raise KeyAccessError(
            "The pyHanko signer has no certificate", "Bộ ký pyHanko không có chứng thư số"
        )
    others = tuple(chain) or tuple(c for c in signer.cert_registry if c != cert)
    return SignerKey(signer=signer, certificate=cert, chain=others, kind="pyhanko")


def _open_session(
    opener: Any,
    lib: str,
    slot: int | None,
    criteria: Any,
    secret: str | None,
    token_label: str | None,
) -> Any:
    """A logged-in session; a PIN error (by its python-pkcs11 type) or any other failure to
    open the token becomes :class:`KeyAccessError`."""
    try:
        return opener(lib, slot_no=slot, token_criteria=criteria, user_pin=secret)
    except Exception as exc:
        wrong_pin = type(exc).__name__.startswith("Pin")  # PinIncorrect, PinLocked, PinLenRange…
        raise KeyAccessError(
            (
                "Wrong PIN for the PKCS#11 token"
                if wrong_pin
                else f"Cannot open the PKCS#11 token ({type(exc).__name__})"
            ),
            (
                "Sai mã PIN của token"
                if wrong_pin
                else f"Không mở được token PKCS#11 ({type(exc).__name__})"
            ),
            library=lib,
            token_label=token_label,
        ) from None


def open_pkcs11(
    library: str | os.PathLike[str],
    *,
    token_label: str | None = None,
    slot: int | None = None,
    key_label: str | None = None,
    cert_label: str | None = None,
    key_id: bytes | None = None,
    pin: str | None = None,
    pin_env: str | None = P11_PIN_ENV,
    extra_certs: Sequence[asn1_x509.Certificate] = (),
    prefer_pss: bool = False,
) -> SignerKey:
    """Open a PKCS#11 token (USB token, HSM, SoftHSM2) and select a key and its certificate.

    ``pin`` or the ``pin_env`` environment variable (default ``VNDOCSIGN_PKCS11_PIN``) gives
    the user PIN. Other CA certificates stored on the token are pulled into the chain.
    Raises :class:`KeyAccessError` for a missing module, no matching token, a wrong PIN, or no
    key/certificate with the given label.
    """
    lib = str(library)
    if not Path(lib).is_file():
        raise KeyAccessError(
            f"PKCS#11 module not found: {lib}",
            f"Không tìm thấy thư viện PKCS#11: {lib}",
            library=lib,
        )
    try:
        import pkcs11  # noqa: F401
        from pyhanko.config.pkcs11 import TokenCriteria
        from pyhanko.sign.pkcs11 import PKCS11Signer, open_pkcs11_session
    except ImportError as exc:  # pragma: no cover - optional extra
        raise KeyAccessError(
            "PKCS#11 support needs python-pkcs11 (pip install vndocsign[pkcs11])",
            "Cần cài python-pkcs11 để dùng token PKCS#11",
        ) from exc
    secret = pin if pin is not None else (os.environ.get(pin_env) if pin_env else None)
    criteria = TokenCriteria(label=token_label) if token_label else None
    session = _open_session(open_pkcs11_session, lib, slot, criteria, secret, token_label)
    secret = None
    try:
        # other_certs_to_pull=None: pull every certificate on the token (USB tokens of
        # Vietnamese CAs carry their CA chain), so that the CMS carries the whole chain and a
        # verifier without AIA fetching (pdfsig, most DMS) can build it.
        signer = PKCS11Signer(
            session,
            key_label=key_label,
            cert_label=cert_label or key_label,
            key_id=key_id,
            ca_chain=list(extra_certs),
            prefer_pss=prefer_pss,
            other_certs_to_pull=None,
        )
        cert = signer.signing_cert
    except Exception as exc:
        session.close()
        raise KeyAccessError(
            f"No usable key/certificate on the token (key label {key_label!r}): {exc}",
            f"Token không có khóa/chứng thư dùng được (nhãn {key_label!r})",
            key_label=key_label,
        ) from None
    others = tuple(c for c in signer.cert_registry if c.dump() != cert.dump())
    return SignerKey(
        signer=signer, certificate=cert, chain=others, kind="pkcs11", closer=session.close
    )
