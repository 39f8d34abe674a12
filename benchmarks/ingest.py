"""Ingest throughput and search latency on 5,000 generated documents, SQLite and PostgreSQL.

    .venv/bin/python benchmarks/ingest.py [--docs 5000] [--queries 200]

The named peer is the floor: the same texts written with the bare driver (stdlib sqlite3 into an
FTS5 table, psycopg's COPY into PostgreSQL), with no decoding, hashing of originals or audit.
"""

from __future__ import annotations

import argparse
import random
import sqlite3
import statistics
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from corpus import generate_articles

from aigak.ingest.pipeline import ingest_paths
from aigak.store.engine import open_store
from aigak.store.search import search_documents
from aigak.testing.postgres import start_postgres

QUERY_WORDS = ["detained", "Ghulja camp", "asylum", "brother", "Tacheng", "fine yuan", "Zharkent", "Kashgar border"]


def _search_latency(store, queries: int) -> tuple[float, float]:  # type: ignore[no-untyped-def]
    rng = random.Random(3)
    times = []
    with store.read() as conn:
        for _ in range(queries):
            q = rng.choice(QUERY_WORDS)
            t0 = time.perf_counter()
            search_documents(conn, q, limit=20)
            times.append((time.perf_counter() - t0) * 1000)
    times.sort()
    return statistics.median(times), times[int(len(times) * 0.95) - 1]


def _peer_sqlite(texts: list[str], folder: Path) -> float:
    conn = sqlite3.connect(folder / "peer.db")
    conn.execute("PRAGMA journal_mode=WAL")  # the same durability settings as aigak, for a fair floor
    conn.execute("PRAGMA synchronous=NORMAL")
    conn.execute("CREATE VIRTUAL TABLE t USING fts5(text)")
    t0 = time.perf_counter()
    for text in texts:
        with conn:
            conn.execute("INSERT INTO t(text) VALUES (?)", (text,))
    return len(texts) / (time.perf_counter() - t0)


def _peer_postgres(texts: list[str], url: str) -> float:
    import psycopg

    dsn = url.replace("postgresql+psycopg://", "postgresql://")
    with psycopg.connect(dsn) as conn:
        conn.execute("CREATE TABLE peer (id serial primary key, text text)")
        t0 = time.perf_counter()
        for text in texts:
            with conn.transaction():
                conn.execute("INSERT INTO peer(text) VALUES (%s)", (text,))
        return len(texts) / (time.perf_counter() - t0)


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--docs", type=int, default=5000)
    ap.add_argument("--queries", type=int, default=200)
    args = ap.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        texts = list(generate_articles(args.docs))
        for i, text in enumerate(texts):
            (folder / f"doc{i:06d}.txt").write_text(text)
        files = sorted(str(p) for p in folder.glob("doc*.txt"))
        targets = [("sqlite", f"sqlite:///{folder / 'aigak.db'}", None)]
        server = start_postgres()
        if server is not None:
            targets.append(("postgresql", server.create_database("bench_ingest"), server))
        else:
            print("PostgreSQL not installed: its figures are skipped")
        print(f"{args.docs} generated documents, {sum(len(t.split()) for t in texts) / len(texts):.0f} words each on average")
        try:
            for name, url, _ in targets:
                store = open_store(url)
                t0 = time.perf_counter()
                report = ingest_paths(store, files)
                rate = len(report.created) / (time.perf_counter() - t0)
                med, p95 = _search_latency(store, args.queries)
                store.close()
                peer = _peer_sqlite(texts, folder) if name == "sqlite" else _peer_postgres(texts, url)
                peer_name = "stdlib sqlite3 INSERT into FTS5" if name == "sqlite" else "psycopg INSERT"
                print(f"{name:10} ingest {rate:8.1f} docs/s   peer ({peer_name}) {peer:8.1f} docs/s   "
                      f"ratio {rate / peer:.2f}   search median {med:.2f} ms  p95 {p95:.2f} ms")
        finally:
            if server is not None:
                server.stop()


if __name__ == "__main__":
    main()
