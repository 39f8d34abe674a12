"""Find time expressions in English text and read their parts, before any date is resolved.

Every pattern proposes mentions; where proposals overlap the longest wins ("6 October 2019" over
"2019"). Words that look like dates but are not ("$44,200", "30 years old", "2000 people", "may")
are refused here by the context around them.
"""

from __future__ import annotations

import re
from dataclasses import replace

from aigak.extract import timex_durations as durations
from aigak.extract import timex_lexicon as lex
from aigak.extract.timex_calendar import valid_date
from aigak.extract.timex_mention import (
    Form,
    Handler,
    Mention,
    link_ranges,
    next_word,
    part_of_start,
    previous_word,
    with_context,
)

__all__ = ["scan"]

_MONTH_NEAR = re.compile(r"[A-Z][a-z]+\.?\s*(?:[-–—]|(?i:to|and|or|through|until|till))\s*$")

_STRONG_BEFORE_YEAR = frozenset(
    ["in", "since", "from", "until", "till", "during", "throughout", "through", "before", "after", "year", "spring", "summer", "autumn", "fall", "winter", "end", "beginning", "start", "middle", "early", "late", "mid", "between"]
)
_STRONG_BEFORE_MONTH = frozenset(
    ["in", "since", "from", "until", "till", "by", "during", "throughout", "through", "before", "after", "early", "late", "mid", "of", "between", "around", "about", "last", "this", "next", "end", "beginning", "start", "middle"]
)
# "Decree No. 2019", "Article 2015": a number, not a year.
_NUMBER_LABEL = re.compile(
    r"(?<!\w)(?i:no|nos|nr|number|article|paragraph|chapter|page|pages|case|room|flight|bus|route|item|clause"
    r"|section|point|decree|resolution|order|code|tel|phone)\.?\s*$"
)
_YEAR_ENDERS = frozenset(",.;:)!?—–\"”’'\n")


def _absolute(
    match: re.Match[str], year: int | None, month: int | None, day: int | None, *, start: int | None = None
) -> Mention:
    """A date as written; `start` is given when a widening prefix makes it approximate."""
    return Mention(
        match.start() if start is None else start,
        match.end(),
        Form.ABSOLUTE,
        year=year,
        month=month,
        day=day,
        is_approximate=start is not None,
    )


_YEAR_WORD_SHIFT = {
    "this": 0,
    "last": -1,
    "next": 1,
    "that": 0,
    "same": 0,
    "following": 1,
    "previous": -1,
    "preceding": -1,
}


def _month_and_context_year(match: re.Match[str], day: int | None, start: int | None = None) -> list[Mention]:
    """A day or month with its year in words: "December this year" (the reference year, moved) or
    "August of that year" (the story's year, moved)."""
    words = (match["ry"] or match["ny"]).split()
    form = Form.REFERENCE_MONTH if match["ry"] else Form.NARRATIVE_MONTH
    return [
        Mention(
            match.start() if start is None else start,
            match.end(),
            form,
            month=lex.month_number(match["m"]),
            day=day,
            shift=_YEAR_WORD_SHIFT[words[-2].lower()],
            unit="year",
            is_approximate=start is not None,
        )
    ]


def _day_month(match: re.Match[str], text: str) -> list[Mention]:
    """ "6 October 2019", "Monday, 6 October", "29-30 July", "9 December this year"."""
    month = lex.month_number(match["m"])
    day = lex.day_number(match["d"])
    year = int(match["y"]) if match["y"] else None
    if not valid_date(year or 2000, month, day):
        return []
    if match["ry"] or match["ny"]:
        return _month_and_context_year(match, day)
    mentions = [_absolute(match, year, month, day)]
    if (
        match["d0"]
        and valid_date(year or 2000, month, lex.day_number(match["d0"]))
        and lex.day_number(match["d0"]) < day
    ):
        first_end = match.start("d0") + len(match["d0"])
        first = Mention(
            match.start("d0"),
            first_end,
            Form.ABSOLUTE,
            year=year,
            month=month,
            day=lex.day_number(match["d0"]),
            boundary="start",
        )
        mentions = [first, replace(mentions[0], start=match.start("d"), boundary="end")]
    return mentions


