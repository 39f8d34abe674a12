"""Parallel, resumable bulk ingest and extraction: 2 workers store what 1 does; a killed run resumes exactly once."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest
from sqlalchemy import func, select
from test_bulk_support import fictional_articles, snapshot, write_articles

from aigak.ingest.pipeline import ingest_paths
from aigak.operations.bulk import BulkProgress, extract_pending, pending_document_ids
from aigak.store.audit import audit_history
from aigak.store.engine import Store, open_store
from aigak.store.schema import extraction_runs, facts, mentions

BACKEND = "rules.v1"


def _second_url(request: pytest.FixtureRequest, db_url: str, tmp_path: Path) -> str:
    if db_url.startswith("sqlite"):
        return f"sqlite:///{tmp_path / 'second.db'}"
    return request.getfixturevalue("pg_server").create_database(f"aigak_bulk_{os.getpid()}_{time.monotonic_ns()}")


@pytest.fixture
def two_stores(request: pytest.FixtureRequest, db_url: str, tmp_path: Path):  # type: ignore[no-untyped-def]
    first, second = open_store(db_url), open_store(_second_url(request, db_url, tmp_path))
    yield first, second
    first.close()
    second.close()


def test_two_workers_store_exactly_what_one_worker_stores(two_stores: tuple[Store, Store], tmp_path: Path) -> None:
    paths = write_articles(tmp_path / "articles", fictional_articles(14))
    one, two = two_stores
    ingest_paths(one, paths, workers=1)
    ingest_paths(two, paths, workers=2)
    done_one = extract_pending(one, BACKEND, workers=1)
    done_two = extract_pending(two, BACKEND, workers=2)
    assert (done_one.done, done_one.errors) == (done_two.done, done_two.errors) == (14, 0)
    assert done_one.facts == done_two.facts > 14
    assert snapshot(one) == snapshot(two)


def test_ingest_with_two_workers_keeps_file_order_and_refusals(sqlite_store: Store, tmp_path: Path) -> None:
    paths = write_articles(tmp_path / "articles", fictional_articles(6))
    (tmp_path / "articles" / "z.bin").write_bytes(b"\x00\x01" * 50)
    report = ingest_paths(sqlite_store, [str(tmp_path / "articles")], workers=2)
    assert [Path(o.path).name for o in report.outcomes] == [Path(p).name for p in paths] + ["z.bin"]
    assert [o.document.id for o in report.created if o.document] == [1, 2, 3, 4, 5, 6]
    assert len(report.failed) == 1 and "binary" in (report.failed[0].error or "")


def test_bulk_extraction_keeps_the_text_of_each_mention(sqlite_store: Store, tmp_path: Path) -> None:
    ingest_paths(sqlite_store, write_articles(tmp_path / "a", fictional_articles(2)))
    extract_pending(sqlite_store, BACKEND, workers=2)
    with sqlite_store.read() as conn:
        rows = conn.execute(select(mentions.c.text, mentions.c.char_start, mentions.c.char_end)).all()
    assert rows and all(len(r.text) == r.char_end - r.char_start and r.text.strip() for r in rows)


def test_a_document_the_extractor_breaks_on_is_reported_and_the_run_goes_on(
        sqlite_store: Store, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    from aigak.extract.rules import RulesBackend

    paths = write_articles(tmp_path / "a", fictional_articles(3))
    Path(paths[1]).write_text("Trigger the bug in this article, please.", encoding="utf-8")
    ingest_paths(sqlite_store, paths)
    extract = RulesBackend.extract

    def broken_on_one(self: RulesBackend, text: str, **kwargs: object) -> dict[str, object]:
        if "Trigger the bug" in text:
            raise IndexError("list index out of range")
        return extract(self, text, **kwargs)  # type: ignore[arg-type]

    monkeypatch.setattr(RulesBackend, "extract", broken_on_one)
    done = extract_pending(sqlite_store, BACKEND)
    assert (done.done, done.errors) == (3, 1)
    assert done.failures[0][0] == 2 and "IndexError" in done.failures[0][1] and "bug" in done.failures[0][1]
    assert pending_document_ids(sqlite_store, BACKEND) == [2]  # the others are extracted; this one waits for a fix


def test_progress_reports_rate_and_time_left(sqlite_store: Store, tmp_path: Path) -> None:
    ingest_paths(sqlite_store, write_articles(tmp_path / "a", fictional_articles(4)))
    seen: list[tuple[int, float, float | None]] = []

    def on_progress(p: BulkProgress) -> None:
        seen.append((p.done, p.rate, p.eta_s))

    final = extract_pending(sqlite_store, BACKEND, on_progress=on_progress)
    assert [s[0] for s in seen] == [1, 2, 3, 4]
    assert all(rate > 0 for _, rate, _ in seen)
    assert seen[-1][2] == 0 and final.rate > 0 and final.elapsed_s > 0


def test_a_second_run_finds_nothing_pending(sqlite_store: Store, tmp_path: Path) -> None:
    ingest_paths(sqlite_store, write_articles(tmp_path / "a", fictional_articles(3)))
    assert extract_pending(sqlite_store, BACKEND).done == 3
    again = extract_pending(sqlite_store, BACKEND, workers=2)
    assert (again.total, again.done, again.facts) == (0, 0, 0)
    assert pending_document_ids(sqlite_store, BACKEND) == []


def _runs_done(url: str) -> int:
    store = open_store(url, migrate=False)
    try:
        with store.read() as conn:
            return int(conn.execute(select(func.count()).select_from(extraction_runs)).scalar_one())
    finally:
        store.close()


@pytest.mark.slow
@pytest.mark.parametrize("sig", [signal.SIGKILL, signal.SIGINT], ids=["kill", "ctrl-c"])
def test_a_killed_extraction_resumes_and_extracts_each_document_exactly_once(
        sig: signal.Signals, sqlite_url: str, tmp_path: Path) -> None:
    total = 48
    paths = write_articles(tmp_path / "articles", fictional_articles(total, seed=9))
    store = open_store(sqlite_url)
    ingest_paths(store, paths)
    store.close()
    env = {**os.environ, "AIGAK_DATABASE_URL": sqlite_url, "NO_COLOR": "1"}
    cmd = [sys.executable, "-m", "aigak", "extract", "--all", "--workers", "2"]
    with (tmp_path / "stderr.txt").open("w") as stderr:
        proc = subprocess.Popen(cmd, env=env, stdout=subprocess.DEVNULL, stderr=stderr, start_new_session=True)
        deadline = time.monotonic() + 120
        while _runs_done(sqlite_url) < 4 and time.monotonic() < deadline and proc.poll() is None:
            time.sleep(0.05)
        os.killpg(proc.pid, sig)  # the whole process group, as a terminal's Ctrl-C: the command and its workers
        proc.wait(timeout=60)
    interrupted_at = _runs_done(sqlite_url)
    assert 0 < interrupted_at < total, "the run was not stopped part-way"
    if sig == signal.SIGINT:
        assert proc.returncode == 130
        said = (tmp_path / "stderr.txt").read_text()
        assert "run the same command again" in said and "Traceback" not in said, said

    rerun = subprocess.run(cmd, env=env, capture_output=True, text=True, timeout=300, check=False)
    assert rerun.returncode == 0, rerun.stderr
    assert f"{total - interrupted_at} documents extracted" in rerun.stdout

    store = open_store(sqlite_url)
    try:
        with store.read() as conn:
            per_doc = conn.execute(select(extraction_runs.c.document_id, func.count())
                                   .group_by(extraction_runs.c.document_id)).all()
            run_totals = conn.execute(select(func.sum(extraction_runs.c.fact_count))).scalar_one()
            fact_total = conn.execute(select(func.count()).select_from(facts)).scalar_one()
            extract_audits = [r for r in audit_history(conn, limit=1000) if r.action == "extract"]
        assert len(per_doc) == total and all(n == 1 for _, n in per_doc)
        assert fact_total == run_totals
        assert len(extract_audits) == total
        clean = open_store(f"sqlite:///{tmp_path / 'clean.db'}")
        ingest_paths(clean, paths)
        extract_pending(clean, BACKEND)
        assert snapshot(store) == snapshot(clean)
        clean.close()
    finally:
        store.close()


def test_extract_all_prints_the_rate(run_cli, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    folder = tmp_path / "a"
    write_articles(folder, fictional_articles(3))
    assert run_cli("ingest", str(folder)).code == 0
    result = run_cli("extract", "--all", "--workers", "2")
    assert result.code == 0, result.stderr
    assert "3 documents extracted" in result.stdout and "documents/s" in result.stdout
    assert "docs/s" in result.stderr


def test_extract_all_refuses_zero_workers(run_cli) -> None:  # type: ignore[no-untyped-def]
    result = run_cli("extract", "--all", "--workers", "0")
    assert result.code == 1 and "--workers must be 1 or more" in result.stderr


def test_after_an_upgrade_replace_extracts_again_what_an_earlier_version_did(
        run_cli, sqlite_url: str, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    folder = tmp_path / "a"
    write_articles(folder, fictional_articles(3))
    assert run_cli("ingest", "--extract", str(folder)).code == 0
    store = open_store(sqlite_url)
    try:
        with store.transaction() as conn:  # as if an earlier aigak had extracted the first two
            for run in conn.execute(select(extraction_runs.c.id, extraction_runs.c.config)
                                    .order_by(extraction_runs.c.document_id).limit(2)).all():
                conn.execute(extraction_runs.update().where(extraction_runs.c.id == run.id)
                             .values(config={**run.config, "version": "0.9"}))
            reviewed = conn.execute(select(facts.c.id).order_by(facts.c.id).limit(1)).scalar_one()
        from aigak.core.models import ReviewStatus
        from aigak.operations.review import review
        review(store, reviewed, ReviewStatus.CONFIRMED, actor="test")
    finally:
        store.close()
    plain = run_cli("extract", "--all")
    assert plain.code == 0 and "0 documents extracted" in plain.stdout, plain.stdout
    again = run_cli("extract", "--all", "--replace")
    assert again.code == 0 and "2 documents extracted" in again.stdout, again.stdout + again.stderr
    store = open_store(sqlite_url)
    try:
        with store.read() as conn:
            versions = {r.config["version"] for r in conn.execute(select(extraction_runs.c.config))}
            kept = conn.execute(select(facts.c.status).where(facts.c.id == reviewed)).scalar_one_or_none()
    finally:
        store.close()
    assert len(versions) == 1 and "0.9" not in versions
    assert kept == "confirmed", "a reviewed fact survives the new extraction"
    assert "0 documents extracted" in run_cli("extract", "--all", "--replace").stdout  # a rerun resumes
