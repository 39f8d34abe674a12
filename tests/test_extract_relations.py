"""Family ties written the way reports write them: a couple's children, a relative in passing, named groups."""

from __future__ import annotations

from typing import Any

import pytest

from aigak.extract.run import extract_text


def _ties(text: str) -> set[tuple[str | None, str, str | None]]:
    result: dict[str, Any] = extract_text(text)
    names = {e["id"]: e.get("name") or e.get("description") for e in result["entities"]}
    return {(names[r["from"]], r["type"], names[r["to"]]) for r in result["relations"]}


@pytest.mark.parametrize("text", [
    "Yusup Rozi's wife, Patigul, and their two daughters remain in Hotan.",
    ("Dana Serikova was detained in May. Her husband, Arman Tolegenov, said that their son, who is eleven, "
    "has stopped going to school."),
], ids=["wife-and-their-daughters", "husband-and-their-son"])
def test_their_children_are_both_parents_children(text: str) -> None:
    ties = _ties(text)
    spouses = [(a, b) for a, t, b in ties if t == "spouse"]
    assert len(spouses) == 1
    parents = set(spouses[0])
    assert {a for a, t, _ in ties if t == "child"} == parents


def test_our_children_belong_to_the_narrator_and_spouse() -> None:
    text = ("Q: Who is in your family?\n"
            "A: My name is Serik Tolegen. My wife Aliya is still in Tacheng with our three children.\n")
    ties = _ties(text)
    assert ("Serik Tolegen", "child", "children") in ties and ("Aliya", "child", "children") in ties


@pytest.mark.parametrize(("text", "owner"), [
    ("In May a cousin sent word that Azamat Nurov had been sentenced, Dana Nurova said.", "Dana Nurova"),
    ("According to his father, Erlan Bekov was detained two days after a relative in Almaty sent him a message.",
     "Erlan Bekov"),
], ids=["teller", "focus"])
def test_a_relative_in_passing_is_a_relative_of_the_teller_or_the_focus(text: str, owner: str) -> None:
    assert any(a == owner and t == "relative" for a, t, _ in _ties(text))


def test_a_counted_group_whose_members_are_named_is_those_members() -> None:
    text = ("Dana Nurova says her two younger brothers are held in Xinjiang. Police came for her brother Bakyt "
            "in 2018. Her youngest brother, Azamat, was detained in 2019.")
    ties = _ties(text)
    assert {b for a, t, b in ties if a == "Dana Nurova" and t == "sibling"} == {"Bakyt", "Azamat"}


def test_family_names_of_parents_are_the_narrators_parents() -> None:
    text = ("My name is Aida Serikova. My papa was taken to a camp in Tacheng in 2018. Mama is 61 now. "
            "Every week Mama asks the police about him.")
    result = extract_text(text)
    parents = {e["description"]: e for e in result["entities"] if e["kind"] == "person" and not e["name"]}
    assert set(parents) == {"papa", "mama"}
    assert parents["mama"]["attributes"]["age"] == 61
    assert ("Aida Serikova", "parent", "papa") in _ties(text) and ("Aida Serikova", "parent", "mama") in _ties(text)
