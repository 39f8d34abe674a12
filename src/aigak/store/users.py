"""Accounts: Argon2 password hashes, roles, disabling, and login throttling."""

from __future__ import annotations

import hashlib
import re
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from typing import Any

from sqlalchemy import Connection, delete, func, insert, select, update

from aigak.core.errors import AigakError, ConfigError, NotFound
from aigak.core.roles import Role
from aigak.store.schema import login_attempts, users

__all__ = [
    "LOGIN_WINDOW_S",
    "MAX_FAILED_LOGINS",
    "LoginThrottled",
    "User",
    "authenticate",
    "count_users",
    "create_user",
    "get_user",
    "list_users",
    "set_password",
    "set_role",
    "set_user_active",
]

MAX_FAILED_LOGINS = 5
LOGIN_WINDOW_S = 300
MIN_PASSWORD_CHARS = 10


class LoginThrottled(AigakError):
    """Too many failed logins for one account in the window; wait before trying again."""

    status = 429


@dataclass(frozen=True, slots=True)
class User:
    """An account (its password hash never leaves the store module).

    Attributes:
        stamp: a digest of the password hash. A session carries the stamp of its login, so setting a
            new password ends every session opened with the old one.
    """

    id: int
    username: str
    role: Role
    is_active: bool
    created_at: datetime
    stamp: str


def _hasher() -> Any:
    from argon2 import PasswordHasher

    return PasswordHasher()


def _row(r: Any) -> User:
    stamp = hashlib.sha256(str(r.password_hash).encode()).hexdigest()[:16]
    return User(r.id, r.username, Role(r.role), bool(r.is_active), r.created_at, stamp)


def _check_password(password: str) -> None:
    if len(password) < MIN_PASSWORD_CHARS:
        raise ConfigError(f"The password is too short: use at least {MIN_PASSWORD_CHARS} characters.")


_USERNAME = re.compile(r"[A-Za-z0-9][A-Za-z0-9._@\-]{0,79}")
"""Account names as they appear in the audit trail ("web:aizhan.b"): no spaces, markup or look-alike
characters from other scripts."""


def create_user(conn: Connection, username: str, password: str, role: Role) -> User:
    """Create an account with an Argon2-hashed password."""
    username = username.strip()
    if not _USERNAME.fullmatch(username):
        raise ConfigError(f"{username[:80]!r} cannot be a username: use 1 to 80 letters, digits, dots, hyphens, "
                          "underscores or @ (for example 'aizhan.b'), starting with a letter or digit.")
    _check_password(password)
    if get_user(conn, username, missing_ok=True) is not None:
        raise ConfigError(f"The user {username!r} exists already; use `aigak user reset` to change it.")
    # "Ana" beside "ana" reads as one person in the audit trail and on the Users page.
    alike = conn.execute(select(users.c.username).where(func.lower(users.c.username) == username.lower())).first()
    if alike is not None:
        raise ConfigError(f"The user {alike.username!r} exists already and differs from {username!r} only in "
                          "capitals; choose a name that reads differently.")
    conn.execute(insert(users).values(username=username, password_hash=_hasher().hash(password),
                                      role=role.value, is_active=True, created_at=datetime.now(UTC)))
    user = get_user(conn, username)
    assert user is not None
    return user


def get_user(conn: Connection, username: str, *, missing_ok: bool = False) -> User | None:
    """An account by name; raises NotFound unless `missing_ok`."""
    row = conn.execute(select(users).where(users.c.username == username)).first()
    if row is None:
        if missing_ok:
            return None
        raise NotFound(f"No user named {username!r}. List them with `aigak user list`.")
    return _row(row)


def list_users(conn: Connection) -> list[User]:
    return [_row(r) for r in conn.execute(select(users).order_by(users.c.username))]


def count_users(conn: Connection) -> int:
    return int(conn.execute(select(func.count()).select_from(users)).scalar_one())


def set_user_active(conn: Connection, username: str, active: bool) -> User:
    get_user(conn, username)
    conn.execute(update(users).where(users.c.username == username).values(is_active=active))
    user = get_user(conn, username)
    assert user is not None
    return user


def set_role(conn: Connection, username: str, role: Role) -> User:
    """Give an account another role; it takes effect at the account's next request.

    Raises:
        NotFound: no such account.
        ConfigError: it would leave no active admin, and so nobody who could manage accounts on the web.
    """
    user = get_user(conn, username)
    assert user is not None
    if user.role is Role.ADMIN and role is not Role.ADMIN and user.is_active:
        admins = conn.execute(select(func.count()).select_from(users).where(
            users.c.role == Role.ADMIN.value, users.c.is_active.is_(True))).scalar_one()
        if admins <= 1:
            raise ConfigError(f"{username!r} is the only active admin; make another account admin first "
                              "(`aigak user role NAME admin`).")
    conn.execute(update(users).where(users.c.username == username).values(role=role.value))
    changed = get_user(conn, username)
    assert changed is not None
    return changed


def set_password(conn: Connection, username: str, password: str) -> None:
    _check_password(password)
    get_user(conn, username)
    conn.execute(update(users).where(users.c.username == username)
                 .values(password_hash=_hasher().hash(password)))
    conn.execute(delete(login_attempts).where(login_attempts.c.username == username))


def authenticate(conn: Connection, username: str, password: str, *, now: datetime | None = None) -> User | None:
    """The active account if the password is right, else None; every attempt is recorded.

    Raises:
        LoginThrottled: the account had MAX_FAILED_LOGINS failures within LOGIN_WINDOW_S.
    """
    from argon2.exceptions import InvalidHashError, VerificationError

    now = now or datetime.now(UTC)
    since = now - timedelta(seconds=LOGIN_WINDOW_S)
    failures = conn.execute(select(func.count()).select_from(login_attempts).where(
        login_attempts.c.username == username, login_attempts.c.at >= since,
        login_attempts.c.succeeded.is_(False))).scalar_one()
    if failures >= MAX_FAILED_LOGINS:
        raise LoginThrottled(f"Too many failed logins for {username!r}; wait {LOGIN_WINDOW_S // 60} "
                             "minutes or ask an admin to reset the password.")
    row = conn.execute(select(users).where(users.c.username == username)).first()
    ok = False
    if row is not None and row.is_active:
        try:
            ok = bool(_hasher().verify(row.password_hash, password))
        except (VerificationError, InvalidHashError):
            ok = False
    else:
        _hasher().hash(password)  # spend the same time, so timing does not tell which usernames exist
    conn.execute(insert(login_attempts).values(username=username, at=now, succeeded=ok))
    return _row(row) if ok and row is not None else None
