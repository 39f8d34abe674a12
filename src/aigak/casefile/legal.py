"""Legal status: asylum, proceedings, orders, the dates still ahead, and warnings for the lawyer."""

from __future__ import annotations

import bisect
import calendar
import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date, timedelta

from aigak.casefile.about import TextReader, sentences_about
from aigak.casefile.dates import compare_dates, month_index, precision_of
from aigak.casefile.model import Appeal, LegalStatus, NextDate, OrderChange, SourceRef, TimelineItem
from aigak.casefile.outcomes import ANNULLING, GRANTED, REFUSED, REOPENED, read_asylum_outcome
from aigak.casefile.sources import DocView, ref_for_span, sentences_of
from aigak.casefile.timeline import EventFact
from aigak.core.models import FactKind
from aigak.extract.timex_types import TimeExpression, TimeKind

__all__ = [
    "FLAG_DEPORTED_WHILE_PENDING",
    "FLAG_RETURN_ORDER_WHILE_APPEAL_PENDING",
    "FLAG_RETURN_ORDER_WHILE_PENDING",
    "FLAG_RETURN_ORDER_WHILE_REOPENED",
    "asylum_outcome",
    "build_legal_status",
    "person_status",
]

FLAG_RETURN_ORDER_WHILE_PENDING = ("An order to return the person stands while their asylum claim is pending "
                                   "(no decision recorded after the application).")
FLAG_RETURN_ORDER_WHILE_APPEAL_PENDING = ("An order to return the person stands while their appeal against the "
                                          "asylum refusal is pending (a source after the decision says it is "
                                          "appealed, and no later decision is recorded).")
FLAG_RETURN_ORDER_WHILE_REOPENED = ("An order to return the person stands while their asylum claim is pending "
                                    "again (a refusal was annulled or overturned, and no later decision is "
                                    "recorded).")
FLAG_DEPORTED_WHILE_PENDING = "The person was deported while an asylum claim was pending."
_ASYLUM = ("asylum_application", "asylum_decision")
_PROCEEDINGS = ("criminal_proceeding", "summons")
_ORDERS = ("deportation_order", "deportation")
_LEGAL_WORDS = re.compile(r"\b(court|hearing|appeal|deadline|trial|verdict|sentenc\w*|asylum|refugee|decision|"
                          r"deport\w*|extradit\w*|expel\w*|expulsion|case|migration|judge|tribunal|"
                          r"proceedings?|detention|release)\b", re.IGNORECASE)
_FUTURE_WORDS = re.compile(r"\b(scheduled|due|will|until|deadline|set for|is to|are to|expected|by)\b", re.IGNORECASE)
_STATUS_OF = {"detention": "detained", "arrest": "detained", "release": "released", "disappearance": "missing",
              "death": "dead", "deportation": "deported", "flight": "fled", "border_crossing": "fled",
              "arrival": "fled", "asylum_application": "asylum seeker", "house_arrest": "under house arrest"}
_WHAT_MAX = 200
_APPEAL_UNDER_WAY = re.compile(r"\b(appeal\w*\b[^.;]*\b(?:pending|lodged|filed|submitted|under way|underway|"
                               r"ongoing|not yet (?:been )?(?:heard|decided))|(?:has|have|had) appealed|"
                               r"(?:filed|lodged|submitted|launched)\s+(?:an?\s+|the\s+|her\s+|his\s+|their\s+)?"
                               r"(?:\w+\s+)?appeal|"
                               r"appealed against|(?:will|would|to|shall|is going to|are going to) appeal|"
                               r"appeal (?:hearing|court)|court of appeal)\b", re.IGNORECASE)
"""An appeal lodged, pending, heard or announced."""
_APPEAL_FILED = re.compile(r"\b(?:filed|lodged|submitted|launched)\s+(?:an?\s+|the\s+|her\s+|his\s+|their\s+)?"
                           r"(?:\w+\s+)?appeal|\b(?:has|have|had)\s+(?:already\s+)?appealed|\bappealed\s+against|"
                           r"\bappeal\w*\b[^.;]*\b(?:was|were|has been|had been)\s+(?:lodged|filed|submitted)",
                           re.IGNORECASE)
_APPEAL_PENDING = re.compile(r"\bappeal\w*\b[^.;]*\b(?:pending|under ?way|ongoing|not yet (?:been )?(?:heard|decided))",
                             re.IGNORECASE)
