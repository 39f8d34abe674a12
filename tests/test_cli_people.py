"""The people commands as a user runs them: people, person, timeline, same-person, not-same, review, resolve."""

from __future__ import annotations

import json
from typing import Any

import pytest
from test_casefile import load_corpus

from aigak.core.models import ReviewStatus
from aigak.store.audit import audit_history
from aigak.store.engine import Store
from aigak.store.facts import list_facts


@pytest.fixture
def corpus(sqlite_store: Store) -> Store:
    load_corpus(sqlite_store)
    return sqlite_store


def _json(stdout: str) -> Any:
    return json.loads(stdout)


def test_people_lists_each_person_once_and_finds_any_spelling(run_cli: Any, corpus: Store) -> None:
    listed = run_cli("people", "--json")
    assert listed.code == 0, listed.stderr
    names = [p["name"] for p in _json(listed.stdout) if p["is_named"]]
    assert names.count("Aizhan Serikqyzy") == 1 and "Nurlan Bekuly" in names
    found = run_cli("people", "--query", "Айжан")
    assert found.code == 0 and "Aizhan Serikqyzy" in found.stdout
    assert "Nobody matches." in run_cli("people", "--query", "Zzyzx").stdout


def test_person_prints_the_case_file_in_three_formats(run_cli: Any, corpus: Store) -> None:
    as_json = run_cli("person", "Nurlan Bekuly", "--format", "json")
    assert as_json.code == 0, as_json.stderr
    data = _json(as_json.stdout)
    assert data["person"]["name"] == "Nurlan Bekuly"
    assert {c["kind"] for c in data["contradictions"]} >= {"duration", "order"}
    markdown = run_cli("person", "Nurlan Bekuly", "--format", "markdown")
    assert markdown.stdout.startswith("# Case file: Nurlan Bekuly")
    text = run_cli("person", "Bekuly")
    assert text.code == 0 and "Timeline" in text.stdout and "Contradictions" in text.stdout
    bad = run_cli("person", "Nurlan Bekuly", "--format", "pdf")
    assert bad.code == 1 and "Unknown format 'pdf'" in bad.stderr


def test_person_reading_is_audited(run_cli: Any, corpus: Store) -> None:
    assert run_cli("person", "Aizhan Serikqyzy", "--format", "json").code == 0
    with corpus.read() as conn:
        assert any(r.action == "read_casefile" for r in audit_history(conn))


def test_unknown_or_ambiguous_person_is_one_line_error(run_cli: Any, corpus: Store) -> None:
    missing = run_cli("person", "Zzyzx Nobody")
    assert missing.code == 1 and missing.stderr.startswith("error: No person matches 'Zzyzx Nobody'")


def test_timeline_shows_dates_with_precision(run_cli: Any, corpus: Store) -> None:
    result = run_cli("timeline", "Nurlan Bekuly", "--format", "markdown")
    assert result.code == 0, result.stderr
    assert "**2018-05 – 2019-03** (month) — detention (10 months; Ghulja)" in result.stdout
    assert "**2017** (year) — release" in result.stdout
    items = _json(run_cli("timeline", "Nurlan Bekuly", "--format", "json").stdout)
    assert [i["start"] for i in items] == ["2017", "2018-05", "2019-03"]


def test_same_person_and_not_same_are_reversible(run_cli: Any, corpus: Store) -> None:
    people = {p["name"]: p["id"] for p in _json(run_cli("people", "--json").stdout)}
    a, b = people["Aizhan Serikqyzy"], people["Nurlan Bekuly"]
    merged = run_cli("same-person", str(a), str(b))
    assert merged.code == 0 and f"into #{min(a, b)}" in merged.stdout
    assert run_cli("same-person", str(a), str(b)).stdout.startswith(f"#{min(a, b)} is already one person")
    apart = run_cli("not-same", str(a), str(b))
    assert apart.code == 0 and "kept apart" in apart.stdout
    after = {p["name"] for p in _json(run_cli("people", "--json").stdout)}
    assert {"Aizhan Serikqyzy", "Nurlan Bekuly"} <= after


