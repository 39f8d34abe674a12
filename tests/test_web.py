"""The web pages: login, sources and the reader, review, facts, search, statistics, errors, logs."""

from __future__ import annotations

import logging
import re
from urllib.parse import parse_qs, urlparse

import httpx
import lxml.html
import pytest
from test_web_support import HOSTILE_NAME, PASSWORD, assert_error, demo_text, login, new_client, seed_hostile

from aigak.core.models import FactKind, ReviewStatus
from aigak.store.audit import audit_history
from aigak.store.engine import Store
from aigak.store.facts import get_fact, list_facts

pytest_plugins = ["test_web_support"]


def page(response: httpx.Response) -> lxml.html.HtmlElement:
    assert response.status_code == 200, response.text[:500]
    assert response.headers["content-type"].startswith("text/html")
    return lxml.html.fromstring(response.text)


def form_token(client: httpx.Client, path: str = "/login") -> str:
    doc = lxml.html.fromstring(client.get(path).text)
    return str(doc.xpath('//meta[@name="csrf-token"]/@content')[0])


def first_event(store: Store, document_id: int, type_: str | None = None) -> int:
    with store.read() as conn:
        events = list_facts(conn, document_id=document_id, kind=FactKind.EVENT)
    return next(f.id for f in events if type_ is None or f.type == type_)


# --- signing in ------------------------------------------------------------------------------

@pytest.mark.parametrize("path", ["/", "/sources", "/sources/1", "/review", "/people", "/search?q=x", "/stats",
                                  "/admin/users", "/facts/1"], ids=lambda p: p)
def test_every_page_sends_anonymous_visitors_to_login(client: httpx.Client, path: str) -> None:
    response = client.get(path)
    assert response.status_code == 303
    target = urlparse(response.headers["location"])
    assert target.path == "/login"
    assert parse_qs(target.query)["next"] == [path]


def test_login_form_signs_in_and_goes_to_the_page_asked_for(client: httpx.Client) -> None:
    token = form_token(client)
    response = client.post("/login", data={"username": "viewer", "password": PASSWORD, "next": "/stats",
                                           "csrf_token": token})
    assert response.status_code == 303 and response.headers["location"] == "/stats"
    assert page(client.get("/stats")).xpath('//span[@class="role"]/text()') == ["viewer"]


@pytest.mark.parametrize("next_", ["//evil.example/x", "https://evil.example/", "/\\evil.example"],
                         ids=["protocol-relative", "absolute", "backslash"])
def test_login_never_redirects_off_site(client: httpx.Client, next_: str) -> None:
    token = form_token(client)
    response = client.post("/login", data={"username": "viewer", "password": PASSWORD, "next": next_,
                                           "csrf_token": token})
    assert response.headers["location"] == "/"


def test_wrong_password_shows_the_form_again_with_a_message(client: httpx.Client) -> None:
    token = form_token(client)
    response = client.post("/login", data={"username": "viewer", "password": "wrong password!",
                                           "csrf_token": token})
    assert response.status_code == 401
    assert "Wrong username or password" in response.text
    assert client.get("/sources").status_code == 303


def test_repeated_failures_are_throttled_with_429(client: httpx.Client) -> None:
    token = form_token(client)
    for _ in range(5):
        client.post("/login", data={"username": "editor", "password": "not the password", "csrf_token": token})
    response = client.post("/login", data={"username": "editor", "password": PASSWORD, "csrf_token": token})
    assert response.status_code == 429
    assert "Too many failed logins" in response.text


def test_sign_out_ends_the_session(client: httpx.Client) -> None:
    login(client, "viewer")
    token = form_token(client, "/sources")
    assert client.post("/logout", data={"csrf_token": token}).status_code == 303
    assert client.get("/sources").status_code == 303


# --- sources and the reader ------------------------------------------------------------------

