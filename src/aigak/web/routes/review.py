"""The review queue: proposed facts one after another, confirmed, corrected or rejected (audited)."""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import datetime
from typing import Annotated, Any

from fastapi import APIRouter, Form, Query, Request
from fastapi.responses import RedirectResponse, Response
from sqlalchemy import Connection

from aigak.core.errors import AigakError
from aigak.core.models import EVENT_TYPES, RELATION_TYPES, Fact, FactKind, ReviewStatus
from aigak.operations.review import InvalidEdit, ReviewConflict, parse_review_date, proposed_facts, review
from aigak.store.documents import get_document
from aigak.store.facts import count_facts, get_fact, list_facts
from aigak.store.persons import get_person, root_of
from aigak.web.auth import Principal, Reviewer, store_of, write_lock
from aigak.web.errors import InvalidField, InvalidInput
from aigak.web.models import ExcerptOut, FactOut, PathId, ReviewIn, ReviewNextOut
from aigak.web.routes.facts import entity_choices
from aigak.web.templating import render
from aigak.web.views import excerpt, fact_view, names_by_local_id

__all__ = ["apply_review", "corrected_record", "router"]

router = APIRouter(tags=["review"])
_ISO = re.compile(r"^\d{4}(-\d{2}(-\d{2})?)?$")
_DECISIONS = {"confirm": ReviewStatus.CONFIRMED, "reject": ReviewStatus.REJECTED, "correct": ReviewStatus.EDITED}


def _date(value: str | None, what: str) -> str | None:
    value = (value or "").strip()
    if not value:
        return None
    if not _ISO.match(value):
        raise InvalidField(f"The {what} date {value!r} is not an ISO date: write 2017, 2017-03 or 2017-03-14.",
                           field=what)
    try:
        return parse_review_date(value, f"{what} date")
    except InvalidEdit as exc:  # a day the calendar does not have (2023-02-30)
        raise InvalidField(str(exc), field=what) from exc


def corrected_record(fact: Fact, body: ReviewIn, entities: list[Fact]) -> dict[str, Any]:
    """The fact's record with the reviewer's corrections applied, checked against the document.

    Raises:
        InvalidField: an unknown type, a malformed, impossible or reversed date range, or a subject or
            place that is not an entity of the fact's document (the field is named).
    """
    data: dict[str, Any] = dict(fact.data)
    ids = {f.local_id: f.type for f in entities}
    if fact.kind is FactKind.EVENT:
        if body.type is not None:
            if body.type not in EVENT_TYPES:
                raise InvalidField(f"Unknown event type {body.type!r}; choose one of: {', '.join(EVENT_TYPES)}.",
                                   field="type")
            data["type"] = body.type
        start, end = _date(body.start, "start"), _date(body.end, "end")
        if start and end and end < start[: len(end)]:
            raise InvalidField(f"The end date {end} is before the start date {start}.", field="end")
        data["start"], data["end"] = start, end
        if body.subjects is not None:
            unknown = [s for s in body.subjects if ids.get(s) != "person"]
            if unknown:
                raise InvalidField("Subjects must be people named in this document; unknown: "
                                   + ", ".join(repr(u[:40]) for u in unknown[:5]) + ".", field="subjects")
            data["subjects"] = list(dict.fromkeys(body.subjects))
        if body.place is not None:
            place = body.place.strip()
            if place and ids.get(place) != "place":
                raise InvalidField(f"The place must be a place named in this document, not {place[:40]!r}.",
                                   field="place")
            data["place"] = place or None
    elif fact.kind is FactKind.ENTITY:
        if body.name is not None:
            name = " ".join(body.name.split())
            data["name"] = name or None
    elif fact.kind is FactKind.RELATION:
        if body.type is not None:
            if body.type not in RELATION_TYPES:
                raise InvalidField(f"Unknown relation type {body.type!r}; choose one of: {', '.join(RELATION_TYPES)}.",
                                   field="type")
            data["type"] = body.type
    else:
        if body.value is not None:
            data["value"] = body.value
        if body.currency is not None:
            data["currency"] = body.currency
    return data


def apply_review(request: Request, principal: Principal, fact_id: int, body: ReviewIn) -> Fact:
    """Record the decision through `operations.review.review`, which writes the audit record too."""
    store = store_of(request)
    data: Mapping[str, Any] | None = None
    if body.decision == "correct":
        with store.read() as conn:
            fact = get_fact(conn, fact_id)
            entities = list_facts(conn, document_id=fact.document_id, kind=FactKind.ENTITY)
        data = corrected_record(fact, body, entities)
    with write_lock(request):
        return review(store, fact_id, _DECISIONS[body.decision], actor=principal.actor, data=data,
                      seen_status=ReviewStatus(body.seen_status) if body.seen_status else None,
                      seen_reviewed_at=body.seen_reviewed_at)


