"""The timeline: the person's events from every source, the same event told twice joined into one item.

Sources that agree on an event's date (at the precision they share) are joined. Sources that give
different dates for what can only be one event are joined too, the other dates kept as disputed
(and listed as a contradiction): the event is of a kind that happens once in such a span (a border
crossing, the start of a detention, an asylum application or decision, a death), the dates lie
within two months of each other, the sources are independent of each other, no source tells both,
none says it happened again, and nothing that would part two such events (a release between two
arrests, a decision between two applications) lies between them.
"""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date
from typing import Any

from aigak.casefile.dates import (
    compare_dates,
    dates_agree,
    duration_text,
    month_index,
    months_between,
    precision_of,
    year_of,
)
from aigak.casefile.model import SourceRef, TimelineItem
from aigak.casefile.outcomes import read_asylum_outcome
from aigak.casefile.sources import DocView, StatedDuration, ref_for_fact, sentence_at
from aigak.core.models import Fact, FactKind, ReviewStatus
from aigak.resolve.features import place_key
from aigak.resolve.names import token_similarity

__all__ = ["DURATIVE_TYPES", "EventFact", "build_timeline", "events_of", "places_similar", "quote_states",
           "stated_before_correction", "stated_duration"]

DURATIVE_TYPES = frozenset({"detention", "arrest", "house_arrest", "surveillance", "restriction", "forced_labor",
                            "disappearance"})
"""Event types that last, whose stated durations are checked against their dates."""
_SAME_GROUP = {"arrest": "detention"}
_PRECISION_RANK = {None: 0, "year": 1, "month": 2, "day": 3}
_ONE_OFF_WINDOW_DAYS: dict[str, int | None] = {"border_crossing": 62, "detention": 62, "asylum_application": 62,
                                               "asylum_decision": 62, "death": None}
"""Event groups that one person goes through once in such a span, and how far apart two sources' dates
for it may lie and still be read as one event told wrongly by one of them (None: any distance)."""
_PARTED_BY: dict[str, frozenset[str]] = {"detention": frozenset({"release"}),
                                         "asylum_application": frozenset({"asylum_decision"}),
                                         "asylum_decision": frozenset({"asylum_application"}),
                                         "border_crossing": frozenset({"deportation", "border_crossing"})}
_AGAIN = re.compile(r"\b(again|second|third|another|twice|once more|anew|repeatedly|back|"
                    r"re-?(?:arrest|detain|appl|enter|cross)\w*|new (?:arrest|detention|application|decision|claim))\b",
                    re.IGNORECASE)
"""Words saying an event happened more than once."""
_APPEAL = re.compile(r"\bappeal", re.IGNORECASE)


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
    date_rank: int = 0
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


def stated_duration(view: DocView, fact: Fact) -> StatedDuration | None:
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


def _name_in(view: DocView, lid: str, person_name: str | None,
             display_names: Mapping[tuple[int, str], str] | None) -> str | None:
    """The name an entity of the view is shown under: the person's own, the registry's, else as written."""
    if person_name and lid in view.person_lids:
        return person_name
    fact = view.facts.get(lid)
    if fact is None or fact.kind is not FactKind.ENTITY or not fact.data.get("name"):
        return None
    return (display_names or {}).get((view.doc.id, lid)) or str(fact.data.get("name"))


def events_of(views: Mapping[int, DocView], *, person_name: str | None = None,
              display_names: Mapping[tuple[int, str], str] | None = None,
              with_durations: bool = True) -> list[EventFact]:
    """Every live event fact whose subjects include the person, with place names and quotes.

    Args:
        views: the person's sources.
        person_name: the name the person is shown under; their own subjects take it, whatever the
            spelling of each source, so that the person is never listed beside themselves.
        display_names: the registry's name for other persons, by (document id, local id).
        with_durations: read the duration each source states for a lasting event ("held for two
            years"); a caller that only asks where the person stands (a relative's status) skips it,
            as reading each sentence for it is most of the cost.
    """
    out: list[EventFact] = []
    for view in views.values():
        for fact in view.events.events_about(view.facts, view.person_lids):
            subjects = [s for s in fact.data.get("subjects") or [] if isinstance(s, str)]
            place_id = fact.data.get("place")
            place = _name_in(view, str(place_id), person_name, display_names) if place_id is not None else None
            shown_subjects = tuple(dict.fromkeys(_name_in(view, s, person_name, display_names) or s
                                                 for s in subjects))
            ev = EventFact(fact=fact, view=view, type=fact.type, start=fact.data.get("start"),
                           end=fact.data.get("end"), place=place, subjects=shown_subjects,
                           ref=ref_for_fact(view.doc, fact))
            if with_durations and fact.type in DURATIVE_TYPES:
                if fact.id not in view.events.durations:
                    view.events.durations[fact.id] = stated_duration(view, fact)
                found = view.events.durations[fact.id]
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


def _cluster_key(ev: EventFact) -> tuple[str, int | None] | None:
    """The group and year of an event's start (None: undated); None for a start that is no date, which
    agrees with nothing."""
    if ev.start is None:
        return ev.group, None
    year = year_of(ev.start)
    return None if year is None else (ev.group, year)


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


