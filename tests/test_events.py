"""Stage 7: events with subjects, dates, places, amounts; episodes; what is not an event."""

from __future__ import annotations

from typing import Any

import pytest

from aigak.extract.run import extract_text

TESTIMONY = (
    "Berik Sultanbekuly is 41 years old. In May 2017 police came and took him to a camp in Tacheng. "
    "“They beat me and forced me to sign a false confession,” Berik said. He says he spent two years and "
    "three months in the camp. “In August 2019 I was released. After that I was under house arrest. "
    "Then they made me pay a 20,000 yuan fine,” he continued. Those who are released from the camps must "
    "attend classes. On 3 March 2020 he crossed the border into Kazakhstan. Two days later he reached Almaty. "
    "His lawyer says he could face extradition if the court refuses him asylum.\n"
)


def _events(result: dict[str, Any]) -> list[tuple[str, tuple[str, ...], str | None, str | None]]:
    names = {e["id"]: e.get("name") or e.get("description") for e in result["entities"]}
    return [(ev["type"], tuple(names[s] for s in ev["subjects"]), ev["start"], ev["end"]) for ev in result["events"]]


@pytest.fixture(scope="module")
def result() -> dict[str, Any]:
    return extract_text(TESTIMONY)


def test_detention_episode_has_start_and_end_from_duration(result: dict[str, Any]) -> None:
    detentions = [e for e in _events(result) if e[0] == "detention"]
    assert detentions == [("detention", ("Berik Sultanbekuly",), "2017-05", "2019-08")]


def test_first_person_quote_resolves_to_speaker(result: dict[str, Any]) -> None:
    types = {e[0]: e for e in _events(result)}
    for kind in ("torture", "coerced_confession", "release", "house_arrest", "fine"):
        assert types[kind][1] == ("Berik Sultanbekuly",), kind
    assert types["release"][2] == "2019-08"


def test_fine_carries_its_amount(result: dict[str, Any]) -> None:
    fine = next(e for e in result["events"] if e["type"] == "fine")
    assert fine["amount"] == {"value": 20000, "currency": "CNY"}


def test_crossing_and_arrival_are_dated_and_placed(result: dict[str, Any]) -> None:
    places = {e["id"]: e["name"] for e in result["entities"] if e["kind"] == "place"}
    by_type = {e["type"]: e for e in result["events"]}
    assert by_type["border_crossing"]["start"] == "2020-03-03"
    assert places[by_type["border_crossing"]["place"]] == "Kazakhstan"
    assert by_type["arrival"]["start"] == "2020-03-05"
    assert places[by_type["arrival"]["place"]] == "Almaty"


def test_generic_claims_and_hypothetical_outcomes_are_not_events(result: dict[str, Any]) -> None:
    types = [e[0] for e in _events(result)]
    assert "deportation" not in types and "deportation_order" not in types
    assert types.count("release") == 1


def test_events_are_grounded_in_the_body(result: dict[str, Any]) -> None:
    body_start, body_end = result["document"]["body"]
    for ev in result["events"]:
        assert ev["evidence"] and all(body_start <= s < e <= body_end for s, e in ev["evidence"])
        assert 0 < ev["confidence"] <= 1


@pytest.mark.parametrize(("text", "kind"), [
    ("Police arrested Daulet Yesenov at the airport on 6 December 2022.", "arrest"),
    ("A court fined Daulet Yesenov 50,000 tenge on 2 May 2021.", "fine"),
    ("On 9 May 2021 Daulet Yesenov held a press conference in Almaty.", "public_statement"),
    ("Daulet Yesenov applied for asylum in Kazakhstan in June 2021.", "asylum_application"),
    ("Daulet Yesenov was deported to China on 4 July 2021.", "deportation"),
    ("Daulet Yesenov fled Xinjiang in 2018.", "flight"),
], ids=["arrest", "fine", "press-conference", "asylum", "deportation", "flight"])
def test_trigger_types(text: str, kind: str) -> None:
    types = [e[0] for e in _events(extract_text(text))]
    assert kind in types


@pytest.mark.parametrize("text", [
    "Daulet Yesenov could be deported to China.",
    "If returned, Daulet Yesenov would face torture.",
    "Daulet Yesenov was not arrested.",
    "Daulet Yesenov faces extradition to Russia.",
], ids=["could", "if-returned", "negated", "faces"])
def test_modal_negated_and_pending_are_not_events(text: str) -> None:
    assert extract_text(text)["events"] == []


