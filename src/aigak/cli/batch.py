"""`batch` (extract an archive on a Ray cluster) and `import-facts` (load its Parquet output into the store)."""

from __future__ import annotations

from typing import Annotated

import typer
from rich.markup import escape

from aigak.cli.app import app
from aigak.cli.common import CliState, bulk_progress, cli_actor, console, err_console, store_of
from aigak.core.errors import ConfigError
from aigak.scale.records import BatchProgress

__all__ = ["batch", "import_facts_command"]

SHOWN_FAILURES = 20


def _report(done: BatchProgress, what: str) -> None:
    for path, message in done.failures[:SHOWN_FAILURES]:
        err_console.print(f"[red]failed[/red] {escape(path)}: {escape(message)}")
    if done.errors > SHOWN_FAILURES:
        err_console.print(f"... and {done.errors - SHOWN_FAILURES} more failures.")
    console.print(f"{done.done} articles, {done.documents} {what}, {done.facts} facts, {done.skipped} already done, "
                  f"{done.errors} errors, {done.rate:.1f} articles/s.")
    if done.errors:
        raise typer.Exit(1)


@app.command()
def batch(
    ctx: typer.Context,
    source: Annotated[str, typer.Argument(help="A folder of documents, or a Parquet or JSONL dataset of articles "
                                                "(a `text` column; `title`, `author`, `published`, `filename` used "
                                                "when present).")],
    output: Annotated[str | None, typer.Option("--output", "-o", help="Write Parquet parts to this new folder "
                                                                      "(load them with `aigak import-facts`).")] = None,
    to_db: Annotated[str | None, typer.Option("--to-db", help="Write straight to this PostgreSQL database "
                                                              "(default: --db, when it is PostgreSQL).")] = None,
    address: Annotated[str | None, typer.Option(help="Ray cluster to run on (host:6379 or ray://host:10001); "
                                                     "default: start a local one for the run.")] = None,
    cpus: Annotated[int | None, typer.Option(help="CPUs of the local cluster (default: all).")] = None,
    backend: Annotated[str | None, typer.Option(help="Extraction backend (default rules.v1).")] = None,
    input_format: Annotated[str | None, typer.Option("--input-format",
                                                     help="files, parquet or jsonl (default: guessed).")] = None,
    max_mb: Annotated[float | None, typer.Option("--max-mb", help="Largest file accepted, in MiB (default 50).")] = None,
) -> None:
    """Extract a whole archive on a Ray cluster (the `scale` extra): to Parquet files or to PostgreSQL.

    Each article is read, extracted and stored exactly as `ingest` and `extract --all` would; writing
    to PostgreSQL skips articles already extracted by the backend version, so a stopped run resumes.
    """
    from aigak.ingest.pipeline import max_file_bytes
    from aigak.operations.extraction import resolve_backend_name
    from aigak.scale.ray_batch import run_batch
    from aigak.store.engine import resolve_url

    database_url = to_db
    if output is None and database_url is None:
        state = ctx.find_root().obj
        default = resolve_url(state.db if isinstance(state, CliState) else None)
        if not default.startswith("postgresql"):
            raise ConfigError("Give --output FOLDER for Parquet files, or --to-db URL for PostgreSQL "
                              "(the store is SQLite, which Ray workers cannot share).")
        database_url = default
    if cpus is not None and cpus < 1:
        raise ConfigError(f"--cpus must be 1 or more, not {cpus}.")
    with bulk_progress("batch") as step:
        done = run_batch(source, output=output, database_url=database_url, address=address, num_cpus=cpus,
                         backend=resolve_backend_name(backend), input_format=input_format,
                         max_bytes=max_file_bytes(max_mb), actor=cli_actor(), on_progress=step)
    _report(done, "documents written" if output is not None else "new documents")


@app.command("import-facts")
def import_facts_command(
    ctx: typer.Context,
    path: Annotated[str, typer.Argument(help="The folder `aigak batch --output` wrote (or one Parquet part).")],
) -> None:
    """Load documents and facts from `aigak batch` Parquet output into the store (SQLite or PostgreSQL).

    Documents already extracted by the same backend version are skipped, so it can be run again.
    """
    from aigak.scale.parquet import import_facts

    store = store_of(ctx)
    with bulk_progress("import") as step:
        done = import_facts(store, path, actor=cli_actor(), on_progress=step)
    _report(done, "new documents")
