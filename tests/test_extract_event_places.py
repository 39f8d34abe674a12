"""Where events happened: the trigger's clause, the sentence's frame, the destination of a move, the subject's last place."""

from __future__ import annotations

from typing import Any

import pytest

from aigak.extract.event_places import PlaceRef, SubjectLocations, clause_place
from aigak.extract.run import extract_text


def _placed(text: str) -> list[tuple[str, str | None]]:
    result = extract_text(text)
    names = {e["id"]: e.get("name") for e in result["entities"]}
    return [(ev["type"], names.get(ev["place"]) if ev["place"] else None) for ev in result["events"]]


def _place_of(text: str, event_type: str) -> str | None:
    found = [place for kind, place in _placed(text) if kind == event_type]
    assert found, (event_type, _placed(text))
    return found[0]


@pytest.mark.parametrize(("text", "event_type", "place"), [
    ("Police detained Nurlan Temirov in Kashgar on 3 May 2018.", "arrest", "Kashgar"),
    ("Officers took Nurlan Temirov to a camp outside Tacheng in 2018.", "detention", "Tacheng"),
    ("On 2 May 2021 a court in Zharkent fined Nurlan Temirov 40,000 tenge.", "fine", "Zharkent"),
    ("Border guards detained Nurlan Temirov at the border post of Bakhty on 5 January 2020.", "arrest", "Bakhty"),
    ("In Almaty, police detained Nurlan Temirov on 9 March 2021.", "arrest", "Almaty"),
    ("Nurlan Temirov was detained in a village near Hotan in June 2019.", "arrest", "Hotan"),
    ("Police detained Nurlan Temirov the next morning outside the village of Sarybel.", "arrest", "Sarybel"),
], ids=["after-trigger", "camp-outside", "court-in-place", "border-post-of", "sentence-frame", "village-near",
        "unknown-village"])
def test_place_in_the_trigger_clause(text: str, event_type: str, place: str) -> None:
    assert _place_of(text, event_type) == place


@pytest.mark.parametrize(("text", "place"), [
    ("On 3 March 2020 Aset Nurlanuly crossed into Kazakhstan.", "Kazakhstan"),
    ("On 3 March 2020 Aset Nurlanuly crossed from China into Kazakhstan.", "Kazakhstan"),
    ("On 3 March 2020 Aset Nurlanuly crossed into Kazakhstan at Khorgos.", "Khorgos"),
    ("Aset Nurlanuly, who was born in Ghulja, crossed the border into Kazakhstan in 2020.", "Kazakhstan"),
], ids=["into-country", "origin-is-not-the-place", "crossing-point-beats-country", "birthplace-aside"])
def test_movement_takes_its_destination(text: str, place: str) -> None:
    assert _place_of(text, "border_crossing") == place


@pytest.mark.parametrize(("text", "event_type"), [
    ("Madina Serikova, a Uyghur from Ghulja, was detained on 4 April 2019.", "arrest"),
    ("Madina Serikova, whose brother is held in Urumqi, was fined 30,000 tenge on 4 April 2021.", "fine"),
    ("Madina Serikova, a citizen of China, was detained on 4 April 2019.", "arrest"),
    ("Madina Serikova stood outside the Consulate General of China on 4 April 2021 holding a sign.", "public_statement"),
], ids=["origin", "relative-clause", "citizenship", "place-inside-an-organisation-name"])
def test_places_that_only_describe_are_not_event_places(text: str, event_type: str) -> None:
    assert _place_of(text, event_type) is None


def test_where_clause_refers_back_to_its_place() -> None:
    text = "In 2017 Aigerim Tolegenova went to China, where she was detained and thrown in prison."
    assert _place_of(text, "detention") == "China" or _place_of(text, "arrest") == "China"


def test_owner_country_gives_way_to_the_place_it_owns() -> None:
    text = "Police detained Aigerim Tolegenova in China's Ili prefecture in 2018."
    assert _place_of(text, "arrest") != "China"


def test_event_without_a_place_takes_the_subjects_last_place() -> None:
    text = ("In May 2018 police took Bolat Omarov to a camp in Tacheng. "
            "There guards beat him every week. He was released in March 2019.")
    placed = dict(_placed(text))
    assert placed["torture"] == "Tacheng"
    assert placed["release"] == "Tacheng"


