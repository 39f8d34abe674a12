"""Ingest refuses aigak's own dossiers, dates DOCX notes by their text, and `--extract` carries on past a failure."""

from __future__ import annotations

import io
import json
from pathlib import Path
from typing import Any

import pytest
from fixtures.llm.chat_server import ChatServer, Reply
from sqlalchemy import func, select

from aigak.core.errors import IngestError
from aigak.extract.nlp import MAX_PIECE_CHARS, split_sentences
from aigak.ingest.readers import decode_source, read_source
from aigak.store.engine import open_store
from aigak.store.schema import documents

LLM = Path(__file__).resolve().parent / "fixtures" / "llm"
STORY = ("ALMATY, 14 March 2022 — Aigerim Tursynbekkyzy, 34, crossed the border near Khorgos on 9 November 2021. "
         "She was detained by border guards the same day.")


def _documents(url: str) -> int:
    store = open_store(url)
    try:
        with store.read() as conn:
            return int(conn.execute(select(func.count()).select_from(documents)).scalar_one())
    finally:
        store.close()


def test_a_dossier_aigak_wrote_is_refused_on_ingest_naming_the_file(
        tmp_path: Path, run_cli: Any, sqlite_url: str) -> None:
    source = tmp_path / "news.txt"
    source.write_text(STORY, encoding="utf-8")
    assert run_cli("ingest", "--extract", str(source)).code == 0
    for name, extra in (("dossier.pdf", ()), ("dossier.html", ("--html",))):
        made = run_cli("dossier", "Aigerim Tursynbekkyzy", "-o", str(tmp_path / name), *extra)
        assert made.code == 0, made.stderr
    # The same dossier copied as text (a browser's "save as text", a pasted annex) is refused too.
    copied = decode_source((tmp_path / "dossier.pdf").read_bytes(), "dossier.pdf").text
    (tmp_path / "dossier-copy.txt").write_text(copied, encoding="utf-8")
    other = tmp_path / "other.txt"
    other.write_text("Yerlan Tursynbekuly, 29, was released in 2019.", encoding="utf-8")

    result = run_cli("ingest", str(tmp_path / "dossier.pdf"), str(tmp_path / "dossier.html"),
                     str(tmp_path / "dossier-copy.txt"), str(other))
    assert result.code == 1
    for name in ("dossier.pdf", "dossier.html", "dossier-copy.txt"):
        assert f"failed {tmp_path / name}: a case dossier written by aigak, not a source" in \
            " ".join(result.stderr.split())
    assert "1 new, 0 already stored, 3 failed." in result.stdout
    assert _documents(sqlite_url) == 2


def test_a_pdf_that_only_mentions_a_case_dossier_is_a_source() -> None:
    from weasyprint import HTML

    html = "<html><head><title>Case dossier guidance</title></head><body><p>How lawyers build a case dossier.</p></body></html>"
    pdf = bytes(HTML(string=html).write_pdf())
    assert "case dossier" in read_source(pdf, "guide.pdf").text


def _docx(paragraphs: list[str]) -> bytes:
    import docx

    d = docx.Document()  # python-docx's template is dated 2013-12-23, like many real templates
    for p in paragraphs:
        d.add_paragraph(p)
    buf = io.BytesIO()
    d.save(buf)
    return buf.getvalue()


def test_docx_template_date_is_not_taken_when_the_text_states_its_date(
        tmp_path: Path, run_cli: Any) -> None:
    notes = tmp_path / "notes.docx"
    notes.write_bytes(_docx(["Lawyer's notes, 1 August 2022.",
                             "The deportation order was suspended on 29 July 2022."]))
    assert read_source(notes.read_bytes(), "notes.docx").published is None
    assert run_cli("ingest", "--extract", str(notes)).code == 0
    shown = json.loads(run_cli("doc", "1", "--json").stdout)
    assert shown["published"] is None and shown["reference_date"].startswith("2022")


def test_docx_without_a_year_in_its_text_keeps_the_file_date() -> None:
    assert read_source(_docx(["Notes from the meeting with the family."]), "n.docx").published == "2013-12-23"


def test_a_line_longer_than_spacy_max_length_is_split_into_sentences() -> None:
    sentence = "Zhanar Ospanova, 50, was arrested on 1 June 2020 in Urumqi. "
    text = sentence * (1_200_000 // len(sentence))  # one line of 1.2 MB: over spaCy's 1,000,000 (E088)
    found = split_sentences(text)
    assert len(found) == text.count("Urumqi.")
    assert all(text[s.start:s.end] == sentence.strip() for s in found)
    assert len(text) > 10 * MAX_PIECE_CHARS


@pytest.fixture
def no_llm(monkeypatch: pytest.MonkeyPatch) -> None:
    for name in ("AIGAK_LLM_URL", "AIGAK_LLM_MODEL", "AIGAK_LLM_KEY", "AIGAK_BACKEND"):
        monkeypatch.delenv(name, raising=False)


def test_ingest_extract_reports_a_failed_extraction_on_one_line_and_goes_on(
        tmp_path: Path, run_cli: Any, sqlite_url: str, no_llm: None, monkeypatch: pytest.MonkeyPatch) -> None:
    folder = tmp_path / "in"
    folder.mkdir()
    (folder / "a-first.txt").write_text(STORY, encoding="utf-8")
    (folder / "b-testimony.txt").write_text((LLM / "testimony.txt").read_text(encoding="utf-8"), encoding="utf-8")
    good = json.loads((LLM / "testimony_answer.json").read_text(encoding="utf-8"))
    # The model's first answer is cut off (the extractor fails on a-first.txt); the next one is good.
    with ChatServer([Reply('{"entities": [', finish_reason="length"), Reply(good)]) as server:
        monkeypatch.setenv("AIGAK_LLM_URL", server.url)
        monkeypatch.setenv("AIGAK_LLM_MODEL", "scripted")
        result = run_cli("ingest", "--extract", "--backend", "llm", str(folder))
    assert result.code == 1
    lines = [line for line in result.stderr.splitlines() if "a-first.txt" in line]
    assert lines and lines[0].startswith(f"not extracted {folder / 'a-first.txt'} (stored as #1): llm.v1:")
    assert "Traceback" not in result.stderr
    assert "stored #2" in result.stdout and "b-testimony.txt" in result.stdout
    assert "2 new, 0 already stored, 0 failed" in result.stdout and "1 not extracted" in result.stdout
    assert _documents(sqlite_url) == 2


def test_read_source_refuses_and_names_the_file_for_a_dossier_text() -> None:
    text = ("CASE DOSSIER\nAigerim Tursynbekkyzy\n…\nCompiled with aigak 0.1.0 on 2026-11-30 07:41 UTC. "
            "The chronology lists the facts recorded for this person.")
    with pytest.raises(IngestError) as caught:
        read_source(text.encode(), "annex.txt")
    assert caught.value.path == "annex.txt"
