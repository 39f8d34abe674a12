"""What a source denies or undoes is not an event, and dates that belong to another clause stay there.

A lawyer reads the timeline as what happened: a torture the police deny, a deportation order that a court
suspended, an application that was withdrawn must not appear as a new torture, order or application.
"""

from __future__ import annotations

import pytest
from events_support import events_in

HEAD = "Court news\n\nALMATY, 20 June 2022 — Aliya Dauletova, 34, was questioned by police on 1 June 2022. "


@pytest.mark.parametrize("sentence", [
    "Police denied that Dauletova had been tortured.",
    "Officials rejected claims that she was beaten in custody.",
    "The prison service dismissed allegations that she had been tortured.",
], ids=["denied-that", "rejected-claims", "dismissed-allegations"])
def test_a_denied_abuse_is_no_event(sentence: str) -> None:
    assert [kind for kind, _, _ in events_in(HEAD + sentence) if kind == "torture"] == []


def test_a_denial_that_goes_on_with_a_new_verb_keeps_that_verb() -> None:
    text = HEAD + "Dauletova denied that she had any links to extremists, but was detained on 3 June 2022."
    assert ("arrest", ("Aliya Dauletova",), "2022-06-03") in events_in(text)


@pytest.mark.parametrize(("sentence", "kind"), [
    ("The deportation order against Dauletova was suspended on 29 July 2022.", "deportation_order"),
    ("On 29 July 2022 the court suspended her deportation.", "deportation"),
    ("Her asylum application was withdrawn on 3 June 2022.", "asylum_application"),
], ids=["order-suspended", "deportation-suspended", "application-withdrawn"])
def test_an_undone_step_is_not_a_new_one(sentence: str, kind: str) -> None:
    assert [k for k, _, _ in events_in(HEAD + sentence) if k == kind] == []


def test_the_datelines_date_is_not_the_date_of_the_lead_verb() -> None:
    text = ("Court news\n\nALMATY, 14 March 2022 — An ethnic Kazakh woman who fled China was given a suspended "
            "sentence for illegally crossing the border, a court in Zharkent ruled on Friday.\n\n"
            "Aigerim Dauletova, 34, crossed the border on 9 November 2021.\n")
    found = {kind: start for kind, _, start in events_in(text)}
    assert found["criminal_proceeding"] == "2022-03-11"  # the Friday before the dateline
    assert found["flight"] is None  # "who fled" is not dated by the main clause's Friday


def test_what_is_said_in_court_takes_the_hearings_date() -> None:
    text = ("Court news\n\nALMATY, 14 March 2022 — A court in Zharkent on Friday sentenced Aigerim Dauletova, 34, "
            "for illegally crossing the border.\n\nShe crossed the border near Khorgos on 9 November 2021.\n\n"
            "\"I had no choice,\" Dauletova told the court.\n")
    assert ("public_statement", ("Aigerim Dauletova",), "2022-03-11") in events_in(text)


def test_missing_since_dates_from_the_event_before_not_from_a_date_said_in_passing() -> None:
    text = ("News\n\nASTANA, 20 June 2022 — Her mother, Gulsim Abdikarimova, 61, was detained in Tekes on 2 May "
            "2022, two weeks after her daughter's asylum was refused. She has not been heard from since.\n")
    assert ("disappearance", ("Gulsim Abdikarimova",), "2022-05-02") in events_in(text)
