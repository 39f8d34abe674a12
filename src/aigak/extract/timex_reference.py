"""Work out the date a text was written: from metadata, a dateline, or the latest date it mentions."""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import replace

from aigak.extract import timex_lexicon as lex
from aigak.extract.timex_anchors import anchor_year
from aigak.extract.timex_calendar import truncate
from aigak.extract.timex_mention import Mention
from aigak.extract.timex_resolve import resolve, sentence_breaks
from aigak.extract.timex_scan import scan
from aigak.extract.timex_types import TimeExpression, TimeKind

__all__ = ["infer_reference_date"]

_HEADER_LINES = 8
_HEADER_CHARS = 800
_LABEL_LINE_CHARS = 120
# A label that says the date on its line is when the text was made: "Published: ...", "Filed ...",
# "Recorded in Almaty on ...", "Prepared by A. Bekova on ..." (a lawyer's notes). ("released" and "issued" are left out: in testimony they are events.)
_LABELS = r"(?i:published|posted|updated|edited|filed|recorded|dated|date(?!\s+of\s+(?:birth|arrest|detention|death))|written|broadcast|aired|decided)(?!\w)"
# Up to the date, the label's line may name an author with initials ("Posted by Dinara K. on …").
_LABEL_BEFORE = re.compile(rf"(?<!\w){_LABELS}(?:[^.\n]|(?<=\b[A-Z])\.){{0,40}}$")
# "Prepared by A. Bekova on 20 March 2022": a lawyer's or researcher's notes, only when the line opens
# with it ("the police prepared a case on 3 May" is a story's event).
_NOTE_LABELS = r"(?i:prepared|compiled|drafted)(?!\w)"
_NOTE_LINE = re.compile(rf"\W{{0,3}}{_NOTE_LABELS}")
# Below the header a label must open its line: "Filed 8 October 2019 07:42 GMT", "Published: ...".
# A line about the text itself may lead up to the label: "This page was last edited on 3 August 2024",
# "The article was published on 20 December 2020."
_LABEL_LINE = re.compile(rf"\W{{0,3}}(?i:(?:this|the)\s+(?:page|article|story|report|text|piece|interview|transcript)"
                         rf"\s+was\s+(?:(?:last|first|originally)\s+)?)?(?:{_LABELS}|{_NOTE_LABELS})")
# A dateline's lead (after an outlet name and a dash or bar) has no lower-case letters ("ALMATY, ",
# "COURTS | ", "URGENT ACTION — UA 31/21 — ") or is a short place name and a comma ("Almaty, ").
_CAPITAL_LEAD = re.compile(r"[^a-zа-яё]{0,60}")
_LEAD_SEPARATOR = re.compile(r"\s[—–|·•/-]\s")
# A clock time after a stamp's date: "10:42", "9:41 AM", "06.00 BST".
_CLOCK = r"(?:,?\s*\d{1,2}[:.]\d{2}(?:\s*(?:[AP]M|[A-Z]{3,4}))?)"
_AGENCY = re.compile(r"\([^)\n]{1,40}\)")
_PLACE_LEAD = re.compile(r"\s*[A-Z][\w'’.\- ]{0,30},\s*")
# After it: a dash or bar that opens the story (an agency in brackets may come first), a full stop
# ("Bishkek, 27 April 2022. The court …"), or nothing more.
_DATELINE_TAIL = re.compile(rf"\s*(?:\([^)\n]{{1,40}}\)\s*)?{_CLOCK}?\s*(?:[—–|·•/-]|$)")
# Before a full stop only a bare place name may lead: "Bishkek, 27 April 2022. The court …" (not "He was
# held in Ghulja, 5 May 2018. …").
_PLACE_ONLY_LEAD = re.compile(r"\s*(?:[A-Z][\w'’\-]*\s?){1,3},\s*")
_STOP_TAIL = re.compile(r"\s*\.(?:\s|$)")
# A news site's stamp line opens with the date, then perhaps a clock time, then nothing or more
# metadata after a separator: "14.09.2021 15:27 · Views: 4 812", "12 March 2021 | 09:40".
_STAMP_TAIL = re.compile(rf"\s*{_CLOCK}?\s*(?:$|[·•|/—–-])")
# A stamp may open with the weekday or say what came out that day: "Tue 8 Oct 2019 06.00 BST",
# "Released 6 June 2024 | Transcript" (in the header only; in testimony "released" is an event).
_STAMP_LEAD = re.compile(r"\W{0,3}(?:(?i:released|issued|aired|first\s+aired)\s+(?:on\s+)?)?"
                         r"(?:(?i:mon|tue|wed|thu|fri|sat|sun)[a-z]*\.?,?\s+)?")
