"""The case file of one person, as a tree of frozen records, and its dict form for the web and exports.

`case_file_to_dict` gives the shape that the web app and the exports read (keys may be added, never
renamed or removed):

    {"person": {...}, "relatives": [...], "timeline": [...], "legal_status": {...},
     "contradictions": [...], "sources": [...]}
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

__all__ = [
    "Appeal",
    "CaseFile",
    "Contradiction",
    "Identity",
    "LegalStatus",
    "NameEntry",
    "NextDate",
    "OrderChange",
    "Quote",
    "Relative",
    "SourceInfo",
    "SourceRef",
    "TimelineItem",
    "case_file_to_dict",
]


@dataclass(frozen=True, slots=True)
class SourceRef:
    """Where a fact is written: the document, its hash and title, the quoted words and their span.

    Attributes:
        document_id: the source document.
        sha256: its hash (identifies the exact bytes).
        title: its title, if known.
        quote: the words of the source that support the fact.
        span: `(start, end)` of the quote in the document's text, or None when unaligned.
        fact_id: the fact this reference backs (None for a quote found by the case file itself).
    """

    document_id: int
    sha256: str
    title: str | None
    quote: str
    span: tuple[int, int] | None
    fact_id: int | None = None


@dataclass(frozen=True, slots=True)
class NameEntry:
    """One way the person's name is written, in which script, and which documents write it so."""

    name: str
    script: str
    document_ids: tuple[int, ...]


@dataclass(frozen=True, slots=True)
class Identity:
    """Who the person is.

    Attributes:
        id: the person's id in the registry.
        name: the name shown (the fullest, most used Latin form).
        names: every form of the name with its sources.
        age: the age the latest source gives, and `age_as_of` the date of that source.
        birth_year: stated, or worked out from an age and its source's date.
        gender, ethnicity, citizenship: what the sources say (most of them, when they disagree).
        home_place: the home place the sources give, if any.
        status: where the person stands, from the latest event (`detained`, `released`, `missing`,
            `fled`, `asylum seeker`, `refugee status`, `asylum refused`, `deported`, `dead`); a refusal
            later annulled or overturned makes them an `asylum seeker` again.
        fact_ids: the entity facts (one per source) that name the person.
    """

    id: int
    name: str
    names: tuple[NameEntry, ...]
    age: int | None
    age_as_of: str | None
    birth_year: int | None
    gender: str | None
    ethnicity: str | None
    citizenship: str | None
    home_place: str | None
    status: str | None
    fact_ids: tuple[int, ...]


@dataclass(frozen=True, slots=True)
class Relative:
    """A relative or associate, and what is known of their own situation.

    Attributes:
        relation: how they are related, seen from the person (`child` = the person's child).
        person_id: the relative's own person in the registry, when they have one.
        name: their name, when a source gives it.
        description: how the sources describe them ("younger brother").
        age: their age in the latest source that gives it.
        status: `detained`, `released`, `missing`, `dead`, `restricted`, `asylum seeker`, ... or None:
            read from the relative's own record (their events in every source that names them, and
            what those sources say of them alone), so it is the same in every case file that lists them.
        in_country_of_persecution: True when a source places them there (left behind, still held),
            False when they left it, None when unknown (read the same way as the status).
        sources: the relation facts behind it.
        corroboration: how many independent sources name this relative.
    """

    relation: str
    person_id: int | None
    name: str | None
    description: str | None
    age: int | None
    status: str | None
    in_country_of_persecution: bool | None
    sources: tuple[SourceRef, ...]
    corroboration: int = 1


