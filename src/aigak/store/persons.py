"""The person registry in the store: persons, the mentions that make them up, links and merge history.

Only SQL lives here; deciding who is whom is `aigak.resolve`'s job. A person that was merged into
another keeps its row with `merged_into` set, so old ids keep working and a merge can be undone.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any

from anyascii import anyascii
from sqlalchemy import Connection, Select, and_, delete, func, insert, or_, select, update

from aigak.core.errors import NotFound
from aigak.store.profiles import forget_profiles, forget_profiles_of_mentions
from aigak.store.schema import facts, person_keys, person_links, person_mentions, person_merges, persons

__all__ = [
    "BROAD_KEY_LIMIT",
    "MergeRecord",
    "PersonLink",
    "PersonMention",
    "PersonRecord",
    "PersonSummary",
    "add_link",
    "add_mention",
    "add_new_person_links",
    "birth_years_for_keys",
    "candidate_person_ids",
    "create_person",
    "delete_mention",
    "drop_links",
    "find_persons",
    "get_person",
    "list_links",
    "list_merges",
    "list_persons",
    "mentions_by_keys",
    "mentions_of",
    "mentions_of_facts",
    "mentions_of_persons",
    "move_mentions",
    "named_persons_with_facts_in",
    "normalize_query",
    "persons_named_in_document",
    "record_merge",
    "remove_links",
    "resolved_fact_ids",
    "root_of",
    "set_display_name",
    "set_merge_origin",
    "set_merged_into",
    "undo_merge_record",
    "unresolved_document_ids",
    "update_mention",
]

_MAX_HOPS = 1000
_CANDIDATE_LIMIT = 20
BROAD_KEY_LIMIT = 50
"""A blocking key that more mentions than this share is too unspecific to find candidates by (a given
name alone, a common stem with a big city): looking it up would make each new document's work grow
with the store. Full-name keys (`n|`, `k|`) are always used."""
_ALWAYS_LOOKED_UP = ("n|", "k|")


@dataclass(frozen=True, slots=True)
class PersonRecord:
    """One row of `persons`.

    Attributes:
        id: the person's id.
        display_name: the name shown for the person (the fullest name seen, or "brother of X").
        is_named: False for an unnamed relative known only by how they are related.
        merged_into: the person it was merged into, or None for a person in its own right.
    """

    id: int
    display_name: str
    is_named: bool
    merged_into: int | None
    created_at: datetime
    updated_at: datetime


@dataclass(frozen=True, slots=True)
class PersonMention:
    """A person entity of one document, as held by the registry.

    Attributes:
        id: the mention's id in the registry.
        person_id: the person it currently belongs to.
        fact_id: the entity fact it is.
        document_id: the document the fact comes from.
        name: the name as written (None for an unnamed relative).
        features: the resolver's features (JSON), see `aigak.resolve.features.MentionFeatures`.
        assigned_by: `new` (started its own person), `auto` (joined by the resolver) or `user`.
        score: the bits with which the resolver joined it, when it did.
    """

    id: int
    person_id: int
    fact_id: int
    document_id: int
    name: str | None
    features: Mapping[str, Any]
    birth_year: int | None
    assigned_by: str
    score: float | None


@dataclass(frozen=True, slots=True)
class PersonSummary:
    """A person as a list shows it.

    Attributes:
        id: the person's id (a person in its own right, never a merged one).
        name: the display name.
        names: every distinct name form its mentions give.
        mention_count: how many person entities (one per document) make it up.
        document_ids: the documents they come from.
        birth_year: the birth year most mentions give, if any.
        is_named: False for an unnamed relative.
    """

    id: int
    name: str
    names: tuple[str, ...]
    mention_count: int
    document_ids: tuple[int, ...]
    birth_year: int | None
    is_named: bool


@dataclass(frozen=True, slots=True)
class PersonLink:
    """A `possible` or `apart` link between two persons (ids as stored; resolve them to roots)."""

    id: int
    person_a: int
    person_b: int
    kind: str
    score: float | None
    reasons: tuple[str, ...]
    actor: str
    created_at: datetime


@dataclass(frozen=True, slots=True)
class MergeRecord:
    """One join of two persons, with the mentions it moved, and whether it was undone."""

    id: int
    kind: str
    survivor_id: int
    absorbed_id: int
    mention_ids: tuple[int, ...]
    score: float | None
    reasons: tuple[str, ...]
    actor: str
    at: datetime
    undone_at: datetime | None
    undone_by: str | None


def _aware(value: datetime | None) -> datetime | None:
    return value.replace(tzinfo=UTC) if value is not None and value.tzinfo is None else value


def _now() -> datetime:
    return datetime.now(UTC)


def normalize_query(text: str) -> list[str]:
    """Search words as the store compares them: ASCII (any script transliterated), lower case."""
    return [w for w in re.split(r"[^a-z0-9]+", anyascii(text).lower()) if w]


def create_person(conn: Connection, display_name: str, *, is_named: bool = True) -> int:
    """A new person in its own right; returns its id."""
    now = _now()
    return int(conn.execute(insert(persons).values(
        display_name=display_name, is_named=is_named, merged_into=None, created_at=now,
        updated_at=now).returning(persons.c.id)).scalar_one())


def get_person(conn: Connection, person_id: int) -> PersonRecord:
    """One person row (merged or not).

    Raises:
        NotFound: no person has that id.
    """
    row = conn.execute(select(persons).where(persons.c.id == person_id)).first()
    if row is None:
        raise NotFound(f"No person with id {person_id}. List them with `aigak people`.")
    created, updated = _aware(row.created_at), _aware(row.updated_at)
    assert created is not None and updated is not None
    return PersonRecord(row.id, row.display_name, bool(row.is_named), row.merged_into, created, updated)


def root_of(conn: Connection, person_id: int) -> int:
    """The person a (possibly merged) person id now stands for.

    Raises:
        NotFound: no person has that id.
    """
    current = person_id
    for _ in range(_MAX_HOPS):
        row = conn.execute(select(persons.c.merged_into).where(persons.c.id == current)).first()
        if row is None:
            raise NotFound(f"No person with id {person_id}. List them with `aigak people`.")
        if row.merged_into is None:
            return current
        current = int(row.merged_into)
    raise NotFound(f"Person {person_id} points in a circle of merges; undo the last merge.")


def set_merged_into(conn: Connection, person_id: int, into: int | None) -> None:
    """Mark a person as merged into another (or, with None, as a person in its own right again)."""
    conn.execute(update(persons).where(persons.c.id == person_id).values(merged_into=into, updated_at=_now()))


def set_display_name(conn: Connection, person_id: int, name: str) -> None:
    """Change the name shown for a person."""
    conn.execute(update(persons).where(persons.c.id == person_id).values(display_name=name, updated_at=_now()))


def add_mention(conn: Connection, *, person_id: int, fact_id: int, document_id: int, name: str | None,
                features: Mapping[str, Any], keys: Iterable[str], search_text: str,
                birth_year: int | None, assigned_by: str = "new", score: float | None = None) -> int:
    """Register a person entity as a mention of a person, with its keys; returns the mention id."""
    forget_profiles(conn, [person_id])
    mention_id = int(conn.execute(insert(person_mentions).values(
        person_id=person_id, fact_id=fact_id, document_id=document_id, name=name,
        search_text=search_text.lower(), features=dict(features), birth_year=birth_year,
        assigned_by=assigned_by, score=score, created_at=_now()).returning(person_mentions.c.id)).scalar_one())
    _insert_keys(conn, mention_id, keys)
    return mention_id


def _insert_keys(conn: Connection, mention_id: int, keys: Iterable[str]) -> None:
    rows = [{"mention_id": mention_id, "key": k[:200]} for k in sorted(set(keys))]
    if rows:
        conn.execute(insert(person_keys), rows)


def update_mention(conn: Connection, mention_id: int, *, name: str | None, features: Mapping[str, Any],
                   keys: Iterable[str], search_text: str, birth_year: int | None) -> None:
    """Give a mention new features and keys (a reviewer corrected the name), where it is."""
    forget_profiles_of_mentions(conn, [mention_id])
    conn.execute(update(person_mentions).where(person_mentions.c.id == mention_id).values(
        name=name, features=dict(features), search_text=search_text.lower(), birth_year=birth_year))
    conn.execute(delete(person_keys).where(person_keys.c.mention_id == mention_id))
    _insert_keys(conn, mention_id, keys)


def delete_mention(conn: Connection, mention_id: int) -> None:
    """Take a mention and its keys out of the registry (it is registered again right after)."""
    forget_profiles_of_mentions(conn, [mention_id])
    conn.execute(delete(person_keys).where(person_keys.c.mention_id == mention_id))
    conn.execute(delete(person_mentions).where(person_mentions.c.id == mention_id))


def drop_links(conn: Connection, person_id: int, kind: str) -> int:
    """Remove every link of one kind that touches a person (one left without mentions)."""
    result = conn.execute(delete(person_links).where(person_links.c.kind == kind, or_(
        person_links.c.person_a == person_id, person_links.c.person_b == person_id)))
    return int(result.rowcount or 0)


def _row_to_mention(row: Any) -> PersonMention:
    return PersonMention(id=row.id, person_id=row.person_id, fact_id=row.fact_id, document_id=row.document_id,
                         name=row.name, features=row.features or {}, birth_year=row.birth_year,
                         assigned_by=row.assigned_by, score=row.score)


def mentions_of(conn: Connection, person_id: int) -> list[PersonMention]:
    """The mentions that belong to a person right now (give a root id), oldest first."""
    rows = conn.execute(select(person_mentions).where(person_mentions.c.person_id == person_id)
                        .order_by(person_mentions.c.document_id, person_mentions.c.id))
    return [_row_to_mention(r) for r in rows]


def mentions_of_persons(conn: Connection, person_ids: Iterable[int]) -> dict[int, list[PersonMention]]:
    """The mentions of several persons in one query (each a root id), each person's oldest first."""
    ids = sorted(set(person_ids))
    out: dict[int, list[PersonMention]] = {pid: [] for pid in ids}
    if not ids:
        return out
    rows = conn.execute(select(person_mentions).where(person_mentions.c.person_id.in_(ids))
                        .order_by(person_mentions.c.document_id, person_mentions.c.id))
    for r in rows:
        out[int(r.person_id)].append(_row_to_mention(r))
    return out


