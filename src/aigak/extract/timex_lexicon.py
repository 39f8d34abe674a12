"""Word lists and compiled patterns for English time expressions, shared by the scanner and the resolver.

Month and weekday names are matched case-sensitively (Title or UPPER case) so that "march", "may" and
"august" as ordinary words are not dates; the small words around them ("in", "the end of", "this
year") are matched in any case.
"""

from __future__ import annotations

import re
from collections.abc import Iterable

from text_to_num import text2num

from aigak.extract.timex_types import Duration

__all__ = [
    "APPROX_PREFIX_BEFORE",
    "APPROX_WORDS_BEFORE",
    "BARE_MONTH",
    "BARE_YEAR",
    "BIRTH_BEFORE",
    "BOUNDARY_BEFORE",
    "COMPOSITE_PART",
    "COUNT_NOUNS",
    "DATE_AHEAD",
    "DAY_MONTH",
    "DAY_ONLY",
    "DECADE",
    "DURATION",
    "DURATION_MODIFIER_BEFORE",
    "FUNCTION_WORDS_AFTER_YEAR",
    "FUTURE_BEFORE_DATE",
    "FUTURE_MARKERS",
    "FUTURE_TENSE",
    "ISO_DATE",
    "MONTH_DAY",
    "MONTH_FIRST_DATE",
    "MONTH_WHICH",
    "MONTH_YEAR",
    "NARRATIVE_UNIT",
    "NUMERIC_DATE",
    "NUMERIC_MONTH_YEAR",
    "OFFSET_THE",
    "REFERENCE_UNIT",
    "SEASON",
    "SEASON_MONTHS",
    "SEASON_WHICH",
    "SENTENCE_BREAK",
    "SET_EVERY",
    "SET_TIMES",
    "SET_WEEKDAYS",
    "TODAY",
    "VAGUE_DURATION",
    "WEEKDAY",
    "WEEKDAY_INDEX",
    "YEAR_RANGE",
    "day_number",
    "duration_runs",
    "month_number",
    "parse_number",
    "unit_duration",
]

_MONTH_NAMES = (
    "January",
    "February",
    "March",
    "April",
    "May",
    "June",
    "July",
    "August",
    "September",
    "October",
    "November",
    "December",
)
# "May", "June" and "July" are full names already; only true abbreviations may carry a dot.
_MONTH_ABBREVIATIONS = ("Jan", "Feb", "Mar", "Apr", "Jun", "Jul", "Aug", "Sep", "Sept", "Oct", "Nov", "Dec")
_WEEKDAY_NAMES = ("Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday")
_WEEKDAY_ABBREVIATIONS = ("Mon", "Tue", "Tues", "Wed", "Thu", "Thur", "Thurs", "Fri", "Sat", "Sun")

WEEKDAY_INDEX = (
    {name.lower(): i for i, name in enumerate(_WEEKDAY_NAMES)}
    | {name.lower(): i for i, name in enumerate(("Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun"))}
    | {"tues": 1, "thur": 3, "thurs": 3}
)
SEASON_MONTHS = {"spring": 3, "summer": 6, "autumn": 9, "fall": 9, "winter": 12}


def _alternation(words: Iterable[str]) -> str:
    """Title and UPPER forms of the words, longest first so that "Sept" is tried before "Sep"."""
    forms = {form for word in words for form in (word, word.upper())}
    return "|".join(sorted(forms, key=lambda w: (-len(w), w)))


def _cap(alternatives: str) -> str:
    """An alternation that accepts each word in lower case or capitalized: "this|last" -> "[tT]his|[lL]ast".

    A space in a word stands for any whitespace. Scoped `(?i:...)` at the start of a pattern makes the regex engine try every alternative at every
    position; a character class on the first letter keeps whole-text scans fast.
    """
    return (
        "(?:"
        + "|".join(
            f"[{alt[0]}{alt[0].upper()}]{alt[1:]}".replace(" ", r"\s+") if alt[:1].isalpha() else alt
            for alt in alternatives.split("|")
        )
        + ")"
    )


_ORDINAL_UNITS = ("first", "second", "third", "fourth", "fifth", "sixth", "seventh", "eighth", "ninth")
_ORDINAL_TEENS = (
    "tenth",
    "eleventh",
    "twelfth",
    "thirteenth",
    "fourteenth",
    "fifteenth",
    "sixteenth",
    "seventeenth",
    "eighteenth",
    "nineteenth",
)
_ORDINAL_DAYS = {
    **{word: i for i, word in enumerate(_ORDINAL_UNITS, start=1)},
    **{word: i for i, word in enumerate(_ORDINAL_TEENS, start=10)},
    "twentieth": 20,
    **{f"twenty-{word}": 20 + i for i, word in enumerate(_ORDINAL_UNITS, start=1)},
    "thirtieth": 30,
    "thirty-first": 31,
}


