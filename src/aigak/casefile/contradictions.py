"""Contradictions: statements about the person that cannot all be true, each side with its quote.

Checked: ages that do not fit the time between the sources' dates; different dates for what can only
be one event (a border crossing on 9 November in one source and on 19 November in another: see
`aigak.casefile.timeline`); a stated duration that does not fit the dates of the same episode (or
another source's stated duration); a release dated before any arrest, or an event that ends before
it starts; attributes (gender, ethnicity, citizenship) that differ between sources.

Contradictions are between what the sources say. A reviewer's correction records what the reviewer
believes; it does not make a source say something else. So when a reviewer corrects an event's date to
agree with the other sources, while its own quote writes out the date first read ("crossed the border on
19 January 2021" corrected to the 12th), the disagreement stays listed, saying that a reviewer
corrected that side (`stated_before_correction`).
"""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass

from aigak.casefile.dates import dates_agree, duration_text, month_index, months_between, precision_of
from aigak.casefile.model import Contradiction, Quote, SourceRef
from aigak.casefile.sources import DocView, ref_for_span, sentence_at
from aigak.casefile.timeline import (
    DURATIVE_TYPES,
    EventFact,
    places_similar,
    quote_states,
    stated_before_correction,
)
from aigak.core.models import Fact

__all__ = ["AgeStatement", "find_contradictions"]

_AGE_SLACK_YEARS = 1.0
_DURATION_MIN_MONTHS = 2
_DURATION_SHARE = 0.1
_NUMBER_WORDS = ["zero", "one", "two", "three", "four", "five", "six", "seven", "eight", "nine", "ten", "eleven", "twelve", "thirteen", "fourteen", "fifteen", "sixteen", "seventeen", "eighteen", "nineteen", "twenty"]


@dataclass(frozen=True, slots=True)
class AgeStatement:
    """An age a source gives for the person, with the date the source was written."""

    age: int
    reference_date: str | None
    ref: SourceRef


def age_statements(views: Mapping[int, DocView], entity_facts: Sequence[tuple[DocView, Fact]]) -> list[AgeStatement]:
    """The ages the sources give, each quoted with the sentence that states it when it can be found."""
    out = []
    for view, fact in entity_facts:
        attributes = fact.data.get("attributes") or {}
        age = attributes.get("age") if isinstance(attributes, Mapping) else None
        if not isinstance(age, int) or isinstance(age, bool):
            continue
        out.append(AgeStatement(age, view.reference_date, _age_quote(view, fact, age)))
    return out


def _age_quote(view: DocView, fact: Fact, age: int) -> SourceRef:
    text = view.doc.text
    words = [str(age)] + ([_NUMBER_WORDS[age]] if age < len(_NUMBER_WORDS) else [])
    pattern = re.compile(r"\b(?:" + "|".join(words) + r")\b", re.IGNORECASE)
    for span in fact.evidence:
        s, e = sentence_at(text, span.start, span.end)
        if pattern.search(text[s:e]):
            return ref_for_span(view.doc, (s, e), fact_id=fact.id)
    if fact.evidence:
        first = fact.evidence[0]
        return ref_for_span(view.doc, sentence_at(text, first.start, first.end), fact_id=fact.id)
    return ref_for_span(view.doc, None, fact_id=fact.id, quote=f"age {age}")


def _years_between(a: str | None, b: str | None) -> tuple[float, float] | None:
    """Years from a to b, and the uncertainty the dates' precision adds."""
    ia, ib = month_index(a), month_index(b)
    if ia is None or ib is None:
        return None
    slack = sum(0.5 for d in (a, b) if precision_of(d) == "year")
    return (ib - ia) / 12.0, slack


def _age_contradictions(ages: Sequence[AgeStatement]) -> list[Contradiction]:
    out = []
    ordered = sorted(ages, key=lambda s: (month_index(s.reference_date) or 0, s.ref.document_id))
    seen: set[tuple[int, int]] = set()
    for i, a in enumerate(ordered):
        for b in ordered[i + 1:]:
            key = (a.ref.document_id, b.ref.document_id)
            if key in seen:
                continue
            between = _years_between(a.reference_date, b.reference_date)
            if between is None:
                if a.age != b.age and a.reference_date == b.reference_date:
                    between = (0.0, 0.0)
                else:
                    continue
            elapsed, slack = between
            if abs((b.age - a.age) - elapsed) > _AGE_SLACK_YEARS + slack:
                seen.add(key)
                out.append(Contradiction(
                    kind="age",
                    description=(f"Age {a.age} (source of {a.reference_date or 'unknown date'}) and age {b.age} "
                                 f"(source of {b.reference_date or 'unknown date'}) do not fit the "
                                 f"{elapsed:.1f} years between the sources."),
                    a=Quote(a.ref.quote, a.ref), b=Quote(b.ref.quote, b.ref)))
    return out


