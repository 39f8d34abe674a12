"""Hostile input and sessions: XSS, SQL metacharacters, path traversal, oversized uploads, forged CSRF
tokens, tampered cookies. Each is refused or rendered harmless, and a refused one leaves the store as it was."""

from __future__ import annotations

import os
import stat
from pathlib import Path

import httpx
import lxml.html
import pytest
from test_web_support import PASSWORD, SECRET, assert_error, login, new_client, serving, snapshot

from aigak.core.models import ReviewStatus
from aigak.core.roles import Role
from aigak.store.documents import list_documents
from aigak.store.engine import Store
from aigak.store.facts import get_fact
from aigak.store.users import get_user, set_password, set_role, set_user_active
from aigak.web.app import create_app
from aigak.web.server import BackgroundServer
from aigak.web.sessions import SESSION_COOKIE, load_or_create_secret, secret_path_for

pytest_plugins = ["test_web_support"]

XSS = "<script>alert('q')</script>\"><img src=x onerror=alert('q')>"
SQL = "x' OR '1'='1'; DROP TABLE documents; -- \" ) % _ \\ ; SELECT *"


def _raw_payload_absent(html: str) -> bool:
    return "<script>alert" not in html and "<img src=x" not in html


# --- XSS -------------------------------------------------------------------------------------

@pytest.mark.parametrize("path", [
    "/search?q={p}", "/search?q={p}&place={p}&ethnicity={p}", "/sources?q={p}", "/search?date_from={p}",
    "/login?next={p}", "/sources/1?mark={p}",
], ids=["search-words", "search-filters", "sources-filter", "bad-date-message", "login-next", "reader-mark"])
def test_script_payloads_in_queries_are_echoed_as_text(client: httpx.Client, demo_doc: int, path: str) -> None:
    login(client, "viewer")
    response = client.get(path.format(p=XSS))
    assert response.status_code in (200, 422, 303)
    assert _raw_payload_absent(response.text)


def test_search_box_keeps_the_query_as_its_value(client: httpx.Client, demo_doc: int) -> None:
    login(client, "viewer")
    doc = lxml.html.fromstring(client.get("/search", params={"q": XSS}).text)
    assert doc.get_element_by_id("q").get("value") == XSS


def test_json_api_answers_never_render_as_html(client: httpx.Client, demo_doc: int) -> None:
    login(client, "viewer")
    response = client.get("/api/search", params={"q": XSS})
    assert response.headers["content-type"] == "application/json"
    assert response.headers["x-content-type-options"] == "nosniff"


# --- SQL metacharacters ----------------------------------------------------------------------

@pytest.mark.parametrize(("path", "params"), [
    ("/search", {"q": SQL}), ("/search", {"place": SQL}), ("/search", {"ethnicity": SQL}),
    ("/search", {"q": SQL, "place": SQL, "ethnicity": SQL, "type": "detention"}),
    ("/sources", {"q": SQL}), ("/sources", {"language": SQL[:8]}), ("/sources", {"media_type": SQL}),
    ("/api/search", {"q": SQL, "place": SQL, "ethnicity": SQL}), ("/api/documents", {"q": SQL}),
    ("/api/search", {"q": "\"NEAR*\" AND OR NOT ( ) ^ :"}),
], ids=["words", "place", "ethnicity", "all", "sources", "language", "media-type", "api-search", "api-documents",
        "fts-operators"])
def test_sql_metacharacters_in_read_fields_find_nothing_and_change_nothing(
        client: httpx.Client, web_store: Store, demo_doc: int, path: str, params: dict[str, str]) -> None:
    login(client, "viewer")
    before = snapshot(web_store)
    response = client.get(path, params=params)
    assert response.status_code == 200, response.text[:300]
    assert snapshot(web_store) == before


def test_sql_metacharacters_in_written_fields_are_stored_as_text(client: httpx.Client, web_store: Store,
                                                                 demo_doc: int) -> None:
    token = login(client, "admin")
    # an account name is a plain word in the audit trail: one made of SQL is refused, not stored
    message = assert_error(client.post("/api/users", json={"username": SQL[:80], "password": PASSWORD,
                                                            "role": "viewer"}, headers={"X-CSRF-Token": token}), 400)
    assert "cannot be a username" in message
    fact = client.get("/api/facts", params={"document_id": demo_doc, "kind": "entity"}).json()["facts"][0]
    reviewed = client.post(f"/api/facts/{fact['id']}/review", json={"decision": "correct", "name": SQL},
                           headers={"X-CSRF-Token": token})
    assert reviewed.status_code == 200 and reviewed.json()["data"]["name"] == " ".join(SQL.split())
    with web_store.read() as conn:
        assert get_user(conn, SQL[:80].strip(), missing_ok=True) is None
        assert len(list_documents(conn)) == 1
    login(client, "viewer")
    assert client.post("/api/login", json={"username": SQL, "password": SQL},
                       headers={"X-CSRF-Token": client.get("/api/session").json()["csrf_token"]}).status_code == 401