def test_interview_transcript_speaks_for_the_witness() -> None:
    text = ("Q: Please tell us your name.\nA: My name is Bakhyt Omarov. I am forty years old.\n"
            "Q: When did they take you?\nA: On 3 May 2018 police took me to a camp in Tacheng.\n"
            "Q: When did you get to Almaty?\nA: On 16 January 2020.\n")
    result = extract_text(text)
    names = {e["id"]: e["name"] for e in result["entities"] if e["kind"] == "person"}
    witness = next(e for e in result["entities"] if e.get("name") == "Bakhyt Omarov")
    assert witness["attributes"]["age"] == 40
    events = {(e["type"], tuple(names[s] for s in e["subjects"]), e["start"]) for e in result["events"]}
    assert ("detention", ("Bakhyt Omarov",), "2018-05-03") in events
    assert ("arrival", ("Bakhyt Omarov",), "2020-01-16") in events


def test_the_father_resolves_through_named_kinship() -> None:
    text = ("Yerbol Askaruly held a photograph of his son, Daniyar Yerbolov. Daniyar was detained in 2018. "
            "On 5 March 2021 police took the father away and held him for six hours.")
    names = {e["id"]: e["name"] for e in extract_text(text)["entities"] if e["kind"] == "person"}
    events = extract_text(text)["events"]
    recent = [e for e in events if e["start"] == "2021-03-05"]
    assert recent and all(names[s] == "Yerbol Askaruly" for e in recent for s in e["subjects"])


@pytest.mark.parametrize(("text", "forbidden"), [
    ("Her trial opened on 18 May 2021; the next hearing is set for 21 June.", "2021-06-21"),
    ("Asel Nurova, whose husband has been held in Ghulja since 2018, picketed the consulate on 4 March 2021.",
     None),
], ids=["scheduled-hearing", "whose-clause"])
def test_scheduled_hearings_and_relative_clauses(text: str, forbidden: str | None) -> None:
    result = extract_text("Asel Nurova is an activist. " + text)
    names = {e["id"]: e.get("name") or e.get("description") for e in result["entities"]}
    assert forbidden not in {e["start"] for e in result["events"]}
    picket = [e for e in result["events"] if e["type"] == "public_statement"]
    for e in picket:
        assert [names[s] for s in e["subjects"]] == ["Asel Nurova"]


def test_rejected_claim_is_a_decision_not_an_application() -> None:
    text = "Gulnur Memetova's asylum claim was rejected in August 2021."
    types = [e["type"] for e in extract_text(text)["events"]]
    assert types == ["asylum_decision"]


def test_counted_group_is_bound_to_the_people_named_next() -> None:
    text = ("On 9 May 2021, two prominent activists held a press conference in Almaty. "
            "“We demand their release,” said Aliya Dosova. Her colleague Bolat Nurkenov added that letters "
            "had been sent to the ombudsman.")
    result = extract_text(text)
    names = {e["id"]: e["name"] for e in result["entities"] if e["kind"] == "person"}
    statement = next(e for e in result["events"] if e["type"] == "public_statement")
    assert sorted(names[s] for s in statement["subjects"]) == ["Aliya Dosova", "Bolat Nurkenov"]
    assert statement["start"] == "2021-05-09"


def _named_events(text: str) -> list[tuple[str, tuple[str, ...], str | None]]:
    result = extract_text(text)
    names = {e["id"]: e.get("name") or e.get("description") for e in result["entities"]}
    return [(e["type"], tuple(names[s] for s in e["subjects"]), e["start"]) for e in result["events"]]


def test_two_coordinated_dates_are_two_events() -> None:
    text = "Elmira Bekova spoke about her husband's case at press conferences in Almaty in June 2018 and in May 2019."
    statements = [e for e in _named_events(text) if e[0] == "public_statement"]
    assert statements == [("public_statement", ("Elmira Bekova",), "2018-06"),
                          ("public_statement", ("Elmira Bekova",), "2019-05")]


def test_testimony_in_court_and_a_release_in_the_gerund() -> None:
    text = ("On 3 May 2021 police held Serik Dosov for six hours before releasing him. "
            "At the hearing on 10 June 2021, Dosov told the court that he had been beaten.")
    types = {e[0]: e for e in _named_events(text)}
    assert types["release"][1] == ("Serik Dosov",)
    assert types["public_statement"][1:] == (("Serik Dosov",), "2021-06-10")


