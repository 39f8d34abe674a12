"""The `llm.v1` backend end to end against a real loopback chat server: grounding, checks, failures."""

from __future__ import annotations

import copy
import json
from pathlib import Path
from typing import Any

import pytest
from fixtures.llm.chat_server import ChatServer, Reply, answer_for

from aigak.core.errors import BackendError, ConfigError
from aigak.extract.backend import get_backend
from aigak.extract.llm.backend import LlmBackend
from aigak.extract.run import extract_text

FIXTURES = Path(__file__).resolve().parent / "fixtures" / "llm"
TEXT = (FIXTURES / "testimony.txt").read_text(encoding="utf-8")
TITLE = TEXT.splitlines()[0]
GOOD: dict[str, Any] = json.loads((FIXTURES / "testimony_answer.json").read_text(encoding="utf-8"))
FAST = {"timeout_s": 2.0, "max_retries": 1, "backoff_s": 0.01, "max_wait_s": 1.0}


def answer(**changes: Any) -> dict[str, Any]:
    """The good answer with some sections replaced."""
    out = copy.deepcopy(GOOD)
    out.update(changes)
    return out


def run(replies: list[Reply] | Any, text: str = TEXT, **options: Any) -> tuple[dict[str, Any], ChatServer]:
    with ChatServer(replies) as server:
        backend = LlmBackend(url=server.url, model="scripted", **{**FAST, **options})
        result = backend.extract(text, title=TITLE, sha256="ab" * 32)
    return result, server


def at(span: list[int], text: str = TEXT) -> str:
    return text[span[0]:span[1]]


def by_name(result: dict[str, Any], name: str) -> dict[str, Any]:
    return next(e for e in result["entities"] if e["name"] == name)


def by_type(result: dict[str, Any], kind: str) -> dict[str, Any]:
    return next(e for e in result["events"] if e["type"] == kind)


@pytest.fixture
def no_llm_settings(monkeypatch: pytest.MonkeyPatch) -> None:
    for name in ("AIGAK_LLM_URL", "AIGAK_LLM_MODEL", "AIGAK_LLM_KEY"):
        monkeypatch.delenv(name, raising=False)


# --- off by default, configured by settings --------------------------------------------------------

@pytest.mark.parametrize("backend", ["llm", "llm.v1", "ensemble", "ensemble.v1"])
def test_backend_is_off_until_an_endpoint_is_configured(no_llm_settings: None, backend: str) -> None:
    with pytest.raises(ConfigError, match=r"off.*set AIGAK_LLM_URL.*AIGAK_LLM_MODEL"):
        extract_text(TEXT, backend=backend)


def test_model_name_is_required(no_llm_settings: None) -> None:
    with pytest.raises(ConfigError, match="Set AIGAK_LLM_MODEL"):
        LlmBackend(url="http://127.0.0.1:9/v1")


@pytest.mark.parametrize(("options", "message"), [
    ({"temperature": 0.5}, "has no option temperature"),
    ({"chunk_chars": 100}, "chunk_chars must be at least 500"),
    ({"response_format": "xml"}, "response_format must be one of"),
    ({"url": "127.0.0.1:11434"}, "must start with http"),
], ids=["unknown-option", "tiny-chunks", "bad-format", "no-scheme"])
def test_bad_options_are_refused(no_llm_settings: None, options: dict[str, Any], message: str) -> None:
    with pytest.raises(ConfigError, match=message):
        LlmBackend(**{"url": "http://127.0.0.1:9/v1", "model": "m", **options})


@pytest.mark.parametrize(("short", "versioned"), [("llm", "llm.v1"), ("ensemble", "ensemble.v1"),
                                                  ("rules", "rules.v1")])
def test_short_backend_names_resolve_to_versions(monkeypatch: pytest.MonkeyPatch, short: str, versioned: str) -> None:
    monkeypatch.setenv("AIGAK_LLM_URL", "http://127.0.0.1:9/v1")
    monkeypatch.setenv("AIGAK_LLM_MODEL", "m")
    assert get_backend(short).name == versioned


