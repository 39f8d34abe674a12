"""Person profiles: a person's mentions summed up once, so a much-reported person costs no more to match
than anyone else, and never out of date with the mentions it sums up."""

from __future__ import annotations

import threading
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import Connection, delete, select

from aigak.core.models import DecodedSource, ReviewStatus
from aigak.operations.review import review
from aigak.resolve import (
    keep_apart,
    merge_persons,
    registry,
    resolve_document,
    resolve_person_ref,
    split_person,
    undo_merge,
)
from aigak.resolve.names import parse_name
from aigak.resolve.profile import PersonProfile
from aigak.store.documents import add_document, set_reference_date
from aigak.store.engine import Store, open_store
from aigak.store.facts import list_facts, save_extraction
from aigak.store.persons import list_merges, mentions_of, root_of
from aigak.store.profiles import stored_profiles
from aigak.store.schema import person_mentions, person_profiles


def _person(name: str, lid: str = "p1", **attributes: Any) -> dict[str, Any]:
    return {"id": lid, "kind": "person", "name": name, "aliases": [], "attributes": attributes,
            "mentions": [[0, 5]]}


def _doc(store: Store, text: str, entities: list[dict[str, Any]], *, ref: str = "2020-03",
         backend: str = "hand.v1") -> int:
    result = {"backend": {"name": backend}, "entities": entities, "relations": [], "events": [], "amounts": []}
    with store.transaction() as conn:
        doc, _ = add_document(conn, text.encode(), DecodedSource(text=text, media_type="text/plain"),
                              filename="t.txt", language="en")
        save_extraction(conn, doc.id, result, text=text)
        set_reference_date(conn, doc.id, ref)
        resolve_document(conn, doc.id, actor="test")
    return doc.id


def _comparable(profile: dict[str, Any]) -> dict[str, Any]:
    # a name's first spelling met stands for all its spellings; the order persons joined in decides
    # which that is, and a rebuild reads the mentions in source order
    return {**profile, "names": sorted(parse_name(n).key for n in profile["names"]),
            "signatures": sorted(parse_name(n).key for n in profile["signatures"])}


def _stale(conn: Connection) -> list[int]:
    """Persons whose stored profile does not sum up the mentions they have now."""
    stale = []
    for pid, stored in stored_profiles(conn, [r.person_id for r in conn.execute(select(person_profiles))]).items():
        rebuilt = PersonProfile.of_mentions(mentions_of(conn, pid)).to_json() if root_of(conn, pid) == pid else None
        if rebuilt is None or _comparable(stored) != _comparable(rebuilt):
            stale.append(pid)
    return stale


def test_a_merged_persons_profile_sums_up_all_its_mentions(store: Store) -> None:
    _doc(store, "One.", [_person("Berik Tursynbekuly", age=34, gender="male")], ref="2020-03")
    _doc(store, "Two.", [_person("Берік Тұрсынбекұлы", age=35)], ref="2021-02")
    _doc(store, "Three.", [_person("Tursinbekuli Berik")], ref="2021-04")
    with store.read() as conn:
        berik = resolve_person_ref(conn, "Berik Tursynbekuly")
        profile = stored_profiles(conn, [berik])[berik]
        assert profile["mentions"] == 3
        assert set(profile["name_counts"]) == {"Berik Tursynbekuly", "Берік Тұрсынбекұлы", "Tursinbekuli Berik"}
        assert profile["years"] == {"1986": 2} and profile["genders"] == ["male"]
        assert _stale(conn) == []


def test_no_change_to_a_persons_mentions_leaves_a_stale_profile(store: Store) -> None:
    first = _doc(store, "One.", [_person("Serik Omarov", age=50)])
    second = _doc(store, "Two.", [_person("Serik Omarov", age=50)])
    third = _doc(store, "Three.", [_person("Serik Omarov", age=50), _person("Dana Bolatova", "p2", age=30)])
    with store.transaction() as conn:
        serik, dana = resolve_person_ref(conn, "Serik Omarov"), resolve_person_ref(conn, "Dana Bolatova")
        assert len(mentions_of(conn, serik)) == 3
        fact = next(f.id for f in list_facts(conn, document_id=second) if f.local_id == "p1")
        split_off = split_person(conn, serik, [fact], actor="ana")
        assert _stale(conn) == []
        merged = merge_persons(conn, serik, dana, actor="ana")
        assert _stale(conn) == []
        undo_merge(conn, list_merges(conn, [merged])[-1].id, actor="ana")
        assert _stale(conn) == []
        keep_apart(conn, serik, split_off, actor="ana")
        assert _stale(conn) == []
    with store.read() as conn:
        edited = next(f for f in list_facts(conn, document_id=first) if f.local_id == "p1")
    review(store, edited.id, ReviewStatus.EDITED, actor="ana", data={**edited.data, "name": "Serik Omaruly"})
    with store.read() as conn:
        assert _stale(conn) == []
    with store.transaction() as conn:  # extracting a document again drops its facts, and their mentions
        save_extraction(conn, third, {"backend": {"name": "hand.v1"}, "entities": [], "relations": [], "events": [],
                                      "amounts": []}, text="Three.", replace=True)
        assert _stale(conn) == []


