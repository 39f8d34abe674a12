"""Redaction after the fourth user review: addresses as translations write them, reviewers' marks in
the legal status, minors never served to the public, the subject's own name kept readable, and a
redacted export that carries reviewed facts only (items 2, 4, 11, 14 and 15)."""

from __future__ import annotations

import json
import re
from pathlib import Path
from typing import Any

import pytest
from test_web_support import new_client, resolve_people, seed_reviewed, serving

from aigak.core.models import FactKind, ReviewStatus
from aigak.export.casefiles import dossier_for_person
from aigak.export.run import export_store
from aigak.ingest.pipeline import ingest_bytes
from aigak.operations.review import review
from aigak.resolve.names import fold_token
from aigak.security.redaction import mark_sensitive, redact_case_file, redact_text
from aigak.store.engine import Store
from aigak.store.facts import list_facts, save_extraction

pytest.importorskip("aigak.casefile", reason="the person registry is not part of this build")


def _span(text: str, needle: str) -> list[list[int]]:
    start = text.index(needle)
    return [[start, start + len(needle)]]


def _person(local: str, text: str, name: str, surface: str | None = None, **attributes: Any) -> dict[str, Any]:
    return {"id": local, "kind": "person", "name": name, "aliases": [], "attributes": attributes,
            "mentions": _span(text, surface or name)}


def _place(local: str, text: str, name: str) -> dict[str, Any]:
    return {"id": local, "kind": "place", "name": name, "aliases": [], "attributes": {}, "mentions": _span(text, name)}


def _event(local: str, text: str, kind: str, subjects: list[str], quote: str, start: str,
           place: str | None = None) -> dict[str, Any]:
    return {"id": local, "type": kind, "subjects": subjects, "agents": [], "place": place, "start": start,
            "end": None, "evidence": _span(text, quote), "confidence": 0.8}


def _relation(text: str, kind: str, source: str, target: str, quote: str) -> dict[str, Any]:
    return {"type": kind, "from": source, "to": target, "evidence": _span(text, quote)}


def _extraction(entities: list[dict[str, Any]], relations: list[dict[str, Any]] = (),  # type: ignore[assignment]
                events: list[dict[str, Any]] = ()) -> dict[str, Any]:  # type: ignore[assignment]
    return {"entities": entities, "relations": list(relations), "events": list(events), "amounts": [],
            "backend": {"name": "fixture.v1"}}


def _person_id(store: Store, name: str) -> int:
    from aigak.resolve import resolve_person_ref

    with store.read() as conn:
        return resolve_person_ref(conn, name)


def _export_text(store: Store, fmt: str, out: Path) -> str:
    export_store(store, fmt, out, redact=True)
    return "\n".join(p.read_bytes().decode("utf-8-sig") for p in sorted(out.rglob("*")) if p.is_file())


# --- item 2: addresses -------------------------------------------------------------------------

@pytest.mark.parametrize(("text", "expected"), [
    ("residing in Almaty at 45 Zhibek Zholy street, apartment 12.", "residing in Almaty at [contact]."),
    ("She moved to Abay avenue 150, flat 7 last year.", "She moved to [contact] last year."),
    ("They live at Zhibek Zholy 45-12 in Almaty.", "They live at [contact] in Almaty."),
    ("45 Zhibek Zholy street, apartment 12", "[contact]"),
    ("Write to him at 12 Tole Bi st., flat 3.", "Write to him at [contact]."),
    ("ул. Абая, д. 150, кв. 7", "[contact]"),
    ("живёт: проспект Абая 150", "живёт: [contact]"),
    ("проживает по адресу Абая 150, кв. 7.", "проживает по адресу [contact]."),
    ("his address: Abay 150/7", "his address: [contact]"),
    ("He stayed at Tole Bi street 45 until 2020.", "He stayed at [contact] until 2020."),
], ids=["lowercase-street-flat", "lowercase-avenue-flat", "house-flat-shorthand", "number-first",
        "st-abbreviation", "ru-street-house-flat", "ru-prospekt", "ru-street-name-only-with-flat",
        "cue-and-slash", "name-first-street"])
def test_addresses_are_hidden_however_the_street_is_written(text: str, expected: str) -> None:
    assert redact_text(text) == expected


