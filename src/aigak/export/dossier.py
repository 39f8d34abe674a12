"""The case dossier: a printable, sourced account of one person for an asylum file (HTML, and PDF through WeasyPrint).

Identity, relatives, a numbered chronology in which every line cites its sources with the quote
and the source's SHA-256, legal status, contradictions, and an annex of the sources. Rendered from
a case-file dict (`aigak.casefile.case_file_to_dict`), so the web app, the CLI and the tests share
one template. The PDF uses system fonts only and fetches nothing: the HTML carries its CSS inline.
"""

from __future__ import annotations

import calendar
import hashlib
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from jinja2 import Environment, FileSystemLoader, select_autoescape

from aigak import __version__
from aigak.core.errors import ConfigError
from aigak.resolve.names import fold_token
from aigak.security.redaction import redact_case_file

__all__ = ["Dossier", "dossier_context", "format_date", "format_period", "render_dossier_html",
           "render_dossier_pdf", "write_dossier"]

_TEMPLATES = Path(__file__).with_name("templates")
_SHORT_HASH = 16
_RELATION_LABELS = {"parent": "Parent", "child": "Child", "sibling": "Sibling", "spouse": "Spouse",
                    "relative": "Relative", "associate": "Associate", "member": "Member of", "lawyer": "Lawyer"}
_STATUS_LABELS = {"confirmed": "confirmed", "edited": "corrected by reviewer", "proposed": "not yet reviewed",
                  "rejected": "rejected"}


def format_date(iso: str | None) -> str:
    """An ISO date as a reader writes it, at its own precision: `2013-03` is "March 2013"."""
    if not iso:
        return ""
    parts = str(iso).split("-")
    try:
        if len(parts) >= 3:
            return f"{int(parts[2][:2])} {calendar.month_name[int(parts[1])]} {parts[0]}"
        if len(parts) == 2:
            return f"{calendar.month_name[int(parts[1])]} {parts[0]}"
    except (ValueError, IndexError):
        return str(iso)
    return parts[0]


def format_period(start: str | None, end: str | None) -> str:
    """A date or a period: "March 2013 – November 2017", "6 October 2019", "date unknown"."""
    if start and end and end != start:
        return f"{format_date(start)} – {format_date(end)}"
    if start:
        return format_date(start)
    if end:
        return f"until {format_date(end)}"
    return "date unknown"


def _label(value: Any) -> str:
    text = str(value or "").replace("_", " ").strip()
    return text[:1].upper() + text[1:]


@dataclass(frozen=True, slots=True)
class _Citation:
    number: int
    quote: str
    sha256: str
    title: str

    @property
    def short_hash(self) -> str:
        return self.sha256[:_SHORT_HASH]


class _Sources:
    """Numbers the sources S1, S2, ... in the order of the case file's annex, adding any cited but not listed."""

    def __init__(self, sources: Sequence[Mapping[str, Any]]) -> None:
        self.rows: list[dict[str, Any]] = []
        self._by_key: dict[str, int] = {}
        for source in sources:
            self._add(source)

    def _key(self, ref: Mapping[str, Any]) -> str:
        return str(ref.get("sha256") or ref.get("document_id") or ref.get("title") or "")

    def _add(self, source: Mapping[str, Any]) -> int:
        key = self._key(source)
        if key in self._by_key:
            return self._by_key[key]
        number = len(self.rows) + 1
        self.rows.append({**source, "number": number})
        self._by_key[key] = number
        return number

    def cite(self, ref: Any) -> _Citation | None:
        if isinstance(ref, str):
            return _Citation(0, "", "", ref) if ref else None
        if not isinstance(ref, Mapping):
            return None
        number = self._add({k: ref.get(k) for k in ("document_id", "sha256", "title", "filename", "published",
                                                    "reference_date")})
        row = self.rows[number - 1]
        title = ref.get("title") or row.get("title") or row.get("filename") or ""
        return _Citation(number, str(ref.get("quote") or "").strip(), str(ref.get("sha256") or row.get("sha256") or ""),
                         str(title))

    def cite_all(self, refs: Any) -> list[_Citation]:
        if isinstance(refs, (Mapping, str)):
            refs = [refs]
        return [c for c in (self.cite(r) for r in refs or []) if c is not None]


def _is_other_script(name: Mapping[str, Any]) -> bool:
    script = str(name.get("script") or "").casefold()
    return bool(script) and script not in {"latin", "latn"}


def _age(person: Mapping[str, Any]) -> str:
    if person.get("age") is None:
        return ""
    as_of = person.get("age_as_of")
    return f"{person['age']} (as of {format_date(as_of)})" if as_of else f"{person['age']} (as stated in the sources)"


def _corroboration(value: Any) -> str:
    if value is None or value == "":
        return ""
    if isinstance(value, bool):
        return "corroborated" if value else "single source"
    if isinstance(value, (int, float)):
        return f"{int(value)} independent source{'s' if int(value) != 1 else ''}"
    if isinstance(value, Mapping):
        return ", ".join(f"{_label(k).lower()}: {v}" for k, v in value.items())
    return str(value)


