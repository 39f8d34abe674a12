"""Ages as the text states them: "X, 36,", "X (25 years old)", "who is now 66", "a retired teacher of 67",
"a 30-year-old X", "died at the age of 61"; numbers in digits or words ("forty-one").

An age at the end of a sentence ("… with my son Alikhan Seitkali, 12.") and one written in words before
the name ("nine-year-old Aruzhan") count too: a child whose age is missed is not known to be a minor
and would be published. A number that goes on as a decimal, a date or a thousand ("X, 12.5", "X,
12.03.2021", "X, 12,000 tenge") is no age.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence

from aigak.extract.coref import Resolver

__all__ = ["AGE_AT", "AGE_BEFORE", "AGE_PATTERNS", "NOW", "NUMBER_WORDS", "ages_at", "number"]



def _split(words: str) -> list[str]:
    """The white-space separated words of a literal (word lists read better as text)."""
    return words.split()


_UNITS = {w: i for i, w in enumerate(_split("zero one two three four five six seven eight nine ten eleven twelve "
                                            "thirteen fourteen fifteen sixteen seventeen eighteen nineteen"))}
_TENS = {w: 10 * i for i, w in enumerate(_split("_ _ twenty thirty forty fifty sixty seventy eighty ninety")) if i >= 2}
NUMBER_WORDS = (r"(?:(?:twenty|thirty|forty|fifty|sixty|seventy|eighty|ninety)"
                r"(?:-(?:one|two|three|four|five|six|seven|eight|nine))?|eleven|twelve|thirteen|fourteen|fifteen|"
                r"sixteen|seventeen|eighteen|nineteen|one|two|three|four|five|six|seven|eight|nine|ten)")


# A number before "-year-old", in digits or words, capitalised at the start of a sentence ("Nine-year-old X").
_AGE_NUMBER = rf"(?:\d{{1,3}}|(?i:{NUMBER_WORDS}))"
# Words between "-year-old" and the name that say the name is someone else's: "the 12-year-old son of X",
# "a ten-year-old ban on X", "a 9-year-old girl and X".
_NOT_BETWEEN = r"(?:of|on|against|for|by|with|to|from|in|at|and|or|about|over|after|under|than|as)"


def number(word: str) -> int:
    """ "41" or "forty-one" as an int."""
    if word.isdigit():
        return int(word)
    parts = word.lower().split("-")
    return _TENS.get(parts[0], _UNITS.get(parts[0], 0)) + (_UNITS.get(parts[1], 0) if len(parts) > 1 else 0)


AGE_PATTERNS = (
    # "X, 36, a teacher", and in a list of names "X, 56; Y, 61; …".
    # "X, 12." and "X, 12" ending a sentence or a line; "X, 12 years old,"; "X, aged nine,".
    re.compile(rf"^\s*,\s*(?:aged\s+|now\s+|then\s+)?(?P<n>\d{{1,3}}|(?<=aged\s){NUMBER_WORDS}|"
               rf"{NUMBER_WORDS}(?=\s+years?\s+old))(?:\s+years?\s+old)?\s*(?:[,;](?!\d)|[.!?](?![\w.,])|[ \t]*(?=\n|$))"),
    re.compile(r"^\s*\(\s*(?P<n>\d{1,3})(?:\s+years?\s+old)?\b[^)]{0,20}\)"),
    re.compile(r"^['’]?s?\s*,?\s*(?:who\s+)?(?:is|was|am|turned|aged|,\s*aged)\s+(?:now\s+|still\s+)?(?P<n>\d{1,3})(?:\s+years?\s+old)?\b"
               r"(?!\s*(?:%|percent|years?\s+(?:ago|later|in|of)|days|months|km|kg))"),
    re.compile(rf"^\s*,?\s*(?:who\s+)?(?:is|was|am|turned)\s+(?P<n>{NUMBER_WORDS})(?:\s+years?\s+old\b|"
               r"(?:\s+(?:then|now|at\s+the\s+time))?(?=\s*[.;,])|"
               r"(?=\s+when\s+(?:he|she|they|police|officers|the\s+police)\b)|"
               r"(?=\s+and\s+(?:sick|ill|frail|disabled|blind|deaf|unwell|in\s+poor\s+health|lives|has|was|is)\b))",
               re.IGNORECASE),
    re.compile(r"^\s*,\s*(?:a|an)\s+(?P<n>\d{1,3})-year-old\b"),
    re.compile(r"^\s*,\s*(?:an?\s+)?(?:[\w\-]+\s+){0,4}?aged\s+(?P<n>\d{1,3})\b"),
    # "X, a retired teacher of 67, says": a person's noun, then the age.
    re.compile(r"^\s*,\s*an?\s+(?:[a-z\-]+\s+){0,2}?(?!(?:mother|father|parent|grand\w+)\b)[a-z]+\s+of\s+(?P<n>\d{2,3})"
               r"(?=\s*[,;.)])(?![,.]\d)"),
)
NOW = re.compile(r"\bnow\b")  # an age said to be the present one
# "a 30-year-old X", "a 55-year-old Uyghur woman, X": the age of the person named right after it.
# "nine-year-old Aruzhan", "his 9-year-old daughter Aruzhan" too, but not "the 12-year-old son of X".
AGE_BEFORE = re.compile(rf"\b(?P<n>{_AGE_NUMBER})-year-old\s+(?:(?!{_NOT_BETWEEN}\s)[a-z]+\s+){{0,2}}$|"
                        rf"\b(?P<m>{_AGE_NUMBER})-year-old\s+(?:[A-Za-z\-]+\s+){{0,2}}(?:woman|man|girl|boy|mother|father|"
                        r"widow|widower|refugee|student|teacher|trader|farmer|herder|pensioner|activist),\s*$")
# "… dies in a Kashgar hospital at the age of 61", "died aged 70": an age told at the end of a clause.
AGE_AT = re.compile(rf"\b(?:at\s+the\s+age\s+of|(?:died|dies|passed\s+away)\s+(?:[a-z]+\s+){{0,4}}?aged)\s+"
                    rf"(?P<n>\d{{1,3}}|{NUMBER_WORDS})\b")


def ages_at(text: str, sentences: Sequence[tuple[int, int]], resolver: Resolver,
            put: Callable[[str, str, object], None]) -> None:
    """ "Patigul Yasin dies in a Kashgar hospital at the age of 61": the age of the clause's subject.

    The subject is the one person named or referred to in the sentence before the phrase; with two
    people there ("X's mother died at the age of 70") whose age it is cannot be told, so none is taken.
    """
    for ss, se in sentences:
        for m in AGE_AT.finditer(text, ss, se):
            before = [r for r in resolver.references if ss <= r.start < m.start() and r.persons
                      and r.kind in ("name", "pronoun", "kin", "description") and not r.in_quote]
            people = {p for r in before for p in r.persons}
            if len(people) != 1 or any(r.possessive for r in before) or re.search(r"[;:]", text[ss:m.start()]):
                continue
            if 0 < number(m.group("n")) < 120:
                put(next(iter(people)), "age", number(m.group("n")))
