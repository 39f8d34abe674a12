"""Who plural references point to: "they", "the defendants", "the young men" (fictional sentences)."""

from __future__ import annotations

from typing import Any

from aigak.extract.run import extract_text


def _named(result: dict[str, Any]) -> dict[str, str | None]:
    return {e["id"]: e.get("name") or e.get("description") for e in result["entities"]}


def test_they_after_two_names_with_birth_years_is_both_people() -> None:
    text = ("On 3 March 2022 Berik Omarov, born 1994, and Dana Seitova, born 1997, crossed the border near Bakhty. "
            "On the same day they were detained by border guards. At the trial the defendants said that they are "
            "ethnic Kazakhs.")
    result = extract_text(text)
    names = _named(result)
    persons = {e["name"]: e["attributes"] for e in result["entities"] if e["kind"] == "person"}
    assert persons["Berik Omarov"]["ethnicity"] == persons["Dana Seitova"]["ethnicity"] == "Kazakh"
    detained = [ev for ev in result["events"] if ev["type"] in ("arrest", "detention")]
    assert {names[s] for s in detained[0]["subjects"]} == {"Berik Omarov", "Dana Seitova"}


def test_the_young_men_are_the_sons_not_the_couple() -> None:
    text = ("Murat Sadykov, 61, and his wife Aisha, 58, said their two sons were held in Kuytun in 2018. "
            "Last year, they said, the young men were sent to work at a shoe factory.")
    result = extract_text(text)
    names = _named(result)
    labour = next(ev for ev in result["events"] if ev["type"] == "forced_labor")
    assert [names[s] for s in labour["subjects"]] == ["sons"]


def test_the_men_named_together_stay_the_named_men() -> None:
    text = ("Berik Omarov and Arman Seitov were detained in 2018. Their two sisters live in Almaty. "
            "The men were released in 2020.")
    result = extract_text(text)
    names = _named(result)
    release = next(ev for ev in result["events"] if ev["type"] == "release")
    assert {names[s] for s in release["subjects"]} == {"Berik Omarov", "Arman Seitov"}
