"""`benchmarks/llm_eval.py` end to end: a scripted model on loopback, the fictional corpus, the real scorer."""

from __future__ import annotations

import json
import re
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest
from fixtures.llm.chat_server import ChatServer, Reply, answer_for

REPO = Path(__file__).resolve().parents[1]
SCORER = REPO.parent / "shared" / "eval" / "score.py"
CORPUS = Path(__file__).resolve().parent / "fixtures" / "eval"
_TWO_NAMES = re.compile(r"\b[A-Z][a-z]+ [A-Z][a-z]+(?:uly|ova|ov|kyzy|yev|bek)\b")


def names_and_one_invention(request: dict[str, Any]) -> Reply:
    """A weak model: a few people it spots by their surname endings, plus one person it made up."""
    chunk = answer_for(request)
    found = list(dict.fromkeys(_TWO_NAMES.findall(chunk)))[:4]
    entities = [{"id": f"p{i + 1}", "kind": "person", "name": n, "aliases": [], "mentions": [n]}
                for i, n in enumerate(found)]
    entities.append({"id": "p99", "kind": "person", "name": "Nobody Inventedov", "aliases": [],
                     "mentions": ["Nobody Inventedov"]})
    return Reply({"entities": entities, "relations": [], "events": [], "amounts": []})


@pytest.mark.skipif(not SCORER.is_file(), reason="the shared evaluation folder (with score.py) sits beside the repository")
def test_benchmark_scores_the_model_beside_the_rules(tmp_path: Path) -> None:
    with ChatServer(names_and_one_invention) as server:
        proc = subprocess.run(
            [sys.executable, str(REPO / "benchmarks" / "llm_eval.py"), "--url", server.url, "--model", "scripted",
             "--eval-dir", str(CORPUS), "--scorer", str(SCORER), "--keep", str(tmp_path), "--json"],
            capture_output=True, text=True, timeout=600, check=False)
    assert proc.returncode == 0, proc.stderr
    report = json.loads(proc.stdout)
    documents = len(list((CORPUS / "gold").glob("*.json")))
    assert report["documents"] == documents
    assert set(report["scores"]) == {"rules", "llm", "llm (aligned)"}
    for scores in report["scores"].values():
        assert 0.0 <= scores["persons"]["f1"] <= 1.0
    # The invented person is in every llm file, unaligned, and gone from the aligned-only files.
    assert report["scores"]["llm"]["persons"]["sys"] > report["scores"]["llm (aligned)"]["persons"]["sys"]
    assert report["stats"]["llm"]["alignment"]["unaligned"] >= documents
    assert report["stats"]["llm"]["failed"] == []
    assert len(list((tmp_path / "llm").glob("*.json"))) == documents
    assert report["scores"]["rules"]["persons"]["tp"] > 0


@pytest.mark.skipif(not SCORER.is_file(), reason="the shared evaluation folder (with score.py) sits beside the repository")
def test_benchmark_prints_a_side_by_side_table_and_counts_failures(tmp_path: Path) -> None:
    with ChatServer([Reply(status=401)]) as server:
        proc = subprocess.run(
            [sys.executable, str(REPO / "benchmarks" / "llm_eval.py"), "--url", server.url, "--model", "scripted",
             "--eval-dir", str(CORPUS), "--scorer", str(SCORER), "--keep", str(tmp_path)],
            capture_output=True, text=True, timeout=600, check=False)
    assert proc.returncode == 0, proc.stderr
    header = proc.stdout.splitlines()[0].split()
    assert header[-4:] == ["rules", "llm", "llm", "(aligned)"]
    assert re.search(r"^persons\s+\d\.\d\d \(", proc.stdout, re.MULTILINE)
    documents = len(list((CORPUS / "gold").glob("*.json")))
    assert re.search(rf"^llm: [\d.]+ s per document, {documents} failed", proc.stdout, re.MULTILINE)
    assert "HTTP 401" in proc.stderr
