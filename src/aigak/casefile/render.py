"""A case file as Markdown (for files and exports) and as rich text (for the terminal)."""

from __future__ import annotations

from collections.abc import Sequence

from rich.console import Group, RenderableType
from rich.markup import escape
from rich.panel import Panel
from rich.table import Table
from rich.text import Text

from aigak.casefile.model import CaseFile, SourceRef, TimelineItem

__all__ = ["render_markdown", "render_rich", "render_timeline_markdown", "render_timeline_rich", "when"]

_MARK = {"confirmed": "✔ confirmed", "edited": "✎ edited", "proposed": "proposed"}
_OUTCOME = {"refused": "refused", "granted": "granted", "reopened": "refusal annulled, claim open again"}


def _legal_line(item: TimelineItem) -> str:
    outcome = f" ({_OUTCOME.get(item.outcome, item.outcome)})" if item.outcome else ""
    return f"{when(item)} {item.type.replace('_', ' ')}{outcome}"


def _appeal_head(state: str, date: str | None, as_of: str | None) -> str:
    if state == "filed":
        return f"Appeal filed{' on ' + date if date else ''}"
    return f"Appeal {state}{' (as of ' + as_of + ')' if as_of else ''}"


def _dates(item: TimelineItem) -> str:
    if item.start and item.end and item.end != item.start:
        return f"{item.start} – {item.end}"
    return item.start or (f"until {item.end}" if item.end else "undated")


def _notes(item: TimelineItem, *, precision: bool) -> str:
    notes = [item.precision] if precision and item.precision else []
    if item.disputed_dates:
        notes.append(f"disputed: {', '.join(item.disputed_dates)}")
    return f" ({'; '.join(notes)})" if notes else ""


def when(item: TimelineItem) -> str:
    """The dates of an item as shown: `2013-03 – 2017-11`, `2019-10-06`, `undated`, and the dates other
    sources give for the same event: `2021-11-09 (disputed: 2021-11-19)`."""
    return _dates(item) + _notes(item, precision=False)


def _cite(ref: SourceRef) -> str:
    where = f"[{ref.span[0]}–{ref.span[1]}]" if ref.span else "[unaligned]"
    return f"doc #{ref.document_id} {where}"


def _md_quote(text: str) -> str:
    return text.replace("\n", " ").replace("|", "\\|")


def render_timeline_markdown(cf: CaseFile) -> str:
    """Only the timeline, as a Markdown list with sources and quotes."""
    lines = [f"# Timeline: {cf.person.name}", ""]
    lines += _timeline_md(cf.timeline)
    return "\n".join(lines) + "\n"


def _timeline_md(items: Sequence[TimelineItem]) -> list[str]:
    lines = []
    for item in items:
        extra = [x for x in (item.duration, item.place) if x]
        head = f"- **{_dates(item)}**{_notes(item, precision=True)} — {item.type.replace('_', ' ')}"
        if extra:
            head += f" ({'; '.join(extra)})"
        head += f" · {_MARK[item.review_status]} · sources: {item.corroboration} independent"
        lines.append(head)
        if item.original is not None:
            lines.append(f"  - original before the edit: `{item.original}`")
        for ref in item.sources:
            lines.append(f"  - {_cite(ref)}: “{_md_quote(ref.quote)}”")
    return lines


