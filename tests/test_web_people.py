"""People pages: the list, case files (timeline, history, audited reads), suggestions, and the public view."""

from __future__ import annotations

import httpx
import lxml.html
import pytest
from test_web_support import (
    HOSTILE_NAME,
    assert_error,
    login,
    new_client,
    seed_hostile,
    seed_note_about,
    serving,
    snapshot,
)

from aigak.core.models import FactKind, ReviewStatus
from aigak.operations.review import review
from aigak.store.audit import audit_history
from aigak.store.engine import Store
from aigak.store.facts import list_facts
from aigak.web.server import BackgroundServer

pytest_plugins = ["test_web_support"]

pytest.importorskip("aigak.casefile", reason="the person registry is not part of this build")


def page(response: httpx.Response) -> lxml.html.HtmlElement:
    assert response.status_code == 200, response.text[:500]
    return lxml.html.fromstring(response.text)


def person_id(client: httpx.Client, name: str) -> int:
    people = client.get("/api/people", params={"q": name}).json()["people"]
    return int(next(p["id"] for p in people if p["name"] == name))


def events(store: Store, document_id: int, type_: str) -> list[int]:
    with store.read() as conn:
        return [f.id for f in list_facts(conn, document_id=document_id, kind=FactKind.EVENT) if f.type == type_]


def test_people_list_is_searchable(client: httpx.Client, demo_doc: int) -> None:
    login(client, "viewer")
    names = page(client.get("/people")).xpath('//table[@id="people-table"]//td[2]/a/text()')
    assert names[:2] == ["Kuralay Nurlanqyzy", "Yerzhan Nurlanuly"]
    found = page(client.get("/people", params={"q": "Yerzhan"})).xpath('//table[@id="people-table"]//td[2]/a/text()')
    assert found == ["Yerzhan Nurlanuly"]


def test_case_file_shows_the_confirmed_event_and_not_the_rejected_one(client: httpx.Client, web_store: Store,
                                                                      demo_doc: int) -> None:
    login(client, "editor")
    confirmed = events(web_store, demo_doc, "flight")[0]
    rejected = events(web_store, demo_doc, "torture")[0]
    review(web_store, confirmed, ReviewStatus.CONFIRMED, actor="test")
    review(web_store, rejected, ReviewStatus.REJECTED, actor="test")
    pid = person_id(client, "Kuralay Nurlanqyzy")
    doc = page(client.get(f"/people/{pid}"))
    assert doc.xpath("//h1/text()") == ["Kuralay Nurlanqyzy"]
    linked = {a.get("href") for a in doc.xpath('//table[@class="timeline-table"]//a')}
    assert f"/facts/{confirmed}" in linked and f"/facts/{rejected}" not in linked
    row = doc.xpath(f'//a[@href="/facts/{confirmed}"]/ancestor::tr')[0]
    assert "confirmed" in row.text_content() and "2019-08-09" in row.text_content()
    chart = doc.get_element_by_id("timeline-chart")
    entries = chart.xpath('.//*[local-name()="g"][contains(@class, "entry")]')
    assert len(entries) >= 10 and any("confirmed" in g.get("class") for g in entries)
    assert any("precision" in "".join(g.xpath('./*[local-name()="title"]/text()')) for g in entries)


def test_every_case_file_read_is_audited(client: httpx.Client, web_store: Store, demo_doc: int) -> None:
    login(client, "viewer")
    pid = person_id(client, "Kuralay Nurlanqyzy")
    client.get(f"/people/{pid}")
    assert client.get(f"/api/people/{pid}").json()["redacted"] is False
    with web_store.read() as conn:
        reads = [r for r in audit_history(conn, f"person:{pid}") if r.action == "read_casefile"]
    assert [(r.actor, r.after) for r in reads] == [("web:viewer", {"redacted": False})] * 2


