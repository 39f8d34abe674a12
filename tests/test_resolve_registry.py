"""The person registry over the store: resolution across sources, merges, splits, keeping apart, audit."""

from __future__ import annotations

from typing import Any

import pytest
from sqlalchemy import event

from aigak.core.errors import ConfigError, NotFound
from aigak.core.models import DecodedSource, ReviewStatus
from aigak.operations.review import review
from aigak.resolve import (
    MAX_OFFERS,
    keep_apart,
    merge_persons,
    possible_matches,
    resolve_all,
    resolve_document,
    resolve_person_ref,
    search_people,
    split_person,
    undo_merge,
)
from aigak.store.audit import audit_history, verify_audit_chain
from aigak.store.documents import add_document, set_reference_date
from aigak.store.engine import Store
from aigak.store.facts import list_facts, save_extraction
from aigak.store.persons import list_merges, list_persons, mentions_of, root_of, unresolved_document_ids


def _person(name: str | None, lid: str = "p1", *, description: str | None = None,
            **attributes: Any) -> dict[str, Any]:
    return {"id": lid, "kind": "person", "name": name, "description": description, "aliases": [],
            "attributes": attributes, "mentions": [[0, 5]]}


def _doc(store: Store, text: str, entities: list[dict[str, Any]], *, ref: str,
         relations: list[dict[str, Any]] | None = None, events: list[dict[str, Any]] | None = None,
         resolve: bool = True) -> int:
    result = {"backend": {"name": "hand.v1"}, "entities": entities, "relations": relations or [],
              "events": events or [], "amounts": []}
    with store.transaction() as conn:
        doc, _ = add_document(conn, text.encode(), DecodedSource(text=text, media_type="text/plain"),
                              filename="t.txt", language="en")
        save_extraction(conn, doc.id, result, text=text)
        set_reference_date(conn, doc.id, ref)
        if resolve:
            resolve_document(conn, doc.id, actor="test")
    return doc.id


def _named(store: Store) -> list[Any]:
    with store.read() as conn:
        return [p for p in list_persons(conn) if p.is_named]


def test_spellings_and_scripts_resolve_to_one_person(sqlite_store: Store) -> None:
    detained = [{"id": "e1", "type": "detention", "subjects": ["p1"], "start": "2018-05", "evidence": [[0, 5]]}]
    _doc(sqlite_store, "Report one.", [_person("Berik Tursynbekuly", age=34, gender="male")], ref="2020-03",
         events=detained)
    _doc(sqlite_store, "Report two.", [_person("Берік Тұрсынбекұлы", age=35)], ref="2021-02")
    _doc(sqlite_store, "Report three.", [_person("Tursinbekuli Berik")], ref="2021-04")
    _doc(sqlite_store, "Report four.", [_person("B. Tursynbekuly", age=35)], ref="2021-06")
    _doc(sqlite_store, "Report five.", [_person("Tursynbekov", age=35)], ref="2021-08", events=detained)
    people = _named(sqlite_store)
    berik = [p for p in people if "Berik Tursynbekuly" in p.names]
    assert len(berik) == 1
    assert set(berik[0].names) == {"Berik Tursynbekuly", "Берік Тұрсынбекұлы", "Tursinbekuli Berik", "B. Tursynbekuly",
                                   "Tursynbekov"}
    assert berik[0].birth_year == 1986


def test_namesakes_of_other_ages_stay_apart(sqlite_store: Store) -> None:
    _doc(sqlite_store, "One.", [_person("Nurlan Serikuly", age=30)], ref="2020")
    _doc(sqlite_store, "Two.", [_person("Nurlan Serikuly", age=71)], ref="2020")
    _doc(sqlite_store, "Three.", [_person("Aizhan Serikqyzy", age=30)], ref="2020")
    assert len(_named(sqlite_store)) == 3


