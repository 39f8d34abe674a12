"""A person's mentions summed up: what the registry scores a new mention against.

Scoring a new mention against a candidate person needs the person's combined evidence
(`combine_features`) and what it must stay consistent with (`ClusterProfile`). Building both from
every mention each time makes a much-reported person (a thousand articles) cost a thousand decoded
mentions per new article that names someone like them. A profile holds the same sums (distinct name
forms, birth-year counts, the sets of places, relatives, companions and events, how often each
spelling is used) in one stored row: two profiles add up to the profile of the merged person, so a
merge updates it without reading the person's mentions again.

It does not hold the person's sources: whether a candidate is already named in the new mention's
own source is asked of the store (`persons_named_in_document`), which stays small however famous the
person is.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

from aigak.resolve.cluster import MAX_SIGNATURES, ClusterProfile
from aigak.resolve.features import MAX_COMBINED_NAMES, MentionFeatures
from aigak.resolve.names import Script, parse_name
from aigak.store.persons import PersonMention

__all__ = ["PROFILE_VERSION", "PersonProfile", "best_display_name"]

PROFILE_VERSION = 1
"""Stored profiles of another version are rebuilt from the mentions (the sums they hold changed)."""


def best_display_name(name_counts: Mapping[str, int], fallback: str) -> str:
    """The name to show for a person: a full name before a partial one, Latin script before others,
    then the spelling used most often, then the longest."""
    if not name_counts:
        return fallback

    def rank(name: str) -> tuple[int, int, int, int]:
        form = parse_name(name)
        return (int(form.is_full), int(form.script is Script.LATIN), name_counts[name], len(name))

    return max(name_counts, key=rank)


def _add_distinct(kept: list[str], texts: Iterable[str], limit: int) -> None:
    """Append the forms not yet kept (compared folded), in order, while fewer than `limit` are kept."""
    seen = {parse_name(t).key for t in kept}
    for text in texts:
        if len(kept) >= limit:
            return
        key = parse_name(text).key
        if key not in seen:
            seen.add(key)
            kept.append(text)


@dataclass(slots=True)
class PersonProfile:
    """The sums of a person's named mentions.

    Attributes:
        mentions: how many named mentions it sums up.
        names: distinct name forms (the first `MAX_COMBINED_NAMES` met), as written.
        signatures: distinct full names (the first `MAX_SIGNATURES` met), as written.
        years: how many mentions give each birth year.
        genders: the genders the mentions give.
        places, relatives, co_persons, events: the unions of the mentions' sets.
        name_counts: how many mentions are written with each name (for the name shown).
    """

    mentions: int = 0
    names: list[str] = field(default_factory=list)
    signatures: list[str] = field(default_factory=list)
    years: dict[int, int] = field(default_factory=dict)
    genders: set[str] = field(default_factory=set)
    places: set[str] = field(default_factory=set)
    relatives: set[str] = field(default_factory=set)
    co_persons: set[str] = field(default_factory=set)
    events: set[str] = field(default_factory=set)
    name_counts: dict[str, int] = field(default_factory=dict)

    @classmethod
    def of_mentions(cls, mentions: Sequence[PersonMention]) -> PersonProfile:
        """The profile of these registry mentions (unnamed ones, such as "his brother", add nothing)."""
        profile = cls()
        for m in mentions:
            if m.name:
                profile.add(MentionFeatures.from_json(m.features), m.name)
        return profile

    def add(self, f: MentionFeatures, name: str) -> None:
        """Count one more named mention in."""
        self.mentions += 1
        _add_distinct(self.names, (n.text for n in f.names), MAX_COMBINED_NAMES)
        _add_distinct(self.signatures, (n.text for n in f.full_names), MAX_SIGNATURES)
        if f.birth_year is not None:
            self.years[f.birth_year] = self.years.get(f.birth_year, 0) + 1
        if f.gender:
            self.genders.add(f.gender)
        self.places |= f.places
        self.relatives |= f.relatives
        self.co_persons |= f.co_persons
        self.events |= f.events
        self.name_counts[name] = self.name_counts.get(name, 0) + 1

    def absorb(self, other: PersonProfile) -> None:
        """Add another person's profile in (the two persons were merged)."""
        self.mentions += other.mentions
        _add_distinct(self.names, other.names, MAX_COMBINED_NAMES)
        _add_distinct(self.signatures, other.signatures, MAX_SIGNATURES)
        for year, count in other.years.items():
            self.years[year] = self.years.get(year, 0) + count
        self.genders |= other.genders
        self.places |= other.places
        self.relatives |= other.relatives
        self.co_persons |= other.co_persons
        self.events |= other.events
        for name, count in other.name_counts.items():
            self.name_counts[name] = self.name_counts.get(name, 0) + count

    def features(self) -> MentionFeatures:
        """The person's combined features, as `combine_features` gives them for the same mentions."""
        years = sorted(year for year, count in self.years.items() for _ in range(count))
        return MentionFeatures(
            names=tuple(parse_name(n) for n in self.names), birth_year=years[len(years) // 2] if years else None,
            gender=next(iter(self.genders)) if len(self.genders) == 1 else None,
            places=frozenset(self.places), relatives=frozenset(self.relatives),
            co_persons=frozenset(self.co_persons), events=frozenset(self.events), document=None)

    def cluster(self, documents: Iterable[int | str] = ()) -> ClusterProfile:
        """What a newcomer must stay consistent with; `documents` are the person's sources that matter
        (the newcomer's own, when the person is named there too)."""
        return ClusterProfile(size=self.mentions, years=dict(self.years), genders=set(self.genders),
                              documents=set(documents), signatures=[parse_name(s) for s in self.signatures])

    def to_json(self) -> dict[str, Any]:
        """A JSON-ready dict (sets sorted, so equal profiles are stored alike)."""
        return {"v": PROFILE_VERSION, "mentions": self.mentions, "names": self.names,
                "signatures": self.signatures, "years": {str(y): c for y, c in sorted(self.years.items())},
                "genders": sorted(self.genders), "places": sorted(self.places),
                "relatives": sorted(self.relatives), "co_persons": sorted(self.co_persons),
                "events": sorted(self.events), "name_counts": dict(sorted(self.name_counts.items()))}

    @classmethod
    def from_json(cls, data: Mapping[str, Any]) -> PersonProfile | None:
        """The profile back from `to_json`, or None when it was stored by another version."""
        if data.get("v") != PROFILE_VERSION:
            return None
        return cls(mentions=int(data["mentions"]), names=list(data["names"]), signatures=list(data["signatures"]),
                   years={int(y): int(c) for y, c in data["years"].items()}, genders=set(data["genders"]),
                   places=set(data["places"]), relatives=set(data["relatives"]),
                   co_persons=set(data["co_persons"]), events=set(data["events"]),
                   name_counts={str(n): int(c) for n, c in data["name_counts"].items()})
