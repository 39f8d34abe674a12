"""Resolution of many mentions at once: block, score the candidate pairs, then cluster in four passes
while every cluster stays consistent (one birth year give or take, one gender, one mention per source,
names that all agree, and no pair a person has kept apart).

1. Full names spelt alike once folded join pair by pair, best pairs first.
2. Mentions left alone (a lone surname or given name, an initial, a typo, a Chinese transcription, a
   common name without a birth year) join the one person whose combined evidence fits them clearly
   better than any rival's.
3. Two persons that are one (a person's Chinese-script mentions beside the Latin ones) join when each
   is the other's clear best match.
4. The second pass again, for the mentions next to persons the third pass joined.

Two groups of mentions whose birth years differ are two people, unless one group's year is a single
statement a few years from what several others say: one source misstating an age does not split a
person (the case file lists the disagreement). In a batch, full names sharing a stem and a piece of
evidence are compared too, so a misspelt name still meets its person.

A full name without a birth year is weighed against every bearer its two names' frequencies predict
(`expected_bearers`), including those never seen with a birth year; a name made of names that recur
with other fathers' names is not taken for a misspelling of a close one.

Shared places, relatives, companions and events are weighed by how rare they are in the batch
(`EvidenceRarity`). The same scoring and consistency rules are used by the registry one document at a
time; this module is what a bulk import and `benchmarks/resolve.py` run.
"""

from __future__ import annotations

import math
import os
import statistics
from collections import Counter
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field, replace

import numpy as np

from aigak.core.workers import worker_pool
from aigak.resolve.blocking import EVIDENCE_FAMILIES, PAIR_ALL_FAMILIES, blocking_keys
from aigak.resolve.features import MentionFeatures, combine_features
from aigak.resolve.names import NameForm, Script
from aigak.resolve.scoring import MERGE_THRESHOLD, EvidenceRarity, NameAgreement, compare_forms, score_pair

__all__ = [
    "MAX_SIGNATURES",
    "BatchResult",
    "ClusterProfile",
    "ambiguity_bits",
    "candidate_pairs",
    "cluster_scored",
    "expected_bearers",
    "resolve_batch",
    "with_ambiguity",
]

MAX_BLOCK = 40
"""Blocks up to this many mentions are compared in full; larger ones by sorted neighbourhood."""
WINDOW = 10
"""How many neighbours each mention of a large block is compared with."""
MAX_SIGNATURES = 8
"""Distinct full names a cluster keeps to check newcomers against (the first ones met)."""
_BATCH_PAIR_ALL = PAIR_ALL_FAMILIES | EVIDENCE_FAMILIES
_BIRTH_SPREAD_YEARS = 2  # two clusters whose median birth years are further apart are two people...
_LONE_YEAR_SLACK = 4  # ...unless one rests on a single statement at most this far from the other's median...
_BIRTH_OUTLIER_YEARS = 6  # ...and none may give years further apart than this, outliers included
_SIGNATURE_MIN_SIMILARITY = 0.6  # below this two full names are different people, not a misspelling
_AMBIGUITY_WINDOW_YEARS = 4  # one person's reported birth years scatter about this much
_SURE_AMBIGUITY = 0.5  # a name without a birth year joins pair by pair only when hardly anyone else bears it


