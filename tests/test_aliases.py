"""A second name the text gives for one person is an alias, not a second person (fictional sentences)."""

from __future__ import annotations

import pytest

from aigak.extract.run import extract_text


@pytest.mark.parametrize(("text", "name", "alias"), [
    (("Police in Ili sent a letter that refers to the woman by the Chinese transcription of her name, Ayijiang "
     "Tuerxun. She is Aizhan Tursyn, who now lives in Taraz. Aizhan Tursyn was detained in 2018."),
     "Aizhan Tursyn", "Ayijiang Tuerxun"),
    (("Erlan Sadykov, whose Chinese name is Ailan Sadeke, was detained in Ghulja in 2019. Ailan Sadeke was "
     "released in 2020."), "Erlan Sadykov", "Ailan Sadeke"),
], ids=["transcription-then-he-is", "whose-chinese-name"])
def test_a_stated_second_name_is_an_alias(text: str, name: str, alias: str) -> None:
    persons = [e for e in extract_text(text)["entities"] if e["kind"] == "person"]
    assert [(p["name"], p["aliases"]) for p in persons] == [(name, [alias])]


def test_a_name_told_after_his_name_was_is_someone_else() -> None:
    text = "Ahmet Tursun shared a cell with a teacher. His name was Bolat Serikov, Ahmet Tursun said."
    persons = {e["name"] for e in extract_text(text)["entities"] if e["kind"] == "person"}
    assert persons == {"Ahmet Tursun", "Bolat Serikov"}
