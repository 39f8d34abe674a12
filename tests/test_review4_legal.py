"""Legal status and contradictions from the fourth user review: an appeal told in its own paragraph or by
the lawyer's surname, a judgment's own verdict dated by the judgment, and a reviewer's date correction
that must not erase a disagreement between sources.

The texts are fictional. Most are ingested and extracted by the real extractor, as `aigak ingest
--extract` does; the correction tests store hand-written extractions so that each side's quote and
date are exactly known.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from datetime import date
from pathlib import Path
from typing import Any

import pytest
from ingest_support import ingest

from aigak.casefile import build_case_file, case_file_to_dict
from aigak.casefile.legal import FLAG_RETURN_ORDER_WHILE_APPEAL_PENDING
from aigak.core.models import DecodedSource, ReviewStatus
from aigak.extract.event_context import judgment_heading
from aigak.extract.timex import find_time_expressions
from aigak.ingest.pipeline import ingest_paths
from aigak.operations.extraction import extract_stored_document
from aigak.resolve import search_people
from aigak.resolve.registry import resolve_document
from aigak.store.documents import add_document, set_reference_date
from aigak.store.engine import Store
from aigak.store.facts import get_fact, list_facts, review_fact, save_extraction


def case(store: Store, name: str, today: date | None = None) -> dict[str, Any]:
    with store.read() as conn:
        found = [p for p in search_people(conn, name) if p.is_named]
        assert len(found) == 1, found
        return case_file_to_dict(build_case_file(conn, found[0].id, today=today))


def dated(legal: Mapping[str, Any]) -> dict[str, str]:
    """Every date ahead or passed of a legal status, with what it is."""
    return {n["date"]: n["what"] for n in [*legal["next_dates"], *legal["passed_dates"]]}


# --- finding 6: the appeal told in its own paragraph, or by the lawyer's surname --------------------------

NOTES_HEAD = ("Case notes: Yerbol Nurlanov\n\n"
              "Prepared by the Steppe Rights Bureau on 20 March 2022.\n\n"
              "My client Yerbol Nurlanov, 35, is an ethnic Kazakh and a citizen of China.\n\n"
              "On 3 March 2022 the migration service refused his asylum application. On 10 March 2022 the "
              "migration police issued a deportation order against Nurlanov.")
NOTES_APPEAL = ("We will appeal the refusal within 30 days. The appeal hearing will be held on 25 April 2022 "
                "at the Almaty specialized inter-district administrative court.")
NEWS = ("Kazakh man faces deportation\n\n"
        "ALMATY, 15 March 2022 — Yerbol Nurlanuly, 35, an ethnic Kazakh, was ordered to be deported to China "
        "on 10 March 2022, his lawyer said.\n\n"
        "\"If he is sent back, he will disappear into a camp again,\" said his lawyer Aizhan Bekova.\n\n"
        "The migration service refused his asylum application on 3 March 2022. Bekova said she would appeal "
        "within 30 days.")


@pytest.mark.parametrize("separator", [" ", "\n\n"], ids=["same-paragraph", "own-paragraph"])
def test_an_appeal_in_the_lawyers_next_paragraph_gives_the_deadline_hearing_and_flag(
        sqlite_store: Store, tmp_path: Path, separator: str) -> None:
    ingest(sqlite_store, tmp_path, {"notes.txt": NOTES_HEAD + separator + NOTES_APPEAL})
    legal = case(sqlite_store, "Yerbol Nurlanov", today=date(2022, 3, 25))["legal_status"]
    assert [n["date"] for n in legal["next_dates"]] == ["2022-04-02", "2022-04-25"]
    deadline, hearing = legal["next_dates"]
    assert deadline["what"].startswith("Deadline: 30 days from the asylum decision of 2022-03-03"), \
        "'appeal the refusal' runs from the refusal, not from the order told after it"
    assert hearing["what"].startswith("The appeal hearing will be held on 25 April 2022")
    assert [(a["state"], a["quote"]) for a in legal["appeals"]] == [
        ("announced", "We will appeal the refusal within 30 days.")]
    assert legal["flags"] == [FLAG_RETURN_ORDER_WHILE_APPEAL_PENDING]


def test_lawyers_notes_as_a_docx_give_the_appeal_in_its_own_paragraph(sqlite_store: Store, tmp_path: Path) -> None:
    import docx

    document = docx.Document()
    for paragraph in [*NOTES_HEAD.split("\n\n"), NOTES_APPEAL]:
        document.add_paragraph(paragraph)
    document.save(str(tmp_path / "notes.docx"))
    for outcome in ingest_paths(sqlite_store, [str(tmp_path / "notes.docx")]).created:
        assert outcome.document is not None
        extract_stored_document(sqlite_store, outcome.document.id, actor="test")
    legal = case(sqlite_store, "Yerbol Nurlanov", today=date(2022, 3, 25))["legal_status"]
    assert {"2022-04-02", "2022-04-25"} <= set(dated(legal))
    assert legal["flags"] == [FLAG_RETURN_ORDER_WHILE_APPEAL_PENDING]


def test_the_lawyer_named_by_surname_speaks_for_her_client(sqlite_store: Store, tmp_path: Path) -> None:
    ingest(sqlite_store, tmp_path, {"news.txt": NEWS})
    legal = case(sqlite_store, "Yerbol Nurlanuly", today=date(2022, 3, 25))["legal_status"]
    assert dated(legal)["2022-04-02"].startswith("Deadline: 30 days from the asylum decision of 2022-03-03")
    assert [(a["state"], a["quote"]) for a in legal["appeals"]] == [
        ("announced", "Bekova said she would appeal within 30 days.")]
    assert legal["flags"] == [FLAG_RETURN_ORDER_WHILE_APPEAL_PENDING]
    lawyer = case(sqlite_store, "Aizhan Bekova", today=date(2022, 3, 25))["legal_status"]
    assert lawyer["appeals"] == [] and dated(lawyer) == {}, "the appeal is the client's, not the lawyer's own"


def test_a_paragraph_naming_no_one_continues_the_last_legal_step_told_not_an_earlier_one(
        sqlite_store: Store, tmp_path: Path) -> None:
    text = ("Case notes\n\nPrepared on 20 March 2022.\n\n"
            "On 3 March 2022 the migration service refused the asylum application of Yerbol Nurlanov.\n\n"
            "On 7 March 2022 the migration service refused the asylum application of Aidos Serikuly.\n\n"
            "We will appeal the refusal within 30 days.")
    ingest(sqlite_store, tmp_path, {"two.txt": text})
    yerbol = case(sqlite_store, "Yerbol Nurlanov", today=date(2022, 3, 25))["legal_status"]
    assert yerbol["appeals"] == [] and dated(yerbol) == {}
    aidos = case(sqlite_store, "Aidos Serikuly", today=date(2022, 3, 25))["legal_status"]
    assert [n["date"] for n in aidos["next_dates"]] == ["2022-04-06"]


def hand_source(store: Store, filename: str, text: str, written: str, entities: Sequence[dict[str, Any]],
                events: Sequence[dict[str, Any]], relations: Sequence[dict[str, Any]] = ()) -> int:
    """Store a text with a hand-written extraction of it, resolved as `aigak ingest --extract` does."""
    extraction = {"backend": {"name": "hand.v1"}, "document": {"reference_date": written},
                  "entities": list(entities), "relations": list(relations), "events": list(events), "amounts": []}
    with store.transaction() as conn:
        doc, _ = add_document(conn, text.encode(), DecodedSource(text=text, media_type="text/plain", title=filename),
                              filename=filename, language="en")
        save_extraction(conn, doc.id, extraction, text=text)
        set_reference_date(conn, doc.id, written)
        resolve_document(conn, doc.id, actor="test")
    return doc.id


def span(text: str, quote: str) -> list[int]:
    start = text.index(quote)
    return [start, start + len(quote)]


def person(text: str, lid: str, name: str, *mentions: str) -> dict[str, Any]:
    return {"id": lid, "kind": "person", "name": name, "attributes": {},
            "mentions": [span(text, m) for m in mentions or (name,)]}


def event(text: str, lid: str, kind: str, start: str | None, quote: str, subject: str = "p1") -> dict[str, Any]:
    return {"id": lid, "type": kind, "subjects": [subject], "start": start, "end": None,
            "evidence": [span(text, quote)]}


def test_a_lawyer_acting_for_two_clients_speaks_for_neither_by_surname(sqlite_store: Store) -> None:
    text = ("The migration service refused the asylum applications of Yerbol Nurlanuly on 3 March 2022 and of "
            "Aidos Serikuly on 4 March 2022, said their lawyer Aizhan Bekova. Bekova said she would appeal "
            "within 30 days.")
    hand_source(sqlite_store, "both.txt", text, "2022-03-15", [
        person(text, "p1", "Yerbol Nurlanuly"), person(text, "p2", "Aidos Serikuly"),
        person(text, "p3", "Aizhan Bekova", "Aizhan Bekova", "Bekova said"),
    ], [
        event(text, "e1", "asylum_decision", "2022-03-03", "refused the asylum applications of Yerbol Nurlanuly"),
        event(text, "e2", "asylum_decision", "2022-03-04", "Aidos Serikuly on 4 March 2022", "p2"),
    ], [
        {"type": "lawyer", "from": "p1", "to": "p3", "evidence": [span(text, "their lawyer Aizhan Bekova")]},
        {"type": "lawyer", "from": "p2", "to": "p3", "evidence": [span(text, "their lawyer Aizhan Bekova")]},
    ])
    for name in ("Yerbol Nurlanuly", "Aidos Serikuly"):
        legal = case(sqlite_store, name, today=date(2022, 3, 20))["legal_status"]
        assert legal["appeals"] == [], f"{name}: whose appeal 'Bekova' announces, the text does not say"


# --- finding 7: a judgment's own verdict is dated by the judgment -----------------------------------------

RULING = ("Zharkent District Court of Almaty Region\n"
          "Judgment of 14 June 2021, case No. 1945-21-00-1/112\n"
          "The court examined the criminal case against Nurlanuly Erbol, born 1986, a citizen of the People's "
          "Republic of China.\n"
          "The defendant Erbol Nurlanuly crossed the state border of the Republic of Kazakhstan outside a "
          "checkpoint near Khorgos on 12 January 2021. He was arrested by the border service on 10 February "
          "2021.\n"
          "The court found Erbol Nurlanuly guilty of illegal border crossing and {verdict} to six months of "
          "restricted freedom. The defendant told the court that he had been detained in a camp in Xinjiang "
          "and tortured there.\n"
          "The verdict may be appealed within 15 days.\n")
NEWS_SENTENCE = ("Kazakh man sentenced\n\nALMATY, 15 March 2022 — Erbol Nurlanuly, 35, crossed the border on "
                 "12 January 2021. The Zharkent district court sentenced Erbol Nurlanuly to six months of "
                 "restricted freedom on 14 June 2021.")


def test_a_judgments_verdict_takes_the_judgments_date_and_its_appeal_deadline_runs_from_it(
        sqlite_store: Store, tmp_path: Path) -> None:
    ingest(sqlite_store, tmp_path, {"ruling.txt": RULING.format(verdict="sentenced him")})
    cf = case(sqlite_store, "Erbol Nurlanuly", today=date(2021, 6, 20))
    timeline = {t["type"]: t for t in cf["timeline"]}
    assert timeline["criminal_proceeding"]["start"] == "2021-06-14", "the judgment's date, not the arrest's"
    assert timeline["criminal_proceeding"]["place"] == "Zharkent", "the court's place, not where he was arrested"
    assert timeline["restriction"]["start"] == "2021-06-14"
    assert timeline["public_statement"]["start"] == "2021-06-14", "told the court at the trial"
    assert timeline["torture"]["start"] is None, "what had happened before the trial is not dated by the arrest"
    assert timeline["arrest"]["start"] == "2021-02-10"
    legal = cf["legal_status"]
    assert [p["start"] for p in legal["proceedings"]] == ["2021-06-14"]
    assert dated(legal)["2021-06-29"].startswith("Deadline: 15 days from the criminal proceeding of 2021-06-14")


def test_a_verdict_sentence_that_gives_its_own_date_keeps_it(sqlite_store: Store, tmp_path: Path) -> None:
    ingest(sqlite_store, tmp_path, {"ruling.txt": RULING.format(verdict="on 11 June 2021 sentenced him")})
    proceedings = case(sqlite_store, "Erbol Nurlanuly")["legal_status"]["proceedings"]
    assert [p["start"] for p in proceedings] == ["2021-06-11"]


def test_the_ruling_and_a_news_report_of_the_sentence_are_one_proceeding(sqlite_store: Store, tmp_path: Path) -> None:
    ingest(sqlite_store, tmp_path, {"ruling.txt": RULING.format(verdict="sentenced him"), "news.txt": NEWS_SENTENCE})
    legal = case(sqlite_store, "Erbol Nurlanuly")["legal_status"]
    assert len(legal["proceedings"]) == 1, legal["proceedings"]
    assert legal["proceedings"][0]["start"] == "2021-06-14"
    assert len({s["document_id"] for s in legal["proceedings"][0]["sources"]}) == 2


HEADINGS = [
    ("judgment-of", "Zharkent District Court\nJudgment of 14 June 2021, case No. 12/2021\nThe court found him.",
     None, ("2021-06-14", "Zharkent")),
    ("verdict-then-dateline", "VERDICT\nZharkent, 14 June 2021\nThe court found him guilty.", None,
     ("2021-06-14", None)),
    ("numbered", "DECISION No. 114 of 3 March 2022\nThe court decided to refuse.", None, ("2022-03-03", None)),
    ("written-date", "DECISION No. 114\nThe court decided to refuse.", "2022-03-03", ("2022-03-03", None)),
    ("news", "Court jails activist\n\nALMATY, 15 June 2021 — The court found him guilty.", "2021-06-15", None),
    ("headline", "Verdict in activist's case upheld\n\nALMATY, 15 June 2021 — The court found him guilty.",
     "2021-06-15", None),
]


@pytest.mark.parametrize(("text", "written", "expected"), [h[1:] for h in HEADINGS], ids=[h[0] for h in HEADINGS])
def test_only_a_text_headed_as_a_decision_is_read_as_a_judgment(text: str, written: str | None,
                                                               expected: tuple[str, str | None] | None) -> None:
    from aigak.extract.event_places import PlaceRef

    times = find_time_expressions(text, reference_date=written)
    places = [PlaceRef("l1", text.index("Zharkent"), text.index("Zharkent") + 8)] if "Zharkent" in text else []
    found = judgment_heading(text, 0, times, places, written)
    court = {"l1": "Zharkent"}
    assert (None if found is None else (found.date, court.get(found.court_place or ""))) == expected


# --- finding 9: a reviewer's correction does not erase what the sources say -------------------------------

TESTIMONY = "My name is Erbol Nurlanuly. On 12 January 2021 I crossed the border into Kazakhstan near Khorgos."
ARTICLE = "Erbol Nurlanuly crossed the border illegally on 19 January 2021, according to court documents."


def two_crossings(store: Store) -> int:
    """The testimony (12 January) and the article (19 January); the id of the article's crossing fact."""
    hand_source(store, "testimony.txt", TESTIMONY, "2021-03-04", [person(TESTIMONY, "p1", "Erbol Nurlanuly")],
                [event(TESTIMONY, "e1", "border_crossing", "2021-01-12", "On 12 January 2021 I crossed the border")])
    article = hand_source(store, "article.txt", ARTICLE, "2022-03-15", [person(ARTICLE, "p1", "Erbol Nurlanuly")],
                          [event(ARTICLE, "e1", "border_crossing", "2021-01-19", "crossed the border illegally on "
                                                                                  "19 January 2021")])
    with store.read() as conn:
        return next(f.id for f in list_facts(conn, document_id=article) if f.type == "border_crossing")