_APPEAL_ANNOUNCED = re.compile(r"\b(?:will|would|shall|is going to|are going to|plans? to|intends? to|decided to)\s+appeal\b",
                               re.IGNORECASE)
_APPEAL_DECIDED = re.compile(r"\bappeal\w*\b[^.;]*\b(?:dismissed|rejected|upheld|allowed|granted|refused|turned down)\b"
                             r"|\b(?:dismissed|rejected|upheld|allowed|granted|refused|turned down)\s+(?:\w+\s+){0,2}"
                             r"appeal", re.IGNORECASE)
"""An appeal decided: a decision, not an appeal still to list."""
_DATELINE_AFTER = re.compile(r"^\s*[—–-]")
_FILED_DATE_AFTER_CHARS = 60
_FILED_DATE_BEFORE_CHARS = 40
_DEADLINE_BEFORE = re.compile(r"\b(within|no later than|not later than|has|have|had)\s+(?:the\s+next\s+)?$",
                              re.IGNORECASE)
_DEADLINE_WORDS = re.compile(r"\b(appeal\w*|deadline|lodge|file|object\w*|complain\w*|challenge|leave|"
                             r"depart\w*|apply|submit)\b", re.IGNORECASE)
_ASYLUM_WORDS = re.compile(r"\b(asylum|refugee|refus\w*|protection)\b", re.IGNORECASE)
_DEADLINE_FROM = frozenset({"asylum_decision", "deportation_order", "criminal_proceeding", "summons"})
_APPEALED_STEP = ((re.compile(r"\b(?:refus\w*|reject\w*|asylum|refugee|protection)\b", re.IGNORECASE), "asylum_decision"),
                  (re.compile(r"\b(?:verdict|sentences?|conviction|judg(?:e)?ments?)\b", re.IGNORECASE),
                   "criminal_proceeding"),
                  (re.compile(r"\b(?:deportation|expulsion|extradition|removal|return)\s+orders?\b", re.IGNORECASE),
                   "deportation_order"),
                  (re.compile(r"\bsummons\b", re.IGNORECASE), "summons"))
"""What a deadline's sentence says is to be appealed: "appeal the refusal within 30 days" runs from the
asylum decision, "the verdict may be appealed within 15 days" from the judgment, whatever was told last."""
_ORDER_NOUN = r"(?:deportation|extradition|expulsion|removal|return order)"
_UNDOING = rf"(?:suspend\w*|halt\w*|stayed|{ANNULLING})"
_ORDER_UNDONE = re.compile(rf"\b{_ORDER_NOUN}\b[^.;]{{0,80}}?\b(?P<after>{_UNDOING})(?!\w)"
                           rf"|\b(?P<before>{_UNDOING})(?!\w)[^.;]{{0,40}}?\b{_ORDER_NOUN}\b", re.IGNORECASE)
"""A sentence saying an order to return the person was suspended, halted or overturned ("The deportation
order was suspended on 29 July 2022", "the court quashed the extradition order", "halted his deportation")."""
_NOT_UNDONE = re.compile(r"\b(not|never|no longer|refus\w*|declin\w*|reject\w*|denied|den(?:y|ies)|"
                         r"dismiss\w*|failed|without)\b|n't\b", re.IGNORECASE)
_SUSPENDED = re.compile(r"^(suspend|halt|stay)", re.IGNORECASE)


def asylum_outcome(item: TimelineItem) -> str | None:
    """`refused`, `granted` or `reopened` (a refusal annulled or overturned) for an asylum decision, read
    from its quotes (`aigak.casefile.outcomes`); None when they do not say."""
    if item.outcome is not None:
        return item.outcome
    return read_asylum_outcome(" ".join(s.quote for s in item.sources))


def person_status(timeline: Sequence[TimelineItem]) -> str | None:
    """Where the person stands, from the latest dated event that says so."""
    status: str | None = None
    for item in timeline:
        if item.start is None:
            continue
        if item.type == "asylum_decision":
            outcome = asylum_outcome(item)
            # a refusal annulled or overturned leaves the claim open again: an asylum seeker once more
            status = {REFUSED: "asylum refused", GRANTED: "refugee status",
                      REOPENED: "asylum seeker"}.get(outcome or "", status)
        elif item.type in _STATUS_OF:
            if item.type == "release" and status in ("asylum seeker", "fled", "refugee status"):
                continue
            status = _STATUS_OF[item.type]
    return status