# A title or byline line that ends with the day it was held or written: "Press conference, …, Almaty,
# 22 June 2023", "Almaty City Court, judicial panel for criminal cases, 14 July 2022", "Peter Kolbe Mar 15, 2022".
_TITLE_DATE_LEAD = re.compile(r"(?:.*,\s*|(?:[A-Z][\w'’.\-]*\s+){1,4})$")
# Words that make a date background to the story rather than part of it: a marriage, a birth, years
# of study or work. A text is not dated by them ("They married in 1997" says nothing of when it was
# written), so they never become the reference date.
_BACKGROUND = re.compile(
    r"(?<!\w)(?i:married|marry|marriage|wed|wedding|born|birth|graduated|graduating|studied|studying|"
    r"founded|established|grew\s+up|emigrated|settled|relocated|retired|joined|lived|lives|living|"
    r"worked|works|working|served|bought|built|childhood)(?!\w)"
)
# Where the clause around a date ends: a comma, a semicolon, "and", "but", a dash.
_CLAUSE_EDGE = re.compile(r"[,;:()]|\s[—–-]\s|(?<!\w)(?:and|but|while|when|after|before|then)(?!\w)")
_SIGNATURE_LINE = re.compile(r"\s*[—–-]{1,2}\s*[A-ZА-ЯЁ]")
_DOCUMENT_NUMBER_YEAR = re.compile(
    r"(?<![\w./])(?:[A-Z]{2,6}\s+)?\d{1,6}(?:/\d{1,6})+/(?P<y>(?:19|20)\d{2})(?![\w/])"
)


def _dates(text: str, fallback_year: int | None = None, mentions: Sequence[Mention] | None = None
           ) -> list[TimeExpression]:
    """The DATE expressions of `text` resolved without a reference date (scanned unless `mentions` are given)."""
    found = scan(text) if mentions is None else list(mentions)
    expressions = resolve(text, found, reference=None, fallback_year=fallback_year)
    return [e for e in expressions if e.kind is TimeKind.DATE]


def _within(mentions: Sequence[Mention], start: int, end: int) -> list[Mention]:
    """The mentions lying inside `[start, end)`, moved to offsets relative to `start`."""
    return [replace(m, start=m.start - start, end=m.end - start) for m in mentions
            if start <= m.start and m.end <= end]


def _clause_around(text: str, start: int, end: int) -> str:
    """The words of the clause a date stands in ("They got married in 1997", "In 1997 she married")."""
    sentence_start = max(text.rfind("\n", 0, start), *(m.end() for m in lex.SENTENCE_BREAK.finditer(
        text, max(0, start - 200), start)), 0) if start else 0
    before = text[sentence_start:start]
    edges = list(_CLAUSE_EDGE.finditer(before))
    before = before[edges[-1].end():] if edges else before
    after = text[end:end + 120]
    stop = re.search(r"[.!?\n]", after)
    after = after[: stop.start()] if stop else after
    edge = _CLAUSE_EDGE.search(after)
    return before + " " + (after[: edge.start()] if edge else after)


def _is_background(text: str, expression: TimeExpression) -> bool:
    """A date of a marriage, a birth, years of study, work or residence: no sign of when the text was written."""
    return bool(_BACKGROUND.search(_clause_around(text, expression.start, expression.end)))


def _speaks_of_future(text: str, expression: TimeExpression) -> bool:
    """A date the text looks forward to (a hearing set for it, a deadline): it is after the writing."""
    start = max(text.rfind("\n", 0, expression.start) + 1, expression.start - 120)
    return lex.FUTURE_TENSE.search(text, start, expression.start) is not None or bool(
        lex.FUTURE_BEFORE_DATE.search(text, max(0, expression.start - 30), expression.start))


