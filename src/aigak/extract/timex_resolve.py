"""Resolve scanned time mentions to ISO dates against the reference date and the story told so far.

A text is read front to back keeping the story's "current time": the last resolved date (for "two
days later", "the next year"; a bare year said in passing, "since 2017", does not count for day and
month offsets) and the last date known to the month. A date written without a year takes it from,
in order:

1. a year-only date earlier in the same sentence ("In 2018, on 5 May ..."), unless it was said in a
   relative clause closed before the date (", who became a citizen in 2021, was detained on 5 May");
   then, in a present perfect ("has been held since May"), the reference date as in 4;
2. the end of a period written just before it, counted from the story's date ("On 17 April 2018
   they took me. Fourteen months. I came out on 20 June" -> 2019);
3. the story's date when its year was written in the text ("In August 2019 ... On 1 October"),
   moving on to the next year when the month is earlier than the story's and that stays before
   the reference date ("In September 2019 ... On 2 January I left" -> 2020);
4. the reference date, stepping back a year when the date would lie after it, unless the sentence
   speaks of the future ("will", "is set for", "have fifteen days, until");
5. with no reference: a fallback year given by the caller, then the last year-only date.

A bare year ("in 2016") does not carry to later day-and-month dates when a reference date exists:
in news text it is usually background ("who in 2016 was also sent ...") while year-less dates
follow the reporting year.
"""

from __future__ import annotations

import re
from bisect import bisect_right
from collections.abc import Callable
from dataclasses import dataclass, replace

from aigak.extract import timex_lexicon as lex
from aigak.extract.timex_calendar import (
    coarser,
    format_date,
    is_after,
    last_weekday,
    next_weekday,
    parse_date,
    precision_of,
    shift_date,
    truncate,
    valid_date,
)
from aigak.extract.timex_mention import Form, Mention
from aigak.extract.timex_types import Duration, TimeExpression, TimeKind

__all__ = ["resolve", "sentence_breaks"]

_ABBREVIATIONS = frozenset(
    ["jan", "feb", "mar", "apr", "jun", "jul", "aug", "sep", "sept", "oct", "nov", "dec", "mr", "mrs", "ms", "dr", "st", "gen", "col", "lt", "sgt", "jr", "sr", "no", "vs", "etc", "inc", "co", "prof", "rev", "gov", "sen", "rep", "dept"]
)
_WORD_BEFORE = re.compile(r"(\w+)$")
_CLAUSE_BREAK = re.compile(r"[,;:()]")
# "on a Friday evening in June", "one Monday", "every Tuesday": a weekday that names no particular week,
# so it is not the last such day before the writing.
_INDEFINITE_WEEKDAY = re.compile(r"\b(?:a|an|one|every|each|any)\s+$", re.IGNORECASE)
# ", sixteen months after": an offset set off right after the date of its sentence's main clause
# "ALMATY, 2 November 2023 — A week after his release …": a dateline's date dates the writing, not the story.
_DATELINE_LEAD = re.compile(r"[^\S\n]*(?:[A-ZА-ЯЁ][A-ZА-ЯЁ'’.\- ]+|[A-Z][a-z]+),\s*")
_JUST_BEFORE = re.compile(r"\s*(?:,|[—–]|\s-)\s*(?:(?:just|only|some|about|almost|nearly)\s+)?")
# "has been held since May", "have not heard from him since 12 March": a present perfect in the date's
# clause counts up to the writing, so the date is the last such day before it (no past auxiliary or
# relative pronoun in between, which would open another clause's time).
_PERFECT_SINCE = re.compile(
    r"\b(?:has|have)(?:n['’]t)?\s+(?:(?!(?:was|were|had|who|which|that|when|after|before)\b)[\w'’-]+\s+){0,6}"
    r"since\s+(?:(?:early|late|mid|the\s+(?:end|beginning|start|middle)\s+of)[\s-]+)?$",
    re.IGNORECASE,
)
# ", who became a citizen in 2021,": a relative clause whose bare year is its own, not the sentence's.
_RELATIVE_OPENING = re.compile(r"\b(?:who|whom|whose|which)\b", re.IGNORECASE)
_UNIT_PRECISION = {"year": "year", "month": "month", "week": "month", "day": "day"}
_UNIT_STEP = {
    "year": Duration(years=1),
    "month": Duration(months=1),
    "week": Duration(days=7),
    "day": Duration(days=1),
}


