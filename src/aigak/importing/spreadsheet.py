"""Spreadsheets of victims or cases (CSV or XLSX) into the store, one source per row.

Each row becomes a small text document (`victims.xlsx, sheet Cases, row 7` then one `Header: value`
line per filled cell), stored with its own SHA-256 like any source, and the mapped cells become
facts whose spans point into that text. So an imported record is grounded the same way an
extracted one is: the dossier can quote the row and give its hash. Facts are saved under the
backend name `import.v1`; importing the same sheet again adds nothing.
"""

from __future__ import annotations

import csv
import dataclasses
import io
import warnings
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import date, datetime
from pathlib import Path
from typing import Any

from aigak.core.errors import ConfigError, IngestError
from aigak.core.models import RELATION_TYPES, ReviewStatus
from aigak.importing.dates import normalize_date
from aigak.importing.mapping import ColumnMapping, guess_mapping
from aigak.importing.report import ImportReport
from aigak.ingest.decode import decode_text
from aigak.ingest.pipeline import ingest_bytes
from aigak.resolve import resolve_document
from aigak.store.audit import append_audit
from aigak.store.engine import Store
from aigak.store.facts import has_extraction, review_fact, save_extraction

__all__ = ["IMPORT_BACKEND", "Table", "build_row_source", "import_spreadsheet", "read_table", "row_extraction"]

IMPORT_BACKEND = "import.v1"
_SNIFF_BYTES = 8192


@dataclass(frozen=True, slots=True)
class Table:
    """A sheet as read: its headers and its rows with the row numbers the user sees.

    Attributes:
        source: the file name.
        sheet: the sheet name (XLSX), else None.
        headers: the header cells, as written.
        rows: (1-based row number, cells) for every row after the header with any value.
        sheets: every sheet of the workbook, in order (XLSX), else empty.
    """

    source: str
    sheet: str | None
    headers: tuple[str, ...]
    rows: tuple[tuple[int, tuple[Any, ...]], ...]
    sheets: tuple[str, ...] = ()


def _cell_text(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, datetime):
        return value.date().isoformat() if value.time() == datetime.min.time() else value.isoformat(sep=" ")
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value).replace("\r\n", "\n").replace("\r", "\n").strip()


def _read_csv(data: bytes, name: str, header_row: int) -> Table:
    text, _ = decode_text(data, name)
    sample = text[:_SNIFF_BYTES]
    try:
        dialect: Any = csv.Sniffer().sniff(sample, delimiters=",;\t|")
    except csv.Error:
        dialect = csv.excel
    records = list(csv.reader(io.StringIO(text), dialect))
    return _table(name, None, records, header_row)


def _read_xlsx(data: bytes, name: str, sheet: str | None, header_row: int) -> Table:
    from openpyxl import load_workbook
    from openpyxl.utils.exceptions import InvalidFileException

    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")  # openpyxl warns about styles and extensions it skips
            book = load_workbook(io.BytesIO(data), read_only=True, data_only=True)
    except (InvalidFileException, KeyError, OSError, ValueError) as exc:
        raise IngestError(name, f"the workbook could not be read ({exc.__class__.__name__}); "
                          "re-save it as .xlsx or CSV") from exc
    try:
        if sheet is not None and sheet not in book.sheetnames:
            raise ConfigError(f"{name} has no sheet {sheet!r}; its sheets are {', '.join(book.sheetnames)}.")
        ws = book[sheet] if sheet is not None else book.worksheets[0]
        records = [list(r) for r in ws.iter_rows(values_only=True)]
        title = ws.title
        sheets = tuple(book.sheetnames)
    finally:
        book.close()
    return dataclasses.replace(_table(name, title, records, header_row), sheets=sheets)


def _table(name: str, sheet: str | None, records: Sequence[Sequence[Any]], header_row: int) -> Table:
    if len(records) < header_row:
        raise IngestError(name, f"the sheet has no row {header_row} to read headers from")
    headers = tuple(_cell_text(h) for h in records[header_row - 1])
    rows: list[tuple[int, tuple[Any, ...]]] = []
    for i, record in enumerate(records[header_row:], start=header_row + 1):
        cells = tuple(record) + (None,) * (len(headers) - len(record))
        if any(_cell_text(c) for c in cells):
            rows.append((i, cells[:max(len(headers), len(record))]))
    return Table(name, sheet, headers, tuple(rows))


