"""Readers keep the layout's meaning: PDF lines wrapped inside a paragraph are joined, DOCX tables are read
in place, and a document stored by the earlier readers still verifies."""

from __future__ import annotations

import io
import json
import textwrap
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import update

from aigak.ingest.pdflines import unwrap_lines
from aigak.ingest.readers import earlier_texts, read_source
from aigak.ingest.sniff import DOCX, PDF
from aigak.store.engine import open_store
from aigak.store.schema import documents

COLUMN_CH = 40
CASE_LINES = ("Gulzhan Abdrakhman, 38, was detained in", "October 2017 and held for two years.",
              "Since 2019 her brave husband, Serik", "Omarov, 40, has campaigned for her", "release.")
"""How a column `COLUMN_CH` characters wide lays the paragraph out: the date and the name are split."""
CASE = " ".join(CASE_LINES)


@pytest.mark.parametrize(("text", "expected"), [
    ("He was fined in 2023. Her husband, Serik\nOmarov, 40, campaigned.",
     "He was fined in 2023. Her husband, Serik Omarov, 40, campaigned."),
    ("Gulzhan Abdrakhman, a teacher, detained\nOctober 2017.", "Gulzhan Abdrakhman, a teacher, detained October 2017."),
    ("He was first detained by the police in\nOctober 2017.", "He was first detained by the police in October 2017."),
    ("His asylum application of 15\nFebruary 2023 was rejected.", "His asylum application of 15 February 2023 was rejected."),
    ("He said that after the hearing he had\ncrossed again.", "He said that after the hearing he had crossed again."),
    ("The statement was signed by Mr.\nOmarov, a lawyer.", "The statement was signed by Mr. Omarov, a lawyer."),
    ("Case 2: Gulzhan Abdrakhman Yerlanovna\nGulzhan was arrested.", None),
    ("She was released on 15 October 2019 in\n\nHer father remains in detention.", None),
    ("She was released on 15 October 2019.\nHer father remains in detention.", None),
    ("Signed: Aigul Zhaksylyk\nLawyer", None),
    ("The family asked for three things, namely\n- a hearing\n- a lawyer", None),
    ("first item\nsecond item", None),
    ("He was called an extremist. Police said the extrem-\nist was held.",
     "He was called an extremist. Police said the extremist was held."),
    ("Officials labelled the respected and well-\nknown teacher.", "Officials labelled the respected and well-known teacher."),
    ("without the slightest and smallest sub\u2010\nstantiation", "without the slightest and smallest substantiation"),
], ids=["wrapped-name", "full-line", "joining-word", "wrapped-date", "lower-case-goes-on", "abbreviation",
        "heading-kept", "blank-line-kept", "sentence-end-kept", "short-line-kept", "list-items-kept",
        "short-lower-case-lines-kept", "hyphen-word-written-whole-elsewhere", "hyphen-of-a-compound-kept",
        "typesetter-hyphen"])
def test_lines_wrapped_inside_a_paragraph_are_joined(text: str, expected: str | None) -> None:
    assert unwrap_lines(text, width=COLUMN_CH) == (text if expected is None else expected)


def _report_pdf(*paragraphs: str) -> bytes:
    """A report laid out by WeasyPrint in a monospace column `COLUMN_CH` characters wide, so it wraps
    exactly where `textwrap` does."""
    from weasyprint import HTML

    body = "".join(paragraphs)
    style = (f"body {{ font-family: monospace; font-size: 10pt }} h2, p, li {{ width: {COLUMN_CH}ch; "
             "font-size: 10pt; margin: 0 0 1em 0 }")
    return bytes(HTML(string=f"<html><head><title>Urgent cases</title><style>{style}</style></head>"
                             f"<body>{body}</body></html>").write_pdf())


def test_a_pdf_paragraph_wrapped_across_a_date_and_a_name_is_one_line() -> None:
    pdf = _report_pdf("<h2>Case 2: Gulzhan Abdrakhman</h2>", f"<p>{CASE}</p>",
                      "<p>Contact the group at atajurt@example.org.</p>")
    assert textwrap.wrap(CASE, COLUMN_CH) == list(CASE_LINES)
    assert "\n".join(CASE_LINES) in earlier_texts(pdf, "report.pdf", PDF)[0]  # as the text layer has it

    text = read_source(pdf, "report.pdf").text
    assert text.split("\n") == ["Case 2: Gulzhan Abdrakhman",
                                "Gulzhan Abdrakhman, 38, was detained in October 2017 and held for two years.",
                                "Since 2019 her brave husband, Serik Omarov, 40, has campaigned for her release.",
                                "Contact the group at atajurt@example.org."]


