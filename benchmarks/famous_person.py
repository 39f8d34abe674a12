"""Does a much-reported person make each new article about them dearer? Registry time per article.

    .venv/bin/python benchmarks/famous_person.py [--sources 200,1000,2000] [--probes 20]

One fictional person is named in N sources (with a different second person in each, as real reports
name others beside them). Then more articles naming them are placed in the registry, and the median
time per article is printed beside the peer: the same registry placing an article about people it has
never seen, in the same store. A registry whose work per mention grows with the person's mentions
shows a ratio that grows with N; with stored profiles it should stay flat.
"""

from __future__ import annotations

import argparse
import statistics
import tempfile
import time
from pathlib import Path
from typing import Any

from aigak.core.models import DecodedSource
from aigak.resolve import resolve_document
from aigak.store.documents import add_document, set_reference_date
from aigak.store.engine import Store, open_store
from aigak.store.facts import save_extraction


def _person(lid: str, name: str, **attributes: Any) -> dict[str, Any]:
    return {"id": lid, "kind": "person", "name": name, "aliases": [], "attributes": attributes, "mentions": [[0, 6]]}


def _article(store: Store, i: int, famous: bool) -> float:
    """Store one article and place its people; returns the seconds the placing took."""
    text = f"Report {i} on a detention and the family left behind."
    first = _person("p1", "Serikzhan Bilashuly", age=45, gender="male") if famous else \
        _person("p1", f"Nurbol Tokhtar{i}uly", age=30)
    entities = [first, _person("p2", f"Akbota Nurlan{i}qyzy")]
    events = [{"id": "e1", "type": "detention", "subjects": ["p1"], "start": f"{2000 + i % 20}-0{1 + i % 9}",
               "evidence": [[0, 6]]}]
    result = {"backend": {"name": "bench.v1"}, "entities": entities, "relations": [], "events": events,
              "amounts": []}
    with store.transaction() as conn:
        doc, _ = add_document(conn, text.encode(), DecodedSource(text=text, media_type="text/plain"),
                              filename=f"r{i}.txt", language="en")
        save_extraction(conn, doc.id, result, text=text)
        set_reference_date(conn, doc.id, "2020-03")
        t0 = time.perf_counter()
        resolve_document(conn, doc.id, actor="bench")
        return time.perf_counter() - t0


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--sources", default="200,1000,2000", help="how many sources name the person, comma-separated")
    ap.add_argument("--probes", type=int, default=20, help="articles timed at each size, of each kind")
    args = ap.parse_args()
    sizes = sorted(int(s) for s in args.sources.split(","))
    with tempfile.TemporaryDirectory(prefix="aigak-famous-") as tmp:
        store = open_store(f"sqlite:///{Path(tmp) / 'famous.db'}")
        done = 0
        fill_s = 0.0
        print(f"{'sources':>8} {'fill s':>8} {'about them ms':>14} {'about strangers ms':>19} {'ratio':>6}")
        for n in sizes:
            while done < n:
                fill_s += _article(store, done, famous=True)
                done += 1
            famous, strangers = [], []
            for k in range(args.probes):
                famous.append(_article(store, 10_000_000 + n * 100 + k, famous=True))
                strangers.append(_article(store, 20_000_000 + n * 100 + k, famous=False))
            done += args.probes
            f_ms, s_ms = 1000 * statistics.median(famous), 1000 * statistics.median(strangers)
            print(f"{n:8,} {fill_s:8.1f} {f_ms:14.1f} {s_ms:19.1f} {f_ms / s_ms:6.2f}", flush=True)
        store.close()


if __name__ == "__main__":
    main()