def test_reader_highlights_every_located_fact_by_kind(client: httpx.Client, web_store: Store, demo_doc: int) -> None:
    login(client, "viewer")
    doc = page(client.get(f"/sources/{demo_doc}"))
    text = doc.get_element_by_id("doc-text")
    assert text.text_content() == demo_text(), "the reader shows the text exactly, every character"
    with web_store.read() as conn:
        facts = list_facts(conn, document_id=demo_doc)
    highlighted = {int(i) for el in text.xpath('.//span[contains(@class, "hl")]') for i in el.get("data-facts").split()}
    assert highlighted == {f.id for f in facts if f.evidence}
    classes = {c for el in text.xpath('.//span[contains(@class, "hl")]') for c in el.get("class").split()}
    assert {"event", "person", "place", "relation", "amount"} <= classes
    anchors = {el.get("id") for el in text.xpath('.//span[@class="anchor"]')}
    assert anchors == {f"f{f.id}" for f in facts if f.evidence}, "every record can scroll to its evidence"
    cards = doc.xpath('//article[contains(@class, "fact-card")]')
    assert len(cards) == len(facts)
    assert all(c.xpath('.//a[text()="Record"]/@href')[0] == f"/facts/{c.get('data-fact')}" for c in cards)


def test_rejected_fact_is_no_longer_highlighted(client: httpx.Client, web_store: Store, demo_doc: int) -> None:
    login(client, "viewer")
    event = first_event(web_store, demo_doc, "torture")
    from aigak.operations.review import review

    review(web_store, event, ReviewStatus.REJECTED, actor="test")
    text = page(client.get(f"/sources/{demo_doc}")).get_element_by_id("doc-text")
    ids = {i for el in text.xpath('.//span[contains(@class, "hl")]') for i in el.get("data-facts").split()}
    assert str(event) not in ids


def test_reader_marks_a_passage_a_case_file_links_to(client: httpx.Client, demo_doc: int) -> None:
    login(client, "viewer")
    start = demo_text().index("I was released")
    doc = page(client.get(f"/sources/{demo_doc}?mark={start}-{start + 14}"))
    marked = doc.xpath('//*[contains(concat(" ", @class, " "), " target ")]')
    assert "".join(el.text_content() for el in marked) == "I was released"
    assert doc.xpath('//span[@id="mark"]')


def test_sources_list_filters_by_review_state(client: httpx.Client, web_store: Store, demo_doc: int) -> None:
    login(client, "viewer")
    from aigak.operations.review import review

    hostile = seed_hostile(web_store)
    with web_store.read() as conn:
        ids = [f.id for f in list_facts(conn, document_id=hostile)]
    for fact_id in ids:
        review(web_store, fact_id, ReviewStatus.CONFIRMED, actor="test")
    pending = page(client.get("/sources?review=pending")).xpath('//table[@id="sources-table"]//td[1]/text()')
    reviewed = page(client.get("/sources?review=reviewed")).xpath('//table[@id="sources-table"]//td[1]/text()')
    assert pending == [str(demo_doc)] and reviewed == [str(hostile)]
    by_name = page(client.get("/sources?q=TESTIMONY")).xpath('//table[@id="sources-table"]//td[1]/text()')
    assert by_name == [str(demo_doc)]


# --- review ----------------------------------------------------------------------------------

def test_review_queue_confirms_then_moves_to_the_next_fact(client: httpx.Client, web_store: Store,
                                                           demo_doc: int) -> None:
    login(client, "editor")
    doc = page(client.get("/review?kind=event"))
    fact_id = int(doc.get_element_by_id("review-card").get("data-fact"))
    token = doc.xpath('//meta[@name="csrf-token"]/@content')[0]
    response = client.post(f"/review/{fact_id}", data={"decision": "confirm", "kind": "event", "csrf_token": token})
    assert response.status_code == 303 and response.headers["location"] == "/review?kind=event"
    with web_store.read() as conn:
        fact = get_fact(conn, fact_id)
        history = audit_history(conn, f"fact:{fact_id}")
    assert fact.status is ReviewStatus.CONFIRMED and fact.reviewed_by == "web:editor"
    assert [(h.action, h.after["status"]) for h in history] == [("review", "confirmed")]
    nxt = page(client.get("/review?kind=event")).get_element_by_id("review-card").get("data-fact")
    assert int(nxt) != fact_id


