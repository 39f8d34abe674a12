"""Find a model's quote in the source text: verbatim first, then by fuzzy alignment, else not at all.

A model copies text imperfectly (straight for curly quotes, a dropped comma, a changed case) and
sometimes quotes words that are not there. A quote found verbatim is `exact`; one found by
`rapidfuzz`'s partial alignment above a similarity threshold is `fuzzy`; anything else is
`unaligned` and gets no span at all: a fact is never pinned to a place the model did not quote.
"""

from __future__ import annotations

import enum
import re
from dataclasses import dataclass

from rapidfuzz import fuzz

__all__ = ["Alignment", "AlignmentStatus", "align_quote"]

FUZZY_MIN_SCORE = 90.0
"""Least `partial_ratio` (0..100) at which a quote counts as found."""
SHORT_QUOTE_CHARS = 12
"""Quotes shorter than this (a name, "aged 34") must match verbatim or up to case and spacing."""
_SPACE = re.compile(r"\s+")
_FOLD = str.maketrans({"“": '"', "”": '"', "„": '"', "«": '"', "»": '"', "‘": "'", "’": "'", "`": "'",
                       "–": "-", "—": "-", "‐": "-", "\u00a0": " "})


class AlignmentStatus(enum.StrEnum):
    """How a quote was located in the source."""

    EXACT = "exact"
    FUZZY = "fuzzy"
    UNALIGNED = "unaligned"


@dataclass(frozen=True, slots=True)
class Alignment:
    """Where a quote lies in the source, if anywhere.

    Attributes:
        status: exact, fuzzy or unaligned.
        start, end: the span in the document (None when unaligned).
        score: similarity 0..100 (100 for an exact match, 0 when unaligned).
    """

    status: AlignmentStatus
    start: int | None = None
    end: int | None = None
    score: float = 0.0

    @property
    def is_aligned(self) -> bool:
        """Whether the quote was found."""
        return self.status is not AlignmentStatus.UNALIGNED

    def span(self) -> list[int] | None:
        """The `[start, end]` form used in the extraction JSON, or None."""
        return None if self.start is None or self.end is None else [self.start, self.end]


_NOT_FOUND = Alignment(AlignmentStatus.UNALIGNED)


def _folded(text: str) -> tuple[str, list[int]]:
    """`text` case-folded with quotes, dashes and runs of space unified, and each character's source index."""
    out: list[str] = []
    index: list[int] = []
    previous_space = False
    for i, ch in enumerate(text.translate(_FOLD)):
        if ch.isspace():
            if previous_space:
                continue
            ch, previous_space = " ", True
        else:
            previous_space = False
        low = ch.lower()
        out.append(low if len(low) == 1 else ch)
        index.append(i)
    return "".join(out), index


def _snap_to_words(text: str, start: int, end: int) -> tuple[int, int]:
    """Widen a fuzzy span to whole words and trim space, so it never cuts a word in half."""
    while start > 0 and text[start - 1].isalnum() and text[start].isalnum():
        start -= 1
    while end < len(text) and end > 0 and text[end - 1].isalnum() and text[end].isalnum():
        end += 1
    while start < end and text[start].isspace():
        start += 1
    while end > start and text[end - 1].isspace():
        end -= 1
    return start, end


