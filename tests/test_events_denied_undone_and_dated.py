"""What a source denies or undoes is not an event, and dates that belong to another clause stay there.

A lawyer reads the timeline as what happened: a torture the police deny, a deportation order that a court
suspended, an application that was withdrawn must not appear as a new torture, order or application.
"""

from __future__ import annotations

import pytest
from events_support import events_in

from aigak.extract.run import extract_text

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


@pytest.mark.parametrize(("sentence", "kind"), [
    ("Human Rights Watch researcher Lena Ortiz said in a statement on 2 June 2022 that the charges were baseless.",
     "public_statement"),
    ("On 5 June 2022 Dauletova held a vigil outside the migration centre in Almaty.", "public_statement"),
    ("Dauletova took part in several protests in Almaty in 2021.", "public_statement"),
    ("Dauletova began speaking publicly about the camps in 2021.", "public_statement"),
    ("On 12 June 2022 the migration department issued a deportation decision against Dauletova.", "deportation_order"),
    ("On 14 June 2022 Dauletova was put on a flight to Urumqi.", "deportation"),
    ("In 2008 Dauletova brought her two children to Kazakhstan.", "arrival"),
    ("In 2017 Dauletova travelled to Istanbul with her children.", "arrival"),
    ("In June 2018 a doctor fitted Dauletova with an intrauterine device without her consent.", "sexual_violence"),
    ("In 2019 Dauletova was sent back to her village under the supervision of local officials.", "surveillance"),
    ("In April 2018 Dauletova was called to the neighbourhood committee office and never came home.", "disappearance"),
    ("In April 2018 Dauletova was called to the neighbourhood committee office.", "summons"),
    ("In August 2018 Dauletova was questioned for a whole day.", "summons"),
    ("In February 2018 police took Dauletova from the family home.", "arrest"),
    ("Dauletova asked the Interior Ministry to grant her temporary asylum in 2021.", "asylum_application"),
], ids=["said-in-a-statement", "vigil", "took-part-in-protests", "began-speaking-publicly", "deportation-decision",
        "put-on-a-flight", "brought-children", "travelled-to", "iud-fitted", "under-supervision", "never-came-home",
        "called-to-the-committee", "questioned-all-day", "taken-from-home", "temporary-asylum"])
def test_plain_news_wordings_of_events(sentence: str, kind: str) -> None:
    assert kind in [k for k, _, _ in events_in(HEAD + sentence)], events_in(HEAD + sentence)


@pytest.mark.parametrize("sentence", [
    "Last year Dauletova travelled to Geneva to testify before a UN committee.",
    "Her lawyer filed an application for his client's release.",
    "He expected the court to rule on the release request within weeks.",
], ids=["a-trip-is-no-arrival", "release-applied-for", "release-request"])
def test_trips_and_requests_are_not_moves_or_releases(sentence: str) -> None:
    kinds = [k for k, _, _ in events_in(HEAD + sentence)]
    assert "arrival" not in kinds and "release" not in kinds, kinds


def test_not_able_to_reach_someone_since_is_their_disappearance_not_the_callers() -> None:
    text = HEAD + "Her father Berik Dauletov lives in Ghulja; she has not been able to reach him since May 2022."
    assert ("disappearance", ("Berik Dauletov",), "2022-05") in events_in(text)


def test_a_relative_clauses_date_does_not_date_the_main_verb() -> None:
    text = ("Court news\n\nDUSHANBE, 23 October 2024 — A Tajik activist who was forcibly returned from Russia in "
            "August has been sentenced to 12 years in prison. Rustam Sharipov, 38, was found guilty on October 21.\n")
    found = events_in(text)
    assert ("deportation", ("Rustam Sharipov",), "2024-08") in found
    assert not [e for e in found if e[0] == "criminal_proceeding" and e[2] == "2024-08"], found


def test_a_date_opening_a_relative_clause_dates_its_verb() -> None:
    text = ("News\n\nALMATY, 8 October 2019 — Qanat Serikuly left behind a wife and a younger brother who in 2016 "
            "was sent to a camp.\n")
    assert [start for kind, _, start in events_in(text) if kind == "detention"] == ["2016"]


