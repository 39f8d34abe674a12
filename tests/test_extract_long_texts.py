"""A very long report is extracted in parts and joined: spans stay exact, a name is one entity, late cases count."""

from __future__ import annotations

import itertools
from typing import Any

from aigak.extract.long_texts import PART_CHARS, extract_in_parts, parts_of
from aigak.extract.run import extract_text

NAMES = ["Nurlan Sadykov", "Bolat Zhaksylyk", "Erzhan Tolegen", "Marat Ibrayev", "Serik Abenov", "Timur Kasymov",
         "Daniyar Omarov", "Yerlan Bekov", "Asylbek Nurgali", "Kanat Zhumabek", "Galym Utepov", "Ruslan Akhmetov",
         "Askar Myrzakhmet", "Beibit Orazbay", "Dias Temirkhan", "Zhandos Kuanysh", "Olzhas Seitkali",
         "Azamat Baimukhan", "Arman Qairat", "Talgat Yessen", "Nurbol Shaimerden", "Kairat Dosym", "Yerbol Sultan",
         "Almas Turlykhan", "Madi Ospan", "Sanzhar Aldabergen", "Ilyas Kemel", "Rustem Zharylgap", "Aibek Nauryz",
         "Zhanibek Yerkin"]
FILLER = ("The families described in this chapter spoke to researchers in Almaty over several months, and "
          "their accounts were checked against court records and the testimony of neighbours. ")


def _report(cases: int) -> str:
    """A long fictional NGO report: a dated head, then one short case per chapter, padded to length."""
    chapters = ["Report on detentions\n\nALMATY, 14 March 2022 — This report was written by Steppe Rights Watch."]
    for n in range(cases):
        chapters.append(
            f"Case {n + 1}\n\nAigerim Dauletova, 34, told researchers about her cousin. Her cousin {NAMES[n]}, "
            f"{30 + n % 20}, was detained in Ghulja on {1 + n % 27} May 2018 and sent to a camp.\n\n" + FILLER * 25)
    return "\n\n".join(chapters)


def test_parts_cover_the_text_and_cut_at_paragraph_breaks() -> None:
    text = _report(30)
    parts = list(parts_of(text))
    assert parts[0][0] == 0 and parts[-1][1] == len(text)
    assert all(a[1] == b[0] for a, b in itertools.pairwise(parts))
    assert all(text[start - 2:start] == "\n\n" for start, _ in parts[1:])
    assert len(parts) > 1 and all(end - start <= PART_CHARS for start, end in parts)


def test_a_long_report_is_joined_into_one_exact_extraction() -> None:
    text = _report(30)
    assert len(text) > 2 * PART_CHARS
    result: dict[str, Any] = extract_text(text)
    persons = [e for e in result["entities"] if e["kind"] == "person" and e.get("name")]
    named = {e["name"]: e for e in persons}
    # The woman named in every chapter is one person, with mentions from the first part to the last, each
    # pointing at her name in the whole text.
    aigerim = named["Aigerim Dauletova"]
    assert {text[s:e] for s, e in aigerim["mentions"]} == {"Aigerim Dauletova"}
    assert len(persons) == len(named)
    assert min(s for s, _ in aigerim["mentions"]) < PART_CHARS < max(s for s, _ in aigerim["mentions"])
    # A case told in the last chapters is there, dated by the report's date line in the first part.
    last = named[NAMES[29]]
    detentions = [ev for ev in result["events"] if last["id"] in ev["subjects"] and ev["type"] in ("arrest", "detention")]
    assert detentions and detentions[0]["start"] == "2018-05-03"
    assert result["document"]["reference_date"] == "2022-03-14"
    ids = [e["id"] for e in result["entities"]]
    assert len(ids) == len(set(ids))
    known = set(ids)
    assert all(s in known for ev in result["events"] for s in ev["subjects"])
    assert all(r["from"] in known and r["to"] in known for r in result["relations"])


def test_a_short_text_is_extracted_whole() -> None:
    calls: list[str] = []

    def extract(part: str, published: str | None) -> dict[str, Any]:
        calls.append(part)
        return {"document": {"body": [0, len(part)], "reference_date": published}, "entities": [],
                "relations": [], "events": [], "amounts": []}

    extract_in_parts("A short note.", extract)
    assert calls == ["A short note."]
