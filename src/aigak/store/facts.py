"""Extraction records in the store: save a run, read facts back, and record review decisions."""

from __future__ import annotations

import copy
from collections.abc import Iterable, Mapping, Sequence
from datetime import UTC, datetime
from typing import Any

from sqlalchemy import Connection, delete, func, insert, select, update

from aigak.core.errors import ConfigError, NotFound
from aigak.core.models import Fact, FactKind, ReviewStatus, Span
from aigak.store.profiles import forget_profiles_of_document
from aigak.store.schema import extraction_runs, facts, mentions

__all__ = [
    "count_facts",
    "extraction_for_document",
    "get_fact",
    "has_extraction",
    "list_facts",
    "review_fact",
    "save_extraction",
    "set_fact_sensitive",
]

_SECTIONS: tuple[tuple[str, FactKind, str], ...] = (
    ("entities", FactKind.ENTITY, "x"),
    ("relations", FactKind.RELATION, "r"),
    ("events", FactKind.EVENT, "e"),
    ("amounts", FactKind.AMOUNT, "a"),
)


def _spans(value: Any) -> list[list[int]]:
    if not isinstance(value, list):
        return []
    return [[int(s[0]), int(s[1])] for s in value
            if isinstance(s, (list, tuple)) and len(s) == 2 and all(isinstance(x, int) for x in s)]


def _fact_type(kind: FactKind, record: Mapping[str, Any]) -> str:
    if kind is FactKind.ENTITY:
        return str(record.get("kind") or "other")
    if kind is FactKind.AMOUNT:
        return str(record.get("currency") or "")
    return str(record.get("type") or "")


def has_extraction(conn: Connection, document_id: int, backend: str) -> bool:
    """Whether this document was already extracted by this backend version (work keyed by both)."""
    row = conn.execute(select(extraction_runs.c.id).where(
        extraction_runs.c.document_id == document_id, extraction_runs.c.backend == backend)).first()
    return row is not None


def save_extraction(conn: Connection, document_id: int, result: Mapping[str, Any], *,
                    text: str | None = None, replace: bool = False) -> list[int]:
    """Store one extraction result (FORMAT.md JSON) as `proposed` facts of a document.

    The backend name comes from `result["backend"]["name"]`. A second run of the same backend on the
    same document is refused unless `replace` is set, in which case facts nobody has reviewed yet
    are replaced and reviewed ones are kept.

    Returns:
        The ids of the new facts.
    """
    backend_info = result.get("backend") or {}
    backend = str(backend_info.get("name") or "unknown")
    if has_extraction(conn, document_id, backend):
        if not replace:
            raise ConfigError(f"Document {document_id} was already extracted by {backend}; "
                              "pass --replace to run it again.")
        forget_profiles_of_document(conn, document_id)  # the deletes below cascade to registry mentions
        conn.execute(delete(facts).where(facts.c.document_id == document_id, facts.c.backend == backend,
                                         facts.c.status == ReviewStatus.PROPOSED.value))
        # Reviewed facts stay: they leave the old run before it goes, since its deletion cascades to its facts.
        kept_rows = conn.execute(select(facts.c.id, facts.c.kind, facts.c.local_id, facts.c.data).where(
            facts.c.document_id == document_id, facts.c.backend == backend)).all()
        if kept_rows:
            conn.execute(update(facts).where(facts.c.id.in_([r.id for r in kept_rows])).values(run_id=None))
            result = _beside_kept(result, kept_rows)
        conn.execute(delete(extraction_runs).where(extraction_runs.c.document_id == document_id,
                                                   extraction_runs.c.backend == backend))
    now = datetime.now(UTC)
    rows: list[dict[str, Any]] = []
    spans_of_row: list[list[list[int]]] = []
    for section, kind, prefix in _SECTIONS:
        for i, record in enumerate(result.get(section) or []):
            if not isinstance(record, Mapping):
                continue
            data = dict(record)
            local_id = str(data.get("id") or f"{prefix}{i + 1}")
            data.setdefault("id", local_id)
            evidence = _spans(data.get("mentions") if kind is FactKind.ENTITY else data.get("evidence"))
            first = evidence[0] if evidence else [None, None]
            rows.append({
                "document_id": document_id, "kind": kind.value, "type": _fact_type(kind, data),
                "local_id": local_id, "data": data, "evidence": evidence, "char_start": first[0],
                "char_end": first[1], "confidence": float(data.get("confidence", 0.5) or 0.5),
                "status": ReviewStatus.PROPOSED.value, "backend": backend, "created_at": now,
                "event_start": data.get("start") if kind is FactKind.EVENT else None,
                "event_end": data.get("end") if kind is FactKind.EVENT else None,
                "name": data.get("name") if kind is FactKind.ENTITY else None,
            })
            spans_of_row.append(evidence if kind is FactKind.ENTITY else [])
    run_id = conn.execute(insert(extraction_runs).values(
        document_id=document_id, backend=backend, config=dict(backend_info), created_at=now,
        fact_count=len(rows)).returning(extraction_runs.c.id)).scalar_one()
    if replace:
        conn.execute(update(facts).where(facts.c.document_id == document_id, facts.c.backend == backend,
                                         facts.c.run_id.is_(None)).values(run_id=run_id))
    if not rows:
        return []
    for row in rows:
        row["run_id"] = run_id
    # One multi-row statement for the facts and one for the mentions (not one round trip per fact):
    # saving was the bottleneck of bulk extraction.
    ids = [int(i) for i in conn.execute(insert(facts).returning(facts.c.id, sort_by_parameter_order=True),
                                        rows).scalars()]
    mention_rows = [{"fact_id": fact_id, "document_id": document_id, "char_start": s, "char_end": e,
                     "text": text[s:e] if text is not None else ""}
                    for fact_id, spans in zip(ids, spans_of_row, strict=True) for s, e in spans]
    if mention_rows:
        conn.execute(insert(mentions), mention_rows)
    return ids


