"""``vndocsign verify`` and ``vndocsign trust``: check signed PDFs, manage the trust store.

Exit codes: 0 every file TOTAL_PASSED, 1 at least one TOTAL_FAILED, 2 otherwise INDETERMINATE
(see ``cli/_common.py``). Several files or a folder run in parallel worker processes (one per
core) with a per-file time limit, and show a progress bar on standard error.
"""

from __future__ import annotations

import sys
from pathlib import Path

import click

from vndocsign._io import write_atomic
from vndocsign.cli._common import (
    EXIT_FAILED,
    EXIT_INDETERMINATE,
    EXIT_OK,
    echo_json,
    json_option,
)

__all__ = ["commands", "trust_group", "verify"]


def _exit_code(verdicts: list[str]) -> int:
    from vndocsign.verification import Indication  # lazy: the CLI starts without pyHanko

    if any(v == Indication.TOTAL_FAILED for v in verdicts):
        return EXIT_FAILED
    if any(v != Indication.TOTAL_PASSED for v in verdicts):
        return EXIT_INDETERMINATE
    return EXIT_OK


@click.command("verify")
@click.argument("files", nargs=-1, required=True, type=click.Path(path_type=Path))
@click.option(
    "--trust",
    "trust_name",
    type=click.Choice(["cong-vu", "public", "any-vn"]),
    default="any-vn",
    show_default=True,
    help="Trust profile (hồ sơ tin cậy).",
)
@click.option(
    "--trust-root",
    "trust_roots",
    multiple=True,
    type=click.Path(exists=True),
    help="Trust exactly this root certificate (PEM/DER); repeatable.",
)
@click.option(
    "--trust-dir",
    type=click.Path(path_type=Path),
    default=None,
    help="Trust store folder (default: $VNDOCSIGN_TRUST_DIR or ~/.local/share).",
)
@click.option("--offline", is_flag=True, help="Use only revocation data embedded in the file.")
@click.option("--legacy", is_flag=True, help="Accept SHA-1 as a warning (old documents).")
@click.option(
    "--time-limit",
    type=float,
    default=120.0,
    show_default=True,
    help="Seconds per file before it is stopped (INDETERMINATE).",
)
@click.option("--workers", type=int, default=None, help="Parallel workers (default: cores).")
@click.option(
    "--html",
    "html_out",
    type=click.Path(path_type=Path),
    default=None,
    help="Write a printable HTML report (one file: this path; several: a folder).",
)
@click.option(
    "--etsi",
    "etsi_out",
    type=click.Path(path_type=Path),
    default=None,
    help="Write the ETSI TS 119 102-2 XML report (file, or folder for several).",
)
@click.option("--lang", type=click.Choice(["vi", "en"]), default="vi", show_default=True)
@json_option
def verify(
    files: tuple[Path, ...],
    trust_name: str,
    trust_roots: tuple[str, ...],
    trust_dir: Path | None,
    offline: bool,
    legacy: bool,
    time_limit: float,
    workers: int | None,
    html_out: Path | None,
    etsi_out: Path | None,
    lang: str,
    as_json: bool,
) -> int:
    """Kiểm tra chữ ký số trên tệp PDF / Verify the signatures of PDF files."""
    from vndocsign.verification import (
        InputNotFoundError,
        RevocationMode,
        TrustProfile,
        TrustStore,
        VerificationPolicy,
        expand_inputs,
        to_etsi_xml,
        to_html,
        verify_many,
    )

    paths = expand_inputs(files)
    if not paths:
        raise InputNotFoundError("No PDF file to verify", "Không có tệp PDF nào để kiểm tra")
    for p in paths:
        if not p.exists():
            raise InputNotFoundError(f"File not found: {p}", f"Không tìm thấy tệp: {p}")
    if trust_roots:
        trust = TrustProfile.custom(trust_roots)
    else:
        store = TrustStore(trust_dir) if trust_dir else None
        trust = TrustProfile.named(trust_name, store)
    policy = VerificationPolicy.legacy() if legacy else VerificationPolicy()
    revocation = RevocationMode.EMBEDDED_ONLY if offline else RevocationMode.EMBEDDED_THEN_ONLINE
    many = len(paths) > 1
    bar = None
    if many and not as_json:  # on standard error; machine output stays quiet
        bar = click.progressbar(
            length=len(paths), label="Đang kiểm tra / Verifying", file=sys.stderr
        )
        bar.__enter__()

    def progress(done: int, total: int, _report: object) -> None:
        if bar is not None:
            bar.update(1)

    reports = list(
        verify_many(
            paths,
            trust=trust,
            revocation=revocation,
            policy=policy,
            workers=workers,
            time_limit=time_limit,
            progress=progress,
        )
    )
    if bar is not None:
        bar.__exit__(None, None, None)
    for report in reports:
        stem = Path(report.file).stem
        if html_out is not None:
            target = html_out / f"{stem}.html" if many else html_out
            write_atomic(target, to_html(report))
        if etsi_out is not None:
            target = etsi_out / f"{stem}.xml" if many else etsi_out
            write_atomic(target, to_etsi_xml(report))
    if as_json:
        data = [r.to_dict() for r in reports]
        echo_json(data if many else data[0])
    else:
        for report in reports:
            click.echo(report.summary(lang))
    return _exit_code([r.verdict for r in reports])


