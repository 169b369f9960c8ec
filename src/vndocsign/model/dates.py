"""Time zone and the place-and-date line (``Địa danh, ngày ... tháng ... năm ...``).

Decree 30 (Phụ lục I, II.4): days 1–9 take a leading zero, months **1 and 2 only** take a
leading zero (``ngày 05 tháng 01 năm 2024``, ``ngày 29 tháng 6 năm 2019``). A draft leaves day
and month blank for the registry to fill in (``ngày    tháng    năm 2024``).

Every time the SDK shows a person is in Vietnam's time zone, ``Asia/Ho_Chi_Minh`` (+07:00, no
daylight saving since 1975).
"""

from __future__ import annotations

import datetime as dt
import re
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

import attrs

from vndocsign.errors import ModelError
from vndocsign.model._text import canonical

__all__ = ["VN_TZ", "DateLine", "format_vn_date", "now_vn", "to_vn"]


def _vn_tz() -> dt.tzinfo:
    try:
        return ZoneInfo("Asia/Ho_Chi_Minh")
    except ZoneInfoNotFoundError:  # pragma: no cover - machines without tzdata
        return dt.timezone(dt.timedelta(hours=7), "+07")


#: Vietnam's time zone (+07:00).
VN_TZ: dt.tzinfo = _vn_tz()


def now_vn() -> dt.datetime:
    """The current time in Vietnam, time-zone aware."""
    return dt.datetime.now(VN_TZ)


def to_vn(moment: dt.datetime) -> dt.datetime:
    """Convert an aware datetime to +07:00; a naive one is taken to be Vietnam time already."""
    if moment.tzinfo is None:
        return moment.replace(tzinfo=VN_TZ)
    return moment.astimezone(VN_TZ)


def _day(d: int) -> str:
    return f"{d:02d}"


def _month(m: int) -> str:
    return f"{m:02d}" if m <= 2 else str(m)


def format_vn_date(day: dt.date) -> str:
    """``"ngày 05 tháng 01 năm 2024"`` with Decree 30's padding rule."""
    return f"ngày {_day(day.day)} tháng {_month(day.month)} năm {day.year}"


_LINE_RE = re.compile(
    r"""^(?:(?P<place>[^,]+?)\s*,\s*)?
        ngày\s*(?P<day>\d{1,2})?\s*
        tháng\s*(?P<month>\d{1,2})?\s*
        năm\s*(?P<year>\d{4})\s*\.?$""",
    re.IGNORECASE | re.VERBOSE,
)


@attrs.frozen
class DateLine:
    """``Quảng Ngãi, ngày 05 tháng 01 năm 2024``.

    ``date`` is ``None`` on a draft whose day and month are left blank; ``year`` is then the
    year printed (if any). ``month`` alone is known on a scan whose day was written by hand
    and not read (``ngày … tháng 9 năm 2025``: see ``parse(partial=True)``).
    """

    place: str | None
    date: dt.date | None
    year: int | None = attrs.field()
    month: int | None = attrs.field()

    @year.default
    def _year_default(self) -> int | None:
        return self.date.year if self.date else None

    @month.default
    def _month_default(self) -> int | None:
        return self.date.month if self.date else None

    @classmethod
    def parse(cls, text: str, *, strict: bool = True, partial: bool = False) -> DateLine:
        """Parse a printed date line; ``strict`` enforces the zero-padding rule.

        ``partial`` accepts a printed month with a blank day (a scan whose day was written by
        hand): ``date`` is then ``None`` and ``month`` and ``year`` are kept.
        """
        line = canonical(text).strip("() ")
        match = _LINE_RE.match(line)
        if match is None:
            raise ModelError(
                f"{text!r} is not a date line 'Place, ngày DD tháng M năm YYYY'",
                f"{text!r} không phải dòng địa danh, thời gian "
                "'Địa danh, ngày DD tháng M năm YYYY'",
                value=text,
            )
        place = match.group("place")
        year = int(match.group("year"))
        day_s, month_s = match.group("day"), match.group("month")
        if day_s is None and month_s is None:
            return cls(place=place, date=None, year=year)
        if partial and day_s is None and month_s is not None and 1 <= int(month_s) <= 12:
            return cls(place=place, date=None, year=year, month=int(month_s))
        if day_s is None or month_s is None:
            raise ModelError(
                f"Day and month must both be filled in or both left blank: {text!r}",
                f"Ngày và tháng phải cùng được ghi hoặc cùng để trống: {text!r}",
                value=text,
            )
        try:
            date = dt.date(year, int(month_s), int(day_s))
        except ValueError:
            raise ModelError(
                f"No such date: {text!r}", f"Ngày không tồn tại: {text!r}", value=text
            ) from None
        if strict and (day_s != _day(date.day) or month_s != _month(date.month)):
            raise ModelError(
                "Days 1-9 and months 1-2 take a leading zero, other months none: "
                f"expected {format_vn_date(date)!r} in {text!r}",
                "Ngày nhỏ hơn 10 và tháng 1, 2 phải thêm số 0 phía trước, các tháng khác thì "
                f"không: cần {format_vn_date(date)!r} trong {text!r}",
                value=text,
            )
        return cls(place=place, date=date)

    def __str__(self) -> str:
        if self.date is not None:
            body = format_vn_date(self.date)
        else:
            month = str(self.month) if self.month else "    "
            body = f"ngày     tháng {month} năm {self.year or ''}".rstrip()
        return f"{self.place}, {body}" if self.place else body
