"""A relative named as the source of a statement is not the one the statement is about.

"According to her daughter, Gulnaz, who lives in Almaty, she died in custody": the pronoun after the
source clause goes back to the owner of "her daughter", the person the case is about, not to the
daughter named last. The nearest-name rule of `coref.py` would pick the daughter; `resolve_references`
corrects it with this as its last step.
"""

from __future__ import annotations

import re
from dataclasses import replace
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from aigak.extract.coref import Resolver

__all__ = ["fix_source_pronouns"]

# "According to her daughter, Gulnaz S., who lives in Almaty, she …", "according to his aunt, X, he …": a
# relative given as the source, then the subject pronoun of what they said.
_SOURCE_CLAUSE = re.compile(
    r"\b[Aa]ccording\s+to\s+(?P<owner>his|her)\s+(?:[a-z\-]+\s+){0,2}?[a-z\-]+\s*,\s+[^,;\n]{2,60}?"
    r"(?:,\s+(?:who|whose)\s+[^,.;]{1,100})?,\s+(?P<pron>he|she)\b")


def fix_source_pronouns(text: str, resolver: Resolver, start: int, end: int) -> None:
    """Point the subject pronoun after "According to her daughter, X, …," to the owner of "her"."""
    for m in _SOURCE_CLAUSE.finditer(text, start, end):
        if m.group("owner").lower() != {"he": "his", "she": "her"}[m.group("pron").lower()]:
            continue  # "according to her son, X, he …": the pronoun may be the son himself
        owner = resolver.at(m.start("owner"), m.end("owner"))
        pronoun = resolver.at(m.start("pron"), m.end("pron"))
        if owner is None or pronoun is None or pronoun.kind != "pronoun" or len(owner.persons) != 1 \
                or pronoun.persons == owner.persons:
            continue
        resolver.references[resolver.references.index(pronoun)] = replace(pronoun, persons=owner.persons)
