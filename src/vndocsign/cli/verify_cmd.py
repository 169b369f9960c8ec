"""``vndocsign verify`` and ``vndocsign trust``: check signed PDFs, manage the trust store.

Exit codes: 0 every file TOTAL_PASSED, 1 at least one TOTAL_FAILED, 2 otherwise INDETERMINATE
(see ``cli/_common.py``). Several files or a folder run in parallel worker processes (one per
core) with a per-file time limit, and show a progress bar on standard error.
"""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Any

import click

from vndocsign._io import check_output_folder, write_atomic
from vndocsign.cli._common import (
    EXIT_FAILED,
    EXIT_INDETERMINATE,
    EXIT_INPUT,
    EXIT_OK,
    SECONDS,
    WORKERS,
    InputPath,
    UsageError,
    check_workers_and_time_limit,
    echo_json,
    echo_jsonl,
    json_option,
)

__all__ = ["commands", "trust_group", "verify"]

#: Report messages that mean the file is not a PDF or could not be evaluated at all: an input
#: error (exit 3, as ``inspect`` on a non-PDF), not a verdict. A damaged PDF stays a verdict
#: (TOTAL_FAILED: what was signed cannot be established).
_FILE_ERRORS = frozenset(f"verification.{name}" for name in ("not_pdf", "worker", "internal"))


def _outcome(report: Any) -> str:
    """passed / failed / indeterminate / error (a file that is not a readable PDF)."""
    from vndocsign.verification import Indication  # lazy: the CLI starts without pyHanko

    if not report.signatures and any(m.code in _FILE_ERRORS for m in report.messages):
        return "error"
    if report.verdict == Indication.TOTAL_PASSED:
        return "passed"
    if report.verdict == Indication.TOTAL_FAILED:
        return "failed"
    return "indeterminate"


def _exit_code(counts: dict[str, int]) -> int:
    """A failed signature first (the answer that matters most), then an unreadable file
    (input error, as in every command), then INDETERMINATE."""
    if counts["failed"]:
        return EXIT_FAILED
    if counts["error"]:
        return EXIT_INPUT
    if counts["indeterminate"]:
        return EXIT_INDETERMINATE
    return EXIT_OK


_MARK = {"passed": "✔", "failed": "✘", "indeterminate": "?", "error": "!"}


class _Progress:
    """A one-line progress bar on standard error, drawn only on a terminal; cleared before
    each result line so that the two never mix."""

    def __init__(self, total: int, enabled: bool) -> None:
        self.total, self.done, self.enabled = total, 0, enabled

    def clear(self) -> None:
        if self.enabled:
            sys.stderr.write("\r\033[K")
            sys.stderr.flush()

    def advance(self) -> None:
        self.done += 1
        if not self.enabled:
            return
        width = 30
        filled = width * self.done // max(self.total, 1)
        bar = "#" * filled + "-" * (width - filled)
        sys.stderr.write(f"\rĐang kiểm tra / Verifying [{bar}] {self.done}/{self.total}")
        sys.stderr.flush()


def _summary_line(counts: dict[str, int], lang: str) -> str:
    if lang == "vi":
        return (
            f"Tổng cộng {sum(counts.values())} tệp: {counts['passed']} hợp lệ, "
            f"{counts['failed']} không hợp lệ, {counts['indeterminate']} chưa xác định, "
            f"{counts['error']} lỗi đọc tệp"
        )
    return (
        f"{sum(counts.values())} files: {counts['passed']} passed, {counts['failed']} failed, "
        f"{counts['indeterminate']} indeterminate, {counts['error']} errors"
    )


def _checked_paths(files: tuple[Path, ...], *outputs: Path | None) -> list[Path]:
    """The PDF files to verify (folders expanded); every input must exist and every report's
    folder too — refused before any work is done."""
    from vndocsign.verification import InputNotFoundError, expand_inputs

    paths = expand_inputs(files)
    if not paths:
        raise InputNotFoundError("No PDF file to verify", "Không có tệp PDF nào để kiểm tra")
    for p in paths:
        if not p.exists():
            raise InputNotFoundError(f"File not found: {p}", f"Không tìm thấy tệp: {p}")
    for out in outputs:
        if out is not None:  # one file: its folder; several: the folder (created) in its parent
            check_output_folder(out)
    return list(paths)


