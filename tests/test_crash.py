"""The server killed (SIGKILL) mid-upload and mid-merge leaves every operation all or nothing.

The server runs as a user runs it (`aigak serve` in its own process, real HTTP on a loopback port);
the kill comes while it works. After the kill the store must pass `aigak verify`, and each document
must hold its bytes, its audit record and either its whole extraction (run, facts, registry entries,
audit records) or none of it; a merge must have happened completely or not at all.
"""

from __future__ import annotations

import os
import random
import signal
import socket
import sqlite3
import subprocess
import sys
import threading
import time
from collections import Counter
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import httpx
import pytest
from sqlalchemy import func, select

from aigak.store.engine import Store, open_store
from aigak.store.schema import (
    audit_log,
    documents,
    extraction_runs,
    facts,
    mentions,
    person_links,
    person_mentions,
    person_merges,
    persons,
    sources,
)

PASSWORD = "crash tests need a long password"
EDITOR = "editor"
BATCH = 60
FILES_PER_REQUEST = 4
UPLOADERS = 2
KILL_AFTER_DOCUMENTS = 18
SERVER_START_TIMEOUT_S = 60.0
KILL_DEADLINE_S = 60.0
REQUEST_TIMEOUT_S = 120.0
CLI_TIMEOUT_S = 120.0
MERGE_SIZES = (3000, 9000)  # mentions per attempt: more data makes the merge slower, never product changes
KILL_DELAYS_S = (0.0, 0.6)  # after the merge's write transaction is seen to open
POLL_S = 0.005


# --- fictional testimonies ------------------------------------------------------------------------

_MEN = ["Nurlan", "Serik", "Yerlan", "Marat", "Askar", "Bolat", "Timur", "Rustem", "Dauren", "Arman", "Kanat",
        "Yerbol", "Zhandos", "Murat", "Samat"]
_WOMEN = ["Aigerim", "Gulnar", "Dana", "Saule", "Zhanar", "Aliya", "Madina", "Kamila", "Ainur", "Gaukhar",
          "Raushan", "Botagoz", "Meruert"]
_FATHERS = ["Serik", "Bolat", "Askar", "Marat", "Yerlan", "Nurlan", "Daulet", "Kairat", "Erbol", "Talgat", "Sabit",
            "Zhaksylyk", "Amanzhol"]
_XINJIANG = ["Altay", "Ghulja", "Urumqi", "Tacheng", "Shihezi", "Karamay", "Kashgar", "Bortala", "Burqin"]
_KAZAKHSTAN = ["Almaty", "Zharkent", "Taldykorgan", "Ust-Kamenogorsk", "Astana", "Shymkent", "Semey"]
_JOBS = ["a teacher", "a herder", "a driver", "an accountant", "a nurse", "a shopkeeper", "a tailor", "a student",
         "a veterinarian", "a cook"]
_MONTHS = ["January", "February", "March", "April", "May", "June", "July", "August", "September", "October",
           "November", "December"]


def _person(rng: random.Random, *, female: bool | None = None) -> tuple[str, bool]:
    is_female = rng.random() < 0.5 if female is None else female
    given = rng.choice(_WOMEN if is_female else _MEN)
    return f"{given} {rng.choice(_FATHERS)}{'kyzy' if is_female else 'uly'}", is_female