def test_two_people_of_one_source_are_never_joined(sqlite_store: Store) -> None:
    _doc(sqlite_store, "Brothers.", [_person("Nurlan Serikuly"), _person("Nurlan Serikov", "p2")], ref="2020")
    assert len(_named(sqlite_store)) == 2


def test_weak_match_is_offered_as_possibly_the_same(sqlite_store: Store) -> None:
    _doc(sqlite_store, "Full name.", [_person("Berik Tursynbekuly")], ref="2020")
    _doc(sqlite_store, "Surname only.", [_person("Tursynbekuly")], ref="2021")
    with sqlite_store.read() as conn:
        full = resolve_person_ref(conn, "Berik Tursynbekuly")
        lone = next(p.id for p in search_people(conn, "Tursynbekuly") if p.id != full)
        offers = possible_matches(conn, lone)
    assert [m.person_id for m in offers] == [full]
    assert offers[0].score < 8 and offers[0].reasons[0].startswith("names: last_only")


def test_lone_surname_seen_first_is_offered_when_the_full_name_arrives(sqlite_store: Store) -> None:
    _doc(sqlite_store, "Surname only.", [_person("Tursynbekuly")], ref="2020")
    _doc(sqlite_store, "Full name.", [_person("Berik Tursynbekuly")], ref="2021")
    with sqlite_store.read() as conn:
        full = resolve_person_ref(conn, "Berik Tursynbekuly")
        lone = next(p.id for p in search_people(conn, "Tursynbekuly") if p.id != full)
        assert [m.person_id for m in possible_matches(conn, full)] == [lone]


def test_a_full_name_is_not_compared_with_everyone_sharing_its_given_name(sqlite_store: Store) -> None:
    surnames = ["Abenov", "Bekov", "Dauletov", "Ermekov", "Galiev", "Isaev", "Kenzhebaev", "Mukanov"]
    for i, surname in enumerate(surnames):
        _doc(sqlite_store, f"Report {i}.", [_person(f"Serik {surname}", age=30 + i)], ref="2020")
    statements: list[str] = []

    def capture(_c: Any, _cur: Any, statement: str, _p: Any, _ctx: Any, _many: bool) -> None:
        statements.append(statement)

    def candidates_read(name: str) -> bool:
        statements.clear()
        event.listen(sqlite_store.engine, "before_cursor_execute", capture)
        try:
            _doc(sqlite_store, f"About {name}.", [_person(name, age=50)], ref="2021")
        finally:
            event.remove(sqlite_store.engine, "before_cursor_execute", capture)
        return any("person_mentions.person_id IN" in s for s in statements)

    assert not candidates_read("Serik Tursynbekuly")  # no other Serik was even read
    assert candidates_read("Serik Abenov")  # a namesake is
    assert len(_named(sqlite_store)) == len(surnames) + 2


@pytest.mark.parametrize(("age", "start", "outcome"), [(40, "2017-02", "joined"), (None, "2018-05", "offered"),
                                                    (None, "2017-02", "apart")])
def test_a_misspelt_full_name_meets_its_person_through_shared_evidence(sqlite_store: Store, age: int | None,
                                                                     start: str, outcome: str) -> None:
    # the surname's first letter is misread (C for J), so no name key is shared; the given name with the
    # same birth year, or with the same dated detention, still brings the two together
    def detained(when: str) -> list[dict[str, Any]]:
        return [{"id": "e1", "type": "detention", "subjects": ["p1"], "start": when, "evidence": [[0, 5]]}]

    for i in range(2):
        _doc(sqlite_store, f"Report {i}.", [_person("Gulbahar Jelilova", age=40, gender="female")], ref="2020",
             events=detained("2018-05"))
    attributes = {} if age is None else {"age": age}
    _doc(sqlite_store, "Misread.", [_person("Gulbakhar Celilova", **attributes)], ref="2020", events=detained(start))
    people = _named(sqlite_store)
    assert len(people) == (1 if outcome == "joined" else 2)
    with sqlite_store.read() as conn:
        offers = possible_matches(conn, resolve_person_ref(conn, "Gulbahar Jelilova"))
    assert [m.name for m in offers] == (["Gulbakhar Celilova"] if outcome == "offered" else [])


