"""Pytest fixtures for generated documents; import them into a ``conftest.py``::

    from docgen.fixtures import docgen_fonts, libreoffice  # noqa: F401

* ``docgen_fonts`` skips the test when Liberation Serif is missing.
* ``libreoffice`` (session scope) is a :class:`~docgen.docx.LibreOfficeConverter`
  (``libreoffice.pdf(spec)``, ``libreoffice.pdfs([spec, ...])``), skipping cleanly when
  ``soffice`` or python-docx is missing.
"""

from __future__ import annotations

import pytest

from docgen.docx import LibreOfficeConverter, soffice_path
from docgen.pdf import fonts_available

__all__ = ["docgen_fonts", "libreoffice"]


@pytest.fixture
def docgen_fonts() -> None:
    if not fonts_available():
        pytest.skip("Liberation Serif fonts not installed (apt-get install fonts-liberation2)")


@pytest.fixture(scope="session")
def libreoffice() -> LibreOfficeConverter:
    if soffice_path() is None:
        pytest.skip("LibreOffice (soffice) is not installed; DOCX producer not covered")
    pytest.importorskip("docx", reason="python-docx is not installed")
    return LibreOfficeConverter()
