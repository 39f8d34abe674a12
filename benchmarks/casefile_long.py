"""Does a long report make the case file of a person it names dear? Case-file time by report size.

    .venv/bin/python benchmarks/casefile_long.py [--sizes 50,200,800,2000] [--repeat 3] [--keep build/casefile_long]

For each size, a store gets one generated report of that many kilobytes (fictional: 80 people named
again and again, their detentions, releases, crossings and relatives, some left in Xinjiang) and one
short testimony, both through the same ingestion and rule-based extraction as `aigak ingest --extract`.
Then the case file of a person the report names (as the web app builds it: `build_case_file`, then
`case_file_to_dict`) is timed beside the peer: the case file of the person the short testimony names,
in the same store. Each size has a store of its own, so that the people of one report are not
merged with those of another.

Printed per size: the best wall-clock and CPU seconds of `--repeat` runs, the ratio per doubling of the
report (2.0 is linear, 4.0 quadratic: the long report's person has twice the events and relatives,
so twice the work is the floor), and the peer's time. CPU seconds are the figure to compare when
other work shares the machine: contention stretches wall time, not the work.
"""

from __future__ import annotations

import argparse
import math
import random
import tempfile
import time
from contextlib import ExitStack
from pathlib import Path

from aigak.casefile import build_case_file, case_file_to_dict
from aigak.ingest.pipeline import ingest_paths
from aigak.operations.bulk import extract_pending
from aigak.resolve.registry import resolve_person_ref
from aigak.store.engine import Store, open_store

BACKEND = "rules.v1"
FIRST = {"Aidos": "m", "Bakyt": "m", "Dauren": "m", "Marat": "m", "Serik": "m", "Aliya": "f", "Dina": "f",
         "Zhanar": "f", "Aigerim": "f", "Saule": "f"}
LAST = ("Kasymov", "Seitkali", "Tokenov", "Zhakupov", "Nurov", "Bekov", "Omarov", "Abenov")
PLACES = ("Ghulja", "Tekes", "Urumqi", "Chapchal", "Tacheng", "Altay")
MONTHS = ("January", "February", "March", "April", "May", "June", "July", "August", "September", "October",
          "November", "December")
KIN = {"m": ("brother", "son", "father"), "f": ("sister", "daughter", "mother")}
PEER = ("Testimony of Gulmira Tursynbay\nRecorded in Almaty on 3 March 2023.\n\n"
        "My name is Gulmira Tursynbay. I was born in 1981 in Tekes. I was detained on 14 March 2018 and held "
        "in a camp for eleven months. I was released on 2 February 2019. I crossed the border into Kazakhstan "
        "at Khorgos on 20 August 2019 and applied for asylum in Almaty on 5 September 2019.\n\n"
        "My son Nurlan, 12, lives with my mother Rabiga in Tekes. My husband Yerlan Akhmet is still held "
        "in a camp in Ghulja.\n")
PEER_NAME = "Gulmira Tursynbay"


def _date(rng: random.Random) -> str:
    return f"{rng.randint(1, 28)} {rng.choice(MONTHS)} {rng.randint(2017, 2021)}"


def _paragraph(rng: random.Random, names: list[str], case: int) -> str:
    subject, relative = rng.sample(names, 2)
    g = FIRST[subject.split()[0]]
    he, his = ("He", "His") if g == "m" else ("She", "Her")
    r = FIRST[relative.split()[0]]
    kin = rng.choice(KIN[r] + (("husband",) if (g, r) == ("f", "m") else ("wife",) if (g, r) == ("m", "f") else ()))
    place = rng.choice(PLACES)
    story = [(f"Case {case}. {subject}, {rng.randint(20, 70)}, an ethnic Kazakh from {place}, was detained on "
              f"{_date(rng)}."),
             f"{his} {kin} {relative} said {he.lower()} was held in a camp for {rng.randint(3, 30)} months."]
    roll = rng.random()
    if roll < 0.4:
        story.append(f"{he} was released in {rng.choice(MONTHS)} {rng.randint(2018, 2022)}.")
    elif roll < 0.6:
        story.append(f"{relative} remains in Xinjiang and has not been heard from since {_date(rng)}.")
    elif roll < 0.8:
        story.append(f"{he} crossed the border at Khorgos on {_date(rng)}. {relative} lives with {his.lower()} "
                     f"mother in {rng.choice(PLACES)}.")
    else:
        story.append(f"{he} applied for asylum in Kazakhstan on {_date(rng)}. The hearing is scheduled for "
                     f"{rng.randint(1, 28)} {rng.choice(MONTHS)} 2023.")
    return " ".join(story)


