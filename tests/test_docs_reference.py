"""The API reference shows no raw Sphinx role (``:class:`` …): ``docs/_hooks.py`` renders them
as code in the built site."""

from __future__ import annotations

import importlib.util
import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
RAW_ROLE = re.compile(r":(?:class|func|meth|mod|data|attr|exc|obj|const):[`<]")


def _hooks():  # type: ignore[no-untyped-def]
    spec = importlib.util.spec_from_file_location("docs_hooks", ROOT / "docs" / "_hooks.py")
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def test_roles_become_code() -> None:
    render = _hooks().render_roles
    html = (
        "<p>See :class:<code>~vndocsign.pki.AlgorithmPolicy</code> and "
        ":func:<code>vndocsign.signing.sign_document</code>; :meth:`~a.B.c`.</p>"
    )
    assert render(html) == (
        "<p>See <code>AlgorithmPolicy</code> and <code>vndocsign.signing.sign_document</code>; "
        "<code>c</code>.</p>"
    )


def test_built_reference_has_no_raw_role(tmp_path: Path) -> None:
    mkdocs = Path(sys.executable).with_name("mkdocs")
    tool = str(mkdocs) if mkdocs.exists() else shutil.which("mkdocs")
    if tool is None:
        pytest.skip("mkdocs is not installed (the docs extra installs it)")
    site = tmp_path / "site"
    env = {**os.environ, "NO_MKDOCS_2_WARNING": "1"}
    proc = subprocess.run(
        [tool, "build", "--strict", "-d", str(site)],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        check=False,
        timeout=600,
    )
    assert proc.returncode == 0, proc.stderr[-5000:]
    page = (site / "reference" / "index.html").read_text(encoding="utf-8")
    assert "AlgorithmPolicy" in page  # the reference was rendered
    raw = sorted(set(RAW_ROLE.findall(page)))
    assert not raw, raw
    assert not (site / "_hooks.py").exists()
