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
