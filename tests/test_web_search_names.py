"""Web search (page and API, over real HTTP on loopback) finds a person's sources under any spelling,
says what it added, and searches the typed words only when asked; /api/stats and `aigak stats` agree."""

from __future__ import annotations

import json

import httpx
import lxml.html
import pytest
from search_names_support import Corpus, build_corpus
from test_web_support import login

from aigak.store.engine import Store

pytest_plugins = ["test_web_support"]


@pytest.fixture
def corpus(web_store: Store) -> Corpus:
    return build_corpus(web_store)


def _ok(response: httpx.Response) -> dict[str, object]:
    assert response.status_code == 200, response.text[:500]
    body = response.json()
    assert body["ok"] is True
    return dict(body)


def test_api_search_finds_every_spelling_and_says_why(client: httpx.Client, corpus: Corpus) -> None:
    login(client, "viewer")
    body = _ok(client.get("/api/search", params={"q": "Турсынбеккызы"}))
    documents = {d["document_id"]: d for d in body["documents"]}  # type: ignore[attr-defined]
    assert corpus.her_documents <= set(documents)
    assert body["exact"] is False
    added = {a["form"]: a for a in body["added"]}  # type: ignore[attr-defined]
    assert {"Tursynbekkyzy", "Tursinbekqizi"} <= set(added)
    assert added["Tursynbekkyzy"]["person_id"] == corpus.aigerim
    assert added["Tursynbekkyzy"]["stands_for"] == "Турсынбеккызы"
    assert documents[corpus.latin]["via"] == ["Tursynbekkyzy"]
    assert documents[corpus.cyrillic]["via"] == []


def test_api_search_exact_searches_the_typed_words_only(client: httpx.Client, corpus: Corpus) -> None:
    login(client, "viewer")
    body = _ok(client.get("/api/search", params={"q": "Aygerim", "exact": "true"}))
    assert [d["document_id"] for d in body["documents"]] == [corpus.variant]  # type: ignore[attr-defined]
    assert body["added"] == [] and body["exact"] is True


def test_search_page_lists_the_added_forms_and_links_to_the_exact_search(client: httpx.Client,
                                                                       corpus: Corpus) -> None:
    login(client, "viewer")
    response = client.get("/search", params={"q": "Aygerim"})
    assert response.status_code == 200
    doc = lxml.html.fromstring(response.text)
    linked = {int(a.get("href").rsplit("/", 1)[1]) for a in doc.xpath('//div[@class="hit"]/a')}
    assert corpus.her_documents <= linked
    notice = doc.get_element_by_id("added-forms")
    assert "Aygerim: Aigerim, Айгерим, 艾格瑞木·吐尔逊别克 (names of #" in notice.text_content()
    exact_link = notice.xpath(".//a")[0].get("href")
    assert "exact=1" in exact_link and "q=Aygerim" in exact_link
    via = {h.xpath("./a")[0].text: h.xpath('.//span[contains(@class, "via")]/text()') for h in
           doc.xpath('//div[@class="hit"]')}
    assert ["via Айгерим"] in via.values()
    exact = lxml.html.fromstring(client.get("/search" + exact_link).text)
    assert not exact.xpath('//*[@id="added-forms"]')
    assert exact.xpath('//input[@name="exact"]/@checked')
    assert len(exact.xpath('//div[@class="hit"]')) == 1


def test_search_with_fact_filters_looks_in_every_spelling(client: httpx.Client, corpus: Corpus) -> None:
    login(client, "viewer")
    body = _ok(client.get("/api/search", params={"q": "Aygerim", "kind": "entity"}))
    assert {f["document_id"] for f in body["facts"]} == corpus.her_documents  # type: ignore[attr-defined]
    exact = _ok(client.get("/api/search", params={"q": "Aygerim", "kind": "entity", "exact": "1"}))
    assert {f["document_id"] for f in exact["facts"]} == {corpus.variant}  # type: ignore[attr-defined]


def test_cli_stats_prints_what_the_api_shows(client: httpx.Client, web_store: Store, corpus: Corpus,
                                             run_cli) -> None:  # type: ignore[no-untyped-def]
    from test_web_support import seed_demo

    seed_demo(web_store)
    login(client, "viewer")
    api = _ok(client.get("/api/stats"))
    result = run_cli("stats", "--format", "json", db=web_store.url)
    assert result.code == 0, result.stderr
    cli = json.loads(result.stdout)
    assert cli["totals"] == api["totals"]
    for key in ("year", "place", "type"):
        assert cli[key] == [{k: r[k] for k in ("label", "events", "people")} for r in api[key]]  # type: ignore[attr-defined]
    assert cli["type"], "the demo testimony has events"
    text = run_cli("stats", db=web_store.url)
    assert text.code == 0 and f"{api['totals']['documents']} sources" in text.stdout  # type: ignore[index]
    assert "By event type" in text.stdout and cli["type"][0]["label"] in text.stdout
