"""Relatives left behind are hidden the same way everywhere (public role, redacted exports, dossiers),
and a home place is hidden as each source writes it, not only as the gazetteer names it."""

from __future__ import annotations

import json
import re
from pathlib import Path
from typing import Any

import pytest
from test_web_support import new_client, seed_reviewed, serving

from aigak.export.run import export_store
from aigak.security.redaction import Redactor, country_moves, has_left_country, hidden_entities
from aigak.store.engine import Store

pytest.importorskip("aigak.casefile", reason="the person registry is not part of this build")

REPORT = (
    "Urgent cases from the fictional monitoring group.\n"
    "Case 1: Talgat Esenov, 52, a farmer from Mongolkure county, was held in a camp in Mongolkure until "
    "August 2019. He crossed into Kazakhstan on 2 February 2023. His son Arman Talgatuly, 24, is still "
    "detained in Xinjiang.\n"
    "Case 2: Saule Abdrakhmanova, 38, a teacher, was arrested in Altay on 12 June 2018. Her husband, "
    "Bolat Omarbekov, 40, a citizen of Kazakhstan, campaigns for her release.\n"
)
NEWS = (
    "ALMATY, 16 May 2023 - Yerlan Tleuberdiev, 41, who returned to Xinjiang to care for his sick father, "
    "has been sentenced to 12 years in prison, his daughter Dana Yerlankyzy, 19, said. "
    "Tleuberdiev was detained in Urumqi on 3 January 2023.\n"
)


def _spans(text: str, needle: str) -> list[list[int]]:
    return [[m.start(), m.end()] for m in re.finditer(re.escape(needle), text)]


def _person(local: str, text: str, name: str, **attributes: Any) -> dict[str, Any]:
    return {"id": local, "kind": "person", "name": name, "aliases": [], "attributes": attributes,
            "mentions": _spans(text, name)[:1]}


def _place(local: str, text: str, name: str, *surfaces: str, aliases: tuple[str, ...] = ()) -> dict[str, Any]:
    mentions = sorted(s for surface in surfaces or (name,) for s in _spans(text, surface))
    return {"id": local, "kind": "place", "name": name, "aliases": list(aliases), "mentions": mentions}


def _event(local: str, text: str, kind: str, subject: str, quote: str, *, place: str | None = None,
           start: str | None = None) -> dict[str, Any]:
    return {"id": local, "type": kind, "subjects": [subject], "agents": [], "place": place, "start": start,
            "end": None, "evidence": _spans(text, quote)[:1], "confidence": 0.8}


def _report(text: str) -> dict[str, Any]:
    return {
        "entities": [
            _person("p1", text, "Talgat Esenov", age=52, home_place="Zhaosu County"),
            _person("p2", text, "Arman Talgatuly", age=24),
            _person("p3", text, "Saule Abdrakhmanova", age=38),
            _person("p4", text, "Bolat Omarbekov", age=40, citizenship="Kazakhstan"),
            # the gazetteer's name for the county the source calls Mongolkure
            _place("l1", text, "Zhaosu County", "Mongolkure county", "Mongolkure",
                   aliases=("Mongolkure county", "Zhaosu")),
            _place("l2", text, "Kazakhstan"), _place("l3", text, "Xinjiang"), _place("l4", text, "Altay"),
        ],
        "relations": [
            {"type": "child", "from": "p1", "to": "p2", "evidence": _spans(text, "His son Arman Talgatuly")},
            {"type": "spouse", "from": "p3", "to": "p4", "evidence": _spans(text, "Her husband, Bolat Omarbekov")},
        ],
        "events": [
            _event("e1", text, "detention", "p1", "was held in a camp in Mongolkure", place="l1", start="2019-08"),
            _event("e2", text, "border_crossing", "p1", "He crossed into Kazakhstan", place="l2", start="2023-02-02"),
            _event("e3", text, "detention", "p2", "is still detained in Xinjiang", place="l3"),
            _event("e4", text, "arrest", "p3", "was arrested in Altay", place="l4", start="2018-06-12"),
        ],
        "amounts": [], "backend": {"name": "fixture.v1"},
    }


