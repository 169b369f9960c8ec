"""Shared plumbing for the ``vndocsign`` commands: JSON output and exit codes.

Exit codes (documented in ``docs/cli.md``):

* ``0`` — success; for ``verify``: TOTAL_PASSED;
* ``1`` — a negative answer: verification TOTAL_FAILED, a submission returned, invalid edXML;
* ``2`` — INDETERMINATE verification;
* ``3`` — bad input: the file, the arguments' values or the environment (a ``VndocsignError``);
* ``64`` — wrong command-line usage (unknown option, missing argument);
* ``70`` — an internal error (a bug: please report it).
"""

from __future__ import annotations

import json
import sys
from typing import Any

import click

__all__ = [
    "EXIT_FAILED",
    "EXIT_INDETERMINATE",
    "EXIT_INPUT",
    "EXIT_INTERNAL",
    "EXIT_OK",
    "EXIT_USAGE",
    "echo_json",
    "json_option",
]

EXIT_OK = 0
EXIT_FAILED = 1
EXIT_INDETERMINATE = 2
EXIT_INPUT = 3
EXIT_USAGE = 64
EXIT_INTERNAL = 70

json_option = click.option(
    "--json", "as_json", is_flag=True, help="Print machine-readable JSON on standard output."
)


def echo_json(data: Any) -> None:
    """Print ``data`` as UTF-8 JSON (Vietnamese kept readable, not \\u-escaped)."""
    text = json.dumps(data, ensure_ascii=False, indent=2, default=str)
    sys.stdout.write(text + "\n")
    sys.stdout.flush()