# --- uploads ---------------------------------------------------------------------------------

@pytest.mark.parametrize(("sent", "stored"), [
    ("../../../../etc/cron.d/evil.txt", "evil.txt"),
    ("..\\..\\Windows\\System32\\evil.txt", "evil.txt"),
    ("/absolute/path/notes.md", "notes.md"),
    ("..", "upload"),
    ("name\x00with\x1fcontrols.txt", "namewithcontrols.txt"),
], ids=["dot-dot", "backslashes", "absolute", "only-dots", "control-characters"])
def test_upload_keeps_only_the_bare_file_name(client: httpx.Client, web_store: Store, tmp_path: Path,
                                             sent: str, stored: str) -> None:
    token = login(client, "editor")
    before = set(os.listdir(tmp_path))
    # Written by hand: HTTP clients would escape the name, a hostile client sends the bytes as they are.
    body = (b'--x\r\nContent-Disposition: form-data; name="files"; filename="' + sent.encode() + b'"\r\n'
            b"Content-Type: text/plain\r\n\r\nA short fictional note about a hearing in Almaty.\r\n--x--\r\n")
    response = client.post("/api/documents?extract=false", content=body,
                           headers={"X-CSRF-Token": token, "Content-Type": "multipart/form-data; boundary=x"})
    assert response.status_code == 200, response.text
    assert response.json()["results"][0]["filename"] == stored
    with web_store.read() as conn:
        assert [d.filename for d in list_documents(conn)] == [stored]
    assert set(os.listdir(tmp_path)) == before, "nothing is written to disk beside the database"


def test_oversized_upload_is_refused_and_nothing_is_stored(web_store: Store) -> None:
    app = create_app(web_store, secret_key=SECRET, max_upload_bytes=2000)
    with BackgroundServer(app) as srv, new_client(srv) as c:
        token = login(c, "editor")
        before = snapshot(web_store)
        big = b"a" * 2001
        assert_error(c.post("/api/documents", headers={"X-CSRF-Token": token},
                            files={"files": ("big.txt", big, "text/plain")}), 413)
        # Far over the whole-request limit: refused before the body is read.
        assert_error(c.post("/api/documents", headers={"X-CSRF-Token": token},
                            files={"files": ("huge.txt", b"a" * 200_000, "text/plain")}), 413)

        def chunks():  # no Content-Length: counted while it arrives
            yield b'--x\r\nContent-Disposition: form-data; name="files"; filename="s.txt"\r\n\r\n'
            for _ in range(400):
                yield b"b" * 4096

        assert_error(c.post("/api/documents", headers={"X-CSRF-Token": token,
                                                       "Content-Type": "multipart/form-data; boundary=x"},
                            content=chunks()), 413)
        page = c.post("/sources/upload", data={"csrf_token": token}, files={"files": ("big.txt", big, "text/plain")})
        assert page.status_code == 200 and "over the limit" in page.text
    assert snapshot(web_store) == before


def test_unreadable_upload_is_refused_with_the_reason(client: httpx.Client, web_store: Store) -> None:
    token = login(client, "editor")
    before = snapshot(web_store)
    message = assert_error(client.post("/api/documents", headers={"X-CSRF-Token": token},
                                       files={"files": ("empty.txt", b"", "text/plain")}), 422)
    assert message.startswith("empty.txt:")
    assert snapshot(web_store) == before


# --- CSRF ------------------------------------------------------------------------------------

@pytest.mark.parametrize("token", [None, "", "forged-token", "x" * 32], ids=["missing", "empty", "forged", "long"])
def test_forged_csrf_token_is_refused_and_changes_nothing(client: httpx.Client, web_store: Store, demo_doc: int,
                                                         token: str | None) -> None:
    login(client, "admin")
    before = snapshot(web_store)
    headers = {"X-CSRF-Token": token} if token is not None else {}
    assert_error(client.post("/api/facts/1/review", json={"decision": "reject"}, headers=headers), 403)
    assert_error(client.post("/api/users", json={"username": "mallory", "password": PASSWORD, "role": "admin"},
                             headers=headers), 403)
    form = client.post("/review/1", data={"decision": "reject", "csrf_token": token or ""})
    assert form.status_code == 403 and "CSRF" in form.text
    assert client.post("/admin/users", data={"username": "mallory", "password": PASSWORD, "role": "admin",
                                              "csrf_token": token or ""}).status_code == 403
    assert snapshot(web_store) == before


def test_a_token_from_another_session_does_not_work(server: BackgroundServer, web_store: Store, demo_doc: int) -> None:
    with new_client(server) as alice, new_client(server) as mallory:
        login(alice, "editor")
        mallory_token = login(mallory, "viewer")
        before = snapshot(web_store)
        assert_error(alice.post("/api/facts/1/review", json={"decision": "reject"},
                                headers={"X-CSRF-Token": mallory_token}), 403)
        assert snapshot(web_store) == before