def test_a_statement_is_not_dated_by_what_it_reports() -> None:
    text = ("Court news\n\nBISHKEK, 23 June 2022 — The Bishkek City Court heard the case of Gulzat Toktorbek kyzy "
            "on June 22.\n\nSpeaking in Kyrgyz, Toktorbek kyzy told the court that in 2018 she had been held for "
            "eight months in a camp.\n")
    statements = [start for kind, _, start in events_in(text) if kind == "public_statement"]
    assert statements and "2018" not in statements, events_in(text)


@pytest.mark.parametrize("sentence", [
    "Since then the village committee has given Dauletova 300 yuan a month for food.",
    "A court hearing on her extradition itself is scheduled for 3 July 2022.",
    "The hearing was postponed five times.",
    "In May 2022 a court in Omsk ordered Dauletova's arrest in absentia.",
    "\"Send me to any country that will take me,\" Dauletova said.",
], ids=["a-monthly-allowance", "hearing-scheduled", "hearing-postponed", "arrest-in-absentia", "will-take-me"])
def test_what_is_not_a_sentence_hearing_or_arrest(sentence: str) -> None:
    kinds = [k for k, _, _ in events_in(HEAD + sentence)]
    assert "criminal_proceeding" not in kinds and "arrest" not in kinds, kinds


def test_a_new_verb_after_a_charge_is_an_event() -> None:
    text = HEAD + "On 3 June 2022 police accused Dauletova of bribery and locked her up for 24 hours."
    assert "detention" in [k for k, _, _ in events_in(text)]


def test_a_date_after_a_semicolon_dates_the_next_clause() -> None:
    text = HEAD + ("On 18 November 2021 police detained Dauletova and held her for five hours; two days later a "
                   "court fined her 25,000 tenge.")
    found = events_in(text)
    assert ("fine", ("Aliya Dauletova",), "2021-11-20") in found
    assert all(start == "2021-11-18" for kind, _, start in found if kind in ("arrest", "detention")), found


def test_an_administrative_expulsion_ordered_is_a_deportation_order() -> None:
    text = HEAD + "On 25 May 2021 the court fined Dauletova and ordered her administrative expulsion from the country."
    assert "deportation_order" in [k for k, _, _ in events_in(text)]


@pytest.mark.parametrize(("sentence", "kind"), [
    ("On 21 May 2022 the court ordered Dauletova to leave the country within thirty days.", "deportation_order"),
    ("Her brother, Nurlan, was also taken, in 2018.", "arrest"),
    ("Since 2019 police have been summoning Dauletova to the local station every week.", "summons"),
    ("In 2022 security officers twice questioned her in Nukus.", "summons"),
    ("Dauletova's mother has twice been visited by police officers in Barnaul.", "summons"),
    ("In November 2021 her husband followed her to Kazakhstan.", "arrival"),
    ("In October 2017 village officials collected the passports of Dauletova and her husband.", "confiscation"),
    ("In March 2018 officials took Dauletova's bank card.", "confiscation"),
    ("In October 2022 Dauletova published a series of posts and videos about the camps.", "public_statement"),
    ("In 2021 Dauletova spoke at gatherings in Almaty.", "public_statement"),
    ("Her mother is still inside.", "detention"),
    ("On 2 August 2019 Dauletova arrived in Kyrgyzstan via the Irkeshtam pass.", "border_crossing"),
    ("In 2018 they made her sign a paper saying she had met extremists.", "coerced_confession"),
    ("In March 2022 an Almaty court ordered the migration service to review her asylum case.", "asylum_decision"),
], ids=["ordered-to-leave", "also-taken", "summoning", "questioned-her", "visited-by-police", "followed-her-to",
        "passports-of", "bank-card", "series-of-posts", "spoke-at-gatherings", "still-inside", "arrived-via-a-pass",
        "made-to-sign-a-paper", "court-orders-a-review"])
def test_more_news_wordings_of_events(sentence: str, kind: str) -> None:
    assert kind in [k for k, _, _ in events_in(HEAD + sentence)], events_in(HEAD + sentence)


def test_called_to_the_station_and_detained_is_one_detention() -> None:
    kinds = [k for k, _, _ in events_in(HEAD + "In February 2022 she was called to the local police station and detained.")]
    assert "arrest" in kinds and kinds.count("summons") == 1  # the questioning of 1 June only


def test_and_had_been_after_said_shares_the_reported_subject() -> None:
    text = HEAD + "Dauletova said her mother, Gulsim Abenova, still lives in Tacheng and had been questioned by police in 2021."
    assert ("summons", ("Gulsim Abenova",), "2021") in events_in(text)


