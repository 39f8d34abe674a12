"""Commands for the store and its sources: init, ingest, docs, doc, search, verify."""

from __future__ import annotations

import json
import time
from typing import Annotated

import typer
from rich.markup import escape
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeRemainingColumn
from rich.table import Table

from aigak.cli.app import app
from aigak.cli.common import console, err_console, highlight_markup, resumable, store_of
from aigak.core.errors import BackendError
from aigak.ingest.pipeline import IngestOutcome, expand_paths, ingest_paths, max_file_bytes
from aigak.operations.extraction import extract_stored_document, resolve_backend_name
from aigak.operations.search import describe_added, search_sources
from aigak.store.documents import count_documents, get_document, list_documents
from aigak.store.engine import Store
from aigak.store.facts import has_extraction

__all__ = ["ANY_LANGUAGE_HELP", "doc", "docs", "ingest", "init", "search", "verify"]

PROGRESS_FROM_FILES = 4
ANY_LANGUAGE_HELP = ("Extract a document even when it is not in a language the backend reads (rules.v1: "
                     "English), for a text partly in English.")
"""Help text of --any-language, shared by `extract` and `ingest --extract`."""


def _never_extracted(store: Store, document_id: int, backend: str | None) -> bool:
    """A stored document with no run of the backend: its ingest died before extraction finished."""
    with store.read() as conn:
        return not has_extraction(conn, document_id, resolve_backend_name(backend))


@app.command()
def init(ctx: typer.Context) -> None:
    """Create the database (or bring an existing one to the newest schema)."""
    store = store_of(ctx)
    console.print(f"Store ready at {store.url} (schema {store.revision()}).")


@app.command()
def ingest(
    ctx: typer.Context,
    paths: Annotated[list[str], typer.Argument(help="Files or folders (recursively); '-' reads standard input.")],
    extract: Annotated[bool, typer.Option("--extract", help="Extract facts from each new document.")] = False,
    backend: Annotated[str | None, typer.Option(help="Extraction backend for --extract (default rules.v1).")] = None,
    max_mb: Annotated[float | None, typer.Option("--max-mb", help="Largest file accepted, in MiB (default 50).")] = None,
    workers: Annotated[int, typer.Option(help="Processes that read and decode files in parallel.")] = 1,
    any_language: Annotated[bool, typer.Option("--any-language", help=ANY_LANGUAGE_HELP)] = False,
) -> None:
    """Store sources unchanged with their SHA-256: text, Markdown, saved HTML pages, PDF, DOCX.

    A file that cannot be read, or (with --extract) that the extractor fails on, is reported on one
    line and the others go on; the exit code is 1 when any file failed. With --extract, a document in
    a language the backend does not read (rules.v1: English) is stored and reported on one line, not
    extracted, unless --any-language.
    """
    store = store_of(ctx)
    files = list(expand_paths(paths))
    extracted = 0
    not_extracted = 0
    refused = 0

    def report(outcome: IngestOutcome) -> None:
        nonlocal extracted, not_extracted, refused
        if outcome.error is not None:
            err_console.print(f"[red]failed[/red] {escape(outcome.path)}: {escape(outcome.error)}")
            return
        assert outcome.document is not None
        verb = "stored" if outcome.created else "already stored"
        line = f"{verb} #{outcome.document.id} {escape(outcome.path)} sha256:{outcome.document.sha256[:12]}"
        if extract and (outcome.created or _never_extracted(store, outcome.document.id, backend)):
            try:
                result = extract_stored_document(store, outcome.document.id, backend=backend,
                                                 any_language=any_language)
            except BackendError as exc:
                # The document stays stored; the next `ingest --extract` or `extract --all` tries it again.
                not_extracted += 1
                err_console.print(f"[red]not extracted[/red] {escape(outcome.path)} (stored as "
                                  f"#{outcome.document.id}): {escape(str(exc))}")
                return
            if result.refusal is not None:
                # Not a failure: the document is stored and searchable, and trying again changes nothing.
                refused += 1
                err_console.print(f"[yellow]not extracted:[/yellow] {escape(result.refusal)}", soft_wrap=True)
                line += " (not extracted)"
            else:
                extracted += len(result.fact_ids)
                line += f" ({len(result.fact_ids)} facts)"
        if len(files) < PROGRESS_FROM_FILES:
            console.print(line)

    limit = max_file_bytes(max_mb)
    with resumable():
        if len(files) >= PROGRESS_FROM_FILES:
            columns = (TextColumn("ingest"), BarColumn(), MofNCompleteColumn(), TextColumn("{task.fields[failed]} failed"),
                       TextColumn("{task.fields[rate]:.1f} docs/s"), TextColumn("left"), TimeRemainingColumn())
            started = time.monotonic()
            with Progress(*columns, console=err_console, transient=True) as progress:
                task = progress.add_task("ingest", total=len(files), failed=0, rate=0.0)
                failed = 0

                def step(outcome: IngestOutcome) -> None:
                    nonlocal failed
                    report(outcome)
                    failed += outcome.error is not None
                    done = progress.tasks[0].completed + 1
                    progress.update(task, advance=1, failed=failed,
                                    rate=done / max(time.monotonic() - started, 1e-6))

                result = ingest_paths(store, files, max_bytes=limit, workers=workers, on_outcome=step)
        else:
            result = ingest_paths(store, files, max_bytes=limit, workers=workers, on_outcome=report)
    summary = (f"{len(result.created)} new, {len(result.duplicates)} already stored, "
               f"{len(result.failed)} failed")
    if extract:
        summary += f", {extracted} facts proposed"
        if not_extracted:
            summary += f", {not_extracted} not extracted (run `aigak extract --all` to try them again)"
        if refused:
            summary += (f", {refused} not extracted as not in a language the backend reads (--any-language "
                        "extracts them anyway)")
    console.print(summary + ".")
    if result.failed or not_extracted:
        raise typer.Exit(1)


