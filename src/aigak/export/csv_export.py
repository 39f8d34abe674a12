"""The CSV export: `people.csv`, `events.csv`, `relations.csv`, ready for a spreadsheet.

UTF-8 with a byte-order mark (so Excel reads Cyrillic and Chinese right), CRLF line ends, ISO
dates, one row per item, and source columns (document, SHA-256, title, file, quote, span) on
every row. Cells that a spreadsheet would run as a formula are prefixed with `'`.
"""

from __future__ import annotations

import csv
from collections.abc import Mapping, Sequence
from pathlib import Path
from typing import Any

from aigak.export.bundle import Bundle, events_view, people_view, relations_view

__all__ = ["CSV_FILES", "write_csv"]

CSV_FILES = ("people.csv", "events.csv", "relations.csv")
_FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


def _cell(value: Any) -> Any:
    if value is None:
        return ""
    if isinstance(value, bool):
        return "yes" if value else "no"
    if isinstance(value, (list, tuple)):
        value = "; ".join(str(v) for v in value)
    if isinstance(value, str) and value.startswith(_FORMULA_START):
        try:
            float(value)
        except ValueError:
            return "'" + value
    return value


def _write(path: Path, rows: Sequence[Mapping[str, Any]], columns: Sequence[str]) -> None:
    with path.open("w", encoding="utf-8-sig", newline="") as fh:
        writer = csv.writer(fh, lineterminator="\r\n")
        writer.writerow(columns)
        for row in rows:
            writer.writerow([_cell(row.get(c)) for c in columns])


def _columns(rows: Sequence[Mapping[str, Any]], first: Sequence[str]) -> list[str]:
    columns = list(first)
    for row in rows:
        columns.extend(k for k in row if k not in columns)
    return columns


def write_csv(bundle: Bundle, out_dir: Path) -> list[Path]:
    """Write the three CSV files into `out_dir` and return their paths."""
    tables = (
        ("people.csv", people_view(bundle), ["fact_id", "person_id", "name", "aliases", "age", "gender",
                                             "ethnicity", "citizenship", "birth_year", "description"]),
        ("events.csv", events_view(bundle), ["fact_id", "type", "start", "end", "subjects", "agents", "place"]),
        ("relations.csv", relations_view(bundle), ["fact_id", "type", "from", "to", "to_age"]),
    )
    paths: list[Path] = []
    source = ["status", "reviewed_by", "confidence", "backend", "document_id", "source_sha256", "source_title",
              "source_file", "quote", "span_start", "span_end"]
    for name, rows, first in tables:
        path = out_dir / name
        _write(path, rows, _columns(rows, [*first, *source]))
        paths.append(path)
    return paths
