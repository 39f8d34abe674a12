"""Whose relative "his …" or "her …" names when the person the pronoun was resolved to is unlikely.

News tells of one person's family; the people around that person are rarely given relatives of their
own. So "Her lawyer, X, went to court … Her son Daniyar" is the client's son, not the lawyer's, and
"His father, A, ran a shop … His mother, B" is the mother of the person whose father A is, not A's
mother. `relations.py` asks these helpers before it ties a relative to its owner.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Protocol

from aigak.extract.coref import Resolver
from aigak.extract.persons import Person

__all__ = ["client_if_lawyer", "client_of_lawyer", "owner_of_named_relative", "owner_of_passing_relative"]


class _Tie(Protocol):
    type: str
    source: str
    target: str
    evidence: tuple[int, int]


_GENDER_OF = {"his": "male", "her": "female"}

# The kinship relations of the person owning a parent that are better read as the person's own than as
# the parent's: "His father, A … His mother, B" (not A's mother), "… his younger sister, C" (not A's).
_PARENTS_KIN = frozenset({"parent", "sibling"})


def _sentence_of(pos: int, sentences: Sequence[tuple[int, int]]) -> tuple[int, int] | None:
    return next(((a, b) for a, b in sentences if a <= pos < b), None)


def _named_in(person: Person, start: int, end: int) -> bool:
    return any(start <= s < end for s, _ in person.mentions)


def client_of_lawyer(pronoun: str, pos: int, owners: Sequence[str], sentences: Sequence[tuple[int, int]],
                     ties: Sequence[_Tie], persons: Mapping[str, Person]) -> str | None:
    """The client, when "his"/"her" was resolved to a lawyer not named in the pronoun's sentence.

    "Her lawyer, Ainur Seitkazy, went to court … Her son Daniyar, now 19, studies in Almaty": the son is
    the client's. Only a lawyer of one client is taken, and only a client whose known gender fits.
    """
    if len(owners) != 1 or owners[0] not in persons:
        return None
    clients = {t.source for t in ties if t.type == "lawyer" and t.target == owners[0] and t.source in persons}
    if len(clients) != 1:
        return None
    client = clients.pop()
    sentence = _sentence_of(pos, sentences)
    if sentence is None or _named_in(persons[owners[0]], *sentence):
        return None
    wanted = _GENDER_OF.get(pronoun.lower())
    if wanted is None or persons[client].gender not in (wanted, None):
        return None
    return client


def owner_of_named_relative(resolver: Resolver, pronoun: str, pos: int, owners: Sequence[str], relation: str,
                            sentences: Sequence[tuple[int, int]], ties: Sequence[_Tie],
                            persons: Mapping[str, Person], kin_words: Mapping[tuple[str, str], str]) -> str | None:
    """The child, when "his"/"her" was resolved to a named parent and a parent or sibling is told of.

    "His father, Ablikim Qadir, ran a shop … His mother, Rabiye Emet, …": the text goes on through the
    family of the person whose father it named, so the mother is that person's. Taken only when no one
    is referred to before the pronoun in its sentence ("His mother, …", "That left his younger sister"),
    the parent is not named in that sentence, and exactly one named child of the pronoun's gender owns
    that parent: a child the text named more often, who was the owner of the kinship word that named the
    parent ("His father, A"; not "our son Alikhan … His father died", where the father is the husband's).
    """
    if relation not in _PARENTS_KIN or len(owners) != 1 or owners[0] not in persons:
        return None
    sentence = _sentence_of(pos, sentences)
    if sentence is None or _named_in(persons[owners[0]], *sentence):
        return None
    if any(r.persons for r in resolver.between(sentence[0], pos)):
        return None
    wanted = _GENDER_OF.get(pronoun.lower())
    children = {t.source for t in ties if t.type == "parent" and t.target == owners[0]}
    children |= {t.target for t in ties if t.type == "child" and t.source == owners[0]}
    children = {c for c in children if c in persons and persons[c].name and persons[c].gender in (wanted, None)
                and (c, owners[0]) in kin_words and len(persons[c].mentions) > len(persons[owners[0]].mentions)}
    return children.pop() if len(children) == 1 else None


def owner_of_passing_relative(owner: str, persons: Mapping[str, Person],
                              kin_words: Mapping[tuple[str, str], str]) -> str:
    """The person a relative named in passing belongs to, when "his"/"her" was resolved to that relative.

    "… his mother and his younger brother Yerlan remain in Xinjiang. His lawyer, X, has filed …": Yerlan is
    named once, as the defendant's brother, so the lawyer is the defendant's. Taken only when the relative
    is named once, the person they belong to is named more often, and both have the same gender (a
    "his" after "her husband, Marat" is Marat's).
    """
    relative = persons.get(owner)
    if relative is None or len(relative.mentions) != 1:
        return owner
    holders = [h for (h, r) in kin_words if r == owner and h in persons and h != owner
               and len(persons[h].mentions) > 1 and persons[h].gender in (relative.gender, None)
               and relative.gender is not None]
    return holders[0] if len(holders) == 1 else owner


def client_if_lawyer(owner: str, ties: Sequence[_Tie]) -> str:
    """The one client of `owner` when `owner` is a lawyer: "the defendant" read as the defence lawyer, who
    was named last, is the client."""
    clients = {t.source for t in ties if t.type == "lawyer" and t.target == owner}
    return clients.pop() if len(clients) == 1 else owner
