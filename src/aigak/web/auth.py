"""Who is asking: the signed-in account (or the public role), role checks, and the CSRF guard."""

from __future__ import annotations

from collections.abc import Callable
from contextlib import AbstractContextManager
from dataclasses import dataclass
from typing import Annotated, Any

from fastapi import Depends, Request

from aigak.core.errors import PermissionDenied
from aigak.core.roles import Action, Role, can, require
from aigak.store.engine import Store
from aigak.store.users import get_user
from aigak.web.errors import LoginRequired
from aigak.web.sessions import CSRF_FORM_FIELD, CSRF_HEADER, csrf_token_matches

__all__ = [
    "Auditor",
    "Ingester",
    "Merger",
    "Principal",
    "PublicReader",
    "Reader",
    "Reviewer",
    "UserAdmin",
    "Visitor",
    "allow",
    "csrf_guard",
    "current_principal",
    "store_of",
    "write_lock",
]

_UNSAFE_METHODS = frozenset({"POST", "PUT", "PATCH", "DELETE"})


@dataclass(frozen=True, slots=True)
class Principal:
    """The visitor of one request.

    Attributes:
        username: the signed-in account, or None for an anonymous visitor.
        role: the account's role; `public` for anonymous visitors of a `--public` server; None otherwise.
        csrf: the session's CSRF token, which every form and state-changing API call must send back.
    """

    username: str | None
    role: Role | None
    csrf: str

    @property
    def actor(self) -> str:
        """The name written to the audit trail."""
        return f"web:{self.username}" if self.username else "web:anonymous"

    @property
    def is_signed_in(self) -> bool:
        return self.username is not None

    def can(self, action: Action | str) -> bool:
        """Whether this visitor may perform `action` (used by templates to show or hide controls)."""
        return can(self.role, Action(action))


def store_of(request: Request) -> Store:
    """The store the app was created with."""
    store: Store = request.app.state.store
    return store


def write_lock(request: Request) -> AbstractContextManager[Any]:
    """Held around every write of the app on SQLite.

    The SQLite driver starts a transaction only at its first INSERT, so the audit trail's "read the
    last record, then append after it" could interleave between two requests and both take the same
    sequence number. One lock per app serializes the writes (they are short); PostgreSQL locks the
    audit table itself.
    """
    lock: AbstractContextManager[Any] = request.app.state.write_lock
    return lock


def current_principal(request: Request) -> Principal:
    """The visitor: the session's account if it still exists and is active, else anonymous.

    The account is looked up on every request, so disabling it, changing its role or setting a new
    password (which changes its stamp) takes effect at once.
    """
    cached = request.scope.get("aigak.principal")
    if isinstance(cached, Principal):
        return cached
    session = request.session
    username = session.get("user")
    role: Role | None = None
    if isinstance(username, str):
        with store_of(request).read() as conn:
            user = get_user(conn, username, missing_ok=True)
        if user is not None and user.is_active and session.get("stamp") == user.stamp:
            role = user.role
        else:
            session["user"] = username = None
    else:
        username = None
    if role is None and request.app.state.public:
        role = Role.PUBLIC
    principal = Principal(username, role, str(session.get("csrf", "")))
    request.scope["aigak.principal"] = principal
    return principal


def allow(action: Action) -> Callable[..., Principal]:
    """A dependency that lets the request through only when the visitor's role may do `action`.

    Raises:
        LoginRequired: nobody is signed in and the server is not public (pages redirect to /login).
        PermissionDenied: the role does not include the action.
    """

    def dependency(principal: Annotated[Principal, Depends(current_principal)]) -> Principal:
        if principal.role is None:
            raise LoginRequired("Sign in to continue.")
        if principal.role is Role.PUBLIC and not can(principal.role, action) and not principal.is_signed_in:
            raise LoginRequired("Sign in to see this page; without an account only published case "
                                "files can be read.")
        require(principal.role, action)
        return principal

    dependency.__name__ = f"allow_{action.value}"
    dependency.aigak_action = action  # type: ignore[attr-defined]  # read by the authorization test
    return dependency


async def csrf_guard(request: Request) -> None:
    """Refuse a state-changing request whose CSRF token does not match the session's.

    Forms send the token in the `csrf_token` field, API clients in the `X-CSRF-Token` header (read it
    from `GET /api/session`).

    Raises:
        PermissionDenied: the token is missing or wrong.
    """
    if request.method not in _UNSAFE_METHODS:
        return
    token = request.headers.get(CSRF_HEADER)
    if not token:
        content_type = request.headers.get("content-type", "")
        if content_type.startswith(("application/x-www-form-urlencoded", "multipart/form-data")):
            form = await request.form()
            value = form.get(CSRF_FORM_FIELD)
            token = value if isinstance(value, str) else None
    if not csrf_token_matches(request.session, token):
        raise PermissionDenied("The form has expired or did not come from this site (CSRF token "
                               "missing or wrong); reload the page and try again. API clients send "
                               f"the token from GET /api/session in the {CSRF_HEADER} header.")


Visitor = Annotated[Principal, Depends(current_principal)]
"""Any visitor, signed in or not (the login and session endpoints)."""
PublicReader = Annotated[Principal, Depends(allow(Action.READ_PUBLIC))]
Reader = Annotated[Principal, Depends(allow(Action.READ))]
Ingester = Annotated[Principal, Depends(allow(Action.INGEST))]
Reviewer = Annotated[Principal, Depends(allow(Action.REVIEW))]
Merger = Annotated[Principal, Depends(allow(Action.MERGE))]
Auditor = Annotated[Principal, Depends(allow(Action.VIEW_AUDIT))]
UserAdmin = Annotated[Principal, Depends(allow(Action.MANAGE_USERS))]
