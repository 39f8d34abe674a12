"""Where a person comes from or lives, as the words said of them state it.

"Aigerim Tursynbekkyzy, 34, a Chinese citizen from Tekes county in Ili, crossed …": Tekes county is her
home place. The case file shows it, the person registry compares it across sources, and redaction hides
it: a home place in the country of persecution leads the authorities to the family. What counts:

* the apposition or relative clause beside a name ("X, a teacher from Tekes,", "X, who lives in Zharkent");
* what is said of a person as the subject of "to be" or of a verb of origin or residence: "I am an ethnic
  Kazakh from Tekes county", "X, 34, is a citizen of China from Tekes county", "She was born in Ghulja",
  "I come from Tekes", "he lives in Zharkent". The first person is the narrator or speaker, as `coref.py`
  resolves "I" (a testimony's header, "My name is X", a transcript's speaker labels);
* a home owned by a person: "our house in Tekes", "my home village of Tekes", "his hometown, Ghulja".

Never the place of another verb ("was held in Ghulja", "was taken from Tekes", "crossed the border at
Khorgos"): where someone was held or travelled says nothing of where they come from. A place of origin
is the `home_place`; "born in" gives the `birthplace`; a place the person only lives in ("lives in",
"our flat in") is the `home_place` when no origin is given, else the `residence` (redaction hides both).
A country or a province says no more than citizenship or ethnicity and is left out of what is said of
a person; the apposition keeps its older, wider reading.
"""

from __future__ import annotations

import re
from collections.abc import Iterator, Mapping, Sequence
from dataclasses import dataclass

from aigak.extract.coref import Reference, Resolver
from aigak.extract.event_places import PlaceRef
from aigak.extract.persons import Person

__all__ = ["assign_home_places"]


def _split(words: str) -> list[str]:
    """The white-space separated words of a literal (word lists read better as text)."""
    return words.split()


# What may stand between a name and its place inside the apposition: ", 34, a Chinese citizen from ",
# ", a teacher from the village of ", " (45), who lives in ".
_FROM = re.compile(
    # ", 33, ethnic Kazakh, citizen of China, born in": up to three short apposed phrases before the cue
    r"(?:,\s*(?:aged\s+)?\d{1,3})?(?:\s*,\s*(?:(?:an?|the)\s+)?(?:[\w\-’']+\s+){0,4}[\w\-’']+){0,3}?"
    r"\s*(?:,|\()\s*(?:(?:an?|the)\s+)?(?:[\w\-’']+\s+){0,5}?"
    r"(?P<cue>from|native\s+of|resident\s+of|residents\s+of|who\s+(?:lives|lived|has\s+lived)\s+in|"
    r"living\s+in|residing\s+in|who\s+resides\s+in|born\s+in|who\s+was\s+born\s+in|originally\s+from|hails\s+from)\s+"
    r"(?:the\s+)?(?:(?:city|town|village|county|district|region|prefecture)\s+of\s+)?$", re.IGNORECASE)
_PLACE_OF = r"(?:the\s+)?(?:(?:city|town|village|county|district|region|prefecture|settlement)\s+of\s+)?"
# Between a subject and the place said of it: "'m from", " is an ethnic Kazakh and a citizen of China from",
# ", 34, is … from", " was born in", " come from", " has lived in". The words before the cue are checked
# by `_is_description`: a verb there ("was taken from", "was released from") makes it a journey.
_SAID = re.compile(
    r"(?:\s*,\s*(?:aged\s+)?\d{1,3}\s*,|\s*\(\s*\d{1,3}\s*\))?\s*"
    r"(?:(?:['’](?:m|s|re)\s+|(?:am|is|are|was|were)\s+)(?:(?:still|also|originally|now|actually|both)\s+)*"
    r"(?P<words>(?:[^\s.;:!?()\"“”]+\s+){0,9}?)"
    r"(?P<cue>originally\s+from|from|(?:an?\s+)?natives?\s+of|born\s+(?:and\s+(?:raised|brought\s+up|grew\s+up)\s+)?in|"
    r"(?:an?\s+)?(?:permanent\s+)?residents?\s+of|living\s+in|raised\s+in|brought\s+up\s+in|registered\s+in)"
    r"|(?:(?:still|also|originally|now|currently|once|always|all|both)\s+)*"
    r"(?P<verb>(?:come|comes|hail|hails)\s+from|(?:live|lives|lived|reside|resides|resided|grew\s+up)\s+in|"
    r"(?:have|has|had)\s+(?:always\s+)?lived\s+in))"
    rf"\s+{_PLACE_OF}", re.IGNORECASE)