def test_settings_are_read_from_the_environment_and_the_key_is_never_stored(monkeypatch: pytest.MonkeyPatch) -> None:
    with ChatServer([Reply(GOOD)]) as server:
        monkeypatch.setenv("AIGAK_LLM_URL", server.url.replace("http://", "http://user:pw@"))
        monkeypatch.setenv("AIGAK_LLM_MODEL", "scripted-7b")
        monkeypatch.setenv("AIGAK_LLM_KEY", "s3cret-key")
        result = extract_text(TEXT, title=TITLE, backend="llm")
    assert server.headers[0]["authorization"] == "Bearer s3cret-key"
    assert server.requests[0]["model"] == "scripted-7b"
    described = json.dumps(result["backend"])
    assert result["backend"]["name"] == "llm.v1"
    assert "s3cret-key" not in described and "pw@" not in described and "user:" not in described


# --- grounding --------------------------------------------------------------------------------------

def test_quotes_found_verbatim_are_exact_and_spans_point_at_them() -> None:
    result, server = run([Reply(GOOD)])
    assert result["document"]["sha256"] == "ab" * 32
    assert result["document"]["body"][0] > 0  # the headline is not body
    for section, key in (("entities", "mentions"), ("relations", "evidence"), ("events", "evidence"),
                         ("amounts", "evidence")):
        for record in result[section]:
            assert record["alignment"] == "exact", record
            assert record[key], record
            assert "needs_review" not in record
    abenov = by_name(result, "Nurlan Abenov")
    assert [at(s) for s in abenov["mentions"]] == ["Nurlan Abenov", "Abenov"]
    assert at(by_type(result, "detention")["evidence"][0]).startswith("he was detained in March 2017")
    # The model read the headline and body only, in one chunk.
    assert len(server.requests) == 1
    assert "Former detainee" in answer_for(server.requests[0])


def test_hallucinated_quote_is_kept_unaligned_for_review() -> None:
    invented = {"type": "torture", "subjects": ["p1"], "agents": [], "place": None,
                "quote": "He was beaten with batons every night in the camp"}
    ghost = {"id": "p9", "kind": "person", "name": "Erlan Tokhtarov", "aliases": [], "mentions": ["Erlan Tokhtarov"]}
    result, _ = run([Reply(answer(events=[*GOOD["events"], invented], entities=[*GOOD["entities"], ghost]))])
    torture = by_type(result, "torture")
    assert torture["alignment"] == "unaligned"
    assert torture["evidence"] == []
    assert torture["needs_review"] is True
    assert torture["confidence"] < 0.2
    assert torture["quote"] == invented["quote"]
    person = by_name(result, "Erlan Tokhtarov")
    assert (person["alignment"], person["mentions"], person["needs_review"]) == ("unaligned", [], True)
    assert result["backend"]["alignment"]["unaligned"] == 2


def test_offsets_claimed_by_the_model_are_ignored() -> None:
    wrong = answer()
    for i, event in enumerate(wrong["events"]):
        event.update(start=i, end=i + 3, evidence=[[0, 5]], char_start=1, char_end=2)
    for entity in wrong["entities"]:
        entity["offsets"] = [[0, 4]]
    result, _ = run([Reply(wrong)])
    release = by_type(result, "release")
    assert at(release["evidence"][0]) == "before his release in May 2018"
    assert release["start"] == "2018-05"  # not the offset the model put in "start"
    assert all(e["mentions"][0] != [0, 4] for e in result["entities"])


def test_imperfect_copy_is_aligned_fuzzily_to_the_real_words() -> None:
    statement = {"type": "public_statement", "subjects": ["p1"], "agents": [], "place": None,
                 # straight quotes, lost capital, one word changed: what models do when they copy
                 "quote": '"they took my passport and told me to never speak about the camp," Abenov said'}
    result, _ = run([Reply(answer(events=[statement]))])
    event = by_type(result, "public_statement")
    assert event["alignment"] == "fuzzy"
    words = at(event["evidence"][0])
    assert words.startswith("“They took my passport") and words.endswith("Abenov said")
    assert 0.5 <= event["confidence"] < 0.7


def test_quote_from_outside_the_chunk_is_not_aligned() -> None:
    # The headline is read, but a quote made of a line that is not in the text at all is not.
    result, _ = run([Reply(answer(amounts=[{"quote": "45,000 tenge"}]))])
    assert result["amounts"][0]["alignment"] == "unaligned"
    assert result["amounts"][0]["value"] is None


# --- values come from aigak's rules, never from the model ---------------------------------------------

