"""Scanners for lengths of time, offsets counted from another date, and repetitions.

"four years and eight months" is a duration; "two days later" and "five days after his arrest" are
dates counted from another time; "every week" is a repetition. Ages ("30 years old", "a
seven-year-old daughter") are refused.
"""

from __future__ import annotations

import re
from dataclasses import replace

from aigak.extract import timex_lexicon as lex
from aigak.extract.timex_mention import Form, Mention
from aigak.extract.timex_types import Duration

__all__ = ["duration", "offset_the", "set_every", "set_times", "set_weekdays", "vague_duration"]

_AGE_AFTER = re.compile(r"(?:\s*-\s*|\s+)(?i:old)(?!\w)|\s+(?i:of\s+age)(?!\w)")
_AGE_BEFORE = re.compile(r"(?<!\w)(?i:aged?|ages|age\s+of)\s+$")
# A penalty: the most the person will serve, not a stay that has passed.
_PENALTY_BEFORE = re.compile(r"(?<!\w)(?i:sentenced\s+(?:\w+\s+){0,2}?to|(?:prison|jail)\s+(?:term|sentence)\s+of|"
                             r"(?:term|sentence)\s+of|punishable\s+by|faces?|facing)\s+(?:an?\s+)?$")
_PENALTY_AFTER = re.compile(r"(?:\s*-\s*|\s+)(?i:(?:suspended\s+|prison\s+|jail\s+)?(?:sentence|term)|"
                            r"(?:of\s+)?(?:imprisonment|restricted\s+freedom|restriction\s+of\s+liberty|probation))(?!\w)")
_AFTER_BEFORE = re.compile(r"(?<!\w)(?i:after)\s+$")
_FOR_BEFORE = re.compile(r"(?<!\w)(?i:for|lasting|spent|spend|spends|within)\s+$")
_COUNTING_FROM_THAT = re.compile(r"\s*(?:(?i:that|this|it|which)(?!\w)|[,.;:!?)—–-]|$)")

_RELATION = {
    "later": "later",
    "afterwards": "later",
    "afterward": "later",
    "on": "later",
    "earlier": "earlier",
    "ago": "ago",
    "after": "after",
    "before": "before",
    "since": "ago",
}


def _offset_relation(word: str, text: str, end: int) -> tuple[str, bool]:
    """The relation of an offset and whether it names what it counts from ("after his arrest")."""
    word = " ".join(word.lower().split())
    if word == "prior to":
        return "before", True
    relation = _RELATION[word]
    if relation in ("after", "before"):
        has_object = not _COUNTING_FROM_THAT.match(text, end)
        return (relation, True) if has_object else ("later" if relation == "after" else "earlier", False)
    return relation, False


def offset_the(match: re.Match[str], text: str) -> list[Mention]:
    """ "the day after", "the year before": one unit from the narrative date or from an event."""
    one_unit = lex.unit_duration(match["unit"], 1)
    relation, has_object = _offset_relation(match["rel"], text, match.end())
    return [
        Mention(
            match.start(),
            match.end(),
            Form.OFFSET,
            duration=one_unit,
            relation=relation,
            has_object=has_object,
        )
    ]


_UPPER_BOUNDS = frozenset({"up to", "at most", "no more than", "not more than", "a maximum of", "maximum of"})


def _modifier_kind(modifier: str) -> str:
    """ "upper_bound" for "up to", "at most" ...; "approximate" for "about", "more than" ..."""
    return "upper_bound" if " ".join(modifier.lower().split()) in _UPPER_BOUNDS else "approximate"


