"""Commands for people and their case files: people, person, timeline, same-person, not-same, review, resolve."""

from __future__ import annotations

import json
import sys
from collections.abc import Callable, Iterable, Mapping
from functools import partial
from typing import Annotated, Any

import typer
from rich.markup import escape
from rich.table import Table

from aigak.casefile import (
    case_file_to_dict,
    open_case_file,
    render_markdown,
    render_rich,
    render_timeline_markdown,
)
from aigak.casefile.model import CaseFile
from aigak.casefile.render import render_timeline_rich
from aigak.cli.app import app
from aigak.cli.common import cli_actor, console, err_console, store_of
from aigak.core.errors import ConfigError
from aigak.core.models import Fact, FactKind, ReviewStatus
from aigak.operations.review import EDITABLE_FIELDS, InvalidEdit, ReviewConflict, entity_label, proposed_facts
from aigak.operations.review import review as review_fact_audited
from aigak.resolve import (
    merge_persons,
    person_ids_of,
    resolve_all,
    resolve_person_ref,
    search_people,
    split_person,
)
from aigak.resolve.registry import separate_persons
from aigak.store.audit import audit_history
from aigak.store.documents import get_document
from aigak.store.engine import Store
from aigak.store.facts import list_facts
from aigak.store.persons import (
    get_person,
    list_persons,
    mentions_of_facts,
    root_of,
    unresolved_document_ids,
)

__all__ = ["not_same", "people", "person", "resolve", "review", "same_person", "timeline"]

_FORMATS = ("text", "json", "markdown")
_CONTEXT_CHARS = 120
_LISTED_IDS = 10


def _catch_up(store: Store) -> None:
    """Give facts extracted by bulk runs or imports their place in the registry before reading it."""
    with store.read() as conn:
        pending = unresolved_document_ids(conn)
    if pending:
        with store.transaction() as conn:
            resolve_all(conn, actor=cli_actor())


def _check_format(fmt: str) -> str:
    fmt = fmt.lower()
    if fmt not in _FORMATS:
        raise ConfigError(f"Unknown format {fmt!r}. Use one of: {', '.join(_FORMATS)}.")
    return fmt


@app.command()
def people(
    ctx: typer.Context,
    query: Annotated[str | None, typer.Option("--query", "-q", help="A name in any spelling or script.")] = None,
    limit: Annotated[int, typer.Option(help="How many to list.")] = 50,
    as_json: Annotated[bool, typer.Option("--json", help="Print JSON instead of a table.")] = False,
) -> None:
    """List the people the sources name, each once however their name is spelled."""
    store = store_of(ctx)
    _catch_up(store)
    with store.read() as conn:
        rows = search_people(conn, query, limit=limit) if query else list_persons(conn, limit=limit)
    if as_json:
        console.print_json(json.dumps([{"id": p.id, "name": p.name, "names": list(p.names),
                                        "mentions": p.mention_count, "document_ids": list(p.document_ids),
                                        "birth_year": p.birth_year, "is_named": p.is_named} for p in rows]))
        return
    if not rows:
        console.print("Nobody matches." if query else "No people yet: ingest sources with `aigak ingest --extract`.")
        return
    table = Table("id", "name", "also written", "born", "sources", title=f"{len(rows)} people")
    for p in rows:
        others = [n for n in p.names if n != p.name]
        table.add_row(str(p.id), escape(p.name), escape("; ".join(others[:4]) + (" …" if len(others) > 4 else "")),
                      "" if p.birth_year is None else f"~{p.birth_year}",
                      ", ".join(f"#{d}" for d in p.document_ids))
    console.print(table)


@app.command()
def person(
    ctx: typer.Context,
    ref: Annotated[str, typer.Argument(help="The person's id, or a name in any spelling.")],
    fmt: Annotated[str, typer.Option("--format", "-f", help="text, json or markdown.")] = "text",
) -> None:
    """Show a person's case file: identity, relatives, timeline, legal status, contradictions, sources."""
    _show(ctx, ref, fmt, as_json=case_file_to_dict, as_markdown=render_markdown, as_rich=render_rich)


@app.command()
def timeline(
    ctx: typer.Context,
    ref: Annotated[str, typer.Argument(help="The person's id, or a name in any spelling.")],
    fmt: Annotated[str, typer.Option("--format", "-f", help="text, json or markdown.")] = "text",
) -> None:
    """Show a person's events in date order, with precision, duration, place, sources and quotes."""
    _show(ctx, ref, fmt, as_json=lambda case_file: case_file_to_dict(case_file)["timeline"],
          as_markdown=render_timeline_markdown, as_rich=render_timeline_rich)


