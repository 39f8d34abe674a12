"""Age, ethnicity and citizenship in the shapes news and reports write them (fictional sentences)."""

from __future__ import annotations

import pytest

from aigak.extract.run import extract_text


def _attributes(text: str, name: str) -> dict[str, object]:
    person = next(e for e in extract_text(text)["entities"] if e["kind"] == "person" and e["name"] == name)
    attributes: dict[str, object] = person["attributes"]
    return attributes


@pytest.mark.parametrize(("text", "name", "key", "value"), [
    ("The township police chief, a Han man, Liu Wenbo, threatened the family.", "Liu Wenbo", "ethnicity", "Han"),
    ("Nurbol Serikuly, now 26, stayed behind in Tacheng.", "Nurbol Serikuly", "age", 26),
    ("Aizhan Temirova, 34, who has lived in Bishkek since 2014 and holds a Kyrgyz passport, spoke on Monday.",
     "Aizhan Temirova", "citizenship", "Kyrgyzstan"),
    ("Yusup Rozi, a 27-year-old Uyghur from Hotan, was detained in 2019.", "Yusup Rozi", "ethnicity", "Uyghur"),
    ("Erbol Sadyq, a 43-year-old ethnic Kazakh trader, was detained in 2018.", "Erbol Sadyq", "ethnicity", "Kazakh"),
    ("Gulmira Sadyq, a national of Kazakhstan born in 1961, filed the complaint.", "Gulmira Sadyq", "citizenship",
     "Kazakhstan"),
    ("Akmal Turdiev, born 14 March 1990 in Andijan, a citizen of the Republic of Uzbekistan, was convicted.",
     "Akmal Turdiev", "citizenship", "Uzbekistan"),
], ids=["reversed-apposition", "now-age", "coordinated-passport", "people-as-noun", "ethnic-with-age",
        "national-of", "citizen-after-birth-aside"])
def test_attributes_stated_beside_the_name(text: str, name: str, key: str, value: object) -> None:
    assert _attributes(text, name)[key] == value


@pytest.mark.parametrize(("text", "name", "key"), [
    ("The daughter of a Uyghur poet, Mehray Tursun said on Thursday that he was sentenced.", "Mehray Tursun",
     "ethnicity"),
    ("Gulmira Sadyq, a national of Kazakhstan born in 1961, filed the complaint.", "Gulmira Sadyq", "age"),
], ids=["description-of-someone-else", "birth-year-is-no-age"])
def test_attributes_not_stated_of_the_person(text: str, name: str, key: str) -> None:
    assert key not in _attributes(text, name)


@pytest.mark.parametrize(("text", "name", "key", "value"), [
    ("Client: Berik Oralbek, born 1981, an ethnic Kazakh and a citizen of the People's Republic of China.",
     "Berik Oralbek", "citizenship", "China"),
    ("Aruna Sadykova is 31, a Turkish citizen and an ethnic Uyghur. She lives in Ankara.", "Aruna Sadykova",
     "ethnicity", "Uyghur"),
    ("Aruna Sadykova is 31, a Turkish citizen and an ethnic Uyghur. She lives in Ankara.", "Aruna Sadykova",
     "citizenship", "Turkey"),
    ("At the hearing Kairat Sadykov, a Kyrgyz by nationality and a citizen of China, spoke through an interpreter.",
     "Kairat Sadykov", "ethnicity", "Kyrgyz"),
    ("At the hearing Kairat Sadykov, a Kyrgyz by nationality and a citizen of China, spoke through an interpreter.",
     "Kairat Sadykov", "citizenship", "China"),
], ids=["citizen-after-ethnic-and", "ethnic-after-citizen-and", "citizen-after-age-and-copula",
        "by-nationality", "citizen-after-by-nationality"])
def test_chained_descriptions_all_belong_to_the_person(text: str, name: str, key: str, value: object) -> None:
    assert _attributes(text, name)[key] == value


@pytest.mark.parametrize(("text", "name", "value"), [
    ("Dana Yermekova, who is forty-four, grew up outside Altay.", "Dana Yermekova", 44),
    ("Among them was a 61-year-old Uyghur woman, Patigul Osman, who arrived in August.", "Patigul Osman", 61),
    ("Victim: Marat Zhaksybek. Gender: male. Age at detention: thirty-six. Ethnicity: Kazakh.", "Marat Zhaksybek", 36),
], ids=["word-age-in-relative-clause", "age-before-apposition", "record-field"])
def test_ages_in_words_and_records(text: str, name: str, value: int) -> None:
    assert _attributes(text, name)["age"] == value


def test_record_fields_name_the_ethnicity_of_the_one_person_in_the_paragraph() -> None:
    text = "Victim: Marat Zhaksybek. Gender: male. Age at detention: thirty-six. Ethnicity: Kazakh."
    assert _attributes(text, "Marat Zhaksybek")["ethnicity"] == "Kazakh"


def test_record_fields_with_two_people_named_bind_to_nobody() -> None:
    text = "Victims: Marat Zhaksybek and Serik Ospan. Age: 40. Both were taken in 2018."
    assert "age" not in _attributes(text, "Marat Zhaksybek")
    assert "age" not in _attributes(text, "Serik Ospan")


