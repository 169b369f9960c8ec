"""The last step on its own: what the service returned is checked before anything is embedded."""

from __future__ import annotations

import pytest
from asn1crypto import cms

from tests.remote_signing.conftest import AGENCY, LABEL
from tests.remote_signing.helpers import INVISIBLE, check_signed, make_pdf
from vndocsign.signing import prepare_remote
from vndocsign.signing._remote_cms import finish_one, pss_cms
from vndocsign.signing._remote_http import RemoteMismatchError
from vndocsign.signing._remote_types import RemoteCredential, RemoteSignature, SignatureScheme


def _sign(pki, label, data: bytes, scheme: str = "pkcs1") -> bytes:
    from cryptography.hazmat.primitives import hashes, serialization
    from cryptography.hazmat.primitives.asymmetric import padding

    key = serialization.load_der_private_key(pki.key(label).dump(), None)
    if scheme == "pss":
        pss = padding.PSS(mgf=padding.MGF1(hashes.SHA256()), salt_length=32)
        return key.sign(data, pss, hashes.SHA256())  # type: ignore[union-attr,call-arg,arg-type]
    return key.sign(data, padding.PKCS1v15(), hashes.SHA256())  # type: ignore[union-attr,call-arg,arg-type]


@pytest.fixture
def setup(vn_pki):
    cert, chain = vn_pki.cert(LABEL), vn_pki.chain(LABEL)
    credential = RemoteCredential("c", cert.dump(), tuple(c.dump() for c in chain))
    pending = prepare_remote(make_pdf(), cert, chain, role="personal", appearance=INVISIBLE)
    return credential, pending


def test_raw_signature_with_the_announced_certificate(vn_pki, setup):
    credential, pending = setup
    sig = _sign(vn_pki, LABEL, pending.signed_attributes)
    answer = RemoteSignature(value=sig, certificate=credential.certificate)
    out = finish_one(pending, answer, credential, SignatureScheme.RSA_PKCS1V15)
    check_signed(out, vn_pki, None)


def test_service_reports_another_certificate(vn_pki, setup):
    credential, pending = setup
    sig = _sign(vn_pki, LABEL, pending.signed_attributes)
    answer = RemoteSignature(value=sig, certificate=vn_pki.cert(AGENCY).dump())
    with pytest.raises(RemoteMismatchError, match="another certificate"):
        finish_one(pending, answer, credential, SignatureScheme.RSA_PKCS1V15)


def test_pss_declared_as_pkcs1_is_a_mismatch(vn_pki, setup):
    credential, pending = setup
    sig = _sign(vn_pki, LABEL, pending.signed_attributes, "pss")
    with pytest.raises(RemoteMismatchError):
        finish_one(pending, RemoteSignature(value=sig), credential, SignatureScheme.RSA_PKCS1V15)
    out = finish_one(
        pending,
        RemoteSignature(value=sig, scheme=SignatureScheme.RSA_PSS),
        credential,
        SignatureScheme.RSA_PSS,
    )
    check_signed(out, vn_pki, None)


def test_whole_cms_from_the_service(vn_pki, setup):
    credential, pending = setup
    content = pss_cms(pending, _sign(vn_pki, LABEL, pending.signed_attributes, "pss"))
    out = finish_one(pending, RemoteSignature(cms=content), credential, SignatureScheme.RSA_PSS)
    check_signed(out, vn_pki, None)
    # a CMS by another certificate, or over another document, is refused
    other = prepare_remote(
        make_pdf("khác"),
        vn_pki.cert(LABEL),
        vn_pki.chain(LABEL),
        role="personal",
        appearance=INVISIBLE,
    )
    with pytest.raises(RemoteMismatchError):
        finish_one(other, RemoteSignature(cms=content), credential, SignatureScheme.RSA_PSS)
    agency = vn_pki.cert(AGENCY)
    foreign = RemoteCredential("a", agency.dump())
    with pytest.raises(RemoteMismatchError):
        finish_one(pending, RemoteSignature(cms=content), foreign, SignatureScheme.RSA_PSS)
    assert isinstance(cms.ContentInfo.load(content)["content"], cms.SignedData)