def _show(ctx: typer.Context, ref: str, fmt: str, *, as_json: Callable[[CaseFile], Any],
          as_markdown: Callable[[CaseFile], str], as_rich: Callable[[CaseFile], Any]) -> None:
    """Open the person's case file (audited) and print one view of it in the chosen format."""
    fmt = _check_format(fmt)
    store = store_of(ctx)
    _catch_up(store)
    case_file = open_case_file(store, ref, actor=cli_actor())
    if fmt == "json":
        console.print_json(json.dumps(as_json(case_file), ensure_ascii=False))
    elif fmt == "markdown":
        console.print(as_markdown(case_file), markup=False, highlight=False, soft_wrap=True)
    else:
        console.print(as_rich(case_file))


def _raw_id(conn: Any, ref: str) -> int:
    """A person id as given (a merged id stays itself, so a merge can be undone), or the one a name means."""
    text = ref.strip()
    text = text.removeprefix("person:")
    if text.isdigit():
        root_of(conn, int(text))
        return int(text)
    return resolve_person_ref(conn, text)


@app.command("same-person")
def same_person(
    ctx: typer.Context,
    a: Annotated[str, typer.Argument(help="One person: id or name.")],
    b: Annotated[str, typer.Argument(help="The other person: id or name.")],
) -> None:
    """Merge two people into one (recorded, and undone by `aigak not-same`)."""
    store = store_of(ctx)
    with store.transaction() as conn:
        ida, idb = resolve_person_ref(conn, a), resolve_person_ref(conn, b)
        given = (_as_given(conn, a), _as_given(conn, b))
        if ida == idb:
            console.print(f"#{ida} is already one person ({given[0]} and {given[1]}).")
            return
        survivor = merge_persons(conn, ida, idb, actor=cli_actor())
        name = escape(get_person(conn, survivor).display_name or "")
    console.print(f"Merged {given[0]} and {given[1]} into #{survivor}" + (f" {name}." if name else "."))


def _as_given(conn: Any, ref: str) -> str:
    """A person as the user named them: `#34`, or `#34 (part of #3)` once merged into another."""
    raw = _raw_id(conn, ref)
    root = root_of(conn, raw)
    return f"#{raw}" if raw == root else f"#{raw} (part of #{root})"


@app.command("not-same")
def not_same(
    ctx: typer.Context,
    a: Annotated[str, typer.Argument(help="One person (id or name), or `fact:ID` for one mention.")],
    b: Annotated[str, typer.Argument(help="The other person (id or name), or `fact:ID`.")],
) -> None:
    """Keep two people apart: undo the merge that joined them, or take a mention out (`fact:ID`)."""
    store = store_of(ctx)
    actor = cli_actor()
    with store.transaction() as conn:
        facts = [r for r in (a, b) if r.strip().startswith("fact:")]
        ids: list[int] = []
        for ref in (a, b):
            text = ref.strip()
            if text.startswith("fact:") and text[5:].isdigit():
                found = mentions_of_facts(conn, [int(text[5:])])
                if not found:
                    raise ConfigError(f"Fact {text[5:]} is not a person mention. See `aigak person ID --format json`.")
                ids.append(root_of(conn, found[0].person_id))
            else:
                ids.append(_raw_id(conn, text))
        if facts and root_of(conn, ids[0]) == root_of(conn, ids[1]):
            fact_ids = [int(r.strip()[5:]) for r in facts]
            new = split_person(conn, root_of(conn, ids[0]), fact_ids, actor=actor)
            console.print(f"Took {', '.join(facts)} out into #{new}; it is kept apart from #{root_of(conn, ids[0])}.")
            return
        done = separate_persons(conn, ids[0], ids[1], actor=actor)
        ra, rb = done.persons
        if done.taken_out is None:
            console.print(f"#{ra} and #{rb} are kept apart (they were not merged).")
            return
        others = sorted(person_ids_of(conn, done.left) - {done.left}) if done.left is not None else []
        listed = ", ".join(f"#{i}" for i in others[:_LISTED_IDS]) + (
            f" and {len(others) - _LISTED_IDS} more" if len(others) > _LISTED_IDS else "")
        still = f"; #{done.left} still includes {listed}" if others else ""
        mentions = f"{done.moved_mentions} mention{'s' if done.moved_mentions != 1 else ''}"
    console.print(f"Undid merge {done.undone_merge}: #{done.taken_out} left #{done.left} with its {mentions}"
                  f"{still}. #{ra} and #{rb} are kept apart.")