def _news(text: str) -> dict[str, Any]:
    return {
        "entities": [
            _person("p1", text, "Yerlan Tleuberdiev", age=41),
            _person("p2", text, "Dana Yerlankyzy", age=19),
            _place("l1", text, "Xinjiang"), _place("l2", text, "Urumqi"),
        ],
        "relations": [{"type": "child", "from": "p1", "to": "p2", "evidence": _spans(text, "his daughter Dana")}],
        "events": [
            _event("e1", text, "arrival", "p1", "who returned to Xinjiang", place="l1"),
            _event("e2", text, "detention", "p1", "was detained in Urumqi", place="l2", start="2023-01-03"),
        ],
        "amounts": [], "backend": {"name": "fixture.v1"},
    }


def _seed(store: Store) -> None:
    """The two fictional sources, extracted, resolved and every fact confirmed by a reviewer."""
    seed_reviewed(store, (("report.txt", REPORT, _report), ("news.txt", NEWS, _news)))


LEFT_BEHIND = ("Arman Talgatuly", "Saule Abdrakhmanova", "Yerlan Tleuberdiev")
"""A detained son (the `to` end of a relation), a detained wife (its `from` end) and an imprisoned
father who went back to Xinjiang (an arrival there is not a departure)."""


def test_kinship_hides_both_ends_and_a_return_to_xinjiang_is_not_leaving() -> None:
    news = _news(NEWS)
    assert country_moves(news)["p1"] == [(None, False)]
    assert hidden_entities(news) == {"p1": "[relative]", "p2": "[relative]"}
    report = _report(REPORT)
    assert set(hidden_entities(report)) == {"p2", "p3", "p4"}, "the father who crossed into Kazakhstan stays named"
    assert not has_left_country([("2021-11", True), ("2022", False)]), "deported back in 2022"
    assert has_left_country([(None, True)]) and not has_left_country([(None, True), (None, False)])


def test_public_role_publishes_no_relative_left_behind(sqlite_store: Store) -> None:
    _seed(sqlite_store)
    with serving(sqlite_store, public=True) as srv, new_client(srv) as c:
        people = {p["name"]: p["id"] for p in c.get("/api/people").json()["people"]}
        assert "Talgat Esenov" in people
        for name in LEFT_BEHIND:
            assert name not in people, f"{name} is a relative left behind"
        case = c.get(f"/api/people/{people['Talgat Esenov']}").json()["case_file"]
        text = json.dumps(case, ensure_ascii=False)
        for value in (*LEFT_BEHIND, "Mongolkure", "Zhaosu"):
            assert value not in text, f"{value!r} in the public case file"
        assert case["person"]["home_place"] == "[home place]"


@pytest.mark.parametrize("fmt", ["json", "csv"])
def test_redacted_export_hides_every_relative_left_behind_and_the_home_place_as_written(
        sqlite_store: Store, tmp_path: Path, fmt: str) -> None:
    _seed(sqlite_store)
    export_store(sqlite_store, fmt, tmp_path / "out", redact=True)
    written = "".join(p.read_text(encoding="utf-8-sig") for p in (tmp_path / "out").rglob("*") if p.is_file())
    for value in (*LEFT_BEHIND, "Dana Yerlankyzy", "Mongolkure", "Zhaosu"):
        assert value not in written, f"{value!r} leaked into the {fmt} export"
    assert "Talgat Esenov" in written


def test_redacted_dossier_hides_the_home_place_as_the_source_writes_it(sqlite_store: Store, tmp_path: Path) -> None:
    from aigak.export.casefiles import dossier_for_person

    _seed(sqlite_store)
    html = dossier_for_person(sqlite_store, "Talgat Esenov", tmp_path / "d.html", as_html=True,
                              redact=True).path.read_text(encoding="utf-8")
    assert "Talgat Esenov" in html
    for value in ("Mongolkure", "Zhaosu", "Arman Talgatuly"):
        assert value not in html


def test_a_home_place_named_by_its_alias_is_hidden_in_every_form() -> None:
    text = "Aigul Serikova, born in Tekes county, was detained in a camp in Tekes."
    red = Redactor()
    red.learn_extraction({"entities": [
        _person("p1", text, "Aigul Serikova", birthplace="Tekes county"),
        _place("l1", text, "Tekes County", "Tekes county", "Tekes"),
    ]}, {}, text=text)
    assert red.text(text) == "Aigul Serikova, born in [home place], was detained in a camp in [home place]."
