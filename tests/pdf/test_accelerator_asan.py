"""The C accelerator under AddressSanitizer: the raw reader's and the text layer's tests run
against ``_fastchars`` built with ``-fsanitize=address``.

Why: the accelerator reads hostile bytes (content streams, CMaps, object syntax). Its tests
compare it with the Python readings, which shows wrong answers but not a write past a buffer
that happens to give the right one: the content reader once wrote three-letter codes after
four-letter ones past its output (found this way, see
``test_a_code_mapped_to_a_long_text_among_short_ones``). Skipped without gcc or libasan.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import sysconfig
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
MODULES = [
    "tests/pdf/test_rawscan_fonts.py",
    "tests/pdf/test_rawscan_fuzz.py",
    "tests/pdf/test_rawscan_pages.py",
    "tests/pdf/test_fastchars.py",
    "tests/pdf/test_inflate.py",
]


def _libasan() -> str | None:
    gcc = shutil.which("gcc")
    if gcc is None:
        return None
    found = subprocess.run(
        [gcc, "-print-file-name=libasan.so"], capture_output=True, text=True, check=False
    ).stdout.strip()
    return found if os.path.isabs(found) and os.path.exists(found) else None


def test_the_accelerator_has_no_memory_error_under_asan(tmp_path: Path) -> None:
    libasan = _libasan()
    if libasan is None or os.name == "nt":
        pytest.skip("gcc with libasan is not installed")
    src = tmp_path / "src"
    shutil.copytree(
        ROOT / "src" / "vndocsign",
        src / "vndocsign",
        ignore=shutil.ignore_patterns("*.so", "__pycache__"),
    )
    pdf = src / "vndocsign" / "pdf"
    target = pdf / ("_fastchars" + str(sysconfig.get_config_var("EXT_SUFFIX")))
    include = sysconfig.get_paths()["include"]
    flags = ["-shared", "-fPIC", "-O1", "-g", "-fsanitize=address", "-ffp-contract=off"]
    compiled = subprocess.run(
        ["gcc", *flags, f"-I{include}", str(pdf / "_fastchars.c"), "-o", str(target)],
        capture_output=True,
        text=True,
        check=False,
    )
    assert compiled.returncode == 0, compiled.stderr[-2000:]
    env = dict(
        os.environ,
        LD_PRELOAD=libasan,
        ASAN_OPTIONS="detect_leaks=0:abort_on_error=0:exitcode=86",
        PYTHONPATH=os.pathsep.join([str(src), str(ROOT)]),
        VNDOCSIGN_PURE_PYTHON="",
    )
    check = "import vndocsign.pdf._rawobj as r; print(r._FAST.__file__)"
    loaded = subprocess.run(
        [sys.executable, "-c", check], env=env, capture_output=True, text=True, check=False
    )
    assert loaded.stdout.strip() == str(target), loaded.stderr[-2000:]
    done = subprocess.run(
        [sys.executable, "-m", "pytest", "-q", "-x", "-p", "no:cacheprovider", *MODULES],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        check=False,
        timeout=1200,
    )
    report = done.stdout[-3000:] + done.stderr[-3000:]
    assert "AddressSanitizer" not in report, report
    assert done.returncode == 0, report