def mentions_of_facts(conn: Connection, fact_ids: Iterable[int]) -> list[PersonMention]:
    """The registry mentions of these entity facts (those that have one)."""
    ids = sorted(set(fact_ids))
    if not ids:
        return []
    rows = conn.execute(select(person_mentions).where(person_mentions.c.fact_id.in_(ids)))
    return [_row_to_mention(r) for r in rows]


def persons_named_in_document(conn: Connection, document_id: int) -> set[int]:
    """The persons (root ids) with a named mention in this document: none of them can be another
    person named in the same source."""
    rows = conn.execute(select(person_mentions.c.person_id).distinct().where(
        person_mentions.c.document_id == document_id, person_mentions.c.name.is_not(None)))
    return {int(r.person_id) for r in rows}


def resolved_fact_ids(conn: Connection, document_id: int) -> set[int]:
    """Entity facts of a document that already have a place in the registry."""
    rows = conn.execute(select(person_mentions.c.fact_id).where(person_mentions.c.document_id == document_id))
    return {int(r.fact_id) for r in rows}


def _ranked_by_keys(conn: Connection, columns: Sequence[Any], keys: Iterable[str], exclude_document: int | None,
                    limit: int, broad_limit: int) -> Select[Any] | None:
    """The statement behind `mentions_by_keys` and `candidate_person_ids`, selecting `columns`."""
    wanted = sorted(set(keys))
    if not wanted:
        return None
    sizes = conn.execute(select(person_keys.c.key, func.count()).where(person_keys.c.key.in_(wanted))
                         .group_by(person_keys.c.key)).all()
    wanted = sorted(key for key, size in sizes if size <= broad_limit or key.startswith(_ALWAYS_LOOKED_UP))
    if not wanted:
        return None
    shared = func.count().label("shared")
    ranked = (select(person_keys.c.mention_id, shared).where(person_keys.c.key.in_(wanted))
              .group_by(person_keys.c.mention_id).subquery())
    stmt = select(*columns).join(ranked, ranked.c.mention_id == person_mentions.c.id)
    if exclude_document is not None:
        stmt = stmt.where(person_mentions.c.document_id != exclude_document)
    return stmt.order_by(ranked.c.shared.desc(), person_mentions.c.id.desc()).limit(limit)


