"""Backup, wipe, restore, verify round-trips on SQLite and PostgreSQL; damaged backups are refused."""

from __future__ import annotations

import io
import tarfile
from pathlib import Path

import pytest
from sqlalchemy import text
from sqlalchemy.engine import make_url

from aigak.core.errors import ConfigError, IntegrityError, StoreError
from aigak.ingest.pipeline import ingest_bytes
from aigak.operations.integrity import run_integrity_checks
from aigak.store.backup import create_backup, restore_backup
from aigak.store.documents import count_documents
from aigak.store.engine import Store, open_store
from aigak.store.search import search_documents

TEXTS = [
    "Erlan Kadyrbekuly, 52, was detained in Tacheng in May 2018 and released in 2019.",
    "Gulbahar Imin crossed into Kazakhstan near Khorgos on 3 March 2020 and applied for asylum.",
]


def _fill(store: Store) -> None:
    for i, t in enumerate(TEXTS):
        ingest_bytes(store, t.encode(), f"t{i}.txt", actor="cli:test")


def _wipe(store: Store, url: str) -> None:
    if store.is_sqlite:
        store.close()
        path = Path(make_url(url).database or "")
        for p in (path, Path(f"{path}-wal"), Path(f"{path}-shm")):
            p.unlink(missing_ok=True)
    else:
        with store.transaction() as conn:
            conn.execute(text("DROP SCHEMA public CASCADE"))
            conn.execute(text("CREATE SCHEMA public"))
        store.close()


def test_backup_wipe_restore_verify_round_trip(db_url: str, tmp_path: Path) -> None:
    store = open_store(db_url)
    _fill(store)
    archive = tmp_path / "aigak.backup"
    summary = create_backup(store, archive)
    assert (summary.documents, summary.sources) == (2, 2) and summary.audit_records == 2
    _wipe(store, db_url)
    restore_backup(archive, db_url)
    restored = open_store(db_url)
    assert run_integrity_checks(restored) == []
    with restored.read() as conn:
        assert count_documents(conn) == 2
        assert search_documents(conn, "Khorgos")
    restored.close()


def test_restore_refuses_a_database_holding_data(sqlite_url: str, tmp_path: Path) -> None:
    store = open_store(sqlite_url)
    _fill(store)
    archive = tmp_path / "b.tar"
    create_backup(store, archive)
    store.close()
    with pytest.raises(ConfigError, match="--force"):
        restore_backup(archive, sqlite_url)
    restore_backup(archive, sqlite_url, force=True)


def _rewrite_member(archive: Path, name: str, data: bytes) -> Path:
    out = archive.with_name("tampered.tar")
    with tarfile.open(archive) as src, tarfile.open(out, "w") as dst:
        for m in src.getmembers():
            payload = src.extractfile(m).read()  # type: ignore[union-attr]
            if m.name == name:
                payload = data
            m.size = len(payload)
            dst.addfile(m, io.BytesIO(payload))
    return out


def test_tampered_backup_is_refused_and_the_target_left_alone(sqlite_url: str, tmp_path: Path) -> None:
    store = open_store(sqlite_url)
    _fill(store)
    archive = tmp_path / "b.tar"
    create_backup(store, archive)
    store.close()
    with tarfile.open(archive) as tar:
        source_name = next(n for n in tar.getnames() if n.startswith("sources/"))
    tampered = _rewrite_member(archive, source_name, b"Someone rewrote this testimony.")
    target = tmp_path / "new.db"
    with pytest.raises(IntegrityError, match="altered"):
        restore_backup(tampered, f"sqlite:///{target}")
    assert not target.exists()


def test_encrypted_database_round_trips_and_stays_encrypted(tmp_path: Path) -> None:
    db = tmp_path / "secret.db"
    store = open_store(str(db), key="a long passphrase")
    _fill(store)
    assert b"Tacheng" not in db.read_bytes()
    archive = tmp_path / "enc.tar"
    create_backup(store, archive, key="a long passphrase")
    store.close()
    with tarfile.open(archive) as tar:
        snapshot = tar.extractfile("database.sqlite").read()  # type: ignore[union-attr]
    assert b"Tacheng" not in snapshot and b"SQLite format 3" not in snapshot
    target = tmp_path / "restored.db"
    restore_backup(archive, str(target), key="a long passphrase")
    with pytest.raises(StoreError, match="passphrase is wrong"):
        open_store(str(target), key="not the passphrase")
    with pytest.raises(StoreError, match="encrypted"):
        open_store(str(target))
    reopened = open_store(str(target), key="a long passphrase")
    with reopened.read() as conn:
        assert count_documents(conn) == 2
    reopened.close()


def test_an_encrypted_backup_restored_without_its_key_is_refused_in_one_line(
        tmp_path: Path, run_cli, monkeypatch: pytest.MonkeyPatch) -> None:  # type: ignore[no-untyped-def]
    monkeypatch.delenv("AIGAK_DB_KEY", raising=False)
    store = open_store(str(tmp_path / "secret.db"), key="a long passphrase")
    _fill(store)
    archive = tmp_path / "enc.tar"
    create_backup(store, archive, key="a long passphrase")
    store.close()
    target = tmp_path / "restored.db"
    with pytest.raises(ConfigError, match="encrypted: set AIGAK_DB_KEY or pass --ask-key"):
        restore_backup(archive, str(target))
    with pytest.raises(StoreError, match="cannot be opened with this passphrase"):
        restore_backup(archive, str(target), key="not the passphrase")
    assert not target.exists() and not list(tmp_path.glob("restored.db*")), "the target is left alone"
    done = run_cli("restore", str(archive), db=f"sqlite:///{target}")
    assert done.code == 1
    expected = ("error: This backup's database is encrypted: set AIGAK_DB_KEY or pass --ask-key (aigak --ask-key "
                "restore FILE) with the passphrase it was made with.")
    assert done.stderr.strip().splitlines() == [expected], done.stderr
    assert "Traceback" not in done.stderr + done.stdout and not target.exists()
    restore_backup(archive, str(target), key="a long passphrase")
    reopened = open_store(str(target), key="a long passphrase")
    with reopened.read() as conn:
        assert count_documents(conn) == 2
    reopened.close()