def day_number(token: str) -> int:
    """The day of the month written as "6", "06", "6th" or "sixth" / "twenty-first"."""
    word = " ".join(token.lower().split()).replace(" ", "-")
    return _ORDINAL_DAYS[word] if word in _ORDINAL_DAYS else int(word.rstrip("stndrh"))


def month_number(name: str) -> int:
    """The month number of a full or abbreviated English month name ("Sept." is 9)."""
    return _MONTH_BY_PREFIX[name.rstrip(".").lower()[:3]]


_MONTH_BY_PREFIX = {name[:3].lower(): i for i, name in enumerate(_MONTH_NAMES, start=1)}

_FULL_MONTH = rf"(?:{_alternation(_MONTH_NAMES)})(?![A-Za-z])"
_MONTH = rf"(?:{_FULL_MONTH}|(?:{_alternation(_MONTH_ABBREVIATIONS)})(?![A-Za-z])\.?)"
_WEEKDAY_FULL = rf"(?:{_alternation(_WEEKDAY_NAMES)})"
_WEEKDAY_ANY = rf"(?:{_WEEKDAY_FULL}|(?:{_alternation(_WEEKDAY_ABBREVIATIONS)})(?![A-Za-z])\.?)"
_YEAR = r"(?:19|20)\d{2}"
_DAY = r"(?:[12]\d|3[01]|0?[1-9])(?:st|nd|rd|th)?"
_DAY_WORD = (
    "(?:"
    + "|".join(sorted((w.replace("-", r"[\s-]") for w in _ORDINAL_DAYS), key=len, reverse=True))
    + r")(?![\w-])"
)
_YEAR_END = r"(?![\w%]|[.,/:-]\d)"
# "December this year", "9 March of last year": the year is the reference year, moved.
_RELATIVE_YEAR = (
    r"(?:(?P<ry>\s+(?i:of\s+)?(?i:this|last|next)\s+(?i:year)(?!\w))"
    r"|(?P<ny>\s+(?i:of\s+(?:that|the\s+same|the\s+following|the\s+next|the\s+previous|the\s+preceding)"
    r"\s+year)(?!\w)))"
)
# Words that widen a date to part of it: "the end of August", "early 2019", "mid-March".
_PART_OF = (
    r"(?:end|beginning|start|middle|turn|close|first\s+half|second\s+half|latter\s+half"
    r"|first\s+part|latter\s+part|early\s+part|later\s+part|last\s+days|first\s+days)"
)
_APPROX_PREFIX = (
    rf"(?i:(?:the\s+(?:very\s+)?{_PART_OF}(?:\s+of)?|{_PART_OF}\s+of)\s+"
    r"|(?:earlier|later|early|late)\s+|mid-?\s*)"
)

_ONES = (
    "one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|thirteen|fourteen|fifteen"
    "|sixteen|seventeen|eighteen|nineteen"
)
_TENS = "twenty|thirty|forty|fifty|sixty|seventy|eighty|ninety"
_NUM_WORDS = (
    rf"{_cap(_TENS)}(?:[\s-](?:one|two|three|four|five|six|seven|eight|nine))?"
    rf"|{_cap('hundred|a hundred|one hundred|a couple of|a dozen|dozen')}|{_cap(_ONES)}|[aA]n?"
)
_NUM = rf"(?:\d{{1,3}}(?:,\d{{3}})+|\d+(?:\.\d+)?|(?:{_NUM_WORDS})(?![\w]))"
_UNIT = rf"{_cap('years?|yrs?|months?|weeks?|days?|nights?|hours?|hrs?|decades?|fortnights?')}(?!\w)"
_HALF = r"(?:\s+(?i:and\s+a\s+half))"
_CORE = rf"(?:{_NUM}{_HALF}?[\s-]+{_UNIT}{_HALF}?|[hH]alf\s+an?\s+{_UNIT})"
_COMPOSITE = rf"(?:{_CORE}(?:(?:\s*,\s*(?i:and\s+)?|\s+(?i:and)\s+|\s+){_CORE})*)"
_RANGE = (
    rf"(?:[bB]etween\s+)?(?P<lo>{_NUM})\s*-?\s*(?i:or|to|and|-|–|—)\s*(?P<hi>{_NUM})[\s-]+(?P<runit>{_UNIT})"
)
_APPROX_MOD = (
    r"about|around|approximately|roughly|almost|nearly|some|more\s+than|over|less\s+than|under"
    r"|at\s+least|just\s+over|just\s+under|close\s+to|circa|an\s+estimated|as\s+many\s+as|as\s+long\s+as"
)
_UPPER_MOD = r"up\s+to|at\s+most|no\s+more\s+than|not\s+more\s+than|a\s+maximum\s+of|maximum\s+of"