def test_login_rotates_the_session_and_its_token(client: httpx.Client) -> None:
    anonymous = client.get("/api/session").json()["csrf_token"]
    signed_in = login(client, "viewer")
    assert signed_in != anonymous
    assert client.get("/api/session").json() == {"ok": True, "user": "viewer", "role": "viewer",
                                                 "csrf_token": signed_in, "public": False}


# --- session cookies -------------------------------------------------------------------------

def _cookie_header(response: httpx.Response) -> str:
    return next(v for k, v in response.headers.multi_items() if k == "set-cookie" and v.startswith(SESSION_COOKIE))


def test_session_cookie_is_http_only_strict_and_secure_only_over_https(client: httpx.Client) -> None:
    plain = _cookie_header(client.get("/api/session"))
    assert "HttpOnly" in plain and "SameSite=Strict" in plain and "Secure" not in plain
    # uvicorn trusts X-Forwarded-Proto from a reverse proxy on loopback, as one terminating TLS would send.
    with httpx.Client(base_url=str(client.base_url)) as fresh:
        secure = _cookie_header(fresh.get("/api/session", headers={"X-Forwarded-Proto": "https"}))
    assert "Secure" in secure and "HttpOnly" in secure and "SameSite=Strict" in secure


@pytest.mark.parametrize("tamper", ["flip", "other-secret", "garbage"])
def test_a_tampered_session_cookie_counts_as_signed_out(client: httpx.Client, tamper: str) -> None:
    from itsdangerous import URLSafeTimedSerializer

    login(client, "admin")
    value = client.cookies[SESSION_COOKIE]
    forged = {
        "flip": value[:-2] + ("A" if value[-2] != "A" else "B") + value[-1],
        "other-secret": URLSafeTimedSerializer("another secret", salt="aigak.session").dumps(
            {"csrf": "x", "user": "admin"}),
        "garbage": "not-a-cookie",
    }[tamper]
    with httpx.Client(base_url=str(client.base_url), cookies={SESSION_COOKIE: forged}) as c:
        assert c.get("/api/session").json()["user"] is None
        assert_error(c.get("/api/users"), 401)


def test_disabling_an_account_ends_its_open_sessions(client: httpx.Client, web_store: Store) -> None:
    login(client, "editor")
    assert client.get("/api/stats").status_code == 200
    with web_store.transaction() as conn:
        set_user_active(conn, "editor", False)
    assert_error(client.get("/api/stats"), 401)


def test_a_new_password_ends_the_sessions_opened_with_the_old_one(client: httpx.Client, web_store: Store) -> None:
    login(client, "editor")
    assert client.get("/api/stats").status_code == 200
    with web_store.transaction() as conn:
        set_password(conn, "editor", "a freshly chosen password")
    assert_error(client.get("/api/stats"), 401)
    login(client, "editor", "a freshly chosen password")
    assert client.get("/api/stats").status_code == 200


def test_a_role_change_applies_to_open_sessions_at_once(client: httpx.Client, web_store: Store) -> None:
    login(client, "viewer")
    assert_error(client.get("/api/users"), 403)
    with web_store.transaction() as conn:
        set_role(conn, "viewer", Role.ADMIN)
    assert client.get("/api/users").status_code == 200
    assert client.get("/api/session").json()["role"] == "admin"


def test_signing_secret_is_made_once_beside_the_database_and_private(web_store: Store) -> None:
    path = secret_path_for(web_store)
    assert not path.exists()
    first = load_or_create_secret(web_store)
    assert path.parent == Path(web_store.engine.url.database).parent
    assert stat.S_IMODE(path.stat().st_mode) == 0o600
    assert load_or_create_secret(web_store) == first and len(first) >= 32


def test_sessions_survive_a_restart_with_the_stored_secret(web_store: Store) -> None:
    with BackgroundServer(create_app(web_store)) as first, new_client(first) as c:
        login(c, "viewer")
        cookie = c.cookies[SESSION_COOKIE]
    with BackgroundServer(create_app(web_store)) as second, \
            httpx.Client(base_url=second.url, cookies={SESSION_COOKIE: cookie}) as c:
        assert c.get("/api/session").json()["user"] == "viewer"


# --- the public role -------------------------------------------------------------------------

def test_public_server_lets_anonymous_visitors_only_reach_people(web_store: Store, demo_doc: int) -> None:
    with serving(web_store, public=True) as srv, new_client(srv) as c:
        assert c.get("/api/session").json()["role"] == "public"
        assert c.get("/").headers["location"] == "/people"
        assert c.get("/sources").headers["location"].startswith("/login")
        assert_error(c.get("/api/documents"), 401)
        assert_error(c.get("/api/search?q=Almaty"), 401)
        assert c.get("/people").status_code in (200, 503)
        with web_store.read() as conn:
            assert get_fact(conn, 1).status is ReviewStatus.PROPOSED