@dataclass(frozen=True)
class _Queue:
    """Which proposed facts a reviewer walks: all, or one kind, one document, facts about one person."""

    kind: FactKind | None = None
    document: int | None = None
    person: int | None = None

    @property
    def narrowed(self) -> bool:
        return self.document is not None or self.person is not None

    def query(self, skip: int = 0) -> str:
        """The queue's query string, as links and redirects carry it."""
        parts = [f"kind={self.kind.value}" if self.kind else "", f"document={self.document}" if self.document else "",
                 f"person={self.person}" if self.person else "", f"skip={skip}" if skip else ""]
        return "&".join(p for p in parts if p)


def _remaining(conn: Connection, queue: _Queue) -> int:
    """Proposed facts left: in the document or about the person when the queue is narrowed to them, else
    in the whole store (a count, never a list of a large store's facts)."""
    if not queue.narrowed:
        return count_facts(conn, status=ReviewStatus.PROPOSED)
    return len(proposed_facts(conn, kind=queue.kind, document_id=queue.document, person_id=queue.person))


def _next(request: Request, queue: _Queue, skip: int) -> dict[str, Any]:
    with store_of(request).read() as conn:
        if queue.narrowed:
            waiting = proposed_facts(conn, kind=queue.kind, document_id=queue.document, person_id=queue.person)
            skip = skip if skip < len(waiting) else 0
            pending = waiting[skip:skip + 1]
            remaining: int | None = len(waiting)  # the queue is listed once, not again to count it
        else:
            pending = list_facts(conn, kind=queue.kind, statuses=[ReviewStatus.PROPOSED], limit=1, offset=skip)
            if not pending and skip:
                pending = list_facts(conn, kind=queue.kind, statuses=[ReviewStatus.PROPOSED], limit=1)
                skip = 0
            remaining = None
        if not pending:
            return {"fact": None, "remaining": _remaining(conn, queue) if remaining is None else remaining, "skip": 0}
    return _card(request, pending[0].id, skip, queue, remaining)


def _card(request: Request, fact_id: int, skip: int, queue: _Queue | None = None,
          remaining: int | None = None) -> dict[str, Any]:
    """One fact as the review page shows it: the record, its words in context, the choices to correct it.
    `remaining` is the size of the queue when the caller has just listed it."""
    with store_of(request).read() as conn:
        fact = get_fact(conn, fact_id)
        if remaining is None:
            remaining = _remaining(conn, queue or _Queue())
        document = get_document(conn, fact.document_id)
        entities = list_facts(conn, document_id=fact.document_id, kind=FactKind.ENTITY)
    view = fact_view(fact, names_by_local_id(entities), document.text)
    span = fact.evidence[0] if fact.evidence else None
    context = excerpt(document.text, span.start, span.end) if span else None
    return {"fact": fact, "view": view, "document": document, "context": context, "remaining": remaining,
            "skip": skip, "persons": entity_choices(entities, "person"),
            "places": entity_choices(entities, "place")}


_QueueId = Annotated[int | None, Query(ge=1, le=2**31 - 1)]


def _queue(kind: FactKind | None, document: int | None, person: int | None, request: Request) -> _Queue:
    """The queue asked for; a person is taken as whoever they are now (after merges)."""
    if person is not None:
        with store_of(request).read() as conn:
            person = root_of(conn, get_person(conn, person).id)
    return _Queue(kind, document, person)


def _queue_context(queue: _Queue) -> dict[str, Any]:
    return {"kind": queue.kind.value if queue.kind else None, "document_filter": queue.document,
            "person_filter": queue.person, "queue_query": queue.query()}


@router.get("/review", include_in_schema=False)
def review_page(request: Request, principal: Reviewer, kind: FactKind | None = None, document: _QueueId = None,
                person: _QueueId = None, skip: Annotated[int, Query(ge=0, le=10**7)] = 0) -> Response:
    queue = _queue(kind, document, person, request)
    data = _next(request, queue, skip)
    return render(request, "review.html", {**data, **_queue_context(queue),
                                           "kinds": list(FactKind), "event_types": EVENT_TYPES,
                                           "relation_types": RELATION_TYPES})


