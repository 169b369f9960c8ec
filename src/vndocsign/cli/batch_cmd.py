"""``vndocsign batch verify|sign|extend``: many files on local processes or a Dask cluster.

Inputs are files, folders (their PDFs, recursively), fsspec URLs or globs. A progress line
goes to standard error when it is a terminal; the summary (passed / failed / indeterminate /
errors) closes the run. ``--json`` prints one JSON record per finished file (JSON Lines) and a
last ``{"summary": …}`` line. ``--manifest job.jsonl`` makes the job resumable.

Exit codes: verify — 0 every file passed, 1 a file failed, 2 otherwise (indeterminate or an
error record); sign and extend — 0 every file done, 1 an error record; 3 bad options.
"""

from __future__ import annotations

import json
import os
import sys
from collections.abc import Callable
from typing import Any

import click

from vndocsign.cli._common import (
    EXIT_FAILED,
    EXIT_INDETERMINATE,
    EXIT_INPUT,
    EXIT_OK,
    EXIT_USAGE,
    SECONDS,
    WORKERS,
    InputPath,
    json_option,
    show_usage_error,
)
from vndocsign.errors import VndocsignError

__all__ = ["batch", "commands"]


def _common(fn: Callable[..., Any]) -> Callable[..., Any]:
    options = [
        click.argument("inputs", nargs=-1, required=True),
        click.option(
            "--manifest",
            type=click.Path(dir_okay=False),
            default=None,
            help="JSONL job record; a rerun skips the files already in it.",
        ),
        click.option(
            "--workers", type=WORKERS, default=None, help="Local worker processes (default: cores)."
        ),
        click.option(
            "--time-limit",
            type=SECONDS,
            default=120.0,
            show_default=True,
            help="Seconds per file before its worker is killed (error record).",
        ),
        click.option(
            "--dask-scheduler",
            default=None,
            help="Run on this Dask cluster (tcp://host:8786) instead of locally.",
        ),
        click.option(
            "--io",
            "io_mode",
            type=click.Choice(["auto", "worker", "coordinator"]),
            default="auto",
            show_default=True,
            help="Who reads inputs and writes outputs (memory:// needs coordinator).",
        ),
        json_option,
    ]
    for option in reversed(options):
        fn = option(fn)
    return fn


def _progress_line(done: int, total: int, counts: dict[str, int]) -> str:
    parts = " ".join(f"{k} {v}" for k, v in counts.items() if v)
    return f"\r[{done}/{total}] {parts}".ljust(60)


def _drive(job: Any, as_json: bool) -> int:
    """Consume the job: records (JSON Lines) or a progress line, then the summary."""
    live = sys.stderr.isatty() and not as_json
    counts: dict[str, int] = {}
    for done, result in enumerate(job, start=1):
        counts[result.outcome.value] = counts.get(result.outcome.value, 0) + 1
        if as_json:
            sys.stdout.write(json.dumps(result.to_dict(), ensure_ascii=False) + "\n")
            sys.stdout.flush()
        elif live:
            sys.stderr.write(_progress_line(done, job.pending, counts))
            sys.stderr.flush()
        elif result.error is not None:
            click.echo(f"{result.source}: {result.error.code}: {result.error.vi}", err=True)
    if live:
        sys.stderr.write("\n")
    summary = job.summary()
    if as_json:
        sys.stdout.write(json.dumps({"summary": summary.to_dict()}) + "\n")
    else:
        click.echo(summary.line())
    if summary.failed or (summary.errors and job.operation.value != "verify"):
        return EXIT_FAILED
    if summary.errors or summary.indeterminate:
        return EXIT_INDETERMINATE
    return EXIT_OK


@click.group("batch")
def batch() -> None:
    """Xử lý hàng loạt / Batch verify, sign or renew (B-LTA) many files, locally or on Dask."""


def _trust_options(command: Callable[..., Any]) -> Callable[..., Any]:
    """``--trust``, ``--trust-root``, ``--trust-dir``: whom ``verify`` and ``extend`` trust."""
    options = [
        click.option(
            "--trust",
            "trust_name",
            type=click.Choice(["cong-vu", "public", "any-vn"]),
            default="any-vn",
            show_default=True,
            help="Trust profile (hồ sơ tin cậy).",
        ),
        click.option(
            "--trust-root",
            "trust_roots",
            multiple=True,
            type=InputPath(exists=True),
            help="Trust exactly this root certificate (PEM/DER); repeatable.",
        ),
        click.option("--trust-dir", default=None, help="Trust store folder."),
    ]
    for option in reversed(options):
        command = option(command)
    return command


