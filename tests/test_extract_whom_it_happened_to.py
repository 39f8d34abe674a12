"""Whom an event happened to: the main person behind a shared surname, the person a description or "both"
names, each of a pair joined across their ages, the named among a counted group, and never the possessor
of the relative it happened to."""

from __future__ import annotations

from events_support import events_in


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
