"""Browsing the collection: filtered source lists, fact search with filters, statistics.

The web pages and the JSON API read through these. SQLAlchemy Core expressions with bound parameters
only (never formatted values); the two JSON-array clauses differ between SQLite and PostgreSQL, like
full-text search in `store/search.py`.
"""

from __future__ import annotations

import enum
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any

from sqlalchemy import (
    ColumnElement,
    Connection,
    Select,
    String,
    and_,
    case,
    cast,
    exists,
    func,
    literal,
    or_,
    select,
    text,
)

from aigak.core.models import Fact, FactKind, ReviewStatus, Span
from aigak.store.schema import documents, facts

__all__ = [
    "DocumentRow",
    "FactFilters",
    "SourceFilters",
    "SourceReview",
    "StatRow",
    "entity_names",
    "fact_counts_by_document",
    "facts_by_ids",
    "list_languages",
    "list_sources",
    "search_facts",
    "statistics",
]

UNDATED = "undated"
UNPLACED = "no place"


class SourceReview(enum.StrEnum):
    """Where a source stands in review: facts still proposed, all reviewed, or none extracted."""

    PENDING = "pending"
    REVIEWED = "reviewed"
    UNEXTRACTED = "unextracted"


@dataclass(frozen=True, slots=True)
class DocumentRow:
    """A document's metadata without its text (lists never load testimony text)."""

    id: int
    sha256: str
    media_type: str
    filename: str
    title: str | None
    author: str | None
    published: str | None
    language: str | None
    ingested_at: datetime
    size_bytes: int
    reference_date: str | None


@dataclass(frozen=True, slots=True)
class SourceFilters:
    """Filters of the sources list; all optional."""

    q: str | None = None
    language: str | None = None
    media_type: str | None = None
    review: SourceReview | None = None


def _contains(column: Any, needle: str) -> ColumnElement[bool]:
    return func.lower(column).contains(needle.lower(), autoescape=True)


def _fact_exists(*conditions: ColumnElement[bool]) -> Any:
    return exists().where(facts.c.document_id == documents.c.id, *conditions)


def _source_where(stmt: Select[Any], f: SourceFilters) -> Select[Any]:
    if f.q:
        stmt = stmt.where(or_(_contains(func.coalesce(documents.c.title, ""), f.q),
                              _contains(documents.c.filename, f.q)))
    if f.language:
        stmt = stmt.where(documents.c.language == f.language)
    if f.media_type:
        stmt = stmt.where(documents.c.media_type == f.media_type)
    if f.review is SourceReview.PENDING:
        stmt = stmt.where(_fact_exists(facts.c.status == ReviewStatus.PROPOSED.value))
    elif f.review is SourceReview.REVIEWED:
        stmt = stmt.where(_fact_exists(), ~_fact_exists(facts.c.status == ReviewStatus.PROPOSED.value))
    elif f.review is SourceReview.UNEXTRACTED:
        stmt = stmt.where(~_fact_exists())
    return stmt


def _aware(value: datetime) -> datetime:
    return value.replace(tzinfo=UTC) if value.tzinfo is None else value


def list_sources(conn: Connection, filters: SourceFilters, *, limit: int = 50,
                 offset: int = 0) -> tuple[list[DocumentRow], int]:
    """Documents matching the filters, newest first, and how many match in all."""
    cols = [documents.c.id, documents.c.sha256, documents.c.media_type, documents.c.filename,
            documents.c.title, documents.c.author, documents.c.published, documents.c.language,
            documents.c.ingested_at, documents.c.size_bytes, documents.c.reference_date]
    stmt = _source_where(select(*cols), filters).order_by(documents.c.id.desc()).limit(limit).offset(offset)
    rows = [DocumentRow(r.id, r.sha256, r.media_type, r.filename, r.title, r.author, r.published, r.language,
                        _aware(r.ingested_at), r.size_bytes, r.reference_date) for r in conn.execute(stmt)]
    total = conn.execute(_source_where(select(func.count()).select_from(documents), filters)).scalar_one()
    return rows, int(total)


def list_languages(conn: Connection) -> list[str]:
    """The languages documents were detected in, for the filter menu."""
    stmt = select(documents.c.language).where(documents.c.language.is_not(None)).distinct()
    return sorted(str(r[0]) for r in conn.execute(stmt))