@dataclass(frozen=True, slots=True)
class TimelineItem:
    """One event in the person's life, joined across the sources that tell it.

    Attributes:
        fact_ids: the event facts joined here.
        type: the event type (FORMAT.md vocabulary).
        start, end: ISO dates at the precision the sources support.
        precision: `day`, `month` or `year` (of `start`), None when undated.
        duration: the span from start to end in words ("4 years 8 months"), or a stated duration.
        place: where it happened.
        review_status: `confirmed`, `edited` or `proposed`.
        original: the record before a reviewer's edit, when edited.
        sources: the quotes behind it, one per fact.
        corroboration: how many independent sources tell it (republications count once).
        subjects: the names of everyone it happened to (for shared events); the person is named as the
            case file names them, whichever spelling each source uses.
        amount: the amount involved (a fine), when given.
        disputed_dates: other start dates that other sources give for this same event (the shown
            `start` has the most independent sources); each is listed as a `dates` contradiction too.
        outcome: for an asylum decision, what it decided as its sources word it: `refused`, `granted`,
            `reopened` (a refusal annulled, overturned or set aside: the claim is open again), or None.
    """

    fact_ids: tuple[int, ...]
    type: str
    start: str | None
    end: str | None
    precision: str | None
    duration: str | None
    place: str | None
    review_status: str
    original: dict[str, Any] | None
    sources: tuple[SourceRef, ...]
    corroboration: int
    subjects: tuple[str, ...] = ()
    amount: dict[str, Any] | None = None
    disputed_dates: tuple[str, ...] = ()
    outcome: str | None = None


@dataclass(frozen=True, slots=True)
class NextDate:
    """A date a source gives as still ahead when it was written: a hearing, a deadline, a decision due."""

    date: str
    what: str
    source: SourceRef


@dataclass(frozen=True, slots=True)
class OrderChange:
    """An order to return the person that a source says was suspended or overturned since.

    Attributes:
        outcome: `suspended` (suspended, halted, stayed) or `overturned` (overturned, cancelled,
            quashed, annulled, set aside, revoked).
        date: when, as the sentence dates it (None when it does not).
        quote: the sentence that says so.
        source: where it says so.
    """

    outcome: str
    date: str | None
    quote: str
    source: SourceRef


@dataclass(frozen=True, slots=True)
class Appeal:
    """An appeal against an asylum refusal that a source says was filed, is pending, or will be lodged.

    Attributes:
        state: `filed` ("filed an appeal on 3 July 2023", "has appealed"), `pending` ("her appeal ... is
            still pending") or `announced` ("they would appeal").
        date: when it was filed, as the sentence dates it (None when it does not).
        as_of: the date the source was written.
        quote: the sentence that says so.
        source: where it says so.
    """

    state: str
    date: str | None
    as_of: str | None
    quote: str
    source: SourceRef


@dataclass(frozen=True, slots=True)
class LegalStatus:
    """Asylum, proceedings and orders, the dates ahead, and warnings for the lawyer.

    Attributes:
        next_dates: dates still ahead: after the day the case file is built and after everything a
            later source or event tells.
        passed_dates: dates a source gave as ahead that have passed since (today, or a later source).
        order_changes: orders the sources say were suspended or overturned (no order then stands).
        appeals: appeals against an asylum refusal the sources tell of, in date order.
    """

    asylum: tuple[TimelineItem, ...]
    proceedings: tuple[TimelineItem, ...]
    orders: tuple[TimelineItem, ...]
    next_dates: tuple[NextDate, ...]
    flags: tuple[str, ...]
    passed_dates: tuple[NextDate, ...] = ()
    order_changes: tuple[OrderChange, ...] = ()
    appeals: tuple[Appeal, ...] = ()


@dataclass(frozen=True, slots=True)
class Quote:
    """One side of a contradiction: what a source says, and where."""

    quote: str
    source: SourceRef


@dataclass(frozen=True, slots=True)
class Contradiction:
    """Two statements that cannot both be true, each with its quote.

    Attributes:
        kind: `age`, `duration`, `order` (a release before the arrest), `dates` (sources give different
            dates for one event), or `attribute`.
        description: what disagrees, in words.
        a, b: the two statements.
    """

    kind: str
    description: str
    a: Quote
    b: Quote


