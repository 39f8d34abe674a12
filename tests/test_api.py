"""The JSON API: every endpoint's answer when it works, and its one error shape when it does not."""

from __future__ import annotations

import httpx
import pytest
from test_web_support import DEMO, PASSWORD, assert_error, login, snapshot

from aigak.core.models import ReviewStatus
from aigak.store.engine import Store
from aigak.store.facts import get_fact

pytest_plugins = ["test_web_support"]


def ok(response: httpx.Response, status: int = 200) -> dict:  # type: ignore[type-arg]
    assert response.status_code == status, response.text
    body = response.json()
    assert body.get("ok", True) is True
    return body  # type: ignore[no-any-return]


def event_id(client: httpx.Client, document_id: int, type_: str) -> int:
    facts = ok(client.get("/api/facts", params={"document_id": document_id, "kind": "event"}))["facts"]
    return int(next(f["id"] for f in facts if f["type"] == type_))


# --- session ---------------------------------------------------------------------------------

def test_session_login_and_logout(client: httpx.Client) -> None:
    anonymous = ok(client.get("/api/session"))
    assert anonymous["user"] is None and anonymous["role"] is None and anonymous["public"] is False
    signed_in = ok(client.post("/api/login", json={"username": "editor", "password": PASSWORD},
                               headers={"X-CSRF-Token": anonymous["csrf_token"]}))
    assert signed_in["user"] == "editor" and signed_in["role"] == "editor"
    assert ok(client.post("/api/logout", headers={"X-CSRF-Token": signed_in["csrf_token"]})) == {"ok": True}
    assert ok(client.get("/api/session"))["user"] is None


@pytest.mark.parametrize(("body", "status"), [
    ({"username": "editor", "password": "wrong password"}, 401),
    ({"username": "nobody", "password": PASSWORD}, 401),
    ({"username": "editor"}, 422),
    ({"username": "", "password": "x"}, 422),
], ids=["wrong-password", "unknown-user", "missing-field", "empty-name"])
def test_login_errors(client: httpx.Client, body: dict[str, str], status: int) -> None:
    token = client.get("/api/session").json()["csrf_token"]
    assert_error(client.post("/api/login", json=body, headers={"X-CSRF-Token": token}), status)


def test_login_without_csrf_token_is_refused(client: httpx.Client) -> None:
    assert_error(client.post("/api/login", json={"username": "editor", "password": PASSWORD}), 403)


def test_login_is_throttled_after_repeated_failures(client: httpx.Client) -> None:
    token = client.get("/api/session").json()["csrf_token"]
    for _ in range(5):
        client.post("/api/login", json={"username": "viewer", "password": "wrong password"},
                    headers={"X-CSRF-Token": token})
    message = assert_error(client.post("/api/login", json={"username": "viewer", "password": PASSWORD},
                                       headers={"X-CSRF-Token": token}), 429)
    assert "wait" in message


# --- documents -------------------------------------------------------------------------------

def test_upload_list_and_read_documents(client: httpx.Client) -> None:
    token = login(client, "editor")
    data = (DEMO / "testimony.txt").read_bytes()
    files = [("files", ("testimony.txt", data, "text/plain")), ("files", ("note.md", b"# Note\n\nA hearing.", "text/markdown")),
             ("files", ("empty.txt", b"", "text/plain"))]
    results = ok(client.post("/api/documents?extract=false", files=files, headers={"X-CSRF-Token": token}))["results"]
    assert [(r["filename"], r["created"], r["error"] is None) for r in results] == [
        ("testimony.txt", True, True), ("note.md", True, True), ("empty.txt", False, False)]
    again = ok(client.post("/api/documents?extract=false", files=files[:1], headers={"X-CSRF-Token": token}))
    assert again["results"][0]["created"] is False
    listing = ok(client.get("/api/documents"))
    assert listing["total"] == 2 and [d["filename"] for d in listing["documents"]] == ["note.md", "testimony.txt"]
    one = ok(client.get(f"/api/documents/{results[0]['document_id']}"))
    assert one["text"] == data.decode() and one["document"]["sha256"] == listing["documents"][1]["sha256"]
    assert ok(client.get("/api/documents", params={"q": "note"}))["total"] == 1


