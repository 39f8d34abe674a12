"""The `user` commands: add, list, role, disable, enable and reset accounts (the first admin is made here)."""

from __future__ import annotations

import getpass
import json
import sys
from typing import Annotated

import typer
from rich.markup import escape
from rich.table import Table

from aigak.cli.app import app
from aigak.cli.common import console, store_of
from aigak.core.errors import ConfigError
from aigak.core.roles import Role
from aigak.store.audit import append_audit
from aigak.store.users import create_user, get_user, list_users, set_password, set_role, set_user_active

__all__ = ["user_add", "user_disable", "user_enable", "user_list", "user_reset", "user_role"]

user_app = typer.Typer(help="Accounts of the web app: add, list, role, disable, enable, reset.", no_args_is_help=True)
app.add_typer(user_app, name="user")


def _actor() -> str:
    try:
        return f"cli:{getpass.getuser()}"
    except (KeyError, OSError):
        return "cli"


def _password(from_stdin: bool) -> str:
    """The new password: the first line of standard input, or typed twice at a hidden prompt."""
    if from_stdin:
        line = sys.stdin.readline().rstrip("\r\n")
        if not line:
            raise ConfigError("No password on standard input; pipe one line, e.g. `printf '%s\\n' \"$PW\" | ...`.")
        return line
    if not sys.stdin.isatty():
        raise ConfigError("Standard input is not a terminal: pass --password-stdin and pipe the password.")
    first = getpass.getpass("Password (10 characters or more): ")
    if getpass.getpass("Repeat it: ") != first:
        raise ConfigError("The two passwords differ; nothing was changed.")
    return first


_STDIN = typer.Option("--password-stdin", help="Read the password from the first line of standard input.")


@user_app.command("add")
def user_add(
    ctx: typer.Context,
    username: Annotated[str, typer.Argument(help="The account's name (1 to 80 characters).")],
    role: Annotated[Role, typer.Option(help="admin: users and settings; editor: ingest, review, merge; "
                                            "viewer: read; public: published case files, redacted.")] = Role.VIEWER,
    password_stdin: Annotated[bool, _STDIN] = False,
) -> None:
    """Create an account. There is no default password: it is typed at a prompt or piped in."""
    store = store_of(ctx)
    password = _password(password_stdin)
    with store.transaction() as conn:
        user = create_user(conn, username, password, role)
        append_audit(conn, actor=_actor(), action="user_add", target=f"user:{user.username}",
                     after={"role": user.role.value})
    console.print(f"Created {escape(user.username)} ({user.role.value}).")


@user_app.command("list")
def user_list(
    ctx: typer.Context,
    as_json: Annotated[bool, typer.Option("--json", help="Print JSON instead of a table.")] = False,
) -> None:
    """List accounts with their role and whether they are active."""
    with store_of(ctx).read() as conn:
        users = list_users(conn)
    if as_json:
        console.print_json(json.dumps([{"username": u.username, "role": u.role.value, "active": u.is_active,
                                        "created_at": u.created_at.isoformat()} for u in users]))
        return
    table = Table("user", "role", "status", "created", title=f"{len(users)} accounts")
    for u in users:
        table.add_row(escape(u.username), u.role.value, "active" if u.is_active else "disabled",
                      u.created_at.strftime("%Y-%m-%d"))
    console.print(table)


def _set_active(ctx: typer.Context, username: str, active: bool) -> None:
    with store_of(ctx).transaction() as conn:
        user = set_user_active(conn, username, active)
        append_audit(conn, actor=_actor(), action="user_enable" if active else "user_disable",
                     target=f"user:{user.username}", after={"is_active": active})
    console.print(f"{'Enabled' if active else 'Disabled'} {escape(user.username)}.")


@user_app.command("role")
def user_role(
    ctx: typer.Context,
    username: Annotated[str, typer.Argument(help="The account whose role to change.")],
    role: Annotated[Role, typer.Argument(help="The new role: admin, editor, viewer or public.")],
) -> None:
    """Give an account another role; its open sessions get the new rights at their next request."""
    with store_of(ctx).transaction() as conn:
        before = get_user(conn, username)
        assert before is not None
        user = set_role(conn, username, role)
        append_audit(conn, actor=_actor(), action="user_role", target=f"user:{user.username}",
                     before={"role": before.role.value}, after={"role": user.role.value})
    console.print(f"{escape(user.username)} is now {user.role.value} (was {before.role.value}).")


@user_app.command("disable")
def user_disable(ctx: typer.Context, username: Annotated[str, typer.Argument(help="The account to disable.")]) -> None:
    """Disable an account: it can no longer sign in, and its open sessions stop working at once."""
    _set_active(ctx, username, False)


@user_app.command("enable")
def user_enable(ctx: typer.Context, username: Annotated[str, typer.Argument(help="The account to enable.")]) -> None:
    """Enable a disabled account again."""
    _set_active(ctx, username, True)


@user_app.command("reset")
def user_reset(
    ctx: typer.Context,
    username: Annotated[str, typer.Argument(help="The account whose password to set.")],
    password_stdin: Annotated[bool, _STDIN] = False,
) -> None:
    """Set a new password, clear the account's failed-login count and end its open web sessions."""
    store = store_of(ctx)
    password = _password(password_stdin)
    with store.transaction() as conn:
        set_password(conn, username, password)
        append_audit(conn, actor=_actor(), action="user_reset", target=f"user:{username}")
    console.print(f"New password set for {escape(username)}.")
