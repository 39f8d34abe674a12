"""Scoring, blocking and batch clustering of person mentions (fictional people throughout)."""

from __future__ import annotations

import importlib.util
import sys
from dataclasses import replace
from pathlib import Path
from types import ModuleType

import pytest

from aigak.resolve.blocking import blocking_keys
from aigak.resolve.cluster import (
    ClusterProfile,
    ambiguity_bits,
    candidate_pairs,
    expected_bearers,
    resolve_batch,
    with_ambiguity,
)
from aigak.resolve.features import MentionFeatures, features_from_extraction
from aigak.resolve.names import parse_name
from aigak.resolve.scoring import (
    MERGE_THRESHOLD,
    POSSIBLE_THRESHOLD,
    NameAgreement,
    compare_forms,
    score_pair,
)

M = MentionFeatures.build
BENCHMARK = Path(__file__).resolve().parents[1] / "benchmarks" / "resolve.py"


@pytest.mark.parametrize(("a", "b"), [
    (M(["Berik Tursynbekuly"], birth_year=1986), M(["Берік Тұрсынбекұлы"], birth_year=1987)),
    (M(["Berik Tursynbekuly"]), M(["Berik Tursynbekuly"])),
    (M(["Berik Tursynbekuly"], places=["Ghulja"]), M(["Berik Tursinbekuli"], places=["Ghulja"])),
    (M(["Tursynbekuly"], birth_year=1986, events=["detention|2018-05"]),
     M(["Berik Tursynbekuly"], birth_year=1986, events=["detention|2018-05"])),
], ids=["cyrillic-with-age", "same-full-name", "other-transliteration-same-place", "surname-with-age-and-event"])
def test_pairs_with_enough_evidence_merge(a: MentionFeatures, b: MentionFeatures) -> None:
    assert score_pair(a, b).bits >= MERGE_THRESHOLD


@pytest.mark.parametrize(("a", "b"), [
    (M(["Berik Tursynbekuly"], birth_year=1986), M(["Berik Tursynbekuly"], birth_year=1960)),
    (M(["Berik Tursynbekuly"], gender="male"), M(["Berik Tursynbekuly"], gender="female")),
    (M(["Berik Tursynbekuly"]), M(["Nurlan Tursynbekuly"])),
    (M(["Berik Tursynbekuly"]), M(["Dana Tursynbekqyzy"])),
], ids=["birth-years-far-apart", "genders-differ", "brothers", "sister"])
def test_conflicting_evidence_keeps_people_apart(a: MentionFeatures, b: MentionFeatures) -> None:
    assert score_pair(a, b).bits < POSSIBLE_THRESHOLD


def test_lone_surname_without_company_is_only_possibly_the_same() -> None:
    score = score_pair(M(["Tursynbekuly"]), M(["Berik Tursynbekuly"]), explain=True)
    assert score.is_possible
    assert score.reasons[0].startswith("names: last_only")


def test_common_name_needs_more_evidence() -> None:
    plain = score_pair(M(["Berik Tursynbekuly"]), M(["Berik Tursynbekuly"]))
    common = score_pair(replace(M(["Berik Tursynbekuly"]), ambiguity=3.0),
                        replace(M(["Berik Tursynbekuly"]), ambiguity=3.0))
    assert common.bits == plain.bits - 3.0
    assert not common.is_merge


def test_ambiguity_counts_people_by_birth_year_groups() -> None:
    assert ambiguity_bits([]) == 0.0
    assert ambiguity_bits([1986, 1987, 1986]) == 0.0
    assert ambiguity_bits([1950, 1970, 1990, 2005]) == 2.0


def test_full_names_share_a_key_across_scripts_and_surnames_probe_with_evidence() -> None:
    latin = blocking_keys(M(["Berik Tursynbekuly"], birth_year=1986))
    cyrillic = blocking_keys(M(["Берік Тұрсынбекұлы"]))
    surname = blocking_keys(M(["Tursynbekuly"], birth_year=1986))
    bare = blocking_keys(M(["Tursynbekuly"]))
    assert set(latin.member_keys) & set(cyrillic.member_keys)
    assert surname.is_probe and set(surname.probe_keys) & set(latin.member_keys)
    assert bare.probe_keys == ()
    assert "t|tursinbek" in blocking_keys(M(["Tursynbekuly"]), lookup_keys=True).probe_keys


