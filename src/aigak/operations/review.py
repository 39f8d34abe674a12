"""Review decisions on facts, checked and written together with their audit record."""

from __future__ import annotations

import calendar
import re
from collections.abc import Iterable, Mapping, Sequence
from datetime import UTC, datetime
from typing import Any

from sqlalchemy import Connection

from aigak.core.errors import AigakError
from aigak.core.models import EVENT_TYPES, RELATION_TYPES, Fact, FactKind, ReviewStatus
from aigak.store.audit import append_audit
from aigak.store.engine import Store
from aigak.store.facts import get_fact, list_facts, review_fact
from aigak.store.persons import mentions_of, root_of

__all__ = ["EDITABLE_FIELDS", "InvalidEdit", "ReviewConflict", "check_edit", "check_seen", "entity_label",
           "parse_review_date", "proposed_facts", "review"]

EDITABLE_FIELDS: dict[FactKind, tuple[str, ...]] = {
    FactKind.EVENT: ("type", "start", "end", "subjects", "agents", "place"),
    FactKind.ENTITY: ("name", "aliases", "description", "attributes"),
    FactKind.RELATION: ("type", "from", "to"),
    FactKind.AMOUNT: ("value", "currency"),
}
"""The fields a reviewer may change, by kind of fact; the evidence and identifiers stay as extracted."""

_DATE = re.compile(r"^(\d{4})(?:-(\d{2})(?:-(\d{2}))?)?$")
_CURRENCY = re.compile(r"^[A-Z]{3}$")
_MAX_NAME = 300


class InvalidEdit(AigakError):
    """A review edit the store cannot keep (an impossible date, an unknown person or place); nothing
    was saved, and the message says what to write instead."""

    status = 422


class ReviewConflict(AigakError):
    """The fact changed since the reviewer read it (another reviewer decided first); nothing was saved.

    Attributes:
        current: the fact as it is now stored, to show the reviewer before they decide again.
    """

    status = 409

    def __init__(self, message: str, *, current: Fact) -> None:
        super().__init__(message)
        self.current = current


def _same_time(a: datetime | None, b: datetime | None) -> bool:
    if a is None or b is None:
        return a is b
    return (a if a.tzinfo else a.replace(tzinfo=UTC)) == (b if b.tzinfo else b.replace(tzinfo=UTC))


def check_seen(fact: Fact, seen_status: ReviewStatus | None, seen_reviewed_at: datetime | str | None = None) -> None:
    """Refuse a decision made on a stale view of the fact (optimistic concurrency).

    Args:
        fact: the fact as stored now.
        seen_status: the status the reviewer saw; None skips the check (a caller that showed nothing).
        seen_reviewed_at: when the fact was last reviewed as the reviewer saw it (`reviewed_at`, ISO
            8601); None checks the status only.

    Raises:
        ReviewConflict: the status (or the time of the last review) is not the one the reviewer saw;
            the message names who changed it and when.
    """
    if seen_status is None:
        return
    seen_at = (datetime.fromisoformat(seen_reviewed_at) if isinstance(seen_reviewed_at, str) and seen_reviewed_at
               else seen_reviewed_at if isinstance(seen_reviewed_at, datetime) else None)
    changed = fact.status is not ReviewStatus(seen_status)
    if not changed and seen_at is not None:
        changed = not _same_time(fact.reviewed_at, seen_at)
    if not changed:
        return
    who = fact.reviewed_by or "someone"
    when = f" on {fact.reviewed_at.astimezone(UTC):%Y-%m-%d at %H:%M:%S} UTC" if fact.reviewed_at else ""
    raise ReviewConflict(
        f"Fact {fact.id} changed after you opened it: {who} marked it {fact.status.value}{when} (you saw it "
        f"{ReviewStatus(seen_status).value}). Nothing was saved; read it as it is now and decide again.",
        current=fact)