def test_upload_extracts_facts_from_new_documents(client: httpx.Client) -> None:
    token = login(client, "editor")
    data = (DEMO / "testimony.txt").read_bytes()
    result = ok(client.post("/api/documents", files={"files": ("testimony.txt", data, "text/plain")},
                            headers={"X-CSRF-Token": token}))["results"][0]
    assert result["document_id"] is not None
    assert result["extraction"] in ("extracted", "unavailable", "failed")
    if result["extraction"] == "extracted":
        facts = ok(client.get("/api/facts", params={"document_id": result["document_id"]}))["facts"]
        assert result["facts"] == len(facts) > 0
        assert all(f["status"] == "proposed" for f in facts)


@pytest.mark.parametrize(("path", "status"), [
    ("/api/documents/999999", 404), ("/api/documents/0", 422), ("/api/documents/abc", 422),
    ("/api/documents?limit=0", 422), ("/api/documents?review=maybe", 422),
], ids=["missing", "zero", "not-a-number", "bad-limit", "bad-review-state"])
def test_document_errors(client: httpx.Client, path: str, status: int) -> None:
    login(client, "viewer")
    assert_error(client.get(path), status)


def test_upload_without_files_is_refused(client: httpx.Client) -> None:
    token = login(client, "editor")
    assert_error(client.post("/api/documents", headers={"X-CSRF-Token": token}), 422)


# --- facts and review ------------------------------------------------------------------------

def test_facts_list_detail_and_history(client: httpx.Client, demo_doc: int) -> None:
    token = login(client, "editor")
    events = ok(client.get("/api/facts", params={"document_id": demo_doc, "kind": "event"}))
    assert events["count"] == 15 and all(f["kind"] == "event" for f in events["facts"])
    detention = next(f for f in events["facts"] if f["type"] == "detention" and f["start"] == "2018-05-12")
    assert detention["subjects"] == ["Kuralay Nurlanqyzy"] and detention["place"] == "Mongolküre county"
    detail = ok(client.get(f"/api/facts/{detention['id']}"))
    assert detail["context"][0]["match"] == detail["fact"]["quotes"][0].strip()
    assert detail["fact"]["quotes"][0].startswith("The same night") and detail["history"] == []
    ok(client.post(f"/api/facts/{detention['id']}/review", json={"decision": "confirm"}, headers={"X-CSRF-Token": token}))
    history = ok(client.get(f"/api/facts/{detention['id']}/history"))["history"]
    assert [(h["action"], h["actor"], h["after"]["status"]) for h in history] == [("review", "web:editor", "confirmed")]
    assert ok(client.get("/api/facts", params={"status": "confirmed"}))["count"] == 1


def test_viewer_sees_facts_without_their_history(client: httpx.Client, demo_doc: int) -> None:
    login(client, "viewer")
    assert ok(client.get("/api/facts/1"))["history"] is None
    assert_error(client.get("/api/facts/1/history"), 403)


@pytest.mark.parametrize(("body", "status", "expected"), [
    ({"decision": "confirm"}, 200, "confirmed"),
    ({"decision": "reject"}, 200, "rejected"),
    ({"decision": "correct", "type": "detention", "start": "2019-03", "end": "2019-04"}, 200, "edited"),
], ids=["confirm", "reject", "correct"])
def test_review_decisions(client: httpx.Client, web_store: Store, demo_doc: int, body: dict[str, str], status: int,
                          expected: str) -> None:
    token = login(client, "editor")
    fact_id = event_id(client, demo_doc, "release")
    fact = ok(client.post(f"/api/facts/{fact_id}/review", json=body, headers={"X-CSRF-Token": token}), status)
    assert fact["status"] == expected and fact["reviewed_by"] == "web:editor"
    with web_store.read() as conn:
        assert get_fact(conn, fact_id).status is ReviewStatus(expected)


