"""Redaction hides every form of a protected name: all spellings, scripts, cases and parts, in every output."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import httpx
import pytest
from test_web_support import copy_store, new_client, serving

from aigak.core.models import FactKind, ReviewStatus
from aigak.export.casefiles import dossier_for_person
from aigak.export.run import export_store
from aigak.export.selection import ExportQuery
from aigak.ingest.pipeline import ingest_bytes
from aigak.operations.review import review
from aigak.resolve import resolve_document
from aigak.resolve.names import fold_token
from aigak.resolve.registry import merge_persons
from aigak.security.redaction import Redactor
from aigak.store.engine import Store
from aigak.store.facts import list_facts, save_extraction
from aigak.store.persons import mentions_of_facts, root_of

pytest_plugins = ["test_web_support"]

# A fictional family. Dana fled to Almaty; her brother is held in Xinjiang and is named three ways.
SOURCES: list[dict[str, Any]] = [
    {"filename": "a-news.txt",
     "text": "Dana Kairatkyzy, 31, fled to Almaty in 2021. She comes from Tekes county. "
             "Her brother, Yerlan Seitkaliuly, is still held in a camp. Seitkaliuly's wife could not visit him.",
     "entities": [
         {"id": "p1", "kind": "person", "name": "Dana Kairatkyzy", "attributes": {"age": 31, "home_place": "l1"}},
         {"id": "p2", "kind": "person", "name": "Yerlan Seitkaliuly"},
         {"id": "l1", "kind": "place", "name": "Tekes county"},
         {"id": "l2", "kind": "place", "name": "Almaty"}],
     "relations": [{"id": "r1", "type": "sibling", "from": "p1", "to": "p2", "quote": "Her brother, Yerlan Seitkaliuly"}],
     "events": [{"id": "e1", "type": "flight", "subjects": ["p1"], "place": "l2", "start": "2021",
                 "quote": "Dana Kairatkyzy, 31, fled to Almaty in 2021."},
                {"id": "e2", "type": "detention", "subjects": ["p2"],
                 "quote": "Her brother, Yerlan Seitkaliuly, is still held in a camp."}]},
    {"filename": "b-testimony.txt",
     "text": "Dana Kairatqyzy told us that her brother Erlan Seitqaliuli was detained in 2019. "
             "Erlan had come home to Tekes for a wedding.",
     "entities": [
         {"id": "p1", "kind": "person", "name": "Dana Kairatqyzy"},
         {"id": "p2", "kind": "person", "name": "Erlan Seitqaliuli", "aliases": ["Erlan"]}],
     "relations": [{"id": "r1", "type": "sibling", "from": "p1", "to": "p2", "quote": "her brother Erlan Seitqaliuli"}],
     "events": [{"id": "e1", "type": "detention", "subjects": ["p2"], "start": "2019",
                 "quote": "her brother Erlan Seitqaliuli was detained in 2019."}]},
    {"filename": "c-cyrillic.txt",
     "text": "Ерлан Сейткалиұлы задержан в 2019 году в Текесе. Сестра Ерлана, Дана Кайратқызы, живёт в Алматы.",
     "entities": [
         {"id": "p1", "kind": "person", "name": "Ерлан Сейткалиұлы"},
         {"id": "p2", "kind": "person", "name": "Дана Кайратқызы"}],
     "relations": [],
     "events": [{"id": "e1", "type": "detention", "subjects": ["p1"], "start": "2019",
                 "quote": "Ерлан Сейткалиұлы задержан в 2019 году в Текесе."}]},
]
BROTHER_FORMS = ("Yerlan", "Erlan", "Ерлан", "Seitkaliuly", "Seitqaliuli", "Сейткалиұлы")
"""The brother's name in every spelling and script the sources use, and its distinctive parts."""
HOME_FORMS = ("Tekes", "Текес")
SISTER = "Dana Kairatkyzy"


def _span(text: str, quote: str) -> list[int]:
    start = text.index(quote)
    return [start, start + len(quote)]


def _entity_fact(store: Store, document_id: int, local_id: str) -> int:
    with store.read() as conn:
        return next(f.id for f in list_facts(conn, document_id=document_id) if f.local_id == local_id)


