"""Bylines and credits: where a name is the author's or photographer's, not a person of the story.

A name is a byline when a credit word comes before it on its line ("By", "Photo:", "Author:"), when
a credit follows it ("… contributed to this report", "X is a freelance journalist covering …"), when
it sits alone on its line beside or above the date line ("Anna Berg | 4 May 2021", "Joanna Pellew in
Almaty" over "Mon 14 Mar 2022 05.00 GMT"), when an outlet is credited beside it on its own line ("Joanna
Lillis for Eurasianet", "Ivan Sokolov/AFP"), or when it closes a dateline after the outlet ("BISHKEK -
24.kg news agency, Meerim Asanalieva").
"""

from __future__ import annotations

import functools
import re

from aigak.extract.lexicon import word_list

__all__ = ["is_byline"]

_BYLINE_BEFORE = re.compile(
    r"(?:\bby|\bphotos?|\bphotograph|\bcredits?|\bauthor|\breporting|\bwritten by|\bedited by|\bimage|©)\s*[:|/]?\s*$",
    re.IGNORECASE)
_MONTH = r"(?:Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Sept|Oct|Nov|Dec)[a-z]*\.?"
# A byline line: "Peter Brandt Mar 15, 2022", "Anna Berg | 4 May 2021": a name alone on its line before a date.
_BYLINE_DATE_AFTER = re.compile(rf"\s*(?:[|,·•—–-]\s*)?(?:{_MONTH}\s+\d{{1,2}},?\s+\d{{4}}|\d{{1,2}}\s+{_MONTH}\s+\d{{4}})"
                                r"[^\n]{0,20}$", re.MULTILINE)
# A credit after the name: "… in Almaty contributed to this report", "contributed reporting", or a line
# "X is a freelance journalist covering Central Asia." that introduces the author.
_CREDIT_AFTER = re.compile(r"(?:\s+in\s+[A-Z][\w\-]+(?:\s+[A-Z][\w\-]+)?)?,?\s+contributed\s+(?:to\s+(?:this|the)\s+"
                           r"(?:report|story|article)|reporting|reporting\s+to)\b"
                           r"|\s+is\s+an?\s+(?:(?:freelance|independent|staff|contributing|senior|[A-Z][\w\-]+-based)\s+)*"
                           r"(?:journalist|reporter|writer|correspondent|photographer|editor)\s+(?:covering|based|who\s+"
                           r"(?:covers|writes|reports))\b[^.\n]*\.?\s*$", re.MULTILINE)
# The rest of a byline line after the name: nothing, or where the author wrote from ("in Almaty").
_LINE_REST = re.compile(r"[ \t]*(?:in[ \t]+[A-Z][\w\-]+(?:[ \t]+[A-Z][\w\-]+)?)?[ \t]*\r?\n(?:[ \t]*\r?\n)?")
# A date line under a byline: "21.05.2019 15:32", "16:05, 13 November 2023", "Mon 14 Mar 2022 05.00 GMT",
# "March 3, 2021", "2021-03-04", "Published: …", "Updated …".
_DATE_LINE = re.compile(rf"[ \t]*(?:(?:Mon|Tue|Wed|Thu|Fri|Sat|Sun)[a-z]*\.?,?[ \t]+)?(?:\d{{1,2}}[./]\d{{1,2}}[./]\d{{2,4}}\b|"
                        rf"\d{{4}}-\d{{2}}-\d{{2}}\b|\d{{1,2}}[:.]\d{{2}}\b[ \t]*,?[ \t]*\d{{1,2}}[ \t]+{_MONTH}|"
                        rf"\d{{1,2}}[ \t]+{_MONTH}[ \t]+\d{{4}}\b|{_MONTH}[ \t]+\d{{1,2}},?[ \t]+\d{{4}}\b|"
                        r"(?:Published|Updated|Posted)\b)")
# An outlet credited after a name alone on its line: "for Eurasianet", ", Reuters", " | AFP", "/AFP".
_OUTLET_AFTER = re.compile(r"[ \t]*(?:,|\||/|[—–-]|for)[ \t]*(?P<outlet>[^\n,|/]{2,60}?)[ \t]*$", re.MULTILINE)
# A dateline that names the outlet before the author: "BISHKEK - 24.kg news agency, ", "Kazinform, ".
_OUTLET_DATELINE = re.compile(r"^[ \t]*(?:[A-ZА-ЯЁ][A-ZА-ЯЁ .\-]+[ \t]*[—–-]+[ \t]*)?(?P<outlet>[^\n,]{2,60}?),[ \t]*$")


@functools.cache
def _outlet_spellings() -> frozenset[str]:
    return frozenset(s.strip().lower() for line in word_list("news_outlets") for s in line.split("|") if s.strip())


def _names_an_outlet(words: str) -> bool:
    """ "24.kg news agency", "Kazinform", "RFE/RL's Kazakh Service": words that name a news outlet."""
    low = re.sub(r"\s+(?:news\s+agency|agency|correspondent|service)$", "", words.strip().lower())
    return low in _outlet_spellings() or any(low.startswith((o + " ", o + "'")) for o in _outlet_spellings())


def is_byline(text: str, start: int, end: int) -> bool:
    """Whether the name at `text[start:end]` credits the author or photographer of the text.

    Args:
        text: the whole text.
        start, end: the span of the name.

    Returns:
        True for a byline or credit, which names no person of the story.
    """
    line_start = text.rfind("\n", 0, start) + 1
    before = text[line_start:start]
    if _BYLINE_BEFORE.search(before) or _CREDIT_AFTER.match(text, end):
        return True
    if not before.strip() and _BYLINE_DATE_AFTER.match(text, end):
        return True
    credit = _OUTLET_AFTER.match(text, end)
    if credit and not before.strip() and _names_an_outlet(credit.group("outlet")):
        return True  # "Joanna Lillis for Eurasianet", "Anna Berg, Reuters", "Ivan Sokolov/AFP"
    rest = _LINE_REST.match(text, end)
    if rest is None:
        return False
    outlet = _OUTLET_DATELINE.match(before)
    if outlet and _names_an_outlet(outlet.group("outlet")):
        return True  # "BISHKEK - 24.kg news agency, Meerim Asanalieva"
    # A name alone on its line ("Joanna Pellew in Almaty"), with the date line right under it.
    return not before.strip() and _DATE_LINE.match(text, rest.end()) is not None
