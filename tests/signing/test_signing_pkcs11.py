"""PKCS#11 signing against a SoftHSM2 token that the test initialises itself."""

from __future__ import annotations

import os
import shutil
import subprocess
from collections.abc import Iterator
from pathlib import Path

import pytest

from tests.pki import vnpki
from tests.signing.helpers import assert_all_good, make_pdf
from vndocsign.signing import Appearance, Box, KeyAccessError, open_pkcs11, sign_pdf

PIN = "123456"
SO_PIN = "12345678"
TOKEN = "vndocsign-test"
LIBS = (
    "/usr/lib/softhsm/libsofthsm2.so",
    "/usr/lib/x86_64-linux-gnu/softhsm/libsofthsm2.so",
    "/usr/lib/aarch64-linux-gnu/softhsm/libsofthsm2.so",
    "/usr/local/lib/softhsm/libsofthsm2.so",
)


def _library() -> str:
    for path in LIBS:
        if Path(path).is_file():
            return path
    pytest.skip("SoftHSM2 is not installed (apt-get install softhsm2)")


@pytest.fixture(scope="module")
def token(vn_pki, tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """A fresh SoftHSM2 token holding the PERSONAL key, its certificate and the intermediate."""
    lib = _library()
    if shutil.which("softhsm2-util") is None:
        pytest.skip("softhsm2-util is not installed")
    pytest.importorskip("pkcs11")
    from cryptography.hazmat.primitives import serialization

    folder = tmp_path_factory.mktemp("softhsm")
    (folder / "tokens").mkdir()
    conf = folder / "softhsm2.conf"
    conf.write_text(
        f"directories.tokendir = {folder / 'tokens'}\nobjectstore.backend = file\n"
        "log.level = ERROR\n"
    )
    old = os.environ.get("SOFTHSM2_CONF")
    os.environ["SOFTHSM2_CONF"] = str(conf)
    env = dict(os.environ)
    subprocess.run(
        [
            "softhsm2-util",
            "--init-token",
            "--free",
            "--label",
            TOKEN,
            "--pin",
            PIN,
            "--so-pin",
            SO_PIN,
        ],
        check=True,
        capture_output=True,
        env=env,
    )
    key = serialization.load_der_private_key(vn_pki.key(vnpki.PERSONAL).dump(), None)
    key_pem = folder / "key.pem"
    key_pem.write_bytes(
        key.private_bytes(
            serialization.Encoding.PEM,
            serialization.PrivateFormat.PKCS8,
            serialization.NoEncryption(),
        )
    )
    subprocess.run(
        [
            "softhsm2-util",
            "--import",
            str(key_pem),
            "--token",
            TOKEN,
            "--label",
            "chu-ky",
            "--id",
            "01",
            "--pin",
            PIN,
        ],
        check=True,
        capture_output=True,
        env=env,
    )
    key_pem.unlink()

    import pkcs11
    from pkcs11 import Attribute, CertificateType, ObjectClass

    token_obj = pkcs11.lib(lib).get_token(token_label=TOKEN)
    with token_obj.open(rw=True, user_pin=PIN) as session:
        for label, cert, ident in (
            ("chu-ky", vn_pki.cert(vnpki.PERSONAL), b"\x01"),
            ("ca", vn_pki.intermediate, b"\x02"),
        ):
            session.create_object(
                {
                    Attribute.CLASS: ObjectClass.CERTIFICATE,
                    Attribute.CERTIFICATE_TYPE: CertificateType.X_509,
                    Attribute.TOKEN: True,
                    Attribute.LABEL: label,
                    Attribute.ID: ident,
                    Attribute.SUBJECT: cert.subject.dump(),
                    Attribute.VALUE: cert.dump(),
                }
            )
    yield lib
    if old is None:
        os.environ.pop("SOFTHSM2_CONF", None)
    else:
        os.environ["SOFTHSM2_CONF"] = old


def test_pkcs11_sign_b_t(vn_pki, token: str):
    with open_pkcs11(token, token_label=TOKEN, key_label="chu-ky", pin=PIN) as key:
        assert key.kind == "pkcs11"
        assert key.common_name == "Nguyễn Văn An"
        out = sign_pdf(
            make_pdf(),
            key,
            role="personal",
            placement=Box((300, 600, 560, 640), 0),
            appearance=Appearance.text_mode(),
            level="B-T",
            tsa_url=vn_pki.tsa_url,
        )
    (st,) = assert_all_good(out, vn_pki)
    assert st.timestamp_validity is not None and st.timestamp_validity.valid
    # the CA certificate stored on the token travels in the CMS (verifiers without AIA need it)
    import io

    from pyhanko.pdf_utils.reader import PdfFileReader

    (sig,) = PdfFileReader(io.BytesIO(out)).embedded_signatures
    embedded = {c.dump() for c in sig.other_embedded_certs}
    assert vn_pki.intermediate.dump() in embedded


def test_pkcs11_pin_from_environment(vn_pki, token: str, monkeypatch: pytest.MonkeyPatch):
    monkeypatch.setenv("VNDOCSIGN_PKCS11_PIN", PIN)
    with open_pkcs11(token, token_label=TOKEN, key_label="chu-ky") as key:
        out = sign_pdf(make_pdf(), key, role="personal", appearance=Appearance(invisible=True))
    assert_all_good(out, vn_pki)


def test_pkcs11_wrong_pin(token: str):
    with pytest.raises(KeyAccessError) as info:
        open_pkcs11(token, token_label=TOKEN, key_label="chu-ky", pin="000000")
    assert "000000" not in str(info.value)


def test_pkcs11_unknown_token_and_key(token: str):
    with pytest.raises(KeyAccessError):
        open_pkcs11(token, token_label="khong-co", key_label="chu-ky", pin=PIN)
    with pytest.raises(KeyAccessError):
        open_pkcs11(token, token_label=TOKEN, key_label="khong-co", pin=PIN)
    with pytest.raises(KeyAccessError, match="not found"):
        open_pkcs11("/nonexistent/libpkcs11.so", token_label=TOKEN, pin=PIN)
