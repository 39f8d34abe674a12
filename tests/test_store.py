"""The store behaves the same on SQLite and PostgreSQL: migrations, documents, search, integrity."""

from __future__ import annotations

import hashlib
from pathlib import Path

import pytest
from sqlalchemy import func, select, text, update

from aigak.core.errors import DocumentNotFound
from aigak.core.models import DecodedSource, FactKind, ReviewStatus
from aigak.store.documents import add_document, count_documents, get_document, iter_source_mismatches
from aigak.store.engine import (
    SQLITE_BULK_WAL_BYTES,
    SQLITE_CACHE_KIB,
    SQLITE_DEFAULT_WAL_PAGES,
    Store,
    open_store,
)
from aigak.store.facts import extraction_for_document, list_facts, review_fact, save_extraction
from aigak.store.schema import documents, sources
from aigak.store.search import HIGHLIGHT_END, HIGHLIGHT_START, search_documents

TESTIMONY = ("Aizhan Serikkyzy, 41, says police took her husband to a camp in Ghulja in May 2018. "
             "Her brother Nurlan is still detained.")


def _add(store: Store, body: str, name: str = "t.txt") -> int:
    with store.transaction() as conn:
        doc, _ = add_document(conn, body.encode(), DecodedSource(text=body, media_type="text/plain"),
                              filename=name, language="en")
    return doc.id


def test_migration_reaches_head_and_is_idempotent(store: Store) -> None:
    assert store.revision() is not None
    store.migrate()
    assert store.revision() is not None


def test_same_bytes_are_one_document(store: Store) -> None:
    first = _add(store, TESTIMONY)
    again = _add(store, TESTIMONY, name="copy.txt")
    assert first == again
    with store.read() as conn:
        assert count_documents(conn) == 1
        doc = get_document(conn, first)
    assert doc.sha256 == hashlib.sha256(TESTIMONY.encode()).hexdigest()
    assert doc.filename == "t.txt"
    assert doc.body_end == len(TESTIMONY)


def test_missing_document_says_how_to_find_one(store: Store) -> None:
    with store.read() as conn, pytest.raises(DocumentNotFound, match="aigak docs"):
        get_document(conn, 999)


def test_failed_transaction_leaves_nothing_behind(store: Store) -> None:
    with pytest.raises(RuntimeError), store.transaction() as conn:
        add_document(conn, b"half written", DecodedSource(text="half written", media_type="text/plain"),
                     filename="x.txt", language=None)
        raise RuntimeError("crash after the insert")
    with store.read() as conn:
        assert count_documents(conn) == 0
        assert conn.execute(select(func.count()).select_from(sources)).scalar_one() == 0


def test_search_ranks_and_highlights(store: Store) -> None:
    _add(store, TESTIMONY)
    other = _add(store, "A report on the weather in Almaty, with nothing about camps at all.", "w.txt")
    with store.read() as conn:
        hits = search_documents(conn, "husband camp")
        assert [h.document_id for h in hits] != [other]
        assert hits and hits[0].snippet.count(HIGHLIGHT_START) >= 1
        assert HIGHLIGHT_END in hits[0].snippet
        assert search_documents(conn, "Ghul")[0].document_id != other  # prefix on the last word
        assert search_documents(conn, "nothing-matches-this") == []


@pytest.mark.parametrize("query", [
    "' OR 1=1 --", '"unbalanced', "camp* NEAR(", "x); DROP TABLE documents; --", "", "   ", "%_\\",
], ids=["sql-or", "quote", "fts-operators", "drop-table", "empty", "blank", "like-wildcards"])
def test_search_treats_any_query_as_plain_words(store: Store, query: str) -> None:
    _add(store, TESTIMONY)
    with store.read() as conn:
        search_documents(conn, query)
        assert count_documents(conn) == 1


def test_verify_names_a_source_whose_bytes_changed(store: Store) -> None:
    doc_id = _add(store, TESTIMONY)
    with store.read() as conn:
        assert list(iter_source_mismatches(conn)) == []
    with store.transaction() as conn:
        sha = conn.execute(select(documents.c.sha256).where(documents.c.id == doc_id)).scalar_one()
        conn.execute(update(sources).where(sources.c.sha256 == sha).values(data=TESTIMONY.encode() + b"!"))
    with store.read() as conn:
        (mismatch,) = list(iter_source_mismatches(conn))
    assert mismatch.document_id == doc_id and mismatch.actual != mismatch.sha256


