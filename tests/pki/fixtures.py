"""Pytest fixtures for the Vietnam-shaped test PKI (re-export them from your conftest).

``vn_pki`` is session-scoped and backed by :func:`pki.vnpki.session_pki`, a process-wide
singleton: several folders re-exporting it still share one PKI and one HTTP server.
"""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from .vnpki import VnTestPki, session_pki

__all__ = ["vn_pki"]


@pytest.fixture(scope="session")
def vn_pki() -> Iterator[VnTestPki]:
    """The running test PKI (OCSP, CRL, TSA on 127.0.0.1); see :class:`pki.vnpki.VnTestPki`."""
    return session_pki()
