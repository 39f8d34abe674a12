"""Forms of one organization's name in a text, and organizations named only as modifiers."""

from __future__ import annotations

import pytest

from aigak.extract.org_forms import same_ministry, short_form_of
from aigak.extract.organizations import find_organizations


def _orgs(text: str) -> dict[str, tuple[str, ...]]:
    return {o.text: (o.name, *o.aliases) for o in find_organizations(text) if not o.is_modifier}


def test_bare_ministry_is_the_ministry_written_in_full() -> None:
    assert same_ministry("Foreign Ministry", "Ministry of Foreign Affairs")
    assert same_ministry("Interior Ministry", "Ministry of Internal Affairs")
    assert not same_ministry("Foreign Ministry", "Ministry of Justice")
    orgs = _orgs("They wrote to the Foreign Ministry. The Ministry of Foreign Affairs replied in May.")
    assert orgs["Foreign Ministry"][0] == "Ministry of Foreign Affairs"


def test_short_form_is_the_one_longer_name_it_begins() -> None:
    long_name = "Subcommittee on Human Rights of the Committee on Foreign Affairs"
    assert short_form_of("Subcommittee on Human Rights", [long_name]) == long_name
    assert short_form_of("Subcommittee on Human Rights", [long_name, long_name + " and Trade"]) is None


def test_unknown_body_keeps_the_country_that_owns_it() -> None:
    orgs = _orgs("Kyrgyzstan's Permanent Mission in Vienna rejected the report.")
    assert orgs["Permanent Mission in Vienna"][0] == "Kyrgyzstan's Permanent Mission in Vienna"


@pytest.mark.parametrize("text", [
    "She testified before a UN committee in Geneva.",
    "Detainees had to sing songs praising the Communist Party every morning.",
], ids=["indefinite-article", "praised-party"])
def test_organization_named_as_a_modifier(text: str) -> None:
    assert not _orgs(text)
    assert all(o.is_modifier for o in find_organizations(text))


@pytest.mark.parametrize(("text", "mention"), [
    ("They picketed the Kyrgyz consulate general on Monday.", "Kyrgyz consulate general"),
    ("The Ankara 2nd Administrative Court halted the deportation.", "Ankara 2nd Administrative Court"),
    ("The İzmir Provincial Directorate of Migration Management issued an order.",
     "İzmir Provincial Directorate of Migration Management"),
    ("Uzbekistan's Prosecutor-General's Office opened a case.", "Prosecutor-General's Office"),
], ids=["consulate-general", "ordinal-court", "dotted-capital-directorate", "hyphenated-prosecutor"])
def test_named_body(text: str, mention: str) -> None:
    assert mention in _orgs(text)


def test_gazetteer_knows_central_asian_movements() -> None:
    orgs = _orgs("He was accused of membership in Group 24 and of ties to Hizb-ut-Tahrir.")
    assert orgs["Group 24"][0] == "Group 24"
    assert orgs["Hizb-ut-Tahrir"][0] == "Hizb ut-Tahrir"