def correct_start(store: Store, fact_id: int, start: str) -> None:
    with store.transaction() as conn:
        data = dict(get_fact(conn, fact_id).data)
        data["start"] = start
        review_fact(conn, fact_id, ReviewStatus.EDITED, reviewer="bota", data=data)


def date_contradictions(cf: Mapping[str, Any]) -> list[dict[str, Any]]:
    return [c for c in cf["contradictions"] if c["kind"] == "dates"]


def test_a_correction_to_agree_with_the_other_source_keeps_the_disagreement_listed(store: Store) -> None:
    article_fact = two_crossings(store)
    before = date_contradictions(case(store, "Erbol Nurlanuly"))
    assert len(before) == 1
    correct_start(store, article_fact, "2021-01-12")
    cf = case(store, "Erbol Nurlanuly")
    crossing = next(t for t in cf["timeline"] if t["type"] == "border_crossing")
    assert crossing["start"] == "2021-01-12" and crossing["review_status"] == "edited"
    assert crossing["disputed_dates"] == ["2021-01-19"], "the timeline line stays disputed as before the correction"
    after = date_contradictions(cf)
    assert len(after) == 1, "the sources still disagree, whatever the reviewer believes"
    assert "2021-01-19" in after[0]["description"] and "a reviewer corrected it to 2021-01-12" in after[0]["description"]
    assert "12 January 2021" in after[0]["a"]["quote"] and "19 January 2021" in after[0]["b"]["quote"]