def parse_review_date(value: Any, what: str = "date") -> str | None:
    """A reviewer's date at the precision the source supports: `2017`, `2017-03` or `2017-03-14`.

    Empty (`""`, `None`) clears the date.

    Raises:
        InvalidEdit: another form (`31/02/2022`), or a month or day the calendar does not have
            (`2022-13-45`, `2021-02-30`).
    """
    if value is None:
        return None
    text = str(value).strip()
    if not text:
        return None
    m = _DATE.match(text)
    if m is None:
        raise InvalidEdit(f"The {what} {text[:40]!r} is not a date aigak stores: write the year, year-month or "
                          "full date the source supports, as 2017, 2017-03 or 2017-03-14.")
    year, month, day = int(m.group(1)), m.group(2), m.group(3)
    if month is not None and not 1 <= int(month) <= 12:
        raise InvalidEdit(f"The {what} {text!r} has no month {month}: months run from 01 to 12.")
    if day is not None:
        last = calendar.monthrange(year, int(month or 1))[1]
        if not 1 <= int(day) <= last:
            raise InvalidEdit(f"The {what} {text!r} does not exist: {calendar.month_name[int(month or 1)]} {year} "
                              f"has {last} days.")
    return text


def entity_label(entity: Fact) -> str:
    """How a reviewer knows an entity of the document: its name, else its description, else its id."""
    return str(entity.data.get("name") or entity.data.get("description") or entity.local_id)


def _entity_ref(ref: Any, entities: Sequence[Fact], kinds: Iterable[str], what: str) -> str:
    """The local id of the entity `ref` names: its id (`p1`), or its name or an alias, any case."""
    wanted = set(kinds)
    candidates = [e for e in entities if e.type in wanted]
    text = str(ref).strip()
    by_id = [e for e in candidates if e.local_id == text]
    if by_id:
        return by_id[0].local_id
    folded = text.casefold()
    named = [e for e in candidates
             if folded in {str(n).casefold() for n in [e.data.get("name"), e.data.get("description"),
                                                        *(e.data.get("aliases") or [])] if n}]
    ids = list(dict.fromkeys(e.local_id for e in named))
    if len(ids) == 1:
        return ids[0]
    known = ", ".join(dict.fromkeys(entity_label(e) for e in candidates)) or "none"
    if len(ids) > 1:
        raise InvalidEdit(f"{text[:60]!r} names more than one {what} in this document; use the id: "
                          + ", ".join(f"{i} ({entity_label(e)})" for i in ids for e in named if e.local_id == i) + ".")
    raise InvalidEdit(f"No {what} {text[:60]!r} in this document; it names: {known[:400]}.")


def _as_list(value: Any) -> list[Any]:
    if value is None or value == "":
        return []
    if isinstance(value, str):
        return [part for part in (p.strip() for p in value.split(",")) if part]
    if isinstance(value, (list, tuple)):
        return list(value)
    raise InvalidEdit(f"Expected a list of names or ids, not {str(value)[:40]!r}.")


def _check_event(new: dict[str, Any], changed: set[str], entities: Sequence[Fact]) -> None:
    if "type" in changed and new.get("type") not in EVENT_TYPES:
        raise InvalidEdit(f"Unknown event type {str(new.get('type'))[:40]!r}; choose one of: {', '.join(EVENT_TYPES)}.")
    for key in ("start", "end"):
        if key in changed:
            new[key] = parse_review_date(new.get(key), f"{key} date")
    start, end = new.get("start"), new.get("end")
    if ({"start", "end"} & changed) and start and end and str(end) < str(start)[: len(str(end))]:
        raise InvalidEdit(f"The end date {end} is before the start date {start}.")
    for key in ("subjects", "agents"):
        if key in changed:
            refs = [_entity_ref(r, entities, ("person", "organization"), "person") for r in _as_list(new.get(key))]
            new[key] = list(dict.fromkeys(refs))
    if "place" in changed:
        place = new.get("place")
        new["place"] = (_entity_ref(place, entities, ("place",), "place")
                        if place not in (None, "") and str(place).strip() else None)


def _check_entity(new: dict[str, Any], changed: set[str], current_attributes: Mapping[str, Any]) -> None:
    if "name" in changed:
        name = " ".join(str(new.get("name") or "").split())
        if len(name) > _MAX_NAME:
            raise InvalidEdit(f"A name is at most {_MAX_NAME} characters.")
        new["name"] = name or None
    if "aliases" in changed:
        new["aliases"] = [" ".join(str(a).split()) for a in _as_list(new.get("aliases")) if str(a).strip()]
    if "attributes" in changed:
        attributes = new.get("attributes")
        if not isinstance(attributes, dict):
            raise InvalidEdit('Attributes are written as a JSON object, e.g. attributes={"age": 34, "gender": "female"}.')
        new["attributes"] = _checked_attributes(attributes, current_attributes)


