"""Growth with collection size: throughput, store size, search and case-file latency, SQLite and PostgreSQL.

    .venv/bin/python benchmarks/scale.py [--sizes 1000,10000,100000] [--slice 500] [--queries 200]

For each size N, on a fresh generated collection (benchmarks/corpus.py `generate_news`):

1. The Ray path (`aigak batch` on a local 2-CPU cluster, to Parquet) extracts all N articles: its
   throughput is for the whole collection.
2. For each database, the store is filled with the first N - 2*SLICE articles from that output
   (`import-facts`, timed: the write path alone over the whole collection), then the
   single-machine path (`ingest_paths` + `extract_pending`) ingests and extracts the next SLICE
   articles with 1 worker and the last SLICE with 2 workers. Those throughputs are measured on a
   store already holding N - SLICE articles, which is what "stays linear as the store grows" asks.
   Each is printed per wall-clock second and per CPU second of this process and its workers (the
   database server's own CPU not counted): on a shared machine the CPU rate is the fair comparison.
3. Then: bytes per document, full-text search median and p95 over a mix of queries (person names,
   places, common words), as `search_documents` runs them and as the windowed shape proposed
   in the report runs them, and the case-file latency.
"""

from __future__ import annotations

import argparse
import contextlib
import os
import random
import statistics
import sys
import tempfile
import time
from collections.abc import Callable, Iterator, Sequence
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent))

from corpus import generate_news, person_names
from sqlalchemy import Connection, text

from aigak.casefile import build_case_file
from aigak.ingest.pipeline import ingest_paths
from aigak.operations.bulk import extract_pending
from aigak.operations.search import search_sources
from aigak.scale.parquet import iter_records
from aigak.scale.records import store_record
from aigak.store.engine import Store, open_store
from aigak.store.search import HIGHLIGHT_END, HIGHLIGHT_START, search_documents
from aigak.testing.postgres import start_postgres

BACKEND = "rules.v1"
COMMON = ["detained", "camp", "asylum", "border", "police", "camp released", "court Almaty", "passport"]
SEARCH_WINDOW = 2_000
"""The windowed search ranks the newest this-many matches of a query (see the report)."""


def _pct(values: Sequence[float], q: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, max(0, round(q * len(ordered)) - 1))]


def _write_corpus(folder: Path, n: int, words: tuple[int, int], *, seed: int = 7) -> list[str]:
    files = []
    for i, body in enumerate(generate_news(n, seed=seed, words=words)):
        path = folder / f"a{seed}-{i:07d}.txt"
        path.write_text(body, encoding="utf-8")
        files.append(str(path))
    return files


def _queries(n_docs: int, count: int, words: tuple[int, int]) -> list[str]:
    rng = random.Random(11)
    names = person_names(min(n_docs, 5000), words=words)
    places = ["Ghulja", "Tacheng", "Urumqi", "Kashgar", "Zharkent", "Almaty", "Korgas", "Hami"]
    out = []
    for _ in range(count):
        roll = rng.random()
        out.append(rng.choice(names) if roll < 0.5 else rng.choice(places) if roll < 0.7 else rng.choice(COMMON))
    return out


def _fts5(query: str) -> str:
    import re

    words = re.findall(r"\w+", query)
    parts = ['"' + w + '"' for w in words]
    parts[-1] += "*"
    return " ".join(parts)


def _tsquery(query: str) -> str:
    import re

    return " & ".join(w + ":*" for w in re.findall(r"\w+", query))


def windowed_search(conn: Connection, query: str, *, limit: int = 20, window: int = SEARCH_WINDOW) -> list[Any]:
    """The proposed query shape: rank only the newest `window` matches (all of them when fewer match)."""
    if conn.dialect.name == "sqlite":
        q = _fts5(query)
        floor = conn.execute(text("SELECT rowid FROM documents_fts WHERE documents_fts MATCH :q "
                                  "ORDER BY rowid DESC LIMIT 1 OFFSET :k"), {"q": q, "k": window - 1}).scalar()
        return conn.execute(text(
            "SELECT d.id, d.title, d.filename, bm25(documents_fts) AS rank, "
            "snippet(documents_fts, 1, :hs, :he, '…', 16) AS snip "
            "FROM documents_fts JOIN documents d ON d.id = documents_fts.rowid "
            "WHERE documents_fts MATCH :q AND documents_fts.rowid >= :floor ORDER BY rank LIMIT :limit"),
            {"q": q, "floor": floor or 0, "hs": HIGHLIGHT_START, "he": HIGHLIGHT_END, "limit": limit}).all()
    q = _tsquery(query)
    floor = conn.execute(text("SELECT id FROM documents WHERE search_vector @@ to_tsquery('simple', :q) "
                              "ORDER BY id DESC OFFSET :k LIMIT 1"), {"q": q, "k": window - 1}).scalar()
    return conn.execute(text(
        "SELECT d.id, d.title, d.filename, top.rank, ts_headline('simple', d.text, top.q, :opts) AS snip "
        "FROM (SELECT id, ts_rank(search_vector, q) AS rank, q FROM documents, to_tsquery('simple', :q) q "
        "      WHERE search_vector @@ q AND id >= :floor ORDER BY rank DESC, id LIMIT :limit) top "
        "JOIN documents d ON d.id = top.id ORDER BY top.rank DESC, d.id"),
        {"q": q, "floor": floor or 0, "limit": limit,
         "opts": f"StartSel={HIGHLIGHT_START}, StopSel={HIGHLIGHT_END}, MaxWords=30, MinWords=12"}).all()