def _month_day(match: re.Match[str], text: str) -> list[Mention]:
    """ "October 6, 2019", "Sept. 21", "July 29-30"; "March 15 people" is refused."""
    month = lex.month_number(match["m"])
    year = int(match["y"]) if match["y"] else None
    first_day = lex.day_number(match["d0"])
    if (
        year is None
        and not (match["ry"] or match["ny"])
        and next_word(text, match.end()).lower() in lex.COUNT_NOUNS
    ):
        return []
    if not valid_date(year or 2000, month, first_day):
        return []
    if match["ry"] or match["ny"]:
        return _month_and_context_year(match, first_day)
    if match["d"] is None:
        return [_absolute(match, year, month, first_day)]
    last_day = lex.day_number(match["d"])
    if not valid_date(year or 2000, month, last_day) or last_day <= first_day:
        return []
    return [
        Mention(
            match.start(),
            match.end("d0"),
            Form.ABSOLUTE,
            year=year,
            month=month,
            day=first_day,
            boundary="start",
        ),
        Mention(
            match.start("d"), match.end(), Form.ABSOLUTE, year=year, month=month, day=last_day, boundary="end"
        ),
    ]


def _month_year(match: re.Match[str], text: str) -> list[Mention]:
    """ "March 2013", "the end of August 2019", "mid-March 2020"."""
    start = part_of_start(text, match.start())
    return [_absolute(match, int(match["y"]), lex.month_number(match["m"]), None, start=start)]


def _bare_month(match: re.Match[str], text: str) -> list[Mention]:
    """ "in February", "at the end of August", "December this year"; a month name without a cue is refused."""
    start = part_of_start(text, match.start())
    if match["ry"] or match["ny"]:
        return _month_and_context_year(match, None, start)
    if start is None:
        before = previous_word(text, match.start())
        near_month = _MONTH_NEAR.search(text, max(0, match.start() - 20), match.start())
        if before not in _STRONG_BEFORE_MONTH and not near_month:
            return []
    return [_absolute(match, None, lex.month_number(match["m"]), None, start=start)]


_DAY_ONLY_FOLLOWERS = frozenset(
    {"i", "we", "he", "she", "they", "it", "at", "in", "when", "and", "before", "after", "while"}
)


def _day_only(match: re.Match[str], text: str) -> list[Mention]:
    """ "on the fourth", "on the night of the fifth"; "on the fifth floor" is refused."""
    following = text[match.end() : match.end() + 1]
    if following.isalnum() or (
        following.isspace() and next_word(text, match.end()).lower() not in _DAY_ONLY_FOLLOWERS
    ):
        return []
    day = lex.day_number(match["d"])
    return [Mention(match.start("span"), match.end(), Form.DAY_OF_MONTH, day=day)]


def _month_which(match: re.Match[str], text: str) -> list[Mention]:
    """ "last March", "this May", "next January"."""
    shift = {"this": 0, "last": -1, "next": 1}[match["which"].lower()]
    month = lex.month_number(match["m"])
    start = part_of_start(text, match.start())
    return [
        Mention(
            match.start() if start is None else start,
            match.end(),
            Form.REFERENCE_MONTH,
            month=month,
            shift=shift,
            is_approximate=start is not None,
        )
    ]


def _numeric_date(match: re.Match[str], text: str) -> list[Mention]:
    """ "6.10.2019", "06/10/2019": day first, as in Kazakh, Russian and European writing ("05/15/2024",
    which cannot be, month first)."""
    year, month, day = int(match["y"]), int(match["m"]), int(match["d"])
    return [_absolute(match, year, month, day)] if valid_date(year, month, day) else []


