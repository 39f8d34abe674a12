"""The Typer application, the global `--db` option, and the single error exit point."""

from __future__ import annotations

import os
import sys
from typing import Annotated

import typer

from aigak.core.errors import AigakError

__all__ = ["app", "main"]

app = typer.Typer(
    name="aigak",
    help="aigak: turn testimonies and news reports into verified, source-grounded case files.",
    no_args_is_help=True,
    pretty_exceptions_enable=False,
    add_completion=False,
)


@app.callback()
def _root(
    ctx: typer.Context,
    db: Annotated[str | None, typer.Option(
        "--db", help="Database URL or SQLite file (default: AIGAK_DATABASE_URL, else ./aigak.db).")] = None,
    ask_key: Annotated[bool, typer.Option(
        "--ask-key", help="Ask for the passphrase of an encrypted database (else AIGAK_DB_KEY).")] = False,
) -> None:
    from aigak.cli.common import CliState

    key = typer.prompt("Database passphrase", hide_input=True) if ask_key else None
    ctx.obj = CliState(db=db, key=key)


def main() -> None:
    """Run the CLI; an AigakError becomes one line on stderr and exit code 1 (traceback with --debug)."""
    from aigak.cli import commands  # noqa: F401  (registers the commands)

    # Stores, backups, exports and dossiers hold testimonies and the names of people at risk: on a
    # shared server no other account may read them, whatever the user's umask.
    os.umask(os.umask(0o077) | 0o077)
    debug = "--debug" in sys.argv
    if debug:
        sys.argv.remove("--debug")
    try:
        app()
    except AigakError as exc:
        if debug:
            raise
        typer.echo(f"error: {exc}", err=True)
        sys.exit(1)