def render_markdown(cf: CaseFile) -> str:
    """The whole case file as Markdown."""
    p = cf.person
    lines = [f"# Case file: {p.name} (person #{p.id})", "", "## Identity", ""]
    for label, value in (("Age", f"{p.age} (as of {p.age_as_of})" if p.age is not None else None),
                         ("Born", p.birth_year), ("Gender", p.gender), ("Ethnicity", p.ethnicity),
                         ("Citizenship", p.citizenship), ("Home", p.home_place), ("Status", p.status)):
        if value is not None:
            lines.append(f"- **{label}:** {value}")
    lines += ["", "Names as written:", ""]
    lines += [f"- {n.name} ({n.script}) — docs {', '.join(f'#{d}' for d in n.document_ids)}" for n in p.names]
    if cf.relatives:
        lines += ["", "## Relatives and associates", ""]
        for r in cf.relatives:
            bits = [r.relation]
            if r.name:
                bits.append(r.name)
            if r.description:
                bits.append(r.description)
            if r.age is not None:
                bits.append(f"age {r.age}")
            if r.status:
                bits.append(f"status: {r.status}")
            if r.in_country_of_persecution:
                bits.append("still in the country of persecution")
            lines.append("- " + "; ".join(bits) + (f" (person #{r.person_id})" if r.person_id else ""))
            for ref in r.sources:
                lines.append(f"  - {_cite(ref)}: “{_md_quote(ref.quote)}”")
    lines += ["", "## Timeline", ""]
    lines += _timeline_md(cf.timeline) or ["_No events recorded._"]
    ls = cf.legal_status
    lines += ["", "## Legal status", ""]
    for flag in ls.flags:
        lines.append(f"> **Warning:** {flag}")
        lines.append("")
    for label, items in (("Asylum", ls.asylum), ("Proceedings", ls.proceedings), ("Orders", ls.orders)):
        lines.append(f"**{label}:** " + ("; ".join(_legal_line(i) for i in items) or "none recorded"))
        lines.append("")
    for appeal in ls.appeals:
        lines.append(f"**{_appeal_head(appeal.state, appeal.date, appeal.as_of)}:** “{_md_quote(appeal.quote)}” "
                     f"({_cite(appeal.source)})")
        lines.append("")
    for change in ls.order_changes:
        lines.append(f"**Order {change.outcome}{' on ' + change.date if change.date else ''}:** "
                     f"“{_md_quote(change.quote)}” ({_cite(change.source)})")
        lines.append("")
    for label, dates in (("Dates ahead", ls.next_dates), ("Dates announced, now passed", ls.passed_dates)):
        if dates:
            lines.append(f"**{label}:**")
            lines.append("")
            for n in dates:
                lines.append(f"- {n.date}: {_md_quote(n.what)} ({_cite(n.source)})")
            lines.append("")
    lines += ["## Contradictions", ""]
    if not cf.contradictions:
        lines.append("_None found._")
    for c in cf.contradictions:
        lines.append(f"- **{c.kind}:** {c.description}")
        lines.append(f"  - A, {_cite(c.a.source)}: “{_md_quote(c.a.quote)}”")
        lines.append(f"  - B, {_cite(c.b.source)}: “{_md_quote(c.b.quote)}”")
    if cf.possible_matches:
        lines += ["", "## Possibly the same person", ""]
        for m in cf.possible_matches:
            lines.append(f"- #{m['person_id']} {m['name']} ({m['score']:.1f} bits): {', '.join(m['reasons'])}")
    lines += ["", "## Sources", "", "| doc | title | published | sha256 | story |", "| --- | --- | --- | --- | --- |"]
    for s in cf.sources:
        lines.append(f"| #{s.document_id} | {_md_quote(s.title or s.filename)} | {s.published or ''} | "
                     f"`{s.sha256[:12]}` | {s.independent_group} |")
    return "\n".join(lines) + "\n"


def render_timeline_rich(cf: CaseFile) -> Table:
    """The timeline as a rich table."""
    table = Table(title=f"Timeline: {escape(cf.person.name)}", show_lines=True, expand=True)
    table.add_column("when", no_wrap=True, min_width=10)
    table.add_column("event", ratio=1)
    table.add_column("where / how long", ratio=1)
    table.add_column("review", no_wrap=True)
    table.add_column("sources", ratio=4)
    for item in cf.timeline:
        quotes = Text()
        for ref in item.sources:
            quotes.append(f"{_cite(ref)} ", style="dim")
            quotes.append(f"“{ref.quote}”\n")
        table.add_row(_dates(item) + _notes(item, precision=True), item.type.replace("_", " "),
                      "; ".join(x for x in (item.place, item.duration) if x),
                      _MARK[item.review_status], Group(Text(f"{item.corroboration} independent", style="bold"), quotes))
    return table