def test_one_source_never_names_one_person_twice() -> None:
    a = ClusterProfile.of(M(["Berik Tursynbekuly"], document=1))
    b = ClusterProfile.of(M(["Berik Tursinbekuli"], document=1))
    assert a.conflict(b) == "both are named separately in the same source"


def test_batch_joins_spellings_and_keeps_namesakes_apart() -> None:
    mentions = [
        M(["Berik Tursynbekuly"], birth_year=1986, places=["Ghulja"], document=1),
        M(["Берік Тұрсынбекұлы"], birth_year=1987, document=2),
        M(["B. Tursynbekuly"], birth_year=1986, places=["Ghulja"], document=3),
        M(["Berik Tursynbekuly"], birth_year=1958, places=["Shymkent"], document=4),
        M(["Aizhan Serikqyzy"], birth_year=1979, document=5),
        M(["Айжан Серікқызы"], birth_year=1979, document=6),
    ]
    labels = resolve_batch(mentions, workers=1).labels
    assert labels[0] == labels[1] == labels[2]
    assert labels[3] != labels[0]
    assert labels[4] == labels[5] != labels[0]


def test_batch_respects_kept_apart_pairs() -> None:
    mentions = [M(["Berik Tursynbekuly"], birth_year=1986, document=1),
                M(["Berik Tursynbekuly"], birth_year=1986, document=2)]
    assert resolve_batch(mentions, workers=1).labels == [0, 0]
    assert resolve_batch(mentions, workers=1, keep_apart=[(0, 1)]).labels == [0, 1]


def test_candidate_pairs_are_unique_and_ordered() -> None:
    mentions = [M(["Berik Tursynbekuly"], birth_year=1986), M(["Berik Tursynbekuly"], birth_year=1986),
                M(["Tursynbekuly"], birth_year=1986)]
    pairs = candidate_pairs(mentions).tolist()
    assert pairs == sorted(pairs)
    assert all(i < j for i, j in pairs)
    assert len(pairs) == len({tuple(p) for p in pairs}) == 3


def test_features_come_from_an_extraction_record() -> None:
    extraction = {
        "entities": [
            {"id": "p1", "kind": "person", "name": "Berik Tursynbekuly", "aliases": ["Berik"],
             "attributes": {"age": 34, "gender": "male"}},
            {"id": "p2", "kind": "person", "name": "Aizhan Serikqyzy", "attributes": {}},
            {"id": "p3", "kind": "person", "name": None, "description": "daughter"},
            {"id": "l1", "kind": "place", "name": "Ghulja"},
        ],
        "relations": [{"type": "spouse", "from": "p1", "to": "p2"}],
        "events": [{"id": "e1", "type": "detention", "subjects": ["p1"], "place": "l1", "start": "2018-05"}],
    }
    feats = features_from_extraction(extraction, reference_date="2020-03", document=7)
    assert set(feats) == {"p1", "p2"}
    berik = feats["p1"]
    assert berik.birth_year == 1986
    assert berik.places == frozenset({"gulja"})
    assert berik.events == frozenset({"detention|2018-05"})
    assert berik.relatives == frozenset({"serik"})
    assert feats["p2"].gender == "female"
    assert MentionFeatures.from_json(berik.to_json()).to_json() == berik.to_json()


def _benchmark() -> ModuleType:
    spec = importlib.util.spec_from_file_location("aigak_bench_resolve", BENCHMARK)
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module
    spec.loader.exec_module(module)
    return module


def test_generated_mentions_resolve_above_the_floors() -> None:
    bench = _benchmark()
    rows, truth = bench.generate(6000, seed=3)
    result = resolve_batch(bench.features_of(rows), workers=1)
    precision, recall, *_ = bench.pairwise_scores(result.labels, truth)
    assert precision >= 0.97
    assert recall >= 0.85


def test_pairwise_scores_count_pairs_without_listing_them() -> None:
    bench = _benchmark()
    precision, recall, _, tp, predicted, actual = bench.pairwise_scores([0, 0, 0, 3], [0, 0, 1, 1])
    assert (tp, predicted, actual) == (1, 3, 2)
    assert precision == pytest.approx(1 / 3) and recall == pytest.approx(1 / 2)


