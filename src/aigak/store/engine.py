"""Opening the store: URL resolution, SQLite pragmas, migrations, and transactions."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

from alembic import command
from alembic.config import Config
from alembic.runtime.migration import MigrationContext
from sqlalchemy import Connection, Engine, create_engine, event
from sqlalchemy.engine import make_url
from sqlalchemy.exc import ArgumentError, OperationalError, SQLAlchemyError

from aigak.core.errors import ConfigError, StoreError
from aigak.core.settings import get_setting

__all__ = ["Store", "open_store", "resolve_url"]

_MIGRATIONS = Path(__file__).with_name("migrations")
SQLITE_BUSY_TIMEOUT_MS = 30_000


def resolve_url(url: str | None = None) -> str:
    """The database URL: the explicit one, else `AIGAK_DATABASE_URL`, else `sqlite:///aigak.db`.

    A bare file path is taken as a SQLite file; `postgresql://` gets the psycopg 3 driver.
    """
    raw = get_setting("database_url", url) or "sqlite:///aigak.db"
    if "://" not in raw:
        raw = "sqlite:///" + raw
    if raw.startswith("postgresql://") or raw.startswith("postgres://"):
        raw = "postgresql+psycopg://" + raw.split("://", 1)[1]
    return raw


def _sqlite_pragmas(dbapi_conn: Any, _record: Any) -> None:
    cur = dbapi_conn.cursor()
    cur.execute("PRAGMA foreign_keys=ON")
    cur.execute(f"PRAGMA busy_timeout={SQLITE_BUSY_TIMEOUT_MS}")
    cur.execute("PRAGMA journal_mode=WAL")
    cur.execute("PRAGMA synchronous=NORMAL")
    cur.close()


class Store:
    """A database aigak can read and write: one engine, its dialect, and transactions.

    Attributes:
        url: the SQLAlchemy URL (password hidden when printed).
        engine: the SQLAlchemy engine.
        dialect: `sqlite` or `postgresql`.
    """

    def __init__(self, url: str, engine: Engine) -> None:
        self.url = url
        self.engine = engine
        self.dialect = engine.dialect.name

    @property
    def is_sqlite(self) -> bool:
        return self.dialect == "sqlite"

    @contextmanager
    def transaction(self) -> Iterator[Connection]:
        """A connection inside one transaction: committed on success, rolled back on any error."""
        try:
            with self.engine.begin() as conn:
                yield conn
        except OperationalError as exc:
            raise StoreError(f"The database refused the write: {exc.orig}. Check that it is "
                             "reachable and not read-only.") from exc

    @contextmanager
    def read(self) -> Iterator[Connection]:
        """A connection for reading."""
        with self.engine.connect() as conn:
            yield conn

    def migrate(self) -> None:
        """Bring the schema to the newest revision (idempotent)."""
        cfg = Config()
        cfg.set_main_option("script_location", str(_MIGRATIONS))
        with self.engine.begin() as conn:
            cfg.attributes["connection"] = conn
            command.upgrade(cfg, "head")

    def revision(self) -> str | None:
        """The schema revision the database is at, or None for an empty database."""
        with self.engine.connect() as conn:
            return MigrationContext.configure(conn).get_current_revision()

    def close(self) -> None:
        self.engine.dispose()


def open_store(url: str | None = None, *, migrate: bool = True) -> Store:
    """Open (and by default create or upgrade) the store at `url`.

    Raises:
        ConfigError: the URL is malformed or names an unsupported database.
        StoreError: the database cannot be reached or migrated.
    """
    resolved = resolve_url(url)
    try:
        parsed = make_url(resolved)
    except ArgumentError as exc:
        raise ConfigError(f"Cannot read the database URL {resolved!r}: {exc}. "
                          "Use sqlite:///file.db or postgresql://user@host/db.") from exc
    backend = parsed.get_backend_name()
    if backend == "sqlite":
        if parsed.database and parsed.database != ":memory:":
            Path(parsed.database).expanduser().parent.mkdir(parents=True, exist_ok=True)
        engine = create_engine(parsed)
        event.listen(engine, "connect", _sqlite_pragmas)
    elif backend == "postgresql":
        engine = create_engine(parsed, pool_pre_ping=True)
    else:
        raise ConfigError(f"Unsupported database {backend!r}: use SQLite or PostgreSQL.")
    store = Store(parsed.render_as_string(hide_password=True), engine)
    if migrate:
        try:
            store.migrate()
        except SQLAlchemyError as exc:
            raise StoreError(f"Cannot open the database {store.url}: {exc.__class__.__name__}: "
                             f"{getattr(exc, 'orig', exc)}") from exc
    return store