def fictional_testimony(i: int) -> str:
    """A fictional testimony of a few hundred words; the number makes it unique and varies its story."""
    rng = random.Random(7919 * i + 17)
    name, female = _person(rng)
    first = name.split()[0]
    he, his, him = ("she", "her", "her") if female else ("he", "his", "him")
    brother, _ = _person(rng, female=False)
    sister, _ = _person(rng, female=True)
    neighbour, _ = _person(rng)
    home, camp = rng.sample(_XINJIANG, 2)
    refuge = rng.choice(_KAZAKHSTAN)
    year = 2016 + rng.randrange(4)
    age = 22 + rng.randrange(45)
    months = 3 + rng.randrange(22)
    m1, m2, m3 = (rng.choice(_MONTHS) for _ in range(3))
    opening = rng.choice([
        f"Testimony number {i}. {name}, {age}, worked as {rng.choice(_JOBS)} in {home} until {year}.",
        f"Record {i}: {name} was born in {home} and is {age} years old. Before {year} {he} was {rng.choice(_JOBS)}.",
        f"Interview {i} with {name}, {age}, a former resident of {home} who now lives in {refuge}.",
    ])
    arrest = rng.choice([
        (f"In {m1} {year} police officers came to {his} house at night, took {his} passport and phone, and "
         f"drove {him} to a police station in {home}. {first} was detained there for two days without food."),
        (f"On a morning in {m1} {year} a village official told {first} to report to the township office. "
         f"{he.capitalize()} was detained at the office and sent to a camp in {camp} the same evening."),
        (f"{first} was detained in {m1} {year} after returning from a visit to relatives in {refuge}. "
         f"Officers said that travel abroad and a messaging application on {his} phone were crimes."),
    ])
    camp_life = rng.choice([
        (f"{first} was held in a camp in {camp} for {months} months. Detainees had to sing songs, study Mandarin "
         "and write self-criticism every day, and those who spoke Kazakh were punished."),
        (f"For {months} months {first} was held in a building in {camp} with cameras in every room. "
         f"{he.capitalize()} said the guards shackled detainees during interrogations and gave them injections."),
        (f"In the camp in {camp}, where {first} spent {months} months, about {100 + rng.randrange(900)} people "
         "slept in rooms of twelve. They were allowed to wash once a week and could not pray."),
    ])
    family = rng.choice([
        (f"{his.capitalize()} brother {brother} was detained in {m2} {year + 1} and sentenced to "
         f"{3 + rng.randrange(15)} years in prison. The family has not heard from him since."),
        (f"{his.capitalize()} sister {sister} was forced to work in a garment factory in {camp} for "
         f"{2 + rng.randrange(10)} months and was paid nothing."),
        (f"{his.capitalize()} neighbour {neighbour} was taken on the same night, and {his} cousin lost "
         f"{his} job at a school in {home} because of the detention."),
    ])
    release = rng.choice([
        (f"After {his} release in {m3} {year + 1}, {first} had to attend flag-raising ceremonies every Monday and "
         f"report to the police each week. In {year + 2} {he} crossed the border at Khorgos and reached {refuge}."),
        (f"{first} was released in {m3} {year + 1} and placed under house arrest. {he.capitalize()} left for "
         f"Kazakhstan in {year + 2} and applied for asylum in {refuge}."),
        (f"When {first} was released, officials kept {his} passport for a year. {he.capitalize()} came to {refuge} "
         f"in {year + 2} and asked the authorities for refugee status, which was refused twice."),
    ])
    notes = [
        (f"The interview took place in {refuge} in {rng.choice(_MONTHS)} {year + 3} and lasted "
         f"{2 + rng.randrange(4)} hours; {first} showed a copy of a release certificate."),
        f"{first} said that {his} mother still lives in {home} and is visited by officials every month.",
        (f"According to {first}, the camp in {camp} had a clinic, a canteen and a hall with a stage, and the "
         "windows were covered with bars."),
        f"A relative in {refuge} confirmed the dates of the detention and the name of the camp.",
        f"{first} asked that the names of {his} children be left out of any publication.",
    ]
    rng.shuffle(notes)
    middle = [camp_life, family]
    rng.shuffle(middle)
    return "\n\n".join([opening, arrest, *middle, release, " ".join(notes), " ".join(reversed(notes))]) + "\n"


def batch(n: int) -> list[tuple[str, bytes]]:
    return [(f"testimony-{i:03d}.txt", fictional_testimony(i).encode()) for i in range(n)]


# --- the server and the CLI as a user runs them ----------------------------------------------------


def _cli(db_url: str, *args: str, stdin: bytes | None = None, env: dict[str, str]) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-m", "aigak", "--db", db_url, *args], check=False,
                          input=stdin.decode() if stdin else None,
                          capture_output=True, text=True, env=env, timeout=CLI_TIMEOUT_S)


def _env(tmp_path: Path) -> dict[str, str]:
    # a PostgreSQL store keeps its session secret under XDG_CONFIG_HOME: keep it inside the test folder
    return {**os.environ, "XDG_CONFIG_HOME": str(tmp_path / "config"), "COLUMNS": "200", "NO_COLOR": "1"}


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


