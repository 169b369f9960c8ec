"""Embedded revocation data always counts; online data only adds (issue 13).

A file carrying its CRLs (the ``sign`` fixture embeds them in a DSS revision, as a B-LT/B-LTA
file does) is settled offline: in the default ``embedded-then-online`` mode the network is
not asked at all, so unreachable CRL/OCSP servers cannot turn TOTAL_PASSED into
INDETERMINATE/TRY_LATER.
"""

from __future__ import annotations

from typing import Any

import pytest

from tests.verification.conftest import blank_pdf
from vndocsign.verification import Indication, TrustProfile, _chain, verify_pdf
from vndocsign.verification._states import RevocationMode


def test_embedded_data_settles_without_the_network(sign, vn_pki, monkeypatch):  # type: ignore[no-untyped-def]
    trust = TrustProfile.custom([vn_pki.root], name="test-root")
    pdf = sign(blank_pdf())
    offline = verify_pdf(pdf, trust=trust, revocation="embedded-only")
    assert offline.verdict == Indication.TOTAL_PASSED, offline.summary("en")

    modes: list[RevocationMode] = []
    real = _chain._context

    def unreachable(*args: Any) -> Any:
        modes.append(args[4])
        if args[4] is not RevocationMode.EMBEDDED_ONLY:
            raise AssertionError("the network was asked although embedded data settles it")
        return real(*args)

    monkeypatch.setattr(_chain, "_context", unreachable)
    online = verify_pdf(pdf, trust=trust, revocation="embedded-then-online")
    assert online.verdict == Indication.TOTAL_PASSED, online.summary("en")
    assert modes and set(modes) == {RevocationMode.EMBEDDED_ONLY}


@pytest.mark.parametrize("mode", ["embedded-then-online", "online"])
def test_online_is_asked_when_embedded_data_does_not_settle(vn_pki, mode, monkeypatch):  # type: ignore[no-untyped-def]
    from io import BytesIO

    from pyhanko.pdf_utils.incremental_writer import IncrementalPdfFileWriter
    from pyhanko.sign import fields, signers

    from tests.pki import PERSONAL

    pdf = (
        signers.PdfSigner(
            signers.PdfSignatureMetadata(field_name="Sig1"),
            signer=vn_pki.simple_signer(PERSONAL),
            new_field_spec=fields.SigFieldSpec("Sig1", box=(300, 60, 500, 120)),
        )
        .sign_pdf(IncrementalPdfFileWriter(BytesIO(blank_pdf())))
        .getvalue()
    )  # no CRL embedded
    modes: list[RevocationMode] = []
    real = _chain._context

    def record(*args: Any) -> Any:
        modes.append(args[4])
        return real(*args)

    monkeypatch.setattr(_chain, "_context", record)
    verify_pdf(pdf, trust=TrustProfile.custom([vn_pki.root]), revocation=mode)
    assert RevocationMode.EMBEDDED_ONLY in modes and RevocationMode(mode) in modes
