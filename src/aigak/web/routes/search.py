"""Search: full text over documents, and facts filtered by type, place, dates, review status, ethnicity."""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Annotated, Any

from fastapi import APIRouter, Query, Request
from fastapi.responses import Response

from aigak.core.models import EVENT_TYPES, FactKind, ReviewStatus
from aigak.operations.search import AddedForm, describe_added, widen_query
from aigak.store.browse import FactFilters, entity_names, search_facts
from aigak.store.search import SearchHit, document_ids_matching, search_match
from aigak.web.auth import Reader, store_of
from aigak.web.errors import InvalidInput
from aigak.web.models import AddedFormOut, FactOut, SearchHitOut, SearchOut
from aigak.web.templating import render
from aigak.web.views import fact_view

__all__ = ["SearchParams", "router", "run_search"]

router = APIRouter(tags=["search"])
DOCUMENT_HITS = 20
FACTS_PER_PAGE = 50
MAX_FTS_DOCUMENTS = 1000
ISO_DATE = r"^\d{4}(-\d{2}(-\d{2})?)?$"


@dataclass(frozen=True, slots=True)
class SearchParams:
    """What the visitor asked for (echoed back into the form)."""

    q: str
    kind: FactKind | None
    types: tuple[str, ...]
    place: str | None
    date_from: str | None
    date_to: str | None
    year: str | None
    statuses: tuple[ReviewStatus, ...]
    ethnicity: str | None
    page: int
    exact: bool = False

    @property
    def has_fact_filters(self) -> bool:
        return bool(self.kind or self.types or self.place or self.date_from or self.date_to or self.year
                    or self.statuses or self.ethnicity)

    def as_query(self) -> dict[str, Any]:
        return {"q": self.q or None, "kind": self.kind.value if self.kind else None, "type": list(self.types),
                "place": self.place, "date_from": self.date_from, "date_to": self.date_to,
                "year": self.year, "status": [s.value for s in self.statuses], "ethnicity": self.ethnicity,
                "exact": 1 if self.exact else None}


def _params(q: str | None, kind: FactKind | None, type_: list[str] | None, place: str | None,
            date_from: str | None, date_to: str | None, year: str | None, status: list[ReviewStatus] | None,
            ethnicity: str | None, page: int, exact: bool = False) -> SearchParams:
    types = tuple(t for t in (type_ or []) if t)
    unknown = [t for t in types if t not in EVENT_TYPES]
    if unknown and kind in (None, FactKind.EVENT):
        raise InvalidInput(f"Unknown event type {unknown[0][:40]!r}; choose one of: {', '.join(EVENT_TYPES)}.")
    return SearchParams(q=(q or "").strip(), kind=kind, types=types, place=(place or "").strip() or None,
                        date_from=date_from or None, date_to=date_to or None, year=year or None, statuses=tuple(status or ()),
                        ethnicity=(ethnicity or "").strip() or None, page=page, exact=exact)


def run_search(request: Request, p: SearchParams) -> dict[str, Any]:
    """Documents matching the words (or other spellings and scripts of the names in them, unless
    `exact`), and facts matching the filters (within those documents, if words given)."""
    hits: list[SearchHit] = []
    added: tuple[AddedForm, ...] = ()
    fact_views: list[dict[str, Any]] = []
    total = 0
    with store_of(request).read() as conn:
        doc_ids: tuple[int, ...] | None = None
        if p.q:
            widened = widen_query(conn, p.q, exact=p.exact)
            added = widened.added
            hits = search_match(conn, widened.match, limit=DOCUMENT_HITS)
            if p.has_fact_filters:
                doc_ids = tuple(document_ids_matching(conn, widened.match, limit=MAX_FTS_DOCUMENTS))
        if p.has_fact_filters:
            filters = FactFilters(kind=p.kind, types=p.types, place=p.place, date_from=p.date_from,
                                  date_to=p.date_to, year=p.year, statuses=p.statuses, ethnicity=p.ethnicity,
                                  document_ids=doc_ids)
            facts, total = search_facts(conn, filters, limit=FACTS_PER_PAGE, offset=(p.page - 1) * FACTS_PER_PAGE)
            names = entity_names(conn, {f.document_id for f in facts})
            fact_views = [fact_view(f, names.get(f.document_id, {})) for f in facts]
    return {"hits": hits, "added": added, "added_lines": describe_added(added), "facts": fact_views,
            "total_facts": total}