def test_unnamed_relatives_are_joined_through_the_person_they_belong_to(sqlite_store: Store) -> None:
    for ref, description in (("2019", "younger brother"), ("2020", "brother")):
        _doc(sqlite_store, f"Report {ref}.", [_person("Aizhan Serikqyzy"), _person(None, "p2", description=description)],
             ref=ref, relations=[{"type": "sibling", "from": "p1", "to": "p2", "evidence": [[0, 5]]}])
    _doc(sqlite_store, "Report 2021.", [_person("Aizhan Serikqyzy"), _person(None, "p2", description="daughter")],
         ref="2021", relations=[{"type": "child", "from": "p1", "to": "p2", "evidence": [[0, 5]]}])
    with sqlite_store.read() as conn:
        relatives = [p for p in list_persons(conn) if not p.is_named]
    assert sorted((p.name, p.mention_count) for p in relatives) == [
        ("daughter of Aizhan Serikqyzy", 1), ("younger brother of Aizhan Serikqyzy", 2)]


def test_merge_then_undo_loses_no_mention(sqlite_store: Store) -> None:
    _doc(sqlite_store, "One.", [_person("Gulnar Ahmetova", age=40)], ref="2020")
    _doc(sqlite_store, "Two.", [_person("Gulnara Akhmet", age=55)], ref="2020")
    with sqlite_store.transaction() as conn:
        a, b = (p.id for p in list_persons(conn))
        survivor = merge_persons(conn, a, b, actor="ana")
        assert len(mentions_of(conn, survivor)) == 2
        absorbed = b if survivor == a else a
        assert root_of(conn, absorbed) == survivor
        merge = list_merges(conn, [survivor])[-1]
        restored = undo_merge(conn, merge.id, actor="ana")
        assert restored == absorbed
        assert len(mentions_of(conn, a)) == len(mentions_of(conn, b)) == 1
        with pytest.raises(ConfigError, match="already undone"):
            undo_merge(conn, merge.id, actor="ana")


def test_keep_apart_undoes_an_automatic_merge_and_holds(sqlite_store: Store) -> None:
    _doc(sqlite_store, "One.", [_person("Berik Tursynbekuly", age=34)], ref="2020")
    _doc(sqlite_store, "Two.", [_person("Berik Tursynbekuly", age=34)], ref="2020")
    with sqlite_store.read() as conn:
        merged = resolve_person_ref(conn, "Berik Tursynbekuly")
        second = list_merges(conn, [merged])[0].absorbed_id
    with sqlite_store.transaction() as conn:
        ra, rb = keep_apart(conn, merged, second, actor="ana")
    assert {ra, rb} == {merged, second}
    assert len(_named(sqlite_store)) == 2
    _doc(sqlite_store, "Three.", [_person("Berik Tursynbekuly", age=34)], ref="2020")
    with sqlite_store.read() as conn:
        roots = {p.id for p in list_persons(conn)}
        assert root_of(conn, merged) != root_of(conn, second), "the kept-apart pair is never joined again"
    assert len(roots) == 2


def test_same_person_lifts_keep_apart(sqlite_store: Store) -> None:
    _doc(sqlite_store, "One.", [_person("Dana Bolatqyzy", age=30)], ref="2020")
    _doc(sqlite_store, "Two.", [_person("Dana Bolatova", age=60)], ref="2020")
    with sqlite_store.transaction() as conn:
        a, b = (p.id for p in list_persons(conn))
        keep_apart(conn, a, b, actor="ana")
        merge_persons(conn, a, b, actor="ana")
        assert root_of(conn, a) == root_of(conn, b)


