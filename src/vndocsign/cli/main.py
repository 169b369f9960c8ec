"""The ``vndocsign`` command: a click group whose sub-commands live one module per capability.

Each capability module (``vndocsign.cli.inspect_cmd`` ...) exposes ``commands``, a list of click
commands or groups; they are added below in the order ``--help`` shows them.
Errors are turned into exit codes here, once: a :class:`~vndocsign.errors.VndocsignError`
prints its Vietnamese/English message (or a JSON error object with ``--json``) and exits 3.
"""

from __future__ import annotations

import sys
import threading
from collections.abc import Sequence

import click

from vndocsign._io import Terminated, terminate_cleanly
from vndocsign._version import __version__
from vndocsign.cli import (
    batch_cmd,
    demo_cmd,
    edxml_cmd,
    inspect_cmd,
    place_cmd,
    policy_cmd,
    remote_cmd,
    sign_cmd,
    verify_cmd,
)
from vndocsign.cli._common import (
    EXIT_INPUT,
    EXIT_INTERNAL,
    EXIT_TERMINATED,
    EXIT_USAGE,
    echo_json,
    show_usage_error,
)
from vndocsign.errors import VndocsignError

__all__ = ["CAPABILITY_MODULES", "cli", "main"]

CAPABILITY_MODULES = (
    demo_cmd,
    inspect_cmd,
    place_cmd,
    sign_cmd,
    remote_cmd,
    verify_cmd,
    batch_cmd,
    policy_cmd,
    edxml_cmd,
)


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, prog_name="vndocsign")
def cli() -> None:
    """vndocsign: ký số, kiểm tra và trao đổi văn bản hành chính điện tử.

    Sign, verify and exchange Vietnamese official documents (Decree 30/2020/NĐ-CP,
    QCVN 102:2016). Every command accepts --json for machine-readable output.
    """


for _module in CAPABILITY_MODULES:
    for _command in _module.commands:
        cli.add_command(_command)


def main(argv: Sequence[str] | None = None) -> int:
    """Console-script entry point; returns the process exit code."""
    args = list(sys.argv[1:] if argv is None else argv)
    received = threading.Event()
    code = _dispatch(args, received)
    if received.is_set():  # whatever error the signal turned into on its way up
        click.echo("Đã dừng (SIGTERM) / Terminated (SIGTERM)", err=True)
        return EXIT_TERMINATED
    return code


def _dispatch(args: list[str], received: threading.Event) -> int:
    """Run one command line; every outcome becomes an exit code of the documented table."""
    as_json = "--json" in args
    try:
        with terminate_cleanly(received):
            result = cli.main(args=args, prog_name="vndocsign", standalone_mode=False)
    except Terminated:
        return EXIT_TERMINATED
    except click.exceptions.Exit as exc:
        return int(exc.exit_code)
    except click.Abort:
        click.echo("Đã hủy / Aborted", err=True)
        return EXIT_INPUT
    except click.UsageError as exc:
        show_usage_error(exc, as_json=as_json)
        return EXIT_USAGE
    except click.ClickException as exc:
        exc.show()
        return EXIT_INPUT
    except VndocsignError as exc:
        if as_json:
            echo_json(exc.to_dict())
        click.echo(f"Lỗi / Error: {exc}", err=True)
        return EXIT_INPUT
    except Exception as exc:  # a bug: say so plainly instead of a bare traceback
        click.echo(
            f"Lỗi nội bộ / Internal error: {type(exc).__name__}: {exc}\n"
            "Please report this with the command line used.",
            err=True,
        )
        return EXIT_INTERNAL
    return int(result) if isinstance(result, int) else 0


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())
