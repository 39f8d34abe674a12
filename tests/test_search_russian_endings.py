"""Russian and Kazakh words are searched in their other case endings: most sources a Kazakhstan NGO holds are Russian."""

from __future__ import annotations

from aigak.ingest.pipeline import ingest_bytes
from aigak.operations.search import describe_added, russian_stem, search_sources
from aigak.store.engine import Store

SOURCE = "Показания. Меня задержали в Кульдже в 2018 году и держали в лагере восемь месяцев.\n"


def test_a_word_typed_in_one_case_finds_the_source_that_writes_another(store: Store) -> None:
    document = ingest_bytes(store, SOURCE.encode(), "ru.txt")[0].id
    with store.read() as conn:
        for query in ("Кульджа", "лагерь", "лагерь Кульджа"):
            result = search_sources(conn, query)
            assert [h.document_id for h in result.hits] == [document], query
        assert describe_added(search_sources(conn, "Кульджа").added) == ["Кульджа: кульдж… (other endings)"]
        assert not search_sources(conn, "Кульджа", exact=True).hits


def test_only_cyrillic_words_long_enough_are_cut() -> None:
    assert russian_stem("Кульджа") == "кульдж" and russian_stem("лагерь") == "лагер"
    assert russian_stem("лагерях") == "лагер"
    assert russian_stem("дом") is None and russian_stem("Ghulja") is None and russian_stem("суды") is None