@dataclass(frozen=True, slots=True)
class _Claim:
    months: int
    text: str
    ref: SourceRef
    event: EventFact
    computed: bool


def _duration_claims(events: Sequence[EventFact]) -> list[_Claim]:
    claims = []
    for ev in events:
        if ev.type not in DURATIVE_TYPES:
            continue
        span = months_between(ev.start, ev.end)
        if span is not None and span >= 1:
            claims.append(_Claim(span, f"{ev.start} to {ev.end} ({duration_text(span)})", ev.ref, ev, True))
        if ev.stated is not None and ev.stated_quote is not None:
            years, months, _, _ = ev.stated
            total = years * 12 + months
            if total >= 1:
                claims.append(_Claim(total, duration_text(total) or "", ev.stated_quote, ev, False))
    return claims


def _same_episode(a: EventFact, b: EventFact) -> bool:
    if a.group != b.group:
        return False
    if a.group_id == b.group_id:
        return True
    return places_similar(a.place, b.place)


def _duration_contradictions(events: Sequence[EventFact]) -> list[Contradiction]:
    claims = _duration_claims(events)
    out = []
    done: set[int] = set()
    for i, claim in enumerate(claims):
        if i in done:
            continue
        episode = [j for j, other in enumerate(claims) if _same_episode(claim.event, other.event)]
        done.update(episode)
        members = [claims[j] for j in episode]
        computed = [c for c in members if c.computed]
        if computed:
            reference = computed[0]
        else:
            counts: dict[int, int] = {}
            for c in members:
                counts[c.months] = counts.get(c.months, 0) + 1
            best = max(counts, key=lambda m: (counts[m], m))
            reference = next(c for c in members if c.months == best)
        tolerance = max(_DURATION_MIN_MONTHS, int(reference.months * _DURATION_SHARE))
        reported: set[int] = set()
        for c in members:
            if c is reference or abs(c.months - reference.months) <= tolerance:
                continue
            if c.ref.document_id in reported:
                continue
            reported.add(c.ref.document_id)
            what = "dates" if reference.computed else "stated duration"
            out.append(Contradiction(
                kind="duration",
                description=(f"{c.event.type.replace('_', ' ').capitalize()}: one source gives {c.text}, "
                             f"another's {what} give{'s' if not reference.computed else ''} {reference.text}."),
                a=Quote(c.ref.quote, c.ref), b=Quote(reference.ref.quote, reference.ref)))
    return out


def _period(ev: EventFact) -> str:
    if ev.end and ev.end != ev.start:
        return f"{ev.start or 'undated'} – {ev.end}"
    return ev.start or "undated"


def _docs(events: Sequence[EventFact]) -> str:
    return ", ".join(f"#{d}" for d in sorted({e.view.doc.id for e in events}))


def _date_contradictions(events: Sequence[EventFact]) -> list[Contradiction]:
    """One event that sources date differently (the timeline joined them and kept the other dates)."""
    episodes: dict[int, dict[int, list[EventFact]]] = {}
    for ev in events:
        episodes.setdefault(ev.group_id, {}).setdefault(ev.date_rank, []).append(ev)
    out = []
    for versions in episodes.values():
        if len(versions) < 2 or 0 not in versions:
            continue
        shown = sorted(versions[0], key=lambda e: (e.view.doc.id, e.fact.id))
        for rank in sorted(r for r in versions if r):
            other = sorted(versions[rank], key=lambda e: (e.view.doc.id, e.fact.id))
            (a, told_a), (b, told_b) = _side(shown), _side(other)
            said_a, said_b = stated_before_correction(a), stated_before_correction(b)
            if (said_a or said_b) and dates_agree(said_a or a.start or "", said_b or b.start or ""):
                continue  # the sources agree; only a reviewer's correction parts them
            out.append(_two_dates(a, told_a, b, told_b))
    return out


def _side(told: Sequence[EventFact]) -> tuple[EventFact, Sequence[EventFact]]:
    """The event standing for one date of a disputed event, and the sources that give that date
    themselves; a source a reviewer corrected to that date stands for it only when none does."""
    own = [e for e in told if stated_before_correction(e) is None]
    return (own[0], own) if own else (told[0], told[:1])


def _version(ev: EventFact, told_by: Sequence[EventFact]) -> str:
    """One side of a date contradiction: the date its source gives, and a reviewer's correction of it."""
    said = stated_before_correction(ev)
    if said is None:
        return f"{_period(ev)} (doc {_docs(told_by)})"
    return f"{said} (doc {_docs(told_by)}, as its source says; a reviewer corrected it to {_period(ev)})"


