"""Commands that keep the store safe: backup and restore."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from aigak.cli.app import app
from aigak.cli.common import CliState, console, key_of, store_of
from aigak.store.backup import create_backup, restore_backup
from aigak.store.engine import resolve_url

__all__ = ["backup", "restore"]


@app.command()
def backup(
    ctx: typer.Context,
    file: Annotated[Path, typer.Argument(help="The backup file to write (a tar archive).")],
) -> None:
    """Write a consistent snapshot of the live database (pg_dump for PostgreSQL) and every stored source."""
    store = store_of(ctx)
    summary = create_backup(store, file, key=key_of(ctx))
    console.print(f"Backup written to {file}: {summary.documents} documents, {summary.sources} sources, "
                  f"{summary.audit_records} audit records.")


@app.command()
def restore(
    ctx: typer.Context,
    file: Annotated[Path, typer.Argument(help="A backup written by `aigak backup`.")],
    force: Annotated[bool, typer.Option(help="Replace a database that already holds data.")] = False,
) -> None:
    """Verify a backup (every hash, every source, the audit chain) and only then restore it."""
    state = ctx.find_root().obj
    url = resolve_url(state.db if isinstance(state, CliState) else None)
    summary = restore_backup(file, url, key=key_of(ctx), force=force)
    console.print(f"Verified and restored {summary.documents} documents, {summary.sources} sources and "
                  f"{summary.audit_records} audit records from {file} (made {summary.created_at}).")
