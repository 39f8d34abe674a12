"""The internal record of a scanned time mention, and the context readers the scanners share."""

from __future__ import annotations

import enum
import re
from collections.abc import Callable
from dataclasses import dataclass, replace

from aigak.extract import timex_lexicon as lex
from aigak.extract.timex_types import Duration

__all__ = [
    "Form",
    "Handler",
    "Mention",
    "link_ranges",
    "next_word",
    "part_of_start",
    "previous_word",
    "with_context",
]


class Form(enum.Enum):
    """How a mention gets its value once the reference and narrative dates are known."""

    ABSOLUTE = "absolute"  # year, month, day as written; a missing year comes from context
    DECADE = "decade"  # "the early 2000s": no single value
    DAY_OF_MONTH = "day_of_month"  # "on the fourth": month and year from the story
    NARRATIVE_MONTH = "narrative_month"  # "August of that year"
    REFERENCE_MONTH = "reference_month"  # "last March", "December this year"
    REFERENCE_SEASON = "reference_season"  # "last summer"
    REFERENCE_UNIT = "reference_unit"  # "this year", "last month", "today"
    NARRATIVE_UNIT = "narrative_unit"  # "the next year", "that day"
    OFFSET = "offset"  # "two days later", "seven years ago", "five days after ..."
    WEEKDAY = "weekday"  # "on Monday"
    DURATION = "duration"
    SET = "set"


@dataclass(frozen=True, slots=True)
class Mention:
    """One proposed time expression with the parts read from it (internal to the normalizer).

    Attributes:
        start, end: character span in the text.
        form: how its value is resolved.
        year, month, day: calendar parts as written (ABSOLUTE, DECADE's first year).
        shift: for reference/narrative forms and weekdays, -1 (last, previous), 0 (this, that) or +1.
        unit: for REFERENCE_UNIT/NARRATIVE_UNIT, "year", "month", "week" or "day"; for REFERENCE_MONTH,
            "year" when the shift applies to the year ("December last year") and None when it picks the
            nearest such month ("last December").
        weekday: 0 (Monday) to 6 for WEEKDAY.
        season_month: first month of the season for REFERENCE_SEASON.
        duration: length of a DURATION, period of a SET, offset of an OFFSET.
        relation: OFFSET direction and base: "later", "earlier", "ago", "after", "before".
        has_object: an OFFSET "after"/"before" is followed by what it counts from ("after his detention").
        is_approximate, is_upper_bound: as in `TimeExpression`.
        boundary: "start"/"end" when the mention opens or closes a range.
    """

    start: int
    end: int
    form: Form
    year: int | None = None
    month: int | None = None
    day: int | None = None
    shift: int = 0
    unit: str | None = None
    weekday: int | None = None
    season_month: int | None = None
    duration: Duration | None = None
    relation: str | None = None
    has_object: bool = False
    is_approximate: bool = False
    is_upper_bound: bool = False
    boundary: str | None = None


Handler = Callable[[re.Match[str], str], list[Mention]]
"""A scanner: reads one regex match in the text and proposes mentions (none to refuse it)."""

_PREVIOUS_WORD = re.compile(r"([A-Za-z]+)[\s(\"“'‘]{0,3}$")
_NEXT_WORD = re.compile(r"[\s\"”'’]*([A-Za-z]+)")


def previous_word(text: str, start: int) -> str:
    """The word just before `start` (lower case), skipping a space, bracket or quote; "" if none."""
    match = _PREVIOUS_WORD.search(text, max(0, start - 30), start)
    return match[1].lower() if match else ""


def next_word(text: str, end: int) -> str:
    """The word just after `end` as written, skipping spaces and quotes; "" if none."""
    match = _NEXT_WORD.match(text, end)
    return match[1] if match else ""


def part_of_start(text: str, start: int) -> int | None:
    """Where a widening prefix before `start` begins ("the end of", "early", "mid-"), or None."""
    prefix = lex.APPROX_PREFIX_BEFORE.search(text, max(0, start - 40), start)
    return prefix.start() if prefix else None


_RANGE_JOINER = re.compile(r"\s*(?:[-–—]|(?i:to|until|till|through|and))\s*$")
_DATE_FORMS = frozenset(Form) - {Form.DURATION, Form.SET}


def with_context(mention: Mention, text: str) -> Mention:
    """Widen a date over a hedge before it ("around 2016") and read the range word before it ("since")."""
    if mention.form not in _DATE_FORMS:
        return mention
    hedge = lex.APPROX_WORDS_BEFORE.search(text, max(0, mention.start - 25), mention.start)
    if hedge:
        mention = replace(mention, start=hedge.start(), is_approximate=True)
    if mention.boundary is None:
        cue = lex.BOUNDARY_BEFORE.search(text, max(0, mention.start - 25), mention.start)
        if cue:
            word = cue["word"].lower()
            is_start = word in ("since", "from", "starting", "beginning") or word.startswith("as")
            mention = replace(mention, boundary="start" if is_start else "end")
    return mention


def link_ranges(mentions: list[Mention], text: str) -> list[Mention]:
    """ "from 2016 to 2018", "between March and May": the second date of a range closes it."""
    linked = list(mentions)
    for i in range(1, len(linked)):
        first, second = linked[i - 1], linked[i]
        if first.form not in _DATE_FORMS or second.form not in _DATE_FORMS or second.boundary is not None:
            continue
        gap = text[first.end : second.start]
        if len(gap) > 12 or not _RANGE_JOINER.fullmatch(gap):
            continue
        opener = previous_word(text, first.start)
        if first.boundary == "start" or opener == "between" or gap.strip() in ("-", "–", "—"):
            year = first.year
            if (
                year is None
                and first.form is second.form is Form.ABSOLUTE
                and first.month
                and second.year
                and second.month
            ):
                year = second.year if first.month <= second.month else second.year - 1  # "March to May 2019"
            linked[i - 1] = replace(first, boundary="start", year=year)
            linked[i] = replace(second, boundary="end")
    return linked
