"""The web app under concurrent load on loopback: the case-file page and search, with 10,000 documents.

    .venv/bin/python benchmarks/web.py [--docs 10000] [--requests 400] [--concurrency 8] [--db PATH]

Builds (or reuses, with --db) a SQLite store of generated fictional articles, extracted with
rules.v1 so the person registry and case files are real; starts `aigak serve` in its own process on
127.0.0.1; signs in through the API; then each scenario sends a fixed number of requests from a
fixed number of threads (bounded loops, loopback only) and reports median and p99 latency and
requests per second. Every case-file read also writes its audit record, as in production.
"""

from __future__ import annotations

import argparse
import os
import random
import socket
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from collections.abc import Callable, Sequence
from pathlib import Path

import httpx
from sqlalchemy import func, select

sys.path.insert(0, str(Path(__file__).resolve().parent))

from corpus import KZ, PLACES, generate_articles

from aigak.core.roles import Role
from aigak.ingest.pipeline import ingest_paths
from aigak.operations.bulk import extract_pending
from aigak.store.documents import count_documents
from aigak.store.engine import Store, open_store
from aigak.store.persons import list_persons
from aigak.store.schema import person_links
from aigak.store.users import create_user, get_user, set_password

USER, PASSWORD = "bench", "benchmark password"
SEARCH_WORDS = ["detained", "camp", "asylum", "brother", "border", "fine yuan", "hearing", "released"]
STARTUP_TIMEOUT_S = 120
MAX_TYPICAL_LINKS = 100


def build_store(url: str, n_docs: int, workers: int) -> Store:
    """A store with `n_docs` generated documents, extracted and resolved (kept when it has them already)."""
    store = open_store(url)
    with store.read() as conn:
        have = count_documents(conn)
    if have < n_docs:
        with tempfile.TemporaryDirectory() as folder:
            paths = []
            for i, text in enumerate(generate_articles(n_docs, seed=11, words=(150, 400))):
                path = Path(folder) / f"article-{i:05d}.txt"
                path.write_text(text, encoding="utf-8")
                paths.append(str(path))
            t0 = time.perf_counter()
            ingest_paths(store, paths, workers=workers, actor="bench")
            print(f"ingested {n_docs} documents in {time.perf_counter() - t0:.0f} s", flush=True)
    t0 = time.perf_counter()
    done = extract_pending(store, "rules.v1", workers=workers, actor="bench")
    print(f"extracted pending documents in {time.perf_counter() - t0:.0f} s ({done})", flush=True)
    with store.transaction() as conn:
        if get_user(conn, USER, missing_ok=True) is None:
            create_user(conn, USER, PASSWORD, Role.EDITOR)
        else:
            set_password(conn, USER, PASSWORD)
    return store


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def start_server(url: str, port: int) -> subprocess.Popen[bytes]:
    env = {**os.environ, "AIGAK_DATABASE_URL": url}
    proc = subprocess.Popen([sys.executable, "-m", "aigak", "serve", "--host", "127.0.0.1", "--port", str(port)],
                            env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    deadline = time.monotonic() + STARTUP_TIMEOUT_S
    while time.monotonic() < deadline:
        try:
            httpx.get(f"http://127.0.0.1:{port}/login", timeout=2)
            return proc
        except httpx.TransportError:
            time.sleep(0.2)
    proc.kill()
    raise SystemExit("aigak serve did not start")


def signed_in_client(base: str) -> httpx.Client:
    client = httpx.Client(base_url=base, timeout=120)
    token = client.get("/api/session").json()["csrf_token"]
    response = client.post("/api/login", json={"username": USER, "password": PASSWORD},
                           headers={"X-CSRF-Token": token})
    response.raise_for_status()
    return client


def pct(values: Sequence[float], q: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(q * (len(ordered) - 1)))]


