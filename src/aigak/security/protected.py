"""What the registry knows about a person that redaction must hide: every name form, every home place,
whether the sources make them a relative left behind, and whether any source makes them a minor.

A case file shows a relative under one display name, but the sources call him `Nurlan Sadykov`,
`Nurlan Sadikov`, `Нурлан Садыков` and just `Nurlan`; redaction needs all of them. The same goes for
the home place, which one source gives as a village and another as its county.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from datetime import UTC, datetime
from functools import partial
from typing import TYPE_CHECKING, Any

from aigak.core.errors import NotFound
from aigak.core.models import FactKind, ReviewStatus
from aigak.security.redaction import (
    HOME_KEYS,
    PLACEHOLDERS,
    Move,
    Sensitivity,
    country_moves,
    has_left_country,
    hidden_entities,
    is_minor,
    place_forms,
    sensitive_flag,
)

if TYPE_CHECKING:
    from sqlalchemy import Connection

__all__ = ["PersonSources", "person_sources", "safe_person_sources"]

_SECTION = {FactKind.ENTITY: "entities", FactKind.RELATION: "relations", FactKind.EVENT: "events",
            FactKind.AMOUNT: "amounts"}
_LIVE = tuple(s for s in ReviewStatus if s is not ReviewStatus.REJECTED)


@dataclass(frozen=True, slots=True)
class PersonSources:
    """One registry person as the sources that mention them describe them.

    Attributes:
        person_id: the registry person (the root of any merge).
        names: every name their records give, in every source and script.
        aliases: the other forms their records give (a bare family name, a nickname).
        home_places: every home place (or birthplace, origin) their records give, with the other
            names of the place entity it names and each mention of it as the source writes it.
        relative_at_risk: `[relative]` when a source makes them a family member of someone (either
            end of the relation) and their sources, read together, do not show them out of the
            country of persecution (`has_left_country`); else None.
        minor_age: the age under 18 a source gives them (the youngest, when several do), or their age
            this year from a stated birth year when that is under 18; None when no source makes them
            a minor, or a reviewer marked them public.
    """

    person_id: int
    names: tuple[str, ...]
    aliases: tuple[str, ...]
    home_places: tuple[str, ...]
    relative_at_risk: str | None
    minor_age: int | None = None


def person_sources(conn: Connection, person_id: int) -> PersonSources:
    """Read every source that mentions a registry person (rejected records left out).

    Raises:
        NotFound: no person has that id.
    """
    from aigak.store.facts import list_facts
    from aigak.store.persons import get_person, mentions_of, root_of

    root = root_of(conn, person_id)
    record = get_person(conn, root)
    mentions = mentions_of(conn, root)
    by_doc: dict[int, set[int]] = defaultdict(set)
    names: list[str] = [record.display_name] if record.is_named and record.display_name else []
    for mention in mentions:
        by_doc[mention.document_id].add(mention.fact_id)
        if mention.name:
            names.append(mention.name)
    aliases: list[str] = []
    homes: list[str] = []
    hidden_somewhere = False
    moves: list[Move] = []
    ages: list[float] = []
    for document_id, fact_ids in sorted(by_doc.items()):
        facts = list_facts(conn, document_id=document_id, statuses=_LIVE)
        result: dict[str, list[dict[str, Any]]] = {"entities": [], "relations": [], "events": [], "amounts": []}
        for fact in facts:
            result[_SECTION[fact.kind]].append(dict(fact.data))
        entities = {str(e.get("id")): e for e in result["entities"]}
        own = {f.local_id for f in facts if f.id in fact_ids}
        for local_id in own:
            entity = entities.get(local_id) or {}
            if isinstance(entity.get("name"), str):
                names.append(str(entity["name"]))
            aliases.extend(str(n) for n in entity.get("aliases") or [] if isinstance(n, str))
            homes.extend(_home_values(entity, entities, partial(_text_of, conn, document_id)))
            ages.extend(_minor_ages(entity))
        document_moves = country_moves(result)
        moves.extend(m for local_id in own for m in document_moves.get(local_id, []))
        hidden = hidden_entities(result, left=())  # where they are is read below, from every source
        if any(hidden.get(local_id) == PLACEHOLDERS[Sensitivity.RELATIVE] for local_id in own):
            hidden_somewhere = True
    marked_public = any(sensitive_flag(f.data) is False for f in _entity_facts(conn, by_doc))
    # One reading of where they are, across every source: the same for publication, exports and case files.
    at_risk = (PLACEHOLDERS[Sensitivity.RELATIVE]
               if hidden_somewhere and not has_left_country(moves) and not marked_public else None)
    this_year = datetime.now(UTC).year
    ages.extend(this_year - m.birth_year for m in mentions if m.birth_year is not None and m.birth_year <= this_year)
    minor = [a for a in ages if is_minor(a)]
    return PersonSources(root, tuple(dict.fromkeys(n.strip() for n in names if n.strip())),
                         tuple(dict.fromkeys(n.strip() for n in aliases if n.strip())), tuple(dict.fromkeys(homes)),
                         at_risk, minor_age=int(min(minor)) if minor and not marked_public else None)


def _text_of(conn: Connection, document_id: int) -> str:
    from aigak.store.documents import get_document

    return get_document(conn, document_id).text


def _entity_facts(conn: Connection, by_doc: Mapping[int, set[int]]) -> list[Any]:
    from aigak.store.browse import facts_by_ids

    return facts_by_ids(conn, sorted(i for ids in by_doc.values() for i in ids))


def _home_values(entity: Mapping[str, Any], entities: Mapping[str, Mapping[str, Any]],
                 text: Callable[[], str]) -> list[str]:
    attributes = entity.get("attributes") or {}
    if not isinstance(attributes, Mapping):
        return []
    out: list[str] = []
    for key, value in attributes.items():
        if str(key).casefold() in HOME_KEYS and isinstance(value, str) and value.strip():
            out.extend(place_forms(value, entities, text()))
    return out


def _minor_ages(entity: Mapping[str, Any]) -> list[float]:
    """The age an entity's record gives, if it is a minor's (any source that makes them a child counts:
    hiding a name by mistake costs less than showing a child's)."""
    attributes = entity.get("attributes") or {}
    age = attributes.get("age") if isinstance(attributes, Mapping) else None
    return [float(str(age))] if is_minor(age) else []


def safe_person_sources(conn: Connection, person_id: int | None) -> PersonSources | None:
    """`person_sources`, or None for a missing id or a person no longer in the registry."""
    if person_id is None:
        return None
    try:
        return person_sources(conn, int(person_id))
    except NotFound:
        return None
