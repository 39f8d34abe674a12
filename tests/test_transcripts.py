"""Testimony transcripts: the header names the witness, whose marked answers say "I"; questions are no evidence."""

from __future__ import annotations

from typing import Any

import pytest

from aigak.extract.run import extract_text
from aigak.extract.transcripts import header_witness


def _names(result: dict[str, Any]) -> dict[str, str]:
    return {e["id"]: e.get("name") or e.get("description") for e in result["entities"] if e["kind"] == "person"}


def _events(text: str) -> set[tuple[str, tuple[str, ...], str | None]]:
    result = extract_text(text)
    names = _names(result)
    return {(e["type"], tuple(names[s] for s in e["subjects"]), e["start"]) for e in result["events"]}


def _ties(text: str) -> set[tuple[str, str, str]]:
    result = extract_text(text)
    names = _names(result)
    return {(names.get(r["from"], ""), r["type"], names.get(r["to"], "")) for r in result["relations"]}


def _evidence(text: str, kind: str) -> list[str]:
    result = extract_text(text)
    return [text[s:e] for ev in result["events"] if ev["type"] == kind for s, e in ev["evidence"]]


TRANSCRIPTS = {
    "testimony-of-q-a": (
        ("Testimony of Saule Bekova, recorded 12 May 2021 in Bishkek.\n\n"
         "Q: When were you detained in China?\n"
         "A: I was detained in Ghulja in October 2018 and held for five months. I was released in March 2019.\n"
         "Q: And your brother?\n"
         "A: My brother Yerlan was taken in June 2019. My daughter Aruzhan lives with my father in Ghulja.\n"),
        "Saule Bekova", "Yerlan"),
    "interview-with-dashes": (
        ("Interview with Marat Seitkali\n\n"
         "— When did the police come for you?\n"
         "— In May 2019 police detained me at the market in Zhaosu.\n"
         "— What about your family?\n"
         "— My wife Dinara was arrested in August 2019.\n"),
        "Marat Seitkali", "Dinara"),
    "witness-statement-question-answer": (
        ("Witness statement: Gulnara Abenova\n"
         "Taken in Almaty, 4 February 2022.\n\n"
         "Question: What happened in 2018?\n"
         "Answer: I was arrested in Altay in April 2018. My husband Kanat was detained in July 2018.\n"
         "Question: Where are your children?\n"
         "Answer: My son Timur is with me in Almaty.\n"),
        "Gulnara Abenova", "Kanat"),
    "possessive-header-initials": (
        ("Erbol Kassymov's testimony\n\n"
         "D.S.: Please tell us what happened.\n"
         "E.K.: I was arrested in Tacheng in January 2018. My sister Aliya was detained in March 2018.\n"
         "D.S.: Were you released?\n"
         "E.K.: I was released in December 2018.\n"),
        "Erbol Kassymov", "Aliya"),
    "name-field-name-labels": (
        ("Interview notes\n"
         "Name: Zhanar Ospanova\n"
         "Place of interview: Taraz\n\n"
         "Interviewer: When were you taken?\n"
         "Zhanar: I was detained in Kashgar in September 2017. My brother Nurbol was sentenced in 2019.\n"
         "Interviewer: Thank you.\n"
         "Zhanar: My mother still lives in Kashgar.\n"),
        "Zhanar Ospanova", "Nurbol"),
}


@pytest.mark.parametrize("case", TRANSCRIPTS.values(), ids=list(TRANSCRIPTS))
def test_the_header_names_the_witness_who_says_i_in_the_answers(case: tuple[str, str, str]) -> None:
    text, witness, relative = case
    result = extract_text(text)
    names = _names(result)
    assert witness in names.values()
    first_person = {(e["type"], names[e["subjects"][0]]) for e in result["events"] if len(e["subjects"]) == 1}
    assert any(who == witness and kind in ("arrest", "detention") for kind, who in first_person)
    ties = {(names.get(r["from"]), names.get(r["to"])) for r in result["relations"]}
    assert (witness, relative) in ties or (relative, witness) in ties
    assert not any(a == relative and b != witness for a, b in ties), "the witness's relatives are not the relative's"


