"""Stage 1: the article body (without headline, bylines, captions and related-links lists) and its date.

Web pages arrive with a headline above the body and lists of other stories, share buttons and
copyright lines below it. Events are only taken from the body, so its end matters most: we walk
back from the end of the text and drop every line that reads like a teaser, a link or a footer,
stopping at the first line of prose.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from aigak.extract.timex_mention import Mention

__all__ = ["Body", "find_body", "find_reference_date"]

_LINE = re.compile(r"[^\n]+")
_MONTHS = (r"(?:jan(?:uary)?|feb(?:ruary)?|mar(?:ch)?|apr(?:il)?|may|june?|july?|aug(?:ust)?|"
           r"sep(?:t(?:ember)?)?|oct(?:ober)?|nov(?:ember)?|dec(?:ember)?)")
# "25 June25.06An Uzbek first…": a dated teaser of another story, as news sites list them.
_TEASER = re.compile(rf"^\s*(?:\d{{1,2}}\s+{_MONTHS}\b|{_MONTHS}\s+\d{{1,2}}\b|\d{{1,2}}[./]\d{{1,2}}(?:[./]\d{{2,4}})?\b)",
                     re.IGNORECASE)
_FOOTER = re.compile(
    r"^\s*(?:related(?: articles| stories| news)?|read (?:more|also|next)|see also|more on (?:this|the) topic|"
    r"share(?: this)?|subscribe|follow us|tags?\s*:|topics?\s*:|photo\s*:|source\s*:|advertisement|"
    r"all rights reserved|copyright|comments?|print|email|recommended|most (?:read|popular)|"
    r"you may also like|latest news)\b|^\s*©",
    re.IGNORECASE)
# A line that opens a list of other stories: everything after it is not the body.
_MARKER = re.compile(r"^\s*(?:related(?: articles| stories| news| content)?|read (?:more|also|next)|see also|"
                     r"more on (?:this|the) topic|you may also like|recommended|more stories|latest news|"
                     r"notes|footnotes|endnotes|references|sources|notes\s+to\s+editors?|editors?['’]?\s+notes?|"
                     r"ends|-+\s*ends\s*-+|#{3}|-30-|for\s+(?:more|further)\s+information(?:,?\s+(?:please\s+)?"
                     r"contact)?|media\s+(?:contacts?|enquiries|inquiries)|press\s+contacts?|contacts?)\s*:?\s*$",
                     re.IGNORECASE)
_PUNCT_ONLY = re.compile(r"^[\W_]*$")
_PROSE_END = re.compile(r"[.!?…][\"'”’»)\]]*\s*$|[\"”»]\s*$")
_HEADLINE_MAX_WORDS = 20
_CAPTION = re.compile(r"\b(?:photo|photograph|image|picture)\s*(?:by|from|:|credit|courtesy)", re.IGNORECASE)


@dataclass(frozen=True, slots=True)
class Body:
    """Where the body of an article lies in its text.

    Attributes:
        start, end: character range of the body (end exclusive).
        content_start: where the text the extractor reads for names begins (the headline included,
            navigation before it excluded); it equals `start` when the text has no headline.
    """

    start: int
    end: int
    content_start: int


def _is_prose(line: str) -> bool:
    return bool(_PROSE_END.search(line)) and len(line.split()) >= 3


def _is_boilerplate(line: str) -> bool:
    stripped = line.strip()
    if _PUNCT_ONLY.match(stripped) or _FOOTER.match(stripped):
        return True
    if _TEASER.match(stripped) and not (_is_prose(stripped) and len(stripped.split()) > _HEADLINE_MAX_WORDS):
        return True  # a dated teaser of another story; a numbered paragraph ("2.1 The author …") is prose
    return not _is_prose(stripped) and len(stripped.split()) <= 25


def find_body(text: str, *, title: str | None = None) -> Body:
    """The body range of `text`.

    Args:
        text: the decoded document text.
        title: the document's title, when the reader knew it; a first line equal to it is skipped.

    Returns:
        The body: it starts at the first line of prose after a headline, dateline label or caption,
        and ends at the last line of prose before trailing boilerplate.
    """
    lines = [(m.start(), m.end()) for m in _LINE.finditer(text) if m.group().strip()]
    if not lines:
        return Body(0, len(text), 0)
    end_index = len(lines) - 1
    for i in range(len(lines) // 2, len(lines)):
        if i > 0 and _MARKER.match(text[lines[i][0]:lines[i][1]]):
            end_index = i - 1
            break
    while end_index > 0 and _is_boilerplate(text[lines[end_index][0]:lines[end_index][1]]):
        end_index -= 1
    start_index = 0
    first = text[lines[0][0]:lines[0][1]].strip()
    if title and first.casefold() == title.strip().casefold() and end_index > 0:
        start_index = 1  # a one-line text that is its own title is all body
    # Headline, label lines ("AI-Index: …") and photo captions come before the first prose line.
    while start_index < end_index:
        line = text[lines[start_index][0]:lines[start_index][1]].strip()
        words = len(line.split())
        if _is_prose(line) and not _CAPTION.search(line) and words > _HEADLINE_MAX_WORDS // 4:
            break
        if words > _HEADLINE_MAX_WORDS and not _CAPTION.search(line):
            break
        start_index += 1
    start = lines[start_index][0]
    end_line = text[lines[end_index][0]:lines[end_index][1]]
    end = lines[end_index][0] + len(end_line.rstrip())
    return Body(start, end, lines[0][0])


def find_reference_date(text: str, body: Body, *, published: str | None = None,
                        mentions: Sequence[Mention] | None = None) -> str | None:
    """The date the text was written: the publication date if known, else what the body implies.

    `mentions` are the text's scanned time mentions when the caller has them (the extractor scans once).
    """
    from aigak.extract.timex import infer_reference_date

    # The header above the body (document numbers, datelines) often carries the year.
    return infer_reference_date(text, published=published, body=(body.content_start, body.end), mentions=mentions)
