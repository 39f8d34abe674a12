"""Imports: spreadsheet rows kept as grounded sources, and aigak JSON exports brought back (round trip)."""

from __future__ import annotations

import json
from collections.abc import Iterator
from datetime import datetime
from pathlib import Path
from typing import Any

import pytest
from test_export import load_casebook

from aigak.core.errors import ConfigError, IntegrityError
from aigak.core.models import FactKind, ReviewStatus
from aigak.export.run import export_store
from aigak.importing.aigak_json import import_aigak_export, is_aigak_export
from aigak.importing.mapping import guess_mapping, load_mapping, parse_mapping
from aigak.importing.spreadsheet import IMPORT_BACKEND, import_spreadsheet
from aigak.store.audit import audit_history
from aigak.store.documents import get_document
from aigak.store.engine import Store, open_store
from aigak.store.facts import list_facts
from aigak.store.persons import list_persons, mentions_of

FIXTURES = Path(__file__).resolve().parent / "fixtures" / "import"


def _facts(store: Store, kind: FactKind | None = None) -> list[Any]:
    with store.read() as conn:
        return list_facts(conn, kind=kind)


def test_each_csv_row_becomes_a_grounded_source(sqlite_store: Store) -> None:
    report = import_spreadsheet(sqlite_store, FIXTURES / "victims.csv",
                                mapping=load_mapping(FIXTURES / "victims.toml"))
    assert (report.rows, report.created, report.existing) == (5, 5, 0)
    with sqlite_store.read() as conn:
        first = get_document(conn, report.document_ids[0])
        facts = list_facts(conn, document_id=first.id)
    assert first.filename == "victims.csv.row-2.txt" and first.title == "victims.csv, row 2"
    assert "Full name: Gulnar Sadyqkyzy\n" in first.text
    assert {f.backend for f in facts} == {IMPORT_BACKEND}
    for fact in facts:  # every fact points into the row's own text
        assert fact.evidence and all(0 <= s.start < s.end <= len(first.text) for s in fact.evidence)
    person = next(f for f in facts if f.kind is FactKind.ENTITY and f.local_id == "p1")
    assert first.text[person.evidence[0].start:person.evidence[0].end] == "Gulnar Sadyqkyzy"
    assert person.data["aliases"] == ["Gulnar Sadykova"]
    assert person.data["attributes"] == {"age": 52, "gender": "female", "ethnicity": "Kazakh", "citizenship": "China",
                                         "phone": "+7 702 111 22 33", "home_place": "l2"}
    event = next(f for f in facts if f.kind is FactKind.EVENT)
    assert (event.type, event.data["start"], event.data["end"]) == ("detention", "2018-04-12", "2019-03")
    assert first.text[event.evidence[0].start:event.evidence[0].end] == "taken to camp"
    relation = next(f for f in facts if f.kind is FactKind.RELATION)
    son = next(f for f in facts if f.local_id == "p2")
    assert (relation.type, son.data["name"], son.data["attributes"]["age"]) == ("child", "Yerzhan Omaruly", 15)


def test_rows_it_cannot_fully_read_are_kept_with_a_warning(sqlite_store: Store) -> None:
    report = import_spreadsheet(sqlite_store, FIXTURES / "victims.csv",
                                mapping=load_mapping(FIXTURES / "victims.toml"))
    assert report.warnings == [("row 6: event type 're-education' is not known; map it under "
                                "[values.event_type] (the row is kept, without the event)")]
    with sqlite_store.read() as conn:
        kept = list_facts(conn, document_id=report.document_ids[-1])
    assert [f.data.get("name") for f in kept if f.kind is FactKind.ENTITY] == ["Marat Saparuly"]


def test_importing_the_same_sheet_again_adds_nothing(sqlite_store: Store) -> None:
    mapping = load_mapping(FIXTURES / "victims.toml")
    first = import_spreadsheet(sqlite_store, FIXTURES / "victims.csv", mapping=mapping)
    count = len(_facts(sqlite_store))
    again = import_spreadsheet(sqlite_store, FIXTURES / "victims.csv", mapping=mapping)
    assert (again.created, again.existing, again.facts) == (0, 5, 0)
    assert len(_facts(sqlite_store)) == count and first.facts == count


