"""`make demo`: a fresh database, a fictional testimony and a follow-up ingested and extracted, the
main person's case file, and the web application serving it all.

    python -m aigak.demo [--examples DIR] [--no-serve] [--port 8000]
"""

from __future__ import annotations

import argparse
import secrets
from pathlib import Path

from rich.console import Console
from rich.markup import escape
from rich.rule import Rule
from rich.table import Table

from aigak.core.roles import Role
from aigak.ingest.pipeline import ingest_paths
from aigak.operations.extraction import extract_stored_document
from aigak.store.engine import Store, open_store
from aigak.store.users import create_user, get_user

__all__ = ["main"]

EXAMPLES = Path(__file__).resolve().parents[2] / "examples" / "demo"
DEMO_SOURCES = ("testimony.txt", "follow-up.html")
console = Console(highlight=False)


def _show_extraction(result: dict, text: str) -> None:  # type: ignore[type-arg]
    names = {e["id"]: e.get("name") or e.get("description") or e["id"] for e in result["entities"]}
    people = Table("name", "also called", "age", "gender", "ethnicity", "citizenship", title="People")
    for e in result["entities"]:
        if e["kind"] != "person":
            continue
        a = e.get("attributes") or {}
        people.add_row(escape(str(names[e["id"]])), escape(", ".join(e.get("aliases") or [])), str(a.get("age", "")),
                       str(a.get("gender", "")), str(a.get("ethnicity", "")), str(a.get("citizenship", "")))
    console.print(people)
    events = Table("start", "end", "event", "who", "where", "evidence", title="Events, in date order")
    for ev in sorted(result["events"], key=lambda e: (e.get("start") or "9999", e.get("end") or "")):
        span = (ev.get("evidence") or [[0, 0]])[0]
        events.add_row(ev.get("start") or "?", ev.get("end") or "", ev["type"].replace("_", " "),
                       escape(", ".join(str(names.get(s, s)) for s in ev.get("subjects", []))),
                       escape(str(names.get(ev.get("place")) or "")), escape(text[span[0]:span[1]][:60]))
    console.print(events)


def _demo_account(store: Store) -> tuple[str, str]:
    """A demo admin with a fresh random password, printed once (aigak has no default password)."""
    password = secrets.token_urlsafe(12)
    with store.transaction() as conn:
        if get_user(conn, "demo", missing_ok=True) is None:
            create_user(conn, "demo", password, Role.ADMIN)
    return "demo", password


def main(argv: list[str] | None = None) -> None:
    ap = argparse.ArgumentParser(description="Run the aigak demo on the database in AIGAK_DATABASE_URL.")
    ap.add_argument("--examples", type=Path, default=EXAMPLES, help="Folder holding the demo sources.")
    ap.add_argument("--no-serve", action="store_true", help="Stop before serving the web application.")
    ap.add_argument("--port", type=int, default=8000)
    args = ap.parse_args(argv)

    store = open_store()
    console.print(Rule("1. Ingest: the sources are stored unchanged, with their SHA-256"))
    report = ingest_paths(store, [str(args.examples / name) for name in DEMO_SOURCES], actor="demo")
    for outcome in report.outcomes:
        if outcome.error:
            raise SystemExit(f"demo source {outcome.path} could not be ingested: {outcome.error}")
        assert outcome.document is not None
        d = outcome.document
        console.print(f"#{d.id} {escape(d.filename)} ({d.media_type}, {d.language}) sha256:{d.sha256[:16]}…"
                      f" {escape(d.title or '')}")

    console.print(Rule("2. Extract: facts proposed for review, each tied to the characters behind it"))
    main_doc = report.outcomes[0].document
    assert main_doc is not None
    main_name = None
    for outcome in report.outcomes:
        assert outcome.document is not None
        result = extract_stored_document(store, outcome.document.id, actor="demo")
        console.print(f"#{outcome.document.id} {escape(outcome.document.filename)}: {len(result.fact_ids)} facts")
        if outcome.document.id == main_doc.id and result.result is not None:
            _show_extraction(result.result, main_doc.text)
            main_name = _main_person(result.result)

    assert main_name is not None
    _show_case_file(store, main_name)

    if args.no_serve:
        store.close()
        return
    user, password = _demo_account(store)
    console.print(Rule("4. The web application"))
    console.print(f"Sign in as [bold]{user}[/bold] with the password [bold]{password}[/bold] "
                  "(made for this demo only).")
    from aigak.web.app import create_app
    from aigak.web.server import serve

    console.print(f"Serving at http://127.0.0.1:{args.port}/ — press Ctrl-C to stop.")
    serve(create_app(store), host="127.0.0.1", port=args.port)


def _main_person(result: dict) -> str:  # type: ignore[type-arg]
    """The testimony's main person: the named person most events happened to."""
    people = [e for e in result["entities"] if e["kind"] == "person" and e.get("name")]
    events_of = {e["id"]: sum(e["id"] in ev.get("subjects", []) for ev in result["events"]) for e in people}
    return str(max(people, key=lambda e: (events_of[e["id"]], len(e.get("mentions") or [])))["name"])


def _show_case_file(store: Store, name: str) -> None:
    from aigak.casefile import open_case_file, render_rich

    console.print(Rule(f"3. The case file of {escape(name)}, merged across both sources"))
    console.print(render_rich(open_case_file(store, name, actor="demo")))


if __name__ == "__main__":
    main()