def test_a_lawyers_client_is_the_person_they_represent() -> None:
    text = ("Askar Temirov was detained on 3 March 2022. His lawyer, Dana Ospanova, said her client had asked "
            "the border guards for asylum the same day.")
    assert ("asylum_application", ("Askar Temirov",), "2022-03-03") in _named_events(text)


def test_a_trigger_inside_a_relative_clause_takes_no_date_from_outside_it() -> None:
    text = ("In the spring of 2018 police took Erlan Bek from his pasture. His family, who were never told where he "
            "was held, learnt of his death on 3 March 2019.")
    dates = {e[2] for e in _named_events(text) if e[0] in ("arrest", "detention")}
    assert "2019-03-03" not in dates


def test_mother_and_father_told_of_in_one_sentence_are_two_people() -> None:
    text = ("Dana Nurova told reporters on 8 October 2019 that her mother is held in Xinjiang and that her father "
            "has not been seen since last year.")
    result = extract_text(text)
    parents = [e for e in result["entities"] if e.get("description") in ("mother", "father")]
    assert sorted(p["description"] for p in parents) == ["father", "mother"]
    kinds = {e[0]: e[1] for e in _named_events(text)}
    assert kinds["disappearance"] == ("father",)


@pytest.mark.parametrize(("text", "expected"), [
    (("Alibek Sadyr went to China in 2018 to visit his grandfather and was taken by police in Khorgos on "
     "14 March."), ("arrest", ("Alibek Sadyr",), "2018-03-14")),
    ("Client: Berik Oralbek. His 72-year-old father lives in Tacheng. In May 2020 police summoned the father.",
     ("summons", ("father",), "2020-05")),
    ("A court in Urumqi gave Erlan Daukenuly ten years in May 2019.",
     ("criminal_proceeding", ("Erlan Daukenuly",), "2019-05")),
    ("Askar Bolat was arrested on 15 May 2020 and charged under Article 392 of the Criminal Code.",
     ("criminal_proceeding", ("Askar Bolat",), "2020-05-15")),
    (("Askar Bolat applied for asylum in 2020. His application for asylum, lodged on 10 August 2020, was rejected "
     "by the migration commission on 2 February 2021."), ("asylum_decision", ("Askar Bolat",), "2021-02-02")),
    ("Aida Nur has been a recognised refugee in Kazakhstan since 2020.", ("asylum_decision", ("Aida Nur",), "2020")),
    ("Dilnaz Akhmet flew from Istanbul to Urumqi on 28 April 2024.", ("arrival", ("Dilnaz Akhmet",), "2024-04-28")),
    ("In 2022 Zhanar Beisen travelled to Geneva to testify before a UN committee.",
     ("public_statement", ("Zhanar Beisen",), "2022")),
], ids=["coordinated-passive-shares-the-subject", "the-father-is-the-unnamed-father", "gave-him-years",
        "charged-under-article", "application-rejected-by", "recognised-refugee", "flew-from-to", "testify-before"])
def test_event_shapes_of_case_notes_and_profiles(text: str, expected: tuple[str, tuple[str, ...], str]) -> None:
    assert expected in [(kind, subjects, start) for kind, subjects, start, _ in _events(extract_text(text))]


def test_attending_a_hearing_is_no_proceeding_against_the_onlooker() -> None:
    text = "Kaisar Omarkhanov is on trial in Oskemen. His uncle Bakyt Ospan attended the hearing on 16 March 2022."
    assert not [e for e in _events(extract_text(text)) if e[0] == "criminal_proceeding" and "Bakyt Ospan" in e[1]]


@pytest.mark.parametrize(("text", "expected"), [
    ("Ablimit Qurban was ordered not to leave the neighbourhood in 2023.", ("restriction", ("Ablimit Qurban",))),
    ("Since 2019 Abdulla Tursun has spoken at several rallies outside the Chinese consulate.",
     ("public_statement", ("Abdulla Tursun",))),
    (("Abdulla Tursun lives in Istanbul. In March the consulate refused to renew his sister's passport; the sister, "
     "Aygul Tursun, 27, is a student in Ankara."), ("restriction", ("Aygul Tursun",))),
], ids=["ordered-not-to-leave", "rallies", "passport-not-renewed-is-the-owners"])
def test_restrictions_and_advocacy_in_feature_writing(text: str, expected: tuple[str, tuple[str, ...]]) -> None:
    assert expected in [(kind, subjects) for kind, subjects, _, _ in _events(extract_text(text))]


