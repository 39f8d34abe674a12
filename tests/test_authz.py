"""Authorization: every route and API endpoint, for every role and for anonymous visitors, allowed or refused."""

from __future__ import annotations

from typing import Any

import httpx
import pytest
from fastapi.routing import APIRoute, iter_route_contexts
from test_web_support import PASSWORD, SECRET, login, new_client, seed_demo, serving

from aigak.core.roles import Action, Role, can
from aigak.store.engine import Store
from aigak.web.app import create_app

pytest_plugins = ["test_web_support"]

A = Action
# Every route of the app and the action it needs (None: open to everyone, such as the login form).
ROUTES: dict[tuple[str, str], Action | None] = {
    ("GET", "/login"): None, ("POST", "/login"): None, ("POST", "/logout"): None,
    ("GET", "/api/session"): None, ("POST", "/api/login"): None, ("POST", "/api/logout"): None,
    ("GET", "/"): A.READ_PUBLIC,
    ("GET", "/sources"): A.READ, ("POST", "/sources/upload"): A.INGEST, ("GET", "/sources/{document_id}"): A.READ,
    ("GET", "/api/documents"): A.READ, ("POST", "/api/documents"): A.INGEST,
    ("GET", "/api/documents/{document_id}"): A.READ,
    ("GET", "/facts/{fact_id}"): A.READ, ("GET", "/api/facts"): A.READ, ("GET", "/api/facts/{fact_id}"): A.READ,
    ("GET", "/api/facts/{fact_id}/history"): A.VIEW_AUDIT,
    ("GET", "/review"): A.REVIEW, ("POST", "/review/{fact_id}"): A.REVIEW, ("GET", "/api/review/next"): A.REVIEW,
    ("POST", "/api/facts/{fact_id}/review"): A.REVIEW,
    ("GET", "/people"): A.READ_PUBLIC, ("GET", "/people/{person_id}"): A.READ_PUBLIC,
    ("POST", "/people/{person_id}/merge"): A.MERGE, ("POST", "/people/{person_id}/keep-apart"): A.MERGE,
    ("GET", "/api/people"): A.READ_PUBLIC, ("GET", "/api/people/{person_id}"): A.READ_PUBLIC,
    ("GET", "/api/people/{person_id}/history"): A.VIEW_AUDIT, ("GET", "/api/people/{person_id}/matches"): A.MERGE,
    ("POST", "/api/people/{person_id}/merge"): A.MERGE, ("POST", "/api/people/{person_id}/keep-apart"): A.MERGE,
    ("GET", "/people/{person_id}/not-same"): A.MERGE, ("POST", "/people/{person_id}/not-same"): A.MERGE,
    ("GET", "/api/people/{person_id}/merges"): A.MERGE, ("POST", "/api/people/{person_id}/not-same"): A.MERGE,
    # the redacted dossier needs READ; the full one EXPORT too (test_web_merges checks that)
    ("GET", "/people/{person_id}/dossier"): A.READ, ("GET", "/api/people/{person_id}/dossier"): A.READ,
    ("GET", "/search"): A.READ, ("GET", "/api/search"): A.READ, ("GET", "/stats"): A.READ, ("GET", "/api/stats"): A.READ,
    ("GET", "/admin/users"): A.MANAGE_USERS, ("POST", "/admin/users"): A.MANAGE_USERS,
    ("POST", "/admin/users/{username:path}"): A.MANAGE_USERS,
    ("GET", "/api/users"): A.MANAGE_USERS, ("POST", "/api/users"): A.MANAGE_USERS,
    ("PATCH", "/api/users/{username:path}"): A.MANAGE_USERS,
}
SKIPPED_IN_WALK = {("POST", "/login"), ("POST", "/api/login")}  # tested with real credentials in test_web/test_api


def _app_routes(store: Store) -> dict[tuple[str, str], APIRoute]:
    app = create_app(store, secret_key=SECRET)
    found = [c.original_route for c in iter_route_contexts(app.routes)]
    others = {getattr(r, "path", "") for r in found if not isinstance(r, APIRoute)}
    assert others == {"/openapi.json", "/static"}, "only the schema and static files are not APIRoutes"
    return {(m, r.path): r for r in found if isinstance(r, APIRoute) for m in r.methods}


def _declared_action(route: APIRoute) -> Action | None:
    actions = [getattr(d.call, "aigak_action", None) for d in route.dependant.dependencies]
    found = [a for a in actions if a is not None]
    assert len(found) <= 1, route.path
    return found[0] if found else None


