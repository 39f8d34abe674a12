"""The web app's one error exit: an HTML page for browsers, one JSON shape for the API."""

from __future__ import annotations

import logging
import traceback
import uuid
from typing import Any
from urllib.parse import quote

from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse, RedirectResponse, Response
from starlette.exceptions import HTTPException as StarletteHTTPException
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from aigak.core.errors import AigakError, PermissionDenied

__all__ = ["FeatureUnavailable", "InvalidField", "InvalidInput", "LoginRequired", "PayloadTooLarge", "SafeErrorMiddleware", "install_error_handlers", "is_api"]

log = logging.getLogger("aigak.web")


class LoginRequired(PermissionDenied):
    """Nobody is signed in; pages send the visitor to the login form."""

    status = 401


class InvalidInput(AigakError):
    """A form or API call carried a value the app cannot use; the message names it."""

    status = 422


class InvalidField(InvalidInput):
    """One field of a form is wrong; a page that shows the form again puts the message beside it.

    Attributes:
        field: the form field's name (`start`, `end`, `type`, `place`, `subjects`, `name`).
    """

    def __init__(self, message: str, *, field: str) -> None:
        super().__init__(message)
        self.field = field


class PayloadTooLarge(AigakError):
    """An upload is over the size limit."""

    status = 413


class FeatureUnavailable(AigakError):
    """A part of aigak this page needs is not installed in this build."""

    status = 503


def is_api(request: Request | Scope) -> bool:
    """Whether the request is for the JSON API (errors answer in JSON) rather than a page."""
    path = request.url.path if isinstance(request, Request) else str(request.get("path", ""))
    return path.startswith("/api/") or path == "/api" or path == "/openapi.json"


def _json_error(message: str, status: int) -> JSONResponse:
    return JSONResponse({"ok": False, "error": message, "status": status}, status_code=status,
                        headers={"Cache-Control": "no-store"})


def _page_error(request: Request, message: str, status: int) -> Response:
    from aigak.web.templating import render

    return render(request, "error.html", {"message": message, "status": status}, status_code=status)


def _respond(request: Request, message: str, status: int) -> Response:
    return _json_error(message, status) if is_api(request) else _page_error(request, message, status)


_HTTP_MESSAGES = {
    404: "There is nothing at this address. Check the link, or start again from the menu.",
    405: "This address does not accept that kind of request.",
}


def _validation_message(exc: RequestValidationError) -> str:
    parts = []
    for err in exc.errors()[:5]:
        where = ".".join(str(p) for p in err.get("loc", ()) if p not in ("body", "query", "path"))
        parts.append(f"{where or 'request'}: {err.get('msg', 'invalid')}")
    return "The request is not valid: " + "; ".join(parts) + "."


def install_error_handlers(app: FastAPI) -> None:
    """Register the handlers: AigakError by its `status`, HTTP errors, and validation errors."""

    async def aigak_error(request: Request, exc: Exception) -> Response:
        assert isinstance(exc, AigakError)
        if isinstance(exc, LoginRequired) and not is_api(request) and request.method == "GET":
            target = request.url.path + (f"?{request.url.query}" if request.url.query else "")
            return RedirectResponse(f"/login?next={quote(target, safe='')}", status_code=303)
        return _respond(request, str(exc), exc.status)

    async def http_error(request: Request, exc: Exception) -> Response:
        assert isinstance(exc, StarletteHTTPException)
        message = _HTTP_MESSAGES.get(exc.status_code) or str(exc.detail)
        response = _respond(request, message, exc.status_code)
        if exc.headers:
            response.headers.update(exc.headers)
        return response

    async def validation_error(request: Request, exc: Exception) -> Response:
        assert isinstance(exc, RequestValidationError)
        return _respond(request, _validation_message(exc), 422)

    app.add_exception_handler(AigakError, aigak_error)
    app.add_exception_handler(StarletteHTTPException, http_error)
    app.add_exception_handler(RequestValidationError, validation_error)


class SafeErrorMiddleware:
    """Turns an unexpected exception into a 500 in the right shape, logged without its message.

    Exception messages can quote stored text, so the log gets the exception class, the route and the
    code locations only, under an incident id the visitor also sees.
    """

    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        started = False

        async def send_wrapper(message: Message) -> None:
            nonlocal started
            if message["type"] == "http.response.start":
                started = True
            await send(message)

        try:
            await self.app(scope, receive, send_wrapper)
        except Exception as exc:  # noqa: BLE001  (the last line of defence: never leak a traceback or its text)
            incident = uuid.uuid4().hex[:10]
            frames = "; ".join(f"{f.filename.rsplit('/', 1)[-1]}:{f.lineno} {f.name}"
                               for f in traceback.extract_tb(exc.__traceback__)[-6:])
            route = scope.get("route")
            log.error("incident %s: %s on %s %s at %s", incident, exc.__class__.__name__, scope.get("method"),
                      getattr(route, "path", "?"), frames)
            if started:
                return
            message = f"Something went wrong on the server (incident {incident}); it was logged."
            request = Request(scope)
            response: Any
            if is_api(scope):
                response = _json_error(message, 500)
            else:
                try:
                    response = _page_error(request, message, 500)
                except Exception:  # noqa: BLE001  (the error page itself failed: plain text)
                    response = Response(message, status_code=500, media_type="text/plain")
            await response(scope, receive, send)