@pytest.mark.parametrize(("text", "expected"), [
    (("Rustam Yusupov was detained in February. His wife, Dilfuza Yusupova, told the court that her husband had "
     "fled Andijan in 2016."), ("flight", ("Rustam Yusupov",))),
    ("Rustam Yusupov fled Andijan after two of his cousins were arrested in 2015.", ("arrest", ("cousins",))),
], ids=["her-husband-is-the-named-spouse", "nested-possessive-is-not-the-subject"])
def test_subjects_of_relatives_in_reported_speech(text: str, expected: tuple[str, tuple[str, ...]]) -> None:
    assert expected in [(kind, subjects) for kind, subjects, _, _ in _events(extract_text(text))]


def test_a_dateline_closed_by_a_full_stop_dates_the_text() -> None:
    result = extract_text("Bishkek, 27 April 2022. A court in Bishkek on Tuesday approved the extradition of "
                          "Rustam Yusupov to Uzbekistan.")
    assert result["document"]["reference_date"] == "2022-04-27"
    assert ("deportation_order", ("Rustam Yusupov",), "2022-04-26", None) in _events(result)


def test_a_date_after_a_clause_and_a_full_stop_is_no_dateline() -> None:
    result = extract_text("Berik Sadyq was held in Ghulja, 5 May 2018. Then he was released in June 2019.")
    assert result["document"]["reference_date"] != "2018-05-05"


@pytest.mark.parametrize(("text", "expected"), [
    (("According to his aunt, Gulmira Toktosunova, the young man Nurlan Asylbek was held for fourteen months in a "
     "camp in Ghulja and was released in August 2020."), ("release", ("Nurlan Asylbek",))),
    ("Nurlan Asylbek was released in August 2020 on condition that he report to the local police every week.",
     ("surveillance", ("Nurlan Asylbek",))),
    (("Mehmet Tokhti, 68, has been missing since January 2017. His daughter Zulfiya Mehmet, a Kazakh citizen, "
     "learned in 2021 that he had died in detention."), ("death", ("Mehmet Tokhti",))),
    ("Zhomart K. was sentenced in 2019. His wife Dina and their three children moved to Kazakhstan in 2020.",
     ("arrival", ("Dina", "children"))),
    (("Ospanov Serik stated that his application for refugee status was refused by the migration service on "
     "11 April 2022."), ("asylum_decision", ("Ospanov Serik",))),
    (("The panel upheld the decision of the district court of 30 May 2022 to extradite to China the citizen "
     "Ospanov Serik Bolatuly."), ("deportation_order", ("Ospanov Serik Bolatuly",))),
], ids=["and-was-released-shares-the-held-subject", "reporting-to-police", "his-tells-the-gender-of-the-antecedent",
        "a-name-and-their-children", "refusal-by-a-service", "decision-to-extradite"])
def test_events_of_reports_and_judgments(text: str, expected: tuple[str, tuple[str, ...]]) -> None:
    assert expected in [(kind, subjects) for kind, subjects, _, _ in _events(extract_text(text))]


def test_an_end_after_the_date_of_writing_is_left_open() -> None:
    result = extract_text("ALMATY, 17 March 2022 - Kaisar Omarkhanov was detained on 6 January and held for one and "
                          "a half years.")
    assert [(kind, start, end) for kind, _, start, end in _events(result)] == [("arrest", "2022-01-06", None)]


def test_an_application_a_lawyer_files_on_his_clients_behalf_is_the_clients() -> None:
    result = extract_text("Kaisar Omarkhanov crossed the border on 4 January 2022. His lawyer, Bakhytzhan Seitkali, "
                          "has filed an application for refugee status on his behalf.")
    assert [subjects for kind, subjects, _, _ in _events(result) if kind == "asylum_application"] == [
        ("Kaisar Omarkhanov",)]


@pytest.mark.parametrize(("text", "expected"), [
    (("PRESENTER: Good evening. I'm Aigerim Nurlanova and this is Night Call. My guest is Kairat Ermekov.\n\n"
     "GUEST: Thank you.\n\nPRESENTER: What happened?\n\nGUEST: I was detained in Ghulja in 2018.\n"),
     ("arrest", ("Kairat Ermekov",))),
    (("Our correspondent Marat Zhunusov met Saltanat Abenova in Zharkent.\n\n"
     "Q: What happened?\nA: I was summoned by the police in 2019.\n\nQ: And then?\nA: I left.\n"),
     ("summons", ("Saltanat Abenova",))),
], ids=["presenter-who-introduces-themself", "correspondent-named-first"])
def test_the_one_asking_is_never_the_interview_narrator(text: str, expected: tuple[str, tuple[str, ...]]) -> None:
    assert expected in [(kind, subjects) for kind, subjects, _ in _named_events(text)]