@pytest.mark.parametrize("text", [
    "Police waited in the street outside the consulate.",
    "He walked down Abay avenue every morning.",
    "On March 12-14 he was questioned three times.",
    "Article 5-1 of the Code was applied.",
    "3 Kazakh street vendors were fined in 2019.",
    "He was held in Tekes County 3-4 months.",
    "She was held from 2017-2019 in a camp.",
    "Between 3-4 officers came at night.",
    "Decision No. 45 was annulled.",
], ids=["the-street", "street-without-number", "date-range", "article", "street-vendors", "duration",
        "year-range", "sentence-opener", "decision-number"])
def test_ordinary_words_about_streets_and_numbers_stay(text: str) -> None:
    assert redact_text(text) == text


RULING = ("Judgment of the Almaty district court\n\n"
          "On 14 June 2021 the court sentenced Bolat Zhaksylykov, born 1986, residing in Almaty at "
          "45 Kok Tobe street, apartment 12, to two years in prison for crossing the border.\n")


def _ruling(text: str) -> dict[str, Any]:
    sentence = text[text.index("On 14 June"):text.index("border.") + 7]
    return _extraction([_person("p1", text, "Bolat Zhaksylykov", birth_year=1986), _place("l1", text, "Almaty")],
                       events=[_event("e1", text, "criminal_proceeding", ["p1"], sentence, "2021-06-14", "l1")])


@pytest.mark.parametrize("fmt", ["json", "csv"])
def test_an_address_written_in_lowercase_never_reaches_a_redacted_export(store: Store, tmp_path: Path,
                                                                         fmt: str) -> None:
    seed_reviewed(store, [("ruling.txt", RULING, _ruling)])
    written = _export_text(store, fmt, tmp_path / "out")
    assert "Kok Tobe" not in written and "apartment 12" not in written
    assert "[contact]" in written and "Bolat Zhaksylykov" in written


def test_an_address_written_in_lowercase_never_reaches_the_dossier_or_the_public(sqlite_store: Store,
                                                                                tmp_path: Path) -> None:
    seed_reviewed(sqlite_store, [("ruling.txt", RULING, _ruling)])
    person = _person_id(sqlite_store, "Bolat Zhaksylykov")
    html = dossier_for_person(sqlite_store, str(person), tmp_path / "d.html", as_html=True,
                              redact=True).path.read_text(encoding="utf-8")
    with serving(sqlite_store, public=True) as srv, new_client(srv) as c:
        api, page = c.get(f"/api/people/{person}"), c.get(f"/people/{person}")
    assert api.status_code == 200 and page.status_code == 200
    for where, content in (("the dossier", html), ("the public JSON", api.text), ("the public page", page.text)):
        assert "Kok Tobe" not in content, f"the address leaked into {where}"
    assert "[contact]" in json.dumps(api.json()["case_file"]["legal_status"])


# --- item 4: a reviewer's mark reaches every place the fact appears ------------------------------

HIDING = ("He hid in the blue house behind the Zhetysu bazaar when police summoned him on 3 March 2022\n\n"
          "Nurbol Sarsenov, 33, fled to Kazakhstan in 2021. He hid in the blue house behind the Zhetysu "
          "bazaar when police summoned him on 3 March 2022.\n")


def _hiding(text: str) -> dict[str, Any]:
    body = text.index("Nurbol")
    quote = "He hid in the blue house behind the Zhetysu bazaar when police summoned him on 3 March 2022"
    summons = _event("e2", text, "summons", ["p1"], quote, "2022-03-03")
    summons["evidence"] = [[text.index(quote, body), text.index(quote, body) + len(quote)]]
    return _extraction([_person("p1", text, "Nurbol Sarsenov", age=33), _place("l1", text, "Kazakhstan")],
                       events=[_event("e1", text, "flight", ["p1"], "fled to Kazakhstan in 2021", "2021", "l1"),
                               summons])


def _mark_summons(store: Store) -> None:
    with store.read() as conn:
        summons = next(f for f in list_facts(conn, kind=FactKind.EVENT) if f.type == "summons")
    mark_sensitive(store, summons.id, actor="ana")


def test_a_marked_fact_is_withheld_from_the_legal_status_of_the_public_case_file(sqlite_store: Store) -> None:
    seed_reviewed(sqlite_store, [("hiding.txt", HIDING, _hiding)])
    _mark_summons(sqlite_store)
    person = _person_id(sqlite_store, "Nurbol Sarsenov")
    with serving(sqlite_store, public=True) as srv, new_client(srv) as c:
        api, page = c.get(f"/api/people/{person}"), c.get(f"/people/{person}")
    case = api.json()["case_file"]
    proceeding = next(p for p in case["legal_status"]["proceedings"] if p["type"] == "summons")
    assert proceeding["start"] == "2022-03-03", "the type and date of a marked event stay"
    assert {s["quote"] for s in proceeding["sources"]} == {"[withheld]"}
    for where, content in (("the public JSON", api.text), ("the public page", page.text)):
        # nor anywhere else: the document's title opens with the same sentence
        assert "Zhetysu" not in content, f"the marked fact's words leaked into {where}"
    assert "Nurbol Sarsenov" in api.text


