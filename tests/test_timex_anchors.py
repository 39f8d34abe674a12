"""A story that writes no year is dated by a well-known event it gives by its day alone."""

from __future__ import annotations

import pytest

from aigak.extract.timex import find_time_expressions, infer_reference_date

DRAFT_STORY = (
    "Former Officer Who Fled the Draft Faces Extradition\n\n"
    "Two days after President Vladimir Putin declared a partial mobilization on Sept. 21, Pavel Sorokin "
    "walked across the steppe into Kazakhstan. Police in Uralsk detained him on Oct. 4. A court fined him "
    "for crossing the border illegally on Nov. 30.\n"
)


def test_a_story_without_a_year_takes_it_from_the_mobilization_it_dates_by_its_day() -> None:
    reference = infer_reference_date(DRAFT_STORY)
    assert reference == "2022-11"
    dates = [e.value for e in find_time_expressions(DRAFT_STORY, reference_date=reference) if e.value]
    assert "2022-10-04" in dates and "2022-11-30" in dates


@pytest.mark.parametrize("text", [
    # the event is named, but not by its own day: it says nothing of the story's year
    "Since the mobilization, Pavel Sorokin has lived in Uralsk. Police detained him on Oct. 4.\n",
    # a day that is not the event's
    "Pavel Sorokin was called up in the mobilization on Oct. 5. Police detained him on Oct. 9.\n",
    # the event's day, but the event is not named in that sentence
    "Pavel Sorokin left Samara on Sept. 21. The mobilization had frightened him.\n",
])
def test_an_event_not_dated_by_its_own_day_dates_nothing(text: str) -> None:
    assert infer_reference_date(text) is None


def test_a_written_year_is_never_overruled() -> None:
    text = "Putin declared a partial mobilization on Sept. 21, 2022. Sorokin was detained on 4 October 2023.\n"
    assert infer_reference_date(text) == "2023-10"
