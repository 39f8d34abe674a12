"""How likely two mentions are one person: evidence weights in bits, added up, with the reasons.

The weights follow the Fellegi-Sunter idea (each agreement or disagreement adds the log-odds it is
worth) but are set by hand for this domain: a full name that agrees after transliteration is strong;
a surname alone is weak and needs company (the same age, the same place, the same people around);
two birth years three or more years apart, or two genders, rule a match out.

Shared places, relatives, companions and events are worth a fixed amount unless the caller knows how
common each value is in the collection (`EvidenceRarity`): then sharing a rare value (a village, a
dated detention few others went through) counts for more than sharing a common one (the capital, the
month of a mass detention). This is the term-frequency adjustment of record linkage.
"""

from __future__ import annotations

import enum
import math
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass

from aigak.resolve.features import MentionFeatures
from aigak.resolve.names import NameForm, Script, token_similarity

__all__ = [
    "MERGE_THRESHOLD",
    "POSSIBLE_THRESHOLD",
    "EvidenceRarity",
    "NameAgreement",
    "PairScore",
    "compare_forms",
    "compare_names",
    "score_pair",
]

MERGE_THRESHOLD = 8.0
"""At or above this many bits two mentions are merged into one person without asking."""
POSSIBLE_THRESHOLD = 3.0
"""At or above this (and below MERGE_THRESHOLD) they are offered as "possibly the same"."""

_TOKEN_MATCH = 0.75
_FULL_EXACT_BITS = 9.0
_FULL_FUZZ_PENALTY = 14.0
_INITIAL_CAP_BITS = 7.0
_REVERSED_BITS = 4.0
_SINGLE_LAST_BITS = 5.0
_SINGLE_FIRST_BITS = 3.0
_NAME_MISMATCH_BITS = -12.0
_BIRTH_AGREE_BITS = 3.0
_BIRTH_NEAR_BITS = -1.0
_BIRTH_CONFLICT_BITS = -10.0
_GENDER_CONFLICT_BITS = -10.0
_PLACE_AGREE_BITS = 2.0
_PLACE_DIFFER_BITS = -1.5
_RELATIVE_BITS = 3.0
_CO_PERSON_BITS = 2.0
_CO_PERSON_CAP = 4.0
_EVENT_BITS = 1.5
_EVENT_CAP = 4.5


@dataclass(frozen=True, slots=True)
class _Weighting:
    """How one kind of shared evidence is weighed from the frequency of its value: log2(m / u), where u
    is the share of mentions carrying the value and m the chance that another mention of the same
    person repeats it, kept between `low` and `high` bits."""

    log2_m: float
    low: float
    high: float

    def bits(self, count: int, total: int) -> float:
        return min(self.high, max(self.low, math.log2(total / max(count, 1)) + self.log2_m))


_RARE_PLACE = _Weighting(log2_m=-1.0, low=1.0, high=4.0)
_RARE_RELATIVE = _Weighting(log2_m=-1.5, low=2.0, high=6.0)
_RARE_CO_PERSON = _Weighting(log2_m=-1.5, low=1.5, high=5.0)
_RARE_EVENT = _Weighting(log2_m=-1.5, low=1.0, high=6.0)
_RARE_CO_PERSON_CAP = 7.0
_RARE_EVENT_CAP = 9.0


class EvidenceRarity:
    """How many mentions of a collection carry each place, relative, companion and dated event.

    Built once per batch (`EvidenceRarity.of(mentions)`) and handed to `score_pair`, which then weighs
    a shared value by how rare it is instead of by a fixed amount.
    """

    __slots__ = ("_bits", "counts", "total")

    def __init__(self, counts: Counter[str], total: int) -> None:
        self.counts = counts
        self.total = max(total, 1)
        self._bits: dict[str, float] = {}

    @classmethod
    def of(cls, mentions: Iterable[MentionFeatures]) -> EvidenceRarity:
        """Count the values of the mentions' evidence."""
        counts: Counter[str] = Counter()
        total = 0
        for f in mentions:
            total += 1
            counts.update(f"p|{v}" for v in f.places)
            counts.update(f"r|{v}" for v in f.relatives)
            counts.update(f"c|{v}" for v in f.co_persons)
            counts.update(f"e|{v}" for v in f.events)
        return cls(counts, total)

    def bits(self, family: str, value: str) -> float:
        """What sharing `value` of kind `family` (`p`, `r`, `c`, `e`) is worth."""
        key = f"{family}|{value}"
        cached = self._bits.get(key)
        if cached is None:
            weighting = {"p": _RARE_PLACE, "r": _RARE_RELATIVE, "c": _RARE_CO_PERSON, "e": _RARE_EVENT}[family]
            cached = self._bits[key] = weighting.bits(self.counts.get(key, 0), self.total)
        return cached


