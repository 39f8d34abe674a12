"""Statistics: events and the people they happened to, by year, place and type, each number a link."""

from __future__ import annotations

from typing import Any
from urllib.parse import urlencode

from fastapi import APIRouter, Request
from fastapi.responses import Response

from aigak.operations.statistics import DIMENSIONS, collection_statistics
from aigak.store.browse import UNDATED, UNPLACED, StatRow
from aigak.web.auth import Reader, store_of
from aigak.web.models import StatRowOut, StatsOut
from aigak.web.templating import render

__all__ = ["router", "stat_link"]

router = APIRouter(tags=["statistics"])


def stat_link(dimension: str, label: str) -> str:
    """The search that lists the events behind one number."""
    if dimension == "year":
        params = {"kind": "event"} if label == UNDATED else {"year": label}
    elif dimension == "place":
        params = {"kind": "event"} if label == UNPLACED else {"place": label}
    else:
        params = {"type": label}
    return "/search?" + urlencode(params)


def _rows(dimension: str, rows: list[StatRow]) -> list[dict[str, Any]]:
    return [{"label": r.label, "events": r.events, "people": r.people, "link": stat_link(dimension, r.label)}
            for r in rows]


def _data(request: Request) -> dict[str, Any]:
    with store_of(request).read() as conn:
        stats = collection_statistics(conn)
    return {"totals": dict(stats.totals), **{k: _rows(k, stats.rows[k]) for k in DIMENSIONS}}


@router.get("/stats", include_in_schema=False)
def stats_page(request: Request, principal: Reader) -> Response:
    return render(request, "stats.html", _data(request))


@router.get("/api/stats", response_model=StatsOut)
def api_stats(request: Request, principal: Reader) -> StatsOut:
    """Counts of events and of the people they happened to, by year, place and type; each row's
    `link` is the search listing the events behind it. Rejected facts are not counted."""
    data = _data(request)
    rows = {k: [StatRowOut(**r) for r in data[k]] for k in ("year", "place", "type")}
    return StatsOut(totals=data["totals"], year=rows["year"], place=rows["place"], type=rows["type"])
