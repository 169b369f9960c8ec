"""Pytest fixtures for the Vietnam-shaped test PKI (re-export them from your conftest).

``vn_pki`` is session-scoped and backed by :func:`pki.vnpki.session_pki`, a process-wide
singleton: several folders re-exporting it still share one PKI and one HTTP server.
"""

from __future__ import annotations

import shutil
import subprocess
from collections.abc import Iterator

import pytest

from .vnpki import VnTestPki, session_pki

__all__ = ["nss_db", "vn_pki"]


@pytest.fixture(scope="session")
def vn_pki() -> Iterator[VnTestPki]:
    """The running test PKI (OCSP, CRL, TSA on 127.0.0.1); see :class:`pki.vnpki.VnTestPki`."""
    return session_pki()


@pytest.fixture(scope="session")
def nss_db(vn_pki: VnTestPki, tmp_path_factory: pytest.TempPathFactory) -> str:
    """An NSS database trusting the test root (for pdfsig)."""
    if shutil.which("pdfsig") is None or shutil.which("certutil") is None:
        pytest.skip("pdfsig (poppler-utils) and certutil (libnss3-tools) are needed")
    folder = tmp_path_factory.mktemp("nss")
    root = vn_pki.root_pem_file(folder)
    subprocess.run(
        ["certutil", "-N", "-d", f"sql:{folder}", "--empty-password"],
        check=True,
        capture_output=True,
    )
    subprocess.run(
        [
            "certutil",
            "-A",
            "-d",
            f"sql:{folder}",
            "-n",
            "vn-test-root",
            "-t",
            "CT,C,C",
            "-i",
            str(root),
        ],
        check=True,
        capture_output=True,
    )
    return f"sql:{folder}"
