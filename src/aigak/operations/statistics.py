"""The collection's statistics, as the web app, its API and `aigak stats` all show them."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

from sqlalchemy import Connection

from aigak.store.browse import StatRow, statistics, totals

__all__ = ["DIMENSIONS", "CollectionStatistics", "collection_statistics"]

DIMENSIONS = ("year", "place", "type")
"""The ways events are counted: by the year they began, by place, by event type."""


@dataclass(frozen=True, slots=True)
class CollectionStatistics:
    """Headline numbers, and events with the people they happened to by year, place and type.

    Attributes:
        totals: documents, facts, events (not rejected) and facts waiting for review.
        rows: for each of `DIMENSIONS`, one row per value, most events first (years in order).
    """

    totals: Mapping[str, int]
    rows: Mapping[str, list[StatRow]]


def collection_statistics(conn: Connection) -> CollectionStatistics:
    """Count the collection (rejected facts are not counted as events), in one read."""
    return CollectionStatistics(totals=dict(totals(conn)), rows=statistics(conn))