def duration(match: re.Match[str], text: str) -> list[Mention]:
    """ "four years and eight months", "about one month", "up to seven years", "one- or two-hour"; with a
    relation word after it, an offset: "two days later", "seven years ago", "five days after ...",
    "three years since he was taken" (counted back from the reference date, like "ago").

    Ages ("30 years old", "a seven-year-old daughter", "aged 52 years") are not durations, and "for three
    days after the beating" is a duration, not a date.
    """
    if _AGE_AFTER.match(text, match.end()) or _AGE_BEFORE.search(
        text, max(0, match.start() - 12), match.start()
    ):
        return []
    modifier = lex.DURATION_MODIFIER_BEFORE.search(text, max(0, match.start() - 20), match.start())
    kind = _modifier_kind(modifier["mod"]) if modifier else None
    if kind is None and (_PENALTY_BEFORE.search(text, max(0, match.start() - 40), match.start())
                         or (match["rel"] is None and _PENALTY_AFTER.match(text, match.end()))):
        kind = "upper_bound"  # "sentenced to 15 years", "a six-month suspended sentence": at most that long
    amount, low = (
        (lex.parse_number(match["hi"]), lex.parse_number(match["lo"])) if match["hi"] else (None, None)
    )
    is_range = amount is not None and low is not None and low < amount  # not "twenty-four hours"
    if is_range and amount is not None:
        runs = [(match.start("dur"), match.end("dur"), lex.unit_duration(match["runit"], amount))]
    else:
        runs = lex.duration_runs(text, match.start("dur"), match.end("dur"))
    runs = [run for run in runs if run[2] != Duration()]
    if not runs:
        return []
    mentions = [Mention(s, e, Form.DURATION, duration=d) for s, e, d in runs]
    first = mentions[0]
    if modifier is not None and first.start == match.start("dur"):
        first = replace(first, start=modifier.start(), is_upper_bound=kind == "upper_bound")
    elif kind == "upper_bound" and len(mentions) == 1:
        first = replace(first, is_upper_bound=True)
    mentions[0] = replace(first, is_approximate=kind == "approximate" or is_range)
    last = mentions[-1]
    if match["rel"] is None and not _FOR_BEFORE.search(text, max(0, last.start - 12), last.start):
        return _after_a_length(mentions, text)
    if (
        match["rel"] is None
        or _FOR_BEFORE.search(text, max(0, last.start - 12), last.start)
        or last.is_upper_bound
        or (match["rel"].lower() == "since" and lex.DATE_AHEAD.match(text, match.end()))
    ):
        return mentions  # "for two years since 2017" is a length; "three years since he was taken" a date
    relation, has_object = _offset_relation(match["rel"], text, match.end())
    mentions[-1] = replace(last, end=match.end(), form=Form.OFFSET, relation=relation, has_object=has_object)
    return mentions


def _after_a_length(mentions: list[Mention], text: str) -> list[Mention]:
    """ "After eight months I was released": a length after "after" counts on from the story's date."""
    first = mentions[0]
    lead = _AFTER_BEFORE.search(text, max(0, first.start - 12), first.start)
    if len(mentions) != 1 or lead is None or first.is_upper_bound:
        return mentions
    return [replace(first, start=lead.start(), form=Form.OFFSET, relation="later", has_object=False)]


def vague_duration(match: re.Match[str], text: str) -> list[Mention]:
    """ "several months", "a few weeks", "for years": an approximate length in a unit, with no count.

    Its `duration` stays None (no end can be counted from it) and its unit is kept. Followed by a
    relation word ("a few days later", "many years ago") it counts from another time by an unknown
    amount and is left out.
    """
    if match["rel"] or _AGE_BEFORE.search(text, max(0, match.start() - 12), match.start()):
        return []
    unit = match["unit"].lower().rstrip("s")
    unit = "day" if unit == "night" else "year" if unit == "decade" else unit
    return [Mention(match.start(), match.start("unit") + len(match["unit"]), Form.DURATION, unit=unit,
                    is_approximate=True)]


_PERIOD = {
    "day": Duration(days=1),
    "morning": Duration(days=1),
    "evening": Duration(days=1),
    "night": Duration(days=1),
    "week": Duration(days=7),
    "weekend": Duration(days=7),
    "month": Duration(months=1),
    "year": Duration(years=1),
}


def set_every(match: re.Match[str], text: str) -> list[Mention]:
    """ "every day", "each year", "every two weeks", "every Friday"."""
    unit = match["unit"].lower()
    period = _PERIOD.get(unit, Duration(days=7))
    count = (
        2.0 if (match["n"] or "").lower() == "other" else lex.parse_number(match["n"]) if match["n"] else 1.0
    )
    if count is None or count < 1:
        return []
    n = int(count)
    period = Duration(years=period.years * n, months=period.months * n, days=period.days * n)
    return [Mention(match.start(), match.end(), Form.SET, duration=period)]


def set_times(match: re.Match[str], text: str) -> list[Mention]:
    """ "once a week", "twice a month", "three times a year": the period the repetition counts in."""
    return [Mention(match.start(), match.end(), Form.SET, duration=_PERIOD[match["unit"].lower()])]


def set_weekdays(match: re.Match[str], text: str) -> list[Mention]:
    """ "on Mondays"."""
    return [Mention(match.start(), match.end(), Form.SET, duration=Duration(days=7))]
