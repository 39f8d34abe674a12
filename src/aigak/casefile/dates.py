"""Partial ISO dates as the sources give them: precision, order, agreement, and spans in words."""

from __future__ import annotations

import re
from functools import lru_cache

__all__ = [
    "compare_dates",
    "dates_agree",
    "duration_text",
    "month_index",
    "months_between",
    "precision_of",
    "year_of",
]

_DATE = re.compile(r"^(\d{4})(?:-(\d{2}))?(?:-(\d{2}))?")
_PARSED_KEPT = 8192


def _parts(date: str | None) -> tuple[int, int | None, int | None] | None:
    if not date:
        return None
    return _parse(date if isinstance(date, str) else str(date))


@lru_cache(maxsize=_PARSED_KEPT)
def _parse(date: str) -> tuple[int, int | None, int | None] | None:
    # Kept: a timeline compares each date with many others, and a person of a long report has hundreds.
    m = _DATE.match(date)
    if not m:
        return None
    return int(m.group(1)), int(m.group(2)) if m.group(2) else None, int(m.group(3)) if m.group(3) else None


def precision_of(date: str | None) -> str | None:
    """`day`, `month` or `year` for `2019-10-06`, `2019-10`, `2019`; None for no date."""
    parts = _parts(date)
    if parts is None:
        return None
    return "day" if parts[2] is not None else ("month" if parts[1] is not None else "year")


def year_of(date: str | None) -> int | None:
    """The year of a partial date; None for no date."""
    parts = _parts(date)
    return None if parts is None else parts[0]


def month_index(date: str | None, *, end: bool = False) -> int | None:
    """Months since year 0; a year alone counts as January (or December with `end`)."""
    parts = _parts(date)
    if parts is None:
        return None
    year, month, _ = parts
    return year * 12 + ((month or (12 if end else 1)) - 1)


def months_between(start: str | None, end: str | None) -> int | None:
    """Whole months from start to end at month precision (None unless both are known to the month)."""
    if precision_of(start) in (None, "year") or precision_of(end) in (None, "year"):
        return None
    a, b = month_index(start), month_index(end)
    assert a is not None and b is not None
    return b - a


def compare_dates(a: str | None, b: str | None) -> int | None:
    """-1, 0 or 1 comparing two partial dates at the precision they share; None if either is missing.

    `2013` and `2013-03` compare equal: neither is before the other as far as the sources say.
    """
    pa, pb = _parts(a), _parts(b)
    if pa is None or pb is None:
        return None
    for x, y in zip(pa, pb, strict=True):
        if x is None or y is None:
            return 0
        if x != y:
            return -1 if x < y else 1
    return 0


def dates_agree(a: str | None, b: str | None) -> bool:
    """Whether two partial dates can be the same day (equal as far as the coarser one goes)."""
    return compare_dates(a, b) == 0


def duration_text(months: int | None = None, *, years: int = 0, extra_months: int = 0, days: int = 0,
                  hours: int = 0) -> str | None:
    """A length in words: `4 years 8 months`, `1 year`, `24 hours`; None for nothing."""
    if months is not None:
        years, extra_months = divmod(months, 12)
    parts = []
    for value, unit in ((years, "year"), (extra_months, "month"), (days, "day"), (hours, "hour")):
        if value:
            parts.append(f"{value} {unit}{'s' if value != 1 else ''}")
    return " ".join(parts) or None
