"""A second name the text gives for one person: a transcription, a Chinese name, "also known as".

"The notice refers to the man by the Chinese transcription of his name, Bahetijiang Wulalebai. He is
Baqytzhan Oralbaiuly", "Erlan Sadykov, whose Chinese name is Ailan Sadeke", "his Chinese name is X",
"known in Chinese as X": both names are one person. The name the text offers as the other form is
the alias; the one it calls the person by ("He is Y") stays the name. `find_persons` has already
joined a spelling in brackets and "also known as" to the name before it; these cues need the text
around two persons found apart.
"""

from __future__ import annotations

import re
from collections.abc import Sequence

from aigak.extract.persons import Person

__all__ = ["add_han_spellings", "merge_initialled", "merge_stated_aliases"]

_LANGUAGES = r"Chinese|Mandarin|Han|Pinyin|Kazakh|Uyghur|Uighur|Kyrgyz|Russian|Uzbek|official|legal|passport"
# Right before a name that is another form of someone's name: "the Chinese transcription of his name,",
# "whose Chinese name is", "her name in Chinese documents is", "known in Chinese as", "Chinese name:".
_ALIAS_BEFORE = re.compile(
    r"(?:\b(?:transcription|transliteration|spelling|rendering|version|form)\s+of\s+(?:his|her)\s+name"
    r"|\bwhose\s+(?:{lang})\s+name\s+(?:is|was|appears\s+as|is\s+given\s+as)"
    r"|\bwhose\s+name\s+(?:appears|is\s+given|is\s+spel(?:led|t)|is\s+written)\s+(?:in\s+[A-Z][a-z]+\s+)?as"
    r"|\b(?:[Hh]is|[Hh]er)\s+(?:{lang})\s+name\s+(?:is|was|appears\s+as|is\s+given\s+as)"
    r"|\b(?:known|registered|listed|recorded)\s+in\s+(?:{lang})(?:\s+[a-z]+)?\s+as"
    r"|\b(?:{lang})\s+name\s*:)"
    r"\s*[,:]?\s*[\"“']?$".replace("{lang}", _LANGUAGES))
# After the alias, the next sentence says who the person is: "He is Baqytzhan Oralbaiuly", "His real name
# is Y", "She is in fact Y".
_IDENTITY_AFTER = re.compile(r"^[\"”']?[^.!?\n]{0,80}?[.!?]\s+(?:(?:He|She)\s+(?:is|was)\s+(?:in\s+fact\s+|actually\s+)?"
                             r"|(?:His|Her)\s+(?:real\s+|actual\s+|own\s+)?name\s+is\s+)$")
_REACH_CHARS = 200  # how far back the owner of "whose name" or "his name" may be named in the same sentence
# One initial of a given name in a name written with initials: "Zh." of "Zh. Kaliakbarov", "S." and "B." of
# "Ospanov S.B."; Cyrillic sounds written with two Latin letters are one initial.
_GIVEN_INITIAL = re.compile(r"(Sh|Zh|Ch|Kh|Ts|Yu|Ya|Ye|Yo|[A-ZА-ЯЁ])\.")
# A token that is only initials ("Zh.", "S.B.", "A.").
_INITIALS_ONLY = re.compile(r"^(?:(?:Sh|Zh|Ch|Kh|Ts|Yu|Ya|Ye|Yo|[A-ZА-ЯЁ])\.)+$")


def _mention_at(persons: Sequence[Person], start: int, end: int) -> Person | None:
    return next((p for p in persons if (start, end) in p.mentions), None)


def merge_stated_aliases(text: str, persons: Sequence[Person]) -> list[Person]:
    """The persons with every name the text states as another name of someone else merged into them.

    Args:
        text: the document text.
        persons: the named persons, as `find_persons` grouped them.

    Returns:
        The persons, fewer when an alias was merged; the merged person keeps the name the text calls
        them by, with the alias among `aliases` and its mentions among theirs.
    """
    merged: dict[int, Person] = {}  # id() of an alias person → the person it is another name of
    for alias in persons:
        if not alias.name or id(alias) in merged:
            continue
        for s, e in alias.mentions:
            cue = _ALIAS_BEFORE.search(text, max(0, s - 80), s)
            if cue is None:
                continue
            owner = _identity_after(text, persons, alias, e) or _owner_before(text, persons, alias, cue.start())
            if owner is not None and id(owner) not in merged:
                merged[id(alias)] = owner
                break
    return _merge(persons, merged)


# "Mā Xiùlán (马秀兰)", "Ma Xiulan (馬秀蘭, 55)": the name in Chinese characters in brackets after a name.
_HAN_SPELLING = re.compile(r"\s*[(（]\s*(?P<han>[\u3400-\u9fff\uf900-\ufaff·]{2,6})\s*[)），,;]")


