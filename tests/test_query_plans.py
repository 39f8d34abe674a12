"""The store's everyday queries use indexes: every statement they send is EXPLAINed and a full scan fails.

The statements are captured while the real functions run (search, documents, a document's facts,
the review queue, the reads a case file makes), then explained on the same database: SQLite's
`EXPLAIN QUERY PLAN`, and PostgreSQL's `EXPLAIN` with sequential scans priced out, so that a
sequential scan in the plan means no index could serve the query, not that the table is small.
"""

from __future__ import annotations

import json
import re
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import Connection, event, func, select
from test_bulk_support import fictional_articles, write_articles

from aigak.core.models import FactKind, ReviewStatus
from aigak.ingest.pipeline import ingest_paths
from aigak.operations.bulk import extract_pending, pending_document_ids
from aigak.operations.search import search_sources
from aigak.store.audit import audit_history
from aigak.store.documents import find_document_by_sha, get_document, list_documents
from aigak.store.engine import Store
from aigak.store.facts import extraction_for_document, get_fact, has_extraction, list_facts
from aigak.store.persons import mentions_by_keys, persons_named_in_document
from aigak.store.profiles import stored_profiles
from aigak.store.schema import facts, mentions, person_keys
from aigak.store.search import search_documents

ORDERED = {"documents-newest-page", "review-queue-next", "review-queue-next-event"}
"""Reads of one page from a large set: they must come out of an index in order, never from a sort of
every match (a sort is fine elsewhere, where it orders one document's facts)."""
BIG_TABLES = {"documents", "sources", "facts", "mentions", "extraction_runs", "audit_log", "persons",
              "person_mentions", "person_keys", "person_profiles"}
"""Tables that grow with the collection; a scan of any of them is what this test catches."""


@pytest.fixture
def filled(store: Store, tmp_path: Path) -> Store:
    ingest_paths(store, write_articles(tmp_path / "a", fictional_articles(8, seed=41)))
    extract_pending(store, "rules.v1")
    with store.read() as conn:
        document = list_documents(conn, limit=1)[0]
        _KNOWN["document"] = document
        _KNOWN["person"] = next(f for f in list_facts(conn, document_id=document.id, kind=FactKind.ENTITY)
                                if f.type == "person")
        _KNOWN["keys"] = list(conn.execute(select(person_keys.c.key).where(
            person_keys.c.mention_id == select(func.min(person_keys.c.mention_id)).scalar_subquery())).scalars())
    return store


def _captured(store: Store, call: Callable[[Connection], Any]) -> list[tuple[str, Any]]:
    statements: list[tuple[str, Any]] = []

    def capture(_conn: Any, _cursor: Any, statement: str, parameters: Any, _ctx: Any, many: bool) -> None:
        if statement.lstrip().upper().startswith(("SELECT", "WITH", "UPDATE", "DELETE")) and not many:
            statements.append((statement, parameters))

    event.listen(store.engine, "before_cursor_execute", capture)
    try:
        with store.read() as conn:
            call(conn)
    finally:
        event.remove(store.engine, "before_cursor_execute", capture)
    return statements


def _sqlite_scans(store: Store, statement: str, parameters: Any) -> list[str]:
    raw = store.engine.raw_connection()
    try:
        rows = raw.cursor().execute("EXPLAIN QUERY PLAN " + statement, parameters).fetchall()
    finally:
        raw.close()
    scans = []
    for row in rows:
        detail = str(row[-1])
        if detail.startswith("USE TEMP B-TREE FOR ORDER BY"):
            scans.append(detail)
        m = re.match(r"SCAN (\w+)(?: AS \w+)?(.*)", detail)
        if m and m.group(1) in BIG_TABLES and "VIRTUAL TABLE" not in m.group(2):
            scans.append(detail)
    return scans


def _pg_nodes(plan: dict[str, Any], under_limit: bool = False) -> Iterator[tuple[dict[str, Any], bool]]:
    yield plan, under_limit
    for child in plan.get("Plans", []):
        yield from _pg_nodes(child, under_limit or plan["Node Type"] == "Limit")


def _pg_scans(store: Store, statement: str, parameters: Any) -> list[str]:
    raw = store.engine.raw_connection()
    try:
        cur = raw.cursor()
        cur.execute("SET enable_seqscan = off")
        cur.execute("EXPLAIN (FORMAT JSON) " + statement, parameters)
        plan = cur.fetchone()[0]
        raw.rollback()
    finally:
        raw.close()
    plan = json.loads(plan) if isinstance(plan, str) else plan
    scans = []
    for node, under_limit in _pg_nodes(plan[0]["Plan"]):
        if node["Node Type"] == "Sort":
            scans.append("Sort " + ", ".join(node.get("Sort Key", [])))
        table = node.get("Relation Name")
        if table not in BIG_TABLES:
            continue
        kind = node["Node Type"]
        if kind == "Seq Scan":
            scans.append(f"Seq Scan on {table}")
        elif kind in {"Index Scan", "Index Only Scan"} and "Index Cond" not in node and not under_limit:
            scans.append(f"full {kind} of {table} using {node.get('Index Name')}")
    return scans


