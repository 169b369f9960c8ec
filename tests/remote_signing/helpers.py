"""Shared helpers: build the client for a test server, and check a signed PDF three ways."""

from __future__ import annotations

import tempfile
from pathlib import Path
from typing import Any

from tests.pki.vnpki import VnTestPki
from tests.signing.helpers import make_pdf, pdfsig, validate
from vndocsign.signing import Appearance
from vndocsign.signing._csc import CscService, CscVersion
from vndocsign.signing._mysign import MySignService
from vndocsign.signing._remote_http import HttpSettings
from vndocsign.signing._remote_testing import RemoteSigningTestServer
from vndocsign.signing._smartca import SmartCaService

__all__ = ["FAST", "INVISIBLE", "check_signed", "client_for", "make_pdf"]

INVISIBLE = Appearance(invisible=True)
#: quick retries so the bad-input tests stay fast
FAST = HttpSettings(timeout=10.0, retries=2, backoff=0.01, max_response_bytes=64 * 1024)


def client_for(server: RemoteSigningTestServer, **kwargs: Any) -> Any:
    """The vndocsign client for ``server``'s protocol, with the server's test credentials."""
    settings = kwargs.pop("settings", FAST)
    if server.protocol in ("csc-v1", "csc-v2"):
        return CscService(
            server.url, version=CscVersion(server.protocol[-2:]), settings=settings, **kwargs
        )
    if server.protocol == "smartca":
        return SmartCaService(
            server.url,
            sp_id=server.SP_ID,
            user_id=server.USER_ID,
            sp_password=kwargs.pop("sp_password", server.SP_PASSWORD),
            settings=settings,
            **kwargs,
        )
    return MySignService(
        server.url,
        client_id=server.CLIENT_ID,
        client_secret=kwargs.pop("client_secret", server.CLIENT_SECRET),
        settings=settings,
        **kwargs,
    )


def check_signed(
    pdf: bytes,
    pki: VnTestPki,
    nss_db: str | None,
    *,
    signatures: int = 1,
) -> list[Any]:
    """pyHanko (trusting only the test root), poppler's pdfsig and vndocsign.verification."""
    from vndocsign.verification import TrustProfile, verify_pdf

    statuses = validate(pdf, pki)
    assert len(statuses) == signatures
    for st in statuses:
        assert st.intact and st.valid and st.trusted, st.pretty_print_details()
        assert st.bottom_line, st.pretty_print_details()
    if nss_db is not None:
        with tempfile.TemporaryDirectory() as scratch:
            reports = [
                r
                for r in pdfsig(pdf, nss_db, Path(scratch))
                if r.get("Signature Type") not in ("ETSI.RFC3161", "unknown")
            ]
        assert len(reports) == signatures, reports
        for report in reports:
            assert report["Signature Validation"] == "Signature is Valid.", report
            assert report["trusted"] == "yes", report
    report = verify_pdf(pdf, trust=TrustProfile.custom([pki.root]))
    assert report.status == "passed", report.summary("en")
    return statuses