def mentions_by_keys(conn: Connection, keys: Iterable[str], *, exclude_document: int | None = None,
                     limit: int = _CANDIDATE_LIMIT, broad_limit: int = BROAD_KEY_LIMIT) -> list[PersonMention]:
    """Mentions sharing at least one key with the given ones: the resolver's candidates, by index.

    Keys shared by more than `broad_limit` mentions are skipped (see `BROAD_KEY_LIMIT`), and of the
    rest the `limit` mentions sharing the most keys come first (the newest among equals), so the cost
    of resolving one document stays flat as the store grows.
    """
    stmt = _ranked_by_keys(conn, [person_mentions], keys, exclude_document, limit, broad_limit)
    return [] if stmt is None else [_row_to_mention(r) for r in conn.execute(stmt)]


def candidate_person_ids(conn: Connection, keys: Iterable[str], *, exclude_document: int | None = None,
                         limit: int = _CANDIDATE_LIMIT, broad_limit: int = BROAD_KEY_LIMIT) -> list[int]:
    """The persons of the mentions `mentions_by_keys` would return, best first, each once.

    The resolver scores each candidate person as a whole (from its profile), so it needs the persons,
    not the candidate mentions themselves.
    """
    stmt = _ranked_by_keys(conn, [person_mentions.c.person_id], keys, exclude_document, limit, broad_limit)
    return [] if stmt is None else list(dict.fromkeys(int(r.person_id) for r in conn.execute(stmt)))


