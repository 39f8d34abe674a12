"""Exports: JSON with provenance and source files, CSV for spreadsheets, Popolo, iCalendar, manifest and audit."""

from __future__ import annotations

import csv
import io
import json
from pathlib import Path
from typing import Any

import pytest

from aigak.core.errors import ConfigError, NotFound
from aigak.core.models import ReviewStatus
from aigak.export.manifest import read_manifest, verify_manifest
from aigak.export.run import export_store
from aigak.export.selection import ExportQuery, parse_since, parse_statuses
from aigak.ingest.pipeline import ingest_bytes
from aigak.operations.review import review
from aigak.resolve import resolve_document
from aigak.store.audit import audit_history
from aigak.store.engine import Store
from aigak.store.facts import save_extraction

CASEBOOK = Path(__file__).resolve().parent / "fixtures" / "import" / "casebook.json"


def _span(text: str, quote: str) -> list[int]:
    start = text.index(quote)
    return [start, start + len(quote)]


def load_casebook(store: Store) -> dict[str, int]:
    """Store the fictional casebook (two sources, hand-made records located by quote, some reviewed).

    Each document's people are placed in the registry, as the pipeline does after extraction.

    Returns:
        Fact ids by `"<document index>:<local id>"` (`"0:p1"`).
    """
    book = json.loads(CASEBOOK.read_text(encoding="utf-8"))
    ids: dict[str, int] = {}
    for n, doc in enumerate(book["documents"]):
        document, _ = ingest_bytes(store, doc["text"].encode("utf-8"), doc["filename"], actor="test")
        result: dict[str, Any] = {"backend": {"name": "casebook.v1"}}
        for section in ("entities", "relations", "events", "amounts"):
            records = []
            for i, record in enumerate(doc.get(section, [])):
                record = dict(record)
                quotes = record.pop("quotes", None) or [record.pop("quote")]
                record["mentions" if section == "entities" else "evidence"] = [_span(document.text, q) for q in quotes]
                record.setdefault("id", f"r{i + 1}")
                records.append(record)
            result[section] = records
        with store.transaction() as conn:
            fact_ids = save_extraction(conn, document.id, result, text=document.text)
            resolve_document(conn, document.id, actor="test")
        local_ids = [r["id"] for s in ("entities", "relations", "events", "amounts") for r in result[s]]
        ids.update({f"{n}:{local}": fid for local, fid in zip(local_ids, fact_ids, strict=True)})
        for local, decision in doc.get("review", {}).items():
            if isinstance(decision, dict):
                with store.read() as conn:
                    from aigak.store.facts import get_fact

                    data = {**get_fact(conn, ids[f"{n}:{local}"]).data, **decision["edit"]}
                review(store, ids[f"{n}:{local}"], ReviewStatus.EDITED, actor="ana", data=data)
            else:
                review(store, ids[f"{n}:{local}"], ReviewStatus(decision), actor="ana")
    return ids


def _csv_rows(path: Path) -> list[dict[str, str]]:
    return list(csv.DictReader(io.StringIO(path.read_bytes().decode("utf-8-sig"))))


@pytest.fixture
def casebook_store(sqlite_store: Store) -> Store:
    load_casebook(sqlite_store)
    return sqlite_store


def test_json_export_carries_provenance_and_source_files(casebook_store: Store, tmp_path: Path) -> None:
    result = export_store(casebook_store, "json", tmp_path / "out")
    data = json.loads((tmp_path / "out" / "aigak.json").read_text(encoding="utf-8"))
    assert data["format"] == "aigak-export" and data["redacted"] is False
    assert len(data["documents"]) == 2
    for doc in data["documents"]:
        source = tmp_path / "out" / doc["source_file"]
        import hashlib

        assert hashlib.sha256(source.read_bytes()).hexdigest() == doc["sha256"]
        assert doc["text"] and doc["ingested_at"]
    detention = next(f for f in data["facts"] if f["kind"] == "event" and f["data"]["type"] == "detention"
                     and f["status"] == "confirmed")
    assert detention["reviewed_by"] == "ana"
    assert detention["quotes"] == ["Police detained him in April 2018 and held him in a camp in Ghulja until June 2019"]
    text = next(d["text"] for d in data["documents"] if d["id"] == detention["document_id"])
    start, end = detention["evidence"][0]
    assert text[start:end] == detention["quotes"][0]
    edited = next(f for f in data["facts"] if f["status"] == "edited")
    assert edited["original"]["end"] is None and edited["data"]["end"] == "2021-06-14"
    rejected = next(f for f in data["facts"] if f["status"] == "rejected")  # the whole record, rejections too
    assert (rejected["data"]["name"], rejected["reviewed_by"]) == ("Steppe Witness", "ana")
    assert data["query"]["status"] == ["proposed", "confirmed", "rejected", "edited"]
    assert result.counts["documents"] == 2


