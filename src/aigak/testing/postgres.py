"""A throwaway PostgreSQL server from Debian's binaries, on a loopback port, in a temporary folder.

Tests use a real server, never a fake: this module finds `initdb`/`pg_ctl`, runs them as the
`postgres` user when the tests run as root (initdb refuses root), and removes everything on stop.
"""

from __future__ import annotations

import glob
import os
import pwd
import shutil
import socket
import subprocess
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path

__all__ = ["PostgresServer", "find_pg_bin", "start_postgres"]

START_TIMEOUT_S = 60


def find_pg_bin() -> Path | None:
    """The folder holding `initdb` and `pg_ctl`, or None when PostgreSQL is not installed."""
    candidates = sorted(glob.glob("/usr/lib/postgresql/*/bin/initdb"), reverse=True)
    found = shutil.which("initdb")
    if found:
        candidates.insert(0, str(Path(found).resolve()))
    for c in candidates:
        bin_dir = Path(c).parent
        if (bin_dir / "pg_ctl").exists():
            return bin_dir
    return None


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


@dataclass(slots=True)
class PostgresServer:
    """A running server: `url(dbname)` gives a SQLAlchemy URL; `create_database` makes a fresh one."""

    bin_dir: Path
    data_dir: Path
    port: int
    run_as: str | None

    def _cmd(self, *args: str) -> list[str]:
        return ["runuser", "-u", self.run_as, "--", *args] if self.run_as else list(args)

    def url(self, dbname: str = "postgres") -> str:
        return f"postgresql+psycopg://postgres@127.0.0.1:{self.port}/{dbname}"

    def create_database(self, name: str) -> str:
        """Create an empty database and return its URL."""
        import psycopg

        with psycopg.connect(f"host=127.0.0.1 port={self.port} user=postgres dbname=postgres",
                             autocommit=True) as conn:
            conn.execute(f'DROP DATABASE IF EXISTS "{name}"')
            conn.execute(f'CREATE DATABASE "{name}"')
        return self.url(name)

    def stop(self) -> None:
        subprocess.run(self._cmd(str(self.bin_dir / "pg_ctl"), "-D", str(self.data_dir), "-m", "immediate",
                                 "stop"), capture_output=True, check=False)
        shutil.rmtree(self.data_dir.parent, ignore_errors=True)


def start_postgres() -> PostgresServer | None:
    """Start a server, or return None when PostgreSQL's binaries are not on this machine."""
    bin_dir = find_pg_bin()
    if bin_dir is None:
        return None
    root = Path(tempfile.mkdtemp(prefix="aigak-pg-"))
    data_dir = root / "data"
    run_as = None
    if os.geteuid() == 0:
        run_as = "postgres"
        pw = pwd.getpwnam(run_as)
        os.chown(root, pw.pw_uid, pw.pw_gid)
        os.chmod(root, 0o700)
    server = PostgresServer(bin_dir, data_dir, _free_port(), run_as)
    subprocess.run(server._cmd(str(bin_dir / "initdb"), "-D", str(data_dir), "-U", "postgres", "-A", "trust",
                               "-E", "UTF8", "--locale=C.UTF-8", "--no-sync"),
                   check=True, capture_output=True)
    opts = f"-p {server.port} -c listen_addresses=127.0.0.1 -k {root} -c fsync=off -c full_page_writes=off"
    subprocess.run(server._cmd(str(bin_dir / "pg_ctl"), "-D", str(data_dir), "-o", opts, "-l",
                               str(root / "log"), "-w", "-t", str(START_TIMEOUT_S), "start"),
                   check=True, capture_output=True)
    deadline = time.monotonic() + START_TIMEOUT_S
    while time.monotonic() < deadline:
        try:
            with socket.create_connection(("127.0.0.1", server.port), timeout=1):
                return server
        except OSError:
            time.sleep(0.2)
    server.stop()
    raise RuntimeError("PostgreSQL did not start; see its log")
