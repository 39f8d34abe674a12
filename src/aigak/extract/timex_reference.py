"""Work out the date a text was written: from metadata, a dateline, or the latest date it mentions."""

from __future__ import annotations

import re

from aigak.extract.timex_calendar import truncate
from aigak.extract.timex_resolve import resolve
from aigak.extract.timex_scan import scan
from aigak.extract.timex_types import TimeExpression, TimeKind

__all__ = ["infer_reference_date"]

_HEADER_LINES = 8
_HEADER_CHARS = 800
_LABEL_LINE_CHARS = 120
# A label that says the date on its line is when the text was made: "Published: ...", "Filed ...",
# "Recorded in Almaty on ...". ("released" and "issued" are left out: in testimony they are events.)
_LABELS = r"(?i:published|posted|updated|filed|recorded|dated|date|written)(?!\w)"
_LABEL_BEFORE = re.compile(rf"(?<!\w){_LABELS}[^.\n]{{0,40}}$")
# Below the header a label must open its line: "Filed 8 October 2019 07:42 GMT", "Published: ...".
_LABEL_LINE = re.compile(rf"\W{{0,3}}{_LABELS}")
# A dateline's lead (after an outlet name and a dash or bar) has no lower-case letters ("ALMATY, ",
# "COURTS | ", "URGENT ACTION — UA 31/21 — ") or is a short place name and a comma ("Almaty, ").
_CAPITAL_LEAD = re.compile(r"[^a-zа-яё]{0,60}")
_LEAD_SEPARATOR = re.compile(r"\s[—–|]\s")
_AGENCY = re.compile(r"\([^)\n]{1,40}\)")
_PLACE_LEAD = re.compile(r"\s*[A-Z][\w'’.\- ]{0,30},\s*")
# After it: a dash or bar that opens the story (an agency in brackets may come first), or nothing more.
_DATELINE_TAIL = re.compile(r"\s*(?:\([^)\n]{1,40}\)\s*)?(?:[—–|-]|$)")
_DOCUMENT_NUMBER_YEAR = re.compile(
    r"(?<![\w./])(?:[A-Z]{2,6}\s+)?\d{1,6}(?:/\d{1,6})+/(?P<y>(?:19|20)\d{2})(?![\w/])"
)


def _dates(text: str, fallback_year: int | None = None) -> list[TimeExpression]:
    """The DATE expressions of `text` resolved without a reference date."""
    expressions = resolve(text, scan(text), reference=None, fallback_year=fallback_year)
    return [e for e in expressions if e.kind is TimeKind.DATE]


def _is_written_year(expression: TimeExpression) -> bool:
    return expression.value is not None and expression.anchor is None


def _dateline_date(line: str, *, fallback_year: int | None = None) -> tuple[TimeExpression, bool] | None:
    """The first date on a dateline or labelled line, and whether a label introduces it.

    "ALMATY, 12 March 2021 —", "COURTS | 22.02.2023 | Zhetisu region", "Filed 8 October 2019 07:42 GMT".
    """
    dates = _dates(line, fallback_year)
    if not dates:
        return None
    first = dates[0]
    lead, tail = line[: first.start], line[first.end :]
    if _LABEL_BEFORE.search(lead):
        return first, True
    # "Steppe Herald — ZHARKENT, ", "ASTANA (Wire) ": the part after an outlet name, without an agency.
    last_part = _AGENCY.sub("", _LEAD_SEPARATOR.split(lead)[-1])
    if (_CAPITAL_LEAD.fullmatch(last_part) or _PLACE_LEAD.fullmatch(last_part)) and _DATELINE_TAIL.match(
        tail
    ):
        return first, False
    return None


def _header_lines(text: str, body_start: int) -> list[str]:
    """The first non-empty lines at the top of the body (and the title block before it, if short)."""
    start = 0 if body_start < _HEADER_CHARS else body_start
    lines = [line for line in text[start : body_start + _HEADER_CHARS].splitlines() if line.strip()]
    return lines[:_HEADER_LINES]


def _full_date(found: tuple[TimeExpression, bool] | None) -> str | None:
    """The value of a dateline date that names its year and at least its month."""
    if found is None or not _is_written_year(found[0]) or found[0].value is None or len(found[0].value) < 7:
        return None
    return found[0].value


def _labelled_date(text: str) -> str | None:
    """A date on a short labelled line anywhere in the text ("Published: 10 December 2019")."""
    for line in text.splitlines():
        if len(line) <= _LABEL_LINE_CHARS and _LABEL_LINE.match(line):
            found = _dateline_date(line)
            if found is not None and found[1] and _full_date(found):
                return _full_date(found)
    return None


def _document_number_year(segment: str) -> int | None:
    """The latest year closing a document number such as "EUR 57/0894/2019" (not a numeric date)."""
    years = [
        int(match["y"])
        for match in _DOCUMENT_NUMBER_YEAR.finditer(segment)
        if any(len(part) >= 3 for part in re.findall(r"\d+", match[0])[:-1])
    ]
    return max(years) if years else None


def infer_reference_date(
    text: str, *, published: str | None = None, body: tuple[int, int] | None = None
) -> str | None:
    """The date the text was written, as far as it can tell, as a partial ISO date.

    In order:

    1. the `published` metadata, at its own precision;
    2. a dateline or labelled date at the top ("ALMATY, 12 March 2021 —", "COURTS | 22.02.2023 |",
       "Recorded in Almaty on 3 February 2020"), at its precision;
    3. a short labelled line anywhere ("Filed 8 October 2019 07:42 GMT", "Published: ...");
    4. a dateline without a year ("BISHKEK, Oct 8 (CAW) -") in the latest year the text writes out;
    5. the latest date the body mentions, cut to the month: a text is written on or after the last
       thing it reports, not necessarily that day. Dates without a year take it from the story
       before them, or from the year of a document number ("EUR 57/0894/2019");
    6. the year of a document number; else None.

    Args:
        text: the whole document text.
        published: publication date from metadata in any form `find_time_expressions` reads
            ("2019-12-10", "2019-12-10T08:00:00Z", "10 December 2019"); ignored when it names no date.
        body: (start, end) of the article body in `text`; boilerplate outside it (related links,
            menus) is not read for step 5. The whole text when None.

    Returns:
        `YYYY`, `YYYY-MM` or `YYYY-MM-DD`, or None when nothing in the text dates it.
    """
    if published:
        for expression in _dates(published):
            if _is_written_year(expression) and expression.value is not None:
                return expression.value
    start, end = body if body is not None else (0, len(text))
    header = _header_lines(text, start)
    for line in header:
        value = _full_date(_dateline_date(line))
        if value is not None:
            return value
    labelled = _labelled_date(text)
    if labelled is not None:
        return labelled
    if any(_dateline_date(line) is not None for line in header):
        written_years = [
            int(e.value[:4]) for e in _dates(text) if _is_written_year(e) and e.value is not None
        ]
        for line in header if written_years else ():
            found = _dateline_date(line, fallback_year=max(written_years))
            if found is not None and found[0].value is not None and len(found[0].value) == 10:
                return found[0].value
    segment = text[start:end]
    document_year = _document_number_year(segment)
    values = [
        expression.value
        for expression in resolve(segment, scan(segment), reference=None, fallback_year=document_year)
        if expression.kind is TimeKind.DATE and expression.value is not None
    ]
    if values:
        return truncate(max(values), "month")
    return str(document_year) if document_year is not None else None
