"""Fixtures of the metadata tests: generated documents from two producers.

``tests/docgen`` is imported as the top-level package ``docgen`` (that is how it imports
itself), so ``tests/`` goes on ``sys.path`` here.
"""

from __future__ import annotations

import sys
from pathlib import Path

TESTS = Path(__file__).resolve().parents[1]
if str(TESTS) not in sys.path:
    sys.path.insert(0, str(TESTS))

from docgen.fixtures import docgen_fonts, libreoffice  # noqa: E402

__all__ = ["docgen_fonts", "libreoffice"]