def test_a_marked_fact_is_withheld_everywhere_in_the_redacted_dossier_and_export(sqlite_store: Store,
                                                                                tmp_path: Path) -> None:
    seed_reviewed(sqlite_store, [("hiding.txt", HIDING, _hiding)])
    _mark_summons(sqlite_store)
    html = dossier_for_person(sqlite_store, "Nurbol Sarsenov", tmp_path / "d.html", as_html=True,
                              redact=True).path.read_text(encoding="utf-8")
    exported = _export_text(sqlite_store, "json", tmp_path / "out")
    for where, content in (("the dossier", html), ("the export", exported)):
        assert "Zhetysu" not in content and "[withheld]" in content, where
    assert "Nurbol Sarsenov" in html and "Nurbol Sarsenov" in exported


def test_a_marked_quote_is_withheld_wherever_the_case_file_repeats_it() -> None:
    ref = {"document_id": 1, "sha256": "ab", "title": "Notes", "quote": "We will appeal from the flat on Kok Tobe",
           "span": [0, 40], "fact_id": 7, "sensitive": True}
    case = {"person": {"id": 1, "name": "Nurbol Sarsenov", "names": [{"name": "Nurbol Sarsenov"}]},
            "relatives": [], "timeline": [], "contradictions": [], "sources": [],
            "legal_status": {"appeals": [{"state": "announced", "quote": ref["quote"], "source": dict(ref)}],
                             "next_dates": [{"date": "2022-04-02", "what": "Deadline", "source": dict(ref)}]}}
    out = redact_case_file(case)
    legal = out["legal_status"]
    assert legal["appeals"][0]["quote"] == "[withheld]" and legal["appeals"][0]["source"]["quote"] == "[withheld]"
    assert legal["next_dates"][0]["source"]["quote"] == "[withheld]"
    assert legal["next_dates"][0]["date"] == "2022-04-02"
    assert "Kok Tobe" not in json.dumps(out)


def test_a_field_mark_withholds_that_field_of_the_event_only() -> None:
    item = {"fact_ids": [3], "type": "detention", "start": "2019", "place": "Kok Tobe", "original": None,
            "sources": [{"quote": "He was held in 2019.", "fact_id": 3}], "sensitive": ["place"]}
    case = {"person": {"id": 1, "name": "Nurbol Sarsenov", "names": [{"name": "Nurbol Sarsenov"}]},
            "relatives": [], "timeline": [item], "legal_status": {"proceedings": [dict(item)]},
            "contradictions": [], "sources": []}
    out = redact_case_file(case)
    for shown in (out["timeline"][0], out["legal_status"]["proceedings"][0]):
        assert shown["place"] == "[withheld]" and shown["sources"][0]["quote"] == "He was held in 2019."


# --- item 11: minors and relatives left behind are not served to the public --------------------

FAMILY = ("Testimony of Gulsara Omarova\n\n"
          "Gulsara Omarova, 41, and her son Timur Omarov, 15, fled to Kazakhstan on 3 May 2020. "
          "Her husband Serik Omarov is still held in Ghulja.\n")


def _family(text: str) -> dict[str, Any]:
    return _extraction(
        [_person("p1", text, "Gulsara Omarova", age=41), _person("p2", text, "Timur Omarov", age=15),
         _person("p3", text, "Serik Omarov"), _place("l1", text, "Kazakhstan"), _place("l2", text, "Ghulja")],
        relations=[_relation(text, "child", "p1", "p2", "her son Timur Omarov"),
                   _relation(text, "spouse", "p1", "p3", "Her husband Serik Omarov")],
        events=[_event("e1", text, "flight", ["p1", "p2"], "fled to Kazakhstan on 3 May 2020", "2020-05-03", "l1"),
                _event("e2", text, "detention", ["p3"], "Her husband Serik Omarov is still held in Ghulja", "2020",
                       "l2")])