def test_extraction_reads_the_whole_name_and_date_of_a_wrapped_pdf(tmp_path: Path, run_cli: Any) -> None:
    report = tmp_path / "report.pdf"
    report.write_bytes(_report_pdf("<h2>Urgent cases, 10 November 2023</h2>", f"<p>{CASE}</p>"))
    result = run_cli("extract", str(report), "--format", "json")
    assert result.code == 0, result.stderr
    found = json.loads(result.stdout)
    people = {e["id"]: e["name"] for e in found["entities"] if e["kind"] == "person"}
    assert "Serik Omarov" in people.values() and not {"Serik", "Omarov"} & set(people.values())
    held = [ev for ev in found["events"] if ev["type"] in {"arrest", "detention"}
            and people.get(ev["subjects"][0]) == "Gulzhan Abdrakhman"]
    assert held and held[0]["start"] == "2017-10"


def _memo_docx() -> bytes:
    import docx

    d = docx.Document()
    d.add_paragraph("Ms Bekmukhamet entered Kazakhstan on 3 May 2023. The key dates are set out below.")
    table = d.add_table(rows=3, cols=3)
    for row, cells in zip(table.rows, [("Date", "Event", "Note"), ("14.11.2023", "Asylum refused", ""),
                                       ("20.12.2023", "Deadline for appeal", "30 days from receipt")], strict=True):
        for cell, value in zip(row.cells, cells, strict=True):
            cell.text = value
    merged = table.add_row().cells
    merged[1].merge(merged[2]).text = "Hearing\nadjourned"
    merged[0].text = "05.01.2024"
    d.add_paragraph("We recommend lodging the appeal by 15 December 2023.")
    buf = io.BytesIO()
    d.save(buf)
    return buf.getvalue()


def test_a_docx_table_is_read_in_place_one_row_a_line() -> None:
    src = read_source(_memo_docx(), "memo.docx")
    assert src.media_type == DOCX
    assert src.text == ("Ms Bekmukhamet entered Kazakhstan on 3 May 2023. The key dates are set out below.\n\n"
                        "Date | Event | Note\n"
                        "14.11.2023 | Asylum refused\n"
                        "20.12.2023 | Deadline for appeal | 30 days from receipt\n"
                        "05.01.2024 | Hearing adjourned\n\n"
                        "We recommend lodging the appeal by 15 December 2023.")


def test_a_docx_table_is_searchable_and_shown(tmp_path: Path, run_cli: Any) -> None:
    memo = tmp_path / "memo.docx"
    memo.write_bytes(_memo_docx())
    assert run_cli("ingest", str(memo)).code == 0
    found = run_cli("search", "deadline appeal", "--json")
    assert [d["document_id"] for d in json.loads(found.stdout)["documents"]] == [1]
    assert "20.12.2023 | Deadline for appeal | 30 days from receipt" in run_cli("doc", "1").stdout


@pytest.mark.parametrize("kind", ["pdf", "docx"])
def test_a_document_stored_by_the_earlier_reader_still_verifies(tmp_path: Path, run_cli: Any, sqlite_url: str,
                                                              kind: str) -> None:
    source = tmp_path / f"source.{kind}"
    source.write_bytes(_report_pdf(f"<p>{CASE}</p>") if kind == "pdf" else _memo_docx())
    assert run_cli("ingest", str(source)).code == 0
    earlier = earlier_texts(source.read_bytes(), source.name, PDF if kind == "pdf" else DOCX)[0]
    store = open_store(sqlite_url)
    try:
        for text, code in ((earlier, 0), (earlier.replace("2017", "2018").replace("2023", "2024"), 1)):
            assert text != read_source(source.read_bytes(), source.name).text
            with store.transaction() as conn:
                conn.execute(update(documents).values(text=text))
            result = run_cli("verify")
            assert result.code == code, result.stdout + result.stderr
    finally:
        store.close()
    assert "the stored text differs from the text its original bytes decode to" in " ".join(result.stderr.split())