def test_case_file_history_is_for_editors(client: httpx.Client, demo_doc: int) -> None:
    login(client, "editor")
    pid = person_id(client, "Kuralay Nurlanqyzy")
    client.get(f"/people/{pid}")
    doc = page(client.get(f"/people/{pid}"))
    assert "read casefile" in " ".join(doc.xpath('//table[@class="history"]//text()'))
    history = client.get(f"/api/people/{pid}/history").json()["history"]
    assert [h["action"] for h in history[:2]] == ["read_casefile", "read_casefile"]
    login(client, "viewer")
    assert not page(client.get(f"/people/{pid}")).xpath('//table[@class="history"]')
    assert_error(client.get(f"/api/people/{pid}/history"), 403)


def test_source_quotes_link_to_their_passage(client: httpx.Client, demo_doc: int) -> None:
    login(client, "viewer")
    pid = person_id(client, "Kuralay Nurlanqyzy")
    hrefs = page(client.get(f"/people/{pid}")).xpath('//div[@class="source-ref small"]//a/@href')
    assert hrefs and all(h.startswith(f"/sources/{demo_doc}?mark=") and h.endswith("#mark") for h in hrefs)


@pytest.mark.parametrize("accept", [True, False], ids=["merge", "keep-apart"])
def test_possible_same_person_can_be_accepted_or_refused(client: httpx.Client, web_store: Store, demo_doc: int,
                                                         accept: bool) -> None:
    seed_note_about(web_store, "K. Nurlanqyzy")
    token = login(client, "editor")
    pid = person_id(client, "Kuralay Nurlanqyzy")
    other = person_id(client, "K. Nurlanqyzy")
    suggestions = client.get(f"/api/people/{pid}/matches").json()["matches"]
    assert [m["person_id"] for m in suggestions] == [other] and suggestions[0]["reasons"]
    doc = page(client.get(f"/people/{pid}"))
    assert doc.xpath('//section[@id="matches"]//input[@name="other_id"]/@value') == [str(other)] * 2
    action = "merge" if accept else "keep-apart"
    response = client.post(f"/people/{pid}/{action}", data={"other_id": str(other), "csrf_token": token})
    assert response.status_code == 303 and response.headers["location"] == f"/people/{pid}"
    assert client.get(f"/api/people/{pid}/matches").json()["matches"] == []
    with web_store.read() as conn:
        actions = [r.action for r in audit_history(conn) if r.actor == "web:editor"]
    assert ("merge" if accept else "keep_apart") in actions
    names = {n["name"] for n in client.get(f"/api/people/{pid}").json()["case_file"]["person"]["names"]}
    assert ("K. Nurlanqyzy" in names) is accept


def test_merge_api_returns_the_merged_case_file(client: httpx.Client, web_store: Store, demo_doc: int) -> None:
    seed_note_about(web_store, "Nurlanqyzy")
    token = login(client, "editor")
    pid, other = person_id(client, "Kuralay Nurlanqyzy"), person_id(client, "Nurlanqyzy")
    merged = client.post(f"/api/people/{pid}/merge", json={"other_id": other}, headers={"X-CSRF-Token": token})
    assert merged.status_code == 200 and merged.json()["case_file"]["person"]["id"] == pid
    apart = client.post(f"/api/people/{pid}/keep-apart", json={"other_id": other}, headers={"X-CSRF-Token": token})
    assert apart.status_code == 200 and apart.json()["matches"] == []
    assert_error(client.post(f"/api/people/{pid}/merge", json={"other_id": pid}, headers={"X-CSRF-Token": token}), 422)
    assert_error(client.post(f"/api/people/{pid}/merge", json={"other_id": 999999},
                             headers={"X-CSRF-Token": token}), 404)


def test_people_errors(client: httpx.Client, demo_doc: int) -> None:
    login(client, "viewer")
    assert_error(client.get("/api/people/999999"), 404)
    assert client.get("/people/999999").status_code == 404
    assert_error(client.get("/api/people?limit=0"), 422)
    assert_error(client.get("/api/people/1/matches"), 403)


