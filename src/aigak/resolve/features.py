"""What the resolver knows about one person mention: names, birth year, gender, places, company kept.

A *mention* here is one person entity of one document (the extractor has already joined the mentions
inside a document). Its features are computed once, stored with the registry as JSON, and compared
pairwise by `aigak.resolve.scoring`.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

from aigak.resolve.names import NameForm, fold_token, parse_name

__all__ = [
    "MAX_COMBINED_NAMES",
    "MentionFeatures",
    "birth_year_from",
    "combine_features",
    "features_from_extraction",
    "place_key",
    "year_of",
]

_YEAR = re.compile(r"^(\d{4})")
_GENDERS = {"male": "male", "m": "male", "man": "male", "female": "female", "f": "female", "woman": "female"}


def year_of(date: str | None) -> int | None:
    """The year of an ISO date (`2019`, `2019-12`, `2019-12-09`), or None."""
    if not date:
        return None
    match = _YEAR.match(str(date))
    return int(match.group(1)) if match else None


def birth_year_from(attributes: Mapping[str, Any], reference_date: str | None) -> int | None:
    """The birth year a mention states, or works out from an age and the date the source was written."""
    for key in ("birth_year", "born", "year_of_birth", "date_of_birth", "birth_date"):
        value = attributes.get(key)
        year = year_of(str(value)) if value is not None else None
        if year:
            return year
    age = attributes.get("age")
    ref_year = year_of(reference_date)
    if isinstance(age, (int, float)) and not isinstance(age, bool) and ref_year and 0 < age < 120:
        return ref_year - int(age)
    return None


def place_key(name: str) -> str:
    """A place name folded for comparison (`Durbuljin county` -> `durbuljin`)."""
    tokens = [fold_token(t) for t in re.split(r"[\s,\-]+", name) if t]
    generic = {"county", "province", "region", "city", "village", "district", "prefecture", "oblast",
               "autonomous", "uigur", "uigurautonomousregion", "aul", "town", "township", "of", "the"}
    kept = [t for t in tokens if t and t not in generic]
    return " ".join(kept or tokens)


@dataclass(frozen=True, slots=True)
class MentionFeatures:
    """Everything the scorer compares about one mention.

    Attributes:
        names: the name as written first, then its aliases (each parsed).
        birth_year: stated, or reference year minus stated age.
        gender: `male`, `female` or None.
        places: folded names of places tied to the person (their events, their stated home).
        relatives: folded name stems of named relatives and associates.
        co_persons: folded surname stems of other people named in the same source.
        events: `type|YYYY-MM` signatures of the events the person went through.
        document: the source the mention comes from (two mentions of one source are two people).
        ambiguity: bits to take off a name agreement because many others bear the same name
            (set by whoever knows the name counts: the batch resolver or the registry).
    """

    names: tuple[NameForm, ...]
    birth_year: int | None = None
    gender: str | None = None
    places: frozenset[str] = field(default_factory=frozenset)
    relatives: frozenset[str] = field(default_factory=frozenset)
    co_persons: frozenset[str] = field(default_factory=frozenset)
    events: frozenset[str] = field(default_factory=frozenset)
    document: int | str | None = None
    ambiguity: float = 0.0
    full_names: tuple[NameForm, ...] = field(default=(), compare=False)

    def __post_init__(self) -> None:
        # the forms with at least a given name and a surname; compared for every candidate pair
        object.__setattr__(self, "full_names", tuple(n for n in self.names if n.is_full))

    def name_keys(self) -> tuple[tuple[str, ...], tuple[str, ...]]:
        """How common this mention's name is, as keys to count: (its own keys, the keys it counts
        towards). A full name `Kaster Musahan` owns `f|kaster|musahan` and counts towards that, the
        initials `i|k|musahan` and `i|m|kaster`, and the lone stems `t|kaster`, `t|musahan`."""
        fulls = self.full_names
        counted: set[str] = set()
        for form in self.names:
            counted.update(f"t|{s}" for s, initial in zip(form.stems, form.initials, strict=True) if not initial)
        if fulls:
            form = fulls[0]
            first, last = form.stems[0], form.stems[-1]
            if form.initials[0] or form.initials[-1]:
                named, letter = (last, first[0]) if form.initials[0] else (first, last[0])
                own = (f"i|{letter}|{named}",)
            else:
                own = ("f|" + "|".join(sorted((first, last))),)
                counted.update((f"i|{first[0]}|{last}", f"i|{last[0]}|{first}"))
            counted.update(own)
            return own, tuple(sorted(counted))
        own_lone = tuple(sorted(k for k in counted))
        return own_lone, own_lone

    @property
    def display(self) -> str:
        """The name as first written."""
        return self.names[0].text if self.names else ""

    def to_json(self) -> dict[str, Any]:
        """A JSON-ready dict (names as written; they are re-parsed on load)."""
        return {"names": [n.text for n in self.names], "birth_year": self.birth_year, "gender": self.gender,
                "places": sorted(self.places), "relatives": sorted(self.relatives),
                "co_persons": sorted(self.co_persons), "events": sorted(self.events),
                "document": self.document}

    @classmethod
    def from_json(cls, data: Mapping[str, Any]) -> MentionFeatures:
        """The features back from `to_json`."""
        return cls(names=tuple(parse_name(n) for n in data.get("names") or []),
                   birth_year=data.get("birth_year"), gender=data.get("gender"),
                   places=frozenset(data.get("places") or ()), relatives=frozenset(data.get("relatives") or ()),
                   co_persons=frozenset(data.get("co_persons") or ()), events=frozenset(data.get("events") or ()),
                   document=data.get("document"))

    @classmethod
    def build(cls, names: Sequence[str], *, birth_year: int | None = None, gender: str | None = None,
              places: Iterable[str] = (), relatives: Iterable[str] = (), co_persons: Iterable[str] = (),
              events: Iterable[str] = (), document: int | str | None = None) -> MentionFeatures:
        """Features from plain values: names as written, places and relatives as written."""
        parsed: list[NameForm] = []
        seen: set[str] = set()
        for n in names:
            if not n or not n.strip():
                continue
            form = parse_name(n.strip())
            if form.stems and form.text not in seen:
                seen.add(form.text)
                parsed.append(form)
        gender_key = _GENDERS.get(str(gender).lower()) if gender else None
        if gender_key is None:
            hints = {form.gender_hint for form in parsed} - {None}
            gender_key = hints.pop() if len(hints) == 1 else None
        return cls(names=tuple(parsed), birth_year=birth_year, gender=gender_key,
                   places=frozenset(place_key(p) for p in places if p),
                   relatives=frozenset(_surname_stem(r) for r in relatives if r and _surname_stem(r)),
                   co_persons=frozenset(c for c in co_persons if c), events=frozenset(events),
                   document=document)


def _surname_stem(name: str) -> str:
    form = parse_name(name)
    return form.stems[-1] if form.stems else ""


def _as_list(value: Any) -> list[Any]:
    return list(value) if isinstance(value, (list, tuple)) else []


def features_from_extraction(extraction: Mapping[str, Any], *, reference_date: str | None,
                             document: int | str | None = None) -> dict[str, MentionFeatures]:
    """Features of every named person entity of one document's extraction (FORMAT.md), by local id.

    Unnamed persons (a relative described as "daughter") are left out: they are resolved through
    the person they are related to, not by name.
    """
    entities = [e for e in _as_list(extraction.get("entities")) if isinstance(e, Mapping)]
    by_id = {str(e.get("id")): e for e in entities if e.get("id") is not None}
    persons = {lid: e for lid, e in by_id.items() if e.get("kind") == "person" and e.get("name")}
    places = {lid: str(e.get("name")) for lid, e in by_id.items() if e.get("kind") == "place" and e.get("name")}
    surname_of = {lid: _surname_stem(str(e["name"])) for lid, e in persons.items()}
    event_places: dict[str, set[str]] = {lid: set() for lid in persons}
    event_sigs: dict[str, set[str]] = {lid: set() for lid in persons}
    for ev in _as_list(extraction.get("events")):
        if not isinstance(ev, Mapping):
            continue
        sig = f"{ev.get('type')}|{str(ev.get('start'))[:7]}" if ev.get("start") else None
        place = places.get(str(ev.get("place"))) if ev.get("place") is not None else None
        for subject in _as_list(ev.get("subjects")):
            if isinstance(subject, str) and subject in persons:
                if sig:
                    event_sigs[subject].add(sig)
                if place:
                    event_places[subject].add(place)
    relatives: dict[str, set[str]] = {lid: set() for lid in persons}
    for rel in _as_list(extraction.get("relations")):
        if not isinstance(rel, Mapping):
            continue
        a, b = str(rel.get("from")), str(rel.get("to"))
        if a in persons and b in persons:
            relatives[a].add(str(persons[b]["name"]))
            relatives[b].add(str(persons[a]["name"]))
    out: dict[str, MentionFeatures] = {}
    for lid, ent in persons.items():
        attributes = ent.get("attributes") if isinstance(ent.get("attributes"), Mapping) else {}
        assert isinstance(attributes, Mapping)
        own_places = set(event_places[lid])
        for key in ("home_place", "residence", "hometown", "birthplace", "origin"):
            value = attributes.get(key)
            if isinstance(value, str):
                own_places.add(places.get(value, value))
        co = {s for other, s in surname_of.items() if other != lid and s and s != surname_of[lid]}
        out[lid] = MentionFeatures.build(
            [str(ent["name"]), *[str(a) for a in _as_list(ent.get("aliases")) if a]],
            birth_year=birth_year_from(attributes, reference_date), gender=attributes.get("gender"),
            places=own_places, relatives=relatives[lid], co_persons=sorted(co)[:12],
            events=event_sigs[lid], document=document)
    return out


MAX_COMBINED_NAMES = 8
"""Distinct name forms a person's combined features keep (the first ones met)."""


def combine_features(members: Sequence[MentionFeatures]) -> MentionFeatures:
    """One set of features for a whole person: every distinct name form, the middle birth year, and
    the union of places, relatives, companions and events, so that a new mention can be scored
    against everything known about the person rather than against one mention at a time."""
    names: list[NameForm] = []
    seen: set[str] = set()
    for m in members:
        for form in m.names:
            if form.key not in seen and len(names) < MAX_COMBINED_NAMES:
                seen.add(form.key)
                names.append(form)
    years = sorted(m.birth_year for m in members if m.birth_year is not None)
    genders = {m.gender for m in members if m.gender}
    return MentionFeatures(
        names=tuple(names), birth_year=years[len(years) // 2] if years else None,
        gender=genders.pop() if len(genders) == 1 else None,
        places=frozenset().union(*(m.places for m in members)),
        relatives=frozenset().union(*(m.relatives for m in members)),
        co_persons=frozenset().union(*(m.co_persons for m in members)),
        events=frozenset().union(*(m.events for m in members)),
        document=None, ambiguity=min((m.ambiguity for m in members), default=0.0))