@dataclass
class Server:
    """One `aigak serve` process."""

    proc: subprocess.Popen[bytes]
    url: str
    log: Path

    def tail(self) -> str:
        return self.log.read_text(errors="replace")[-3000:] if self.log.exists() else ""

    def kill(self) -> None:
        if self.proc.poll() is None:
            self.proc.send_signal(signal.SIGKILL)
        self.proc.wait(timeout=30)

    def stop(self) -> None:
        if self.proc.poll() is None:
            self.proc.send_signal(signal.SIGTERM)
            try:
                self.proc.wait(timeout=15)
            except subprocess.TimeoutExpired:
                self.kill()


@dataclass
class Servers:
    """Every server a test started, so none outlives it."""

    tmp_path: Path
    started: list[Server] = field(default_factory=list)

    def start(self, db_url: str) -> Server:
        for _attempt in range(3):  # another process may take the free port before the server binds it
            port = _free_port()
            log = self.tmp_path / f"server-{len(self.started)}.log"
            with log.open("wb") as out:
                proc = subprocess.Popen([sys.executable, "-m", "aigak", "--db", db_url, "serve", "--host",
                                         "127.0.0.1", "--port", str(port)], stdout=out, stderr=subprocess.STDOUT,
                                        env=_env(self.tmp_path))
            server = Server(proc, f"http://127.0.0.1:{port}", log)
            self.started.append(server)
            deadline = time.monotonic() + SERVER_START_TIMEOUT_S
            while time.monotonic() < deadline and proc.poll() is None:
                try:
                    if httpx.get(f"{server.url}/api/session", timeout=2, trust_env=False).status_code == 200:
                        return server
                except httpx.TransportError:
                    pass
                time.sleep(0.1)
            server.kill()
        raise AssertionError(f"the server did not start:\n{server.tail()}")

    def stop_all(self) -> None:
        for server in self.started:
            server.kill()


@pytest.fixture
def servers(tmp_path: Path) -> Iterator[Servers]:
    running = Servers(tmp_path)
    yield running
    running.stop_all()


def add_editor(db_url: str, tmp_path: Path) -> None:
    done = _cli(db_url, "user", "add", EDITOR, "--role", "editor", "--password-stdin",
                stdin=f"{PASSWORD}\n".encode(), env=_env(tmp_path))
    assert done.returncode == 0, done.stderr


def verify(db_url: str, tmp_path: Path) -> None:
    done = _cli(db_url, "verify", env=_env(tmp_path))
    assert done.returncode == 0, done.stdout + done.stderr
    assert done.stdout.startswith("OK:"), done.stdout


def signed_in(base_url: str) -> httpx.Client:
    """A client signed in as the editor, sending the session's CSRF token on every call."""
    client = httpx.Client(base_url=base_url, timeout=REQUEST_TIMEOUT_S, trust_env=False)
    token = client.get("/api/session").json()["csrf_token"]
    answer = client.post("/api/login", json={"username": EDITOR, "password": PASSWORD},
                         headers={"X-CSRF-Token": token})
    assert answer.status_code == 200, answer.text
    client.headers["X-CSRF-Token"] = answer.json()["csrf_token"]
    return client


def upload(client: httpx.Client, files: list[tuple[str, bytes]]) -> list[dict[str, Any]]:
    answer = client.post("/api/documents", files=[("files", (name, data, "text/plain")) for name, data in files])
    assert answer.status_code == 200, answer.text
    results: list[dict[str, Any]] = answer.json()["results"]
    return results


def count(store: Store, table: Any) -> int:
    with store.read() as conn:
        return int(conn.execute(select(func.count()).select_from(table)).scalar_one())


# --- what a consistent store holds -----------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class DocumentState:
    """What the store holds of one document."""

    id: int
    filename: str
    has_bytes: bool
    ingest_audits: int
    run_fact_count: int | None  # None: no extraction run
    facts: int
    facts_without_run: int
    entity_mentions: int
    person_facts: int
    registry_mentions: int
    extract_audits: list[Any]
    resolve_audits: int


