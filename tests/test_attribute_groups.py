"""Ages, nationalities and ethnicities said of a person who is not named right beside them."""

from __future__ import annotations

from typing import Any

import pytest

from aigak.extract.run import extract_text


def _attributes(text: str) -> dict[str, dict[str, Any]]:
    result = extract_text(text)
    return {e["name"]: e.get("attributes", {}) for e in result["entities"] if e["kind"] == "person" and e.get("name")}


def test_plural_predicate_of_a_list_of_names_is_each_ones() -> None:
    people = _attributes("Gulnara Bekova, 52, and her son Arman Bekov, 30, moved to Shymkent in 2019 and are "
                         "citizens of Kazakhstan.")
    assert people["Gulnara Bekova"]["citizenship"] == "Kazakhstan"
    assert people["Arman Bekov"]["citizenship"] == "Kazakhstan"


def test_predicate_of_a_relative_clause_is_not_the_lists() -> None:
    people = _attributes("Gulnara Bekova, 52, and her son Arman Bekov, 30, met officials who are citizens of China.")
    assert "citizenship" not in people["Gulnara Bekova"]


def test_definite_description_repeating_an_age_is_that_person() -> None:
    people = _attributes("Nurlan Sadykov, 44, was detained in May. Officials questioned his neighbour. "
                         "The 44-year-old Kyrgyz citizen denies the charges.")
    assert people["Nurlan Sadykov"]["citizenship"] == "Kyrgyzstan"


def test_one_of_a_people_is_the_ethnicity_of_the_name_beside_it() -> None:
    people = _attributes("On Monday Aigul Serik stood outside the court with a sign, one of hundreds of Kazakhs "
                         "who have protested there.")
    assert people["Aigul Serik"]["ethnicity"] == "Kazakh"


def test_two_citizens_then_two_names_with_ages() -> None:
    people = _attributes("The court sentenced two citizens of China. Ethnic Kazakhs Serik Omar, 31, and Daulet "
                         "Nur, 26, were found guilty of crossing the border.")
    for name in ("Serik Omar", "Daulet Nur"):
        assert people[name]["citizenship"] == "China"
        assert people[name]["ethnicity"] == "Kazakh"
    assert people["Serik Omar"]["age"] == 31


@pytest.mark.parametrize(("text", "name", "key", "value"), [
    ("Aisulu Temir, who is 39 and still a Chinese citizen, applied for asylum.", "Aisulu Temir", "citizenship", "China"),
    ("Ermek Nurov is now 70 and lives alone.", "Ermek Nurov", "age", 70),
    ("Her uncle, Erlan Bolatuly, a retired driver of 71, says he was beaten.", "Erlan Bolatuly", "age", 71),
    ("3. Ma Lan (马兰), 48, Hui, a cook from Changji. Detained in 2018.", "Ma Lan", "ethnicity", "Hui"),
], ids=["still-a-citizen", "now-aged", "noun-of-age", "people-after-age-in-a-list"])
def test_stated_attribute(text: str, name: str, key: str, value: object) -> None:
    assert _attributes(text)[name][key] == value


def test_mother_of_twelve_is_no_age() -> None:
    people = _attributes("Zhanar Aitova, a mother of 12, was fined.")
    assert "age" not in people["Zhanar Aitova"]


def test_opposition_of_a_country_is_no_ethnicity() -> None:
    people = _attributes("A Tajik opposition activist was jailed. Rustam Saidov, 40, was sentenced on Monday.")
    assert "ethnicity" not in people["Rustam Saidov"]
