"""`aigak verify` names every tampered audit record and source; a killed ingest leaves a consistent store."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from pathlib import Path

from sqlalchemy import delete, func, select, update
from sqlalchemy.exc import SQLAlchemyError

from aigak.store.engine import open_store
from aigak.store.schema import audit_log, documents, sources

STORY = "Berik Ospanuly, {n}, was held in Altay from March {y} and released {m} months later."


def test_verify_names_an_edited_and_a_deleted_audit_record_and_a_changed_source(
        tmp_path: Path, run_cli, sqlite_url: str) -> None:  # type: ignore[no-untyped-def]
    for i in range(4):
        (tmp_path / f"s{i}.txt").write_text(STORY.format(n=30 + i, y=2017 + i % 2, m=i + 2))
    assert run_cli("ingest", *[str(tmp_path / f"s{i}.txt") for i in range(4)]).code == 0
    assert run_cli("verify").code == 0

    store = open_store(sqlite_url)
    with store.transaction() as conn:
        conn.execute(update(audit_log).where(audit_log.c.seq == 2).values(actor="someone-else"))
        conn.execute(delete(audit_log).where(audit_log.c.seq == 3))
        sha = conn.execute(select(documents.c.sha256).where(documents.c.id == 4)).scalar_one()
        data = conn.execute(select(sources.c.data).where(sources.c.sha256 == sha)).scalar_one()
        flipped = bytes([data[0] ^ 0x01]) + bytes(data[1:])
        conn.execute(update(sources).where(sources.c.sha256 == sha).values(data=flipped))
    store.close()

    result = run_cli("verify")
    assert result.code == 1
    assert "audit record 2" in result.stderr and "edited" in result.stderr
    assert "audit record 3 is missing" in result.stderr
    assert "document #4" in result.stderr and sha in result.stderr


def test_killed_batch_ingest_leaves_each_document_all_or_nothing(tmp_path: Path, sqlite_url: str) -> None:
    folder = tmp_path / "in"
    folder.mkdir()
    for i in range(400):
        (folder / f"d{i:04d}.txt").write_text(STORY.format(n=i, y=2000 + i % 20, m=i % 11 + 1) + f" File {i}.")
    env = {**os.environ, "AIGAK_DATABASE_URL": sqlite_url}
    proc = subprocess.Popen([sys.executable, "-m", "aigak", "ingest", str(folder)], env=env,
                            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    deadline = time.monotonic() + 120
    db = Path(sqlite_url.removeprefix("sqlite:///"))
    stored = 0
    while time.monotonic() < deadline and proc.poll() is None:
        time.sleep(0.2)
        if db.exists():
            store = open_store(sqlite_url, migrate=False)
            try:
                with store.read() as conn:
                    stored = conn.execute(select(func.count()).select_from(documents)).scalar_one()
            except SQLAlchemyError:  # the schema may not exist yet
                stored = 0
            store.close()
            if stored >= 20:
                break
    assert proc.poll() is None, "ingest finished before it could be interrupted"
    proc.send_signal(signal.SIGKILL)
    proc.wait(timeout=30)

    store = open_store(sqlite_url)
    from aigak.operations.integrity import run_integrity_checks

    assert run_integrity_checks(store) == []
    with store.read() as conn:
        n_docs = conn.execute(select(func.count()).select_from(documents)).scalar_one()
        n_sources = conn.execute(select(func.count()).select_from(sources)).scalar_one()
        n_audit = conn.execute(select(func.count()).select_from(audit_log)).scalar_one()
    store.close()
    assert 20 <= n_docs < 400
    assert n_docs == n_sources == n_audit  # each document with its bytes and its audit record, or none of them

    # Running the same ingest again completes the work without duplicates.
    env = {**os.environ, "AIGAK_DATABASE_URL": sqlite_url}
    done = subprocess.run([sys.executable, "-m", "aigak", "ingest", str(folder)], env=env, capture_output=True, check=False,
                          text=True, timeout=300)
    assert done.returncode == 0, done.stderr
    assert f"{400 - n_docs} new, {n_docs} already stored, 0 failed" in done.stdout


def _ingest_and_review(tmp_path: Path, run_cli, sqlite_url: str) -> int:  # type: ignore[no-untyped-def]
    from aigak.core.models import FactKind, ReviewStatus
    from aigak.operations.review import review
    from aigak.store.facts import list_facts

    for i in range(2):
        (tmp_path / f"s{i}.txt").write_text(STORY.format(n=30 + i, y=2017 + i, m=i + 2))
    assert run_cli("ingest", "--extract", str(tmp_path / "s0.txt"), str(tmp_path / "s1.txt")).code == 0
    store = open_store(sqlite_url)
    with store.read() as conn:
        event = next(f for f in list_facts(conn, kind=FactKind.EVENT) if f.data.get("start"))
    review(store, event.id, ReviewStatus.CONFIRMED, actor="ana")
    store.close()
    return event.id


def test_verify_finds_a_stored_text_changed_after_ingest(tmp_path: Path, run_cli, sqlite_url: str) -> None:  # type: ignore[no-untyped-def]
    _ingest_and_review(tmp_path, run_cli, sqlite_url)
    clean = run_cli("verify")
    assert clean.code == 0, clean.stderr
    assert "stored text: every stored file decoded again" in " ".join(clean.stdout.split())
    store = open_store(sqlite_url)
    with store.transaction() as conn:
        text = conn.execute(select(documents.c.text).where(documents.c.id == 1)).scalar_one()
        conn.execute(update(documents).where(documents.c.id == 1).values(text=text.replace("Altay", "Almaty")))
    store.close()
    result = run_cli("verify")
    assert result.code == 1
    err = " ".join(result.stderr.split())
    assert "document #1 (s0.txt): the stored text differs from the text its original bytes decode to" in err
    assert "1 problem(s) found." in err


def test_verify_finds_a_reviewed_fact_changed_outside_aigak(tmp_path: Path, run_cli, sqlite_url: str) -> None:  # type: ignore[no-untyped-def]
    from aigak.store.schema import facts

    fact_id = _ingest_and_review(tmp_path, run_cli, sqlite_url)
    store = open_store(sqlite_url)
    with store.transaction() as conn:
        data = dict(conn.execute(select(facts.c.data).where(facts.c.id == fact_id)).scalar_one())
        conn.execute(update(facts).where(facts.c.id == fact_id).values(data={**data, "start": "2010-01-01"},
                                                                        event_start="2010-01-01"))
    store.close()
    result = run_cli("verify")
    assert result.code == 1
    assert f"fact #{fact_id} differs from its last audited review" in " ".join(result.stderr.split())
    assert "start changed outside aigak" in " ".join(result.stderr.split())


def test_verify_finds_records_cut_off_the_end_of_the_trail(tmp_path: Path, run_cli, sqlite_url: str) -> None:  # type: ignore[no-untyped-def]
    fact_id = _ingest_and_review(tmp_path, run_cli, sqlite_url)
    assert run_cli("export", "--format", "json", "-o", str(tmp_path / "out")).code == 0
    clean = run_cli("verify")
    assert clean.code == 0, clean.stderr
    head = clean.stdout.split("Audit head (keep it; check it later with --head):")[1].split()[0]
    seq = int(head.split(":")[0])
    assert run_cli("verify", "--head", head).code == 0

    store = open_store(sqlite_url)
    with store.transaction() as conn:  # the export's record: a change that leaves nothing else behind
        conn.execute(delete(audit_log).where(audit_log.c.seq == seq))
    store.close()
    assert run_cli("verify").code == 0  # an intact, shorter chain: only a head kept outside shows the cut
    cut = run_cli("verify", "--head", head)
    assert cut.code == 1
    assert f"audit record {seq}, the head you kept, is gone: the trail now ends at record {seq - 1}" in \
        " ".join(cut.stderr.split())

    store = open_store(sqlite_url)
    with store.transaction() as conn:  # the review's record and the second document's ingest, extract, resolve
        conn.execute(delete(audit_log).where(audit_log.c.seq >= 4))
    store.close()
    result = run_cli("verify")
    assert result.code == 1
    err = " ".join(result.stderr.split())
    assert "document #2 (s1.txt) has no ingest record in the audit trail" in err
    assert f"fact #{fact_id} is confirmed (by ana) but the audit trail has no record of that review" in err


def test_verify_refuses_a_malformed_head(run_cli) -> None:  # type: ignore[no-untyped-def]
    result = run_cli("verify", "--head", "42:abc")
    assert result.code == 1 and "is not an audit head" in result.stderr
