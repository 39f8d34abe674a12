"""Which spreadsheet column holds what: a small TOML or JSON file, or a guess from the headers.

```toml
[columns]                 # field = "column header as written in the sheet"
name = "Full name"
age = "Age"
event_type = "What happened"
date = "When"
place = "Where"

[values.event_type]       # cell values to aigak's vocabulary (case-insensitive)
"taken to camp" = "detention"

[options]
sheet = "Victims"         # XLSX only; default: the first sheet
header_row = 1            # the row holding the headers (1-based)
date_order = "DMY"        # how 03/04/2018 reads: DMY, MDY or YMD
separator = ";"           # between several values in one cell (aliases)
confirm = false           # mark imported facts confirmed by the importing user
```
"""

from __future__ import annotations

import json
import re
import tomllib
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from aigak.core.errors import ConfigError
from aigak.core.models import EVENT_TYPES, RELATION_TYPES

__all__ = ["FIELDS", "ColumnMapping", "guess_mapping", "load_mapping", "parse_mapping"]

FIELDS: dict[str, str] = {
    "name": "the person's full name (required)",
    "aliases": "other names or spellings, separated by the separator",
    "age": "age in years, when recorded",
    "birth_year": "year of birth",
    "gender": "male or female (other values through [values.gender])",
    "ethnicity": "ethnicity (Kazakh, Uyghur, Kyrgyz, ...)",
    "citizenship": "citizenship (a country)",
    "home_place": "home village, town or address (sensitive: hidden when redacted)",
    "phone": "phone number (sensitive)",
    "email": "e-mail address (sensitive)",
    "id_number": "passport or ID number (sensitive)",
    "event_type": "what happened, one of the event types (or mapped through [values.event_type])",
    "date": "when it happened or began (ISO, DD.MM.YYYY, Month YYYY, or a spreadsheet date)",
    "end": "when it ended",
    "place": "where it happened",
    "agent": "who did it (an organization: police, a court, ...)",
    "relative": "a relative's name",
    "relation": "how the relative is related (son, mother, ... or a relation type)",
    "relative_age": "the relative's age",
    "case_id": "the documenter's own case number",
    "notes": "free text kept in the source, not extracted",
}
"""Every field a mapping may name, with what it means."""

_HEADER_GUESSES: dict[str, tuple[str, ...]] = {
    "name": ("name", "full name", "person", "victim", "фио", "имя", "аты-жөні", "аты жөні", "姓名"),
    "aliases": ("aliases", "other names", "also known as", "aka"),
    "age": ("age", "возраст", "жасы", "年龄"),
    "birth_year": ("birth year", "year of birth", "born", "год рождения", "туған жылы"),
    "gender": ("gender", "sex", "пол", "жынысы", "性别"),
    "ethnicity": ("ethnicity", "nationality (ethnic)", "национальность", "ұлты", "民族"),
    "citizenship": ("citizenship", "гражданство", "азаматтығы"),
    "home_place": ("home", "home place", "hometown", "village", "residence", "address"),
    "phone": ("phone", "telephone", "mobile", "телефон"),
    "email": ("email", "e-mail"),
    "id_number": ("passport", "passport number", "id number", "passport no"),
    "event_type": ("event", "event type", "what happened", "incident", "violation"),
    "date": ("date", "when", "start", "start date", "дата", "күні"),
    "end": ("end", "end date", "until", "released"),
    "place": ("place", "where", "location", "место", "орны"),
    "agent": ("agent", "perpetrator", "by whom", "authority"),
    "relative": ("relative", "relative name", "family member"),
    "relation": ("relation", "relationship", "kinship"),
    "relative_age": ("relative age", "relative's age"),
    "case_id": ("case", "case id", "case number", "case no", "id", "№"),
    "notes": ("notes", "comment", "comments", "details", "summary"),
}

_RELATION_WORDS: dict[str, str] = {
    "son": "child", "daughter": "child", "child": "child", "children": "child",
    "father": "parent", "mother": "parent", "parent": "parent", "parents": "parent",
    "brother": "sibling", "sister": "sibling", "sibling": "sibling",
    "husband": "spouse", "wife": "spouse", "spouse": "spouse",
    "сын": "child", "дочь": "child", "отец": "parent", "мать": "parent", "брат": "sibling",
    "сестра": "sibling", "муж": "spouse", "жена": "spouse",
}
_GENDER_WORDS = {"m": "male", "male": "male", "man": "male", "м": "male", "муж": "male", "ер": "male",
                 "f": "female", "female": "female", "woman": "female", "ж": "female", "жен": "female",
                 "әйел": "female"}
_DATE_ORDERS = ("DMY", "MDY", "YMD")


