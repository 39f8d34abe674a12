"""Kinship lists after a dash, parents-in-law, lower-case missions, local branches and outlets as persons."""

from aigak.extract.organizations import find_organizations
from aigak.extract.persons import is_common_word
from aigak.extract.run import extract_text


def _ties(text: str) -> set[tuple[str, str, str]]:
    doc = extract_text(text)
    names = {e["id"]: e.get("name") or e.get("description") for e in doc["entities"]}
    return {(names[r["from"]], r["type"], names[r["to"]]) for r in doc["relations"]}


def test_children_listed_after_a_dash_with_the_rest_unnamed() -> None:
    ties = _ties("Saule Bekova married Arman Tolegen, a trader from Ghulja. Their three children – Aruzhan, "
                 "now 12, and two boys – live in Almaty with Saule Bekova.")
    assert ("Saule Bekova", "child", "Aruzhan") in ties
    assert ("Arman Tolegen", "child", "Aruzhan") in ties
    assert ("Saule Bekova", "child", "children") in ties


def test_mother_in_law_is_the_spouses_mother() -> None:
    ties = _ties("Saule Bekova married Arman Tolegen in 2004. Last year Saule Bekova's mother-in-law, "
                 "Gulnar Omarova, was fined.")
    assert ("Arman Tolegen", "parent", "Gulnar Omarova") in ties


def test_lower_case_mission_and_local_branch() -> None:
    names = {m.name for m in find_organizations(
        "She wrote to the Kyrgyz embassy in Astana. The case was opened by the Department of the National "
        "Security Committee for Almaty.")}
    assert "Kyrgyz embassy in Astana" in names
    assert "National Security Committee" in names


def test_bare_short_form_is_the_qualified_one() -> None:
    found = find_organizations("Kazakhstan's Foreign Ministry said nothing. He will ask the Foreign Ministry again.")
    assert {m.name for m in found} == {"Ministry of Foreign Affairs of Kazakhstan"}


def test_numbered_court() -> None:
    names = {m.name for m in find_organizations("The Medeu District Court No. 3 of Almaty heard the case.")}
    assert "Medeu District Court No. 3 of Almaty" in names


def test_outlet_is_not_a_name() -> None:
    assert is_common_word("Kazinform", set())
    assert is_common_word("Officials", set())