def test_every_route_is_in_the_table_and_checks_its_role(web_store: Store) -> None:
    routes = _app_routes(web_store)
    assert set(routes) == set(ROUTES), "a route was added or removed: add it to ROUTES with its action"
    for key, route in routes.items():
        assert _declared_action(route) == ROUTES[key], key


def _request(key: tuple[str, str], ids: dict[str, Any], n: int) -> dict[str, Any]:
    """A valid request for the route, so an allowed one gets past validation."""
    method, template = key
    path = (template.replace("{document_id}", str(ids["document"])).replace("{fact_id}", str(ids["fact"]))
            .replace("{person_id}", "1").replace("{username:path}", "viewer"))
    kwargs: dict[str, Any] = {}
    note = ("note.txt", f"A fictional note number {n} about a hearing.".encode(), "text/plain")
    if path == "/sources/upload":
        kwargs["files"] = {"files": note}
    elif path == "/api/documents":
        path += "?extract=false"
        kwargs["files"] = {"files": note}
    elif path.startswith("/review/"):
        kwargs["data"] = {"decision": "confirm"}
    elif path.endswith("/review"):
        kwargs["json"] = {"decision": "confirm"}
    elif path.startswith("/people/") and method == "POST":
        kwargs["data"] = {"other_id": "2"}
    elif path.startswith("/api/people/") and method == "POST":
        kwargs["json"] = {"other_id": 2}
    elif path == "/admin/users":
        kwargs["data"] = {"username": f"user{n}", "password": PASSWORD, "role": "viewer"}
    elif path == "/api/users":
        kwargs["json"] = {"username": f"api-user{n}", "password": PASSWORD, "role": "viewer"}
    elif path == "/admin/users/viewer":
        kwargs["data"] = {"is_active": "true"}
    elif path == "/api/users/viewer":
        kwargs["json"] = {"is_active": True}
    elif path == "/api/search":
        path += "?q=Almaty"
    elif path.endswith("/not-same") and method == "GET":
        path += "?other_id=2"
    elif path.endswith("/dossier"):
        path += "?redact=true"
    return {"method": method, "url": path, **kwargs}


def _refused(response: httpx.Response, key: tuple[str, str], signed_in: bool) -> bool:
    method, path = key
    if path.startswith("/api/"):
        return response.status_code == (403 if signed_in else 401)
    if not signed_in and method == "GET":
        return response.status_code == 303 and response.headers["location"].startswith("/login?next=")
    return response.status_code == (403 if signed_in else 401)


@pytest.fixture
def ids(web_store: Store) -> dict[str, int]:
    document = seed_demo(web_store)
    return {"document": document, "fact": 1}


PRINCIPALS = [None, Role.PUBLIC, Role.VIEWER, Role.EDITOR, Role.ADMIN]


@pytest.mark.parametrize("public", [False, True], ids=["private-server", "public-server"])
def test_every_route_allows_and_refuses_each_role(web_store: Store, ids: dict[str, int], public: bool) -> None:
    n = 0
    with serving(web_store, public=public) as server:
        for who in PRINCIPALS:
            with new_client(server) as c:
                if who is not None:
                    login(c, who.value)
                token = c.get("/api/session").json()["csrf_token"]
                role = who if who is not None else (Role.PUBLIC if public else None)
                for key, action in ROUTES.items():
                    if key in SKIPPED_IN_WALK:
                        continue
                    n += 1
                    request = _request(key, ids, n)
                    response = c.request(**request, headers={"X-CSRF-Token": token})
                    label = f"{who} {key[0]} {request['url']} -> {response.status_code}"
                    if action is None or can(role, action):
                        assert response.status_code not in (401, 403), label
                        assert response.status_code < 500 or response.status_code == 503, label
                    else:
                        assert _refused(response, key, signed_in=who is not None), label
                    if key == ("POST", "/logout") or key == ("POST", "/api/logout"):
                        if who is not None:
                            login(c, who.value)
                        token = c.get("/api/session").json()["csrf_token"]


def test_open_routes_need_no_account(web_store: Store) -> None:
    with serving(web_store) as server, new_client(server) as c:
        assert c.get("/login").status_code == 200
        assert c.get("/api/session").status_code == 200
        assert c.get("/openapi.json").status_code == 200
        assert c.get("/static/app.css").status_code == 200