def test_typo_in_a_patronymic_ending_still_matches() -> None:
    from aigak.resolve.names import parse_name
    from aigak.resolve.scoring import NameAgreement, compare_forms

    agreement, sim = compare_forms(parse_name("Aruzhan Tolegennva"), parse_name("Aruzhan Tolegenova"))
    assert agreement is NameAgreement.FULL and sim >= 0.8


def test_chinese_transcription_vowels_are_loose() -> None:
    from aigak.resolve.names import token_similarity

    assert token_similarity("edar", "aidar", loose=True) >= 0.85
    assert token_similarity("edar", "aidar") < 0.75


def test_a_rare_shared_event_counts_for_more_than_a_common_one() -> None:
    from aigak.resolve.scoring import EvidenceRarity

    common = [M(["Someone Else"], events=["detention|2018-04"]) for _ in range(300)]
    a = M(["Berik Tursynbekuly"], events=["detention|2018-04", "summons|2016-02"])
    b = M(["Berik Tursynbekuly"], events=["detention|2018-04"])
    c = M(["Berik Tursynbekuly"], events=["summons|2016-02"])
    rarity = EvidenceRarity.of([*common, a, b, c])
    assert score_pair(a, c, rarity=rarity).bits > score_pair(a, b, rarity=rarity).bits


@pytest.mark.parametrize(("probe", "joins"), [
    (M(["Tursynbekuly"], birth_year=1986, events=["summons|2016-02"], document=9), True),
    (M(["Tursynbekuly"], birth_year=1986, document=9), False),
], ids=["evidence-singles-out-one-namesake", "two-namesakes-fit-equally"])
def test_lone_surname_joins_only_the_person_its_evidence_singles_out(probe: MentionFeatures, joins: bool) -> None:
    mentions = [
        M(["Berik Tursynbekuly"], birth_year=1986, events=["summons|2016-02"], document=1),
        M(["Берік Тұрсынбекұлы"], birth_year=1986, events=["summons|2016-02"], document=2),
        M(["Nurlan Tursynbekuly"], birth_year=1986, document=3),
        M(["Nurlan Tursynbekuly"], birth_year=1987, document=4),
        probe,
        # other people of the collection, so that a shared event is seen to be rare
        *(M([f"Person{k} Other{k}"], events=[f"arrest|20{10 + k % 10}-0{1 + k % 9}"], document=100 + k)
          for k in range(200)),
    ]
    labels = resolve_batch(mentions, workers=1).labels
    assert labels[0] == labels[1] and labels[2] == labels[3] != labels[0]
    assert (labels[4] == labels[0]) is joins
    assert labels[4] != labels[2]


def test_a_spelling_others_share_is_a_name_not_a_typo() -> None:
    mentions = [
        M(["Tursyn Serikuly"], birth_year=1980, document=1),
        M(["Tursyn Serikuly"], birth_year=1980, document=2),
        M(["Tursen Sarikov"], birth_year=1980, document=3),
        M(["Tursen Sarikov"], birth_year=1980, document=4),
    ]
    labels = resolve_batch(mentions, workers=1).labels
    assert labels[0] == labels[1] and labels[2] == labels[3]
    assert labels[0] != labels[2]


def test_a_full_name_without_birth_year_counts_the_bearers_its_names_predict() -> None:
    common = [M([f"Berik {father}ov"], birth_year=1950 + k % 40, document=10 + k)
              for k, father in enumerate(("Bolat", "Aidar", "Kasym", "Temir", "Oraz", "Janbol") * 6)]
    common += [M([f"{given} Tursynov"], birth_year=1950 + k % 40, document=100 + k)
               for k, given in enumerate(("Aset", "Nurlan", "Marat", "Dauren", "Almas", "Serik") * 6)]
    batch = [*common, M(["Berik Tursynov"], birth_year=1986, document=1), M(["Berik Tursynov"], document=2),
             M(["Qydyrbek Ualihanov"], document=3), M(["Qydyrbek Ualihanov"], birth_year=1971, document=4)]
    weighed = with_ambiguity(batch)
    with_year, without_year, rare, rare_with_year = weighed[-4:]
    assert without_year.ambiguity > with_year.ambiguity
    assert without_year.ambiguity >= 1.0
    assert rare.ambiguity < 0.5 and rare_with_year.ambiguity == 0.0


