"""Stage 2: quotations and the words that name their speaker."""

from __future__ import annotations

import pytest

from aigak.extract.quotes import find_quotes

CASES = [
    ("“They kept me in a cell for a week,” Aisha Nurlanqyzy said.", "Aisha Nurlanqyzy"),
    ("“Nobody told us anything,” said Bolat.", "Bolat"),
    ("“We walked for two nights,” he continued.", "he"),
    ("“This is unlawful,” declared Marat Sadyk, one of the founders of the group.", "Marat Sadyk"),
    ('"The court ignored the evidence", says their lawyer Ruslan Ospanov.', "lawyer Ruslan Ospanov"),
    ("“We had no choice,” it is stated in the text of Erlan’s application.", "Erlan’s"),
    ("Dana told the court: “I was beaten every night in the basement.”", "Dana"),
]


@pytest.mark.parametrize(("text", "speaker"), CASES, ids=[
    "name-said", "said-name", "pronoun-continued", "declared-apposition", "says-role-name", "stated-in-text",
    "before-colon"])
def test_speaker_span_is_found(text: str, speaker: str) -> None:
    quotes = find_quotes(text, 0, len(text))
    assert len(quotes) == 1
    assert quotes[0].speaker is not None
    s, e = quotes[0].speaker
    assert speaker.endswith(text[s:e]) or text[s:e] == speaker


def test_unattributed_quote_continues_previous_speaker() -> None:
    text = "“They call it a school,” Gulzhan recalled. “But the doors were locked from outside.”"
    quotes = find_quotes(text, 0, len(text))
    assert [q.speaker_continues for q in quotes] == [False, True]


def test_nested_scare_quotes_stay_inside_the_quote() -> None:
    text = "“They said it was time for the “school” again. We left that night,” he said."
    quotes = find_quotes(text, 0, len(text))
    assert len(quotes) == 1 and text[quotes[0].start:quotes[0].end].endswith("night,”")


def test_short_scare_quote_is_not_speech() -> None:
    text = "He was taken to a “vocational centre” in the north."
    assert find_quotes(text, 0, len(text)) == []