DAY_MONTH = re.compile(
    rf"(?<![\w.,/-])(?:(?P<wd>{_WEEKDAY_ANY}),?\s+)?(?:(?i:the)\s+)?"
    rf"(?:(?P<d0>{_DAY})\s*(?:-|–|—|(?i:to|and))\s*)?(?P<d>{_DAY}|{_DAY_WORD})(?:\s+(?i:of))?\s+(?P<m>{_MONTH})"
    rf"(?:,?\s+(?P<y>{_YEAR}){_YEAR_END}|{_RELATIVE_YEAR})?"
)
MONTH_DAY = re.compile(
    rf"(?<![\w.])(?:(?P<wd>{_WEEKDAY_ANY}),?\s+)?(?P<m>{_MONTH})\s+(?:(?i:the)\s+)?(?P<d0>{_DAY}|{_DAY_WORD})"
    rf"(?:\s*(?:-|–|—)\s*(?P<d>{_DAY}))?(?!\w|[:.,]\d)"
    rf"(?:,?\s+(?P<y>{_YEAR}){_YEAR_END}|{_RELATIVE_YEAR})?"
)
MONTH_YEAR = re.compile(rf"(?<!\w)(?P<m>{_MONTH})(?:\s+(?i:of))?,?\s+(?P<y>{_YEAR}){_YEAR_END}")
BARE_MONTH = re.compile(rf"(?<!\w)(?P<m>{_FULL_MONTH}){_RELATIVE_YEAR}?")
# "on the fourth", "on the night of the fifth": a day of the month the story is in.
DAY_ONLY = re.compile(
    rf"(?<!\w)[oO]n\s+(?P<span>(?:the\s+(?:night|morning|evening|afternoon|day)\s+of\s+)?"
    rf"the\s+(?P<d>{_DAY_WORD}|(?:[12]\d|3[01]|0?[1-9])(?:st|nd|rd|th)))(?!\w)"
)
MONTH_WHICH = re.compile(rf"(?<!\w)(?P<which>{_cap('this|last|next')})\s+(?P<m>{_FULL_MONTH})")
NUMERIC_DATE = re.compile(
    rf"(?<![\w./,-])(?P<d>[12]\d|3[01]|0?[1-9])(?P<sep>[./-])(?P<m>0?[1-9]|1[0-2])(?P=sep)(?P<y>{_YEAR}){_YEAR_END}"
)
# "05/15/2024": month first, as American outlets write it; read so only when the second number cannot be
# a month (an ambiguous "05/06/2024" stays day first).
MONTH_FIRST_DATE = re.compile(
    rf"(?<![\w./,-])(?P<m>0?[1-9]|1[0-2])(?P<sep>[./-])(?P<d>1[3-9]|2\d|3[01])(?P=sep)(?P<y>{_YEAR}){_YEAR_END}"
)
ISO_DATE = re.compile(
    rf"(?<![\w./,-])(?P<y>{_YEAR})(?:-(?P<m>0[1-9]|1[0-2])(?:-(?P<d>[0-3]\d))?"
    rf"|(?P<sep>[./])(?P<dm>0[1-9]|1[0-2])(?P=sep)(?P<dd>[0-3]\d))"
    r"(?:T\d{2}:\d{2}(?::\d{2}(?:\.\d+)?)?(?:Z|[+-]\d{2}:?\d{2})?)?(?![\w]|[./,:-]\d)"
)
NUMERIC_MONTH_YEAR = re.compile(rf"(?<![\w./,-])(?P<m>0[1-9]|1[0-2])[./](?P<y>{_YEAR}){_YEAR_END}")
YEAR_RANGE = re.compile(rf"(?<![\w$€£¥₸#№/.,:+-])(?P<y0>{_YEAR})\s*[-–—]\s*(?P<y>{_YEAR}|\d{{2}}){_YEAR_END}")
BARE_YEAR = re.compile(rf"(?:(?<![\w$€£¥₸#№/.,:+-])|(?<=[Mm]id-))(?P<y>{_YEAR})(?![\w%]|[.,/:-]\d|['’]s)")
DECADE = re.compile(
    r"(?<!\w)(?:[tT]he\s+)?(?:(?P<mod>[eE]arly|[mM]id|[lL]ate)[\s-]+)?(?P<dec>(?:19|20)\d0)['’]?s(?!\w)"
)
SEASON = re.compile(
    rf"(?<!\w)(?:[tT]he\s+)?(?P<season>{_cap('spring|summer|autumn|fall|winter')})"
    rf"(?:\s+(?i:of))?,?\s+(?P<y>{_YEAR}){_YEAR_END}"
)
SEASON_WHICH = re.compile(
    rf"(?<!\w)(?P<which>{_cap('this|last|next')})\s+(?P<season>(?i:spring|summer|autumn|fall|winter))(?!\w)"
)
_TODAY_WORDS = "today|yesterday|tomorrow|tonight|this morning|this afternoon|this evening|last night"
TODAY = re.compile(rf"(?<!\w)(?P<w>{_cap(_TODAY_WORDS)})(?!\w)")
REFERENCE_UNIT = re.compile(
    rf"(?<!\w)(?P<which>{_cap('this|last|next|current')})\s+(?P<unit>(?i:year|month|week))(?!\w)"
)
NARRATIVE_UNIT = re.compile(
    r"(?<!\w)(?:[tT]he\s+(?P<which>(?i:next|following|previous|preceding|same))"
    r"|[tT]hat(?:\s+(?i:same))?)\s+(?P<unit>(?i:year|month|week|day|morning|afternoon|evening|night))(?!\w)"
)
OFFSET_THE = re.compile(
    r"(?<!\w)[tT]he\s+(?P<unit>(?i:day|week|month|year))\s+(?P<rel>(?i:before|after|earlier|later))(?!\w)"
)
# A duration, or an offset when a relation word follows ("two days later", "seven years ago").
DURATION = re.compile(
    rf"(?<![\w.,$€£])(?=[\dtTfFsSeEnNhHaAoOdDbB])(?P<dur>{_RANGE}|{_COMPOSITE})"
    r"(?:\s+(?P<rel>(?i:later|earlier|ago|afterwards?|after|before|prior\s+to|since|on(?=\s*[,.;])))(?!\w))?"
)
# After "N years since": a date ("since 2017") rather than an event ("since he was taken").
DATE_AHEAD = re.compile(r"\s*(?:(?:the\s+)?(?:early|late|mid|end|beginning|start)\b|\d|(?:January|February|March|April|May|"
                        r"June|July|August|September|October|November|December|Jan|Feb|Mar|Apr|Jun|Jul|Aug|Sep|"
                        r"Sept|Oct|Nov|Dec)\b)", re.IGNORECASE)
