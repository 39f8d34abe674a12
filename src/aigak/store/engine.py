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

__all__ = ["Store", "open_store", "resolve_url", "sqlcipher_connect"]

_MIGRATIONS = Path(__file__).with_name("migrations")
SQLITE_BUSY_TIMEOUT_MS = 30_000
SQLITE_CACHE_KIB = 65_536
"""Page cache per connection. SQLite's default (2 MiB) holds the upper levels of the indexes of a
small store only; in a store of 100,000 articles (about 2 GB) each registry lookup and full-text
insert would then go back to the operating system for pages it read a moment before."""
SQLITE_BULK_WAL_BYTES = 256 * 1024 * 1024
"""How far the write-ahead log may grow during `Store.bulk_writes` before SQLite copies it back into
the database file (a checkpoint). SQLite's default is every 1,000 pages (4 MiB). In a large store each
document's rows dirty pages all over its indexes, and the same index pages are written again by the
next documents; checkpointing every 4 MiB copied those pages back (and synced the file) over and
over. Measured on a 100,000-article store, extracting 2,000 fresh ones with 2 workers: 70.9 docs/s
with the default, 84.4 with this (see README, Large collections). The log is emptied at the end."""
SQLITE_DEFAULT_WAL_PAGES = 1000


def resolve_url(url: str | None = None) -> str:
    """The database URL: the explicit one, else `AIGAK_DATABASE_URL`, else `sqlite:///aigak.db`.

    A bare file path is taken as a SQLite file; `postgresql://` gets the psycopg 3 driver.
    """
    raw = get_setting("database_url", url) or "sqlite:///aigak.db"
    if "://" not in raw:
        raw = "sqlite:///" + raw
    if raw.startswith(("postgresql://", "postgres://")):
        raw = "postgresql+psycopg://" + raw.split("://", 1)[1]
    return raw


def _sqlite_pragmas(dbapi_conn: Any, _record: Any) -> None:
    # The driver's own transaction handling begins lazily, at the first write, so two writers could
    # both read the audit chain's last record before either wrote. aigak begins transactions itself
    # (see _sqlite_begin): writes with BEGIN IMMEDIATE, which takes the write lock up front.
    dbapi_conn.isolation_level = None
    cur = dbapi_conn.cursor()
    cur.execute("PRAGMA foreign_keys=ON")
    cur.execute(f"PRAGMA busy_timeout={SQLITE_BUSY_TIMEOUT_MS}")
    cur.execute("PRAGMA journal_mode=WAL")
    cur.execute("PRAGMA synchronous=NORMAL")
    cur.execute(f"PRAGMA cache_size=-{SQLITE_CACHE_KIB}")
    cur.close()


_IMMEDIATE = "aigak_begin_immediate"
_WAL_PAGES = "aigak_wal_autocheckpoint"
"""The log size at which a pooled connection checkpoints, as last set on it; `Store.transaction` sets
it again when `Store.bulk_writes` has begun or ended since."""


def _driver_pragma(conn: Connection, pragma: str) -> list[Any]:
    """Run a SQLite PRAGMA on the driver connection, outside any transaction SQLAlchemy would begin
    (a checkpoint cannot run inside one)."""
    cur = conn.connection.dbapi_connection.cursor()  # type: ignore[union-attr]
    try:
        return list(cur.execute(f"PRAGMA {pragma}").fetchall())
    finally:
        cur.close()


