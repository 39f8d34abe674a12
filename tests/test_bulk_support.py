"""Helpers (no tests) shared by the bulk, batch and query-plan tests: fictional articles and store snapshots."""

from __future__ import annotations

import random
from pathlib import Path
from typing import Any

from sqlalchemy import select

from aigak.store.engine import Store
from aigak.store.schema import documents, extraction_runs, facts, mentions, person_mentions, sources

GIVEN = ["Aisulu", "Bolat", "Darkhan", "Elmira", "Galym", "Kamila", "Nurbol", "Saltanat", "Yerzhan", "Zhuldyz"]
FAMILY = ["Abenov", "Dauletkyzy", "Kenzhebek", "Mukanova", "Orynbasar", "Sadykov", "Temirkhan", "Zhumabay"]
PLACES = ["Ghulja", "Tacheng", "Altay", "Kashgar", "Hotan"]
CITIES = ["Almaty", "Zharkent", "Taldykorgan", "Astana"]
MONTHS = ["January", "March", "May", "July", "September", "November"]


def fictional_articles(n: int, *, seed: int = 5) -> list[str]:
    """`n` distinct short fictional news articles (names, places and dates vary)."""
    rng = random.Random(seed)
    out = []
    for i in range(n):
        name = f"{rng.choice(GIVEN)} {rng.choice(FAMILY)}"
        first = name.split()[0]
        year = rng.randint(2015, 2019)
        out.append(
            f"{rng.choice(CITIES).upper()}, {rng.randint(1, 28)} {rng.choice(MONTHS)} {year + 2} — {name}, "
            f"{rng.randint(20, 70)}, an ethnic Kazakh from {rng.choice(PLACES)}, says police detained "
            f"{'him' if i % 2 else 'her'} in {rng.choice(MONTHS)} {year}. \u201cThey kept me in the camp for "
            f"{rng.randint(2, 20)} months,\u201d {first} said. {first} was released in {rng.choice(MONTHS)} "
            f"{year + 1} and crossed the border into Kazakhstan. The family paid a fine of "
            f"{rng.randint(2, 60) * 1000:,} yuan. Report number {i}.")
    return out


def write_articles(folder: Path, texts: list[str]) -> list[str]:
    """Each text as `folder/aNNN.txt`; the paths in order."""
    folder.mkdir(parents=True, exist_ok=True)
    paths = []
    for i, body in enumerate(texts):
        path = folder / f"a{i:03d}.txt"
        path.write_text(body, encoding="utf-8")
        paths.append(str(path))
    return paths


def snapshot(store: Store) -> dict[str, list[tuple[Any, ...]]]:
    """Everything ingest and extraction store, keyed by the source's SHA-256 (not by store ids)."""
    def plain(value: Any) -> Any:
        return repr(value) if isinstance(value, (dict, list)) else value

    with store.read() as conn:
        sha_of = {r.id: r.sha256 for r in conn.execute(select(documents.c.id, documents.c.sha256))}
        docs = sorted(
            (r.sha256, r.media_type, r.filename, r.title, r.author, r.published, r.language, r.text, r.body_start,
             r.body_end, r.size_bytes, r.reference_date) for r in conn.execute(select(documents)))
        srcs = sorted((r.sha256, bytes(r.data)) for r in conn.execute(select(sources)))
        local_of = {r.id: (sha_of[r.document_id], r.local_id) for r in
                    conn.execute(select(facts.c.id, facts.c.document_id, facts.c.local_id))}
        fact_rows = sorted(
            (sha_of[r.document_id], r.kind, r.type, r.local_id, plain(r.data), plain(r.evidence), r.char_start,
             r.char_end, r.confidence, r.status, r.backend, r.event_start, r.event_end, r.name)
            for r in conn.execute(select(facts)))
        mention_rows = sorted((*local_of[r.fact_id], r.char_start, r.char_end, r.text)
                              for r in conn.execute(select(mentions)))
        runs = sorted((sha_of[r.document_id], r.backend, plain(r.config), r.fact_count)
                      for r in conn.execute(select(extraction_runs)))
        groups: dict[int, list[tuple[str, str]]] = {}
        for r in conn.execute(select(person_mentions.c.person_id, person_mentions.c.fact_id)):
            groups.setdefault(r.person_id, []).append(local_of[r.fact_id])
        people = sorted(tuple(sorted(g)) for g in groups.values())
    return {"documents": docs, "sources": srcs, "facts": fact_rows, "mentions": mention_rows, "runs": runs,
            "people": people}
