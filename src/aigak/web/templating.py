"""Jinja2 templates with autoescape on, and the filters pages share."""

from __future__ import annotations

from datetime import datetime
from pathlib import Path
from typing import Any
from urllib.parse import urlencode

from fastapi import Request
from fastapi.responses import HTMLResponse
from jinja2 import Environment, FileSystemLoader, StrictUndefined
from markupsafe import Markup, escape

from aigak.store.search import HIGHLIGHT_END, HIGHLIGHT_START

__all__ = ["TEMPLATES_DIR", "environment", "render", "snippet_html"]

TEMPLATES_DIR = Path(__file__).with_name("templates")


def snippet_html(snippet: str) -> Markup:
    """A search snippet as HTML: the text escaped first, then the match markers turned into <mark>."""
    escaped = str(escape(snippet))
    return Markup(escaped.replace(HIGHLIGHT_START, "<mark>").replace(HIGHLIGHT_END, "</mark>"))


def _when(value: datetime | str | None) -> str:
    if value is None:
        return ""
    if isinstance(value, str):
        value = datetime.fromisoformat(value)
    return value.strftime("%Y-%m-%d %H:%M")


def _query(params: dict[str, Any], **changes: Any) -> str:
    merged = {k: v for k, v in {**params, **changes}.items() if v not in (None, "", [])}
    return "?" + urlencode(merged, doseq=True) if merged else "?"


def _humanize(value: str | None) -> str:
    return (value or "").replace("_", " ")


def _build() -> Environment:
    env = Environment(loader=FileSystemLoader(str(TEMPLATES_DIR)), autoescape=True, undefined=StrictUndefined,
                      trim_blocks=True, lstrip_blocks=True)
    env.filters["snippet"] = snippet_html
    env.filters["when"] = _when
    env.filters["humanize"] = _humanize
    env.globals["query"] = _query
    return env


environment = _build()


def render(request: Request, name: str, context: dict[str, Any] | None = None, *,
           status_code: int = 200) -> HTMLResponse:
    """Render a page with what every page needs: the visitor, the CSRF token, the current path."""
    from aigak.web.auth import current_principal

    try:
        principal = current_principal(request)
    except Exception:  # noqa: BLE001  (an error page must render even when the session cannot be read)
        principal = None
    ctx = {"request": request, "principal": principal, "csrf_token": principal.csrf if principal else "",
           "path": request.url.path, "public_mode": bool(getattr(request.app.state, "public", False))}
    ctx.update(context or {})
    html = environment.get_template(name).render(ctx)
    return HTMLResponse(html, status_code=status_code, headers={"Cache-Control": "no-store"})