def _iso_date(match: re.Match[str], text: str) -> list[Mention]:
    """ "2019-10-06", "2019-10", "2019-10-06T08:00:00Z", and a news site's "2023.06.08" or "2023/06/08"."""
    year, month = int(match["y"]), int(match["m"] or match["dm"])
    day_text = match["d"] or match["dd"]
    day = int(day_text) if day_text else None
    return [_absolute(match, year, month, day)] if valid_date(year, month, day) else []


def _numeric_month_year(match: re.Match[str], text: str) -> list[Mention]:
    """ "10.2019", "03/2021"."""
    return [_absolute(match, int(match["y"]), int(match["m"]), None)]


def _year_range(match: re.Match[str], text: str) -> list[Mention]:
    """ "2016-2018", "2019–20": two years, the first opening and the second closing the period."""
    first = int(match["y0"])
    last = int(match["y"]) if len(match["y"]) == 4 else first // 100 * 100 + int(match["y"])
    if last <= first:
        return []
    return [
        Mention(match.start("y0"), match.end("y0"), Form.ABSOLUTE, year=first, boundary="start"),
        Mention(match.start("y"), match.end("y"), Form.ABSOLUTE, year=last, boundary="end"),
    ]


def _bare_year(match: re.Match[str], text: str) -> list[Mention]:
    """ "in 2016", "(2019)", "2017 was"; counts such as "2000 people" and "$2019" are refused."""
    start = part_of_start(text, match.start())
    year_mention = [_absolute(match, int(match["y"]), None, None, start=start)]
    if start is not None:
        return year_mention
    after = text[match.end() : match.end() + 1]
    following = next_word(text, match.end())
    before = previous_word(text, match.start())
    is_numbered = _NUMBER_LABEL.search(text, max(0, match.start() - 12), match.start()) is not None
    if (following.lower() in lex.COUNT_NOUNS and after.isspace()) or is_numbered:
        return []
    if before in _STRONG_BEFORE_YEAR:
        return year_mention
    if not after or after in _YEAR_ENDERS:
        return year_mention
    if following.lower() in lex.FUNCTION_WORDS_AFTER_YEAR and following[:1].islower():
        return year_mention
    return []


def _decade(match: re.Match[str], text: str) -> list[Mention]:
    """ "the early 2000s", "the 1990s": approximate, no single date."""
    return [Mention(match.start(), match.end(), Form.DECADE, year=int(match["dec"]), is_approximate=True)]


def _season(match: re.Match[str], text: str) -> list[Mention]:
    """ "summer 2018", "the spring of 2019": the year, approximately."""
    start = part_of_start(text, match.start())
    return [replace(_absolute(match, int(match["y"]), None, None, start=start), is_approximate=True)]


def _season_which(match: re.Match[str], text: str) -> list[Mention]:
    """ "last summer", "this winter": the year of that season relative to the reference date."""
    shift = {"this": 0, "last": -1, "next": 1}[match["which"].lower()]
    first_month = lex.SEASON_MONTHS[match["season"].lower()]
    return [
        Mention(
            match.start(),
            match.end(),
            Form.REFERENCE_SEASON,
            shift=shift,
            season_month=first_month,
            is_approximate=True,
        )
    ]


_TODAY_SHIFT = {"today": 0, "tonight": 0, "yesterday": -1, "tomorrow": 1}


def _today(match: re.Match[str], text: str) -> list[Mention]:
    """ "today", "yesterday", "this morning", "last night"."""
    word = " ".join(match["w"].lower().split())
    shift = _TODAY_SHIFT.get(word, -1 if word.startswith("last") else 0)
    return [Mention(match.start(), match.end(), Form.REFERENCE_UNIT, unit="day", shift=shift)]


def _reference_unit(match: re.Match[str], text: str) -> list[Mention]:
    """ "this year", "last month", "earlier this year"; "the last year" (a span of time) is refused."""
    start = part_of_start(text, match.start())
    if start is None and previous_word(text, match.start()) == "the":
        return []
    shift = {"this": 0, "current": 0, "last": -1, "next": 1}[match["which"].lower()]
    unit = match["unit"].lower()
    return [
        Mention(
            match.start() if start is None else start,
            match.end(),
            Form.REFERENCE_UNIT,
            unit=unit,
            shift=shift,
            is_approximate=start is not None or unit == "week",
        )
    ]


