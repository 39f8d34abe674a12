"""Shared helpers of the web tests: a store with the demo testimony and its facts, accounts, clients.

The facts come from the hand annotation of the fictional demo testimony (`examples/demo`), turned
into the extraction format and saved through the real store, so the web layer is tested on known
facts whatever the extractor proposes. Its own tests check that conversion.
"""

from __future__ import annotations

import json
import re
import sqlite3
from collections.abc import Callable, Iterable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import httpx
import pytest

from aigak.core.roles import Role
from aigak.ingest.pipeline import ingest_bytes
from aigak.store.engine import Store, open_store
from aigak.store.facts import save_extraction
from aigak.store.users import create_user
from aigak.web.app import create_app
from aigak.web.server import BackgroundServer

REPO = Path(__file__).resolve().parents[1]
DEMO = REPO / "examples" / "demo"
PASSWORD = "correct horse battery"
ROLES = (Role.ADMIN, Role.EDITOR, Role.VIEWER, Role.PUBLIC)
SECRET = "test-secret-key-that-is-long-enough-0123456789"

HOSTILE_TEXT = (
    "Statement of <script>alert('xss-doc')</script> Aruzhan <b>Bold</b>\n\n"
    "On 3 March 2018 the police detained <img src=x onerror=alert('xss-img')> in Almaty.\n"
    "\"><svg onload=alert('xss-svg')> '; DROP TABLE documents; -- {{ 7*7 }} ${7*7} %s %n\n"
    "<a href=\"javascript:alert('xss-link')\">click</a> <iframe src=\"//evil.example\"></iframe>\n"
)
HOSTILE_NAME = "<img src=x onerror=alert('xss-name')>"


def demo_text() -> str:
    return (DEMO / "testimony.txt").read_text(encoding="utf-8")


def _spans(text: str, needle: str) -> list[list[int]]:
    return [[m.start(), m.end()] for m in re.finditer(r"(?<!\w)" + re.escape(needle) + r"(?!\w)", text)]


def gold_to_extraction(gold: dict[str, Any], text: str, *, backend: str = "gold.v1") -> dict[str, Any]:
    """The demo's hand annotation (names and quotes) as extraction JSON (ids and spans)."""
    entities: list[dict[str, Any]] = []
    ids: dict[str, str] = {}
    for prefix, key, kind in (("p", "persons", "person"), ("l", "places", "place"), ("o", "organizations", "organization")):
        for i, item in enumerate(gold.get(key) or [], 1):
            local = f"{prefix}{i}"
            ids[item["name"]] = local
            mentions = sorted({tuple(s) for n in [item["name"], *item.get("aliases", [])] for s in _spans(text, n)})
            entities.append({"id": local, "kind": kind, "name": item["name"], "aliases": item.get("aliases", []),
                             "attributes": item.get("attributes", {}), "mentions": [list(s) for s in mentions]})
    relations = []
    for r in gold.get("relations") or []:
        quote = _spans(text, r["quote"])
        to = ids.get(r["to"]) if r.get("to") else None
        if to is None:
            to = f"p{len([e for e in entities if e['kind'] == 'person']) + 1}"
            entities.append({"id": to, "kind": "person", "name": None, "description": r["type"],
                             "attributes": {"age": r["to_age"]} if r.get("to_age") else {}, "mentions": quote[:1]})
        relations.append({"type": r["type"], "from": ids[r["from"]], "to": to, "evidence": quote[:1]})
    events = []
    for e in gold.get("events") or []:
        events.append({"id": e["id"].lower(), "type": e["type"], "subjects": [ids[s] for s in e["subjects"]],
                       "agents": [], "place": ids.get(e["place"]) if e.get("place") else None,
                       "start": e.get("start"), "end": e.get("end"), "evidence": _spans(text, e["quote"])[:1],
                       "confidence": 0.8})
    amounts = [{"value": a["value"], "currency": a["currency"], "evidence": _spans(text, a["quote"])[:1]}
               for a in gold.get("amounts") or []]
    return {"document": {"reference_date": gold.get("reference_date")}, "entities": entities,
            "relations": relations, "events": events, "amounts": amounts,
            "backend": {"name": backend, "version": "1"}}


