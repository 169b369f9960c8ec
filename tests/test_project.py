"""The project's own promises: lint, types, docs build, README commands, changelog."""

from __future__ import annotations

import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
BIN = Path(sys.executable).parent


def _tool(name: str) -> str:
    path = BIN / name
    if path.exists():
        return str(path)
    found = shutil.which(name)
    if found is None:
        pytest.skip(f"{name} not installed")
    return found


def _readme_commands() -> list[str]:
    text = (ROOT / "README.md").read_text(encoding="utf-8")
    blocks = re.findall(r"```console\n(.*?)```", text, re.S)
    return [line[2:].strip() for b in blocks for line in b.splitlines() if line.startswith("$ ")]


def test_ci_runs_the_readme_test_command() -> None:
    commands = _readme_commands()
    assert len(commands) >= 2
    test_command = next(c for c in commands if "pytest" in c)
    ci = (ROOT / ".ci" / "run").read_text(encoding="utf-8")
    assert test_command in ci


def test_ruff_is_clean() -> None:
    proc = subprocess.run(
        [_tool("ruff"), "check", "src", "tests", "benchmarks"],
        cwd=ROOT,
        capture_output=True,
        text=True,
        check=False,
    )
    assert proc.returncode == 0, proc.stdout + proc.stderr


@pytest.mark.slow
def test_mypy_strict_is_clean() -> None:
    proc = subprocess.run(
        [_tool("mypy")], cwd=ROOT, capture_output=True, text=True, check=False, timeout=900
    )
    assert proc.returncode == 0, proc.stdout[-5000:] + proc.stderr[-2000:]


@pytest.mark.slow
def test_docs_site_builds(tmp_path: Path) -> None:
    proc = subprocess.run(
        [_tool("mkdocs"), "build", "--strict", "-d", str(tmp_path / "site")],
        cwd=ROOT,
        capture_output=True,
        text=True,
        check=False,
        timeout=600,
    )
    assert proc.returncode == 0, proc.stdout[-5000:] + proc.stderr[-5000:]
    assert (tmp_path / "site" / "index.html").is_file()


_CHANGE_TYPES = ("Added", "Changed", "Deprecated", "Removed", "Fixed", "Security")


def test_changelog_follows_keep_a_changelog() -> None:
    text = (ROOT / "CHANGELOG.md").read_text(encoding="utf-8")
    releases = re.split(r"^## ", text, flags=re.M)[1:]
    assert releases and releases[0].startswith("[Unreleased]"), "first section is [Unreleased]"
    for release in releases:
        title, _, body = release.partition("\n")
        assert re.fullmatch(r"\[(Unreleased|\d+\.\d+\.\d+)\]( - \d{4}-\d{2}-\d{2})?", title), title
        sections = re.split(r"^### ", body, flags=re.M)
        assert not sections[0].strip(), f"text before the first change type in {title}"
        names = [s.partition("\n")[0].strip() for s in sections[1:]]
        assert names, f"{title} lists no changes"
        assert all(n in _CHANGE_TYPES for n in names), names
        assert len(set(names)) == len(names), f"a change type repeated in {title}: {names}"
        order = [_CHANGE_TYPES.index(n) for n in names]
        assert order == sorted(order), f"change types out of order in {title}: {names}"
        for section in sections[1:]:
            items = [ln for ln in section.splitlines()[1:] if ln.strip()]
            assert items and items[0].startswith("- "), f"empty or malformed section in {title}"
            assert all(ln.startswith(("- ", "  ")) for ln in items), section[:200]


def test_ruff_format_is_clean() -> None:
    proc = subprocess.run(
        [_tool("ruff"), "format", "--check", "src", "tests", "benchmarks"],
        cwd=ROOT,
        capture_output=True,
        text=True,
        check=False,
    )
    assert proc.returncode == 0, proc.stdout[-3000:] + proc.stderr


def test_package_is_typed_and_exports_are_declared() -> None:
    import importlib
    import pkgutil

    import vndocsign

    assert (Path(vndocsign.__file__).parent / "py.typed").is_file()
    for info in pkgutil.walk_packages(vndocsign.__path__, "vndocsign."):
        if info.name.split(".")[-1].startswith("_") or info.name.endswith("__main__"):
            continue
        module = importlib.import_module(info.name)
        assert hasattr(module, "__all__"), f"{info.name} has no __all__"
        for name in module.__all__:
            assert hasattr(module, name), f"{info.name}.__all__ names missing {name}"