def _sqlite_begin(conn: Connection) -> None:
    conn.exec_driver_sql("BEGIN IMMEDIATE" if conn.info.get(_IMMEDIATE) else "BEGIN")


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
        self.is_encrypted = False
        self._wal_pages = SQLITE_DEFAULT_WAL_PAGES

    @property
    def is_sqlite(self) -> bool:
        return self.dialect == "sqlite"

    @contextmanager
    def transaction(self) -> Iterator[Connection]:
        """A connection inside one transaction: committed on success, rolled back on any error."""
        try:
            with self.engine.connect() as conn:
                conn.info[_IMMEDIATE] = True
                if self.is_sqlite and conn.info.get(_WAL_PAGES, SQLITE_DEFAULT_WAL_PAGES) != self._wal_pages:
                    _driver_pragma(conn, f"wal_autocheckpoint={self._wal_pages}")
                    conn.info[_WAL_PAGES] = self._wal_pages
                try:
                    with conn.begin():
                        yield conn
                finally:
                    conn.info.pop(_IMMEDIATE, None)
        except OperationalError as exc:
            raise StoreError(f"The database refused the write: {exc.orig}. Check that it is "
                             "reachable and not read-only.") from exc

    @contextmanager
    def bulk_writes(self) -> Iterator[None]:
        """Many write transactions in a row (a bulk ingest or extraction), made cheaper on SQLite.

        Inside, SQLite checkpoints its write-ahead log every `SQLITE_BULK_WAL_BYTES` instead of every
        4 MiB; on leaving, the log is copied back and truncated. Each transaction still commits on its
        own and is as durable as any other; PostgreSQL is not changed.
        """
        if not self.is_sqlite:
            yield
            return
        with self.engine.connect() as conn:
            page_size = int(_driver_pragma(conn, "page_size")[0][0])
        self._wal_pages = max(SQLITE_DEFAULT_WAL_PAGES, SQLITE_BULK_WAL_BYTES // page_size)
        try:
            yield
        except BaseException:
            # Interrupted (Ctrl-C, an error): the log is copied back by the next checkpoint. Truncating
            # it now would wait out the busy timeout (30 s) behind a connection the interruption left
            # reading, and hold up a user who asked to stop.
            self._wal_pages = SQLITE_DEFAULT_WAL_PAGES
            raise
        self._wal_pages = SQLITE_DEFAULT_WAL_PAGES  # each connection takes it at its next transaction
        with self.engine.connect() as conn:
            _driver_pragma(conn, "wal_checkpoint(TRUNCATE)")

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


def sqlcipher_connect(path: str, key: str) -> Any:
    """A DB-API connection to an SQLCipher-encrypted SQLite file, unlocked with `key`.

    Raises:
        ConfigError: the `crypto` extra (sqlcipher3) is not installed.
    """
    try:
        import sqlcipher3
    except ImportError as exc:
        raise ConfigError("Encryption needs the sqlcipher3 package: pip install 'aigak[crypto]'.") from exc
    conn = sqlcipher3.connect(path, check_same_thread=False)
    conn.execute("PRAGMA cipher_log_level = NONE")  # a wrong key is reported by aigak, not printed by the library
    conn.execute("PRAGMA key = '" + key.replace("'", "''") + "'")
    return conn


def _encrypted_engine(path: str, key: str) -> Engine:
    engine = create_engine("sqlite://", creator=lambda: sqlcipher_connect(path, key))
    event.listen(engine, "connect", _sqlite_pragmas)
    event.listen(engine, "begin", _sqlite_begin)
    return engine


def open_store(url: str | None = None, *, migrate: bool = True, key: str | None = None) -> Store:
    """Open (and by default create or upgrade) the store at `url`.

    Args:
        url: the database URL (default from `AIGAK_DATABASE_URL`).
        migrate: bring the schema to the newest revision.
        key: passphrase of an SQLCipher-encrypted SQLite file (default `AIGAK_DB_KEY`); never stored.

    Raises:
        ConfigError: the URL is malformed or names an unsupported database.
        StoreError: the database cannot be reached or migrated, or the passphrase is wrong.
    """
    resolved = resolve_url(url)
    try:
        parsed = make_url(resolved)
    except ArgumentError as exc:
        raise ConfigError(f"Cannot read the database URL {resolved!r}: {exc}. "
                          "Use sqlite:///file.db or postgresql://user@host/db.") from exc
    backend = parsed.get_backend_name()
    key = get_setting("db_key", key)
    if backend == "sqlite":
        if parsed.database and parsed.database != ":memory:":
            Path(parsed.database).expanduser().parent.mkdir(parents=True, exist_ok=True)
        if key:
            if not parsed.database or parsed.database == ":memory:":
                raise ConfigError("An encryption key needs a database file, not an in-memory database.")
            engine = _encrypted_engine(str(Path(parsed.database).expanduser()), key)
        else:
            engine = create_engine(parsed)
            event.listen(engine, "connect", _sqlite_pragmas)
            event.listen(engine, "begin", _sqlite_begin)
    elif backend == "postgresql":
        engine = create_engine(parsed, pool_pre_ping=True)
    else:
        raise ConfigError(f"Unsupported database {backend!r}: use SQLite or PostgreSQL.")
    store = Store(parsed.render_as_string(hide_password=True), engine)
    store.is_encrypted = bool(key) and backend == "sqlite"
    if migrate:
        try:
            store.migrate()
        except Exception as exc:  # the SQLCipher driver raises its own DatabaseError from the connect hook
            if backend == "sqlite" and "not a database" in str(exc):
                hint = ("the passphrase is wrong" if key else
                        "it is encrypted (set AIGAK_DB_KEY or use --ask-key) or not a database")
                raise StoreError(f"Cannot open {store.url}: {hint}.") from exc
            if isinstance(exc, SQLAlchemyError):
                raise StoreError(f"Cannot open the database {store.url}: {exc.__class__.__name__}: "
                                 f"{getattr(exc, 'orig', exc)}") from exc
            raise
    return store
