"""Regenerate the sample PDFs shipped in ``src/vndocsign/data/samples/``.

Run from the repository root::

    python tests/docgen/build_samples.py

The samples are what ``vndocsign demo`` and every docs example use, so they are small (subset,
unhinted Liberation Serif) and deterministic (reportlab ``invariant`` mode): running this twice
produces identical bytes, and ``tests/metadata`` checks the committed files still match.
"""

from __future__ import annotations

import sys
from pathlib import Path

HERE = Path(__file__).resolve().parent
if str(HERE.parent) not in sys.path:  # run as a script: make ``docgen`` importable
    sys.path.insert(0, str(HERE.parent))

from docgen import specs  # noqa: E402
from docgen.pdf import render  # noqa: E402
from docgen.spec import DocSpec  # noqa: E402

__all__ = ["SAMPLES", "TARGET", "build", "main"]

TARGET = HERE.parents[1] / "src" / "vndocsign" / "data" / "samples"

#: file stem -> spec. Keep this list short: the files ship inside the wheel.
SAMPLES: dict[str, DocSpec] = {
    "cong-van": specs.cong_van(),
    "to-trinh": specs.to_trinh(),
    "du-thao-quyet-dinh": specs.draft_quyet_dinh(),
}


def build() -> dict[str, bytes]:
    """The sample PDFs by file stem, rendered now."""
    return {name: render(spec).pdf for name, spec in SAMPLES.items()}


def main() -> int:
    TARGET.mkdir(parents=True, exist_ok=True)
    for name, pdf in build().items():
        path = TARGET / f"{name}.pdf"
        path.write_bytes(pdf)
        print(f"{path.relative_to(HERE.parents[1])}: {len(pdf)} bytes")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