def resolve_people(store: Store, document_id: int) -> None:
    """Give the document's people their place in the person registry (when this build has one)."""
    try:
        from aigak.resolve import resolve_document
    except ImportError:
        return
    with store.transaction() as conn:
        resolve_document(conn, document_id, actor="test")


def seed_reviewed(store: Store, sources: Iterable[tuple[str, str, Callable[[str], dict[str, Any]]]]) -> None:
    """Ingest each (file name, text, extraction maker) source, save its hand-written extraction, place its
    people in the registry and confirm every fact, so that everyone it names is reviewed."""
    from aigak.core.models import ReviewStatus
    from aigak.operations.review import review
    from aigak.store.facts import list_facts

    for name, text, make in sources:
        document, _ = ingest_bytes(store, text.encode(), name, actor="test")
        with store.transaction() as conn:
            save_extraction(conn, document.id, make(document.text), text=document.text)
        resolve_people(store, document.id)
        with store.read() as conn:
            ids = [f.id for f in list_facts(conn, document_id=document.id)]
        for fact_id in ids:
            review(store, fact_id, ReviewStatus.CONFIRMED, actor="test")


def seed_demo(store: Store) -> int:
    """Ingest the demo testimony, save its annotated facts as proposed, resolve its people; returns its id."""
    text_bytes = (DEMO / "testimony.txt").read_bytes()
    document, _ = ingest_bytes(store, text_bytes, "testimony.txt", actor="test")
    gold = json.loads((DEMO / "testimony.gold.json").read_text(encoding="utf-8"))
    with store.transaction() as conn:
        save_extraction(conn, document.id, gold_to_extraction(gold, document.text), text=document.text)
    resolve_people(store, document.id)
    return document.id


def seed_hostile(store: Store) -> int:
    """A document whose text and whose extracted names are XSS and SQL payloads."""
    document, _ = ingest_bytes(store, HOSTILE_TEXT.encode(), "hostile<script>.txt", actor="test")
    text = document.text
    start = text.index("<img")
    end = text.index("in Almaty") - 1
    sentence = [text.index("On 3 March"), text.index("Almaty.") + 7]
    extraction = {
        "entities": [
            {"id": "p1", "kind": "person", "name": HOSTILE_NAME, "attributes": {"ethnicity": "<b>x</b>"},
             "mentions": [[start, end]]},
            {"id": "l1", "kind": "place", "name": "Almaty", "mentions": _spans(text, "Almaty")},
        ],
        "relations": [], "amounts": [],
        "events": [{"id": "e1", "type": "detention", "subjects": ["p1"], "place": "l1", "start": "2018-03-03",
                    "end": None, "evidence": [sentence], "confidence": 0.7}],
        "backend": {"name": "hostile.v1"},
    }
    with store.transaction() as conn:
        save_extraction(conn, document.id, extraction, text=text)
    resolve_people(store, document.id)
    return document.id


def seed_note_about(store: Store, name: str, *, attributes: dict[str, Any] | None = None) -> int:
    """A short fictional note naming one person, extracted and resolved; returns the document id."""
    text = f"A short fictional note. {name} spoke to us in Almaty about the hearing."
    document, _ = ingest_bytes(store, text.encode(), f"note-{len(name)}-{abs(hash(name)) % 10**6}.txt", actor="test")
    start = text.index(name)
    extraction = {"entities": [{"id": "p1", "kind": "person", "name": name, "attributes": attributes or {},
                                "mentions": [[start, start + len(name)]]}],
                  "relations": [], "events": [], "amounts": [], "backend": {"name": "note.v1"}}
    with store.transaction() as conn:
        save_extraction(conn, document.id, extraction, text=text)
    resolve_people(store, document.id)
    return document.id


def add_users(store: Store) -> None:
    """One account per role, named after it, all with PASSWORD."""
    with store.transaction() as conn:
        for role in ROLES:
            create_user(conn, role.value, PASSWORD, role)


@contextmanager
def serving(store: Store, *, public: bool = False) -> Iterator[BackgroundServer]:
    """The app over `store`, served by uvicorn on a free loopback port for the length of the block."""
    with BackgroundServer(create_app(store, public=public, secret_key=SECRET)) as server:
        yield server


