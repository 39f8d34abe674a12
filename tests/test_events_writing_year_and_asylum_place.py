"""A year-less date in a present perfect or after a relative clause's year; the country of an asylum application.

Fictional sentences: the year of a date said as of the writing comes from the writing, and an
application for asylum inherited from a city is placed in that city's country.
"""

from __future__ import annotations

from typing import Any

from aigak.extract.run import extract_text
from aigak.extract.timex import TimeKind, find_time_expressions


def _value(text: str, needle: str, reference: str) -> str | None:
    found = [e.value for e in find_time_expressions(text, reference_date=reference)
             if e.kind is TimeKind.DATE and e.text == needle]
    assert len(found) == 1, found
    return found[0]


def test_present_perfect_since_takes_the_year_of_writing() -> None:
    text = "In March 2018 Berik Sadyk was detained in Ghulja. His wife says he has been held since May."
    assert _value(text, "May", "2021-03-10") == "2020-05"
    # a past perfect belongs to the story told before
    assert _value(text.replace("has been", "had been"), "May", "2021-03-10") == "2018-05"


def test_relative_clause_year_does_not_date_the_main_clause() -> None:
    text = "Aigerim Sauyt, who became a citizen in 2019, was detained on 5 May."
    assert _value(text, "5 May", "2021-08-01") == "2021-05-05"
    # a bare year of the main clause still dates the sentence
    assert _value("In 2019 Aigerim Sauyt was detained on 5 May.", "5 May", "2021-08-01") == "2019-05-05"


def _asylum_places(text: str) -> list[str | None]:
    result: dict[str, Any] = extract_text(text)
    names = {e["id"]: e.get("name") for e in result["entities"]}
    return [names.get(ev["place"]) if ev["place"] else None
            for ev in result["events"] if ev["type"] == "asylum_application"]


def test_inherited_asylum_place_is_the_country() -> None:
    text = ("ALMATY, 3 June 2021 - Nurlan Temir, who fled China in 2019, lives in Almaty, Kazakhstan. "
            "In April 2021 he applied for refugee status.")
    assert _asylum_places(text) == ["Kazakhstan"]
