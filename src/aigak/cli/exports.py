"""Commands that move records out and in: export, dossier, import, and mark-sensitive."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer
from rich.markup import escape

from aigak.cli.app import app
from aigak.cli.common import cli_actor, console, err_console, store_of

__all__ = ["dossier", "export", "import_", "mark_sensitive_command"]


@app.command()
def export(
    ctx: typer.Context,
    out: Annotated[Path, typer.Option("-o", "--out", help="A new or empty folder to write the export into.")],
    fmt: Annotated[str, typer.Option("--format", "-f",
                                     help="json (everything, with the source files), csv (people, events, "
                                          "relations), popolo (persons, organizations, memberships) or ics "
                                          "(hearings and deadlines).")] = "json",
    redact: Annotated[bool, typer.Option("--redact", help="Apply the sensitivity rules: placeholders for minors, "
                                         "relatives at risk, home places, contacts and ID numbers; no source text; "
                                         "reviewed facts only unless --status says otherwise.")] = False,
    person: Annotated[str | None, typer.Option("--person", help="Only this person (name or registry id): "
                                               "their records, relations and events.")] = None,
    since: Annotated[str | None, typer.Option("--since", help="Only sources ingested on or after this date "
                                              "(2021, 2021-06 or 2021-06-14).")] = None,
    status: Annotated[list[str] | None, typer.Option("--status", help="Only facts with this review status "
                                                     "(repeatable: confirmed, edited, proposed, rejected). "
                                                     "Default: with --redact confirmed and edited (as the "
                                                     "public web); json every fact, rejected ones too (so "
                                                     "import reproduces the rejections); other formats all "
                                                     "but rejected.")] = None,
) -> None:
    """Export records with their provenance, and a manifest.json listing every file's SHA-256."""
    from aigak.export.run import export_store
    from aigak.export.selection import ExportQuery, parse_since, parse_statuses

    query = ExportQuery(person=person, since=parse_since(since), statuses=parse_statuses(status))
    result = export_store(store_of(ctx), fmt.lower(), out, query=query, redact=redact, actor=cli_actor())
    counts = result.counts
    console.print(f"Exported {counts.get('documents', 0)} sources, {counts.get('entities', 0)} entities, "
                  f"{counts.get('events', 0)} events, {counts.get('relations', 0)} relations as {fmt} "
                  f"to {escape(str(out))} ({len(result.files)} files + manifest.json)"
                  + (", redacted." if redact else "."))
    if result.unreviewed_left_out:
        console.print(f"{result.unreviewed_left_out} facts not yet reviewed were left out: a redacted export "
                      "carries reviewed facts (confirmed or edited), as the public web shows them. Add "
                      "--status confirmed --status edited --status proposed to include them.")


@app.command()
def dossier(
    ctx: typer.Context,
    person: Annotated[str, typer.Argument(help="The person: a registry id or a name.")],
    out: Annotated[Path, typer.Option("-o", "--out", help="The file to write (dossier.pdf, or .html with --html).")],
    as_html: Annotated[bool, typer.Option("--html", help="Write HTML instead of PDF.")] = False,
    redact: Annotated[bool, typer.Option("--redact", help="Apply the sensitivity rules (placeholders).")] = False,
) -> None:
    """Write a person's case dossier: identity, relatives, sourced chronology, legal status, sources annex."""
    from aigak.export.casefiles import dossier_for_person

    result = dossier_for_person(store_of(ctx), person, out, as_html=as_html, redact=redact, actor=cli_actor())
    console.print(f"Wrote {escape(str(result.path))} (sha256:{result.sha256[:12]}"
                  + (", redacted)." if redact else ")."))


@app.command("import")
def import_(
    ctx: typer.Context,
    source: Annotated[Path, typer.Argument(help="A spreadsheet (.csv, .xlsx) or an aigak JSON export "
                                           "(its folder or its aigak.json).")],
    mapping: Annotated[Path | None, typer.Option("--map", help="TOML or JSON file saying which column holds "
                                                 "what (default: guessed from the headers).")] = None,
    sheet: Annotated[str | None, typer.Option("--sheet", help="The XLSX sheet to read (default: the first, "
                                              "or the mapping's).")] = None,
    confirm: Annotated[bool, typer.Option("--confirm", help="Mark imported spreadsheet facts confirmed by you "
                                          "(the sheet was already checked).")] = False,
) -> None:
    """Import a spreadsheet of victims or cases (each row kept as a source) or an aigak JSON export."""
    from aigak.importing.aigak_json import import_aigak_export, is_aigak_export
    from aigak.importing.mapping import load_mapping
    from aigak.importing.spreadsheet import import_spreadsheet

    store = store_of(ctx)
    if is_aigak_export(source):
        report = import_aigak_export(store, source, actor=cli_actor())
    else:
        column_map = load_mapping(mapping) if mapping is not None else None
        report = import_spreadsheet(store, source, mapping=column_map, sheet=sheet, confirm=confirm or None,
                                    actor=cli_actor())
    for line in report.warnings:
        err_console.print(f"[yellow]warning[/yellow] {escape(line)}")
    console.print(report.summary())


@app.command("mark-sensitive")
def mark_sensitive_command(
    ctx: typer.Context,
    fact_id: Annotated[int, typer.Argument(help="The fact's id.")],
    field: Annotated[list[str] | None, typer.Option("--field", help="Only this field (repeatable), e.g. "
                                                    "attributes.phone or place.")] = None,
    public: Annotated[bool, typer.Option("--public", help="Mark it public: shown even where the default "
                                         "rules would hide it.")] = False,
    clear: Annotated[bool, typer.Option("--clear", help="Remove any mark; the default rules decide.")] = False,
) -> None:
    """Mark a fact sensitive (hidden from the public role and redacted exports), public, or neither."""
    from aigak.core.errors import ConfigError
    from aigak.security.redaction import mark_sensitive

    if sum([bool(field), public, clear]) > 1:
        raise ConfigError("Give at most one of --field, --public and --clear.")
    value: bool | list[str] | None = None if clear else (False if public else (list(field) if field else True))
    fact = mark_sensitive(store_of(ctx), fact_id, actor=cli_actor(), sensitive=value)
    console.print(f"fact {fact.id}: sensitive = {fact.data.get('sensitive', 'default rules')}")