def test_a_store_without_profiles_resolves_alike(tmp_path: Path) -> None:
    """Profiles are derived: a store that predates them (or lost them) builds them as it goes."""
    docs = [("One.", [_person("Gulnar Akhmetova", age=40)]), ("Two.", [_person("Gulnara Akhmetova", age=41)]),
            ("Three.", [_person("Gulnar Akhmetova", age=40), _person("Aidos Serikuly", "p2")]),
            ("Four.", [_person("G. Akhmetova")]), ("Five.", [_person("Akhmetova Gulnar", age=41)])]
    outcomes = []
    for keep in (True, False):
        store = open_store(f"sqlite:///{tmp_path / f'keep-{keep}.db'}")
        for text, entities in docs:
            if not keep:
                with store.transaction() as conn:
                    conn.execute(delete(person_profiles))
            _doc(store, text, entities)
        with store.read() as conn:
            outcomes.append([(r.name, root_of(conn, r.person_id)) for r in
                             conn.execute(select(person_mentions).order_by(person_mentions.c.fact_id))])
        store.close()
    assert outcomes[0] == outcomes[1]
    gulnar = {root for name, root in outcomes[0] if "Gulnar" in name}
    assert len(gulnar) == 1, "the full names joined, with and without profiles"


def test_a_much_reported_person_is_matched_by_profile_not_by_reading_every_mention(
        sqlite_store: Store, monkeypatch: pytest.MonkeyPatch) -> None:
    for i in range(30):
        _doc(sqlite_store, f"Report {i}.", [_person("Serikzhan Bilashuly", age=45, gender="male")])
    with sqlite_store.read() as conn:
        famous = resolve_person_ref(conn, "Serikzhan Bilashuly")
        assert len(mentions_of(conn, famous)) == 30
    read: list[int] = []
    real = registry.mentions_of_persons

    def spy(conn: Connection, person_ids: list[int]) -> Any:
        read.extend(person_ids)
        return real(conn, person_ids)

    monkeypatch.setattr(registry, "mentions_of_persons", spy)
    newest = _doc(sqlite_store, "Report 31.", [_person("Serikzhan Bilashuly", age=45)])
    with sqlite_store.read() as conn:
        assert {root_of(conn, m.person_id) for m in mentions_of(conn, famous)} == {famous}
        assert newest in {m.document_id for m in mentions_of(conn, famous)}
    assert famous not in read


def test_on_postgres_a_merge_waits_for_a_split_of_the_same_person(pg_url: str) -> None:
    """Two writers at once (the web app beside a bulk run): the merge reads the person's profile only
    after the split that changes it has committed, so the profile it saves is not the one before it."""
    store = open_store(pg_url)
    try:
        for i in range(3):
            _doc(store, f"Report {i}.", [_person("Serik Omarov", age=50)])
        last = _doc(store, "Report 3.", [_person("Serik Omarov", age=50), _person("Dana Bolatova", "p2", age=30)])
        with store.read() as conn:
            serik, dana = resolve_person_ref(conn, "Serik Omarov"), resolve_person_ref(conn, "Dana Bolatova")
            taken = next(f.id for f in list_facts(conn, document_id=last) if f.local_id == "p1")
        splitting = store.engine.connect()
        split = splitting.begin()
        split_person(splitting, serik, [taken], actor="ana")
        merged: list[int] = []
        merging = threading.Thread(target=lambda: merged.append(_merge(store, serik, dana)))
        merging.start()
        merging.join(timeout=0.5)
        assert merging.is_alive(), "the merge waits while the split holds the person"
        split.commit()
        splitting.close()
        merging.join(timeout=30)
        assert merged == [serik]
        with store.read() as conn:
            assert _stale(conn) == []
            assert stored_profiles(conn, [serik])[serik]["mentions"] == 4  # three left after the split, and Dana
    finally:
        store.close()


def _merge(store: Store, a: int, b: int) -> int:
    with store.transaction() as conn:
        return merge_persons(conn, a, b, actor="ana")
