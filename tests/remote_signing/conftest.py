"""Fixtures for the remote signing tests: the shared test PKI, local provider servers, verifiers.

Each provider gets its own :class:`RemoteSigningTestServer` on 127.0.0.1 signing with a real key
of the test PKI (``tests/pki``). Signed outputs are checked by pyHanko, poppler's ``pdfsig``
(NSS database trusting the test root, as in ``tests/signing``) and ``vndocsign.verification``.
"""

from __future__ import annotations

import sys
from collections.abc import Iterator
from pathlib import Path

import pytest

TESTS = Path(__file__).resolve().parents[1]
if str(TESTS) not in sys.path:
    sys.path.insert(0, str(TESTS))

from tests.pki import vnpki  # noqa: E402
from tests.pki.fixtures import nss_db, vn_pki  # noqa: E402,F401  (re-exported session fixtures)
from tests.pki.vnpki import VnTestPki  # noqa: E402
from vndocsign.signing._remote_testing import RemoteSigningTestServer  # noqa: E402

LABEL = vnpki.PERSONAL
AGENCY = vnpki.AGENCY_MNS
EC_LABEL = vnpki.PERSONAL_EC


def start(
    pki: VnTestPki,
    protocol: str,
    label: str = LABEL,
    **kwargs: object,
) -> RemoteSigningTestServer:
    return RemoteSigningTestServer(
        protocol, pki.key(label), pki.cert(label), pki.chain(label), **kwargs
    )  # type: ignore[arg-type]


@pytest.fixture
def server_factory(vn_pki: VnTestPki) -> Iterator[object]:
    """``make(protocol, label=..., behaviour=..., webhook=...)``; all closed after the test."""
    started: list[RemoteSigningTestServer] = []

    def make(protocol: str, label: str = LABEL, **kwargs: object) -> RemoteSigningTestServer:
        srv = start(vn_pki, protocol, label, **kwargs)
        started.append(srv)
        return srv

    yield make
    for srv in started:
        srv.close()
