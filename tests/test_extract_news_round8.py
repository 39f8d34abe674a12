"""Readings that unfamiliar news articles showed were missing (fictional sentences in their shapes)."""

from __future__ import annotations

from typing import Any

import pytest

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


def _events(out: dict[str, Any]) -> list[tuple[str, str | None]]:
    return [(e["type"], e["start"]) for e in out["events"]]


def test_a_migration_service_that_refuses_decides_the_claim() -> None:
    for body, when in [
        (("Kirill Ostapenko applied for asylum in October 2022. Three months later the migration authorities turned "
         "him down."), "2023-01"),
        (("Bauyrzhan Seitkazyuly applied for refugee status on 12 December 2022. On 28 February the migration service "
         "of the Zhetysu region police department refused him."), "2023-02-28"),
    ]:
        assert ("asylum_decision", when) in _events(_extract(body)), body


def test_escorted_onto_a_flight_home_is_a_deportation() -> None:
    out = _extract("Kirill Ostapenko was escorted by Kazakh police onto a flight to his home city on 9 February.")
    assert ("deportation", "2023-02-09") in _events(out)


def test_months_in_a_removal_centre_are_a_detention() -> None:
    out = _extract("Sulaimon Davlatov was deported to Tajikistan in April after five months in a removal centre in Izmir.")
    assert "detention" in [t for t, _ in _events(out)]


def test_a_sentence_of_restricted_freedom_restricts_the_person() -> None:
    out = _extract("On 21 February the court sentenced Bauyrzhan Seitkazyuly to one year of restricted freedom.")
    assert {("criminal_proceeding", "2023-02-21"), ("restriction", "2023-02-21")} <= set(_events(out))


def test_sent_to_work_on_a_farm_after_release_is_forced_labour_with_no_date_from_the_dateline() -> None:
    out = _extract("A week after his release Bauyrzhan Seitkazyuly was sent to work on a state dairy farm.")
    labour = next(e for e in out["events"] if e["type"] == "forced_labor")
    # "a week after his release" counts from the release, whose date is not told, never from the dateline
    assert labour["start"] is None and labour["end"] is None


def test_a_call_up_paper_is_a_summons() -> None:
    out = _extract("Kirill Ostapenko received a call-up paper on 26 September.")
    assert ("summons", "2023-09-26") in _events(out)


def test_a_source_named_after_the_news_is_not_who_the_story_goes_on_about() -> None:
    out = _extract("Jamshed Nurulloev, 41, was detained in Istanbul on January 28, his brother Faridun Nurulloev told "
                   "Asia-Plus by phone from Warsaw. On February 7 he was put on a commercial flight to Dushanbe.")
    deportation = next(e for e in out["events"] if e["type"] == "deportation")
    assert deportation["subjects"] == [_persons(out)["Jamshed Nurulloev"]["id"]]


@pytest.mark.parametrize("body", [
    "Arseny Lagutin is 27. Nobody has sent him a call-up paper, he insists.",
    "Aibolat Zhumakanov is in custody. He is due to be released on Saturday.",
    "Raushan Beisenkyzy, 62, was warned. The threat of criminal charges against a 62-year-old woman is shameful.",
    '"Over there I would have been sent back to the camp," Bauyrzhan Seitkazyuly said.',
], ids=["nobody-sent", "due-to-be", "threat-of-charges", "would-have-been"])
def test_what_nobody_did_what_is_due_threatened_or_would_have_been_is_no_event(body: str) -> None:
    kinds = {t for t, _ in _events(_extract(body))}
    assert not kinds & {"summons", "release", "criminal_proceeding", "deportation"}, kinds


def test_charges_someone_faces_are_still_a_proceeding() -> None:
    assert "criminal_proceeding" in {t for t, _ in _events(_extract("Aset Nurov faces charges of separatism."))}


def test_a_possessive_said_in_passing_does_not_take_his_from_the_subject() -> None:
    out = _extract("Yerlan's younger brother, Askhat Nurlanuly, 29, was detained in the autumn of 2018 - some months "
                   "after Yerlan Nurlanuly's arrest - and held until January 2020. His release brought little relief.")
    release = next(e for e in out["events"] if e["type"] == "release")
    assert release["subjects"] == [_persons(out)["Askhat Nurlanuly"]["id"]]


def test_a_name_the_teller_gives_someone_is_a_person() -> None:
    out = _extract("Meiramgul Tursynbaikyzy is 41. My husband - I will call him Berik, because he is still in Kunes "
                   "with our two sons - was summoned to the police station three times in September.")
    assert _persons(out)["Berik"]["attributes"]["gender"] == "male"


def test_an_order_to_leave_the_country_is_a_deportation_order() -> None:
    for body in (("In December 2019 the migration police ordered Kuralay Nurlanqyzy to leave Kazakhstan within "
                 "ten days."),
                 ("Kuralay Nurlanqyzy said the police gave her a paper on 3 December ordering her to leave the "
                 "country by the end of the month.")):
        assert "deportation_order" in {t for t, _ in _events(_extract(body))}, body
    # leaving a room or a village is no order to leave the country
    assert not _events(_extract("The police ordered Aset Nurov to leave the village by noon."))