def _two_dates(a: EventFact, told_a: Sequence[EventFact], b: EventFact, told_b: Sequence[EventFact]) -> Contradiction:
    """One event dated two ways, each side with the sources that give its date and both quotes."""
    return Contradiction(
        kind="dates",
        description=(f"{a.group.replace('_', ' ').capitalize()}: {_version(a, told_a)} or {_version(b, told_b)}; "
                     "the sources tell it as one event, and none says it happened twice."),
        a=Quote(a.ref.quote, a.ref), b=Quote(b.ref.quote, b.ref))


def _corrected_date_contradictions(events: Sequence[EventFact]) -> list[Contradiction]:
    """Sources that disagree on the date of one event, though a reviewer corrected one of them to agree."""
    out = []
    reported: set[tuple[int, int]] = set()
    for ev in sorted(events, key=lambda e: (e.view.doc.id, e.fact.id)):
        said = stated_before_correction(ev)
        if said is None or ev.start is None:
            continue
        others = [o for o in events if o.group_id == ev.group_id and o.view.doc.id != ev.view.doc.id
                  and o.start and dates_agree(o.start, ev.start) and stated_before_correction(o) is None]
        if not others:
            continue  # no source gives the corrected date: the reviewer knows it from elsewhere
        others.sort(key=lambda o: (not quote_states(o, o.start or ""), o.view.doc.id, o.fact.id))
        other = others[0]
        if (ev.view.doc.id, other.view.doc.id) in reported:
            continue
        reported.add((ev.view.doc.id, other.view.doc.id))
        out.append(_two_dates(other, others, ev, [ev]))
    return out


def _order_contradictions(events: Sequence[EventFact]) -> list[Contradiction]:
    out = []
    for ev in events:
        if ev.start and ev.end and (month_index(ev.end, end=True) or 0) < (month_index(ev.start) or 0):
            out.append(Contradiction(kind="order",
                                     description=f"{ev.type.replace('_', ' ').capitalize()} ends ({ev.end}) "
                                                 f"before it starts ({ev.start}).",
                                     a=Quote(ev.ref.quote, ev.ref), b=Quote(ev.ref.quote, ev.ref)))
    arrests = [e for e in events if e.group == "detention" and e.start]
    if not arrests:
        return out
    first = min(arrests, key=lambda e: month_index(e.start) or 0)
    for ev in events:
        if ev.type != "release" or not ev.start:
            continue
        if (month_index(ev.start, end=True) or 0) < (month_index(first.start) or 0):
            out.append(Contradiction(kind="order",
                                     description=f"Release dated {ev.start} comes before the first arrest or "
                                                 f"detention ({first.start}).",
                                     a=Quote(ev.ref.quote, ev.ref), b=Quote(first.ref.quote, first.ref)))
    return out


def _attribute_contradictions(entity_facts: Sequence[tuple[DocView, Fact]]) -> list[Contradiction]:
    out = []
    for attribute in ("gender", "ethnicity", "citizenship"):
        seen: dict[str, tuple[DocView, Fact]] = {}
        for view, fact in entity_facts:
            attributes = fact.data.get("attributes") or {}
            value = attributes.get(attribute) if isinstance(attributes, Mapping) else None
            if isinstance(value, str) and value.strip():
                seen.setdefault(value.strip().lower(), (view, fact))
        if len(seen) > 1:
            (va, (view_a, fact_a)), (vb, (view_b, fact_b)) = list(seen.items())[:2]
            ra = _entity_quote(view_a, fact_a)
            rb = _entity_quote(view_b, fact_b)
            out.append(Contradiction(kind="attribute", description=f"Sources differ on {attribute}: {va} / {vb}.",
                                     a=Quote(ra.quote, ra), b=Quote(rb.quote, rb)))
    return out


def _entity_quote(view: DocView, fact: Fact) -> SourceRef:
    if not fact.evidence:
        return ref_for_span(view.doc, None, fact_id=fact.id, quote=str(fact.data.get("name") or ""))
    first = fact.evidence[0]
    return ref_for_span(view.doc, sentence_at(view.doc.text, first.start, first.end), fact_id=fact.id)


def find_contradictions(views: Mapping[int, DocView], entity_facts: Sequence[tuple[DocView, Fact]],
                        events: Sequence[EventFact]) -> list[Contradiction]:
    """Every contradiction found about the person, ages first."""
    return [*_age_contradictions(age_statements(views, entity_facts)), *_date_contradictions(events),
            *_corrected_date_contradictions(events),
            *_duration_contradictions(events), *_order_contradictions(events),
            *_attribute_contradictions(entity_facts)]
