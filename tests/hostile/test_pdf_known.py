"""Issue 14 items 1, 2 and 10 through the capped CLI: a typed answer within 2 GiB and 60 s.

Fixed by the PDF guard (``vndocsign.pdf.check_pdf``, before PDFium). The ``-no-xref``
variants have no cross-reference table or ``startxref`` (and no trailer): pypdf alone cannot
open them while PDFium repairs them, so the guard scans their raw bytes.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest

from tests.hostile._harness import run_cli, typed_failures
from tests.hostile._pdfs import flate_bomb_pdf, kids_bomb_pdf, without_xref, zeros_pdf

pytestmark = pytest.mark.slow

INPUTS: dict[str, Callable[[], bytes]] = {
    "flate-bomb-1g": flate_bomb_pdf,
    "kids-200000": kids_bomb_pdf,
    "zeros-200m": zeros_pdf,
    "flate-bomb-no-xref": lambda: without_xref(flate_bomb_pdf()),
    "kids-no-trailer": lambda: without_xref(kids_bomb_pdf(), keep_trailer=False),
}
COMMANDS = {
    "inspect": lambda f: ["inspect", f, "--json"],
    "place": lambda f: ["place", f, "--role", "personal", "--json"],
    "verify": lambda f: ["verify", f, "--offline", "--workers", "1", "--json"],
}


@pytest.mark.parametrize("command", list(COMMANDS))
@pytest.mark.parametrize("name", list(INPUTS))
def test_known_pdf_bombs_end_typed(name: str, command: str, tmp_path: Path) -> None:
    source = tmp_path / f"{name}.pdf"
    source.write_bytes(INPUTS[name]())
    run = run_cli(COMMANDS[command](str(source)))
    problems = typed_failures(run)
    assert not problems, f"{problems}\n{run.describe()}"
    assert run.seconds < 60


def test_generated_inputs_are_the_sizes_of_the_issue() -> None:
    assert len(flate_bomb_pdf()) < 1_200_000
    assert 1_000_000 < len(kids_bomb_pdf()) < 1_300_000
