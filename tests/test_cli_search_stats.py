"""`aigak search` finds a person's sources under any spelling and says what it added; `aigak stats`."""

from __future__ import annotations

import json

import pytest
from search_names_support import Corpus, build_corpus

from aigak.store.engine import open_store


@pytest.fixture
def corpus(sqlite_url: str) -> Corpus:
    store = open_store(sqlite_url)
    try:
        return build_corpus(store)
    finally:
        store.close()


def test_search_lists_every_spelling_and_the_forms_it_added(run_cli, corpus: Corpus) -> None:  # type: ignore[no-untyped-def]
    result = run_cli("search", "Турсынбеккызы")
    assert result.code == 0, result.stderr
    for doc_id in corpus.her_documents:
        assert f"#{doc_id} " in result.stdout
    assert "Also searched" in result.stdout and "--exact" in result.stdout
    assert "Турсынбеккызы: Tursynbekkyzy, Tursinbekqizi" in result.stdout
    assert "(via Tursynbekkyzy)" in result.stdout


def test_search_exact_finds_only_the_typed_spelling(run_cli, corpus: Corpus) -> None:  # type: ignore[no-untyped-def]
    result = run_cli("search", "--exact", "Aygerim")
    assert result.code == 0, result.stderr
    assert f"#{corpus.variant} " in result.stdout and f"#{corpus.cyrillic} " not in result.stdout
    assert "Also searched" not in result.stdout


def test_search_json_carries_the_added_forms_and_each_documents_via(run_cli, corpus: Corpus) -> None:  # type: ignore[no-untyped-def]
    result = run_cli("search", "Aygerim", "--json")
    assert result.code == 0, result.stderr
    body = json.loads(result.stdout)
    assert body["query"] == "Aygerim" and body["exact"] is False
    assert {"form": "Айгерим", "stands_for": "Aygerim", "person_id": corpus.aigerim,
            "person_name": "Aigerim Tursynbekkyzy"} in body["added"]
    via = {d["document_id"]: d["via"] for d in body["documents"]}
    assert via[corpus.cyrillic] == ["Айгерим"] and via[corpus.variant] == []


def test_search_without_matches_says_so(run_cli, corpus: Corpus) -> None:  # type: ignore[no-untyped-def]
    result = run_cli("search", "zzzzqqq")
    assert result.code == 0 and "No documents match." in result.stdout


def test_stats_refuses_an_unknown_format(run_cli, corpus: Corpus) -> None:  # type: ignore[no-untyped-def]
    result = run_cli("stats", "--format", "xml")
    assert result.code == 1 and "Unknown format 'xml'" in result.stderr


def test_stats_on_a_store_without_events(run_cli, corpus: Corpus) -> None:  # type: ignore[no-untyped-def]
    result = run_cli("stats", "--format", "json")
    assert result.code == 0, result.stderr
    body = json.loads(result.stdout)
    assert body["totals"]["documents"] == 8 and body["totals"]["events"] == 0
    assert body["year"] == body["place"] == body["type"] == []
