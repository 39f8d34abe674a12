"""Organisation names in court news and reports: where a name ends, which head words make one."""

from __future__ import annotations

import pytest

from aigak.extract.run import extract_text


def _orgs(text: str) -> list[str]:
    return [e["name"] for e in extract_text(text)["entities"] if e["kind"] == "organization"]


@pytest.mark.parametrize(("text", "name"), [
    ("The Pervomaisky District Court of Bishkek on Tuesday approved the extradition of Rustam Yusupov.",
     "Pervomaisky District Court of Bishkek"),
    ("The Embassy of Japan on Friday declined to comment on the case of Aida Nur.", "Embassy of Japan"),
], ids=["weekday", "weekday-after-of"])
def test_a_day_after_the_name_is_not_part_of_it(text: str, name: str) -> None:
    assert _orgs(text) == [name]


def test_a_monitor_is_an_organisation() -> None:
    assert _orgs("The report was published by Steppe Rights Monitor in November 2021.") == ["Steppe Rights Monitor"]