_KNOWN: dict[str, Any] = {}
"""A document and a person of the filled store, looked up before capture starts (set by `filled`)."""


def _doc() -> Any:
    return _KNOWN["document"]


def _person() -> Any:
    return _KNOWN["person"]


def _case_file_reads(conn: Connection) -> None:
    """What a person's case file reads: their entity facts by name, those documents and all their facts,
    and the person's mentions (the registry's own tables are checked through `build_case_file` below)."""
    rows = conn.execute(select(facts.c.id, facts.c.document_id).where(
        facts.c.kind == FactKind.ENTITY.value, facts.c.name == _person().data.get("name"))).all()
    for doc_id in {r.document_id for r in rows}:
        get_document(conn, doc_id)
        list_facts(conn, document_id=doc_id)
    conn.execute(select(mentions).where(mentions.c.fact_id.in_([r.id for r in rows]))).all()


CASES: list[tuple[str, Callable[[Connection], Any], set[str]]] = [
    ("search-words", lambda c: search_documents(c, "police camp"), set()),
    ("search-name", lambda c: search_documents(c, "Kenzhebek"), set()),
    ("search-other-spellings", lambda c: search_sources(c, str(_person().data.get("name"))), set()),
    ("search-other-spellings-word", lambda c: search_sources(c, "Kenzhebek Almaty police"), set()),
    ("document-by-hash", lambda c: find_document_by_sha(c, _doc().sha256), set()),
    ("document-by-id", lambda c: get_document(c, _doc().id), set()),
    ("documents-newest-page", lambda c: list_documents(c, limit=20), {"documents"}),
    ("facts-of-document", lambda c: list_facts(c, document_id=_doc().id), set()),
    ("entities-of-document", lambda c: list_facts(c, document_id=_doc().id, kind=FactKind.ENTITY), set()),
    ("extraction-of-document", lambda c: extraction_for_document(c, _doc().id), set()),
    ("already-extracted", lambda c: has_extraction(c, _doc().id, "rules.v1"), set()),
    ("fact-by-id", lambda c: get_fact(c, _person().id), set()),
    ("review-queue-next", lambda c: list_facts(c, statuses=[ReviewStatus.PROPOSED], limit=1), set()),
    ("review-queue-next-event",
     lambda c: list_facts(c, kind=FactKind.EVENT, statuses=[ReviewStatus.PROPOSED], limit=1), set()),
    ("audit-of-record", lambda c: audit_history(c, "document:1", limit=20), set()),
    ("case-file-reads", _case_file_reads, set()),
    ("resolver-candidates", lambda c: mentions_by_keys(c, _KNOWN["keys"]), set()),
    ("resolver-candidate-profiles", lambda c: stored_profiles(c, [1, 2, 3]), set()),
    ("resolver-persons-of-source", lambda c: persons_named_in_document(c, _doc().id), set()),
]
"""(name, the reads, big tables it may scan on purpose). `documents-newest-page` walks the primary key
newest-first and stops after one page (SQLite's plan does not show the stop)."""


@pytest.mark.parametrize(("name", "call", "allowed"), CASES, ids=[c[0] for c in CASES])
def test_everyday_query_uses_indexes(filled: Store, name: str, call: Callable[[Connection], Any],
                                     allowed: set[str]) -> None:
    statements = _captured(filled, call)
    assert statements, f"{name} sent no query"
    explain = _sqlite_scans if filled.is_sqlite else _pg_scans
    found = {stmt: [s for s in explain(filled, stmt, params) if not any(t in s for t in allowed)
                    and (name in ORDERED or not s.startswith(("USE TEMP B-TREE", "Sort")))]
             for stmt, params in statements}
    assert not {k: v for k, v in found.items() if v}, f"{name}: full scans"


def test_pending_work_reads_extraction_runs_by_index(filled: Store) -> None:
    """Listing pending documents reads every document id (it is the work list) but never scans the runs."""
    statements = _captured(filled, lambda _c: pending_document_ids(filled, "rules.v1"))
    explain = _sqlite_scans if filled.is_sqlite else _pg_scans
    scans = [s for stmt, params in statements for s in explain(filled, stmt, params)]
    assert any("documents" in s for s in scans) and all("extraction_runs" not in s for s in scans)


def test_case_file_builder_uses_indexes(filled: Store) -> None:
    casefile = pytest.importorskip("aigak.casefile", reason="the case-file builder is not part of this build")
    persons = pytest.importorskip("aigak.store.persons")
    with filled.read() as conn:
        people = persons.list_persons(conn, limit=1)
    if not people:
        pytest.skip("no person in the registry: extraction here does not fill it")
    person_id = people[0].id
    statements = _captured(filled, lambda c: casefile.build_case_file(c, person_id))
    explain = _sqlite_scans if filled.is_sqlite else _pg_scans
    scans = {s: v for s, p in statements if (v := [x for x in explain(filled, s, p)
                                                   if not x.startswith(("USE TEMP B-TREE", "Sort"))])}
    assert not scans