@app.command()
def docs(
    ctx: typer.Context,
    limit: Annotated[int, typer.Option(help="How many to list.")] = 50,
    as_json: Annotated[bool, typer.Option("--json", help="Print JSON instead of a table.")] = False,
) -> None:
    """List stored documents, newest first."""
    store = store_of(ctx)
    with store.read() as conn:
        rows = list_documents(conn, limit=limit)
        total = count_documents(conn)
    if as_json:
        console.print_json(json.dumps([{"id": d.id, "sha256": d.sha256, "filename": d.filename,
                                        "title": d.title, "media_type": d.media_type,
                                        "language": d.language, "published": d.published} for d in rows]))
        return
    table = Table("id", "title", "file", "type", "lang", "published", "sha256", title=f"{total} documents")
    for d in rows:
        table.add_row(str(d.id), escape(d.title or ""), escape(d.filename), d.media_type.split("/")[-1][:12],
                      d.language or "", d.published or "", d.sha256[:12])
    console.print(table)


@app.command()
def doc(
    ctx: typer.Context,
    document_id: Annotated[int, typer.Argument(help="The document's id (see `aigak docs`).")],
    as_json: Annotated[bool, typer.Option("--json", help="Print JSON instead of text.")] = False,
) -> None:
    """Show one document: its metadata and its body."""
    store = store_of(ctx)
    with store.read() as conn:
        d = get_document(conn, document_id)
    if as_json:
        console.print_json(json.dumps({
            "id": d.id, "sha256": d.sha256, "filename": d.filename, "title": d.title, "author": d.author,
            "published": d.published, "language": d.language, "media_type": d.media_type,
            "ingested_at": d.ingested_at.isoformat(), "size_bytes": d.size_bytes,
            "body": [d.body_start, d.body_end], "reference_date": d.reference_date, "text": d.text}))
        return
    meta = Table.grid(padding=(0, 2))
    for key, value in (("id", d.id), ("title", d.title), ("file", d.filename), ("type", d.media_type),
                       ("author", d.author), ("published", d.published), ("language", d.language),
                       ("written", d.reference_date), ("ingested", d.ingested_at.isoformat(timespec="seconds")),
                       ("bytes", d.size_bytes), ("sha256", d.sha256)):
        meta.add_row(f"[bold]{key}[/bold]", escape(str(value)) if value is not None else "")
    console.print(meta)
    console.print()
    console.print(escape(d.text[d.body_start:d.body_end]))