def read_table(path: Path, *, sheet: str | None = None, header_row: int = 1) -> Table:
    """Read a CSV or XLSX file into a `Table`.

    Raises:
        IngestError: the file is missing, unreadable or not a spreadsheet.
        ConfigError: the sheet named does not exist.
    """
    try:
        data = path.read_bytes()
    except OSError as exc:
        raise IngestError(str(path), f"the file cannot be read ({exc.strerror or exc})") from exc
    if data.startswith(b"PK\x03\x04"):
        return _read_xlsx(data, path.name, sheet, header_row)
    if path.suffix.lower() in {".xlsx", ".xlsm"}:
        raise IngestError(str(path), "this is not an .xlsx workbook (old .xls files: re-save as .xlsx or CSV)")
    return _read_csv(data, path.name, header_row)


def build_row_source(table: Table, row_number: int, cells: Sequence[Any]) -> tuple[str, dict[str, tuple[int, int]]]:
    """The text a row is stored as, and the span of each filled cell's value in it (by header).

    The first line names the file, sheet and row, so the source says where it came from.
    """
    where = f"{table.source}, sheet {table.sheet}, row {row_number}" if table.sheet else f"{table.source}, row {row_number}"
    parts = [where, "\n"]
    offset = len(where) + 1
    spans: dict[str, tuple[int, int]] = {}
    for i, header in enumerate(table.headers):
        value = _cell_text(cells[i]) if i < len(cells) else ""
        if not value:
            continue
        label = header or f"Column {i + 1}"
        prefix = f"{label}: "
        start = offset + len(prefix)
        spans.setdefault(header, (start, start + len(value)))
        line = prefix + value + "\n"
        parts.append(line)
        offset += len(line)
    return "".join(parts), spans


