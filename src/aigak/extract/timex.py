"""Time expressions in English text, normalized to ISO 8601 at the precision the text supports.

General-purpose date parsers invent what the text does not say: "March 2013" becomes 2013-03-01,
"$44" becomes 1944, "On 1 October" lands in the future. This normalizer keeps the precision of the
text ("2013-03"), refuses numbers that are not dates (amounts, counts, ages, times of day, document
numbers), and resolves partial and relative dates against the story told so far and the date the
text was written. It is pure (no I/O) and its patterns are compiled once.

Typical use::

    reference = infer_reference_date(text, published=metadata_date, body=body_span)
    for expression in find_time_expressions(text, reference_date=reference):
        ...
    narrative_date_at(expressions, event_offset)  # the story's current date at an event
"""

from __future__ import annotations

from collections.abc import Sequence

from aigak.extract.timex_calendar import parse_date, shift_date
from aigak.extract.timex_reference import infer_reference_date
from aigak.extract.timex_resolve import resolve
from aigak.extract.timex_scan import scan
from aigak.extract.timex_types import Duration, TimeExpression, TimeKind

__all__ = [
    "Duration",
    "TimeExpression",
    "TimeKind",
    "find_time_expressions",
    "infer_reference_date",
    "narrative_date_at",
    "shift_date",
]


def find_time_expressions(text: str, *, reference_date: str | None = None) -> list[TimeExpression]:
    """Every date, duration and repetition written in `text`, located and normalized, in text order.

    Dates keep the precision of the text: "in March 2013" is `2013-03`, "in 2016" is `2016`,
    "on 6 October 2019" is `2019-10-06`. A date without a year takes it from the story before it
    (the year of the last date known to the month, or a year named earlier in the same sentence),
    else from `reference_date`, never landing after the reference unless the sentence speaks of the
    future. Relative dates count from the last resolved date ("two days later", "the next year"),
    from the reference ("seven years ago", "last year", "on Monday") or from a date later in the
    same clause ("five days after ... on Sept. 21"); their precision is the coarser of the base
    date's and the unit's ("two years later" than 2019-10-06 is `2021`).

    Args:
        text: the text to read.
        reference_date: when the text was written (`YYYY`, `YYYY-MM` or `YYYY-MM-DD`), e.g. from
            `infer_reference_date`; relative dates that need it stay unresolved without it.

    Returns:
        Non-overlapping expressions sorted by `start`.

    Raises:
        ValueError: `reference_date` is not a partial ISO date.
    """
    if reference_date is not None:
        parse_date(reference_date)
    return resolve(text, scan(text), reference=reference_date)


def narrative_date_at(expressions: Sequence[TimeExpression], position: int) -> str | None:
    """The story's current date at `position`: the last resolved DATE value that ends before it (dates of
    birth do not count).

    An event sentence without a date of its own ("Then they made us pay a fine") happened at the
    time the story had reached.

    Args:
        expressions: the output of `find_time_expressions` for the same text.
        position: a character offset in that text.

    Returns:
        The value of the resolved DATE with the greatest `end` not after `position`, or None.
    """
    latest: TimeExpression | None = None
    for expression in expressions:
        is_candidate = (
            expression.kind is TimeKind.DATE
            and expression.value is not None
            and expression.end <= position
            and not expression.is_birth
        )
        if is_candidate and (latest is None or expression.end >= latest.end):
            latest = expression
    return latest.value if latest is not None else None