def _refused(request: Request, principal: Principal, fact_id: int, exc: AigakError, submitted: dict[str, Any],
             queue: _Queue, skip: int, back: str | None) -> Response:
    """The page the decision came from, again, with the message: beside the field it concerns (a date
    the calendar does not have) or above the form (the fact changed meanwhile: shown as it is now).

    What the reviewer typed is kept in a correction refused for its content; after a conflict the form
    shows the fact as it now stands, since that is what the next decision is made on.
    """
    field = exc.field if isinstance(exc, InvalidField) else None
    conflict = isinstance(exc, ReviewConflict)
    state = {"error": None if field else str(exc), "field_errors": {field: str(exc)} if field else {},
             "submitted": {} if conflict else submitted,
             "open_correct": submitted.get("decision") == "correct" and not conflict, "conflict": conflict}
    if back == "fact":
        from aigak.web.routes.facts import fact_page_data

        data = fact_page_data(request, fact_id, principal)
        return render(request, "fact.html", {**data, **state, "event_types": EVENT_TYPES,
                                             "relation_types": RELATION_TYPES}, status_code=exc.status)
    return render(request, "review.html", {**_card(request, fact_id, skip, queue), **state, **_queue_context(queue),
                                           "kinds": list(FactKind), "event_types": EVENT_TYPES,
                                           "relation_types": RELATION_TYPES}, status_code=exc.status)


def _seen_at(value: str | None) -> datetime | None:
    if not value or not value.strip():
        return None
    try:
        return datetime.fromisoformat(value)
    except ValueError as exc:
        raise InvalidInput(f"The review time {value[:40]!r} the form carried is not a time; reload the page.") from exc


@router.get("/api/review/next", response_model=ReviewNextOut)
def api_review_next(request: Request, principal: Reviewer, kind: FactKind | None = None, document: _QueueId = None,
                    person: _QueueId = None, skip: Annotated[int, Query(ge=0, le=10**7)] = 0) -> ReviewNextOut:
    """The next proposed fact (after skipping `skip`), with its evidence in context; only of one `document`
    or about one `person` when given, so that reviewers can share out a long report or a case."""
    data = _next(request, _queue(kind, document, person, request), skip)
    if data["fact"] is None:
        return ReviewNextOut(remaining=data["remaining"], fact=None, context=None)
    c = data["context"]
    return ReviewNextOut(remaining=data["remaining"], fact=FactOut(**data["view"]),
                         context=ExcerptOut(before=c.before, match=c.match, after=c.after) if c else None)


@router.post("/review/{fact_id}", include_in_schema=False)
def review_form(request: Request, principal: Reviewer, fact_id: PathId,
                decision: Annotated[str, Form(pattern="^(confirm|reject|correct)$")],
                type: Annotated[str | None, Form(max_length=40)] = None,
                start: Annotated[str | None, Form(max_length=10)] = None,
                end: Annotated[str | None, Form(max_length=10)] = None,
                subjects: Annotated[list[str] | None, Form()] = None,
                place: Annotated[str | None, Form(max_length=40)] = None,
                name: Annotated[str | None, Form(max_length=300)] = None,
                kind: Annotated[str | None, Form(max_length=20)] = None,
                document: Annotated[str | None, Form(max_length=12)] = None,
                person: Annotated[str | None, Form(max_length=12)] = None,
                skip: Annotated[int, Form(ge=0, le=10**7)] = 0,
                back: Annotated[str | None, Form(max_length=20)] = None,
                seen_status: Annotated[str | None, Form(pattern="^(proposed|confirmed|rejected|edited)$")] = None,
                seen_reviewed_at: Annotated[str | None, Form(max_length=40)] = None) -> Response:
    # Built without validation: corrected_record checks every field and says what is wrong in words.
    body = ReviewIn.model_construct(decision=decision, type=type or None, start=start, end=end,
                                    subjects=subjects if decision == "correct" else None, place=place,
                                    name=name, value=None, currency=None, seen_status=seen_status or None,
                                    seen_reviewed_at=_seen_at(seen_reviewed_at))
    queue = _Queue(FactKind(kind) if kind in {k.value for k in FactKind} else None,
                   int(document) if document and document.isdigit() else None,
                   int(person) if person and person.isdigit() else None)
    try:
        apply_review(request, principal, fact_id, body)
    except (InvalidInput, InvalidEdit, ReviewConflict) as exc:
        submitted = {"decision": decision, "type": type, "start": start, "end": end, "place": place,
                     "name": name, "subjects": subjects}
        return _refused(request, principal, fact_id, exc, submitted, queue, skip, back)
    if back == "fact":
        return RedirectResponse(f"/facts/{fact_id}", status_code=303)
    return RedirectResponse(("/review?" + queue.query(skip)).rstrip("?"), status_code=303)


@router.post("/api/facts/{fact_id}/review", response_model=FactOut)
def api_review(request: Request, principal: Reviewer, fact_id: PathId, body: ReviewIn) -> FactOut:
    """Confirm, reject or correct a fact; the change and its audit record are written together.

    With `seen_status` (and `seen_reviewed_at`) a decision on a fact that changed since is refused with
    409, naming who changed it and when; nothing is saved."""
    fact = apply_review(request, principal, fact_id, body)
    with store_of(request).read() as conn:
        document = get_document(conn, fact.document_id)
        entities = list_facts(conn, document_id=fact.document_id, kind=FactKind.ENTITY)
    return FactOut(**fact_view(fact, names_by_local_id(entities), document.text))