def test_extraction_is_stored_as_proposed_facts_and_reviewed(store: Store) -> None:
    doc_id = _add(store, TESTIMONY)
    result = {
        "backend": {"name": "fake.v1"},
        "entities": [{"id": "p1", "kind": "person", "name": "Aizhan Serikkyzy", "mentions": [[0, 16]],
                      "attributes": {"age": 41}}],
        "relations": [],
        "events": [{"id": "e1", "type": "detention", "subjects": ["p1"], "start": "2018-05", "end": None,
                    "evidence": [[22, 70]], "confidence": 0.8}],
        "amounts": [],
    }
    with store.transaction() as conn:
        ids = save_extraction(conn, doc_id, result, text=TESTIMONY)
    assert len(ids) == 2
    with store.read() as conn:
        events = list_facts(conn, kind=FactKind.EVENT)
    assert events[0].status is ReviewStatus.PROPOSED and events[0].evidence[0].start == 22
    with store.transaction() as conn:
        edited = review_fact(conn, events[0].id, ReviewStatus.EDITED, reviewer="ana",
                             data={**events[0].data, "start": "2018-04"})
    assert edited.status is ReviewStatus.EDITED
    assert edited.original is not None and edited.original["start"] == "2018-05"
    assert edited.data["start"] == "2018-04" and edited.reviewed_by == "ana"
    with store.transaction() as conn:
        review_fact(conn, ids[0], ReviewStatus.REJECTED, reviewer="ana")
        shown = extraction_for_document(conn, doc_id)
    assert shown["entities"] == [] and shown["events"][0]["start"] == "2018-04"


def test_sqlite_runs_with_wal_and_foreign_keys(sqlite_store: Store) -> None:
    with sqlite_store.read() as conn:
        assert conn.execute(text("PRAGMA journal_mode")).scalar_one() == "wal"
        assert conn.execute(text("PRAGMA foreign_keys")).scalar_one() == 1
        # a page cache that holds a large store's index pages, not SQLite's 2 MiB default
        assert conn.execute(text("PRAGMA cache_size")).scalar_one() == -SQLITE_CACHE_KIB


def _autocheckpoint(store: Store) -> int:
    with store.transaction() as conn:
        return int(conn.execute(text("PRAGMA wal_autocheckpoint")).scalar_one())


def test_bulk_writes_checkpoint_rarely_and_leave_the_log_empty(sqlite_store: Store) -> None:
    wal = Path(str(sqlite_store.engine.url.database) + "-wal")
    with sqlite_store.bulk_writes():
        ids = [_add(sqlite_store, f"{TESTIMONY} Report {i}.", f"r{i}.txt") for i in range(20)]
        assert _autocheckpoint(sqlite_store) == SQLITE_BULK_WAL_BYTES // 4096
        assert wal.stat().st_size > 0
    assert _autocheckpoint(sqlite_store) == SQLITE_DEFAULT_WAL_PAGES
    assert wal.stat().st_size == 0  # copied back into the database file
    reopened = open_store(str(sqlite_store.url))
    with reopened.read() as conn:
        assert [get_document(conn, i).filename for i in ids] == [f"r{i}.txt" for i in range(20)]
    reopened.close()


def test_bulk_writes_end_cleanly_when_the_work_fails(store: Store) -> None:
    with pytest.raises(RuntimeError), store.bulk_writes():
        kept = _add(store, TESTIMONY)
        raise RuntimeError("a worker died")
    with store.read() as conn:
        assert get_document(conn, kept).text == TESTIMONY  # committed work stays committed
    if store.is_sqlite:
        assert _autocheckpoint(store) == SQLITE_DEFAULT_WAL_PAGES


def test_interrupted_bulk_writes_leave_the_log_for_later_instead_of_waiting(sqlite_store: Store) -> None:
    # A checkpoint that truncates the log waits out the busy timeout behind any reader; a user who
    # pressed Ctrl-C should not wait, and the log is copied back by the next checkpoint anyway.
    wal = Path(str(sqlite_store.engine.url.database) + "-wal")
    with pytest.raises(KeyboardInterrupt), sqlite_store.bulk_writes():
        kept = _add(sqlite_store, TESTIMONY)
        raise KeyboardInterrupt
    assert wal.stat().st_size > 0  # not truncated on the way out
    assert _autocheckpoint(sqlite_store) == SQLITE_DEFAULT_WAL_PAGES
    with sqlite_store.read() as conn:
        assert get_document(conn, kept).text == TESTIMONY


def test_bare_file_path_is_a_sqlite_database(tmp_path) -> None:  # type: ignore[no-untyped-def]
    s = open_store(str(tmp_path / "sub" / "x.db"))
    assert s.is_sqlite and (tmp_path / "sub" / "x.db").exists()
    s.close()