def _load(store: Store) -> dict[str, int]:
    """Store the three sources with their records, place the people in the registry, merge the
    brother's and the sister's records as a reviewer would, and confirm what the public may see.

    Returns:
        Registry ids of `sister` and `brother`.
    """
    docs: list[int] = []
    for source in SOURCES:
        document, _ = ingest_bytes(store, source["text"].encode("utf-8"), source["filename"], actor="test")
        text = document.text
        entities = []
        for entity in source["entities"]:
            names = [entity["name"], *entity.get("aliases", [])]
            entities.append({**entity, "mentions": [_span(text, n) for n in names if n in text][:1]})
        result = {"entities": entities, "amounts": [], "backend": {"name": "fixture.v1"},
                  "relations": [{k: v for k, v in r.items() if k != "quote"} | {"evidence": [_span(text, r["quote"])]}
                                for r in source["relations"]],
                  "events": [{k: v for k, v in e.items() if k != "quote"} | {"evidence": [_span(text, e["quote"])]}
                             for e in source["events"]]}
        with store.transaction() as conn:
            save_extraction(conn, document.id, result, text=text)
            resolve_document(conn, document.id, actor="test")
        docs.append(document.id)
    sister_facts = [_entity_fact(store, docs[0], "p1"), _entity_fact(store, docs[1], "p1"),
                    _entity_fact(store, docs[2], "p2")]
    brother_facts = [_entity_fact(store, docs[0], "p2"), _entity_fact(store, docs[1], "p2"),
                     _entity_fact(store, docs[2], "p1")]
    people: dict[str, int] = {}
    with store.transaction() as conn:
        for key, fact_ids in (("sister", sister_facts), ("brother", brother_facts)):
            roots = [root_of(conn, m.person_id) for m in mentions_of_facts(conn, fact_ids)]
            survivor = roots[0]
            for other in roots[1:]:
                if root_of(conn, other) != root_of(conn, survivor):
                    survivor = merge_persons(conn, root_of(conn, survivor), root_of(conn, other), actor="ana")
            people[key] = root_of(conn, survivor)
    for fact_id in sister_facts[:1]:
        review(store, fact_id, ReviewStatus.CONFIRMED, actor="ana")
    with store.read() as conn:
        events = [f.id for f in list_facts(conn, kind=FactKind.EVENT)]
        relations = [f.id for f in list_facts(conn, kind=FactKind.RELATION)]
    for fact_id in [*events, *relations, brother_facts[0]]:
        review(store, fact_id, ReviewStatus.CONFIRMED, actor="ana")
    return people


def _assert_no_protected_form(content: str, where: str, forms: tuple[str, ...] = (*BROTHER_FORMS, *HOME_FORMS)) -> None:
    folded = content.casefold()
    for form in forms:
        assert form.casefold() not in folded, f"{form!r} leaked into {where}"


@pytest.fixture
def family_store(web_template: Path, tmp_path: Path) -> Any:
    store = copy_store(web_template, tmp_path / "family.db")
    people = _load(store)
    yield store, people
    store.close()


@pytest.mark.parametrize(("text", "expected"), [
    ("Her brother Erlan Seitqaliuli was detained.", "Her brother [relative] was detained."),
    ("Yerlan Seitkaliuly is held.", "[relative] is held."),
    ("Ерлан Сейткалиұлы задержан.", "[relative] задержан."),
    ("Сестра Ерлана пришла.", "Сестра [relative] пришла."),
    ("Seitkaliuly's wife came.", "[relative]'s wife came."),
    ("Dana Kairatkyzy and her brother Yerlan", "Dana Kairatkyzy and her brother [relative]"),
    ("Дана Кайратқызы живёт в Алматы.", "Дана Кайратқызы живёт в Алматы."),
    ("The wedding was in Текесе.", "The wedding was in [home place]."),
], ids=["other-transliteration", "first-spelling", "cyrillic", "russian-genitive", "possessive",
        "sister-stays-named", "sister-cyrillic-stays", "home-place-locative"])
def test_a_hidden_name_is_found_in_every_spelling_script_and_case(text: str, expected: str) -> None:
    red = Redactor(fold=fold_token)
    red.add_name(["Yerlan Seitkaliuly"], "[relative]")
    red.add_place("Tekes county", "[home place]")
    red.protect("Dana Kairatkyzy", "Дана Кайратқызы")
    assert red.text(text) == expected


def test_a_shared_family_name_stays_readable_but_a_one_word_name_protects_nothing() -> None:
    red = Redactor(fold=fold_token)
    red.add_name(["Nurlan Bekuly"], "[relative]")
    red.protect("Marat Bekuly", "Nurlan")  # "Nurlan" alone: a hidden husband read badly as someone else
    assert red.text("Nurlan Bekuly, Nurlan and Marat Bekuly") == "[relative], [relative] and Marat Bekuly"


