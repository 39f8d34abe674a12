"""The `stats` command: the statistics the web app and its API show, in the terminal or as JSON."""

from __future__ import annotations

import json
from typing import Annotated

import typer
from rich.markup import escape
from rich.table import Table

from aigak.cli.app import app
from aigak.cli.common import console, store_of
from aigak.core.errors import ConfigError
from aigak.operations.statistics import DIMENSIONS, collection_statistics

__all__ = ["stats"]

_FORMATS = ("text", "json")
_TITLES = {"year": "By the year the event began", "place": "By place", "type": "By event type"}


@app.command()
def stats(
    ctx: typer.Context,
    fmt: Annotated[str, typer.Option("--format", help="text (tables) or json (the shape of /api/stats, "
                                                       "without links).")] = "text",
) -> None:
    """Count events and the people they happened to, by year, place and type (rejected facts left out)."""
    fmt = fmt.lower()
    if fmt not in _FORMATS:
        raise ConfigError(f"Unknown format {fmt!r}. Use one of: {', '.join(_FORMATS)}.")
    with store_of(ctx).read() as conn:
        numbers = collection_statistics(conn)
    if fmt == "json":
        console.print_json(json.dumps({"totals": dict(numbers.totals), **{
            k: [{"label": r.label, "events": r.events, "people": r.people} for r in numbers.rows[k]]
            for k in DIMENSIONS}}))
        return
    t = numbers.totals
    console.print(f"{t['documents']} sources, {t['events']} events, {t['facts']} facts "
                  f"({t['proposed']} waiting for review).")
    console.print("Events that are not rejected, and the people they happened to (counted once per source "
                  "that names them).")
    for key in DIMENSIONS:
        console.print(f"\n[bold]{_TITLES[key]}[/bold]")
        table = Table(key, "events", "people")
        for r in numbers.rows[key]:
            table.add_row(escape(r.label), str(r.events), str(r.people))
        if not numbers.rows[key]:
            table.add_row("—", "0", "0")
        console.print(table)