def test_split_takes_a_mention_out_and_keeps_it_apart(sqlite_store: Store) -> None:
    first = _doc(sqlite_store, "One.", [_person("Serik Omarov", age=50)], ref="2020")
    second = _doc(sqlite_store, "Two.", [_person("Serik Omarov", age=50)], ref="2020")
    with sqlite_store.transaction() as conn:
        person = resolve_person_ref(conn, "Serik Omarov")
        fact = next(f.id for f in list_facts(conn, document_id=second) if f.local_id == "p1")
        new = split_person(conn, person, [fact], actor="ana")
        assert [m.document_id for m in mentions_of(conn, new)] == [second]
        assert [m.document_id for m in mentions_of(conn, person)] == [first]
        with pytest.raises(ConfigError, match="nothing to split"):
            split_person(conn, person, [m.fact_id for m in mentions_of(conn, person)], actor="ana")
        with pytest.raises(NotFound):
            split_person(conn, person, [999999], actor="ana")
        with pytest.raises(ConfigError, match="one person"):
            keep_apart(conn, person, person, actor="ana")


def test_every_registry_change_is_audited(sqlite_store: Store) -> None:
    _doc(sqlite_store, "One.", [_person("Gulnar Ahmetova")], ref="2020")
    _doc(sqlite_store, "Two.", [_person("Zhanar Ahmetova")], ref="2020")
    with sqlite_store.transaction() as conn:
        a, b = (p.id for p in list_persons(conn))
        survivor = merge_persons(conn, a, b, actor="ana")
        keep_apart(conn, a, b, actor="ana")
    with sqlite_store.read() as conn:
        actions = [r.action for r in audit_history(conn)]
        assert verify_audit_chain(conn) == []
        merge_record = next(r for r in audit_history(conn, f"person:{survivor}") if r.action == "merge")
    assert actions.count("resolve") == 2
    assert {"merge", "split", "keep_apart"} <= set(actions)
    assert merge_record.actor == "ana" and merge_record.after["kind"] == "user"


def test_resolution_runs_once_per_entity_and_skips_rejected_ones(sqlite_store: Store) -> None:
    doc = _doc(sqlite_store, "One.", [_person("Gulnar Ahmetova"), _person("Zhanar Ahmetova", "p2")], ref="2020",
               resolve=False)
    with sqlite_store.read() as conn:
        assert unresolved_document_ids(conn) == [doc]
        rejected = next(f.id for f in list_facts(conn, document_id=doc) if f.local_id == "p2")
    review(sqlite_store, rejected, ReviewStatus.REJECTED, actor="ana")
    with sqlite_store.transaction() as conn:
        assert [len(o.created) for o in resolve_all(conn)] == [1]
        assert resolve_document(conn, doc).created == ()
        assert resolve_all(conn) == []
    assert [p.name for p in _named(sqlite_store)] == ["Gulnar Ahmetova"]


def test_chinese_transcription_joins_its_latin_spelling(sqlite_store: Store) -> None:
    _doc(sqlite_store, "One.", [_person("Tursun Mamet", age=40)], ref="2020")
    _doc(sqlite_store, "Two.", [_person("吐尔逊·买买提", age=41)], ref="2021")
    assert [set(p.names) for p in _named(sqlite_store)] == [{"Tursun Mamet", "吐尔逊·买买提"}]


def test_people_are_found_by_any_spelling(sqlite_store: Store) -> None:
    _doc(sqlite_store, "One.", [_person("Qaisar Zhaksylykov")], ref="2020")
    with sqlite_store.read() as conn:
        for query in ("Qaisar", "Kaisar", "Қайсар Жақсылықов", "zhaksylyk", "jaksilikov"):
            assert [p.name for p in search_people(conn, query)] == ["Qaisar Zhaksylykov"], query
        assert search_people(conn, "Nobody Known") == []
        with pytest.raises(NotFound, match="aigak people"):
            resolve_person_ref(conn, "Nobody Known")


def _entity_fact(store: Store, document_id: int, local_id: str = "p1") -> Any:
    with store.read() as conn:
        return next(f for f in list_facts(conn, document_id=document_id) if f.local_id == local_id)


