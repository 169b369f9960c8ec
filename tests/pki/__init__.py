"""A Vietnam-shaped test PKI, generated at test time and served on 127.0.0.1.

Usage from any test folder (``tests`` is a package)::

    # tests/<cap>/conftest.py
    from tests.pki.fixtures import vn_pki  # noqa: F401  (re-exported session fixture)

    # tests/<cap>/test_x.py
    from tests.pki import PERSONAL, AGENCY_MST

    def test_something(vn_pki):
        signer = vn_pki.simple_signer(PERSONAL)          # pyHanko SimpleSigner + chain
        p12 = vn_pki.p12_file(AGENCY_MST)                # PKCS#12, password P12_PASSWORD
        ctx = vn_pki.validation_context()                # trusts only the test root
        tsa = vn_pki.tsa_url                             # RFC 3161 over HTTP on 127.0.0.1

Every key is generated afresh for the session in a temporary folder; nothing secret is
committed. See :mod:`pki.vnpki` for the labels and the helpers.
"""

from .vnpki import (
    AGENCY_MNS,
    AGENCY_MST,
    EXPIRED,
    INTERMEDIATE,
    P12_PASSWORD,
    PERSONAL,
    PERSONAL_2,
    PERSONAL_CMND,
    PERSONAL_CRL_ONLY,
    PERSONAL_EC,
    REVOKED,
    ROOT,
    SHA1_SIGNED,
    TSA,
    WEAK_RSA1024,
    VnTestPki,
    session_pki,
)

__all__ = [
    "AGENCY_MNS",
    "AGENCY_MST",
    "EXPIRED",
    "INTERMEDIATE",
    "P12_PASSWORD",
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
