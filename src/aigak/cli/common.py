"""What every command shares: the store from `--db`, the console, and small printing helpers."""

from __future__ import annotations

from dataclasses import dataclass

import typer
from rich.console import Console
from rich.markup import escape

from aigak.store.engine import Store, open_store
from aigak.store.search import HIGHLIGHT_END, HIGHLIGHT_START

__all__ = ["CliState", "cli_actor", "console", "err_console", "highlight_markup", "key_of", "store_of"]

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