def fact_counts_by_document(conn: Connection, document_ids: Sequence[int]) -> dict[int, dict[str, int]]:
    """For each document, how many of its facts have each review status."""
    if not document_ids:
        return {}
    stmt = (select(facts.c.document_id, facts.c.status, func.count())
            .where(facts.c.document_id.in_(list(document_ids))).group_by(facts.c.document_id, facts.c.status))
    out: dict[int, dict[str, int]] = {i: {} for i in document_ids}
    for doc_id, status, n in conn.execute(stmt):
        out[int(doc_id)][str(status)] = int(n)
    return out


def _fact_from_row(row: Any) -> Fact:
    return Fact(
        id=row.id, document_id=row.document_id, kind=FactKind(row.kind), type=row.type, local_id=row.local_id,
        data=row.data, evidence=tuple(Span(s, e) for s, e in row.evidence), confidence=row.confidence,
        status=ReviewStatus(row.status), backend=row.backend, created_at=_aware(row.created_at),
        original=row.original, reviewed_by=row.reviewed_by,
        reviewed_at=_aware(row.reviewed_at) if row.reviewed_at is not None else None,
    )


def facts_by_ids(conn: Connection, ids: Sequence[int]) -> list[Fact]:
    """Facts by id, in the order given (missing ids are left out)."""
    if not ids:
        return []
    found = {r.id: _fact_from_row(r) for r in conn.execute(select(facts).where(facts.c.id.in_(list(ids))))}
    return [found[i] for i in ids if i in found]


def entity_names(conn: Connection, document_ids: Iterable[int]) -> dict[int, dict[str, str]]:
    """For each document, its entities' display names by local id (to show events' subjects and places)."""
    ids = sorted(set(document_ids))
    out: dict[int, dict[str, str]] = {i: {} for i in ids}
    if not ids:
        return out
    stmt = select(facts.c.document_id, facts.c.local_id, facts.c.name,
                  facts.c.data["description"].as_string().label("description")).where(
        facts.c.document_id.in_(ids), facts.c.kind == FactKind.ENTITY.value)
    for r in conn.execute(stmt):
        out[int(r.document_id)][str(r.local_id)] = str(r.name or r.description or r.local_id)
    return out


@dataclass(frozen=True, slots=True)
class FactFilters:
    """Filters of the fact search; all optional. Dates are ISO, partial allowed (`2017`, `2017-03`).

    Attributes:
        kind: entity, relation, event or amount (events when a type, date or place is asked for).
        types: event types (or entity kinds, relation types).
        place: part of the name of the event's place.
        date_from, date_to: keep events whose dates overlap this range (undated ones are left out).
        year: keep events that began in this year (or ended in it, when no start is known).
        statuses: review statuses; rejected facts are left out unless asked for.
        ethnicity: keep events with at least one subject of this ethnicity.
        name: part of a person's name among the subjects (or the entity's name).
        document_ids: only facts of these documents (the documents a full-text query matched).
    """

    kind: FactKind | None = None
    types: tuple[str, ...] = ()
    place: str | None = None
    date_from: str | None = None
    date_to: str | None = None
    year: str | None = None
    statuses: tuple[ReviewStatus, ...] = ()
    ethnicity: str | None = None
    name: str | None = None
    document_ids: tuple[int, ...] | None = None

    @property
    def is_empty(self) -> bool:
        return not (self.kind or self.types or self.place or self.date_from or self.date_to or self.year
                    or self.statuses
                    or self.ethnicity or self.name or self.document_ids is not None)


MAX_LISTED_DOCUMENTS = 5000
_place = facts.alias("place_entity")  # another entity of the same document (a place, or a subject)


def _subject_exists(conn: Connection, condition_sql: str, **params: str) -> ColumnElement[bool]:
    """`EXISTS` a subject of the event (an entity of the same document) meeting `condition_sql` on `p`."""
    if conn.dialect.name == "postgresql":
        sql = ("EXISTS (SELECT 1 FROM json_array_elements_text(CASE WHEN json_typeof(facts.data -> 'subjects') "
               "= 'array' THEN facts.data -> 'subjects' ELSE '[]'::json END) AS s(v) "
               "JOIN facts AS p ON p.document_id = facts.document_id AND p.kind = 'entity' "
               f"AND p.local_id = s.v WHERE {condition_sql})")
    else:
        sql = ("EXISTS (SELECT 1 FROM json_each(CASE WHEN json_type(facts.data, '$.subjects') = 'array' "
               "THEN json_extract(facts.data, '$.subjects') ELSE '[]' END) AS s "
               "JOIN facts AS p ON p.document_id = facts.document_id AND p.kind = 'entity' "
               f"AND p.local_id = s.value WHERE {condition_sql})")
    return text(sql).bindparams(**params)  # type: ignore[return-value]


