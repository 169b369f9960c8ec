"""Fixtures of the hostile-input tests: the shared test PKI (for one signed PDF)."""

from __future__ import annotations

from tests.pki.fixtures import vn_pki  # noqa: F401  (re-exported session fixture)