def _appeal_after_refusal(asylum: Sequence[TimelineItem], appeals: Sequence[tuple[str, str]]) -> bool:
    """Whether the last asylum decision was a refusal that a later source says is appealed (or to be),
    with no decision recorded after that source."""
    decisions = [d for d in asylum if d.type == "asylum_decision" and d.start]
    if not decisions or not appeals:
        return False
    last = max(decisions, key=lambda d: (month_index(d.start) or 0, d.start or ""))
    if asylum_outcome(last) in (GRANTED, REOPENED):
        return False
    return any(compare_dates(written, last.start) != -1 for written, _ in appeals)


def _flags(asylum: Sequence[TimelineItem], orders: Sequence[TimelineItem],
           appeals: Sequence[tuple[str, str]] = (),
           order_changes: Sequence[tuple[OrderChange, str]] = ()) -> list[str]:
    flags: list[str] = []
    applications = [i for i in asylum if i.type == "asylum_application"]
    decisions = [i for i in asylum if i.type == "asylum_decision"]
    if not applications and not decisions:
        return flags
    if applications:
        last_application = max(applications, key=lambda i: month_index(i.start) or 0)
        later_decisions = [d for d in decisions
                           if d.start is None or compare_dates(d.start, last_application.start) != -1]
        pending = not later_decisions
    else:
        last_application, pending = None, False
    dated = [d for d in decisions if d.start]
    last_decision = max(dated, key=lambda d: (month_index(d.start) or 0, d.start or ""), default=None)
    reopened = not pending and last_decision is not None and asylum_outcome(last_decision) == REOPENED
    on_appeal = not pending and not reopened and _appeal_after_refusal(asylum, appeals)
    if _order_stands(orders, order_changes):
        if pending:
            flags.append(FLAG_RETURN_ORDER_WHILE_PENDING)
        elif reopened:
            flags.append(FLAG_RETURN_ORDER_WHILE_REOPENED)
        elif on_appeal:
            flags.append(FLAG_RETURN_ORDER_WHILE_APPEAL_PENDING)
    if pending and last_application is not None and any(
            o.type == "deportation" and compare_dates(o.start, last_application.start) != -1
            for o in orders if o.start):
        flags.append(FLAG_DEPORTED_WHILE_PENDING)
    return flags


def _is_ahead(date: str, reference: str, sentence: str) -> bool:
    order = compare_dates(date, reference)
    if order == 1:
        return True
    return order == 0 and precision_of(date) != "day" and _FUTURE_WORDS.search(sentence) is not None


def _add_period(start: date, years: int, months: int, days: int) -> date:
    total = start.year * 12 + start.month - 1 + years * 12 + months
    year, month = divmod(total, 12)
    day = min(start.day, calendar.monthrange(year, month + 1)[1])
    return date(year, month + 1, day) + timedelta(days=days)


@dataclass(slots=True)
class _Reading:
    """What the sentences about the person say of the legal steps: dates ahead, deadlines, appeals."""

    found: dict[tuple[str, str], NextDate] = field(default_factory=dict)
    appeals: list[tuple[str, str]] = field(default_factory=list)
    order_changes: dict[tuple[str | None, str], tuple[OrderChange, str]] = field(default_factory=dict)
    """Orders suspended or overturned, each with the date its source was written."""
    listed_appeals: dict[str, Appeal] = field(default_factory=dict)
    """Appeals against a refusal to list, by their sentence (a republished sentence is one appeal)."""

    def add(self, when: str, what: str, ref: SourceRef) -> None:
        what = " ".join(what.split())
        key = (when, what.lower())  # a republished sentence is one date, not two
        if key not in self.found:
            shown = what if len(what) <= _WHAT_MAX else what[: _WHAT_MAX - 1] + "…"
            self.found[key] = NextDate(when, shown, ref)


def _anchor(view: DocView, events: Sequence[EventFact], sentence_end: int, sentence: str = "") -> EventFact | None:
    """The decision a deadline runs from: the last decision, order or proceeding of the person that this
    source tells before the deadline's sentence ends, dated to the day (as this source dates it); the last
    of the kind the sentence names when it names one ("appeal the refusal" after a deportation order
    runs from the refusal)."""
    told = [ev for ev in events if ev.view.doc.id == view.doc.id and ev.type in _DEADLINE_FROM
            and ev.start and ev.ref.span is not None and ev.ref.span[0] < sentence_end]
    named = {kind for words, kind in _APPEALED_STEP if words.search(sentence)}
    told = [ev for ev in told if ev.type in named] or told
    last = max(told, key=lambda ev: ev.ref.span[0] if ev.ref.span is not None else 0, default=None)
    # "In December the police gave me a paper ordering me to leave within ten days": the order is known
    # only to the month, so the deadline cannot be counted, and an older step's day must not stand in
    return last if last is not None and precision_of(last.start) == "day" else None