def birth_years_for_keys(conn: Connection, keys: Iterable[str]) -> list[int]:
    """The distinct birth years of the mentions bearing any of these name keys, ascending (how many
    people share a name). Distinct, because a common name's mentions grow with the store while the
    years they give do not."""
    wanted = sorted(set(keys))
    if not wanted:
        return []
    stmt = (select(person_mentions.c.birth_year).distinct()
            .join(person_keys, person_keys.c.mention_id == person_mentions.c.id)
            .where(person_keys.c.key.in_(wanted), person_mentions.c.birth_year.is_not(None))
            .order_by(person_mentions.c.birth_year))
    return [int(r.birth_year) for r in conn.execute(stmt)]


def move_mentions(conn: Connection, mention_ids: Iterable[int], to_person: int, *, assigned_by: str) -> int:
    """Move mentions to another person (a merge or a split); returns how many moved."""
    ids = sorted(set(mention_ids))
    if not ids:
        return 0
    forget_profiles_of_mentions(conn, ids)
    forget_profiles(conn, [to_person])
    result = conn.execute(update(person_mentions).where(person_mentions.c.id.in_(ids))
                          .values(person_id=to_person, assigned_by=assigned_by))
    return int(result.rowcount or 0)


def add_link(conn: Connection, a: int, b: int, kind: str, *, actor: str, score: float | None = None,
             reasons: Sequence[str] = ()) -> None:
    """Record (or refresh) a `possible` or `apart` link between two persons."""
    lo, hi = min(a, b), max(a, b)
    existing = conn.execute(select(person_links.c.id).where(
        person_links.c.person_a == lo, person_links.c.person_b == hi, person_links.c.kind == kind)).first()
    if existing is not None:
        conn.execute(update(person_links).where(person_links.c.id == existing.id).values(
            score=score, reasons=list(reasons), actor=actor, created_at=_now()))
        return
    conn.execute(insert(person_links).values(person_a=lo, person_b=hi, kind=kind, score=score,
                                             reasons=list(reasons), actor=actor, created_at=_now()))


def add_new_person_links(conn: Connection, person_id: int, others: Sequence[tuple[int, float, Sequence[str]]],
                         kind: str, *, actor: str) -> None:
    """Record the links of a person just created, as (other person, score, reasons), in one statement.

    A new person has no links yet, so there is nothing to refresh (unlike `add_link`)."""
    if not others:
        return
    now = _now()
    conn.execute(insert(person_links), [
        {"person_a": min(person_id, other), "person_b": max(person_id, other), "kind": kind, "score": score,
         "reasons": list(reasons), "actor": actor, "created_at": now} for other, score, reasons in others])