def align_quote(quote: str | None, text: str, start: int = 0, end: int | None = None, *,
                after: int | None = None, min_score: float = FUZZY_MIN_SCORE) -> Alignment:
    """Locate `quote` inside `text[start:end]` (a chunk of the document), in document offsets.

    Args:
        quote: the words the model says support a fact.
        text: the whole document text.
        start, end: the chunk the model read; the quote is looked for only there.
        after: prefer an occurrence at or after this offset when the quote occurs more than once
            (the model lists facts in reading order).
        min_score: the least fuzzy similarity accepted.

    Returns:
        The alignment; `unaligned` (no span) when the quote is empty or cannot be found.
    """
    end = len(text) if end is None else end
    needle = (quote or "").strip()
    if not needle:
        return _NOT_FOUND
    window = text[start:end]
    found = _first_at_or_after(window, needle, None if after is None else after - start)
    if found >= 0:
        return Alignment(AlignmentStatus.EXACT, start + found, start + found + len(needle), 100.0)
    folded_window, index = _folded(window)
    folded_needle, _ = _folded(needle)
    folded_needle = folded_needle.strip()
    if not folded_needle:
        return _NOT_FOUND
    hint = None
    if after is not None:
        hint = next((k for k, i in enumerate(index) if i >= after - start), len(index))
    found = _first_at_or_after(folded_window, folded_needle, hint)
    if found >= 0:
        s = start + index[found]
        e = start + index[found + len(folded_needle) - 1] + 1
        return Alignment(AlignmentStatus.FUZZY, s, e, 100.0)
    if len(folded_needle) < SHORT_QUOTE_CHARS:
        return _NOT_FOUND
    result = fuzz.partial_ratio_alignment(folded_needle, folded_window, score_cutoff=min_score)
    if result is None or result.dest_end <= result.dest_start:
        return _NOT_FOUND
    # The aligned part must cover most of the quote, or a long invented quote could match on one phrase.
    if (result.src_end - result.src_start) < 0.8 * len(folded_needle):
        return _NOT_FOUND
    ds, de = _refine(folded_needle, folded_window, result.dest_start, result.dest_end)
    s = start + index[ds]
    e = start + index[de - 1] + 1
    s, e = _snap_to_words(text, s, e)
    if e <= s:
        return _NOT_FOUND
    return Alignment(AlignmentStatus.FUZZY, s, e, round(float(result.score), 1))


def _refine(needle: str, window: str, start: int, end: int) -> tuple[int, int]:
    """Move the ends of a partial alignment to the word boundaries that best match the whole quote.

    `partial_ratio_alignment` may leave out a first or last word that differs slightly ("year" for
    "years"); trying nearby word boundaries and keeping the most similar span puts it back.
    """
    slack = max(8, abs(len(needle) - (end - start)) + 4)
    lo, hi = max(0, start - slack), min(len(window), end + slack)
    starts = [i for i in range(lo, min(start + slack, end))
              if window[i] != " " and (i == 0 or not window[i - 1].isalnum() or not window[i].isalnum())]
    ends = [i for i in range(max(end - slack, start + 1), hi + 1)
            if window[i - 1] != " " and (i == len(window) or not window[i].isalnum() or not window[i - 1].isalnum())]
    best = (fuzz.ratio(needle, window[start:end]), start, end)
    for s in starts or [start]:
        for e in ends or [end]:
            if e > s:
                score = fuzz.ratio(needle, window[s:e])
                if score > best[0]:
                    best = (score, s, e)
    return best[1], best[2]


def _first_at_or_after(haystack: str, needle: str, hint: int | None) -> int:
    """The first whole-word occurrence of `needle` at or after `hint`, else the first anywhere.

    A short quote inside a longer word ("Aman" in "Amanov") does not count; a long one may start or
    end mid-word, since models often clip the first or last word of a clause.
    """
    bounded_only = len(needle) < SHORT_QUOTE_CHARS
    fallback = -1
    for origin in ([hint, 0] if hint else [0]):
        pos = haystack.find(needle, origin)
        while pos >= 0:
            if _is_word_bounded(haystack, pos, pos + len(needle)):
                return pos
            if fallback < 0 and not bounded_only:
                fallback = pos
            pos = haystack.find(needle, pos + 1)
        if fallback >= 0:
            return fallback
    return -1


def _is_word_bounded(text: str, start: int, end: int) -> bool:
    before_ok = start == 0 or not (text[start - 1].isalnum() and text[start].isalnum())
    after_ok = end >= len(text) or not (text[end].isalnum() and text[end - 1].isalnum())
    return before_ok and after_ok
