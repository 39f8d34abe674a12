"""The append-only audit trail: every change and every case-file read, each record chained by hash.

Each record's hash covers its own fields and the previous record's hash, so editing, deleting or
reordering any record breaks the chain at that point, and `verify_audit_chain` names it. Records cut
off the end leave an intact, shorter chain: `verify_audit_coverage` finds the changes in the store
that have lost their record, and `check_audit_head` compares the chain with a head kept outside
the database (printed by `aigak verify`, written into every backup manifest).
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any

from sqlalchemy import Connection, func, insert, select, text

from aigak.store.schema import audit_log, documents, facts

__all__ = [
    "GENESIS_HASH",
    "AuditCoverage",
    "AuditRecord",
    "append_audit",
    "audit_head",
    "audit_history",
    "check_audit_head",
    "verify_audit_chain",
    "verify_audit_coverage",
]

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


def audit_head(conn: Connection) -> tuple[int, AuditRecord | None]:
    """How many records the trail holds, and its last record (None when it is empty)."""
    count = conn.execute(select(func.count()).select_from(audit_log)).scalar_one()
    last = conn.execute(select(audit_log).order_by(audit_log.c.seq.desc()).limit(1)).first()
    return int(count), _row(last) if last is not None else None


def check_audit_head(conn: Connection, seq: int | None, digest: str) -> list[str]:
    """Compare the trail with a head kept outside the database: `SEQ:SHA256` from an earlier verify,
    or the bare hash a backup's manifest records as `audit_head`.

    A chain that still holds that record with that hash (and is intact, which `verify_audit_chain`
    checks) has lost nothing up to that record.
    """
    digest = digest.lower()
    last = conn.execute(select(func.max(audit_log.c.seq))).scalar() or 0
    if seq is None:
        if conn.execute(select(audit_log.c.seq).where(audit_log.c.hash == digest)).first() is None:
            return [(f"no audit record has the hash {digest} you kept: the trail now ends at record {last} "
                    "(records were cut off the end, or the trail was rewritten)")]
        return []
    row = conn.execute(select(audit_log.c.hash).where(audit_log.c.seq == seq)).first()
    if row is None:
        return [(f"audit record {seq}, the head you kept, is gone: the trail now ends at record {last} "
                "(records were cut off the end)")]
    if row.hash != digest:
        return [(f"audit record {seq} has hash {row.hash}, not the {digest} you kept "
                "(the trail was rewritten up to that record)")]
    return []


@dataclass(frozen=True, slots=True)
class AuditCoverage:
    """What `verify_audit_coverage` compared.

    Attributes:
        documents: documents checked for their ingest or import record.
        reviewed: reviewed facts checked against their last review record.
        problems: one line per document or fact the trail does not account for.
    """

    documents: int
    reviewed: int
    problems: list[str]


def _comparable(data: Any) -> Any:
    # A sensitivity mark changes a fact's data without a review (it is audited on its own).
    value = _jsonable(data) or {}
    return {k: v for k, v in value.items() if k != "sensitive"} if isinstance(value, dict) else value


def _aware(value: datetime | str | None) -> datetime | None:
    if value is None:
        return None
    moment = datetime.fromisoformat(value) if isinstance(value, str) else value
    return moment if moment.tzinfo is not None else moment.replace(tzinfo=UTC)


def verify_audit_coverage(conn: Connection) -> AuditCoverage:
    """Check that the store's changes still have their records: a trail cut off at the end (or a
    change made outside aigak) leaves documents and reviewed facts that no record accounts for.

    - every document stored since the trail's first ingest has its `ingest` (or `import`) record;
    - every fact reviewed since the trail began has a `review` record (facts of imported documents
      may carry the review status of the export they came from), and its status, type, dates,
      subjects, place and every other field equal what its last `review` record says.

    Proposed facts are not covered: an extraction's record holds how many facts it proposed, not
    what they say.
    """
    problems: list[str] = []
    first_at = _aware(conn.execute(select(func.min(audit_log.c.at))).scalar())
    recorded_docs: set[int] = set()
    imported: set[int] = set()
    for action, target in conn.execute(select(audit_log.c.action, audit_log.c.target).where(
            audit_log.c.action.in_(("ingest", "import")), audit_log.c.target.like("document:%"))):
        doc_id = int(target.split(":", 1)[1])
        recorded_docs.add(doc_id)
        if action == "import":
            imported.add(doc_id)
    checked_docs = 0
    if first_at is None:
        stored = conn.execute(select(func.count()).select_from(documents)).scalar_one()
        if stored:
            problems.append(f"the audit trail is empty, but {stored} documents are stored "
                            "(its records were deleted)")
    elif recorded_docs:
        # Documents stored before the trail existed (older stores) have no record to miss.
        since = min(recorded_docs)
        for doc_id, filename in conn.execute(select(documents.c.id, documents.c.filename)
                                             .where(documents.c.id >= since).order_by(documents.c.id)):
            checked_docs += 1
            if doc_id not in recorded_docs:
                problems.append(f"document #{doc_id} ({filename}) has no ingest record in the audit trail "
                                "(records were cut off or deleted, or it was stored outside aigak)")
    last_review: dict[int, AuditRecord] = {}
    for r in conn.execute(select(audit_log).where(audit_log.c.action == "review").order_by(audit_log.c.seq)):
        if r.target.startswith("fact:"):
            last_review[int(r.target.split(":", 1)[1])] = _row(r)
    reviewed = 0
    if first_at is not None:
        stmt = select(facts.c.id, facts.c.document_id, facts.c.kind, facts.c.type, facts.c.status, facts.c.data,
                      facts.c.event_start, facts.c.event_end, facts.c.reviewed_at, facts.c.reviewed_by
                      ).where(facts.c.status != "proposed").order_by(facts.c.id)
        for f in conn.execute(stmt):
            record = last_review.get(f.id)
            when = _aware(f.reviewed_at)
            if record is None:
                if f.document_id in imported or (when is not None and when < first_at):
                    continue
                reviewed += 1
                problems.append(f"fact #{f.id} is {f.status} (by {f.reviewed_by}) but the audit trail has no "
                                "record of that review (records were cut off or deleted, or the fact was "
                                "changed outside aigak)")
                continue
            reviewed += 1
            after = record.after if isinstance(record.after, dict) else {}
            audited = _comparable(after.get("data"))
            current = _comparable(f.data)
            changed = sorted(k for k in set(audited) | set(current) if audited.get(k) != current.get(k))
            if f.kind == "event" and (f.event_start != current.get("start") or f.event_end != current.get("end")
                                      or f.type != (current.get("type") or f.type)):
                changed.append("the dates or type in the index columns")
            if after.get("status") != f.status:
                changed.insert(0, f"status ({f.status}, audited {after.get('status')})")
            if changed:
                problems.append(f"fact #{f.id} differs from its last audited review (audit record {record.seq}): "
                                f"{', '.join(changed)} changed outside aigak")
    return AuditCoverage(checked_docs, reviewed, problems)