def run_scenario(clients: list[httpx.Client], paths: list[str], concurrency: int) -> dict[str, object]:
    """Send `paths` from `concurrency` threads (each its own keep-alive client); time every request."""
    latencies: list[float] = []
    errors: dict[int, int] = {}
    lock = threading.Lock()
    chunks = [paths[i::concurrency] for i in range(concurrency)]

    def worker(client: httpx.Client, mine: list[str]) -> None:
        for path in mine:
            t0 = time.perf_counter()
            response = client.get(path)
            elapsed = (time.perf_counter() - t0) * 1000
            with lock:
                latencies.append(elapsed)
                if response.status_code != 200:
                    errors[response.status_code] = errors.get(response.status_code, 0) + 1

    threads = [threading.Thread(target=worker, args=(clients[i], chunks[i])) for i in range(concurrency)]
    t0 = time.perf_counter()
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    wall = time.perf_counter() - t0
    return {"requests": len(latencies), "errors": sum(errors.values()), "statuses": errors, "median_ms": statistics.median(latencies),
            "p99_ms": pct(latencies, 0.99), "rps": len(latencies) / wall}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--docs", type=int, default=10_000, help="documents in the store")
    parser.add_argument("--requests", type=int, default=400, help="requests per scenario")
    parser.add_argument("--concurrency", type=int, default=8, help="client threads")
    parser.add_argument("--workers", type=int, default=max(1, (os.cpu_count() or 2)), help="extraction processes")
    parser.add_argument("--db", default=None, help="SQLite file to build or reuse (default: a temporary one)")
    args = parser.parse_args()

    folder = tempfile.mkdtemp(prefix="aigak-web-bench-")
    url = f"sqlite:///{args.db or Path(folder) / 'bench.db'}"
    store = build_store(url, args.docs, args.workers)
    with store.read() as conn:
        n_docs = count_documents(conn)
        people = [p.id for p in list_persons(conn, limit=2000) if p.is_named]
        links = dict(conn.execute(select(person_links.c.person_a, func.count()).where(
            person_links.c.kind == "possible").group_by(person_links.c.person_a)).all())
    store.close()
    # A person the resolver offered as "possibly the same" as thousands of others makes the case-file
    # builder list them all; such people are measured separately (see the report).
    typical = [p for p in people if links.get(p, 0) <= MAX_TYPICAL_LINKS]
    rng = random.Random(5)
    scenarios: dict[str, Callable[[], str]] = {
        "case file page  GET /people/{id}": lambda: f"/people/{rng.choice(people)}",
        "  same, people with <= 100 suggestions": lambda: f"/people/{rng.choice(typical)}",
        "case file API   GET /api/people/{id}": lambda: f"/api/people/{rng.choice(people)}",
        "  same, people with <= 100 suggestions ": lambda: f"/api/people/{rng.choice(typical)}",
        "search page     GET /search?q=…": lambda: f"/search?q={rng.choice(SEARCH_WORDS)}",
        "search API      GET /api/search?q=…": lambda: f"/api/search?q={rng.choice(SEARCH_WORDS)}",
        "search filters  GET /api/search?place=…&type=…": lambda: (
            f"/api/search?place={rng.choice(PLACES + KZ)}&type={rng.choice(['detention', 'release', 'fine'])}"),
    }
    port = free_port()
    proc = start_server(url, port)
    base = f"http://127.0.0.1:{port}"
    try:
        clients = [signed_in_client(base) for _ in range(args.concurrency)]
        print(f"\n{n_docs} documents, {len(people)} named people sampled ({len(typical)} with <= "
              f"{MAX_TYPICAL_LINKS} suggestions); {args.requests} requests per scenario from "
              f"{args.concurrency} threads; server: one uvicorn process on loopback\n")
        print(f"{'scenario':48} {'median ms':>10} {'p99 ms':>9} {'req/s':>8} {'errors':>7}")
        for name, make in scenarios.items():
            run_scenario(clients, [make() for _ in range(args.concurrency * 3)], args.concurrency)  # warm-up
            r = run_scenario(clients, [make() for _ in range(args.requests)], args.concurrency)
            print(f"{name:48} {r['median_ms']:10.1f} {r['p99_ms']:9.1f} {r['rps']:8.1f} {r['errors']:7d}"
                  + (f"  {r['statuses']}" if r["statuses"] else ""), flush=True)
        for c in clients:
            c.close()
    finally:
        proc.terminate()
        proc.wait(timeout=30)


if __name__ == "__main__":
    main()
