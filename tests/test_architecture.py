"""The architecture promises of issue 10, checked on the source tree itself.

One vocabulary (no second role enum, certificate-kind parser, digest list or page-geometry
class), modules that read in one sitting (≤ 600 lines, functions ≤ 80 lines unless the module
docstring names the exception), no import cycles, no imports hidden behind ``getattr``, and only
:class:`~vndocsign.errors.VndocsignError` subclasses raised to callers.
"""

from __future__ import annotations

import ast
import builtins
import re
from collections.abc import Iterator
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
SRC = ROOT / "src" / "vndocsign"
MAX_MODULE_LINES = 600
MAX_FUNCTION_LINES = 80


def _modules() -> Iterator[tuple[str, Path, ast.Module]]:
    for path in sorted(SRC.rglob("*.py")):
        rel = path.relative_to(SRC.parent).with_suffix("")
        parts = list(rel.parts)
        if parts[-1] == "__init__":
            parts.pop()
        yield ".".join(parts), path, ast.parse(path.read_text(encoding="utf-8"))


MODULES = list(_modules())


def _exceptions_named(tree: ast.Module) -> str:
    return ast.get_docstring(tree) or ""


def test_no_module_is_longer_than_600_lines() -> None:
    long = [
        f"{name}: {len(path.read_text(encoding='utf-8').splitlines())}"
        for name, path, _tree in MODULES
        if len(path.read_text(encoding="utf-8").splitlines()) > MAX_MODULE_LINES
    ]
    assert not long, long


def test_no_function_is_longer_than_80_lines_unless_its_module_says_why() -> None:
    long = []
    for name, _path, tree in MODULES:
        doc = _exceptions_named(tree)
        for node in ast.walk(tree):
            if isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef):
                size = (node.end_lineno or node.lineno) - node.lineno + 1
                if size > MAX_FUNCTION_LINES and f"``{node.name}``" not in doc:
                    long.append(f"{name}.{node.name}: {size} lines")
    assert not long, long


def _imports(tree: ast.Module, module: str, top_level_only: bool) -> set[str]:
    body = tree.body if top_level_only else list(ast.walk(tree))
    out: set[str] = set()
    package = module if _is_package(module) else module.rpartition(".")[0]
    for node in body:
        if isinstance(node, ast.Import):
            out.update(a.name for a in node.names if a.name.startswith("vndocsign"))
        elif isinstance(node, ast.ImportFrom):
            base = node.module or ""
            if node.level:
                anchor = package.split(".")
                anchor = anchor[: len(anchor) - node.level + 1]
                base = ".".join([*anchor, base] if base else anchor)
            if base.startswith("vndocsign"):
                out.add(base)
                out.update(f"{base}.{a.name}" for a in node.names)
    return out


_NAMES = {name for name, _p, _t in MODULES}


def _is_package(module: str) -> bool:
    return any(n.startswith(module + ".") for n in _NAMES)


def _graph(top_level_only: bool) -> dict[str, set[str]]:
    return {
        name: {i for i in _imports(tree, name, top_level_only) if i in _NAMES and i != name}
        for name, _path, tree in MODULES
    }


def _cycle(graph: dict[str, set[str]]) -> list[str] | None:
    state: dict[str, int] = {}
    stack: list[str] = []

    def visit(node: str) -> list[str] | None:
        state[node] = 1
        stack.append(node)
        for nxt in sorted(graph.get(node, ())):
            if state.get(nxt) == 1:
                return [*stack[stack.index(nxt) :], nxt]
            if nxt not in state:
                found = visit(nxt)
                if found:
                    return found
        stack.pop()
        state[node] = 2
        return None

    for node in sorted(graph):
        if node not in state:
            found = visit(node)
            if found:
                return found
    return None


def _module_graph_without_ancestors() -> dict[str, set[str]]:
    """Module-level import edges, leaving out edges to the importer's own ancestor packages.

    ``from vndocsign.signing import errors`` inside ``vndocsign.signing._core`` names the
    package but loads a sibling; the sibling edge is kept, the package edge is not.
    """
    graph = _graph(top_level_only=True)
    return {
        name: {t for t in targets if not name.startswith(t + ".")}
        for name, targets in graph.items()
    }