def _is_written_year(expression: TimeExpression) -> bool:
    return expression.value is not None and expression.anchor is None


def _dateline_date(line: str, *, fallback_year: int | None = None, mentions: Sequence[Mention] | None = None
                   ) -> tuple[TimeExpression, bool] | None:
    """The first date on a dateline or labelled line, and whether a label introduces it.

    "ALMATY, 12 March 2021 —", "COURTS | 22.02.2023 | Zhetisu region", "Filed 8 October 2019 07:42 GMT".
    """
    for date in _dates(line, fallback_year, mentions):
        # Each date of the line in turn: "November 2020 issue · Published online 2 November 2020".
        found = _dateline_verdict(line, date)
        if found is not None:
            return date, found
    return None


def _dateline_verdict(line: str, date: TimeExpression) -> bool | None:
    """Whether `date` on `line` dates the text (True when a label introduces it, False when it is a
    dateline or stamp), or None when it is a date of the story."""
    lead, tail = line[: date.start], line[date.end :]
    if _LABEL_BEFORE.search(lead):
        return True
    # "Steppe Herald — ZHARKENT, ", "ASTANA (Wire) ": the part after an outlet name, without an agency.
    last_part = _AGENCY.sub("", _LEAD_SEPARATOR.split(lead)[-1])
    if (_CAPITAL_LEAD.fullmatch(last_part) or _PLACE_LEAD.fullmatch(last_part)) and _DATELINE_TAIL.match(
        tail
    ):
        return False
    if _PLACE_ONLY_LEAD.fullmatch(lead) and _STOP_TAIL.match(tail):
        return False
    if _STAMP_LEAD.fullmatch(lead) and _STAMP_TAIL.match(tail):
        return False
    is_day = date.value is not None and len(date.value) == 10
    if is_day and _TITLE_DATE_LEAD.fullmatch(lead) and re.fullmatch(rf"{_CLOCK}?\s*", tail):
        return False
    return None


def _header_lines(text: str, body_start: int) -> list[tuple[int, str]]:
    """The first non-empty lines at the top of the body (and the title block before it, if short), with offsets."""
    start = 0 if body_start < _HEADER_CHARS else body_start
    stop = body_start + _HEADER_CHARS
    lines = [(m.start(), m.group()) for m in re.finditer(r"[^\n]+", text[:stop]) if m.start() >= start
             and m.group().strip()]
    return lines[:_HEADER_LINES]


def _line_date(text: str, offset: int, line: str, mentions: Sequence[Mention], *,
               fallback_year: int | None = None) -> tuple[TimeExpression, bool] | None:
    return _dateline_date(line, fallback_year=fallback_year, mentions=_within(mentions, offset, offset + len(line)))


def _full_date(found: tuple[TimeExpression, bool] | None) -> str | None:
    """The value of a dateline date that names its year and at least its month."""
    if found is None or not _is_written_year(found[0]) or found[0].value is None or len(found[0].value) < 7:
        return None
    return found[0].value


def _labelled_date(text: str, mentions: Sequence[Mention]) -> str | None:
    """A date on a short labelled line anywhere in the text ("Published: 10 December 2019")."""
    for m in re.finditer(r"[^\n]+", text):
        line = m.group()
        if len(line) <= _LABEL_LINE_CHARS and _LABEL_LINE.match(line):
            found = _line_date(text, m.start(), line, mentions)
            if found is not None and found[1] and _full_date(found):
                return _full_date(found)
            if _NOTE_LINE.match(line):
                # "Prepared by Aizhan Bekova on 20 March 2022": the line's one full date
                dates = [(e, True) for e in _dates(line, mentions=_within(mentions, m.start(), m.end()))]
                written = [_full_date(d) for d in dates if _full_date(d)]
                if len(written) == 1:
                    return written[0]
    return None


def _signature_date(text: str, mentions: Sequence[Mention]) -> str | None:
    """The date closing a signed account: "— Zhanar B., 52, Shymkent, March 2020" on the last line."""
    last = None
    for m in re.finditer(r"[^\n]+", text):
        if m.group().strip():
            last = m
    if last is None or not _SIGNATURE_LINE.match(last.group()):
        return None
    dates = [e for e in _dates(last.group(), mentions=_within(mentions, last.start(), last.end()))
             if _is_written_year(e) and e.value is not None and len(e.value) >= 7 and not e.is_birth]
    return dates[-1].value if dates else None


