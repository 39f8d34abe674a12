"""Stage 6 on news-style family stories: whose relative a pronoun means, ties implied by named ones,
membership told in apposition, and lawyers of a group."""

from __future__ import annotations

from typing import Any

import pytest

from aigak.extract.run import extract_text


def _ties(text: str) -> set[tuple[str, str, str]]:
    """(from name, type, to name or <description>) for every relation of `text`."""
    result: dict[str, Any] = extract_text(text)
    label = {e["id"]: e.get("name") or f"<{e.get('description')}>" for e in result["entities"]}
    return {(label[r["from"]], r["type"], label[r["to"]]) for r in result["relations"]}


def _has(ties: set[tuple[str, str, str]], a: str, kind: str, b: str) -> bool:
    inverse = {"parent": "child", "child": "parent"}.get(kind, kind)
    return (a, kind, b) in ties or (b, inverse, a) in ties


def test_lawyer_speaking_of_my_clients_acts_for_the_group() -> None:
    ties = _ties("Marat Ospanov and Yerlan Kasymov were detained at the border. The two men applied for "
                 'asylum in April. "My clients did not come to harm anyone," lawyer Aliya Sadykova said.')
    assert {("Marat Ospanov", "lawyer", "Aliya Sadykova"), ("Yerlan Kasymov", "lawyer", "Aliya Sadykova")} <= ties


def test_the_couple_have_children_of_both_spouses() -> None:
    ties = _ties("Askar Baimukhanov is a blogger. His wife, Dinara Ospanova, said police watched the flat. "
                 "The couple have three children, the youngest of whom is four.")
    assert {("Askar Baimukhanov", "child", "<children>"), ("Dinara Ospanova", "child", "<children>")} <= ties


def test_according_to_a_relative_is_a_source_not_a_tie() -> None:
    ties = _ties("Ablikim Yusup was detained in May 2017 and died in custody, according to a relative who "
                 "called from a neighbour's phone.")
    assert not any(t[2] == "<relative>" for t in ties)


@pytest.mark.parametrize("text, person, org", [
    ('"He must be freed," said Katarzyna Lewandowska, Amnesty International\'s Central Asia researcher.',
     "Katarzyna Lewandowska", "Amnesty International"),
    ("Sharifjon Nazarov, 38, a member of the rights group Human Rights Watch, was detained.",
     "Sharifjon Nazarov", "Human Rights Watch"),
    ("Elmira Abdieva, a legal associate of the UNHCR office in Kyrgyzstan, attended the hearing.",
     "Elmira Abdieva", "United Nations High Commissioner for Refugees"),
], ids=["organisation-owns-role", "age-before-role", "associate-of"])
def test_membership_told_in_apposition(text: str, person: str, org: str) -> None:
    assert (person, "member", org) in _ties(text)


def test_her_after_the_lawyer_is_the_clients() -> None:
    ties = _ties("Nazgul Qabdolqyzy applied for refugee status in 2019. Her lawyer, Ainur Seitkazy, went to "
                 "court in March. The court ordered a review.\n\nHer son Daniyar, now 19, studies in Almaty.")
    assert ("Nazgul Qabdolqyzy", "child", "Daniyar") in ties
    assert not _has(ties, "Ainur Seitkazy", "child", "Daniyar")


def test_family_told_after_a_named_father_is_the_sons() -> None:
    ties = _ties("Dilmurat Ablikimov, 34, lives in Almaty. Dilmurat Ablikimov manages a restaurant.\n\n"
                 "His father, Ablikim Qadir, ran a tailoring shop. Police took Qadir in 2018.\n\n"
                 "His mother, Rabiye Emet, was at the market when the police came for her husband. "
                 "That left his younger sister, Mihrigul Ablikim, who had lived with her parents. "
                 "Ablikimov has written to the ministry every spring.")
    assert _has(ties, "Dilmurat Ablikimov", "parent", "Rabiye Emet")
    assert _has(ties, "Dilmurat Ablikimov", "sibling", "Mihrigul Ablikim")
    assert _has(ties, "Rabiye Emet", "spouse", "Ablikim Qadir")
    assert {("Mihrigul Ablikim", "parent", "Ablikim Qadir"), ("Mihrigul Ablikim", "parent", "Rabiye Emet")} <= ties
    assert not any(t[2] == "<husband>" or t[2] == "<parents>" for t in ties)


def test_his_lawyer_after_a_brother_named_in_passing_is_the_defendants() -> None:
    ties = _ties("Kaisar Omarkhanov was detained in Zaysan. At the hearing Omarkhanov said that his mother and "
                 "his younger brother Yerlan remain in Xinjiang. His lawyer, Bakhytzhan Seitkali, has filed an "
                 "appeal. The uncle of the defendant attended the hearing.")
    assert ("Kaisar Omarkhanov", "lawyer", "Bakhytzhan Seitkali") in ties
    assert ("Kaisar Omarkhanov", "relative", "<uncle>") in ties


def test_grandchildren_of_a_named_man_and_his_family() -> None:
    ties = _ties("The grandchildren of Tursynbek Qasymuly, a 79-year-old pensioner, are asking for help. "
                 "Aigerim Nurlankyzy, 27, and her brother Dauren Nurlanuly, 24, live in Almaty. "
                 '"Our grandfather worked as a veterinarian," Aigerim Nurlankyzy said. '
                 "Tursynbek Qasymuly lives in a village near the border. His son, Nurlan Tursynbekuly, brought his two children to Kazakhstan in 2008. "
                 "Tursynbek Qasymuly and his wife, Kulash Smagulkyzy, stayed in the village. "
                 "Kulash Smagulkyzy is confined to bed, her grandchildren say.")
    for grandchild in ("Aigerim Nurlankyzy", "Dauren Nurlanuly"):
        assert _has(ties, grandchild, "relative", "Tursynbek Qasymuly")
        assert _has(ties, grandchild, "relative", "Kulash Smagulkyzy")
        assert _has(ties, grandchild, "parent", "Nurlan Tursynbekuly")
    assert not any(t[2] in ("<grandfather>", "<grandchildren>", "<children>") for t in ties)


def test_named_child_of_one_spouse_is_the_others_when_they_share_children() -> None:
    ties = _ties("Nazgul Qabdolqyzy was born in 1979. In 2016 her husband, Bolat Kenzhebek, moved to Kazakhstan "
                 "with their three children. Nazgul Qabdolqyzy stayed behind and was detained in 2017.\n\n"
                 "Her son Daniyar, now 19, studies engineering in Almaty.")
    assert ("Nazgul Qabdolqyzy", "child", "Daniyar") in ties
    assert ("Bolat Kenzhebek", "child", "Daniyar") in ties


def test_counted_children_own_their_father() -> None:
    ties = _ties('Abdulkerim Yakup is held at a removal center. "Four children lose their father," '
                 "his lawyer, Mehmet Karatas, said.")
    assert not any(t[2] == "<father>" for t in ties)
