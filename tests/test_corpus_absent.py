"""Without the shared corpus, every test that reads it is collected and skipped one by one with
its reason — not hidden behind a handful of module-level skips (once ~310 tests behind "5
skipped"). A pytest run in a subprocess points ``VNDOCSIGN_TEST_CORPUS`` at an empty folder."""

from __future__ import annotations

import os
import re
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
CORPUS_MODULES = [
    "tests/cli/test_inspect_corpus.py",
    "tests/edxml/test_corpus.py",
    "tests/edxml/test_cli.py",
    "tests/signing/test_signing_corpus.py",
    "tests/verification/test_corpus.py",
]


def test_a_missing_corpus_shows_each_skipped_test_with_its_reason(tmp_path: Path) -> None:
    env = {**os.environ, "VNDOCSIGN_TEST_CORPUS": str(tmp_path / "no-corpus")}
    env["PYTHONPATH"] = os.pathsep.join(
        [str(ROOT / "src"), str(ROOT), *filter(None, [os.environ.get("PYTHONPATH")])]
    )
    proc = subprocess.run(
        [sys.executable, "-m", "pytest", "-q", "-rs", "-p", "no:cacheprovider", *CORPUS_MODULES],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=600,
        check=False,
    )
    out = proc.stdout
    assert proc.returncode == 0, out[-3000:]
    counts = dict((k, int(v)) for v, k in re.findall(r"(\d+) (passed|skipped|failed)", out))
    # one skipped item per corpus test (each parametrized test once), not one per module
    assert counts.get("skipped", 0) >= 2 * len(CORPUS_MODULES), out[-3000:]
    assert str(tmp_path / "no-corpus") in out  # the reason names the folder looked for
    reasons = re.findall(r"^SKIPPED \[(\d+)\] (\S+?):", out, re.M)
    assert {path for _n, path in reasons} >= set(CORPUS_MODULES) - {"tests/edxml/test_cli.py"}
    # the tests of these modules that do not need the corpus still run
    assert counts.get("passed", 0) > 0
