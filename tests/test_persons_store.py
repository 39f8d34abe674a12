"""The person registry tables behave the same on SQLite and PostgreSQL."""

from __future__ import annotations

import pytest
from sqlalchemy import inspect

from aigak.core.errors import NotFound
from aigak.core.models import DecodedSource
from aigak.store.documents import add_document
from aigak.store.engine import Store
from aigak.store.facts import list_facts, save_extraction
from aigak.store.persons import (
    add_link,
    add_mention,
    birth_years_for_keys,
    candidate_person_ids,
    create_person,
    find_persons,
    get_person,
    list_links,
    list_merges,
    list_persons,
    mentions_by_keys,
    mentions_of,
    move_mentions,
    normalize_query,
    record_merge,
    remove_links,
    root_of,
    set_merged_into,
    undo_merge_record,
    unresolved_document_ids,
)

NAMES = ("Aizhan Serikqyzy", "Айжан Серікқызы", "Nurlan Bekuly")


def _facts(store: Store) -> tuple[int, list[int]]:
    text = "Aizhan Serikqyzy. Айжан Серікқызы. Nurlan Bekuly."
    result = {"backend": {"name": "hand.v1"},
              "entities": [{"id": f"p{i}", "kind": "person", "name": n, "mentions": [[0, 5]]}
                           for i, n in enumerate(NAMES, 1)]}
    with store.transaction() as conn:
        doc, _ = add_document(conn, text.encode(), DecodedSource(text=text, media_type="text/plain"),
                              filename="t.txt", language="en")
        save_extraction(conn, doc.id, result, text=text)
        return doc.id, [f.id for f in list_facts(conn, document_id=doc.id)]


def test_migration_creates_the_registry_tables(store: Store) -> None:
    assert store.revision() is not None
    tables = set(inspect(store.engine).get_table_names())
    assert {"persons", "person_mentions", "person_keys", "person_links", "person_merges"} <= tables


def test_mentions_move_between_persons_and_merged_ids_lead_to_their_root(store: Store) -> None:
    doc, facts = _facts(store)
    with store.transaction() as conn:
        assert unresolved_document_ids(conn) == [doc]
        ids = []
        for fact, name, year in zip(facts, NAMES, (1978, 1978, 1975), strict=True):
            pid = create_person(conn, name)
            add_mention(conn, person_id=pid, fact_id=fact, document_id=doc, name=name, features={"names": [name]},
                        keys=[f"t|{name.split()[0].lower()}", "f|shared"], search_text=name, birth_year=year)
            ids.append(pid)
        assert unresolved_document_ids(conn) == []
        a, b, _ = ids
        moved = move_mentions(conn, [m.id for m in mentions_of(conn, b)], a, assigned_by="user")
        set_merged_into(conn, b, a)
        merge_id = record_merge(conn, kind="user", survivor_id=a, absorbed_id=b, mention_ids=[1], actor="ana",
                                reasons=["same person"])
        assert moved == 1 and root_of(conn, b) == a and len(mentions_of(conn, a)) == 2
        assert get_person(conn, b).merged_into == a
        undo_merge_record(conn, merge_id, actor="ana")
        merge = list_merges(conn, [a])[0]
        assert merge.undone_by == "ana" and merge.reasons == ("same person",)
        assert list_merges(conn, [a], include_undone=False) == []
        assert {m.fact_id for m in mentions_by_keys(conn, ["f|shared"], limit=10)} == set(facts)
        assert mentions_by_keys(conn, ["f|shared"], exclude_document=doc) == []
        assert birth_years_for_keys(conn, ["f|shared"]) == [1975, 1978]  # each year once
        with pytest.raises(NotFound, match="aigak people"):
            root_of(conn, 99999)


