"""Kinship told by a clause around the people rather than by a possessed kinship noun alone.

"He married Gulnara X" (a marriage verb), "They have a son" (a couple named just before), "Their
mother, Zauresh" (the siblings the text has named), "His father … since his son left" (the son is
the person whose father was just spoken of), "X, brother of applicant Y" (a kinship word with "of").
`relations.py` asks these helpers and records the ties.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Mapping, Sequence
from typing import Protocol

from aigak.extract.coref import Resolver
from aigak.extract.kin_phrases import paragraph_head
from aigak.extract.persons import Person

__all__ = ["by_marriage", "kin_of_named", "owner_of_parent_told", "recent_couple", "recent_siblings"]


class _Tie(Protocol):
    type: str
    source: str
    target: str
    evidence: tuple[int, int]


AddTie = Callable[[str, str, str, tuple[int, int], float], None]

# "married Gulnara Toktosunova", "is married to X", "wed X": a marriage verb right before a name.
_MARRIED = re.compile(r"\b(?:married|wed|weds|marries)\s+(?:to\s+)?$")
# "They have a son", "They also had two daughters": a clause opened by "they".
_THEY_OPEN = re.compile(r"\s*[Tt]hey\s+(?:(?:also|now|still|already)\s+)?")
_COUPLE_REACH_CHARS = 600  # how far back the couple's marriage may be told
_SIBLINGS_REACH_CHARS = 1500  # how far back the siblings may be told (a paragraph or two)


def by_marriage(text: str, ss: int, se: int, resolver: Resolver, name_starts: Sequence[tuple[int, int, str]],
                add: AddTie) -> None:
    """ "In Osh he … and in 2019 married Gulnara Toktosunova": the clause's subject married the person named.

    The subject is the last reference before the verb, and only when it is a plain name or pronoun:
    "X's sister married Y" (a possessive, then a kinship word) says nothing about X.
    """
    for s, e, pid in name_starts:
        if not ss <= s < se:
            continue
        m = _MARRIED.search(text, max(ss, s - 16), s)
        if m is None:
            continue
        before = [r for r in resolver.references if ss <= r.start and r.end <= m.start() and r.persons]
        if not before:
            continue
        subject = before[-1]
        if subject.kind in ("name", "pronoun") and not subject.possessive and len(subject.persons) == 1 \
                and subject.persons[0] != pid:
            add("spouse", subject.persons[0], pid, (subject.start, e), 0.8)


def recent_couple(text: str, ss: int, verb_start: int, ties: Sequence[_Tie],
                  persons: Mapping[str, Person]) -> tuple[str, ...]:
    """ "… married Gulnara Toktosunova. They have a son": "they" opening the clause is the couple whose
    marriage the text told last, shortly before."""
    if not _THEY_OPEN.fullmatch(text[ss:verb_start]):
        return ()
    couples = [t for t in ties if t.type == "spouse" and t.source in persons and t.target in persons
               and ss - _COUPLE_REACH_CHARS <= t.evidence[0] < verb_start]
    return (couples[-1].source, couples[-1].target) if couples else ()


def recent_siblings(pos: int, ties: Sequence[_Tie], persons: Mapping[str, Person]) -> tuple[str, ...]:
    """ "Her younger brother, Askar … Their mother, Zauresh": an unresolved "their" before a parent is the
    pair of named siblings the text told of last, shortly before."""
    pairs = [t for t in ties if t.type == "sibling" and t.source in persons and t.target in persons
             and pos - _SIBLINGS_REACH_CHARS <= t.evidence[0] < pos]
    return (pairs[-1].source, pairs[-1].target) if pairs else ()


def owner_of_parent_told(pronoun: str, pos: int, sentences: Sequence[tuple[int, int]],
                         unnamed: Sequence[Person]) -> str | None:
    """ "His father remains in Artux. Since his son left, …": "his" is the father, so "his son" is the
    person whose father the text spoke of in this or the previous sentence.

    Returns that person, when exactly one unnamed parent of the pronoun's gender was told of there.
    """
    index = next((i for i, (a, b) in enumerate(sentences) if a <= pos < b), None)
    if index is None:
        return None
    window_start = sentences[max(0, index - 1)][0]
    wanted = "male" if pronoun.lower() == "his" else "female"
    owners = {str(u.attributes.get("_owner")) for u in unnamed
              if u.attributes.get("_relation") == "parent" and not u.is_plural and u.gender == wanted
              and any(window_start <= s < pos for s, _ in u.mentions)}
    return owners.pop() if len(owners) == 1 else None


def kin_of_named(text: str, ss: int, se: int, name_starts: Sequence[tuple[int, int, str]],
                 kin: Mapping[str, Mapping[str, object]], kin_alt: str, persons: Mapping[str, Person],
                 add: AddTie) -> None:
    """ "X, brother of applicant Y", or in a list item about X, "Brother of applicant Y.": X is Y's brother."""
    pattern = re.compile(rf"(?P<kin>{kin_alt})\s+of\s+(?:the\s+)?(?:(?:applicant|complainant|claimant|petitioner|"
                         rf"author|activist|detainee|late|[a-z]+)\s+)?$", re.IGNORECASE)
    for s, e, pid in name_starts:
        if not ss <= s < se:
            continue
        m = pattern.search(text, max(ss, s - 50), s)
        if m is None or m.group("kin").lower() not in kin:
            continue
        entry = kin[m.group("kin").lower()]
        if entry["plural"]:
            continue
        apposed = [(ns, ne, other) for ns, ne, other in name_starts if ss <= ns and ne <= m.start()
                   and re.fullmatch(r"\s*,\s*(?:the\s+|a\s+)?", text[ne:m.start()])]
        if apposed:
            relative: str | None = apposed[-1][2]
        elif re.fullmatch(r"\s*(?:\d{1,3}[.)]\s*)?", text[ss:m.start()]):
            relative = paragraph_head(text, ss, name_starts)
        else:
            continue
        if relative is None or relative == pid:
            continue
        add(str(entry["relation"]), pid, relative, (m.start(), e), 0.8)
        person = persons.get(relative)
        if person is not None and person.gender is None and isinstance(entry["gender"], str):
            person.gender = entry["gender"]