def _latency(store: Store, queries: Sequence[str], fn: Callable[[Connection, str], Any]) -> tuple[float, float]:
    times = []
    with store.read() as conn:
        fn(conn, queries[0])  # warm the cache once
        for q in queries:
            t0 = time.perf_counter()
            fn(conn, q)
            times.append((time.perf_counter() - t0) * 1000)
    return statistics.median(times), _pct(times, 0.95)


def _case_file_latency(store: Store, count: int) -> tuple[float, float]:
    """Median and p95 of `build_case_file` (what `aigak person` and the web case file run) over
    every 97th person of the registry that extraction filled."""
    with store.read() as conn:
        ids = [int(r[0]) for r in conn.execute(text(
            "SELECT id FROM persons WHERE merged_into IS NULL AND id % 97 = 0 ORDER BY id LIMIT :n"),
            {"n": count})]
        times = []
        for pid in ids:
            t0 = time.perf_counter()
            build_case_file(conn, pid)
            times.append((time.perf_counter() - t0) * 1000)
    return (statistics.median(times), _pct(times, 0.95)) if times else (float("nan"), float("nan"))


def _db_bytes(store: Store) -> int:
    if store.is_sqlite:
        import sqlite3

        # a checkpoint cannot run inside the store's (immediate) transactions: use a bare connection
        path = Path(store.engine.url.database or "")
        bare = sqlite3.connect(path)
        try:
            bare.execute("PRAGMA wal_checkpoint(TRUNCATE)")
        finally:
            bare.close()
        return sum(p.stat().st_size for p in path.parent.glob(path.name + "*"))
    with store.read() as conn:
        return int(conn.execute(text("SELECT pg_database_size(current_database())")).scalar_one())


def _cpu_s() -> float:
    """CPU seconds of this process and its finished children (worker pools are joined when done)."""
    import resource

    own, kids = resource.getrusage(resource.RUSAGE_SELF), resource.getrusage(resource.RUSAGE_CHILDREN)
    return own.ru_utime + own.ru_stime + kids.ru_utime + kids.ru_stime


def _single_machine(store: Store, files: list[str], workers: int) -> tuple[float, float]:
    """(documents per wall-clock second, documents per CPU second). The CPU rate is the one to compare
    across sizes when other work shares the machine: contention stretches wall time, not the work."""
    t0, c0 = time.perf_counter(), _cpu_s()
    report = ingest_paths(store, files, workers=workers)
    done = extract_pending(store, BACKEND, workers=workers)
    elapsed, cpu = time.perf_counter() - t0, _cpu_s() - c0
    assert len(report.created) == len(files) and done.done == len(files) and not done.errors, (report, done)
    return len(files) / elapsed, len(files) / cpu


def _fill(store: Store, parquet: Path, below: int) -> float:
    t0 = time.perf_counter()
    n = 0
    with store.bulk_writes():  # as `import_facts` does
        for record in iter_records(parquet):
            if record["ordinal"] < below:
                store_record(store, record, actor="bench")
                n += 1
    return n / (time.perf_counter() - t0) if n else float("nan")


def _ray_batch(folder: Path, out: Path) -> float:
    """Documents per second of `aigak batch` on a local Ray cluster, started for this run alone (its
    start-up not timed) and stopped after it: left idle beside the single-machine timings, its
    processes would take CPU from them."""
    import ray

    from aigak.scale.ray_batch import run_batch

    ray.init(num_cpus=2, include_dashboard=False, log_to_driver=False, logging_level="warning")
    try:
        t0 = time.perf_counter()
        done = run_batch(folder, output=out, backend=BACKEND)
        elapsed = time.perf_counter() - t0
    finally:
        ray.shutdown()
    assert not done.errors, done.failures[:3]
    return done.done / elapsed


