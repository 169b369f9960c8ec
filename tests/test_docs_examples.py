"""Every example in ``docs/`` runs.

For each page, in document order and in one fresh temporary folder per page:

* a fenced ``python`` block is executed (blocks of a page share one namespace);
* in a fenced ``console`` block, each line starting with ``$ `` is run by the shell; it must
  exit 0 unless the line ends with ``# exit N``.

Blocks fenced as ``text``, ``json`` or ``pycon`` are illustrations and are not run.
"""

from __future__ import annotations

import os
import re
import subprocess
import sys
from pathlib import Path

import pytest

DOCS = Path(__file__).resolve().parents[1] / "docs"
FENCE = re.compile(r"^```(?P<lang>[\w-]+)[^\n]*\n(?P<body>.*?)^```", re.M | re.S)
EXIT = re.compile(r"#\s*exit\s+(\d+)\s*$")

PAGES = sorted(p for p in DOCS.rglob("*.md"))


def _blocks(page: Path) -> list[tuple[str, str]]:
    text = page.read_text(encoding="utf-8")
    return [(m.group("lang"), m.group("body")) for m in FENCE.finditer(text)]


@pytest.mark.parametrize("page", PAGES, ids=[str(p.relative_to(DOCS)) for p in PAGES])
def test_page_examples_run(page: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    blocks = [b for b in _blocks(page) if b[0] in {"python", "console"}]
    if not blocks:
        pytest.skip("no runnable examples on this page")
    monkeypatch.chdir(tmp_path)
    env = dict(os.environ)
    env["PATH"] = f"{Path(sys.executable).parent}{os.pathsep}{env.get('PATH', '')}"
    namespace: dict[str, object] = {"__name__": f"docs_{page.stem}"}
    for lang, body in blocks:
        if lang == "python":
            exec(compile(body, f"{page.name}:python", "exec"), namespace)  # noqa: S102
            continue
        for line in body.splitlines():
            if not line.startswith("$ "):
                continue
            command = line[2:]
            expected = 0
            m = EXIT.search(command)
            if m:
                expected = int(m.group(1))
                command = command[: m.start()]
            proc = subprocess.run(  # noqa: S602 - the docs' own shell lines
                command,
                shell=True,
                cwd=tmp_path,
                env=env,
                capture_output=True,
                text=True,
                timeout=300,
                check=False,
            )
            assert proc.returncode == expected, (
                f"{page.name}: `{command}` exited {proc.returncode}, expected {expected}\n"
                f"stdout:\n{proc.stdout[-2000:]}\nstderr:\n{proc.stderr[-2000:]}"
            )
