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

__all__ = ["lawyer_for_each_client", "lawyer_for_group"]

# "lawyer Gulmira Zhaksybekova said", "defence counsel X": a person named right after the word for a lawyer.
_LAWYER_BEFORE_NAME = re.compile(r"\b(?:[Ll]awyer|[Aa]ttorney|[Aa]dvocate|[Cc]ounsel)\s*,?\s*$")
_GROUP_REACH_CHARS = 1500  # how far back the group the lawyer speaks for may be told of

# "acquit his clients", "on behalf of their clients", "for both defendants", "the defendants' appeal": the lawyer
# acts for more than one person.
_PLURAL_CLIENTS = re.compile(r"\b(?:(?:[Mm]y|[Oo]ur|his|her|their)\s+(?:two\s+|three\s+)?clients|(?:the|both|all)\s+(?:two\s+|three\s+)?"
                             r"defendants|each\s+(?:of\s+the\s+)?defendants?)\b")


def lawyer_for_each_client(text: str, sentences: Sequence[tuple[int, int]], persons: Sequence[Person],
                           relations: Sequence[Relation], resolver: Resolver) -> list[Relation]:
    """Lawyer ties to every member of the group a lawyer's plural "clients" stands for (and, through
    `lawyer_for_group`, those of a lawyer tied to no one yet).

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
    return added + lawyer_for_group(text, sentences, persons, [*relations, *added], resolver)


def lawyer_for_group(text: str, sentences: Sequence[tuple[int, int]], persons: Sequence[Person],
                     relations: Sequence[Relation], resolver: Resolver) -> list[Relation]:
    """ "The defendants pleaded guilty … 'My clients did not come to harm anyone,' lawyer X said": a lawyer
    tied to no one who speaks of plural clients acts for each member of the group the text told of last.

    The group is the last reference, before the lawyer's sentence ends and at most a few paragraphs
    back, to two or more named people that leaves the lawyer out.
    """
    named = {p.id for p in persons if p.name}
    tied = {pid for r in relations if r.type == "lawyer" for pid in (r.source, r.target)}
    added: list[Relation] = []
    for lawyer in persons:
        if lawyer.id not in named or lawyer.id in tied:
            continue
        for ms, me in lawyer.mentions:
            sentence = next(((a, b) for a, b in sentences if a <= ms < b), None)
            paragraph_start = text.rfind("\n", 0, ms) + 1  # the lawyer's quotation may open sentences earlier
            if sentence is None or not _LAWYER_BEFORE_NAME.search(text, max(0, ms - 30), ms) \
                    or not _PLURAL_CLIENTS.search(text, min(paragraph_start, sentence[0]), sentence[1]):
                continue
            groups = [r for r in resolver.references if ms - _GROUP_REACH_CHARS <= r.start < sentence[1]
                      and len(r.persons) > 1 and lawyer.id not in r.persons and all(p in named for p in r.persons)]
            if groups:
                added += [Relation("lawyer", client, lawyer.id, (ms, me), 0.65) for client in groups[-1].persons]
                break
    return added
