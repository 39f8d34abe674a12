"""Tests of a trigger against the events told just before it, where the sentence alone cannot tell.

A trigger's type is sometimes only right in the light of the story so far: "she was interrogated at
night" inside a detention account is part of that detention, not a summons from outside custody;
"sent back to Kashgar" after a release inside China is a move inside one country, not a deportation;
"the court upheld that decision" is a deportation order only when the decision upheld was one.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from typing import Protocol

from aigak.extract.event_places import PlaceRef
from aigak.extract.triggers import TriggerMatch

__all__ = ["domestic_return", "held_interrogation", "told_otherwise", "upheld_order_subjects"]

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
