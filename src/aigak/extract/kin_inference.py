"""Family ties that follow from the ties a text states, once its relatives are read.

A text about one family names its members one phrase at a time; some ties it says only by pointing
back to people already named: "His mother, Rabiye … when the police came for her husband" (the father
it named), "his younger sister, who had lived with her parents" (the parents it named), "Her son Daniyar
… their three children" (a son of both), "Our grandfather" said by the grandchildren of the man the
text is about. `relations.py` runs these after reading every sentence and before it merges unnamed
relatives into the people they turn out to be.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, MutableMapping, Sequence
from typing import Protocol

from aigak.extract.persons import Person

__all__ = ["complete_family"]

AddTie = Callable[[str, str, str, tuple[int, int], float], None]

_GRANDPARENT_WORDS = frozenset({"grandfather", "grandmother", "grandparent", "grandparents"})
_GRANDCHILD_WORDS = frozenset({"grandchild", "grandchildren", "grandson", "grandsons", "granddaughter",
                               "granddaughters"})


class _Tie(Protocol):
    type: str
    source: str
    target: str
    evidence: tuple[int, int]


def _parents(pid: str, ties: Sequence[_Tie], persons: Mapping[str, Person]) -> set[str]:
    found = {t.target for t in ties if t.type == "parent" and t.source == pid}
    found |= {t.source for t in ties if t.type == "child" and t.target == pid}
    return {p for p in found if p in persons}


def _spouses(pid: str, ties: Sequence[_Tie], persons: Mapping[str, Person]) -> set[str]:
    found = {t.target if t.source == pid else t.source for t in ties if t.type == "spouse"
             and pid in (t.source, t.target)}
    return {p for p in found if p in persons and p != pid}


def _siblings(pid: str, ties: Sequence[_Tie], persons: Mapping[str, Person]) -> set[str]:
    found = {t.target if t.source == pid else t.source for t in ties if t.type == "sibling"
             and pid in (t.source, t.target)}
    return {p for p in found if p in persons and p != pid}


def _owners(relative: Person) -> list[str]:
    listed = relative.attributes.get("_owners") or [relative.attributes.get("_owner")]
    return [o for o in listed if isinstance(o, str)] if isinstance(listed, list) else []


def _tie_of(relative: Person, ties: Sequence[_Tie]) -> tuple[int, int]:
    return next((t.evidence for t in ties if relative.id in (t.source, t.target)), relative.mentions[0])


def complete_family(ties: Sequence[_Tie], unnamed: Sequence[Person], persons: Mapping[str, Person],
                    kin_words: MutableMapping[tuple[str, str], str], add: AddTie) -> set[str]:
    """Add the ties that the stated ones imply; returns the unnamed groups now fully named.

    Args:
        kin_words: the kinship word that tied each (owner, named relative); updated for the ties added.
    """
    _coparent_is_spouse(ties, unnamed, persons, add)
    named_groups = _parents_of_sibling(ties, unnamed, persons, add)
    _child_of_both(ties, unnamed, persons, add)
    named_groups |= _grandparent_named(ties, unnamed, persons, kin_words, add)
    return named_groups


def _coparent_is_spouse(ties: Sequence[_Tie], unnamed: Sequence[Person], persons: Mapping[str, Person],
                        add: AddTie) -> None:
    """ "His father, Ablikim Qadir … His mother, Rabiye Emet, was at the market when the police came for
    her husband": a parent's unnamed spouse is the child's other named parent."""
    for u in unnamed:
        if u.is_plural or u.attributes.get("_relation") != "spouse":
            continue
        for owner in _owners(u):
            children = {t.source for t in ties if t.type == "parent" and t.target == owner and t.source in persons}
            children |= {t.target for t in ties if t.type == "child" and t.source == owner and t.target in persons}
            others = {p for c in children for p in _parents(c, ties, persons) if p != owner
                      and persons[p].gender in (u.gender, None) and persons[p].gender != persons[owner].gender}
            if len(others) == 1 and not _spouses(owner, ties, persons):
                add("spouse", owner, others.pop(), _tie_of(u, ties), 0.7)