@click.group("trust")
def trust_group() -> None:
    """Kho chứng thư gốc tin cậy / Manage the trust store (pinned Vietnamese roots)."""


@trust_group.command("import")
@click.argument("source", type=click.Path(exists=True, path_type=Path))
@click.option("--trust-dir", type=click.Path(path_type=Path), default=None)
@json_option
def trust_import(source: Path, trust_dir: Path | None, as_json: bool) -> int:
    """Import the pinned CA certificates found in SOURCE (a file or folder)."""
    from vndocsign.verification import TrustStore

    store = TrustStore(trust_dir) if trust_dir else TrustStore()
    keys = store.import_from(source)
    if as_json:
        echo_json({"store": str(store.path), "imported": keys})
    else:
        click.echo(f"{store.path}: {len(keys)} chứng thư / certificates: {', '.join(keys) or '-'}")
    return EXIT_OK if keys else EXIT_FAILED


@trust_group.command("update")
@click.argument("source", type=click.Path(exists=True, path_type=Path))
@click.option("--trust-dir", type=click.Path(path_type=Path), default=None)
@json_option
def trust_update(source: Path, trust_dir: Path | None, as_json: bool) -> int:
    """Replace the imported CA certificates with those found in SOURCE (custom roots kept)."""
    from vndocsign.verification import TrustStore

    store = TrustStore(trust_dir) if trust_dir else TrustStore()
    keys = store.update_from(source)
    if as_json:
        echo_json({"store": str(store.path), "imported": keys})
    else:
        click.echo(f"{store.path}: {len(keys)} chứng thư / certificates: {', '.join(keys) or '-'}")
    return EXIT_OK if keys else EXIT_FAILED


@trust_group.command("add-root")
@click.argument("pem", type=click.Path(exists=True, path_type=Path))
@click.option("--trust-dir", type=click.Path(path_type=Path), default=None)
@json_option
def trust_add_root(pem: Path, trust_dir: Path | None, as_json: bool) -> int:
    """Add a custom (not pinned) root certificate to the store's custom/ folder."""
    from vndocsign.verification import TrustStore

    store = TrustStore(trust_dir) if trust_dir else TrustStore()
    n = store.add_custom_root(pem)
    if as_json:
        echo_json({"store": str(store.path), "added": n})
    else:
        click.echo(f"{store.path}/custom: +{n}")
    return EXIT_OK


@trust_group.command("list")
@click.option("--trust-dir", type=click.Path(path_type=Path), default=None)
@json_option
def trust_list(trust_dir: Path | None, as_json: bool) -> int:
    """Show which pinned certificates the store holds."""
    from vndocsign.verification import PINNED, TrustStore

    store = TrustStore(trust_dir) if trust_dir else TrustStore()
    pinned, custom, notes = store.scan()
    rows = [
        {
            "key": p.key,
            "name": p.name,
            "sha256": p.sha256,
            "present": p.key in pinned,
            "profiles": sorted(p.profiles),
        }
        for p in PINNED
    ]
    if as_json:
        echo_json({"store": str(store.path), "pinned": rows, "custom": len(custom), "notes": notes})
    else:
        for p in PINNED:
            click.echo(
                f"{'✔' if p.key in pinned else '✘'} {p.name} ({p.key}) "
                f"{','.join(sorted(p.profiles))}"
            )
        click.echo(f"custom roots: {len(custom)}")
    return EXIT_OK


commands: list[click.Command] = [verify, trust_group]