def long_report(kilobytes: int, *, seed: int = 5) -> tuple[str, str]:
    """A fictional report of about this many kilobytes, and the name of the person its first case is about."""
    rng = random.Random(seed)
    names = [f"{first} {last}" for first in FIRST for last in LAST]
    parts = ["Report on detentions in Xinjiang, compiled in Almaty on 1 May 2022.\n"]
    size = len(parts[0])
    case = 0
    while size < kilobytes * 1000:
        case += 1
        paragraph = _paragraph(rng, names, case)
        parts.append(paragraph + "\n")
        size += len(paragraph) + 2
    first = parts[1].split(". ", 1)[1].split(",", 1)[0]
    return "\n".join(parts), first


def _build(store: Store, folder: Path, kilobytes: int) -> str:
    text, name = long_report(kilobytes)
    report, peer = folder / f"report_{kilobytes}kb.txt", folder / "peer.txt"
    report.write_text(text, encoding="utf-8")
    peer.write_text(PEER, encoding="utf-8")
    done = ingest_paths(store, [str(report), str(peer)], workers=1)
    assert len(done.created) == 2, done
    extracted = extract_pending(store, BACKEND, workers=1)
    assert extracted.done == 2 and not extracted.errors, extracted
    (folder / f"report_{kilobytes}kb.name").write_text(name, encoding="utf-8")
    return name


def _time(store: Store, person: str, repeat: int) -> tuple[float, float]:
    """The best (wall, CPU) seconds of building the person's case file, as the web app does."""
    best = (math.inf, math.inf)
    for _ in range(repeat):
        with store.read() as conn:
            t0, c0 = time.perf_counter(), time.process_time()
            case_file_to_dict(build_case_file(conn, resolve_person_ref(conn, person)))
            wall, cpu = time.perf_counter() - t0, time.process_time() - c0
        best = (min(best[0], wall), min(best[1], cpu))
    return best


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--sizes", default="50,200,800,2000", help="report sizes in kilobytes, comma-separated")
    ap.add_argument("--repeat", type=int, default=3, help="timed runs per case file (the best is kept)")
    ap.add_argument("--keep", help="build the stores in this folder and reuse them on the next run")
    args = ap.parse_args()
    sizes = sorted(int(s) for s in args.sizes.split(","))
    with ExitStack() as stack:
        root = Path(args.keep) if args.keep else Path(stack.enter_context(
            tempfile.TemporaryDirectory(prefix="aigak-casefile-long-")))
        print(f"{'report':>8} {'build s':>8} {'case file s':>12} {'CPU s':>7} {'per doubling':>13} "
              f"{'peer s':>7} {'peer CPU s':>11}", flush=True)
        previous: tuple[int, float] | None = None
        for kb in sizes:
            folder = root / f"{kb}kb"
            folder.mkdir(parents=True, exist_ok=True)
            named = folder / f"report_{kb}kb.name"
            store = open_store(f"sqlite:///{folder / 'bench.db'}")
            t0 = time.perf_counter()
            name = named.read_text(encoding="utf-8") if named.exists() else _build(store, folder, kb)
            build_s = time.perf_counter() - t0
            wall, cpu = _time(store, name, args.repeat)
            peer_wall, peer_cpu = _time(store, PEER_NAME, args.repeat)
            store.close()
            doubling = "" if previous is None else \
                f"{(cpu / previous[1]) ** (1 / math.log2(kb / previous[0])):13.2f}"
            print(f"{kb:6} KB {build_s:8.1f} {wall:12.2f} {cpu:7.2f} {doubling:>13} {peer_wall:7.2f} "
                  f"{peer_cpu:11.2f}", flush=True)
            previous = (kb, cpu)


if __name__ == "__main__":
    main()