def test_hostile_names_and_queries_render_as_text_on_people_pages(client: httpx.Client, web_store: Store,
                                                                   demo_doc: int) -> None:
    seed_hostile(web_store)
    login(client, "viewer")
    listing = client.get("/people").text
    assert "<img src=x" not in listing and "&lt;img src=x onerror" in listing
    pid = person_id(client, HOSTILE_NAME)
    assert "<img src=x" not in client.get(f"/people/{pid}").text
    before = snapshot(web_store)
    for q in ("<script>alert(1)</script>", "x' OR 1=1; DROP TABLE persons; --", "%_\\"):
        response = client.get("/people", params={"q": q})
        assert response.status_code == 200 and "<script>alert" not in response.text
    assert snapshot(web_store)["facts"] == before["facts"]


# --- the public view -------------------------------------------------------------------------

def test_public_visitors_see_only_published_people_redacted(web_store: Store, demo_doc: int) -> None:
    with web_store.read() as conn:
        entities = {f.data.get("name"): f.id for f in list_facts(conn, document_id=demo_doc, kind=FactKind.ENTITY)}
    with serving(web_store, public=True) as srv, new_client(srv) as c:
        assert c.get("/api/people").json()["people"] == [], "nothing is published before review"
        assert_error(c.get("/api/people/1"), 404)
        review(web_store, entities["Kuralay Nurlanqyzy"], ReviewStatus.CONFIRMED, actor="test")
        flight = events(web_store, demo_doc, "flight")[0]
        review(web_store, flight, ReviewStatus.CONFIRMED, actor="test")
        people = c.get("/api/people").json()["people"]
        assert [p["name"] for p in people] == ["Kuralay Nurlanqyzy"], "the brother, unreviewed, stays hidden"
        case = c.get(f"/api/people/{people[0]['id']}").json()
        assert case["redacted"] is True and case["case_file"]["redaction"]["applied"] is True
        assert [t["fact_ids"] for t in case["case_file"]["timeline"]] == [[flight]], "reviewed events only"
        relatives = {r["relation"]: r for r in case["case_file"]["relatives"]}
        assert relatives["sibling"]["name"] == "[relative]" and relatives["sibling"]["person_id"] is None
        html = c.get(f"/people/{people[0]['id']}")
        assert html.status_code == 200 and "Yerzhan Nurlanuly" not in html.text and "redacted public view" in html.text
        assert not lxml.html.fromstring(html.text).xpath('//a[starts-with(@href, "/sources/")]')
        assert c.get("/people/2").status_code == 404
    with web_store.read() as conn:
        reads = [r for r in audit_history(conn, f"person:{people[0]['id']}") if r.action == "read_casefile"]
    assert reads and all(r.actor == "web:anonymous" and r.after == {"redacted": True} for r in reads)


def test_public_case_file_never_shows_a_hidden_relatives_first_name(web_store: Store, demo_doc: int) -> None:
    with web_store.read() as conn:
        entities = {f.data.get("name"): f.id for f in list_facts(conn, document_id=demo_doc, kind=FactKind.ENTITY)}
    review(web_store, entities["Kuralay Nurlanqyzy"], ReviewStatus.CONFIRMED, actor="test")
    with serving(web_store, public=True) as srv, new_client(srv) as c:
        pid = c.get("/api/people").json()["people"][0]["id"]
        assert "Yerzhan" not in c.get(f"/people/{pid}").text


def test_concurrent_case_file_reads_all_succeed_and_keep_the_audit_chain(server: BackgroundServer,
                                                                        web_store: Store, demo_doc: int) -> None:
    from concurrent.futures import ThreadPoolExecutor

    from aigak.store.audit import verify_audit_chain

    clients = [new_client(server) for _ in range(6)]
    for c in clients:
        login(c, "viewer")
    pid = person_id(clients[0], "Kuralay Nurlanqyzy")

    def read(c: httpx.Client) -> list[int]:
        return [c.get(f"/api/people/{pid}").status_code for _ in range(8)]

    with ThreadPoolExecutor(len(clients)) as pool:
        statuses = [s for batch in pool.map(read, clients) for s in batch]
    for c in clients:
        c.close()
    assert statuses == [200] * 48
    with web_store.read() as conn:
        assert verify_audit_chain(conn) == []
        assert len([r for r in audit_history(conn, f"person:{pid}") if r.action == "read_casefile"]) == 48