def remove_links(conn: Connection, person_ids_a: Iterable[int], person_ids_b: Iterable[int], kind: str) -> int:
    """Remove links of one kind between any person of the first group and any of the second."""
    a, b = sorted(set(person_ids_a)), sorted(set(person_ids_b))
    if not a or not b:
        return 0
    result = conn.execute(delete(person_links).where(person_links.c.kind == kind, or_(
        and_(person_links.c.person_a.in_(a), person_links.c.person_b.in_(b)),
        and_(person_links.c.person_a.in_(b), person_links.c.person_b.in_(a)))))
    return int(result.rowcount or 0)


def list_links(conn: Connection, person_ids: Iterable[int], *, kind: str | None = None) -> list[PersonLink]:
    """Links touching any of these person ids."""
    ids = sorted(set(person_ids))
    if not ids:
        return []
    stmt = select(person_links).where(or_(person_links.c.person_a.in_(ids), person_links.c.person_b.in_(ids)))
    if kind is not None:
        stmt = stmt.where(person_links.c.kind == kind)
    out = []
    for r in conn.execute(stmt.order_by(person_links.c.id)):
        created = _aware(r.created_at)
        assert created is not None
        out.append(PersonLink(r.id, r.person_a, r.person_b, r.kind, r.score, tuple(r.reasons or ()), r.actor,
                              created))
    return out


def record_merge(conn: Connection, *, kind: str, survivor_id: int, absorbed_id: int,
                 mention_ids: Iterable[int], actor: str, score: float | None = None,
                 reasons: Sequence[str] = ()) -> int:
    """Write the history row of a join; returns its id."""
    return int(conn.execute(insert(person_merges).values(
        kind=kind, survivor_id=survivor_id, absorbed_id=absorbed_id, mention_ids=sorted(set(mention_ids)),
        score=score, reasons=list(reasons), actor=actor, at=_now()).returning(person_merges.c.id)).scalar_one())


def _row_to_merge(r: Any) -> MergeRecord:
    at = _aware(r.at)
    assert at is not None
    return MergeRecord(r.id, r.kind, r.survivor_id, r.absorbed_id, tuple(r.mention_ids or ()), r.score,
                       tuple(r.reasons or ()), r.actor, at, _aware(r.undone_at), r.undone_by)


def list_merges(conn: Connection, person_ids: Iterable[int] | None = None, *,
                include_undone: bool = True) -> list[MergeRecord]:
    """Merge history touching these persons (as survivor or absorbed), oldest first."""
    stmt = select(person_merges)
    if person_ids is not None:
        ids = sorted(set(person_ids))
        stmt = stmt.where(or_(person_merges.c.survivor_id.in_(ids), person_merges.c.absorbed_id.in_(ids)))
    if not include_undone:
        stmt = stmt.where(person_merges.c.undone_at.is_(None))
    return [_row_to_merge(r) for r in conn.execute(stmt.order_by(person_merges.c.id))]


def set_merge_origin(conn: Connection, merge_id: int, *, actor: str, at: datetime) -> None:
    """Credit a merge to who made it and when: an import restoring a merge made in another store."""
    conn.execute(update(person_merges).where(person_merges.c.id == merge_id).values(actor=actor, at=at))


def undo_merge_record(conn: Connection, merge_id: int, *, actor: str) -> bool:
    """Mark a merge as undone (the caller moves the mentions back); False when it was undone already.

    The mark is taken only while the merge stands, in one statement, so of two people undoing the
    same merge at once exactly one gets it (the other's statement waits for the first and then
    finds nothing left to mark).
    """
    done = conn.execute(update(person_merges).where(person_merges.c.id == merge_id,
                                                    person_merges.c.undone_at.is_(None)).values(
        undone_at=_now(), undone_by=actor))
    return bool(done.rowcount)


