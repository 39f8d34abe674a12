"""Stage 2: quotations and who speaks them.

Testimony in news reports is mostly quoted speech: "I was released" means the speaker was. This
stage finds each top-level quotation (curly, straight or guillemet quotes, nested quotes ignored)
and the words that attribute it: `"…," Qaster said`, `said Qaster`, `he continued`,
`declared X, one of …`, `says their lawyer X`, `X told the court: "…"`, `it is stated in the text of
X's application`. A quote with no attribution of its own continues the previous quote of its
paragraph, or else belongs to the person the paragraph is about (resolved later, in `coref`).
"""

from __future__ import annotations

import re
from dataclasses import dataclass

__all__ = ["SPEECH_VERBS", "Quote", "find_quotes"]


def _split(words: str) -> list[str]:
    """The white-space separated words of a literal (word lists read better as text)."""
    return words.split()

SPEECH_VERBS: frozenset[str] = frozenset(_split("""
said says say saying told tells tell added adds continued continues recalled recalls explained explains
declared declares stated states concluded concludes noted notes wrote writes asked asks replied replies
insisted insists claimed claims recounted recounts remembered remembers testified testifies alleged
alleges announced announces complained complains stressed stresses emphasised emphasized emphasises
emphasizes admitted admits warned warns urged urges argued argues described describes cried whispered
shouted confirmed confirms reported reports commented comments added explained pleaded pleads
"""))

_VERB = r"(?:" + "|".join(sorted(SPEECH_VERBS, key=len, reverse=True)) + r")"
_NAME = r"[A-ZА-ЯЁ][\w'’\-]*(?:\s+(?:al|el|bin|ibn|van|von|de|der|da|[A-ZА-ЯЁ][\w'’\-]*))*"
_PRONOUN = r"(?:he|she|they|He|She|They)"
_ROLE = r"(?:(?:the|their|his|her|a|an|our|my)\s+)?(?:[a-z][\w\-]*\s+){0,3}?"
# After the closing mark: `, Qaster said`, `he continued`, `said Judge X`, `says their lawyer X`.
_AFTER_NAME_VERB = re.compile(rf"^[\s,.;:–—-]*(?P<who>{_NAME}|{_PRONOUN})\s+(?:\w+ly\s+)?{_VERB}\b")
_AFTER_VERB_NAME = re.compile(rf"^[\s,.;:–—-]*{_VERB}\s+{_ROLE}(?P<who>{_NAME}|he|she|they)")
_AFTER_STATED_IN = re.compile(
    rf"^[\s,.;:–—-]*it\s+(?:is|was)\s+(?:stated|said|written|claimed)\s+in\s+(?:the\s+)?(?:text\s+of\s+)?"
    rf"(?:the\s+)?(?P<who>{_NAME}|his|her|their)")
_AFTER_ACCORDING = re.compile(rf"^[\s,.;:–—-]*according\s+to\s+{_ROLE}(?P<who>{_NAME})")
# Before the opening mark: `X said: "…"`, `he told the court, "…"`.
_BEFORE = re.compile(rf"(?P<who>{_NAME}|{_PRONOUN})\s+(?:\w+ly\s+)?{_VERB}\b[^.!?\"“”«»]{{0,40}}[:,]\s*$")
_OPEN_CLOSE = {"“": "”", "«": "»"}
_MIN_SPEECH_WORDS = 4


@dataclass(frozen=True, slots=True)
class Quote:
    """One top-level quotation.

    Attributes:
        start, end: the quotation including its marks.
        speaker: the span of the words naming the speaker (a name or a pronoun), or None when the
            text does not attribute the quote; `speaker_continues` then tells whether it continues
            the previous quote of its paragraph.
        attribution: the span of the attributing clause, which is not part of the quote.
        paragraph: the line-paragraph the quote opens in.
    """

    start: int
    end: int
    speaker: tuple[int, int] | None
    attribution: tuple[int, int] | None
    paragraph: int
    speaker_continues: bool = False

    @property
    def inner(self) -> tuple[int, int]:
        """The quoted words without the marks."""
        return (self.start + 1, max(self.start + 1, self.end - 1))


def _raw_quotes(text: str, start: int, end: int) -> list[tuple[int, int]]:
    """Top-level quote spans; a quote left open runs to the end of its paragraph."""
    found: list[tuple[int, int]] = []
    stack: list[str] = []
    opened = -1
    i = start
    while i < end:
        ch = text[i]
        if ch == "\n" and stack:
            # Quotes stay inside a paragraph; one that runs on reopens on the next paragraph.
            found.append((opened, i))
            stack.clear()
        elif ch in _OPEN_CLOSE:
            if not stack:
                opened = i
            stack.append(_OPEN_CLOSE[ch])
        elif ch == '"':
            nested = _opens(text, i) and text[i + 1:i + 2].isalnum()
            if stack and stack[-1] == '"' and not nested:
                stack.pop()
                if not stack:
                    found.append((opened, i + 1))
            elif nested or (not stack and _opens(text, i)):
                if not stack:
                    opened = i
                stack.append('"')
        elif stack and ch == stack[-1]:
            stack.pop()
            if not stack:
                found.append((opened, i + 1))
        i += 1
    if stack:
        line_end = text.find("\n", opened)
        found.append((opened, end if line_end < 0 or line_end > end else line_end))
    return found


def _opens(text: str, i: int) -> bool:
    before = text[i - 1] if i > 0 else " "
    return before.isspace() or before in "([{—–-:,"


def _paragraph_of(text: str, pos: int) -> int:
    return text.count("\n", 0, pos)


def find_quotes(text: str, start: int, end: int) -> list[Quote]:
    """Every top-level quotation of `text[start:end]` with the span that names its speaker.

    Short quotes without attribution (scare quotes such as the “reeducation camps”) are left out.
    """
    quotes: list[Quote] = []
    for qs, qe in _raw_quotes(text, start, end):
        line_end = text.find("\n", qe)
        line_end = end if line_end < 0 or line_end > end else line_end
        after = text[qe:min(line_end, qe + 160)]
        line_start = text.rfind("\n", 0, qs) + 1
        before = text[max(line_start, qs - 160):qs]
        speaker: tuple[int, int] | None = None
        attribution: tuple[int, int] | None = None
        for pattern in (_AFTER_STATED_IN, _AFTER_VERB_NAME, _AFTER_NAME_VERB, _AFTER_ACCORDING):
            m = pattern.match(after)
            if m:
                speaker = (qe + m.start("who"), qe + m.end("who"))
                stop = re.search(r"[.!?](?:\s|$)|[“\"«]", after[m.end():])
                attribution = (qe, qe + m.end() + (stop.start() + 1 if stop else len(after) - m.end()))
                break
        if speaker is None:
            m = _BEFORE.search(before)
            if m:
                base = qs - len(before)
                speaker = (base + m.start("who"), base + m.end("who"))
                attribution = (base + m.start(), qs)
        paragraph = _paragraph_of(text, qs)
        words = len(text[qs:qe].split())
        if speaker is None and words < _MIN_SPEECH_WORDS:
            continue
        continues = speaker is None and bool(quotes) and quotes[-1].paragraph == paragraph
        quotes.append(Quote(qs, qe, speaker, attribution, paragraph, continues))
    return quotes