def test_last_place_comes_from_where_the_text_says_someone_lives() -> None:
    text = "Bolat Omarov stayed behind in Tacheng with his parents. He was detained in February 2018."
    assert _place_of(text, "arrest") == "Tacheng"


def test_last_place_does_not_pass_to_another_person() -> None:
    text = ("In May 2018 police took Bolat Omarov to a camp in Tacheng. "
            "His sister Dana Omarova was summoned by the police in March 2019.")
    assert _place_of(text, "summons") is None


def test_flight_and_distance_clear_the_last_place() -> None:
    where = SubjectLocations()
    where.put(["p1"], "l1", 0)
    assert where.place("p1", 100) == "l1"
    assert where.place("p1", 5000) is None  # too far back to hold
    where.put(["p1"], None, 200)
    assert where.place("p1", 210) is None


def test_a_country_does_not_replace_a_place_inside_it_unless_the_person_moved() -> None:
    where = SubjectLocations(countries={"city": ("city", "KZ"), "kz": ("country", "KZ")})
    where.put(["p1"], "city", 0)
    where.put(["p1"], "kz", 10)
    assert where.place("p1", 20) == "city"
    where.put(["p1"], "kz", 30, moved=True)
    assert where.place("p1", 40) == "kz"


def test_clause_place_reads_a_sentence_without_the_pipeline() -> None:
    text = "A court in Taraz sentenced Erlan to three years, his lawyer in Almaty said."
    places = [PlaceRef("taraz", 11, 16, "city"), PlaceRef("almaty", 62, 68, "city")]
    start = text.index("sentenced")
    assert clause_place(text, "criminal_proceeding", start, start + 9, 0, len(text), places) == "taraz"


def test_dateline_is_not_the_place_of_an_event() -> None:
    text = "ALMATY, 12 March 2021 — Relatives say Dana Omarova was detained on 2 March 2021.\n"
    assert _place_of(text, "arrest") is None


def test_placed_events_keep_their_places_in_the_json(**_: Any) -> None:
    result = extract_text("Police detained Nurlan Temirov in Kashgar on 3 May 2018.")
    place_ids = {e["id"] for e in result["entities"] if e["kind"] == "place"}
    assert all(ev["place"] in place_ids for ev in result["events"] if ev["place"])


@pytest.mark.parametrize(("text", "event_type", "place"), [
    ("Erlan Dosov died on Feb. 3 in a prison hospital in Hotan, his sister said.", "death", "Hotan"),
    (("On the same day Erlan Dosov was detained by officers of the Border Service of the National Security "
      "Committee in the vicinity of the village of Koktal."), "arrest", "Koktal"),
    ("Ms Berik, a nurse from Tekes county, was detained at her home on 3 May 2018.", "arrest", "Tekes County"),
    (("Erlan Dosov, who had lived in Osh for years, was handed over to Chinese officials at the Irkeshtam "
      "checkpoint on Monday."), "deportation", "Irkeshtam"),
    ("On 4 May the Leninsky District Court of Bishkek ordered the deportation of Erlan Dosov.",
     "deportation_order", "Bishkek"),
    (("Police in the Kazakh capital of Astana detained Erlan Dosov at the airport on 6 May 2022 as he "
      "attempted to board a flight to Armenia."), "arrest", "Astana"),
    ("Ulan Mamytov, 27, a resident of Osh, was detained on 10 November 2023.", "arrest", "Osh"),
], ids=["abbreviated-month", "passive-agent", "home-is-origin", "crossing-point-of-deportation",
        "court-of-deportation-order", "travel-destination-is-not-the-place", "resident-of"])
def test_place_rules_of_the_clause(text: str, event_type: str, place: str) -> None:
    assert _place_of(text, event_type) == place


def test_reported_place_is_not_where_a_statement_was_made() -> None:
    text = "On 2 May 2021 Aliya Nurova told reporters that her sons had been held in a camp in Hotan since 2017."
    assert _place_of(text, "public_statement") is None


def test_hearing_told_in_parts_stays_at_the_court() -> None:
    text = ("The trial of Erlan Dosov opened at the Urzhar District Court on 3 May 2022.\n\n"
            "Erlan Dosov told the court that he had worked at a factory in Hotan.\n\n"
            "The judge read out the verdict. Erlan Dosov was found guilty and sentenced to one year of restricted freedom.")
    placed = _placed(text)
    assert ("public_statement", "Urzhar") in placed
    assert all(place == "Urzhar" for kind, place in placed if kind == "criminal_proceeding"), placed
