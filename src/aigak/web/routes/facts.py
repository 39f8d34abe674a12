"""One fact: its record, its evidence in context, and its history."""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, Query, Request
from fastapi.responses import Response

from aigak.core.models import EVENT_TYPES, RELATION_TYPES, Fact, FactKind, ReviewStatus
from aigak.core.roles import Action
from aigak.store.audit import AuditRecord, audit_history
from aigak.store.browse import entity_names
from aigak.store.documents import get_document
from aigak.store.facts import get_fact, list_facts
from aigak.web.auth import Auditor, Principal, Reader, store_of
from aigak.web.models import AuditOut, ExcerptOut, FactDetailOut, FactListOut, FactOut, HistoryOut, PathId
from aigak.web.templating import render
from aigak.web.views import excerpt, fact_view, names_by_local_id

__all__ = ["audit_out", "entity_choices", "router"]

router = APIRouter(tags=["facts"])
HISTORY_LIMIT = 100


def audit_out(records: list[AuditRecord]) -> list[AuditOut]:
    """Audit records for the API and pages (the hashes stay in the store; `aigak verify` checks them)."""
    return [AuditOut(seq=r.seq, at=r.at, actor=r.actor, action=r.action, target=r.target, before=r.before,
                     after=r.after) for r in records]


def entity_choices(facts: list[Fact], kind: str) -> list[tuple[str, str]]:
    """The document's entities of one kind as (local id, name) pairs, for the correction form."""
    return [(f.local_id, str(f.data.get("name") or f.data.get("description") or f.local_id))
            for f in facts if f.kind is FactKind.ENTITY and f.type == kind]


def fact_page_data(request: Request, fact_id: int, principal: Principal) -> dict[str, Any]:
    """The fact, its document's text around each evidence span, its entities, and (if allowed) history."""
    with store_of(request).read() as conn:
        fact = get_fact(conn, fact_id)
        document = get_document(conn, fact.document_id)
        siblings = list_facts(conn, document_id=fact.document_id, kind=FactKind.ENTITY)
        history = (audit_history(conn, f"fact:{fact_id}", limit=HISTORY_LIMIT)
                   if principal.can(Action.VIEW_AUDIT) else None)
    view = fact_view(fact, names_by_local_id(siblings), document.text)
    contexts = [excerpt(document.text, s.start, s.end) for s in fact.evidence]
    return {"fact": fact, "view": view, "document": document, "contexts": contexts, "history": history,
            "persons": entity_choices(siblings, "person"), "places": entity_choices(siblings, "place")}


@router.get("/facts/{fact_id}", include_in_schema=False)
def fact_page(request: Request, principal: Reader, fact_id: PathId) -> Response:
    data = fact_page_data(request, fact_id, principal)
    return render(request, "fact.html", {**data, "event_types": EVENT_TYPES, "relation_types": RELATION_TYPES})


@router.get("/api/facts/{fact_id}", response_model=FactDetailOut)
def api_fact(request: Request, principal: Reader, fact_id: PathId) -> FactDetailOut:
    """One fact with its evidence in context; its history for roles that may view the audit trail."""
    data = fact_page_data(request, fact_id, principal)
    return FactDetailOut(fact=FactOut(**data["view"]),
                         context=[ExcerptOut(before=c.before, match=c.match, after=c.after) for c in data["contexts"]],
                         history=audit_out(data["history"]) if data["history"] is not None else None)


@router.get("/api/facts/{fact_id}/history", response_model=HistoryOut)
def api_fact_history(request: Request, principal: Auditor, fact_id: PathId) -> HistoryOut:
    """Every recorded change of the fact, newest first."""
    with store_of(request).read() as conn:
        get_fact(conn, fact_id)
        records = audit_history(conn, f"fact:{fact_id}", limit=HISTORY_LIMIT)
    return HistoryOut(target=f"fact:{fact_id}", history=audit_out(records))


@router.get("/api/facts", response_model=FactListOut)
def api_facts(request: Request, principal: Reader,
              document_id: Annotated[int | None, Query(ge=1, le=2**31 - 1)] = None,
              kind: FactKind | None = None, status: ReviewStatus | None = None,
              limit: Annotated[int, Query(ge=1, le=1000)] = 200,
              offset: Annotated[int, Query(ge=0, le=10**7)] = 0) -> FactListOut:
    """Facts by document, kind and review status, in document order."""
    with store_of(request).read() as conn:
        facts = list_facts(conn, document_id=document_id, kind=kind,
                           statuses=[status] if status is not None else None, limit=limit, offset=offset)
        names = entity_names(conn, {f.document_id for f in facts})
    views = [FactOut(**fact_view(f, names.get(f.document_id, {}))) for f in facts]
    return FactListOut(count=len(views), facts=views)