def test_correcting_an_event_keeps_the_original_and_records_the_change(client: httpx.Client, web_store: Store,
                                                                        demo_doc: int) -> None:
    login(client, "editor")
    fact_id = first_event(web_store, demo_doc, "release")
    with web_store.read() as conn:
        entities = {f.data.get("name"): f.local_id for f in list_facts(conn, document_id=demo_doc, kind=FactKind.ENTITY)}
    token = form_token(client, f"/facts/{fact_id}")
    response = client.post(f"/review/{fact_id}", data={
        "decision": "correct", "type": "release", "start": "2019-03-15", "end": "", "back": "fact",
        "subjects": [entities["Kuralay Nurlanqyzy"]], "place": entities["Mongolküre county"], "csrf_token": token})
    assert response.status_code == 303 and response.headers["location"] == f"/facts/{fact_id}"
    with web_store.read() as conn:
        fact = get_fact(conn, fact_id)
    assert fact.status is ReviewStatus.EDITED
    assert fact.data["start"] == "2019-03-15" and fact.data["place"] == entities["Mongolküre county"]
    assert fact.original is not None and fact.original["start"] == "2019-03"
    doc = page(client.get(f"/facts/{fact_id}"))
    history = " ".join(doc.xpath('//table[@class="history"]//text()'))
    assert "web:editor" in history and "2019-03 → 2019-03-15" in " ".join(history.split())


@pytest.mark.parametrize(("field", "value", "message"), [
    ("start", "March 2019", "not an ISO date"),
    ("type", "picnic", "Unknown event type"),
    ("place", "p1", "must be a place named in this document"),
    ("subjects", "l1", "Subjects must be people"),
], ids=["date", "type", "place-is-a-person", "subject-is-a-place"])
def test_a_bad_correction_is_refused_with_a_message_and_changes_nothing(
        client: httpx.Client, web_store: Store, demo_doc: int, field: str, value: str, message: str) -> None:
    login(client, "editor")
    fact_id = first_event(web_store, demo_doc, "release")
    token = form_token(client, f"/facts/{fact_id}")
    response = client.post(f"/review/{fact_id}", data={"decision": "correct", field: value, "csrf_token": token,
                                                       "back": "fact"})
    assert response.status_code == 422
    # The form comes back with the message beside the field, not an error page.
    doc = lxml.html.fromstring(response.text)
    assert message in doc.xpath(f'//p[@id="err-{field}"]/text()')[0]
    with web_store.read() as conn:
        assert get_fact(conn, fact_id).status is ReviewStatus.PROPOSED


def test_fact_history_is_shown_to_editors_and_not_to_viewers(client: httpx.Client, web_store: Store,
                                                             demo_doc: int) -> None:
    fact_id = first_event(web_store, demo_doc)
    login(client, "viewer")
    doc = page(client.get(f"/facts/{fact_id}"))
    assert not doc.xpath('//table[@class="history"]') and not doc.xpath('//form[@id="confirm-form"]')
    login(client, "editor")
    doc = page(client.get(f"/facts/{fact_id}"))
    assert doc.xpath('//form[@id="confirm-form"]') and "History" in doc.text_content()


# --- search and statistics -------------------------------------------------------------------

def _fact_links(doc: lxml.html.HtmlElement) -> list[int]:
    return [int(h.rsplit("/", 1)[1]) for h in doc.xpath('//div[contains(@class, "fact-hit")]/a[1]/@href')]