def document_states(store: Store) -> dict[int, DocumentState]:
    with store.read() as conn:
        docs = conn.execute(select(documents.c.id, documents.c.filename, documents.c.sha256)).all()
        have = {r.sha256 for r in conn.execute(select(sources.c.sha256))}
        runs = {r.document_id: r.fact_count for r in conn.execute(select(extraction_runs.c.document_id,
                                                                         extraction_runs.c.fact_count))}
        run_docs = Counter(r.document_id for r in conn.execute(select(extraction_runs.c.document_id)))
        assert all(n == 1 for n in run_docs.values()), f"a document has two extraction runs: {run_docs}"
        fact_rows = conn.execute(select(facts.c.document_id, facts.c.run_id, facts.c.kind, facts.c.type)).all()
        entity_mentions = Counter(r.document_id for r in conn.execute(select(mentions.c.document_id)))
        registry = Counter(r.document_id for r in conn.execute(select(person_mentions.c.document_id)))
        audits = conn.execute(select(audit_log.c.action, audit_log.c.target, audit_log.c.after)).all()
    by_target: dict[tuple[str, str], list[Any]] = {}
    for a in audits:
        by_target.setdefault((a.action, a.target), []).append(a.after)
    out = {}
    for d in docs:
        own = [f for f in fact_rows if f.document_id == d.id]
        target = f"document:{d.id}"
        out[d.id] = DocumentState(
            id=d.id, filename=d.filename, has_bytes=d.sha256 in have,
            ingest_audits=len(by_target.get(("ingest", target), [])),
            run_fact_count=runs.get(d.id), facts=len(own), facts_without_run=sum(f.run_id is None for f in own),
            entity_mentions=entity_mentions.get(d.id, 0),
            person_facts=sum(f.kind == "entity" and f.type == "person" for f in own),
            registry_mentions=registry.get(d.id, 0), extract_audits=by_target.get(("extract", target), []),
            resolve_audits=len(by_target.get(("resolve", target), [])))
    return out


def assert_all_or_nothing(store: Store) -> dict[int, DocumentState]:
    """Each document: its bytes and one ingest record; then its whole extraction or nothing of it."""
    states = document_states(store)
    for s in states.values():
        assert s.has_bytes and s.ingest_audits == 1, s
        assert s.facts_without_run == 0, s
        if s.run_fact_count is None:  # the upload was cut before its extraction committed: nothing of it
            assert (s.facts, s.entity_mentions, s.registry_mentions, s.extract_audits, s.resolve_audits) == \
                (0, 0, 0, [], 0), s
        else:  # the whole extraction: every fact of the run, every person in the registry, its audit records
            assert s.facts == s.run_fact_count > 0, s
            assert s.entity_mentions > 0, s
            assert s.registry_mentions == s.person_facts > 0, s
            assert [a["facts"] for a in s.extract_audits] == [s.run_fact_count], s
            assert s.resolve_audits == 1, s
    assert count(store, documents) == count(store, sources)
    with store.read() as conn:
        orphans = conn.execute(select(func.count()).select_from(persons).where(
            persons.c.merged_into.is_(None), ~persons.c.id.in_(select(person_mentions.c.person_id)))).scalar_one()
    assert orphans == 0, "a person was left without any mention"
    return states


# --- 1. a batch upload cut short -------------------------------------------------------------------


@dataclass
class Uploads:
    """The answers the server gave before it died, and how each uploader ended."""

    acknowledged: list[dict[str, Any]] = field(default_factory=list)
    cut: int = 0
    errors: list[Exception] = field(default_factory=list)
    lock: threading.Lock = field(default_factory=threading.Lock)

    def run(self, client: httpx.Client, chunks: list[list[tuple[str, bytes]]], stop: threading.Event) -> None:
        for chunk in chunks:
            if stop.is_set():
                return
            try:
                results = upload(client, chunk)
            except httpx.TransportError:  # the server died under this request: expected
                with self.lock:
                    self.cut += 1
                return
            except Exception as exc:  # noqa: BLE001  (anything else fails the test in the main thread)
                with self.lock:
                    self.errors.append(exc)
                return
            with self.lock:
                self.acknowledged.extend(results)


def _wait_for_documents(store: Store, server: Server, at_least: int) -> int:
    deadline = time.monotonic() + KILL_DEADLINE_S
    stored = 0
    while time.monotonic() < deadline and server.proc.poll() is None:
        stored = count(store, documents)
        if stored >= at_least:
            return stored
        time.sleep(0.05)
    raise AssertionError(f"the upload did not reach {at_least} documents (stored {stored}):\n{server.tail()}")