def test_expected_bearers_grow_as_the_name_space_crowds() -> None:
    small = expected_bearers(2.5, count_a=40, count_b=30, tokens=20_000)
    large = expected_bearers(2.5, count_a=400, count_b=300, tokens=200_000)
    assert large == pytest.approx(10 * small)
    assert expected_bearers(2.5, count_a=1, count_b=1, tokens=200_000) < 0.01


@pytest.mark.parametrize(("spelling", "joins"), [
    ("Nurbolat Serikuly", False),
    ("Nurbool Serikuly", True),
], ids=["one-off-name-made-of-recurring-names", "one-off-misspelling"])
def test_a_name_that_recurs_with_other_fathers_is_not_taken_for_a_typo(spelling: str, joins: bool) -> None:
    mentions = [
        M(["Nurbol Serikuly"], birth_year=1980, places=["Tekes"], document=1),
        M(["Nurbol Serikuly"], birth_year=1980, places=["Tekes"], document=2),
        M([spelling], birth_year=1980, places=["Tekes"], document=3),
        *(M([f"Nurbolat {father}"], birth_year=1940 + 7 * k, document=10 + k)
          for k, father in enumerate(("Aidarov", "Kasymov", "Temirov", "Orazov"))),
        *(M([f"{given} Serikuly"], birth_year=1941 + 7 * k, document=20 + k)
          for k, given in enumerate(("Aset", "Marat", "Dauren", "Almas"))),
    ]
    labels = resolve_batch(mentions, workers=1).labels
    assert labels[0] == labels[1]
    assert (labels[2] == labels[0]) is joins


def test_one_misreported_age_does_not_split_a_person() -> None:
    # four sources agree on about 1970, one says 1973: the two groups are one person, and the case
    # file shows the disagreement as a contradiction instead of two people
    agreeing = ClusterProfile.of(M(["Berik Tursynbekuly"], birth_year=1970, document=1))
    agreeing.absorb(ClusterProfile.of(M(["Berik Tursynbekuly"], birth_year=1971, document=2)))
    with_outlier = ClusterProfile.of(M(["Berik Tursynbekuly"], birth_year=1970, document=3))
    with_outlier.absorb(ClusterProfile.of(M(["Berik Tursynbekuly"], birth_year=1970, document=4)))
    with_outlier.absorb(ClusterProfile.of(M(["Berik Tursynbekuly"], birth_year=1973, document=5)))
    assert agreeing.conflict(with_outlier) is None
    born_later = ClusterProfile.of(M(["Berik Tursynbekuly"], birth_year=1974, document=6))
    born_later.absorb(ClusterProfile.of(M(["Berik Tursynbekuly"], birth_year=1973, document=7)))
    assert agreeing.conflict(born_later) == "birth years too far apart"
    far_outlier = ClusterProfile.of(M(["Berik Tursynbekuly"], birth_year=1978, document=8))
    assert with_outlier.conflict(far_outlier) == "birth years too far apart"


def _profile(*mentions: MentionFeatures) -> ClusterProfile:
    profile = ClusterProfile.of(mentions[0])
    for mention in mentions[1:]:
        profile.absorb(ClusterProfile.of(mention))
    return profile


def test_one_source_misstating_an_age_joins_the_person_several_sources_date() -> None:
    # three sources put the birth near 1979; one says 1975 and another, without an age, sided with it
    name = ["Saltanat Melbekova"]
    several = _profile(*(M(name, birth_year=year, document=k) for k, year in enumerate((1979, 1978, 1979))))
    misstated = _profile(M(name, birth_year=1975, document=10), M(name, document=11))
    assert several.conflict(misstated) is None
    # further off than an age misremembered, or one statement against one: two people
    assert several.conflict(_profile(M(name, birth_year=1974, document=12))) == "birth years too far apart"
    one = _profile(M(name, birth_year=1979, document=13))
    assert one.conflict(_profile(M(name, birth_year=1975, document=14))) == "birth years too far apart"