def test_dates_amounts_and_ages_are_read_by_the_rules_from_the_aligned_words() -> None:
    tampered = answer()
    tampered["entities"][0].update(age=99, age_quote="a 41-year-old")
    tampered["events"][0].update(start="2016-01-01")
    tampered["amounts"] = [{"quote": "20,000 yuan", "value": 99999, "currency": "USD"}]
    result, _ = run([Reply(tampered)])
    assert by_name(result, "Nurlan Abenov")["attributes"]["age"] == 41
    assert by_type(result, "detention")["start"] == "2017-03"
    assert by_type(result, "border_crossing")["start"] == "2019-01"
    assert (result["amounts"][0]["value"], result["amounts"][0]["currency"]) == (20000, "CNY")
    assert by_type(result, "fine")["amount"] == {"value": 20000, "currency": "CNY"}


def test_a_date_quote_the_rules_cannot_read_leaves_the_date_empty_for_review() -> None:
    vague = answer()
    vague["events"][2].update(start_quote="before his release")
    result, _ = run([Reply(vague)])
    release = by_type(result, "release")
    assert release["start"] is None
    assert release["unchecked_dates"] == {"start": "before his release"}
    assert release["needs_review"] is True
    assert release["alignment"] == "exact"


def test_an_event_without_a_date_quote_takes_the_single_date_in_its_own_words() -> None:
    undated = answer()
    undated["events"][2].update(start_quote=None)
    result, _ = run([Reply(undated)])
    assert by_type(result, "release")["start"] == "2018-05"


@pytest.mark.parametrize(("key", "value", "quote"), [
    ("ethnicity", "Uyghur", "ethnic Kazakh"),
    ("ethnicity", "Kazakh", "an ethnic Kazakh from Astana"),
    ("age_quote", "aged 58", None),
    ("citizenship", "China", None),
], ids=["value-not-in-quote", "quote-not-in-text", "age-not-in-text", "no-quote"])
def test_attributes_that_cannot_be_checked_are_set_apart(key: str, value: str, quote: str | None) -> None:
    changed = answer()
    person = changed["entities"][0]
    person.pop("ethnicity", None)
    person.pop("age_quote", None)
    person[key] = value
    if key != "age_quote":
        person[f"{key}_quote"] = quote
    result, _ = run([Reply(changed)])
    abenov = by_name(result, "Nurlan Abenov")
    attribute = key.removesuffix("_quote")
    assert attribute not in abenov["attributes"]
    assert attribute in abenov["unchecked_attributes"]
    assert abenov["needs_review"] is True


def test_amount_the_rules_cannot_read_is_kept_without_a_value_for_review() -> None:
    result, _ = run([Reply(answer(amounts=[{"quote": "paid a fine"}]))])
    amount = result["amounts"][0]
    assert (amount["value"], amount["currency"], amount["needs_review"]) == (None, None, True)
    assert at(amount["evidence"][0]) == "paid a fine"


def test_records_outside_the_vocabulary_are_dropped_and_counted() -> None:
    odd = answer(events=[*GOOD["events"], {"type": "kidnapping", "subjects": ["p1"], "quote": "Nurlan Abenov"}],
                 relations=[*GOOD["relations"], {"type": "spouse", "from": "p1", "to": "p77", "quote": "His wife"}])
    result, _ = run([Reply(odd)])
    assert {e["type"] for e in result["events"]} == {"detention", "fine", "release", "border_crossing",
                                                    "asylum_application"}
    assert len(result["relations"]) == 1
    assert result["backend"]["dropped"] == 2


# --- failures: a clear message and no records ----------------------------------------------------

@pytest.mark.parametrize(("reply", "message"), [
    (Reply('{"entities": [{"id": "p1", "kind": '), "not valid JSON"),
    (Reply(GOOD, delay_s=1.0), "did not answer within 0.3 s"),
    (Reply(status=500, body="CUDA out of memory"), "HTTP 500: CUDA out of memory"),
    (Reply(status=429, headers={"Retry-After": "120"}), "rate-limiting.*asks to wait 120 s"),
    (Reply('{"entities": [', finish_reason="length"), "cut off at max_tokens"),
    (Reply(drop=True), "closed the connection"),
    (Reply({"entities": {"p1": "Nurlan"}, "relations": [], "events": [], "amounts": []}), "does not follow the schema"),
], ids=["invalid-json", "slow", "server-error", "rate-limited", "truncated", "dropped", "wrong-shape"])
def test_failures_raise_a_clear_backend_error(reply: Reply, message: str) -> None:
    with pytest.raises(BackendError, match=message) as info:
        run([reply], timeout_s=0.3)
    assert info.value.backend == "llm.v1"
    assert str(info.value).startswith("llm.v1: ")