def test_killed_batch_upload_leaves_each_document_all_or_nothing_and_reupload_adds_no_duplicates(
        db_url: str, tmp_path: Path, servers: Servers) -> None:
    files = batch(BATCH)
    add_editor(db_url, tmp_path)
    server = servers.start(db_url)
    chunks = [files[i:i + FILES_PER_REQUEST] for i in range(0, BATCH, FILES_PER_REQUEST)]
    clients = [signed_in(server.url) for _ in range(UPLOADERS)]
    # The first request goes alone: concurrent first uploads race while the language detector loads its
    # profiles (ingest/language.py has no lock: a 500 or a wrong language), which is not what this tests.
    uploads, stop = Uploads(acknowledged=upload(clients[0], chunks[0])), threading.Event()
    workers = [threading.Thread(target=uploads.run, args=(c, chunks[1 + k::UPLOADERS], stop), daemon=True)
               for k, c in enumerate(clients)]
    for w in workers:
        w.start()
    watcher = open_store(db_url, migrate=False)
    try:
        _wait_for_documents(watcher, server, KILL_AFTER_DOCUMENTS)
        assert server.proc.poll() is None, "the server stopped before it was killed"
        server.kill()
    finally:
        stop.set()
        watcher.close()
    for w in workers:
        w.join(timeout=REQUEST_TIMEOUT_S)
    for c in clients:
        c.close()
    assert not uploads.errors, f"{uploads.errors}\n{server.tail()}"
    assert uploads.cut >= 1, "no upload request was in flight when the server was killed"
    assert all(not w.is_alive() for w in workers)

    verify(db_url, tmp_path)
    store = open_store(db_url)
    try:
        states = assert_all_or_nothing(store)
        assert KILL_AFTER_DOCUMENTS <= len(states) < BATCH, "the kill did not land part-way through the batch"
        # every document the server acknowledged before it died is kept with what it answered
        for r in uploads.acknowledged:
            s = states[r["document_id"]]
            assert r["created"] and r["extraction"] == "extracted", r
            assert s.run_fact_count == r["facts"], (r, s)
        first_ids = {s.filename: s.id for s in states.values()}
        first_runs = {s.id: s.run_fact_count for s in states.values()}
    finally:
        store.close()

    # Restarted, the same batch uploaded again completes the work without duplicating anything.
    server = servers.start(db_url)
    client = signed_in(server.url)
    again = [r for i in range(0, BATCH, 2 * FILES_PER_REQUEST) for r in upload(client, files[i:i + 2 * FILES_PER_REQUEST])]
    client.close()
    server.stop()
    assert [r["filename"] for r in again] == [name for name, _ in files]
    assert all(r["error"] is None and r["document_id"] is not None for r in again), again
    for r in again:
        assert r["created"] is (r["filename"] not in first_ids), r
        if not r["created"]:
            assert r["document_id"] == first_ids[r["filename"]], r
    verify(db_url, tmp_path)
    store = open_store(db_url)
    try:
        states = assert_all_or_nothing(store)
        assert len(states) == count(store, sources) == BATCH
        assert sorted(s.filename for s in states.values()) == sorted(name for name, _ in files)
        with store.read() as conn:
            ingests = conn.execute(select(func.count()).select_from(audit_log)
                                   .where(audit_log.c.action == "ingest")).scalar_one()
        assert ingests == BATCH
        assert all(s.run_fact_count is not None for s in states.values() if s.filename not in first_ids)
        # documents extracted before the crash were not extracted a second time, and those whose upload
        # died before their extraction have been extracted now
        done_before = {i: n for i, n in first_runs.items() if n is not None}
        assert {i: states[i].run_fact_count for i in done_before} == done_before
        assert all(s.run_fact_count is not None for s in states.values())
    finally:
        store.close()


def test_reupload_extracts_a_document_whose_upload_died_before_its_extraction(tmp_path: Path) -> None:
    """An upload is two transactions (store the source, then extract it): a kill between them, which the
    crash test above catches nearly every time, leaves the document without facts. Uploading it again
    must then extract it, although its bytes are already known."""
    from aigak.core.roles import Role
    from aigak.ingest.pipeline import ingest_bytes
    from aigak.store.users import create_user
    from aigak.web.app import create_app
    from aigak.web.server import BackgroundServer

    name, data = batch(1)[0]
    store = open_store(f"sqlite:///{tmp_path / 'aigak.db'}")
    try:
        with store.transaction() as conn:
            create_user(conn, EDITOR, PASSWORD, Role.EDITOR)
        document, created = ingest_bytes(store, data, name, actor=f"web:{EDITOR}")  # the upload's first transaction
        assert created
        with BackgroundServer(create_app(store, secret_key="k" * 40)) as running:
            client = signed_in(running.url)
            [result] = upload(client, [(name, data)])
            client.close()
        assert result["document_id"] == document.id and result["created"] is False
        assert result["extraction"] == "extracted" and result["facts"] > 0, result
        assert assert_all_or_nothing(store)[document.id].run_fact_count == result["facts"]
    finally:
        store.close()


