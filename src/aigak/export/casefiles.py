"""The person registry and case files as exports use them: people with their mentions, dossiers, calendar dates."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from sqlalchemy import Connection

from aigak.core.errors import NotFound
from aigak.core.models import FactKind
from aigak.export.dossier import Dossier, write_dossier
from aigak.export.selection import Selection
from aigak.resolve import resolve_person_ref
from aigak.resolve.names import fold_token
from aigak.security.redaction import annotate_sensitivity, redact_case_file
from aigak.store.audit import append_audit
from aigak.store.documents import get_document
from aigak.store.engine import Store
from aigak.store.persons import get_person, mentions_of_facts, root_of

__all__ = ["case_file_dict", "dossier_for_person", "next_dates", "registry_people", "registry_roots"]


def registry_people(conn: Connection, selection: Selection) -> tuple[list[dict[str, Any]], dict[int, int]]:
    """The registry's people behind the selected person records, each with its mentions.

    Returns:
        The people (id, name, names, mentions with document hash, span and quote) and, for each
        person entity fact, the id of the person it belongs to.
    """
    facts = {f.id: f for f in selection.facts if f.kind is FactKind.ENTITY and f.type == "person"}
    documents = {d.id: d for d in selection.documents}
    grouped: dict[int, list[Any]] = defaultdict(list)
    person_of: dict[int, int] = {}
    for mention in mentions_of_facts(conn, facts):
        root = root_of(conn, mention.person_id)
        grouped[root].append(mention)
        person_of[mention.fact_id] = root
    people: list[dict[str, Any]] = []
    for person_id in sorted(grouped):
        record = get_person(conn, person_id)
        mentions = []
        for m in sorted(grouped[person_id], key=lambda m: (m.document_id, m.fact_id)):
            fact, doc = facts[m.fact_id], documents.get(m.document_id)
            text = doc.text if doc is not None else ""
            mentions.append({"fact_id": m.fact_id, "document_id": m.document_id,
                             "sha256": doc.sha256 if doc is not None else None, "name": m.name,
                             "assigned_by": m.assigned_by,
                             "spans": [s.as_list() for s in fact.evidence],
                             "quotes": [text[s.start:s.end] for s in fact.evidence]})
        people.append({"id": person_id, "name": record.display_name, "is_named": record.is_named,
                       "names": list(dict.fromkeys(m["name"] for m in mentions if m["name"])),
                       "mentions": mentions})
    return people, person_of


def registry_roots(conn: Connection, selection: Selection) -> dict[int, int]:
    """The registry person (the root of any merge) of each selected person entity fact."""
    facts = [f.id for f in selection.facts if f.kind is FactKind.ENTITY and f.type == "person"]
    roots: dict[int, int] = {}
    out: dict[int, int] = {}
    for mention in mentions_of_facts(conn, facts):
        if mention.person_id not in roots:
            roots[mention.person_id] = root_of(conn, mention.person_id)
        out[mention.fact_id] = roots[mention.person_id]
    return out


def case_file_dict(store: Store, person: str) -> tuple[dict[str, Any], dict[int, str]]:
    """A person's case file as a dict (reviewers' sensitivity marks carried over), and each source's
    ingestion date (for the dossier's annex).

    Raises:
        NotFound: nobody matches.
        ConfigError: several people match a name (the message lists them with their ids).
    """
    from aigak.casefile import build_case_file, case_file_to_dict

    with store.read() as conn:
        case = annotate_sensitivity(conn, case_file_to_dict(build_case_file(conn, resolve_person_ref(conn, person))))
        ingested: dict[int, str] = {}
        for source in case.get("sources") or []:
            document_id = source.get("document_id")
            if document_id is not None:
                ingested[int(document_id)] = get_document(conn, int(document_id)).ingested_at.date().isoformat()
    return case, ingested


def dossier_for_person(store: Store, person: str, out: Path, *, as_html: bool = False, redact: bool = False,
                       actor: str = "cli") -> Dossier:
    """Write a person's dossier (PDF, or HTML) and record the export, with the file's hash, in the audit trail.

    Raises:
        NotFound, ConfigError: the person cannot be found, or `out` is a folder.
    """
    case, ingested = case_file_dict(store, person)
    dossier = write_dossier(case, out, as_html=as_html, redact=redact, ingested=ingested)
    with store.transaction() as conn:
        append_audit(conn, actor=actor, action="export", target=f"person:{dossier.person_id}",
                     after={"format": "dossier-html" if as_html else "dossier-pdf", "files": [out.name],
                            "redacted": redact, "sha256": dossier.sha256})
    return dossier


def next_dates(conn: Connection, person_ids: Sequence[int], *, redact: bool = False) -> list[dict[str, Any]]:
    """Hearing dates and deadlines from these people's case files (`legal_status.next_dates`), for the calendar.

    Args:
        person_ids: whose case files to read.
        redact: read each case file as the sensitivity rules show it.
    """
    if not person_ids:
        return []
    from aigak.casefile import build_case_file, case_file_to_dict

    out: list[dict[str, Any]] = []
    for person_id in person_ids:
        try:
            case = annotate_sensitivity(conn, case_file_to_dict(build_case_file(conn, person_id)))
        except NotFound:
            continue
        if redact:
            case = redact_case_file(case, fold=fold_token)
        name = (case.get("person") or {}).get("name") or f"person {person_id}"
        for n, item in enumerate((case.get("legal_status") or {}).get("next_dates") or []):
            source = item.get("source")
            where = str(source or "")
            if isinstance(source, dict):
                where = (f"“{source.get('quote') or ''}”\nSource: {source.get('title') or ''} "
                         f"(sha256 {source.get('sha256')})")
            out.append({"uid": f"person-{person_id}-date-{n}-{item.get('date')}@aigak", "date": item.get("date"),
                        "what": f"{item.get('what') or 'Date'} — {name}", "source": where, "person": name})
    return out
