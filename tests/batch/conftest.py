"""Shared material for the batch tests: the test PKI, signed documents, a Dask cluster.

Documents are the package's sample letters signed with the shared test PKI (``tests/pki``):
B-LT ones verify TOTAL_PASSED offline against its root, B-B ones are INDETERMINATE offline
(no revocation data), a non-PDF is TOTAL_FAILED — three verdicts for the comparisons.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest

from tests.pki import P12_PASSWORD, PERSONAL, VnTestPki
from tests.pki.fixtures import vn_pki

from .helpers import BlackHole

__all__ = ["vn_pki"]


@pytest.fixture(scope="session")
def root_der(vn_pki: VnTestPki) -> bytes:
    return bytes(vn_pki.root.dump())


@pytest.fixture(scope="session")
def p12(vn_pki: VnTestPki) -> bytes:
    return vn_pki.p12_bytes(PERSONAL, P12_PASSWORD)


def _sign(vn_pki: VnTestPki, name: str, level: str) -> bytes:
    from vndocsign.samples import sample_pdf
    from vndocsign.signing import load_pkcs12, sign_pdf

    key = load_pkcs12(vn_pki.p12_bytes(PERSONAL), P12_PASSWORD)
    return sign_pdf(
        sample_pdf(name),
        key,
        role="personal",
        level=level,
        tsa_url=vn_pki.tsa_url if level != "B-B" else None,
        trust_roots=[vn_pki.root],
    )


@pytest.fixture(scope="session")
def documents(vn_pki: VnTestPki) -> dict[str, bytes]:
    """name -> bytes: two B-LT (passed), one B-B (indeterminate offline), one non-PDF."""
    return {
        "cong-van-blt.pdf": _sign(vn_pki, "cong-van", "B-LT"),
        "to-trinh-blt.pdf": _sign(vn_pki, "to-trinh", "B-LT"),
        "du-thao-bb.pdf": _sign(vn_pki, "du-thao-quyet-dinh", "B-B"),
        "hong.pdf": b"%PDF-1.7\nthis is not a PDF at all\n",
    }


@pytest.fixture(scope="session")
def bt_documents(vn_pki: VnTestPki) -> dict[str, bytes]:
    """B-T signatures (a time-stamp, no validation data): what B-LTA renewal starts from."""
    return {
        "cong-van-bt.pdf": _sign(vn_pki, "cong-van", "B-T"),
        "to-trinh-bt.pdf": _sign(vn_pki, "to-trinh", "B-T"),
    }


@pytest.fixture
def black_hole() -> Iterator[BlackHole]:
    hole = BlackHole()
    yield hole
    hole.close()


@pytest.fixture(scope="session")
def dask_client() -> Iterator[Any]:
    """A 2-worker LocalCluster (processes) on 127.0.0.1; skipped without ``vndocsign[dask]``."""
    distributed = pytest.importorskip(
        "distributed", reason="dask.distributed is not installed (extra vndocsign[dask])"
    )
    cluster = distributed.LocalCluster(
        n_workers=2, threads_per_worker=1, processes=True, host="127.0.0.1", dashboard_address=None
    )
    client = distributed.Client(cluster)
    yield client
    client.close()
    cluster.close()
