"""Tests of a trigger against the events told just before it, where the sentence alone cannot tell.

A trigger's type is sometimes only right in the light of the story so far: "she was interrogated at
night" inside a detention account is part of that detention, not a summons from outside custody;
"sent back to Kashgar" after a release inside China is a move inside one country, not a deportation;
"the court upheld that decision" is a deportation order only when the decision upheld was one.

A judgment tells its own decision without a date ("The court found X guilty and sentenced him to …"):
the date is the judgment's, given in its heading ("Judgment of 14 June 2021"), not the date the story
reached last (the arrest it recounts), and the place is the court's, not where the defendant was.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Protocol

from aigak.extract.event_places import PlaceRef
from aigak.extract.timex_types import TimeExpression, TimeKind
from aigak.extract.triggers import TriggerMatch

__all__ = ["JUDGED_TYPES", "Judgment", "court_decides_at", "domestic_return", "held_interrogation",
           "judgment_heading", "told_otherwise", "upheld_order_subjects"]

# How far back (characters) the story so far is read for the episode a trigger belongs to.
_CONTEXT_CHARS = 500
_CUSTODY = frozenset({"arrest", "detention"})
# A questioning verb, as opposed to being called in ("summoned", "called in"), which comes from outside.
_QUESTIONING = re.compile(r"(?:(?:was|were)\s+)?(?:interrogated|questioned)\b", re.IGNORECASE)
# A return that names no border: "sent back to", "handed over to", "forcibly returned"; "deported",
# "extradited" and "expelled … through the checkpoint" say the border was crossed.
_UNMARKED_RETURN = re.compile(r"(?:sent\s+back|handed\s+over|forcibly\s+returned)\b", re.IGNORECASE)
# The destination right after the return: "sent back to Kashgar".
_TO_PLACE = re.compile(r"\s*(?:to\s+)?(?:the\s+)?$", re.IGNORECASE)


class _Told(Protocol):
    """What these tests read of an event already told (`events.Event`)."""

    type: str
    subjects: list[str]
    position: int
    place: str | None


def _latest_first(told: Sequence[_Told]) -> list[_Told]:
    """The events told so far, the nearest first (a sentence's events come in lexicon order)."""
    return sorted(told, key=lambda event: event.position, reverse=True)


def told_otherwise(text: str, match: TriggerMatch, subjects: Sequence[str], told: Sequence[_Told],
                   places: Sequence[PlaceRef]) -> bool:
    """Whether the story so far makes the trigger `match` part of an episode already told, or no event of its type.

    A questioning inside a custody is that custody; "did not know where he was" just after his arrest is the
    incommunicado custody, not a disappearance; "sent back to Kashgar" inside China is no deportation.
    """
    if match.trigger.type == "summons":
        return held_interrogation(text, match.start, match.end, subjects, told)
    if match.trigger.type == "disappearance" and match.trigger.role == "after":
        return _in_custody(text, match.start, subjects, told)
    if match.trigger.type == "deportation":
        return domestic_return(text, match.start, match.end, subjects, told, places)
    return False


def held_interrogation(text: str, start: int, end: int, subjects: Sequence[str], told: Sequence[_Told]) -> bool:
    """Whether a questioning at `start` happened inside a custody just told of the same person.

    "She was held for five months. She says she was interrogated at night": the interrogation is part
    of the detention, not a summons; a release of that person in between ends the custody.
    """
    return bool(_QUESTIONING.match(text, start, end)) and _in_custody(text, start, subjects, told)


def _in_custody(text: str, position: int, subjects: Sequence[str], told: Sequence[_Told]) -> bool:
    """Whether an arrest or detention of one of `subjects` was told earlier in the paragraph, with no
    release of them since; a new paragraph may open a new stage of the story."""
    for event in _latest_first(told):
        if position - event.position > _CONTEXT_CHARS or "\n" in text[event.position:position]:
            break
        if not set(event.subjects) & set(subjects):
            continue
        if event.type == "release":
            return False
        if event.type in _CUSTODY:
            return True
    return False


def domestic_return(text: str, start: int, end: int, subjects: Sequence[str], told: Sequence[_Told],
                    places: Sequence[PlaceRef]) -> bool:
    """Whether "sent back to X" at `[start, end)` moves the person inside the country they were held in.

    A deportation crosses a border: when the destination named right after the trigger lies in the
    country of the place of the person's last custody or release, the return is a move inside it.
    """
    if not _UNMARKED_RETURN.match(text, start):
        return False
    destination = next((p for p in places if end <= p.start <= end + 12 and _TO_PLACE.fullmatch(text, end, p.start)),
                       None)
    if destination is None or destination.kind == "country" or destination.country is None:
        return False
    country_of = {p.id: p.country for p in places if p.country}
    for event in _latest_first(told):
        if start - event.position > _CONTEXT_CHARS or not set(event.subjects) & set(subjects):
            continue
        if event.type in (*_CUSTODY, "release") and event.place is not None and event.place in country_of:
            return country_of[event.place] == destination.country
    return False


def upheld_order_subjects(position: int, told: Sequence[_Told]) -> list[str]:
    """Whom "the court upheld that decision" at `position` orders out: the subjects of a deportation
    order told just before, when that order is the latest decision told (not an asylum refusal)."""
    for event in _latest_first(told):
        if position - event.position > _CONTEXT_CHARS:
            break
        if event.type == "deportation_order":
            return list(event.subjects)
        if event.type in ("asylum_decision", "criminal_proceeding"):
            break
    return []


# A judgment's heading: a line that opens (after a few capitalised words: "Final", "Appeal") with the
# name of a court decision, then its number, date or court: "Judgment of 14 June 2021", "DECISION
# No. 114 of 3 March 2022", "VERDICT"; not a headline that opens with such a word ("Verdict in …").
_HEADING_LINES = 6
_HEADING_LINE_CHARS = 160
_RULING_HEADING = re.compile(r"\W{0,3}(?:[A-Z][\w\-]*\s+){0,3}?(?:JUDG(?:E)?MENT|Judg(?:e)?ment|VERDICT|Verdict|"
                             r"RULING|Ruling|DECISION|Decision|DECREE|Decree|RESOLUTION|Resolution|"
                             r"SENTENCE|Sentence|ORDER|Order|"
                             r"ПРИГОВОР|Приговор|РЕШЕНИЕ|Решение|ПОСТАНОВЛЕНИЕ|Постановление)\b"
                             # then its number, date or court, or nothing: not a headline ("Verdict in …")
                             r"(?=\s*(?:$|[,(:]|of\b|dated\b|No\b|№|N\s*\d|от\b|по\b))")
# Between the heading's noun and its date: a case number, "of", "dated", a comma; no sentence ends.
_HEADING_LEAD_CHARS = 60
_SENTENCE_END = re.compile(r"[.;:!?](?:\s|$)")
_NUMBER_SIGN = re.compile(r"\bNo\.")
_COURT = re.compile(r"\bcourt\b|\btribunal\b|\bсуд", re.IGNORECASE)
# The judging court telling its own decision: "The court found …", "This court hereby sentences …".
_COURT_DECIDES = re.compile(r"\b(?:the|this)\s+(?:court|(?:judicial\s+)?collegium|tribunal)\s+"
                            r"(?:(?:has|have|hereby|therefore|thus|also|then|further)\s+)*"
                            r"(?:found|finds|sentenced|sentences|convicted|convicts|decided|decides|ruled|rules|held|"
                            r"holds|ordered|orders|acquitted|acquits|dismissed|dismisses|rejected|rejects|refused|"
                            r"refuses|upheld|upholds|imposed|imposes|granted|grants|annulled|annuls|quashed|quashes)\b",
                            re.IGNORECASE)
JUDGED_TYPES = frozenset({"criminal_proceeding", "asylum_decision", "deportation_order", "restriction", "fine",
                          "confiscation", "house_arrest", "forced_labor"})
"""What a judgment decides: the verdict or decision itself and the penalty it imposes."""


@dataclass(frozen=True, slots=True)
class Judgment:
    """A text that is a judgment: the date it was given, and the place entity of its court (or None)."""

    date: str
    court_place: str | None


def _heading_lines(text: str, body_start: int) -> list[tuple[int, int]]:
    """The first non-empty lines of the text and of its body (the title block may lie before the body)."""
    lines = [(m.start(), m.end()) for m in re.finditer(r"[^\n]+", text[:body_start + 2 * _HEADING_LINE_CHARS])
             if m.group().strip() and len(m.group()) <= _HEADING_LINE_CHARS]
    return lines[:_HEADING_LINES]


def judgment_heading(text: str, body_start: int, times: Sequence[TimeExpression], places: Sequence[PlaceRef],
                     reference_date: str | None) -> Judgment | None:
    """The date of the judgment a text is, and the place of its court, read from its heading.

    The heading is one of the first lines naming a decision ("Judgment of 14 June 2021, case No. …");
    its date is the one on that line, else the one on the next line when that is short ("Almaty,
    14 June 2021"), else the text's date of writing. The court's place is the first place named on a
    heading line naming a court ("Zharkent District Court of Almaty Region"). None for any other text.
    """
    lines = _heading_lines(text, body_start)
    dates = [t for t in times if t.kind is TimeKind.DATE and t.value and not t.is_birth and t.relation is None]
    found: str | None = None
    for i, (ls, le) in enumerate(lines):
        m = _RULING_HEADING.match(text, ls, le)
        if m is None:
            continue
        on_line = [t for t in dates if m.end() <= t.start < le and t.start - m.end() <= _HEADING_LEAD_CHARS
                   and not _SENTENCE_END.search(_NUMBER_SIGN.sub("No", text[m.end():t.start]))]
        if not on_line and i + 1 < len(lines) and lines[i + 1][1] - lines[i + 1][0] <= _HEADING_LEAD_CHARS:
            on_line = [t for t in dates if lines[i + 1][0] <= t.start < lines[i + 1][1]]
        found = on_line[0].value if on_line else reference_date
        break
    if not found:
        return None
    court = next((p.id for ls, le in lines if _COURT.search(text, ls, le)
                  for p in sorted(places, key=lambda p: p.start) if ls <= p.start < le and not p.is_demonym), None)
    return Judgment(found, court)


def court_decides_at(text: str, ss: int, se: int, position: int) -> bool:
    """Whether the trigger at `position` tells the judging court's own decision: "The court found X guilty
    and sentenced him to …" ("the court" deciding before it in its sentence)."""
    return any(m.start() <= position for m in _COURT_DECIDES.finditer(text, ss, se))