@pytest.mark.parametrize(("text", "expected", "forbidden"), [
    (("Murat Seitov was detained after his cousin Arman Bekov was questioned by police, and was later sentenced "
     "to ten months."), ("criminal_proceeding", ("Murat Seitov",)), ("criminal_proceeding", ("Arman Bekov",))),
    ("Two men, Murat Seitov and Arman Bekov, were arrested in Urumqi in 2023 and were released in May 2024.",
     ("release", ("Murat Seitov", "Arman Bekov")), None),
], ids=["not-the-subordinate-clause", "both-coordinated-subjects"])
def test_and_was_shares_the_main_clause_subject(text: str, expected: tuple[str, tuple[str, ...]],
                                                forbidden: tuple[str, tuple[str, ...]] | None) -> None:
    found = [(kind, subjects) for kind, subjects, _ in _named_events(text)]
    assert expected in found
    assert forbidden not in found


@pytest.mark.parametrize(("text", "expected"), [
    ("In 2019 Serik Amanov was sent to sort cotton in a factory near Aksu for six months.",
     ("forced_labor", ("Serik Amanov",))),
    ("After the camp, Serik Amanov went straight from the camp to a shoe factory in Hotan.",
     ("forced_labor", ("Serik Amanov",))),
    ("Aigerim Sapar wasn't allowed to leave her village after 2018.", ("restriction", ("Aigerim Sapar",))),
    ("Aigerim Sapar has not been allowed to leave Turpan since 2019.", ("restriction", ("Aigerim Sapar",))),
    ("In April 2015 Dauren Kassym moves to Ankara to study law.", ("arrival", ("Dauren Kassym",))),
    ("Dauren Kassym came back to Shymkent in May 2021.", ("arrival", ("Dauren Kassym",))),
    ("In May 2022 Dauren Kassym walked across the mountains near the Irkeshtam pass.",
     ("border_crossing", ("Dauren Kassym",))),
    ("Zarina Oskar later gave several interviews to foreign journalists.", ("public_statement", ("Zarina Oskar",))),
    ("In 2022 Zarina Oskar spoke at a side meeting of the European Parliament.",
     ("public_statement", ("Zarina Oskar",))),
    ("Zarina Oskar submitted written testimony to the tribunal in 2023.", ("public_statement", ("Zarina Oskar",))),
    ("Inside, Nurlan Bek was made to write self-criticisms every week.", ("coerced_confession", ("Nurlan Bek",))),
    ("Nurlan Bek said that he had been shackled to a bed for three days.", ("torture", ("Nurlan Bek",))),
    ("In March 2024 Gulnar Tash dies in a hospital in Aksu.", ("death", ("Gulnar Tash",))),
    ("Nurlan Bek was led out of the barracks in 2019 and never seen again.", ("disappearance", ("Nurlan Bek",))),
    ("Nurlan Bek was picked up by border guards near Khorgos in 2020.", ("arrest", ("Nurlan Bek",))),
    ("Erbol Sadyk lives in Kulja. In 2017 police took all of his passports.", ("confiscation", ("Erbol Sadyk",))),
    ("In 2017 Erbol Sadyk handed in his passport.", ("confiscation", ("Erbol Sadyk",))),
    ("Since May 2018 Erbol Sadyk has been placed under close control.", ("surveillance", ("Erbol Sadyk",))),
    ("In 2019 Erbol Sadyk reported weekly to the village police post.", ("surveillance", ("Erbol Sadyk",))),
    ("Erbol Sadyk applied to the migration service in March 2023.", ("asylum_application", ("Erbol Sadyk",))),
    ("On 2 June Erbol Sadyk was ordered to leave Tajikistan within ten days.",
     ("deportation_order", ("Erbol Sadyk",))),
    ("Erbol Sadyk was caught near the river, tried for illegal entry and fined.",
     ("criminal_proceeding", ("Erbol Sadyk",))),
], ids=["sent-to-work-in-a-factory", "from-the-camp-to-a-factory", "wasnt-allowed", "has-not-been-allowed",
        "timeline-present-tense", "came-back-to", "across-the-mountains", "gave-interviews", "spoke-at-a-meeting",
        "written-testimony", "self-criticisms", "shackled", "dies", "never-seen-again", "picked-up-by-guards",
        "all-of-their-passports", "handed-in-passports", "placed-under-control", "report-weekly",
        "applied-to-the-migration-service", "ordered-to-leave-a-country", "tried-for"])
