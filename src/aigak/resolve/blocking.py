"""Blocking keys: which mentions are worth comparing at all, so the work grows with the mentions,
not with their square.

Two mentions are compared only when they share a key. Mentions with a full name (given name and
surname) are *members* of their keys; mentions with a surname or given name alone are *probes*.
Name keys pair every member with every other member; evidence keys (a stem with a birth year, a
place, a relative, a person named alongside or a dated event) pair probes with members, so that a surname-only
mention is compared with the full names it could belong to only when something else agrees. Full
names that share an evidence key (`EVIDENCE_FAMILIES`) are compared with each other too, in a batch
and in the registry.
"""

from __future__ import annotations

from dataclasses import dataclass

from aigak.resolve.features import MentionFeatures
from aigak.resolve.names import Script, consonant_skeleton, vowel_runs

__all__ = ["EVIDENCE_FAMILIES", "PAIR_ALL_FAMILIES", "BlockingKeys", "blocking_keys"]

PAIR_ALL_FAMILIES = frozenset({"n", "k", "s", "b"})
"""Key families whose members are all compared with each other (the others only pair probes)."""
EVIDENCE_FAMILIES = frozenset({"y", "p", "c", "r", "e"})
"""Key families made of a name stem and one piece of evidence (a birth year, place, companion,
relative or dated event). Their members are compared with each other too (see
`aigak.resolve.cluster.candidate_pairs` and the registry's lookup keys)."""
_PREFIX = 4
_SKELETON = 4
_MAX_FORMS = 3
_MAX_EVIDENCE = 6


@dataclass(frozen=True, slots=True)
class BlockingKeys:
    """The keys of one mention, by the role it plays in them.

    Attributes:
        member_keys: keys where the mention is a member (a full name).
        probe_keys: keys where it only probes (a surname, a given name, or an initial with a surname).
    """

    member_keys: tuple[str, ...]
    probe_keys: tuple[str, ...]

    @property
    def keys(self) -> tuple[str, ...]:
        """All keys, whatever the role (what the registry indexes and looks up)."""
        return tuple(sorted({*self.member_keys, *self.probe_keys}))

    @property
    def is_probe(self) -> bool:
        """True when the mention has no full name at all."""
        return not self.member_keys


def _years(birth_year: int | None) -> tuple[int, ...]:
    # a pair one year apart always shares one of (y, y+1): the scorer accepts a gap of one year
    return () if birth_year is None else (birth_year, birth_year + 1)


def _evidence_keys(f: MentionFeatures, stems: set[str], out: set[str], *, surnames: set[str] | None = None) -> None:
    for stem in sorted(stems)[:_MAX_FORMS * 2]:
        for year in _years(f.birth_year):
            # a surname with a birth year pairs every member (a misspelt given name); any other
            # stem with a year only brings probes to members
            family = "b" if surnames is None or stem in surnames else "y"
            out.add(f"{family}|{stem}|{year}")
        for place in sorted(f.places)[:_MAX_EVIDENCE]:
            out.add(f"p|{stem}|{place}")
        for other in sorted(f.co_persons)[:_MAX_EVIDENCE]:
            out.add(f"c|{stem}|{other}")
        for rel in sorted(f.relatives)[:_MAX_EVIDENCE]:
            out.add(f"r|{stem}|{rel}")
        for event in sorted(f.events)[:_MAX_EVIDENCE]:
            out.add(f"e|{stem}|{event}")


def blocking_keys(f: MentionFeatures, *, lookup_keys: bool = False) -> BlockingKeys:
    """The blocking keys of a mention.

    A full name is a member of its name keys (`n` prefixes of given name and surname, `k` consonant
    skeletons, `s` surname with initial) and of its evidence keys (a stem with a birth year, place,
    companion, relative or dated event). A name with an initial probes the `s` key and the evidence
    keys of its surname; a lone surname or given name probes the evidence keys of its stem.

    Args:
        f: the mention's features.
        lookup_keys: also add the bare `t|stem` keys, which the registry uses to find "possibly the
            same" candidates for a lone surname (too broad for batch resolution).
    """
    members: set[str] = set()
    probes: set[str] = set()
    member_stems: set[str] = set()
    probe_stems: set[str] = set()
    for form in f.full_names[:_MAX_FORMS]:
        first, last = form.stems[0], form.stems[-1]
        if not form.initials[0] and not form.initials[-1]:
            a, b = sorted((first[:_PREFIX], last[:_PREFIX]))
            members.add(f"n|{a}|{b}")
            a, b = sorted((consonant_skeleton(first, _SKELETON), consonant_skeleton(last, _SKELETON)))
            members.add(f"k|{a}|{b}")
            members.add(f"s|{last}|{first[0]}")
            members.add(f"s|{first}|{last[0]}")
            member_stems.update((first, last))
            # a Chinese transcription keeps the consonants, not the vowels: it probes the names
            # whose consonants and vowel positions agree
            a, b = sorted((vowel_runs(first), vowel_runs(last)))
            (probes if form.script is Script.HAN else members).add(f"v|{a}|{b}")
        elif form.initials[0] and not form.initials[-1]:
            probes.add(f"s|{last}|{first[0]}")
            probe_stems.add(last)
        elif form.initials[-1] and not form.initials[0]:
            probes.add(f"s|{first}|{last[0]}")
            probe_stems.add(first)
    if not f.full_names:
        for form in f.names[:_MAX_FORMS]:
            probe_stems.update(s for s, initial in zip(form.stems, form.initials, strict=True) if not initial)
    surnames = {form.stems[-1] for form in f.full_names[:_MAX_FORMS] if not form.initials[-1]}
    _evidence_keys(f, member_stems, members, surnames=surnames)
    _evidence_keys(f, probe_stems - member_stems, probes)
    _evidence_keys(f, probe_stems - member_stems, probes, surnames=set())
    if lookup_keys:
        for stem in member_stems | probe_stems:
            probes.add(f"t|{stem}")
    return BlockingKeys(tuple(sorted(members)), tuple(sorted(probes - members)))
