"""Redaction: placeholders for minors, relatives at risk, home places, contacts and ID numbers; the rest intact."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
from test_export import load_casebook

from aigak.core.models import ReviewStatus
from aigak.export.run import export_store
from aigak.export.selection import ExportQuery
from aigak.security.redaction import Redactor, mark_sensitive, redact_case_file, redact_text
from aigak.store.audit import audit_history
from aigak.store.engine import Store
from aigak.store.facts import get_fact

EVERY_LIVE_FACT = ExportQuery(statuses=(ReviewStatus.CONFIRMED, ReviewStatus.EDITED, ReviewStatus.PROPOSED))
"""A redacted export carries reviewed facts by default; these tests read the unreviewed ones too."""
CASE_FILE = Path(__file__).resolve().parent / "fixtures" / "import" / "casefile-aibek.json"
SENSITIVE = ("Saule Tokhtarova", "Tokhtarova", "Aruzhan", "Gulbahram Kasymova", "Kasymova", "Kokterek",
             "+7 701 555 12 34", "555 12 34", "aibek.n@example.org", "E12345678")
"""Every sensitive value of the fictional casebook: none may reach a redacted output."""


def _case() -> dict[str, Any]:
    return json.loads(CASE_FILE.read_text(encoding="utf-8"))


@pytest.mark.parametrize(("text", "expected"), [
    ("Call +7 701 555 12 34 tonight", "Call [contact] tonight"),
    ("or 8 (727) 250-11-22.", "or [contact]."),
    ("write to aigul.s@example.kz", "write to [contact]"),
    ("his passport No. E12345678 was taken", "his passport No. [ID number] was taken"),
    ("ID card: 650102199001011234", "ID card: [ID number]"),
    ("IIN 900101300123", "IIN [ID number]"),
    ("She lived at 12 Abay Street, apt 5, Almaty", "She lived at [contact], Almaty"),
    ("ул. Абая, д. 12, кв. 5", "[contact]"),
    ("新华路12号3楼", "[contact]"),
    ("held from 2013-2017 in Ghulja", "held from 2013-2017 in Ghulja"),
    ("a fine of 300,000 Yuan, 16.8m Tenge ($44,200)", "a fine of 300,000 Yuan, 16.8m Tenge ($44,200)"),
    ("on 06.10.2019, 1.5 million people", "on 06.10.2019, 1.5 million people"),
    ("events G1 and e3", "events G1 and e3"),
], ids=["intl-phone", "kz-phone", "email", "passport", "cn-id", "kz-iin", "street-address", "ru-address",
        "cn-address", "year-range", "amounts", "dates-and-numbers", "local-ids"])
def test_redact_text_hides_contacts_and_ids_and_nothing_else(text: str, expected: str) -> None:
    assert redact_text(text) == expected


def test_case_file_redaction_hides_relatives_minors_and_home_but_keeps_the_record() -> None:
    case = _case()
    red = redact_case_file(case)
    relatives = {r["relation"]: r for r in red["relatives"]}
    assert relatives["spouse"]["name"] == "[relative]" and relatives["spouse"]["person_id"] is None
    assert relatives["child"]["name"] == "[minor, 9]" and relatives["child"]["age"] == 9
    assert relatives["parent"]["name"] == "[relative]"  # whereabouts unknown count as still there
    assert relatives["lawyer"]["name"] == "Dana Serikova"  # outside the country: public
    assert relatives["spouse"]["description"] == "wife" and relatives["spouse"]["sources"][0]["sha256"]
    assert red["person"]["name"] == "Aibek Nurlanuly" and red["person"]["home_place"] == "[home place]"
    assert [e["type"] for e in red["timeline"]] == [e["type"] for e in case["timeline"]]
    assert red["redaction"]["applied"] is True and red["redaction"]["counts"]["relative"] >= 2
    dumped = json.dumps(red, ensure_ascii=False)
    for value in SENSITIVE:
        assert value not in dumped
    assert case["relatives"][0]["name"] == "Saule Tokhtarova"  # the input is left alone


def test_a_minor_subject_is_hidden_too() -> None:
    case = _case()
    case["person"]["age"] = 16
    red = redact_case_file(case)
    assert red["person"]["name"] == "[minor, 16]"
    assert "Aibek Nurlanuly" not in json.dumps(red, ensure_ascii=False)


@pytest.mark.parametrize(("mark", "expected"), [
    ({"sensitive": False}, "Saule Tokhtarova"),
    ({"in_country_of_persecution": False}, "Saule Tokhtarova"),
    ({"in_country_of_persecution": False, "sensitive": True}, "[relative]"),
], ids=["reviewer-made-public", "relative-abroad", "reviewer-marked-sensitive"])
def test_reviewer_marks_override_the_default_rules(mark: dict[str, Any], expected: str) -> None:
    case = _case()
    case["relatives"][0].update(mark)
    assert redact_case_file(case)["relatives"][0]["name"] == expected


def test_a_marked_timeline_item_keeps_its_type_and_date_but_not_its_quote() -> None:
    case = _case()
    case["timeline"][1]["sensitive"] = True
    item = redact_case_file(case)["timeline"][1]
    assert (item["type"], item["start"], item["place"]) == ("torture", "2018-04", "[withheld]")
    assert item["sources"][0]["quote"] == "[withheld]"


def test_plan_hides_relatives_left_behind_but_not_those_who_fled() -> None:
    red = Redactor()
    hidden = red.plan_extraction({
        "entities": [
            {"id": "p1", "kind": "person", "name": "Erlan Bekuly", "aliases": ["Bekuly"]},
            {"id": "p2", "kind": "person", "name": "Nurlan Bekuly", "aliases": ["Bekuly"]},
            {"id": "p3", "kind": "person", "name": "Asel Bekqyzy", "attributes": {"age": 6}},
            {"id": "p4", "kind": "person", "name": "Marat Bekuly"},
        ],
        "relations": [{"type": "sibling", "from": "p1", "to": "p2"}, {"type": "child", "from": "p1", "to": "p3"},
                      {"type": "sibling", "from": "p1", "to": "p4"}],
        "events": [{"type": "flight", "subjects": ["p1", "p4"]}],
    })
    assert hidden == {"p2": "[relative]", "p3": "[minor, 6]"}
    # the shared family name stays readable for the people who are not hidden
    assert red.text("Nurlan Bekuly stayed; Bekuly and Marat Bekuly left.") == "[relative] stayed; Bekuly and Marat Bekuly left."


def test_mark_sensitive_is_stored_in_the_fact_and_audited(sqlite_store: Store) -> None:
    ids = load_casebook(sqlite_store)
    with sqlite_store.read() as conn:
        status_before = get_fact(conn, ids["0:e2"]).status
    fact = mark_sensitive(sqlite_store, ids["0:e2"], actor="ana", sensitive=True)
    assert fact.data["sensitive"] is True
    assert fact.status is status_before  # who may see a fact is not a correction of it
    cleared = mark_sensitive(sqlite_store, ids["0:e2"], actor="ana", sensitive=None)
    assert "sensitive" not in cleared.data
    with sqlite_store.read() as conn:
        history = audit_history(conn, f"fact:{ids['0:e2']}")
        assert [r.action for r in history[:2]] == ["mark_sensitive", "mark_sensitive"]
        assert get_fact(conn, ids["0:e2"]).data.get("sensitive") is None


@pytest.mark.parametrize("fmt", ["json", "csv", "popolo", "ics"])
def test_redacted_exports_contain_no_sensitive_value(sqlite_store: Store, tmp_path: Path, fmt: str) -> None:
    load_casebook(sqlite_store)
    result = export_store(sqlite_store, fmt, tmp_path / "out", redact=True)
    written = [p for p in (tmp_path / "out").rglob("*") if p.is_file()]
    assert {p.name for p in written} == {p.name for p in result.files} | {"manifest.json"}
    for path in written:
        content = path.read_bytes().decode("utf-8-sig")
        unfolded = content.replace("\r\n ", "")
        for value in SENSITIVE:
            assert value not in content and value not in unfolded, f"{value!r} leaked into {path.name}"
    # the person the record is about stays named
    assert any("Aibek Nurlanuly" in p.read_text(encoding="utf-8-sig") for p in written if p.name != "manifest.json")


def test_redacted_json_keeps_the_record_intact_with_placeholders(sqlite_store: Store, tmp_path: Path) -> None:
    load_casebook(sqlite_store)
    export_store(sqlite_store, "json", tmp_path / "out", redact=True, query=EVERY_LIVE_FACT)
    data = json.loads((tmp_path / "out" / "aigak.json").read_text(encoding="utf-8"))
    assert data["redacted"] is True and all(d["text"] is None and d["source_file"] is None for d in data["documents"])
    by_name = {f["data"].get("name"): f for f in data["facts"] if f["kind"] == "entity"}
    assert by_name["[minor, 9]"]["data"]["attributes"]["age"] == 9
    assert by_name["[minor, 9]"]["data"]["description"] == "daughter"
    subject = next(f["data"]["attributes"] for f in data["facts"]
                   if f["kind"] == "entity" and f["local_id"] == "p1" and f["data"]["attributes"].get("phone"))
    assert by_name["Aibek Nurlanuly"]["data"]["name"] == "Aibek Nurlanuly"
    assert (subject["phone"], subject["email"], subject["passport"], subject["home_place"]) == (
        "[contact]", "[contact]", "[ID number]", "[home place]")
    assert subject["ethnicity"] == "Kazakh"
    relation = next(f for f in data["facts"] if f["kind"] == "relation" and f["type"] == "spouse")
    assert relation["quotes"] == ["His wife [relative]"]
    manifest = json.loads((tmp_path / "out" / "manifest.json").read_text(encoding="utf-8"))
    assert manifest["redacted"] is True and manifest["redactions"]["minor"] >= 1


def test_a_reviewers_mark_reaches_the_redacted_dossier(sqlite_store: Store, tmp_path: Path) -> None:
    from aigak.export.casefiles import dossier_for_person

    ids = load_casebook(sqlite_store)
    mark_sensitive(sqlite_store, ids["0:e2"], actor="ana", sensitive=True)
    mark_sensitive(sqlite_store, ids["0:r4"], actor="ana", sensitive=True)  # the lawyer relation
    plain = dossier_for_person(sqlite_store, "Aibek Nurlanuly", tmp_path / "plain.html", as_html=True)
    redacted = dossier_for_person(sqlite_store, "Aibek Nurlanuly", tmp_path / "public.html", as_html=True,
                                  redact=True)
    assert "They shackled me to a chair" in plain.path.read_text(encoding="utf-8")
    html = redacted.path.read_text(encoding="utf-8")
    assert "They shackled me to a chair" not in html and "[withheld]" in html
    assert "Dana Serikova" not in html
    for value in ("Saule Tokhtarova", "Aruzhan", "Gulbahram Kasymova", "Kokterek"):
        assert value not in html


def test_a_hidden_relatives_first_name_alone_is_hidden_too() -> None:
    case = {"person": {"id": 1, "name": "Kuralay Nurlanqyzy", "names": [{"name": "Kuralay Nurlanqyzy"}]},
            "relatives": [{"relation": "sibling", "name": "Yerzhan Nurlanuly", "status": "detained",
                           "in_country_of_persecution": True, "sources": []}],
            "timeline": [{"type": "detention", "sources": [{"quote": "My younger brother Yerzhan is still held."}]}],
            "legal_status": {}, "contradictions": [], "sources": []}
    out = redact_case_file(case)
    assert "Yerzhan" not in str(out) and "Nurlanuly" not in str(out)
    assert out["person"]["name"] == "Kuralay Nurlanqyzy"
