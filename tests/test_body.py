"""Stage 1: the body range excludes headlines, captions and trailing related-links lists."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from aigak.extract.body import find_body

ARTICLE = (
    "Activist Detained In Border Town After Protest\n"
    "\n"
    "Police in the town of Zharkent detained the activist Daniyar Tokenuly on Monday after he held a "
    "picket outside the akimat, his sister said.\n"
    "He was released two days later without charge.\n"
    "-\n"
    "12 March12.03Another story teaser without a full stop\n"
    "-\n"
    "Related articles\n"
    "© 2024 Example News. All rights reserved\n"
)


def test_body_ends_before_related_links_and_footer() -> None:
    body = find_body(ARTICLE)
    assert ARTICLE[body.start:body.end].endswith("without charge.")


def test_title_case_headline_is_not_body() -> None:
    body = find_body(ARTICLE)
    assert ARTICLE[body.start:].startswith("Police in the town")
    assert body.content_start == 0


@pytest.mark.parametrize("text", ["One line of prose that is the whole text.", ""], ids=["single-line", "empty"])
def test_short_texts_keep_their_whole_range(text: str) -> None:
    body = find_body(text)
    assert (body.start, body.end) == (0, len(text))


@pytest.mark.parametrize("text", ["Serik Omarov was detained in Ghulja in 2018.",
                                  "Serik Omarov was detained in Ghulja in 2018.\nShare this\n"],
                         ids=["only-the-title", "title-and-boilerplate"])
def test_a_text_that_is_only_its_title_is_its_own_body(text: str) -> None:
    # a one-line file is stored with its first line as title; it must still be read, not crash
    body = find_body(text, title="Serik Omarov was detained in Ghulja in 2018.")
    assert text[body.start:body.end] == "Serik Omarov was detained in Ghulja in 2018."


def test_one_line_file_is_extracted_through_the_cli(run_cli: Any, tmp_path: Path) -> None:
    note = tmp_path / "note.txt"
    note.write_text("Serik Omarov was detained in Ghulja in 2018.", encoding="utf-8")
    result = run_cli("extract", str(note), "--format", "json")
    assert result.code == 0, result.stderr
    events = json.loads(result.stdout)["events"]
    assert [(e["type"], e["start"]) for e in events] == [("arrest", "2018")]


def test_known_title_is_skipped() -> None:
    text = "A quiet week\nNothing at all happened in the village this week, residents said.\n"
    body = find_body(text, title="A quiet week")
    assert text[body.start:body.end] == "Nothing at all happened in the village this week, residents said."


def test_notes_and_copyright_lines_end_the_body() -> None:
    text = ("Report title\n\nThe first case concerns a teacher who was detained in 2018 and released a year later.\n"
            "The second case concerns his brother, who remains in custody.\n\nNotes\n"
            "[1] Interview, Almaty, 3 May 2021.\n© 2021. Reproduction only with a link to the source.\n")
    body = find_body(text)
    assert text[body.start:body.end].endswith("remains in custody.")
