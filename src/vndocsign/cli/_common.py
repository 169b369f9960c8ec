"""Shared plumbing for the ``vndocsign`` commands: JSON output, exit codes, paths and secrets.

Exit codes (documented in ``docs/cli.md``, and checked there by a test):

* ``0`` — success; for ``verify``: every file TOTAL_PASSED;
* ``1`` — a negative answer: verification TOTAL_FAILED, a submission returned, invalid edXML;
* ``2`` — INDETERMINATE verification;
* ``3`` — bad input: a file (missing, not a PDF, unreadable), the environment (an unset
  variable, a wrong password) or a value the command refuses (out of range) — a
  ``VndocsignError``;
* ``64`` — wrong command-line usage: what click cannot parse (unknown command or option,
  missing argument, a value of the wrong type or not one of the choices, a secret given on
  the command line);
* ``70`` — an internal error (a bug: please report it);
* ``143`` — stopped by SIGTERM (128 + 15, as a shell reports it), after removing the
  temporary ``.part`` file of an output being written.

The same condition gets the same code in every command: :data:`CONDITIONS` lists them, and the
table of ``docs/cli.md`` is compared with it by ``tests/cli/test_cli_reference.py``.
"""

from __future__ import annotations

import json
import math
import os
import sys
from typing import Any

import click

from vndocsign._io import check_input_file, check_output_folder
from vndocsign._limits import MAX_SECONDS
from vndocsign.errors import VndocsignError

__all__ = [
    "CONDITIONS",
    "EXIT_FAILED",
    "EXIT_INDETERMINATE",
    "EXIT_INPUT",
    "EXIT_INTERNAL",
    "EXIT_OK",
    "EXIT_TERMINATED",
    "EXIT_USAGE",
    "PDF_PASSWORD_ENV",
    "SECONDS",
    "WORKERS",
    "InputPath",
    "Number",
    "OptionValueError",
    "OutputPath",
    "SecretNotSetError",
    "UsageError",
    "check_workers_and_time_limit",
    "echo_json",
    "echo_jsonl",
    "json_option",
    "pdf_password",
    "pdf_password_options",
    "secret_from_env",
    "show_usage_error",
]

EXIT_OK = 0
EXIT_FAILED = 1
EXIT_INDETERMINATE = 2
EXIT_INPUT = 3
EXIT_USAGE = 64
EXIT_INTERNAL = 70
EXIT_TERMINATED = 128 + 15

#: Condition (as written in the table of ``docs/cli.md``) -> the exit code of every command.
CONDITIONS: dict[str, int] = {
    "missing input file": EXIT_INPUT,
    "input is a folder where a file is expected": EXIT_INPUT,
    "not a PDF file": EXIT_INPUT,
    "output folder does not exist": EXIT_INPUT,
    "password or PIN environment variable not set": EXIT_INPUT,
    "value out of range (--workers 0, --time-limit 0)": EXIT_INPUT,
    "unknown command or option": EXIT_USAGE,
    "missing argument or required option": EXIT_USAGE,
    "value of the wrong type or not one of the choices": EXIT_USAGE,
    "password given on the command line": EXIT_USAGE,
    "verification: every file TOTAL_PASSED": EXIT_OK,
    "verification: a file TOTAL_FAILED": EXIT_FAILED,
    "verification: no failure, a file not a PDF (or not evaluated)": EXIT_INPUT,
    "verification: otherwise INDETERMINATE": EXIT_INDETERMINATE,
    "internal error": EXIT_INTERNAL,
    "stopped by SIGTERM (temporary files removed)": EXIT_TERMINATED,
}

json_option = click.option(
    "--json", "as_json", is_flag=True, help="Print machine-readable JSON on standard output."
)


def echo_json(data: Any) -> None:
    """Print ``data`` as UTF-8 JSON (Vietnamese kept readable, not \\u-escaped)."""
    text = json.dumps(data, ensure_ascii=False, indent=2, default=str)
    sys.stdout.write(text + "\n")
    sys.stdout.flush()


def echo_jsonl(data: Any) -> None:
    """Print ``data`` as one line of JSON (JSON Lines), flushed at once."""
    sys.stdout.write(json.dumps(data, ensure_ascii=False, default=str) + "\n")
    sys.stdout.flush()


class UsageError(click.UsageError):
    """A usage error with its Vietnamese text (click's own are English only)."""

    def __init__(self, en: str, vi: str, ctx: click.Context | None = None) -> None:
        super().__init__(en, ctx=ctx)
        self.vi = vi