@app.command()
def search(
    ctx: typer.Context,
    query: Annotated[str, typer.Argument(help="Words to find (all must occur; the last may be a prefix).")],
    limit: Annotated[int, typer.Option(help="How many results.")] = 20,
    exact: Annotated[bool, typer.Option(
        "--exact", help="Only the words as typed: no other spellings or scripts of names.")] = False,
    as_json: Annotated[bool, typer.Option("--json", help="Print JSON instead of text.")] = False,
) -> None:
    """Full-text search over documents, best first, finding people under any spelling or script of their name.

    Each typed word is also searched as the other script writes it (Cyrillic or Latin), and a name the
    person registry knows also under that person's other spellings; the output says what was added
    and which document matched through it.
    """
    store = store_of(ctx)
    with store.read() as conn:
        found = search_sources(conn, query, limit=limit, exact=exact)
    if as_json:
        console.print_json(json.dumps({
            "query": found.query, "exact": found.exact,
            "added": [{"form": a.form, "stands_for": a.stands_for, "person_id": a.person_id,
                       "person_name": a.person_name} for a in found.added],
            "documents": [{"document_id": h.document_id, "title": h.title, "filename": h.filename,
                           "rank": h.rank, "snippet": h.snippet, "via": list(h.via)} for h in found.hits]}))
        return
    if found.added:
        console.print("Also searched, as other sources write these words ([bold]--exact[/bold] for the words "
                      "as typed only):")
        for line in describe_added(found.added):
            console.print("  " + escape(line))
    if not found.hits:
        console.print("No documents match.")
        return
    for h in found.hits:
        via = f"  [dim](via {escape(', '.join(h.via))})[/dim]" if h.via else ""
        console.print(f"[bold]#{h.document_id}[/bold] {escape(h.title or h.filename)}{via}")
        console.print("   " + highlight_markup(h.snippet.replace("\n", " ")))


@app.command()
def verify(
    ctx: typer.Context,
    head: Annotated[str | None, typer.Option(
        "--head", help="An audit head printed by an earlier verify (SEQ:SHA256): check that the trail still "
                       "holds that record unchanged, so nothing up to it was cut off.")] = None,
) -> None:
    """Re-hash and re-decode every stored source and check the audit trail; exit 1 on any mismatch.

    Each source's bytes must match their SHA-256 and decode to the stored text that facts point into;
    the audit chain must be intact, and every document and reviewed fact must have its record. The last line is the trail's head: keep it outside this computer (or in a backup) and pass it back
    with --head, because records cut off the end of a trail leave a shorter chain that is intact.
    """
    from aigak.operations.integrity import parse_head, verify_store

    store = store_of(ctx)
    report = verify_store(store, kept_head=parse_head(head) if head is not None else None)
    with store.read() as conn:
        total = count_documents(conn)
    for line in report.problems:
        err_console.print(f"[red]MISMATCH[/red] {escape(line)}")
    if not report.problems:
        console.print(f"OK: {total} sources match their SHA-256 and their stored text; the audit trail is intact "
                      "and accounts for every document and reviewed fact.")
    console.print("Checked:")
    for line in report.checked:
        console.print(f"  {escape(line)}")
    if report.problems:
        err_console.print(f"{len(report.problems)} problem(s) found.")
    if report.head is not None:
        console.print(f"Audit head (keep it; check it later with --head): {report.head}")
    if report.problems:
        raise typer.Exit(1)
