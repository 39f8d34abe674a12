"""Events that need more than the trigger word: past inability, protest acts, unknown whereabouts,
phone checks, an upheld expulsion, "took his old one", questioning in custody, returns inside a country."""

from __future__ import annotations

import pytest
from events_support import events_in as _events
from events_support import subjects_of as _of


@pytest.mark.parametrize("text", [
    "ALMATY, 4 May 2021 — After her release in 2019, Saule Omarova could not go to the market without permission.",
    ("ALMATY, 4 May 2021 — Saule Omarova returned home in 2019. She could not visit her sister without the "
     "approval of the neighbourhood committee."),
    "ALMATY, 4 May 2021 — In 2019 Saule Omarova could not travel abroad and needed permission to leave the county.",
], ids=["market", "visit-without-approval", "needed-permission-after-could-not"])
def test_could_not_of_a_past_restriction_is_real(text: str) -> None:
    assert ("Saule Omarova",) in _of(text, "restriction")


def test_could_of_a_condition_stays_hypothetical() -> None:
    text = "ALMATY, 4 May 2021 — Lawyers say Saule Omarova could be deported to China and could face arrest."
    assert not _of(text, "deportation") and not _of(text, "arrest")


@pytest.mark.parametrize("text", [
    "ISTANBUL, 4 July 2021 — Aygul Tohti, 30, carried a portrait of her brother outside the consulate.",
    "ALMATY, 4 July 2021 — Aygul Tohti, 30, handed a petition to the Chinese consulate on Monday.",
], ids=["portrait", "petition"])
def test_protest_acts_are_public_statements(text: str) -> None:
    assert ("Aygul Tohti",) in _of(text, "public_statement")


def test_a_defendants_final_word_is_a_public_statement() -> None:
    text = ("ZHARKENT, 9 March 2022 — Marat Isayev stood trial on 8 March 2022. In his final word, "
            "he asked the court for mercy.")
    assert ("Marat Isayev",) in _of(text, "public_statement")


def test_not_knowing_where_someone_is_is_a_disappearance_of_that_person() -> None:
    text = ("ALMATY, 4 May 2021 — Erlan Serikov went to Ghulja in 2018 to visit his mother.\n\n"
            "For two years his wife, Dana Serikova, did not know where he was.")
    assert _of(text, "disappearance") == [("Erlan Serikov",)]


def test_not_knowing_where_a_just_arrested_man_is_held_belongs_to_the_custody() -> None:
    text = ("ALMATY, 4 May 2021 — Erlan Serikov was detained in Ghulja in May 2018. "
            "His wife, Dana Serikova, does not know where he is being held.")
    assert not _of(text, "disappearance")


@pytest.mark.parametrize("text", [
    "ALMATY, 4 May 2021 — Bolat Nurlanov went home to Altay in 2019. Police checked his phone every week.",
    ("ALMATY, 4 May 2021 — Bolat Nurlanov went home to Altay in 2019, where officers forced him to install an app "
     "that monitors his messages."),
], ids=["checked-phone", "install-app"])
def test_phone_checks_and_spyware_are_surveillance(text: str) -> None:
    assert ("Bolat Nurlanov",) in _of(text, "surveillance")


def test_a_court_upholding_an_expulsion_is_a_deportation_order() -> None:
    text = ("OSH, 20 September 2021 — On September 3, a district court ordered the deportation of Daniyar "
            "Abdyraev for violating the rules of stay. On September 10, the regional court upheld that decision.")
    dates = [start for kind, subjects, start in _events(text) if kind == "deportation_order"]
    assert "2021-09-10" in dates


def test_upholding_a_decision_with_no_order_before_is_nothing() -> None:
    text = "OSH, 20 September 2021 — Daniyar Abdyraev sued his employer. On September 10, the court upheld that decision."
    assert not _of(text, "deportation_order")


def test_took_his_old_one_after_a_passport_is_a_confiscation() -> None:
    text = ("BISHKEK, 4 May 2021 — In 2017 Kanat Usenov asked the police in Artux for a new passport. "
            "Instead the police took his old one.")
    assert ("Kanat Usenov",) in _of(text, "confiscation")


def test_took_his_old_one_without_a_thing_named_is_nothing() -> None:
    text = "BISHKEK, 4 May 2021 — Kanat Usenov met the neighbours in 2017. They took his old one."
    assert not _of(text, "confiscation")


def test_interrogation_while_held_is_no_summons() -> None:
    text = ("ALMATY, 4 May 2021 — Gulmira Aset was held for five months in 2018 in a camp in Tacheng. "
            "She says she was interrogated at night.")
    assert not _of(text, "summons")


def test_questioning_after_release_is_a_summons() -> None:
    text = ("ALMATY, 4 May 2021 — Gulmira Aset was held for five months in 2018 and released in 2019. "
            "In 2020 she was interrogated by the police again.")
    assert ("Gulmira Aset",) in _of(text, "summons")


def test_sent_back_to_a_city_of_the_same_country_is_no_deportation() -> None:
    text = ("ALMATY, 4 May 2021 — Mahira Tursun was detained at Urumqi airport in February 2021. "
            "She was released nine days later and sent back to Kashgar.")
    assert not _of(text, "deportation")


def test_sent_back_across_a_border_is_a_deportation() -> None:
    text = ("ALMATY, 4 May 2021 — Mahira Tursun was detained in Almaty in February 2021 "
            "and sent back to Urumqi in March 2021.")
    assert ("Mahira Tursun",) in _of(text, "deportation")


def test_a_final_word_opening_the_sentence_is_the_named_speakers() -> None:
    text = ("ZHARKENT, 9 March 2022 — Marat Isayev and his lawyer, Dana Ospan, spoke on 8 March 2022. "
            "In his final word, Marat Isayev asked the court for mercy.")
    assert ("Marat Isayev",) in _of(text, "public_statement")
    assert ("Dana Ospan",) not in _of(text, "public_statement")