class InputPath(click.Path):
    """``click.Path`` whose missing file is an input error (exit 3, bilingual) in every command,
    not a usage error (exit 64, English) as click would make it."""

    def convert(self, value: Any, param: click.Parameter | None, ctx: click.Context | None) -> Any:
        usable = self.exists and value != "-" and isinstance(value, str | os.PathLike)
        if usable and (not os.path.exists(value) or (not self.dir_okay and os.path.isdir(value))):
            check_input_file(value)
        return super().convert(value, param, ctx)


class OutputPath(click.Path):
    """``click.Path`` for a file to write: its folder must exist (exit 3), checked before any
    work is done, so that a mistyped folder is neither created nor found out at the end."""

    def convert(self, value: Any, param: click.Parameter | None, ctx: click.Context | None) -> Any:
        if isinstance(value, str | os.PathLike) and value != "-":
            check_output_folder(value)
        return super().convert(value, param, ctx)


class OptionValueError(VndocsignError):
    """An option's value is out of its range (``--workers 0``, ``--time-limit 0``)."""

    code = "cli.bad_value"


#: The largest page a PDF can have (ISO 32000-1, Annex C: 14,400 units = 200 in = 5,080 mm):
#: no length drawn on a page (an image, a seal) can be longer.
MAX_PAGE_MM = 5080.0
#: Upper bound of worker counts: far above any real use, low enough that no pool runs away
#: (durations: :data:`vndocsign._limits.MAX_SECONDS`, shared with the library).
MAX_WORKERS = 1024


class Number(click.ParamType[float, Any]):
    """A number option with a range, checked when the command line is parsed.

    What is not a number (``abc``, ``2.5`` for an integer) is a usage error (exit 64,
    bilingual), as click makes it. A number outside ``[minimum, maximum]`` (``minimum``
    excluded when ``open_min``) -- and ``nan`` or ``inf``, which Python's ``float`` accepts
    but which are in no range -- is "value out of range" (:class:`OptionValueError`, exit 3),
    as in every command. The appearance stream, a timer
    or a worker pool therefore never sees ``nan``, ``inf``, a negative size or 10^300.
    """

    def __init__(
        self,
        kind: type[int] | type[float] = float,
        *,
        minimum: float,
        maximum: float,
        open_min: bool = False,
        unit: str = "",
    ) -> None:
        self.kind = kind
        self.minimum, self.maximum, self.open_min, self.unit = minimum, maximum, open_min, unit
        self.name = "integer" if kind is int else "number"

    def get_metavar(self, param: click.Parameter, ctx: click.Context | None = None) -> str:
        return "INTEGER" if self.kind is int else "NUMBER"

    def convert(self, value: Any, param: click.Parameter | None, ctx: click.Context | None) -> Any:
        option = "/".join(getattr(param, "opts", None) or [getattr(param, "name", "") or ""])
        try:
            number = self.kind(value)
        except (TypeError, ValueError, OverflowError):
            number = None
        if number is None:
            what, what_vi = ("an integer", "số nguyên") if self.kind is int else ("a number", "số")
            raise UsageError(
                f"Invalid value for {option}: {value!r} is not {what}",
                f"giá trị không hợp lệ cho {option}: {value!r} không phải {what_vi}",
                ctx=ctx,
            )
        low_ok = number > self.minimum if self.open_min else number >= self.minimum
        if not math.isfinite(number) or not low_ok or number > self.maximum:
            self._out_of_range(option, number)
        return number

    def _out_of_range(self, option: str, number: float) -> None:
        sign = ">" if self.open_min else "≥"
        low, high = _plain(self.minimum), _plain(self.maximum)
        unit = f" {self.unit}" if self.unit else ""
        finite = "a finite number " if self.kind is float else ""
        raise OptionValueError(
            f"{option} must be {finite}{sign} {low} and ≤ {high}{unit}, got {_plain(number)}",
            f"{option} phải là số hữu hạn {sign} {low} và ≤ {high}{unit} (nhận {_plain(number)})"
            if finite
            else f"{option} phải {sign} {low} và ≤ {high}{unit} (nhận {_plain(number)})",
            option=option,
            value=number if math.isfinite(number) else str(number),  # JSON has no nan/inf
            minimum=self.minimum,
            maximum=self.maximum,
        )


def _plain(number: float) -> str:
    return f"{number:g}" if isinstance(number, float) else str(number)


#: The types of ``--workers`` and ``--time-limit`` (``verify``, ``batch``).
WORKERS = Number(int, minimum=1, maximum=MAX_WORKERS)
SECONDS = Number(minimum=0, maximum=MAX_SECONDS, open_min=True, unit="s")


def check_workers_and_time_limit(workers: int | None, time_limit: float | None) -> None:
    """``--workers`` from 1 to :data:`MAX_WORKERS`, ``--time-limit`` a finite number of
    seconds above 0 and at most :data:`MAX_SECONDS` (exit 3, as every value out of range;
    ``nan`` and ``inf`` included)."""
    if workers is not None:
        WORKERS.convert(workers, _OPTION["workers"], None)
    if time_limit is not None:
        SECONDS.convert(time_limit, _OPTION["time_limit"], None)