def row_extraction(text: str, table: Table, cells: Sequence[Any], spans: Mapping[str, tuple[int, int]],
                   mapping: ColumnMapping, *, row_number: int) -> tuple[dict[str, Any], list[str]]:
    """The FORMAT.md records one row supports, and warnings about cells that could not be used."""
    index = {h: i for i, h in enumerate(table.headers)}
    warnings_: list[str] = []

    def cell(fld: str) -> tuple[Any, str, list[int] | None]:
        header = mapping.columns.get(fld)
        if header is None or header not in index:
            return None, "", None
        raw = cells[index[header]] if index[header] < len(cells) else None
        value = _cell_text(raw)
        span = spans.get(header)
        return raw, value, list(span) if value and span else None

    entities: list[dict[str, Any]] = []
    relations: list[dict[str, Any]] = []
    events: list[dict[str, Any]] = []
    _, name, name_span = cell("name")
    if not name or name_span is None:
        return {"entities": [], "relations": [], "events": [], "amounts": []}, [f"row {row_number}: no name; skipped"]
    person: dict[str, Any] = {"id": "p1", "kind": "person", "name": name, "aliases": [], "attributes": {},
                              "mentions": [name_span], "confidence": 1.0}
    _, aliases, alias_span = cell("aliases")
    if aliases and alias_span:
        person["aliases"] = [a.strip() for a in aliases.split(mapping.separator) if a.strip()]
        person["mentions"].append(alias_span)
    attributes = person["attributes"]
    _, age, _ = cell("age")
    if age:
        try:
            attributes["age"] = int(float(age))
        except ValueError:
            warnings_.append(f"row {row_number}: age {age!r} is not a number; kept in the text")
    _, birth, _ = cell("birth_year")
    if birth:
        year = normalize_date(birth, order=mapping.date_order)
        if year:
            attributes["birth_year"] = int(year[:4])
    _, gender, _ = cell("gender")
    if gender:
        attributes["gender"] = mapping.gender(gender)
    for fld in ("ethnicity", "citizenship"):
        _, value, _ = cell(fld)
        if value:
            attributes[fld] = value
    for fld, key in (("phone", "phone"), ("email", "email"), ("id_number", "id_number")):
        _, value, _ = cell(fld)
        if value:
            attributes[key] = value
    entities.append(person)

    def place(fld: str, local_id: str) -> str | None:
        _, value, span = cell(fld)
        if not value or span is None:
            return None
        entities.append({"id": local_id, "kind": "place", "name": value, "aliases": [], "mentions": [span],
                         "confidence": 1.0})
        return local_id

    if place("home_place", "l2"):
        attributes["home_place"] = "l2"
    _, event_raw, event_span = cell("event_type")
    if event_raw and event_span:
        event_type = mapping.event_type(event_raw)
        if event_type is None:
            warnings_.append(f"row {row_number}: event type {event_raw!r} is not known; map it under "
                             "[values.event_type] (the row is kept, without the event)")
        else:
            evidence = [event_span]
            dates: dict[str, str | None] = {}
            for fld, key in (("date", "start"), ("end", "end")):
                raw, text_value, span = cell(fld)
                if not text_value:
                    dates[key] = None
                    continue
                dates[key] = normalize_date(raw, order=mapping.date_order)
                if dates[key] is None:
                    warnings_.append(f"row {row_number}: {fld} {text_value!r} is not a date aigak can read; "
                                     "kept in the text")
                elif span is not None:
                    evidence.append(span)
            agents: list[str] = []
            _, agent, agent_span = cell("agent")
            if agent and agent_span:
                entities.append({"id": "o1", "kind": "organization", "name": agent, "aliases": [],
                                 "mentions": [agent_span], "confidence": 1.0})
                agents.append("o1")
            events.append({"id": "e1", "type": event_type, "subjects": ["p1"], "agents": agents,
                           "place": place("place", "l1"), "start": dates["start"], "end": dates["end"],
                           "amount": None, "evidence": evidence, "confidence": 1.0})
    _, relative, relative_span = cell("relative")
    if relative and relative_span:
        _, relation_raw, relation_span = cell("relation")
        kin: dict[str, Any] = {"id": "p2", "kind": "person", "name": relative, "aliases": [], "attributes": {},
                               "mentions": [relative_span], "confidence": 1.0}
        if relation_raw:
            kin["description"] = relation_raw
        _, relative_age, _ = cell("relative_age")
        if relative_age:
            try:
                kin["attributes"]["age"] = int(float(relative_age))
            except ValueError:
                warnings_.append(f"row {row_number}: relative's age {relative_age!r} is not a number")
        entities.append(kin)
        relations.append({"type": mapping.relation(relation_raw) if relation_raw else "relative",
                          "from": "p1", "to": "p2", "evidence": [relation_span or relative_span],
                          "confidence": 1.0})
    return {"entities": entities, "relations": relations, "events": events, "amounts": []}, warnings_


def _guess_mapping(path: Path, table: Table, header_row: int) -> ColumnMapping:
    """The mapping guessed from the headers; when the sheet read has no name column and the workbook has
    other sheets, the error lists them and says which one to pass with --sheet.

    Raises:
        ConfigError: no column of the sheet looks like a name.
    """
    try:
        return guess_mapping(table.headers)
    except ConfigError as exc:
        others = [s for s in table.sheets if s != table.sheet]
        if not others:
            raise
        fitting = []
        for name in others:
            try:
                guess_mapping(read_table(path, sheet=name, header_row=header_row).headers)
            except (ConfigError, IngestError):
                continue
            fitting.append(name)
        hint = (f"Sheet {fitting[0]!r} has a name column: pass --sheet {_shell_word(fitting[0])}"
                if fitting else "Pass the sheet that holds the data with --sheet NAME")
        first = " (the first)" if table.sheets and table.sheet == table.sheets[0] else ""
        raise ConfigError(f"{path.name}: sheet {table.sheet!r}{first} has no column that looks like a name "
                          f"(headers: {', '.join(repr(h) for h in table.headers)}). The workbook's sheets: "
                          f"{', '.join(repr(s) for s in table.sheets)}. {hint}, or write a mapping file "
                          "and pass it with --map.") from exc


