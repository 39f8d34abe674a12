"""The `ensemble.v1` backend: rules and a scripted model on loopback, agreement and disagreement."""

from __future__ import annotations

import copy
import json
from pathlib import Path
from typing import Any

import pytest
from fixtures.llm.chat_server import ChatServer, Reply

from aigak.core.errors import BackendError
from aigak.extract.llm.ensemble import (
    AGREEMENT_BONUS,
    CONFLICT_PENALTY,
    ONE_SIDED_PENALTY,
    EnsembleBackend,
    combine,
)
from aigak.extract.run import extract_text

FIXTURES = Path(__file__).resolve().parent / "fixtures" / "llm"
TEXT = (FIXTURES / "testimony.txt").read_text(encoding="utf-8")
TITLE = TEXT.splitlines()[0]
GOOD: dict[str, Any] = json.loads((FIXTURES / "testimony_answer.json").read_text(encoding="utf-8"))
FAST = {"timeout_s": 2.0, "max_retries": 0, "backoff_s": 0.01}


@pytest.fixture(scope="module")
def rules() -> dict[str, Any]:
    return extract_text(TEXT, title=TITLE, backend="rules.v1")


def ensemble(model_answer: dict[str, Any]) -> dict[str, Any]:
    with ChatServer([Reply(model_answer)]) as server:
        return EnsembleBackend(url=server.url, model="scripted", **FAST).extract(TEXT, title=TITLE)


def named(result: dict[str, Any], name: str) -> dict[str, Any]:
    return next(e for e in result["entities"] if e.get("name") == name)


def test_fact_both_propose_is_agreed_with_higher_confidence(rules: dict[str, Any]) -> None:
    result = ensemble(GOOD)
    assert result["backend"]["name"] == "ensemble.v1"
    assert result["document"] == rules["document"]
    abenov = named(result, "Nurlan Abenov")
    from_rules = named(rules, "Nurlan Abenov")
    assert abenov["sources"] == ["rules.v1", "llm.v1"]
    assert abenov["id"] == from_rules["id"]
    assert abenov["confidence"] == round(min(0.95, from_rules["confidence"] + AGREEMENT_BONUS), 2)
    assert "needs_review" not in abenov
    # The model's checked attribute the rules did not find is added.
    assert abenov["attributes"]["ethnicity"] == "Kazakh"
    detention = next(e for e in result["events"] if e["type"] == "detention")
    assert detention["sources"] == ["rules.v1", "llm.v1"] and "needs_review" not in detention
    assert detention["confidence"] > next(e for e in rules["events"] if e["type"] == "detention")["confidence"]
    amount = result["amounts"][0]
    assert (amount["value"], amount["currency"], amount["sources"]) == (20000, "CNY", ["rules.v1", "llm.v1"])


def test_fact_only_one_proposes_goes_to_review_with_lower_confidence(rules: dict[str, Any]) -> None:
    without_almaty = copy.deepcopy(GOOD)
    without_almaty["entities"] = [e for e in GOOD["entities"] if e["name"] != "Almaty"]
    for event in without_almaty["events"]:
        if event["place"] == "l3":
            event["place"] = None
    result = ensemble(without_almaty)
    almaty = named(result, "Almaty")
    assert almaty["sources"] == ["rules.v1"] and almaty["needs_review"] is True
    assert almaty["confidence"] == round(named(rules, "Almaty")["confidence"] - ONE_SIDED_PENALTY, 2)
    # The spouse tie only the model read: kept, in the rules' id space, for review.
    spouse = next(r for r in result["relations"] if r["type"] == "spouse" and "llm.v1" in r["sources"])
    ids = {e["id"]: e["name"] for e in result["entities"]}
    assert (ids[spouse["from"]], ids[spouse["to"]]) == ("Nurlan Abenov", "Saule Abenova")
    if spouse["sources"] == ["llm.v1"]:
        assert spouse["needs_review"] is True


def test_fact_with_different_values_is_a_conflict_for_review(rules: dict[str, Any]) -> None:
    wrong_date = copy.deepcopy(GOOD)
    # The model dates the detention by the release: grounded words, but not the rules' date.
    wrong_date["events"][0]["start_quote"] = "in May 2018"
    result = ensemble(wrong_date)
    detention = next(e for e in result["events"] if e["type"] == "detention")
    rules_detention = next(e for e in rules["events"] if e["type"] == "detention")
    assert detention["needs_review"] is True
    assert detention["conflicts"]["start"] == {"rules.v1": rules_detention["start"], "llm.v1": "2018-05"}
    assert detention["start"] == rules_detention["start"]  # the rules' value is kept, the other shown
    assert detention["confidence"] == round(min(rules_detention["confidence"], 0.7) - CONFLICT_PENALTY, 2)


def test_model_only_and_unaligned_records_pass_through_for_review() -> None:
    extra = copy.deepcopy(GOOD)
    extra["entities"].append({"id": "p9", "kind": "person", "name": "Erlan Tokhtarov", "aliases": [],
                              "mentions": ["Erlan Tokhtarov"]})
    extra["events"].append({"type": "torture", "subjects": ["p9"], "quote": "They beat him every night"})
    result = ensemble(extra)
    ghost = named(result, "Erlan Tokhtarov")
    assert ghost["sources"] == ["llm.v1"] and ghost["alignment"] == "unaligned" and ghost["mentions"] == []
    torture = next(e for e in result["events"] if e["type"] == "torture")
    assert torture["subjects"] == [ghost["id"]] and torture["evidence"] == [] and torture["needs_review"] is True
    ids = [e["id"] for e in result["entities"]]
    assert len(ids) == len(set(ids))
    event_ids = [e["id"] for e in result["events"]]
    assert len(event_ids) == len(set(event_ids))


def test_model_failure_fails_the_ensemble_without_records() -> None:
    with ChatServer([Reply(status=500)]) as server, pytest.raises(BackendError, match="HTTP 500"):
        EnsembleBackend(url=server.url, model="scripted", **FAST).extract(TEXT, title=TITLE)


@pytest.mark.parametrize(("rules_relation", "model_relation"), [
    ({"type": "child", "from": "p1", "to": "p2"}, {"type": "parent", "from": "p2", "to": "p1"}),
    ({"type": "spouse", "from": "p1", "to": "p2"}, {"type": "spouse", "from": "p2", "to": "p1"}),
], ids=["inverse", "symmetric"])
def test_relations_agree_whichever_side_states_them(rules_relation: dict[str, Any],
                                                    model_relation: dict[str, Any]) -> None:
    people = [{"id": "p1", "kind": "person", "name": "Aman Serik", "mentions": [[0, 10]], "confidence": 0.9},
              {"id": "p2", "kind": "person", "name": "Dana Serik", "mentions": [[20, 30]], "confidence": 0.9}]
    model_people = [{**p, "alignment": "exact", "confidence": 0.7} for p in people]
    merged = combine({"entities": people, "relations": [{**rules_relation, "evidence": [[0, 30]]}]},
                     {"entities": model_people, "relations": [{**model_relation, "evidence": [[0, 30]],
                                                               "alignment": "exact", "confidence": 0.7}],
                      "events": [], "amounts": []})
    assert len(merged["relations"]) == 1
    assert merged["relations"][0]["sources"] == ["rules.v1", "llm.v1"]