_GENDERS = ("female", "male")
_TEXT_ATTRIBUTES = ("ethnicity", "citizenship", "home_place", "birthplace", "residence", "hometown", "origin", "home",
                    "village", "occupation", "religion")


def _whole_number(key: str, value: Any, low: int, high: int, example: str) -> int:
    if isinstance(value, bool):
        value = None
    number = value if isinstance(value, int) else int(value) if isinstance(value, str) and value.strip().isdigit() else None
    if number is None or not low <= number <= high:
        raise InvalidEdit(f"{key} {str(value)[:40]!r} is not a {example}: write a whole number from {low} to {high}.")
    return number


def _checked_attributes(attributes: Mapping[str, Any], current: Mapping[str, Any]) -> dict[str, Any]:
    """A person's corrected attributes: ages and birth years are numbers a person can have, gender one of
    the words the case file knows, places and groups short text. An age of "six", -4 or 250 would
    otherwise decide who is a minor (and hidden) and who is not.

    Only values that differ from the stored ones are checked; an empty value removes the attribute.
    """
    out: dict[str, Any] = {}
    this_year = datetime.now(UTC).year
    for key, value in attributes.items():
        if value is None or value == "":
            continue
        if current.get(key) == value:
            out[key] = value
        elif key == "age":
            out[key] = _whole_number("age", value, 0, 120, "person's age")
        elif key == "birth_year":
            out[key] = _whole_number("birth_year", value, 1880, this_year, "year of birth")
        elif key == "gender":
            if str(value).strip().lower() not in _GENDERS:
                raise InvalidEdit(f"gender {str(value)[:40]!r} is not one aigak records: write {' or '.join(_GENDERS)}, "
                                  "or leave it empty.")
            out[key] = str(value).strip().lower()
        elif key in _TEXT_ATTRIBUTES or key.startswith("_"):
            text = " ".join(str(value).split()) if not key.startswith("_") else value
            if isinstance(text, str) and len(text) > 100:
                raise InvalidEdit(f"{key} is at most 100 characters.")
            out[key] = text
        else:
            raise InvalidEdit(f"{str(key)[:40]!r} is not a person's attribute aigak keeps; use age, birth_year, "
                              f"gender or {', '.join(_TEXT_ATTRIBUTES)}.")
    return out


def _check_relation(new: dict[str, Any], changed: set[str], entities: Sequence[Fact]) -> None:
    if "type" in changed and new.get("type") not in RELATION_TYPES:
        raise InvalidEdit(f"Unknown relation type {str(new.get('type'))[:40]!r}; choose one of: "
                          f"{', '.join(RELATION_TYPES)}.")
    for key in ("from", "to"):
        if key in changed:
            new[key] = _entity_ref(new.get(key), entities, ("person", "organization", "place"), "person")


def _check_amount(new: dict[str, Any], changed: set[str]) -> None:
    if "value" in changed:
        value = new.get("value")
        if isinstance(value, bool) or not isinstance(value, (int, float)) or value < 0:
            raise InvalidEdit(f"An amount's value is a number of zero or more, not {str(value)[:40]!r}.")
    if "currency" in changed and not _CURRENCY.match(str(new.get("currency") or "")):
        raise InvalidEdit(f"A currency is a three-letter ISO code such as USD, KZT or CNY, not "
                          f"{str(new.get('currency'))[:20]!r}.")


