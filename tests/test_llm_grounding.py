"""Finding a model's quotes in the source, and splitting long texts into sentence chunks."""

from __future__ import annotations

import itertools
from pathlib import Path

import pytest

from aigak.extract.llm.align import AlignmentStatus, align_quote
from aigak.extract.llm.chunks import split_into_chunks
from aigak.extract.llm.readings import age_from_text

FIXTURES = Path(__file__).resolve().parent / "fixtures" / "llm"
TEXT = "Intro line.\nHe said: “I was held in the camp for two years,” recalled Aman Serikuly. Amanov left."


@pytest.mark.parametrize(("quote", "status", "found"), [
    ("I was held in the camp for two years", AlignmentStatus.EXACT, "I was held in the camp for two years"),
    ('"i was held in the  camp for two years', AlignmentStatus.FUZZY, "“I was held in the camp for two years"),
    ("I was held in the camp for two year, recalled Aman", AlignmentStatus.FUZZY,
     "I was held in the camp for two years,” recalled Aman"),
    ("aman serikuly", AlignmentStatus.FUZZY, "Aman Serikuly"),
    ("He was tortured in the prison at Urumqi", AlignmentStatus.UNALIGNED, None),
    ("I was held in a camp for 2 years", AlignmentStatus.UNALIGNED, None),
    ("Amano", AlignmentStatus.UNALIGNED, None),
    ("", AlignmentStatus.UNALIGNED, None),
], ids=["verbatim", "quote-marks-case-space", "small-slip", "case-only", "invented", "paraphrase",
        "short-inside-a-word", "empty"])
def test_quote_alignment(quote: str, status: AlignmentStatus, found: str | None) -> None:
    result = align_quote(quote, TEXT)
    assert result.status is status
    if found is None:
        assert result.span() is None and result.score == 0
    else:
        span = result.span()
        assert span is not None and TEXT[span[0]:span[1]] == found


def test_short_quote_matches_whole_words_only() -> None:
    span = align_quote("Aman", TEXT).span()
    assert span is not None and TEXT[span[0]:span[1] + 9] == "Aman Serikuly"


def test_repeated_quote_prefers_the_occurrence_after_the_hint() -> None:
    text = "Aman spoke. Later Aman left."
    assert align_quote("Aman", text).start == 0
    assert align_quote("Aman", text, after=5).start == 18
    assert align_quote("aman", text, after=5).start == 18


def test_quote_is_only_looked_for_inside_the_chunk() -> None:
    text = "Aman Serikuly was detained. Nothing else happened here."
    chunk_start = text.index("Nothing")
    assert align_quote("Aman Serikuly was detained", text, chunk_start, len(text)).status is AlignmentStatus.UNALIGNED
    inside = align_quote("Nothing else happened", text, chunk_start, len(text))
    assert inside.status is AlignmentStatus.EXACT and inside.start == chunk_start


def test_fuzzy_span_never_cuts_a_word() -> None:
    text = "The committee said that Serik Nurbekuly had been sentenced to seven years."
    result = align_quote("Serik Nurbekov had been sentenced to seven years", text)
    assert result.status is AlignmentStatus.FUZZY
    assert result.start is not None and result.end is not None
    assert not text[result.start - 1].isalnum() and not text[result.end:result.end + 1].isalnum()


@pytest.mark.parametrize(("phrase", "age"), [
    ("a 41-year-old", 41), ("aged thirty-four", 34), ("Aman, 34, said", 34), ("thirty-four years old", 34),
    ("a seven-year-old daughter", 7), ("aged 7", 7), ("in his forties", None), ("aged 400", None),
], ids=["digits-hyphen", "aged-words", "apposition", "words-years-old", "child", "aged-digits", "vague",
        "implausible"])
def test_age_is_read_from_the_quoted_words(phrase: str, age: int | None) -> None:
    assert age_from_text(phrase) == age


def test_short_text_is_one_chunk() -> None:
    chunks = split_into_chunks(TEXT, 0, len(TEXT), max_chars=6000, overlap_chars=600)
    assert [(c.start, c.end, c.text) for c in chunks] == [(0, len(TEXT), TEXT)]


def test_blank_text_has_no_chunks() -> None:
    assert split_into_chunks("  \n ", max_chars=600, overlap_chars=100) == []


def test_chunks_cover_the_text_at_sentence_boundaries_with_overlap() -> None:
    text = (FIXTURES / "long_report.txt").read_text(encoding="utf-8")
    chunks = split_into_chunks(text, 0, len(text), max_chars=400, overlap_chars=120)
    assert len(chunks) >= 3
    assert chunks[0].start == 0 and chunks[-1].end == len(text.rstrip())
    for chunk in chunks:
        assert chunk.text == text[chunk.start:chunk.end]
        assert chunk.end - chunk.start <= 400
        assert text[chunk.end - 1] in '."', text[chunk.end - 10:chunk.end]
    for before, after in itertools.pairwise(chunks):
        assert after.start < before.end, "consecutive chunks overlap"
        assert after.start > before.start, "every chunk moves forward"
        # Whole sentences up to 120 characters, or the single last sentence if longer (under half a chunk).
        assert before.end - after.start <= 400 // 2


def test_a_sentence_longer_than_a_chunk_is_a_chunk_of_its_own() -> None:
    text = "Short one. " + "This sentence goes on " * 40 + "and ends. Last one."
    chunks = split_into_chunks(text, 0, len(text), max_chars=500, overlap_chars=50)
    assert any(c.end - c.start > 500 for c in chunks)
    assert chunks[-1].end == len(text)
