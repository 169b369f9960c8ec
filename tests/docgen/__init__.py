"""Test-document generator: realistic Decree 30/2020 documents with ground truth.

Two producers render the same :class:`DocSpec`:

* :func:`render` (reportlab, Liberation Serif embedded and subset) → :class:`RenderedDoc` with
  ``pdf`` bytes and a :class:`Truth` saying where the final ``./.``, every signer's title lines,
  name line and signature band, and the header fields were drawn (PDF user space *and* the
  upright display frame). Options (:class:`RenderOptions`): ``runs="line"|"word"|"char"|
  "chunks"`` (one ``Tj`` per line, word, character or random 1–4 character piece),
  ``rotate=90|180|270`` (``/Rotate`` with upright content), ``box_offset=(dx, dy)`` and
  ``media_margin`` (CropBox away from the origin inside a larger MediaBox), ``end_at_bottom``
  ("./." on the last line above the bottom margin, footer on the next page), ``shuffle``
  (content stream out of reading order), ``fake_bold`` (stroked regular font, no bold flag).
* Ready-made content: :mod:`docgen.specs` — ``cong_van()``, ``cong_van_list()``,
  ``to_trinh()``, ``draft_quyet_dinh()``, ``quyet_dinh()``, ``giay_moi()``, ``bao_cao(pages)``,
  ``secret_cong_van()``, ``bottom_ending()`` (render with ``end_at_bottom=True``),
  ``bien_ban()`` and ``variants()`` (other agencies, places, KT./TL./TUQ./Q. combinations);
  any field can be overridden: ``specs.cong_van(number="05/UBND-VP")``.
* :func:`docgen.docx.build_docx` (python-docx, header and footer as 2-column tables) and
  :func:`docgen.docx.convert_to_pdf` (LibreOffice ``soffice --headless``), for a second real
  producer. ``docgen.fixtures`` offers session fixtures that cache the conversions.

Typical use in a test::

    import docgen
    from docgen import specs

    doc = docgen.render(specs.cong_van(), runs="char")
    doc.pdf                       # bytes
    doc.truth.closing.bbox        # box of "./." in user space
    doc.truth.signer.position     # TextBox of "PHÓ CHỦ TỊCH"
    doc.truth.signer.name         # TextBox of "Trần Minh Khoa"

Call :func:`require_fonts` (or use the ``docgen_fonts`` fixture) to skip cleanly where
Liberation Serif is not installed.
"""

from __future__ import annotations

from docgen import specs
from docgen.pdf import (
    RenderedDoc,
    RenderOptions,
    SignerTruth,
    TextBox,
    Truth,
    fonts_available,
    render,
)
from docgen.spec import DocSpec, Para, SignerSpec

__all__ = [
    "DocSpec",
    "Para",
    "RenderOptions",
    "RenderedDoc",
    "SignerSpec",
    "SignerTruth",
    "TextBox",
    "Truth",
    "fonts_available",
    "render",
    "require_fonts",
    "specs",
]


def require_fonts() -> None:
    """Skip the calling test when Liberation Serif is missing."""
    if not fonts_available():
        import pytest

        pytest.skip("Liberation Serif fonts not installed (apt-get install fonts-liberation2)")