def check_edit(fact: Fact, data: Mapping[str, Any], entities: Sequence[Fact]) -> dict[str, Any]:
    """The reviewer's corrected record, checked against the fact's document, with names turned into ids.

    Only the fields that differ from the fact's current record are checked, so an edit is never
    refused for what the extraction wrote.

    Args:
        fact: the fact as it is stored.
        data: the corrected record (the whole record, or the current one with some fields replaced).
        entities: the entity facts of the fact's document (people, places, organizations).

    Returns:
        The record to store: dates at their precision, subjects, agents and place as entity ids.

    Raises:
        InvalidEdit: a field that may not be edited, an impossible or malformed date, an end before the
            start, an unknown type, or a person or place that is not an entity of the document.
    """
    new = dict(data)
    current = dict(fact.data)
    changed = {k for k in set(new) | set(current) if new.get(k) != current.get(k)}
    allowed = EDITABLE_FIELDS[fact.kind]
    refused = sorted(changed - set(allowed))
    if refused:
        raise InvalidEdit(f"{', '.join(refused)[:80]} cannot be edited on {'an' if fact.kind is FactKind.EVENT else 'a'} "
                          f"{fact.kind.value}; editable: {', '.join(allowed)}.")
    if fact.kind is FactKind.EVENT:
        _check_event(new, changed, entities)
    elif fact.kind is FactKind.ENTITY:
        _check_entity(new, changed, current.get("attributes") or {})
    elif fact.kind is FactKind.RELATION:
        _check_relation(new, changed, entities)
    else:
        _check_amount(new, changed)
    return new


def review(store: Store, fact_id: int, decision: ReviewStatus, *, actor: str,
           data: Mapping[str, Any] | None = None, seen_status: ReviewStatus | None = None,
           seen_reviewed_at: datetime | str | None = None) -> Fact:
    """Confirm, reject or edit a fact (edit: pass the corrected record as `data`), audited.

    An edit is checked first (`check_edit`); when it is refused nothing is saved. With `seen_status`
    (and `seen_reviewed_at`), the decision is refused when the fact changed since the reviewer read
    it (`check_seen`), so two reviewers never silently overwrite each other.

    Raises:
        InvalidEdit: the edit cannot be kept; the message says why.
        ReviewConflict: the fact is no longer as the reviewer saw it.
    """
    with store.transaction() as conn:
        before = get_fact(conn, fact_id)
        check_seen(before, seen_status, seen_reviewed_at)
        if data is not None:
            entities = list_facts(conn, document_id=before.document_id, kind=FactKind.ENTITY)
            data = check_edit(before, data, entities)
        after = review_fact(conn, fact_id, decision, reviewer=actor, data=data)
        append_audit(conn, actor=actor, action="review", target=f"fact:{fact_id}",
                     before={"status": before.status.value, "data": dict(before.data)},
                     after={"status": after.status.value, "data": dict(after.data)})
        if _person_evidence_changed(before, after):
            from aigak.resolve import reresolve_fact

            reresolve_fact(conn, fact_id, actor=actor)
    return after


def _person_evidence_changed(before: Fact, after: Fact) -> bool:
    """Whether an edit changed what the person registry resolved a person entity by."""
    if after.kind is not FactKind.ENTITY or after.type != "person" or after.status is not ReviewStatus.EDITED:
        return False
    keys = ("name", "aliases", "attributes")
    return any(before.data.get(k) != after.data.get(k) for k in keys)


def _person_fact_ids(conn: Connection, person_id: int) -> tuple[set[int], set[int]]:
    """The documents of a person and the ids of their facts there (their entity, events, relations)."""
    wanted: set[int] = set()
    docs: set[int] = set()
    for m in mentions_of(conn, root_of(conn, person_id)):
        docs.add(m.document_id)
        doc_facts = list_facts(conn, document_id=m.document_id)
        lid = next((f.local_id for f in doc_facts if f.id == m.fact_id), None)
        for f in doc_facts:
            if f.id == m.fact_id or f.kind is FactKind.EVENT and lid in (f.data.get("subjects") or []) \
                    or f.kind is FactKind.RELATION and lid in (f.data.get("from"), f.data.get("to")):
                wanted.add(f.id)
    return docs, wanted


def proposed_facts(conn: Connection, *, kind: FactKind | None = None, document_id: int | None = None,
                   person_id: int | None = None) -> list[Fact]:
    """The review queue: proposed facts, of one kind, one document or about one person when asked.

    Reviewers split a long report or a case between them this way, instead of all being handed the
    same next fact of a queue of thousands.
    """
    facts = list_facts(conn, kind=kind, document_id=document_id, statuses=[ReviewStatus.PROPOSED])
    if person_id is None:
        return facts
    docs, wanted = _person_fact_ids(conn, person_id)
    return [f for f in facts if f.id in wanted and f.document_id in docs]