def _describe_original(original: Any) -> str:
    """The automatic reading a reviewer corrected, in words: "start 14 June 2021, end not given"."""
    if not isinstance(original, Mapping):
        return str(original or "")
    parts = []
    for key, value in original.items():
        if key in {"id", "evidence", "mentions", "confidence", "subjects", "agents", "sensitive"}:
            continue
        if key in {"start", "end", "date"}:
            value = format_date(value) if value else None
        parts.append(f"{_label(key).lower()} {value if value not in (None, '') else 'not given'}")
    return ", ".join(parts)


_OUTCOME_LABELS = {"refused": "refused", "granted": "granted",
                   "reopened": "refusal annulled: the claim is open again"}


def _legal_items(items: Any, sources: _Sources) -> list[dict[str, Any]]:
    out: list[dict[str, Any]] = []
    for item in items or []:
        if isinstance(item, str):
            out.append({"when": "", "what": item, "detail": "", "citations": []})
            continue
        if not isinstance(item, Mapping):
            continue
        what = item.get("what") or item.get("description") or _label(item.get("type"))
        outcome = item.get("outcome")
        detail = item.get("status") or _OUTCOME_LABELS.get(str(outcome), outcome) or ""
        if item.get("what") and item.get("type"):
            detail = ", ".join(x for x in (_label(item.get("type")), str(detail or "")) if x)
        out.append({"when": format_period(item.get("start") or item.get("date"), item.get("end")),
                    "what": what, "detail": detail,
                    "citations": sources.cite_all(item.get("sources") or item.get("source"))})
    return out


def dossier_context(case: Mapping[str, Any], *, generated_at: datetime | None = None, redacted: bool = False,
                    ingested: Mapping[int, str] | None = None) -> dict[str, Any]:
    """Everything the template shows, worked out from a case-file dict (sources numbered, dates written out)."""
    when = generated_at or datetime.now(UTC)
    person = dict(case.get("person") or {})
    sources = _Sources(case.get("sources") or [])
    other_names = [n for n in person.get("names") or []
                   if isinstance(n, Mapping) and n.get("name") and n.get("name") != person.get("name")]
    identity = [(label, value) for label, value in (
        ("Name", person.get("name")),
        ("Other names", "; ".join(str(n["name"]) + (f" ({_label(n['script'])})" if _is_other_script(n) else "")
                                  for n in other_names)),
        ("Age", _age(person)),
        ("Year of birth", person.get("birth_year")), ("Gender", _label(person.get("gender"))),
        ("Ethnicity", person.get("ethnicity")), ("Citizenship", person.get("citizenship")),
        ("Home place", person.get("home_place")), ("Status", _label(person.get("status"))),
    ) if value not in (None, "")]
    relatives = [{
        "relation": _RELATION_LABELS.get(str(r.get("relation")), _label(r.get("relation"))),
        "name": r.get("name") or r.get("redacted") or (f"unnamed ({r['description']})" if r.get("description")
                                                         else "unnamed"),
        "description": r.get("description") if (r.get("name") or r.get("redacted")) else "",
        "age": r.get("age"), "status": r.get("status") or "",
        "whereabouts": {True: "In the country of persecution", False: "Outside it",
                        None: "Unknown"}[r.get("in_country_of_persecution")
                                         if isinstance(r.get("in_country_of_persecution"), bool) else None],
        "citations": sources.cite_all(r.get("sources")),
    } for r in case.get("relatives") or []]
    own_names = {person.get("name"), *(n.get("name") for n in person.get("names") or [] if isinstance(n, Mapping))}
    chronology = []
    for number, item in enumerate(case.get("timeline") or [], start=1):
        original = item.get("original")
        when_text = format_period(item.get("start"), item.get("end"))
        disputed = [format_date(d) for d in item.get("disputed_dates") or [] if d]
        if disputed:
            when_text += f" (disputed: other sources give {', '.join(disputed)})"
        chronology.append({
            "number": number, "when": when_text,
            "what": _label(item.get("type")), "place": item.get("place") or "",
            "duration": item.get("duration") or "",
            "with": ", ".join(str(x) for x in item.get("subjects") or [] if x not in own_names),
            "status": str(item.get("review_status") or "proposed"),
            "status_label": _STATUS_LABELS.get(str(item.get("review_status")), str(item.get("review_status") or "")),
            "corroboration": _corroboration(item.get("corroboration")),
            "original": _describe_original(original),
            "citations": sources.cite_all(item.get("sources")),
        })
    legal = case.get("legal_status") or {}
    next_dates = [{"when": format_date(d.get("date")), "what": d.get("what") or "",
                   "citations": sources.cite_all(d.get("source") or d.get("sources"))}
                  for d in legal.get("next_dates") or [] if isinstance(d, Mapping)]
    order_changes = [{"when": format_date(c.get("date")) if c.get("date") else "", "outcome": c.get("outcome") or "",
                      "quote": c.get("quote") or "", "citations": sources.cite_all(c.get("source"))}
                     for c in legal.get("order_changes") or [] if isinstance(c, Mapping)]
    appeals = [{"state": str(a.get("state") or ""),
                "when": format_date(a.get("date")) if a.get("date") else "",
                "as_of": format_date(a.get("as_of")) if a.get("as_of") else "",
                "quote": a.get("quote") or "", "citations": sources.cite_all(a.get("source"))}
               for a in legal.get("appeals") or [] if isinstance(a, Mapping)]
    legal_sections = [(title, _legal_items(legal.get(key), sources)) for key, title in (
        ("asylum", "Asylum"), ("proceedings", "Proceedings"), ("orders", "Orders"))]
    contradictions = []
    for c in case.get("contradictions") or []:
        sides = []
        for side in ("a", "b"):
            value = c.get(side) or {}
            citation = sources.cite(value.get("source")) if isinstance(value, Mapping) else None
            quote = value.get("quote") if isinstance(value, Mapping) else str(value)
            sides.append({"quote": quote or (citation.quote if citation else ""), "citation": citation})
        contradictions.append({"kind": _label(c.get("kind")), "description": c.get("description") or "",
                               "sides": sides})
    annex = []
    for row in sources.rows:
        document_id = row.get("document_id")
        written = row.get("reference_date")
        annex.append({**row, "ingested": (ingested or {}).get(int(document_id)) if document_id is not None else None,
                      "published": format_date(row.get("published") or written),
                      "published_note": "" if row.get("published") or not written
                      else "date of writing, read from the text"})
    name = str(person.get("name") or "Unnamed person")
    return {
        "name": name, "identity": identity, "relatives": relatives, "chronology": chronology,
        "legal_sections": legal_sections, "next_dates": next_dates, "order_changes": order_changes, "appeals": appeals,
        "flags": list(legal.get("flags") or []),
        "contradictions": contradictions, "sources": annex, "redacted": redacted,
        "generated": when.strftime("%Y-%m-%d %H:%M UTC"), "generated_date": when.strftime("%Y-%m-%d"),
        "version": __version__, "person_id": person.get("id"),
        "confirmed": sum(1 for c in chronology if c["status"] in ("confirmed", "edited")),
    }