# Words that turn "was … from" into a journey or a distance, or deny it: "was taken from", "far from",
# "not from", "300 km from", "a man who fled from".
_NOT_DESCRIPTION = frozenset(_split("""
not never no n't who whom which that when where after before because while until since to away far back home
out absent missing km kilometres kilometers miles hours minutes days weeks months years released escaped
taken driven brought sent held kept fled gone went came left got put moved being been forced made told said
given beaten seen hidden stolen thrown flown ridden written run ran returned transferred deported expelled
"""))
# Words ending in -ed or -en that describe a person rather than tell what happened to them.
_DESCRIBING = frozenset(_split("""
citizen citizens retired married unmarried unemployed disabled divorced widowed educated talented
naturalised naturalized registered ethnic women men turkmen kitchen
"""))
# A home a person owns, then its place: "our house in", "my home village of", "his hometown, ".
_HOME_OF = re.compile(
    r"(?:['’]s)?\s+(?:(?:own|family|old|native|home)\s+)?"
    r"(?P<home>house|home|flat|apartment|village|hometown|home\s+town|town|city|county|native\s+(?:village|town|city|"
    r"county|place|land)|birthplace|place\s+of\s+birth)\s*(?:,\s*|\s+(?:in|at|of)\s+)" + _PLACE_OF, re.IGNORECASE)
_DWELLING = frozenset({"house", "home", "flat", "apartment"})
_SUBJECT_PRONOUNS = frozenset({"i", "he", "she", "we"})
_OWNER_PRONOUNS = frozenset({"my", "our", "his", "her"})
_MALE = frozenset({"he", "him", "his"})
_FEMALE = frozenset({"she", "her"})
_THIRD_PERSON = _MALE | _FEMALE
_BORN = re.compile(r"born|birth", re.IGNORECASE)
_RESIDENCE = re.compile(r"liv|resid|raised|brought\s+up|grew\s+up", re.IGNORECASE)
_NO_HOME_KINDS = frozenset({"country", "region", "area"})  # what is said of a person names a city, county or village
_REACH = 110  # how far after a name its apposition may name the place

_ORIGIN, _DWELT = 0, 1  # an origin outranks a place lived in, for the home place


@dataclass(frozen=True, slots=True)
class _Home:
    person: str
    key: str  # "home_place" or "birthplace"
    rank: int
    at: int
    place: str


def assign_home_places(text: str, persons: Sequence[Person], resolver: Resolver, places: Sequence[PlaceRef],
                       place_names: Mapping[str, str]) -> None:
    """Set `home_place`, `birthplace` or `residence` of persons from what the text says of where they are from.

    Args:
        text: the document text.
        persons: the named persons; their `attributes` are filled in place.
        resolver: the resolved references (names, "I", "she", "my", … and whom they refer to).
        places: every place mention of the document.
        place_names: each place entity's name, by id.
    """
    by_id = {p.id: p for p in persons if p.name}
    ordered = sorted(places, key=lambda p: p.start)
    found: dict[str, list[_Home]] = {}
    for ref in resolver.references:
        if ref.kind == "pronoun" and text[ref.start:ref.end].lower() in _THIRD_PERSON and \
                _named_others(text, ref, resolver.references):
            continue
        for home in _homes_of(text, ref, ordered, place_names):
            if home.person in by_id:
                found.setdefault(home.person, []).append(home)
    for pid, homes in found.items():
        attributes = by_id[pid].attributes
        births = [h for h in homes if h.key == "birthplace"]
        if births:
            attributes.setdefault("birthplace", min(births, key=lambda h: h.at).place)
        lived = sorted((h for h in homes if h.key == "home_place"), key=lambda h: (h.rank, h.at))
        if not lived:
            continue
        attributes.setdefault("home_place", lived[0].place)
        dwelt = next((h.place for h in lived if h.rank == _DWELT and h.place != attributes["home_place"]), None)
        if dwelt is not None:
            attributes.setdefault("residence", dwelt)