@pytest.mark.parametrize(("query", "types"), [
    ("place=Almaty", {"arrival", "asylum_application", "restriction"}),
    ("place=khorg", {"border_crossing"}),
    ("type=detention", {"detention"}),
    ("date_from=2019-08&date_to=2019-08", {"flight", "border_crossing", "arrival"}),
    ("date_from=2020", {"criminal_proceeding"}),
    ("type=detention&date_to=2017", {"detention"}),
    ("year=2018", {"detention"}),
    ("ethnicity=kazakh&type=detention", {"detention"}),
    ("q=brother&type=detention", {"detention"}),
], ids=["place", "place-prefix-any-case", "type", "month-range", "open-range", "type-and-date", "began-in",
        "ethnicity", "words-and-type"])
def test_search_filters_find_the_events_behind_them(client: httpx.Client, web_store: Store, demo_doc: int,
                                                    query: str, types: set[str]) -> None:
    login(client, "viewer")
    found = _fact_links(page(client.get(f"/search?{query}")))
    with web_store.read() as conn:
        assert {get_fact(conn, i).type for i in found} == types


def test_ethnicity_filter_keeps_only_events_of_people_of_that_ethnicity(client: httpx.Client, web_store: Store,
                                                                        demo_doc: int) -> None:
    login(client, "viewer")
    found = _fact_links(page(client.get("/search?ethnicity=Kazakh&type=detention")))
    with web_store.read() as conn:
        subjects = [get_fact(conn, i).data["subjects"] for i in found]
    assert subjects == [["p1"]], "the brother's detention is left out: his ethnicity is not stated"


def test_search_words_find_documents_with_highlighted_snippets(client: httpx.Client, demo_doc: int) -> None:
    login(client, "viewer")
    doc = page(client.get("/search?q=veterinarian"))
    hits = doc.xpath('//div[@class="hit"]')
    assert len(hits) == 1 and hits[0].xpath(".//a/@href") == [f"/sources/{demo_doc}"]
    assert hits[0].xpath('.//mark/text()') == ["veterinarian"]


def test_rejected_events_are_found_only_when_asked_for(client: httpx.Client, web_store: Store, demo_doc: int) -> None:
    from aigak.operations.review import review

    login(client, "viewer")
    fact_id = first_event(web_store, demo_doc, "torture")
    review(web_store, fact_id, ReviewStatus.REJECTED, actor="test")
    assert fact_id not in _fact_links(page(client.get("/search?type=torture")))
    assert _fact_links(page(client.get("/search?type=torture&status=rejected"))) == [fact_id]


def test_every_statistic_links_to_the_rows_behind_it(client: httpx.Client, demo_doc: int) -> None:
    login(client, "viewer")
    doc = page(client.get("/stats"))
    charts = {fig.get("id"): fig for fig in doc.xpath("//figure")}
    assert set(charts) == {"chart-year", "chart-place", "chart-type"}
    checked = 0
    for chart_id, fig in charts.items():
        for link in fig.xpath(".//a[rect]"):
            events = int(link.xpath('.//text[@class="num"]/text()')[0])
            label = link.xpath("./title/text()")[0]
            if "undated" in label or "no place" in label:
                continue
            rows = _fact_links(page(client.get(link.get("href"))))
            assert len(rows) == events, (chart_id, label)
            checked += 1
    assert checked >= 10


# --- errors, headers and logs ----------------------------------------------------------------

def test_errors_render_one_page_for_html_and_one_shape_for_the_api(client: httpx.Client) -> None:
    login(client, "viewer")
    missing = client.get("/sources/999")
    assert missing.status_code == 404 and "text/html" in missing.headers["content-type"]
    assert "No document with id 999" in lxml.html.fromstring(missing.text).xpath('//p[@class="error-message"]/text()')[0]
    assert_error(client.get("/api/documents/999"), 404)
    assert_error(client.get("/api/no-such-endpoint"), 404)
    assert client.get("/no-such-page").status_code == 404
    assert "Not allowed" in client.get("/review").text


