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

from aigak.extract.coref import Reference, Resolver
from aigak.extract.kin_phrases import paragraph_head
from aigak.extract.persons import Person

__all__ = ["by_marriage", "client_of_teller", "kin_of_named", "one_of_group", "owner_of_parent_told", "parents_in_law",
           "recent_couple", "recent_siblings", "resolve_clients"]


class _Tie(Protocol):
    type: str
    source: str
    target: str
    evidence: tuple[int, int]


AddTie = Callable[[str, str, str, tuple[int, int], float], None]

# "married Gulnara Toktosunova", "is married to X", "wed X": a marriage verb right before a name.
_MARRIED = re.compile(r"\b(?:married|wed|weds|marries)\s+(?:to\s+)?$")
# "They have a son", "They also had two daughters", "The couple have three children": a clause opened by
# "they" or "the couple".
_THEY_OPEN = re.compile(r"\s*(?:[Tt]hey|[Tt]he\s+couple)\s+(?:(?:also|now|still|already)\s+)?")
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
                   and re.fullmatch(r"\s*,\s*(?:(?:aged\s+)?\d{1,3}\s*,\s*)?(?:the\s+|a\s+)?", text[ne:m.start()])]
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


# "One of them, Nurlybek, died": one member of a group told of just before, named.
_ONE_OF_THEM = re.compile(r"\b(?:[Oo]ne|[Aa]nother|[Tt]he\s+(?:eldest|youngest|oldest|elder|younger))\s+of\s+"
                          r"(?P<them>them)\s*,\s*")
_GROUP_REACH_CHARS = 300  # how far back the plural relatives "one of them" picks from may be told of


def one_of_group(text: str, ss: int, se: int, resolver: Resolver, name_starts: Sequence[tuple[int, int, str]],
                 unnamed: Sequence[Person], persons: Mapping[str, Person], add: AddTie) -> None:
    """ "Her three brothers were detained. One of them, Nurlybek, died": the person named is one of the
    unnamed relatives told of last, so tied to their owner as they are; "them" there is that person.

    Only a group of relatives told of shortly before, with no other plural reference between, is
    taken: "they were fined … one of them, X" about people named one by one is left alone.
    """
    for m in _ONE_OF_THEM.finditer(text, ss, se):
        named = next((n for n in name_starts if n[0] == m.end()), None)
        if named is None:
            continue
        kin_refs = [r for r in resolver.references if r.kind == "kin" and r.end <= m.start()
                    and m.start() - r.end <= _GROUP_REACH_CHARS and len(r.persons) == 1]
        groups = {u.id: u for u in unnamed if u.is_plural}
        if not kin_refs or kin_refs[-1].persons[0] not in groups:
            continue
        group = groups[kin_refs[-1].persons[0]]
        if any(r.kind in ("name", "description") and len(r.persons) >= 2
               for r in resolver.between(kin_refs[-1].end, m.start())):
            continue
        listed = group.attributes.get("_owners") or [group.attributes.get("_owner")]
        relation = group.attributes.get("_relation")
        if not isinstance(listed, list) or not isinstance(relation, str):
            continue
        for owner in listed:
            if isinstance(owner, str) and owner != named[2]:
                add(relation, owner, named[2], (m.start(), named[1]), 0.75)
        person = persons.get(named[2])
        if person is not None and person.gender is None:
            person.gender = group.gender
        them = resolver.at(m.start("them"), m.end("them"))
        if them is not None:
            resolver.references.remove(them)
        resolver.add(Reference(m.start(), m.end("them"), "description", (named[2],)))


# "his client told him … that police had called his mother": what the client told the lawyer.
_CLIENT_TOLD = re.compile(r"\b(?:[Hh]is|[Hh]er|[Tt]heir)\s+client\s+(?:had\s+)?(?:told|tells|said|says|explained|recalled|"
                          r"informed|described)\b(?P<rest>[^.;]*?\bthat\b)")


def client_of_teller(text: str, pos: int, owners: Sequence[str], sentences: Sequence[tuple[int, int]],
                     ties: Sequence[_Tie], unnamed: Sequence[Person], kin_word: str) -> str | None:
    """The lawyer's client when a "his" or "her" resolved to the lawyer is the client's, else None.

    "According to Sydykov, his client told him … that police had called his mother": inside what the
    client told, "his" is the client. "His mother has been barred from leaving, he added": the lawyer
    speaks on of the client's relative told of in the sentence before, not of his own.
    """
    if len(owners) != 1:
        return None
    clients = {t.source for t in ties if t.type == "lawyer" and t.target == owners[0]}
    if len(clients) != 1:
        return None
    client = next(iter(clients))
    index = next((i for i, (a, b) in enumerate(sentences) if a <= pos < b), None)
    if index is None:
        return None
    ss = sentences[index][0]
    if any(m.end() <= pos for m in _CLIENT_TOLD.finditer(text, ss, pos)):
        return client
    window_start = sentences[max(0, index - 1)][0]
    told = [u for u in unnamed if u.attributes.get("_owner") == client and u.description == kin_word
            and any(window_start <= s < ss for s, _ in u.mentions)]
    return client if told else None


_CLIENT = re.compile(r"\b(?P<owner>[Hh]is|[Hh]er|[Tt]heir)\s+(?P<client>clients?)\b")


def resolve_clients(text: str, resolver: Resolver, relations: Sequence[_Tie]) -> None:
    """ "Her client, she said, had asked for asylum": a lawyer's client is the person whose lawyer they are."""
    for m in _CLIENT.finditer(text):
        owner = resolver.at(m.start("owner"), m.end("owner"))
        if owner is None or not owner.persons:
            continue
        clients = tuple(dict.fromkeys(r.source for r in relations if r.type == "lawyer" and r.target in owner.persons))
        if clients:
            resolver.add(Reference(m.start("client"), m.end("client"), "description", clients))



# The kinship words that name a spouse's parent.
_PARENT_IN_LAW = ("mother-in-law", "father-in-law")


def parents_in_law(kin_words: Mapping[tuple[str, str], str], ties: Sequence[_Tie], persons: Mapping[str, Person],
                   add: AddTie) -> None:
    """ "She married Mirzat … her mother-in-law, Aynisa": a named parent-in-law is the parent of the one
    spouse the text has named, so that "his mother" told of the husband is her too."""
    for (owner, relative), word in list(kin_words.items()):
        if word not in _PARENT_IN_LAW:
            continue
        spouses = {t.target if t.source == owner else t.source for t in ties if t.type == "spouse"
                   and owner in (t.source, t.target)}
        spouses = {sp for sp in spouses if sp in persons and sp != relative}
        evidence = next((t.evidence for t in ties if {t.source, t.target} == {owner, relative}), None)
        if len(spouses) == 1 and evidence is not None:
            add("parent", spouses.pop(), relative, evidence, 0.75)