def _environment() -> Environment:
    env = Environment(loader=FileSystemLoader(str(_TEMPLATES)), autoescape=select_autoescape(["html"]),
                      trim_blocks=True, lstrip_blocks=True)
    return env


def render_dossier_html(case: Mapping[str, Any], *, redact: bool = False, generated_at: datetime | None = None,
                        ingested: Mapping[int, str] | None = None) -> str:
    """The dossier as one self-contained HTML page (CSS inline, no external resources).

    Args:
        case: a case-file dict.
        redact: apply the sensitivity rules first (`redact_case_file`).
        generated_at: the generation time printed in the header (default: now).
        ingested: each source's ingestion date, by document id, for the annex.
    """
    data = redact_case_file(case, fold=fold_token) if redact else case
    context = dossier_context(data, generated_at=generated_at, redacted=redact, ingested=ingested)
    context["css"] = (_TEMPLATES / "dossier.css").read_text(encoding="utf-8")
    return _environment().get_template("dossier.html").render(**context)


def _no_fetch(url: str, *args: Any, **kwargs: Any) -> dict[str, Any]:
    raise ValueError(f"the dossier fetches nothing from outside (asked for {url[:80]})")


def render_dossier_pdf(html: str) -> bytes:
    """The dossier HTML typeset as PDF by WeasyPrint, with system fonts and no network or file access."""
    import logging

    from weasyprint import HTML

    logging.getLogger("weasyprint").setLevel(logging.ERROR)
    logging.getLogger("fontTools").setLevel(logging.ERROR)
    pdf = HTML(string=html, base_url=None, url_fetcher=_no_fetch).write_pdf()
    assert pdf is not None
    return bytes(pdf)


@dataclass(frozen=True, slots=True)
class Dossier:
    """A dossier written to disk.

    Attributes:
        path: the file.
        person_id: the registry id of the person it is about.
        sha256: the file's SHA-256 (also in the audit trail).
        redacted: whether the sensitivity rules were applied.
    """

    path: Path
    person_id: int | None
    sha256: str
    redacted: bool


def write_dossier(case: Mapping[str, Any], out: Path, *, as_html: bool = False, redact: bool = False,
                  ingested: Mapping[int, str] | None = None, generated_at: datetime | None = None) -> Dossier:
    """Render a case file to `out` as PDF (or HTML) and return where it went and its hash.

    Raises:
        ConfigError: `out` is a folder.
    """
    if out.is_dir():
        raise ConfigError(f"{out} is a folder; give -o a file name such as dossier.pdf.")
    html = render_dossier_html(case, redact=redact, ingested=ingested, generated_at=generated_at)
    data = html.encode("utf-8") if as_html else render_dossier_pdf(html)
    out.parent.mkdir(parents=True, exist_ok=True)
    out.write_bytes(data)
    person_id = (case.get("person") or {}).get("id")
    return Dossier(out, int(person_id) if person_id is not None else None, hashlib.sha256(data).hexdigest(), redact)
