"""The web application: `create_app(store)` wires sessions, CSRF, roles, routers and error pages."""

from __future__ import annotations

import contextlib
import logging
import threading
import time
from pathlib import Path
from typing import Any

from fastapi import Depends, FastAPI
from fastapi.openapi.utils import get_openapi
from fastapi.staticfiles import StaticFiles
from starlette.datastructures import MutableHeaders
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from aigak import __version__
from aigak.ingest.pipeline import max_file_bytes
from aigak.store.engine import Store
from aigak.web.auth import csrf_guard
from aigak.web.errors import SafeErrorMiddleware, install_error_handlers, is_api
from aigak.web.sessions import CSRF_HEADER, SESSION_COOKIE, SessionMiddleware, load_or_create_secret

__all__ = ["MAX_FILES_PER_REQUEST", "create_app"]

log = logging.getLogger("aigak.web")
STATIC_DIR = Path(__file__).with_name("static")
MAX_FILES_PER_REQUEST = 10
MAX_FORM_BYTES = 1024 * 1024
_CSP = ("default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; font-src 'self'; "
        "connect-src 'self'; object-src 'none'; base-uri 'none'; frame-ancestors 'none'; form-action 'self'")


class SecurityHeadersMiddleware:
    """Adds a strict Content-Security-Policy (nothing loads from elsewhere, no inline script) and friends."""

    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return

        async def send_wrapper(message: Message) -> None:
            if message["type"] == "http.response.start":
                headers = MutableHeaders(scope=message)
                headers.setdefault("Content-Security-Policy", _CSP)
                headers.setdefault("X-Content-Type-Options", "nosniff")
                headers.setdefault("X-Frame-Options", "DENY")
                headers.setdefault("Referrer-Policy", "no-referrer")
                headers.setdefault("Cross-Origin-Opener-Policy", "same-origin")
            await send(message)

        await self.app(scope, receive, send_wrapper)


class BodyLimitMiddleware:
    """Refuses request bodies over a limit (413) before they are parsed: uploads get room for
    MAX_FILES_PER_REQUEST files at the ingest size limit, every other request 1 MiB."""

    def __init__(self, app: ASGIApp, *, upload_bytes: int) -> None:
        self.app = app
        self.upload_bytes = upload_bytes

    def _limit(self, scope: Scope) -> int:
        path = str(scope.get("path", ""))
        return self.upload_bytes if path in ("/api/documents", "/sources/upload") else MAX_FORM_BYTES

    async def _refuse(self, scope: Scope, receive: Receive, send: Send, limit: int) -> None:
        from fastapi.responses import JSONResponse, PlainTextResponse

        message = (f"The request is larger than {limit / 1048576:.1f} MiB; send fewer or smaller files "
                   "(the limit per file is set by AIGAK_MAX_FILE_MB).")
        response: Any = (JSONResponse({"ok": False, "error": message, "status": 413}, status_code=413)
                         if is_api(scope) else PlainTextResponse(message, status_code=413))
        await response(scope, receive, send)

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        limit = self._limit(scope)
        for name, value in scope.get("headers", []):
            if name == b"content-length":
                try:
                    declared = int(value)
                except ValueError:
                    declared = limit + 1
                if declared > limit:
                    await self._refuse(scope, receive, send, limit)
                    return
        received = 0
        started = refused = False

        async def send_wrapper(message: Message) -> None:
            nonlocal started
            if refused:
                return  # the 413 went out already; whatever the app answers to the cut-off body is dropped
            if message["type"] == "http.response.start":
                started = True
            await send(message)

        async def counting_receive() -> Message:
            nonlocal received, refused
            if refused:
                return {"type": "http.disconnect"}
            message = await receive()
            if message["type"] == "http.request":
                received += len(message.get("body", b""))
                if received > limit:
                    if not started:
                        await self._refuse(scope, receive, send, limit)
                    refused = True
                    return {"type": "http.disconnect"}
            return message

        try:
            await self.app(scope, counting_receive, send_wrapper)
        except Exception:
            if not refused:
                raise


class TimingLogMiddleware:
    """Logs method, route template, status and time: never query strings, which can hold names."""

    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        started = time.perf_counter()
        status = 0

        async def send_wrapper(message: Message) -> None:
            nonlocal status
            if message["type"] == "http.response.start":
                status = int(message["status"])
            await send(message)

        try:
            await self.app(scope, receive, send_wrapper)
        finally:
            route = scope.get("route")
            log.info("%s %s %s %.1fms", scope.get("method"), getattr(route, "path", "(unrouted)"), status,
                     (time.perf_counter() - started) * 1000)


def _openapi(app: FastAPI) -> dict[str, Any]:
    if app.openapi_schema:
        return app.openapi_schema
    schema = get_openapi(title=app.title, version=app.version, description=app.description, routes=app.routes)
    components = schema.setdefault("components", {})
    components["securitySchemes"] = {
        "session": {"type": "apiKey", "in": "cookie", "name": SESSION_COOKIE,
                    "description": "Set by POST /api/login."},
        "csrf": {"type": "apiKey", "in": "header", "name": CSRF_HEADER,
                 "description": "The csrf_token from GET /api/session; needed on POST, PUT, PATCH, DELETE."},
    }
    app.openapi_schema = schema
    return schema


def create_app(store: Store, *, public: bool = False, secret_key: str | None = None,
               max_upload_bytes: int | None = None) -> FastAPI:
    """The aigak web application over one store.

    Args:
        store: the opened (migrated) store.
        public: anonymous visitors get the `public` role (redacted, published case files only);
            otherwise every page needs a login.
        secret_key: the key that signs session cookies; by default generated on first run and kept
            beside the database (`<db>.secret`, mode 0600).
        max_upload_bytes: largest file accepted by upload (default: AIGAK_MAX_FILE_MB).
    """
    from aigak.web.routes import ROUTERS

    per_file = max_upload_bytes if max_upload_bytes is not None else max_file_bytes()
    app = FastAPI(
        title="aigak",
        version=__version__,
        description=("The aigak JSON API: every operation the web pages perform. Sign in with "
                     "POST /api/login; send the session cookie, and on state-changing calls the "
                     f"{CSRF_HEADER} header from GET /api/session. Errors are "
                     '`{"ok": false, "error": "...", "status": N}`.'),
        docs_url=None, redoc_url=None,
        dependencies=[Depends(csrf_guard)],
        responses={400: {"model": _error_model()}, 401: {"model": _error_model()},
                   403: {"model": _error_model()}, 404: {"model": _error_model()},
                   422: {"model": _error_model()}},
    )
    app.state.store = store
    app.state.write_lock = threading.Lock() if store.is_sqlite else contextlib.nullcontext()
    app.state.public = public
    app.state.max_file_bytes = per_file
    install_error_handlers(app)
    for router in ROUTERS:
        app.include_router(router)
    app.mount("/static", StaticFiles(directory=str(STATIC_DIR)), name="static")
    app.openapi = lambda: _openapi(app)  # type: ignore[method-assign]
    # Outermost last: errors are caught inside the logging, the session sits inside the size limit.
    app.add_middleware(SessionMiddleware, secret_key=secret_key or load_or_create_secret(store))
    app.add_middleware(SafeErrorMiddleware)
    app.add_middleware(BodyLimitMiddleware, upload_bytes=per_file * MAX_FILES_PER_REQUEST + MAX_FORM_BYTES)
    app.add_middleware(SecurityHeadersMiddleware)
    app.add_middleware(TimingLogMiddleware)
    return app


def _error_model() -> type:
    from aigak.web.models import ErrorOut

    return ErrorOut