def test_a_corrected_misspelling_joins_the_person_it_names(sqlite_store: Store) -> None:
    _doc(sqlite_store, "One.", [_person("Serik Omarov", age=50)], ref="2020")
    typo = _doc(sqlite_store, "Two.", [_person("Kairat Zhaksylykov", age=50)], ref="2020")
    assert len(_named(sqlite_store)) == 2
    fact = _entity_fact(sqlite_store, typo)
    review(sqlite_store, fact.id, ReviewStatus.EDITED, actor="ana", data={**fact.data, "name": "Serik Omarov"})
    people = _named(sqlite_store)
    assert len(people) == 1 and people[0].mention_count == 2
    with sqlite_store.read() as conn:
        record = next(r for r in audit_history(conn, f"fact:{fact.id}") if r.action == "re-resolve")
        assert record.after["person"] == people[0].id != record.before["person"]
        assert verify_audit_chain(conn) == []


def test_a_corrected_name_leaves_a_person_it_was_wrongly_joined_to(sqlite_store: Store) -> None:
    _doc(sqlite_store, "One.", [_person("Serik Omarov", age=50)], ref="2020")
    wrong = _doc(sqlite_store, "Two.", [_person("Serik Omarov", age=50)], ref="2020")
    assert len(_named(sqlite_store)) == 1
    fact = _entity_fact(sqlite_store, wrong)
    review(sqlite_store, fact.id, ReviewStatus.EDITED, actor="ana", data={**fact.data, "name": "Berik Tokhtarov"})
    assert sorted(p.name for p in _named(sqlite_store)) == ["Berik Tokhtarov", "Serik Omarov"]


def test_a_mention_placed_by_a_person_stays_with_its_corrected_name(sqlite_store: Store) -> None:
    _doc(sqlite_store, "One.", [_person("Serik Omarov", age=50)], ref="2020")
    other = _doc(sqlite_store, "Two.", [_person("Berik Tokhtarov")], ref="2020")
    with sqlite_store.transaction() as conn:
        serik, berik = resolve_person_ref(conn, "Serik Omarov"), resolve_person_ref(conn, "Berik Tokhtarov")
        merged = merge_persons(conn, serik, berik, actor="ana")
    fact = _entity_fact(sqlite_store, other)
    review(sqlite_store, fact.id, ReviewStatus.EDITED, actor="ana", data={**fact.data, "name": "Serik Omarov"})
    with sqlite_store.read() as conn:
        assert [m.name for m in mentions_of(conn, merged)] == ["Serik Omarov", "Serik Omarov"]
        assert [p.id for p in search_people(conn, "Omarov")] == [merged]


def test_confirming_or_editing_other_facts_does_not_move_anyone(sqlite_store: Store) -> None:
    doc = _doc(sqlite_store, "One.", [_person("Serik Omarov", age=50)], ref="2020")
    fact = _entity_fact(sqlite_store, doc)
    review(sqlite_store, fact.id, ReviewStatus.CONFIRMED, actor="ana")
    with sqlite_store.read() as conn:
        assert not [r for r in audit_history(conn) if r.action == "re-resolve"]


def test_a_name_many_people_bear_is_offered_with_the_best_few_only(sqlite_store: Store) -> None:
    for i, age in enumerate((20, 30, 40, 50, 60, 70, 80)):
        _doc(sqlite_store, f"Report {i}.", [_person("Serik Omarov", age=age)], ref="2020")
    _doc(sqlite_store, "Initial only.", [_person("S. Omarov")], ref="2021")
    with sqlite_store.read() as conn:
        assert len([p for p in list_persons(conn) if p.is_named]) == 8
        initial = next(p.id for p in list_persons(conn) if "S. Omarov" in p.names)
        offers = possible_matches(conn, initial)
    assert len(offers) == MAX_OFFERS < 7  # seven could be, the best five are offered
