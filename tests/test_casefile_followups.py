"""End to end: the evaluation article and four fictional follow-ups, extracted by the real extractor.

The follow-ups (tests/fixtures/followups, described in EXPECTED.md there) spell the same two men in
another transliteration, in Cyrillic, by surname only and with a dotless ı, give an age a year later,
and contradict the camp duration. Ingesting all five must give one person each, with merged
timelines, corroboration counts and the contradiction.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from aigak.casefile import build_case_file, case_file_to_dict
from aigak.ingest.pipeline import ingest_paths
from aigak.operations.extraction import extract_stored_document
from aigak.resolve.names import parse_name
from aigak.store.engine import Store, open_store
from aigak.store.persons import PersonSummary, list_persons

ARTICLE = Path(__file__).resolve().parents[1].parent / "shared" / "eval" / "docs" / "kz-asylum-2019.txt"
FOLLOWUPS = Path(__file__).resolve().parent / "fixtures" / "followups"


@pytest.fixture(scope="module")
def followup_store(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Store]:
    if not ARTICLE.exists():
        pytest.skip("the shared evaluation corpus (../shared/eval) is not next to the repository")
    files = [ARTICLE, *sorted(FOLLOWUPS.glob("*.txt"))]
    if len(files) < 5:
        pytest.skip("the follow-up fixtures are not there")
    store = open_store(f"sqlite:///{tmp_path_factory.mktemp('followups') / 'aigak.db'}")
    result = ingest_paths(store, [str(f) for f in files])
    for outcome in result.created:
        assert outcome.document is not None
        extract_stored_document(store, outcome.document.id, actor="test")
    yield store
    store.close()


def _stems(name: str) -> set[str]:
    return set(parse_name(name).stems)


def _people(store: Store) -> list[PersonSummary]:
    with store.read() as conn:
        return [p for p in list_persons(conn, limit=200) if p.is_named]


def _holder(people: list[PersonSummary], stem: str) -> set[int]:
    """The persons holding any name form with this stem."""
    return {p.id for p in people for n in p.names if stem in _stems(n)}


def _case(store: Store, person_id: int) -> dict[str, Any]:
    with store.read() as conn:
        return case_file_to_dict(build_case_file(conn, person_id))


def test_each_man_is_one_person_in_every_spelling(followup_store: Store) -> None:
    people = _people(followup_store)
    qaster, murager = _holder(people, "musahan"), _holder(people, "alim")
    assert len(qaster) == 1 and len(murager) == 1 and qaster != murager
    q = next(p for p in people if p.id in qaster)
    assert {"Qaster Musakhanuly", "Kaster Musahanuly", "Қастер Мұсаханұлы", "Qaster Musakhanulı"} <= set(q.names)
    assert len(q.document_ids) == 5
    m = next(p for p in people if p.id in murager)
    assert {"Murager Alimuly", "Мурагер Алимұлы", "Murager Alimuli"} <= set(m.names)
    assert len(m.document_ids) >= 4


def test_other_named_people_stay_apart(followup_store: Store) -> None:
    people = _people(followup_store)
    subjects = _holder(people, "musahan") | _holder(people, "alim")
    for stem in ("esen", "tolegen"):
        others = _holder(people, stem)
        assert others and not others & subjects


def test_timeline_is_merged_across_sources_with_corroboration(followup_store: Store) -> None:
    qaster = _holder(_people(followup_store), "musahan").pop()
    cf = _case(followup_store, qaster)
    documents = {s["document_id"] for item in cf["timeline"] for s in item["sources"]}
    assert len(documents) >= 4, "events come from the article and the follow-ups"
    crossing = [t for t in cf["timeline"] if t["type"] == "border_crossing" and t["start"] == "2019-10-06"]
    assert crossing and crossing[0]["corroboration"] >= 2
    starts = [t["start"] for t in cf["timeline"] if t["start"]]
    assert starts == sorted(starts, key=lambda d: tuple(int(x) for x in d.split("-")))


def test_camp_duration_contradiction_is_shown_and_the_later_age_is_not(followup_store: Store) -> None:
    qaster = _holder(_people(followup_store), "musahan").pop()
    cf = _case(followup_store, qaster)
    durations = [c for c in cf["contradictions"] if c["kind"] == "duration"]
    assert durations, cf["contradictions"]
    quotes = " ".join(c["a"]["quote"] + " " + c["b"]["quote"] for c in durations)
    assert "two years" in quotes
    assert not [c for c in cf["contradictions"] if c["kind"] == "age"]


def test_relatives_left_behind_are_joined_across_sources(followup_store: Store) -> None:
    qaster = _holder(_people(followup_store), "musahan").pop()
    relatives = _case(followup_store, qaster)["relatives"]
    mother = [r for r in relatives if r["relation"] == "parent" and (r["description"] or "") == "mother"]
    assert len(mother) == 1
    assert len({s["document_id"] for s in mother[0]["sources"]}) >= 2