def _day(value: str) -> date | None:
    try:
        return date.fromisoformat(value[:10])
    except ValueError:
        return None


def _within(a: str, b: str, window_days: int | None) -> bool:
    """Whether two dates known at least to the month lie within the window of each other."""
    if window_days is None:
        return True
    da, db = _day(a), _day(b)
    if da is not None and db is not None:
        return abs((da - db).days) <= window_days
    ia, ib = month_index(a), month_index(b)
    return ia is not None and ib is not None and abs(ia - ib) <= window_days // 31


def _start(cluster: Sequence[EventFact]) -> str | None:
    return _most_precise([e.start for e in cluster])


def _end(cluster: Sequence[EventFact]) -> str | None:
    return _most_precise([e.end for e in cluster])


@dataclass(frozen=True, slots=True)
class _Told:
    """One cluster as `_episodes` compares it: what the comparison reads of it, worked out once.

    A person named in a long report can have hundreds of events; reading each cluster's dates and
    quotes again for every pair made their case file grow with the cube of the report.
    """

    events: Sequence[EventFact]
    kind: str
    start: str | None
    end: str | None
    stories: frozenset[int]
    says_again: bool
    of_appeal: bool

    @classmethod
    def of(cls, cluster: Sequence[EventFact], groups: Mapping[int, int]) -> _Told:
        return cls(events=cluster, kind=cluster[0].group, start=_start(cluster), end=_end(cluster),
                   stories=frozenset(groups[e.view.doc.id] for e in cluster),
                   says_again=any(_AGAIN.search(e.ref.quote) for e in cluster),
                   of_appeal=any(_APPEAL.search(e.ref.quote) for e in cluster))


def _one_event_told_twice(a: _Told, b: _Told, events: Sequence[EventFact]) -> bool:
    """Whether two clusters with different dates can only be one event that one side misdates."""
    kind = a.kind
    if kind != b.kind or kind not in _ONE_OFF_WINDOW_DAYS:
        return False
    if a.stories & b.stories:
        return False  # one story (or one source) tells both: two events
    start_a, start_b = a.start, b.start
    if start_a is None or start_b is None or dates_agree(start_a, start_b):
        return False
    if precision_of(start_a) == "year" or precision_of(start_b) == "year":
        return False
    if not _within(start_a, start_b, _ONE_OFF_WINDOW_DAYS[kind]):
        return False
    if a.says_again or b.says_again:
        return False
    if kind == "asylum_decision" and a.of_appeal != b.of_appeal:
        return False  # a first decision and the decision on appeal
    first, second = (start_a, start_b) if compare_dates(start_a, start_b) == -1 else (start_b, start_a)
    parted_by = _PARTED_BY.get(kind, frozenset())
    if any(e.type in parted_by and e.start and compare_dates(e.start, first) == 1
           and compare_dates(e.start, second) == -1 for e in events):
        return False
    for x, y in ((a, b), (b, a)):
        if x.end and y.start and compare_dates(x.end, y.start) == -1:
            return False  # one ended before the other began
    return True


def _states_date(ev: EventFact) -> bool:
    """Whether the event's quote writes its date out ("on 25 April 2022"), rather than leaving it to be
    worked out ("two weeks after ...", "the same day")."""
    from aigak.extract.timex import TimeKind, find_time_expressions

    try:
        found = find_time_expressions(ev.ref.quote, reference_date=ev.view.reference_date)
    except ValueError:
        return False
    return any(x.kind is TimeKind.DATE and x.relation is None and x.value == ev.start for x in found)


def _shown_first(cluster: Sequence[EventFact], groups: Mapping[int, int]) -> tuple[int, int, int, str]:
    """Order of the date versions of one event: most independent sources, then a date written out
    over one worked out, then reviewed, then the earliest."""
    reviewed = any(e.fact.status in (ReviewStatus.CONFIRMED, ReviewStatus.EDITED) for e in cluster)
    stated = any(_states_date(e) for e in cluster)
    return (-len({groups[e.view.doc.id] for e in cluster}), 0 if stated else 1, 0 if reviewed else 1,
            _start(cluster) or "")


def _episodes(clusters: list[list[EventFact]], events: Sequence[EventFact],
              groups: Mapping[int, int]) -> list[list[list[EventFact]]]:
    """Clusters joined into episodes: one event whose sources disagree on its date is one episode."""
    told = [_Told.of(c, groups) for c in clusters]
    episodes: list[list[_Told]] = []
    # Only clusters of one kind, of a kind told once, join; and never two that one story tells: those
    # are looked up first, so that a person with hundreds of events in one report stays fast.
    of_kind: dict[str, list[tuple[list[_Told], set[int]]]] = {}
    for cluster in sorted(told, key=lambda c: (c.start is None, month_index(c.start) or 0)):
        for episode, stories in of_kind.get(cluster.kind, ()) if cluster.kind in _ONE_OFF_WINDOW_DAYS else ():
            if stories.isdisjoint(cluster.stories) and all(_one_event_told_twice(cluster, other, events)
                                                           for other in episode):
                episode.append(cluster)
                stories.update(cluster.stories)
                break
        else:
            episodes.append([cluster])
            of_kind.setdefault(cluster.kind, []).append((episodes[-1], set(cluster.stories)))
    out = [[list(c.events) for c in episode] for episode in episodes]
    for joined in out:
        if len(joined) > 1:
            joined.sort(key=lambda c: _shown_first(c, groups))
    return out


