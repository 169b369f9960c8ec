"""Fixtures shared by every test module.

The shared corpus (``../shared/corpus`` beside the checkout) holds real files made by other
systems. It is read in place, never copied, and every test that needs it is skipped with a
clear reason when the folder is absent (for example on a developer's laptop).
"""

from __future__ import annotations

import hashlib
import json
import shutil
import sys
from pathlib import Path
from typing import Any

import pytest

ROOT = Path(__file__).resolve().parents[1]
CORPUS = (ROOT / ".." / "shared" / "corpus").resolve()

# The test-document generator ``tests/docgen`` imports itself as the top-level package
# ``docgen``; every test module may use it.
if str(ROOT / "tests") not in sys.path:
    sys.path.insert(0, str(ROOT / "tests"))


def corpus_manifest(folder: str) -> list[dict[str, Any]]:
    """The MANIFEST.json entries of one corpus folder; skips the calling module if absent."""
    path = CORPUS / folder / "MANIFEST.json"
    if not path.is_file():
        pytest.skip(f"shared corpus not available ({path})", allow_module_level=True)
    data = json.loads(path.read_text(encoding="utf-8"))
    return list(data if isinstance(data, list) else data.get("files", data))


def corpus_file(folder: str, entry: dict[str, Any]) -> Path:
    """Path of a corpus file, after checking its SHA-256 against the manifest."""
    path = CORPUS / folder / entry["file"]
    if not path.is_file():
        pytest.skip(f"corpus file missing: {path}")
    digest = hashlib.sha256(path.read_bytes()).hexdigest()
    if "sha256" in entry:
        assert digest == entry["sha256"], f"corpus file changed: {path}"
    return path


def needs_program(name: str) -> str:
    """The path of an external program, or skip (``.ci/run`` installs all of them)."""
    found = shutil.which(name)
    if found is None:
        pytest.skip(f"{name} is not installed (.ci/run installs it)")
    return found
