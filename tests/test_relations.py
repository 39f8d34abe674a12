"""Stage 6: family ties, unnamed relatives, associates, lawyers and membership."""

from __future__ import annotations

from typing import Any

from aigak.extract.run import extract_text


def _by_name(result: dict[str, Any]) -> dict[str, str]:
    return {e["name"]: e["id"] for e in result["entities"] if e.get("name")}


def _ties(result: dict[str, Any]) -> set[tuple[str, str, str]]:
    """(from name, type, to name or description) for every relation."""
    label = {e["id"]: e.get("name") or f"<{e.get('description')}>" for e in result["entities"]}
    return {(label[r["from"]], r["type"], label[r["to"]]) for r in result["relations"]}


def test_left_behind_list_makes_unnamed_relatives_with_ages() -> None:
    text = ("Nurlan Amanzholuly fled in 2019. In Ili, Nurlan left behind a mother, a wife, a six-year-old "
            "son and an older sister.")
    result = extract_text(text)
    ties = _ties(result)
    assert {("Nurlan Amanzholuly", "parent", "<mother>"), ("Nurlan Amanzholuly", "spouse", "<wife>"),
            ("Nurlan Amanzholuly", "child", "<son>"), ("Nurlan Amanzholuly", "sibling", "<sister>")} <= ties
    son = next(e for e in result["entities"] if e.get("description") == "son")
    assert son["name"] is None and son["attributes"]["age"] == 6


def test_possessed_list_and_named_spouse() -> None:
    text = "Timur Bekov and his wife Madina were questioned. Timur left his parents, wife and baby daughter."
    ties = _ties(extract_text(text))
    assert ("Timur Bekov", "spouse", "Madina") in ties
    assert ("Timur Bekov", "parent", "<parents>") in ties
    assert ("Timur Bekov", "child", "<daughter>") in ties
    assert len([t for t in ties if t[1] == "spouse"]) == 1


def test_their_children_ties_each_named_parent() -> None:
    text = "Ahmad Al Rashid's wife Zarina is a Kazakh citizen. Their oldest son who is 17 lives with them."
    result = extract_text(text)
    ties = _ties(result)
    assert ("Ahmad Al Rashid", "spouse", "Zarina") in ties
    assert {("Ahmad Al Rashid", "child", "<son>"), ("Zarina", "child", "<son>")} <= ties


def test_associate_lawyer_and_membership() -> None:
    text = ("“I travelled with my business partner Askar Temirov,” said Bauyrzhan Kenzhe. "
            "Bauyrzhan Kenzhe is the leader of the human rights organisation Zhasyl Dala Qorghany. "
            '"The verdict is unjust", says his lawyer Olga Smirnova.')
    ties = _ties(extract_text(text))
    assert ("Bauyrzhan Kenzhe", "associate", "Askar Temirov") in ties or \
        ("Askar Temirov", "associate", "Bauyrzhan Kenzhe") in ties
    assert ("Bauyrzhan Kenzhe", "member", "Zhasyl Dala Qorghany") in ties
    assert ("Bauyrzhan Kenzhe", "lawyer", "Olga Smirnova") in ties


def test_every_relation_has_valid_evidence() -> None:
    text = "Aidos Serikuly said his brother Nurzhan was taken to a camp in 2018."
    result = extract_text(text)
    assert result["relations"]
    for r in result["relations"]:
        (s, e), = r["evidence"]
        assert 0 <= s < e <= len(text) and 0 < r["confidence"] <= 1


def test_a_relative_named_later_is_not_a_second_person() -> None:
    text = ("Dariga Serikbay said her father has not been seen since 2019. "
            "Her father, Serikbay Ospan, 70, is a retired teacher.")
    result = extract_text(text)
    ties = _ties(result)
    assert ties == {("Dariga Serikbay", "parent", "Serikbay Ospan")}


def test_named_son_is_reused_for_my_son() -> None:
    text = ("Marat Kaliyev held a photograph of his son, Arman Maratuly. "
            '"They have taken my son and told us nothing," Marat Kaliyev said.')
    result = extract_text(text)
    assert _ties(result) == {("Marat Kaliyev", "child", "Arman Maratuly")}
    assert not [e for e in result["entities"] if e["kind"] == "person" and e["name"] is None]
