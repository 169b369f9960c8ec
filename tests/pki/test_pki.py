"""The test PKI itself: profile of the certificates and the services on 127.0.0.1."""

from __future__ import annotations

import base64
import hashlib
import urllib.parse

import httpx
import pytest
from asn1crypto import crl, ocsp, tsp

from tests.pki import (
    AGENCY_MNS,
    AGENCY_MST,
    EXPIRED,
    PERSONAL,
    PERSONAL_CRL_ONLY,
    REVOKED,
    ROOT,
    SHA1_SIGNED,
    WEAK_RSA1024,
)
from tests.pki.fixtures import vn_pki  # noqa: F401


def _uid(cert) -> list[str]:  # type: ignore[no-untyped-def]
    return [
        str(ava["value"].native)
        for rdn in cert.subject.chosen
        for ava in rdn
        if ava["type"].dotted == "0.9.2342.19200300.100.1.1"
    ]


def test_profile(vn_pki):
    assert "RootCA chuyên dùng Chính phủ G2" in vn_pki.root.subject.native["common_name"]
    assert "CA phục vụ các cơ quan Nhà nước G2" in vn_pki.intermediate.subject.native["common_name"]
    assert vn_pki.cert(ROOT).self_signed == "maybe"
    assert _uid(vn_pki.cert(PERSONAL)) == ["CCCD:001089012345"]
    assert _uid(vn_pki.cert(AGENCY_MST)) == ["MST:0100000001"]
    assert _uid(vn_pki.cert(AGENCY_MNS)) == ["MNS:1047665"]
    assert vn_pki.cert(WEAK_RSA1024).public_key.bit_size == 1024
    assert vn_pki.cert(SHA1_SIGNED).hash_algo == "sha1"
    assert vn_pki.cert(EXPIRED)["tbs_certificate"]["validity"]["not_after"].native.year == 2022
    assert vn_pki.cert(PERSONAL).ocsp_urls and not vn_pki.cert(PERSONAL_CRL_ONLY).ocsp_urls
    assert [c.subject for c in vn_pki.chain(PERSONAL)] == [
        vn_pki.intermediate.subject,
        vn_pki.root.subject,
    ]


def _ocsp_request(vn_pki, label: str) -> bytes:
    cert, issuer = vn_pki.cert(label), vn_pki.intermediate
    return ocsp.OCSPRequest(
        {
            "tbs_request": {
                "request_list": [
                    {
                        "req_cert": {
                            "hash_algorithm": {"algorithm": "sha1"},
                            "issuer_name_hash": hashlib.sha1(issuer.subject.dump()).digest(),  # noqa: S324
                            "issuer_key_hash": hashlib.sha1(  # noqa: S324
                                issuer.public_key["public_key"].contents[1:]
                            ).digest(),
                            "serial_number": cert.serial_number,
                        }
                    }
                ]
            }
        }
    ).dump()


@pytest.mark.parametrize(("label", "status"), [(PERSONAL, "good"), (REVOKED, "revoked")])
def test_ocsp_post_and_get(vn_pki, label, status):
    req = _ocsp_request(vn_pki, label)
    post = httpx.post(
        vn_pki.ocsp_url, content=req, headers={"Content-Type": "application/ocsp-request"}
    )
    get = httpx.get(
        vn_pki.ocsp_url + "/" + urllib.parse.quote(base64.b64encode(req).decode(), safe="")
    )
    for answer in (post, get):
        assert answer.status_code == 200
        resp = ocsp.OCSPResponse.load(answer.content)
        single = resp.basic_ocsp_response["tbs_response_data"]["responses"][0]
        assert single["cert_status"].name == status


def test_crl_lists_the_revoked_certificate(vn_pki):
    data = httpx.get(vn_pki.crl_url()).content
    revoked = crl.CertificateList.load(data)["tbs_cert_list"]["revoked_certificates"]
    assert vn_pki.cert(REVOKED).serial_number in {r["user_certificate"].native for r in revoked}


def test_tsa_answers(vn_pki):
    req = tsp.TimeStampReq(
        {
            "version": 1,
            "message_imprint": {
                "hash_algorithm": {"algorithm": "sha256"},
                "hashed_message": hashlib.sha256(b"x").digest(),
            },
            "cert_req": True,
        }
    )
    answer = httpx.post(
        vn_pki.tsa_url, content=req.dump(), headers={"Content-Type": "application/timestamp-query"}
    )
    assert tsp.TimeStampResp.load(answer.content)["status"]["status"].native == "granted"


def test_p12_roundtrip(vn_pki, tmp_path):
    from cryptography.hazmat.primitives.serialization import pkcs12

    path = vn_pki.p12_file(AGENCY_MST, directory=tmp_path)
    key, cert, others = pkcs12.load_key_and_certificates(path.read_bytes(), b"mat-khau-thu-nghiem")
    assert key is not None and cert is not None and len(others) == 2
