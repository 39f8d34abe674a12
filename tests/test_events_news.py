"""Events as news articles tell them: advocacy, court press releases, conditions, statistics, captions."""

from __future__ import annotations

import pytest
from events_support import events_in as _events

from aigak.extract.timex import infer_reference_date


def _types(text: str) -> set[str]:
    return {kind for kind, _, _ in _events(text)}


@pytest.mark.parametrize(("text", "kind"), [
    (("ALMATY, 4 May 2020 — Dana Serikova has written to the Foreign Ministry nine times since her brother "
     "was taken away in 2018."), "public_statement"),
    ("ALMATY, 4 May 2020 — On Monday Dana Serikova told reporters that her brother had been held since 2018.",
     "public_statement"),
    (("ALMATY, 4 May 2020 — Outside the consulate Dana Serikova and two neighbours unfolded banners with "
     "photographs of their sons."), "public_statement"),
    ("ALMATY, 4 May 2020 — In April Dana Serikova spoke about her brother at a round table in Bishkek.",
     "public_statement"),
    (("BISHKEK, 2 March 2021 — Aibek Turganov applied for asylum in 2019. His application was rejected in "
     "November 2020."), "asylum_decision"),
    (("BISHKEK, 2 March 2021 — Aibek Turganov said he was interrogated and made to stand for hours with his "
     "hands above his head."), "torture"),
    (("BISHKEK, 2 March 2021 — Aibek Turganov said he was forced to write a letter of thanks to the Party "
     "every week."), "coerced_confession"),
    ("BISHKEK, 2 March 2021 — Aibek Turganov said police had told him that he would be sent back to China.",
     "threat"),
    ("BISHKEK, 2 March 2021 — Aibek Turganov needs permission from the village committee to visit his aunt.",
     "restriction"),
    (("BISHKEK, 2 March 2021 — Aigul Serik said that in 2018 officials from the committee stayed in her home "
     "for a week."), "surveillance"),
    ("BISHKEK, 2 March 2021 — On 5 February Aibek Turganov was expelled through the Torugart checkpoint.",
     "deportation"),
    ("BISHKEK, 2 March 2021 — In May 2017 Aibek Turganov went home to Kashgar to see his mother.", "arrival"),
], ids=["wrote-to-ministry", "told-reporters", "unfolded-banners", "spoke-at-round-table",
        "application-rejected", "made-to-stand", "letter-of-thanks", "told-would-be-sent-back",
        "needs-permission", "cadres-in-home", "expelled-through-checkpoint", "went-home-to"])
def test_news_phrasings_are_events(text: str, kind: str) -> None:
    assert kind in _types(text)


def test_lobbying_told_in_a_first_person_account_is_part_of_the_account() -> None:
    text = "My name is Dana Serikova. My brother was taken away in 2018. I have written to the Foreign Ministry nine times."
    assert "public_statement" not in _types(text)


def test_the_payer_of_a_fine_is_the_one_fined() -> None:
    text = "In 2019 Gulnar Akhmet paid a fine of 5,000 yuan with money lent by her cousin Serik Omarov."
    fines = [e for e in _events(text) if e[0] == "fine"]
    assert fines and fines[0][1] == ("Gulnar Akhmet",)


@pytest.mark.parametrize("text", [
    "Rights groups say Erlan Bekov, a Uyghur refugee, faces arbitrary detention and torture if returned to China.",
    "Lawyers asked to meet Erlan Bekov in detention in May 2021.",
], ids=["condition-after-trigger", "where-he-is-held"])
def test_conditions_and_places_of_custody_are_no_new_events(text: str) -> None:
    assert not _types(text) & {"torture", "arrest", "detention"}


def test_a_count_of_convicted_persons_is_a_statistic() -> None:
    text = ("TARAZ, 3 June 2023. The court fined Marat Usenov for crossing the border. In total, 14 persons were "
            "convicted of such crimes last year.")
    proceedings = [e for e in _events(text) if e[0] == "criminal_proceeding"]
    assert len(proceedings) <= 1


def test_a_repeated_summons_over_two_years_is_one_event() -> None:
    text = "Nurbol Kadyr was summoned by police four times in 2018 and 2019 and questioned about his relatives."
    assert [e[2] for e in _events(text) if e[0] == "summons"] == ["2018"]


def test_a_relative_clause_about_an_unnamed_relative_is_not_the_named_persons() -> None:
    text = "ALMATY, 4 May 2020 — Aigerim Nurlan and her husband have a brother who died in custody in 2019."
    assert "death" not in _types(text)


def test_a_photo_caption_restates_and_adds_no_event() -> None:
    text = ("On 8 May Saule Amanova protested outside the court in Osh.\n\n"
            "Photo: Saule Amanova with her grandson at a picket, 8 May.\n")
    assert [e[1] for e in _events(text) if e[0] == "public_statement"] == [("Saule Amanova",)]


def test_a_date_in_a_relative_clause_does_not_date_the_main_verb() -> None:
    text = ("ALMATY, 12 March 2021 — On 10 March Kairat Esim, who had been warned for a picket in January, "
            "was sentenced to ten days of administrative arrest.")
    assert all(e[2] != "2021-01" for e in _events(text) if e[0] in ("criminal_proceeding", "detention"))


def test_a_site_stamp_line_dates_the_text() -> None:
    text = "News / Courts\n22.10.2022 09:14 · Views: 1 204\n\nA court in Osh sentenced a man on Monday.\n"
    assert infer_reference_date(text) == "2022-10-22"
