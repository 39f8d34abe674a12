"""Signed session cookies with a CSRF token, and the secret that signs them (made on first run)."""

from __future__ import annotations

import hmac
import json
import os
import secrets
from collections.abc import MutableMapping
from pathlib import Path
from typing import Any

from itsdangerous import BadSignature, URLSafeTimedSerializer
from sqlalchemy.engine import make_url
from starlette.datastructures import MutableHeaders
from starlette.requests import HTTPConnection
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from aigak.store.engine import Store

__all__ = [
    "CSRF_FORM_FIELD",
    "CSRF_HEADER",
    "SESSION_COOKIE",
    "SESSION_MAX_AGE_S",
    "SessionMiddleware",
    "csrf_token_matches",
    "load_or_create_secret",
    "new_session",
    "secret_path_for",
]

SESSION_COOKIE = "aigak_session"
SESSION_MAX_AGE_S = 12 * 60 * 60
CSRF_HEADER = "X-CSRF-Token"
CSRF_FORM_FIELD = "csrf_token"
_SECRET_BYTES = 32


def secret_path_for(store: Store) -> Path:
    """Where the signing secret lives: beside a SQLite file, else in the user's config folder.

    The secret never sits inside the project tree unless the database does; a PostgreSQL store keeps
    it under `~/.config/aigak/` keyed by server and database name.
    """
    url = make_url(store.engine.url)
    if url.get_backend_name() == "sqlite" and url.database and url.database != ":memory:":
        db = Path(url.database).expanduser().resolve()
        return db.with_name(db.name + ".secret")
    base = Path(os.environ.get("XDG_CONFIG_HOME") or Path.home() / ".config") / "aigak"
    key = f"{url.host or 'local'}-{url.port or ''}-{url.database or 'memory'}".replace("/", "_")
    return base / f"web-secret-{key}"


def load_or_create_secret(store: Store) -> str:
    """The key that signs session cookies: read from beside the store, created (mode 0600) on first run."""
    path = secret_path_for(store)
    if path.exists():
        value = path.read_text(encoding="ascii").strip()
        if len(value) >= 32:
            return value
    path.parent.mkdir(parents=True, exist_ok=True)
    value = secrets.token_urlsafe(_SECRET_BYTES)
    fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
    with os.fdopen(fd, "w", encoding="ascii") as fh:
        fh.write(value + "\n")
    return value


def new_session(username: str | None = None, stamp: str | None = None) -> dict[str, Any]:
    """A fresh session: a new CSRF token, and the account when signed in (rotated at every login), with
    the stamp of its password at login (`User.stamp`: a new password ends the session)."""
    return {"csrf": secrets.token_urlsafe(24), "user": username, "stamp": stamp}


def csrf_token_matches(session: MutableMapping[str, Any], token: str | None) -> bool:
    """Whether `token` is this session's CSRF token (compared in constant time)."""
    expected = session.get("csrf")
    return bool(token) and isinstance(expected, str) and hmac.compare_digest(expected, str(token))


class SessionMiddleware:
    """Reads the signed session cookie into `scope["session"]` and writes it back when it changed.

    The cookie is HTTP-only and SameSite=Strict; it is marked Secure when the request came over
    HTTPS, so it still works on plain loopback HTTP. A visitor without a valid cookie gets a new
    anonymous session (with its own CSRF token, needed to post the login form).
    """

    def __init__(self, app: ASGIApp, secret_key: str, *, max_age_s: int = SESSION_MAX_AGE_S) -> None:
        self.app = app
        self.serializer = URLSafeTimedSerializer(secret_key, salt="aigak.session")
        self.max_age_s = max_age_s

    def _load(self, raw: str | None) -> dict[str, Any] | None:
        if not raw:
            return None
        try:
            data = self.serializer.loads(raw, max_age=self.max_age_s)
        except BadSignature:
            return None
        return data if isinstance(data, dict) and isinstance(data.get("csrf"), str) else None

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        loaded = self._load(HTTPConnection(scope).cookies.get(SESSION_COOKIE))
        session = loaded if loaded is not None else new_session()
        original = json.dumps(session, sort_keys=True)
        scope["session"] = session
        is_https = scope.get("scheme") == "https"

        async def send_wrapper(message: Message) -> None:
            if message["type"] == "http.response.start":
                current = scope["session"]
                if loaded is None or json.dumps(current, sort_keys=True) != original:
                    value = self.serializer.dumps(current)
                    flags = f"Path=/; Max-Age={self.max_age_s}; HttpOnly; SameSite=Strict"
                    if is_https:
                        flags += "; Secure"
                    headers = MutableHeaders(scope=message)
                    headers.append("Set-Cookie", f"{SESSION_COOKIE}={value}; {flags}")
            await send(message)

        await self.app(scope, receive, send_wrapper)