def _summary(results: dict[tuple[str, int], dict[str, float]], sizes: Sequence[int], dbs: Sequence[str]) -> None:
    """The issue's two growth criteria, as ratios between the smallest and the largest sizes."""
    if len(sizes) < 2:
        return
    small, large = min(sizes), max(sizes)
    second = sorted(sizes)[-2]
    print(f"\n== growth from {small:,} to {large:,} articles (search from {second:,})", flush=True)
    for db in dbs:
        a, b, c = results[(db, small)], results[(db, large)], results[(db, second)]
        print(f"{db:10} throughput at {large:,} / at {small:,}: 1 worker {b['w1'] / a['w1']:.2f}, "
              f"2 workers {b['w2'] / a['w2']:.2f}; per CPU second {b['c1'] / a['c1']:.2f} and {b['c2'] / a['c2']:.2f} "
              f"(linear = 1.00, the floor is 0.80) | search p95 "
              f"{b['p95'] / c['p95']:.2f}x, windowed {b['wp95'] / c['wp95']:.2f}x, any spelling "
              f"{b['np95'] / c['np95']:.2f}x (the ceiling is 3x) | "
              f"case file median {b['case'] / c['case']:.2f}x", flush=True)


@contextlib.contextmanager
def _workdir(keep: Path | None, n: int) -> Iterator[Path]:
    if keep is None:
        with tempfile.TemporaryDirectory(prefix="aigak-scale-") as tmp:
            yield Path(tmp)
        return
    root = keep / str(n)
    root.mkdir(parents=True)
    yield root


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--sizes", default="1000,10000,100000", help="collection sizes, comma-separated")
    ap.add_argument("--slice", type=int, default=500, help="articles timed per worker count on the single-machine path")
    ap.add_argument("--queries", type=int, default=200)
    ap.add_argument("--casefiles", type=int, default=50)
    ap.add_argument("--words", default="100,250", help="article length range, in words")
    ap.add_argument("--dbs", default="sqlite,postgresql")
    ap.add_argument("--keep", type=Path, help="keep each size's corpus, Parquet and SQLite store in KEEP/SIZE "
                                              "(for benchmarks/growth.py); the folder must not exist yet")
    args = ap.parse_args()
    sizes = [int(s) for s in args.sizes.split(",")]
    lo, hi = (int(w) for w in args.words.split(","))
    dbs = args.dbs.split(",")
    server = start_postgres() if "postgresql" in dbs else None
    if "postgresql" in dbs and server is None:
        print("PostgreSQL is not installed: its figures are skipped")
        dbs.remove("postgresql")
    print(f"cores: {os.cpu_count()}, articles of {lo}-{hi} words, backend {BACKEND}, slice {args.slice}", flush=True)
    results: dict[tuple[str, int], dict[str, float]] = {}
    try:
        for n in sizes:
            with _workdir(args.keep, n) as root:
                (root / "corpus").mkdir()
                t0 = time.perf_counter()
                files = _write_corpus(root / "corpus", n, (lo, hi))
                print(f"\n== {n:,} articles (generated in {time.perf_counter() - t0:.0f} s)", flush=True)
                m = min(args.slice, n // 2)
                fill_below = n - 2 * m
                ray_rate = _ray_batch(root / "corpus", root / "parquet")
                print(f"ray batch (local cluster, 2 CPUs, to Parquet): {ray_rate:7.1f} docs/s over {n:,}", flush=True)
                queries = _queries(n, args.queries, (lo, hi))
                for db in dbs:
                    url = (f"sqlite:///{root / 'bench.db'}" if db == "sqlite"
                           else server.create_database(f"bench_{n}") if server else "")
                    store = open_store(url)
                    empty = _db_bytes(store)
                    fill_rate = _fill(store, root / "parquet", fill_below)
                    w1, c1 = _single_machine(store, files[fill_below:fill_below + m], 1)
                    w2, c2 = _single_machine(store, files[fill_below + m:], 2)
                    size = (_db_bytes(store) - empty) / n
                    med, p95 = _latency(store, queries, lambda c, q: search_documents(c, q, limit=20))
                    wmed, wp95 = _latency(store, queries, lambda c, q: windowed_search(c, q, limit=20))
                    # What `aigak search` and the web run: names widened to their other spellings and scripts.
                    nmed, np95 = _latency(store, queries, lambda c, q: search_sources(c, q, limit=20))
                    cmed, cp95 = _case_file_latency(store, args.casefiles)
                    print(f"{db:10} import-facts {fill_rate:7.1f} docs/s over {fill_below:,} | ingest+extract "
                          f"1 worker {w1:6.1f} docs/s ({c1:5.1f}/CPU s), 2 workers {w2:6.1f} docs/s ({c2:5.1f}/CPU s) "
                          f"(last {2 * m:,}) | "
                          f"{size / 1024:5.1f} KiB/doc | search median {med:7.2f} ms p95 {p95:7.2f} ms | "
                          f"windowed median {wmed:6.2f} ms p95 {wp95:6.2f} ms | any-spelling search median "
                          f"{nmed:6.2f} ms p95 {np95:6.2f} ms | case file median {cmed:6.2f} ms "
                          f"p95 {cp95:6.2f} ms",
                          flush=True)
                    store.close()
                    results[(db, n)] = {"w1": w1, "w2": w2, "c1": c1, "c2": c2, "p95": p95, "wp95": wp95, "np95": np95,
                                         "case": cmed}
        _summary(results, sizes, dbs)
    finally:
        if server is not None:
            server.stop()


if __name__ == "__main__":
    main()