@dataclass(slots=True)
class ClusterProfile:
    """What a growing cluster must stay consistent with.

    Attributes:
        size: how many mentions it holds.
        years: how many of its mentions give each birth year.
        genders: the genders its mentions give.
        documents: the sources its mentions come from.
        signatures: up to eight distinct full names of its mentions.
        apart: ids of clusters (or persons) it must never join.
    """

    size: int = 1
    years: dict[int, int] = field(default_factory=dict)
    genders: set[str] = field(default_factory=set)
    documents: set[int | str] = field(default_factory=set)
    signatures: list[NameForm] = field(default_factory=list)
    apart: set[int] = field(default_factory=set)

    @classmethod
    def of(cls, f: MentionFeatures) -> ClusterProfile:
        """The profile of a cluster holding one mention."""
        seen: set[str] = set()
        signatures = []
        for form in f.full_names:
            if form.key not in seen:
                seen.add(form.key)
                signatures.append(form)
        return cls(size=1, years={f.birth_year: 1} if f.birth_year is not None else {},
                   genders={f.gender} if f.gender else set(),
                   documents={f.document} if f.document is not None else set(),
                   signatures=signatures[:MAX_SIGNATURES])

    def conflict(self, other: ClusterProfile) -> str | None:
        """Why the two clusters cannot be one person, or None when they can."""
        if self.documents & other.documents:
            return "both are named separately in the same source"
        if len(self.genders | other.genders) > 1:
            return "genders differ"
        if self.years and other.years:
            if abs(_median_year(self.years) - _median_year(other.years)) > _BIRTH_SPREAD_YEARS \
                    and not _one_misstated(self.years, other.years):
                return "birth years too far apart"
            if max(*self.years, *other.years) - min(*self.years, *other.years) > _BIRTH_OUTLIER_YEARS:
                return "birth years too far apart"
        for a in self.signatures:
            for b in other.signatures:
                agreement, sim = compare_forms(a, b)
                if agreement is NameAgreement.MISMATCH and sim < _SIGNATURE_MIN_SIMILARITY:
                    return f"names disagree ({a.text} / {b.text})"
        return None

    def absorb(self, other: ClusterProfile) -> None:
        """Take the other cluster in (its mentions are now ours)."""
        self.size += other.size
        for year, count in other.years.items():
            self.years[year] = self.years.get(year, 0) + count
        self.genders |= other.genders
        self.documents |= other.documents
        known = {s.key for s in self.signatures}
        for s in other.signatures:
            if len(self.signatures) >= MAX_SIGNATURES:
                break
            if s.key not in known:
                known.add(s.key)
                self.signatures.append(s)
        self.apart |= other.apart


def _median_year(years: dict[int, int]) -> float:
    """The median of the birth years a cluster's mentions give (each counted as often as given)."""
    return statistics.median(Counter(years).elements())


def _one_misstated(a: dict[int, int], b: dict[int, int]) -> bool:
    """Whether one side's birth year is a single statement, and the other side's rests on several
    whose median is at most `_LONE_YEAR_SLACK` years from it: one source misstating an age, which
    the case file lists as a contradiction, rather than a second person.

    Without this, the mentions that give no year side with whichever of the two they meet first, and
    a person is cut in two around one wrong age (at a million mentions: 15,400 true pairs kept apart,
    against 1,200 false ones joined by allowing it).
    """
    said_a, said_b = sum(a.values()), sum(b.values())
    if min(said_a, said_b) != 1 or max(said_a, said_b) < 2:
        return False
    lone, many = (a, b) if said_a == 1 else (b, a)
    return abs(next(iter(lone)) - _median_year(many)) <= _LONE_YEAR_SLACK


@dataclass(frozen=True, slots=True)
class BatchResult:
    """The outcome of a batch resolution.

    Attributes:
        labels: for each mention, the index of the first mention of its cluster.
        pairs_scored: how many candidate pairs were compared.
        merges: how many joins were made.
        refused: how many joins above the threshold were refused to keep clusters consistent.
    """

    labels: list[int]
    pairs_scored: int
    merges: int
    refused: int


def _pairs_within(members: Sequence[int], probes: Sequence[int], pair_all: bool,
                  out_a: list[np.ndarray], out_b: list[np.ndarray]) -> None:
    if pair_all and len(members) > 1:
        m = np.asarray(members, dtype=np.int64)
        i, j = np.triu_indices(len(m), k=1)
        out_a.append(m[i])
        out_b.append(m[j])
    if probes:
        p = np.asarray(probes, dtype=np.int64)
        others = np.asarray(list(members) + list(probes), dtype=np.int64)
        a = np.repeat(p, len(others))
        b = np.tile(others, len(p))
        keep = a != b
        out_a.append(a[keep])
        out_b.append(b[keep])


