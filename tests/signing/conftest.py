"""Fixtures for the signing tests: the test PKI, keys, images, PDFs, and two verifiers.

Every signed output is checked by two independent verifiers:

* :func:`validate` — pyHanko's ``validate_pdf_signature`` against the test root only
  (intact, valid, trusted, coverage, modification level);
* :func:`pdfsig` — poppler's ``pdfsig`` with an NSS database that trusts the test root
  (created with ``certutil`` from libnss3-tools).
"""

from __future__ import annotations

import io
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

# tests/docgen (the shared document generator) imports itself as the top-level ``docgen``
TESTS = Path(__file__).resolve().parents[1]
if str(TESTS) not in sys.path:
    sys.path.insert(0, str(TESTS))

from tests.pki import P12_PASSWORD as PASSWORD  # noqa: E402
from tests.pki.fixtures import nss_db, vn_pki  # noqa: E402,F401  (re-exported session fixtures)
from tests.pki.vnpki import VnTestPki  # noqa: E402
from tests.signing.helpers import make_pdf  # noqa: E402
from vndocsign.signing import SignerKey, load_pkcs12  # noqa: E402


@pytest.fixture(scope="session")
def keys(vn_pki: VnTestPki) -> dict[str, SignerKey]:
    """A loaded :class:`SignerKey` per PKI label (loaded lazily, once)."""

    class _Keys(dict[str, SignerKey]):
        def __missing__(self, label: str) -> SignerKey:
            key = load_pkcs12(vn_pki.p12_bytes(label, PASSWORD), PASSWORD)
            self[label] = key
            return key

    return _Keys()


def _png(size: tuple[int, int], draw: Any, dpi: float | None = None) -> bytes:
    from PIL import Image, ImageDraw

    img = Image.new("RGBA", size, (0, 0, 0, 0))
    draw(ImageDraw.Draw(img))
    out = io.BytesIO()
    if dpi:
        img.save(out, "PNG", dpi=(dpi, dpi))
    else:
        img.save(out, "PNG")
    return out.getvalue()


@pytest.fixture(scope="session")
def signature_png() -> bytes:
    """A blue handwritten-looking stroke on a transparent background."""
    return _png(
        (300, 120), lambda d: d.line((10, 100, 150, 30, 290, 60), fill=(0, 40, 200, 255), width=6)
    )


@pytest.fixture(scope="session")
def seal_png() -> bytes:
    """A red round seal, 400 px at 282.2 dpi = 36 mm, transparent."""

    def draw(d: Any) -> None:
        d.ellipse((8, 8, 392, 392), outline=(220, 0, 0, 255), width=14)
        d.ellipse((60, 60, 340, 340), outline=(220, 0, 0, 255), width=6)

    return _png((400, 400), draw, dpi=400 / (36 / 25.4))


@pytest.fixture
def plain_pdf() -> bytes:
    return make_pdf()


# -- verifier 2: poppler pdfsig ------------------------------------------------------------


@pytest.fixture(scope="session")
def dead_pki() -> VnTestPki:
    """A second test PKI whose OCSP/CRL/TSA server has been shut down (unreachable URLs)."""
    pki = VnTestPki()
    pki.close()
    return pki


@pytest.fixture
def workdir(tmp_path: Path) -> Iterator[Path]:
    return tmp_path


@pytest.fixture(autouse=True)
def _pdfsig_everywhere(request: pytest.FixtureRequest) -> None:
    """Every ``assert_all_good`` also asks poppler's pdfsig, when poppler and NSS are here."""
    from tests.signing.helpers import use_nss_db

    if "vn_pki" not in request.fixturenames:
        return
    try:
        use_nss_db(request.getfixturevalue("nss_db"))
    except pytest.skip.Exception:
        use_nss_db(None)