def _parents_of_sibling(ties: Sequence[_Tie], unnamed: Sequence[Person], persons: Mapping[str, Person],
                        add: AddTie) -> set[str]:
    """ "His father, A … His mother, B … his younger sister, C, who had lived with her parents": the
    parents of a person whose sibling has two named parents are those two."""
    named: set[str] = set()
    for u in unnamed:
        if u.description != "parents" or u.attributes.get("_relation") != "parent":
            continue
        owners = _owners(u)
        for owner in owners:
            own = _parents(owner, ties, persons)
            if len(own) >= 2:
                named.add(u.id)
                continue
            pairs = {frozenset(_parents(s, ties, persons)) for s in _siblings(owner, ties, persons)}
            pairs = {p for p in pairs if len(p) == 2}
            if len(pairs) == 1 and not own - next(iter(pairs)):
                for parent in next(iter(pairs)):
                    add("parent", owner, parent, _tie_of(u, ties), 0.7)
                named.add(u.id)
    return named


def _child_of_both(ties: Sequence[_Tie], unnamed: Sequence[Person], persons: Mapping[str, Person],
                   add: AddTie) -> None:
    """ "Her husband, Bolat, moved with their three children … Her son Daniyar": a named child of one
    spouse is the other's too, when the text gave the couple children together."""
    shared = [u for u in unnamed if u.is_plural and u.attributes.get("_relation") == "child" and len(_owners(u)) >= 2]
    for u in shared:
        couple = [o for o in _owners(u) if o in persons]
        if len(couple) != 2 or couple[1] not in _spouses(couple[0], ties, persons):
            continue
        for parent, other in (couple, couple[::-1]):
            children = {t.target for t in ties if t.type == "child" and t.source == parent and t.target in persons}
            children |= {t.source for t in ties if t.type == "parent" and t.target == parent and t.source in persons}
            for child in children:
                if child not in (parent, other) and len(_parents(child, ties, persons)) == 1:
                    evidence = next(t.evidence for t in ties if {t.source, t.target} == {parent, child})
                    add("child", other, child, evidence, 0.65)


def _grandparent_named(ties: Sequence[_Tie], unnamed: Sequence[Person], persons: Mapping[str, Person],
                       kin_words: MutableMapping[tuple[str, str], str], add: AddTie) -> set[str]:
    """ "The grandchildren of Tursynbek … 'Our grandfather worked as a vet,' Aigerim said": the unnamed
    grandparent of people who speak of one is the one named person whose grandchildren the text told of;
    those grandchildren, and the grandchildren of that person's spouse, are the people who spoke."""
    named: set[str] = set()
    grandchild_groups = [u for u in unnamed if u.description in _GRANDCHILD_WORDS and u.is_plural]
    holders = {o for u in grandchild_groups for o in _owners(u) if o in persons}
    grandchildren: dict[str, set[str]] = {}
    for u in unnamed:
        if u.description not in _GRANDPARENT_WORDS or u.is_plural:
            continue
        fitting = [h for h in holders if persons[h].gender in (u.gender, None) and h not in _owners(u)]
        if len(fitting) != 1:
            continue
        for owner in _owners(u):
            add("relative", owner, fitting[0], _tie_of(u, ties), 0.65)
            kin_words[(owner, fitting[0])] = str(u.description)
            grandchildren.setdefault(fitting[0], set()).add(owner)
    for u in unnamed:
        # "His son, Nurlan, brought his two children to Kazakhstan": the son's children are the grandchildren
        # who spoke, when they are as many as the text counts and have no named parent yet.
        count = u.attributes.get("_count")
        if u.attributes.get("_relation") != "child" or not u.is_plural:
            continue
        for owner in _owners(u):
            for grandparent in _parents(owner, ties, persons):
                known = grandchildren.get(grandparent, set()) - {owner}
                if known and (count is None or len(known) == count) and len(known) >= 2 and not any(
                        _parents(g, ties, persons) for g in known):
                    for grandchild in known:
                        add("child", owner, grandchild, _tie_of(u, ties), 0.6)
                    named.add(u.id)
    for u in grandchild_groups:
        for holder in _owners(u):
            told = grandchildren.get(holder) or next(
                (grandchildren[sp] for sp in _spouses(holder, ties, persons) if sp in grandchildren), set())
            if not told:
                continue
            for grandchild in told:
                if grandchild != holder:
                    add("relative", grandchild, holder, _tie_of(u, ties), 0.6)
            named.add(u.id)
    return named
