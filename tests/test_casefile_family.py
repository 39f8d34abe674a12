"""Case files of a family told by several sources that disagree: disputed dates, whose sentence is whose,
relatives' own status (hand-written extraction results of fictional sources, stored and resolved as
`aigak ingest --extract` does).

The corpus: Saule Bekqyzy crossed into Kazakhstan on 9 November 2021 (source A) or on 19 November
(source B, "not earlier as some reports claimed"); her husband Arman Seitov was arrested in April 2018
(A) or detained in May 2018 (B); her asylum was refused on 25 April 2022 (B) or "two weeks" before
2 May 2022 (C). Her lawyer announces a hearing and an appeal; her brother and her mother have their
own fates, told in sentences that also name her.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping, Sequence
from datetime import date
from typing import Any

import lxml.html
import pytest

from aigak.casefile import build_case_file, case_file_to_dict, render_markdown
from aigak.casefile.legal import FLAG_RETURN_ORDER_WHILE_APPEAL_PENDING
from aigak.core.models import DecodedSource
from aigak.export.dossier import dossier_context
from aigak.resolve import search_people
from aigak.resolve.registry import resolve_document
from aigak.store.documents import add_document, set_reference_date
from aigak.store.engine import Store
from aigak.store.facts import save_extraction

A = ("Saule Bekqyzy, 34, crossed the border near Khorgos on 9 November 2021. "
     "Her husband, Arman Seitov, was arrested by police in April 2018 and sent to a camp in Ghulja. "
     "Her brother, Yerbol Bekuly, 29, was released in 2019 and remains in Xinjiang. "
     "Bekqyzy applied for asylum in Kazakhstan on 20 January 2022. "
     "Her lawyer, Dana Abenova, said the asylum hearing is set for 5 April 2022.")
B = ("Saule Bekkyzy, 34, says she crossed into Kazakhstan on 19 November 2021, not earlier as some reports claimed. "
     "Her husband Arman Seitov was detained in May 2018 and is still held in a camp in Ghulja. "
     "She was released from detention on 10 January 2022. "
     "On 25 April 2022 the migration service rejected her asylum application. "
     "Her lawyer Dana Abenova said they would appeal within 30 days.")
C = ("A court in Taldykorgan on 14 June 2022 ordered the deportation of Saule Bekqyzy to China. "
     "Her appeal against the refusal of asylum is still pending, her lawyer Dana Abenova said. "
     "The appeal hearing is scheduled for 15 July 2022.\n\n"
     "Bekqyzy's mother, Gulnar Sadyqova, 61, was detained in Tekes on 2 May 2022, two weeks after her "
     "daughter's asylum was refused. She has not been heard from since.")


def sp(text: str, quote: str, nth: int = 0) -> list[int]:
    """The [start, end] span of the nth occurrence of a quote in a text."""
    start = -1
    for _ in range(nth + 1):
        start = text.index(quote, start + 1)
    return [start, start + len(quote)]


def person(text: str, lid: str, name: str | None, gender: str, *mentions: str, **attributes: Any) -> dict[str, Any]:
    return {"id": lid, "kind": "person", "name": name, "attributes": {"gender": gender, **attributes},
            "mentions": [sp(text, m) for m in mentions]}


def event(text: str, lid: str, kind: str, subjects: Sequence[str], start: str | None, quote: str,
          end: str | None = None) -> dict[str, Any]:
    return {"id": lid, "type": kind, "subjects": list(subjects), "start": start, "end": end,
            "evidence": [sp(text, quote)]}


def relation(text: str, kind: str, src: str, dst: str, quote: str) -> dict[str, Any]:
    return {"type": kind, "from": src, "to": dst, "evidence": [sp(text, quote)]}


def result(reference_date: str, entities: list[dict[str, Any]], events: list[dict[str, Any]],
           relations: Sequence[dict[str, Any]] = ()) -> dict[str, Any]:
    return {"backend": {"name": "hand.v1"}, "document": {"reference_date": reference_date}, "entities": entities,
            "relations": list(relations), "events": events, "amounts": []}


def source_a() -> dict[str, Any]:
    t = A
    return result("2022-03-14", [
        person(t, "p1", "Saule Bekqyzy", "female", "Saule Bekqyzy", "Bekqyzy", age=34),
        person(t, "p2", "Arman Seitov", "male", "Arman Seitov"),
        person(t, "p3", "Yerbol Bekuly", "male", "Yerbol Bekuly", age=29),
        person(t, "p4", "Dana Abenova", "female", "Dana Abenova"),
    ], [
        event(t, "e1", "border_crossing", ["p1"], "2021-11-09", "crossed the border near Khorgos on 9 November 2021"),
        event(t, "e2", "detention", ["p2"], "2018-04", "was arrested by police in April 2018"),
        event(t, "e3", "release", ["p3"], "2019", "was released in 2019"),
        event(t, "e4", "asylum_application", ["p1"], "2022-01-20", "applied for asylum in Kazakhstan on 20 January 2022"),
    ], [
        relation(t, "spouse", "p1", "p2", "Her husband, Arman Seitov"),
        relation(t, "sibling", "p1", "p3", "Her brother, Yerbol Bekuly"),
        relation(t, "lawyer", "p1", "p4", "Her lawyer, Dana Abenova"),
    ])


def source_b() -> dict[str, Any]:
    t = B
    return result("2022-05-02", [
        person(t, "p1", "Saule Bekkyzy", "female", "Saule Bekkyzy", age=34),
        person(t, "p2", "Arman Seitov", "male", "Arman Seitov"),
        person(t, "p4", "Dana Abenova", "female", "Dana Abenova"),
    ], [
        event(t, "e1", "border_crossing", ["p1"], "2021-11-19",
              "says she crossed into Kazakhstan on 19 November 2021, not earlier as some reports claimed."),
        event(t, "e2", "detention", ["p2"], "2018-05", "was detained in May 2018 and is still held in a camp in Ghulja"),
        event(t, "e3", "release", ["p1"], "2022-01-10", "She was released from detention on 10 January 2022."),
        event(t, "e4", "asylum_decision", ["p1"], "2022-04-25",
              "On 25 April 2022 the migration service rejected her asylum application."),
    ], [
        relation(t, "spouse", "p1", "p2", "Her husband Arman Seitov"),
        relation(t, "lawyer", "p1", "p4", "Her lawyer Dana Abenova"),
    ])


def source_c() -> dict[str, Any]:
    t = C
    return result("2022-06-20", [
        person(t, "p1", "Saule Bekqyzy", "female", "Saule Bekqyzy", "Bekqyzy's", "daughter"),
        person(t, "p2", "Dana Abenova", "female", "Dana Abenova"),
        person(t, "p3", "Gulnar Sadyqova", "female", "Gulnar Sadyqova", age=61),
    ], [
        event(t, "e1", "deportation_order", ["p1"], "2022-06-14",
              "A court in Taldykorgan on 14 June 2022 ordered the deportation of Saule Bekqyzy to China."),
        event(t, "e2", "detention", ["p3"], "2022-05-02", "was detained in Tekes on 2 May 2022"),
        event(t, "e3", "asylum_decision", ["p1"], "2022-04-18",
              "two weeks after her daughter's asylum was refused"),
    ], [
        relation(t, "lawyer", "p1", "p2", "her lawyer Dana Abenova"),
        relation(t, "parent", "p1", "p3", "mother, Gulnar Sadyqova"),
    ])


def add_source(store: Store, filename: str, text: str, extraction: Mapping[str, Any]) -> int:
    """Ingest a text and store a hand-written extraction of it, resolved as `aigak ingest --extract` does."""
    with store.transaction() as conn:
        doc, _ = add_document(conn, text.encode(), DecodedSource(text=text, media_type="text/plain", title=filename),
                              filename=filename, language="en")
        save_extraction(conn, doc.id, extraction, text=text)
        set_reference_date(conn, doc.id, (extraction.get("document") or {}).get("reference_date"))
        resolve_document(conn, doc.id, actor="test")
    return doc.id


@pytest.fixture
def family(sqlite_store: Store) -> Iterator[Store]:
    for filename, text, make in (("a.txt", A, source_a), ("b.txt", B, source_b), ("c.txt", C, source_c)):
        add_source(sqlite_store, filename, text, make())
    yield sqlite_store


def case(store: Store, name: str, today: date | None = None) -> dict[str, Any]:
    with store.read() as conn:
        found = [p for p in search_people(conn, name) if p.is_named]
        assert len(found) == 1, found
        return case_file_to_dict(build_case_file(conn, found[0].id, today=today))


def items(cf: Mapping[str, Any], kind: str) -> list[dict[str, Any]]:
    return [t for t in cf["timeline"] if t["type"] == kind]


# --- one event, two dates ---------------------------------------------------------------------------

def test_one_crossing_dated_differently_by_two_sources_is_one_disputed_line(family: Store) -> None:
    saule = case(family, "Saule Bekqyzy")
    crossings = items(saule, "border_crossing")
    assert len(crossings) == 1
    crossing = crossings[0]
    assert crossing["start"] == "2021-11-09" and crossing["disputed_dates"] == ["2021-11-19"]
    assert crossing["corroboration"] == 2, "both sources tell the crossing; they differ on its date"
    assert {s["document_id"] for s in crossing["sources"]} == {1, 2}
    dates = [c for c in saule["contradictions"] if c["kind"] == "dates" and "Border crossing" in c["description"]]
    assert len(dates) == 1
    assert "9 November 2021" in dates[0]["a"]["quote"] and "19 November 2021" in dates[0]["b"]["quote"]


def test_a_date_written_out_is_shown_before_one_worked_out(family: Store) -> None:
    decisions = items(case(family, "Saule Bekqyzy"), "asylum_decision")
    assert len(decisions) == 1
    assert decisions[0]["start"] == "2022-04-25", "'on 25 April 2022' over 'two weeks after'"
    assert decisions[0]["disputed_dates"] == ["2022-04-18"]


def test_husbands_arrest_in_april_or_may_is_one_detention_with_a_contradiction(family: Store) -> None:
    arman = case(family, "Arman Seitov")
    detentions = items(arman, "detention")
    assert [(d["start"], d["disputed_dates"]) for d in detentions] == [("2018-04", ["2018-05"])]
    dates = [c for c in arman["contradictions"] if c["kind"] == "dates"]
    assert len(dates) == 1
    assert "April 2018" in dates[0]["a"]["quote"] and "May 2018" in dates[0]["b"]["quote"]


def test_disputed_dates_are_shown_in_markdown_and_the_dossier(family: Store) -> None:
    with family.read() as conn:
        found = [p for p in search_people(conn, "Saule Bekqyzy") if p.is_named]
        cf = build_case_file(conn, found[0].id)
    assert "**2021-11-09** (day; disputed: 2021-11-19) — border crossing" in render_markdown(cf)
    chronology = dossier_context(case_file_to_dict(cf))["chronology"]
    crossing = next(c for c in chronology if c["what"] == "Border crossing")
    assert crossing["when"] == "9 November 2021 (disputed: other sources give 19 November 2021)"


def one_person_source(text: str, events: Sequence[tuple[str, str | None, str]], reference_date: str) -> dict[str, Any]:
    return result(reference_date, [person(text, "p1", "Marat Qasymov", "male", "Marat Qasymov")],
                  [event(text, f"e{i}", kind, ["p1"], start, quote) for i, (kind, start, quote) in enumerate(events)])


REPEATS = [
    ("released-in-between",
     [("Marat Qasymov was detained in March 2019.", [("detention", "2019-03", "was detained in March 2019")]),
      ("Marat Qasymov was released in April 2019 and taken to a camp in May 2019.",
       [("release", "2019-04", "was released in April 2019"), ("detention", "2019-05", "taken to a camp in May 2019")])],
     "detention", 2),
    ("said-to-be-again",
     [("Marat Qasymov was detained in March 2019.", [("detention", "2019-03", "was detained in March 2019")]),
      ("Marat Qasymov was detained again in April 2019.", [("detention", "2019-04", "was detained again in April 2019")])],
     "detention", 2),
    ("one-source-tells-both",
     [("Marat Qasymov crossed the border on 2 March 2020. Marat Qasymov crossed the border at Bakhty on 20 March 2020.",
       [("border_crossing", "2020-03-02", "crossed the border on 2 March 2020"),
        ("border_crossing", "2020-03-20", "crossed the border at Bakhty on 20 March 2020")])],
     "border_crossing", 2),
    ("months-apart",
     [("Marat Qasymov was detained in August 2017.", [("detention", "2017-08", "was detained in August 2017")]),
      ("Marat Qasymov was detained in April 2018.", [("detention", "2018-04", "was detained in April 2018")])],
     "detention", 2),
    ("misdated-by-a-week",
     [("Marat Qasymov crossed the border on 2 March 2020.", [("border_crossing", "2020-03-02", "crossed the border on 2 March 2020")]),
      ("Marat Qasymov crossed the border on 9 March 2020.", [("border_crossing", "2020-03-09", "crossed the border on 9 March 2020")])],
     "border_crossing", 1),
]


@pytest.mark.parametrize(("sources", "kind", "expected"), [r[1:] for r in REPEATS], ids=[r[0] for r in REPEATS])
def test_events_that_happened_twice_stay_apart(sqlite_store: Store, sources: list[tuple[str, list[Any]]],
                                               kind: str, expected: int) -> None:
    for n, (text, events) in enumerate(sources):
        add_source(sqlite_store, f"s{n}.txt", text, one_person_source(text, events, f"2020-0{n + 5}-01"))
    cf = case(sqlite_store, "Marat Qasymov")
    assert len(items(cf, kind)) == expected
    assert bool([c for c in cf["contradictions"] if c["kind"] == "dates"]) is (expected == 1)


# --- legal status: whose dates, which are still ahead ---------------------------------------------------

def test_dates_ahead_come_only_from_sentences_about_the_person(family: Store) -> None:
    for name in ("Arman Seitov", "Yerbol Bekuly", "Gulnar Sadyqova", "Dana Abenova"):
        legal = case(family, name, today=date(2022, 6, 21))["legal_status"]
        assert legal["next_dates"] == [] and legal["passed_dates"] == [], name
    saule = case(family, "Saule Bekqyzy", today=date(2022, 6, 21))["legal_status"]
    assert [(n["date"], n["what"]) for n in saule["next_dates"]] == [
        ("2022-07-15", "The appeal hearing is scheduled for 15 July 2022.")], "continues the sentence on her appeal"


def test_dates_that_have_passed_are_not_listed_as_ahead(family: Store) -> None:
    legal = case(family, "Saule Bekqyzy", today=date(2022, 6, 21))["legal_status"]
    assert "2022-04-05" in [n["date"] for n in legal["passed_dates"]], "decided on 25 April, after the hearing"
    later = case(family, "Saule Bekqyzy")["legal_status"]
    assert later["next_dates"] == []
    assert "2022-07-15" in [n["date"] for n in later["passed_dates"]]


def test_a_deadline_runs_from_the_decision_its_source_dates(family: Store) -> None:
    legal = case(family, "Saule Bekqyzy", today=date(2022, 5, 3))["legal_status"]
    deadlines = [n for n in legal["next_dates"] + legal["passed_dates"] if n["what"].startswith("Deadline")]
    assert [n["date"] for n in deadlines] == ["2022-05-25"], "30 days from 25 April 2022"
    assert "2022-04-25" in deadlines[0]["what"] and "within 30 days" in deadlines[0]["what"]
    assert deadlines[0]["source"]["document_id"] == 2


def test_a_return_order_during_an_appeal_against_the_refusal_is_flagged(family: Store) -> None:
    legal = case(family, "Saule Bekqyzy")["legal_status"]
    assert legal["flags"] == [FLAG_RETURN_ORDER_WHILE_APPEAL_PENDING]


# --- relatives ----------------------------------------------------------------------------------------

def test_a_relatives_status_is_their_own_and_the_same_in_every_case_file(family: Store) -> None:
    saule = case(family, "Saule Bekqyzy")
    as_wife = next(r for r in case(family, "Arman Seitov")["relatives"] if r["relation"] == "spouse")
    as_sister = next(r for r in case(family, "Yerbol Bekuly")["relatives"] if r["relation"] == "sibling")
    assert as_wife["status"] == as_sister["status"] == saule["person"]["status"] == "asylum refused", \
        "'Her husband ... is still held' says nothing of her"
    assert as_wife["in_country_of_persecution"] is as_sister["in_country_of_persecution"] is False
    assert as_wife["age"] == as_sister["age"] == 34
    relatives = {r["name"]: r for r in saule["relatives"]}
    assert (relatives["Arman Seitov"]["status"], relatives["Arman Seitov"]["in_country_of_persecution"]) == \
        ("detained", True)
    assert (relatives["Yerbol Bekuly"]["status"], relatives["Yerbol Bekuly"]["in_country_of_persecution"]) == \
        ("released", True)
    assert (relatives["Gulnar Sadyqova"]["status"], relatives["Gulnar Sadyqova"]["in_country_of_persecution"]) == \
        ("detained", True)


def test_the_person_is_never_their_own_companion(family: Store) -> None:
    saule = case(family, "Saule Bekqyzy")
    assert {tuple(t["subjects"]) for t in saule["timeline"]} == {("Saule Bekqyzy",)}
    assert all(c["with"] == "" for c in dossier_context(saule)["chronology"])


FIRST = ("Aliya Nurova applied for asylum on 1 February 2021. On 3 May 2021 the migration service refused her "
         "asylum application. A court ordered her deportation on 10 May 2021.")
_FIRST_STEPS = {
    "applied": ("e1", "asylum_application", "2021-02-01", "applied for asylum on 1 February 2021"),
    "refused": ("e2", "asylum_decision", "2021-05-03", "On 3 May 2021 the migration service refused her asylum application."),
    "ordered": ("e3", "deportation_order", "2021-05-10", "A court ordered her deportation on 10 May 2021."),
}


def add_aliya(store: Store, filename: str, text: str, written: str, events: Sequence[dict[str, Any]] = ()) -> None:
    """A source about Aliya Nurova (person p1), written on `written`, telling `events`."""
    add_source(store, filename, text, result(written, [person(text, "p1", "Aliya Nurova", "female", "Aliya Nurova")],
                                             list(events)))


def add_first(store: Store, *steps: str) -> None:
    """FIRST, telling the steps named (`applied`, `refused`, `ordered`; all three by default)."""
    add_aliya(store, "first.txt", FIRST, "2021-05-11", [
        event(FIRST, lid, kind, ["p1"], start, quote)
        for lid, kind, start, quote in (_FIRST_STEPS[step] for step in steps or tuple(_FIRST_STEPS))])
APPEALS = [
    ("appeal-against-the-refusal", "Aliya Nurova was fined on 20 May 2021. She will appeal the refusal of asylum.",
     [FLAG_RETURN_ORDER_WHILE_APPEAL_PENDING]),
    ("appeal-against-a-fine", "Aliya Nurova was fined on 20 May 2021 and will appeal the fine.", []),
]


@pytest.mark.parametrize(("later", "flags"), [a[1:] for a in APPEALS], ids=[a[0] for a in APPEALS])
def test_only_an_appeal_against_the_asylum_refusal_keeps_the_claim_pending(sqlite_store: Store, later: str,
                                                                          flags: list[str]) -> None:
    add_first(sqlite_store)
    add_aliya(sqlite_store, "later.txt", later, "2021-06-01", [
        event(later, "e1", "criminal_proceeding", ["p1"], "2021-05-20", "was fined on 20 May 2021")])
    assert case(sqlite_store, "Aliya Nurova")["legal_status"]["flags"] == flags


ORDER_CHANGES = [
    ("suspended", ("Aliya Nurova will appeal the refusal of asylum. The deportation order was suspended on "
                   "29 July 2021."), "suspended", "2021-07-29"),
    ("quashed", ("Aliya Nurova will appeal the refusal of asylum. On 2 July 2021 a court quashed the deportation "
                 "order against her."), "overturned", "2021-07-02"),
    ("halted", "Aliya Nurova will appeal the refusal of asylum. Her deportation was halted on 2 July 2021.",
     "suspended", "2021-07-02"),
    ("struck down", ("Aliya Nurova will appeal the refusal of asylum. On 2 July 2021 the Supreme Court struck "
                     "down the expulsion order."), "overturned", "2021-07-02"),
]


@pytest.mark.parametrize(("later", "outcome", "when"), [c[1:] for c in ORDER_CHANGES], ids=[c[0] for c in ORDER_CHANGES])
def test_an_order_suspended_or_overturned_no_longer_stands(sqlite_store: Store, later: str, outcome: str,
                                                           when: str) -> None:
    add_first(sqlite_store)
    # written before the date it gives, as the review's source was: the date is not an announced one
    add_aliya(sqlite_store, "later.txt", later, "2021-06-20")
    legal = case(sqlite_store, "Aliya Nurova", today=date(2021, 12, 1))["legal_status"]
    assert legal["flags"] == [], "no order stands once it is suspended or overturned"
    assert [(c["outcome"], c["date"]) for c in legal["order_changes"]] == [(outcome, when)]
    assert legal["order_changes"][0]["quote"] in later
    assert when not in [n["date"] for n in legal["passed_dates"] + legal["next_dates"]]
    with sqlite_store.read() as conn:
        from aigak.resolve import resolve_person_ref

        markdown = render_markdown(build_case_file(conn, resolve_person_ref(conn, "Aliya Nurova"),
                                                   today=date(2021, 12, 1)))
    assert f"**Order {outcome} on {when}:**" in markdown


def test_a_refusal_to_suspend_the_order_leaves_it_standing(sqlite_store: Store) -> None:
    later = "Aliya Nurova will appeal the refusal of asylum. The court refused to suspend her deportation."
    add_first(sqlite_store, "refused", "ordered")
    add_aliya(sqlite_store, "later.txt", later, "2021-06-20")
    legal = case(sqlite_store, "Aliya Nurova")["legal_status"]
    assert legal["flags"] == [FLAG_RETURN_ORDER_WHILE_APPEAL_PENDING] and legal["order_changes"] == []


def test_the_web_case_file_shows_disputed_and_passed_dates(family: Store) -> None:
    from test_web_support import add_users, login, new_client, serving

    add_users(family)
    with family.read() as conn:
        pid = next(p.id for p in search_people(conn, "Saule Bekqyzy") if p.is_named)
    with serving(family) as server, new_client(server) as client:
        login(client, "viewer")
        response = client.get(f"/people/{pid}")
    assert response.status_code == 200, response.text[:300]
    doc = lxml.html.fromstring(response.text)
    disputed = doc.xpath('//table[@class="timeline-table"]//div[contains(@class, "disputed")]/text()')
    assert "disputed: other sources give 2021-11-19" in disputed
    passed = doc.xpath('//ul[@id="passed-dates"]/li')
    assert any("2022-04-05" in li.text_content() for li in passed)


def test_the_dossier_and_the_web_page_show_a_suspended_order(sqlite_store: Store) -> None:
    from test_web_support import add_users, login, new_client, serving

    later = ORDER_CHANGES[0][1]
    add_first(sqlite_store, "ordered")
    add_aliya(sqlite_store, "later.txt", later, "2021-06-20")
    cf = case(sqlite_store, "Aliya Nurova", today=date(2021, 12, 1))
    changes = dossier_context(cf)["order_changes"]
    assert [(c["outcome"], c["when"]) for c in changes] == [("suspended", "29 July 2021")]
    add_users(sqlite_store)
    with sqlite_store.read() as conn:
        pid = next(p.id for p in search_people(conn, "Aliya Nurova") if p.is_named)
    with serving(sqlite_store) as server, new_client(server) as client:
        login(client, "viewer")
        doc = lxml.html.fromstring(client.get(f"/people/{pid}").text)
    assert any("suspended" in li.text_content() for li in doc.xpath('//ul[@id="order-changes"]/li'))


# --- what an asylum decision decided, and appeals against a refusal -----------------------------------

OUTCOMES = [
    ("annulled", ("On 14 September 2023 the court annulled the refusal of asylum to Gulnar Serikbaikyzy and sent "
                  "her case back to the migration service."), "reopened"),
    ("overturned-passive", "The rejection of her asylum claim was overturned on appeal on 2 May 2022.", "reopened"),
    ("quashed", "The Supreme Court quashed the decision to refuse her asylum.", "reopened"),
    ("set-aside", "A court set aside the refusal of refugee status.", "reopened"),
    ("appeal-upheld", "The court upheld her appeal against the refusal of asylum.", "reopened"),
    ("overturned-and-granted", "On 2 May 2022 a court overturned the refusal and granted her refugee status.",
     "granted"),
    ("granted", "The migration service granted her refugee status on 3 March 2021.", "granted"),
    ("refusal-upheld", "A court upheld the refusal of asylum on 2 May 2022.", "refused"),
    ("appeal-dismissed", "The court dismissed her appeal against the refusal of asylum.", "refused"),
    ("refused-to-annul", "The court refused to annul the refusal of asylum.", "refused"),
    ("rejected", "The migration service rejected the asylum application of Gulnar Serikbaykyzy on 9 June 2023.",
     "refused"),
    ("not-granted", "She was not granted asylum.", "refused"),
    ("silent", "The court decided on her asylum claim on 2 May 2022.", None),
]


@pytest.mark.parametrize(("quote", "outcome"), [o[1:] for o in OUTCOMES], ids=[o[0] for o in OUTCOMES])
def test_an_asylum_decision_is_read_for_what_it_decided(quote: str, outcome: str | None) -> None:
    from aigak.casefile.outcomes import read_asylum_outcome

    assert read_asylum_outcome(quote) == outcome


APPEAL = "Her lawyer filed an appeal on 20 May 2021 against the refusal of asylum to Aliya Nurova."
LATER = [
    ("annulled", "On 1 September 2021 a court annulled the refusal of asylum to Aliya Nurova and sent her case back.",
     "asylum seeker", ["refused", "reopened"], ["FLAG_RETURN_ORDER_WHILE_REOPENED"]),
    ("granted", "On 1 September 2021 a court overturned the refusal and granted Aliya Nurova refugee status.",
     "refugee status", ["refused", "granted"], []),
    ("upheld", "On 1 September 2021 a court upheld the refusal of asylum to Aliya Nurova.",
     "asylum refused", ["refused", "refused"], []),
]


@pytest.mark.parametrize(("later", "status", "outcomes", "flags"), [c[1:] for c in LATER], ids=[c[0] for c in LATER])
def test_a_refusal_annulled_on_appeal_is_no_refusal_and_the_appeal_is_listed(
        sqlite_store: Store, later: str, status: str, outcomes: list[str], flags: list[str]) -> None:
    import aigak.casefile.legal as legal_module

    add_first(sqlite_store)
    add_aliya(sqlite_store, "appeal.txt", APPEAL, "2021-05-22")
    add_aliya(sqlite_store, "later.txt", later, "2021-09-02", [event(later, "e1", "asylum_decision", ["p1"], "2021-09-01", later)])
    cf = case(sqlite_store, "Aliya Nurova", today=date(2021, 12, 1))
    legal = cf["legal_status"]
    assert cf["person"]["status"] == status
    assert [a["outcome"] for a in legal["asylum"] if a["type"] == "asylum_decision"] == outcomes
    assert legal["flags"] == [getattr(legal_module, f) for f in flags]
    assert [(a["state"], a["date"], a["quote"]) for a in legal["appeals"]] == [("filed", "2021-05-20", APPEAL)]
    context = dossier_context(cf)
    assert [(a["state"], a["when"], a["quote"]) for a in context["appeals"]] == [("filed", "20 May 2021", APPEAL)]
    asylum = dict(context["legal_sections"])["Asylum"]
    assert outcomes[-1] != "reopened" or "refusal annulled" in asylum[-1]["detail"]
    with sqlite_store.read() as conn:
        from aigak.resolve import resolve_person_ref

        markdown = render_markdown(build_case_file(conn, resolve_person_ref(conn, "Aliya Nurova"),
                                                   today=date(2021, 12, 1)))
    assert f"**Appeal filed on 2021-05-20:** “{APPEAL}”" in markdown


def test_the_web_case_file_shows_the_appeal_and_the_annulled_refusal(sqlite_store: Store) -> None:
    from test_web_support import add_users, login, new_client, serving

    later = LATER[0][1]
    add_first(sqlite_store, "refused")
    add_aliya(sqlite_store, "appeal.txt", APPEAL, "2021-05-22")
    add_aliya(sqlite_store, "later.txt", later, "2021-09-02", [event(later, "e1", "asylum_decision", ["p1"], "2021-09-01", later)])
    add_users(sqlite_store)
    with sqlite_store.read() as conn:
        pid = next(p.id for p in search_people(conn, "Aliya Nurova") if p.is_named)
    with serving(sqlite_store) as server, new_client(server) as client:
        login(client, "viewer")
        doc = lxml.html.fromstring(client.get(f"/people/{pid}").text)
    assert [li.text_content().split()[0] for li in doc.xpath('//ul[@id="appeals"]/li')] == ["filed"]
    assert "refusal annulled, claim open again" in doc.get_element_by_id("legal-status").text_content()