@pytest.mark.parametrize(("body", "status"), [
    ({"decision": "maybe"}, 422),
    ({"decision": "correct", "start": "March"}, 422),
    ({"decision": "correct", "type": "picnic"}, 422),
    ({"decision": "correct", "start": "2019-05", "end": "2019-01"}, 422),
    ({"decision": "correct", "subjects": ["p999"]}, 422),
    ({"decision": "correct", "start": "2021-02-30"}, 422),
    ({"decision": "correct", "start": "2022-13-45"}, 422),
    ({"decision": "correct", "start": "31/02/2022"}, 422),
    ({"decision": "correct", "place": "Mars"}, 422),
    ({}, 422),
], ids=["bad-decision", "bad-date", "bad-type", "end-before-start", "unknown-subject", "feb-30", "month-13",
        "slashes", "unknown-place", "empty"])
def test_review_errors_change_nothing(client: httpx.Client, web_store: Store, demo_doc: int,
                                      body: dict[str, str], status: int) -> None:
    token = login(client, "editor")
    fact_id = event_id(client, demo_doc, "release")
    before = snapshot(web_store)
    assert_error(client.post(f"/api/facts/{fact_id}/review", json=body, headers={"X-CSRF-Token": token}), status)
    assert snapshot(web_store) == before


def test_review_refuses_a_date_the_calendar_lacks_in_words(client: httpx.Client, web_store: Store,
                                                           demo_doc: int) -> None:
    token = login(client, "editor")
    fact_id = event_id(client, demo_doc, "release")
    message = assert_error(client.post(f"/api/facts/{fact_id}/review", json={"decision": "correct", "start": "2021-02-30"},
                                       headers={"X-CSRF-Token": token}), 422)
    assert message == "The start date '2021-02-30' does not exist: February 2021 has 28 days."


def test_review_of_a_missing_fact_is_404(client: httpx.Client) -> None:
    token = login(client, "editor")
    assert_error(client.post("/api/facts/424242/review", json={"decision": "confirm"},
                             headers={"X-CSRF-Token": token}), 404)
    assert_error(client.get("/api/facts/424242"), 404)
    assert_error(client.get("/api/facts/424242/history"), 404)


def test_review_queue_walks_the_proposed_facts(client: httpx.Client, demo_doc: int) -> None:
    token = login(client, "editor")
    first = ok(client.get("/api/review/next", params={"kind": "event"}))
    assert first["remaining"] > 15 and first["fact"]["kind"] == "event" and first["context"]["match"]
    skipped = ok(client.get("/api/review/next", params={"kind": "event", "skip": 1}))
    assert skipped["fact"]["id"] != first["fact"]["id"]
    ok(client.post(f"/api/facts/{first['fact']['id']}/review", json={"decision": "confirm"},
                   headers={"X-CSRF-Token": token}))
    after = ok(client.get("/api/review/next", params={"kind": "event"}))
    assert after["fact"]["id"] == skipped["fact"]["id"] and after["remaining"] == first["remaining"] - 1
    assert_error(client.get("/api/review/next", params={"kind": "nonsense"}), 422)


def test_review_queue_is_empty_when_everything_is_reviewed(client: httpx.Client) -> None:
    login(client, "editor")
    assert ok(client.get("/api/review/next")) == {"ok": True, "remaining": 0, "fact": None, "context": None}


# --- search and statistics -------------------------------------------------------------------

def test_search_documents_and_facts(client: httpx.Client, demo_doc: int) -> None:
    login(client, "viewer")
    result = ok(client.get("/api/search", params={"q": "refugee status", "place": "Almaty"}))
    assert [d["document_id"] for d in result["documents"]] == [demo_doc]
    assert "\x02" in result["documents"][0]["snippet"]
    assert {f["type"] for f in result["facts"]} == {"arrival", "asylum_application", "restriction"}
    assert result["total_facts"] == 3
    assert ok(client.get("/api/search", params={"q": "zzzzqqq"}))["documents"] == []


@pytest.mark.parametrize("params", [{"date_from": "2019-13-99x"}, {"type": "picnic"}, {"status": "maybe"},
                                    {"page": "0"}, {"year": "19"}],
                         ids=["date", "type", "status", "page", "year"])
