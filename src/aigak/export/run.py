"""`aigak export`: select rows, redact when asked, write one format and its manifest, and audit it."""

from __future__ import annotations

import dataclasses
from dataclasses import dataclass, field
from pathlib import Path

from sqlalchemy import Connection

from aigak.core.errors import ConfigError
from aigak.core.models import ReviewStatus
from aigak.export.bundle import Bundle, build_bundle
from aigak.export.casefiles import next_dates, registry_people, registry_roots
from aigak.export.csv_export import write_csv
from aigak.export.ics import write_ics
from aigak.export.json_export import registry_decisions, write_json
from aigak.export.manifest import write_manifest
from aigak.export.popolo import write_popolo
from aigak.export.selection import ExportQuery, Selection, select_rows
from aigak.store.audit import append_audit
from aigak.store.documents import get_source_bytes
from aigak.store.engine import Store

__all__ = ["EXPORT_FORMATS", "REDACTED_STATUSES", "ExportResult", "default_statuses", "export_store", "prepare_out_dir"]

EXPORT_FORMATS = ("json", "csv", "popolo", "ics")
REDACTED_STATUSES = (ReviewStatus.CONFIRMED, ReviewStatus.EDITED)
"""What a redacted export carries unless `--status` says otherwise: reviewed facts, as the public web shows."""


@dataclass(frozen=True, slots=True)
class ExportResult:
    """What an export wrote.

    Attributes:
        out_dir: the export folder.
        files: the data files written (the manifest not included).
        manifest: the manifest's path.
        counts: rows of each kind written.
        redacted: whether the sensitivity rules were applied.
        redactions: values replaced, by kind.
        unreviewed_left_out: facts not yet reviewed that a redacted export left out by default.
    """

    out_dir: Path
    files: tuple[Path, ...]
    manifest: Path
    counts: dict[str, int]
    redacted: bool
    redactions: dict[str, int] = field(default_factory=dict)
    unreviewed_left_out: int = 0


def prepare_out_dir(out_dir: Path) -> Path:
    """Create the export folder; an existing one must be empty, so the manifest lists everything in it.

    Raises:
        ConfigError: the folder exists and is not empty, or is a file.
    """
    if out_dir.exists() and not out_dir.is_dir():
        raise ConfigError(f"{out_dir} is a file; give -o a folder for the export.")
    if out_dir.is_dir() and any(out_dir.iterdir()):
        raise ConfigError(f"{out_dir} is not empty; export into a new or empty folder so its manifest "
                          "covers every file in it.")
    out_dir.mkdir(parents=True, exist_ok=True)
    return out_dir


def _counts(bundle: Bundle) -> dict[str, int]:
    counts: dict[str, int] = {"documents": len(bundle.documents), "facts": len(bundle.facts),
                              "persons": len(bundle.persons)}
    for fact in bundle.facts:
        key = {"entity": "entities", "relation": "relations", "event": "events", "amount": "amounts"}[fact["kind"]]
        counts[key] = counts.get(key, 0) + 1
    return counts


def default_statuses(fmt: str, *, redact: bool) -> tuple[ReviewStatus, ...]:
    """The review statuses an export carries when `--status` is not given.

    A redacted export is the one shared outside the team: reviewed facts only (confirmed or
    edited), as the public web shows them, never a proposal nobody has checked (a street read as a
    person). The full JSON export is the whole record, rejected facts and who rejected them included,
    so that `aigak import` reproduces the rejections. The other formats carry every fact but the
    rejected ones.
    """
    if redact:
        return REDACTED_STATUSES
    if fmt == "json":
        return tuple(ReviewStatus)
    return tuple(s for s in ReviewStatus if s is not ReviewStatus.REJECTED)


def export_store(store: Store, fmt: str, out_dir: Path, *, query: ExportQuery | None = None,
                 redact: bool = False, actor: str = "cli") -> ExportResult:
    """Export the rows `query` selects in one format, with `manifest.json`, and record it in the audit trail.

    Args:
        store: the store to read.
        fmt: `json`, `csv`, `popolo` or `ics`.
        out_dir: a new or empty folder.
        query: the selection (default statuses: `default_statuses`).
        redact: apply the sensitivity rules (placeholders; no source text or bytes). Redaction learns
            who and what to hide from every fact but the rejected ones, whatever the query keeps.
        actor: who exports, for the audit trail.

    Raises:
        ConfigError: unknown format, non-empty folder, or `--person` matching nobody.
    """
    if fmt not in EXPORT_FORMATS:
        raise ConfigError(f"No export format {fmt!r}. Available: {', '.join(EXPORT_FORMATS)}.")
    query = query or ExportQuery()
    if not query.statuses:
        query = dataclasses.replace(query, statuses=default_statuses(fmt, redact=redact))
    left_out = 0
    with store.read() as conn:
        selection = select_rows(conn, query)
        persons, person_of = registry_people(conn, selection)
        decisions = registry_decisions(conn, persons) if fmt == "json" and not redact else None
        context, context_person_of = None, None
        if redact:
            context = _redaction_context(conn, query, selection)
            context_person_of = registry_roots(conn, context)
            if query.statuses == REDACTED_STATUSES:
                left_out = _unreviewed(conn, query, context)
        bundle = build_bundle(selection, redact=redact, persons=persons, person_of=person_of, decisions=decisions,
                              context=context, context_person_of=context_person_of)
        prepare_out_dir(out_dir)
        if fmt == "json":
            files = write_json(bundle, out_dir, source_bytes=lambda sha: get_source_bytes(conn, sha))
        elif fmt == "csv":
            files = write_csv(bundle, out_dir)
        elif fmt == "popolo":
            files = write_popolo(bundle, out_dir)
        else:
            named = [int(p["id"]) for p in persons if p.get("is_named")]
            dates = next_dates(conn, named, redact=redact)
            files = write_ics(bundle, out_dir, extra=bundle.scrub(dates))
    counts = _counts(bundle)
    manifest = write_manifest(out_dir, files, fmt=fmt, query=bundle.query, redacted=redact, counts=counts,
                              redactions=bundle.redactions)
    with store.transaction() as conn:
        append_audit(conn, actor=actor, action="export", target=f"export:{fmt}",
                     after={"format": fmt, "files": sorted(p.relative_to(out_dir).as_posix() for p in files),
                            "redacted": redact, "query": bundle.query, "counts": counts})
    return ExportResult(out_dir, tuple(files), manifest, counts, redact, bundle.redactions, left_out)


def _redaction_context(conn: Connection, query: ExportQuery, selection: Selection) -> Selection:
    """Every fact but the rejected ones, of every source: what redaction learns from (the selection
    itself when it already is that)."""
    everything = ExportQuery()
    if (query.person is None and query.since is None
            and set(everything.effective_statuses) <= set(query.effective_statuses)):
        return selection
    return select_rows(conn, everything)


def _unreviewed(conn: Connection, query: ExportQuery, context: Selection) -> int:
    """How many facts the query would have carried, had it asked for unreviewed ones too."""
    if query.person is None and query.since is None:
        return sum(1 for f in context.facts if f.status is ReviewStatus.PROPOSED)
    return len(select_rows(conn, dataclasses.replace(query, statuses=(ReviewStatus.PROPOSED,))).facts)