_Q = Annotated[str | None, Query(max_length=200, description="Words to find in documents (all must occur).")]
_TYPE = Annotated[list[str] | None, Query(alias="type", max_length=30, description="Event types.")]
_PLACE = Annotated[str | None, Query(max_length=200, description="Part of the event's place name.")]
_FROM = Annotated[str | None, Query(max_length=10, pattern=ISO_DATE, description="Events overlapping from (ISO).")]
_TO = Annotated[str | None, Query(max_length=10, pattern=ISO_DATE, description="Events overlapping until (ISO).")]
_YEAR = Annotated[str | None, Query(pattern=r"^\d{4}$", description="Events that began in this year.")]
_STATUS = Annotated[list[ReviewStatus] | None, Query(max_length=4, description="Review statuses.")]
_ETHNICITY = Annotated[str | None, Query(max_length=80, description="Ethnicity of at least one subject.")]
_PAGE = Annotated[int, Query(ge=1, le=10000)]
_EXACT = Annotated[bool, Query(description="Only the words as typed: no other spellings or scripts of names.")]


@router.get("/search", include_in_schema=False)
def search_page(request: Request, principal: Reader, q: _Q = None, kind: FactKind | None = None,
                type_: _TYPE = None, place: _PLACE = None,
                date_from: Annotated[str | None, Query(max_length=10)] = None,
                date_to: Annotated[str | None, Query(max_length=10)] = None,
                year: Annotated[str | None, Query(max_length=10)] = None, status: _STATUS = None,
                ethnicity: _ETHNICITY = None, page: _PAGE = 1, exact: _EXACT = False) -> Response:
    bad = [d for d in (date_from, date_to) if d and not re.match(ISO_DATE, d)]
    if year and not re.match(r"^\d{4}$", year):
        bad.append(year)
    if bad:
        raise InvalidInput(f"The date {bad[0][:20]!r} is not an ISO date: write 2017, 2017-03 or 2017-03-14.")
    p = _params(q, kind, type_, place, date_from, date_to, year, status, ethnicity, page, exact)
    results: dict[str, Any] = (run_search(request, p) if (p.q or p.has_fact_filters)
                               else {"hits": [], "added": (), "added_lines": [], "facts": [], "total_facts": 0})
    pages = max(1, -(-int(results["total_facts"]) // FACTS_PER_PAGE))
    return render(request, "search.html", {"p": p, "params": p.as_query(), **results, "pages": pages,
                                           "event_types": EVENT_TYPES, "statuses": list(ReviewStatus),
                                           "kinds": list(FactKind), "searched": bool(p.q or p.has_fact_filters)})


@router.get("/api/search", response_model=SearchOut)
def api_search(request: Request, principal: Reader, q: _Q = None, kind: FactKind | None = None,
               type_: _TYPE = None, place: _PLACE = None, date_from: _FROM = None, date_to: _TO = None,
               year: _YEAR = None, status: _STATUS = None, ethnicity: _ETHNICITY = None, page: _PAGE = 1,
               exact: _EXACT = False) -> SearchOut:
    """Documents matching `q` (full text), and facts matching the filters (inside those documents when
    `q` is given). Names in `q` are also searched under their other spellings and scripts (listed in
    `added`; each document's `via` says which it contains) unless `exact=true`. Rejected facts are left
    out unless `status=rejected` is asked for."""
    p = _params(q, kind, type_, place, date_from, date_to, year, status, ethnicity, page, exact)
    results = run_search(request, p)
    added = [AddedFormOut(form=a.form, stands_for=a.stands_for, person_id=a.person_id, person_name=a.person_name)
             for a in results["added"]]
    return SearchOut(q=p.q, exact=p.exact, added=added,
                     documents=[SearchHitOut(document_id=h.document_id, title=h.title, filename=h.filename,
                                             snippet=h.snippet, via=list(h.via)) for h in results["hits"]],
                     facts=[FactOut(**v) for v in results["facts"]], total_facts=results["total_facts"])