def test_every_export_has_a_manifest_that_verifies(casebook_store: Store, tmp_path: Path) -> None:
    for fmt in ("json", "csv", "popolo", "ics"):
        out = tmp_path / fmt
        result = export_store(casebook_store, fmt, out, query=ExportQuery(statuses=(ReviewStatus.CONFIRMED,)))
        manifest = read_manifest(out)
        assert manifest["format"] == fmt and manifest["aigak_version"]
        assert manifest["generated_at"].endswith("+00:00")
        assert manifest["query"] == {"person": None, "since": None, "status": ["confirmed"]}
        assert {f["path"] for f in manifest["files"]} == {p.relative_to(out).as_posix() for p in result.files}
        assert verify_manifest(out) == []


def test_tampered_export_file_is_named_by_the_manifest(casebook_store: Store, tmp_path: Path) -> None:
    export_store(casebook_store, "csv", tmp_path / "out")
    with (tmp_path / "out" / "events.csv").open("a", encoding="utf-8") as fh:
        fh.write("forged row\r\n")
    assert verify_manifest(tmp_path / "out") == ["events.csv: changed since the export (SHA-256 differs)"]


def test_csv_is_spreadsheet_friendly(casebook_store: Store, tmp_path: Path) -> None:
    export_store(casebook_store, "csv", tmp_path / "out")
    raw = (tmp_path / "out" / "events.csv").read_bytes()
    assert raw.startswith(b"\xef\xbb\xbf") and b"\r\n" in raw
    events = _csv_rows(tmp_path / "out" / "events.csv")
    detention = next(r for r in events if r["type"] == "detention" and r["subjects"] == "Aibek Nurlanuly")
    assert (detention["start"], detention["end"], detention["place"]) == ("2018-04", "2019-06", "Ghulja")
    assert detention["source_title"] == "Testimony of Aibek Nurlanuly"
    assert len(detention["source_sha256"]) == 64 and detention["quote"].startswith("Police detained him")
    relations = _csv_rows(tmp_path / "out" / "relations.csv")
    child = next(r for r in relations if r["type"] == "child")
    assert (child["from"], child["to"], child["to_age"]) == ("Aibek Nurlanuly", "Aruzhan", "9")
    people = _csv_rows(tmp_path / "out" / "people.csv")
    assert {"Aibek Nurlanuly", "Saule Tokhtarova", "Dana Serikova"} <= {p["name"] for p in people}
    assert "Steppe Witness" not in {p["name"] for p in people}  # rejected by the reviewer


@pytest.mark.parametrize(("value", "expected"), [
    ("=HYPERLINK(\"http://x\")", "'=HYPERLINK(\"http://x\")"),
    ("+7 701 555 12 34", "'+7 701 555 12 34"),
    ("-5", "-5"),
    ("Aibek", "Aibek"),
], ids=["formula", "phone-like", "negative-number", "plain"])
def test_csv_cells_never_run_as_formulas(value: str, expected: str) -> None:
    from aigak.export.csv_export import _cell

    assert _cell(value) == expected


def test_popolo_has_persons_organizations_and_memberships(casebook_store: Store, tmp_path: Path) -> None:
    export_store(casebook_store, "popolo", tmp_path / "out")
    popolo = json.loads((tmp_path / "out" / "popolo.json").read_text(encoding="utf-8"))
    people = {p["name"]: p for p in popolo["persons"]}
    assert people["Aibek Nurlanuly"]["gender"] == "male"
    assert len(people["Aibek Nurlanuly"]["sources"]) == 2
    assert all(s["url"].startswith("urn:sha256:") for s in people["Aibek Nurlanuly"]["sources"])
    orgs = {o["name"]: o for o in popolo["organizations"]}
    assert "Bureau for Refugee Rights" in orgs
    membership = popolo["memberships"][0]
    assert membership["person_id"] == people["Dana Serikova"]["id"]
    assert membership["organization_id"] == orgs["Bureau for Refugee Rights"]["id"]
    ids = [p["id"] for p in popolo["persons"]] + [o["id"] for o in popolo["organizations"]]
    assert len(ids) == len(set(ids))


def test_ics_lists_hearings_and_deadlines_as_rfc5545(casebook_store: Store, tmp_path: Path) -> None:
    export_store(casebook_store, "ics", tmp_path / "out")
    raw = (tmp_path / "out" / "hearings.ics").read_bytes()
    assert raw.startswith(b"BEGIN:VCALENDAR\r\n") and raw.endswith(b"END:VCALENDAR\r\n")
    lines = raw.split(b"\r\n")[:-1]
    assert all(len(line) <= 75 for line in lines)
    unfolded = raw.decode("utf-8").replace("\r\n ", "").split("\r\n")
    assert unfolded.count("BEGIN:VEVENT") == unfolded.count("END:VEVENT") == 5
    assert "DTSTART;VALUE=DATE:20210702" in unfolded
    # a date known only to the month spans the month and says so
    assert "DTSTART;VALUE=DATE:20210601" in unfolded and "DTEND;VALUE=DATE:20210701" in unfolded
    assert any(line.startswith("SUMMARY:Summons") and "known only to the month" in line for line in unfolded)
    assert not any("Detention" in line for line in unfolded)  # not a hearing or deadline