def _shell_word(text: str) -> str:
    import shlex

    return shlex.quote(text)


def _unknown_relation(table: Table, cells: Sequence[Any], mapping: ColumnMapping) -> str | None:
    """The relation word of a row that names a relative, when aigak does not know it."""
    values = []
    for fld in ("relative", "relation"):
        header = mapping.columns.get(fld)
        index = table.headers.index(header) if header in table.headers else None
        values.append(_cell_text(cells[index]) if index is not None and index < len(cells) else "")
    relative, word = values
    if relative and word and mapping.known_relation(word) is None:
        return word.strip()
    return None


def import_spreadsheet(store: Store, path: Path, *, mapping: ColumnMapping | None = None,
                       sheet: str | None = None, confirm: bool | None = None, actor: str = "cli") -> ImportReport:
    """Import every row of a CSV or XLSX sheet as a grounded source with its facts.

    Args:
        store: where to import.
        path: the spreadsheet.
        mapping: which column holds what (default: guessed from the headers).
        sheet: the XLSX sheet, overriding the mapping's.
        confirm: mark the facts confirmed by `actor`, overriding the mapping's option.
        actor: who imports, for the audit trail (and the reviewer, when confirming).

    Raises:
        ConfigError: the mapping names a column the sheet does not have, or no name column is found.
        IngestError: the file cannot be read.
    """
    table = read_table(path, sheet=sheet or (mapping.sheet if mapping else None),
                       header_row=mapping.header_row if mapping else 1)
    mapping = mapping or _guess_mapping(path, table, 1)
    if confirm is not None:
        mapping = dataclasses.replace(mapping, confirm=confirm)
    missing = sorted(h for h in mapping.columns.values() if h not in table.headers)
    if missing:
        raise ConfigError(f"{path.name}: the mapping names column(s) {', '.join(repr(m) for m in missing)} that the "
                          f"sheet does not have. Its headers: {', '.join(repr(h) for h in table.headers)}.")
    report = ImportReport(source=str(path), kind="spreadsheet")
    backend = {"name": IMPORT_BACKEND, "source": table.source, "sheet": table.sheet, "mapping": mapping.as_dict()}
    unknown_kin: dict[str, list[int]] = {}
    for row_number, cells in table.rows:
        report.rows += 1
        word = _unknown_relation(table, cells, mapping)
        if word is not None:
            unknown_kin.setdefault(word.casefold(), []).append(row_number)
        text, spans = build_row_source(table, row_number, cells)
        result, row_warnings = row_extraction(text, table, cells, spans, mapping, row_number=row_number)
        report.warnings.extend(row_warnings)
        if not result["entities"]:
            continue
        document, created = ingest_bytes(store, text.encode("utf-8"), f"{table.source}.row-{row_number}.txt",
                                         actor=actor)
        report.document_ids.append(document.id)
        if document.text != text:
            report.warnings.append(f"row {row_number}: the stored text differs from the row; no facts saved")
            continue
        with store.transaction() as conn:
            if not created:
                report.existing += 1
            else:
                report.created += 1
            if has_extraction(conn, document.id, IMPORT_BACKEND):
                continue
            ids = save_extraction(conn, document.id, {"backend": {**backend, "row": row_number}, **result},
                                  text=document.text)
            if mapping.confirm:
                for fact_id in ids:
                    review_fact(conn, fact_id, ReviewStatus.CONFIRMED, reviewer=actor)
            report.facts += len(ids)
            resolve_document(conn, document.id, actor=actor)
            append_audit(conn, actor=actor, action="import", target=f"document:{document.id}",
                         after={"format": "spreadsheet", "source": table.source, "sheet": table.sheet,
                                "row": row_number, "facts": len(ids), "confirmed": mapping.confirm})
    for word, rows in unknown_kin.items():  # one line per word, not per row
        report.warnings.append(
            f"relation {word!r} (row{'s' if len(rows) > 1 else ''} {', '.join(map(str, rows))}) is not a kinship "
            f"aigak knows; saved as 'relative'. Map it under [values.relation] in a mapping file "
            f"(one of {', '.join(RELATION_TYPES)}).")
    return report
