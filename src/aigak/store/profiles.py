"""Person profiles in the store: each person's mentions summed up for the resolver, kept or dropped.

A profile is derived data: `aigak.resolve.profile` builds it from a person's mentions and decides what
it holds; this module only keeps it. Every function here that changes a person's mentions (in
`aigak.store.persons`, or a re-extraction that deletes facts) drops the profiles it makes stale, so
a stored profile always sums up the mentions the person has now.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from typing import Any

from sqlalchemy import Connection, delete, insert, select

from aigak.store.schema import person_mentions, person_profiles

__all__ = [
    "forget_profiles",
    "forget_profiles_of_document",
    "forget_profiles_of_mentions",
    "save_profiles",
    "stored_profiles",
]


def stored_profiles(conn: Connection, person_ids: Iterable[int]) -> dict[int, dict[str, Any]]:
    """The stored profiles of these persons (root ids); persons without one are left out."""
    ids = sorted(set(person_ids))
    if not ids:
        return {}
    rows = conn.execute(select(person_profiles).where(person_profiles.c.person_id.in_(ids)))
    return {int(r.person_id): dict(r.profile) for r in rows}


def save_profiles(conn: Connection, profiles: Mapping[int, Mapping[str, Any]]) -> None:
    """Keep these profiles, replacing any stored for the same persons."""
    if not profiles:
        return
    forget_profiles(conn, profiles)
    conn.execute(insert(person_profiles), [{"person_id": pid, "profile": dict(p)} for pid, p in profiles.items()])


def forget_profiles(conn: Connection, person_ids: Iterable[int]) -> None:
    """Drop the profiles of these persons (their mentions changed)."""
    ids = sorted(set(person_ids))
    if ids:
        conn.execute(delete(person_profiles).where(person_profiles.c.person_id.in_(ids)))


def forget_profiles_of_mentions(conn: Connection, mention_ids: Iterable[int]) -> None:
    """Drop the profiles of the persons these mentions belong to now (before they move or go)."""
    ids = sorted(set(mention_ids))
    if ids:
        owners = select(person_mentions.c.person_id).where(person_mentions.c.id.in_(ids))
        conn.execute(delete(person_profiles).where(person_profiles.c.person_id.in_(owners)))


def forget_profiles_of_document(conn: Connection, document_id: int) -> None:
    """Drop the profiles of every person with a mention in this document (its facts are about to be
    deleted, and the mentions with them)."""
    owners = select(person_mentions.c.person_id).where(person_mentions.c.document_id == document_id)
    conn.execute(delete(person_profiles).where(person_profiles.c.person_id.in_(owners)))
