"""Undo the line wrapping of a PDF's text layer: the lines of one paragraph become one line.

A PDF stores lines, not paragraphs: "was detained in⏎October 2017" and "Serik⏎Omarov" come out of its
text layer split, and a reader of sentences takes the month for a new sentence and one man for two.
A line break is a wrap when the line does not end a sentence and

- the line ends with a comma or a small joining word ("in", "of", "the", "and"…), or
- it splits a date ("15⏎February 2023", "October⏎2017"), or
- the line is full: the next line's first word would not have fitted on it. The column's width is
  measured on the text itself (the longest lines, in characters); the last line of a paragraph, a
  signature or a table row ends well short of it, so its break is kept. A line that starts in lower
  case ("He⏎crossed") needs less; a heading ("Case 2: Gulzhan Abdrakhman", every long word
  capitalised) is never joined by its length alone.

A break is always kept after a blank line, after a line ending a sentence (".", "!", "?", ":", ";",
except after an abbreviation such as "Mr." or an initial), and before a list item ("- ", "• ", "1. ",
"(a) "). Pages are never joined to each other: running headers and page numbers stand between them.
A word broken with a hyphen ("extrem-⏎ist") loses the hyphen only when it is clearly one word: the
hyphen is one a typesetter inserts (soft hyphen U+00AD, or U+2010 as WeasyPrint's `hyphens: auto`
writes it), or the document writes the whole word elsewhere and never with a hyphen; otherwise the
hyphen stays ("well-⏎known" becomes "well-known").
"""

from __future__ import annotations

import re
from collections.abc import Sequence

__all__ = ["FULL_LINE_RATIO", "LOWER_CASE_LINE_RATIO", "WIDTH_QUANTILE", "unwrap_lines", "unwrap_pages"]

FULL_LINE_RATIO = 0.85
"""A line is full when it and the next line's first word together reach this share of the column width
(characters of a proportional font vary in width, so a wrapped line can end well before the longest)."""
LOWER_CASE_LINE_RATIO = 0.6
"""The same, when the next line starts in lower case (a sentence going on): a wide word or a long
one that did not fit leaves more room at the end of the line. Shorter lines are list items or cells."""
WIDTH_QUANTILE = 0.9
"""The column width is this quantile of the line lengths: one stray long line does not widen it."""

_INSERTED_HYPHENS = ("\u00ad", "\u2010")
"""A soft hyphen, and the typographic hyphen WeasyPrint (`hyphens: auto`) puts where it breaks a word;
a hyphen typed in the text is U+002D."""
_MONTHS = ("january|february|march|april|may|june|july|august|september|october|november|december"
           "|jan|feb|mar|apr|jun|jul|aug|sep|sept|oct|nov|dec")
_SENTENCE_END = re.compile(r"[.!?:;…][\"'”’»)\]]*$")
_ABBREVIATION = re.compile(r"(?:\b(?:Mr|Mrs|Ms|Dr|Prof|St|No|Nos|Art|Arts|vs|cf|approx|para|p|pp|vol)\."
                           r"|\b(?:e\.g|i\.e)\.|(?<![\w.])[A-Z]\.)$")
_LIST_ITEM = re.compile(r"^\s*(?:[-–—•◦▪▫●○·*]\s|\(?\d{1,3}[.)]\s|\(?[a-z][.)]\s|\((?:[ivx]{1,4}|[a-z])\)\s)")
_JOINING_WORD = re.compile(r"\b(?:the|a|an|of|in|on|at|to|from|by|for|with|and|or|into|as|than|that)$")
"""Lower case only: "Annex A" or "Plan B" ends a heading."""
_DAY_END = re.compile(r"(?<![\d.,])\b(?:[1-9]|[12]\d|3[01])$")
_MONTH_END = re.compile(rf"\b(?:{_MONTHS})$", re.IGNORECASE)
_MONTH_START = re.compile(rf"^(?:{_MONTHS})\b", re.IGNORECASE)
_DAY_OR_YEAR_START = re.compile(r"^(?:[1-9]|[12]\d|3[01]|1[89]\d\d|20\d\d)\b")
_HYPHEN_END = re.compile(r"(\w+)[-\u2010\u00ad]$")
_WORD_START = re.compile(r"^\w+")
_LETTERS = re.compile(r"[^\W\d_]+")
_WORD = re.compile(r"\w+(?:-\w+)*")


