"""Person profiles in the store: each person's mentions summed up for the resolver, kept or dropped.

A profile is derived data: `aigak.resolve.profile` builds it from a person's mentions and decides what
it holds; this module only keeps it. Every function here that changes a person's mentions (in
`aigak.store.persons`, or a re-extraction that deletes facts) drops the profiles it makes stale, so
a stored profile always sums up the mentions the person has now.

On PostgreSQL several writers may work at once (the web app beside a bulk run), so whoever drops a
person's profile, or reads it to save a new one, first holds that person's row until its transaction
ends (`hold_persons`): a profile built from mentions another writer is changing is never saved. On
SQLite the one writer holds the whole store already.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from typing import Any

from sqlalchemy import Connection, Select, delete, select
from sqlalchemy.dialects.postgresql import insert as pg_insert
from sqlalchemy.dialects.sqlite import insert as sqlite_insert

from aigak.store.schema import person_mentions, person_profiles, persons

__all__ = [
    "forget_profiles",
    "forget_profiles_of_document",
    "forget_profiles_of_mentions",
    "hold_persons",
    "save_profiles",
    "stored_profiles",
]


def hold_persons(conn: Connection, person_ids: Iterable[int] | Select[Any]) -> bool:
    """Keep other writers off these persons' mentions and profiles until this transaction ends
    (a row lock on PostgreSQL, taken in id order; nothing to do on SQLite, where this returns False).

    Returns True when the lock may have waited for another writer, whose changes are now visible."""
    if conn.dialect.name == "sqlite":
        return False
    wanted = person_ids if isinstance(person_ids, Select) else sorted(set(person_ids))
    conn.execute(select(persons.c.id).where(persons.c.id.in_(wanted)).order_by(persons.c.id)
                 .with_for_update()).all()
    return True


def stored_profiles(conn: Connection, person_ids: Iterable[int]) -> dict[int, dict[str, Any]]:
    """The stored profiles of these persons (root ids); persons without one are left out."""
    ids = sorted(set(person_ids))
    if not ids:
        return {}
    rows = conn.execute(select(person_profiles).where(person_profiles.c.person_id.in_(ids)))
    return {int(r.person_id): dict(r.profile) for r in rows}


def save_profiles(conn: Connection, profiles: Mapping[int, Mapping[str, Any]]) -> None:
    """Keep these profiles, replacing any stored for the same persons (hold the persons first)."""
    if not profiles:
        return
    insert = pg_insert if conn.dialect.name == "postgresql" else sqlite_insert
    stmt = insert(person_profiles)
    conn.execute(stmt.on_conflict_do_update(index_elements=[person_profiles.c.person_id],
                                            set_={"profile": stmt.excluded.profile}),
                 [{"person_id": pid, "profile": dict(p)} for pid, p in profiles.items()])


def _forget(conn: Connection, owners: Sequence[int] | Select[Any]) -> None:
    """Hold these persons (ids, or a query for them) and drop their profiles."""
    hold_persons(conn, owners)
    conn.execute(delete(person_profiles).where(person_profiles.c.person_id.in_(owners)))


def forget_profiles(conn: Connection, person_ids: Iterable[int]) -> None:
    """Drop the profiles of these persons (their mentions are changing)."""
    ids = sorted(set(person_ids))
    if ids:
        _forget(conn, ids)


def forget_profiles_of_mentions(conn: Connection, mention_ids: Iterable[int]) -> None:
    """Drop the profiles of the persons these mentions belong to now (before they move or go)."""
    ids = sorted(set(mention_ids))
    if ids:
        _forget(conn, select(person_mentions.c.person_id).where(person_mentions.c.id.in_(ids)))


def forget_profiles_of_document(conn: Connection, document_id: int) -> None:
    """Drop the profiles of every person with a mention in this document (its facts are about to be
    deleted, and the mentions with them)."""
    _forget(conn, select(person_mentions.c.person_id).where(person_mentions.c.document_id == document_id))