def test_search_errors(client: httpx.Client, params: dict[str, str]) -> None:
    login(client, "viewer")
    assert_error(client.get("/api/search", params=params), 422)


def test_statistics(client: httpx.Client, demo_doc: int) -> None:
    login(client, "viewer")
    stats = ok(client.get("/api/stats"))
    assert stats["totals"]["documents"] == 1 and stats["totals"]["events"] == 15
    by_type = {r["label"]: r for r in stats["type"]}
    assert by_type["detention"]["events"] == 2 and by_type["detention"]["people"] == 2
    assert by_type["detention"]["link"] == "/search?type=detention"
    assert {r["label"] for r in stats["year"]} == {"2017", "2018", "2019", "2020", "undated"}
    assert sum(r["events"] for r in stats["place"]) == 15


# --- users -----------------------------------------------------------------------------------

def test_user_management(client: httpx.Client, web_store: Store) -> None:
    token = login(client, "admin")
    assert [u["username"] for u in ok(client.get("/api/users"))["users"]] == ["admin", "editor", "public", "viewer"]
    created = ok(client.post("/api/users", json={"username": "dana", "password": PASSWORD, "role": "editor"},
                             headers={"X-CSRF-Token": token}), 201)
    assert created == {"username": "dana", "role": "editor", "is_active": True, "created_at": created["created_at"]}
    disabled = ok(client.patch("/api/users/dana", json={"is_active": False}, headers={"X-CSRF-Token": token}))
    assert disabled["is_active"] is False
    ok(client.patch("/api/users/dana", json={"is_active": True, "password": "another long password"},
                    headers={"X-CSRF-Token": token}))
    with httpx.Client(base_url=str(client.base_url)) as dana:
        assert login(dana, "dana", "another long password")
        promoted = ok(client.patch("/api/users/dana", json={"role": "admin"}, headers={"X-CSRF-Token": token}))
        assert promoted["role"] == "admin" and dana.get("/api/session").json()["role"] == "admin"
    ok(client.patch("/api/users/admin", json={"password": "my own new password"}, headers={"X-CSRF-Token": token}))
    assert client.get("/api/session").json()["user"] == "admin"  # changing one's own password keeps this session


@pytest.mark.parametrize(("method", "path", "body", "status"), [
    ("post", "/api/users", {"username": "editor", "password": PASSWORD, "role": "viewer"}, 400),
    ("post", "/api/users", {"username": "x", "password": "short", "role": "viewer"}, 422),
    ("post", "/api/users", {"username": "x", "password": PASSWORD, "role": "superuser"}, 422),
    ("patch", "/api/users/nobody", {"is_active": False}, 404),
    ("patch", "/api/users/admin", {"is_active": False}, 422),
    ("patch", "/api/users/editor", {"password": "short"}, 422),
    ("patch", "/api/users/admin", {"role": "editor"}, 422),
    ("patch", "/api/users/editor", {"role": "owner"}, 422),
], ids=["duplicate", "short-password", "unknown-role", "missing-user", "disable-self", "short-reset", "demote-self",
        "unknown-new-role"])
def test_user_errors(client: httpx.Client, web_store: Store, method: str, path: str, body: dict[str, object],
                     status: int) -> None:
    token = login(client, "admin")
    before = snapshot(web_store)
    assert_error(getattr(client, method)(path, json=body, headers={"X-CSRF-Token": token}), status)
    assert snapshot(web_store) == before


# --- people ----------------------------------------------------------------------------------

def test_people_endpoints_answer_in_shape(client: httpx.Client, demo_doc: int) -> None:
    token = login(client, "editor")
    people = client.get("/api/people")
    if people.status_code == 503:
        assert_error(people, 503)
        pytest.skip("the person registry is not part of this build yet")
    assert ok(people)["people"] is not None
    assert_error(client.get("/api/people/999999"), 404)
    assert_error(client.post("/api/people/1/merge", json={"other_id": 1}, headers={"X-CSRF-Token": token}), 422)