def test_a_batch_keeps_one_person_whole_around_a_misstated_age() -> None:
    # the two mentions without an age meet the misstated one first; among 64 other people the name is
    # rare enough for them to join pair by pair, and the two groups then join as one person
    name = ["Saltanat Melbekova"]
    given = ("Aset", "Bolat", "Dana", "Erlan", "Gulnar", "Marat", "Nurlan", "Saule")
    fathers = ("Nurlanov", "Qairatov", "Serikov", "Tokenov", "Aidarov", "Omarov", "Dauletov", "Kenesov")
    others = [M([f"{g} {f}"], birth_year=1940 + k, document=100 + k)
              for k, (g, f) in enumerate((g, f) for g in given for f in fathers)]
    mentions = [M(name, document=1), M(name, birth_year=1975, document=2), M(name, document=3),
                *(M(name, birth_year=year, document=4 + k) for k, year in enumerate((1979, 1978, 1979))), *others]
    assert len(set(resolve_batch(mentions, workers=1).labels[:6])) == 1


def test_a_misspelt_full_name_meets_its_person_through_shared_evidence() -> None:
    # the first letter of the surname is misread (C for J), so no name key is shared; the same dated
    # detention and place still bring the two together, and the names agree closely enough to join
    person = [M(["Gulbahar Jelilova"], birth_year=1980, events=["detention|2018-05"], places=["Ghulja"], document=1),
              M(["Gulbahar Jelilova"], birth_year=1980, events=["detention|2018-05"], document=2)]
    misspelt = M(["Gulbakhar Celilova"], birth_year=1980, events=["detention|2018-05"], places=["Ghulja"],
                 document=3)
    assert not set(blocking_keys(misspelt).member_keys) & {
        key for key in blocking_keys(person[0]).member_keys if key[0] in "nksb"}
    assert [0, 2] in candidate_pairs([*person, misspelt]).tolist()
    assert len(set(resolve_batch([*person, misspelt], workers=1).labels)) == 1


def test_a_mention_between_two_pieces_of_one_person_joins_them_both() -> None:
    # The candidate pairs leave the person in two pieces (no pair links them); a typo'd mention
    # fits both equally well. The pieces are one person by their combined evidence, so neither is
    # the other's rival: all three join.
    import numpy as np

    from aigak.resolve.cluster import cluster_scored

    mentions = with_ambiguity([
        M(["Nurlan Qasymuly"], birth_year=1975, places=["Tekes"], events=["detention|2018-03"], document=1),
        M(["Nurlan Qasymuly"], birth_year=1975, places=["Tekes"], document=2),
        M(["Нурлан Қасымұлы"], birth_year=1976, places=["Tekes"], events=["detention|2018-03"], document=3),
        M(["Nurlan Qasymuly"], birth_year=1976, document=4),
        M(["Nurlam Qasymuly"], birth_year=1975, places=["Tekes"], document=5),
    ])
    pairs = np.array([[0, 1], [2, 3], [0, 4], [2, 4]], dtype=np.int64)
    scores = [score_pair(mentions[i], mentions[j]) for i, j in pairs.tolist()]
    bits = np.array([s.bits for s in scores], dtype=np.float32)
    exact = np.array([s.exact_names for s in scores], dtype=bool)
    exact[:] = [True, True, False, False]
    labels, _, _ = cluster_scored(mentions, pairs, bits, exact)
    assert len(set(labels)) == 1


@pytest.mark.parametrize(("near", "joins"), [(None, True), ({0}, True), ({3}, False)],
                         ids=["first-time-every-mention", "again-next-to-a-rejoined-person",
                              "again-elsewhere-left-as-decided"])
