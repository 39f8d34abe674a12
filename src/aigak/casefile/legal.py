"""Legal status: asylum, proceedings, orders, the dates still ahead, and warnings for the lawyer."""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence

from aigak.casefile.dates import compare_dates, month_index, precision_of
from aigak.casefile.model import LegalStatus, NextDate, TimelineItem
from aigak.casefile.sources import DocView, ref_for_span, sentences_of

__all__ = [
    "FLAG_DEPORTED_WHILE_PENDING",
    "FLAG_RETURN_ORDER_WHILE_PENDING",
    "asylum_outcome",
    "build_legal_status",
    "person_status",
]

FLAG_RETURN_ORDER_WHILE_PENDING = ("An order to return the person stands while their asylum claim is pending "
                                   "(no decision recorded after the application).")
FLAG_DEPORTED_WHILE_PENDING = "The person was deported while an asylum claim was pending."
_ASYLUM = ("asylum_application", "asylum_decision")
_PROCEEDINGS = ("criminal_proceeding", "summons")
_ORDERS = ("deportation_order", "deportation")
_LEGAL_WORDS = re.compile(r"\b(court|hearing|appeal|deadline|trial|verdict|sentenc\w*|asylum|refugee|decision|"
                          r"deport\w*|extradit\w*|expel\w*|expulsion|case|migration|judge|tribunal|"
                          r"proceedings?|detention|release)\b", re.IGNORECASE)
_FUTURE_WORDS = re.compile(r"\b(scheduled|due|will|until|deadline|set for|is to|are to|expected|by)\b", re.IGNORECASE)
_REFUSED = re.compile(r"\b(refus\w*|reject\w*|turn\w* down|denied|den(y|ies)|dismiss\w*|lost|los(e|es|ing)|failed)\b",
                      re.IGNORECASE)
_GRANTED = re.compile(r"\b(grant\w*|extend\w*|recogni[sz]\w*|approv\w*|accepted)\b", re.IGNORECASE)
_STATUS_OF = {"detention": "detained", "arrest": "detained", "release": "released", "disappearance": "missing",
              "death": "dead", "deportation": "deported", "flight": "fled", "border_crossing": "fled",
              "arrival": "fled", "asylum_application": "asylum seeker", "house_arrest": "under house arrest"}
_WHAT_MAX = 200


def asylum_outcome(item: TimelineItem) -> str | None:
    """`refused` or `granted` for an asylum decision, read from its quotes; None when they do not say."""
    quotes = " ".join(s.quote for s in item.sources)
    if _REFUSED.search(quotes):
        return "refused"
    if _GRANTED.search(quotes):
        return "granted"
    return None


def person_status(timeline: Sequence[TimelineItem]) -> str | None:
    """Where the person stands, from the latest dated event that says so."""
    status: str | None = None
    for item in timeline:
        if item.start is None:
            continue
        if item.type == "asylum_decision":
            outcome = asylum_outcome(item)
            status = {"refused": "asylum refused", "granted": "refugee status"}.get(outcome or "", status)
        elif item.type in _STATUS_OF:
            if item.type == "release" and status in ("asylum seeker", "fled", "refugee status"):
                continue
            status = _STATUS_OF[item.type]
    return status


def _flags(asylum: Sequence[TimelineItem], orders: Sequence[TimelineItem]) -> list[str]:
    flags: list[str] = []
    applications = [i for i in asylum if i.type == "asylum_application"]
    decisions = [i for i in asylum if i.type == "asylum_decision"]
    if not applications:
        return flags
    last_application = max(applications, key=lambda i: month_index(i.start) or 0)
    later_decisions = [d for d in decisions if d.start is None or compare_dates(d.start, last_application.start) != -1]
    pending = not later_decisions
    if pending and any(o.type == "deportation_order" for o in orders):
        flags.append(FLAG_RETURN_ORDER_WHILE_PENDING)
    if pending and any(o.type == "deportation" and compare_dates(o.start, last_application.start) != -1
                       for o in orders if o.start):
        flags.append(FLAG_DEPORTED_WHILE_PENDING)
    return flags


def _is_ahead(date: str, reference: str, sentence: str) -> bool:
    order = compare_dates(date, reference)
    if order == 1:
        return True
    return order == 0 and precision_of(date) != "day" and _FUTURE_WORDS.search(sentence) is not None


def _next_dates(views: Mapping[int, DocView], items: Sequence[TimelineItem]) -> list[NextDate]:
    from aigak.extract.timex import TimeKind, find_time_expressions

    found: dict[tuple[str, str], NextDate] = {}
    for view in views.values():
        reference = view.reference_date
        if not reference:
            continue
        text = view.doc.text
        body_end = view.doc.body_end or len(text)
        for s, e in sentences_of(text[: body_end]):
            s = max(s, view.doc.body_start)
            if s >= e:
                continue
            sentence = text[s:e]
            if not _LEGAL_WORDS.search(sentence):
                continue
            try:
                expressions = find_time_expressions(sentence, reference_date=reference)
            except ValueError:
                continue
            for expr in expressions:
                if expr.kind is not TimeKind.DATE or not expr.value or expr.relation is not None:
                    continue
                if _is_ahead(expr.value, reference, sentence):
                    what = " ".join(sentence.split())
                    key = (expr.value, what.lower())  # a republished sentence is one date, not two
                    if key not in found:
                        shown = what if len(what) <= _WHAT_MAX else what[: _WHAT_MAX - 1] + "…"
                        found[key] = NextDate(expr.value, shown, ref_for_span(view.doc, (s, e)))
    for item in items:
        for ref in item.sources:
            source_view = views.get(ref.document_id)
            if source_view is None or not source_view.reference_date:
                continue
            for date in (item.start, item.end):
                if not date or compare_dates(date, source_view.reference_date) != 1:
                    continue
                if any(key[0] == date for key in found):
                    continue
                what = f"{item.type.replace('_', ' ')}: {ref.quote}"
                found[(date, what.lower())] = NextDate(date, what, ref)
    return sorted(found.values(), key=lambda n: (month_index(n.date) or 0, n.date, n.source.document_id))


def build_legal_status(views: Mapping[int, DocView], timeline: Sequence[TimelineItem]) -> LegalStatus:
    """The legal side of the case: asylum, proceedings and orders from the timeline, dates ahead, flags."""
    asylum = tuple(i for i in timeline if i.type in _ASYLUM)
    proceedings = tuple(i for i in timeline if i.type in _PROCEEDINGS)
    orders = tuple(i for i in timeline if i.type in _ORDERS)
    return LegalStatus(asylum=asylum, proceedings=proceedings, orders=orders,
                       next_dates=tuple(_next_dates(views, [*asylum, *proceedings, *orders])),
                       flags=tuple(_flags(asylum, orders)))
