"""The start page: what the store holds and what waits for review."""

from __future__ import annotations

from fastapi import APIRouter, Request
from fastapi.responses import RedirectResponse, Response

from aigak.core.roles import Action
from aigak.store.browse import SourceFilters, list_sources, totals
from aigak.web.auth import PublicReader, store_of
from aigak.web.templating import render

__all__ = ["router"]

router = APIRouter()


@router.get("/", include_in_schema=False)
def home(request: Request, principal: PublicReader) -> Response:
    if not principal.can(Action.READ):
        return RedirectResponse("/people", status_code=303)
    with store_of(request).read() as conn:
        numbers = totals(conn)
        recent, _ = list_sources(conn, SourceFilters(), limit=8)
    return render(request, "home.html", {"totals": numbers, "recent": recent})