def _require_chromium() -> None:
    """Refuse --pdf-report before any work when Chromium is missing (exit 3)."""
    from vndocsign.verification import ChromiumNotFoundError, find_chromium

    if find_chromium() is None:
        raise ChromiumNotFoundError(
            "--pdf-report needs headless Chromium (install the 'chromium' package or set "
            "VNDOCSIGN_CHROMIUM); --html works without it",
            "--pdf-report cần trình duyệt Chromium (cài gói 'chromium' hoặc đặt biến "
            "VNDOCSIGN_CHROMIUM); --html không cần",
        )


def _evaluation(
    trust_name: str,
    trust_roots: tuple[str, ...],
    trust_dir: Path | None,
    offline: bool,
    legacy: bool,
) -> dict[str, Any]:
    """``trust``, ``revocation`` and ``policy`` for :func:`verify_many` from the options."""
    from vndocsign.verification import (
        RevocationMode,
        TrustProfile,
        TrustStore,
        VerificationPolicy,
    )

    if trust_roots:
        trust = TrustProfile.custom(trust_roots)
    else:
        trust = TrustProfile.named(trust_name, TrustStore(trust_dir) if trust_dir else None)
    return {
        "trust": trust,
        "revocation": RevocationMode.EMBEDDED_ONLY
        if offline
        else RevocationMode.EMBEDDED_THEN_ONLINE,
        "policy": VerificationPolicy.legacy() if legacy else VerificationPolicy(),
    }


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
    type=InputPath(exists=True),
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
    type=SECONDS,
    default=120.0,
    show_default=True,
    help="Seconds per file before it is stopped (INDETERMINATE); more than 0.",
)
@click.option(
    "--workers",
    type=WORKERS,
    default=None,
    help="Parallel workers, at least 1 (default: cores).",
)
@click.option(
    "--html",
    "html_out",
    type=click.Path(path_type=Path),
    default=None,
    help="Write a printable HTML report (one file: this path; several: a folder).",
)
@click.option(
    "--pdf-report",
    "pdf_out",
    type=click.Path(path_type=Path),
    default=None,
    help="Write the same report as PDF, printed by headless Chromium (one file: this path; "
    "several: a folder).",
)
@click.option(
    "--etsi",
    "etsi_out",
    type=click.Path(path_type=Path),
    default=None,
    help="Write the ETSI TS 119 102-2 XML report (file, or folder for several).",
)
@click.option(
    "--lang",
    type=click.Choice(["vi", "en"]),
    default="vi",
    show_default=True,
    help="Language of the text output and reports.",
)
@json_option
@click.option(
    "--jsonl",
    "as_jsonl",
    is_flag=True,
    help="Print one JSON object per line, each as soon as its file is done.",
)
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
    pdf_out: Path | None,
    etsi_out: Path | None,
    lang: str,
    as_json: bool,
    as_jsonl: bool,
) -> int:
    """Kiểm tra chữ ký số trên tệp PDF / Verify the signatures of PDF files.

    Each file's result is printed as soon as it is done (--jsonl: one JSON object per line,
    then a {"summary": ...} line; --json: one list at the end, even for one file). Several
    files end with a summary: passed / failed / indeterminate / errors (not a PDF).
    The HTML and PDF reports (--html, --pdf-report) are in --lang: pictures of the signed
    pages with the signatures' boxes numbered and changes after signing outlined in red.
    """
    from vndocsign.verification import to_etsi_xml, to_html, to_pdf, verify_many

    if as_json and as_jsonl:
        raise UsageError(
            "--json and --jsonl exclude each other", "--json và --jsonl không dùng cùng nhau"
        )
    check_workers_and_time_limit(workers, time_limit)
    paths = _checked_paths(files, html_out, pdf_out, etsi_out)
    if pdf_out is not None:
        _require_chromium()
    many = len(paths) > 1
    counts = dict.fromkeys(("passed", "failed", "indeterminate", "error"), 0)
    bar = _Progress(len(paths), enabled=many and sys.stderr.isatty())
    collected: list[dict[str, Any]] = []

    def finished(_done: int, _total: int, report: Any) -> None:
        outcome = _outcome(report)
        counts[outcome] += 1
        stem = Path(report.file).stem
        if html_out is not None:
            write_atomic(
                html_out / f"{stem}.html" if many else html_out, to_html(report, lang=lang)
            )
        if pdf_out is not None:
            write_atomic(pdf_out / f"{stem}.pdf" if many else pdf_out, to_pdf(report, lang=lang))
        if etsi_out is not None:
            write_atomic(etsi_out / f"{stem}.xml" if many else etsi_out, to_etsi_xml(report))
        bar.clear()
        if as_json:
            collected.append(report.to_dict())
        elif as_jsonl:
            echo_jsonl({**report.to_dict(), "outcome": outcome})
        elif many:
            click.echo(f"{_MARK[outcome]} {report.summary(lang).splitlines()[0]}")
        else:
            click.echo(report.summary(lang))
        bar.advance()

    for _report in verify_many(
        paths,
        **_evaluation(trust_name, trust_roots, trust_dir, offline, legacy),
        workers=workers,
        time_limit=time_limit,
        progress=finished,
    ):
        pass
    bar.clear()
    if as_json:
        order = {str(p): i for i, p in enumerate(paths)}
        echo_json(sorted(collected, key=lambda d: order.get(str(d.get("file")), 0)))
    if as_jsonl:
        echo_jsonl({"summary": {**counts, "total": len(paths)}})
    elif many and not as_json:
        click.echo(_summary_line(counts, lang))
    return _exit_code(counts)