class NameAgreement(enum.StrEnum):
    """How two name forms relate."""

    FULL = "full"
    REVERSED = "reversed"
    INITIAL = "initial"
    LAST_ONLY = "last_only"
    FIRST_ONLY = "first_only"
    MISMATCH = "mismatch"


@dataclass(frozen=True, slots=True)
class PairScore:
    """The verdict on a pair: total bits, the reasons (only when asked to explain), and how the names
    agreed (`exact_names`: full names the same letter for letter once folded)."""

    bits: float
    reasons: tuple[str, ...] = ()
    exact_names: bool = False

    @property
    def is_merge(self) -> bool:
        return self.bits >= MERGE_THRESHOLD

    @property
    def is_possible(self) -> bool:
        return POSSIBLE_THRESHOLD <= self.bits < MERGE_THRESHOLD


def _align(short: NameForm, long: NameForm) -> tuple[float, bool, list[int]]:
    """Greedy best alignment of the shorter form's tokens onto the longer's.

    When both forms mark a patronymic (`-uly`, `-ov`), patronymic aligns only with patronymic, so
    `Marat Alitanuly` (Marat, son of Alitan) never matches `Alitan Maratuly`. Returns the lowest
    token similarity, whether an initial was involved, and where each of the short form's tokens
    went (empty when one found no place).
    """
    loose = short.script is Script.HAN or long.script is Script.HAN
    both_marked = any(short.patronymic) and any(long.patronymic)
    used: set[int] = set()
    lowest = 1.0
    initial = False
    placed: list[int] = []
    for k, token in enumerate(short.stems):
        best, best_j = 0.0, -1
        for j, other in enumerate(long.stems):
            if j in used:
                continue
            if both_marked and short.patronymic[k] != long.patronymic[j]:
                continue
            sim = token_similarity(token, other, loose=loose)
            if short.patronymic[k] != long.patronymic[j] and sim < 1.0:
                # a typo in the ending (`Rodosnva`) keeps it from being stripped: compare as written
                sim = max(sim, token_similarity(short.tokens[k], long.tokens[j], loose=loose))
            if sim > best:
                best, best_j = sim, j
        if best_j < 0:
            return 0.0, initial, []
        used.add(best_j)
        placed.append(best_j)
        if short.initials[k] or long.initials[best_j]:
            initial = True
        lowest = min(lowest, best)
    return lowest, initial, placed


def _reads_reversed(short: NameForm, long: NameForm, placed: list[int]) -> bool:
    """Whether the match needs a name without endings to be read surname first: one form marks its
    father's name (`Qurmaham Maratov`) and that name falls on the first word of the other, which marks
    nothing (`Marat Qurmaham`, read in the usual order: Marat, son of Qurmaham).

    Both readings are possible (lists put surnames first), but the usual one names another person:
    Marat's son and Qurmaham's son are not one man by their names alone.
    """
    short_marked = any(short.patronymic)
    if short_marked == any(long.patronymic):
        return False
    marked, plain = (short, long) if short_marked else (long, short)
    if len(plain.stems) < 2 or plain.script is Script.HAN:
        return False
    # (token of the marked form, token of the plain form) for each aligned pair
    aligned = enumerate(placed) if short_marked else ((m, p) for p, m in enumerate(placed))
    return any(marked.patronymic[m] and p == 0 for m, p in aligned)


def compare_forms(a: NameForm, b: NameForm) -> tuple[NameAgreement, float]:
    """How two written forms agree, and how well (the weakest token similarity)."""
    if not a.stems or not b.stems:
        return NameAgreement.MISMATCH, 0.0
    short, long = (a, b) if len(a.stems) <= len(b.stems) else (b, a)
    lowest, initial, placed = _align(short, long)
    if lowest < _TOKEN_MATCH:
        return NameAgreement.MISMATCH, lowest
    if len(short.stems) >= 2:
        if all(short.initials):
            return NameAgreement.MISMATCH, 0.0
        if _reads_reversed(short, long, placed):
            return NameAgreement.REVERSED, lowest
        return (NameAgreement.INITIAL if initial else NameAgreement.FULL), lowest
    if short.initials[0]:
        return NameAgreement.MISMATCH, 0.0
    if len(long.stems) == 1:
        return NameAgreement.LAST_ONLY, lowest
    return (NameAgreement.FIRST_ONLY if placed[0] == 0 else NameAgreement.LAST_ONLY), lowest