def sentence_breaks(text: str) -> list[int]:
    """Offsets where a new sentence starts, not counting dots of abbreviations ("Dec. 6", "Mr. Li")."""
    breaks = []
    for match in lex.SENTENCE_BREAK.finditer(text):
        if match[0] != "\n":
            word = _WORD_BEFORE.search(text, max(0, match.start() - 8), match.start())
            if word and (word[1].lower() in _ABBREVIATIONS or (len(word[1]) == 1 and word[1].isupper())):
                continue
        breaks.append(match.end())
    return breaks


@dataclass(frozen=True, slots=True)
class _Dated:
    """A resolved date remembered by the story: its value and whether its year came from the text."""

    value: str
    from_text: bool


@dataclass(slots=True)
class _Story:
    """What the text has said about time so far, while it is read front to back."""

    previous: _Dated | None = None  # the last resolved date
    previous_event: _Dated | None = None  # the same, skipping bare years ("since 2017") that are background
    dated: _Dated | None = None  # the last date known to the month or day
    bare_year: tuple[int, int] | None = None  # the last year-only date and the sentence it is in
    bare_year_aside: int | None = None  # where that year ends, when it is said in a relative clause
    duration: tuple[Duration, int] | None = None  # the last duration since the last date, and its sentence
    dated_at: int = -1  # where `dated` was said
    year_said: tuple[int, int] | None = None  # a year counted from the writing ("last year") and where


_Resolution = tuple[str | None, str | None, bool]  # value, anchor, whether the year came from the text
_UNRESOLVED: _Resolution = (None, None, False)


