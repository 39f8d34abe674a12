"""Events told indirectly in news: lost contact, passports handed over, appeals, list items, questioning."""

from __future__ import annotations

import pytest
from events_support import subjects_of as _of


@pytest.mark.parametrize("text", [
    "ALMATY, 4 May 2020 — Dana Serikova has not spoken to her brother Erlan Serikov since March 2018.",
    "ALMATY, 4 May 2020 — Dana Serikova says the family has had no contact with Erlan Serikov since 2018.",
    "ALMATY, 4 May 2020 — Dana Serikova has heard nothing from Erlan Serikov for more than two years.",
], ids=["not-spoken-since", "no-contact-since", "heard-nothing-for-years"])
def test_lost_contact_since_a_date_is_a_disappearance(text: str) -> None:
    assert any("Erlan Serikov" in subjects for subjects in _of(text, "disappearance"))


def test_lost_contact_without_a_time_is_no_disappearance() -> None:
    text = "ALMATY, 4 May 2020 — Dana Serikova has not spoken to Erlan Serikov about the sale of the house."
    assert not _of(text, "disappearance")


def test_the_last_call_names_the_missing_person_by_the_voice() -> None:
    text = ("ISTANBUL, 4 July 2021 — Aygul Tohti carried a photograph of her father, Tohti Rozi. "
            "She last heard his voice in a phone call in May 2018.")
    assert ("Tohti Rozi",) in _of(text, "disappearance")


@pytest.mark.parametrize(("text", "kind"), [
    ("ALMATY, 4 May 2020 — Erlan Serikov handed his passport to the police in Ghulja in 2017.", "confiscation"),
    ("ALMATY, 4 May 2020 — Erlan Serikov got back his passport, which had been taken from him in 2017.",
     "confiscation"),
    ("BISHKEK, 2 March 2021 — Aibek Turganov applied for international protection in 2019.",
     "asylum_application"),
    ("BISHKEK, 2 March 2021 — Aibek Turganov had been warned that his sister's interviews were being read.",
     "threat"),
    (("BISHKEK, 2 March 2021 — Aibek Turganov is obliged not to leave the city without the consent of the "
     "probation service."), "restriction"),
    ("BISHKEK, 2 March 2021 — Aibek Turganov was forced to record a video confessing to separatism.",
     "coerced_confession"),
    (("BISHKEK, 2 March 2021 — Aibek Turganov was sent in May 2019 with other young men to work at a shoe "
     "factory in Anhui."), "forced_labor"),
    ("BISHKEK, 2 March 2021 — Aibek Turganov worked at a garment factory under a labour transfer scheme.",
     "forced_labor"),
    ("BISHKEK, 2 March 2021 — Aibek Turganov was subjected to an administrative fine of 30,000 tenge.",
     "fine"),
], ids=["passport-handed-to-police", "passport-which-was-taken", "international-protection",
        "passive-warned", "obliged-not-to-leave", "forced-to-record-confession", "sent-to-work-at-factory",
        "labour-transfer", "subjected-to-fine"])
def test_news_phrasings_of_measures_are_events(text: str, kind: str) -> None:
    assert _of(text, kind)


def test_an_appeal_for_a_release_is_no_release() -> None:
    text = ("ALMATY, 4 May 2020 — Dana Serikova appeared at a press conference to appeal for the release of "
            "her brother Erlan Serikov.")
    assert not _of(text, "release")


def test_questioning_for_hours_is_a_summons_and_its_end_no_release() -> None:
    text = ("ALMATY, 4 May 2020 — Erlan Serikov was turned back at the border when he tried to visit his aunt "
            "and was questioned for five hours before being released.")
    assert ("Erlan Serikov",) in _of(text, "summons")
    assert not _of(text, "release")


def test_the_opening_participle_of_a_case_item_is_the_head_persons() -> None:
    text = ("The report describes these cases.\n\n"
            "3. Erlan Serikov, 31, a citizen of Kyrgyzstan. Detained in Artux in August 2017 while visiting "
            "his grandparents. Released in October 2018 after requests from the consulate, he went home.\n")
    assert ("Erlan Serikov",) in _of(text, "detention") + _of(text, "arrest")
    assert ("Erlan Serikov",) in _of(text, "release")