@pytest.mark.parametrize("apart", ["late middle", "middle early"], ids=["b-was-merged-in", "b-is-the-merged-person"])
def test_not_same_after_two_merges_separates_only_what_it_names(run_cli: Any, corpus: Store, apart: str) -> None:
    # As the review did it: same-person 34 3; same-person 34 6; not-same 34 6 (or 6 3).
    people = sorted(p["id"] for p in _json(run_cli("people", "--json").stdout))
    assert len(people) == 3
    ids = {"early": people[0], "middle": people[1], "late": people[-1]}
    assert run_cli("same-person", str(ids["late"]), str(ids["early"])).code == 0
    second = run_cli("same-person", str(ids["late"]), str(ids["middle"]))
    assert second.code == 0, second.stderr
    assert f"Merged #{ids['late']} (part of #{ids['early']}) and #{ids['middle']} into #{ids['early']}" in second.stdout
    a, b = (ids[k] for k in apart.split())
    result = run_cli("not-same", str(a), str(b))
    assert result.code == 0, result.stderr
    assert f"#{ids['middle']} left #{ids['early']}" in result.stdout
    assert f"#{ids['early']} still includes #{ids['late']}" in result.stdout
    with corpus.read() as conn:
        from aigak.store.persons import root_of

        assert root_of(conn, ids["late"]) == ids["early"], "the unrelated earlier merge stays"
        assert root_of(conn, ids["middle"]) == ids["middle"]
        kept = [r for r in audit_history(conn) if r.action == "keep_apart"]
    assert kept[-1].after["persons"] == sorted([ids["early"], ids["middle"]])


def test_not_same_with_a_fact_takes_that_mention_out(run_cli: Any, corpus: Store) -> None:
    with corpus.read() as conn:
        fact = next(f.id for f in list_facts(conn, document_id=4) if f.local_id == "p1")
    result = run_cli("not-same", f"fact:{fact}", "Aizhan Serikqyzy")
    assert result.code == 0, result.stderr
    assert f"Took fact:{fact} out" in result.stdout
    data = _json(run_cli("person", "Aizhan Serikqyzy", "--format", "json").stdout)
    assert "Serikqyzy" not in {n["name"] for n in data["person"]["names"]}


def test_review_walks_proposed_facts_from_standard_input(run_cli: Any, corpus: Store) -> None:
    # The third fact is a person: a date is not one of its fields, and is refused on the spot.
    answers = "c\nr\ne\nstart=\"2018-06\"\naliases=[\"N. Bekuly\"]\n\ns\nq\n"
    result = run_cli("review", "--person", "Nurlan Bekuly", stdin=answers.encode())
    assert result.code == 0, result.stderr
    assert "start cannot be edited here" in result.stderr
    assert "saved as edited: aliases" in result.stdout
    assert "1 confirmed, 1 rejected, 1 edited, 1 skipped." in result.stdout
    with corpus.read() as conn:
        statuses = [f.status for f in list_facts(conn) if f.status is not ReviewStatus.PROPOSED]
        actions = [r.action for r in audit_history(conn)]
    assert sorted(s.value for s in statuses) == ["confirmed", "edited", "rejected"]
    assert actions.count("review") == 3


def test_review_stops_at_end_of_input(run_cli: Any, corpus: Store) -> None:
    result = run_cli("review", "--document", "4", stdin=b"c\n")
    assert result.code == 0, result.stderr
    assert "1 confirmed, 0 rejected, 0 edited, 0 skipped." in result.stdout


def test_resolve_catches_up_after_facts_arrive_without_resolution(run_cli: Any, sqlite_store: Store) -> None:
    from test_resolve_registry import _doc, _person

    _doc(sqlite_store, "Unresolved.", [_person("Gulnar Ahmetova")], ref="2020", resolve=False)
    result = run_cli("resolve")
    assert result.code == 0 and result.stdout.startswith("1 documents resolved: 1 mentions")
    assert "Gulnar Ahmetova" in run_cli("people").stdout