def test_a_minors_case_file_answers_404_to_the_public_like_a_relative_left_behind(sqlite_store: Store) -> None:
    seed_reviewed(sqlite_store, [("family.txt", FAMILY, _family)])
    ids = {name: _person_id(sqlite_store, name) for name in ("Gulsara Omarova", "Timur Omarov", "Serik Omarov")}
    with serving(sqlite_store, public=True) as srv, new_client(srv) as c:
        for name in ("Timur Omarov", "Serik Omarov"):  # a boy who fled with her, a husband still held
            assert c.get(f"/api/people/{ids[name]}").status_code == 404, name
            assert c.get(f"/people/{ids[name]}").status_code == 404, name
        mother = c.get(f"/api/people/{ids['Gulsara Omarova']}")
        assert mother.status_code == 200 and c.get(f"/people/{ids['Gulsara Omarova']}").status_code == 200
    case = mother.json()["case_file"]
    son = next(r for r in case["relatives"] if r["relation"] == "child")
    assert son["name"] == "[minor, 15]" and son["person_id"] is None, "no link to the boy's own case file"
    assert "Timur" not in mother.text and "Serik" not in mother.text


def test_the_team_still_opens_the_minors_case_file(sqlite_store: Store) -> None:
    from test_web_support import add_users, login

    seed_reviewed(sqlite_store, [("family.txt", FAMILY, _family)])
    add_users(sqlite_store)
    with serving(sqlite_store) as srv, new_client(srv) as c:
        login(c, "viewer")
        response = c.get(f"/api/people/{_person_id(sqlite_store, 'Timur Omarov')}")
    assert response.status_code == 200


# --- item 14: the subject's own name stays readable ---------------------------------------------

NEWS = ("Another asylum seeker, Mehray Abdurehim, 29, crossed the border at Khorgos on 9 November 2021. "
        "Abdurehim was detained in a camp from 2017 to 2019. Her father Abdurehim Tohti is still held in "
        "prison in Kashgar.\n")
TESTIMONY = ("Witness statement\n\nMy name is Mihray Abdurehimova. I am 30 years old. I crossed the border near "
             "Khorgos on 9 November 2021. My father Abdurehim was sentenced to fifteen years in 2018.\n")


def _news(text: str) -> dict[str, Any]:
    mehray = _person("p1", text, "Mehray Abdurehim", age=29)
    mehray["mentions"] += [[text.index("Abdurehim was"), text.index("Abdurehim was") + len("Abdurehim")]]
    return _extraction(
        [mehray, _person("p2", text, "Abdurehim Tohti"), _place("l1", text, "Khorgos")],
        relations=[_relation(text, "parent", "p1", "p2", "Her father Abdurehim Tohti")],
        events=[_event("e1", text, "border_crossing", ["p1"], "Mehray Abdurehim, 29, crossed the border at Khorgos",
                       "2021-11-09", "l1"),
                _event("e2", text, "detention", ["p1"], "Abdurehim was detained in a camp from 2017 to 2019", "2017"),
                _event("e3", text, "detention", ["p2"], "Her father Abdurehim Tohti is still held in prison",
                       "2021")])


def _testimony(text: str) -> dict[str, Any]:
    # the father as an extractor may read him: by his given name alone
    return _extraction(
        [_person("p1", text, "Mihray Abdurehimova", age=30), _person("p2", text, "Abdurehim", "Abdurehim was"),
         _place("l1", text, "Khorgos")],
        relations=[_relation(text, "parent", "p1", "p2", "My father Abdurehim")],
        events=[_event("e1", text, "border_crossing", ["p1"], "I crossed the border near Khorgos on 9 November 2021",
                       "2021-11-09", "l1")])


def _abdurehim_family(store: Store) -> int:
    """Both sources, every fact confirmed, her two records one person and her father's two another."""
    from aigak.resolve.registry import merge_persons
    from aigak.store.persons import mentions_of_facts, root_of

    seed_reviewed(store, [("news.txt", NEWS, _news), ("testimony.txt", TESTIMONY, _testimony)])
    with store.transaction() as conn:
        people = {f.data.get("name"): f.id for f in list_facts(conn, kind=FactKind.ENTITY)}
        for a, b in (("Mehray Abdurehim", "Mihray Abdurehimova"), ("Abdurehim Tohti", "Abdurehim")):
            roots = [root_of(conn, m.person_id) for m in mentions_of_facts(conn, [people[a], people[b]])]
            if roots[0] != roots[1]:
                merge_persons(conn, roots[0], roots[1], actor="ana")
        return root_of(conn, mentions_of_facts(conn, [people["Mihray Abdurehimova"]])[0].person_id)


