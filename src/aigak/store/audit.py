"""The append-only audit trail: every change and every case-file read, each record chained by hash.

Each record's hash covers its own fields and the previous record's hash, so editing, deleting or
reordering any record breaks the chain at that point, and `verify_audit_chain` names it.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any

from sqlalchemy import Connection, insert, select, text

from aigak.store.schema import audit_log

__all__ = ["GENESIS_HASH", "AuditRecord", "append_audit", "audit_history", "verify_audit_chain"]

GENESIS_HASH = "0" * 64


@dataclass(frozen=True, slots=True)
class AuditRecord:
    """One audit entry: who did what to which record, with the values before and after."""

    seq: int
    at: str
    actor: str
    action: str
    target: str
    before: Any
    after: Any
    prev_hash: str
    hash: str


def _digest(prev_hash: str, seq: int, at: str, actor: str, action: str, target: str,
            before: Any, after: Any) -> str:
    payload = json.dumps([prev_hash, seq, at, actor, action, target, before, after],
                         sort_keys=True, ensure_ascii=False, separators=(",", ":"), default=str)
    return hashlib.sha256(payload.encode()).hexdigest()


def _jsonable(value: Any) -> Any:
    return json.loads(json.dumps(value, default=str)) if value is not None else None


def append_audit(conn: Connection, *, actor: str, action: str, target: str,
                 before: Mapping[str, Any] | None = None, after: Mapping[str, Any] | None = None) -> AuditRecord:
    """Append one record inside the caller's transaction, so the change and its record commit together.

    Args:
        actor: the account (or `cli:<os user>`) that acted.
        action: a verb such as `ingest`, `review`, `merge`, `split`, `export`, `login`, `read_casefile`.
        target: what it acted on, as `kind:id` (`fact:12`, `person:3`, `document:7`, `user:ana`).
        before, after: the values before and after the change (identifiers and fields, no testimony text).
    """
    if conn.dialect.name == "postgresql":
        conn.execute(text("LOCK TABLE audit_log IN EXCLUSIVE MODE"))
    last = conn.execute(select(audit_log.c.seq, audit_log.c.hash).order_by(audit_log.c.seq.desc()).limit(1)).first()
    seq = (last.seq + 1) if last else 1
    prev = last.hash if last else GENESIS_HASH
    at = datetime.now(UTC).isoformat(timespec="microseconds")
    before_j, after_j = _jsonable(before), _jsonable(after)
    digest = _digest(prev, seq, at, actor, action, target, before_j, after_j)
    conn.execute(insert(audit_log).values(seq=seq, at=at, actor=actor, action=action, target=target,
                                          before=before_j, after=after_j, prev_hash=prev, hash=digest))
    return AuditRecord(seq, at, actor, action, target, before_j, after_j, prev, digest)


def _row(r: Any) -> AuditRecord:
    return AuditRecord(r.seq, r.at, r.actor, r.action, r.target, r.before, r.after, r.prev_hash, r.hash)


def audit_history(conn: Connection, target: str | None = None, *, limit: int = 200) -> list[AuditRecord]:
    """Audit records, newest first, optionally for one target (`fact:12`)."""
    stmt = select(audit_log).order_by(audit_log.c.seq.desc()).limit(limit)
    if target is not None:
        stmt = stmt.where(audit_log.c.target == target)
    return [_row(r) for r in conn.execute(stmt)]


def verify_audit_chain(conn: Connection) -> list[str]:
    """Walk the chain in `id` order and describe every break: edited, deleted or reordered records."""
    problems: list[str] = []
    prev_hash, expected_seq = GENESIS_HASH, 1
    for r in conn.execute(select(audit_log).order_by(audit_log.c.id)):
        if r.seq != expected_seq:
            what = "deleted" if r.seq > expected_seq else "reordered or duplicated"
            problems.append(f"audit record {expected_seq} is missing before record {r.seq} "
                            f"(records {what})")
        if r.prev_hash != prev_hash:
            problems.append(f"audit record {r.seq} does not follow the record stored before it "
                            "(a record was deleted, inserted or reordered)")
        actual = _digest(r.prev_hash, r.seq, r.at, r.actor, r.action, r.target, r.before, r.after)
        if actual != r.hash:
            problems.append(f"audit record {r.seq} ({r.action} {r.target} by {r.actor}) was edited: "
                            "its content no longer matches its hash")
        prev_hash, expected_seq = r.hash, r.seq + 1
    return problems