class _Resolver:
    """Turns the mentions of one text into `TimeExpression`s (one instance per call)."""

    def __init__(self, text: str, reference: str | None, fallback_year: int | None) -> None:
        self.text = text
        self.reference = reference
        self.fallback_year = fallback_year
        self.breaks = sentence_breaks(text)
        self.story = _Story()
        self.handlers: dict[Form, Callable[[Mention], _Resolution]] = {
            Form.ABSOLUTE: self.absolute,
            Form.DAY_OF_MONTH: self.day_of_month,
            Form.NARRATIVE_MONTH: self.narrative_month,
            Form.REFERENCE_MONTH: self.reference_month,
            Form.REFERENCE_SEASON: self.reference_season,
            Form.REFERENCE_UNIT: self.reference_unit,
            Form.NARRATIVE_UNIT: self.narrative_unit,
            Form.OFFSET: self.offset,
            Form.WEEKDAY: self.weekday,
        }

    def sentence_of(self, position: int) -> int:
        return bisect_right(self.breaks, position)

    def sentence_start(self, position: int) -> int:
        index = self.sentence_of(position)
        return self.breaks[index - 1] if index else 0

    def speaks_of_future(self, mention: Mention) -> bool:
        """The sentence lets the date lie after the reference ("will", "is set for", "have … until")."""
        return lex.FUTURE_MARKERS.search(self.text, self.sentence_start(mention.start), mention.start) is not None \
            or self.looks_ahead(mention)

    def looks_ahead(self, mention: Mention) -> bool:
        """The sentence is in the present or future tense about the date ("My hearing is on 24 February",
        "will be heard on", "is scheduled for"): a year-less date lies ahead of the writing."""
        start = self.sentence_start(mention.start)
        return lex.FUTURE_TENSE.search(self.text, start, mention.start) is not None or \
            lex.FUTURE_BEFORE_DATE.search(self.text, max(start, mention.start - 30), mention.start) is not None

    def not_after_reference(self, value: str, mention: Mention) -> str:
        """Step a year back when a date that takes its year from context would lie after the reference;
        step a year forward when the sentence looks ahead to a date already past in the reference year."""
        if self.reference and is_after(value, self.reference) and not self.speaks_of_future(mention):
            year, month, day = parse_date(value)
            return _dated(year - 1, month, day)
        if self.reference and is_after(self.reference, value) and self.looks_ahead(mention):
            year, month, day = parse_date(value)
            return _dated(year + 1, month, day)
        return value

    def base_for(self, unit: str) -> _Dated | None:
        """The date a relative expression counts from: the last date, but for days, weeks and months
        not a bare year mentioned in passing ("... since 2017. Thirteen days later, ...")."""
        if unit == "year":
            return self.story.previous
        return self.story.previous_event or self.story.previous

    # -- one method per form

    def absolute(self, mention: Mention) -> _Resolution:
        if mention.year is not None:
            return format_date(mention.year, mention.month, mention.day), None, True
        month, day = mention.month, mention.day
        story = self.story
        if story.bare_year and story.bare_year[1] == self.sentence_of(mention.start) \
                and not self.left_aside(mention):
            return _dated(story.bare_year[0], month, day), "narrative", True
        if self.reference and self.in_present_perfect(mention):
            value = _dated(int(self.reference[:4]), month, day)
            return self.not_after_reference(value, mention), "reference", False
        if story.year_said and story.year_said[1] > story.dated_at and story.dated is not None \
                and int(story.dated.value[:4]) < story.year_said[0]:
            # "Until October 2020. … In the summer of last year my mother fell ill. … I crossed on August
            # 14": the story has moved on to the year counted from the writing.
            value = _dated(story.year_said[0], month, day)
            return self.not_after_reference(value, mention), "narrative", False
        period_year = self.year_after_period(month, mention)
        if period_year is not None and story.dated is not None:
            return _dated(period_year, month, day), "narrative", story.dated.from_text
        if story.dated is not None and story.dated.from_text:
            value = _dated(int(story.dated.value[:4]), month, day)
            return self.moving_forward(value, story.dated.value, mention), "narrative", True
        if self.reference:
            value = _dated(int(self.reference[:4]), month, day)
            return self.not_after_reference(value, mention), "reference", False
        if self.fallback_year is not None:
            return _dated(self.fallback_year, month, day), "narrative", True
        if story.bare_year:
            return _dated(story.bare_year[0], month, day), "narrative", True
        return _UNRESOLVED

    def clause_start(self, mention: Mention) -> int:
        """Where the clause of `mention` begins: after the last comma, colon or bracket of its sentence."""
        start = self.sentence_start(mention.start)
        breaks = [m.end() for m in _CLAUSE_BREAK.finditer(self.text, start, mention.start)]
        return breaks[-1] if breaks else start

    def left_aside(self, mention: Mention) -> bool:
        """ "Ms A, who became a citizen in 2021, has been held since May": the sentence's bare year was
        said in a relative clause that closed before the date, so it is not the date's year."""
        aside = self.story.bare_year_aside
        return aside is not None and _CLAUSE_BREAK.search(self.text, aside, mention.start) is not None

    def in_present_perfect(self, mention: Mention) -> bool:
        """ "has been held since May": the date's clause is a present perfect, told as of the writing,
        so its year comes from the reference date rather than from the story told before."""
        return _PERFECT_SINCE.search(self.text, self.clause_start(mention), mention.start) is not None

    def year_after_period(self, month: int | None, mention: Mention) -> int | None:
        """ "On 17 April 2018 they took me. Fourteen months. I came out on 20 June": the year in which the
        period written just before (in this sentence or the one before) ends, counted from the last date,
        when that lands within a month of the date's month and not after the reference date."""
        story = self.story
        if month is None or story.duration is None or story.dated is None:
            return None
        duration, sentence = story.duration
        if self.sentence_of(mention.start) - sentence > 1:
            return None
        end = shift_date(story.dated.value, duration)
        if self.reference and is_after(end[:7], self.reference):
            return None
        end_year, end_month, _ = parse_date(end)
        if end_month is None or (month - end_month) % 12 not in (0, 1, 11):
            return None
        if end_month == 12 and month == 1:
            return end_year + 1
        if end_month == 1 and month == 12:
            return end_year - 1
        return end_year

    def moving_forward(self, value: str, story_date: str, mention: Mention) -> str:
        """A year-less date earlier in the year than the story's date has moved on to the next year, as
        long as that is not after the reference date ("In September ... On 2 January I left") or the
        sentence speaks of the future ("... have fifteen days, until 23 January, to appeal")."""
        if self.reference and is_after(story_date, value):
            year, month, day = parse_date(value)
            later = _dated(year + 1, month, day)
            if not is_after(later, self.reference) or self.speaks_of_future(mention):
                return later
        return value

    def day_of_month(self, mention: Mention) -> _Resolution:
        base = self.base_for("day")
        if base is None or mention.day is None or precision_of(base.value) == "year":
            return _UNRESOLVED
        year, month, base_day = parse_date(base.value)
        if month is None:
            return _UNRESOLVED
        if base_day is not None and mention.day < base_day:
            year, month = (year + 1, 1) if month == 12 else (year, month + 1)
        if not valid_date(year, month, mention.day):
            return _UNRESOLVED
        return format_date(year, month, mention.day), "narrative", base.from_text

    def narrative_month(self, mention: Mention) -> _Resolution:
        base = self.story.previous
        if base is None:
            return _UNRESOLVED
        return (
            _dated(int(base.value[:4]) + mention.shift, mention.month, mention.day),
            "narrative",
            base.from_text,
        )

    def reference_month(self, mention: Mention) -> _Resolution:
        if not self.reference or mention.month is None:
            return _UNRESOLVED
        ref_year, ref_month, _ = parse_date(self.reference)
        if mention.unit == "year":
            year: int | None = ref_year + mention.shift
        else:
            year = _nearest_year(mention.month, mention.shift, ref_year, ref_month)
        if year is None:
            return _UNRESOLVED
        return _dated(year, mention.month, mention.day), "reference", False

    def reference_season(self, mention: Mention) -> _Resolution:
        if not self.reference or mention.season_month is None:
            return _UNRESOLVED
        ref_year, ref_month, _ = parse_date(self.reference)
        if mention.shift == -1 and ref_month is not None:
            year: int | None = ref_year if mention.season_month + 2 < ref_month else ref_year - 1
        else:
            year = _nearest_year(mention.season_month, mention.shift, ref_year, ref_month)
        return (format_date(year), "reference", False) if year is not None else _UNRESOLVED

    def reference_unit(self, mention: Mention) -> _Resolution:
        if not self.reference or mention.unit is None:
            return _UNRESOLVED
        return _counted(self.reference, mention.unit, mention.shift), "reference", False

    def narrative_unit(self, mention: Mention) -> _Resolution:
        base = self.base_for(mention.unit or "day")
        if base is None or mention.unit is None:
            return _UNRESOLVED
        return _counted(base.value, mention.unit, mention.shift), "narrative", base.from_text

    def offset(self, mention: Mention) -> _Resolution:
        if mention.duration is None or mention.has_object:
            return _UNRESOLVED  # counted from an event: settled by `anchor_to_sentence` or left open
        if mention.relation == "ago":
            if self.reference is None:
                return _UNRESOLVED
            base = _Dated(self.reference, from_text=False)
        else:
            found = self.base_for(mention.duration.finest_unit)
            if found is None:
                return _UNRESOLVED
            base = found
        anchor = "reference" if mention.relation == "ago" else "narrative"
        return _moved(base.value, mention.duration, mention.relation == "later"), anchor, base.from_text

    def weekday(self, mention: Mention) -> _Resolution:
        if not self.reference or precision_of(self.reference) != "day" or mention.weekday is None:
            return _UNRESOLVED
        if _INDEFINITE_WEEKDAY.search(self.text, max(0, mention.start - 8), mention.start):
            return _UNRESOLVED
        if mention.shift > 0 or (mention.shift == 0 and self.speaks_of_future(mention)):
            value = next_weekday(self.reference, mention.weekday, strictly=mention.shift > 0)
        else:
            value = last_weekday(self.reference, mention.weekday, strictly=mention.shift < 0)
        return value, "reference", False

    def resolve_date(self, mention: Mention) -> _Resolution:
        handler = self.handlers.get(mention.form)
        return handler(mention) if handler else _UNRESOLVED

    def remember(self, mention: Mention, value: str, from_text: bool) -> None:
        story = self.story
        dated = _Dated(value, from_text)
        story.previous = dated
        if not (mention.form is Form.ABSOLUTE and mention.month is None):
            story.previous_event = dated
        if len(value) >= 7:
            story.dated = dated
            story.dated_at = mention.start
        else:
            if not from_text and mention.form in (Form.REFERENCE_SEASON, Form.REFERENCE_UNIT):
                story.year_said = (int(value), mention.start)
            story.bare_year = (int(value), self.sentence_of(mention.start))
            story.bare_year_aside = mention.end if self.in_relative_clause(mention) else None
        story.duration = None

    def in_relative_clause(self, mention: Mention) -> bool:
        """ "who became a citizen in 2021": a relative pronoun opens the date's clause."""
        return _RELATIVE_OPENING.search(self.text, self.clause_start(mention), mention.start) is not None

    def expression(self, mention: Mention) -> TimeExpression:
        span = self.text[mention.start : mention.end]
        if mention.form in (Form.DURATION, Form.SET):
            if mention.form is Form.DURATION and mention.duration is not None and not mention.is_upper_bound:
                self.story.duration = (mention.duration, self.sentence_of(mention.start))
            kind = TimeKind.DURATION if mention.form is Form.DURATION else TimeKind.SET
            return TimeExpression(
                mention.start,
                mention.end,
                span,
                kind,
                None,
                duration=mention.duration,
                is_approximate=mention.is_approximate,
                is_upper_bound=mention.is_upper_bound,
                unit=mention.unit if mention.form is Form.DURATION and mention.duration is None else None,
            )
        value, anchor, from_text = self.resolve_date(mention)
        is_birth = lex.BIRTH_BEFORE.search(self.text, max(0, mention.start - 25), mention.start) is not None
        # "My hearing is on 24 February. In December the police gave me a paper …": a date the writing
        # looks forward to is not where the story has got to, so it does not carry the next dates along
        ahead = self.reference is not None and value is not None and is_after(value, self.reference)
        if value is not None and not is_birth and not ahead:
            self.remember(mention, value, from_text)
        relation = None
        if mention.form is Form.OFFSET:
            relation = "after" if mention.relation in ("later", "after") else "before"
        return TimeExpression(
            mention.start,
            mention.end,
            span,
            TimeKind.DATE,
            value,
            duration=mention.duration,
            boundary=mention.boundary,
            is_approximate=mention.is_approximate,
            anchor=anchor,
            relation=relation,
            is_birth=is_birth,
        )

    def anchor_to_sentence(self, expressions: list[TimeExpression], mentions: list[Mention]) -> None:
        """ "Five days after Putin declared ... on Sept. 21": count from the date later in the clause.

        Else, "... on 22 December, sixteen months after she crossed the border": the date just before
        dates the main clause, so what follows "after" happened sixteen months before it.
        """
        for i, mention in enumerate(mentions):
            if mention.form is not Form.OFFSET or not mention.has_object or mention.duration is None:
                continue
            for target in expressions[i + 1 :]:
                between = self.text[mention.end : target.start]
                if _CLAUSE_BREAK.search(between) or self.sentence_of(target.start) != self.sentence_of(
                    mention.end
                ):
                    break
                if target.kind is TimeKind.DATE and target.value is not None and target.relation is None:
                    value = _moved(target.value, mention.duration, mention.relation == "after")
                    expressions[i] = replace(expressions[i], value=value, anchor="sentence")
                    break
            if expressions[i].anchor is None and i > 0:
                before = expressions[i - 1]
                line_start = self.text.rfind("\n", 0, before.start) + 1
                if (before.kind is TimeKind.DATE and before.value is not None and before.relation is None
                        and _JUST_BEFORE.fullmatch(self.text, before.end, mention.start)
                        and not _DATELINE_LEAD.fullmatch(self.text, line_start, before.start)):
                    value = _moved(before.value, mention.duration, mention.relation == "before")
                    expressions[i] = replace(expressions[i], value=value, anchor="preceding")


