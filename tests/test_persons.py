"""Stage 5: person names, aliases, attributes and what is not a person."""

from __future__ import annotations

from typing import Any

import pytest

from aigak.extract.run import extract_text

STORY = (
    "Kazakh Herder Says He Was Held For Two Years\n"
    "\n"
    "Yerlan Nurtazauly, an ethnic Kazakh from Xinjiang, says he was held in a camp in Tacheng from 2017 "
    "to 2019. Nurtazauly, 44, is a Chinese citizen. His wife Aigerim Saparkyzy is a Kazakh citizen.\n"
    "“They beat me every week,” Yerlan said.\n"
    "Human rights defender Gulmira Tasbolat told Radio Azattyq that the case was typical. "
    "Photo by Ivan Petrov\n"
    "According to Eurasianet, Judge Marat Ibraev rejected the appeal.\n"
)


def _persons(result: dict[str, Any]) -> dict[str, dict[str, Any]]:
    return {e["name"]: e for e in result["entities"] if e["kind"] == "person" and e["name"]}


@pytest.fixture(scope="module")
def result() -> dict[str, Any]:
    return extract_text(STORY)


def test_full_names_are_found_with_central_asian_patronymics(result: dict[str, Any]) -> None:
    names = set(_persons(result))
    assert {"Yerlan Nurtazauly", "Aigerim Saparkyzy", "Gulmira Tasbolat", "Marat Ibraev"} <= names


def test_first_name_and_surname_are_aliases(result: dict[str, Any]) -> None:
    yerlan = _persons(result)["Yerlan Nurtazauly"]
    assert {"Yerlan", "Nurtazauly"} <= set(yerlan["aliases"])
    assert len(yerlan["mentions"]) >= 3


def test_photo_credits_outlets_and_titles_are_not_persons(result: dict[str, Any]) -> None:
    names = set(_persons(result))
    assert not names & {"Ivan Petrov", "Radio Azattyq", "Eurasianet", "Judge Marat Ibraev", "Human"}


def test_attributes_are_only_what_the_text_states(result: dict[str, Any]) -> None:
    persons = _persons(result)
    yerlan = persons["Yerlan Nurtazauly"]["attributes"]
    assert yerlan["age"] == 44 and yerlan["ethnicity"] == "Kazakh" and yerlan["citizenship"] == "China"
    assert yerlan["gender"] == "male"
    aigerim = persons["Aigerim Saparkyzy"]["attributes"]
    assert aigerim["citizenship"] == "Kazakhstan" and aigerim["gender"] == "female"
    assert "citizenship" not in persons["Gulmira Tasbolat"]["attributes"]


@pytest.mark.parametrize(("text", "age"), [
    ("Dilnaz Omarova, 36, was detained.", 36),
    ("Dilnaz Omarova (25 years old – ed.) was detained.", 25),
    ("Dilnaz Omarova is 30 years old.", 30),
    ("Dilnaz Omarova, aged 52, was detained.", 52),
], ids=["comma", "editor-note", "years-old", "aged"])
def test_age_forms(text: str, age: int) -> None:
    persons = _persons(extract_text(text))
    assert persons["Dilnaz Omarova"]["attributes"]["age"] == age


def test_single_name_needs_a_cue() -> None:
    text = "Saule says she was questioned twice. Monday was cold. Almaty is large."
    names = set(_persons(extract_text(text)))
    assert names == {"Saule"}


def test_spelling_in_parentheses_is_an_alias() -> None:
    text = "Asel Zhunusova (Асель Жунусова), 41, was arrested in March 2020."
    persons = _persons(extract_text(text))
    assert "Асель Жунусова" in persons["Asel Zhunusova"]["aliases"]
    assert persons["Asel Zhunusova"]["attributes"]["age"] == 41


def test_turkic_patronymic_words_belong_to_the_name() -> None:
    text = ("Aizada Temirbek kyzy, 29, said her brother Ulan Temirbek uulu was detained. "
            "Temirbek kyzy spoke in Bishkek.")
    persons = _persons(extract_text(text))
    assert {"Aizada Temirbek kyzy", "Ulan Temirbek uulu"} <= set(persons)
    assert "Temirbek kyzy" in persons["Aizada Temirbek kyzy"]["aliases"]
    assert persons["Aizada Temirbek kyzy"]["attributes"]["age"] == 29