# "several months", "a few weeks", "for years": a length whose count the text leaves open.
VAGUE_DURATION = re.compile(
    r"(?<![\w-])(?<![lL]ast\s)(?<![pP]ast\s)(?<![nN]ext\s)(?<![cC]oming\s)(?:(?P<q>[sS]everal|[aA]\s+few|[fF]ew|[mM]any|[sS]ome|[nN]umerous|[aA]\s+number\s+of|[cC]ountless)\s+"
    r"|(?<=[fF]or\s)|(?<=[fF]or\s[mM]any\s))(?P<unit>(?i:years|months|weeks|days|nights|hours|decades))(?!\w)"
    r"(?:\s+(?P<rel>(?i:later|earlier|ago|afterwards?|after|before|prior\s+to|on)(?!\w)))?"
)
COMPOSITE_PART = re.compile(
    rf"(?P<half_of>[hH]alf\s+an?\s+)?(?:(?P<n>{_NUM})(?P<h1>{_HALF})?[\s-]+)?(?P<unit>{_UNIT})(?P<h2>{_HALF})?"
)
SET_EVERY = re.compile(
    rf"(?<!\w)[eE](?:very|ach)\s+(?:(?P<n>(?i:other)|{_NUM})\s+)?"
    rf"(?P<unit>(?i:day|week|month|year|morning|evening|night|weekend|{'|'.join(_WEEKDAY_NAMES)}))s?(?!\w)"
)
SET_TIMES = re.compile(
    rf"(?<!\w)(?:(?P<f>{_cap('once|twice|thrice')})|(?<![\w-])(?P<n>[A-Za-z0-9]+(?:-[A-Za-z]+)?)\s+times)\s+(?i:a|an|per|every|each)\s+"
    r"(?P<unit>(?i:day|week|month|year))(?!\w)"
)
SET_WEEKDAYS = re.compile(rf"(?<!\w)(?P<wd>{_WEEKDAY_FULL})s(?!\w)")
WEEKDAY = re.compile(
    rf"(?<!\w)(?:(?P<which>{_cap('last|this|next|past|coming')})\s+)?(?P<wd>{_WEEKDAY_FULL})(?!\w)"
)