def _dated(year: int, month: int | None, day: int | None) -> str:
    """`format_date`, with 29 February moved to the 28th in a year that has none."""
    if month == 2 and day == 29 and not valid_date(year, 2, 29):
        day = 28
    return format_date(year, month, day)


def _counted(base: str, unit: str, shift: int) -> str:
    """`base` moved `shift` units, at the coarser of the unit's and the base's precision."""
    precision = coarser(_UNIT_PRECISION[unit], precision_of(base))
    moved = shift_date(base, _UNIT_STEP[unit], forward=shift > 0) if shift else base
    return truncate(moved, precision)


def _moved(base: str, duration: Duration, forward: bool) -> str:
    """`base` moved by `duration`, known only as precisely as both the base and the duration's unit."""
    return truncate(
        shift_date(base, duration, forward=forward), coarser(duration.finest_unit, precision_of(base))
    )


def _nearest_year(month: int, shift: int, ref_year: int, ref_month: int | None) -> int | None:
    """The year of "last/this/next <month>" said in the reference month; None when that month is unknown."""
    if shift == 0:
        return ref_year
    if ref_month is None:
        return None
    if shift < 0:
        return ref_year if month < ref_month else ref_year - 1
    return ref_year if month > ref_month else ref_year + 1


def resolve(
    text: str, mentions: list[Mention], *, reference: str | None, fallback_year: int | None = None
) -> list[TimeExpression]:
    """Turn the scanned mentions of `text` (in text order) into normalized time expressions.

    Args:
        text: the text the mentions were found in.
        mentions: the output of `timex_scan.scan(text)`.
        reference: the date the text was written (partial ISO), or None.
        fallback_year: a year to give year-less dates when neither the story nor a reference date
            supplies one (used by `infer_reference_date` with the year of a document number).

    Returns:
        One `TimeExpression` per mention, in text order.
    """
    resolver = _Resolver(text, reference, fallback_year)
    expressions = [resolver.expression(m) for m in mentions]
    resolver.anchor_to_sentence(expressions, mentions)
    return expressions