@pytest.mark.parametrize("text", [
    "Erbol Dauletov, whose name appears as Ербол Даулетов in court records, was fined.",
    "Erbol Dauletov (Ербол Даулетов) was fined.",
], ids=["appears-as", "parentheses"])
def test_other_spellings_are_aliases(text: str) -> None:
    persons = _persons(extract_text(text))
    assert list(persons) == ["Erbol Dauletov"]
    assert persons["Erbol Dauletov"]["aliases"] == ["Ербол Даулетов"]


def test_slogans_and_salutations_are_not_persons() -> None:
    text = ('Gulnaz Tokhtar stood outside with a sign that read "Free Gulnaz". '
            "Dear Prosecutor General, please release her. A herder called Tursun died in the camp.")
    names = set(_persons(extract_text(text)))
    assert names == {"Gulnaz Tokhtar", "Tursun"}


def test_coordinated_predicate_gives_citizenship() -> None:
    text = "Aibek Sarsenov, an ethnic Kazakh, moved to Kazakhstan from Mongolia in 2005 and has Kazakh citizenship."
    attrs = _persons(extract_text(text))["Aibek Sarsenov"]["attributes"]
    assert attrs["ethnicity"] == "Kazakh" and attrs["citizenship"] == "Kazakhstan"


def test_a_person_named_after_a_country_and_of_is_found() -> None:
    result = extract_text("The court approved the extradition to Uzbekistan of Rustam Karimovich Yusupov, a "
                          "39-year-old citizen of Uzbekistan.")
    assert [e["name"] for e in result["entities"] if e["kind"] == "person"] == ["Rustam Karimovich Yusupov"]


@pytest.mark.parametrize(("text", "names"), [
    ('Case 1. "Aisulu" (not her real name), 52, a Kazakh woman from Nilka county, was detained in March 2018.',
     ["Aisulu"]),
    ("Case 2. Zhomart K., 40, a herder, was sentenced in 2019 to 16 years in prison.", ["Zhomart K."]),
    ("Another man, Ablet, was about sixty; he died in the facility in the winter of 2018.", ["Ablet"]),
    (("The panel considered the decision to extradite the citizen of the People's Republic of China Ospanov Serik "
     "Bolatuly, born 1988. The court established that Ospanov S.B. was detained in Almaty."),
     ["Ospanov Serik Bolatuly"]),
    ("The panel heard defence counsel Sh. Omarova. The appeal of counsel Omarova Sh. is dismissed.", ["Omarova Sh."]),
], ids=["pseudonym-in-quotes", "name-and-initial", "apposed-to-a-person-noun", "surname-initials-are-the-full-name",
        "two-letter-initials-either-side"])
def test_names_written_with_initials_pseudonyms_and_appositions(text: str, names: list[str]) -> None:
    assert [e["name"] for e in extract_text(text)["entities"] if e["kind"] == "person"] == names


def test_a_show_named_with_a_capitalised_article_is_no_person() -> None:
    text = "Welcome back to The Silk Road Hour. I'm Dana Serik, and today we talk about Almas Nurov."
    assert set(_persons(extract_text(text))) == {"Dana Serik", "Almas Nurov"}


def test_a_name_in_a_role_label_of_a_transcript_is_a_person() -> None:
    text = "CALLER (Aiym): Good evening. My brother was detained in Tacheng in 2019.\nHOST: Thank you, Aiym.\n"
    assert "Aiym" in _persons(extract_text(text))


def test_names_listed_after_a_plural_kinship_word_are_persons() -> None:
    text = "Erbol Nurov was released in 2019. His daughters, Aiym and Zhansaya, still live in Tacheng."
    assert {"Aiym", "Zhansaya"} <= set(_persons(extract_text(text)))


def test_a_native_spelling_with_its_language_is_an_alias() -> None:
    text = "Aisulu Tokhtarova (Kazakh: Айсұлу Тоқтарова; born 3 May 1980) is a journalist in Almaty."
    persons = _persons(extract_text(text))
    assert set(persons) == {"Aisulu Tokhtarova"} and "Айсұлу Тоқтарова" in persons["Aisulu Tokhtarova"]["aliases"]