def test_triggers_of_other_styles(text: str, expected: tuple[str, tuple[str, ...]]) -> None:
    assert expected in [(kind, subjects) for kind, subjects, _, _ in _events(extract_text(text))]


def test_a_hearing_witness_introduced_after_the_verb_makes_a_statement() -> None:
    text = "HEARING\n\nThe Chair: We resume. Appearing by video link from Bishkek is Ms. Asel Duisen. Please go ahead.\n"
    assert ("public_statement", ("Asel Duisen",)) in [(k, s) for k, s, _, _ in _events(extract_text(text))]


def test_a_passport_taken_is_no_arrest_of_its_owner() -> None:
    found = _events(extract_text("Raikhan Ospan lives in Ghulja. Her passport was taken in 2019."))
    assert [kind for kind, _, _, _ in found] == ["confiscation"]


def test_the_date_after_the_place_complement_dates_the_trigger() -> None:
    found = _events(extract_text("Talgat Serik was released in March 2020 and came back to Almaty in July 2020."))
    assert ("arrival", ("Talgat Serik",), "2020-07", None) in found


def test_the_subject_after_a_long_aside_is_the_opening_name() -> None:
    text = ("Murat Abenov, a driver from Ghulja whose videos about his years in a camp were shared by thousands "
            "of people, died on 2 March 2023 in Zharkent.")
    assert ("death", ("Murat Abenov",), "2023-03-02", None) in _events(extract_text(text))


def test_undated_statements_are_not_merged_with_a_later_dated_one() -> None:
    text = ("After her return, Dina Serik gave interviews to foreign media. In May 2021 she testified before "
            "a tribunal in London.")
    statements = [e for e in _events(extract_text(text)) if e[0] == "public_statement"]
    assert len(statements) == 2


def test_after_her_release_takes_the_date_of_the_release() -> None:
    text = ("Dina Serik was released in June 2019. Her cousin, with whom she lived after her release, "
            "is not permitted to travel abroad.")
    releases = [e for e in _events(extract_text(text)) if e[0] == "release"]
    assert releases == [("release", ("Dina Serik",), "2019-06", None)]


def test_a_quoted_charge_is_no_event() -> None:
    text = 'Arman Tole was detained in 2020 and sentenced to a year for "illegal border crossing".'
    assert "border_crossing" not in [kind for kind, _, _, _ in _events(extract_text(text))]


def test_a_return_through_a_checkpoint_is_a_crossing() -> None:
    found = _events(extract_text("Arman Tole returned to Kazakhstan through Khorgos on 5 June 2023."))
    assert [kind for kind, _, _, _ in found] == ["border_crossing"]


def test_the_outlets_correspondent_is_no_subject() -> None:
    found = _events(extract_text("Our correspondent Aidos Karim travelled to Zharkent to meet Saule Tan."))
    assert found == []


@pytest.mark.parametrize(("text", "subject"), [
    (("Talgat Omarov married Ainur Bekova in 2019. They have a son who is one year old.\n\n"
      "He applied for asylum in Kyrgyzstan in March 2020."), "Talgat Omarov"),
    ("Aigul Omarova says her father was sent to a camp in 2018. He was released in 2019.", "father"),
], ids=["new-paragraph-goes-back-to-the-story", "next-sentence-goes-on-with-the-relative"])
def test_he_opening_a_sentence_after_an_unnamed_relative(text: str, subject: str) -> None:
    subjects = {kind: names for kind, names, _, _ in _events(extract_text(text))}
    assert subjects[next(k for k in subjects if k in ("asylum_application", "release"))] == (subject,)


def test_a_decision_dated_with_how_long_after_the_crossing_dates_the_crossing_too() -> None:
    # "on D, sixteen months after she crossed": the crossing was sixteen months before D, not on D
    result = extract_text("Kuralai Nurlankyzy received refugee status in Kazakhstan on 22 December 2020, sixteen "
                          "months after she walked across the border near Khorgos.", published="2021-02-10")
    events = [(kind, start) for kind, _, start, _ in _events(result)]
    assert events == [("asylum_decision", "2020-12-22"), ("border_crossing", "2019-08")]
