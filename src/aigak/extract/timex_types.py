"""Records of the time-expression normalizer: what was found in a text and what it resolved to."""

from __future__ import annotations

import enum
from dataclasses import dataclass

__all__ = ["Duration", "TimeExpression", "TimeKind"]


class TimeKind(enum.StrEnum):
    """What a time expression denotes: a calendar date or period, a length of time, or a repetition."""

    DATE = "date"
    DURATION = "duration"
    SET = "set"


@dataclass(frozen=True, slots=True)
class Duration:
    """A length of time in calendar units, kept apart so that month arithmetic stays exact.

    Weeks are stored as days (a week is always seven days); minutes are not kept because no
    event date in a testimony depends on them.

    Attributes:
        years: whole years.
        months: whole months.
        days: whole days.
        hours: whole hours.
    """

    years: int = 0
    months: int = 0
    days: int = 0
    hours: int = 0

    def __add__(self, other: Duration) -> Duration:
        return Duration(
            years=self.years + other.years,
            months=self.months + other.months,
            days=self.days + other.days,
            hours=self.hours + other.hours,
        )

    @property
    def iso(self) -> str:
        """The ISO 8601 duration, e.g. `P4Y8M`, `PT24H`; `P0D` for an empty duration."""
        date_part = "".join(
            f"{n}{u}" for n, u in ((self.years, "Y"), (self.months, "M"), (self.days, "D")) if n
        )
        time_part = f"T{self.hours}H" if self.hours else ""
        return f"P{date_part}{time_part}" if date_part or time_part else "P0D"

    @property
    def finest_unit(self) -> str:
        """The smallest unit the duration names: `"day"` (days or hours), `"month"` or `"year"`.

        A date reached by counting "two years" from a day is only known to the year, so relative dates
        are resolved at the coarser of this unit and the precision of the date they count from.
        """
        if self.days or self.hours:
            return "day"
        if self.months:
            return "month"
        return "year"


@dataclass(frozen=True, slots=True)
class TimeExpression:
    """One time expression found in a text, located by character offsets and normalized.

    Attributes:
        start: offset of the first character in the text.
        end: offset just past the last character (end exclusive); `text == source[start:end]`.
        text: the expression as written, without a leading preposition ("in", "on", "for", "since")
            but with modifiers that change its meaning ("about", "the end of", "up to").
        kind: DATE, DURATION or SET.
        value: for a DATE, the ISO 8601 date at the precision the text supports (`2019`, `2019-10`,
            `2019-10-06`), or None when it cannot be resolved (no year known, a decade, a date counted
            from an event whose date is not given). Always None for DURATION and SET.
        duration: for a DURATION, its length; for a SET, the period ("every week" is 7 days); for a
            DATE counted from another time ("two days later"), the offset.
        boundary: `"start"` when the date opens a period ("since 10 March", "from 2016"), `"end"`
            when it closes one ("until May", "by 2020"), else None.
        is_approximate: the text hedges or widens the time ("about", "around", "the early 2000s",
            "at the end of August").
        anchor: for a DATE whose value depends on another time, what it was resolved against:
            `"reference"` (the date the text was written), `"narrative"` (the story's current date:
            an earlier date or year in the text), `"sentence"` (a date later in the same sentence,
            "five days after ... on Sept. 21") or `"preceding"` (the date just before it, "on 22
            December, sixteen months after she fled": the flight's date); None for a date complete in itself.
        relation: for a DATE counted from another time, whether it lies `"after"` it ("later", "after",
            "next") or `"before"` it ("ago", "earlier", "before"); else None.
        is_upper_bound: the duration is a maximum ("up to seven years"), typically a penalty.
        unit: for a DURATION whose count the text leaves open ("several months", "for years"), the
            unit it is counted in ("month", "year", "week", "day", "hour"); its `duration` is None.
        is_birth: the DATE is when someone was born ("born 14 March 1990", "b. 1961"): it is never the
            date of an event the text tells nor the story's current date.
    """

    start: int
    end: int
    text: str
    kind: TimeKind
    value: str | None
    duration: Duration | None = None
    boundary: str | None = None
    is_approximate: bool = False
    anchor: str | None = None
    relation: str | None = None
    is_upper_bound: bool = False
    unit: str | None = None
    is_birth: bool = False

    @property
    def precision(self) -> str | None:
        """`"year"`, `"month"` or `"day"` for a resolved DATE, read from the shape of `value`; else None."""
        if self.kind is not TimeKind.DATE or self.value is None:
            return None
        return {4: "year", 7: "month", 10: "day"}.get(len(self.value))
