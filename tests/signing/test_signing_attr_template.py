"""Issue 17: the PAdES signed attributes are built once per key; only the digest changes."""

from __future__ import annotations

import io

from pyhanko.pdf_utils.reader import PdfFileReader

from tests.pki import P12_PASSWORD, vnpki
from tests.signing.helpers import assert_all_good, make_pdf
from vndocsign.signing import Box, load_pkcs12, sign_pdf


def _signed_attrs(pdf: bytes) -> dict[str, object]:
    sig = PdfFileReader(io.BytesIO(pdf)).embedded_signatures[-1]
    return {a["type"].native: a["values"].native for a in sig.signer_info["signed_attrs"]}


def test_every_signature_of_one_key_has_its_own_digest_and_validates(vn_pki) -> None:
    # a key of its own: the template cache must be empty at the start
    key = load_pkcs12(vn_pki.p12_bytes(vnpki.PERSONAL, P12_PASSWORD), P12_PASSWORD)
    box = Box((330, 600, 560, 700), 0)
    first = sign_pdf(make_pdf("Văn bản một"), key, role="personal", placement=box)
    second = sign_pdf(make_pdf("Văn bản hai", pages=2), key, role="personal", placement=box)
    assert len(key.signer._attr_templates) == 1  # built once, reused by the second signature
    a, b = _signed_attrs(first), _signed_attrs(second)
    assert set(a) == {"content_type", "message_digest", "signing_certificate_v2"}
    assert a["message_digest"] != b["message_digest"]
    assert a["signing_certificate_v2"] == b["signing_certificate_v2"]
    for pdf in (first, second):
        assert_all_good(pdf, vn_pki)