def _pairs_windowed(members: Sequence[int], probes: Sequence[int], pair_all: bool, order: Sequence[str],
                    window: int, out_a: list[np.ndarray], out_b: list[np.ndarray]) -> None:
    """Sorted neighbourhood for a large block: sort by name and birth year, pair only near neighbours."""
    everyone = sorted([*members, *probes], key=order.__getitem__)
    seq = np.asarray(everyone, dtype=np.int64)
    is_probe = np.zeros(len(seq), dtype=bool)
    if probes:
        probe_set = set(probes)
        is_probe = np.fromiter((x in probe_set for x in everyone), dtype=bool, count=len(everyone))
    for offset in range(1, min(window, len(seq) - 1) + 1):
        a, b = seq[:-offset], seq[offset:]
        if not pair_all:
            keep = is_probe[:-offset] | is_probe[offset:]
            a, b = a[keep], b[keep]
        out_a.append(a)
        out_b.append(b)


def candidate_pairs(mentions: Sequence[MentionFeatures], *, max_block: int = MAX_BLOCK,
                    window: int = WINDOW) -> np.ndarray:
    """Every pair of mentions that share a blocking key, once, as an (n, 2) array with i < j.

    A block with more than `max_block` mentions is not compared in full: its mentions are sorted by
    folded name and birth year and each is compared with its `window` nearest neighbours (sorted
    neighbourhood), so the work stays linear in the number of mentions.

    Full names that share a stem and a piece of evidence (`EVIDENCE_FAMILIES`: the same rare event,
    place or companion) are compared too, not only lone names with them: a misspelt full name whose
    name keys differ from its person's, or whose name block is so large that its person's mentions
    sort out of its window, still meets them (at a million mentions: 6,200 more true pairs found for
    650 false ones, with a third more pairs to score).
    """
    blocks: dict[str, tuple[list[int], list[int]]] = {}
    for idx, f in enumerate(mentions):
        bk = blocking_keys(f)
        for role, keys in ((0, bk.member_keys), (1, bk.probe_keys)):
            for key in keys:
                entry = blocks.get(key)
                if entry is None:
                    entry = blocks[key] = ([], [])
                entry[role].append(idx)
    order: list[str] | None = None
    out_a: list[np.ndarray] = []
    out_b: list[np.ndarray] = []
    for key, (members, probes) in blocks.items():
        if not probes and len(members) < 2:
            continue
        pair_all = key.split("|", 1)[0] in _BATCH_PAIR_ALL
        if not pair_all and not probes:
            continue
        if len(members) + len(probes) <= max_block:
            _pairs_within(members, probes, pair_all, out_a, out_b)
            continue
        if order is None:
            order = [_sort_key(f) for f in mentions]
        _pairs_windowed(members, probes, pair_all, order, window, out_a, out_b)
    del blocks
    if not out_a:
        return np.zeros((0, 2), dtype=np.int64)
    a = np.concatenate(out_a)
    b = np.concatenate(out_b)
    del out_a, out_b
    lo, hi = np.minimum(a, b), np.maximum(a, b)
    del a, b
    n = max(len(mentions), 1)
    codes = np.unique(lo * n + hi)
    return np.stack([codes // n, codes % n], axis=1)


def _sort_key(f: MentionFeatures) -> str:
    form = (f.full_names or f.names or (None,))[0]
    name = " ".join(sorted(form.stems)) if form is not None else ""
    return f"{name}|{f.birth_year or 0:04d}"


_SHARED: Sequence[MentionFeatures] = ()
_RARITY: EvidenceRarity | None = None


def _score_chunk(pairs: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    ms, rarity = _SHARED, _RARITY
    bits = np.empty(len(pairs), dtype=np.float32)
    exact = np.zeros(len(pairs), dtype=bool)
    for k, (i, j) in enumerate(pairs.tolist()):
        score = score_pair(ms[i], ms[j], rarity=rarity)
        bits[k] = score.bits
        exact[k] = score.exact_names
    return bits, exact


def _score_all(mentions: Sequence[MentionFeatures], pairs: np.ndarray, workers: int,
               rarity: EvidenceRarity | None = None) -> tuple[np.ndarray, np.ndarray]:
    """The bits of every pair, and whether its full names agree exactly once folded."""
    global _SHARED, _RARITY
    _SHARED, _RARITY = mentions, rarity
    try:
        if workers <= 1 or len(pairs) < 50_000:
            return _score_chunk(pairs)
        chunks = np.array_split(pairs, workers * 8)
        with worker_pool(workers, fork=True) as pool:
            parts = list(pool.map(_score_chunk, chunks))
        return np.concatenate([p[0] for p in parts]), np.concatenate([p[1] for p in parts])
    finally:
        _SHARED, _RARITY = (), None


def ambiguity_bits(birth_years: Iterable[int]) -> float:
    """Bits a name agreement is worth less, from the birth years of the mentions bearing the name.

    Mentions of one person give one birth year (give or take one), so the number of separate groups
    of years is an estimate of how many different people bear the name; a name that only one person
    bears costs nothing, one borne by eight people costs three bits.
    """
    years = sorted(set(birth_years))
    if not years:
        return 0.0
    groups = 1
    start = years[0]
    for year in years[1:]:
        if year - start > _AMBIGUITY_WINDOW_YEARS:
            groups += 1
            start = year
    return math.log2(groups)


def expected_bearers(per_person: float, count_a: int, count_b: int, tokens: int, *, same: bool = False) -> float:
    """How many other people are expected to bear a full name whose two names are this common.

    Given names and fathers' names are chosen independently, so a full name made of two common names
    is borne by many people, whether or not their mentions ever give a birth year: of the `tokens`
    names in the batch's full names, `count_a` and `count_b` are these two (`same` when the name is
    one name twice); `per_person` is how many mentions one person has on average. The estimate grows
    with the batch, as the name space crowds.
    """
    if tokens <= 0 or per_person <= 0:
        return 0.0
    mentions = count_a * count_b / tokens / (2.0 if same else 1.0)
    return mentions / per_person


def with_ambiguity(mentions: Sequence[MentionFeatures]) -> list[MentionFeatures]:
    """The mentions with `ambiguity` set from how many people of the batch seem to share their name.

    A mention with a birth year is told apart from namesakes born in other years by that year, so its
    name costs log2 of the groups of birth years the name is given with. A full name without a birth
    year could be any of its bearers, including those who never give a year: it costs log2 of the
    larger of that and one plus the bearers its two names' frequencies predict (`expected_bearers`).
    """
    years: dict[str, set[int]] = {}
    owned: list[tuple[str, ...]] = []
    token_counts: Counter[str] = Counter()
    full_keys: Counter[str] = Counter()
    for f in mentions:
        own, counted = f.name_keys()
        owned.append(own)
        if own and own[0].startswith("f|"):
            full_keys[own[0]] += 1
            token_counts.update(own[0].split("|")[1:])
        if f.birth_year is not None:
            for key in counted:
                bucket = years.get(key)
                if bucket is None:
                    years[key] = {f.birth_year}
                else:
                    bucket.add(f.birth_year)
    tokens = sum(token_counts.values())
    per_person = tokens / 2 / len(full_keys) if full_keys else 1.0
    cache: dict[str, float] = {}
    open_cache: dict[str, float] = {}

    def bits(key: str) -> float:
        value = cache.get(key)
        if value is None:
            value = cache[key] = ambiguity_bits(years.get(key, ()))
        return value

    def open_bits(key: str) -> float:
        value = open_cache.get(key)
        if value is None:
            value = bits(key)
            if key.startswith("f|"):
                a, b = key.split("|")[1:]
                others = expected_bearers(per_person, token_counts[a], token_counts[b], tokens, same=a == b)
                value = max(value, math.log2(1.0 + others))
            open_cache[key] = value
        return value

    out = []
    for f, own in zip(mentions, owned, strict=True):
        if not own:
            out.append(f)
            continue
        weigh = bits if f.birth_year is not None else open_bits
        out.append(replace(f, ambiguity=min(weigh(k) for k in own)))
    return out


def resolve_batch(mentions: Sequence[MentionFeatures], *, threshold: float = MERGE_THRESHOLD,
                  workers: int | None = None, keep_apart: Iterable[tuple[int, int]] = (),
                  on_stage: Callable[[str], None] | None = None) -> BatchResult:
    """Cluster mentions into persons.

    Args:
        mentions: the mentions' features.
        threshold: bits at or above which a pair may be joined.
        workers: processes used to score pairs (default: the machine's cores).
        keep_apart: index pairs a person has said are different people.
        on_stage: called with the name of each stage as it starts (for progress and timing).

    Returns:
        The cluster label of every mention and counts of the work done.
    """
    stage = on_stage or (lambda _name: None)
    stage("name counts")
    mentions = with_ambiguity(mentions)
    rarity = EvidenceRarity.of(mentions)
    stage("blocking")
    pairs = candidate_pairs(mentions)
    stage("scoring")
    bits, exact = _score_all(mentions, pairs, workers if workers is not None else (os.cpu_count() or 1),
                             rarity)
    stage("clustering")
    labels, merges, refused = cluster_scored(mentions, pairs, bits, exact, threshold=threshold,
                                             keep_apart=keep_apart, rarity=rarity)
    return BatchResult(labels=labels, pairs_scored=len(pairs), merges=merges, refused=refused)


def cluster_scored(mentions: Sequence[MentionFeatures], pairs: np.ndarray, bits: np.ndarray, exact: np.ndarray, *,
                   threshold: float = MERGE_THRESHOLD, keep_apart: Iterable[tuple[int, int]] = (),
                   rarity: EvidenceRarity | None = None) -> tuple[list[int], int, int]:
    """The clustering passes over scored candidate pairs (mentions already weighed by `with_ambiguity`).

    Kept apart from scoring so that an experiment can re-cluster one scoring of a large batch.
    Returns (labels, joins made, joins refused).
    """
    # Only two full names spelt alike (once folded) join pair by pair. A lone surname, a lone given
    # name, an initial or a name that is merely close (a typo, or another person's similar name)
    # could belong to more than one person, so it joins later, and only the one it fits best. So
    # does a full name that several people of the batch bear, when it comes without a birth year.
    sure = np.fromiter((f.birth_year is not None or f.ambiguity < _SURE_AMBIGUITY for f in mentions), dtype=bool,
                       count=len(mentions))
    keep = (bits >= threshold) & exact
    if len(pairs):
        keep &= sure[pairs[:, 0]] & sure[pairs[:, 1]]
    strong, strong_bits = pairs[keep], bits[keep]
    order = np.argsort(-strong_bits, kind="stable")
    parent = list(range(len(mentions)))
    profiles: dict[int, ClusterProfile] = {}

    def find(x: int) -> int:
        root = x
        while parent[root] != root:
            root = parent[root]
        while parent[x] != root:
            parent[x], x = root, parent[x]
        return root

    def profile(root: int) -> ClusterProfile:
        p = profiles.get(root)
        if p is None:
            p = profiles[root] = ClusterProfile.of(mentions[root])
        return p

    for a, b in keep_apart:
        profile(a).apart.add(b)
        profile(b).apart.add(a)
    merges = refused = 0
    for i, j in strong[order].tolist():
        ri, rj = find(i), find(j)
        if ri == rj:
            continue
        if not _may_join(ri, rj, profile, find):
            refused += 1
            continue
        pi, pj = profile(ri), profile(rj)
        if pi.size < pj.size:
            ri, rj, pi, pj = rj, ri, pj, pi
        parent[rj] = ri
        pi.absorb(pj)
        del profiles[rj]
        merges += 1
    spelt_alike = _established_spellings(mentions)
    attached = _attach_loose_mentions(mentions, pairs, bits, find, parent, profile, profiles, rarity,
                                      spelt_alike)
    in_han = np.fromiter((any(form.script is Script.HAN for form in f.names) for f in mentions), dtype=bool,
                         count=len(mentions))
    linking = (bits >= FRAGMENT_MIN_BITS) & (exact | in_han[pairs[:, 0]] | in_han[pairs[:, 1]]) \
        if len(pairs) else bits > 0
    rejoined: set[int] = set()
    attached += _join_fragments(mentions, pairs[linking], find, parent, profile, profiles, rarity, threshold,
                                rejoined)
    # persons joined in the third pass may now be the clear best of a mention that stayed alone; only
    # mentions next to them are looked at again (the others were decided by the second pass already)
    attached += _attach_loose_mentions(mentions, pairs, bits, find, parent, profile, profiles, rarity,
                                       spelt_alike, near=rejoined)
    roots = [find(i) for i in range(len(mentions))]
    first: dict[int, int] = {}
    labels = [first.setdefault(r, i) for i, r in enumerate(roots)]
    return labels, merges + attached, refused


def _spelling(f: MentionFeatures) -> str:
    """The folded full name of a mention written in Latin or Cyrillic letters ('' for others)."""
    for form in f.full_names:
        if form.script is not Script.HAN and not form.initials[0] and not form.initials[-1]:
            return " ".join(sorted(form.stems))
    return ""


_ESTABLISHED_NAME_SPELLINGS = 3
"""A name written in at least this many different full names of the batch is a name, not a typo..."""
_TYPO_DOMINANCE = 10.0
"""...unless a name one letter away is written in this many times more."""


def _established_spellings(mentions: Sequence[MentionFeatures]) -> list[bool]:
    """For each mention, whether its full name is a name in its own right rather than a misspelling:
    spelt so by another mention too, or made only of names that recur in several different full names.

    A typo is made once, and in one full name; a real given name recurs with many fathers' names, the
    more so the larger the batch. So the test grows stricter as the name space crowds, which is when
    a name close to another is ever more likely to be another person's.
    """
    spelling_of = [_spelling(f) for f in mentions]
    spellings = Counter(spelling_of)
    partners: Counter[str] = Counter()
    for spelling in spellings:
        if spelling:
            partners.update(set(spelling.split(" ")))
    # a common name's typo recurs too, in a batch large enough: a name one letter from one that is far
    # more common is taken for its misspelling however often it recurs (neighbours found by deletions)
    by_deletion: dict[str, list[str]] = {}
    for token in partners:
        for variant in {token, *(token[:k] + token[k + 1:] for k in range(len(token)))}:
            by_deletion.setdefault(variant, []).append(token)
    established: set[str] = set()
    for token, count in partners.items():
        if count < _ESTABLISHED_NAME_SPELLINGS:
            continue
        near = max((partners[other] for k in range(-1, len(token))
                    for other in by_deletion.get(token if k < 0 else token[:k] + token[k + 1:], ())
                    if other != token), default=0)
        if near <= count * _TYPO_DOMINANCE:
            established.add(token)
    del by_deletion
    return [bool(s) and (spellings[s] > 1 or all(t in established for t in s.split(" "))) for s in spelling_of]


def _is_plain_full(f: MentionFeatures) -> bool:
    return any(not form.initials[0] and not form.initials[-1] for form in f.full_names)


PIECE_BITS = 10.0
"""Bits two persons need against each other to count as one person's pieces rather than rivals."""
ATTACH_THRESHOLD = 6.0
"""Bits a lone mention needs against a whole person (all its mentions' evidence) to join it..."""
ATTACH_MARGIN = 3.0
"""...and by how much that person must beat the next candidate."""


def _attach_loose_mentions(mentions: Sequence[MentionFeatures], pairs: np.ndarray, bits: np.ndarray,
                           find: Callable[[int], int], parent: list[int],
                           profile: Callable[[int], ClusterProfile],
                           profiles: dict[int, ClusterProfile], rarity: EvidenceRarity | None = None,
                           spelt_alike: Sequence[bool] = (), near: set[int] | None = None) -> int:
    """Second pass: a mention still alone (a surname, an initial, a rare spelling) joins the one
    person whose combined evidence clearly fits it best, when no other candidate comes close.

    Only persons known by a full name are candidates: another lone surname is no person to join,
    and counting it as a rival would stop the mention joining the person both belong to. Full names
    left alone (a typo, a Chinese transcription) go first, so that a lone surname then meets each
    person whole rather than in pieces. A full name spelt exactly as in another mention, or made of
    names that recur in other full names (`spelt_alike`, see `_established_spellings`), is a name in
    its own right, not a misspelling: it joins only a person whose name it matches exactly. The pass
    runs again after the third, for mentions whose person was still in pieces: then `near` holds the
    persons the third pass joined, and only mentions with one of them among their candidates are
    looked at again. Deciding every alone mention afresh would let persons grown by this pass win,
    on size alone, mentions it had found too close to call.
    """
    n = len(mentions)
    if not n:
        return 0
    full = [_is_plain_full(f) for f in mentions]
    alone = [profiles.get(find(i)) is None or profiles[find(i)].size == 1 for i in range(n)]
    neighbours: dict[int, list[int]] = {}
    for i, j in pairs[bits > 0].tolist():
        if alone[i]:
            neighbours.setdefault(i, []).append(j)
        if alone[j]:
            neighbours.setdefault(j, []).append(i)
    if near is not None:
        neighbours = {i: js for i, js in neighbours.items() if any(find(j) in near for j in js)}
    attached = 0
    for want_full in (True, False):
        loose = [i for i in neighbours if full[i] is want_full]
        if not loose:
            continue
        members: dict[int, list[int]] = {}
        for idx in range(n):
            members.setdefault(find(idx), []).append(idx)
        anchored = {root for root, ms in members.items() if any(full[k] for k in ms)}
        combined: dict[int, MentionFeatures] = {}
        for i in loose:
            ri = find(i)
            if profile(ri).size > 1:
                continue
            scored: list[tuple[float, float, int]] = []
            for root in {find(j) for j in neighbours[i]} - {ri}:
                if root not in anchored:
                    continue
                person = combined.get(root)
                if person is None:
                    person = combined[root] = combine_features([mentions[k] for k in members.get(root, [root])])
                verdict = score_pair(mentions[i], person, rarity=rarity)
                if spelt_alike and spelt_alike[i] and not verdict.exact_names:
                    continue
                evidence = verdict.bits
                # between rivals, a person named in many sources is the likelier referent of one
                # more mention (the evidence itself must still reach the threshold)
                scored.append((evidence + math.log2(len(members.get(root, (root,)))), evidence, root))
            if not scored:
                continue
            scored.sort(reverse=True)
            odds, best, root = scored[0]
            if best < ATTACH_THRESHOLD:
                continue
            # a close rival that is itself the same person as the best (a piece of it the earlier
            # passes left apart) is no rival: it joins too
            target = find(root)
            pieces: list[int] = []
            rivalled = False
            for rival_odds, _, rival in scored[1:]:
                if rival_odds <= odds - ATTACH_MARGIN:
                    break
                piece = find(rival)
                if piece == target or not _one_person(combined[root], combined[rival], target, piece, profile, find,
                                                      rarity):
                    rivalled = True
                    break
                pieces.append(piece)
            if rivalled or not _may_join(target, ri, profile, find):
                continue
            pt, pi = profile(target), profile(ri)
            for piece in pieces:
                if _may_join(target, piece, profile, find):
                    pp = profile(piece)
                    parent[piece] = target
                    pt.absorb(pp)
                    profiles.pop(piece, None)
                    members.setdefault(target, [target]).extend(members.pop(piece, [piece]))
                    combined.pop(target, None)
                    attached += 1
            if pieces and not _may_join(target, ri, profile, find):
                continue  # the mention rules out what a piece brought (its source, its birth years)
            parent[ri] = target
            pt.absorb(pi)
            profiles.pop(ri, None)
            anchored.add(target)
            attached += 1
    return attached


def _one_person(a: MentionFeatures, b: MentionFeatures, ra: int, rb: int,
                profile: Callable[[int], ClusterProfile], find: Callable[[int], int],
                rarity: EvidenceRarity | None) -> bool:
    """Whether two persons (`a` and `b`, all their mentions' evidence combined; `ra` and `rb`, their
    clusters) are clearly one: `PIECE_BITS` of evidence, nothing that rules it out, and no one has
    kept them apart."""
    return _may_join(ra, rb, profile, find) and score_pair(a, b, rarity=rarity).bits >= PIECE_BITS


def _may_join(ra: int, rb: int, profile: Callable[[int], ClusterProfile], find: Callable[[int], int]) -> bool:
    """Whether two clusters may become one: no one has kept them apart and nothing rules it out
    (`ClusterProfile.conflict`). Every pass asks this before it joins two clusters."""
    pa, pb = profile(ra), profile(rb)
    if any(find(x) == rb for x in pa.apart) or any(find(x) == ra for x in pb.apart):
        return False
    return pa.conflict(pb) is None


FRAGMENT_MIN_BITS = 3.0
"""Two persons are compared whole only when some pair of their mentions scores at least this."""


def _join_fragments(mentions: Sequence[MentionFeatures], pairs: np.ndarray,
                    find: Callable[[int], int], parent: list[int],
                    profile: Callable[[int], ClusterProfile], profiles: dict[int, ClusterProfile],
                    rarity: EvidenceRarity | None, threshold: float, joined_into: set[int] | None = None) -> int:
    """Third pass: two persons that are one (a Chinese transcription's mentions beside the Latin
    ones, a person whose mentions never met a second full name spelt alike) join when their whole
    evidence agrees and each is the other's clear best match.

    `pairs` are the mention pairs that may link two persons: names spelt alike or one of them in
    Chinese characters, and some evidence already (`FRAGMENT_MIN_BITS`). Each cluster that absorbs
    another is added to `joined_into` when it is given.
    """
    cross: set[tuple[int, int]] = set()
    for i, j in pairs.tolist():
        ri, rj = find(i), find(j)
        if ri != rj:
            cross.add((ri, rj) if ri < rj else (rj, ri))
    if not cross:
        return 0
    wanted = {r for pair in cross for r in pair}
    members: dict[int, list[int]] = {}
    for idx in range(len(mentions)):
        root = find(idx)
        if root in wanted:
            members.setdefault(root, []).append(idx)
    full = {root for root, ms in members.items() if any(_is_plain_full(mentions[k]) for k in ms)}
    # only names written in Chinese characters meet other spellings here: two persons each known by
    # their own Latin or Cyrillic spelling are two people with similar names
    han = {root for root, ms in members.items()
           if all(form.script is Script.HAN for k in ms for form in mentions[k].names)}
    combined = {root: combine_features([mentions[k] for k in ms]) for root, ms in members.items() if root in full}
    scored: list[tuple[float, int, int]] = []
    best: dict[int, list[float]] = {}
    for ra, rb in cross:
        if ra not in full or rb not in full:
            continue
        verdict = score_pair(combined[ra], combined[rb], rarity=rarity)
        if not verdict.exact_names and ra not in han and rb not in han:
            continue
        value = verdict.bits
        scored.append((value, ra, rb))
        for r in (ra, rb):
            top = best.setdefault(r, [])
            top.append(value)
    for values in best.values():
        values.sort(reverse=True)
    joined = 0
    for value, ra, rb in sorted(scored, reverse=True):
        if value < threshold:
            break
        if any(len(best[r]) > 1 and best[r][0] == value and best[r][1] > value - ATTACH_MARGIN
               or best[r][0] > value for r in (ra, rb)):
            continue
        ta, tb = find(ra), find(rb)
        if ta == tb:
            continue
        if not _may_join(ta, tb, profile, find):
            continue
        pa, pb = profile(ta), profile(tb)
        if pa.size < pb.size:
            ta, tb, pa, pb = tb, ta, pb, pa
        parent[tb] = ta
        pa.absorb(pb)
        profiles.pop(tb, None)
        if joined_into is not None:
            joined_into.add(ta)
        joined += 1
    return joined