# --- 2. a merge cut short --------------------------------------------------------------------------

SPELLINGS = ("Nurlan Serikuly", "Nurlan Serikuli")
MENTIONS_PER_DOCUMENT = 250


def build_registry(store: Store, n_mentions: int) -> tuple[int, int]:
    """Two persons, one per spelling of one (fictional) name, each with n_mentions / 2 mentions, and the
    resolver's "possibly the same" link between them. The sources are fictional visitor registers
    stored through the ingest pipeline; their person entities go into the registry through the store's
    own functions, with the features and keys the resolver would give them."""
    from aigak.ingest.pipeline import ingest_bytes
    from aigak.resolve.blocking import blocking_keys
    from aigak.resolve.features import MentionFeatures
    from aigak.store.facts import save_extraction
    from aigak.store.persons import add_link, add_mention, create_person

    with store.transaction() as conn:
        ids = (create_person(conn, SPELLINGS[0]), create_person(conn, SPELLINGS[1]))
    made = 0
    page = 0
    while made < n_mentions:
        page += 1
        lines, entities = [f"Visitor register of the Almaty legal aid office, page {page}."], []
        pos = len(lines[0]) + 1
        for k in range(min(MENTIONS_PER_DOCUMENT, n_mentions - made)):
            spelling = SPELLINGS[k % 2]
            line = f"Entry {k + 1}: {spelling}, born 1971 in Altay, asked about the detention of his brother."
            start = pos + len(f"Entry {k + 1}: ")
            entities.append({"id": f"x{k + 1}", "kind": "person", "name": spelling,
                             "mentions": [[start, start + len(spelling)]], "attributes": {"birth_year": 1971}})
            lines.append(line)
            pos += len(line) + 1
        document, _ = ingest_bytes(store, "\n".join(lines).encode(), f"register-{page:03d}.txt")
        with store.transaction() as conn:
            fact_ids = save_extraction(conn, document.id, {"backend": {"name": "register.v1"}, "entities": entities},
                                       text=document.text)
            for k, fact_id in enumerate(fact_ids):
                spelling = SPELLINGS[k % 2]
                f = MentionFeatures.build([spelling], birth_year=1971, places=["Altay"], document=document.id)
                add_mention(conn, person_id=ids[k % 2], fact_id=fact_id, document_id=document.id, name=spelling,
                            features=f.to_json(), keys=[*blocking_keys(f, lookup_keys=True).keys, *f.name_keys()[1]],
                            search_text=spelling, birth_year=1971)
        made += len(entities)
    with store.transaction() as conn:
        add_link(conn, ids[0], ids[1], "possible", actor="resolver", score=9.0, reasons=["same name, other spelling"])
    return ids


def registry_state(store: Store) -> dict[str, Any]:
    with store.read() as conn:
        return {
            "persons": sorted(tuple(r) for r in conn.execute(select(persons.c.id, persons.c.merged_into,
                                                                      persons.c.display_name))),
            "mentions": sorted(tuple(r) for r in conn.execute(select(person_mentions.c.id, person_mentions.c.person_id,
                                                                       person_mentions.c.assigned_by))),
            "links": sorted(tuple(r) for r in conn.execute(select(person_links.c.person_a, person_links.c.person_b,
                                                                    person_links.c.kind))),
            "merges": [tuple(r) for r in conn.execute(select(person_merges.c.id, person_merges.c.kind,
                                                             person_merges.c.survivor_id, person_merges.c.absorbed_id,
                                                             person_merges.c.mention_ids))],
            "merge_audits": [(r.target, r.after) for r in conn.execute(
                select(audit_log.c.target, audit_log.c.after).where(audit_log.c.action == "merge"))],
        }


def write_lock_taken(probe: sqlite3.Connection) -> bool:
    """Whether another connection holds the SQLite write lock (its write transaction is open)."""
    try:
        probe.execute("BEGIN IMMEDIATE")
    except sqlite3.OperationalError as exc:
        if "locked" in str(exc):
            return True
        raise
    probe.execute("ROLLBACK")
    return False