def _summaries(conn: Connection, person_ids: Sequence[int]) -> list[PersonSummary]:
    if not person_ids:
        return []
    rows = conn.execute(select(persons.c.id, persons.c.display_name, persons.c.is_named)
                        .where(persons.c.id.in_(list(person_ids))))
    info = {r.id: r for r in rows}
    grouped: dict[int, list[Any]] = {pid: [] for pid in person_ids}
    for m in conn.execute(select(person_mentions.c.person_id, person_mentions.c.name, person_mentions.c.document_id,
                                 person_mentions.c.birth_year)
                          .where(person_mentions.c.person_id.in_(list(person_ids)))
                          .order_by(person_mentions.c.id)):
        grouped[m.person_id].append(m)
    out = []
    for pid in person_ids:
        row = info.get(pid)
        if row is None:
            continue
        ms = grouped[pid]
        names = tuple(dict.fromkeys(m.name for m in ms if m.name))
        years = sorted(m.birth_year for m in ms if m.birth_year is not None)
        out.append(PersonSummary(id=pid, name=row.display_name, names=names, mention_count=len(ms),
                                 document_ids=tuple(sorted({m.document_id for m in ms})),
                                 birth_year=years[len(years) // 2] if years else None,
                                 is_named=bool(row.is_named)))
    return out


def list_persons(conn: Connection, *, query: str | None = None, limit: int = 50, offset: int = 0,
                 folded_terms: Sequence[str] | None = None) -> list[PersonSummary]:
    """Persons in their own right that have at least one mention, most mentioned first.

    Args:
        query: words that must all occur in one of the person's names (any script: compared in
            ASCII, lower case).
        limit, offset: the page.
        folded_terms: name stems in the resolver's folded spelling (`aigak.resolve.query_terms`);
            a person matches when any of its mentions has all of them, whatever the spelling.
    """
    has_mentions = select(person_mentions.c.person_id).distinct()
    if query or folded_terms:
        alternatives: list[Any] = []
        words = normalize_query(query or "")
        if words:
            alternatives.append(and_(*[person_mentions.c.search_text.contains(w, autoescape=True) for w in words]))
        if folded_terms:
            alternatives.append(and_(*[person_mentions.c.id.in_(
                select(person_keys.c.mention_id).where(person_keys.c.key == f"t|{term}")) for term in folded_terms]))
        if not alternatives:
            return []
        has_mentions = has_mentions.where(or_(*alternatives))
    counts = (select(person_mentions.c.person_id, func.count().label("n"))
              .group_by(person_mentions.c.person_id).subquery())
    stmt = (select(persons.c.id).join(counts, counts.c.person_id == persons.c.id)
            .where(persons.c.merged_into.is_(None), persons.c.id.in_(has_mentions))
            .order_by(persons.c.is_named.desc(), counts.c.n.desc(), persons.c.id).offset(offset).limit(limit))
    ids = [int(r.id) for r in conn.execute(stmt)]
    return _summaries(conn, ids)


def find_persons(conn: Connection, name_or_id: str | int, *,
                 folded_terms: Sequence[str] | None = None) -> list[PersonSummary]:
    """The persons a user means by an id (`12`, `person:12`; a merged id gives the person it joined)
    or by a name (see `list_persons`)."""
    text = str(name_or_id).strip()
    if text.startswith("person:"):
        text = text.split(":", 1)[1]
    if text.isdigit():
        try:
            root = root_of(conn, int(text))
        except NotFound:
            return []
        return _summaries(conn, [root])
    return list_persons(conn, query=text, folded_terms=folded_terms, limit=50)


def unresolved_document_ids(conn: Connection) -> list[int]:
    """Documents with live person entities that have no place in the registry yet (oldest first)."""
    registered = select(person_mentions.c.fact_id)
    stmt = (select(facts.c.document_id).where(facts.c.kind == "entity", facts.c.type == "person",
                                              facts.c.status != "rejected", facts.c.id.not_in(registered))
            .distinct().order_by(facts.c.document_id))
    return [int(r.document_id) for r in conn.execute(stmt)]


def named_persons_with_facts_in(conn: Connection, statuses: Sequence[str]) -> set[int]:
    """Named persons (roots) with at least one mention whose fact has one of these review statuses."""
    from sqlalchemy import exists

    reviewed = exists().where(person_mentions.c.person_id == persons.c.id, facts.c.id == person_mentions.c.fact_id,
                              facts.c.status.in_(list(statuses)))
    stmt = select(persons.c.id).where(persons.c.merged_into.is_(None), persons.c.is_named.is_(True), reviewed)
    return {int(r[0]) for r in conn.execute(stmt)}
