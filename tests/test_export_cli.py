"""The export, import and mark-sensitive commands, run as a user runs them."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
from test_export import load_casebook

from aigak.store.engine import open_store

FIXTURES = Path(__file__).resolve().parent / "fixtures" / "import"


@pytest.mark.parametrize("command", ["export", "import", "dossier", "mark-sensitive"])
def test_every_command_has_help(run_cli: Any, command: str) -> None:
    result = run_cli(command, "--help")
    assert result.code == 0 and "Usage" in result.stdout


def test_import_a_sheet_then_export_it_redacted(run_cli: Any, tmp_path: Path) -> None:
    result = run_cli("import", str(FIXTURES / "victims.csv"), "--map", str(FIXTURES / "victims.toml"))
    assert result.code == 0, result.stderr
    assert "5 rows read: 5 new sources" in result.stdout
    assert "re-education" in result.stderr  # the row it could not fully read is named
    out = tmp_path / "out"
    result = run_cli("export", "--format", "csv", "-o", str(out), "--redact", "--status", "proposed")
    assert result.code == 0, result.stderr
    assert "redacted" in result.stdout
    people = (out / "people.csv").read_text(encoding="utf-8-sig")
    assert "Nurbek Talgatuly" in people and "[minor, 15]" in people
    # a mother taken to a camp in Tekes, with her son there too: both are family left behind
    assert "Gulnar Sadyqkyzy" not in people and "Sadykova" not in people and "[relative]" in people
    assert "Yerzhan Omaruly" not in people and "+7 702" not in people
    manifest = json.loads((out / "manifest.json").read_text(encoding="utf-8"))
    assert manifest["query"]["status"] == ["proposed"] and manifest["redacted"] is True


def test_json_export_and_import_through_the_cli(run_cli: Any, sqlite_url: str, tmp_path: Path) -> None:
    store = open_store(sqlite_url)
    load_casebook(store)
    store.close()
    assert run_cli("export", "-o", str(tmp_path / "out")).code == 0
    other = f"sqlite:///{tmp_path / 'copy.db'}"
    result = run_cli("import", str(tmp_path / "out"), db=other)
    assert result.code == 0, result.stderr
    assert "2 documents read: 2 new sources, 0 already stored, 33 facts saved" in result.stdout


@pytest.mark.parametrize(("args", "message"), [
    (("export", "--format", "xml", "-o", "OUT"), "No export format 'xml'"),
    (("export", "-o", "OUT", "--status", "approved"), "is not a review status"),
    (("import", "MISSING.csv"), "MISSING.csv"),
    (("mark-sensitive", "999"), "No fact with id 999"),
], ids=["unknown-format", "bad-status", "missing-file", "missing-fact"])
def test_mistakes_get_one_line_and_exit_1(run_cli: Any, tmp_path: Path, args: tuple[str, ...], message: str) -> None:
    args = tuple(str(tmp_path / a) if a in {"OUT", "MISSING.csv"} else a for a in args)
    result = run_cli(*args)
    assert result.code == 1
    assert message in result.stderr and "Traceback" not in result.stderr


def test_mark_sensitive_hides_a_fact_from_redacted_exports(run_cli: Any, sqlite_url: str, tmp_path: Path) -> None:
    store = open_store(sqlite_url)
    ids = load_casebook(store)
    store.close()
    result = run_cli("mark-sensitive", str(ids["0:e2"]))
    assert result.code == 0 and "sensitive = True" in result.stdout
    # the marked fact is not reviewed yet: a redacted export carries it only when asked to
    assert run_cli("export", "--format", "csv", "-o", str(tmp_path / "out"), "--redact", "--status", "proposed").code == 0
    events = (tmp_path / "out" / "events.csv").read_text(encoding="utf-8-sig")
    assert "They shackled me" not in events and "[withheld]" in events


def test_dossier_command_writes_pdf_and_html(run_cli: Any, sqlite_url: str, tmp_path: Path) -> None:
    store = open_store(sqlite_url)
    load_casebook(store)
    store.close()
    result = run_cli("dossier", "Aibek Nurlanuly", "-o", str(tmp_path / "aibek.pdf"))
    assert result.code == 0, result.stderr
    assert (tmp_path / "aibek.pdf").read_bytes().startswith(b"%PDF-")
    result = run_cli("dossier", "Aibek Nurlanuly", "-o", str(tmp_path / "aibek.html"), "--html", "--redact")
    assert result.code == 0 and "redacted" in result.stdout
    html = (tmp_path / "aibek.html").read_text(encoding="utf-8")
    assert "<h1>Aibek Nurlanuly</h1>" in html and "Saule Tokhtarova" not in html
    result = run_cli("dossier", "Nobody Atall", "-o", str(tmp_path / "x.pdf"))
    assert result.code == 1 and "No person matches 'Nobody Atall'" in result.stderr
