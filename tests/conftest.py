"""Shared fixtures: real SQLite files, a real PostgreSQL server, and the CLI as a user runs it."""

from __future__ import annotations

import itertools
import os
import subprocess
import sys
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest

from aigak.store.engine import Store, open_store
from aigak.testing.postgres import PostgresServer, start_postgres

REPO = Path(__file__).resolve().parents[1]
SHARED_EVAL = REPO.parent / "shared" / "eval"
FIXTURES = Path(__file__).resolve().parent / "fixtures"
_db_numbers = itertools.count(1)


@pytest.fixture(scope="session")
def pg_server() -> Iterator[PostgresServer]:
    """One PostgreSQL server for the whole run, started from Debian's binaries; skipped if absent."""
    server = start_postgres()
    if server is None:
        pytest.skip("PostgreSQL is not installed on this machine (make test installs it with apt)")
    yield server
    server.stop()


@pytest.fixture
def sqlite_url(tmp_path: Path) -> str:
    return f"sqlite:///{tmp_path / 'aigak.db'}"


@pytest.fixture
def pg_url(pg_server: PostgresServer) -> str:
    return pg_server.create_database(f"aigak_test_{os.getpid()}_{next(_db_numbers)}")


@pytest.fixture(params=["sqlite", pytest.param("postgres", marks=pytest.mark.postgres)])
def db_url(request: pytest.FixtureRequest, tmp_path: Path) -> str:
    """A fresh, empty database URL: once as a SQLite file, once on the PostgreSQL server."""
    if request.param == "sqlite":
        return f"sqlite:///{tmp_path / 'aigak.db'}"
    server: PostgresServer = request.getfixturevalue("pg_server")
    return server.create_database(f"aigak_test_{os.getpid()}_{next(_db_numbers)}")


@pytest.fixture
def store(db_url: str) -> Iterator[Store]:
    """A migrated store on each database kind."""
    s = open_store(db_url)
    yield s
    s.close()


@pytest.fixture
def sqlite_store(sqlite_url: str) -> Iterator[Store]:
    s = open_store(sqlite_url)
    yield s
    s.close()


@dataclass(frozen=True, slots=True)
class CliResult:
    code: int
    stdout: str
    stderr: str


@pytest.fixture
def run_cli(sqlite_url: str):  # type: ignore[no-untyped-def]
    """Run `aigak ARGS...` in a subprocess against a fresh SQLite file, as a user would."""

    def run(*args: str, db: str | None = None, stdin: bytes | None = None) -> CliResult:
        env = {**os.environ, "AIGAK_DATABASE_URL": db or sqlite_url, "COLUMNS": "200", "NO_COLOR": "1"}
        proc = subprocess.run([sys.executable, "-m", "aigak", *args], input=stdin, capture_output=True, check=False,
                              env=env, timeout=300)
        return CliResult(proc.returncode, proc.stdout.decode(), proc.stderr.decode())

    return run
