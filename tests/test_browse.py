"""Browsing queries (store.browse) on SQLite and on PostgreSQL: fact filters, statistics, source lists."""

from __future__ import annotations

import pytest
from test_web_support import seed_demo, seed_hostile

from aigak.core.models import FactKind, ReviewStatus
from aigak.operations.review import review
from aigak.store.browse import (
    FactFilters,
    SourceFilters,
    SourceReview,
    entity_names,
    list_sources,
    search_facts,
    statistics,
    totals,
)
from aigak.store.engine import Store
from aigak.store.facts import list_facts
from aigak.web.publication import is_published, published_person_ids


@pytest.mark.parametrize(("filters", "types"), [
    (FactFilters(place="almaty"), {"arrival", "asylum_application", "restriction", "detention"}),
    (FactFilters(types=("detention",)), {"detention"}),
    (FactFilters(date_from="2019-08", date_to="2019-08"), {"flight", "border_crossing", "arrival"}),
    (FactFilters(ethnicity="KAZAKH", types=("detention",)), {"detention"}),
    (FactFilters(year="2017"), {"detention"}),
    (FactFilters(kind=FactKind.EVENT, name="yerzhan"), {"detention"}),
    (FactFilters(place="x' OR 1=1; --", ethnicity="%_\\"), set()),
    (FactFilters(statuses=(ReviewStatus.REJECTED,)), set()),
], ids=["place", "type", "month", "ethnicity", "began-in", "subject-name", "metacharacters", "rejected"])
def test_fact_filters_on_both_databases(store: Store, filters: FactFilters, types: set[str]) -> None:
    seed_demo(store)
    seed_hostile(store)
    with store.read() as conn:
        facts, total = search_facts(conn, filters)
    assert {f.type for f in facts} == types and total == len(facts)


def test_statistics_and_lists_on_both_databases(store: Store) -> None:
    document = seed_demo(store)
    with store.read() as conn:
        stats = statistics(conn)
        assert {r.label: (r.events, r.people) for r in stats["type"]}["detention"] == (2, 2)
        assert [r.label for r in stats["year"]] == ["2017", "2018", "2019", "2020", "undated"]
        assert sum(r.events for r in stats["place"]) == totals(conn)["events"] == 15
        assert list_sources(conn, SourceFilters(review=SourceReview.PENDING))[1] == 1
        assert list_sources(conn, SourceFilters(review=SourceReview.UNEXTRACTED))[1] == 0
        assert list_sources(conn, SourceFilters(q="TESTIM%"))[1] == 0, "% is a character, not a wildcard"
        assert entity_names(conn, [document])[document]["p1"] == "Kuralay Nurlanqyzy"


def test_a_person_is_published_once_a_reviewer_confirms_them(store: Store) -> None:
    pytest.importorskip("aigak.resolve", reason="the person registry is not part of this build")
    document = seed_demo(store)
    with store.read() as conn:
        assert published_person_ids(conn) == set()
        kuralay = next(f for f in list_facts(conn, document_id=document, kind=FactKind.ENTITY)
                       if f.data.get("name") == "Kuralay Nurlanqyzy")
    review(store, kuralay.id, ReviewStatus.CONFIRMED, actor="test")
    with store.read() as conn:
        published = published_person_ids(conn)
        assert len(published) == 1 and all(is_published(conn, p) for p in published)
