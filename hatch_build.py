"""Build hook: compile the optional C accelerator of the text layer (issue 17).

``src/vndocsign/pdf/_fastchars.c`` is the per-character PDFium loop of
``vndocsign.pdf._charloop`` in C. It is compiled here with the C compiler Python was built
with (``sysconfig``; ``CC``/``CFLAGS``/``LDSHARED`` in the environment win), against Python's
headers only: PDFium's functions are handed to it at run time from the library pypdfium2
loaded, so there is nothing to link.

The hook never fails an install: without a compiler, without Python's headers, or on any
error it prints a warning and the package installs without the accelerator (the same text
layer, computed in Python). ``VNDOCSIGN_PURE_PYTHON=1`` at build time skips the compilation.

* wheel: the module is compiled in a temporary directory and added to the wheel, which is
  then tagged for this interpreter and platform (``pure_python = False``);
* editable install (``pip install -e .``): the module is written next to its source in
  ``src/vndocsign/pdf/`` (git-ignored), where the editable install imports the package from.
"""

from __future__ import annotations

import os
import shlex
import shutil
import subprocess
import sys
import sysconfig
import tempfile
from pathlib import Path
from typing import Any

try:
    from hatchling.builders.hooks.plugin.interface import BuildHookInterface
except ImportError:  # ``python hatch_build.py`` outside a build: only compile_module runs
    BuildHookInterface = object

SOURCE = Path("src", "vndocsign", "pdf", "_fastchars.c")
MODULE = "vndocsign/pdf/_fastchars"


def compile_module(source: Path, target: Path) -> str | None:
    """Compile ``source`` into the extension module ``target``; the error text, else None."""
    suffix = sysconfig.get_config_var("EXT_SUFFIX")
    include = sysconfig.get_paths().get("include")
    if not suffix or not include or not Path(include, "Python.h").is_file():
        return "Python's C headers (Python.h) are not installed"
    if os.name == "nt":
        return "not built on Windows (no MSVC recipe)"
    cc = os.environ.get("CC") or sysconfig.get_config_var("CC") or "cc"
    linker = shlex.split(os.environ.get("LDSHARED") or sysconfig.get_config_var("LDSHARED") or "")
    # the link flags of LDSHARED (-shared, or -bundle -undefined dynamic_lookup on macOS),
    # with the compiler asked for
    link_flags = linker[1:] if linker else ["-shared"]
    # written beside the target, then renamed over it: a process that has the previous
    # module loaded keeps its (unlinked) file, never a half-written one
    partial = target.with_name(target.name + ".part")
    command = [
        *shlex.split(cc),
        *shlex.split(sysconfig.get_config_var("CCSHARED") or "-fPIC"),
        "-O2",
        # no fused multiply-add: the C loops must round as Python's float arithmetic does
        "-ffp-contract=off",
        "-DNDEBUG",
        f"-I{include}",
        *shlex.split(os.environ.get("CFLAGS", "")),
        str(source),
        "-o",
        str(partial),
        *link_flags,
        *shlex.split(os.environ.get("LDFLAGS", "")),
    ]
    try:
        done = subprocess.run(  # the compiler Python was built with, or $CC
            command, capture_output=True, text=True, timeout=300, check=False
        )
    except (OSError, subprocess.SubprocessError) as exc:
        partial.unlink(missing_ok=True)
        return f"{command[0]}: {exc}"
    if done.returncode != 0 or not partial.is_file():
        partial.unlink(missing_ok=True)
        return f"{shlex.join(command)} exited with {done.returncode}:\n{done.stderr[-2000:]}"
    os.replace(partial, target)
    return None


class FastCharsHook(BuildHookInterface):  # type: ignore[type-arg]
    """Compiles ``_fastchars`` for wheels and editable installs; never fails the build."""

    PLUGIN_NAME = "custom"

    def initialize(self, version: str, build_data: dict[str, Any]) -> None:
        self._tmp: str | None = None
        if self.target_name != "wheel":
            return
        if os.environ.get("VNDOCSIGN_PURE_PYTHON", "") not in ("", "0"):
            self.app.display_info("vndocsign: VNDOCSIGN_PURE_PYTHON set, accelerator not built")
            return
        source = Path(self.root, SOURCE)
        suffix = sysconfig.get_config_var("EXT_SUFFIX") or ".so"
        try:
            if version == "editable":
                target = source.with_name("_fastchars" + suffix)
                # a module built from an older source must not outlive a failed build
                target.unlink(missing_ok=True)
            else:
                self._tmp = tempfile.mkdtemp(prefix="vndocsign-build-")
                target = Path(self._tmp, "_fastchars" + suffix)
            error = compile_module(source, target)
        except Exception as exc:  # an accelerator never fails an install
            error = f"{type(exc).__name__}: {exc}"
        if error is not None:
            self.app.display_warning(
                "vndocsign: the C accelerator of the text layer was not built; the text layer "
                f"runs in Python (same results, slower). Reason: {error}"
            )
            return
        self.app.display_info(f"vndocsign: built {target.name}")
        if version != "editable":
            build_data["force_include"][str(target)] = MODULE + suffix
            build_data["pure_python"] = False
            build_data["infer_tag"] = True

    def finalize(self, version: str, build_data: dict[str, Any], artifact_path: str) -> None:
        if getattr(self, "_tmp", None):
            shutil.rmtree(str(self._tmp), ignore_errors=True)


if __name__ == "__main__":  # ``python hatch_build.py``: build in place (development)
    here = Path(__file__).resolve().parent
    out = Path(here, SOURCE).with_name("_fastchars" + sysconfig.get_config_var("EXT_SUFFIX"))
    problem = compile_module(Path(here, SOURCE), out)
    print(problem or f"built {out}")
    sys.exit(1 if problem else 0)