def new_client(server: BackgroundServer) -> httpx.Client:
    """A fresh browser-like client (its own cookie jar) that does not follow redirects."""
    return httpx.Client(base_url=server.url, follow_redirects=False, timeout=60)


def login(client: httpx.Client, username: str, password: str = PASSWORD) -> str:
    """Sign in through the API; returns the CSRF token for later state-changing calls."""
    token = client.get("/api/session").json()["csrf_token"]
    response = client.post("/api/login", json={"username": username, "password": password},
                           headers={"X-CSRF-Token": token})
    assert response.status_code == 200, response.text
    return str(response.json()["csrf_token"])


def snapshot(store: Store) -> dict[str, Any]:
    """What a refused request must leave unchanged: documents, facts and their data, accounts, audit trail."""
    from sqlalchemy import select

    from aigak.store.schema import audit_log, documents, facts, users

    with store.read() as conn:
        return {
            "documents": [tuple(r) for r in conn.execute(select(documents.c.id, documents.c.sha256, documents.c.filename))],
            "facts": [(r.id, r.status, json.dumps(r.data, sort_keys=True)) for r in
                      conn.execute(select(facts.c.id, facts.c.status, facts.c.data).order_by(facts.c.id))],
            "users": [tuple(r) for r in conn.execute(select(users.c.username, users.c.role, users.c.is_active,
                                                            users.c.password_hash))],
            "audit": conn.execute(select(audit_log.c.seq).order_by(audit_log.c.seq.desc()).limit(1)).scalar(),
        }


def assert_error(response: httpx.Response, status: int) -> str:
    """The API's one error shape, with the status in the body too; returns the message."""
    assert response.status_code == status, response.text
    body = response.json()
    assert set(body) == {"ok", "error", "status"}, body
    assert body["ok"] is False and body["status"] == status
    assert isinstance(body["error"], str) and body["error"]
    return str(body["error"])


@pytest.fixture(scope="session")
def web_template(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A migrated SQLite store with one account per role, made once (Argon2 hashing is slow on purpose)."""
    path = tmp_path_factory.mktemp("web-template") / "template.db"
    store = open_store(f"sqlite:///{path}")
    add_users(store)
    store.close()
    return path


def copy_store(template: Path, target: Path) -> Store:
    """A private copy of the template store (through SQLite's backup API, so the WAL is included)."""
    with sqlite3.connect(template) as src, sqlite3.connect(target) as dst:
        src.backup(dst)
    return open_store(f"sqlite:///{target}", migrate=False)


@pytest.fixture
def web_store(web_template: Path, tmp_path: Path) -> Iterator[Store]:
    store = copy_store(web_template, tmp_path / "aigak.db")
    yield store
    store.close()


@pytest.fixture
def demo_doc(web_store: Store) -> int:
    return seed_demo(web_store)


@pytest.fixture
def server(web_store: Store) -> Iterator[BackgroundServer]:
    with serving(web_store) as s:
        yield s


@pytest.fixture
def client(server: BackgroundServer) -> Iterator[httpx.Client]:
    with new_client(server) as c:
        yield c


# --- tests of the helpers themselves ---------------------------------------------------------

def test_demo_annotation_becomes_located_facts() -> None:
    text = demo_text()
    gold = json.loads((DEMO / "testimony.gold.json").read_text(encoding="utf-8"))
    result = gold_to_extraction(gold, text)
    assert len(result["events"]) == len(gold["events"])
    assert all(e["evidence"] for e in result["events"]), "every event quote is found in the text"
    kuralay = next(e for e in result["entities"] if e["name"] == "Kuralay Nurlanqyzy")
    assert text[slice(*kuralay["mentions"][0])] == "Kuralay Nurlanqyzy"


def test_seeded_store_holds_proposed_facts(web_store: Store) -> None:
    from aigak.core.models import ReviewStatus
    from aigak.store.facts import count_facts

    seed_demo(web_store)
    with web_store.read() as conn:
        assert count_facts(conn, status=ReviewStatus.PROPOSED) > 20