# Context read around a match (the scanner looks at the text just before or after it).
APPROX_PREFIX_BEFORE = re.compile(rf"(?<!\w){_APPROX_PREFIX}$")
DURATION_MODIFIER_BEFORE = re.compile(rf"(?<!\w)(?P<mod>(?i:{_APPROX_MOD}|{_UPPER_MOD}))\s+$")
APPROX_WORDS_BEFORE = re.compile(
    r"(?<!\w)(?i:about|around|approximately|roughly|circa|c\.|sometime\s+in|some\s+time\s+in)\s+$"
)
BOUNDARY_BEFORE = re.compile(
    r"(?<!\w)(?P<word>(?i:since|from|starting|beginning|as\s+of|until|till|til|through|by|up\s+until))"
    r"(?:\s+(?i:in|on|the))?\s+$"
)
# Words before a date in its sentence that let it lie after the reference date ("will", "is set for",
# "have fifteen days, until").
FUTURE_MARKERS = re.compile(
    r"(?<!\w)(?i:will|shall|would|scheduled|due\s+to|due\s+on|plans?\s+to|planned|expected\s+to|upcoming"
    r"|is\s+to|are\s+to|next|postponed\s+to|adjourned\s+to|(?:is|are)\s+set|set\s+for|deadline"
    r"|ha(?:s|ve)\s+[\w\s,-]{0,25}?(?:until|till))(?!\w)"
)
# Present and future tense that puts a year-less date ahead of the writing ("My hearing is on 24 February",
# "the appeal will be heard on 3 April", "is scheduled for"); unlike FUTURE_MARKERS, past forms such as
# "was set for" and "would" are left out, because they may report a date that has passed.
FUTURE_TENSE = re.compile(
    r"(?<!\w)(?i:will|shall|(?:is|are|['’]s)\s+(?:(?:now|also|again|currently|provisionally|tentatively)\s+)?"
    r"(?:set|scheduled|due|planned|expected|going|to\s+be|slated)|upcoming|(?:has|have)\s+until)(?!\w)"
)
# Right before a date: "is on", "are for", "will be heard on".
FUTURE_BEFORE_DATE = re.compile(
    r"(?<!\w)(?i:(?:is|are|['’]s)\s+(?:(?:now|also|again|currently)\s+)?(?:on|for)"
    r"|will\s+be\s+[a-z]+\s+(?:on|in|at|by))\s+$"
)
# Right before a date of birth: "born 1979", "born on 14 March 1990", "b. 1961", "date of birth: …".
BIRTH_BEFORE = re.compile(r"(?<!\w)(?i:born|b\.|date\s+of\s+birth|DOB|year\s+of\s+birth)\s*(?:(?i:in|on)\s+|:\s*)?$")
# A sentence ends at ". ", "! ", "? " (closing quotes allowed) before a capital or a quote, or at a
# line break.
SENTENCE_BREAK = re.compile(r"(?<![.!?…])[.!?…]+[\"”’')\]]*\s+(?=[A-Z\"“‘(\[])|\n")

FUNCTION_WORDS_AFTER_YEAR = frozenset(
    ["the", "a", "an", "he", "she", "it", "they", "we", "i", "you", "his", "her", "their", "its", "our", "my", "and", "but", "or", "nor", "when", "while", "after", "before", "as", "was", "were", "is", "are", "had", "has", "have", "did", "there", "this", "that", "these", "those", "to", "in", "on", "at", "for", "with", "by", "from", "until", "since", "also", "only", "then", "so", "already", "alone", "according", "who", "which", "where", "onwards", "onward", "saw", "marked", "brought", "election", "elections", "census", "crackdown", "law", "campaign", "protests", "report", "season", "games", "olympics", "budget"]
)
COUNT_NOUNS = frozenset(
    ["people", "persons", "men", "women", "children", "kids", "families", "cases", "members", "prisoners", "detainees", "inmates", "refugees", "students", "workers", "signatures", "tenge", "yuan", "dollars", "euros", "rubles", "roubles", "som", "soms", "km", "kilometres", "kilometers", "miles", "metres", "meters", "tons", "tonnes", "soldiers", "troops", "officers", "words", "pages", "units", "votes", "residents", "citizens", "villages", "camps", "households", "individuals", "others", "more", "of", "percent", "per"]
)