def test_xlsx_with_date_cells_and_a_json_mapping(sqlite_store: Store, tmp_path: Path) -> None:
    from openpyxl import Workbook

    book = Workbook()
    book.active.title = "Notes"
    sheet = book.create_sheet("Cases")
    sheet.append(["Cases collected in 2019 (fictional)"])
    sheet.append(["Name", "Age", "Event", "Date", "Place"])
    sheet.append(["Bolat Serikuly", 61, "camp", datetime(2018, 11, 3), "Chapchal"])
    sheet.append(["Zhanar Ospanova", 30.0, "detention", 2017, "Ili"])
    sheet.append([None, None, None, None, None])
    path = tmp_path / "cases.xlsx"
    book.save(path)
    report = import_spreadsheet(sqlite_store, path, mapping=load_mapping(FIXTURES / "cases.json"), confirm=True,
                                actor="ana")
    assert (report.rows, report.warnings) == (2, [])
    events = _facts(sqlite_store, FactKind.EVENT)
    assert [(e.data["start"], e.type) for e in events] == [("2018-11-03", "detention"), ("2017", "detention")]
    assert all(e.status is ReviewStatus.CONFIRMED and e.reviewed_by == "ana" for e in events)
    with sqlite_store.read() as conn:
        assert get_document(conn, events[0].document_id).title == "cases.xlsx, sheet Cases, row 3"
        assert audit_history(conn, f"document:{events[0].document_id}")[0].action == "import"


def test_headers_are_guessed_when_no_mapping_is_given(tmp_path: Path, sqlite_store: Store) -> None:
    path = tmp_path / "list.csv"
    path.write_text("Name;Age;Event;Date\nAsan Qadyruly;40;detention;2018\n", encoding="utf-8")
    report = import_spreadsheet(sqlite_store, path)
    assert report.facts == 2
    assert guess_mapping(["ФИО", "Возраст"]).columns == {"name": "ФИО", "age": "Возраст"}


@pytest.mark.parametrize(("data", "message"), [
    ({}, "needs a \\[columns\\] table"),
    ({"columns": {"age": "Age"}}, "must say which column holds the name"),
    ({"columns": {"name": "N", "shoe_size": "S"}}, "unknown field\\(s\\) shoe_size"),
    ({"columns": {"name": "N"}, "values": {"event_type": {"camp": "vacation"}}}, "not an event type"),
    ({"columns": {"name": "N"}, "options": {"date_order": "DDMM"}}, "date_order must be one of"),
], ids=["no-columns", "no-name", "unknown-field", "bad-event-type", "bad-date-order"])
def test_bad_mappings_say_what_to_fix(data: dict[str, Any], message: str) -> None:
    with pytest.raises(ConfigError, match=message):
        parse_mapping(data)


def test_a_mapping_naming_a_missing_column_is_refused(sqlite_store: Store, tmp_path: Path) -> None:
    mapping = parse_mapping({"columns": {"name": "Full name", "age": "Years"}})
    with pytest.raises(ConfigError, match="'Years' that the sheet does not have"):
        import_spreadsheet(sqlite_store, FIXTURES / "victims.csv", mapping=mapping)


# --- round trip -------------------------------------------------------------------------------

def _signature(store: Store) -> dict[str, Any]:
    """People, events and relations as a reader sees them, independent of database ids."""
    facts = _facts(store)
    with store.read() as conn:
        sha = {f.document_id: get_document(conn, f.document_id).sha256 for f in facts}
    names = {(f.document_id, f.local_id): f.data.get("name") or f.data.get("description") for f in facts
             if f.kind is FactKind.ENTITY}

    def who(f: Any, key: str) -> Any:
        value = f.data.get(key)
        if isinstance(value, list):
            return tuple(sorted(str(names.get((f.document_id, v), v)) for v in value))
        return names.get((f.document_id, value), value)

    people = sorted((sha[f.document_id], f.data.get("name") or "", json.dumps(f.data.get("attributes"), sort_keys=True),
                     f.status.value, f.reviewed_by or "") for f in facts if f.kind is FactKind.ENTITY and f.type == "person")
    events = sorted((sha[f.document_id], f.type, f.data.get("start") or "", f.data.get("end") or "", who(f, "subjects"),
                     str(who(f, "place")), tuple(s.as_list() for s in f.evidence), f.status.value,
                     json.dumps(f.original, sort_keys=True)) for f in facts if f.kind is FactKind.EVENT)
    relations = sorted((sha[f.document_id], f.type, who(f, "from"), who(f, "to"), f.status.value)
                       for f in facts if f.kind is FactKind.RELATION)
    with store.read() as conn:
        grouped = [sorted((sha[m.document_id], m.name or "") for m in mentions_of(conn, p.id))
                   for p in list_persons(conn, limit=10_000)]
    return {"people": people, "events": events, "relations": relations, "registry": sorted(grouped)}