_trust_dir_option = click.option(
    "--trust-dir",
    type=click.Path(path_type=Path),
    default=None,
    help="Thư mục kho tin cậy / Trust store folder (default: $VNDOCSIGN_TRUST_DIR or "
    "~/.local/share).",
)


@click.group("trust")
def trust_group() -> None:
    """Kho chứng thư gốc tin cậy / Manage the trust store (pinned Vietnamese roots)."""


@trust_group.command("import")
@click.argument("source", type=InputPath(exists=True, path_type=Path))
@_trust_dir_option
@json_option
def trust_import(source: Path, trust_dir: Path | None, as_json: bool) -> int:
    """Nhập chứng thư CA được ghim / Import the pinned CA certificates found in SOURCE
    (a file or folder)."""
    from vndocsign.verification import TrustStore

    store = TrustStore(trust_dir) if trust_dir else TrustStore()
    keys = store.import_from(source)
    if as_json:
        echo_json({"store": str(store.path), "imported": keys})
    else:
        click.echo(f"{store.path}: {len(keys)} chứng thư / certificates: {', '.join(keys) or '-'}")
    return EXIT_OK if keys else EXIT_FAILED


@trust_group.command("update")
@click.argument("source", type=InputPath(exists=True, path_type=Path))
@_trust_dir_option
@json_option
def trust_update(source: Path, trust_dir: Path | None, as_json: bool) -> int:
    """Cập nhật chứng thư CA đã nhập / Replace the imported CA certificates with those found
    in SOURCE (custom roots kept)."""
    from vndocsign.verification import TrustStore

    store = TrustStore(trust_dir) if trust_dir else TrustStore()
    keys = store.update_from(source)
    if as_json:
        echo_json({"store": str(store.path), "imported": keys})
    else:
        click.echo(f"{store.path}: {len(keys)} chứng thư / certificates: {', '.join(keys) or '-'}")
    return EXIT_OK if keys else EXIT_FAILED


@trust_group.command("add-root")
@click.argument("pem", type=InputPath(exists=True, path_type=Path))
@_trust_dir_option
@json_option
def trust_add_root(pem: Path, trust_dir: Path | None, as_json: bool) -> int:
    """Thêm chứng thư gốc tự chọn / Add a custom (not pinned) root certificate to the
    store's custom/ folder."""
    from vndocsign.verification import TrustStore

    store = TrustStore(trust_dir) if trust_dir else TrustStore()
    n = store.add_custom_root(pem)
    if as_json:
        echo_json({"store": str(store.path), "added": n})
    else:
        click.echo(f"{store.path}/custom: +{n}")
    return EXIT_OK


@trust_group.command("list")
@_trust_dir_option
@json_option
def trust_list(trust_dir: Path | None, as_json: bool) -> int:
    """Liệt kê chứng thư trong kho / Show which pinned certificates the store holds."""
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
        click.echo(f"Chứng thư gốc tự chọn / custom roots: {len(custom)}")
    return EXIT_OK


commands: list[click.Command] = [verify, trust_group]
