"""Bylines: an author's name above or beside the date line, or after the outlet, is no person of the story."""

from __future__ import annotations

from typing import Any

import pytest

from aigak.extract.bylines import is_byline
from aigak.extract.run import extract_text

_STORY = "Asel Tokoeva, 33, said her husband was detained."


def _persons(result: dict[str, Any]) -> set[str]:
    return {e["name"] for e in result["entities"] if e["kind"] == "person" and e.get("name")}


@pytest.mark.parametrize("head", [
    "Marat Osmonov in Bishkek\n\nTue 3 May 2022 10.00 BST\n\n",
    "Marat Osmonov\n21.05.2019 15:32\n\n",
    "OSH - AKIpress news agency, Marat Osmonov\n09:30, 2 June 2022\n\n",
    "Marat Osmonov for Eurasianet\n\n",
    "Marat Osmonov | Reuters\n\n",
], ids=["name-in-city-over-date", "name-over-numeric-date", "outlet-dateline", "for-outlet", "bar-outlet"])
def test_byline_names_no_person(head: str) -> None:
    persons = _persons(extract_text("Families wait for news\n\n" + head + _STORY))
    assert "Asel Tokoeva" in persons
    assert "Marat Osmonov" not in persons


def test_name_alone_on_a_line_without_a_date_under_it_is_no_byline() -> None:
    text = "Marat Osmonov\n\nHe was detained in March."
    assert not is_byline(text, 0, len("Marat Osmonov"))
