"""Organization recognition: gazetteer, named-body pattern, defined abbreviations, outlets, modifiers."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from aigak.extract.organizations import ORGANIZATION_KINDS, find_organizations
from aigak.extract.places import fold, read_table

EVAL = Path(__file__).resolve().parents[1].parent / "shared" / "eval"


def _found(text: str) -> list[tuple[str, str, str]]:
    return [(m.text, m.name, m.kind) for m in find_organizations(text)]


@pytest.mark.parametrize(
    ("text", "mention", "name", "kind"),
    [
        ("The KNB summoned him twice.", "KNB", "National Security Committee", "state"),
        ("Kazakhstan’s National Security Committee denied it.", "National Security Committee",
         "National Security Committee", "state"),
        ("Kazakhstan's Foreign Ministry said nothing.", "Foreign Ministry",
         "Ministry of Foreign Affairs of Kazakhstan", "state"),
        ("The Kazakh Foreign Ministry said nothing.", "Kazakh Foreign Ministry",
         "Ministry of Foreign Affairs of Kazakhstan", "state"),
        ("China's Ministry of Public Security issued lists.", "Ministry of Public Security",
         "Ministry of Public Security", "state"),
        ("The XPCC runs farms.", "XPCC", "Xinjiang Production and Construction Corps", "state"),
        ("The Bingtuan runs farms.", "Bingtuan", "Xinjiang Production and Construction Corps", "state"),
        ("The FSB opened a case.", "FSB", "Federal Security Service", "state"),
        ("Human Rights Watch documented it.", "Human Rights Watch", "Human Rights Watch", "ngo"),
        ("The UNHCR office closed.", "UNHCR", "United Nations High Commissioner for Refugees",
         "international"),
        ("The OSCE observed the vote.", "OSCE", "Organization for Security and Co-operation in Europe",
         "international"),
        ("The European Parliament voted.", "European Parliament", "European Parliament", "international"),
        ("Volunteers of Atajurt Eriktileri met.", "Atajurt Eriktileri", "Atajurt Eriktileri", "ngo"),
        ("Nagyz Atajurt was registered.", "Nagyz Atajurt", "Nagyz Atajurt", "ngo"),
        ("The World Uyghur Congress protested.", "World Uyghur Congress", "World Uyghur Congress", "ngo"),
        ("The Xinjiang Victims Database lists him.", "Xinjiang Victims Database",
         "Xinjiang Victims Database", "ngo"),
        ("She told the Kazakhstan International Bureau for Human Rights and Rule of Law.",
         "Kazakhstan International Bureau for Human Rights and Rule of Law",
         "Kazakhstan International Bureau for Human Rights and Rule of Law", "ngo"),
    ],
    ids=lambda v: v if isinstance(v, str) and len(v) < 30 else None,
)
def test_known_organization_is_found_under_its_canonical_name(text: str, mention: str, name: str, kind: str) -> None:
    assert _found(text) == [(mention, name, kind)]


@pytest.mark.parametrize(
    ("text", "name", "kind"),
    [
        ("Organisers of the projected Democratic Party of Tengiz met.", "Democratic Party of Tengiz", "party"),
        ("They were tricked by the Chinese Embassy in Bishkek again.", "Chinese Embassy in Bishkek", "state"),
        ("He applied at the Embassy of Kazakhstan in Washington.", "Embassy of Kazakhstan in Washington",
         "state"),
        ("The Supreme Court of Kyrgyzstan upheld the verdict.", "Supreme Court of Kyrgyzstan", "state"),
        ("The Almaty City Court refused.", "Almaty City Court", "state"),
        ("The Medeu District Court in Almaty ruled.", "Medeu District Court in Almaty", "state"),
        ("She studied at Nazarbayev University last year.", "Nazarbayev University", "other"),
        ("The Steppe Mothers Foundation sent food.", "Steppe Mothers Foundation", "ngo"),
        ("The Prosecutor General's Office appealed.", "Prosecutor General's Office", "other"),
        ("The Ministry of Internal Affairs replied.", "Ministry of Internal Affairs", "state"),
    ],
    ids=["party-of-place", "embassy-in-city", "embassy-of-in", "named-court", "city-court", "court-in-city", "university",
         "foundation", "possessive-inside", "ministry-of"],
)
def test_named_body_the_gazetteer_does_not_know_is_found_by_pattern(text: str, name: str, kind: str) -> None:
    [match] = find_organizations(text)
    assert (match.name, match.kind) == (name, kind)
    assert text[match.start:match.end] == match.text == name


@pytest.mark.parametrize(
    "text",
    [
        "A court in Zharkent found him guilty.",
        "Court in Karaganda dismissed the lawsuit.",
        "He was held at the Karamay Detention Center for a year.",
        "The Court of First Instance rightly concluded so.",
        "The Court concluded that he had to prove it.",
        "He sued the migration police department.",
        "An appeal to the Kazakh government was made.",
        "The local police called him in.",
        "He landed at Almaty International Airport.",
        "The Soviet Union collapsed.",
        "The committee met; the party split; the embassy asked.",
    ],
    ids=["court-in-town", "capitalised-court-in-town", "facility", "court-of-first-instance", "the-court", "generic-department", "government",
         "police", "airport", "place-named-union", "lower-case"],
)
def test_generic_bodies_are_not_organizations(text: str) -> None:
    assert find_organizations(text) == []


def test_defined_abbreviation_becomes_an_alias_and_later_mentions_match() -> None:
    text = ("Aidos Serik is one of the initiators of the projected Democratic Party of Tengiz (DPT). "
            "Another DPT initiator, Marat Bek, agreed.")
    party, definition, later = find_organizations(text)
    assert party.text == "Democratic Party of Tengiz" and "projected" not in party.text
    assert definition.text == later.text == "DPT"
    assert {party.name, definition.name, later.name} == {"Democratic Party of Tengiz"}
    assert party.aliases == later.aliases == ("DPT",)
    assert not later.is_modifier


def test_abbreviation_after_a_possessive_is_an_alias() -> None:
    text = "He was an officer of the Northern Relay Service’s (NRS) signals unit. The NRS denied it."
    matches = find_organizations(text)
    assert [m.text for m in matches] == ["Northern Relay Service", "NRS", "NRS"]
    assert {m.name for m in matches} == {"Northern Relay Service"}
    assert matches[0].aliases == ("NRS",)


def test_parenthesised_place_is_not_an_abbreviation() -> None:
    text = "The Democratic Party of Tengiz (Kazakhstan) met. Kazakhstan is large."
    [party] = find_organizations(text)
    assert party.aliases == ()


@pytest.mark.parametrize(
    ("text", "is_modifier"),
    [
        ("Pupils had to sing Communist Party songs.", True),
        ("They were taught about Communist Party policies.", True),
        ("The Communist Party said it would act.", False),
        ("Communist Party members attended.", False),
        ("The Communist Party’s policies changed.", False),
        ("Amnesty International researchers wrote it.", False),
    ],
    ids=["songs", "policies", "verb", "members", "possessive", "ngo-as-modifier"],
)
def test_party_named_only_as_a_modifier_is_flagged(text: str, is_modifier: bool) -> None:
    [match] = find_organizations(text)
    assert match.is_modifier is is_modifier


@pytest.mark.parametrize(
    ("text", "name"),
    [
        ("“We were afraid,” she told RFE/RL.", "Radio Free Europe/Radio Liberty"),
        ("According to Radio Azattyq, he was detained.", "Radio Azattyq"),
        ("KAZINFORM. A court ruled today.", "Kazinform"),
        ("He spoke to The Diplomat.", "The Diplomat"),
        ("He told Eurasianet about it.", "Eurasianet"),
        ("Reuters could not confirm it.", "Reuters"),
    ],
)
def test_news_outlets_come_back_as_news_outlets(text: str, name: str) -> None:
    [match] = find_organizations(text)
    assert (match.name, match.kind) == (name, "news_outlet")


@pytest.mark.parametrize(
    "text",
    [
        "RFE/RL's Kazakh Service reported the arrest.",
        "RFE/RL Kazakh Service reported the arrest.",
        "The BBC Russian Service reported the arrest.",
        "The arrest was reported by the U.S. news organization RFE/RL.",
    ],
    ids=["possessive-service", "service", "bbc-service", "news-organization-cue"],
)
def test_an_outlet_and_its_services_are_one_news_outlet(text: str) -> None:
    found = find_organizations(text)
    assert [m.kind for m in found] == ["news_outlet"], found
    assert not any(m.name in ("RFE", "RL Kazakh Service") for m in found)


def test_an_outlet_cited_with_a_cue_word_is_no_organization_entity() -> None:
    from aigak.extract.run import extract_text

    result = extract_text("Police arrested Daulet Omarov on 6 December 2022, according to the U.S. news "
                          "organization RFE/RL.")
    assert [e["name"] for e in result["entities"] if e["kind"] == "organization"] == []


def test_gazetteer_rows_are_well_formed_and_unambiguous() -> None:
    seen: dict[str, str] = {}
    for name, kind, aliases in read_table("organizations.tsv"):
        assert kind in ORGANIZATION_KINDS and kind != "news_outlet", name
        for spelling in (name, *filter(None, aliases.split("|"))):
            assert seen.setdefault(fold(spelling), name) == name, (spelling, seen[fold(spelling)])


def test_recall_on_the_evaluation_articles() -> None:
    if not (EVAL / "gold").is_dir():
        pytest.skip("shared/eval is not beside the repository")
    found = total = 0
    for gold_file in sorted((EVAL / "gold").glob("*.json")):
        gold = json.loads(gold_file.read_text(encoding="utf-8"))
        text = (EVAL / "docs" / f"{gold_file.stem}.txt").read_text(encoding="utf-8")
        ours = {fold(n) for m in find_organizations(text) if m.kind != "news_outlet" and not m.is_modifier
                for n in (m.name, *m.aliases)}
        for item in gold.get("organizations", []):
            total += 1
            found += any(fold(n) in ours for n in (item["name"], *item.get("aliases", [])))
    assert total and found / total >= 0.9, f"{found}/{total}"


def test_a_read_also_line_names_no_organisation() -> None:
    text = "The court ruled on Monday.\nRead also: Activist detained in Almaty — KNB\nNo one was hurt."
    assert find_organizations(text) == []