def test_links_are_stored_once_per_pair_and_kind(store: Store) -> None:
    with store.transaction() as conn:
        a, b = create_person(conn, "One"), create_person(conn, "Two")
        add_link(conn, b, a, "possible", actor="resolver", score=4.0, reasons=["names: last_only (1.00)"])
        add_link(conn, a, b, "possible", actor="resolver", score=5.5)
        add_link(conn, a, b, "apart", actor="ana")
        links = list_links(conn, [a])
        assert sorted((link.kind, link.score) for link in links) == [("apart", None), ("possible", 5.5)]
        assert all((link.person_a, link.person_b) == (min(a, b), max(a, b)) for link in links)
        assert remove_links(conn, [b], [a], "possible") == 1
        assert [link.kind for link in list_links(conn, [b])] == ["apart"]


def test_lists_and_finds_persons_by_name_or_id(store: Store) -> None:
    doc, facts = _facts(store)
    with store.transaction() as conn:
        pids = []
        for fact, name in zip(facts, NAMES, strict=True):
            pid = create_person(conn, name)
            add_mention(conn, person_id=pid, fact_id=fact, document_id=doc, name=name, features={},
                        keys=[], search_text=f"{name} {' '.join(normalize_query(name))}", birth_year=None)
            pids.append(pid)
        empty = create_person(conn, "No mentions left")
    with store.read() as conn:
        listed = list_persons(conn)
        assert {p.id for p in listed} == set(pids) and empty not in {p.id for p in listed}
        assert [p.name for p in list_persons(conn, query="nurlan")] == ["Nurlan Bekuly"]
        assert [p.name for p in list_persons(conn, query="АЙЖАН")] == ["Айжан Серікқызы"]
        assert [p.id for p in find_persons(conn, str(pids[2]))] == [pids[2]]
        assert [p.id for p in find_persons(conn, f"person:{pids[0]}")] == [pids[0]]
        assert find_persons(conn, "424242") == []
        assert list_persons(conn, query="%") == []
        assert len(list_persons(conn, limit=1, offset=1)) == 1


def test_queries_are_compared_in_ascii() -> None:
    assert normalize_query("Айжан  Серікқызы!") == ["ayzhan", "serikqyzy"]


def test_candidates_sharing_most_keys_come_first_and_broad_keys_are_skipped(store: Store) -> None:
    doc, facts = _facts(store)
    keys_of = {facts[0]: ["t|aizhan", "n|aizh|seri", "p|serikqyzy|ghulja"],  # shares three keys
               facts[1]: ["t|aizhan", "n|aizh|seri"],                          # two
               facts[2]: ["t|aizhan"]}                                         # only the broad one
    with store.transaction() as conn:
        person_of = {}
        for fact, keys in keys_of.items():
            person_of[fact] = create_person(conn, "x")
            add_mention(conn, person_id=person_of[fact], fact_id=fact, document_id=doc, name="x",
                        features={}, keys=keys, search_text="x", birth_year=None)
        wanted = ["t|aizhan", "n|aizh|seri", "p|serikqyzy|ghulja"]
        assert [m.fact_id for m in mentions_by_keys(conn, wanted)] == facts
        assert [m.fact_id for m in mentions_by_keys(conn, wanted, limit=2)] == facts[:2]
        # the resolver asks for the same candidates' persons, in the same order
        assert candidate_person_ids(conn, wanted) == [person_of[f] for f in facts]
        assert candidate_person_ids(conn, wanted, limit=2, exclude_document=doc + 1) == [person_of[f] for f in facts[:2]]
        assert candidate_person_ids(conn, wanted, exclude_document=doc) == []
        # `t|aizhan` is on three mentions, more than the limit of two: it no longer finds anyone
        assert [m.fact_id for m in mentions_by_keys(conn, wanted, broad_limit=2)] == facts[:2]
        assert mentions_by_keys(conn, ["t|aizhan"], broad_limit=2) == []
        # a full-name key is looked up however many share it (namesakes must be compared)
        assert sorted(m.fact_id for m in mentions_by_keys(conn, ["n|aizh|seri"], broad_limit=1)) == facts[:2]