def test_a_failure_in_a_later_chunk_yields_no_records_at_all() -> None:
    text = (FIXTURES / "long_report.txt").read_text(encoding="utf-8")
    replies = [Reply({"entities": [{"id": "p1", "kind": "person", "name": "Dina Serikqyzy",
                                    "mentions": ["Dina Serikqyzy"]}], "relations": [], "events": [], "amounts": []}),
               Reply(status=503)]
    with pytest.raises(BackendError, match="HTTP 503"):
        run(replies, text=text, chunk_chars=500, overlap_chars=100)


# --- long documents: chunks at sentences, overlap merged ----------------------------------------------

LONG = (FIXTURES / "long_report.txt").read_text(encoding="utf-8")
PEOPLE = ["Dina Serikqyzy", "Marat Serikuly", "Bolat Zhaksylyk", "Aigerim Tursyn", "Yerzhan Tursyn"]
PLACES = ["Tekes", "Taldykorgan", "Khorgos", "Kazakhstan"]
# (type, subject, quote, start quote, end quote)
EVENTS = [
    ("detention", "Marat Serikuly", "Marat Serikuly was detained in October 2017", "in October 2017", None),
    ("detention", "Bolat Zhaksylyk", "he was held in a camp in Tekes county from April 2018 to December 2018",
     "from April 2018", "to December 2018"),
    ("release", "Bolat Zhaksylyk", "He was released after signing a document he could not read", None, None),
    ("confiscation", "Bolat Zhaksylyk", "Police later confiscated his passport", None, None),
    ("border_crossing", "Bolat Zhaksylyk", "In June 2019 he crossed the border at Khorgos", "In June 2019", None),
    ("disappearance", "Yerzhan Tursyn", "whose husband Yerzhan Tursyn disappeared in 2018", "in 2018", None),
    ("asylum_application", "Aigerim Tursyn", "She applied for asylum in Taldykorgan in August 2019",
     "in August 2019", None),
]
RELATIONS = [("sibling", "Dina Serikqyzy", "Marat Serikuly", "her brother Marat Serikuly"),
             ("spouse", "Aigerim Tursyn", "Yerzhan Tursyn", "whose husband Yerzhan Tursyn")]


def reads_the_chunk(request: dict[str, Any]) -> Reply:
    """A model that reports what its chunk states, naming people it knows even where the chunk does not."""
    chunk = answer_for(request)
    ids: dict[str, str] = {}
    entities: list[dict[str, Any]] = []

    def entity(name: str, kind: str) -> str:
        if name not in ids:
            ids[name] = f"{kind[0] if kind == 'person' else 'l'}{len(ids) + 1}"
            entities.append({"id": ids[name], "kind": kind, "name": name, "aliases": [], "mentions": [name]})
        return ids[name]

    for name in PEOPLE:
        if name in chunk:
            entity(name, "person")
    for name in PLACES:
        if name in chunk:
            entity(name, "place")
    events = [{"type": t, "subjects": [entity(who, "person")], "agents": [], "place": None,
               "start_quote": s, "end_quote": e, "quote": q} for t, who, q, s, e in EVENTS if q in chunk]
    relations = [{"type": t, "from": entity(a, "person"), "to": entity(b, "person"), "quote": q}
                 for t, a, b, q in RELATIONS if q in chunk]
    return Reply({"entities": entities, "relations": relations, "events": events, "amounts": []})


