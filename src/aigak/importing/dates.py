"""Spreadsheet dates to ISO 8601 at the precision written: `2018`, `2018-04`, `2018-04-12`.

Cells hold real dates (XLSX), years as numbers, `12.04.2018`, `04/12/2018` (read by the mapping's
`date_order`), `2018-04`, `April 2018` or `апрель 2018`. Nothing is invented: "April 2018" stays
`2018-04`. A value that cannot be read returns None and the caller reports it.
"""

from __future__ import annotations

import re
from datetime import date, datetime

__all__ = ["normalize_date"]

_MONTHS: dict[str, int] = {}
for _number, _names in enumerate((
        ("january", "jan", "январь", "января", "қаңтар"), ("february", "feb", "февраль", "февраля", "ақпан"),
        ("march", "mar", "март", "марта", "наурыз"), ("april", "apr", "апрель", "апреля", "сәуір"),
        ("may", "май", "мая", "мамыр"), ("june", "jun", "июнь", "июня", "маусым"),
        ("july", "jul", "июль", "июля", "шілде"), ("august", "aug", "август", "августа", "тамыз"),
        ("september", "sep", "sept", "сентябрь", "сентября", "қыркүйек"),
        ("october", "oct", "октябрь", "октября", "қазан"), ("november", "nov", "ноябрь", "ноября", "қараша"),
        ("december", "dec", "декабрь", "декабря", "желтоқсан")), start=1):
    for _name in _names:
        _MONTHS[_name] = _number

_ISO = re.compile(r"^(\d{4})(?:-(\d{1,2})(?:-(\d{1,2}))?)?$")
_NUMERIC = re.compile(r"^(\d{1,4})[./-](\d{1,2})[./-](\d{1,4})$")
_MONTH_YEAR_NUMERIC = re.compile(r"^(\d{1,2})[./-](\d{4})$")
_WORDS = re.compile(r"^(?:(\d{1,2})\s+)?([^\d\s.,]+)\.?,?\s+(?:(\d{1,2}),?\s+)?(\d{4})(?:\s*(?:г\.?|ж\.?|year))?$")


def _iso(year: int, month: int | None = None, day: int | None = None) -> str | None:
    try:
        if day is not None and month is not None:
            return date(year, month, day).isoformat()
        if month is not None:
            date(year, month, 1)
            return f"{year:04d}-{month:02d}"
        return f"{year:04d}" if 1000 <= year <= 2999 else None
    except ValueError:
        return None


def normalize_date(value: object, *, order: str = "DMY") -> str | None:
    """An ISO date at the precision the cell gives, or None when it cannot be read.

    Args:
        value: the cell (a `datetime`, `date`, number or string).
        order: how `03/04/2018` reads: `DMY`, `MDY` or `YMD`.
    """
    if value is None or value == "":
        return None
    if isinstance(value, datetime):
        return value.date().isoformat()
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, (int, float)) and not isinstance(value, bool):
        return _iso(int(value)) if float(value).is_integer() else None
    text = str(value).strip()
    if m := _ISO.match(text):
        return _iso(int(m.group(1)), int(m.group(2)) if m.group(2) else None, int(m.group(3)) if m.group(3) else None)
    if m := _NUMERIC.match(text):
        a, b, c = (int(g) for g in m.groups())
        if len(m.group(1)) == 4 or order == "YMD":
            return _iso(a, b, c)
        day, month = (b, a) if order == "MDY" else (a, b)
        return _iso(c, month, day)
    if m := _MONTH_YEAR_NUMERIC.match(text):
        return _iso(int(m.group(2)), int(m.group(1)))
    if m := _WORDS.match(text.casefold()):
        named_month = _MONTHS.get(m.group(2))
        named_day = m.group(1) or m.group(3)
        if named_month is not None:
            return _iso(int(m.group(4)), named_month, int(named_day) if named_day else None)
    return None