def test_her_name_stays_readable_where_her_hidden_father_goes_by_the_word_it_is_made_of(
        sqlite_store: Store, tmp_path: Path) -> None:
    person = _abdurehim_family(sqlite_store)
    html = dossier_for_person(sqlite_store, str(person), tmp_path / "d.html", as_html=True,
                              redact=True).path.read_text(encoding="utf-8")
    exported = _export_text(sqlite_store, "json", tmp_path / "out")
    with serving(sqlite_store, public=True) as srv, new_client(srv) as c:
        public = c.get(f"/api/people/{person}").text
    for where, content in (("the dossier", html), ("the export", exported), ("the public JSON", public)):
        assert "Mehray [relative]" not in content and "Mihray [relative]" not in content, where
        assert "Mehray Abdurehim" in content and "Mihray Abdurehimova" in content, where
        assert "Tohti" not in content and "[relative]" in content, f"her father's name leaked into {where}"
    # her own detention stays hers: it does not read as if her father had been detained
    for where, content in (("the dossier", html), ("the public JSON", public)):
        assert "Abdurehim was detained in a camp" in content, where


def test_a_relatives_one_word_name_stays_hidden_where_only_a_stranger_shares_it() -> None:
    case = {"person": {"id": 1, "name": "Aigerim Bekova", "names": [{"name": "Aigerim Bekova"}]},
            "relatives": [{"relation": "spouse", "name": "Nurlan", "in_country_of_persecution": True,
                           "sources": [{"quote": "My husband Nurlan was taken away."}]},
                          {"relation": "lawyer", "name": "Nurlan Sadykov", "in_country_of_persecution": False,
                           "sources": [{"quote": "my lawyer Nurlan Sadykov"}]}],
            "timeline": [], "legal_status": {}, "contradictions": [], "sources": []}
    spouse = redact_case_file(case, fold=fold_token)["relatives"][0]
    assert spouse["sources"][0]["quote"] == "My husband [relative] was taken away."


@pytest.mark.parametrize(("text", "expected"), [
    ("Mihray Abdurehimova testified.", "Mihray Abdurehimova testified."),
    ("Показания Михрай Абдурехимовой.", "Показания Михрай Абдурехимовой."),
    ("Her father Abdurehim Tohti is held.", "Her father [relative] is held."),
    ("Tohti was sentenced.", "[relative] was sentenced."),
], ids=["her-name", "her-name-russian-genitive", "his-full-name", "his-family-name"])
def test_her_name_in_any_case_stays_readable_and_her_fathers_full_name_does_not(text: str, expected: str) -> None:
    case = {"person": {"id": 1, "name": "Mihray Abdurehimova", "names": [{"name": "Mihray Abdurehimova"}]},
            "relatives": [{"relation": "parent", "name": "Abdurehim Tohti", "in_country_of_persecution": True,
                           "names": ["Abdurehim Tohti", "Abdurehim"], "sources": []}],
            "timeline": [{"type": "detention", "sources": [{"quote": text}]}],
            "legal_status": {}, "contradictions": [], "sources": []}
    assert redact_case_file(case, fold=fold_token)["timeline"][0]["sources"][0]["quote"] == expected


# --- item 15: what a redacted export carries ----------------------------------------------------

CAMP = ("Testimony of Saltanat Kaliyeva\n\n"
        "Saltanat Kaliyeva, 36, fled to Kazakhstan with her daughter Aruzhan Kaliyeva on 2 May 2020. "
        "Aruzhan is 9 years old. Her brother Marat Kaliyev is still held in Ghulja. "
        "They stayed on Kok Tobe for a week.\n")


def _camp(text: str) -> dict[str, Any]:
    return _extraction(
        [_person("p1", text, "Saltanat Kaliyeva", age=36), _person("p2", text, "Aruzhan Kaliyeva", age=9),
         _person("p3", text, "Marat Kaliyev"), _person("p4", text, "Kok Tobe"), _place("l1", text, "Kazakhstan")],
        relations=[_relation(text, "child", "p1", "p2", "her daughter Aruzhan Kaliyeva"),
                   _relation(text, "sibling", "p1", "p3", "Her brother Marat Kaliyev")],
        events=[_event("e1", text, "flight", ["p1", "p2"],
                       "Saltanat Kaliyeva, 36, fled to Kazakhstan with her daughter Aruzhan Kaliyeva on 2 May 2020",
                       "2020-05-02", "l1"),
                _event("e2", text, "detention", ["p3"], "Her brother Marat Kaliyev is still held in Ghulja", "2020")])