@batch.command("verify")
@_common
@click.option("-o", "--output", default=None, help="Folder (or URL) for the JSON reports.")
@_trust_options
@click.option("--offline", is_flag=True, help="Use only revocation data embedded in the file.")
@click.option("--legacy", is_flag=True, help="Accept SHA-1 as a warning (old documents).")
def verify_cmd(
    inputs: tuple[str, ...],
    manifest: str | None,
    workers: int | None,
    time_limit: float,
    dask_scheduler: str | None,
    io_mode: str,
    as_json: bool,
    output: str | None,
    trust_name: str,
    trust_roots: tuple[str, ...],
    trust_dir: str | None,
    offline: bool,
    legacy: bool,
) -> int:
    """Kiểm tra chữ ký hàng loạt / Verify the signatures of many PDF files."""
    from vndocsign.batch import batch_verify

    job = batch_verify(
        list(inputs),
        output=output,
        trust=trust_name,
        trust_roots=trust_roots,
        trust_dir=trust_dir,
        legacy=legacy,
        revocation="embedded-only" if offline else "embedded-then-online",
        executor=dask_scheduler,
        workers=workers,
        time_limit=time_limit,
        manifest=manifest,
        io=io_mode,
    )
    return _drive(job, as_json)


@batch.command("sign")
@_common
@click.option("-o", "--output", required=True, help="Folder (or URL) for the signed files.")
@click.option(
    "--p12",
    required=True,
    type=InputPath(exists=True, dir_okay=False),
    help="PKCS#12 key file (.p12/.pfx).",
)
@click.option(
    "--password-env",
    default="VNDOCSIGN_P12_PASSWORD",
    show_default=True,
    help="Environment variable holding the PKCS#12 password.",
)
@click.option(
    "--role",
    required=True,
    type=click.Choice(["initial", "personal", "agency", "seal", "attachment", "copy"]),
)
@click.option("--level", default="B-B", show_default=True, help="B-B, B-T, B-LT or B-LTA.")
@click.option("--tsa", "tsa_url", default=None, help="RFC 3161 time-stamping URL (B-T and up).")
@click.option(
    "--trust-root",
    "trust_roots",
    multiple=True,
    type=InputPath(exists=True),
    help="Root certificate for B-LT/B-LTA validation data; repeatable.",
)
@click.option("--placement", default=None, help='"auto" or "x0,y0,x1,y1@page".')
@click.option("--invisible", is_flag=True, help="No visible appearance.")
def sign_cmd(
    inputs: tuple[str, ...],
    manifest: str | None,
    workers: int | None,
    time_limit: float,
    dask_scheduler: str | None,
    io_mode: str,
    as_json: bool,
    output: str,
    p12: str,
    password_env: str,
    role: str,
    level: str,
    tsa_url: str | None,
    trust_roots: tuple[str, ...],
    placement: str | None,
    invisible: bool,
) -> int:
    """Ký số hàng loạt / Sign many PDF files with one key."""
    from vndocsign.batch import sign_many

    job = sign_many(
        list(inputs),
        output,
        p12=p12,
        password=os.environ.get(password_env),
        role="agency" if role == "seal" else role,
        level=level,
        tsa_url=tsa_url,
        trust_roots=trust_roots,
        placement=placement,
        invisible=invisible,
        executor=dask_scheduler,
        workers=workers,
        time_limit=time_limit,
        manifest=manifest,
        io=io_mode,
    )
    return _drive(job, as_json)


@batch.command("extend")
@_common
@click.option("-o", "--output", required=True, help="Folder (or URL) for the renewed files.")
@click.option("--tsa", "tsa_url", required=True, help="RFC 3161 time-stamping URL.")
@_trust_options
def extend_cmd(
    inputs: tuple[str, ...],
    manifest: str | None,
    workers: int | None,
    time_limit: float,
    dask_scheduler: str | None,
    io_mode: str,
    as_json: bool,
    output: str,
    tsa_url: str,
    trust_name: str,
    trust_roots: tuple[str, ...],
    trust_dir: str | None,
) -> int:
    """Gia hạn chữ ký lên B-LTA / Renew signed PDFs to PAdES B-LTA (DSS + time-stamp)."""
    from vndocsign.batch import extend_many

    job = extend_many(
        list(inputs),
        output,
        tsa_url=tsa_url,
        trust=trust_name,
        trust_roots=trust_roots,
        trust_dir=trust_dir,
        executor=dask_scheduler,
        workers=workers,
        time_limit=time_limit,
        manifest=manifest,
        io=io_mode,
    )
    return _drive(job, as_json)


commands: list[click.Command] = [batch]


def main(argv: list[str] | None = None) -> int:
    """Run ``batch`` alone (``python -m vndocsign.cli.batch_cmd``) until it is registered."""
    try:
        result = batch.main(args=argv, prog_name="vndocsign batch", standalone_mode=False)
    except click.exceptions.Exit as exc:
        return int(exc.exit_code)
    except click.UsageError as exc:
        show_usage_error(exc)
        return EXIT_USAGE
    except click.ClickException as exc:
        exc.show()
        return EXIT_INPUT
    except VndocsignError as exc:
        click.echo(f"Lỗi / Error: {exc}", err=True)
        return EXIT_INPUT
    return int(result) if isinstance(result, int) else 0


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())