def _ethnicity_sql(conn: Connection) -> str:
    if conn.dialect.name == "postgresql":
        return "lower(p.data -> 'attributes' ->> 'ethnicity') = :ethnicity"
    return "lower(json_extract(p.data, '$.attributes.ethnicity')) = :ethnicity"


def _documents_where(conn: Connection, condition: ColumnElement[bool], cache: dict[str, Any], key: str) -> Any:
    """The documents with an entity meeting `condition`: looked up once per search (the page and its
    count both use it) and given as a list when short, else left as a subquery."""
    if key not in cache:
        ids = [int(r[0]) for r in conn.execute(
            select(_place.c.document_id).where(condition).distinct().limit(MAX_LISTED_DOCUMENTS + 1))]
        cache[key] = ids if len(ids) <= MAX_LISTED_DOCUMENTS else select(_place.c.document_id).where(condition)
    return cache[key]


def _fact_where(conn: Connection, stmt: Select[Any], f: FactFilters, cache: dict[str, Any]) -> Select[Any]:
    kind = f.kind
    if kind is None and (f.types or f.place or f.date_from or f.date_to or f.year or f.ethnicity):
        kind = FactKind.EVENT
    if kind is not None:
        stmt = stmt.where(facts.c.kind == kind.value)
    if f.types:
        stmt = stmt.where(facts.c.type.in_(list(f.types)))
    statuses = f.statuses or tuple(s for s in ReviewStatus if s is not ReviewStatus.REJECTED)
    stmt = stmt.where(facts.c.status.in_([s.value for s in statuses]))
    if f.document_ids is not None:
        stmt = stmt.where(facts.c.document_id.in_(list(f.document_ids)))
    lo = func.coalesce(facts.c.event_start, facts.c.event_end)
    hi = func.coalesce(facts.c.event_end, facts.c.event_start)
    if f.date_from:
        # "2017" as an end means the whole year: compare with a suffix that sorts after any ISO digit.
        stmt = stmt.where(hi.concat(literal("~")) >= f.date_from)
    if f.date_to:
        stmt = stmt.where(lo <= literal(f.date_to).concat(literal("~")))
    if f.year:
        stmt = stmt.where(_began_year() == f.year)
    if f.place:
        # Places are entities of the event's document: only the events of documents naming a matching
        # place are looked at, and of those the ones whose place is such an entity.
        named = and_(_place.c.kind == FactKind.ENTITY.value, _place.c.type == "place",
                     _contains(func.coalesce(_place.c.name, ""), f.place))
        stmt = stmt.where(facts.c.document_id.in_(_documents_where(conn, named, cache, "place")),
                          exists().where(named, _place.c.document_id == facts.c.document_id,
                                         _place.c.local_id == facts.c.data["place"].as_string()))
    if f.ethnicity:
        ethnicity = f.ethnicity.strip().lower()
        people = and_(_place.c.kind == FactKind.ENTITY.value, _place.c.type == "person",
                      func.lower(_place.c.data[("attributes", "ethnicity")].as_string()) == ethnicity)
        stmt = stmt.where(facts.c.document_id.in_(_documents_where(conn, people, cache, "ethnicity")),
                          _subject_exists(conn, _ethnicity_sql(conn), ethnicity=ethnicity))
    if f.name:
        needle = f.name.strip().lower()
        if kind is FactKind.EVENT:
            stmt = stmt.where(_subject_exists(conn, "lower(coalesce(p.name, '')) LIKE :name ESCAPE '\\'",
                                              name=_like(needle)))
        else:
            stmt = stmt.where(_contains(func.coalesce(facts.c.name, ""), needle))
    return stmt


def _began_year() -> Any:
    return func.substr(func.coalesce(facts.c.event_start, facts.c.event_end), 1, 4)


def _like(needle: str) -> str:
    return "%" + needle.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_") + "%"