@dataclass(frozen=True, slots=True)
class SourceInfo:
    """A document the case file draws on.

    Attributes:
        independent_group: documents telling the same story (republications) share this number
            (the lowest document id of the group); corroboration counts groups, not documents.
    """

    document_id: int
    sha256: str
    title: str | None
    filename: str
    published: str | None
    reference_date: str | None
    independent_group: int


@dataclass(frozen=True, slots=True)
class CaseFile:
    """Everything known about one person, with its sources."""

    person: Identity
    relatives: tuple[Relative, ...]
    timeline: tuple[TimelineItem, ...]
    legal_status: LegalStatus
    contradictions: tuple[Contradiction, ...]
    sources: tuple[SourceInfo, ...]
    possible_matches: tuple[dict[str, Any], ...] = ()


def _ref(r: SourceRef) -> dict[str, Any]:
    return {"document_id": r.document_id, "sha256": r.sha256, "title": r.title, "quote": r.quote,
            "span": list(r.span) if r.span is not None else None, "fact_id": r.fact_id}


def _item(t: TimelineItem) -> dict[str, Any]:
    return {"fact_ids": list(t.fact_ids), "type": t.type, "start": t.start, "end": t.end,
            "precision": t.precision, "duration": t.duration, "place": t.place, "review_status": t.review_status,
            "original": t.original, "sources": [_ref(s) for s in t.sources], "corroboration": t.corroboration,
            "subjects": list(t.subjects), "amount": t.amount, "disputed_dates": list(t.disputed_dates),
            "outcome": t.outcome}


def case_file_to_dict(cf: CaseFile) -> dict[str, Any]:
    """The case file as plain JSON-ready data (the shape the web app and exports read)."""
    p = cf.person
    return {
        "person": {"id": p.id, "name": p.name,
                   "names": [{"name": n.name, "script": n.script, "document_ids": list(n.document_ids)}
                             for n in p.names],
                   "age": p.age, "age_as_of": p.age_as_of, "birth_year": p.birth_year, "gender": p.gender,
                   "ethnicity": p.ethnicity, "citizenship": p.citizenship, "home_place": p.home_place,
                   "status": p.status, "fact_ids": list(p.fact_ids)},
        "relatives": [{"relation": r.relation, "person_id": r.person_id, "name": r.name,
                       "description": r.description, "age": r.age, "status": r.status,
                       "in_country_of_persecution": r.in_country_of_persecution,
                       "sources": [_ref(s) for s in r.sources], "corroboration": r.corroboration}
                      for r in cf.relatives],
        "timeline": [_item(t) for t in cf.timeline],
        "legal_status": {"asylum": [_item(t) for t in cf.legal_status.asylum],
                         "proceedings": [_item(t) for t in cf.legal_status.proceedings],
                         "orders": [_item(t) for t in cf.legal_status.orders],
                         "next_dates": [{"date": n.date, "what": n.what, "source": _ref(n.source)}
                                        for n in cf.legal_status.next_dates],
                         "passed_dates": [{"date": n.date, "what": n.what, "source": _ref(n.source)}
                                          for n in cf.legal_status.passed_dates],
                         "order_changes": [{"outcome": c.outcome, "date": c.date, "quote": c.quote,
                                            "source": _ref(c.source)} for c in cf.legal_status.order_changes],
                         "appeals": [{"state": a.state, "date": a.date, "as_of": a.as_of, "quote": a.quote,
                                      "source": _ref(a.source)} for a in cf.legal_status.appeals],
                         "flags": list(cf.legal_status.flags)},
        "contradictions": [{"kind": c.kind, "description": c.description,
                            "a": {"quote": c.a.quote, "source": _ref(c.a.source)},
                            "b": {"quote": c.b.quote, "source": _ref(c.b.source)}} for c in cf.contradictions],
        "sources": [{"document_id": s.document_id, "sha256": s.sha256, "title": s.title, "filename": s.filename,
                     "published": s.published, "reference_date": s.reference_date,
                     "independent_group": s.independent_group} for s in cf.sources],
        "possible_matches": [dict(m) for m in cf.possible_matches],
    }
