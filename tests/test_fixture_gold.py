"""The gold annotations of our fictional fixtures agree with their texts, the format and the scorer."""

from __future__ import annotations

import datetime as dt
import importlib.util
import json
import re
import types
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pycountry
import pytest

REPO = Path(__file__).resolve().parents[1]
EVAL_DIR = REPO / "tests" / "fixtures" / "eval"
DEV_DIR = REPO / "tests" / "fixtures" / "dev"  # the development set the rules are tuned on
HELDOUT_NEWS_DIR = REPO / "tests" / "fixtures" / "heldout-news"  # news never tuned on, to measure with
DEMO_DIR = REPO / "examples" / "demo"
SHARED_EVAL = Path(__file__).resolve().parents[1].parent / "shared" / "eval"
SCORER = SHARED_EVAL / "score.py"

# The vocabularies of FORMAT.md ("Event types", "Relation types"); a test below compares them with it.
EVENT_TYPES = frozenset({
    "arrest", "detention", "release", "torture", "coerced_confession", "house_arrest", "surveillance",
    "restriction", "fine", "confiscation", "forced_labor", "forced_marriage", "sexual_violence",
    "disappearance", "death", "threat", "summons", "flight", "border_crossing", "arrival",
    "asylum_application", "asylum_decision", "criminal_proceeding", "deportation_order", "deportation",
    "public_statement",
})
RELATION_TYPES = frozenset({"parent", "child", "sibling", "spouse", "relative", "associate", "member", "lawyer"})
FAMILY_TYPES = frozenset({"parent", "child", "sibling", "spouse", "relative"})
# Year, year-month or a full date, nothing finer: "March 2013" is 2013-03, never 2013-03-01.
ISO_DATE = re.compile(r"\d{4}(?:-(?:0[1-9]|1[0-2])(?:-(?:0[1-9]|[12]\d|3[01]))?)?")
TOP_KEYS = ("document", "reference_date", "body_end_quote", "persons", "organizations", "places",
            "relations", "amounts", "events")
SCORED = ("persons", "attributes", "organizations", "places", "relations", "amounts", "events")


@dataclass(frozen=True, slots=True)
class GoldCase:
    """One gold file with the text it annotates."""

    name: str
    gold: dict[str, Any]
    text: str

    @property
    def body_end(self) -> int:
        """Offset just after `body_end_quote`: what follows is boilerplate."""
        quote = self.gold["body_end_quote"]
        return self.text.index(quote) + len(quote)

    @property
    def body(self) -> str:
        return self.text[: self.body_end]


def _gold_paths() -> list[tuple[Path, Path]]:
    """Every gold file we own, with the folder its `document` is read from."""
    pairs = [(path, folder / "docs") for folder in (EVAL_DIR, DEV_DIR, HELDOUT_NEWS_DIR)
             for path in sorted((folder / "gold").glob("*.json"))]
    pairs += [(path, DEMO_DIR) for path in sorted(DEMO_DIR.glob("*.gold.json"))]
    return pairs


GOLD_PATHS = _gold_paths()


def _load(gold_path: Path, text_dir: Path) -> GoldCase:
    gold = json.loads(gold_path.read_text(encoding="utf-8"))
    text = (text_dir / gold["document"]).read_text(encoding="utf-8")
    return GoldCase(name=gold_path.name, gold=gold, text=text)


@pytest.fixture(params=GOLD_PATHS, ids=[path.name for path, _ in GOLD_PATHS])
def case(request: pytest.FixtureRequest) -> GoldCase:
    gold_path, text_dir = request.param
    return _load(gold_path, text_dir)


@pytest.fixture(scope="module")
def scorer() -> types.ModuleType:
    if not SCORER.exists():
        pytest.skip(f"the shared scorer is absent ({SCORER.name} beside the repository); nothing to score with")
    spec = importlib.util.spec_from_file_location("aigak_shared_eval_score", SCORER)
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def _quoted_items(gold: dict[str, Any]) -> list[tuple[str, str]]:
    return [(f"{group}[{i}]", item["quote"]) for group in ("relations", "amounts", "events")
            for i, item in enumerate(gold[group])]


def _date_value(iso: str) -> dt.date:
    parts = [int(p) for p in iso.split("-")]
    return dt.date(parts[0], parts[1] if len(parts) > 1 else 1, parts[2] if len(parts) > 2 else 1)


@pytest.mark.parametrize("folder", [EVAL_DIR, DEV_DIR], ids=["eval", "dev"])
def test_the_corpus_has_one_gold_file_per_document(folder: Path) -> None:
    docs = sorted(p.name for p in (folder / "docs").glob("*.txt"))
    annotated = sorted(json.loads(p.read_text(encoding="utf-8"))["document"]
                       for p in (folder / "gold").glob("*.json"))
    assert len(docs) >= 5
    assert annotated == docs
    assert list(DEMO_DIR.glob("*.gold.json")), "the demo testimony has a gold file"


