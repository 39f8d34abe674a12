"""The `extract` command: facts from a file or a stored document, or from every pending document."""

from __future__ import annotations

import json
import sys
from pathlib import Path
from typing import Annotated, Any

import typer
from rich.markup import escape
from rich.table import Table

from aigak.cli.app import app
from aigak.cli.common import bulk_progress, console, err_console, store_of
from aigak.cli.documents import ANY_LANGUAGE_HELP
from aigak.core.errors import ConfigError, IngestError
from aigak.extract.backend import get_backend
from aigak.ingest.pipeline import ingest_bytes, max_file_bytes
from aigak.operations.bulk import extract_pending
from aigak.operations.extraction import extract_stored_document, resolve_backend_name
from aigak.store.engine import Store

__all__ = ["extract"]


def _print_table(result: dict[str, Any], text: str) -> None:
    names = {e.get("id"): e.get("name") or e.get("description") or e.get("id") for e in result.get("entities", [])}
    doc = result.get("document", {})
    console.print(f"[bold]written[/bold] {doc.get('reference_date')}   [bold]body[/bold] {doc.get('body')}   "
                  f"[bold]backend[/bold] {(result.get('backend') or {}).get('name')}")
    ents = Table("id", "kind", "name", "attributes", "mentions", title="Entities")
    for e in result.get("entities", []):
        attrs = ", ".join(f"{k}={v}" for k, v in (e.get("attributes") or {}).items())
        ents.add_row(str(e.get("id")), str(e.get("kind")), escape(str(names[e.get("id")])), escape(attrs),
                     str(len(e.get("mentions") or [])))
    console.print(ents)
    rels = Table("from", "type", "to", "evidence", title="Relations")
    for r in result.get("relations", []):
        ev = r.get("evidence") or [[0, 0]]
        rels.add_row(escape(str(names.get(r.get("from")))), str(r.get("type")), escape(str(names.get(r.get("to")))),
                     escape(text[ev[0][0]:ev[0][1]][:70]))
    console.print(rels)
    evs = Table("type", "subjects", "start", "end", "place", "evidence", title="Events")
    for ev in result.get("events", []):
        span = (ev.get("evidence") or [[0, 0]])[0]
        evs.add_row(str(ev.get("type")), escape(", ".join(str(names.get(s, s)) for s in ev.get("subjects", []))),
                    str(ev.get("start") or ""), str(ev.get("end") or ""), escape(str(names.get(ev.get("place")) or "")),
                    escape(text[span[0]:span[1]][:70]))
    console.print(evs)
    if result.get("amounts"):
        amounts = Table("value", "currency", "evidence", title="Amounts")
        for a in result["amounts"]:
            span = (a.get("evidence") or [[0, 0]])[0]
            amounts.add_row(f"{a.get('value'):,}", str(a.get("currency")), escape(text[span[0]:span[1]]))
        console.print(amounts)


def _extract_all(store: Store, backend: str, workers: int, any_language: bool, replace: bool = False) -> None:
    """`extract --all`: every pending document, with a progress bar; exit 1 when any document failed.

    With `replace`, also every document an earlier version of the backend extracted (after an upgrade).
    A document in another language is reported, not counted as an error: running again changes nothing.
    """
    if workers < 1:
        raise ConfigError(f"--workers must be 1 or more, not {workers}.")
    version = str(get_backend(backend).describe().get("version")) if replace else None
    with bulk_progress("extract") as step:
        done = extract_pending(store, backend, workers=workers, on_progress=step, any_language=any_language,
                               outdated_than=version)
    for doc_id, message in done.failures:
        err_console.print(f"[red]failed[/red] document #{doc_id}: {escape(message)}")
    for _, message in done.refusals:
        err_console.print(f"[yellow]not extracted:[/yellow] {escape(message)}", soft_wrap=True)
    refused = (f", {done.refused} not extracted (not in a language {backend} reads; --any-language "
               "extracts them anyway)") if done.refused else ""
    console.print(f"{done.done} documents extracted, {done.facts} facts proposed, {done.errors} errors{refused} "
                  f"({done.rate:.1f} documents/s).")
    if done.errors:
        raise typer.Exit(1)


@app.command()
def extract(
    ctx: typer.Context,
    target: Annotated[str | None, typer.Argument(help="A file to ingest and extract, or a stored document id.")] = None,
    output_format: Annotated[str, typer.Option("--format", help="json (FORMAT.md) or table.")] = "table",
    backend: Annotated[str | None, typer.Option(help="Backend: rules.v1 (default), llm, ensemble.")] = None,
    all_pending: Annotated[bool, typer.Option("--all", help="Extract every stored document not yet done by this "
                                              "backend version (an interrupted run resumes).")] = False,
    workers: Annotated[int, typer.Option(help="Processes that run the backend for --all (at most one per core).")] = 1,
    replace: Annotated[bool, typer.Option(help="Run again on a document already extracted by this backend (with "
                                          "--all: every document an earlier version extracted); reviewed facts "
                                          "are kept.")] = False,
    any_language: Annotated[bool, typer.Option("--any-language", help=ANY_LANGUAGE_HELP)] = False,
) -> None:
    """Extract source-grounded facts (people, places, events, relations, amounts) as `proposed` facts.

    A file is ingested first (its bytes kept with their SHA-256); the facts are saved in the store
    and printed, as JSON in the format of FORMAT.md with --format json. rules.v1 reads English: a
    document in another language is stored but not extracted (exit code 1), unless --any-language.
    """
    store = store_of(ctx)
    if output_format not in {"json", "table"}:
        raise ConfigError(f"Unknown format {output_format!r}: use json or table.")
    name = resolve_backend_name(backend)
    if all_pending:
        _extract_all(store, name, workers, any_language, replace)
        return
    if target is None:
        raise ConfigError("Name a file or a document id, or pass --all.")
    if target.isdigit() and not Path(target).exists():
        doc_id = int(target)
    else:
        path = Path(target)
        if not path.is_file():
            raise IngestError(target, "no such file (or a stored document id)")
        data = path.read_bytes()
        if len(data) > max_file_bytes():
            raise IngestError(target, "over the size limit (raise it with AIGAK_MAX_FILE_MB)")
        document, _ = ingest_bytes(store, data, target)
        doc_id = document.id
    outcome = extract_stored_document(store, doc_id, backend=name, replace=replace, any_language=any_language)
    if outcome.refusal is not None:
        err_console.print(f"[yellow]not extracted:[/yellow] {escape(outcome.refusal)} (--any-language extracts "
                          "it anyway)", soft_wrap=True)
        raise typer.Exit(1)
    assert outcome.result is not None
    if output_format == "json":
        sys.stdout.write(json.dumps(outcome.result, ensure_ascii=False, indent=1) + "\n")
        return
    from aigak.store.documents import get_document

    with store.read() as conn:
        text = get_document(conn, doc_id).text
    _print_table(outcome.result, text)
    saved = "already extracted by this backend; nothing new saved" if outcome.skipped else \
        f"{len(outcome.fact_ids)} facts saved as proposed"
    console.print(f"Document #{doc_id}: {saved}.")