def add_han_spellings(text: str, persons: Sequence[Person]) -> None:
    """Keep the Chinese spelling a text gives in brackets after a name as that person's alias and mention:
    the registry matches Chinese renderings of names, and redaction must hide them too."""
    for person in persons:
        if not person.name:
            continue
        for _, e in list(person.mentions):
            m = _HAN_SPELLING.match(text, e)
            if m is None:
                continue
            span = (m.start("han"), m.end("han"))
            if m.group("han") != person.name and m.group("han") not in person.aliases:
                person.aliases.append(m.group("han"))
            if span not in person.mentions:
                person.mentions.append(span)
                person.mentions.sort()


def _merge(persons: Sequence[Person], merged: dict[int, Person]) -> list[Person]:
    """The persons with each one keyed in `merged` (by id()) folded into the person it maps to."""
    if not merged:
        return list(persons)
    for alias in persons:
        owner = merged.get(id(alias))
        if owner is None:
            continue
        owner.mentions = sorted({*owner.mentions, *alias.mentions})
        names = [n for n in (alias.name, *alias.aliases) if n and n != owner.name]
        owner.aliases = sorted({*owner.aliases, *names}, key=lambda n: (-len(n), n))
        owner.gender = owner.gender or alias.gender
        for key, value in alias.attributes.items():
            owner.attributes.setdefault(key, value)
        owner.confidence = max(owner.confidence, alias.confidence)
    kept = [p for p in persons if id(p) not in merged]
    kept.sort(key=lambda p: p.mentions[0])
    return kept


def _identity_after(text: str, persons: Sequence[Person], alias: Person, end: int) -> Person | None:
    """The person the sentence after the alias says he or she is ("… Wulalebai. He is Baqytzhan Oralbaiuly")."""
    for other in persons:
        if other is alias or not other.name:
            continue
        for s, _ in other.mentions:
            if end < s <= end + 140 and _IDENTITY_AFTER.match(text[end:s]):
                return other
    return None


def _owner_before(text: str, persons: Sequence[Person], alias: Person, cue_start: int) -> Person | None:
    """The person named last before the cue in its sentence ("Erlan Sadykov, whose Chinese name is X")."""
    sentence_start = max(text.rfind(". ", 0, cue_start), text.rfind("\n", 0, cue_start), cue_start - _REACH_CHARS)
    before = [(s, p) for p in persons if p is not alias and p.name for s, e in p.mentions
              if sentence_start <= s and e <= cue_start]
    return max(before, key=lambda x: x[0])[1] if before else None


def merge_initialled(persons: Sequence[Person]) -> list[Person]:
    """The persons with each name written with initials merged into the one full name it abbreviates.

    Court reports name a defendant in full once and then as "Zh. Kaliakbarov" or "Kaliakbarov Zh.";
    the initialled form is an alias of "Zhenisbek Kaliakbarov" when exactly one named person of the
    text has that surname and given names starting with those initials (two-letter initials such as
    "Zh." and "Sh." included). With two fitting persons the short form stays on its own.
    """
    merged: dict[int, Person] = {}
    for short in persons:
        if not short.name:
            continue
        form = _surname_and_initials(short.name.split())
        if form is None:
            continue
        surname, initials = form
        fitting = [p for p in persons if p is not short and p.name and id(p) not in merged
                   and _abbreviates(surname, initials, p.name.split())]
        if len(fitting) == 1:
            merged[id(short)] = fitting[0]
    return _merge(persons, merged)


def _surname_and_initials(tokens: Sequence[str]) -> tuple[str, list[str]] | None:
    """("Kaliakbarov", ["Zh"]) of "Zh. Kaliakbarov" or "Kaliakbarov Zh."; None for a name without initials."""
    initials = [i for t in tokens if _INITIALS_ONLY.match(t) for i in _GIVEN_INITIAL.findall(t)]
    names = [t for t in tokens if not _INITIALS_ONLY.match(t)]
    if not initials or len(names) != 1:
        return None
    return names[0], initials


def _abbreviates(surname: str, initials: Sequence[str], tokens: Sequence[str]) -> bool:
    """Whether a full name written out ("Zhenisbek Kaliakbarov", "Kaliakbarov Zhenisbek") has that surname
    and given names that start with the initials, in order."""
    if len(tokens) < 2 or any(_INITIALS_ONLY.match(t) for t in tokens):
        return False
    low = surname.lower()
    if tokens[-1].lower() == low:
        given = list(tokens[:-1])
    elif tokens[0].lower() == low:
        given = list(tokens[1:])
    else:
        return False
    return len(given) >= len(initials) and all(g.startswith(i) for g, i in zip(given, initials))
