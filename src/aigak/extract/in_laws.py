"""Relatives through a spouse: "his wife's parents", "her husband's brother".

The second relative belongs to the spouse. When the text names the spouse, the tie is the spouse's
own ("his wife's relatives" are relatives of the named wife); when the spouse stays unnamed, the
in-laws are told as relatives of the person whose spouse it is (GUIDELINES: the person the text is
about keeps the tie, an unnamed-to-unnamed tie cannot be scored or read). Runs after
`find_relations`, once unnamed relatives later named have been merged into their names.
"""

from __future__ import annotations

import re
from collections.abc import Sequence

from aigak.extract.coref import Reference, Resolver
from aigak.extract.lexicon import kinship
from aigak.extract.persons import Person
from aigak.extract.relations import Relation

__all__ = ["spouse_kin"]

# "his wife's parents", "her late husband's younger brother", "my wife's relatives": a spouse's relative.
_SPOUSE_KIN = re.compile(r"\b(?P<owner>[Hh]is|[Hh]er|[Mm]y)\s+(?:late\s+|former\s+)?(?P<spouse>wife|husband)['’]s\s+"
                         r"(?:(?:elderly|older|younger|elder|late|two|three)\s+)*(?P<kin>[a-z\-]+)\b")


def spouse_kin(text: str, start: int, end: int, resolver: Resolver, persons: Sequence[Person],
               unnamed: list[Person], relations: list[Relation]) -> None:
    """Add the spouse's relatives the body names by "his wife's …" as unnamed relatives and their ties.

    Args:
        unnamed, relations: extended in place with each new relative and its tie.
    """
    kin = kinship()
    named = {p.id for p in persons if p.name}
    taken = [m for p in [*persons, *unnamed] for m in p.mentions]
    for m in _SPOUSE_KIN.finditer(text, start, end):
        entry = kin.get(m.group("kin"))
        span = (m.start("kin"), m.end("kin"))
        if entry is None or any(s < span[1] and span[0] < e for s, e in taken):
            continue  # not a kinship word, or a relative the relation rules already found
        spouse = resolver.at(m.start("spouse"), m.end("spouse"))
        owner = resolver.at(m.start("owner"), m.end("owner"))
        if spouse is not None and len(spouse.persons) == 1 and spouse.persons[0] in named:
            holder, relation = spouse.persons[0], str(entry["relation"])
        elif owner is not None and len(owner.persons) == 1 and owner.persons[0] in named:
            holder, relation = owner.persons[0], "relative"
        else:
            continue
        relative = Person(id=f"ul{len(unnamed) + 1}", name=None, description=str(entry["description"]),
                          mentions=[span], confidence=0.7, is_plural=bool(entry["plural"]),
                          gender=entry["gender"] if isinstance(entry["gender"], str) else None)
        relative.attributes["_owner"] = holder
        relative.attributes["_relation"] = relation
        unnamed.append(relative)
        relations.append(Relation(relation, holder, relative.id, (m.start(), m.end()), 0.7))
        resolver.add(Reference(span[0], span[1], "kin", (relative.id,)))