@app.command()
def resolve(ctx: typer.Context) -> None:
    """Give every person entity not yet in the registry its person (after bulk extraction or imports)."""
    store = store_of(ctx)
    with store.transaction() as conn:
        outcomes = resolve_all(conn, actor=cli_actor())
    created = sum(len(o.created) for o in outcomes)
    joined = sum(len(o.joined) for o in outcomes)
    console.print(f"{len(outcomes)} documents resolved: {created} mentions, {joined} joined to a known person.")


_ANSWERS = escape("[c]onfirm, [r]eject, [e]dit, [s]kip, [q]uit? ")
_HIDDEN_FIELDS = {"id", "evidence", "mentions", "confidence", "kind", "sensitive"}


def _names(store: Store, document_id: int) -> dict[str, str]:
    """The document's entities by local id, as a reviewer knows them (name, else description)."""
    with store.read() as conn:
        return {e.local_id: entity_label(e) for e in list_facts(conn, document_id=document_id, kind=FactKind.ENTITY)}


def _words(value: Any, names: Mapping[str, str]) -> str:
    """A field's value in words: entity ids as names, lists joined, nothing as a dash."""
    if value is None or value == "" or value == []:
        return "—"
    if isinstance(value, list):
        return ", ".join(_words(v, names) for v in value)
    if isinstance(value, dict):
        return ", ".join(f"{k} {_words(v, names)}" for k, v in value.items())
    return names.get(value, str(value)) if isinstance(value, str) else str(value)


def _describe(fact: Fact, names: Mapping[str, str]) -> str:
    d = fact.data
    if fact.kind is FactKind.ENTITY:
        line = f"{fact.type} {d.get('name') or d.get('description') or ''}".strip()
        if d.get("attributes"):
            line += f" · {_words(d['attributes'], {})}"
        if d.get("aliases"):
            line += f" · also {_words(d['aliases'], {})}"
        return line
    if fact.kind is FactKind.EVENT:
        when = d.get("start") or "undated"
        if d.get("end") and d.get("end") != d.get("start"):
            when += f" – {d.get('end')}"
        line = f"{fact.type} {when} · who: {_words(d.get('subjects'), names)} · where: {_words(d.get('place'), names)}"
        return line + (f" · by: {_words(d['agents'], names)}" if d.get("agents") else "")
    if fact.kind is FactKind.RELATION:
        return f"{_words(d.get('from'), names)} —{fact.type}→ {_words(d.get('to'), names)}"
    return f"{d.get('value')} {d.get('currency')}"


def _changes(before: Mapping[str, Any], after: Mapping[str, Any], names: Mapping[str, str]) -> str:
    """What an edit changed, field by field: "start 2021-11-09 → 2022-02-28; place Khorgos → Zharkent"."""
    keys = [k for k in dict.fromkeys([*before, *after]) if k not in _HIDDEN_FIELDS and before.get(k) != after.get(k)]
    return "; ".join(f"{k} {_words(before.get(k), names)} → {_words(after.get(k), names)}" for k in keys) or "no change"


def _history(store: Store, fact: Fact, names: Mapping[str, str]) -> list[str]:
    """The fact's earlier changes from the audit trail, oldest first, in words."""
    with store.read() as conn:
        records = list(reversed(audit_history(conn, f"fact:{fact.id}", limit=20)))
    lines = []
    for r in records:
        before = r.before if isinstance(r.before, dict) else {}
        after = r.after if isinstance(r.after, dict) else {}
        what = r.action.replace("_", " ")
        if r.action == "review":
            what = f"{before.get('status')} → {after.get('status')}"
            if isinstance(before.get("data"), dict) and isinstance(after.get("data"), dict):
                change = _changes(before["data"], after["data"], names)
                what += f" ({change})" if change != "no change" else ""
        elif before or after:
            what += f": {_words(before.get('sensitive'), {})} → {_words(after.get('sensitive'), {})}" \
                if r.action == "mark_sensitive" else ""
        lines.append(f"{r.at[:16].replace('T', ' ')} {r.actor}: {what}")
    return lines


def _ask(prompt: str) -> str | None:
    console.print(prompt, end="")
    line = sys.stdin.readline()
    return None if line == "" else line.strip()


