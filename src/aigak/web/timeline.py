"""The case file's timeline as chart geometry: one row per entry, bars as wide as the dates are vague."""

from __future__ import annotations

import math
import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import date, timedelta
from typing import Any

__all__ = ["TimelineChart", "TimelineRow", "date_bounds", "timeline_chart"]

_ISO = re.compile(r"^(\d{4})(?:-(\d{2})(?:-(\d{2}))?)?")
CHART_WIDTH = 960
LABEL_WIDTH = 190
RIGHT_MARGIN = 110
ROW_HEIGHT = 30
TOP = 34


def date_bounds(value: str | None) -> tuple[date, date, str] | None:
    """The first day and the day after the last day an ISO date (partial allowed) can mean, and its precision.

    `2018` spans the year, `2018-05` the month, `2018-05-12` the day.
    """
    if not value:
        return None
    m = _ISO.match(str(value))
    if not m:
        return None
    year = int(m.group(1))
    try:
        if m.group(3):
            lo = date(year, int(m.group(2)), int(m.group(3)))
            return lo, lo + timedelta(days=1), "day"
        if m.group(2):
            month = int(m.group(2))
            lo = date(year, month, 1)
            hi = date(year + 1, 1, 1) if month == 12 else date(year, month + 1, 1)
            return lo, hi, "month"
        return date(year, 1, 1), date(year + 1, 1, 1), "year"
    except ValueError:
        return None


def _years(d: date) -> float:
    start = date(d.year, 1, 1)
    length = (date(d.year + 1, 1, 1) - start).days
    return d.year + (d - start).days / length


@dataclass(frozen=True, slots=True)
class TimelineRow:
    """One entry drawn: its label, where its certain bar and its vague ends lie (SVG x), and its text."""

    y: float
    label: str
    bar_x: float
    bar_w: float
    start_band: tuple[float, float] | None
    end_band: tuple[float, float] | None
    precision: str
    is_open: bool
    is_point: bool
    review_status: str
    caption: str
    tooltip: str
    index: int


@dataclass(frozen=True, slots=True)
class TimelineChart:
    """The whole chart: its size, year ticks, drawn rows, and the entries without a usable date."""

    width: int
    height: int
    plot_x: float
    plot_w: float
    ticks: list[tuple[float, str]]
    rows: list[TimelineRow]
    undated: list[int]


def _duration(entry: Mapping[str, Any], lo: date, hi: date, has_end: bool) -> str:
    given = entry.get("duration")
    if isinstance(given, str) and given:
        return given
    if not has_end:
        return ""
    days = (hi - lo).days
    if days >= 365:
        years = days / 365.25
        return f"about {years:.0f} year{'s' if round(years) != 1 else ''}" if years >= 1.5 else "about a year"
    if days >= 45:
        return f"about {round(days / 30.44)} months"
    return f"{days} day{'s' if days != 1 else ''}"


def timeline_chart(entries: Sequence[Mapping[str, Any]], *, today: date | None = None) -> TimelineChart:
    """Lay out a case file's timeline entries (`start`, `end`, `type`, `precision`, `review_status`, ...).

    A bar runs from the earliest day the start can mean to the latest day the end can mean; the vague
    part at each end (a month, a year) is drawn as a lighter band, so precision is visible. An entry
    with a start and no end is drawn as a point; one marked ongoing runs to today with an open end.
    """
    today = today or date.today()
    spans: list[tuple[int, Mapping[str, Any], tuple[date, date, str], tuple[date, date, str] | None]] = []
    undated: list[int] = []
    for i, e in enumerate(entries):
        start = date_bounds(e.get("start")) or date_bounds(e.get("end"))
        if start is None:
            undated.append(i)
            continue
        end = date_bounds(e.get("end")) if e.get("start") else None
        spans.append((i, e, start, end))
    if not spans:
        return TimelineChart(CHART_WIDTH, 60, LABEL_WIDTH, CHART_WIDTH - LABEL_WIDTH - RIGHT_MARGIN, [], [], undated)
    first = min(s[2][0] for s in spans)
    last = max((s[3][1] if s[3] else s[2][1]) for s in spans)
    if any(s[1].get("ongoing") for s in spans):
        last = max(last, today)
    lo_year = math.floor(_years(first))
    hi_year = max(lo_year + 1, math.ceil(_years(last)))
    plot_x, plot_w = float(LABEL_WIDTH), float(CHART_WIDTH - LABEL_WIDTH - RIGHT_MARGIN)

    def x(d: date) -> float:
        return round(plot_x + (_years(d) - lo_year) / (hi_year - lo_year) * plot_w, 1)

    step = max(1, math.ceil((hi_year - lo_year) / 12))
    ticks = [(x(date(y, 1, 1)), str(y)) for y in range(lo_year, hi_year + 1, step)]
    rows: list[TimelineRow] = []
    for n, (i, e, start, end) in enumerate(spans):
        y = TOP + n * ROW_HEIGHT
        is_open = bool(e.get("ongoing")) and end is None
        is_point = end is None and not is_open
        far = end[1] if end is not None else (today if is_open else start[1])
        start_band = (x(start[0]), x(start[1])) if start[2] != "day" else None
        end_band = (x(end[0]), x(end[1])) if end is not None and end[2] != "day" else None
        if is_point:
            # One date: a diamond in the middle of what the date can mean; the band shows how vague it is.
            bar_x, bar_w = round((x(start[0]) + x(start[1])) / 2, 1), 0.0
        else:
            # The dark bar is what is certainly covered: from the latest possible start to the earliest
            # possible end. Nothing is certain when both ends are the same vague period ("in 2018, for
            # ten months"): then only the light band is drawn, over the whole period.
            certain_lo = start[1] if start[2] != "day" else start[0]
            certain_hi = today if is_open else (end[0] if end is not None and end[2] != "day" else far)
            if certain_hi <= certain_lo:
                start_band, end_band = (x(start[0]), x(far)), None
                bar_x, bar_w = x(start[0]), 0.0
            else:
                bar_x, bar_w = x(certain_lo), max(2.0, round(x(certain_hi) - x(certain_lo), 1))
        precision = str(e.get("precision") or (start[2] if end is None or end[2] == start[2] else f"{start[2]}/{end[2]}"))
        dates = str(e.get("start") or "?") + (
            f" – {e.get('end')}" if e.get("end") and e.get("end") != e.get("start") else (" – ongoing" if is_open else ""))
        duration = _duration(e, start[0], far, end is not None or is_open)
        caption = dates + (f" · {duration}" if duration else "")
        label = str(e.get("type") or "event").replace("_", " ")
        tooltip = f"{label}: {dates} (precision: {precision})" + (f", {duration}" if duration else "")
        rows.append(TimelineRow(
            y=y, label=label, bar_x=bar_x, bar_w=bar_w, start_band=start_band, end_band=end_band,
            precision=precision, is_open=is_open, is_point=is_point,
            review_status=str(e.get("review_status") or ""), caption=caption, tooltip=tooltip, index=i))
    height = TOP + len(rows) * ROW_HEIGHT + 16
    return TimelineChart(CHART_WIDTH, height, plot_x, plot_w, ticks, rows, undated)
