"""Dates as edXML writes them (``yyyy/MM/dd[ HH:mm:ss]``) and as real systems send them.

The reference library formats with ``DateUtils`` (``yyyy/MM/dd`` and ``yyyy/MM/dd HH:mm:ss``,
local Vietnamese time, no zone). Bkav hubs send ``dd/MM/yyyy[ HH:mm:ss]``, the C# SDK has been
seen with ``yyyy-MM-dd``, and some producers put a time after a date-only field. Reading is
lenient; when nothing fits, the caller keeps the raw text.
"""

from __future__ import annotations

import datetime as dt
import re

from vndocsign.model import now_vn, to_vn

__all__ = ["format_date", "format_timestamp", "now_naive", "parse_date", "parse_timestamp"]

_PATTERNS = (
    re.compile(r"^(?P<y>\d{4})[/-](?P<m>\d{1,2})[/-](?P<d>\d{1,2})"),
    re.compile(r"^(?P<d>\d{1,2})[/-](?P<m>\d{1,2})[/-](?P<y>\d{4})"),
)
_TIME = re.compile(r"[ T](?P<H>\d{1,2}):(?P<M>\d{2})(?::(?P<S>\d{2}))?(?:[.,]\d+)?")


def _split(text: str) -> tuple[dt.date, str] | None:
    value = text.strip()
    for pattern in _PATTERNS:
        match = pattern.match(value)
        if match is None:
            continue
        try:
            date = dt.date(int(match["y"]), int(match["m"]), int(match["d"]))
        except ValueError:
            return None
        return date, value[match.end() :]
    return None


def parse_date(text: str | None) -> dt.date | str | None:
    """``2024/05/10``, ``10/05/2024``, ``2024-05-10`` (time ignored) -> date; else the raw text."""
    if text is None or not text.strip():
        return None
    found = _split(text)
    if found is None:
        return text.strip()
    return found[0]


def parse_timestamp(text: str | None) -> dt.datetime | str | None:
    """``2024/05/10 09:15:00`` (and the lenient variants) -> naive datetime; else the raw text.

    A date without a time reads as midnight; an impossible value keeps the raw text.
    """
    if text is None or not text.strip():
        return None
    found = _split(text)
    if found is None:
        return text.strip()
    date, rest = found
    match = _TIME.match(rest)
    if match is None:
        if rest.strip():
            return text.strip()
        return dt.datetime(date.year, date.month, date.day)
    try:
        return dt.datetime(
            date.year, date.month, date.day, int(match["H"]), int(match["M"]), int(match["S"] or 0)
        )
    except ValueError:
        return text.strip()


def format_date(value: dt.date | str | None) -> str | None:
    """``yyyy/MM/dd``; raw text is written back unchanged."""
    if value is None or isinstance(value, str):
        return value
    if isinstance(value, dt.datetime):
        value = value.date()
    return f"{value.year:04d}/{value.month:02d}/{value.day:02d}"


def format_timestamp(value: dt.datetime | dt.date | str | None) -> str | None:
    """``yyyy/MM/dd HH:mm:ss`` (aware datetimes are converted to Vietnamese time first)."""
    if value is None or isinstance(value, str):
        return value
    if not isinstance(value, dt.datetime):
        value = dt.datetime(value.year, value.month, value.day)
    if value.tzinfo is not None:
        value = to_vn(value).replace(tzinfo=None)
    return f"{format_date(value.date())} {value:%H:%M:%S}"


def now_naive() -> dt.datetime:
    """Now, in Vietnamese time, without zone and microseconds (edXML timestamps)."""
    return now_vn().replace(tzinfo=None, microsecond=0)
