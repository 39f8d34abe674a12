"""Review edits are checked before anything is saved: dates at the precision rules, people and places of the document."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from aigak.core.models import FactKind, ReviewStatus
from aigak.operations.review import InvalidEdit, parse_review_date, review
from aigak.store.audit import audit_history
from aigak.store.engine import Store, open_store
from aigak.store.facts import get_fact, list_facts

STORY = ("Aigerim Tursynbekkyzy, 34, crossed the border near Khorgos on 9 November 2021. "
         "She was detained in Taldykorgan the same day. Her husband Nurlan Sadykov was arrested in Ghulja in April 2018.")


@pytest.mark.parametrize(("value", "expected"), [
    ("2017", "2017"), ("2017-03", "2017-03"), ("2024-02-29", "2024-02-29"), ("", None), (None, None), (2017, "2017"),
], ids=["year", "month", "leap-day", "empty", "none", "number"])
def test_review_dates_keep_their_precision(value: Any, expected: str | None) -> None:
    assert parse_review_date(value) == expected


@pytest.mark.parametrize(("value", "message"), [
    ("31/02/2022", "write the year, year-month or full date"),
    ("2022-13-45", "has no month 13"),
    ("2021-02-30", "February 2021 has 28 days"),
    ("2023-02-29", "February 2023 has 28 days"),
    ("March 2013", "as 2017, 2017-03 or 2017-03-14"),
    ("2013-3", "as 2017, 2017-03 or 2017-03-14"),
], ids=["slashes", "month-13", "feb-30", "not-leap", "words", "one-digit-month"])
def test_impossible_or_malformed_dates_are_refused(value: str, message: str) -> None:
    with pytest.raises(InvalidEdit) as caught:
        parse_review_date(value, "start date")
    assert message in str(caught.value) and caught.value.status == 422


@pytest.fixture
def story(tmp_path: Path, run_cli: Any, sqlite_url: str) -> Store:
    path = tmp_path / "story.txt"
    path.write_text(STORY, encoding="utf-8")
    assert run_cli("ingest", "--extract", str(path)).code == 0
    store = open_store(sqlite_url)
    yield store
    store.close()


def _event(store: Store, type_: str) -> Any:
    with store.read() as conn:
        return next(f for f in list_facts(conn, kind=FactKind.EVENT) if f.type == type_)


@pytest.mark.parametrize(("change", "message"), [
    ({"start": "31/02/2022"}, "not a date aigak stores"),
    ({"start": "2021-02-30"}, "does not exist"),
    ({"subjects": ["p9"]}, "No person 'p9' in this document"),
    ({"place": "Mars"}, "No place 'Mars' in this document"),
    ({"start": "2022-05", "end": "2022-01"}, "before the start date"),
    ({"type": "picnic"}, "Unknown event type"),
    ({"evidence": [[0, 5]]}, "evidence cannot be edited"),
], ids=["slashes", "feb-30", "unknown-subject", "unknown-place", "end-before-start", "type", "evidence"])
def test_a_refused_edit_saves_nothing(story: Store, change: dict[str, Any], message: str) -> None:
    fact = _event(story, "border_crossing")
    with story.read() as conn:
        audit_before = len(audit_history(conn, limit=10_000))
    with pytest.raises(InvalidEdit) as caught:
        review(story, fact.id, ReviewStatus.EDITED, actor="ana", data={**fact.data, **change})
    assert message in str(caught.value)
    with story.read() as conn:
        assert get_fact(conn, fact.id) == fact
        assert len(audit_history(conn, limit=10_000)) == audit_before


def test_people_and_places_may_be_named_instead_of_ids(story: Store) -> None:
    fact = _event(story, "border_crossing")
    edited = review(story, fact.id, ReviewStatus.EDITED, actor="ana",
                    data={**fact.data, "place": "taldykorgan", "subjects": "Aigerim Tursynbekkyzy"})
    with story.read() as conn:
        entities = {e.local_id: e.data.get("name") for e in list_facts(conn, kind=FactKind.ENTITY)}
    assert entities[edited.data["place"]] == "Taldykorgan"
    assert [entities[s] for s in edited.data["subjects"]] == ["Aigerim Tursynbekkyzy"]


def _answers_until(store: Store, fact_id: int) -> str:
    """Skip answers up to the fact, in the order `aigak review --document 1` shows them."""
    with store.read() as conn:
        queue = [f.id for f in list_facts(conn, document_id=1, statuses=[ReviewStatus.PROPOSED])]
    return "s\n" * queue.index(fact_id)


def test_cli_review_refuses_bad_edits_with_a_message_and_shows_names(story: Store, run_cli: Any) -> None:
    fact = _event(story, "border_crossing")
    answers = (_answers_until(story, fact.id)
               + "e\nstart=31/02/2022\n\n"       # refused, asked again
               + "e\nstart=2022-13-45\n\n"
               + 'e\nsubjects=["p9"]\n\n'
               + "e\nplace=Mars\n\n"
               + "e\nstart=2021-11\nplace=Taldykorgan\n\n"  # accepted
               + "q\n")
    result = run_cli("review", "--document", "1", stdin=answers.encode())
    assert result.code == 0, result.stderr
    out, err = " ".join(result.stdout.split()), " ".join(result.stderr.split())
    assert "[c]onfirm, [r]eject, [e]dit, [s]kip, [q]uit?" in out
    assert "border_crossing 2021-11-09 · who: Aigerim Tursynbekkyzy · where: Khorgos" in out
    assert "subjects=" not in out and "place=l" not in out
    assert err.count("not saved:") == 4
    assert "not a date aigak stores" in err and "has no month 13" in err
    assert "No person 'p9' in this document" in err and "No place 'Mars' in this document" in err
    assert "saved as edited: place Khorgos → Taldykorgan; start 2021-11-09 → 2021-11" in out
    with story.read() as conn:
        saved = get_fact(conn, fact.id)
        reviews = [r for r in audit_history(conn, f"fact:{fact.id}") if r.action == "review"]
    assert saved.status is ReviewStatus.EDITED and saved.data["start"] == "2021-11"
    assert len(reviews) == 1


def test_cli_review_shows_a_facts_history_in_words(story: Store, run_cli: Any) -> None:
    from aigak.security.redaction import mark_sensitive

    fact = _event(story, "border_crossing")
    mark_sensitive(story, fact.id, actor="ana", sensitive=True)
    result = run_cli("review", "--document", "1", stdin=(_answers_until(story, fact.id) + "q\n").encode())
    assert "history" in result.stdout and "ana: mark sensitive: — → True" in " ".join(result.stdout.split())


def _aigerim(store: Store) -> Any:
    with store.read() as conn:
        return next(f for f in list_facts(conn, kind=FactKind.ENTITY) if f.data.get("name") == "Aigerim Tursynbekkyzy")


@pytest.mark.parametrize(("attributes", "message"), [
    ({"age": "six"}, "write a whole number from 0 to 120"),
    ({"age": -4}, "write a whole number from 0 to 120"),
    ({"age": 250}, "write a whole number from 0 to 120"),
    ({"birth_year": 3021}, "year of birth"),
    ({"gender": "f"}, "write female or male"),
    ({"eye_colour": "brown"}, "not a person's attribute aigak keeps"),
], ids=["age-in-words", "negative-age", "impossible-age", "future-birth", "gender-letter", "unknown-key"])
def test_a_persons_corrected_attributes_must_be_ones_a_person_can_have(story: Store, attributes: dict[str, Any],
                                                                      message: str) -> None:
    # an age decides who is a minor and so hidden from every public output: it must be a real one
    person = _aigerim(story)
    with pytest.raises(InvalidEdit, match=message):
        review(story, person.id, ReviewStatus.EDITED, actor="ana",
               data={**person.data, "attributes": {**person.data["attributes"], **attributes}})
    with story.read() as conn:
        assert get_fact(conn, person.id) == person


def test_a_persons_age_written_as_digits_is_kept_as_a_number(story: Store) -> None:
    person = _aigerim(story)
    edited = review(story, person.id, ReviewStatus.EDITED, actor="ana",
                    data={**person.data, "attributes": {**person.data["attributes"], "age": "35", "gender": "Female"}})
    assert edited.data["attributes"]["age"] == 35 and edited.data["attributes"]["gender"] == "female"
