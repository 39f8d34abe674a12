"""The case dossier: sections, a chronology whose every line cites quote and hash, PDF pages, redaction."""

from __future__ import annotations

import json
import re
import shutil
import subprocess
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import pytest

from aigak.export.dossier import format_period, render_dossier_html, write_dossier

REPO = Path(__file__).resolve().parents[1]
SHARED_EVAL = REPO.parent / "shared" / "eval"
CASE_FILE = Path(__file__).resolve().parent / "fixtures" / "import" / "casefile-aibek.json"
BUILD = REPO / "build" / "dossier"
SECTIONS = ("1 Identity", "2 Relatives and associates", "3 Chronology", "4 Legal status",
            "5 Contradictions between sources", "Annex A — Sources")
GENERATED = datetime(2026, 1, 15, 9, 30, tzinfo=UTC)


def _case() -> dict[str, Any]:
    return json.loads(CASE_FILE.read_text(encoding="utf-8"))


def _pdf_pages(path: Path) -> list[str]:
    from pypdf import PdfReader

    return [re.sub(r"\s+", " ", page.extract_text() or "") for page in PdfReader(str(path)).pages]


def pdf_to_png(pdf: Path, prefix: str) -> list[Path]:
    """Render every page to PNG under build/dossier/ (kept for looking at); skips when poppler is absent."""
    if shutil.which("pdftoppm") is None:
        pytest.skip("pdftoppm (poppler-utils) is not installed: apt-get install -y poppler-utils")
    BUILD.mkdir(parents=True, exist_ok=True)
    for old in BUILD.glob(f"{prefix}-*.png"):
        old.unlink()
    subprocess.run(["pdftoppm", "-r", "100", "-png", str(pdf), str(BUILD / prefix)], check=True, timeout=120)
    return sorted(BUILD.glob(f"{prefix}-*.png"))


@pytest.mark.parametrize(("start", "end", "expected"), [
    ("2013-03", "2017-11", "March 2013 – November 2017"),
    ("2019-10-06", None, "6 October 2019"),
    ("2019", "2019", "2019"),
    (None, "2020-02", "until February 2020"),
    (None, None, "date unknown"),
], ids=["month-range", "day", "same-year", "end-only", "unknown"])
def test_dates_are_written_at_their_own_precision(start: str | None, end: str | None, expected: str) -> None:
    assert format_period(start, end) == expected


def test_html_dossier_has_every_section_and_each_event_cites_quote_and_hash() -> None:
    case = _case()
    html = render_dossier_html(case, generated_at=GENERATED, ingested={1: "2021-03-15"})
    text = re.sub(r"<[^>]+>", " ", html)
    text = re.sub(r"\s+", " ", text)
    for section in SECTIONS:
        assert section in text
    events = re.findall(r'<li class="event">(.*?)</li>', html, re.DOTALL)
    assert len(events) == len(case["timeline"])
    for item, event in zip(case["timeline"], events, strict=True):
        for ref in item["sources"]:
            assert f"<p>{ref['quote']}</p>" in event.replace("&#39;", "'")
            assert ref["sha256"][:16] in event
    for source in case["sources"]:
        assert source["sha256"] in html and source["filename"] in html
    assert "3.1 April 2018 – June 2019 Detention — Ghulja" in text
    assert "Generated 2026-01-15" in text or "generated 2026-01-15" in text
    assert "2021-03-15" in text  # ingestion date in the annex
    assert "start 14 June 2021, end not given" in text  # the reading a reviewer corrected


def test_html_dossier_fetches_nothing_from_outside() -> None:
    html = render_dossier_html(_case(), generated_at=GENERATED)
    assert not re.search(r"\b(src|href)\s*=|url\(|@import|https?://", html)


def test_html_dossier_escapes_what_the_sources_say() -> None:
    case = _case()
    case["timeline"][0]["sources"][0]["quote"] = "<script>alert(1)</script>"
    assert "<script>" not in render_dossier_html(case, generated_at=GENERATED)


def test_redacted_dossier_shows_placeholders_only() -> None:
    html = render_dossier_html(_case(), redact=True, generated_at=GENERATED)
    for value in ("Saule Tokhtarova", "Aruzhan", "Gulbahram Kasymova", "Kokterek"):
        assert value not in html
    assert "[minor, 9]" in html and "[relative]" in html and "[home place]" in html
    assert "redacted copy" in html and "Aibek Nurlanuly" in html


