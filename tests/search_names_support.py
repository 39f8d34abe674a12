"""Fictional sources naming the same people in several spellings and scripts, saved and resolved for real.

Each document is ingested through the real pipeline; its person entities are saved through the real
store and placed by the real resolver, and the spellings of one woman are then joined as a reviewer
would (`merge_persons`), so the tests do not depend on the resolver's thresholds.
"""

from __future__ import annotations

from dataclasses import dataclass

from aigak.ingest.pipeline import ingest_bytes
from aigak.resolve import merge_persons, resolve_document, search_people
from aigak.store.engine import Store
from aigak.store.facts import save_extraction

LATIN = ("ALMATY, 14 March 2022. Aigerim Tursynbekkyzy, 34, crossed the border near Khorgos in November 2021, "
         "a court in Zharkent heard.")
CYRILLIC = "Жаркент, 12 марта 2022 года. Айгерим Турсынбеккызы, 36 лет, перешла границу в ноябре 2021 года."
VARIANT = "Refugee testimony. Aygerim Tursinbekqizi, 36, says she was held for a year before she fled."
CHINESE = "据报道，艾格瑞木·吐尔逊别克 于2021年越境。"
BROTHER = "Her brother Erlan Tursinbekuli is still held in a camp, relatives say."
PLACE_CYRILLIC = "Уезд Текес: жителей вызывают в полицию."
PLACE_LATIN = "Farmers in Tekes county were called to the police station."
OTHER = "A report on the weather in Almaty, with nothing about anyone at all."


@dataclass(frozen=True, slots=True)
class Corpus:
    """Document ids of the fictional sources, and the person id of the woman they name."""

    latin: int
    cyrillic: int
    variant: int
    chinese: int
    brother: int
    place_cyrillic: int
    place_latin: int
    other: int
    aigerim: int

    @property
    def her_documents(self) -> set[int]:
        return {self.latin, self.cyrillic, self.variant}


def add_note(store: Store, text: str, names: list[str], filename: str) -> int:
    """Ingest `text`, save one person entity per name (its first spelling the name, the rest aliases)
    at the first place each spelling occurs, and resolve the document's people."""
    document, _ = ingest_bytes(store, text.encode(), filename, actor="test")
    entities = []
    for i, name in enumerate(names, 1):
        spellings = [n.strip() for n in name.split("|")]
        mentions = [[text.index(s), text.index(s) + len(s)] for s in spellings if s in text]
        entities.append({"id": f"p{i}", "kind": "person", "name": spellings[0], "aliases": spellings[1:],
                         "attributes": {}, "mentions": mentions})
    extraction = {"entities": entities, "relations": [], "events": [], "amounts": [],
                  "backend": {"name": "note.v1"}}
    with store.transaction() as conn:
        save_extraction(conn, document.id, extraction, text=document.text)
        resolve_document(conn, document.id, actor="test")
    return document.id


def _person(store: Store, name: str) -> int:
    with store.read() as conn:
        found = search_people(conn, name)
    return next(p.id for p in found if name in p.names)


def build_corpus(store: Store) -> Corpus:
    """The fictional sources, with Aigerim's spellings joined into one person."""
    latin = add_note(store, LATIN, ["Aigerim Tursynbekkyzy|艾格瑞木·吐尔逊别克"], "latin.txt")
    cyrillic = add_note(store, CYRILLIC, ["Айгерим Турсынбеккызы"], "cyrillic.txt")
    variant = add_note(store, VARIANT, ["Aygerim Tursinbekqizi"], "variant.txt")
    chinese = add_note(store, CHINESE, [], "chinese.txt")
    brother = add_note(store, BROTHER, ["Erlan Tursinbekuli"], "brother.txt")
    place_cyrillic = add_note(store, PLACE_CYRILLIC, [], "tekes-ru.txt")
    place_latin = add_note(store, PLACE_LATIN, [], "tekes-en.txt")
    other = add_note(store, OTHER, [], "weather.txt")
    aigerim = _person(store, "Aigerim Tursynbekkyzy")
    for spelling in ("Айгерим Турсынбеккызы", "Aygerim Tursinbekqizi"):
        with store.transaction() as conn:
            aigerim = merge_persons(conn, aigerim, _person(store, spelling), actor="test")
    return Corpus(latin, cyrillic, variant, chinese, brother, place_cyrillic, place_latin, other, aigerim)