def _after_asylum_decision(view: DocView, events: Sequence[EventFact], sentence_start: int) -> bool:
    """Whether the last legal step of the person this source tells before the sentence is an asylum
    decision (so "they would appeal" appeals against it)."""
    told = [ev for ev in events if ev.view.doc.id == view.doc.id and ev.type in _DEADLINE_FROM
            and ev.ref.span is not None and ev.ref.span[0] < sentence_start]
    last = max(told, key=lambda ev: ev.ref.span[0] if ev.ref.span is not None else 0, default=None)
    return last is not None and last.type == "asylum_decision"


def _lawyers_of(view: DocView) -> set[str]:
    """The local ids of the person's lawyers in this source, when they act for no one else in it."""
    clients_of: dict[str, set[str]] = {}
    for fact in view.facts.values():
        if fact.kind is FactKind.RELATION and fact.type == "lawyer":
            clients_of.setdefault(str(fact.data.get("to")), set()).add(str(fact.data.get("from")))
    return {lawyer for lawyer, clients in clients_of.items()
            if clients <= view.person_lids and lawyer not in view.person_lids}


def _tells_no_one_elses(reader: TextReader, s: int, e: int, party: set[str]) -> bool:
    """Whether a sentence names, and tells the events of, no one outside `party`."""
    if any(m.lid not in party for m in reader.named_in(s, e)):
        return False
    return not any(f.kind is FactKind.EVENT and not party.intersection(str(x) for x in f.data.get("subjects") or [])
                   for f in reader.told_in(s, e))


def _legal_sentences(view: DocView) -> list[tuple[int, int]]:
    """The body sentences of a source on a legal matter of the person.

    Those about the person (`sentences_about`, following the legal thread), and, among the others:

    - a sentence about their lawyer (named as theirs in this source, acting for no one else in it) that
      names no one else: "Bekova said she would appeal within 30 days" after "his lawyer Aizhan Bekova";
    - a sentence naming no one that continues the last legal sentence of the source when that was the
      person's, across a paragraph break too: a lawyer's notes give each step its own paragraph ("We
      will appeal the refusal within 30 days. The appeal hearing will be held on 25 April 2022.").
    """
    lids = set(view.person_lids)
    about = set(sentences_about(view, lids, thread=_LEGAL_WORDS))
    lawyers = _lawyers_of(view)
    party = lids | lawyers
    text = view.doc.text
    body_start, body_end = view.doc.body_start, view.doc.body_end or len(text)
    reader: TextReader | None = None  # read for whom a sentence is about only when one needs it
    out: list[tuple[int, int]] = []
    last_was_theirs = False  # the last legal sentence so far was the person's
    sentences = sentences_of(text)
    starts = [s for s, _ in sentences]
    on_matter = sorted({i for m in _LEGAL_WORDS.finditer(text, body_start, body_end)
                        if (i := bisect.bisect_right(starts, m.start()) - 1) >= 0})
    for index in on_matter:  # only the sentences on a legal matter: one scan of a long report, not one a sentence
        s, e = max(sentences[index][0], body_start), min(sentences[index][1], body_end)
        if s >= e or _LEGAL_WORDS.search(text, s, e) is None:
            continue
        if (s, e) in about:
            theirs = True
        elif not lawyers and not last_was_theirs:
            theirs = False  # neither their lawyer's sentence nor one continuing theirs
        else:
            reader = reader or TextReader(view)
            named = reader.named_in(s, e)
            if named:
                theirs = any(m.lid in lawyers for m in named)
            else:
                has_pronoun, subject = reader.pronoun_subject(s, e)
                theirs = subject in lawyers if has_pronoun else last_was_theirs
            theirs = theirs and _tells_no_one_elses(reader, s, e, party)
        if theirs:
            out.append((s, e))
        last_was_theirs = theirs
    return out


