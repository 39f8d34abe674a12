"""The audit trail is append-only and any edit, deletion or reordering is named by verify."""

from __future__ import annotations

from sqlalchemy import delete, update

from aigak.store.audit import append_audit, audit_history, verify_audit_chain
from aigak.store.engine import Store
from aigak.store.schema import audit_log


def _three(store: Store) -> None:
    with store.transaction() as conn:
        for i in range(1, 4):
            append_audit(conn, actor="ana", action="review", target=f"fact:{i}",
                         before={"status": "proposed"}, after={"status": "confirmed"})


def test_intact_chain_verifies(store: Store) -> None:
    _three(store)
    with store.read() as conn:
        assert verify_audit_chain(conn) == []
        assert [r.target for r in audit_history(conn)] == ["fact:3", "fact:2", "fact:1"]


def test_edited_record_is_named(store: Store) -> None:
    _three(store)
    with store.transaction() as conn:
        conn.execute(update(audit_log).where(audit_log.c.seq == 2).values(actor="mallory"))
    with store.read() as conn:
        problems = verify_audit_chain(conn)
    assert any("record 2" in p and "edited" in p for p in problems)


def test_deleted_record_is_named(store: Store) -> None:
    _three(store)
    with store.transaction() as conn:
        conn.execute(delete(audit_log).where(audit_log.c.seq == 2))
    with store.read() as conn:
        problems = verify_audit_chain(conn)
    assert any("record 2 is missing" in p for p in problems)


def test_reordered_records_are_named(store: Store) -> None:
    _three(store)
    with store.transaction() as conn:
        conn.execute(update(audit_log).where(audit_log.c.seq == 2).values(seq=-2))
        conn.execute(update(audit_log).where(audit_log.c.seq == 3).values(seq=2))
        conn.execute(update(audit_log).where(audit_log.c.seq == -2).values(seq=3))
    with store.read() as conn:
        assert verify_audit_chain(conn)


def test_concurrent_writers_on_sqlite_keep_one_unbroken_chain(sqlite_store: Store) -> None:
    # Writes begin IMMEDIATE on SQLite: two writers can never both read the same last record.
    from concurrent.futures import ThreadPoolExecutor

    def write(i: int) -> None:
        for j in range(10):
            with sqlite_store.transaction() as conn:
                append_audit(conn, actor=f"t{i}", action="review", target=f"fact:{i}-{j}")

    with ThreadPoolExecutor(max_workers=6) as pool:
        list(pool.map(write, range(6)))
    with sqlite_store.read() as conn:
        assert verify_audit_chain(conn) == []
        assert len(audit_history(conn, limit=100)) == 60
