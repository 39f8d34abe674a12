"""What every command shares: the store from `--db`, the console, and small printing helpers."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from typing import Any

import typer
from rich.console import Console
from rich.markup import escape
from rich.progress import (
    BarColumn,
    MofNCompleteColumn,
    Progress,
    TextColumn,
    TimeElapsedColumn,
    TimeRemainingColumn,
)

from aigak.store.engine import Store, open_store
from aigak.store.search import HIGHLIGHT_END, HIGHLIGHT_START

__all__ = ["CliState", "bulk_progress", "cli_actor", "console", "err_console", "highlight_markup", "key_of",
           "resumable", "store_of"]

console = Console(highlight=False, soft_wrap=False)
err_console = Console(stderr=True, highlight=False)


@dataclass(slots=True)
class CliState:
    """Options given before the command (`aigak --db URL ingest ...`)."""

    db: str | None = None
    key: str | None = None
    store: Store | None = None


def store_of(ctx: typer.Context) -> Store:
    """The store named by `--db` / `AIGAK_DATABASE_URL`, opened (and migrated) once per run."""
    state = ctx.find_root().obj
    if not isinstance(state, CliState):
        state = CliState()
        ctx.find_root().obj = state
    if state.store is None:
        state.store = open_store(state.db, key=state.key)
    return state.store


def highlight_markup(snippet: str) -> str:
    """A search snippet as rich markup: the text escaped, then the match markers made bold."""
    return escape(snippet).replace(HIGHLIGHT_START, "[bold yellow]").replace(HIGHLIGHT_END, "[/bold yellow]")


def key_of(ctx: typer.Context) -> str | None:
    """The encryption passphrase given with --ask-key, else AIGAK_DB_KEY (never stored)."""
    from aigak.core.settings import get_setting

    state = ctx.find_root().obj
    return get_setting("db_key", state.key if isinstance(state, CliState) else None)


def cli_actor() -> str:
    """Who is acting from the terminal, for the audit trail: `cli:<os user>`."""
    import getpass

    try:
        return f"cli:{getpass.getuser()}"
    except (KeyError, OSError):
        return "cli"


@contextmanager
def resumable() -> Iterator[None]:
    """Bulk work a Ctrl-C may stop: it ends the command with one line (exit code 130), not a traceback.

    Each document is saved in its own transaction, so the user needs to know only that nothing saved
    is lost and how to go on.
    """
    try:
        yield
    except KeyboardInterrupt:
        err_console.print("interrupted: what was saved stays saved; run the same command again to go on.")
        raise typer.Exit(130) from None


@contextmanager
def bulk_progress(label: str) -> Iterator[Callable[[Any], None]]:
    """A progress bar for bulk work (documents, facts, errors, rate, time left), `resumable`.

    Yields the callback to hand to the bulk operation; it reads `total`, `done`, `facts`, `errors`
    and `rate` from the progress record it is given (`BulkProgress`, `BatchProgress`).
    """
    columns = (TextColumn(label), BarColumn(), MofNCompleteColumn(), TextColumn("docs"),
               TextColumn("{task.fields[facts]} facts, {task.fields[errors]} errors"),
               TextColumn("{task.fields[rate]:.1f} docs/s"), TimeElapsedColumn(), TextColumn("left"),
               TimeRemainingColumn())
    with resumable(), Progress(*columns, console=err_console, transient=False) as bar:
        task = bar.add_task(label, total=None, facts=0, errors=0, rate=0.0)

        def step(p: Any) -> None:
            bar.update(task, total=p.total, completed=p.done, facts=p.facts, errors=p.errors, rate=p.rate)

        yield step