_OPTION = {
    "workers": click.Option(["--workers"]),
    "time_limit": click.Option(["--time-limit"]),
}


class SecretNotSetError(VndocsignError):
    """The environment variable that should hold a password or PIN is not set."""

    code = "cli.secret_not_set"


def secret_from_env(name: str, what: str, what_vi: str) -> str:
    """The value of environment variable ``name``, or :class:`SecretNotSetError` saying so
    (never "wrong password": the user should learn that the variable is missing)."""
    value = os.environ.get(name)
    if value is None:
        raise SecretNotSetError(
            f"The environment variable {name} ({what}) is not set",
            f"Biến môi trường {name} ({what_vi}) chưa được đặt",
            variable=name,
        )
    return value


#: Environment variable read for the password of an encrypted PDF when ``--password-env`` is
#: not given.
PDF_PASSWORD_ENV = "VNDOCSIGN_PDF_PASSWORD"  # noqa: S105 - a variable name, not a secret


def _refuse_password(ctx: click.Context, param: click.Parameter, value: Any) -> None:
    if value is not None:
        raise UsageError(
            "--password is refused: a password on the command line is visible to other users "
            "(ps, shell history); put it in an environment variable and give its name with "
            "--password-env",
            "không nhận --password: mật khẩu trên dòng lệnh lộ cho người dùng khác (ps, lịch sử "
            "shell); hãy đặt nó vào một biến môi trường và cho tên biến bằng --password-env",
            ctx=ctx,
        )


def pdf_password_options(func: Any) -> Any:
    """``--password-env NAME`` for an encrypted PDF (as signing reads its secrets), and a hidden
    ``--password`` that is refused with a usage error saying why."""
    func = click.option(
        "--password",
        "_password",
        hidden=True,
        expose_value=False,
        callback=_refuse_password,
    )(func)
    return click.option(
        "--password-env",
        default=None,
        metavar="NAME",
        help=f"Environment variable holding the password of an encrypted PDF "
        f"(default: {PDF_PASSWORD_ENV} when set).",
    )(func)


def pdf_password(password_env: str | None) -> str | None:
    """The PDF password: the named variable (which must then be set), else
    ``VNDOCSIGN_PDF_PASSWORD`` if set, else ``None``."""
    if password_env is None:
        return os.environ.get(PDF_PASSWORD_ENV)
    return secret_from_env(password_env, "PDF password", "mật khẩu tệp PDF")


def _usage_vi(exc: click.UsageError) -> str:
    """The Vietnamese of click's usage messages (which click writes in English only)."""
    if isinstance(exc, UsageError):
        return exc.vi
    hint = ""
    param = getattr(exc, "param", None)
    if param is not None:
        hint = " / ".join(getattr(param, "opts", None) or [param.name or ""])
    if isinstance(exc, click.NoSuchOption):
        return f"không có tùy chọn {exc.option_name}"
    if isinstance(exc, click.MissingParameter):
        kind = "tùy chọn" if isinstance(param, click.Option) else "tham số"
        return f"thiếu {kind} {hint or (param.human_readable_name if param else '')}".rstrip()
    if isinstance(exc, click.BadParameter):
        return f"giá trị không hợp lệ cho {hint}: {exc.message}" if hint else "giá trị không hợp lệ"
    if isinstance(exc, click.BadOptionUsage):
        return f"dùng sai tùy chọn {exc.option_name}"
    message = exc.format_message()
    if message.startswith("No such command"):
        return "không có lệnh " + message.partition("No such command")[2].strip(" .")
    if message.startswith("Got unexpected extra argument"):
        return "thừa tham số " + message.partition("(")[2].rstrip(")")
    return "cách dùng không đúng"


def show_usage_error(exc: click.UsageError, *, as_json: bool = False) -> None:
    """Print a usage error in Vietnamese and English (click prints English only)."""
    ctx = exc.ctx
    if ctx is not None:
        click.echo(f"Cách dùng / Usage: {ctx.get_usage().partition('Usage: ')[2]}", err=True)
        help_cmd = f"{ctx.command_path} {ctx.help_option_names[0]}"
        click.echo(f"Xem / See '{help_cmd}'.\n", err=True)
    vi, en = _usage_vi(exc), exc.format_message()
    click.echo(f"Lỗi cách dùng: {vi}\nUsage error: {en}", err=True)
    if as_json:
        echo_json({"error": "UsageError", "code": "cli.usage", "vi": vi, "en": en, "details": {}})
