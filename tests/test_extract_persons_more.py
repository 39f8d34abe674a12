"""Persons, attributes and ties written the way court reports and news pieces write them."""

from __future__ import annotations

from typing import Any

from aigak.extract.run import extract_text


def _persons(result: dict[str, Any]) -> dict[str, dict[str, Any]]:
    return {e["name"]: e for e in result["entities"] if e["kind"] == "person" and e.get("name")}


def _ties(result: dict[str, Any]) -> set[tuple[str | None, str, str | None]]:
    names = {e["id"]: e.get("name") or e.get("description") for e in result["entities"]}
    return {(names[r["from"]], r["type"], names[r["to"]]) for r in result["relations"]}


def test_initialled_name_is_an_alias_of_the_full_name() -> None:
    result = extract_text(
        "The district court heard the case of Berikbol Tasmagambetov, accused of inciting discord. "
        "The court found Zh. Tasmagambetov guilty, although no one with that initial is named. "
        "Later the court found Tasmagambetov B. guilty and fined him.")
    persons = _persons(result)
    assert "Berikbol Tasmagambetov" in persons
    assert "Tasmagambetov B." in persons["Berikbol Tasmagambetov"]["aliases"]
    assert "Zh. Tasmagambetov" in persons  # the initial fits no given name: someone else


def test_digraph_initial_fits_one_person_only() -> None:
    result = extract_text(
        "Zhanibek Orazalin and his cousin Sholpan Orazalina were questioned. "
        "The court later fined Zh. Orazalin for an unauthorised picket.")
    persons = _persons(result)
    assert "Zh. Orazalin" in persons["Zhanibek Orazalin"]["aliases"]
    assert "Zh. Orazalin" not in persons


def test_bylines_and_credits_are_not_persons() -> None:
    result = extract_text(
        "Families wait for news\n\nHenrik Dalgaard Apr 3, 2023\n\n"
        "Aigul Temirbekova, 41, has not heard from her husband since 2019.\n\n"
        "Reuters reporter Tomas Lindqvist in Bishkek contributed to this report.\n\n"
        "Henrik Dalgaard is a freelance journalist covering Central Asia.\n\n"
        "Reporting by Olga Petrova; Editing by Anna Berg\n\nPhoto: Ivan Sokolov\n")
    persons = _persons(result)
    assert "Aigul Temirbekova" in persons
    assert not {"Henrik Dalgaard", "Tomas Lindqvist", "Olga Petrova", "Anna Berg", "Ivan Sokolov"} & set(persons)


def test_pronoun_after_a_source_clause_is_the_case_subject() -> None:
    text = ("Saule Zhanuzakova, 58, was detained in 2019. According to her son, Daulet Abenov, who lives in "
            "Shymkent, she died in custody in May 2021.")
    result = extract_text(text)
    ids = {e["name"]: e["id"] for e in result["entities"] if e.get("name")}
    deaths = [e for e in result["events"] if e["type"] == "death"]
    assert deaths and deaths[0]["subjects"] == [ids["Saule Zhanuzakova"]]


def test_spouse_relatives_belong_to_the_named_spouse_or_the_person() -> None:
    named = _ties(extract_text(
        "Murat Seitkali was detained in 2018. His wife, Aizada Omarova, lives in Almaty. "
        "He was arrested after a visit to his wife's relatives in Kazakhstan."))
    assert ("Aizada Omarova", "relative", "relatives") in named
    unnamed = _ties(extract_text(
        "Murat Seitkali lives in Istanbul. His wife's parents, who are elderly, have disappeared, he said."))
    assert ("Murat Seitkali", "relative", "parents") in unnamed


def test_plural_possessive_owner_and_group_attributes() -> None:
    result = extract_text(
        "The trial of Serik Amanov, 30, and his younger brother Talgat Amanov, 25, opened in Zaisan. "
        "The brothers, citizens of China and ethnic Kazakhs from Altay, are charged with crossing the border. "
        "Aiman Zhunusova, the brothers' maternal aunt and a citizen of Kazakhstan, was questioned as a witness.")
    ties = _ties(result)
    assert ("Serik Amanov", "relative", "Aiman Zhunusova") in ties
    assert ("Talgat Amanov", "relative", "Aiman Zhunusova") in ties
    persons = _persons(result)
    for brother in ("Serik Amanov", "Talgat Amanov"):
        assert persons[brother]["attributes"]["citizenship"] == "China"
        assert persons[brother]["attributes"]["ethnicity"] == "Kazakh"
    assert persons["Aiman Zhunusova"]["attributes"]["citizenship"] == "Kazakhstan"


def test_lawyer_of_several_clients() -> None:
    ties = _ties(extract_text(
        "The trial of Serik Amanov and his younger brother Talgat Amanov opened in Zaisan. "
        "The brothers said they fled the camps. Serik Amanov spoke first. "
        "Defence lawyer Ruslan Bekov asked the court to acquit his clients."))
    assert ("Serik Amanov", "lawyer", "Ruslan Bekov") in ties
    assert ("Talgat Amanov", "lawyer", "Ruslan Bekov") in ties


def test_defence_counsel_apposition_is_the_defendants_lawyer() -> None:
    ties = _ties(extract_text(
        "The court sentenced Nurlybek Saparov for a video. Saparov did not plead guilty. "
        "The defence counsel, lawyer Dana Ermekova, asked the court to acquit her client."))
    assert ("Nurlybek Saparov", "lawyer", "Dana Ermekova") in ties


def test_citizenship_beside_a_kinship_phrase_and_in_a_who_clause() -> None:
    persons = _persons(extract_text(
        "Kairat Mamyrov, 70, died on May 3 in a prison in Ghulja, according to his son, Yerbol Kairatuly. "
        "Mamyrov had been detained in 2018 and sentenced to 12 years.\n\n"
        "His son, a Kazakh citizen who moved to Taraz in 2012, said the family had no word from Mamyrov. "
        "Dina Abenova, 35, a nurse from Tacheng who became a Kazakh citizen in 2018, has not seen her father."))
    assert persons["Yerbol Kairatuly"]["attributes"].get("citizenship") == "Kazakhstan"
    assert persons["Dina Abenova"]["attributes"].get("citizenship") == "Kazakhstan"
    assert "citizenship" not in persons["Kairat Mamyrov"]["attributes"]


def test_spelling_a_document_gives_is_an_alias() -> None:
    result = extract_text(
        "His brother, Erkin Tursun, was jailed in 2019. The verdict gives his name in Chinese transliteration, "
        "Aierken Tuersun, and lists no lawyer.")
    persons = _persons(result)
    assert "Aierken Tuersun" in persons["Erkin Tursun"]["aliases"]
    assert "Aierken Tuersun" not in persons


def test_words_of_institutions_are_no_names() -> None:
    result = extract_text("The resolution was backed by several Member States and opposed at the United Nations.")
    assert not _persons(result)
