"""A lawyer who defends several people at once: "Defence lawyer X asked the court to acquit his clients".

In a trial of two brothers, the text ties the lawyer to one of them at most ("the defendant's lawyer",
or the person named most); a plural "his clients", "the defendants" or "both defendants" in the
lawyer's own sentence says the lawyer acts for the whole group the text has been calling "the
brothers" or "the defendants". Each member of that group gets a lawyer tie of its own.
"""

from __future__ import annotations

import re
from collections.abc import Sequence

from aigak.extract.coref import Resolver
from aigak.extract.persons import Person
from aigak.extract.relations import Relation

__all__ = ["lawyer_for_each_client"]

# "acquit his clients", "on behalf of their clients", "for both defendants", "the defendants' appeal": the lawyer
# acts for more than one person.
_PLURAL_CLIENTS = re.compile(r"\b(?:(?:his|her|their)\s+(?:two\s+|three\s+)?clients|(?:the|both|all)\s+(?:two\s+|three\s+)?"
                             r"defendants|each\s+(?:of\s+the\s+)?defendants?)\b")


def lawyer_for_each_client(text: str, sentences: Sequence[tuple[int, int]], persons: Sequence[Person],
                           relations: Sequence[Relation], resolver: Resolver) -> list[Relation]:
    """Lawyer ties to every member of the group a lawyer's plural "clients" stands for.

    The group is the last reference to two or more people, before the lawyer's sentence ends, that
    includes a client already tied to the lawyer; members already tied get nothing new.
    """
    named = {p.id for p in persons if p.name}
    added: list[Relation] = []
    for tie in relations:
        if tie.type != "lawyer" or tie.source not in named or tie.target not in named:
            continue
        lawyer = next((p for p in persons if p.id == tie.target), None)
        if lawyer is None:
            continue
        for ms, _ in lawyer.mentions:
            sentence = next(((a, b) for a, b in sentences if a <= ms < b), None)
            if sentence is None or not _PLURAL_CLIENTS.search(text, ms, sentence[1]):
                continue
            groups = [r for r in resolver.references if r.start < sentence[1] and len(r.persons) > 1
                      and tie.source in r.persons and tie.target not in r.persons]
            if not groups:
                continue
            tied = {r.source for r in [*relations, *added] if r.type == "lawyer" and r.target == tie.target}
            for client in groups[-1].persons:
                if client in named and client not in tied:
                    added.append(Relation("lawyer", client, tie.target, tie.evidence, 0.7))
            break
    return added