def test_gold_file_has_every_key_the_format_needs(case: GoldCase) -> None:
    missing = [key for key in TOP_KEYS if key not in case.gold]
    assert not missing, f"{case.name} lacks {missing}"
    assert case.gold["events"], "a fixture without events tests nothing"


def test_body_end_quote_occurs_exactly_once(case: GoldCase) -> None:
    assert case.text.count(case.gold["body_end_quote"]) == 1


def test_every_quote_occurs_verbatim_inside_the_body(case: GoldCase) -> None:
    for where, quote in _quoted_items(case.gold):
        assert quote, f"{where} has an empty quote"
        assert quote in case.text, f"{where}: {quote!r} is not in {case.gold['document']}"
        assert quote in case.body, f"{where}: {quote!r} only occurs after the body"


def test_every_person_name_and_alias_occurs_in_the_body(case: GoldCase) -> None:
    # Our convention: a person's aliases are spellings the text uses. Places and organizations may
    # also list standard variants the text lacks (GUIDELINES.md allows it), so they are not checked.
    for person in case.gold["persons"]:
        for name in [person["name"], *person.get("aliases", [])]:
            assert name in case.body, f"{name!r} is listed in {case.name} but not written in the body"


def test_event_and_relation_types_come_from_the_format(case: GoldCase) -> None:
    assert {ev["type"] for ev in case.gold["events"]} <= EVENT_TYPES
    assert {rel["type"] for rel in case.gold["relations"]} <= RELATION_TYPES


def test_event_ids_are_unique(case: GoldCase) -> None:
    ids = [ev["id"] for ev in case.gold["events"]]
    assert len(ids) == len(set(ids))


def test_relations_join_listed_entities(case: GoldCase) -> None:
    persons = {p["name"] for p in case.gold["persons"]}
    orgs = {o["name"] for o in case.gold["organizations"]}
    for rel in case.gold["relations"]:
        assert rel["from"] in persons, f"relation from {rel['from']!r}, who is not a gold person"
        if rel["type"] == "member":
            assert rel["to"] in orgs, f"member of {rel['to']!r}, which is not a gold organization"
        elif rel["type"] == "lawyer":
            assert rel["to"] in persons
        else:
            assert rel["to"] is None or rel["to"] in persons


def test_event_subjects_are_gold_persons_or_their_unnamed_relatives(case: GoldCase) -> None:
    persons = {p["name"] for p in case.gold["persons"]}
    unnamed = {(r["from"], r["type"]) for r in case.gold["relations"] if r["to"] is None}
    for ev in case.gold["events"]:
        assert ev["subjects"], f"{ev['id']} happened to nobody"
        for subject in ev["subjects"]:
            if isinstance(subject, str):
                assert subject in persons, f"{ev['id']}: {subject!r} is not a gold person"
            else:
                assert subject["relation"] in FAMILY_TYPES
                key = (subject["relative_of"], subject["relation"])
                assert key in unnamed, f"{ev['id']}: no unnamed {key[1]} of {key[0]} among the relations"


def test_dates_are_iso_without_invented_precision(case: GoldCase) -> None:
    dates = [("reference_date", case.gold["reference_date"])]
    dates += [(f"{ev['id']}.{k}", ev[k]) for ev in case.gold["events"] for k in ("start", "end") if ev[k]]
    for where, value in dates:
        assert ISO_DATE.fullmatch(value), f"{where}: {value!r} is not ISO 8601 at year, month or day precision"
        _date_value(value)  # raises on 2019-02-30
    reference = case.gold["reference_date"]
    for ev in case.gold["events"]:
        if ev["start"] and ev["end"]:
            assert _date_value(ev["start"]) <= _date_value(ev["end"]), ev["id"]
        for value in (ev["start"], ev["end"]):
            if value and len(value) >= len(reference):
                # a scheduled hearing may lie ahead of the text, but not by years
                assert _date_value(value) <= _date_value(reference) + dt.timedelta(days=366), ev["id"]


def test_flight_has_no_place_and_other_places_are_gold_places(case: GoldCase) -> None:
    places = {p["name"] for p in case.gold["places"]}
    for ev in case.gold["events"]:
        if ev["type"] == "flight":
            assert ev["place"] is None, f"{ev['id']}: flight events have place null"
        assert ev["place"] is None or ev["place"] in places, f"{ev['id']}: {ev['place']!r} is not a gold place"


def test_amounts_use_iso_4217_and_event_amounts_are_listed(case: GoldCase) -> None:
    listed = {(a["value"], a["currency"]) for a in case.gold["amounts"]}
    for amount in case.gold["amounts"]:
        assert pycountry.currencies.get(alpha_3=amount["currency"]) is not None, amount
        assert amount["value"] > 0
    for ev in case.gold["events"]:
        if ev.get("amount"):
            assert (ev["amount"]["value"], ev["amount"]["currency"]) in listed, ev["id"]


