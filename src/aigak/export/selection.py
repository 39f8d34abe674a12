"""Which rows an export carries: the query (person, since, review status) and the documents and facts it selects."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from datetime import date
from typing import Any

from sqlalchemy import Connection

from aigak.core.errors import ConfigError
from aigak.core.models import Fact, FactKind, ReviewStatus, SourceDocument
from aigak.resolve import resolve_person_ref
from aigak.store.documents import count_documents, list_documents
from aigak.store.facts import list_facts
from aigak.store.persons import mentions_of

__all__ = ["ExportQuery", "Selection", "parse_since", "parse_statuses", "select_rows"]

_PAGE = 500


@dataclass(frozen=True, slots=True)
class ExportQuery:
    """What an export selects; written into its manifest as it was asked.

    Attributes:
        person: a person's name or registry id: only the sources that mention them, and in those
            only their own records, their relations and the events they took part in.
        since: only sources ingested on or after this day (for incremental copies to a partner).
        statuses: only facts with these review statuses; empty means every status but `rejected`.
    """

    person: str | None = None
    since: date | None = None
    statuses: tuple[ReviewStatus, ...] = ()

    def as_dict(self) -> dict[str, Any]:
        """The query as the manifest records it."""
        return {
            "person": self.person,
            "since": self.since.isoformat() if self.since else None,
            "status": [s.value for s in self.statuses] if self.statuses
            else [s.value for s in ReviewStatus if s is not ReviewStatus.REJECTED],
        }

    @property
    def effective_statuses(self) -> tuple[ReviewStatus, ...]:
        return self.statuses or tuple(s for s in ReviewStatus if s is not ReviewStatus.REJECTED)


@dataclass(frozen=True, slots=True)
class Selection:
    """The rows an export carries.

    Attributes:
        query: the query that selected them.
        documents: the sources, in id order.
        facts: the facts, in document and position order.
        person_ids: registry ids of the people selected (`--person`), else empty.
    """

    query: ExportQuery
    documents: tuple[SourceDocument, ...]
    facts: tuple[Fact, ...]
    person_ids: tuple[int, ...] = field(default=())


def parse_since(value: str | None) -> date | None:
    """`--since` as a date (`2019`, `2019-10` and `2019-10-06` are all accepted: the first day counts).

    Raises:
        ConfigError: the value is not an ISO date.
    """
    if not value:
        return None
    parts = value.strip().split("-")
    try:
        year = int(parts[0])
        month = int(parts[1]) if len(parts) > 1 else 1
        day = int(parts[2]) if len(parts) > 2 else 1
        return date(year, month, day)
    except (ValueError, IndexError):
        raise ConfigError(f"--since {value!r} is not a date; write it as 2019, 2019-10 or 2019-10-06.") from None


def parse_statuses(values: Iterable[str] | None) -> tuple[ReviewStatus, ...]:
    """`--status` values as review statuses.

    Raises:
        ConfigError: a value is not a review status.
    """
    out: list[ReviewStatus] = []
    for value in values or ():
        for part in value.split(","):
            try:
                out.append(ReviewStatus(part.strip().lower()))
            except ValueError:
                known = ", ".join(s.value for s in ReviewStatus)
                raise ConfigError(f"--status {part!r} is not a review status; use one of {known}.") from None
    return tuple(dict.fromkeys(out))


def _all_documents(conn: Connection) -> list[SourceDocument]:
    total = count_documents(conn)
    docs: list[SourceDocument] = []
    for offset in range(0, total, _PAGE):
        docs.extend(list_documents(conn, limit=_PAGE, offset=offset))
    return sorted(docs, key=lambda d: d.id)


def _person_scope(facts: Sequence[Fact], entity_ids: set[int]) -> list[Fact]:
    """The facts that concern the given person entities: themselves, their relations and events, and what those name."""
    by_doc: dict[int, list[Fact]] = defaultdict(list)
    for fact in facts:
        by_doc[fact.document_id].append(fact)
    kept: list[Fact] = []
    for doc_facts in by_doc.values():
        own = {f.local_id for f in doc_facts if f.id in entity_ids}
        if not own:
            continue
        wanted_entities = set(own)
        wanted: set[int] = set()
        for f in doc_facts:
            if f.kind is FactKind.RELATION and ({str(f.data.get("from")), str(f.data.get("to"))} & own):
                wanted.add(f.id)
                wanted_entities.update({str(f.data.get("from")), str(f.data.get("to"))})
            elif f.kind is FactKind.EVENT:
                people = {str(x) for x in [*(f.data.get("subjects") or []), *(f.data.get("agents") or [])]}
                if people & own:
                    wanted.add(f.id)
                    wanted_entities.update(people)
                    if f.data.get("place"):
                        wanted_entities.add(str(f.data.get("place")))
        kept.extend(f for f in doc_facts
                    if f.id in wanted or (f.kind is FactKind.ENTITY and f.local_id in wanted_entities))
    return kept


def _person_entities(conn: Connection, person: str) -> tuple[set[int], tuple[int, ...]]:
    """The entity facts of the person `--person` names (an id, `fact:ID` or a name), and their registry id.

    Raises:
        NotFound: nobody matches.
        ConfigError: several people match a name.
    """
    root = resolve_person_ref(conn, person)
    return {m.fact_id for m in mentions_of(conn, root)}, (root,)


def select_rows(conn: Connection, query: ExportQuery) -> Selection:
    """The documents and facts an export carries, as `query` asks.

    Raises:
        ConfigError: `--person` matches nobody.
    """
    documents = _all_documents(conn)
    if query.since is not None:
        documents = [d for d in documents if d.ingested_at.date() >= query.since]
    doc_ids = {d.id for d in documents}
    facts = [f for f in list_facts(conn, statuses=query.effective_statuses) if f.document_id in doc_ids]
    person_ids: tuple[int, ...] = ()
    if query.person:
        entity_ids, person_ids = _person_entities(conn, query.person)
        facts = _person_scope(facts, entity_ids)
        kept_docs = {f.document_id for f in facts}
        documents = [d for d in documents if d.id in kept_docs]
    return Selection(query, tuple(documents), tuple(facts), person_ids)
