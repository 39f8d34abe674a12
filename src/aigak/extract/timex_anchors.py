"""The year of a text that writes none, from a public event it dates by its well-known day.

A news story about a Russian who fled the draft may say "Putin declared a partial mobilization on
Sept. 21" and "a court found him guilty on Dec. 2" and never write "2022": its readers know the year.
Without it, every date of the story stays unknown. `data/dated_events.json` lists such events with
their days; when a sentence names one of them beside a year-less date that falls on one of its days,
that event's year becomes the year the text's other year-less dates take when nothing else gives one.
Only the event's own day counts ("on Sept. 21" beside "mobilization"), so a passing mention of the
war in a later year's story dates nothing.
"""

from __future__ import annotations

import re
from bisect import bisect_right
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date
from functools import cache

from aigak.extract.lexicon import load_json
from aigak.extract.timex_mention import Form, Mention

__all__ = ["anchor_year"]


@dataclass(frozen=True)
class _DatedEvent:
    name: str
    first: date
    last: date
    pattern: re.Pattern[str]


@cache
def _dated_events() -> tuple[_DatedEvent, ...]:
    return tuple(
        _DatedEvent(entry["name"], date.fromisoformat(entry["from"]), date.fromisoformat(entry["to"]),
                    re.compile(entry["pattern"], re.IGNORECASE))
        for entry in load_json("dated_events")["events"]
    )


def _falls_on(event: _DatedEvent, month: int, day: int | None) -> bool:
    """Whether a year-less day (or month, when `day` is None) lies within the event's days."""
    if event.first.year != event.last.year:
        return False
    if day is None:
        return event.first.month <= month <= event.last.month
    try:
        return event.first <= date(event.first.year, month, day) <= event.last
    except ValueError:  # 29 February in a common year
        return False


def anchor_year(text: str, mentions: Sequence[Mention], breaks: Sequence[int]) -> int | None:
    """The year of the first known event that a sentence of `text` dates by its day without a year.

    Args:
        text: the text the mentions were scanned from.
        mentions: its scanned time mentions (`timex_scan.scan`).
        breaks: the offsets where its sentences start (`timex_resolve.sentence_breaks`).

    Returns:
        The event's year, or None when no sentence names a listed event beside one of its days.
    """
    for mention in mentions:
        if mention.form is not Form.ABSOLUTE or mention.year is not None or mention.month is None:
            continue
        index = bisect_right(breaks, mention.start)
        start = breaks[index - 1] if index else 0
        end = breaks[index] if index < len(breaks) else len(text)
        sentence = text[start:end]
        for event in _dated_events():
            if _falls_on(event, mention.month, mention.day) and event.pattern.search(sentence):
                return event.first.year
    return None