@pytest.mark.parametrize("case", TRANSCRIPTS.values(), ids=list(TRANSCRIPTS))
def test_no_question_line_is_the_evidence_of_an_event(case: tuple[str, str, str]) -> None:
    text = case[0]
    result = extract_text(text)
    for event in result["events"]:
        for s, e in event["evidence"]:
            quoted = text[s:e]
            assert not quoted.rstrip().endswith("?"), quoted
            assert not quoted.startswith(("Q:", "Question:", "Interviewer:")), quoted


def test_the_relative_named_in_an_answer_is_not_the_subject_of_the_witness_detention() -> None:
    text = TRANSCRIPTS["testimony-of-q-a"][0]
    events = _events(text)
    assert any(kind in ("arrest", "detention") and who == ("Saule Bekova",) for kind, who, start in events
               if start == "2018-10")
    assert ("release", ("Saule Bekova",), "2019-03") in events
    assert not any(who == ("Yerlan",) and start == "2018-10" for _, who, start in events)
    assert ("Saule Bekova", "parent", "father") in _ties(text)


def test_an_event_asked_about_and_confirmed_takes_its_evidence_from_the_answer() -> None:
    text = ("Account of Aidana Serikova\n\n"
            "Q: Were you sent to a camp?\n"
            "A: Yes, in March 2018, and they kept me there until the winter.\n"
            "Q: When did you reach Kazakhstan?\n"
            "A: On 2 February 2020.\n")
    assert _evidence(text, "arrival") == ["A: On 2 February 2020."]
    assert ("arrival", ("Aidana Serikova",), "2020-02-02") in _events(text)


def test_an_event_the_answer_denies_is_no_event() -> None:
    text = ("Testimony of Bolat Nurmukhan\n\n"
            "Q: Were you beaten in the camp?\n"
            "A: No. They shouted at us every day.\n"
            "Q: When were you released?\n"
            "A: In May 2019.\n")
    events = _events(text)
    assert not any(kind == "torture" for kind, _, _ in events)
    assert ("release", ("Bolat Nurmukhan",), "2019-05") in events


def test_a_question_about_what_followed_an_event_is_not_that_event_again() -> None:
    text = ("Testimony of Bolat Nurmukhan\n\n"
            "Q: When were you released?\n"
            "A: I was released in May 2019.\n"
            "Q: What happened after you were released?\n"
            "A: I stayed at home and reported to the police every week.\n")
    assert _evidence(text, "release") == ["A: I was released in May 2019."]


@pytest.mark.parametrize("text", [
    "Testimony of Saule Bekova shocks the court\n\nALMATY — A court heard on Monday how Saule Bekova was held.\n",
    "Interview with Marat Seitkali: two years on\n\nMarat Seitkali was detained in 2019. He now lives in Almaty.\n",
], ids=["headline-over-news", "headline-without-answers"])
def test_a_header_over_text_without_marked_answers_names_no_witness(text: str) -> None:
    assert header_witness(text, 0, len(text)) is None


def test_a_header_under_a_preamble_and_speakers_in_capitals() -> None:
    text = ("CONFIDENTIAL — for the legal team only\n"
            "Transcript of an interview with Ms. Asel Nurova\n"
            "Interviewer: Dana Kim\n\n"
            "DANA KIM: When did you leave Xinjiang?\n"
            "ASEL NUROVA: I crossed into Kazakhstan at Khorgos on 2 June 2019. My father Bakhyt was arrested in 2020.\n"
            "DANA KIM: I see. Was your father released?\n"
            "ASEL NUROVA: No.\n")
    assert ("border_crossing", ("Asel Nurova",), "2019-06-02") in _events(text)
    assert not any(kind == "release" for kind, _, _ in _events(text))
    assert ("Asel Nurova", "parent", "Bakhyt") in _ties(text)
