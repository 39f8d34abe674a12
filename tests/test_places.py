"""Place recognition: spellings to canonical names, longest match, word boundaries, adjectives."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pycountry
import pytest

from aigak.extract.places import (
    PLACE_KINDS,
    compile_phrase_pattern,
    find_places,
    fold,
    lookup_place,
    read_table,
)

EVAL = Path(__file__).resolve().parents[1].parent / "shared" / "eval"
DATA = Path(__file__).resolve().parents[1] / "src" / "aigak" / "extract" / "data"


def _names(text: str) -> list[str]:
    return [m.name for m in find_places(text)]


@pytest.mark.parametrize(
    ("text", "name", "kind", "country"),
    [
        ("She was taken to a camp in Emin County last spring.", "Durbuljin county", "county", "CN"),
        ("Relatives in Dorbiljin have not called.", "Durbuljin county", "county", "CN"),
        ("He grew up in Dörbiljin.", "Durbuljin county", "county", "CN"),
        ("He travelled back to Burjin in 2019.", "Burqin County", "county", "CN"),
        ("Her parents still live in Qinghe County.", "Qinggil County", "county", "CN"),
        ("The camp outside Koktogay held hundreds.", "Fuyun County", "county", "CN"),
        ("She was born in Ghulja.", "Ghulja", "city", "CN"),
        ("Police in Yining detained him.", "Ghulja", "city", "CN"),
        ("Her mother lives in Құлжа.", "Ghulja", "city", "CN"),
        ("He studied in Ürümqi.", "Urumqi", "city", "CN"),
        ("He studied in Urumchi.", "Urumqi", "city", "CN"),
        ("Он учился в Урумчи.", "Urumqi", "city", "CN"),
        ("They were held in Chuguchak.", "Tacheng", "city", "CN"),
        ("They were held in Tacheng prefecture.", "Tacheng Prefecture", "prefecture", "CN"),
        ("Families from Ili wrote letters.", "Ili Kazakh Autonomous Prefecture", "prefecture", "CN"),
        ("Families from Kashi wrote letters.", "Kashgar", "city", "CN"),
        ("She fled from Khotan.", "Hotan", "city", "CN"),
        ("He was sent to Kumul.", "Hami", "city", "CN"),
        ("A farmer from Mongolküre crossed over.", "Zhaosu County", "county", "CN"),
        ("The XUAR authorities denied it.", "Xinjiang", "region", "CN"),
        ("He fled East Turkestan.", "Xinjiang", "region", "CN"),
        ("It happened in the Xinjiang Uighur Autonomous Region.", "Xinjiang", "region", "CN"),
        ("It happened in Шыңжаң.", "Xinjiang", "region", "CN"),
        ("They returned to mainland China.", "China", "country", "CN"),
        ("Officials of the People’s Republic of China came.", "China", "country", "CN"),
        ("The PRC denies this.", "China", "country", "CN"),
        ("He flew to Alma-Ata.", "Almaty", "city", "KZ"),
        ("The hearing was in Nur-Sultan.", "Astana", "city", "KZ"),
        ("The hearing was in Tselinograd.", "Astana", "city", "KZ"),
        ("He lives in Oskemen.", "Ust-Kamenogorsk", "city", "KZ"),
        ("He lives in Qaraghandy.", "Karaganda", "city", "KZ"),
        ("A court in Zharkent ruled.", "Zharkent", "city", "KZ"),
        ("They met in Kyrgyzstan.", "Kyrgyzstan", "country", "KG"),
        ("They met in the Kyrgyz Republic.", "Kyrgyzstan", "country", "KG"),
        ("He was stopped in Osh.", "Osh", "city", "KG"),
        ("He was stopped in Osh oblast.", "Osh Region", "region", "KG"),
        ("She was deported to Russia.", "Russia", "country", "RU"),
        ("The Russian Federation asked for him.", "Russia", "country", "RU"),
        ("He came from Syria.", "Syria", "country", "SY"),
        ("He moved to Türkiye.", "Turkey", "country", "TR"),
        ("He moved to Turkey.", "Turkey", "country", "TR"),
        ("He moved to South Korea.", "South Korea", "country", "KR"),
        ("He worked in Siberia.", "Siberia", "area", "RU"),
        ("Activists met in Geneva.", "Geneva", "city", "CH"),
        ("He studied in Samarkand.", "Samarkand", "city", "UZ"),
        ("KARAGANDA. The court ruled.", "Karaganda", "city", "KZ"),
    ],
    ids=lambda v: v if isinstance(v, str) and len(v) < 40 else None,
)
def test_spelling_is_found_under_its_canonical_name(text: str, name: str, kind: str, country: str) -> None:
    matches = find_places(text)
    assert [(m.name, m.kind, m.country) for m in matches] == [(name, kind, country)]
    assert all(text[m.start:m.end] == m.text for m in matches)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("A court in Karaganda region ruled.", ["Karaganda Region"]),
        ("They met in North Kazakhstan.", ["North Kazakhstan Region"]),
        ("The Xinjiang Uyghur Autonomous Region is large.", ["Xinjiang"]),
        ("He was from the Kyzylsuu Kyrgyz autonomous region.", ["Kizilsu Kyrgyz Autonomous Prefecture"]),
        ("He lived in Xinjiang province.", ["Xinjiang"]),
        ("Petropavlovsk-Kamchatsky is far.", ["Petropavlovsk-Kamchatsky"]),
    ],
    ids=["oblast", "north-kazakhstan", "autonomous-region", "designator", "province", "hyphenated"],
)
def test_longest_match_wins(text: str, expected: list[str]) -> None:
    assert _names(text) == expected


def test_designator_is_part_of_the_mention() -> None:
    text = "He was held in Nilka county for a year."
    [match] = find_places(text)
    assert match.text == "Nilka county"
    assert match.name == "Nilka County"


@pytest.mark.parametrize(
    "text",
    [
        "Mr Oshakbayev spoke to the press.",
        "The Kazakh authorities and Chinese officials met.",
        "A Kyrgyz citizen and an Uzbek trader.",
        "They ate turkey and rice in china bowls.",
        "Emin Aliyev is a lawyer.",
        "The U.S. news organization reported it.",
        "The Central Asian states agreed.",
        "Oral hearings were held in March.",
        "Jordan Peterson was not there.",
        "She was fined 58,340 tenge (US$137) for the picket.",
        "The fine was about HK$900.",
    ],
    ids=["inside-word", "adjectives", "demonyms", "lower-case-words", "first-name", "attributive-us",
         "adjective-of-area", "word-like-name", "first-name-like-country", "us-dollar-sign", "currency-prefix"],
)
def test_words_that_are_not_places_are_not_matched(text: str) -> None:
    assert find_places(text) == []


@pytest.mark.parametrize(
    ("text", "name"),
    [
        ("He later moved to the U.S. and applied for asylum.", "United States"),
        ("He was born in Oral, in the west.", "Oral"),
        ("He fled to Jordan in 2015.", "Jordan"),
    ],
    ids=["us-noun", "oral-city", "jordan-country"],
)
def test_word_like_names_are_places_where_they_stand_as_names(text: str, name: str) -> None:
    assert _names(text) == [name]


def test_mentions_carry_offsets_and_aliases() -> None:
    text = "Qaster fled from Emin county to Almaty."
    first, second = find_places(text)
    assert (first.start, first.end, first.text) == (17, 28, "Emin county")
    assert "Dorbiljin" in first.aliases and "Durbuljin" in first.aliases
    assert second.text == text[second.start:second.end] == "Almaty"


@pytest.mark.parametrize(
    ("query", "name"),
    [
        ("urumqi", "Urumqi"),
        ("ÜRÜMQI", "Urumqi"),
        ("Үрімжі", "Urumqi"),
        ("nur sultan", "Astana"),
        ("Tacheng prefecture", "Tacheng Prefecture"),
        ("Kyzylsuu Kyrgyz autonomous region", "Kizilsu Kyrgyz Autonomous Prefecture"),
        ("xuar", "Xinjiang"),
        ("Republic of Kazakhstan", "Kazakhstan"),
        ("Korea, Republic of", None),
        ("Atlantis", None),
    ],
)
def test_lookup_ignores_case_diacritics_and_script(query: str, name: str | None) -> None:
    match = lookup_place(query)
    assert (match.name if match else None) == name


def test_every_gazetteer_row_is_well_formed() -> None:
    files = sorted(p.name for p in DATA.glob("places_*.tsv") if p.name != "places_demonyms.tsv")
    seen: dict[str, str] = {}
    for filename in files:
        for name, kind, country, aliases in read_table(filename):
            assert kind in PLACE_KINDS, (filename, name)
            assert not country or len(country) == 2, (filename, name)
            for spelling in (name, *filter(None, aliases.split("|"))):
                key = fold(spelling)
                # One spelling names one place, or `lookup_place` would depend on file order.
                assert seen.setdefault(key, name) == name, (filename, spelling, seen[key])


def test_every_pycountry_country_is_in_the_gazetteer() -> None:
    rows = {country: name for name, _, country, _ in read_table("places_countries.tsv")}
    assert set(rows) == {c.alpha_2 for c in pycountry.countries}
    for code, name in rows.items():
        match = lookup_place(name)
        assert match is not None and match.country == code, name


def test_country_table_is_what_the_script_generates() -> None:
    script = DATA / "make_places_countries.py"
    generated = subprocess.run([sys.executable, "-c", (
        "import runpy,sys; m = runpy.run_path(sys.argv[1]); sys.stdout.write(m['render']())"), str(script)],
        capture_output=True, text=True, check=True).stdout
    assert generated == (DATA / "places_countries.tsv").read_text(encoding="utf-8"), (
        "places_countries.tsv is stale: run make_places_countries.py")


def test_phrase_pattern_prefers_the_longest_phrase_at_a_word_boundary() -> None:
    pattern = compile_phrase_pattern(["Osh", "Osh Region", "Ili", "Ile"])
    found = [m.group() for m in pattern.finditer("Osh Region, Oshakbayev, Ili, Osh Regional, Iles")]
    assert found == ["Osh Region", "Ili", "Osh"]


def test_scanning_is_fast_enough_for_millions_of_words() -> None:
    import time

    text = "Qaster fled from Emin county in Xinjiang to Almaty, Kazakhstan, in October 2019. " * 20_000
    find_places("warm up")
    began = time.perf_counter()
    matches = find_places(text)
    elapsed = time.perf_counter() - began
    assert len(matches) == 80_000
    assert elapsed < 5.0  # about 0.3 s here: 280,000 words


def test_recall_on_the_evaluation_articles() -> None:
    if not (EVAL / "gold").is_dir():
        pytest.skip("shared/eval is not beside the repository")
    found = total = 0
    for gold_file in sorted((EVAL / "gold").glob("*.json")):
        gold = json.loads(gold_file.read_text(encoding="utf-8"))
        text = (EVAL / "docs" / f"{gold_file.stem}.txt").read_text(encoding="utf-8")
        ours = {fold(n) for m in find_places(text) for n in (m.name, *m.aliases)}
        for item in gold.get("places", []):
            total += 1
            found += any(fold(n) in ours for n in (item["name"], *item.get("aliases", [])))
    assert total and found / total >= 0.9, f"{found}/{total}"
