"""Accounts, for admins: list, add, disable or enable, set a new password (each change audited)."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Form, Path, Request
from fastapi.responses import RedirectResponse, Response

from aigak.core.roles import Role
from aigak.store.audit import append_audit
from aigak.store.users import User, create_user, get_user, list_users, set_password, set_role, set_user_active
from aigak.web.auth import Principal, UserAdmin, store_of, write_lock
from aigak.web.errors import InvalidInput
from aigak.web.models import UserIn, UserListOut, UserOut, UserPatch
from aigak.web.templating import render

__all__ = ["router"]

router = APIRouter(tags=["users"])
Username = Annotated[str, Path(min_length=1, max_length=80)]


def _out(u: User) -> UserOut:
    return UserOut(username=u.username, role=u.role.value, is_active=u.is_active, created_at=u.created_at.isoformat())


def _add(request: Request, principal: Principal, body: UserIn) -> User:
    with write_lock(request), store_of(request).transaction() as conn:
        user = create_user(conn, body.username, body.password, Role(body.role))
        append_audit(conn, actor=principal.actor, action="user_add", target=f"user:{user.username}",
                     after={"role": user.role.value})
    return user


def _patch(request: Request, principal: Principal, username: str, body: UserPatch) -> User:
    if body.is_active is False and username == principal.username:
        raise InvalidInput("You cannot disable your own account; ask another admin.")
    if body.role is not None and body.role != Role.ADMIN.value and username == principal.username:
        raise InvalidInput("You cannot take away your own admin role; ask another admin.")
    with write_lock(request), store_of(request).transaction() as conn:
        before = get_user(conn, username)
        assert before is not None
        if body.is_active is not None and body.is_active != before.is_active:
            set_user_active(conn, username, body.is_active)
            append_audit(conn, actor=principal.actor, action="user_enable" if body.is_active else "user_disable",
                         target=f"user:{username}", before={"is_active": before.is_active},
                         after={"is_active": body.is_active})
        if body.role is not None and body.role != before.role.value:
            set_role(conn, username, Role(body.role))
            append_audit(conn, actor=principal.actor, action="user_role", target=f"user:{username}",
                         before={"role": before.role.value}, after={"role": body.role})
        if body.password is not None:
            set_password(conn, username, body.password)
            append_audit(conn, actor=principal.actor, action="user_reset", target=f"user:{username}")
        after = get_user(conn, username)
    assert after is not None
    if username == principal.username:
        request.session["stamp"] = after.stamp  # a new password ends other sessions, not this one
    return after


@router.get("/admin/users", include_in_schema=False)
def users_page(request: Request, principal: UserAdmin) -> Response:
    with store_of(request).read() as conn:
        users = list_users(conn)
    return render(request, "users.html", {"users": users, "roles": list(Role), "error": None})


@router.post("/admin/users", include_in_schema=False)
def users_add_form(request: Request, principal: UserAdmin,
                   username: Annotated[str, Form(min_length=1, max_length=80)],
                   password: Annotated[str, Form(max_length=1024)], role: Annotated[Role, Form()]
                   ) -> Response:
    if len(password) < 10:
        raise InvalidInput("The password is too short: use at least 10 characters.")
    _add(request, principal, UserIn(username=username, password=password, role=role.value))
    return RedirectResponse("/admin/users", status_code=303)


@router.post("/admin/users/{username:path}", include_in_schema=False)
def users_change_form(request: Request, principal: UserAdmin, username: Username,
                      is_active: Annotated[bool | None, Form()] = None,
                      password: Annotated[str | None, Form(max_length=1024)] = None,
                      role: Annotated[Role | None, Form()] = None) -> Response:
    if password is not None and len(password) < 10:
        raise InvalidInput("The password is too short: use at least 10 characters.")
    _patch(request, principal, username, UserPatch(is_active=is_active, password=password or None,
                                                   role=role.value if role else None))
    return RedirectResponse("/admin/users", status_code=303)


@router.get("/api/users", response_model=UserListOut)
def api_users(request: Request, principal: UserAdmin) -> UserListOut:
    """Every account (admins only)."""
    with store_of(request).read() as conn:
        return UserListOut(users=[_out(u) for u in list_users(conn)])


@router.post("/api/users", response_model=UserOut, status_code=201)
def api_user_add(request: Request, principal: UserAdmin, body: UserIn) -> UserOut:
    """Create an account with a role (admins only); the password needs at least 10 characters."""
    return _out(_add(request, principal, body))


@router.patch("/api/users/{username:path}", response_model=UserOut)
def api_user_change(request: Request, principal: UserAdmin, username: Username, body: UserPatch) -> UserOut:
    """Disable or enable an account, change its role, or set a new password (admins only).

    A new password ends the account's other open sessions; a role change applies to them at once."""
    return _out(_patch(request, principal, username, body))
