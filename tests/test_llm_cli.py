"""`aigak extract` and `aigak ingest --extract` with `--backend llm|ensemble`, as a user runs them."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
from fixtures.llm.chat_server import ChatServer, Reply

FIXTURES = Path(__file__).resolve().parent / "fixtures" / "llm"
GOOD: dict[str, Any] = json.loads((FIXTURES / "testimony_answer.json").read_text(encoding="utf-8"))
TESTIMONY = str(FIXTURES / "testimony.txt")


@pytest.fixture
def no_llm(monkeypatch: pytest.MonkeyPatch) -> None:
    for name in ("AIGAK_LLM_URL", "AIGAK_LLM_MODEL", "AIGAK_LLM_KEY", "AIGAK_BACKEND"):
        monkeypatch.delenv(name, raising=False)


@pytest.mark.parametrize("backend", ["llm", "ensemble"])
def test_extract_without_an_endpoint_says_how_to_turn_the_backend_on(run_cli: Any, no_llm: None,
                                                                    backend: str) -> None:
    result = run_cli("extract", TESTIMONY, "--backend", backend)
    assert result.code == 1
    assert "set AIGAK_LLM_URL" in result.stderr + result.stdout
    assert "Traceback" not in result.stderr


def test_extract_with_the_llm_backend_prints_grounded_json(run_cli: Any, no_llm: None,
                                                           monkeypatch: pytest.MonkeyPatch) -> None:
    with ChatServer([Reply(GOOD)]) as server:
        monkeypatch.setenv("AIGAK_LLM_URL", server.url)
        monkeypatch.setenv("AIGAK_LLM_MODEL", "scripted")
        result = run_cli("extract", TESTIMONY, "--backend", "llm", "--format", "json")
    assert result.code == 0, result.stderr
    out = json.loads(result.stdout)
    assert out["backend"]["name"] == "llm.v1"
    assert {e["alignment"] for e in out["events"]} == {"exact"}
    assert len(server.requests) == 1


def test_ingest_extract_with_the_ensemble_backend_saves_facts(run_cli: Any, no_llm: None,
                                                              monkeypatch: pytest.MonkeyPatch) -> None:
    with ChatServer([Reply(GOOD)]) as server:
        monkeypatch.setenv("AIGAK_LLM_URL", server.url)
        monkeypatch.setenv("AIGAK_LLM_MODEL", "scripted")
        result = run_cli("ingest", TESTIMONY, "--extract", "--backend", "ensemble")
    assert result.code == 0, result.stderr
    assert "facts proposed" in result.stdout
    assert len(server.requests) == 1


def test_server_failure_is_one_line_and_exit_code_1(run_cli: Any, no_llm: None,
                                                    monkeypatch: pytest.MonkeyPatch) -> None:
    with ChatServer([Reply('{"entities": [', finish_reason="length")]) as server:
        monkeypatch.setenv("AIGAK_LLM_URL", server.url)
        monkeypatch.setenv("AIGAK_LLM_MODEL", "scripted")
        result = run_cli("extract", TESTIMONY, "--backend", "llm")
    assert result.code == 1
    assert "llm.v1: the model's answer was cut off" in result.stderr + result.stdout
    assert "Traceback" not in result.stderr