def test_words_of_a_badly_read_name_are_not_hidden_on_their_own() -> None:
    red = Redactor(fold=fold_token)
    red.add_name(["husband of Nurlan"], "[relative]")
    assert red.text("My husband Nurlan was taken.") == "My husband [relative] was taken."


@pytest.mark.parametrize("fmt", ["json", "csv", "popolo", "ics"])
def test_redacted_exports_carry_no_form_of_the_brothers_name(family_store: Any, tmp_path: Path, fmt: str) -> None:
    store, _ = family_store
    result = export_store(store, fmt, tmp_path / "out", redact=True)
    written = [p for p in (tmp_path / "out").rglob("*") if p.is_file()]
    for path in written:
        content = path.read_bytes().decode("utf-8-sig")
        _assert_no_protected_form(content, path.name)
        _assert_no_protected_form(content.replace("\r\n ", ""), path.name)  # iCalendar folds long lines
    if fmt != "ics":
        assert any(SISTER in p.read_text(encoding="utf-8-sig") for p in written if p.name != "manifest.json")
    assert result.redactions.get("relative", 0) >= 3


def test_the_registry_entry_of_a_hidden_relative_shows_no_name_form(family_store: Any, tmp_path: Path) -> None:
    store, people = family_store
    every_live_fact = ExportQuery(statuses=(ReviewStatus.CONFIRMED, ReviewStatus.PROPOSED))
    export_store(store, "json", tmp_path / "out", redact=True, query=every_live_fact)
    data = json.loads((tmp_path / "out" / "aigak.json").read_text(encoding="utf-8"))
    brother = next(p for p in data["persons"] if p["id"] == people["brother"])
    assert brother["name"] == "[relative]" and brother["names"] == ["[relative]"]
    assert {m["name"] for m in brother["mentions"]} == {"[relative]"} and len(brother["mentions"]) == 3
    # the Cyrillic source has no family relation of its own: the registry hides him there too
    cyrillic = next(f for f in data["facts"] if f["kind"] == "event" and f["data"].get("subjects") == ["p1"]
                    and f["quotes"] and "2019" in f["quotes"][0] and "году" in f["quotes"][0])
    assert cyrillic["quotes"] == ["[relative] задержан в 2019 году в [home place]."]


def test_redacted_dossier_carries_no_form_of_the_brothers_name(family_store: Any, tmp_path: Path) -> None:
    store, people = family_store
    dossier = dossier_for_person(store, str(people["sister"]), tmp_path / "d.html", as_html=True, redact=True)
    html = dossier.path.read_text(encoding="utf-8")
    _assert_no_protected_form(html, "the dossier")
    assert SISTER in html and "[relative]" in html and "[home place]" in html


def test_the_brothers_own_redacted_dossier_does_not_name_him(family_store: Any, tmp_path: Path) -> None:
    store, people = family_store
    dossier = dossier_for_person(store, str(people["brother"]), tmp_path / "b.html", as_html=True, redact=True)
    html = dossier.path.read_text(encoding="utf-8")
    _assert_no_protected_form(html, "the brother's dossier", BROTHER_FORMS)  # her home place is not his
    assert "[relative]" in html


def test_public_web_role_sees_no_form_of_the_brothers_name(family_store: Any) -> None:
    store, people = family_store
    with serving(store, public=True) as srv, new_client(srv) as c:
        listed = c.get("/api/people").json()["people"]
        assert [p["id"] for p in listed] == [people["sister"]], "a relative left behind is never published"
        assert c.get(f"/api/people/{people['brother']}").status_code == 404
        assert c.get(f"/people/{people['brother']}").status_code == 404
        api: httpx.Response = c.get(f"/api/people/{people['sister']}")
        page = c.get(f"/people/{people['sister']}")
        listing = c.get("/people")
    assert api.status_code == 200 and page.status_code == 200
    for where, response in (("the API", api), ("the page", page), ("the list", listing)):
        _assert_no_protected_form(response.text, where)
    case = api.json()["case_file"]
    assert case["person"]["name"] == SISTER and case["person"]["home_place"] == "[home place]"
    sibling = next(r for r in case["relatives"] if r["relation"] == "sibling")
    assert sibling["name"] == "[relative]" and "names" not in sibling and "aliases" not in sibling
    assert {s["quote"] for s in sibling["sources"]} <= {"Her brother, [relative]", "her brother [relative]"}