def _read_sentences(views: Mapping[int, DocView], events: Sequence[EventFact]) -> _Reading:

    from aigak.extract.timex import find_time_expressions

    reading = _Reading()
    for view in views.values():
        reference = view.reference_date
        if not reference:
            continue
        text = view.doc.text
        for s, e in _legal_sentences(view):
            sentence = text[s:e]
            if not _LEGAL_WORDS.search(sentence):
                continue
            if _APPEAL_UNDER_WAY.search(sentence) and (_ASYLUM_WORDS.search(sentence) or _after_asylum_decision(
                    view, events, s)):
                reading.appeals.append((reference, sentence))
                is_appeal = True
            else:
                is_appeal = False
            try:
                expressions = find_time_expressions(sentence, reference_date=reference)
            except ValueError:
                continue
            if is_appeal:
                appeal = _appeal(sentence, expressions, reference, ref_for_span(view.doc, (s, e)))
                if appeal is not None:
                    reading.listed_appeals.setdefault(appeal.quote.lower(), appeal)
            undone = _order_undone(sentence)
            if undone is not None:
                # not an announced date: the date a suspension or annulment took effect
                when = next((x.value for x in expressions if x.kind is TimeKind.DATE and x.value
                             and x.relation is None), None)
                change = OrderChange(undone, when, " ".join(sentence.split()), ref_for_span(view.doc, (s, e)))
                reading.order_changes.setdefault((when, change.quote.lower()), (change, reference))
                continue
            for expr in expressions:
                if expr.kind is TimeKind.DATE and expr.value and expr.relation is None:
                    if _is_ahead(expr.value, reference, sentence):
                        reading.add(expr.value, sentence, ref_for_span(view.doc, (s, e)))
                elif (expr.kind is TimeKind.DURATION and expr.duration is not None
                      and _DEADLINE_BEFORE.search(sentence[max(0, expr.start - 30):expr.start])
                      and _DEADLINE_WORDS.search(sentence)):
                    anchor = _anchor(view, events, e, sentence)
                    day = _day(anchor.start) if anchor is not None and anchor.start else None
                    if anchor is None or day is None:
                        continue
                    d = expr.duration
                    due = _add_period(day, d.years, d.months, d.days + (1 if d.hours else 0))
                    what = (f"Deadline: {expr.text} from the {anchor.type.replace('_', ' ')} of {anchor.start} — "
                            f"{sentence}")
                    reading.add(due.isoformat(), what, ref_for_span(view.doc, (s, e)))
    return reading


def _appeal(sentence: str, expressions: Sequence[TimeExpression], reference: str,
            ref: SourceRef) -> Appeal | None:
    """The appeal a sentence tells of (filed, pending or announced), dated when it says when it was filed;
    None for a sentence that only names an appeal hearing or court, or tells how an appeal was decided."""
    if _APPEAL_DECIDED.search(sentence):
        return None
    filed = _APPEAL_FILED.search(sentence)
    if filed is not None:
        state = "filed"
    elif _APPEAL_PENDING.search(sentence):
        state = "pending"
    elif _APPEAL_ANNOUNCED.search(sentence):
        state = "announced"
    else:
        return None
    when: str | None = None
    if filed is not None:
        dates = [x for x in expressions if x.kind is TimeKind.DATE and x.value and x.relation is None
                 and not _DATELINE_AFTER.match(sentence[x.end:])]  # "ALMATY, 5 July 2023 —" is when it was written
        after = [x for x in dates if filed.end() <= x.start <= filed.end() + _FILED_DATE_AFTER_CHARS]
        before = [x for x in dates if filed.start() - _FILED_DATE_BEFORE_CHARS <= x.end <= filed.start()]
        chosen = after[0] if after else (before[-1] if before else None)
        when = chosen.value if chosen is not None else None
    return Appeal(state, when, reference, " ".join(sentence.split()), ref)


def _order_undone(sentence: str) -> str | None:
    """`suspended` or `overturned` when the sentence says an order to return someone was, else None."""
    m = _ORDER_UNDONE.search(sentence)
    if m is None or _NOT_UNDONE.search(sentence[max(0, m.start() - 30):m.end()]):
        return None
    verb = m.group("after") or m.group("before") or ""
    return "suspended" if _SUSPENDED.match(verb) else "overturned"


