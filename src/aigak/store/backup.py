"""Backups that can be trusted: a consistent snapshot plus the original sources, verified on restore.

A backup is one tar file: `manifest.json` (what is inside, with the SHA-256 of every member),
the database (an SQLite online-backup snapshot, or a `pg_dump` custom-format dump), and every
stored source under `sources/<sha256>`. `restore_backup` checks every hash, restores into a
scratch database, runs the integrity checks there (source hashes, audit chain), and only then
puts the data in place — a damaged or tampered backup is refused and the target is left alone.
"""

from __future__ import annotations

import glob
import hashlib
import io
import json
import os
import shutil
import sqlite3
import subprocess
import tarfile
import tempfile
from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from sqlalchemy import func, inspect, select
from sqlalchemy.engine import make_url

from aigak import __version__
from aigak.core.errors import ConfigError, IntegrityError, StoreError
from aigak.store.audit import verify_audit_chain
from aigak.store.documents import iter_source_mismatches
from aigak.store.engine import Store, open_store, sqlcipher_connect
from aigak.store.schema import audit_log, documents, sources

__all__ = ["BACKUP_FORMAT", "BackupSummary", "create_backup", "find_pg_tool", "restore_backup"]

BACKUP_FORMAT = "aigak-backup/1"
PG_TOOL_TIMEOUT_S = 3600
_SQLITE_HEADER = b"SQLite format 3\x00"
_NO_KEY_MESSAGE = ("This backup's database is encrypted: set AIGAK_DB_KEY or pass --ask-key "
                   "(aigak --ask-key restore FILE) with the passphrase it was made with.")


@dataclass(frozen=True, slots=True)
class BackupSummary:
    """What a backup holds (from its manifest)."""

    path: Path
    dialect: str
    documents: int
    sources: int
    audit_records: int
    created_at: str


def find_pg_tool(name: str) -> str:
    """The path of a PostgreSQL client tool (`pg_dump`, `pg_restore`), newest version first.

    Raises:
        ConfigError: PostgreSQL's client tools are not installed.
    """
    for candidate in [shutil.which(name), *sorted(glob.glob(f"/usr/lib/postgresql/*/bin/{name}"), reverse=True)]:
        if candidate and os.access(candidate, os.X_OK):
            return candidate
    raise ConfigError(f"{name} is not installed; install PostgreSQL's client tools (apt-get install postgresql-client).")


def _libpq_url(store_url: str, password: str | None) -> str:
    url = make_url(store_url).set(drivername="postgresql")
    if password:
        url = url.set(password=password)
    return url.render_as_string(hide_password=False)