def test_ics_folding_never_splits_a_character() -> None:
    from aigak.export.ics import CalendarEntry, render_ics

    entry = CalendarEntry("u1@aigak", "2021-07-02", "Сот отырысы — Айбек Нұрланұлы " * 4, "Қазақстан " * 20,
                          "CONFIRMED")
    raw = render_ics([entry]).encode("utf-8")
    for line in raw.split(b"\r\n"):
        assert len(line) <= 75
        line.decode("utf-8")  # each folded piece is valid UTF-8 on its own


def test_status_filter_keeps_only_confirmed_facts(casebook_store: Store, tmp_path: Path) -> None:
    export_store(casebook_store, "json", tmp_path / "out", query=ExportQuery(statuses=parse_statuses(["confirmed"])))
    data = json.loads((tmp_path / "out" / "aigak.json").read_text(encoding="utf-8"))
    assert {f["status"] for f in data["facts"]} == {"confirmed"}
    assert len(data["facts"]) == 7


def test_since_filter_leaves_out_older_sources(casebook_store: Store, tmp_path: Path) -> None:
    result = export_store(casebook_store, "csv", tmp_path / "out", query=ExportQuery(since=parse_since("2999")))
    assert result.counts["documents"] == 0 and _csv_rows(tmp_path / "out" / "events.csv") == []


def test_export_is_audited(casebook_store: Store, tmp_path: Path) -> None:
    export_store(casebook_store, "csv", tmp_path / "out", redact=True, actor="ana")
    with casebook_store.read() as conn:
        record = audit_history(conn, "export:csv")[0]
    assert (record.actor, record.action) == ("ana", "export")
    assert record.after["format"] == "csv" and record.after["redacted"] is True
    assert record.after["files"] == ["events.csv", "people.csv", "relations.csv"]


@pytest.mark.parametrize(("call", "message"), [
    (lambda s, p: export_store(s, "xml", p), "No export format 'xml'"),
    (lambda s, p: (p.mkdir(), (p / "old.txt").write_text("x"), export_store(s, "csv", p)), "is not empty"),
    (lambda s, p: parse_since("June 2021"), "is not a date"),
    (lambda s, p: parse_statuses(["approved"]), "is not a review status"),
], ids=["unknown-format", "non-empty-folder", "bad-since", "bad-status"])
def test_bad_export_requests_say_what_to_do(sqlite_store: Store, tmp_path: Path, call: Any, message: str) -> None:
    with pytest.raises(ConfigError, match=message):
        call(sqlite_store, tmp_path / "out")


def test_case_file_dates_join_the_calendar_once() -> None:
    from aigak.export.bundle import Bundle
    from aigak.export.ics import calendar_entries

    bundle = Bundle(documents=[{"id": 1, "sha256": "ab" * 32, "title": "Court report", "filename": "r.txt"}], facts=[
        {"id": 7, "document_id": 1, "kind": "entity", "type": "person", "local_id": "p1",
         "data": {"id": "p1", "kind": "person", "name": "Aibek Nurlanuly"}, "evidence": [[0, 5]], "quotes": ["Aibek"],
         "status": "confirmed"},
        {"id": 8, "document_id": 1, "kind": "event", "type": "criminal_proceeding", "local_id": "e1",
         "data": {"id": "e1", "type": "criminal_proceeding", "subjects": ["p1"], "start": "2021-07-02"},
         "evidence": [[0, 20]], "quotes": ["the appeal is heard"], "status": "confirmed"}])
    extra = [{"uid": "person-1-date-0@aigak", "date": "2021-07-02", "what": "Appeal — Aibek Nurlanuly",
              "person": "Aibek Nurlanuly"},
             {"uid": "person-1-date-1@aigak", "date": "2021-09", "what": "Deadline for the appeal — Aibek Nurlanuly",
              "source": "“within two months”", "person": "Aibek Nurlanuly"}]
    entries = calendar_entries(bundle, extra=extra)
    assert [(e.date, e.summary) for e in entries] == [
        ("2021-07-02", "Criminal proceeding — Aibek Nurlanuly"),
        ("2021-09", "Deadline for the appeal — Aibek Nurlanuly")]


def test_person_filter_keeps_their_records_relations_and_events(casebook_store: Store, tmp_path: Path) -> None:
    result = export_store(casebook_store, "csv", tmp_path / "out", query=ExportQuery(person="Aibek Nurlanuly"))
    events = _csv_rows(tmp_path / "out" / "events.csv")
    assert {e["type"] for e in events} == {"detention", "torture", "border_crossing", "asylum_application",
                                           "criminal_proceeding", "deportation_order"}
    assert all("Aibek Nurlanuly" in e["subjects"] for e in events)  # the mother's detention and the wife's summons stay out
    people = _csv_rows(tmp_path / "out" / "people.csv")
    aibek = [p for p in people if p["name"] == "Aibek Nurlanuly"]
    assert len(aibek) == 2 and aibek[0]["person_id"] == aibek[1]["person_id"] != ""
    assert read_manifest(tmp_path / "out")["query"]["person"] == "Aibek Nurlanuly"
    assert result.counts["documents"] == 2
    with pytest.raises(NotFound, match="No person matches"):
        export_store(casebook_store, "csv", tmp_path / "none", query=ExportQuery(person="Nobody Atall"))