def _edit(fact: Fact, names: Mapping[str, str]) -> dict[str, Any] | None:
    """Read `field=value` lines (a blank line ends; values are JSON when they parse) into a new record."""
    fields = EDITABLE_FIELDS[fact.kind]
    console.print(f"  Edit: one [bold]field=value[/bold] per line; a blank line ends. Fields: {', '.join(fields)}.")
    if fact.kind is FactKind.EVENT:
        console.print("  Dates as 2017, 2017-03 or 2017-03-14; people and places by name (or id), several "
                      "separated by commas; an empty value clears the field.")
        known = ", ".join(dict.fromkeys(names.values()))
        if known:
            console.print(f"  Named in this document: {escape(known)}")
    new = dict(fact.data)
    changed = False
    while True:
        line = _ask("  > ")
        if not line:
            break
        if "=" not in line:
            err_console.print("  Write field=value, or a blank line to finish.")
            continue
        key, raw = (s.strip() for s in line.split("=", 1))
        if key not in fields:
            err_console.print(f"  {escape(key)!s} cannot be edited here; fields: {', '.join(fields)}.")
            continue
        try:
            value: Any = json.loads(raw)
        except json.JSONDecodeError:
            value = raw
        new[key] = str(value) if key in ("start", "end", "name") and isinstance(value, int) else value
        changed = True
    return new if changed else None


def _walk(store: Store, facts: Iterable[Fact], actor: str) -> dict[str, int]:
    counts = {"confirmed": 0, "rejected": 0, "edited": 0, "skipped": 0}
    docs: dict[int, tuple[str, dict[str, str]]] = {}
    for fact in facts:
        if fact.document_id not in docs:
            with store.read() as conn:
                docs[fact.document_id] = (get_document(conn, fact.document_id).text, _names(store, fact.document_id))
        text, names = docs[fact.document_id]
        console.rule(f"fact {fact.id} · document #{fact.document_id} · {fact.kind.value}")
        console.print(escape(_describe(fact, names)))
        for span in fact.evidence[:2]:
            before = text[max(0, span.start - _CONTEXT_CHARS):span.start].split("\n")[-1]
            after = text[span.end:span.end + _CONTEXT_CHARS].split("\n")[0]
            console.print(f"  …{escape(before)}[bold yellow]{escape(text[span.start:span.end])}[/bold yellow]"
                          f"{escape(after)}…")
        if not fact.evidence:
            console.print("  [red](unaligned: no place in the source was found)[/red]")
        for line in _history(store, fact, names):
            console.print(f"  [dim]history[/dim] {escape(line)}")
        outcome = _decide(store, fact, names, actor)
        if outcome is None:
            break
        counts[outcome] += 1
    return counts


def _decide(store: Store, fact: Fact, names: Mapping[str, str], actor: str) -> str | None:
    """Ask until the fact is confirmed, rejected, edited or skipped; None to stop the review."""
    while True:
        answer = _ask(_ANSWERS)
        if answer is None or answer.lower().startswith("q"):
            return None
        choice = answer.lower()[:1]
        # The decision is made on the fact as shown: if someone changed it meanwhile, it is refused.
        decide = partial(review_fact_audited, store, fact.id, actor=actor, seen_status=fact.status,
                         seen_reviewed_at=fact.reviewed_at)
        try:
            if choice == "c":
                decide(ReviewStatus.CONFIRMED)
                return "confirmed"
            if choice == "r":
                decide(ReviewStatus.REJECTED)
                return "rejected"
        except ReviewConflict as exc:
            err_console.print(f"  [red]not saved:[/red] {escape(str(exc))}")
            return "skipped"
        if choice != "e":
            return "skipped"
        new = _edit(fact, names)
        if new is None:
            return "skipped"
        try:
            saved = decide(ReviewStatus.EDITED, data=new)
        except ReviewConflict as exc:
            err_console.print(f"  [red]not saved:[/red] {escape(str(exc))}")
            return "skipped"
        except InvalidEdit as exc:
            err_console.print(f"  [red]not saved:[/red] {escape(str(exc))} The fact is unchanged; answer again.")
            continue
        console.print(f"  saved as edited: {escape(_changes(fact.data, saved.data, names))}")
        return "edited"


@app.command()
def review(
    ctx: typer.Context,
    person_ref: Annotated[str | None, typer.Option("--person", "-p", help="Only facts about this person.")] = None,
    document: Annotated[int | None, typer.Option("--document", "-d", help="Only facts of this document.")] = None,
    limit: Annotated[int, typer.Option(help="At most this many facts.")] = 200,
) -> None:
    """Walk the proposed facts in the terminal: confirm, reject or edit each (every decision is audited).

    Answers are read from standard input, one per line, so a review can also be scripted.
    """
    store = store_of(ctx)
    _catch_up(store)
    with store.read() as conn:
        person = resolve_person_ref(conn, person_ref) if person_ref is not None else None
        selected = proposed_facts(conn, document_id=document, person_id=person)[:limit]
    if not selected:
        console.print("Nothing to review.")
        return
    console.print(f"{len(selected)} proposed facts to review.")
    counts = _walk(store, selected, cli_actor())
    console.print(", ".join(f"{v} {k}" for k, v in counts.items()) + ".")