_UNIT_FIELD = {
    "year": "years",
    "yr": "years",
    "month": "months",
    "week": "weeks",
    "day": "days",
    "night": "days",
    "hour": "hours",
    "hr": "hours",
    "decade": "decades",
    "fortnight": "fortnights",
}
_SPECIAL_NUMBERS = {
    "a": 1.0,
    "an": 1.0,
    "a couple of": 2.0,
    "a dozen": 12.0,
    "dozen": 12.0,
    "a hundred": 100.0,
}


def parse_number(text: str) -> float | None:
    """The value of a number written in digits ("1,000", "1.5") or English words ("twenty-four", "a").

    Returns None for a word that `text2num` does not know, so that a caller drops the match.
    """
    normal = " ".join(text.lower().replace("-", " ").split())
    if normal in _SPECIAL_NUMBERS:
        return _SPECIAL_NUMBERS[normal]
    if normal[:1].isdigit():
        return float(normal.replace(",", ""))
    try:
        return float(text2num(normal, "en"))
    except ValueError:
        return None


def unit_duration(unit: str, amount: float) -> Duration:
    """A duration of `amount` units, with fractions carried down ("1.5 years" is 1 year and 6 months)."""
    field = _UNIT_FIELD[unit.lower().rstrip("s")]
    if field == "decades":
        field, amount = "years", amount * 10
    elif field == "fortnights":
        field, amount = "days", amount * 14
    elif field == "weeks":
        field, amount = "days", amount * 7
    whole = int(amount)
    rest = amount - whole
    if field == "years":
        return Duration(years=whole, months=round(rest * 12))
    if field == "months":
        return Duration(months=whole, days=round(rest * 30))
    if field == "days":
        return Duration(days=whole, hours=round(rest * 24))
    return Duration(hours=whole)


_UNIT_RANK = {"years": 0, "decades": 0, "months": 1, "weeks": 2, "fortnights": 2, "days": 3, "hours": 4}
_NIGHTS = re.compile(r"(?i:nights?)")
# In "a year and four months" the smaller unit stays below the larger one; "a year, 18 months" is a list.
_MOST_IN_COMPOSITE = {0: float("inf"), 1: 12, 2: 5, 3: 31, 4: 24}


def duration_runs(text: str, start: int, end: int) -> list[tuple[int, int, Duration]]:
    """Split a written duration into runs whose units get smaller ("a year and four months" is one run).

    A list such as "a year and a half, 18 months, two weeks" matches the duration pattern as a whole;
    a unit that is not smaller than the one before starts a new duration.

    Returns:
        (start, end, duration) of each run, offsets into `text`; empty when a number cannot be read.
    """
    runs: list[tuple[int, int, Duration]] = []
    last_rank = -1
    can_continue = False  # a fraction ("a year and a half") ends a duration
    for part in COMPOSITE_PART.finditer(text, start, end):
        if part["half_of"]:
            amount: float | None = 0.5
        else:
            amount = parse_number(part["n"]) if part["n"] else None
        if amount is None:
            return []
        if part["h1"] or part["h2"]:
            amount += 0.5
        rank = _UNIT_RANK[_UNIT_FIELD[part["unit"].lower().rstrip("s")]]
        piece = unit_duration(part["unit"], amount)
        if runs and _NIGHTS.fullmatch(part["unit"]) and runs[-1][2] == piece and last_rank == rank:
            runs[-1] = (runs[-1][0], part.end(), runs[-1][2])  # "two days and two nights" is two days
            continue
        if runs and can_continue and rank > last_rank and amount < _MOST_IN_COMPOSITE[rank]:
            run_start, _, total = runs[-1]
            runs[-1] = (run_start, part.end(), total + piece)
        else:
            runs.append((part.start(), part.end(), piece))
        last_rank = rank
        can_continue = amount == int(amount)
    return runs