def _homes_of(text: str, ref: Reference, places: Sequence[PlaceRef], place_names: Mapping[str, str]) -> Iterator[_Home]:
    """The home place, birthplace or dwelling said of the person `ref` refers to, at most one of each way."""
    if len(ref.persons) != 1 and not (ref.kind == "pronoun" and text[ref.start:ref.end].lower() in ("we", "our")):
        return
    if not ref.persons:
        return
    person = ref.persons[0]  # "we", "our": the speaker, named first among the companions
    word = text[ref.start:ref.end].lower()
    nearby = [p for p in places if ref.end < p.start <= ref.end + _REACH and not p.is_demonym]
    name = ref.kind == "name" and not ref.possessive
    subject = (name or ref.kind in ("kin", "description") and not ref.possessive
               or ref.kind == "pronoun" and word in _SUBJECT_PRONOUNS)
    owner = ref.kind == "pronoun" and word in _OWNER_PRONOUNS and ref.possessive or ref.kind == "name" and ref.possessive
    for place in nearby:
        gap = text[ref.end:place.start]
        if re.search(r"[.;:]", gap):
            break
        value = place_names.get(place.id, text[place.start:place.end])
        if name and place.kind != "country" and (m := _FROM.fullmatch(gap)) is not None:
            cue = m.group("cue")
            yield _Home(person, "birthplace" if _BORN.search(cue) else "home_place",
                        _DWELT if _RESIDENCE.search(cue) else _ORIGIN, place.start, value)
            return
        if place.kind in _NO_HOME_KINDS or re.search(r"[!?\n]", gap):
            continue
        if subject and (m := _SAID.fullmatch(gap)) is not None and _is_description(m.group("words") or ""):
            cue = m.group("cue") or m.group("verb")
            yield _Home(person, "birthplace" if _BORN.search(cue) else "home_place",
                        _DWELT if _RESIDENCE.search(cue) else _ORIGIN, place.start, value)
            return
        if owner and (m := _HOME_OF.fullmatch(gap)) is not None:
            home = m.group("home").lower()
            yield _Home(person, "birthplace" if _BORN.search(home) else "home_place",
                        _DWELT if home in _DWELLING else _ORIGIN, place.start, value)
            return


def _named_others(text: str, ref: Reference, references: Sequence[Reference]) -> bool:
    """Whether the sentence of a "he" or "his" refers only to other people before it, by name or by the same
    pronoun ("Dilmurat Ablikimov with a portrait of his parents in his flat in …" with the second "his"
    read as the father): whose home it is then rests on a guess, and a home place given to the wrong
    person misleads the case file."""
    sentence_start = max(text.rfind(". ", 0, ref.start), text.rfind("\n", 0, ref.start), 0)
    word = text[ref.start:ref.end].lower()
    gender = _MALE if word in _MALE else _FEMALE
    before = {p for r in references if sentence_start <= r.start < ref.start and (
        r.kind == "name" or r.kind == "pronoun" and text[r.start:r.end].lower() in gender) for p in r.persons}
    return bool(before) and not before & set(ref.persons)


def _is_description(words: str) -> bool:
    """Whether the words between "is" and "from" describe the person ("an ethnic Kazakh and a citizen of
    China") rather than tell of a journey ("taken", "released"), a distance ("far", "300 km") or a denial."""
    for raw in words.split():
        word = raw.strip(",").lower()
        if word in _NOT_DESCRIPTION or word.endswith("n't"):
            return False
        if word not in _DESCRIBING and len(word) > 3 and (word.endswith(("ed", "en", "ing"))):
            return False
    return True
