"""Whom a nationality or ethnicity is said of when no name stands right beside it.

- A list of names opening a sentence, then its plural predicate: "Aigerim Nurlankyzy, 27, and her
  brother Dauren Nurlanuly, 24, live in Almaty and are citizens of Kazakhstan" (both of them).
- A definite description that repeats a stated age: "Sharifjon Nazarov, 38, … The 38-year-old Tajik
  citizen was detained" (the one person the text gives that age).
- A person set among a people: "On Monday she stood before the cameras, one of a growing number of
  Kazakhs who …" (the subject of the clause is a Kazakh).
"""

from __future__ import annotations

import re
from collections.abc import Iterator, Sequence

from aigak.extract.coref import Reference
from aigak.extract.demonyms import ethnicity_of
from aigak.extract.persons import Person

__all__ = ["described_by_age", "group_members", "listed_subjects"]

# Between two names of a list: ", and ", ", 27, and her brother ", " and his wife, ".
_LIST_GAP = re.compile(r"\s*(?:,\s*(?:aged\s+)?\d{1,3}\s*)?(?:,\s*and|,|and)\s+"
                       r"(?:(?:his|her|their)\s+(?:[a-z\-]+\s+)?[a-z\-]+\s*,?\s*)?")
# From the last listed name to a plural predicate: ", 24, are ethnic …", ", 24, live in Almaty and are …".
_PLURAL_PREDICATE = re.compile(r"(?:\s*,\s*(?:aged\s+)?\d{1,3}\s*,)?\s+(?:(?:are|were)\s+|[a-z][^.;:()\"“”]{0,80}?"
                               r"\band\s+(?:are|were)\s+)(?:(?:both|all|also|now|still)\s+)*(?:an?\s+)?")
_RELATIVE = re.compile(r"\b(?:who|which|that|whom|whose)\b")
_THE_AGED = re.compile(r"\b[Tt]he\s+(?P<n>\d{1,3})-year-old\s+(?:[a-z\-]+\s+){0,2}")
# "one of a growing number of Kazakhs", "one of thousands of Uyghurs who …".
_ONE_OF = re.compile(r",\s+(?:(?:now|still|also|herself|himself)\s+)?one\s+of\s+(?:(?:the|a|an|many|several|some|"
                     r"hundreds|thousands|dozens|tens|of|growing|large|small|number|few|other)\s+){0,6}"
                     r"(?P<w>[A-Z][\w\-]+s)\b")


def listed_subjects(text: str, refs: Sequence[Reference], sentence_start: int, start: int) -> tuple[str, ...]:
    """The people a list of names opening the sentence names, when the plural statement at `start` is
    their shared predicate; empty otherwise.

    Args:
        text: the whole text.
        refs: the references of the sentence, in text order.
        sentence_start: where the sentence begins.
        start: where the plural statement ("citizens of Kazakhstan") begins.
    """
    names = [r for r in refs if r.kind == "name" and sentence_start <= r.start < start and not r.in_quote]
    if not names or text[sentence_start:names[0].start].strip():
        return ()
    listed = [names[0]]
    for ref in names[1:]:
        if not _LIST_GAP.fullmatch(text, listed[-1].end, ref.start):
            break
        listed.append(ref)
    last = listed[-1].end
    if len(listed) < 2 or any(r.start >= last and r.start < start and r.kind != "generic" for r in refs):
        return ()
    rest = text[last:start]
    if not _PLURAL_PREDICATE.fullmatch(rest) or _RELATIVE.search(rest):
        return ()
    return tuple(dict.fromkeys(p for r in listed for p in r.persons))


def described_by_age(text: str, persons: Sequence[Person], start: int) -> tuple[str, ...]:
    """The one named person whose stated age a definite description at `start` repeats ("The 38-year-old
    Tajik citizen"); empty when none or several have that age."""
    for m in _THE_AGED.finditer(text, max(0, start - 40), start + 40):
        if m.start() <= start <= m.end():
            same = [p.id for p in persons if p.name and p.attributes.get("age") == int(m.group("n"))]
            return (same[0],) if len(same) == 1 else ()
    return ()


def group_members(text: str, refs: Sequence[Reference], sentence: tuple[int, int]) -> Iterator[tuple[str, str]]:
    """(person id, ethnicity) for "…, one of a growing number of Kazakhs who …": the person the
    apposition is set beside (a name right before the comma), or else the clause's subject."""
    ss, se = sentence
    for m in _ONE_OF.finditer(text, ss, se):
        value = ethnicity_of(m.group("w"))
        if value is None:
            continue
        before = [r for r in refs if ss <= r.start < m.start() and not r.in_quote and r.kind != "generic"]
        if not before:
            continue
        last = before[-1]
        subject = last if last.end == m.start() and not last.possessive else before[0]
        if subject.possessive or len(subject.persons) != 1 or subject.kind not in ("name", "pronoun"):
            continue
        yield subject.persons[0], value