def _bits_for(agreement: NameAgreement, sim: float) -> float:
    full = _FULL_EXACT_BITS - _FULL_FUZZ_PENALTY * (1.0 - sim)
    if agreement is NameAgreement.FULL:
        return full
    if agreement is NameAgreement.INITIAL:
        return min(_INITIAL_CAP_BITS, full)
    if agreement is NameAgreement.REVERSED:
        return full - _REVERSED_BITS
    if agreement is NameAgreement.LAST_ONLY:
        return _SINGLE_LAST_BITS * sim
    if agreement is NameAgreement.FIRST_ONLY:
        return _SINGLE_FIRST_BITS * sim
    return _NAME_MISMATCH_BITS


def compare_names(a: MentionFeatures, b: MentionFeatures) -> tuple[NameAgreement, float, float]:
    """The best agreement between the two mentions' names: full forms with full forms when both have
    them, else whatever forms there are. Returns (agreement, similarity, bits)."""
    fa, fb = a.full_names, b.full_names
    left, right = (fa, fb) if fa and fb else (a.names, b.names)
    best: tuple[NameAgreement, float, float] = (NameAgreement.MISMATCH, 0.0, _NAME_MISMATCH_BITS)
    for x in left:
        for y in right:
            agreement, sim = compare_forms(x, y)
            bits = _bits_for(agreement, sim)
            if bits > best[2]:
                best = (agreement, sim, bits)
    return best


def score_pair(a: MentionFeatures, b: MentionFeatures, *, explain: bool = False,
               rarity: EvidenceRarity | None = None) -> PairScore:
    """Add up the evidence that two mentions are one person.

    Args:
        a, b: the two mentions' features.
        explain: also return the reasons in words (for "possibly the same" offers and the audit).
        rarity: how common each evidence value is in the collection; without it, shared evidence
            is worth fixed amounts.
    """
    reasons: list[str] = []
    agreement, sim, bits = compare_names(a, b)
    if explain:
        reasons.append(f"names: {agreement.value} ({sim:.2f})")
    if agreement is NameAgreement.MISMATCH:
        return PairScore(bits, tuple(reasons))
    ambiguity = max(a.ambiguity, b.ambiguity)
    if ambiguity > 0:
        bits -= ambiguity
        if explain:
            reasons.append(f"common name (-{ambiguity:.1f})")
    if a.birth_year is not None and b.birth_year is not None:
        gap = abs(a.birth_year - b.birth_year)
        if gap <= 1:
            bits += _BIRTH_AGREE_BITS
            if explain:
                reasons.append(f"born about {a.birth_year} in both")
        elif gap == 2:
            bits += _BIRTH_NEAR_BITS
            if explain:
                reasons.append(f"birth years two apart ({a.birth_year}, {b.birth_year})")
        else:
            bits += _BIRTH_CONFLICT_BITS
            if explain:
                reasons.append(f"birth years differ ({a.birth_year}, {b.birth_year})")
    if a.gender and b.gender and a.gender != b.gender:
        bits += _GENDER_CONFLICT_BITS
        if explain:
            reasons.append("genders differ")
    if a.places and b.places:
        shared = a.places & b.places
        if shared:
            bits += (max(rarity.bits("p", v) for v in shared) if rarity is not None else _PLACE_AGREE_BITS)
            if explain:
                reasons.append("same place: " + ", ".join(sorted(shared)))
        else:
            bits += _PLACE_DIFFER_BITS
    if a.relatives and b.relatives and a.relatives & b.relatives:
        shared_relatives = a.relatives & b.relatives
        bits += (max(rarity.bits("r", v) for v in shared_relatives) if rarity is not None else _RELATIVE_BITS)
        if explain:
            reasons.append("same relatives: " + ", ".join(sorted(shared_relatives)))
    if a.co_persons and b.co_persons:
        shared_people = a.co_persons & b.co_persons
        if shared_people:
            if rarity is not None:
                bits += min(_RARE_CO_PERSON_CAP, sum(rarity.bits("c", v) for v in shared_people))
            else:
                bits += min(_CO_PERSON_CAP, _CO_PERSON_BITS * len(shared_people))
            if explain:
                reasons.append("named together with: " + ", ".join(sorted(shared_people)))
    if a.events and b.events:
        shared_events = a.events & b.events
        if shared_events:
            if rarity is not None:
                bits += min(_RARE_EVENT_CAP, sum(rarity.bits("e", v) for v in shared_events))
            else:
                bits += min(_EVENT_CAP, _EVENT_BITS * len(shared_events))
            if explain:
                reasons.append("same events: " + ", ".join(sorted(shared_events)))
    return PairScore(round(bits, 3), tuple(reasons),
                     exact_names=agreement is NameAgreement.FULL and sim >= 1.0)