def _seed_camp(store: Store) -> None:
    """The subject and both events confirmed; her daughter, her brother and their kinship not yet
    reviewed; a street read as a person rejected."""
    document, _ = ingest_bytes(store, CAMP.encode(), "camp.txt", actor="test")
    with store.transaction() as conn:
        save_extraction(conn, document.id, _camp(document.text), text=document.text)
    resolve_people(store, document.id)
    with store.read() as conn:
        facts = list_facts(conn, document_id=document.id)
    for fact in facts:
        if fact.kind is FactKind.EVENT or fact.data.get("name") == "Saltanat Kaliyeva":
            review(store, fact.id, ReviewStatus.CONFIRMED, actor="ana")
        elif fact.data.get("name") == "Kok Tobe":
            review(store, fact.id, ReviewStatus.REJECTED, actor="ana")


def test_a_redacted_export_carries_reviewed_facts_and_still_hides_what_unreviewed_ones_say(
        store: Store, tmp_path: Path) -> None:
    _seed_camp(store)
    result = export_store(store, "json", tmp_path / "out", redact=True)
    data = json.loads((tmp_path / "out" / "aigak.json").read_text(encoding="utf-8"))
    assert {f["status"] for f in data["facts"]} == {"confirmed"}
    assert result.unreviewed_left_out == 5  # the daughter, the brother, both kinships and the place
    written = (tmp_path / "out" / "aigak.json").read_text(encoding="utf-8")
    assert "Kok Tobe" not in written, "a rejected reading is never in a redacted export"
    # the kinship nobody has confirmed yet still makes her a minor and him a relative left behind
    assert "Aruzhan" not in written and "Marat" not in written
    flight = next(f for f in data["facts"] if f["type"] == "flight")
    assert flight["quotes"] == ["Saltanat Kaliyeva, 36, fled to Kazakhstan with her daughter [minor, 9] on 2 May 2020"]
    manifest = json.loads((tmp_path / "out" / "manifest.json").read_text(encoding="utf-8"))
    assert manifest["query"]["status"] == ["confirmed", "edited"]


def test_asking_for_unreviewed_facts_in_a_redacted_export_still_leaves_rejected_ones_out(
        sqlite_store: Store, tmp_path: Path) -> None:
    from aigak.export.selection import ExportQuery

    _seed_camp(sqlite_store)
    query = ExportQuery(statuses=(ReviewStatus.CONFIRMED, ReviewStatus.PROPOSED))
    export_store(sqlite_store, "csv", tmp_path / "out", redact=True, query=query)
    people = (tmp_path / "out" / "people.csv").read_text(encoding="utf-8-sig")
    assert "[minor, 9]" in people and "[relative]" in people and "Kok Tobe" not in people


def test_the_unredacted_exports_keep_their_documented_statuses(sqlite_store: Store, tmp_path: Path) -> None:
    _seed_camp(sqlite_store)
    export_store(sqlite_store, "json", tmp_path / "json")
    statuses = {f["status"] for f in json.loads((tmp_path / "json" / "aigak.json").read_text(encoding="utf-8"))["facts"]}
    assert statuses == {"confirmed", "proposed", "rejected"}, "the full JSON is the whole record, rejections too"
    export_store(sqlite_store, "csv", tmp_path / "csv")
    people = (tmp_path / "csv" / "people.csv").read_text(encoding="utf-8-sig")
    assert "Aruzhan Kaliyeva" in people and "Kok Tobe" not in people


def test_the_cli_says_what_a_redacted_export_left_out_and_its_help_matches(run_cli: Any, sqlite_url: str,
                                                                           tmp_path: Path) -> None:
    from aigak.store.engine import open_store

    store = open_store(sqlite_url)
    _seed_camp(store)
    store.close()
    result = run_cli("export", "--redact", "-o", str(tmp_path / "out"))
    assert result.code == 0, result.stderr
    said = re.sub(r"\s+", " ", result.stdout)
    assert "5 facts not yet reviewed were left out" in said and "--status proposed" in said
    helped = re.sub(r"\s+", " ", run_cli("export", "--help").stdout)
    assert "with --redact confirmed and edited" in helped and "rejected ones too" in helped
