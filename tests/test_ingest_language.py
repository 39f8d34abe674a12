"""A document in a language the rules do not read is stored and searchable, not extracted into junk,
and says so on one line; --any-language extracts it anyway, and the LLM backend is never held back."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import httpx
import pytest
from sqlalchemy import func, select
from test_web_support import login

from aigak.operations.bulk import pending_document_ids
from aigak.operations.extraction import language_refusal
from aigak.store.engine import open_store
from aigak.store.schema import facts

pytest_plugins = ["test_web_support"]

RUSSIAN = ("Алматы, 3 октября 2023 года. Гражданин Китайской Народной Республики Асылбек Кенжебаев обратился "
           "с заявлением о предоставлении статуса беженца. Его жена Гульнар Сейтказы остаётся в Синьцзяне.")
ENGLISH = ("ALMATY, 5 October 2023 — Asylbek Kenzhebayev, 44, an ethnic Kazakh from Xinjiang, was detained "
           "by police in Ghulja in April 2018 and held in a camp until December 2019.")
REFUSAL = ("not extracted: ruling-ru.txt (#1) is in Russian (ru); rules.v1 reads English only — translate it, "
           "or extract it with an LLM backend (see README)")


@pytest.fixture
def sources(tmp_path: Path) -> tuple[Path, Path]:
    russian, english = tmp_path / "ruling-ru.txt", tmp_path / "news.txt"
    russian.write_text(RUSSIAN, encoding="utf-8")
    english.write_text(ENGLISH, encoding="utf-8")
    return russian, english


def _facts_of(url: str, document_id: int) -> int:
    store = open_store(url)
    try:
        with store.read() as conn:
            return int(conn.execute(select(func.count()).select_from(facts)
                                    .where(facts.c.document_id == document_id)).scalar_one())
    finally:
        store.close()


def _one_line(text: str) -> str:
    return " ".join(text.split())


@pytest.mark.parametrize(("language", "text", "backend", "refused"), [
    ("ru", RUSSIAN, "rules.v1", True),
    ("zh-cn", "阿斯勒别克·肯热巴耶夫于2018年4月在伊宁被警方拘留。", "ensemble.v1", True),
    ("en", ENGLISH, "rules.v1", False),
    ("af", "Serik Omarov was detained in Ghulja in 2018.", "rules.v1", False),
    (None, "Kenzhebayev", "rules.v1", False),
    ("ru", RUSSIAN, "llm.v1", False),
    ("ru", RUSSIAN, "someone.plugin.v1", False),
], ids=["russian-rules", "chinese-ensemble", "english", "english-guessed-afrikaans", "too-short-to-tell",
        "russian-llm", "plugin"])
def test_only_the_rule_backends_refuse_a_language_they_do_not_read(language: str | None, text: str,
                                                                   backend: str, refused: bool) -> None:
    message = language_refusal(language, text, "doc.txt (#1)", backend)
    assert (message is not None) == refused
    if language == "zh-cn":
        assert message is not None and message.startswith(
            "doc.txt (#1) is in Chinese (zh-cn); ensemble.v1 reads English only")


def test_ingest_extract_stores_a_russian_document_says_why_and_extracts_the_rest(
        sources: tuple[Path, Path], run_cli: Any, sqlite_url: str) -> None:
    result = run_cli("ingest", "--extract", *map(str, sources))
    assert result.code == 0, result.stderr
    assert REFUSAL in result.stderr.splitlines()  # on one line
    assert "stored #1" in result.stdout and "(not extracted)" in result.stdout
    assert "1 not extracted as not in a language the backend reads (--any-language extracts them anyway)" in \
        _one_line(result.stdout)
    assert _facts_of(sqlite_url, 1) == 0 and _facts_of(sqlite_url, 2) > 0
    found = json.loads(run_cli("search", "Кенжебаев", "--exact", "--json").stdout)
    assert [d["document_id"] for d in found["documents"]] == [1]


def test_extract_of_a_russian_file_exits_1_with_one_line_unless_any_language(
        sources: tuple[Path, Path], run_cli: Any, sqlite_url: str) -> None:
    refused = run_cli("extract", str(sources[0]), "--format", "json")
    assert refused.code == 1 and refused.stdout == ""
    assert refused.stderr.splitlines() == [REFUSAL + " (--any-language extracts it anyway)"]
    forced = run_cli("extract", "1", "--any-language", "--format", "json")
    assert forced.code == 0, forced.stderr
    assert json.loads(forced.stdout)["backend"]["name"] == "rules.v1"


def test_extract_all_reports_a_russian_document_and_leaves_it_pending(
        sources: tuple[Path, Path], run_cli: Any, sqlite_url: str) -> None:
    assert run_cli("ingest", *map(str, sources)).code == 0
    result = run_cli("extract", "--all")
    assert result.code == 0, result.stderr
    assert REFUSAL in result.stderr.splitlines()
    assert "1 documents extracted" in result.stdout and "1 not extracted (not in a language rules.v1 reads" in \
        _one_line(result.stdout)
    store = open_store(sqlite_url)
    try:
        assert pending_document_ids(store, "rules.v1") == [1]
    finally:
        store.close()
    again = run_cli("extract", "--all", "--any-language")
    assert again.code == 0 and "1 documents extracted" in again.stdout and "not extracted" not in again.stderr


def test_web_upload_stores_a_russian_document_and_extracts_it_only_when_asked(client: httpx.Client) -> None:
    token = login(client, "editor")
    files = {"files": ("ruling-ru.txt", RUSSIAN.encode(), "text/plain")}
    result = client.post("/api/documents", files=files, headers={"X-CSRF-Token": token}).json()["results"][0]
    assert (result["created"], result["extraction"], result["facts"]) == (True, "not extracted", 0)
    assert "ruling-ru.txt (#1) is in Russian (ru); rules.v1 reads English only" in result["error"]
    found = client.get("/api/search", params={"q": "Кенжебаев", "exact": "true"}).json()["documents"]
    assert [d["document_id"] for d in found] == [1]
    forced = client.post("/api/documents", params={"any_language": "true"}, files=files,
                         headers={"X-CSRF-Token": token}).json()["results"][0]
    assert (forced["created"], forced["extraction"], forced["error"]) == (False, "extracted", None)


def test_a_batch_record_in_another_language_is_stored_but_not_extracted(sqlite_store, tmp_path) -> None:  # type: ignore[no-untyped-def]
    from aigak.scale.records import extract_record, record_from_file, store_record
    from aigak.store.documents import get_document
    from aigak.store.facts import has_extraction

    ruling = tmp_path / "ruling.txt"
    ruling.write_text("Решение суда\n\nСпециализированный межрайонный административный суд города Алматы рассмотрел "
                      "заявление гражданина Китайской Народной Республики о признании его беженцем и отказал в "
                      "удовлетворении заявления. Заявитель прибыл в Республику Казахстан в 2019 году.\n",
                      encoding="utf-8")
    record = extract_record(record_from_file(str(ruling), 0, 1 << 20), "rules.v1")
    assert record["error"].startswith("not extracted: ruling.txt is in Russian (ru)"), record["error"]
    stored = store_record(sqlite_store, record, actor="test")
    assert stored.document_id is not None
    with sqlite_store.read() as conn:
        assert "Алматы" in get_document(conn, stored.document_id).text
        assert not has_extraction(conn, stored.document_id, "rules.v1")
