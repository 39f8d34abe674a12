"""Accounts: hashed passwords, roles, disabling, and throttled logins."""

from __future__ import annotations

import pytest
from sqlalchemy import select

from aigak.core.errors import ConfigError, NotFound, PermissionDenied
from aigak.core.roles import Action, Role, can, require
from aigak.store.engine import Store
from aigak.store.schema import users
from aigak.store.users import (
    MAX_FAILED_LOGINS,
    LoginThrottled,
    authenticate,
    create_user,
    get_user,
    set_password,
    set_role,
    set_user_active,
)

PASSWORD = "correct horse battery"


def test_password_is_stored_as_argon2_hash(sqlite_store: Store) -> None:
    with sqlite_store.transaction() as conn:
        create_user(conn, "ana", PASSWORD, Role.EDITOR)
        stored = conn.execute(select(users.c.password_hash)).scalar_one()
    assert stored.startswith("$argon2") and PASSWORD not in stored


def test_login_succeeds_only_with_the_right_password(sqlite_store: Store) -> None:
    with sqlite_store.transaction() as conn:
        create_user(conn, "ana", PASSWORD, Role.VIEWER)
        assert authenticate(conn, "ana", "wrong password!") is None
        user = authenticate(conn, "ana", PASSWORD)
    assert user is not None and user.role is Role.VIEWER


def test_disabled_account_cannot_log_in(sqlite_store: Store) -> None:
    with sqlite_store.transaction() as conn:
        create_user(conn, "ana", PASSWORD, Role.VIEWER)
        set_user_active(conn, "ana", False)
        assert authenticate(conn, "ana", PASSWORD) is None


def test_login_flood_is_throttled_until_reset(sqlite_store: Store) -> None:
    with sqlite_store.transaction() as conn:
        create_user(conn, "ana", PASSWORD, Role.VIEWER)
        for _ in range(MAX_FAILED_LOGINS):
            assert authenticate(conn, "ana", "guess guess guess") is None
        with pytest.raises(LoginThrottled):
            authenticate(conn, "ana", PASSWORD)
        set_password(conn, "ana", "a new long passphrase")
        assert authenticate(conn, "ana", "a new long passphrase") is not None


def test_short_password_and_duplicate_user_are_refused(sqlite_store: Store) -> None:
    with sqlite_store.transaction() as conn:
        with pytest.raises(ConfigError, match="too short"):
            create_user(conn, "bo", "short", Role.VIEWER)
        create_user(conn, "bo", PASSWORD, Role.VIEWER)
        with pytest.raises(ConfigError, match="exists already"):
            create_user(conn, "bo", PASSWORD, Role.ADMIN)


@pytest.mark.parametrize(("role", "action", "allowed"), [
    (None, Action.READ_PUBLIC, False),
    (Role.PUBLIC, Action.READ_PUBLIC, True),
    (Role.PUBLIC, Action.READ, False),
    (Role.VIEWER, Action.READ_SENSITIVE, True),
    (Role.VIEWER, Action.REVIEW, False),
    (Role.EDITOR, Action.MERGE, True),
    (Role.EDITOR, Action.MANAGE_USERS, False),
    (Role.ADMIN, Action.MANAGE_USERS, True),
], ids=lambda v: str(v))
def test_roles_allow_what_the_table_says(role: Role | None, action: Action, allowed: bool) -> None:
    assert can(role, action) is allowed
    if not allowed:
        with pytest.raises(PermissionDenied):
            require(role, action)


def test_a_new_password_changes_the_session_stamp_and_a_role_change_keeps_it(sqlite_store: Store) -> None:
    with sqlite_store.transaction() as conn:
        create_user(conn, "ana", "first long password", Role.ADMIN)
        create_user(conn, "bo", "first long password", Role.VIEWER)
        before = get_user(conn, "bo")
        promoted = set_role(conn, "bo", Role.EDITOR)
        set_password(conn, "bo", "second long password")
        after = get_user(conn, "bo")
    assert before is not None and after is not None
    assert promoted.role is Role.EDITOR and promoted.stamp == before.stamp
    assert after.stamp != before.stamp and len(after.stamp) == 16


def test_the_only_active_admin_cannot_be_demoted(sqlite_store: Store) -> None:
    with sqlite_store.transaction() as conn:
        create_user(conn, "ana", "first long password", Role.ADMIN)
        with pytest.raises(ConfigError, match="only active admin"):
            set_role(conn, "ana", Role.EDITOR)
        with pytest.raises(NotFound, match="aigak user list"):
            set_role(conn, "nobody", Role.EDITOR)
