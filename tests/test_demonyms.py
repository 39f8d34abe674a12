"""Nationality and ethnicity words: which country, which people."""

from __future__ import annotations

import pytest

from aigak.extract.demonyms import DEMONYM_WORDS, ETHNICITY_WORDS, country_of_demonym, ethnicity_of
from aigak.extract.places import lookup_place, read_table


@pytest.mark.parametrize(
    ("word", "country"),
    [
        ("Chinese", "China"),
        ("Kazakhstani", "Kazakhstan"),
        ("Kazakhstanis", "Kazakhstan"),
        ("Kazakh", "Kazakhstan"),
        ("Syrian", "Syria"),
        ("Syrians", "Syria"),
        ("Russian", "Russia"),
        ("Kyrgyz", "Kyrgyzstan"),
        ("Kirghiz", "Kyrgyzstan"),
        ("Uzbek", "Uzbekistan"),
        ("Turkish", "Turkey"),
        ("American", "United States"),
        ("Swiss", "Switzerland"),
        ("kazakh", "Kazakhstan"),
        ("Atlantean", None),
        ("Han", None),
    ],
)
def test_demonym_names_its_country(word: str, country: str | None) -> None:
    assert country_of_demonym(word) == country


@pytest.mark.parametrize(
    ("word", "people"),
    [
        ("Kazakh", "Kazakh"),
        ("Kazak", "Kazakh"),
        ("Qazaq", "Kazakh"),
        ("Kazakhs", "Kazakh"),
        ("Қазақ", "Kazakh"),
        ("Uyghur", "Uyghur"),
        ("Uighur", "Uyghur"),
        ("Uigur", "Uyghur"),
        ("uighurs", "Uyghur"),
        ("Kyrgyz", "Kyrgyz"),
        ("Kirghiz", "Kyrgyz"),
        ("Uzbek", "Uzbek"),
        ("Hui", "Hui"),
        ("Han", "Han"),
        ("Dungan", "Dungan"),
        ("Tatar", "Tatar"),
        ("Tajik", "Tajik"),
        ("Mongol", "Mongol"),
        ("Russian", "Russian"),
        ("Chechen", "Chechen"),
        ("Karakalpak", "Karakalpak"),
        ("Turkmen", "Turkmen"),
        ("Chinese", None),
        ("Hans", None),
    ],
)
def test_ethnicity_word_names_its_people(word: str, people: str | None) -> None:
    assert ethnicity_of(word) == people


def test_word_sets_hold_spellings_and_plurals() -> None:
    assert {"Chinese", "Kazakhstani", "Kazakhstanis", "Kyrgyz"} <= DEMONYM_WORDS
    assert {"Kazakh", "Kazakhs", "Uighur", "Uyghurs", "Hui"} <= ETHNICITY_WORDS
    assert "Kyrgyzs" not in DEMONYM_WORDS and "Chineses" not in DEMONYM_WORDS


def test_every_demonym_points_to_a_country_the_gazetteer_knows() -> None:
    for country, _ in read_table("places_demonyms.tsv"):
        place = lookup_place(country)
        assert place is not None and place.kind == "country" and place.name == country, country
