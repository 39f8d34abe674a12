"""One router per area of the web app; each holds its pages and their JSON API twins."""

from __future__ import annotations

from fastapi import APIRouter

from aigak.web.routes import auth, dossier, facts, home, people, review, search, sources, stats, users

__all__ = ["ROUTERS"]

ROUTERS: tuple[APIRouter, ...] = (
    auth.router, home.router, sources.router, facts.router, review.router, people.router, dossier.router,
    search.router, stats.router, users.router,
)
