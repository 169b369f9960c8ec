"""The verification report as PDF: the HTML report printed by headless Chromium.

Chromium lays the page out exactly as a browser shows it (Vietnamese text shaped by its own
fonts, the page pictures with their boxes), so the PDF and the HTML are the same report.
Chromium is found as ``$VNDOCSIGN_CHROMIUM``, ``chromium``, ``chromium-browser``,
``google-chrome`` on the ``PATH``; without it :class:`ChromiumNotFoundError` says so (the
HTML report needs nothing). The page is vndocsign's own, script-free and offline (pictures
are ``data:`` URIs), and Chromium runs without network services and with a throw-away
profile (turning scripts off stops headless printing, so it is not done). ``--no-sandbox``
is passed because Chromium's sandbox cannot start in most containers and under root.
"""

from __future__ import annotations

import contextlib
import os
import shutil
import signal
import subprocess
import tempfile
from pathlib import Path
from typing import Any

from vndocsign.verification._errors import ChromiumNotFoundError, ReportRenderError
from vndocsign.verification._render_html import to_html
from vndocsign.verification._report import VerificationReport

__all__ = ["find_chromium", "to_pdf"]

_NAMES = ("chromium", "chromium-browser", "google-chrome", "google-chrome-stable")


def find_chromium() -> str | None:
    """The Chromium executable to print with, or ``None``."""
    named = os.environ.get("VNDOCSIGN_CHROMIUM")
    if named:
        return named if Path(named).is_file() else shutil.which(named)
    for name in _NAMES:
        found = shutil.which(name)
        if found:
            return found
    return None


def _command(chromium: str, profile: str, page: Path, out: Path) -> list[str]:
    return [
        chromium,
        "--headless",
        "--no-sandbox",
        "--disable-gpu",
        "--disable-background-networking",
        "--disable-component-update",
        "--disable-extensions",
        "--no-first-run",
        "--no-pdf-header-footer",
        "--print-to-pdf-no-header",
        f"--user-data-dir={profile}",
        f"--print-to-pdf={out}",
        page.as_uri(),
    ]


def _run(command: list[str], timeout: float, home: Path) -> None:
    proc = subprocess.Popen(
        command,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
        start_new_session=True,
        env={**os.environ, "HOME": str(home)},  # Chromium writes caches under $HOME
    )
    try:
        _out, err = proc.communicate(timeout=timeout)
    except subprocess.TimeoutExpired:
        with contextlib.suppress(ProcessLookupError):
            os.killpg(proc.pid, signal.SIGKILL)
        proc.communicate()
        raise ReportRenderError(
            f"Chromium did not print the report within {timeout:g} s",
            f"Chromium không in xong báo cáo trong {timeout:g} giây",
        ) from None
    if proc.returncode != 0:
        tail = err.decode("utf-8", "replace")[-300:]
        raise ReportRenderError(
            f"Chromium failed to print the report (exit {proc.returncode}): {tail}",
            f"Chromium không in được báo cáo (mã thoát {proc.returncode})",
            returncode=proc.returncode,
        )


def to_pdf(
    report: VerificationReport,
    pdf: Any = None,
    *,
    lang: str = "vi",
    timeout: float = 120.0,
) -> bytes:
    """The report of :func:`to_html` (same arguments) as PDF bytes, printed by Chromium.

    Raises :class:`ChromiumNotFoundError` without Chromium and :class:`ReportRenderError`
    when it fails or takes longer than ``timeout`` seconds.
    """
    chromium = find_chromium()
    if chromium is None:
        raise ChromiumNotFoundError(
            "The PDF report needs headless Chromium (install the 'chromium' package or set "
            "VNDOCSIGN_CHROMIUM); the HTML report works without it",
            "Báo cáo PDF cần trình duyệt Chromium (cài gói 'chromium' hoặc đặt biến "
            "VNDOCSIGN_CHROMIUM); báo cáo HTML không cần",
        )
    page_html = to_html(report, pdf, lang=lang)
    with tempfile.TemporaryDirectory(prefix="vndocsign-report-") as tmp:
        folder = Path(tmp)
        page = folder / "report.html"
        page.write_text(page_html, encoding="utf-8")
        out = folder / "report.pdf"
        profile = folder / "profile"
        profile.mkdir()
        _run(_command(chromium, str(profile), page, out), timeout, profile)
        data = out.read_bytes() if out.is_file() else b""
    if not data.startswith(b"%PDF-"):
        raise ReportRenderError(
            "Chromium wrote no PDF report", "Chromium không tạo ra tệp PDF báo cáo"
        )
    return data