@dataclass
class MergeRun:
    """How one kill went: whether the server was seen inside the merge's write transaction, whether it
    answered, and the registry after the restart."""

    lock_seen: bool
    answered: bool
    after: dict[str, Any]


def kill_during_merge(path: Path, tmp_path: Path, servers: Servers, a: int, b: int, delay_s: float) -> MergeRun:
    """Ask the server to merge b into a, and SIGKILL it `delay_s` after its write transaction opens."""
    url = f"sqlite:///{path}"
    server = servers.start(url)
    client = signed_in(server.url)
    answer: list[httpx.Response | httpx.TransportError] = []

    def merge() -> None:
        try:
            answer.append(client.post(f"/api/people/{a}/merge", json={"other_id": b}))
        except httpx.TransportError as exc:  # the server died under the request
            answer.append(exc)

    probe = sqlite3.connect(path, timeout=0, isolation_level=None)
    lock_seen = False
    started = time.monotonic()
    request = threading.Thread(target=merge, daemon=True)
    request.start()
    try:
        while request.is_alive() and time.monotonic() - started < KILL_DEADLINE_S:
            if write_lock_taken(probe):
                lock_seen = True
                time.sleep(delay_s)
                break
            time.sleep(POLL_S)
        server.kill()
    finally:
        probe.close()
    request.join(timeout=REQUEST_TIMEOUT_S)
    client.close()
    assert answer and not request.is_alive()
    answered = isinstance(answer[0], httpx.Response)
    if isinstance(answer[0], httpx.Response):
        assert answer[0].status_code == 200, answer[0].text

    verify(url, tmp_path)
    store = open_store(url)
    try:
        return MergeRun(lock_seen, answered, registry_state(store))
    finally:
        store.close()


def assert_merge_all_or_nothing(run: MergeRun, before: dict[str, Any], a: int, b: int) -> bool:
    """Either the merge happened completely or not at all; returns whether it happened."""
    merged_into = {pid: into for pid, into, _ in run.after["persons"]}
    if merged_into[b] is None:  # not at all: the registry exactly as before
        assert run.after == before
        assert not run.answered, "the server answered the merge, yet the store does not hold it"
        return False
    # completely: every mention on the survivor, one merge record, its audit record, the offer gone
    moved = sorted(mid for mid, pid, _ in before["mentions"] if pid == b)
    assert merged_into[a] is None and merged_into[b] == a
    assert {pid for _, pid, _ in run.after["mentions"]} == {a}
    assert sorted(mid for mid, _, _ in run.after["mentions"]) == sorted(mid for mid, _, _ in before["mentions"])
    assert {by for mid, _, by in run.after["mentions"] if mid in set(moved)} == {"user"}
    [(merge_id, kind, survivor, absorbed, mention_ids)] = run.after["merges"]
    assert (kind, survivor, absorbed, sorted(mention_ids)) == ("user", a, b, moved)
    [(target, audit)] = run.after["merge_audits"]
    assert target == f"person:{a}" and audit["merge_id"] == merge_id and sorted(audit["mentions"]) == moved
    assert run.after["links"] == []
    return True


def test_killed_merge_happens_completely_or_not_at_all(tmp_path: Path, servers: Servers) -> None:
    outcomes: list[tuple[int, float, bool, bool]] = []  # (mentions, delay, kill inside the transaction, merged)
    for n_mentions in MERGE_SIZES:  # more data makes a slower merge, should the first be too quick to catch
        path = tmp_path / f"merge-{n_mentions}.db"
        store = open_store(f"sqlite:///{path}")
        try:
            a, b = build_registry(store, n_mentions)
            before = registry_state(store)
        finally:
            store.close()
        assert before["merges"] == before["merge_audits"] == [] and len(before["links"]) == 1
        add_editor(f"sqlite:///{path}", tmp_path)
        for delay_s in KILL_DELAYS_S:  # a merge that was rolled back can be interrupted again, later in it
            run = kill_during_merge(path, tmp_path, servers, a, b, delay_s)
            merged = assert_merge_all_or_nothing(run, before, a, b)
            outcomes.append((n_mentions, delay_s, run.lock_seen, merged))
            if merged:
                break
        if any(seen and not merged for _, _, seen, merged in outcomes):
            break
    assert any(seen and not merged for _, _, seen, merged in outcomes), (
        f"no kill landed inside the merge's transaction: {outcomes}")
