"""The iCalendar export: known hearing dates and deadlines as all-day events (RFC 5545, written by hand).

A date known to the day is that day; a date known only to the month or year spans it, and the
summary says so, because inventing a day would mislead a lawyer counting a deadline.
"""

from __future__ import annotations

import calendar
import re
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta
from pathlib import Path
from typing import Any

from aigak import __version__
from aigak.export.bundle import Bundle, events_view

__all__ = ["ICS_NAME", "LEGAL_EVENT_TYPES", "CalendarEntry", "calendar_entries", "render_ics", "write_ics"]

ICS_NAME = "hearings.ics"
LEGAL_EVENT_TYPES = frozenset({"criminal_proceeding", "asylum_application", "asylum_decision",
                               "deportation_order", "deportation", "summons"})
"""Event types that stand for a hearing, a decision or a deadline."""
_MAX_OCTETS = 75
_DATE = re.compile(r"^(\d{4})(?:-(\d{2})(?:-(\d{2}))?)?")


@dataclass(frozen=True, slots=True)
class CalendarEntry:
    """One calendar item.

    Attributes:
        uid: a stable identifier (the same fact gives the same UID in every export).
        date: the ISO date as known (`2019-12`, `2019-12-20`).
        summary: the one-line title.
        description: the quote and its source.
        status: `CONFIRMED` for reviewed facts, `TENTATIVE` for proposed ones.
    """

    uid: str
    date: str
    summary: str
    description: str
    status: str


def _bounds(iso: str) -> tuple[date, date, str] | None:
    """First day, day after the last, and precision (`day`, `month`, `year`) of an ISO date."""
    m = _DATE.match(iso or "")
    if not m:
        return None
    year = int(m.group(1))
    try:
        if m.group(3):
            day = date(year, int(m.group(2)), int(m.group(3)))
            return day, day + timedelta(days=1), "day"
        if m.group(2):
            month = int(m.group(2))
            last = calendar.monthrange(year, month)[1]
            return date(year, month, 1), date(year, month, last) + timedelta(days=1), "month"
        return date(year, 1, 1), date(year + 1, 1, 1), "year"
    except ValueError:
        return None


def calendar_entries(bundle: Bundle, *, extra: Iterable[Mapping[str, Any]] = ()) -> list[CalendarEntry]:
    """Hearings, decisions and deadlines: legal events with a date, plus `extra` dates from case files.

    Args:
        bundle: the exported rows.
        extra: `{"uid", "date", "what", "source", "person"}` dicts (a case file's `next_dates`, with a
            uid added); one on the same date as a listed event of the same person is left out.
    """
    entries: list[CalendarEntry] = []
    for row in events_view(bundle):
        if row["type"] not in LEGAL_EVENT_TYPES or not row.get("start") or _bounds(str(row["start"])) is None:
            continue
        who = f" — {row['subjects']}" if row.get("subjects") else ""
        summary = f"{str(row['type']).replace('_', ' ').capitalize()}{who}"
        description = (f"“{row['quote']}”\nSource: {row['source_title'] or row['source_file']} "
                       f"(sha256 {row['source_sha256']})\nReview status: {row['status']}")
        status = "TENTATIVE" if row["status"] == "proposed" else "CONFIRMED"
        entries.append(CalendarEntry(f"fact-{row['fact_id']}-{str(row['source_sha256'])[:12]}@aigak",
                                     str(row["start"]), summary, description, status))
    for item in extra:
        date_text = str(item.get("date") or "")
        if _bounds(date_text) is None:
            continue
        person = str(item.get("person") or "")
        if person and any(e.date == date_text and person in e.summary for e in entries):
            continue  # the same hearing, already listed from its event
        entries.append(CalendarEntry(str(item["uid"]), str(item["date"]), str(item.get("what") or "Date"),
                                     str(item.get("source") or ""), "CONFIRMED"))
    unique = {e.uid: e for e in reversed(entries)}
    return sorted(unique.values(), key=lambda e: (e.date, e.uid))


def _escape(text: str) -> str:
    return (text.replace("\\", "\\\\").replace(";", "\\;").replace(",", "\\,")
            .replace("\r\n", "\\n").replace("\n", "\\n"))


def _fold(line: str) -> list[str]:
    """Split a content line into pieces of at most 75 octets, never inside a UTF-8 character."""
    out: list[str] = []
    current, size, limit = "", 0, _MAX_OCTETS
    for ch in line:
        width = len(ch.encode("utf-8"))
        if size + width > limit:
            out.append(current)
            current, size, limit = "", 0, _MAX_OCTETS - 1
        current += ch
        size += width
    out.append(current)
    return [out[0], *(" " + piece for piece in out[1:])]


def render_ics(entries: Sequence[CalendarEntry], *, now: datetime | None = None) -> str:
    """The calendar as RFC 5545 text (CRLF line ends, folded lines)."""
    stamp = (now or datetime.now(UTC)).strftime("%Y%m%dT%H%M%SZ")
    lines = ["BEGIN:VCALENDAR", "VERSION:2.0", f"PRODID:-//aigak//aigak {__version__}//EN",
             "CALSCALE:GREGORIAN", "METHOD:PUBLISH", "X-WR-CALNAME:aigak hearings and deadlines"]
    for entry in entries:
        bounds = _bounds(entry.date)
        assert bounds is not None
        start, end, precision = bounds
        summary = entry.summary if precision == "day" else f"{entry.summary} (date known only to the {precision})"
        lines += ["BEGIN:VEVENT", f"UID:{entry.uid}", f"DTSTAMP:{stamp}",
                  f"DTSTART;VALUE=DATE:{start:%Y%m%d}", f"DTEND;VALUE=DATE:{end:%Y%m%d}",
                  f"SUMMARY:{_escape(summary)}", f"DESCRIPTION:{_escape(entry.description)}",
                  f"STATUS:{entry.status}", "TRANSP:TRANSPARENT", "END:VEVENT"]
    lines.append("END:VCALENDAR")
    return "".join(piece + "\r\n" for line in lines for piece in _fold(line))


def write_ics(bundle: Bundle, out_dir: Path, *, extra: Iterable[Mapping[str, Any]] = ()) -> list[Path]:
    """Write `hearings.ics` into `out_dir`."""
    path = out_dir / ICS_NAME
    path.write_bytes(render_ics(calendar_entries(bundle, extra=extra)).encode("utf-8"))
    return [path]
