"""The CLI reference for the README, generated from the commands themselves so it cannot drift.

    python -m aigak.cli.reference
"""

from __future__ import annotations

from typing import Any

import typer

from aigak.cli import commands  # noqa: F401  (registers the commands)
from aigak.cli.app import app

__all__ = ["cli_reference"]


def _options(command: Any) -> str:
    opts = []
    for param in command.params:
        if param.param_type_name == "option" and param.name != "help":
            opts.append(max(param.opts, key=len))
        elif param.param_type_name == "argument":
            opts.append(str(param.name).upper())
    return " ".join(f"`{o}`" for o in opts)


def cli_reference() -> str:
    """A Markdown table: every command, its arguments and options, and the first line of its help."""
    group: Any = typer.main.get_command(app)  # Typer's own (vendored) click group
    ctx = group.make_context("aigak", [], resilient_parsing=True)
    rows = ["| command | arguments and options | what it does |", "| --- | --- | --- |"]
    for name in sorted(group.list_commands(ctx)):
        command = group.get_command(ctx, name)
        assert command is not None
        summary = (command.help or "").strip().splitlines()[0]
        rows.append(f"| `aigak {name}` | {_options(command)} | {summary} |")
    return "\n".join(rows)


if __name__ == "__main__":
    print(cli_reference())