def test_no_import_cycle_between_modules() -> None:
    cycle = _cycle(_module_graph_without_ancestors())
    assert cycle is None, " -> ".join(cycle or [])


def test_no_import_hidden_behind_getattr_or_import_module() -> None:
    hidden = []
    for name, path, _tree in MODULES:
        text = path.read_text(encoding="utf-8")
        for pattern in (r"import_module\(", r"__import__\(", r"getattr\(\s*importlib"):
            if re.search(pattern, text):
                hidden.append(f"{name}: {pattern}")
    assert not hidden, hidden


_BUILTIN_EXCEPTIONS = {
    n
    for n in dir(builtins)
    if isinstance(getattr(builtins, n), type) and issubclass(getattr(builtins, n), BaseException)
}
_ALLOWED = {
    "NotImplementedError",
    "StopIteration",
    "StopAsyncIteration",
    "KeyboardInterrupt",
    "SystemExit",
    "GeneratorExit",
}


def _raised_builtin(node: ast.Raise) -> str | None:
    exc = node.exc
    if isinstance(exc, ast.Call):
        exc = exc.func
    if isinstance(exc, ast.Name) and exc.id in _BUILTIN_EXCEPTIONS - _ALLOWED:
        return exc.id
    return None


def _caught_locally(tree: ast.Module) -> set[int]:
    """Lines of ``raise X`` inside a ``try`` whose handlers catch ``X`` again (control flow)."""
    lines: set[int] = set()
    for node in ast.walk(tree):
        if not isinstance(node, ast.Try):
            continue
        caught = set()
        for handler in node.handlers:
            for t in ast.walk(handler.type) if handler.type else ():
                if isinstance(t, ast.Name):
                    caught.add(t.id)
        for inner in node.body:
            for sub in ast.walk(inner):
                raised = _raised_builtin(sub) if isinstance(sub, ast.Raise) else None
                if raised and (raised in caught or caught & {"Exception", "BaseException"}):
                    lines.add(sub.lineno)
    return lines


def test_every_raised_exception_is_a_vndocsign_error() -> None:
    bare = []
    for name, _path, tree in MODULES:
        local = _caught_locally(tree)
        for node in ast.walk(tree):
            if isinstance(node, ast.Raise) and node.lineno not in local:
                builtin = _raised_builtin(node)
                if builtin:
                    bare.append(f"{name}:{node.lineno} raises {builtin}")
    assert not bare, bare


@pytest.mark.parametrize(
    ("pattern", "home"),
    [
        (r"^class \w*Role\(", "vndocsign.model.roles"),
        (r"^class \w*CertificateKind\(", "vndocsign.pki._identity"),
        (r"^def (certificate_kind|parse_uids|split_uid)\(", "vndocsign.pki._identity"),
        # a list of accepted digests (a name -> hash-function map is not a policy)
        (r"\"sha512_256\"(?!\s*:)", "vndocsign.pki._algorithms"),
        (r"^class \w*(Frame|PageFrame)\b", "vndocsign.pdf.geometry"),
        (r"^class (Line|PageView)\b", None),
        (r"^class SignatureInfo\b", None),
    ],
)
def test_one_definition_of_each_shared_word(pattern: str, home: str | None) -> None:
    where = [
        name
        for name, path, _tree in MODULES
        if re.search(pattern, path.read_text(encoding="utf-8"), re.M)
    ]
    if home is None:
        assert len(where) <= 1, where
    else:
        assert where == [home], where


def test_one_spelling_of_organization() -> None:
    found = [
        name
        for name, path, _tree in MODULES
        if re.search(r"organisation", path.read_text(encoding="utf-8"))
        and re.search(r"[\"']organisation", path.read_text(encoding="utf-8"))
    ]
    assert not found, found


def test_error_codes_use_one_style() -> None:
    bad = []
    for name, path, _tree in MODULES:
        for code in re.findall(r"^\s+code(?:: str)? = \"([^\"]+)\"", path.read_text("utf-8"), re.M):
            if not re.fullmatch(r"[a-z0-9]+(\.[a-z0-9_]+)*", code):
                bad.append(f"{name}: {code}")
    assert not bad, bad