def test_the_repeated_loose_mention_pass_looks_only_next_to_persons_the_third_pass_joined(
        near: set[int] | None, joins: bool) -> None:
    # The second pass runs again after the third; by then it has already weighed every alone mention,
    # and only a mention beside a person the third pass joined has anything new to be weighed against.
    import numpy as np

    from aigak.resolve.cluster import ClusterProfile, _attach_loose_mentions

    mentions = with_ambiguity([
        M(["Nurlan Serikuly"], birth_year=1980, places=["Tekes"], document=1),
        M(["Nurlan Serikuly"], birth_year=1980, places=["Tekes"], document=2),
        M(["Serikuly"], birth_year=1980, places=["Tekes"], events=["detention|2018-03"], document=3),
        M(["Marat Aidarov"], birth_year=1961, document=4),
    ])
    parent = [0, 0, 2, 3]  # the two full names are one person already
    profiles = {0: ClusterProfile.of(mentions[0]), 2: ClusterProfile.of(mentions[2]),
                3: ClusterProfile.of(mentions[3])}
    profiles[0].absorb(ClusterProfile.of(mentions[1]))

    def find(x: int) -> int:
        while parent[x] != x:
            x = parent[x]
        return x

    pairs = np.array([[0, 1], [0, 2], [1, 2]], dtype=np.int64)
    bits = np.array([score_pair(mentions[i], mentions[j]).bits for i, j in pairs.tolist()], dtype=np.float32)
    attached = _attach_loose_mentions(mentions, pairs, bits, find, parent, profiles.__getitem__, profiles,
                                      near=near)
    assert (find(2) == 0) is joins and attached == int(joins)


def test_a_mention_does_not_join_a_person_whose_other_piece_it_conflicts_with() -> None:
    # Two pieces of one person fit a lone surname equally; they join. But the surname comes from the
    # same source as a mention of the piece that is not its best match, so it is someone else there
    # (one source never names one person twice): it stays alone rather than break that rule.
    import numpy as np

    from aigak.resolve.cluster import ClusterProfile, _attach_loose_mentions

    mentions = with_ambiguity([
        M(["Nurlan Serikuly"], birth_year=1980, places=["Tekes"], document=1),
        M(["Nurlan Serikuly"], birth_year=1980, places=["Tekes"], document=2),
        M(["Nurlan Serikuly"], birth_year=1980, places=["Tekes"], document=3),
        M(["Nurlan Serikuly"], birth_year=1980, places=["Tekes"], document=4),
        M(["Serikuly"], birth_year=1980, places=["Tekes"], document=1),
    ])
    parent = [0, 0, 2, 2, 4]  # two pieces the earlier passes left apart
    profiles = {root: ClusterProfile.of(mentions[root]) for root in (0, 2, 4)}
    profiles[0].absorb(ClusterProfile.of(mentions[1]))
    profiles[2].absorb(ClusterProfile.of(mentions[3]))

    def find(x: int) -> int:
        while parent[x] != x:
            x = parent[x]
        return x

    pairs = np.array([[0, 4], [1, 4], [2, 4], [3, 4]], dtype=np.int64)
    bits = np.array([score_pair(mentions[i], mentions[j]).bits for i, j in pairs.tolist()], dtype=np.float32)
    _attach_loose_mentions(mentions, pairs, bits, find, parent, profiles.__getitem__, profiles)
    assert find(2) == find(0)
    assert find(4) != find(0)
    assert len(profiles[find(0)].documents) == 4


def test_a_fathers_name_that_falls_on_a_plain_names_first_word_is_weak_evidence() -> None:
    # "Qurmaham Maratov" is Qurmaham, son of Marat; "Marat Qurmaham", read in the usual order, is
    # Marat, son of Qurmaham. Only a surname-first reading makes them one man: possible, not sure.
    son_of_marat = M(["Qurmaham Maratov"])
    assert compare_forms(parse_name("Qurmaham Maratov"), parse_name("Marat Qurmaham"))[0] is NameAgreement.REVERSED
    assert POSSIBLE_THRESHOLD <= score_pair(son_of_marat, M(["Marat Qurmaham"])).bits < MERGE_THRESHOLD
    # the same names in the usual order, and an ending dropped, still agree in full
    assert score_pair(son_of_marat, M(["Qurmaham Marat"])).bits >= MERGE_THRESHOLD
    assert compare_forms(parse_name("Kaster Musakhanuly"), parse_name("Kaster Musakhan"))[0] is NameAgreement.FULL
    assert compare_forms(parse_name("Kaster Musakhanuly"), parse_name("卡斯特尔·木萨汗"))[0] is NameAgreement.FULL