def _column_width(lines: Sequence[str]) -> int:
    lengths = sorted(len(line.strip()) for line in lines if line.strip())
    if not lengths:
        return 0
    return lengths[min(len(lengths) - 1, int(WIDTH_QUANTILE * len(lengths)))]


def _ends_sentence(line: str) -> bool:
    return bool(_SENTENCE_END.search(line)) and not _ABBREVIATION.search(line)


def _looks_like_heading(line: str) -> bool:
    """Every word but short ones capitalised ("Case 2: Gulzhan Abdrakhman", "Report of the Group")."""
    words = [w for w in _LETTERS.findall(line) if len(w) > 3]
    return bool(words) and all(w[0].isupper() for w in words)


def _is_wrap(line: str, following: str, width: int) -> bool:
    """Whether the break between `line` and `following` (both stripped, neither blank) is a wrap."""
    if _LIST_ITEM.match(following) or _ends_sentence(line):
        return False
    if line.endswith(",") or _JOINING_WORD.search(line):
        return True
    if (_DAY_END.search(line) and _MONTH_START.match(following)) or \
            (_MONTH_END.search(line) and _DAY_OR_YEAR_START.match(following)):
        return True
    reach = len(line) + 1 + len(following.split(maxsplit=1)[0])
    if following[0].islower():
        return reach >= LOWER_CASE_LINE_RATIO * width
    return not _looks_like_heading(line) and reach >= FULL_LINE_RATIO * width


def _hyphen_join(line: str, following: str, words: set[str], hyphenated: set[str]) -> str | None:
    """`line` and `following` joined across a hyphen at the line's end, or None when it is no word break."""
    head = _HYPHEN_END.search(line)
    tail = _WORD_START.match(following)
    if head is None or tail is None or head.group(1)[-1].isdigit() or tail.group(0)[0].isdigit():
        return None
    left, right = head.group(1), tail.group(0)
    whole = (left + right).lower()
    one_word = line.endswith(_INSERTED_HYPHENS) or (whole in words and f"{left}-{right}".lower() not in hyphenated)
    return (line[:-1] if one_word else line[:-1] + "-") + following


def unwrap_lines(text: str, *, width: int | None = None, words: set[str] | None = None,
                 hyphenated: set[str] | None = None) -> str:
    """One page's text with the lines wrapped inside paragraphs joined (see the module's rules).

    Args:
        text: the page's text, lines separated by "\\n".
        width: the column width in characters (default: measured on this text).
        words, hyphenated: the lower-cased words, and hyphenated words, the whole document writes
            (default: this text's), to tell "extrem-⏎ist" from "well-⏎known".

    Returns:
        The text with each wrap replaced by a space (by nothing after a hyphen); every other
        character as it was.
    """
    lines = text.split("\n")
    if width is None:
        width = _column_width(lines)
    if words is None or hyphenated is None:
        found = _WORD.findall(text.lower())
        words = {w for w in found if "-" not in w} if words is None else words
        hyphenated = {w for w in found if "-" in w} if hyphenated is None else hyphenated
    out: list[str] = []
    last = ""  # the physical line before this one, stripped ("" after a blank line)
    for raw in lines:
        current = raw.strip()
        if last and current and not _LIST_ITEM.match(current):
            joined = _hyphen_join(last, current, words, hyphenated)
            if joined is not None and (current[0].islower() or last.endswith(_INSERTED_HYPHENS)
                                       or len(last) + 1 >= FULL_LINE_RATIO * width):
                out[-1] = out[-1].rstrip()[:-len(last)] + joined
                last = current
                continue
            if joined is None and _is_wrap(last, current, width):
                out[-1] = out[-1].rstrip() + " " + current
                last = current
                continue
        out.append(raw)
        last = current
    return "\n".join(out)


def unwrap_pages(pages: Sequence[str]) -> list[str]:
    """Each page's text unwrapped, with the column width and vocabulary measured on the whole document."""
    lines = [line for page in pages for line in page.split("\n")]
    found = _WORD.findall("\n".join(pages).lower())
    words = {w for w in found if "-" not in w}
    hyphenated = {w for w in found if "-" in w}
    width = _column_width(lines)
    return [unwrap_lines(page, width=width, words=words, hyphenated=hyphenated) for page in pages]