def _sha(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def _add(tar: tarfile.TarFile, name: str, data: bytes, files: dict[str, str]) -> None:
    info = tarfile.TarInfo(name)
    info.size = len(data)
    info.mtime = int(datetime.now(UTC).timestamp())
    tar.addfile(info, io.BytesIO(data))
    files[name] = _sha(data)


def _counts(store: Store) -> dict[str, Any]:
    with store.read() as conn:
        head = conn.execute(select(audit_log.c.hash).order_by(audit_log.c.seq.desc()).limit(1)).scalar()
        return {"documents": conn.execute(select(func.count()).select_from(documents)).scalar_one(),
                "sources": conn.execute(select(func.count()).select_from(sources)).scalar_one(),
                "audit_records": conn.execute(select(func.count()).select_from(audit_log)).scalar_one(),
                "audit_head": head}


def _sqlite_snapshot(store: Store, key: str | None) -> bytes:
    """A consistent copy of a live SQLite database through SQLite's online backup API."""
    db_path = make_url(store.url).database
    if not db_path:
        raise ConfigError("Only a database file can be backed up.")
    with tempfile.TemporaryDirectory() as tmp:
        target = str(Path(tmp) / "snapshot.db")
        src = sqlcipher_connect(db_path, key) if key else sqlite3.connect(db_path)
        dst = sqlcipher_connect(target, key) if key else sqlite3.connect(target)
        try:
            src.backup(dst)
        finally:
            dst.close()
            src.close()
        return Path(target).read_bytes()


def create_backup(store: Store, path: Path, *, key: str | None = None, password: str | None = None) -> BackupSummary:
    """Write a backup of the live store to `path` (SQLite snapshot or pg_dump, plus every source).

    Args:
        key: the SQLCipher passphrase, for an encrypted SQLite store (the snapshot stays encrypted).
        password: the PostgreSQL password, when the URL does not carry it.
    """
    counts = _counts(store)
    files: dict[str, str] = {}
    path.parent.mkdir(parents=True, exist_ok=True)
    partial = path.with_name(path.name + ".partial")
    with tarfile.open(partial, "w") as tar:
        if store.is_sqlite:
            _add(tar, "database.sqlite", _sqlite_snapshot(store, key), files)
        else:
            dump = subprocess.run([find_pg_tool("pg_dump"), "--format=custom", "--no-owner",
                                   f"--dbname={_libpq_url(store.url, password)}"],
                                  check=False, capture_output=True, timeout=PG_TOOL_TIMEOUT_S)
            if dump.returncode != 0:
                raise StoreError(f"pg_dump failed: {dump.stderr.decode(errors='replace').strip()}")
            _add(tar, "database.pgdump", dump.stdout, files)
        with store.read() as conn:
            for row in conn.execute(select(sources.c.sha256, sources.c.data)):
                _add(tar, f"sources/{row.sha256}", bytes(row.data), files)
        manifest = {"format": BACKUP_FORMAT, "aigak_version": __version__, "dialect": store.dialect,
                    "revision": store.revision(), "encrypted": bool(key) and store.is_sqlite,
                    "created_at": datetime.now(UTC).isoformat(timespec="seconds"), **counts, "files": files}
        data = json.dumps(manifest, indent=1, sort_keys=True).encode()
        info = tarfile.TarInfo("manifest.json")
        info.size = len(data)
        tar.addfile(info, io.BytesIO(data))
    partial.replace(path)
    return BackupSummary(path, store.dialect, counts["documents"], counts["sources"], counts["audit_records"],
                         manifest["created_at"])


def _read_archive(path: Path) -> tuple[dict[str, Any], dict[str, bytes]]:
    """The manifest and members of a backup, every member checked against the manifest's hash."""
    try:
        with tarfile.open(path, "r") as tar:
            members: dict[str, bytes] = {}
            for m in tar.getmembers():
                if not m.isfile() or m.name.startswith("/") or ".." in Path(m.name).parts:
                    raise IntegrityError(f"{path}: unexpected member {m.name!r}; not an aigak backup.")
                fh = tar.extractfile(m)
                assert fh is not None
                members[m.name] = fh.read()
    except (tarfile.TarError, OSError) as exc:
        raise IntegrityError(f"{path} cannot be read as an aigak backup: {exc}") from exc
    try:
        manifest = json.loads(members.pop("manifest.json"))
    except (KeyError, ValueError) as exc:
        raise IntegrityError(f"{path} has no readable manifest; not an aigak backup.") from exc
    if manifest.get("format") != BACKUP_FORMAT:
        raise IntegrityError(f"{path}: unknown backup format {manifest.get('format')!r}.")
    problems = []
    for name, expected in manifest["files"].items():
        if name not in members:
            problems.append(f"{name} is missing")
        elif _sha(members[name]) != expected:
            problems.append(f"{name} does not match its hash in the manifest")
    for name, data in members.items():
        if name.startswith("sources/") and _sha(data) != name.split("/", 1)[1]:
            problems.append(f"{name} does not hash to its name")
    if set(members) - set(manifest["files"]):
        problems.append("members not listed in the manifest: " + ", ".join(sorted(set(members) - set(manifest["files"]))))
    if problems:
        raise IntegrityError(f"{path} is damaged or was altered: " + "; ".join(problems))
    return manifest, members


def _check_restored(store: Store, manifest: dict[str, Any], archive_sources: set[str]) -> None:
    with store.read() as conn:
        problems = [f"document #{m.document_id}: stored bytes do not match {m.sha256}"
                    for m in iter_source_mismatches(conn)]
        problems += verify_audit_chain(conn)
        stored = {r.sha256 for r in conn.execute(select(sources.c.sha256))}
    if stored != archive_sources:
        problems.append("the database's sources differ from the sources in the backup")
    counts = _counts(store)
    for k in ("documents", "sources", "audit_records", "audit_head"):
        if counts[k] != manifest[k]:
            problems.append(f"{k}: backup says {manifest[k]}, restored data has {counts[k]}")
    if problems:
        raise IntegrityError("The backup failed verification and was not restored: " + "; ".join(problems))


def _check_key(snapshot: bytes, key: str | None) -> None:
    """Refuse, before anything is touched, a restore that cannot open the snapshot for want of a key.

    A plain SQLite file starts with its header; an SQLCipher file is noise from its first byte.

    Raises:
        ConfigError: the snapshot is encrypted and no passphrase was given, or plain and one was.
    """
    encrypted = not snapshot.startswith(_SQLITE_HEADER)
    if encrypted and not key:
        raise ConfigError(_NO_KEY_MESSAGE)
    if not encrypted and key:
        raise ConfigError("This backup's database is not encrypted: restore it without a passphrase "
                          "(unset AIGAK_DB_KEY, leave out --ask-key).")


def _is_empty(store: Store) -> bool:
    with store.read() as conn:
        tables = set(inspect(conn).get_table_names())
        if "documents" not in tables:
            return True
        return conn.execute(select(func.count()).select_from(documents)).scalar_one() == 0 and \
            conn.execute(select(func.count()).select_from(audit_log)).scalar_one() == 0


def restore_backup(path: Path, target_url: str, *, key: str | None = None, password: str | None = None,
                   force: bool = False, open_target: Callable[..., Store] = open_store) -> BackupSummary:
    """Verify a backup completely, then restore it into `target_url`.

    The target must be empty unless `force`. Nothing in the target changes unless every check passes.

    Raises:
        IntegrityError: the archive, a source or the audit chain fails verification.
        ConfigError: the target is not empty, the backup is of the other database kind, or it is an
            encrypted SQLite database and no passphrase was given.
        StoreError: the passphrase given does not open the backup's database.
    """
    manifest, members = _read_archive(path)
    archive_sources = {n.split("/", 1)[1] for n in members if n.startswith("sources/")}
    target = make_url(target_url if "://" in target_url else "sqlite:///" + target_url)
    dialect = target.get_backend_name()
    if dialect != manifest["dialect"]:
        raise ConfigError(f"This backup is of a {manifest['dialect']} database; restore it into one of the same kind.")
    summary = BackupSummary(path, manifest["dialect"], manifest["documents"], manifest["sources"],
                            manifest["audit_records"], manifest["created_at"])
    if dialect == "sqlite":
        _check_key(members["database.sqlite"], key)
        dest = Path(target.database or "")
        if not target.database or target.database == ":memory:":
            raise ConfigError("Restore into a database file.")
        if dest.exists() and dest.stat().st_size > 0 and not force:
            existing = open_target(str(target), key=key, migrate=False)
            empty = _is_empty(existing)
            existing.close()
            if not empty:
                raise ConfigError(f"{dest} holds data; pass --force to replace it.")
        dest.parent.mkdir(parents=True, exist_ok=True)
        scratch = dest.with_name(dest.name + ".restoring")
        scratch.write_bytes(members["database.sqlite"])
        try:
            check = open_target(f"sqlite:///{scratch}", key=key, migrate=False)
            try:
                _check_restored(check, manifest, archive_sources)
            except Exception as exc:  # the SQLCipher driver raises its own DatabaseError, not SQLAlchemy's
                if "not a database" not in str(exc):
                    raise
                raise StoreError("The backup's database cannot be opened with this passphrase; give the one "
                                 "it was made with (AIGAK_DB_KEY or --ask-key).") from exc
            finally:
                check.close()
            for suffix in ("-wal", "-shm"):
                Path(str(dest) + suffix).unlink(missing_ok=True)
            scratch.replace(dest)
        finally:
            scratch.unlink(missing_ok=True)
            for suffix in ("-wal", "-shm"):
                Path(str(scratch) + suffix).unlink(missing_ok=True)
        return summary
    return _restore_postgres(target_url, members["database.pgdump"], manifest, archive_sources, password, force,
                             open_target, summary)


def _restore_postgres(target_url: str, dump: bytes, manifest: dict[str, Any], archive_sources: set[str],
                      password: str | None, force: bool, open_target: Callable[..., Store],
                      summary: BackupSummary) -> BackupSummary:
    import psycopg

    target = make_url(target_url)
    scratch_name = f"{target.database}_restore_check"
    admin = make_url(target_url).set(database="postgres")
    admin_dsn = _libpq_url(admin.render_as_string(hide_password=False), password)
    existing = open_target(target_url, migrate=False)
    empty = _is_empty(existing)
    existing.close()
    if not empty and not force:
        raise ConfigError(f"The database {target.database} holds data; pass --force to replace it.")
    with psycopg.connect(admin_dsn, autocommit=True) as conn:
        conn.execute(f'DROP DATABASE IF EXISTS "{scratch_name}"')
        conn.execute(f'CREATE DATABASE "{scratch_name}"')
    scratch_url = make_url(target_url).set(database=scratch_name).render_as_string(hide_password=False)
    try:
        _pg_restore(scratch_url, dump, password)
        check = open_target(scratch_url, migrate=False)
        try:
            _check_restored(check, manifest, archive_sources)
        finally:
            check.close()
        _pg_restore(target_url, dump, password, clean=True)
    finally:
        with psycopg.connect(admin_dsn, autocommit=True) as conn:
            conn.execute(f'DROP DATABASE IF EXISTS "{scratch_name}" WITH (FORCE)')
    return summary


def _pg_restore(url: str, dump: bytes, password: str | None, *, clean: bool = False) -> None:
    with tempfile.NamedTemporaryFile(suffix=".pgdump") as fh:
        fh.write(dump)
        fh.flush()
        args = [find_pg_tool("pg_restore"), "--no-owner", "--single-transaction", "--exit-on-error",
                f"--dbname={_libpq_url(url, password)}"]
        if clean:
            args[1:1] = ["--clean", "--if-exists"]
        proc = subprocess.run([*args, fh.name], check=False, capture_output=True, timeout=PG_TOOL_TIMEOUT_S)
    if proc.returncode != 0:
        raise StoreError(f"pg_restore failed: {proc.stderr.decode(errors='replace').strip()}")