def _order_stands(orders: Sequence[TimelineItem], changes: Sequence[tuple[OrderChange, str]]) -> bool:
    """Whether an order to return the person stands: there is one, and no source says it was suspended
    or overturned after it was made (a change dated, or written, on or after the latest order)."""
    made = [o for o in orders if o.type == "deportation_order"]
    if not made:
        return False
    dated = [o.start for o in made if o.start]
    latest = max(dated, key=lambda d: (month_index(d) or 0, d)) if dated else None
    for change, written in changes:
        when = change.date or written
        if latest is None or compare_dates(when, latest) != -1:
            return False
    return True


def _day(value: str) -> date | None:
    try:
        return date.fromisoformat(value[:10])
    except ValueError:
        return None


def _known_until(views: Mapping[int, DocView], timeline: Sequence[TimelineItem]) -> str | None:
    """The latest date the sources speak from: their dates of writing, and events that had happened by then."""
    latest: str | None = None
    written = {v.doc.id: v.reference_date for v in views.values()}
    candidates = [d for d in written.values() if d]
    for item in timeline:
        if item.start and any(written.get(r.document_id) and compare_dates(item.start, written[r.document_id]) != 1
                              for r in item.sources):
            candidates.append(item.start)
    for value in candidates:
        if latest is None or compare_dates(value, latest) == 1:
            latest = value
    return latest


def _next_dates(views: Mapping[int, DocView], items: Sequence[TimelineItem], reading: _Reading,
                ) -> list[NextDate]:
    found = dict(reading.found)
    for item in items:
        for ref in item.sources:
            source_view = views.get(ref.document_id)
            if source_view is None or not source_view.reference_date:
                continue
            for when in (item.start, item.end):
                if not when or compare_dates(when, source_view.reference_date) != 1:
                    continue
                if any(key[0] == when for key in found):
                    continue
                what = f"{item.type.replace('_', ' ')}: {ref.quote}"
                found[(when, what.lower())] = NextDate(when, what, ref)
    return sorted(found.values(), key=lambda n: (month_index(n.date) or 0, n.date, n.source.document_id))


def build_legal_status(views: Mapping[int, DocView], timeline: Sequence[TimelineItem],
                       events: Sequence[EventFact] = (), *, today: date | None = None) -> LegalStatus:
    """The legal side of the case: asylum, proceedings and orders from the timeline, dates ahead, flags.

    A sentence about the person saying their order was suspended, halted or overturned is listed under
    `order_changes` (not as an announced date), and no "order stands" flag is raised for an order it
    postdates. A sentence telling of an appeal against an asylum refusal (filed, pending, announced)
    is listed under `appeals` with its date and quote.

    Dates ahead and deadlines come only from sentences on the person's case: about them
    (`aigak.casefile.about`), about their lawyer, or continuing their last legal sentence across a
    paragraph break (`_legal_sentences`). A deadline runs from the step its sentence names ("appeal the
    refusal"), else from the last one told before it. A date that has passed, by `today` or by what a
    later source or event tells, moves to `passed_dates`.

    Args:
        views: the person's sources.
        timeline: the person's timeline.
        events: the person's event facts (a deadline runs from the decision as its own source dates it).
        today: the day the case file is read on (default: today).
    """
    asylum = tuple(i for i in timeline if i.type in _ASYLUM)
    proceedings = tuple(i for i in timeline if i.type in _PROCEEDINGS)
    orders = tuple(i for i in timeline if i.type in _ORDERS)
    legal_items = [*asylum, *proceedings, *orders]
    reading = _read_sentences(views, events)
    now = (today or date.today()).isoformat()
    known = _known_until(views, timeline)
    ahead: list[NextDate] = []
    passed: list[NextDate] = []
    for n in _next_dates(views, legal_items, reading):
        is_past = compare_dates(n.date, now) == -1 or (known is not None and compare_dates(n.date, known) == -1)
        (passed if is_past else ahead).append(n)
    changes = sorted(reading.order_changes.values(), key=lambda cw: (month_index(cw[0].date or cw[1]) or 0,
                                                                      cw[0].date or cw[1]))
    appeals = sorted(reading.listed_appeals.values(),
                     key=lambda a: (month_index(a.date or a.as_of) or 0, a.date or a.as_of or ""))
    return LegalStatus(asylum=asylum, proceedings=proceedings, orders=orders, next_dates=tuple(ahead),
                       flags=tuple(_flags(asylum, orders, reading.appeals, changes)), passed_dates=tuple(passed),
                       order_changes=tuple(c for c, _ in changes), appeals=tuple(appeals))
