"""Review 4 extraction slips: a child's age at the end of a sentence or in words, the witness's home place
said in the first person, a court's surname-first form of a name, and a street read as a person."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from aigak.core.models import ReviewStatus
from aigak.export.run import export_store
from aigak.extract.run import extract_text
from aigak.ingest.pipeline import ingest_bytes
from aigak.operations.extraction import extract_stored_document
from aigak.operations.review import review
from aigak.store.engine import Store
from aigak.store.facts import list_facts
from aigak.store.persons import list_persons

WITNESS = "Statement of Saule Omarova\nRecorded in Almaty on 4 May 2023\n\nMy name is Saule Omarova. "


def _persons(text: str) -> dict[str, dict[str, Any]]:
    result = extract_text(text)
    return {e["name"]: e for e in result["entities"] if e["kind"] == "person" and e.get("name")}


def _attributes(text: str) -> dict[str, dict[str, Any]]:
    return {name: e.get("attributes") or {} for name, e in _persons(text).items()}


def _store_and_extract(store: Store, text: str, filename: str) -> int:
    document, _ = ingest_bytes(store, text.encode("utf-8"), filename, actor="test")
    extract_stored_document(store, document.id, actor="test")
    return document.id


def _redacted_export(store: Store, out: Path) -> str:
    """The redacted JSON export once a reviewer has confirmed every fact (only confirmed facts leave)."""
    with store.read() as conn:
        fact_ids = [f.id for f in list_facts(conn)]
    for fact_id in fact_ids:
        review(store, fact_id, ReviewStatus.CONFIRMED, actor="test")
    export_store(store, "json", out, redact=True)
    return "\n".join(p.read_text(encoding="utf-8") for p in out.rglob("*.json"))


# --- Finding 1: a child's age ------------------------------------------------------------------------

@pytest.mark.parametrize(("sentence", "name", "age"), [
    ("On 2 February 2023 I crossed the border at Bakhty with my son Timur Omarov, 12. We applied for asylum.",
     "Timur Omarov", 12),
    ("I crossed the border with my daughter Aruzhan Tokenova, 9.", "Aruzhan Tokenova", 9),
    ("I crossed the border with my daughter, nine-year-old Aruzhan Tokenova.", "Aruzhan Tokenova", 9),
    ("Eleven-year-old Aruzhan Tokenova stayed with her grandmother.", "Aruzhan Tokenova", 11),
    ("My nephew Daniyar Bekov, 14 years old, was taken to a boarding school.", "Daniyar Bekov", 14),
    ("My nephew Daniyar Bekov, aged nine, was taken to a boarding school.", "Daniyar Bekov", 9),
    ("Children travelling with me:\nDaniyar Bekov, 14\nAruzhan Bekova, 8\n\nWe applied for asylum.", "Aruzhan Bekova", 8),
], ids=["digits-ending-a-sentence", "single-digit-ending-a-sentence", "words-before-the-name",
        "words-opening-the-sentence", "years-old-in-apposition", "aged-in-words", "digits-ending-a-line"])
def test_a_childs_age_is_read_wherever_testimonies_put_it(sentence: str, name: str, age: int) -> None:
    assert _attributes(WITNESS + sentence)[name].get("age") == age


@pytest.mark.parametrize("sentence", [
    "The fine imposed on Daniyar Bekov, 12,000 tenge, was paid.",
    "The ruling against Daniyar Bekov, 12.03.2021, was quashed.",
    "The share of Daniyar Bekov, 12.5 percent, was frozen.",
    "Daniyar Bekov was charged under Article 174, 12. The bus ticket cost 3,12.",
    "The 12-year-old son of Daniyar Bekov was detained.",
    "A ten-year-old ban on Daniyar Bekov was lifted.",
], ids=["a-thousand", "a-date", "a-decimal", "an-article-and-a-price", "someone-elses-age", "a-bans-age"])
def test_numbers_that_are_no_age_are_not_taken_for_one(sentence: str) -> None:
    assert "age" not in _attributes("News\n\n" + sentence)["Daniyar Bekov"]


def test_a_child_named_with_the_age_ending_the_sentence_is_hidden_in_the_redacted_export(
        sqlite_store: Store, tmp_path: Path) -> None:
    text = (WITNESS + "I am 38 years old. I am an ethnic Kazakh and a citizen of China.\n"
            "On 2 February 2023 I crossed the border into Kazakhstan at Bakhty with my son Timur Omarov, 12. "
            "We both applied for asylum in Almaty on 20 February 2023.\n")
    _store_and_extract(sqlite_store, text, "minor.txt")
    exported = _redacted_export(sqlite_store, tmp_path / "out")
    assert "Timur" not in exported and "[minor, 12]" in exported


# --- Finding 3: the witness's home place -------------------------------------------------------------

@pytest.mark.parametrize(("sentence", "key", "place"), [
    ("I am an ethnic Kazakh from Tekes county.", "home_place", "Tekes"),
    ("I am from Tekes county.", "home_place", "Tekes"),
    ("I'm a Uyghur from Ghulja.", "home_place", "Ghulja"),
    ("I was born in Tekes.", "birthplace", "Tekes"),
    ("On 17 March 2018 police officers came to our house in Tekes.", "home_place", "Tekes"),
    ("I come from Nilka county. I now live in Almaty.", "home_place", "Nilka"),
    ("I come from Nilka county. I now live in Almaty.", "residence", "Almaty"),
], ids=["ethnic-kazakh-from", "am-from", "contracted-am", "born-in", "our-house-in", "origin-first",
        "the-place-lived-in-kept-too"])
def test_the_witness_saying_where_they_are_from_gives_their_home_place(sentence: str, key: str, place: str) -> None:
    assert place in str(_attributes(WITNESS + sentence)["Saule Omarova"].get(key))


def test_the_answer_of_a_transcript_gives_the_witness_home_place() -> None:
    text = "Testimony of Saule Omarova\n\nQ: Where are you from?\nA: I am from Tekes county.\n\nQ: What happened?\n" \
           "A: Police took me to a camp in Ghulja.\n"
    assert "Tekes" in str(_attributes(text)["Saule Omarova"].get("home_place"))


@pytest.mark.parametrize(("text", "key", "place"), [
    ("News\n\nSaule Omarova, 34, is an ethnic Kazakh and a citizen of China from Tekes county. She fled in 2019.",
     "home_place", "Tekes"),
    ("News\n\nSaule Omarova fled in 2019. She was born in Ghulja.", "birthplace", "Ghulja"),
    ("News\n\nSaule Omarova fled in 2019. Police searched Saule Omarova's house in Tekes.", "home_place", "Tekes"),
], ids=["is-a-citizen-from", "she-was-born-in", "her-house-in"])
def test_what_is_said_of_a_named_person_gives_their_home_place(text: str, key: str, place: str) -> None:
    assert place in str(_attributes(text)["Saule Omarova"].get(key))


@pytest.mark.parametrize("sentence", [
    "I was held in a camp in Ghulja.",
    "I was taken from Tekes to Ghulja.",
    "I was released from the camp in Ghulja in 2019.",
    "I was far from Tekes when they came.",
    "I am not from Tekes.",
    "I crossed the border at Khorgos.",
    "I am from Xinjiang.",
    "My husband is from Tekes.",
], ids=["held-in", "taken-from", "released-from", "far-from", "not-from", "crossed-at", "a-province",
        "someone-elses-home"])
def test_places_the_witness_was_held_in_or_went_through_are_no_home_place(sentence: str) -> None:
    attributes = _attributes(WITNESS + sentence)["Saule Omarova"]
    assert "home_place" not in attributes and "birthplace" not in attributes and "residence" not in attributes


def test_a_journey_told_of_a_named_person_gives_no_home_place() -> None:
    text = "News\n\nSaule Omarova sent money from Almaty. She was transferred from Ghulja to Urumqi."
    assert "home_place" not in _attributes(text)["Saule Omarova"]


def test_the_home_county_of_a_first_person_testimony_is_hidden_in_the_redacted_export(
        sqlite_store: Store, tmp_path: Path) -> None:
    text = (WITNESS + "I am 34 years old. I am an ethnic Kazakh from Tekes county.\n"
            "On 17 March 2018 police officers came to our house in Tekes and took me to a camp in Ghulja.\n")
    _store_and_extract(sqlite_store, text, "witness.txt")
    exported = _redacted_export(sqlite_store, tmp_path / "out")
    assert "Tekes" not in exported and "[home place]" in exported


# --- Finding 8: a court's surname-first form -----------------------------------------------------------

RULING = ("Taldykorgan City Court\nJudgment of 2 June 2021\n"
          "The court examined the criminal case against Serikuly Bolat, born 1984, a citizen of the People's "
          "Republic of China.\nThe defendant Bolat Serikuly crossed the border near Khorgos on 5 January 2021. "
          "Serikuly was arrested on 8 February 2021. Bolat told the court that he had been beaten in a camp. "
          "The court found Bolat Serikuly guilty and sentenced him to six months of restricted freedom.\n")


def test_the_surname_first_form_of_a_ruling_is_the_same_person() -> None:
    persons = _persons(RULING)
    assert list(persons) == ["Bolat Serikuly"]
    assert {"Serikuly Bolat", "Serikuly", "Bolat"} <= set(persons["Bolat Serikuly"]["aliases"])


def test_the_usual_form_stays_the_name_when_it_comes_first() -> None:
    text = ("News\n\nBolat Serikuly crossed the border near Khorgos in 2021. The ruling names him Serikuly Bolat, "
            "born 1984.\n")
    persons = _persons(text)
    assert list(persons) == ["Bolat Serikuly"] and "Serikuly Bolat" in persons["Bolat Serikuly"]["aliases"]


def test_the_surname_first_form_with_a_patronymic_is_the_same_person() -> None:
    text = ("Almaty City Court\nJudgment of 2 June 2021\nThe court examined the case against Ospanov Serik "
            "Bolatuly, born 1979.\nThe defendant Serik Ospanov crossed the border near Khorgos on 5 January 2021.\n")
    assert list(_persons(text)) == ["Serik Ospanov"]


@pytest.mark.parametrize(("text", "names"), [
    (WITNESS + "My father Abdurehim Tohti was sentenced in 2018. My brother Tohti Abdurehim is still in a camp.",
     {"Abdurehim Tohti", "Tohti Abdurehim"}),
    ("Judgment\n\nThe court examined the case against Serikuly Bolat, born 1984. His brother Askar Serikuly testified.",
     {"Serikuly Bolat", "Askar Serikuly"}),
], ids=["uyghur-father-and-son", "brothers-sharing-a-surname"])
def test_names_that_only_share_words_stay_different_people(text: str, names: set[str]) -> None:
    assert names <= set(_persons(text))


def test_one_defendant_of_a_ruling_is_one_person_in_the_registry(sqlite_store: Store) -> None:
    _store_and_extract(sqlite_store, RULING, "ruling.txt")
    with sqlite_store.read() as conn:
        named = [p.name for p in list_persons(conn, limit=50) if p.is_named]
    assert named == ["Bolat Serikuly"]


# --- Finding 22: a street is no person -----------------------------------------------------------------

@pytest.mark.parametrize("sentence", [
    "The court examined the case against Bolat Serikuly, residing in Almaty at 45 Zhibek Zholy street, apartment 12.",
    "Bolat Serikuly rents a flat at Zhibek Zholy 45-12 and works on Kabanbay Batyr prospekt.",
    "Bolat Serikuly lives on Raiymbek Batyr Avenue 150, flat 7.",
    "Bolat Serikuly is registered at 45 Zhibek Zholy, apartment 12.",
], ids=["street-in-lower-case", "house-number-after-and-prospekt", "avenue-and-flat", "house-number-before"])
def test_a_street_of_an_address_is_not_a_person(sentence: str) -> None:
    assert list(_persons("News\n\n" + sentence)) == ["Bolat Serikuly"]


def test_a_number_before_a_name_is_not_an_address() -> None:
    assert "Aset Nurov" in _persons("News\n\nAt 15 Aset Nurov left school. In 2019 Aset Nurov moved to Almaty.")


def test_a_surname_written_in_an_email_address_is_still_a_name() -> None:
    out = extract_text("Testimony\n\nAysha Tohti said her father Abdurehim Tohti was detained. "
                       "Write to aysha.tohti@example.com for details.\n")
    names = {e["name"] for e in out["entities"] if e["kind"] == "person"}
    assert "Abdurehim Tohti" in names
