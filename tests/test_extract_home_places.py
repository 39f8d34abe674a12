"""Where a person is from, as the words beside their name say: shown in the case file, hidden by redaction."""

from __future__ import annotations

from typing import Any

import pytest

from aigak.extract.run import extract_text


def _attributes(text: str) -> dict[str, dict[str, Any]]:
    result = extract_text(text)
    return {e["name"]: e.get("attributes") or {} for e in result["entities"] if e["kind"] == "person" and e.get("name")}


@pytest.mark.parametrize(("sentence", "key", "place"), [
    ("Aigerim Dauletova, 34, a Chinese citizen from Tekes county in Ili, crossed the border in 2021.",
     "home_place", "Tekes County"),
    ("Aigerim Dauletova, a teacher from the village of Tekes, was detained in 2018.", "home_place", "Tekes"),
    ("Aigerim Dauletova, who lives in Zharkent, spoke to reporters.", "home_place", "Zharkent"),
    ("Aigerim Dauletova, 34, born in Ghulja, crossed the border in 2021.", "birthplace", "Ghulja"),
], ids=["citizen-from-county", "teacher-from-village", "who-lives-in", "born-in"])
def test_the_apposition_beside_a_name_gives_its_home_place(sentence: str, key: str, place: str) -> None:
    assert place.split()[0] in str(_attributes("News\n\n" + sentence)["Aigerim Dauletova"].get(key))


@pytest.mark.parametrize("sentence", [
    "Aigerim Dauletova, an ethnic Kazakh woman from China, crossed the border in 2021.",
    "Aigerim Dauletova crossed the border from Ghulja in 2021.",
    "Aigerim Dauletova said police in Ghulja had detained her brother.",
], ids=["a-country-is-no-home-place", "a-verbs-place", "a-place-in-what-she-said"])
def test_other_places_are_not_home_places(sentence: str) -> None:
    assert "home_place" not in _attributes("News\n\n" + sentence)["Aigerim Dauletova"]


def test_a_birthplace_after_several_apposed_phrases() -> None:
    text = "Memorandum\n\nRe: Aigerim Dauletova, 33, ethnic Kazakh, citizen of China, born in Tekes county.\n"
    assert "Tekes" in str(_attributes(text)["Aigerim Dauletova"].get("birthplace"))