def _beside_kept(result: Mapping[str, Any], kept: Sequence[Any]) -> dict[str, Any]:
    """A new extraction made to sit beside the reviewed facts a replacement keeps.

    A new entity of the same kind and name as a kept one is that entity (its references point to the
    kept record, which a reviewer has vouched for); a new relation or event that says what a kept one
    says is left out; any other new record whose local id a kept one uses gets a fresh id, so that no
    two facts of the document share one.
    """
    taken = {str(r.local_id) for r in kept}
    kept_names = {(str(r.data.get("kind")), str(r.data.get("name"))): str(r.local_id)
                  for r in kept if r.kind == FactKind.ENTITY.value and isinstance(r.data, Mapping) and r.data.get("name")}
    out = {k: (list(v) if isinstance(v, list) else v) for k, v in result.items()}
    renamed: dict[str, str] = {}
    entities = []
    for entity in result.get("entities") or []:
        if not isinstance(entity, Mapping):
            continue
        lid = str(entity.get("id"))
        same = kept_names.get((str(entity.get("kind")), str(entity.get("name")))) if entity.get("name") else None
        if same is not None:
            renamed[lid] = same
            continue
        if lid in taken:
            renamed[lid] = _fresh(lid, taken)
        entities.append({**entity, "id": renamed.get(lid, lid)})
    out["entities"] = entities

    def mapped(value: Any) -> Any:
        return renamed.get(value, value) if isinstance(value, str) else value

    kept_claims = {_claim(r.data) for r in kept if r.kind in (FactKind.EVENT.value, FactKind.RELATION.value)
                   and isinstance(r.data, Mapping)}
    for section in ("relations", "events", "amounts"):
        records = []
        for record in result.get(section) or []:
            if not isinstance(record, Mapping):
                continue
            new = dict(record)
            for key in ("from", "to", "place"):
                if key in new:
                    new[key] = mapped(new[key])
            for key in ("subjects", "agents"):
                if isinstance(new.get(key), list):
                    new[key] = [mapped(v) for v in new[key]]
            if section != "amounts" and _claim(new) in kept_claims:
                continue
            if new.get("id") is not None and str(new["id"]) in taken:
                new["id"] = _fresh(str(new["id"]), taken)
            records.append(new)
        out[section] = records
    return out


def _fresh(lid: str, taken: set[str]) -> str:
    n = 2
    while f"{lid}.{n}" in taken:
        n += 1
    taken.add(f"{lid}.{n}")
    return f"{lid}.{n}"


def _claim(data: Mapping[str, Any]) -> tuple[Any, ...]:
    """What a relation or event says, to tell a new record that repeats a kept one."""
    return (data.get("type"), data.get("from"), data.get("to"), tuple(sorted(map(str, data.get("subjects") or []))),
            data.get("start"), data.get("end"))