def search_facts(conn: Connection, filters: FactFilters, *, limit: int = 50,
                 offset: int = 0) -> tuple[list[Fact], int]:
    """Facts matching the filters (events by date), and how many match in all."""
    cache: dict[str, Any] = {}
    ids_stmt = _fact_where(conn, select(facts.c.id), filters, cache)
    ids_stmt = ids_stmt.order_by(func.coalesce(facts.c.event_start, facts.c.event_end), facts.c.document_id,
                                 facts.c.id).limit(limit).offset(offset)
    ids = [int(r[0]) for r in conn.execute(ids_stmt)]
    count_stmt = _fact_where(conn, select(func.count(facts.c.id)), filters, cache)
    total = int(conn.execute(count_stmt).scalar_one())
    return facts_by_ids(conn, ids), total


@dataclass(frozen=True, slots=True)
class StatRow:
    """One bar of a chart: a label, how many events, how many people they happened to."""

    label: str
    events: int
    people: int


def _group_counts(conn: Connection, key: Any, extra_join: bool, statuses: Sequence[str],
                  limit: int | None) -> list[StatRow]:
    """Events and distinct (document, subject) pairs per value of `key`."""
    base = select(key.label("k"), facts.c.id, facts.c.document_id, facts.c.data).where(
        facts.c.kind == FactKind.EVENT.value, facts.c.status.in_(list(statuses)))
    if extra_join:
        base = base.select_from(facts.outerjoin(_place, and_(
            _place.c.document_id == facts.c.document_id, _place.c.kind == FactKind.ENTITY.value,
            _place.c.local_id == facts.c.data["place"].as_string())))
    sub = base.subquery()
    events = {str(k): int(n) for k, n in conn.execute(
        select(sub.c.k, func.count()).group_by(sub.c.k))}
    people = _people_counts(conn, sub)
    rows = [StatRow(k, n, people.get(k, 0)) for k, n in events.items()]
    rows.sort(key=lambda r: (-r.events, r.label))
    return rows[:limit] if limit else rows


def _people_counts(conn: Connection, sub: Any) -> dict[str, int]:
    if conn.dialect.name == "postgresql":
        subjects = func.json_array_elements_text(case(
            (func.json_typeof(sub.c.data["subjects"]) == "array", sub.c.data["subjects"]),
            else_=text("'[]'::json"))).table_valued("value").alias("s")
        value = subjects.c.value
    else:
        subjects = func.json_each(sub.c.data, "$.subjects").table_valued("value").alias("s")
        value = subjects.c.value
    pair = func.count(func.distinct(cast(sub.c.document_id, String).concat(literal(":")).concat(value)))
    stmt = select(sub.c.k, pair).select_from(sub.join(subjects, literal(True))).group_by(sub.c.k)
    return {str(k): int(n) for k, n in conn.execute(stmt)}


def statistics(conn: Connection, *, statuses: Sequence[ReviewStatus] | None = None,
               place_limit: int = 25) -> dict[str, list[StatRow]]:
    """Counts of events and of the people they happened to, by the year they began, by place and by type.

    People are counted once per document they are named in (the person registry links them across
    documents). Rejected facts are left out unless `statuses` asks for them.
    """
    wanted = [s.value for s in (statuses or [s for s in ReviewStatus if s is not ReviewStatus.REJECTED])]
    year = func.coalesce(_began_year(), UNDATED)
    place = func.coalesce(_place.c.name, facts.c.data["place"].as_string(), UNPLACED)
    by_year = _group_counts(conn, year, False, wanted, None)
    by_year.sort(key=lambda r: (r.label == UNDATED, r.label))
    return {
        "year": by_year,
        "place": _group_counts(conn, place, True, wanted, place_limit),
        "type": _group_counts(conn, facts.c.type, False, wanted, None),
    }


def totals(conn: Connection) -> Mapping[str, int]:
    """Headline numbers: documents, facts, events, and facts waiting for review."""
    n_docs = conn.execute(select(func.count()).select_from(documents)).scalar_one()
    rows = conn.execute(select(facts.c.kind, facts.c.status, func.count()).group_by(facts.c.kind, facts.c.status))
    out = {"documents": int(n_docs), "facts": 0, "events": 0, "proposed": 0}
    for kind, status, n in rows:
        out["facts"] += int(n)
        if kind == FactKind.EVENT.value and status != ReviewStatus.REJECTED.value:
            out["events"] += int(n)
        if status == ReviewStatus.PROPOSED.value:
            out["proposed"] += int(n)
    return out