def test_pages_forbid_inline_scripts_and_anything_from_elsewhere(client: httpx.Client) -> None:
    response = client.get("/login")
    csp = response.headers["content-security-policy"]
    assert "default-src 'self'" in csp and "script-src 'self'" in csp and "unsafe-inline" not in csp
    assert response.headers["x-frame-options"] == "DENY" and response.headers["x-content-type-options"] == "nosniff"
    doc = lxml.html.fromstring(response.text)
    sources = doc.xpath("//script/@src | //link/@href | //img/@src")
    assert all(s.startswith(("/", "data:")) for s in sources), sources
    assert not [s for s in doc.xpath("//script") if (s.text or "").strip()], "no inline script"


def test_logs_carry_routes_and_ids_never_testimony_or_names(client: httpx.Client, web_store: Store, demo_doc: int,
                                                            caplog: pytest.LogCaptureFixture) -> None:
    caplog.set_level(logging.DEBUG)
    token = login(client, "editor")
    client.get(f"/sources/{demo_doc}")
    client.get("/search?q=Kuralay+Nurlanqyzy&place=Mongolk%C3%BCre")
    client.get("/api/search?q=Yerzhan")
    client.post("/api/facts/1/review", json={"decision": "correct", "name": "Kuralay N."},
                headers={"X-CSRF-Token": token})
    # Everything the server side logs (the test's own HTTP client logs its URLs; that is not the server).
    logged = "\n".join(r.getMessage() for r in caplog.records if r.name.split(".")[0] in ("aigak", "uvicorn"))
    assert "GET /sources/{document_id} 200" in logged
    for secret in ("Kuralay", "Nurlanqyzy", "Yerzhan", "Mongolk", "Kuralay N.", "policemen", "WhatsApp", PASSWORD):
        assert secret not in logged


def test_a_server_error_is_answered_in_shape_and_logged_without_its_message(
        web_store: Store, caplog: pytest.LogCaptureFixture) -> None:
    from test_web_support import SECRET

    from aigak.web.app import create_app
    from aigak.web.server import BackgroundServer

    app = create_app(web_store, secret_key=SECRET)

    @app.get("/api/boom")
    def boom() -> None:
        raise RuntimeError("testimony text that must not be logged")

    @app.get("/boom")
    def boom_page() -> None:
        raise RuntimeError("testimony text that must not be logged")

    caplog.set_level(logging.INFO)
    with BackgroundServer(app) as srv, new_client(srv) as c:
        message = assert_error(c.get("/api/boom"), 500)
        html = c.get("/boom")
    assert "incident" in message and "testimony" not in message
    assert html.status_code == 500 and "testimony" not in html.text and "incident" in html.text
    logged = "\n".join(r.getMessage() for r in caplog.records)
    assert "RuntimeError" in logged and "testimony" not in logged
    assert re.search(r"incident [0-9a-f]{10}", logged)


def test_hostile_name_in_a_fact_is_escaped_in_every_page(client: httpx.Client, web_store: Store) -> None:
    hostile = seed_hostile(web_store)
    login(client, "editor")
    with web_store.read() as conn:
        ids = [f.id for f in list_facts(conn, document_id=hostile)]
    pages = [f"/sources/{hostile}", "/sources", "/review", "/search?q=police&type=detention",
             "/search?place=Almaty", "/stats", *[f"/facts/{i}" for i in ids]]
    for path in pages:
        html = client.get(path).text
        assert "<img src=x" not in html and "<script>alert" not in html and "<svg onload" not in html, path
    assert "&lt;img src=x onerror=alert(&#39;xss-name&#39;)&gt;" in client.get(f"/facts/{ids[0]}").text
    assert HOSTILE_NAME in client.get(f"/api/facts/{ids[0]}").json()["fact"]["label"]