def build_timeline(events: Sequence[EventFact], groups: Mapping[int, int]) -> list[TimelineItem]:
    """Join the same event told by several sources, then order by date (undated last).

    Args:
        events: the person's event facts.
        groups: each document's independent group (republications share one).
    """
    clusters: list[list[EventFact]] = []
    # An event can only join a cluster of its group whose dates share its year (or that is undated
    # like it): the others are never looked at, which keeps a person with hundreds of events fast.
    candidates: dict[tuple[str, int | None], list[list[EventFact]]] = {}
    ordered = sorted(events, key=lambda e: (-_PRECISION_RANK[precision_of(e.start)], e.view.doc.id, e.fact.id))
    for ev in ordered:
        key = _cluster_key(ev)
        for cluster in candidates.get(key, ()) if key is not None else ():
            if all(_same_event(ev, other) for other in cluster):
                cluster.append(ev)
                break
        else:
            clusters.append([ev])
            if key is not None:
                candidates.setdefault(key, []).append(clusters[-1])
    items = []
    for episode in _episodes(clusters, events, groups):
        for rank, cluster in enumerate(episode):
            cluster.sort(key=lambda e: (e.view.doc.id, e.fact.id))
            for e in cluster:
                e.group_id, e.date_rank = id(episode), rank
        shown = episode[0]
        members = [e for cluster in episode for e in cluster]
        statuses = {e.fact.status for e in members}
        edited = [e for e in members if e.fact.status is ReviewStatus.EDITED]
        if edited:
            review = "edited"
        elif ReviewStatus.CONFIRMED in statuses:
            review = "confirmed"
        else:
            review = "proposed"
        start = _start(shown)
        end = _end(shown) or _end(members)
        span = months_between(start, end)
        duration = duration_text(span) if span else None
        if duration is None:
            stated = next((e.stated for e in members if e.stated), None)
            if stated:
                duration = duration_text(years=stated[0], extra_months=stated[1], days=stated[2], hours=stated[3])
        types = [e.type for e in members]
        shown_type = "detention" if "detention" in types else types[0]
        subjects: list[str] = []
        for e in members:
            subjects.extend(s for s in e.subjects if s not in subjects)
        amount = next((e.extra["amount"] for e in members if "amount" in e.extra), None)
        # a date a source states stays disputed after a reviewer corrected it to agree with the others
        said = [d for e in members if (d := stated_before_correction(e))]
        disputed = tuple(dict.fromkeys(d for d in (*(_start(c) for c in episode[1:]), *said) if d and d != start))
        items.append(TimelineItem(
            fact_ids=tuple(e.fact.id for e in members), type=shown_type, start=start, end=end,
            precision=precision_of(start), duration=duration,
            place=next((e.place for e in (*shown, *members) if e.place), None), review_status=review,
            original=dict(edited[0].fact.original) if edited and edited[0].fact.original is not None else None,
            sources=tuple(e.ref for e in members),
            corroboration=len({groups[e.view.doc.id] for e in members}),
            subjects=tuple(subjects), amount=amount, disputed_dates=disputed,
            outcome=read_asylum_outcome(" ".join(e.ref.quote for e in members))
            if shown_type == "asylum_decision" else None))
    items.sort(key=_sort_key)
    return items


def is_after(a: str | None, b: str | None) -> bool:
    """Whether date a is known to lie after date b."""
    return compare_dates(a, b) == 1


def quote_states(ev: EventFact, value: str) -> bool:
    """Whether the event's quote writes out this date ("on 19 January 2021"), rather than leaving it to
    be worked out from the story."""
    from aigak.extract.timex import TimeKind, find_time_expressions

    try:
        found = find_time_expressions(ev.ref.quote, reference_date=ev.view.reference_date)
    except ValueError:
        return False
    return any(x.kind is TimeKind.DATE and x.relation is None and x.value == value for x in found)


def stated_before_correction(ev: EventFact) -> str | None:
    """The start date an event's own source states, when a reviewer corrected the event to a date that
    does not agree with it; None otherwise.

    A correction of a date the extraction worked out wrongly (its quote gives no such date: the story's
    last date, say) fixes a misreading, not a source: None then too.
    """
    fact = ev.fact
    if fact.status is not ReviewStatus.EDITED or not isinstance(fact.original, Mapping) or not ev.start:
        return None
    said = fact.original.get("start")
    if not isinstance(said, str) or not said or dates_agree(said, ev.start):
        return None
    return said if quote_states(ev, said) else None
