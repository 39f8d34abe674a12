"""Two reviewers on one fact: a decision made on a stale view is refused (409), never saved over the
other; a refused correction comes back as the form with the message beside the field (review items 3, 11)."""

from __future__ import annotations

import httpx
import lxml.html
import pytest
from test_web_support import assert_error, login, new_client

from aigak.core.models import FactKind, ReviewStatus
from aigak.operations.review import ReviewConflict, review
from aigak.store.audit import audit_history
from aigak.store.engine import Store
from aigak.store.facts import get_fact, list_facts
from aigak.web.server import BackgroundServer

pytest_plugins = ["test_web_support"]


def _card(client: httpx.Client, path: str = "/review?kind=event") -> lxml.html.HtmlElement:
    response = client.get(path)
    assert response.status_code == 200, response.text[:300]
    return lxml.html.fromstring(response.text)


def _fields(doc: lxml.html.HtmlElement, form_id: str) -> dict[str, str]:
    form = doc.get_element_by_id(form_id)
    return {i.get("name"): i.get("value") or "" for i in form.xpath('.//input[@type="hidden"]')}


def _history(store: Store, fact_id: int) -> list[tuple[str, str, str]]:
    with store.read() as conn:
        return [(h.actor, h.before["status"], h.after["status"]) for h in audit_history(conn, f"fact:{fact_id}")]


def test_second_reviewer_on_a_stale_page_is_told_who_decided_and_nothing_is_saved(
        server: BackgroundServer, web_store: Store, demo_doc: int) -> None:
    with new_client(server) as bo, new_client(server) as cy:
        login(bo, "editor")
        login(cy, "admin")
        seen_bo, seen_cy = _card(bo), _card(cy)
        fact_id = int(seen_bo.get_element_by_id("review-card").get("data-fact"))
        assert int(seen_cy.get_element_by_id("review-card").get("data-fact")) == fact_id
        rejected = cy.post(f"/review/{fact_id}", data=_fields(seen_cy, "reject-form"))
        assert rejected.status_code == 303
        stale = bo.post(f"/review/{fact_id}", data=_fields(seen_bo, "confirm-form"))
        assert stale.status_code == 409
        doc = lxml.html.fromstring(stale.text)
        message = doc.get_element_by_id("review-error").text_content()
        assert "web:admin" in message and "rejected" in message and "Nothing was saved" in message
        # the page shows the fact as it is now, ready for a decision on that
        assert doc.xpath('//div[@id="review-card"]//span[contains(@class, "badge")]/text()') == ["rejected"]
        assert _fields(doc, "confirm-form")["seen_status"] == "rejected"
    with web_store.read() as conn:
        assert get_fact(conn, fact_id).status is ReviewStatus.REJECTED
    assert _history(web_store, fact_id) == [("web:admin", "proposed", "rejected")]


def test_api_refuses_a_decision_on_a_changed_fact_with_409(client: httpx.Client, web_store: Store,
                                                          demo_doc: int) -> None:
    token = login(client, "editor")
    headers = {"X-CSRF-Token": token}
    fact = client.get("/api/review/next", params={"kind": "event"}).json()["fact"]
    review(web_store, fact["id"], ReviewStatus.REJECTED, actor="cli:cy")
    message = assert_error(client.post(f"/api/facts/{fact['id']}/review", headers=headers, json={
        "decision": "confirm", "seen_status": fact["status"], "seen_reviewed_at": fact["reviewed_at"]}), 409)
    assert "cli:cy" in message and "rejected" in message
    # A decision made on the current state goes through; so does one that states nothing it saw.
    current = client.get(f"/api/facts/{fact['id']}").json()["fact"]
    ok = client.post(f"/api/facts/{fact['id']}/review", headers=headers, json={
        "decision": "confirm", "seen_status": current["status"], "seen_reviewed_at": current["reviewed_at"]})
    assert ok.status_code == 200 and ok.json()["status"] == "confirmed"


def test_a_second_review_to_the_same_status_is_caught_by_its_time(sqlite_store: Store) -> None:
    from test_web_support import seed_demo

    document_id = seed_demo(sqlite_store)
    with sqlite_store.read() as conn:
        fact = list_facts(conn, document_id=document_id, kind=FactKind.EVENT)[0]
    first = review(sqlite_store, fact.id, ReviewStatus.CONFIRMED, actor="a")
    review(sqlite_store, fact.id, ReviewStatus.CONFIRMED, actor="b", seen_status=first.status,
           seen_reviewed_at=first.reviewed_at)
    with pytest.raises(ReviewConflict, match="b marked it confirmed"):
        review(sqlite_store, fact.id, ReviewStatus.REJECTED, actor="c", seen_status=first.status,
               seen_reviewed_at=first.reviewed_at)


def test_an_impossible_date_keeps_the_reviewer_in_the_queue_with_the_form(
        client: httpx.Client, web_store: Store, demo_doc: int) -> None:
    login(client, "editor")
    doc = _card(client, "/review?kind=event&skip=1")
    fact_id = int(doc.get_element_by_id("review-card").get("data-fact"))
    data = {**_fields(doc, "correct-form"), "start": "2023-02-30", "end": "2023-03"}
    response = client.post(f"/review/{fact_id}", data=data)
    assert response.status_code == 422
    page = lxml.html.fromstring(response.text)
    assert page.get_element_by_id("review-card").get("data-fact") == str(fact_id), "same fact, same queue"
    assert "February 2023 has 28 days" in page.get_element_by_id("err-start").text_content()
    start = page.get_element_by_id("c-start")
    assert start.get("value") == "2023-02-30" and start.get("aria-invalid") == "true"
    assert page.get_element_by_id("c-end").get("value") == "2023-03", "what was typed elsewhere is kept"
    assert page.get_element_by_id("correct-details").get("open") is not None
    hidden = _fields(page, "correct-form")
    assert hidden["kind"] == "event" and hidden["skip"] == "1"
    with web_store.read() as conn:
        assert get_fact(conn, fact_id).status is ReviewStatus.PROPOSED
