"""Dates in extraction: the reference date a text implies, background years, asides and dates ahead."""

from __future__ import annotations

from typing import Any

import pytest

from aigak.extract.run import extract_text


def _events(result: dict[str, Any]) -> dict[str, dict[str, Any]]:
    return {ev["type"]: ev for ev in result["events"]}


@pytest.mark.parametrize(("text", "reference"), [
    ("Saule Omarova and her husband married in 1997. Last week police detained him.", None),
    ("Berik Tasbolat was born in 1979 and grew up in Tacheng. On Monday he was summoned by police.", None),
    ("In the early 2000s the family settled in Almaty. Yesterday a court fined Dana Sultanbekova.", None),
    ("They married in 1997. In October 2019 police took Serik Omarov to a camp. On 9 December he was beaten.",
     "2019-12"),
], ids=["marriage", "birth", "decade-and-settling", "background-then-story"])
def test_background_years_do_not_date_the_text(text: str, reference: str | None) -> None:
    assert extract_text(text)["document"]["reference_date"] == reference


def test_relative_dates_stay_open_without_a_reference() -> None:
    result = extract_text("Saule Omarova married Serik Omarov in 1997. Last week police detained him.")
    arrest = _events(result)["arrest"]
    assert arrest["start"] is None


def test_a_date_inside_an_apposition_does_not_date_the_event() -> None:
    text = ("On 3 May 2021 a court in Almaty fined Qairat Saparov, a 52-year-old herder who moved to Kazakhstan "
            "in 2016, for an unsanctioned picket.")
    assert _events(extract_text(text))["fine"]["start"] == "2021-05-03"


def test_a_hearing_ahead_of_the_writing_does_not_move_back() -> None:
    text = ("ALMATY, 30 June 2021 — Dana Sultanbekova was detained on 3 May 2021. She says her hearing is on "
            "24 February.\n")
    result = extract_text(text)
    assert result["document"]["reference_date"] == "2021-06-30"
    from aigak.extract.timex import find_time_expressions

    values = {e.text: e.value for e in find_time_expressions(text, reference_date="2021-06-30")}
    assert values["24 February"] == "2022-02-24"


@pytest.mark.parametrize(("stay", "end"), [
    ("for two years", "2019-03"),
    ("for over two years", "2019"),
    ("for almost a year", "2018"),
    ("for several months", None),
    ("for a fortnight", "2017-03"),
], ids=["exact", "over", "almost", "vague", "fortnight"])
def test_the_end_of_a_stay_is_as_precise_as_its_length(stay: str, end: str | None) -> None:
    text = f"In March 2017 police took Aset Nurlanuly to a camp in Hotan and held him there {stay}."
    detention = _events(extract_text(text))["detention"]
    assert (detention["start"], detention["end"]) == ("2017-03", end)
