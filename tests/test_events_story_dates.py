"""Dates an event takes from the story rather than its own sentence: not the date of writing, and not
a date that opens the next coordinated clause."""

from __future__ import annotations

from events_support import events_in


def _start(text: str, kind: str) -> str | None:
    return next(start for k, _, start in events_in(text) if k == kind)


def test_date_of_writing_does_not_date_an_undated_past_event() -> None:
    text = ("COMMENT | 4 June 2022\n\nSisters apart\n\n"
            "My uncle Berik Saparov was tortured in a cell. I have not heard his voice since.\n")
    assert _start(text, "torture") is None


def test_present_perfect_lead_keeps_the_date_of_writing() -> None:
    text = ("4 June 2022 10:15\n\nA verdict in Taraz\n\n"
            "TARAZ. The regional court has sentenced Berik Saparov to two years for crossing the border.\n")
    assert _start(text, "criminal_proceeding") == "2022-06-04"


def test_date_opening_the_next_clause_is_not_the_earlier_verbs() -> None:
    text = ("In March 2016 Berik Saparov returned to Tacheng. Police took his passport, "
            "and in June 2016 Saparov was detained.\n")
    assert _start(text, "confiscation") == "2016-03"
    assert _start(text, "arrest") == "2016-06"