def _document_number_year(segment: str) -> int | None:
    """The latest year closing a document number such as "EUR 57/0894/2019" (not a numeric date)."""
    years = [
        int(match["y"])
        for match in _DOCUMENT_NUMBER_YEAR.finditer(segment)
        if any(len(part) >= 3 for part in re.findall(r"\d+", match[0])[:-1])
    ]
    return max(years) if years else None


def infer_reference_date(
    text: str,
    *,
    published: str | None = None,
    body: tuple[int, int] | None = None,
    mentions: Sequence[Mention] | None = None,
) -> str | None:
    """The date the text was written, as far as it can tell, as a partial ISO date.

    In order:

    1. the `published` metadata, at its own precision;
    2. a dateline or labelled date at the top ("ALMATY, 12 March 2021 —", "COURTS | 22.02.2023 |",
       "Recorded in Almaty on 3 February 2020"), at its precision;
    3. a short labelled line anywhere ("Filed 8 October 2019 07:42 GMT", "Published: ..."), or the
       date on the line that signs an account ("— Zhanar B., 52, Shymkent, March 2020");
    4. a dateline without a year ("BISHKEK, Oct 8 (CAW) -") in the latest year the text writes out;
    5. the latest date the body mentions, cut to the month: a text is written on or after the last
       thing it reports, not necessarily that day. Dates without a year take it from the story
       before them, or from the year of a document number ("EUR 57/0894/2019") or of such an event. Background dates
       (a marriage, a birth, years of study, work or residence: "They married in 1997") and dates
       the text looks forward to ("the hearing is set for 21 June") do not count: a text whose
       only dates are such gets no reference date rather than a wrong one;
    6. the year of a document number, or of a well-known event the text dates by its day alone
       ("Putin declared a partial mobilization on Sept. 21": 2022, see `timex_anchors`); else None.

    Args:
        text: the whole document text.
        published: publication date from metadata in any form `find_time_expressions` reads
            ("2019-12-10", "2019-12-10T08:00:00Z", "10 December 2019"); ignored when it names no date.
        body: (start, end) of the article body in `text`; boilerplate outside it (related links,
            menus) is not read for step 5. The whole text when None.
        mentions: the output of `timex_scan.scan(text)` when the caller has it already (the
            extractor scans each text once); scanned here otherwise.

    Returns:
        `YYYY`, `YYYY-MM` or `YYYY-MM-DD`, or None when nothing in the text dates it.
    """
    if published:
        for expression in _dates(published):
            if _is_written_year(expression) and expression.value is not None:
                return expression.value
    start, end = body if body is not None else (0, len(text))
    mentions = scan(text) if mentions is None else mentions
    header = _header_lines(text, start)
    header_dates = [_line_date(text, offset, line, mentions) for offset, line in header]
    for found in header_dates:
        value = _full_date(found)
        if value is not None:
            return value
    labelled = _labelled_date(text, mentions) or _signature_date(text, mentions)
    if labelled is not None:
        return labelled
    if any(found is not None for found in header_dates):
        written_years = [
            int(e.value[:4]) for e in _dates(text, mentions=mentions) if _is_written_year(e) and e.value is not None
        ]
        for offset, line in header if written_years else ():
            found = _line_date(text, offset, line, mentions, fallback_year=max(written_years))
            if found is not None and found[0].value is not None and len(found[0].value) == 10:
                return found[0].value
    document_year = _document_number_year(text[start:end])
    in_body = [m for m in mentions if start <= m.start and m.end <= end]
    if document_year is None:
        document_year = anchor_year(text, in_body, sentence_breaks(text))
    dated = [
        expression
        for expression in resolve(text, in_body, reference=None, fallback_year=document_year)
        if expression.kind is TimeKind.DATE and expression.value is not None
    ]
    values = [e.value for e in dated if e.value and not e.is_birth and not _is_background(text, e)
              and not _speaks_of_future(text, e)]
    if values:
        return truncate(max(values), "month")
    return str(document_year) if document_year is not None else None
