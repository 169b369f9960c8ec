"""Run ``python -m vndocsign ...`` as a hostile-input test would: capped, timed, judged.

Each run is a child process under a 2 GiB address-space cap (``RLIMIT_AS``, so a runaway
allocation becomes ``MemoryError`` or a native abort instead of swapping the machine) and a
time limit, with core dumps off. :func:`assert_typed` is the promise of issue 14: an exit code
in the documented set (0, 1, 2, 3, 64), no death by signal, no traceback on stderr, no run over
the limit, and with ``--json`` a JSON error object for exit 3.
"""

from __future__ import annotations

import json
import os
import resource
import subprocess
import sys
import time
from collections.abc import Sequence
from pathlib import Path
from typing import Any

import attrs

import vndocsign

#: Exit codes a command may end with on any input (docs/cli.md); 70 is a bug.
DOCUMENTED_EXITS = frozenset({0, 1, 2, 3, 64})
MEMORY_CAP = 2 << 30
TIME_LIMIT = 60.0
#: The ``src`` folder of the tree under test (absolute: the child may run elsewhere).
SRC = str(Path(vndocsign.__file__).resolve().parents[1])


@attrs.frozen
class Run:
    args: tuple[str, ...]
    returncode: int | None  # None: killed at the time limit
    stdout: str
    stderr: str
    seconds: float

    @property
    def signal(self) -> int | None:
        return -self.returncode if self.returncode is not None and self.returncode < 0 else None

    def json(self) -> Any:
        return json.loads(self.stdout)

    def describe(self) -> str:
        return (
            f"vndocsign {' '.join(self.args)} -> {self.returncode} in {self.seconds:.1f}s\n"
            f"stderr: {self.stderr[-1500:]}"
        )


def _limit(memory: int) -> Any:
    def apply() -> None:  # runs in the child, before exec
        resource.setrlimit(resource.RLIMIT_AS, (memory, memory))
        resource.setrlimit(resource.RLIMIT_CORE, (0, 0))

    return apply


def run_cli(
    args: Sequence[str],
    *,
    timeout: float = TIME_LIMIT,
    memory: int = MEMORY_CAP,
    cwd: str | os.PathLike[str] | None = None,
) -> Run:
    """Run the CLI in a capped child process; never raises for the child's failures."""
    env = {**os.environ, "PYTHONPATH": SRC, "PYTHONWARNINGS": "default"}
    env.pop("COVERAGE_PROCESS_START", None)
    start = time.monotonic()
    try:
        done = subprocess.run(
            [sys.executable, "-m", "vndocsign", *args],
            capture_output=True,
            timeout=timeout,
            env=env,
            cwd=cwd,
            preexec_fn=_limit(memory),
            check=False,
        )
    except subprocess.TimeoutExpired as exc:
        out = exc.stdout.decode("utf-8", "replace") if exc.stdout else ""
        err = exc.stderr.decode("utf-8", "replace") if exc.stderr else ""
        return Run(tuple(args), None, out, err, time.monotonic() - start)
    return Run(
        tuple(args),
        done.returncode,
        done.stdout.decode("utf-8", "replace"),
        done.stderr.decode("utf-8", "replace"),
        time.monotonic() - start,
    )


def typed_failures(run: Run) -> list[str]:
    """Every way ``run`` breaks the promise (empty: a typed outcome within bounds)."""
    problems = []
    if run.returncode is None:
        problems.append(f"ran over the {TIME_LIMIT:.0f}s limit")
    elif run.signal is not None:
        problems.append(f"killed by signal {run.signal}")
    elif run.returncode not in DOCUMENTED_EXITS:
        problems.append(f"exit {run.returncode} (not one of {sorted(DOCUMENTED_EXITS)})")
    if "Traceback (most recent call last)" in run.stderr:
        problems.append("a traceback on stderr")
    if "--json" in run.args and run.returncode == 3:
        try:
            data = run.json()
        except ValueError:
            problems.append("exit 3 with --json but no JSON on stdout")
        else:
            problems.extend(_json_error_problems(data))
    return problems


def _json_error_problems(data: object) -> list[str]:
    """An exit-3 ``--json`` answer is an error object -- or, for ``verify`` (whose ``--json``
    is always a list of reports), reports of which one carries a typed error message
    (``verification.not_pdf``...)."""
    if isinstance(data, dict):
        missing = {"error", "code", "vi", "en"} - set(data)
        return [f"--json error object lacks keys: {sorted(missing)}"] if missing else []
    if isinstance(data, list) and data and all(isinstance(r, dict) for r in data):
        codes = [
            m.get("code")
            for report in data
            for m in report.get("messages", [])
            if isinstance(m, dict) and m.get("severity") == "error"
        ]
        if any(isinstance(c, str) and c.startswith("verification.") for c in codes):
            return []
        return ["exit 3 with a --json report list but no typed error message in it"]
    return [f"exit 3 with --json but neither an error object nor reports: {type(data).__name__}"]


def assert_typed(run: Run) -> Run:
    problems = typed_failures(run)
    assert not problems, f"{'; '.join(problems)}\n{run.describe()}"
    return run
