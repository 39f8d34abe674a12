"""Whom an event happened to: the main person behind a shared surname, the person a description or "both"
names, each of a pair joined across their ages, the named among a counted group, and never the possessor
of the relative it happened to."""

from __future__ import annotations

from events_support import events_in

from aigak.extract.run import extract_text


def test_bare_surname_after_a_relative_named_in_full_is_the_main_person() -> None:
    text = ("Tajik activist sentenced\n\nDUSHANBE, 23 October 2024 — Rustam Sharipov, 38, was sentenced to 12 years "
            "in prison on October 21, his brother Jamshed Sharipov told reporters.\n\n"
            "Sharipov moved to Russia as a labour migrant in 2011. In 2018, Sharipov applied for asylum in Germany.\n")
    found = events_in(text)
    assert ("arrival", ("Rustam Sharipov",), "2011") in found
    assert ("asylum_application", ("Rustam Sharipov",), "2018") in found
    assert not [e for e in found if e[1] == ("Jamshed Sharipov",) and e[0] != "public_statement"], found


def test_the_n_year_old_is_the_person_given_that_age() -> None:
    text = ("Activist detained\n\nMOSCOW, 10 July 2024 — Rustam Sharipov, 38, a Tajik activist, was named in a "
            "complaint by his neighbour Oleg Petrov, 52, police said.\n\n"
            "The 38-year-old Tajik citizen was detained in Moscow on July 2 during a document check.\n")
    assert ("arrest", ("Rustam Sharipov",), "2024-07-02") in events_in(text)


def test_a_given_name_in_a_outweighs_a_pronoun_about_her_client() -> None:
    text = ("Activist deported\n\nMOSCOW, 23 October 2024 — Rustam Sharipov, 38, was detained in Moscow on July 2.\n\n"
            "His lawyer, Yelena Gritsenko, said she had asked the ministry to grant him asylum. Nobody answered "
            "before he was put on a flight to Dushanbe on August 14.\n")
    assert ("deportation", ("Rustam Sharipov",), "2024-08-14") in events_in(text)


def test_a_relatives_event_is_never_the_possessors() -> None:
    text = ("News\n\nALMATY, 1 March 2023 — Dilmurat Qadir, 30, lives in Almaty. His father and his uncle were "
            "detained in Korla in 2017. In 2019 his cousin was detained in Aksu.\n")
    found = events_in(text)
    assert ("arrest", ("father", "uncle"), "2017") in found
    assert ("arrest", ("cousin",), "2019") in found
    assert not [e for e in found if e[1] == ("Dilmurat Qadir",)], found


def test_two_people_joined_across_their_ages_share_the_verb() -> None:
    text = ("News\n\nALMATY, 1 March 2023 — Aigerim Dauletova, 34, and her brother Nurlan Dauletov, 29, crossed the "
            "border in 2019.\n")
    assert ("border_crossing", ("Aigerim Dauletova", "Nurlan Dauletov"), "2019") in events_in(text)


def test_both_alone_is_the_pair_just_named() -> None:
    text = ("News\n\nALMATY, 1 March 2023 — Police detained Aigerim Dauletova and Nurlan Dauletov in 2019. Both were "
            "released in 2020.\n")
    assert ("release", ("Aigerim Dauletova", "Nurlan Dauletov"), "2020") in events_in(text)


def test_the_named_among_a_counted_group_are_its_subjects() -> None:
    text = ("News\n\nALMATY, 1 March 2023 — Supporters picketed the consulate on 20 February 2023. Police detained "
            "five of them, including the organisers, Gulbahor Yesemova, 35, and Rauan Abdikov, 28.\n")
    assert ("arrest", ("Gulbahor Yesemova", "Rauan Abdikov"), "2023-02-20") in events_in(text)


def test_an_apposition_naming_whose_uncle_he_is_does_not_take_his_sentence() -> None:
    text = ("News\n\nALMATY, 1 October 2023 — Nurbek Zhaksylykov, 61, the uncle of Dauren Serikbayuly, was sentenced "
            "to 10 years in prison by a court in Ghulja on 25 September 2023, relatives said.\n")
    assert ("criminal_proceeding", ("Nurbek Zhaksylykov",), "2023-09-25") in events_in(text)
    result = extract_text(text)
    names = {e["id"]: e.get("name") for e in result["entities"]}
    assert ("Dauren Serikbayuly", "relative", "Nurbek Zhaksylykov") in {
        (names[r["from"]], r["type"], names[r["to"]]) for r in result["relations"]}


def test_relatives_of_a_named_man_do_not_hide_his_name() -> None:
    text = ("News\n\nGENEVA, 3 November 2023 — Relatives of Daurhan Serikbaev, 45, a herder held in Ghulja, wrote to "
            "the United Nations on 1 November 2023.\n\nSerikbaev was arrested in January 2023.\n")
    assert ("arrest", ("Daurhan Serikbaev",), "2023-01") in events_in(text)


def test_a_chinese_spelling_in_brackets_is_an_alias_and_the_pair_shares_the_verb() -> None:
    text = ("News\n\nALMATY, 4 November 2023 — Mā Xiùlán (马秀兰), 55, a Hui cook, and Aiganym Seitova, 29, were "
            "detained in Ghulja on 2 November 2023, a relative said.\n")
    result = extract_text(text)
    persons = {e["name"]: e for e in result["entities"] if e["kind"] == "person" and e.get("name")}
    assert "马秀兰" in persons["Mā Xiùlán"]["aliases"]
    assert set(persons) == {"Mā Xiùlán", "Aiganym Seitova"}, "'a relative said' is a source, not a person"
    assert ("arrest", ("Mā Xiùlán", "Aiganym Seitova"), "2023-11-02") in events_in(text)


def test_the_speaker_is_not_whom_the_reported_event_happened_to() -> None:
    text = ("News\n\nISTANBUL, 4 November 2023 — Ayşe Öztürk, a lawyer in Istanbul, said \"Maria\" was also detained "
            "in October 2023.\n")
    assert not [e for e in events_in(text) if e[1] == ("Ayşe Öztürk",) and e[0] in ("arrest", "detention")]