def test_long_document_is_read_in_overlapping_sentence_chunks_and_merged_without_duplicates() -> None:
    result, server = run(reads_the_chunk, text=LONG, chunk_chars=500, overlap_chars=150)
    chunks = [answer_for(r) for r in server.requests]
    assert len(chunks) == 3
    starts = [LONG.index(c) for c in chunks]
    for chunk, start in zip(chunks, starts, strict=True):
        assert len(chunk) <= 500
        assert chunk.rstrip().endswith((".", '"')), chunk[-20:]  # ends at a sentence end
        assert start == 0 or LONG[start - 1] in " \n"  # starts at a sentence start
    assert all(b < a + len(ca) for a, b, ca in zip(starts, starts[1:], chunks, strict=False))  # they overlap
    assert result["backend"]["chunks"] == 3

    names = [e["name"] for e in result["entities"]]
    assert sorted(names) == sorted(PEOPLE + PLACES)
    assert len(names) == len(set(names))
    assert all(e["alignment"] == "exact" for e in result["entities"])
    # Bolat is named in one chunk only; the model named him in the others too, where his name is absent:
    # the merged person is the one found in the text, with every span where he is named.
    bolat = by_name(result, "Bolat Zhaksylyk")
    assert [at(s, LONG) for s in bolat["mentions"]] == ["Bolat Zhaksylyk"]

    assert len(result["events"]) == len(EVENTS)  # the overlap's events are not doubled
    ids = {e["id"] for e in result["entities"]}
    assert all(set(ev["subjects"]) <= ids for ev in result["events"])
    held = next(ev for ev in result["events"] if ev["start"] == "2018-04")
    assert (held["type"], held["end"], held["subjects"]) == ("detention", "2018-12", [bolat["id"]])
    assert {(r["type"], r["from"], r["to"]) for r in result["relations"]} == {
        ("sibling", by_name(result, "Dina Serikqyzy")["id"], by_name(result, "Marat Serikuly")["id"]),
        ("spouse", by_name(result, "Aigerim Tursyn")["id"], by_name(result, "Yerzhan Tursyn")["id"])}


# --- through the store: a failed run leaves nothing behind ----------------------------------------------

def test_failed_llm_extraction_saves_no_facts_and_no_run(sqlite_store: Any, monkeypatch: pytest.MonkeyPatch) -> None:
    from aigak.ingest.pipeline import ingest_bytes
    from aigak.operations.extraction import extract_stored_document
    from aigak.store.facts import count_facts, has_extraction

    document, _ = ingest_bytes(sqlite_store, TEXT.encode("utf-8"), "testimony.txt")
    with ChatServer([Reply('{"entities": [{"id": "p1"', finish_reason="length")]) as server:
        monkeypatch.setenv("AIGAK_LLM_URL", server.url)
        monkeypatch.setenv("AIGAK_LLM_MODEL", "scripted")
        monkeypatch.setenv("AIGAK_BACKEND", "llm")
        with pytest.raises(BackendError, match="cut off"):
            extract_stored_document(sqlite_store, document.id)
    with sqlite_store.read() as conn:
        assert count_facts(conn) == 0
        assert not has_extraction(conn, document.id, "llm.v1")


def test_successful_llm_extraction_is_stored_with_its_grounding(sqlite_store: Any, monkeypatch: pytest.MonkeyPatch) -> None:
    from aigak.ingest.pipeline import ingest_bytes
    from aigak.operations.extraction import extract_stored_document
    from aigak.store.facts import list_facts

    hallucinated = {"type": "torture", "subjects": ["p1"], "quote": "He was beaten with batons every night"}
    document, _ = ingest_bytes(sqlite_store, TEXT.encode("utf-8"), "testimony.txt")
    with ChatServer([Reply(answer(events=[*GOOD["events"], hallucinated]))]) as server:
        monkeypatch.setenv("AIGAK_LLM_URL", server.url)
        monkeypatch.setenv("AIGAK_LLM_MODEL", "scripted")
        outcome = extract_stored_document(sqlite_store, document.id, backend="llm")
    assert outcome.fact_ids
    with sqlite_store.read() as conn:
        facts = list_facts(conn, document_id=document.id)
    assert {f.backend for f in facts} == {"llm.v1"}
    torture = next(f for f in facts if f.type == "torture")
    assert torture.evidence == () and torture.data["alignment"] == "unaligned" and torture.confidence < 0.2
    detention = next(f for f in facts if f.type == "detention")
    assert detention.data["alignment"] == "exact" and detention.evidence


def test_loose_references_by_name_or_single_id_are_understood() -> None:
    loose = answer()
    loose["events"][0].update(subjects="p1", place="Ghulja")
    loose["relations"][0].update({"from": "Nurlan Abenov", "to": "saule abenova"})
    result, _ = run([Reply(loose)])
    detention = by_type(result, "detention")
    abenov, ghulja = by_name(result, "Nurlan Abenov"), by_name(result, "Ghulja")
    assert (detention["subjects"], detention["place"]) == ([abenov["id"]], ghulja["id"])
    spouse = result["relations"][0]
    assert (spouse["from"], spouse["to"]) == (abenov["id"], by_name(result, "Saule Abenova")["id"])
