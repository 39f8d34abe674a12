"""The public role's people: a minor is never listed or found by name, and a hidden relative's own
home place is hidden wherever the relative is (the third user review, items 1 and 2)."""

from __future__ import annotations

import json
import re
from typing import Any

import pytest
from test_web_support import new_client, seed_reviewed, serving

from aigak.store.engine import Store

pytest.importorskip("aigak.casefile", reason="the person registry is not part of this build")

NEWS = ("ALMATY, 12 February 2023 - Dauren Serikov, 44, an ethnic Kazakh herder from Nilka county, was detained "
        "by police in Ghulja on 3 January 2023, his sister Gulnar Serikova told reporters in Almaty.\n")
TESTIMONY = ("Testimony. Gulnar Serikova, 38, fled to Kazakhstan in 2019 and applied for asylum in Almaty on "
             "2 September 2019. Her son Arman Daurenuly, 15, lives with her in Almaty.\n")


def _spans(text: str, needle: str) -> list[list[int]]:
    return [[m.start(), m.end()] for m in re.finditer(re.escape(needle), text)][:1]


def _entity(local: str, text: str, kind: str, name: str, surface: str | None = None, **attributes: Any) -> dict[str, Any]:
    return {"id": local, "kind": kind, "name": name, "aliases": [], "attributes": attributes,
            "mentions": _spans(text, surface or name)}


def _event(local: str, text: str, kind: str, subject: str, quote: str, place: str, start: str) -> dict[str, Any]:
    return {"id": local, "type": kind, "subjects": [subject], "agents": [], "place": place, "start": start,
            "end": None, "evidence": _spans(text, quote), "confidence": 0.8}


def _news(text: str) -> dict[str, Any]:
    sentence = text[text.index("ALMATY"):text.index("Almaty.") + 7]
    return {"entities": [_entity("p1", text, "person", "Dauren Serikov", age=44, home_place="l1"),
                         _entity("p2", text, "person", "Gulnar Serikova"),
                         _entity("l1", text, "place", "Nilka County", "Nilka county"),
                         _entity("l2", text, "place", "Ghulja"), _entity("l3", text, "place", "Almaty")],
            # the whole sentence is the evidence of the kinship: its quote names where he is from
            "relations": [{"type": "sibling", "from": "p2", "to": "p1", "evidence": _spans(text, sentence)}],
            "events": [_event("e1", text, "detention", "p1", "was detained by police in Ghulja", "l2", "2023-01-03")],
            "amounts": [], "backend": {"name": "fixture.v1"}}


def _testimony(text: str) -> dict[str, Any]:
    return {"entities": [_entity("p1", text, "person", "Gulnar Serikova", age=38),
                         _entity("p2", text, "person", "Arman Daurenuly", age=15),
                         _entity("l1", text, "place", "Kazakhstan"), _entity("l2", text, "place", "Almaty")],
            "relations": [{"type": "child", "from": "p1", "to": "p2", "evidence": _spans(text, "Her son Arman Daurenuly")}],
            "events": [_event("e1", text, "flight", "p1", "fled to Kazakhstan in 2019", "l1", "2019"),
                       _event("e2", text, "asylum_application", "p1", "applied for asylum in Almaty", "l2",
                              "2019-09-02")],
            "amounts": [], "backend": {"name": "fixture.v1"}}


def _seed(store: Store) -> None:
    """Both fictional sources, extracted, resolved and every fact confirmed (so everyone named is reviewed)."""
    seed_reviewed(store, (("news.txt", NEWS, _news), ("testimony.txt", TESTIMONY, _testimony)))


@pytest.mark.parametrize("query", [None, "Arman", "Arman Daurenuly", "Daurenuly"], ids=["list", "given", "full", "family"])
def test_public_role_never_lists_or_finds_a_minor_by_name(sqlite_store: Store, query: str | None) -> None:
    _seed(sqlite_store)
    with serving(sqlite_store, public=True) as srv, new_client(srv) as c:
        params = {"q": query} if query else {}
        listed = [p["name"] for p in c.get("/api/people", params=params).json()["people"]]
        assert "Arman Daurenuly" not in listed
        page = c.get("/people", params=params)
        assert page.status_code == 200
        assert "Arman" not in page.text.split('id="people-table"', 1)[-1], "the query echoed in the box aside"
        if query is None:
            assert "Gulnar Serikova" in listed, "an adult who fled stays public"


def test_team_still_lists_and_finds_the_minor(sqlite_store: Store) -> None:
    from test_web_support import add_users, login

    _seed(sqlite_store)
    add_users(sqlite_store)
    with serving(sqlite_store) as srv, new_client(srv) as c:
        login(c, "viewer")
        assert "Arman Daurenuly" in [p["name"] for p in c.get("/api/people", params={"q": "Arman"}).json()["people"]]


def test_public_case_file_hides_a_hidden_relatives_own_home_place(sqlite_store: Store) -> None:
    _seed(sqlite_store)
    with serving(sqlite_store, public=True) as srv, new_client(srv) as c:
        people = {p["name"]: p["id"] for p in c.get("/api/people").json()["people"]}
        case = c.get(f"/api/people/{people['Gulnar Serikova']}").json()["case_file"]
    text = json.dumps(case, ensure_ascii=False)
    assert "herder from [home place]" in text, "the quote is there, its home place hidden"
    for value in ("Dauren Serikov", "Nilka", "Arman Daurenuly"):
        assert value not in text, f"{value!r} in the public case file"


def test_redacted_dossier_hides_a_hidden_relatives_own_home_place(sqlite_store: Store, tmp_path: Any) -> None:
    from aigak.export.casefiles import dossier_for_person

    _seed(sqlite_store)
    html = dossier_for_person(sqlite_store, "Gulnar Serikova", tmp_path / "d.html", as_html=True,
                              redact=True).path.read_text(encoding="utf-8")
    assert "Gulnar Serikova" in html
    assert "Nilka" not in html and "Dauren Serikov" not in html