_NARRATIVE_SHIFT = {"next": 1, "following": 1, "previous": -1, "preceding": -1, "same": 0, None: 0}


def _narrative_unit(match: re.Match[str], text: str) -> list[Mention]:
    """ "the next year", "the following day", "that month", "the same day"."""
    unit = match["unit"].lower()
    unit = unit if unit in ("year", "month", "week") else "day"
    shift = _NARRATIVE_SHIFT[match["which"].lower() if match["which"] else None]
    start = part_of_start(text, match.start())
    return [
        Mention(
            match.start() if start is None else start,
            match.end(),
            Form.NARRATIVE_UNIT,
            unit=unit,
            shift=shift,
            is_approximate=start is not None or unit == "week",
        )
    ]


_WEEKDAY_SHIFT = {"last": -1, "past": -1, "this": 0, "next": 1, "coming": 1, None: 0}


def _weekday(match: re.Match[str], text: str) -> list[Mention]:
    """ "on Monday", "last Friday", "next Tuesday"."""
    shift = _WEEKDAY_SHIFT[match["which"].lower() if match["which"] else None]
    return [
        Mention(
            match.start(),
            match.end(),
            Form.WEEKDAY,
            weekday=lex.WEEKDAY_INDEX[match["wd"].lower()],
            shift=shift,
        )
    ]


_PATTERNS: tuple[tuple[re.Pattern[str], Handler], ...] = (
    (lex.DAY_MONTH, _day_month),
    (lex.MONTH_DAY, _month_day),
    (lex.MONTH_YEAR, _month_year),
    (lex.BARE_MONTH, _bare_month),
    (lex.MONTH_WHICH, _month_which),
    (lex.DAY_ONLY, _day_only),
    (lex.NUMERIC_DATE, _numeric_date),
    (lex.MONTH_FIRST_DATE, _numeric_date),
    (lex.ISO_DATE, _iso_date),
    (lex.NUMERIC_MONTH_YEAR, _numeric_month_year),
    (lex.YEAR_RANGE, _year_range),
    (lex.BARE_YEAR, _bare_year),
    (lex.DECADE, _decade),
    (lex.SEASON, _season),
    (lex.SEASON_WHICH, _season_which),
    (lex.TODAY, _today),
    (lex.REFERENCE_UNIT, _reference_unit),
    (lex.NARRATIVE_UNIT, _narrative_unit),
    (lex.OFFSET_THE, durations.offset_the),
    (lex.DURATION, durations.duration),
    (lex.VAGUE_DURATION, durations.vague_duration),
    (lex.SET_EVERY, durations.set_every),
    (lex.SET_TIMES, durations.set_times),
    (lex.SET_WEEKDAYS, durations.set_weekdays),
    (lex.WEEKDAY, _weekday),
)


def scan(text: str) -> list[Mention]:
    """All time-expression mentions in `text`, non-overlapping, in text order.

    Overlapping proposals are settled longest first, so each character belongs to at most one
    expression and "6 October 2019" is never also read as the year "2019".
    """
    groups: list[list[Mention]] = []
    for pattern, handler in _PATTERNS:
        for match in pattern.finditer(text):
            found = handler(match, text)
            if found:
                groups.append(found)
    groups.sort(key=lambda g: (-(max(m.end for m in g) - min(m.start for m in g)), g[0].start))
    taken = bytearray(len(text) + 1)
    chosen: list[Mention] = []
    for group in groups:
        start, end = min(m.start for m in group), max(m.end for m in group)
        if taken.find(1, start, end) != -1:
            continue
        taken[start:end] = b"\x01" * (end - start)
        chosen.extend(group)
    chosen.sort(key=lambda m: m.start)
    return link_ranges([with_context(m, text) for m in chosen], text)
