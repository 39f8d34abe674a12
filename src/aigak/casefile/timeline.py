"""The timeline: the person's events from every source, the same event told twice joined into one item."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

from aigak.casefile.dates import (
    compare_dates,
    dates_agree,
    duration_text,
    months_between,
    precision_of,
)
from aigak.casefile.model import SourceRef, TimelineItem
from aigak.casefile.sources import DocView, ref_for_fact, sentence_at
from aigak.core.models import Fact, FactKind, ReviewStatus
from aigak.resolve.features import place_key
from aigak.resolve.names import token_similarity

__all__ = ["DURATIVE_TYPES", "EventFact", "build_timeline", "events_of", "places_similar", "stated_duration"]

DURATIVE_TYPES = frozenset({"detention", "arrest", "house_arrest", "surveillance", "restriction", "forced_labor",
                            "disappearance"})
"""Event types that last, whose stated durations are checked against their dates."""
_SAME_GROUP = {"arrest": "detention"}
_PRECISION_RANK = {None: 0, "year": 1, "month": 2, "day": 3}


@dataclass(slots=True)
class EventFact:
    """One event fact of the person, with what the timeline needs from its source."""

    fact: Fact
    view: DocView
    type: str
    start: str | None
    end: str | None
    place: str | None
    subjects: tuple[str, ...]
    ref: SourceRef
    stated: tuple[int, int, int, int] | None = None
    stated_quote: SourceRef | None = None
    group_id: int = -1
    extra: dict[str, Any] = field(default_factory=dict)

    @property
    def group(self) -> str:
        return _SAME_GROUP.get(self.type, self.type)


def places_similar(a: str | None, b: str | None) -> bool:
    """Whether two place names can be the same place (`Durbuljin county` and `Dorbiljin`)."""
    if not a or not b:
        return False
    ka, kb = place_key(a).replace(" ", ""), place_key(b).replace(" ", "")
    return ka == kb or token_similarity(ka, kb) >= 0.75


def stated_duration(view: DocView, fact: Fact) -> tuple[tuple[int, int, int, int], SourceRef] | None:
    """A duration the source states for an event, in its evidence sentence ("spent two years in a camp").

    Returns (years, months, days, hours) and the sentence that states it, or None.
    """
    from aigak.extract.timex import TimeKind, find_time_expressions

    data = fact.data
    given = data.get("duration")
    if isinstance(given, Mapping):
        values = tuple(int(given.get(k) or 0) for k in ("years", "months", "days", "hours"))
        if any(values):
            return (values[0], values[1], values[2], values[3]), ref_for_fact(view.doc, fact)
    text = view.doc.text
    for span in fact.evidence[:2]:
        s, e = sentence_at(text, span.start, span.end)
        for expr in find_time_expressions(text[s:e]):
            if expr.kind is TimeKind.DURATION and expr.duration is not None and not expr.is_upper_bound:
                d = expr.duration
                if d.years or d.months:
                    from aigak.casefile.sources import ref_for_span

                    return (d.years, d.months, d.days, d.hours), ref_for_span(view.doc, (s, e), fact_id=fact.id)
    return None


def events_of(views: Mapping[int, DocView]) -> list[EventFact]:
    """Every live event fact whose subjects include the person, with place names and quotes."""
    out: list[EventFact] = []
    for view in views.values():
        names = {lid: str(f.data.get("name")) for lid, f in view.facts.items()
                 if f.kind is FactKind.ENTITY and f.data.get("name")}
        for fact in view.facts.values():
            if fact.kind is not FactKind.EVENT:
                continue
            subjects = [s for s in fact.data.get("subjects") or [] if isinstance(s, str)]
            if not view.person_lids.intersection(subjects):
                continue
            place_id = fact.data.get("place")
            place = names.get(str(place_id)) if place_id is not None else None
            ev = EventFact(fact=fact, view=view, type=fact.type, start=fact.data.get("start"),
                           end=fact.data.get("end"), place=place,
                           subjects=tuple(names.get(s, s) for s in subjects), ref=ref_for_fact(view.doc, fact))
            if fact.type in DURATIVE_TYPES:
                found = stated_duration(view, fact)
                if found is not None:
                    ev.stated, ev.stated_quote = found
            amount = fact.data.get("amount")
            if isinstance(amount, Mapping):
                ev.extra["amount"] = dict(amount)
            out.append(ev)
    return out


def _same_event(a: EventFact, b: EventFact) -> bool:
    if a.group != b.group:
        return False
    if a.start is None and b.start is None:
        return a.end is None and b.end is None and not (a.place and b.place and not places_similar(a.place, b.place))
    if a.start is None or b.start is None or not dates_agree(a.start, b.start):
        return False
    if a.end is not None and b.end is not None and not dates_agree(a.end, b.end):
        return False
    return not (a.place and b.place and not places_similar(a.place, b.place))


def _most_precise(values: Sequence[str | None]) -> str | None:
    best: str | None = None
    for v in values:
        if v and _PRECISION_RANK[precision_of(v)] > _PRECISION_RANK[precision_of(best)]:
            best = v
    return best


def _sort_key(item: TimelineItem) -> tuple[int, tuple[int, ...], str]:
    """Dated items by (year, month, day), a month before its days; undated last."""
    if not item.start:
        return (1, (), item.type)
    parts = tuple(int(p) for p in item.start.split("-")[:3] if p.isdigit())
    return (0, parts + (0,) * (3 - len(parts)), item.type)


def build_timeline(events: Sequence[EventFact], groups: Mapping[int, int]) -> list[TimelineItem]:
    """Join the same event told by several sources, then order by date (undated last).

    Args:
        events: the person's event facts.
        groups: each document's independent group (republications share one).
    """
    clusters: list[list[EventFact]] = []
    ordered = sorted(events, key=lambda e: (-_PRECISION_RANK[precision_of(e.start)], e.view.doc.id, e.fact.id))
    for ev in ordered:
        for cluster in clusters:
            if all(_same_event(ev, other) for other in cluster):
                cluster.append(ev)
                ev.group_id = id(cluster)
                break
        else:
            clusters.append([ev])
            ev.group_id = id(clusters[-1])
    items = []
    for cluster in clusters:
        cluster.sort(key=lambda e: (e.view.doc.id, e.fact.id))
        statuses = {e.fact.status for e in cluster}
        edited = [e for e in cluster if e.fact.status is ReviewStatus.EDITED]
        if edited:
            review = "edited"
        elif ReviewStatus.CONFIRMED in statuses:
            review = "confirmed"
        else:
            review = "proposed"
        start = _most_precise([e.start for e in cluster])
        end = _most_precise([e.end for e in cluster])
        span = months_between(start, end)
        duration = duration_text(span) if span else None
        if duration is None:
            stated = next((e.stated for e in cluster if e.stated), None)
            if stated:
                duration = duration_text(years=stated[0], extra_months=stated[1], days=stated[2], hours=stated[3])
        types = [e.type for e in cluster]
        shown = "detention" if "detention" in types else types[0]
        subjects: list[str] = []
        for e in cluster:
            subjects.extend(s for s in e.subjects if s not in subjects)
        amount = next((e.extra["amount"] for e in cluster if "amount" in e.extra), None)
        items.append(TimelineItem(
            fact_ids=tuple(e.fact.id for e in cluster), type=shown, start=start, end=end,
            precision=precision_of(start), duration=duration,
            place=next((e.place for e in cluster if e.place), None), review_status=review,
            original=dict(edited[0].fact.original) if edited and edited[0].fact.original is not None else None,
            sources=tuple(e.ref for e in cluster),
            corroboration=len({groups[e.view.doc.id] for e in cluster}),
            subjects=tuple(subjects), amount=amount))
    items.sort(key=_sort_key)
    return items


def is_after(a: str | None, b: str | None) -> bool:
    """Whether date a is known to lie after date b."""
    return compare_dates(a, b) == 1