def render_rich(cf: CaseFile) -> RenderableType:
    """The whole case file for the terminal."""
    p = cf.person
    ident = Table.grid(padding=(0, 2))
    for label, value in (("id", p.id), ("age", f"{p.age} (as of {p.age_as_of})" if p.age is not None else None),
                         ("born", p.birth_year), ("gender", p.gender), ("ethnicity", p.ethnicity),
                         ("citizenship", p.citizenship), ("home", p.home_place), ("status", p.status)):
        if value is not None:
            ident.add_row(f"[bold]{label}[/bold]", escape(str(value)))
    ident.add_row("[bold]names[/bold]", escape("; ".join(
        f"{n.name} ({n.script}, docs {', '.join(map(str, n.document_ids))})" for n in p.names)))
    parts: list[RenderableType] = [Panel(ident, title=f"[bold]{escape(p.name)}[/bold]")]
    if cf.relatives:
        rel = Table("relation", "who", "age", "status", "in country", "sources", title="Relatives and associates")
        for r in cf.relatives:
            rel.add_row(r.relation, escape(r.name or r.description or ""), "" if r.age is None else str(r.age),
                        r.status or "", {True: "yes", False: "no", None: "?"}[r.in_country_of_persecution],
                        ", ".join(f"#{s.document_id}" for s in r.sources))
        parts.append(rel)
    parts.append(render_timeline_rich(cf))
    ls = cf.legal_status
    legal = Text()
    for flag in ls.flags:
        legal.append(f"WARNING: {flag}\n", style="bold red")
    for label, items in (("asylum", ls.asylum), ("proceedings", ls.proceedings), ("orders", ls.orders)):
        legal.append(f"{label}: ", style="bold")
        legal.append("; ".join(_legal_line(i) for i in items) or "none recorded")
        legal.append("\n")
    for appeal in ls.appeals:
        legal.append(f"{_appeal_head(appeal.state, appeal.date, appeal.as_of).lower()}: ", style="bold")
        legal.append(f"{appeal.quote} ({_cite(appeal.source)})\n")
    for n in ls.next_dates:
        legal.append(f"ahead {n.date}: ", style="bold yellow")
        legal.append(f"{n.what} ({_cite(n.source)})\n")
    for change in ls.order_changes:
        legal.append(f"order {change.outcome}{' ' + change.date if change.date else ''}: ", style="bold green")
        legal.append(f"{change.quote} ({_cite(change.source)})\n")
    for n in ls.passed_dates:
        legal.append(f"passed {n.date}: ", style="dim")
        legal.append(f"{n.what} ({_cite(n.source)})\n")
    parts.append(Panel(legal, title="Legal status"))
    if cf.contradictions:
        con = Text()
        for c in cf.contradictions:
            con.append(f"{c.kind}: {c.description}\n", style="bold")
            con.append(f"  A {_cite(c.a.source)} “{c.a.quote}”\n")
            con.append(f"  B {_cite(c.b.source)} “{c.b.quote}”\n")
        parts.append(Panel(con, title="Contradictions"))
    if cf.possible_matches:
        pm = Text()
        for m in cf.possible_matches:
            pm.append(f"#{m['person_id']} {m['name']} ({m['score']:.1f} bits): {', '.join(m['reasons'])}\n")
        parts.append(Panel(pm, title="Possibly the same person (aigak same-person / not-same)"))
    src = Table("doc", "title", "published", "sha256", "story", title="Sources")
    for s in cf.sources:
        src.add_row(f"#{s.document_id}", escape(s.title or s.filename), s.published or "", s.sha256[:12],
                    str(s.independent_group))
    parts.append(src)
    return Group(*parts)