def test_a_correction_to_a_third_date_lists_what_the_source_says(sqlite_store: Store) -> None:
    article_fact = two_crossings(sqlite_store)
    correct_start(sqlite_store, article_fact, "2021-01-25")
    (contradiction,) = date_contradictions(case(sqlite_store, "Erbol Nurlanuly"))
    assert contradiction["description"].startswith(
        "Border crossing: 2021-01-12 (doc #1) or 2021-01-19 (doc #2, as its source says; a reviewer corrected it "
        "to 2021-01-25)")


def test_correcting_a_date_the_source_never_wrote_is_no_contradiction(sqlite_store: Store) -> None:
    ruling = "He was arrested on 10 February 2021. The court found Erbol Nurlanuly guilty and sentenced him."
    hand_source(sqlite_store, "news.txt", NEWS_SENTENCE, "2022-03-15", [person(NEWS_SENTENCE, "p1", "Erbol Nurlanuly")],
                [event(NEWS_SENTENCE, "e1", "criminal_proceeding", "2021-06-14",
                       "The Zharkent district court sentenced Erbol Nurlanuly to six months")])
    doc = hand_source(sqlite_store, "ruling.txt", ruling, "2021-06", [person(ruling, "p1", "Erbol Nurlanuly")],
                      [event(ruling, "e1", "criminal_proceeding", "2021-02-10", "sentenced him")])
    with sqlite_store.read() as conn:
        fact = next(f.id for f in list_facts(conn, document_id=doc) if f.type == "criminal_proceeding")
    correct_start(sqlite_store, fact, "2021-06-14")
    cf = case(sqlite_store, "Erbol Nurlanuly")
    assert date_contradictions(cf) == [], "the ruling's sentence never said 10 February: a misreading, corrected"
    assert [p["start"] for p in cf["legal_status"]["proceedings"]] == ["2021-06-14"]


def test_a_deadline_from_an_order_known_only_to_the_month_is_not_counted_from_an_older_step(
        sqlite_store: Store) -> None:
    text = ("Testimony of Erbol Nurlanuly\n\nOn 9 September 2019 the court in Zharkent fined Erbol Nurlanuly. "
            "In December the migration police gave me a paper ordering me to leave Kazakhstan within ten days.")
    hand_source(sqlite_store, "testimony.txt", text, "2020-02", [person(text, "p1", "Erbol Nurlanuly")],
                [event(text, "e1", "criminal_proceeding", "2019-09-09", "the court in Zharkent fined Erbol Nurlanuly"),
                 event(text, "e2", "deportation_order", "2019-12", "gave me a paper ordering me to leave Kazakhstan")])
    legal = case(sqlite_store, "Erbol Nurlanuly", today=date(2020, 3, 1))["legal_status"]
    deadlines = [d for d in legal["passed_dates"] + legal["next_dates"] if "Deadline" in d["what"]]
    assert deadlines == [], "ten days from December cannot be counted; ten days from the fine would be wrong"