def test_vocabularies_match_the_shared_format() -> None:
    format_md = SHARED_EVAL / "FORMAT.md"
    if not format_md.exists():
        pytest.skip("the shared FORMAT.md is absent; the vocabularies above are its copy")
    text = format_md.read_text(encoding="utf-8")
    sections = dict(re.findall(r"^## (.+?)\n(.*?)(?=^## |\Z)", text, flags=re.MULTILINE | re.DOTALL))
    event_list = sections["Event types"].strip().split("\n\n")[0]  # the scorer's groups follow it
    assert set(re.findall(r"`(\w+)`", event_list)) == EVENT_TYPES
    assert set(re.findall(r"`(\w+)`", sections["Relation types"])) == RELATION_TYPES


def test_no_two_gold_persons_look_alike_to_the_scorer(case: GoldCase, scorer: types.ModuleType) -> None:
    persons = case.gold["persons"]
    for i, a in enumerate(persons):
        for b in persons[i + 1:]:
            assert not scorer.matches(a, b), f"{a['name']!r} and {b['name']!r} would be confused when scoring"


def _system_from_gold(gold: dict[str, Any], text: str) -> dict[str, Any]:
    """The extraction a perfect system would print for this gold file (FORMAT.md)."""
    def span(quote: str) -> list[int]:
        start = text.index(quote)
        return [start, start + len(quote)]

    entities: list[dict[str, Any]] = []
    ids: dict[str, str] = {}
    for kind, group, prefix in (("person", "persons", "p"), ("organization", "organizations", "o"),
                                ("place", "places", "l")):
        for i, item in enumerate(gold[group]):
            ids[item["name"]] = f"{prefix}{i + 1}"
            entities.append({"id": ids[item["name"]], "kind": kind, "name": item["name"],
                             "aliases": item.get("aliases", []), "attributes": item.get("attributes", {}),
                             "mentions": []})
    relations, unnamed = [], {}
    for i, rel in enumerate(gold["relations"]):
        target = ids.get(rel["to"]) if rel["to"] is not None else f"u{i + 1}"
        if rel["to"] is None:
            entities.append({"id": target, "kind": "person", "name": None, "description": rel["type"],
                             "attributes": {}, "mentions": [span(rel["quote"])]})
            unnamed.setdefault((rel["from"], rel["type"]), target)
        relations.append({"type": rel["type"], "from": ids[rel["from"]], "to": target,
                          "evidence": [span(rel["quote"])]})
    events = [{"id": f"e{i + 1}", "type": ev["type"],
               "subjects": [ids[s] if isinstance(s, str) else unnamed[(s["relative_of"], s["relation"])]
                            for s in ev["subjects"]],
               "agents": [], "place": ids.get(ev["place"]) if ev["place"] else None,
               "start": ev["start"], "end": ev["end"], "amount": ev.get("amount"),
               "evidence": [span(ev["quote"])], "confidence": 1.0}
              for i, ev in enumerate(gold["events"])]
    amounts = [{"value": a["value"], "currency": a["currency"], "evidence": [span(a["quote"])]}
               for a in gold["amounts"]]
    body_end = text.index(gold["body_end_quote"]) + len(gold["body_end_quote"])
    return {"document": {"sha256": "", "reference_date": gold["reference_date"], "body": [0, body_end]},
            "entities": entities, "relations": relations, "events": events, "amounts": amounts}


def test_scorer_gives_the_gold_derived_extraction_full_marks(case: GoldCase, scorer: types.ModuleType) -> None:
    result = scorer.score(case.gold, _system_from_gold(case.gold, case.text), case.text)
    assert result["persons"]["f1"] == 1.0
    assert {key: result[key]["f1"] for key in SCORED} == dict.fromkeys(SCORED, 1.0)
    assert result["events"]["outside_body"] == 0
    assert result["event_dates"]["share"] in (1.0, None)
    assert result["event_places"]["share"] in (1.0, None)
    assert result["reference_date_ok"]
    assert result["body_end_off_by"] == 0
    assert result["grounding"]["invalid"] == 0


def test_scorer_reads_the_corpus_folder_as_laid_out(scorer: types.ModuleType, tmp_path: Path) -> None:
    for gold_path in sorted((EVAL_DIR / "gold").glob("*.json")):
        loaded = _load(gold_path, EVAL_DIR / "docs")
        system = _system_from_gold(loaded.gold, loaded.text)
        (tmp_path / gold_path.name).write_text(json.dumps(system, ensure_ascii=False), encoding="utf-8")
    result = scorer.score_folder(EVAL_DIR / "gold", tmp_path, EVAL_DIR / "docs")
    assert result["persons"]["gold"] >= 20
    assert result["events"]["gold"] >= 50
    assert {key: result[key]["f1"] for key in SCORED} == dict.fromkeys(SCORED, 1.0)
    assert set(result["events_f1_by_document"].values()) == {1.0}
