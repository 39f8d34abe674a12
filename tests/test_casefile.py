"""Case files from hand-written extraction results of fictional sources (the store contract: FORMAT.md).

The corpus: a woman (Aizhan Serikqyzy) whose husband (Nurlan Bekuly) was held in a camp, told by
four fictional sources: a report, its republication, a Cyrillic follow-up a year later and a
surname-only interview, with an age and a camp duration that disagree between sources.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from datetime import date
from typing import Any

import pytest

from aigak.casefile import build_case_file, case_file_to_dict, open_case_file, render_markdown
from aigak.casefile.legal import FLAG_RETURN_ORDER_WHILE_PENDING
from aigak.core.models import DecodedSource, ReviewStatus
from aigak.operations.review import review
from aigak.resolve import search_people
from aigak.resolve.registry import resolve_document
from aigak.store.audit import audit_history, verify_audit_chain
from aigak.store.documents import add_document, set_reference_date
from aigak.store.engine import Store, open_store
from aigak.store.facts import list_facts, save_extraction

REPORT = ("Aizhan Serikqyzy, 41, says police took her husband Nurlan Bekuly to a camp in Ghulja in May 2018. "
          "He was released in March 2019. Her younger brother is still detained in Xinjiang. "
          "She applied for asylum in Kazakhstan in April 2019. A court in Almaty has ordered her return to China. "
          "The appeal hearing is due on 20 June 2019.")
REPUBLISHED = "Republished with permission from the Steppe Voice.\n\n" + REPORT
FOLLOW_UP = ("Айжан Серікқызы, 42, lost her asylum appeal in January 2020, the court in Almaty said. "
             "Her husband Nurlan Bekuly was taken to the camp in Ghulja in May 2018 and spent two years there. "
             "Her brother is still detained. A new hearing is set for 15 March 2020.")
INTERVIEW = ("Serikqyzy, now 45, spoke to us in Almaty. She says her husband Nurlan Bekuly was released "
             "in 2017 and now drives a taxi.")


def sp(text: str, quote: str, nth: int = 0) -> list[int]:
    """The [start, end] span of the nth occurrence of a quote in a text."""
    start = -1
    for _ in range(nth + 1):
        start = text.index(quote, start + 1)
    return [start, start + len(quote)]


def report_result(text: str) -> dict[str, Any]:
    return {
        "backend": {"name": "hand.v1"},
        "document": {"reference_date": "2019-05-10"},
        "entities": [
            {"id": "p1", "kind": "person", "name": "Aizhan Serikqyzy", "aliases": [],
             "attributes": {"age": 41, "gender": "female", "ethnicity": "Kazakh", "citizenship": "China"},
             "mentions": [sp(text, "Aizhan Serikqyzy")]},
            {"id": "p2", "kind": "person", "name": "Nurlan Bekuly", "attributes": {"gender": "male"},
             "mentions": [sp(text, "Nurlan Bekuly")]},
            {"id": "p3", "kind": "person", "name": None, "description": "younger brother",
             "attributes": {"gender": "male"}, "mentions": [sp(text, "younger brother")]},
            {"id": "l1", "kind": "place", "name": "Ghulja", "mentions": [sp(text, "Ghulja")]},
            {"id": "l2", "kind": "place", "name": "Kazakhstan", "mentions": [sp(text, "Kazakhstan")]},
            {"id": "l3", "kind": "place", "name": "Almaty", "mentions": [sp(text, "Almaty")]},
        ],
        "relations": [
            {"type": "spouse", "from": "p1", "to": "p2", "evidence": [sp(text, "her husband Nurlan Bekuly")]},
            {"type": "sibling", "from": "p1", "to": "p3",
             "evidence": [sp(text, "Her younger brother is still detained in Xinjiang.")]},
        ],
        "events": [
            {"id": "e1", "type": "detention", "subjects": ["p2"], "place": "l1", "start": "2018-05", "end": "2019-03",
             "evidence": [sp(text, "police took her husband Nurlan Bekuly to a camp in Ghulja in May 2018")]},
            {"id": "e2", "type": "release", "subjects": ["p2"], "start": "2019-03",
             "evidence": [sp(text, "He was released in March 2019.")]},
            {"id": "e3", "type": "detention", "subjects": ["p3"], "start": None,
             "evidence": [sp(text, "Her younger brother is still detained in Xinjiang.")]},
            {"id": "e4", "type": "asylum_application", "subjects": ["p1"], "place": "l2", "start": "2019-04",
             "evidence": [sp(text, "She applied for asylum in Kazakhstan in April 2019.")]},
            {"id": "e5", "type": "deportation_order", "subjects": ["p1"], "place": "l3", "start": None,
             "evidence": [sp(text, "A court in Almaty has ordered her return to China.")]},
        ],
        "amounts": [],
    }


def follow_up_result(text: str) -> dict[str, Any]:
    return {
        "backend": {"name": "hand.v1"},
        "document": {"reference_date": "2020-02-01"},
        "entities": [
            {"id": "p1", "kind": "person", "name": "Айжан Серікқызы", "attributes": {"age": 42},
             "mentions": [sp(text, "Айжан Серікқызы")]},
            {"id": "p2", "kind": "person", "name": "Nurlan Bekuly", "mentions": [sp(text, "Nurlan Bekuly")]},
            {"id": "p3", "kind": "person", "name": None, "description": "brother", "mentions": [sp(text, "Her brother")]},
            {"id": "l1", "kind": "place", "name": "Ghulja", "mentions": [sp(text, "Ghulja")]},
        ],
        "relations": [
            {"type": "spouse", "from": "p1", "to": "p2", "evidence": [sp(text, "Her husband Nurlan Bekuly")]},
            {"type": "sibling", "from": "p1", "to": "p3", "evidence": [sp(text, "Her brother is still detained.")]},
        ],
        "events": [
            {"id": "e1", "type": "asylum_decision", "subjects": ["p1"], "start": "2020-01",
             "evidence": [sp(text, "lost her asylum appeal in January 2020")]},
            {"id": "e2", "type": "detention", "subjects": ["p2"], "place": "l1", "start": "2018-05", "end": None,
             "evidence": [sp(text, "was taken to the camp in Ghulja in May 2018 and spent two years there")]},
            {"id": "e3", "type": "detention", "subjects": ["p3"], "start": None,
             "evidence": [sp(text, "Her brother is still detained.")]},
        ],
        "amounts": [],
    }


def interview_result(text: str) -> dict[str, Any]:
    return {
        "backend": {"name": "hand.v1"},
        "document": {"reference_date": "2021-03-02"},
        "entities": [
            {"id": "p1", "kind": "person", "name": "Serikqyzy", "attributes": {"age": 45},
             "mentions": [sp(text, "Serikqyzy")]},
            {"id": "p2", "kind": "person", "name": "Nurlan Bekuly", "mentions": [sp(text, "Nurlan Bekuly")]},
        ],
        "relations": [{"type": "spouse", "from": "p1", "to": "p2", "evidence": [sp(text, "her husband Nurlan Bekuly")]}],
        "events": [{"id": "e1", "type": "release", "subjects": ["p2"], "start": "2017",
                    "evidence": [sp(text, "was released in 2017")]}],
        "amounts": [],
    }


CORPUS: tuple[tuple[str, str, str, Any], ...] = (
    ("report.txt", "Steppe Voice: a family waits", REPORT, report_result),
    ("republished.txt", "Republished: a family waits", REPUBLISHED, report_result),
    ("follow-up.txt", "Dala News: appeal lost", FOLLOW_UP, follow_up_result),
    ("interview.txt", "Rights Monitor: interview", INTERVIEW, interview_result),
)


def add_source(store: Store, filename: str, title: str, text: str, result: Mapping[str, Any]) -> int:
    """Ingest a text and store a hand-written extraction of it, resolved as `aigak ingest --extract` does."""
    with store.transaction() as conn:
        doc, _ = add_document(conn, text.encode(), DecodedSource(text=text, media_type="text/plain", title=title),
                              filename=filename, language="en")
        save_extraction(conn, doc.id, result, text=text)
        set_reference_date(conn, doc.id, (result.get("document") or {}).get("reference_date"))
        resolve_document(conn, doc.id, actor="test")
    return doc.id


def load_corpus(store: Store, count: int = len(CORPUS)) -> list[int]:
    return [add_source(store, name, title, text, make(text)) for name, title, text, make in CORPUS[:count]]


def person_id(store: Store, name: str) -> int:
    with store.read() as conn:
        found = [p for p in search_people(conn, name) if p.is_named]
    assert len(found) == 1, found
    return found[0].id


@pytest.fixture
def corpus_store(sqlite_store: Store) -> Iterator[Store]:
    load_corpus(sqlite_store)
    yield sqlite_store


def case(store: Store, name: str, today: date | None = None) -> dict[str, Any]:
    with store.read() as conn:
        return case_file_to_dict(build_case_file(conn, person_id(store, name), today=today))


def test_case_file_dict_has_the_agreed_shape(corpus_store: Store) -> None:
    cf = case(corpus_store, "Aizhan Serikqyzy")
    assert {"person", "relatives", "timeline", "legal_status", "contradictions", "sources"} <= set(cf)
    assert {"id", "name", "names", "age", "birth_year", "gender", "ethnicity", "citizenship", "home_place",
            "status"} <= set(cf["person"])
    assert {"name", "script", "document_ids"} <= set(cf["person"]["names"][0])
    assert {"relation", "person_id", "name", "description", "age", "status", "in_country_of_persecution",
            "sources"} <= set(cf["relatives"][0])
    item = cf["timeline"][0]
    assert {"fact_ids", "type", "start", "end", "precision", "duration", "place", "review_status", "original",
            "sources", "corroboration"} <= set(item)
    assert {"document_id", "sha256", "title", "quote", "span"} <= set(item["sources"][0])
    assert {"asylum", "proceedings", "orders", "next_dates", "passed_dates", "flags"} <= set(cf["legal_status"])
    assert {"date", "what", "source"} <= set(cf["legal_status"]["passed_dates"][0])
    contradiction = cf["contradictions"][0]
    assert {"kind", "description", "a", "b"} <= set(contradiction)
    assert {"quote", "source"} <= set(contradiction["a"])
    assert {"document_id", "sha256", "title", "filename", "published", "independent_group"} <= set(cf["sources"][0])


def test_identity_lists_every_spelling_with_its_sources(corpus_store: Store) -> None:
    cf = case(corpus_store, "Айжан")
    p = cf["person"]
    assert p["name"] == "Aizhan Serikqyzy"
    forms = {n["name"]: (n["script"], n["document_ids"]) for n in p["names"]}
    assert forms["Aizhan Serikqyzy"] == ("latin", [1, 2])
    assert forms["Айжан Серікқызы"] == ("cyrillic", [3])
    assert forms["Serikqyzy"] == ("latin", [4])
    assert (p["gender"], p["ethnicity"], p["citizenship"]) == ("female", "Kazakh", "China")
    assert p["age"] == 45 and p["birth_year"] in (1977, 1978)


def test_relatives_are_persons_with_their_own_status(corpus_store: Store) -> None:
    cf = case(corpus_store, "Aizhan Serikqyzy")
    by_relation = {r["relation"]: r for r in cf["relatives"]}
    husband, brother = by_relation["spouse"], by_relation["sibling"]
    assert husband["name"] == "Nurlan Bekuly" and husband["person_id"] is not None
    assert brother["name"] is None and brother["description"] == "brother"
    assert brother["status"] == "detained" and brother["in_country_of_persecution"] is True
    assert {s["document_id"] for s in brother["sources"]} == {1, 2, 3}
    assert brother["corroboration"] == 2, "the republication counts once"
    husband_file = case(corpus_store, "Nurlan Bekuly")
    assert {r["relation"] for r in husband_file["relatives"]} == {"spouse"}


def test_timeline_is_in_date_order_with_precision_duration_and_corroboration(corpus_store: Store) -> None:
    cf = case(corpus_store, "Nurlan Bekuly")
    timeline = cf["timeline"]
    starts = [t["start"] for t in timeline]
    assert starts == ["2017", "2018-05", "2019-03"]
    detention = timeline[1]
    assert detention["type"] == "detention" and detention["precision"] == "month"
    assert (detention["end"], detention["duration"], detention["place"]) == ("2019-03", "10 months", "Ghulja")
    assert {s["document_id"] for s in detention["sources"]} == {1, 2, 3}
    assert detention["corroboration"] == 2, "the republication counts once"
    assert timeline[0]["precision"] == "year"
    groups = {s["document_id"]: s["independent_group"] for s in cf["sources"]}
    assert groups[1] == groups[2] != groups[3]


def test_contradictions_show_both_quotes(corpus_store: Store) -> None:
    nurlan = case(corpus_store, "Nurlan Bekuly")
    kinds = {c["kind"]: c for c in nurlan["contradictions"]}
    duration = kinds["duration"]
    assert "two years" in duration["a"]["quote"] and duration["a"]["source"]["document_id"] == 3
    assert "May 2018" in duration["b"]["quote"]
    order = kinds["order"]
    assert "released in 2017" in order["a"]["quote"] and "May 2018" in order["b"]["quote"]
    aizhan = case(corpus_store, "Aizhan Serikqyzy")
    ages = [c for c in aizhan["contradictions"] if c["kind"] == "age"]
    assert len(ages) >= 1
    assert any("45" in c["b"]["quote"] and "41" in c["a"]["quote"] for c in ages)
    assert not any("41" in c["a"]["quote"] and "42" in c["b"]["quote"] for c in ages), \
        "42 nine months after 41 fits the passage of time"


def test_legal_status_lists_decisions_dates_ahead_and_flags(sqlite_store: Store) -> None:
    load_corpus(sqlite_store, 1)
    first = case(sqlite_store, "Aizhan Serikqyzy", today=date(2019, 5, 12))["legal_status"]
    assert [i["type"] for i in first["asylum"]] == ["asylum_application"]
    assert [i["type"] for i in first["orders"]] == ["deportation_order"]
    assert first["flags"] == [FLAG_RETURN_ORDER_WHILE_PENDING]
    assert [n["date"] for n in first["next_dates"]] == ["2019-06-20"]
    assert case(sqlite_store, "Aizhan Serikqyzy")["legal_status"]["next_dates"] == [], "2019 is long past"
    load_corpus_rest(sqlite_store, stop=3)
    later = case(sqlite_store, "Aizhan Serikqyzy", today=date(2020, 2, 5))
    legal = later["legal_status"]
    assert [i["type"] for i in legal["asylum"]] == ["asylum_application", "asylum_decision"]
    assert legal["flags"] == [], "a decision came after the application"
    assert [n["date"] for n in legal["next_dates"]] == ["2020-03-15"]
    assert [n["date"] for n in legal["passed_dates"]] == ["2019-06-20"], "the follow-up was written after it"
    assert later["person"]["status"] == "asylum refused"
    load_corpus_rest(sqlite_store, start=3)
    legal = case(sqlite_store, "Aizhan Serikqyzy", today=date(2020, 2, 5))["legal_status"]
    assert legal["next_dates"] == [], "the interview of 2021 was written after the hearing of March 2020"
    assert [n["date"] for n in legal["passed_dates"]] == ["2019-06-20", "2020-03-15"]


def load_corpus_rest(store: Store, start: int = 1, stop: int = len(CORPUS)) -> None:
    for name, title, text, make in CORPUS[start:stop]:
        add_source(store, name, title, text, make(text))


def _fact_id(store: Store, document_id: int, local_id: str) -> int:
    with store.read() as conn:
        return next(f.id for f in list_facts(conn, document_id=document_id) if f.local_id == local_id)


def test_review_status_flows_into_the_case_file(corpus_store: Store) -> None:
    application = _fact_id(corpus_store, 1, "e4")
    decision = _fact_id(corpus_store, 3, "e1")
    order = _fact_id(corpus_store, 1, "e5")
    review(corpus_store, application, ReviewStatus.CONFIRMED, actor="ana")
    review(corpus_store, decision, ReviewStatus.REJECTED, actor="ana")
    with corpus_store.read() as conn:
        from aigak.store.facts import get_fact

        edited = dict(get_fact(conn, order).data)
    edited["start"] = "2019-05"
    review(corpus_store, order, ReviewStatus.EDITED, actor="ana", data=edited)
    cf = case(corpus_store, "Aizhan Serikqyzy")
    by_type = {t["type"]: t for t in cf["timeline"]}
    assert by_type["asylum_application"]["review_status"] == "confirmed"
    assert "asylum_decision" not in by_type, "a rejected fact leaves the case file"
    edited_item = next(t for t in cf["timeline"] if order in t["fact_ids"])
    assert edited_item["review_status"] == "edited"
    assert edited_item["start"] == "2019-05"
    assert edited_item["original"]["start"] is None
    assert cf["legal_status"]["flags"] == [FLAG_RETURN_ORDER_WHILE_PENDING]


def test_opening_a_case_file_is_audited(corpus_store: Store) -> None:
    cf = open_case_file(corpus_store, "Айжан Серікқызы", actor="ana")
    with corpus_store.read() as conn:
        records = audit_history(conn, f"person:{cf.person.id}")
        assert verify_audit_chain(conn) == []
    assert records[0].action == "read_casefile" and records[0].actor == "ana"


def test_markdown_cites_every_quote(corpus_store: Store) -> None:
    with corpus_store.read() as conn:
        text = render_markdown(build_case_file(conn, person_id(corpus_store, "Nurlan Bekuly")))
    assert text.startswith("# Case file: Nurlan Bekuly")
    assert "2018-05 – 2019-03** (month) — detention (10 months; Ghulja)" in text
    assert "spent two years there" in text
    assert "## Contradictions" in text and "## Sources" in text


@pytest.mark.postgres
def test_case_file_on_postgres_matches_sqlite(pg_url: str, corpus_store: Store) -> None:
    pg = open_store(pg_url)
    try:
        load_corpus(pg)
        for name in ("Nurlan Bekuly", "Aizhan Serikqyzy"):
            on_pg, on_sqlite = case(pg, name), case(corpus_store, name)
            assert on_pg["timeline"] == on_sqlite["timeline"]
            assert on_pg["contradictions"] == on_sqlite["contradictions"]
    finally:
        pg.close()