@pytest.fixture
def empty_store(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[Store]:
    """A second, empty database of the kind under test (SQLite, or PostgreSQL through pg_url)."""
    url = request.getfixturevalue("pg_url") if request.param == "postgres" else f"sqlite:///{tmp_path / 'b.db'}"
    store = open_store(url)
    yield store
    store.close()


@pytest.mark.parametrize("empty_store", ["sqlite", pytest.param("postgres", marks=pytest.mark.postgres)],
                         indirect=True)
def test_export_then_import_gives_the_same_people_events_and_relations(
        sqlite_store: Store, empty_store: Store, tmp_path: Path) -> None:
    load_casebook(sqlite_store)
    import_spreadsheet(sqlite_store, FIXTURES / "victims.csv", mapping=load_mapping(FIXTURES / "victims.toml"))
    export_store(sqlite_store, "json", tmp_path / "out")
    assert is_aigak_export(tmp_path / "out")
    report = import_aigak_export(empty_store, tmp_path / "out", actor="ana")
    assert report.warnings == [] and report.created == 7
    before, after = _signature(sqlite_store), _signature(empty_store)
    assert len(before["people"]) == 16 and len(before["events"]) == 13 and len(before["relations"]) == 7
    assert after == before
    # and the copy exports to the same CSV rows, source columns included
    export_store(sqlite_store, "csv", tmp_path / "csv-a")
    export_store(empty_store, "csv", tmp_path / "csv-b")
    for name in ("people.csv", "events.csv", "relations.csv"):
        assert _without_ids(tmp_path / "csv-a" / name) == _without_ids(tmp_path / "csv-b" / name)


def _without_ids(path: Path) -> list[str]:
    return [line.split(",", 1)[1] for line in path.read_text(encoding="utf-8-sig").splitlines()]


def test_importing_an_export_twice_adds_nothing(sqlite_store: Store, tmp_path: Path) -> None:
    load_casebook(sqlite_store)
    export_store(sqlite_store, "json", tmp_path / "out")
    count = len(_facts(sqlite_store))
    report = import_aigak_export(sqlite_store, tmp_path / "out" / "aigak.json")
    assert (report.created, report.existing, report.facts) == (0, 2, 0)
    assert len(_facts(sqlite_store)) == count


def test_a_redacted_export_cannot_be_imported(sqlite_store: Store, tmp_path: Path) -> None:
    load_casebook(sqlite_store)
    export_store(sqlite_store, "json", tmp_path / "out", redact=True)
    with pytest.raises(ConfigError, match="redacted export"):
        import_aigak_export(sqlite_store, tmp_path / "out")


def test_a_tampered_source_in_an_export_is_refused(sqlite_store: Store, tmp_path: Path) -> None:
    load_casebook(sqlite_store)
    result = export_store(sqlite_store, "json", tmp_path / "out")
    source = next(p for p in result.files if p.parent.name == "sources")
    source.write_bytes(source.read_bytes().replace(b"Ghulja", b"Urumqi"))
    with pytest.raises(IntegrityError, match="does not match its manifest"):
        import_aigak_export(sqlite_store, tmp_path / "out")


def test_a_reviewers_split_and_merge_survive_the_round_trip(sqlite_store: Store, tmp_path: Path) -> None:
    from aigak.resolve import merge_persons, resolve_person_ref, split_person

    ids = load_casebook(sqlite_store)
    with sqlite_store.transaction() as conn:
        aibek = resolve_person_ref(conn, f"fact:{ids['0:p1']}")
        assert resolve_person_ref(conn, f"fact:{ids['1:p1']}") == aibek  # the resolver joined the two sources
        split_person(conn, aibek, [ids["1:p1"]], actor="ana")
        merge_persons(conn, resolve_person_ref(conn, f"fact:{ids['0:p5']}"),
                      resolve_person_ref(conn, f"fact:{ids['0:p6']}"), actor="ana")
    export_store(sqlite_store, "json", tmp_path / "out")
    copy = open_store(f"sqlite:///{tmp_path / 'copy.db'}")
    import_aigak_export(copy, tmp_path / "out")
    assert _signature(copy)["registry"] == _signature(sqlite_store)["registry"]
    with copy.read() as conn:
        assert {"split", "merge"} <= {r.action for r in audit_history(conn)}  # replayed, and audited
    copy.close()


def _fact_ids_by_local(store: Store) -> dict[tuple[str, str], int]:
    """Fact ids by (source SHA-256, local id): the same record in two stores."""
    with store.read() as conn:
        return {(get_document(conn, f.document_id).sha256, f.local_id): f.id for f in list_facts(conn)}


def test_keep_apart_decisions_and_merge_credits_survive_the_round_trip(sqlite_store: Store, tmp_path: Path) -> None:
    from aigak.resolve import keep_apart, merge_persons, possible_matches, resolve_person_ref
    from aigak.store.facts import get_fact
    from aigak.store.persons import list_links, list_merges, mentions_of_facts

    ids = load_casebook(sqlite_store)
    with sqlite_store.transaction() as conn:
        aibek = resolve_person_ref(conn, f"fact:{ids['0:p1']}")
        assert resolve_person_ref(conn, f"fact:{ids['1:p1']}") == aibek  # the resolver joined the two sources
        mention = mentions_of_facts(conn, [ids["1:p1"]])[0]
        joined = next(r for r in list_merges(conn) if mention.id in r.mention_ids)
        keep_apart(conn, aibek, joined.absorbed_id, actor="web:ana")  # "different people"
        merge_persons(conn, resolve_person_ref(conn, f"fact:{ids['0:p5']}"),
                      resolve_person_ref(conn, f"fact:{ids['0:p6']}"), actor="web:bo")
        original = next(r for r in list_merges(conn, include_undone=False) if r.actor == "web:bo")
        where = {k: (get_document(conn, get_fact(conn, ids[k]).document_id).sha256, k.split(":")[1])
                 for k in ("0:p1", "1:p1", "0:p5")}
    export_store(sqlite_store, "json", tmp_path / "out")
    exported = json.loads((tmp_path / "out" / "aigak.json").read_text(encoding="utf-8"))
    assert [a["actor"] for a in exported["apart"]] == ["web:ana"]
    assert any(m["actor"] == "web:bo" and m["kind"] == "user" for m in exported["merges"])

    copy = open_store(f"sqlite:///{tmp_path / 'copy.db'}")
    import_aigak_export(copy, tmp_path / "out", actor="cli:root")
    new = {k: _fact_ids_by_local(copy)[v] for k, v in where.items()}
    with copy.read() as conn:
        a, b = (resolve_person_ref(conn, f"fact:{new[k]}") for k in ("0:p1", "1:p1"))
        assert a != b, "kept apart in the export, kept apart in the copy"
        assert b not in [m.person_id for m in possible_matches(conn, a)], "not offered for merging again"
        assert [link.actor for link in list_links(conn, [a, b], kind="apart")] == ["web:ana"]
        merge = next(r for r in list_merges(conn, include_undone=False) if r.actor == "web:bo")
        assert merge.at == original.at
        assert resolve_person_ref(conn, f"fact:{new['0:p5']}") == merge.survivor_id
        # the resolver's joins are credited to whoever's ingest made them ("test"), not to the importer
        assert {"test", "web:bo"} <= {r.actor for r in list_merges(conn, include_undone=False) if r.kind != "split"}
        assert any(r.action == "import" and r.target == "registry" and r.actor == "cli:root"
                   for r in audit_history(conn))
    copy.close()


def test_a_workbook_whose_first_sheet_is_not_the_data_names_the_sheet_to_pass(sqlite_store: Store,
                                                                               tmp_path: Path) -> None:
    from openpyxl import Workbook

    book = Workbook()
    book.active.title = "Intro"
    book.active.append(["Read me"])
    book.active.append(["Fictional cases, collected for a test."])
    cases = book.create_sheet("Cases")
    cases.append(["Full name", "Age"])
    cases.append(["Bolat Serikuly", 61])
    path = tmp_path / "victims.xlsx"
    book.save(path)
    with pytest.raises(ConfigError) as caught:
        import_spreadsheet(sqlite_store, path)
    message = str(caught.value)
    assert "'Intro', 'Cases'" in message and "--sheet Cases" in message
    assert import_spreadsheet(sqlite_store, path, sheet="Cases").facts == 1


def test_an_unknown_kinship_word_is_warned_about_once(sqlite_store: Store, tmp_path: Path) -> None:
    path = tmp_path / "kin.csv"
    path.write_text("Name,Relative,Relation\n"
                    "Nurbek Zhaksylykov,Dauren Serikbayuly,племянник\n"
                    "Aigul Temirova,Serik Temirov,Племянник\n"
                    "Asan Qadyruly,Bolat Qadyruly,брат\n", encoding="utf-8")
    mapping = parse_mapping({"columns": {"name": "Name", "relative": "Relative", "relation": "Relation"}})
    report = import_spreadsheet(sqlite_store, path, mapping=mapping)
    assert len(report.warnings) == 1
    assert "'племянник' (rows 2, 3)" in report.warnings[0] and "[values.relation]" in report.warnings[0]
    kinds = sorted(f.type for f in _facts(sqlite_store, FactKind.RELATION))
    assert kinds == ["relative", "relative", "sibling"]
