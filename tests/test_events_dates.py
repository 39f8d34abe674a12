"""Dates of events: the date a text was written, weekdays, and dates of verbs joined by "and"."""

from __future__ import annotations

from events_support import events_in

from aigak.extract.timex import find_time_expressions, infer_reference_date


def test_stamp_with_slash_and_clock_dates_the_text() -> None:
    text = "WORLD\nAPRIL 3, 2020 / 8:15 AM\n\nFamilies wait\n\nThe relatives spoke to reporters in Almaty.\n"
    assert infer_reference_date(text) == "2020-04-03"


def test_section_bar_with_clock_dates_the_text() -> None:
    text = "POLITICS | 9 May 2022, 11:05\n\nA hearing in Shymkent\n\nThe court met again on Monday.\n"
    assert infer_reference_date(text) == "2022-05-09"


def test_title_line_ending_with_a_day_dates_the_text() -> None:
    text = "MINUTES - Round table, Steppe Rights Council, Taraz, 12 October 2021\n\nCHAIR: Welcome.\n"
    assert infer_reference_date(text) == "2021-10-12"


def test_byline_with_date_dates_the_text() -> None:
    text = "A quiet border\n\nAnna Brill Apr 2, 2021\n\nThe family waited in Zharkent for news.\n"
    assert infer_reference_date(text) == "2021-04-02"


def test_second_date_of_an_issue_line_dates_the_text() -> None:
    text = "FEATURE\nMay 2019 issue · Published online 6 May 2019\n\nThe long wait\n\nShe moved in 2010.\n"
    assert infer_reference_date(text) == "2019-05-06"


def test_line_about_the_page_dates_the_text() -> None:
    text = "Arman Suleimen\n\nArman Suleimen is a teacher.\n\nThis page was last edited on 4 June 2023, at 09:12 (UTC).\n"
    assert infer_reference_date(text) == "2023-06-04"


def test_indefinite_weekday_is_not_the_last_one_before_writing() -> None:
    text = "In March 2016 he came home. Two months later, on a Friday night in May, police came."
    values = [e.value for e in find_time_expressions(text, reference_date="2019-09-10") if e.text != "Two months later"]
    assert "2019-09-06" not in values
    assert "2016-05" in values


def test_verb_after_and_takes_its_own_later_date() -> None:
    text = "Dana Serik was detained in April 2016 and died in a prison hospital in Urumqi in March 2018."
    dated = {kind: date for kind, _, date in events_in(text)}
    assert dated["arrest"] == "2016-04"
    assert dated["death"] == "2018-03"


def test_arrival_counted_from_the_crossing() -> None:
    text = "Dana Serik crossed at Khorgos on 10 May 2020 and reached Almaty two days later."
    dated = {kind: date for kind, _, date in events_in(text)}
    assert dated["border_crossing"] == "2020-05-10"
    assert dated["arrival"] == "2020-05-12"
