"""The `serve` command: the web application on this machine (127.0.0.1 unless told otherwise)."""

from __future__ import annotations

from typing import Annotated

import typer

from aigak.cli.app import app
from aigak.cli.common import console, err_console, store_of

__all__ = ["serve"]


@app.command()
def serve(
    ctx: typer.Context,
    host: Annotated[str, typer.Option(help="Address to listen on. The default only accepts this machine; "
                                           "anything else exposes the app to the network.")] = "127.0.0.1",
    port: Annotated[int, typer.Option(help="Port to listen on.", min=1, max=65535)] = 8000,
    public: Annotated[bool, typer.Option("--public", help="Let anonymous visitors read published case "
                                                          "files, redacted (the public role).")] = False,
    ssl_certfile: Annotated[str | None, typer.Option(help="TLS certificate (PEM) to serve HTTPS directly.")] = None,
    ssl_keyfile: Annotated[str | None, typer.Option(help="TLS private key (PEM) for --ssl-certfile.")] = None,
) -> None:
    """Run the web application: sources, review, people, search, statistics and the JSON API.

    Every page needs a login unless --public is given; create the first admin with
    `aigak user add NAME --role admin`.
    """
    from aigak.store.users import count_users
    from aigak.web.app import create_app
    from aigak.web.server import is_loopback
    from aigak.web.server import serve as run

    store = store_of(ctx)
    with store.read() as conn:
        accounts = count_users(conn)
    if accounts == 0:
        err_console.print("No accounts yet: create the first admin with "
                          "`aigak user add NAME --role admin`." + ("" if public else " Until then nobody can sign in."))
    if not is_loopback(host):
        err_console.print(f"[yellow]warning[/yellow]: listening on {host} makes aigak reachable from the network; "
                          "put it behind HTTPS (a reverse proxy or --ssl-certfile).")
    scheme = "https" if ssl_certfile else "http"
    shown = f"[{host}]" if ":" in host else host
    console.print(f"aigak is serving {store.url} at {scheme}://{shown}:{port}/"
                  + (" (public: anonymous visitors see redacted case files)" if public else "")
                  + " — press Ctrl-C to stop.")
    run(create_app(store, public=public), host=host, port=port, ssl_certfile=ssl_certfile, ssl_keyfile=ssl_keyfile)
