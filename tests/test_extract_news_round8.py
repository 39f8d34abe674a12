"""Readings that unfamiliar news articles showed were missing (fictional sentences in their shapes)."""

from __future__ import annotations

from typing import Any

from aigak.extract.run import extract_text


def _extract(body: str) -> dict[str, Any]:
    return extract_text("News\n\nALMATY, 2 November 2023 — " + body)


def _persons(out: dict[str, Any]) -> dict[str, dict[str, Any]]:
    return {e["name"]: e for e in out["entities"] if e["kind"] == "person" and e.get("name")}


def test_the_aged_description_gives_the_person_named_before_an_age() -> None:
    out = _extract("Arseny Lagutin keeps a folder of receipts. The 27-year-old software tester arrived in Almaty "
                   "on 23 September 2022.")
    assert _persons(out)["Arseny Lagutin"]["attributes"]["age"] == 27
    arrival = next(e for e in out["events"] if e["type"] == "arrival")
    assert [_persons(out)["Arseny Lagutin"]["id"]] == arrival["subjects"]


def test_a_sentence_opening_with_like_someone_is_about_another_person() -> None:
    out = _extract("Arseny Lagutin is 27. Kirill Ostapenko was detained. Like Lagutin, he is a Russian citizen.")
    persons = _persons(out)
    assert "Like Lagutin" not in persons
    assert persons["Kirill Ostapenko"]["attributes"]["citizenship"] == "Russia"
    assert "citizenship" not in persons["Arseny Lagutin"]["attributes"]


def test_a_title_owned_by_an_organisation_makes_its_bearer_a_member() -> None:
    for body in ('"It is cruel," said Ilona Varga, Amnesty International\'s Deputy Director for Eastern Europe.',
                 "Ilona Varga, Amnesty International's regional director, said it was cruel."):
        out = _extract(body)
        org = next(e["id"] for e in out["entities"] if e["kind"] == "organization")
        assert [(r["type"], r["to"]) for r in out["relations"]] == [("member", org)], body


def test_a_name_in_another_script_set_beside_a_name_is_its_spelling_not_another_person() -> None:
    for body, name, spelling in [
        ("Sardor Xolmatov (in Russian-language documents – Сардор Холматов), 34, is a citizen of Uzbekistan.",
         "Sardor Xolmatov", "Сардор Холматов"),
        (("Gulnar Omarkhankyzy - Гүлнар Омарханқызы, as her name is written in her Kazakh passport - sat in a "
         "cramped office. She is 58."), "Gulnar Omarkhankyzy", "Гүлнар Омарханқызы"),
    ]:
        persons = _persons(_extract(body))
        assert list(persons) == [name], body
        assert persons[name]["aliases"] == [spelling]
    assert _persons(_extract(body))["Gulnar Omarkhankyzy"]["attributes"]["age"] == 58


def test_names_of_two_people_in_two_scripts_listed_together_stay_two_people() -> None:
    persons = _persons(_extract("Aset Nurov and Алия Нурова were detained in 2018."))
    assert set(persons) == {"Aset Nurov", "Алия Нурова"}
