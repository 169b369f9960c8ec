"""Fixtures shared by every test module.

The shared corpus (``../shared/corpus`` beside the checkout) holds real files made by other
systems. It is read in place, never copied, and every test that needs it is skipped, one by
one and with a clear reason, when the folder is absent (for example on a developer's laptop).
"""

from __future__ import annotations

import hashlib
import json
import os
import shutil
import sys
from pathlib import Path
from typing import Any

import pytest

ROOT = Path(__file__).resolve().parents[1]
# ``VNDOCSIGN_TEST_CORPUS`` points the tests at another copy (or, in a test, at no corpus).
CORPUS = Path(
    os.environ.get("VNDOCSIGN_TEST_CORPUS") or (ROOT / ".." / "shared" / "corpus")
).resolve()

# The test-document generator ``tests/docgen`` imports itself as the top-level package
# ``docgen``; every test module may use it.
if str(ROOT / "tests") not in sys.path:
    sys.path.insert(0, str(ROOT / "tests"))


class AbsentCase(dict[str, Any]):
    """The one parameter a corpus-driven test gets when the corpus is absent: it keeps the test
    visible (one skipped item per test, with the reason) instead of skipping the whole module
    at collection, which hid about 310 tests behind "5 skipped"."""

    def __init__(self, folder: str, reason: str) -> None:
        super().__init__(file=f"corpus-absent:{folder}")
        self.reason = reason

    def __missing__(self, key: str) -> None:
        return None  # collection-time filters (``c["well_formed"]``) see nothing


#: folders found absent in this run (read by :func:`pytest_collection_modifyitems`)
_ABSENT: dict[str, str] = {}
#: names whose use in a test function means it reads the corpus
_CORPUS_NAMES = frozenset({"CASES", "IDS", "CORPUS", "corpus_file", "corpus_manifest"})


def corpus_manifest(folder: str) -> list[dict[str, Any]]:
    """The MANIFEST.json entries of one corpus folder.

    When the corpus is absent, one :class:`AbsentCase`: each test parametrized over the entries
    is collected once and skipped with the reason (so is any test of the module that reads the
    corpus); the module's other tests still run.
    """
    path = CORPUS / folder / "MANIFEST.json"
    if not path.is_file():
        reason = f"shared corpus not available ({path})"
        _ABSENT[folder] = reason
        return [AbsentCase(folder, reason)]
    data = json.loads(path.read_text(encoding="utf-8"))
    return list(data if isinstance(data, list) else data.get("files", data))


def corpus_file(folder: str, entry: dict[str, Any]) -> Path:
    """Path of a corpus file, after checking its SHA-256 against the manifest."""
    if isinstance(entry, AbsentCase):
        pytest.skip(entry.reason)
    path = CORPUS / folder / entry["file"]
    if not path.is_file():
        pytest.skip(f"corpus file missing: {path}")
    digest = hashlib.sha256(path.read_bytes()).hexdigest()
    if "sha256" in entry:
        assert digest == entry["sha256"], f"corpus file changed: {path}"
    return path


def _code_names(code: Any) -> set[str]:
    names = set(code.co_names)
    for const in code.co_consts:
        if hasattr(const, "co_names"):
            names |= _code_names(const)
    return names


def _reads_corpus(item: pytest.Item) -> str | None:
    """The skip reason if ``item`` uses the absent corpus, else ``None``."""
    callspec = getattr(item, "callspec", None)
    for value in callspec.params.values() if callspec else ():
        if isinstance(value, AbsentCase):
            return value.reason
    function = getattr(item, "function", None)
    module = getattr(item, "module", None)
    if function is None or module is None or not hasattr(function, "__code__"):
        return None
    found: list[AbsentCase] = []
    for value in vars(module).values():
        if isinstance(value, list | tuple | dict):
            found += [v for v in _values(value) if isinstance(v, AbsentCase)]
    absent_globals = {
        name
        for name, value in vars(module).items()
        if isinstance(value, list | tuple | dict)
        and any(isinstance(v, AbsentCase) for v in _values(value))
    }
    if not absent_globals and getattr(module, "corpus_manifest", None) is None:
        return None
    if _code_names(function.__code__) & (absent_globals | _CORPUS_NAMES):
        return found[0].reason if found else next(iter(_ABSENT.values()))
    return None


def _values(container: Any) -> list[Any]:
    return list(container.values() if isinstance(container, dict) else container)


def pytest_collection_modifyitems(config: pytest.Config, items: list[pytest.Item]) -> None:
    """Without the corpus, skip (visibly, one by one) the tests that read it."""
    if not _ABSENT:
        return
    for item in items:
        reason = _reads_corpus(item)
        if reason is not None:
            item.add_marker(pytest.mark.skip(reason=reason))


def needs_program(name: str) -> str:
    """The path of an external program, or skip (``.ci/run`` installs all of them)."""
    found = shutil.which(name)
    if found is None:
        pytest.skip(f"{name} is not installed (.ci/run installs it)")
    return found
