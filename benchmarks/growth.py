"""Does a document cost more in a large store? Ingest+extract slices alternate between two stores.

    .venv/bin/python benchmarks/scale.py --sizes 100000 --dbs sqlite --keep build/scale   # the large store
    .venv/bin/python benchmarks/growth.py --big sqlite:///build/scale/100000/bench.db [--rounds 6] [--slice 150]

`scale.py` measures each size at a different time; on a machine that other work shares, the load
changes in between and the ratio says more about the load than about the store. Here the same
single-machine path (`ingest_paths` + `extract_pending`, 1 worker) runs on the large store and on a
small one (`--small` generated articles, built first), in alternating slices of fresh articles, and
the medians are compared per wall-clock second and per CPU second. Linear growth is a ratio of 1.00;
the issue allows 0.80.
"""

from __future__ import annotations

import argparse
import statistics
import sys
import tempfile
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from scale import _single_machine, _write_corpus
from sqlalchemy import func, select

from aigak.store.engine import Store, open_store
from aigak.store.schema import documents


def _count(store: Store) -> int:
    with store.read() as conn:
        return int(conn.execute(select(func.count()).select_from(documents)).scalar_one())


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--big", required=True, help="database URL of a store already holding many generated articles")
    ap.add_argument("--small", type=int, default=1000, help="articles in the small store")
    ap.add_argument("--rounds", type=int, default=6)
    ap.add_argument("--slice", type=int, default=150, help="articles per slice")
    ap.add_argument("--words", default="100,250", help="article length range, as scale.py used")
    ap.add_argument("--seed", type=int, default=8, help="generator seed of the fresh articles (scale.py uses 7)")
    args = ap.parse_args()
    lo, hi = (int(w) for w in args.words.split(","))
    big = open_store(args.big)
    held = _count(big)
    with tempfile.TemporaryDirectory(prefix="aigak-growth-") as tmp:
        root = Path(tmp)
        (root / "corpus").mkdir()
        # another seed than scale.py's, so no article is one the large store holds already
        need = args.small + 2 * args.rounds * args.slice
        files = _write_corpus(root / "corpus", need, (lo, hi), seed=args.seed)
        small = open_store(f"sqlite:///{root / 'small.db'}")
        _single_machine(small, files[:args.small], 2)
        files = files[args.small:]
        print(f"large store: {held:,} articles; small store: {_count(small):,}; slices of {args.slice}", flush=True)
        rates: dict[str, list[tuple[float, float]]] = {"large": [], "small": []}
        for r in range(args.rounds):
            order = (("large", big), ("small", small)) if r % 2 == 0 else (("small", small), ("large", big))
            for name, store in order:
                chunk, files = files[:args.slice], files[args.slice:]
                rates[name].append(_single_machine(store, chunk, 1))
                wall, cpu = rates[name][-1]
                print(f"round {r} {name:5} {wall:6.1f} docs/s, {cpu:6.1f} docs per CPU second", flush=True)
        small.close()
    big.close()
    med = {k: (statistics.median(w for w, _ in v), statistics.median(c for _, c in v)) for k, v in rates.items()}
    print(f"\nmedians: large {med['large'][0]:.1f} docs/s ({med['large'][1]:.1f} per CPU s), "
          f"small {med['small'][0]:.1f} docs/s ({med['small'][1]:.1f} per CPU s)")
    print(f"large / small: wall {med['large'][0] / med['small'][0]:.2f}, CPU {med['large'][1] / med['small'][1]:.2f} "
          "(linear = 1.00, the floor is 0.80)")


if __name__ == "__main__":
    main()