def test_pdf_dossier_has_page_numbers_a_running_header_and_its_citations(tmp_path: Path) -> None:
    case = _case()
    dossier = write_dossier(case, tmp_path / "dossier.pdf", generated_at=GENERATED,
                            ingested={1: "2021-03-15", 2: "2021-06-15"})
    pages = _pdf_pages(dossier.path)
    total = len(pages)
    assert total >= 2
    whole = " ".join(pages)
    for section in ("Identity", "Relatives and associates", "Chronology", "Legal status",
                    "Contradictions between sources", "Annex A — Sources"):
        assert section in whole
    for n, page in enumerate(pages, start=1):
        assert f"Page {n} of {total}" in page
    for page in pages[1:]:
        assert "Aibek Nurlanuly" in page and "generated 2026-01-15" in page
    assert "Police detained him in April 2018" in whole
    assert case["sources"][0]["sha256"] in whole.replace(" ", "")
    images = pdf_to_png(dossier.path, "fixture")
    assert len(images) == total and all(p.stat().st_size > 10_000 for p in images)


def test_redacted_pdf_dossier_contains_no_sensitive_value(tmp_path: Path) -> None:
    dossier = write_dossier(_case(), tmp_path / "dossier.pdf", redact=True, generated_at=GENERATED)
    whole = " ".join(_pdf_pages(dossier.path))
    for value in ("Saule Tokhtarova", "Aruzhan", "Gulbahram", "Kokterek"):
        assert value not in whole
    assert "redacted copy" in whole and dossier.redacted
    pdf_to_png(dossier.path, "fixture-redacted")


def _squash(text: str) -> str:
    return re.sub(r"\s+", "", text)


def test_dossier_of_the_person_in_the_asylum_article(tmp_path: Path) -> None:
    article = SHARED_EVAL / "docs" / "kz-asylum-2019.txt"
    if not article.exists():
        pytest.skip("the shared evaluation data (../shared/eval) is not on this machine")
    from aigak.export.casefiles import case_file_dict, dossier_for_person
    from aigak.ingest.pipeline import ingest_bytes
    from aigak.operations.extraction import extract_stored_document
    from aigak.resolve import resolve_document
    from aigak.store.audit import audit_history
    from aigak.store.engine import open_store

    store = open_store(f"sqlite:///{tmp_path / 'aigak.db'}")
    document, _ = ingest_bytes(store, article.read_bytes(), article.name, actor="test")
    extract_stored_document(store, document.id, actor="test")
    with store.transaction() as conn:
        resolve_document(conn, document.id, actor="test")
    case, _ = case_file_dict(store, "Qaster Musakhanuly")
    dossier = dossier_for_person(store, "Qaster Musakhanuly", tmp_path / "dossier.pdf", actor="test")
    pages = _pdf_pages(dossier.path)
    whole = _squash(" ".join(pages))
    for section in ("1Identity", "2Relativesandassociates", "3Chronology", "4Legalstatus",
                    "5Contradictionsbetweensources", "AnnexA—Sources"):
        assert section in whole
    for n, page in enumerate(pages, start=1):
        assert f"Page {n} of {len(pages)}" in page
    assert all("Qaster Musakhanuly" in page for page in pages[1:])
    assert len(case["timeline"]) >= 5
    for number, item in enumerate(case["timeline"], start=1):  # every line, its quote and its source's hash
        assert f"3.{number}" in whole
        for ref in item["sources"]:
            assert _squash(ref["quote"]) in whole
            assert ref["sha256"][:16] in whole
    assert document.sha256 in whole  # in full in the annex
    with store.read() as conn:
        record = audit_history(conn, f"person:{case['person']['id']}")[0]
    assert (record.action, record.after["sha256"], record.after["redacted"]) == ("export", dossier.sha256, False)
    images = pdf_to_png(dossier.path, "kz-asylum-2019")
    assert len(images) == len(pages)
    store.close()


def test_a_chinese_name_is_drawn_with_a_font_that_has_it(tmp_path: Path) -> None:
    # `make` installs a Chinese font (fonts-wqy-microhei); without one, 马秀兰 prints as empty boxes.
    from pypdf import PdfReader

    case = _case()
    case["person"]["names"] = [*case["person"].get("names", []), {"name": "马秀兰", "script": "Han", "document_ids": [1]}]
    case["person"]["name"] = f"{case['person']['name']} (马秀兰)"
    dossier = write_dossier(case, tmp_path / "dossier.pdf", generated_at=GENERATED)
    assert "马秀兰" in " ".join(_pdf_pages(dossier.path))
    fonts = set()
    for page in PdfReader(str(dossier.path)).pages:
        for font in (page.get("/Resources") or {}).get("/Font", {}).values():
            fonts.add(str(font.get_object().get("/BaseFont")))
    assert any(re.search(r"WenQuanYi|WQY|Noto.*CJK|Source.?Han|SimSun|Hei", f, re.IGNORECASE) for f in fonts), fonts