@dataclass(frozen=True, slots=True)
class ColumnMapping:
    """How to read one spreadsheet.

    Attributes:
        columns: field name to the column header that holds it.
        values: per field, cell values (case-folded) to aigak's vocabulary.
        sheet: the XLSX sheet to read (None: the first).
        header_row: the 1-based row holding the headers.
        date_order: how an ambiguous date such as 03/04/2018 reads.
        separator: between several values in one cell.
        confirm: mark imported facts confirmed by the importing user.
    """

    columns: Mapping[str, str]
    values: Mapping[str, Mapping[str, str]] = field(default_factory=dict)
    sheet: str | None = None
    header_row: int = 1
    date_order: str = "DMY"
    separator: str = ";"
    confirm: bool = False

    def as_dict(self) -> dict[str, Any]:
        """The mapping as stored with each imported row's extraction run."""
        return {"columns": dict(self.columns), "values": {k: dict(v) for k, v in self.values.items()},
                "sheet": self.sheet, "header_row": self.header_row, "date_order": self.date_order,
                "separator": self.separator}

    def event_type(self, raw: str) -> str | None:
        """The event type a cell names, through `[values.event_type]` first, or None."""
        key = raw.strip().casefold()
        mapped = self.values.get("event_type", {}).get(key)
        if mapped:
            return mapped
        candidate = re.sub(r"[\s-]+", "_", key)
        return candidate if candidate in EVENT_TYPES else None

    def relation(self, raw: str) -> str:
        """The relation type a cell names (`relative` when nothing more precise is known)."""
        return self.known_relation(raw) or "relative"

    def known_relation(self, raw: str) -> str | None:
        """The relation type a cell names, through `[values.relation]`, the built-in kinship words or
        the type's own name; None for a word aigak does not know ("племянник" without a mapping)."""
        key = raw.strip().casefold()
        mapped = self.values.get("relation", {}).get(key) or _RELATION_WORDS.get(key)
        if mapped:
            return mapped
        return key if key in RELATION_TYPES else None

    def gender(self, raw: str) -> str:
        """`male`/`female` for the usual spellings, else the value as written."""
        key = raw.strip().casefold()
        return self.values.get("gender", {}).get(key) or _GENDER_WORDS.get(key) or raw.strip()


def parse_mapping(data: Mapping[str, Any], *, origin: str = "mapping") -> ColumnMapping:
    """A mapping from its parsed TOML/JSON content.

    Raises:
        ConfigError: an unknown field, a missing name column, or a value outside the vocabulary.
    """
    columns = data.get("columns")
    if not isinstance(columns, Mapping) or not columns:
        raise ConfigError(f"{origin}: needs a [columns] table saying which column holds what "
                          f"(fields: {', '.join(FIELDS)}).")
    unknown = sorted(set(columns) - set(FIELDS))
    if unknown:
        raise ConfigError(f"{origin}: unknown field(s) {', '.join(unknown)} in [columns]. "
                          f"Known: {', '.join(FIELDS)}.")
    if "name" not in columns:
        raise ConfigError(f"{origin}: [columns] must say which column holds the name (name = \"...\").")
    values: dict[str, dict[str, str]] = {}
    for fld, table in (data.get("values") or {}).items():
        if fld not in FIELDS or not isinstance(table, Mapping):
            raise ConfigError(f"{origin}: [values.{fld}] is not a field's value table.")
        values[fld] = {str(k).strip().casefold(): str(v).strip() for k, v in table.items()}
    for raw, mapped in values.get("event_type", {}).items():
        if mapped not in EVENT_TYPES:
            raise ConfigError(f"{origin}: [values.event_type] maps {raw!r} to {mapped!r}, which is not an "
                              f"event type. Use one of: {', '.join(EVENT_TYPES)}.")
    for raw, mapped in values.get("relation", {}).items():
        if mapped not in RELATION_TYPES:
            raise ConfigError(f"{origin}: [values.relation] maps {raw!r} to {mapped!r}; use one of "
                              f"{', '.join(RELATION_TYPES)}.")
    options = data.get("options") or {}
    order = str(options.get("date_order", "DMY")).upper()
    if order not in _DATE_ORDERS:
        raise ConfigError(f"{origin}: date_order must be one of {', '.join(_DATE_ORDERS)}, not {order!r}.")
    try:
        header_row = int(options.get("header_row", 1))
    except (TypeError, ValueError):
        raise ConfigError(f"{origin}: header_row must be a row number.") from None
    if header_row < 1:
        raise ConfigError(f"{origin}: header_row counts from 1.")
    return ColumnMapping(
        columns={str(k): str(v) for k, v in columns.items()}, values=values,
        sheet=str(options["sheet"]) if options.get("sheet") else None, header_row=header_row,
        date_order=order, separator=str(options.get("separator", ";")) or ";",
        confirm=bool(options.get("confirm", False)),
    )


def load_mapping(path: Path) -> ColumnMapping:
    """Read a mapping file (`.toml` or `.json`).

    Raises:
        ConfigError: the file is missing, unreadable, or says something wrong.
    """
    try:
        raw = path.read_bytes()
    except OSError as exc:
        raise ConfigError(f"Cannot read the mapping file {path}: {exc.strerror or exc}.") from exc
    try:
        if path.suffix.lower() == ".json":
            data = json.loads(raw.decode("utf-8-sig"))
        else:
            data = tomllib.loads(raw.decode("utf-8-sig"))
    except (ValueError, UnicodeDecodeError) as exc:
        raise ConfigError(f"{path}: not valid {'JSON' if path.suffix.lower() == '.json' else 'TOML'}: {exc}") from exc
    if not isinstance(data, Mapping):
        raise ConfigError(f"{path}: the mapping must be a table (TOML) or an object (JSON).")
    return parse_mapping(data, origin=str(path))


def guess_mapping(headers: Sequence[str]) -> ColumnMapping:
    """A mapping guessed from the headers, for sheets whose columns are named plainly.

    Raises:
        ConfigError: no header looks like a name; the user must write a mapping file.
    """
    folded = {h.strip().casefold(): h for h in headers if h and h.strip()}
    columns: dict[str, str] = {}
    for fld, guesses in _HEADER_GUESSES.items():
        for guess in guesses:
            if guess in folded and folded[guess] not in columns.values():
                columns[fld] = folded[guess]
                break
    if "name" not in columns:
        raise ConfigError("No column looks like a name (headers: " + ", ".join(repr(h) for h in headers)
                          + "). Write a mapping file with a [columns] table and pass it with --map.")
    return ColumnMapping(columns=columns)
