"""Calendar arithmetic on partial ISO dates (`2019`, `2019-10`, `2019-10-06`) that never invents precision."""

from __future__ import annotations

import calendar
import datetime as dt
import re

from dateutil.relativedelta import relativedelta, weekday

from aigak.extract.timex_types import Duration

__all__ = [
    "coarser",
    "format_date",
    "is_after",
    "last_weekday",
    "next_weekday",
    "parse_date",
    "precision_of",
    "shift_date",
    "truncate",
    "valid_date",
]

_ISO = re.compile(r"(\d{4})(?:-(\d{2})(?:-(\d{2}))?)?")
_RANK = {"year": 1, "month": 2, "day": 3}
_WEEKDAYS: tuple[weekday, ...] = tuple(weekday(i) for i in range(7))


def valid_date(year: int, month: int | None = None, day: int | None = None) -> bool:
    """Whether the parts name a real calendar date (day 31 only in long months, 29 February in leap years)."""
    if not 1 <= year <= 9999:
        return False
    if month is None:
        return day is None
    if not 1 <= month <= 12:
        return False
    return day is None or 1 <= day <= calendar.monthrange(year, month)[1]


def format_date(year: int, month: int | None = None, day: int | None = None) -> str:
    """The ISO 8601 text of a date known to the year, month or day."""
    if month is None:
        return f"{year:04d}"
    if day is None:
        return f"{year:04d}-{month:02d}"
    return f"{year:04d}-{month:02d}-{day:02d}"


def parse_date(iso: str) -> tuple[int, int | None, int | None]:
    """Split a partial ISO date into (year, month, day), None for the parts it does not give.

    Raises:
        ValueError: `iso` is not `YYYY`, `YYYY-MM` or `YYYY-MM-DD`, or names no real date.
    """
    match = _ISO.fullmatch(iso)
    if match is None:
        raise ValueError(f"{iso!r} is not an ISO date; pass YYYY, YYYY-MM or YYYY-MM-DD.")
    year = int(match[1])
    month = int(match[2]) if match[2] else None
    day = int(match[3]) if match[3] else None
    if not valid_date(year, month, day):
        raise ValueError(f"{iso!r} is not a calendar date; check the month and day.")
    return year, month, day


def precision_of(iso: str) -> str:
    """`"year"`, `"month"` or `"day"`: how much of the date `iso` gives."""
    return {4: "year", 7: "month"}.get(len(iso), "day")


def truncate(iso: str, precision: str) -> str:
    """`iso` cut to `precision` when it is finer; a coarser date is returned unchanged."""
    return iso[: {"year": 4, "month": 7, "day": 10}[precision]]


def coarser(first: str, second: str) -> str:
    """The coarser of two precisions (`"year"` < `"month"` < `"day"`)."""
    return first if _RANK[first] <= _RANK[second] else second


def is_after(iso: str, reference: str) -> bool:
    """Whether `iso` lies after `reference` at the precision both give ("2019-12" is not after "2019")."""
    width = min(len(iso), len(reference))
    return iso[:width] > reference[:width]


def shift_date(iso: str, duration: Duration, *, forward: bool = True) -> str:
    """Move a partial date by a duration, keeping exactly the precision of the input.

    A day-precise date moves by calendar arithmetic (`relativedelta`: "2019-01-31" plus one month is
    "2019-02-28"); hours count only in whole days. A month-precise date moves by whole months, with
    every 30 days counted as a month and shorter spans ignored: "two days later" than "2019-08" is
    still "2019-08". A year-precise date moves by whole years (12 months, 365 days).

    Args:
        iso: `YYYY`, `YYYY-MM` or `YYYY-MM-DD`.
        duration: how far to move.
        forward: move later in time when True, earlier when False.

    Returns:
        The moved date, at the precision of `iso`.

    Raises:
        ValueError: `iso` is not a partial ISO date.
    """
    year, month, day = parse_date(iso)
    sign = 1 if forward else -1
    whole_days = duration.days + duration.hours // 24
    if month is not None and day is not None:
        delta = relativedelta(years=duration.years, months=duration.months, days=whole_days)
        moved: dt.date = dt.date(year, month, day) + delta if forward else dt.date(year, month, day) - delta
        return moved.isoformat()
    if month is not None:
        total = year * 12 + month - 1 + sign * (duration.years * 12 + duration.months + whole_days // 30)
        return format_date(total // 12, total % 12 + 1)
    return format_date(year + sign * (duration.years + duration.months // 12 + whole_days // 365))


def last_weekday(iso: str, weekday_index: int, *, strictly: bool = False) -> str:
    """The latest date with the given weekday (0 = Monday) on or before a day-precise date.

    With `strictly`, the date itself does not count ("last Monday" said on a Monday is a week back).
    """
    year, month, day = parse_date(iso)
    base = dt.date(year, month or 1, day or 1)
    if strictly:
        base -= dt.timedelta(days=1)
    found: dt.date = base + relativedelta(weekday=_WEEKDAYS[weekday_index](-1))
    return found.isoformat()


def next_weekday(iso: str, weekday_index: int, *, strictly: bool = True) -> str:
    """The earliest date with the given weekday after a day-precise date (on it too unless `strictly`)."""
    year, month, day = parse_date(iso)
    base = dt.date(year, month or 1, day or 1)
    if strictly:
        base += dt.timedelta(days=1)
    found: dt.date = base + relativedelta(weekday=_WEEKDAYS[weekday_index](+1))
    return found.isoformat()