@pytest.mark.parametrize("sentence", [
    "On 25 October 2023 a court ordered that Dauletova be deported to China.",
    "On 25 October 2023 a court ordered that Dauletova be extradited to China.",
    "A court in Almaty ordered the extradition of Dauletova on 25 October 2023.",
    "Dauletova, whose extradition was ordered on 25 October 2023, remains in custody.",
], ids=["ordered-that-deported", "ordered-that-extradited", "ordered-the-extradition", "extradition-was-ordered"])
def test_an_order_to_return_someone_is_an_order_not_a_deportation(sentence: str) -> None:
    kinds = [k for k, _, _ in events_in(HEAD + sentence)]
    assert "deportation_order" in kinds and "deportation" not in kinds, kinds


def test_a_refusal_after_an_apposed_filing_date_is_dated_by_its_own_date() -> None:
    text = HEAD + "Her asylum application, filed on 1 September 2021, was rejected on 10 January 2022."
    assert ("asylum_decision", ("Aliya Dauletova",), "2022-01-10") in events_in(text)


@pytest.mark.parametrize("sentence", [
    "She was released on 15 October 2021. Her father, Berik Dauletov, 68, remains in detention in Ili.",
    "Her asylum claim was filed on 30 September 2021. Her son Aibek Dauletov, 24, is still detained in Xinjiang.",
], ids=["remains-in-detention", "still-detained"])
def test_a_stay_that_goes_on_is_no_arrest_on_the_stories_last_date(sentence: str) -> None:
    found = [(k, start) for k, subjects, start in events_in(HEAD + sentence) if subjects != ("Aliya Dauletova",)]
    assert found == [("detention", None)], found


def test_dying_in_detention_is_no_second_arrest() -> None:
    text = HEAD + "Her mother-in-law, Gulsim Abenova, was arrested in 2019 and died in detention in February 2021."
    kinds = [(k, start) for k, subjects, start in events_in(text) if subjects == ("Gulsim Abenova",)]
    assert ("arrest", "2019") in kinds and ("death", "2021-02") in kinds and len(kinds) == 2, kinds


@pytest.mark.parametrize("sentence", [
    "Her lawyer said the asylum hearing of Dauletova is on 20 December 2023.",
    "Dauletova said her asylum hearing will be held on 20 December 2023.",
], ids=["asylum-hearing-is-on", "will-be-held"])
def test_an_asylum_hearing_ahead_is_no_criminal_proceeding(sentence: str) -> None:
    assert "criminal_proceeding" not in [k for k, _, _ in events_in(HEAD + sentence)]


def test_the_relative_in_a_relative_clause_is_not_the_subject_of_the_verb_after_it() -> None:
    text = HEAD + "Kuanysh Dauletov, 41, who visited his mother in Ghulja, was arrested on 3 January 2022."
    assert ("arrest", ("Kuanysh Dauletov",), "2022-01-03") in events_in(text)


def test_detained_again_after_a_release_is_a_second_detention() -> None:
    text = ("News\n\nALMATY, 2 February 2024 — Bakytgul Orazbai, 45, who spent twenty months in a camp in Ghulja, was "
            "released in December 2019. She was detained again in Ghulja in March 2021 for three weeks.\n")
    result = extract_text(text)
    custody = sorted((e["start"], e["end"]) for e in result["events"] if e["type"] in ("arrest", "detention"))
    # the first stay ends with the release and began twenty months before it; "again" is another detention
    assert custody == [("2018-04", "2019-12"), ("2021-03", None)], custody


def test_a_range_closes_the_stay_and_a_decided_application_is_no_new_one() -> None:
    text = ("News\n\nALMATY, 5 October 2023 — A court in Almaty on Tuesday annulled the refusal of Asylbek Kenzhebayev's "
            "refugee application. Kenzhebayev was held in a camp in Ghulja from April 2018 to December 2019, he told "
            "the court.\n")
    result = extract_text(text)
    custody = [(e["start"], e["end"]) for e in result["events"] if e["type"] == "detention"]
    assert custody == [("2018-04", "2019-12")]
    kinds = [e["type"] for e in result["events"]]
    assert "asylum_application" not in kinds, "the application decided on is no new one"
