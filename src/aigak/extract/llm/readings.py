"""What aigak's own rules read in a document: dates, sums of money and ages, by character span.

The model quotes the words that state a date, an amount or an age; the value stored is the one the
rule-based normalizers (`aigak.extract.timex`, `aigak.extract.money`) read at the quoted place, so a
model never supplies a date or a number unchecked. The normalizers run once over the whole
document, because a date such as "two years later" is resolved from the story around it, not from
the quote alone.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

__all__ = ["DateReading", "MoneyReading", "RuleReadings", "age_from_text", "read_document"]


@dataclass(frozen=True, slots=True)
class DateReading:
    """A resolved calendar date found by the time normalizer.

    Attributes:
        start, end: where it is written.
        value: ISO 8601 at the precision the text supports.
        boundary: "start" or "end" when it opens or closes a period, else None.
    """

    start: int
    end: int
    value: str
    boundary: str | None = None


@dataclass(frozen=True, slots=True)
class MoneyReading:
    """A sum of money found by the money normalizer.

    Attributes:
        start, end: where it is written.
        value: the number in units (16.8m is 16800000).
        currency: ISO 4217 code.
    """

    start: int
    end: int
    value: float
    currency: str


@dataclass(frozen=True, slots=True)
class RuleReadings:
    """Every date and amount the rules read in one document."""

    dates: tuple[DateReading, ...] = ()
    amounts: tuple[MoneyReading, ...] = ()

    def dates_within(self, start: int, end: int) -> list[DateReading]:
        """Dates that overlap `[start, end)`, in text order."""
        return [d for d in self.dates if d.start < end and start < d.end]

    def amounts_within(self, start: int, end: int) -> list[MoneyReading]:
        """Amounts that overlap `[start, end)`, in text order."""
        return [a for a in self.amounts if a.start < end and start < a.end]


def read_document(text: str, *, reference_date: str | None = None) -> RuleReadings:
    """Run the rule-based time and money normalizers over a whole document.

    Args:
        text: the document text.
        reference_date: when it was written, which relative dates ("last year") count from.
    """
    from aigak.extract.money import find_amounts
    from aigak.extract.timex import find_time_expressions
    from aigak.extract.timex_types import TimeKind

    dates = tuple(
        DateReading(t.start, t.end, t.value, t.boundary)
        for t in find_time_expressions(text, reference_date=reference_date)
        if t.kind is TimeKind.DATE and t.value)
    amounts = tuple(
        MoneyReading(a.start, a.end, float(a.value), a.currency)
        for a in find_amounts(text) if a.value is not None and a.currency)
    return RuleReadings(dates, amounts)


_AGE_DIGITS = re.compile(
    r"\b(?:aged?\s+|age\s+of\s+)(\d{1,3})\b|\b(\d{1,3})\s*(?:-|\s)?\s*(?:years?|yrs?)(?:\s*-\s*|\s+)old\b"
    r"|\b(\d{1,3})\s*-\s*year\s*-\s*old\b|,\s*(\d{1,3})\s*,", re.IGNORECASE)
_AGE_WORDS = re.compile(
    r"\b(?:aged?\s+|age\s+of\s+)([a-z]+(?:[\s-][a-z]+)?)\b"
    r"|\b([a-z]+(?:-[a-z]+)?)(?:\s*-\s*|\s+)years?(?:\s*-\s*|\s+)old\b", re.IGNORECASE)


def age_from_text(text: str) -> int | None:
    """The age in years stated in a short phrase ("a 34-year-old", "aged thirty-four", "Aman, 34,").

    Returns None when the phrase states no plausible age (0..120).
    """
    match = _AGE_DIGITS.search(text)
    if match:
        age = int(next(g for g in match.groups() if g))
        return age if 0 < age <= 120 else None
    match = _AGE_WORDS.search(text)
    if match:
        words = next(g for g in match.groups() if g)
        spelled = _number_from_words(words)
        return spelled if spelled is not None and 0 < spelled <= 120 else None
    return None


def _number_from_words(words: str) -> int | None:
    from text_to_num import text2num

    try:
        return int(text2num(words.lower().replace(" ", "-"), "en"))
    except ValueError:
        return None
