"""Signing in and out: the login page, and the session endpoints API clients use."""

from __future__ import annotations

import logging
from typing import Annotated

from fastapi import APIRouter, Form, Request
from fastapi.responses import RedirectResponse, Response

from aigak.store.audit import append_audit
from aigak.store.users import User, authenticate
from aigak.web.auth import Principal, Visitor, current_principal, store_of, write_lock
from aigak.web.errors import LoginRequired
from aigak.web.models import LoginIn, OkOut, SessionOut
from aigak.web.sessions import new_session
from aigak.web.templating import render

__all__ = ["router", "safe_next"]

log = logging.getLogger("aigak.web")
router = APIRouter(tags=["session"])


def safe_next(value: str | None) -> str:
    """A local path to go to after login (anything else, such as `//evil.example`, goes home)."""
    if not value or not value.startswith("/") or value.startswith("//") or "\\" in value:
        return "/"
    return value


def _sign_in(request: Request, username: str, password: str) -> User | None:
    store = store_of(request)
    with write_lock(request), store.transaction() as conn:
        user = authenticate(conn, username, password)
        if user is not None:
            append_audit(conn, actor=f"web:{user.username}", action="login", target=f"user:{user.username}")
    if user is not None:
        request.scope["session"] = new_session(user.username, user.stamp)  # a new CSRF token at every login
        request.scope.pop("aigak.principal", None)
        log.info("login succeeded for user id %s", user.id)
    else:
        log.info("login failed")
    return user


@router.get("/login", include_in_schema=False)
def login_page(request: Request, next: str | None = None) -> Response:
    principal = current_principal(request)
    if principal.is_signed_in:
        return RedirectResponse(safe_next(next), status_code=303)
    return render(request, "login.html", {"next": safe_next(next), "error": None, "username": ""})


@router.post("/login", include_in_schema=False)
def login_form(request: Request, username: Annotated[str, Form(max_length=80)],
               password: Annotated[str, Form(max_length=1024)],
               next: Annotated[str, Form(max_length=2000)] = "/") -> Response:
    user = _sign_in(request, username.strip(), password)
    if user is None:
        return render(request, "login.html", {"next": safe_next(next), "username": username,
                                              "error": "Wrong username or password, or the account is disabled."},
                      status_code=401)
    return RedirectResponse(safe_next(next), status_code=303)


@router.post("/logout", include_in_schema=False)
def logout_form(request: Request) -> Response:
    request.scope["session"] = new_session(None)
    return RedirectResponse("/login", status_code=303)


def _session_out(request: Request, principal: Principal) -> SessionOut:
    return SessionOut(user=principal.username, role=principal.role.value if principal.role else None,
                      csrf_token=str(request.session.get("csrf", "")), public=bool(request.app.state.public))


@router.get("/api/session", response_model=SessionOut)
def api_session(request: Request, principal: Visitor) -> SessionOut:
    """The visitor's account and role, and the CSRF token to send in the X-CSRF-Token header."""
    return _session_out(request, principal)


@router.post("/api/login", response_model=SessionOut, responses={429: {"description": "Too many failed logins."}})
def api_login(request: Request, body: LoginIn) -> SessionOut:
    """Sign in; the answer carries the new session's CSRF token (the cookie is set on the response)."""
    user = _sign_in(request, body.username.strip(), body.password)
    if user is None:
        raise LoginRequired("Wrong username or password, or the account is disabled.")
    return _session_out(request, current_principal(request))


@router.post("/api/logout", response_model=OkOut)
def api_logout(request: Request) -> OkOut:
    """Sign out: the session is replaced by an anonymous one."""
    request.scope["session"] = new_session(None)
    return OkOut()