@pytest.mark.parametrize(("text", "name", "key", "value"), [
    ("Abdulla Tursun, a 31-year-old Uyghur engineer who has lived in Turkey since 2015, spoke.", "Abdulla Tursun",
     "ethnicity", "Uyghur"),
    ("Re: Mr Qairat Samarkhan (Қайрат Самархан), 46, ethnic Kazakh, Chinese national", "Qairat Samarkhan", "age", 46),
    ("My brother Nurbolat Zhenis was thirty-five when they took him.", "Nurbolat Zhenis", "age", 35),
], ids=["aged-people-and-occupation", "age-after-native-spelling", "age-in-words-when"])
def test_attributes_in_letters_and_features(text: str, name: str, key: str, value: object) -> None:
    assert _attributes(text, name)[key] == value


def test_citizenship_after_who_is_an_occupation_and() -> None:
    text = "Gulmira Toktosunova, who is a pensioner and a citizen of Kazakhstan, spoke."
    assert _attributes(text, "Gulmira Toktosunova")["citizenship"] == "Kazakhstan"


@pytest.mark.parametrize(("text", "name", "key", "value"), [
    ("In July 2023 Aliya Nurova died in a hospital in Ghulja at the age of 64.", "Aliya Nurova", "age", 64),
    ("We came back in 2017 with our son Daniyar. Daniyar was nine then.", "Daniyar", "age", 9),
    ("So Erlan Tursunov is 41, he's ethnic Kyrgyz, from Artux. He's a Chinese citizen.", "Erlan Tursunov",
     "ethnicity", "Kyrgyz"),
    ("So Erlan Tursunov is 41, he's ethnic Kyrgyz, from Artux. He's a Chinese citizen.", "Erlan Tursunov",
     "citizenship", "China"),
    ("Her husband, Bolat Serikov, is a citizen of Kazakhstan.", "Bolat Serikov", "citizenship", "Kazakhstan"),
    ("Aisulu Tokhtarova (Kazakh: Айсұлу Тоқтарова; born 3 May 1980) is an ethnic Kazakh journalist.",
     "Aisulu Tokhtarova", "ethnicity", "Kazakh"),
    ("Serik Omarov, a Kazakh herder from Nilka, was detained in 2018.", "Serik Omarov", "ethnicity", "Kazakh"),
    ("My name is Gulnar Aliyeva. I am 52 years old, an ethnic Uyghur, born in Hotan.", "Gulnar Aliyeva",
     "ethnicity", "Uyghur"),
], ids=["at-the-age-of", "number-word-then", "contracted-ethnicity", "contracted-citizenship",
        "after-apposition-comma", "native-spelling-aside", "people-of-a-stan", "after-age-in-years"])
def test_attributes_stated_in_less_common_shapes(text: str, name: str, key: str, value: object) -> None:
    assert _attributes(text, name)[key] == value


def test_a_kazakh_herder_is_no_statement_of_citizenship() -> None:
    assert "citizenship" not in _attributes("Serik Omarov, a Kazakh herder from Nilka, was detained in 2018.",
                                            "Serik Omarov")


@pytest.mark.parametrize(("text", "name", "key", "value"), [
    ("Police took five people away: Aigerim Saparova, 52; Bolat Tulegenov, 38; and Dana Mukanova.",
     "Bolat Tulegenov", "age", 38),
    ("The couple fled with their son, Arman Dosov, then 9. Arman Dosov, now 14, studies in Almaty.",
     "Arman Dosov", "age", 14),
    ("Border guards detained citizens of the PRC B. Nurlanuly, born 1994, and S. Zhaksylyk, born 1997.",
     "S. Zhaksylyk", "citizenship", "China"),
    ("Serik Ongar and his wife, Raikhan Ongar, are Dungans, and they moved to Taraz in 2016.",
     "Raikhan Ongar", "ethnicity", "Dungan"),
    ("Azat Toktosun is an ethnic Kyrgyz from Artux, in southern Xinjiang, and a Chinese citizen.",
     "Azat Toktosun", "citizenship", "China"),
], ids=["age-in-semicolon-list", "now-age-over-then-age", "citizens-of-before-names", "plural-copula-ethnicity",
        "citizen-after-place-of-origin"])
def test_attributes_in_lists_and_coordinations(text: str, name: str, key: str, value: object) -> None:
    assert _attributes(text, name)[key] == value


@pytest.mark.parametrize(("text", "name", "key", "value"), [
    (("ALMATY - An ethnic Kazakh woman who fled Xinjiang in 2019 says she was held in a camp for a year. "
     "Aigerim Bekova, 34, said she was released in 2019."), "Aigerim Bekova", "ethnicity", "Kazakh"),
    (("A 52-year-old Uyghur trader was sentenced in 2019, according to a court notice. The notice names him as "
     "Ablimit Tohti."), "Ablimit Tohti", "age", 52),
], ids=["ethnic-woman-then-named", "age-then-named"])
def test_an_opening_description_belongs_to_the_person_named_next(text: str, name: str, key: str,
                                                                  value: object) -> None:
    assert _attributes(text, name)[key] == value


def test_an_opening_description_is_not_of_the_lawyer_named_as_hers() -> None:
    text = ("A court refused asylum to an ethnic Uyghur woman on Monday. Her lawyer, Timur Asanov, "
            "said he would appeal.")
    assert "ethnicity" not in _attributes(text, "Timur Asanov")


def test_citizenship_at_the_end_of_a_relative_clause() -> None:
    text = ("Saule Amanova, 40, said her husband, Nurlan Amanov, a 45-year-old driver who holds a Kazakh "
            "residence permit but is still a Chinese national, was detained in 2018.")
    assert _attributes(text, "Nurlan Amanov")["citizenship"] == "China"
    assert "citizenship" not in _attributes(text, "Saule Amanova")