def _row_to_fact(row: Any) -> Fact:
    def aware(value: datetime | None) -> datetime | None:
        return value.replace(tzinfo=UTC) if value is not None and value.tzinfo is None else value

    created = aware(row.created_at)
    assert created is not None
    return Fact(
        id=row.id, document_id=row.document_id, kind=FactKind(row.kind), type=row.type,
        local_id=row.local_id, data=row.data, evidence=tuple(Span(s, e) for s, e in row.evidence),
        confidence=row.confidence, status=ReviewStatus(row.status), backend=row.backend,
        created_at=created, original=row.original, reviewed_by=row.reviewed_by,
        reviewed_at=aware(row.reviewed_at),
    )


def get_fact(conn: Connection, fact_id: int) -> Fact:
    """One fact by id.

    Raises:
        NotFound: no fact has that id.
    """
    row = conn.execute(select(facts).where(facts.c.id == fact_id)).first()
    if row is None:
        raise NotFound(f"No fact with id {fact_id}.")
    return _row_to_fact(row)


def list_facts(conn: Connection, *, document_id: int | None = None, kind: FactKind | None = None,
               types: Sequence[str] | None = None, statuses: Iterable[ReviewStatus] | None = None,
               limit: int | None = None, offset: int = 0) -> list[Fact]:
    """Facts matching the filters, in document and position order."""
    stmt = select(facts)
    if document_id is not None:
        stmt = stmt.where(facts.c.document_id == document_id)
    if kind is not None:
        stmt = stmt.where(facts.c.kind == kind.value)
    if types:
        stmt = stmt.where(facts.c.type.in_(list(types)))
    if statuses is not None:
        stmt = stmt.where(facts.c.status.in_([s.value for s in statuses]))
    stmt = stmt.order_by(facts.c.document_id, facts.c.char_start, facts.c.id).offset(offset)
    if limit is not None:
        stmt = stmt.limit(limit)
    return [_row_to_fact(r) for r in conn.execute(stmt)]


def count_facts(conn: Connection, *, status: ReviewStatus | None = None) -> int:
    """How many facts the store holds (optionally with one status)."""
    stmt = select(func.count()).select_from(facts)
    if status is not None:
        stmt = stmt.where(facts.c.status == status.value)
    return int(conn.execute(stmt).scalar_one())


def review_fact(conn: Connection, fact_id: int, status: ReviewStatus, *, reviewer: str,
                data: Mapping[str, Any] | None = None) -> Fact:
    """Record a review decision: confirm, reject, or edit (`data` given: status becomes `edited`).

    An edit keeps the record as first proposed in `original`, so the case file can show both.
    """
    current = get_fact(conn, fact_id)
    values: dict[str, Any] = {"status": status.value, "reviewed_by": reviewer,
                              "reviewed_at": datetime.now(UTC)}
    if data is not None:
        new = dict(data)
        new.setdefault("id", current.local_id)
        values.update(status=ReviewStatus.EDITED.value, data=new)
        if current.original is None:
            values["original"] = copy.deepcopy(dict(current.data))
        if current.kind is FactKind.EVENT:
            values.update(event_start=new.get("start"), event_end=new.get("end"), type=new.get("type") or current.type)
        if current.kind is FactKind.ENTITY:
            values["name"] = new.get("name")
    conn.execute(update(facts).where(facts.c.id == fact_id).values(**values))
    return get_fact(conn, fact_id)


def set_fact_sensitive(conn: Connection, fact_id: int, sensitive: bool | list[str] | None) -> Fact:
    """Mark a fact sensitive (True), public despite the default rules (False), some fields (a list),
    or clear the mark (None), stored as `data["sensitive"]`.

    Sensitivity is about who may see a fact, not about what it says, so the review status and the
    record as first proposed are left as they are.
    """
    fact = get_fact(conn, fact_id)
    data = dict(fact.data)
    if sensitive is None:
        data.pop("sensitive", None)
    else:
        data["sensitive"] = sensitive
    conn.execute(update(facts).where(facts.c.id == fact_id).values(data=data))
    return get_fact(conn, fact_id)


def extraction_for_document(conn: Connection, document_id: int, *,
                            include_rejected: bool = False) -> dict[str, list[dict[str, Any]]]:
    """The stored facts of a document, back in FORMAT.md shape (edits applied, rejected left out)."""
    out: dict[str, list[dict[str, Any]]] = {section: [] for section, _, _ in _SECTIONS}
    section_of = {kind: section for section, kind, _ in _SECTIONS}
    for fact in list_facts(conn, document_id=document_id):
        if fact.status is ReviewStatus.REJECTED and not include_rejected:
            continue
        record = dict(fact.data)
        record["fact_id"] = fact.id
        record["status"] = fact.status.value
        out[section_of[fact.kind]].append(record)
    return out
