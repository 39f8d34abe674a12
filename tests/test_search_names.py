"""Document search finds a person's sources under any spelling or script, and says what it added.

Real stores (SQLite and PostgreSQL), real ingest, the real person registry; the sources are fictional.
"""

from __future__ import annotations

import pytest
from search_names_support import Corpus, add_note, build_corpus

from aigak.operations.search import MAX_PERSONS, MAX_SPELLINGS, describe_added, search_sources
from aigak.store.engine import Store
from aigak.store.search import HIGHLIGHT_END, HIGHLIGHT_START, search_documents


@pytest.fixture
def corpus(store: Store) -> Corpus:
    return build_corpus(store)


def _found(store: Store, query: str, **options: bool) -> set[int]:
    with store.read() as conn:
        return {h.document_id for h in search_sources(conn, query, **options).hits}


def test_cyrillic_surname_finds_the_latin_and_variant_spellings(store: Store, corpus: Corpus) -> None:
    with store.read() as conn:
        result = search_sources(conn, "Турсынбеккызы")
    found = {h.document_id: h for h in result.hits}
    assert corpus.her_documents | {corpus.chinese} <= set(found)
    assert {a.form for a in result.added} >= {"Tursynbekkyzy", "Tursinbekqizi"}
    assert all(a.person_id == corpus.aigerim for a in result.added)
    assert found[corpus.latin].via == ("Tursynbekkyzy",)
    assert found[corpus.cyrillic].via == ()  # it has the typed word itself
    assert f"{HIGHLIGHT_START}Tursinbekqizi{HIGHLIGHT_END}" in found[corpus.variant].snippet


def test_latin_first_name_finds_the_cyrillic_source(store: Store, corpus: Corpus) -> None:
    with store.read() as conn:
        result = search_sources(conn, "Aygerim")
    assert corpus.her_documents <= {h.document_id for h in result.hits}
    assert {"Aigerim", "Айгерим"} <= {a.form for a in result.added}
    cyrillic = next(h for h in result.hits if h.document_id == corpus.cyrillic)
    assert f"{HIGHLIGHT_START}Айгерим{HIGHLIGHT_END}" in cyrillic.snippet


def test_full_name_in_any_script_finds_all_her_sources(store: Store, corpus: Corpus) -> None:
    for query in ("Aigerim Tursynbekkyzy", "Айгерим Турсынбеккызы", "aygerim tursinbekqizi"):
        assert corpus.her_documents <= _found(store, query), query
    assert corpus.brother not in _found(store, "Aigerim Tursynbekkyzy")


def test_a_name_form_sharing_no_word_with_the_query_is_added_whole(store: Store, corpus: Corpus) -> None:
    with store.read() as conn:
        result = search_sources(conn, "Aigerim Tursynbekkyzy")
    chinese = next(a for a in result.added if a.form == "艾格瑞木·吐尔逊别克")
    assert chinese.stands_for == "Aigerim Tursynbekkyzy" and chinese.person_id == corpus.aigerim
    assert next(h for h in result.hits if h.document_id == corpus.chinese).via == ("艾格瑞木·吐尔逊别克",)


def test_a_relative_sharing_the_stem_but_not_the_name_is_not_added(store: Store, corpus: Corpus) -> None:
    with store.read() as conn:
        result = search_sources(conn, "Tursynbekkyzy")
    assert "Tursinbekuli" not in {a.form for a in result.added}
    assert corpus.brother not in {h.document_id for h in result.hits}


def test_exact_searches_only_the_typed_words(store: Store, corpus: Corpus) -> None:
    with store.read() as conn:
        result = search_sources(conn, "Aygerim", exact=True)
    assert result.added == () and {h.document_id for h in result.hits} == {corpus.variant}
    assert _found(store, "Турсынбеккызы", exact=True) == {corpus.cyrillic}
    assert _found(store, "Aygerim", exact=True) == {h.document_id for h in _plain(store, "Aygerim")}


def _plain(store: Store, query: str) -> list[object]:
    with store.read() as conn:
        return list(search_documents(conn, query))


def test_a_word_is_also_searched_in_the_other_script_when_a_source_writes_it_so(store: Store, corpus: Corpus) -> None:
    with store.read() as conn:
        tekes = search_sources(conn, "Tekes")
        police = search_sources(conn, "police")
    assert {h.document_id for h in tekes.hits} == {corpus.place_cyrillic, corpus.place_latin}
    assert [(a.form, a.stands_for, a.person_id) for a in tekes.added] == [("Текес", "Tekes", None)]
    assert describe_added(tekes.added) == ["Tekes: Текес (in the other script)"]
    assert police.added == ()  # "полице" is in no document, so it is not searched or reported
    assert _found(store, "Текес") == {corpus.place_cyrillic, corpus.place_latin}


def test_words_that_name_no_one_still_must_all_occur(store: Store, corpus: Corpus) -> None:
    # her name in any spelling, and the town in either script (the Cyrillic source writes Жаркент)
    assert _found(store, "Aygerim Zharkent") == {corpus.latin, corpus.cyrillic}
    assert _found(store, "Aygerim weather") == set()
    assert _found(store, "weather Alma") == {corpus.other}  # the last word is still a prefix


def test_widening_is_bounded_for_a_common_name(store: Store) -> None:
    surnames = ["Serikova", "Bolatkyzy", "Nurlanovna", "Askarkyzy", "Omarova", "Kairatkyzy", "Maratova", "Beisenova"]
    for i, surname in enumerate(surnames):
        spellings = f"Aigerim {surname}|Aygerim {surname}|Aijerim {surname}|Айгерим {surname}|Aiguerim {surname}"
        add_note(store, f"Note {i}: Aigerim {surname} and Aygerim {surname} spoke.", [spellings], f"n{i}.txt")
    with store.read() as conn:
        result = search_sources(conn, "Aigerim")
    assert len({a.person_id for a in result.added}) <= MAX_PERSONS
    assert len([a for a in result.added if a.stands_for == "Aigerim"]) <= MAX_SPELLINGS + 2
    assert len(result.hits) == len(surnames)


@pytest.mark.parametrize("query", [
    "' OR 1=1 --", '"unbalanced', "Aygerim* NEAR(", "Турсынбеккызы OR x", "x); DROP TABLE documents; --",
    "", "   ", "%_\\", "AND OR NOT", "Aygerim:* | !x",
], ids=["sql-or", "quote", "fts-operators", "name-and-operator", "drop-table", "empty", "blank",
        "like-wildcards", "bare-operators", "tsquery-syntax"])
def test_any_query_is_plain_words_also_when_widened(store: Store, corpus: Corpus, query: str) -> None:
    with store.read() as conn:
        search_sources(conn, query)
    assert corpus.latin in _found(store, "Aygerim")
