"""The real scorer on the evaluation articles: the floors the rules backend must hold.

The evaluation articles live in `../shared/eval` beside the repository (real text, not copied into
the project); the fictional corpus in `tests/fixtures/eval` is a held-out check written by us.
"""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest

from aigak.extract.run import extract_text

SHARED_EVAL = Path(__file__).resolve().parents[1].parent / "shared" / "eval"
FIXTURES = Path(__file__).resolve().parent / "fixtures" / "eval"
DEV = Path(__file__).resolve().parent / "fixtures" / "dev"
KZ = "kz-asylum-2019"


def _score(args: list[str]) -> dict[str, Any]:
    proc = subprocess.run([sys.executable, str(SHARED_EVAL / "score.py"), *args, "--json"],
                          capture_output=True, text=True, check=True, timeout=120)
    line = next(line for line in proc.stdout.splitlines() if line.startswith("SCORE "))
    result: dict[str, Any] = json.loads(line[len("SCORE "):])
    return result


def _score_own_corpus(corpus: Path, out: Path) -> dict[str, Any]:
    """Extract one of the project's fictional corpora (`docs/`) and score it against its `gold/`."""
    if not (corpus / "gold").is_dir():
        pytest.skip(f"the fictional corpus {corpus.name} is absent")
    _extract_folder(corpus / "docs", out)
    return _score([str(corpus / "gold"), str(out), "--texts", str(corpus / "docs")])


def _extract_folder(docs: Path, out: Path) -> None:
    out.mkdir(parents=True, exist_ok=True)
    for doc in sorted(docs.glob("*.txt")):
        result = extract_text(doc.read_text(encoding="utf-8"))
        (out / f"{doc.stem}.json").write_text(json.dumps(result, ensure_ascii=False), encoding="utf-8")


@pytest.fixture(scope="module")
def shared_eval() -> Path:
    if not (SHARED_EVAL / "score.py").exists():
        pytest.skip(f"the shared evaluation folder is absent ({SHARED_EVAL}); it sits beside the repository")
    return SHARED_EVAL


def test_kz_asylum_article_meets_every_floor(shared_eval: Path, tmp_path: Path) -> None:
    text = (shared_eval / "docs" / f"{KZ}.txt").read_text(encoding="utf-8")
    system = tmp_path / f"{KZ}.json"
    system.write_text(json.dumps(extract_text(text), ensure_ascii=False), encoding="utf-8")
    r = _score([str(shared_eval / "gold" / f"{KZ}.json"), str(system)])
    floors = {"persons": 0.90, "attributes": 0.80, "places": 0.80, "relations": 0.70, "amounts": 1.0,
              "events": 0.70}
    for key, floor in floors.items():
        assert r[key]["f1"] >= floor, (key, r[key])
    assert r["event_dates"]["share"] >= 0.80
    assert r["reference_date_ok"]
    assert r["body_end_off_by"] <= 50
    assert r["events"]["outside_body"] == 0
    assert r["grounding"]["invalid"] == 0


def test_all_evaluation_articles_meet_folder_floors(shared_eval: Path, tmp_path: Path) -> None:
    _extract_folder(shared_eval / "docs", tmp_path)
    r = _score([str(shared_eval / "gold"), str(tmp_path)])
    # A little under what the rules reach on these real articles (persons 1.00, relations 0.98,
    # events 0.94, event dates 0.81).
    assert r["persons"]["f1"] >= 0.95, r["persons"]
    assert r["relations"]["f1"] >= 0.90, r["relations"]
    assert r["events"]["f1"] >= 0.88, r["events"]
    assert r["event_dates"]["share"] >= 0.75, r["event_dates"]


def test_fictional_corpus_held_out(shared_eval: Path, tmp_path: Path) -> None:
    r = _score_own_corpus(FIXTURES, tmp_path)
    # Floors a little under what the rules reach on this held-out corpus (persons 1.00, events 0.85).
    assert r["persons"]["f1"] >= 0.95, r["persons"]
    assert r["attributes"]["f1"] >= 0.80, r["attributes"]
    assert r["relations"]["f1"] >= 0.75, r["relations"]
    assert r["events"]["f1"] >= 0.80, r["events"]
    assert r["amounts"]["f1"] >= 1.0, r["amounts"]


def test_development_corpus_meets_its_floors(shared_eval: Path, tmp_path: Path) -> None:
    # The fictional articles the rules are tuned on, in styles the first corpus lacks (case notes,
    # database entries, translated news, profiles, threads, judgments, transcripts, bulletins, letters,
    # a hearing, a biography, a chronology, a podcast, an op-ed, a police notice, an obituary, subtitles,
    # and thirty-six news articles in the conventions of real outlets).
    r = _score_own_corpus(DEV, tmp_path)
    # Floors a little under what the rules reach on 63 articles (persons 0.99, attributes 0.99, relations 0.91,
    # events 0.89, event dates 0.88).
    assert r["persons"]["f1"] >= 0.95, r["persons"]
    assert r["attributes"]["f1"] >= 0.95, r["attributes"]
    assert r["relations"]["f1"] >= 0.89, r["relations"]
    assert r["events"]["f1"] >= 0.86, r["events"]
    assert r["event_dates"]["share"] >= 0.80, r["event_dates"]
