"""The sources of a case file: quotes and sentences, and which documents are one story republished."""

from __future__ import annotations

import bisect
import re
from collections.abc import Collection, Mapping, MutableMapping, Sequence
from dataclasses import dataclass, field
from functools import lru_cache

from aigak.casefile.model import SourceInfo, SourceRef
from aigak.core.models import Fact, FactKind, SourceDocument

__all__ = ["DocView", "EventIndex", "Shingles", "StatedDuration", "independent_groups", "ref_for_fact",
           "ref_for_span", "sentence_at", "sentences_of", "source_infos"]

_SENTENCE_END = re.compile(r"(?<=[.!?…])[\"'”’»)]*\s+|\n\s*\n|\n(?=[A-ZА-ЯӘҒҚҢӨҰҮҺІ\"“«])")
_SHINGLE = 5
_SAME_STORY_JACCARD = 0.5
_QUOTE_MAX = 400
_SPLIT_TEXTS_KEPT = 16


StatedDuration = tuple[tuple[int, int, int, int], SourceRef]
"""A duration a source states for an event (years, months, days, hours), and the sentence stating it."""


class EventIndex:
    """Which event facts of one document tell of whom: built on first use, and shared by every view of
    the document that a case file makes (the person's, and each relative's), so that finding a
    relative's events does not read the whole document again."""

    __slots__ = ("_by_subject", "durations")

    def __init__(self) -> None:
        self._by_subject: dict[str, list[tuple[int, Fact]]] | None = None
        self.durations: dict[int, StatedDuration | None] = {}
        """The duration each event fact's source states (`aigak.casefile.timeline.stated_duration`), by
        fact id, once read."""

    def events_about(self, facts: Mapping[str, Fact], lids: Collection[str]) -> list[Fact]:
        """The event facts among `facts` whose subjects include any of these local ids, in `facts` order."""
        if self._by_subject is None:
            by_subject: dict[str, list[tuple[int, Fact]]] = {}
            for order, fact in enumerate(facts.values()):
                if fact.kind is FactKind.EVENT:
                    for subject in dict.fromkeys(fact.data.get("subjects") or []):
                        if isinstance(subject, str):
                            by_subject.setdefault(subject, []).append((order, fact))
            self._by_subject = by_subject
        found = {order: fact for lid in lids for order, fact in self._by_subject.get(lid, ())}
        return [found[order] for order in sorted(found)]


@dataclass(slots=True)
class DocView:
    """One source as the case file reads it: the document, its live facts, and the person's ids in it.

    Attributes:
        doc: the document.
        facts: its facts that are not rejected, by local id.
        person_lids: the local ids of the case file's person in this document.
        events: who its event facts tell of; views of one document with the same `facts` may share it.
        reference_date: when it was written (extraction's reference date, else published).
    """

    doc: SourceDocument
    facts: dict[str, Fact]
    person_lids: set[str] = field(default_factory=set)
    events: EventIndex = field(default_factory=EventIndex, repr=False, compare=False)

    @property
    def reference_date(self) -> str | None:
        return self.doc.reference_date or self.doc.published


@dataclass(frozen=True, slots=True)
class _Sentences:
    """The sentence spans of one text, with their starts and ends for bisection."""

    spans: tuple[tuple[int, int], ...]
    starts: tuple[int, ...]
    ends: tuple[int, ...]


@lru_cache(maxsize=_SPLIT_TEXTS_KEPT)
def _split(text: str) -> _Sentences:
    # Kept per text: a case file asks for the sentence around every event and age it quotes, and
    # splitting a long report again for each one made its case file grow with the square of its size.
    spans: list[tuple[int, int]] = []
    start = 0
    for m in _SENTENCE_END.finditer(text):
        if m.start() > start:
            spans.append((start, m.start()))
        start = m.end()
    if start < len(text):
        spans.append((start, len(text)))
    return _Sentences(tuple(spans), tuple(s for s, _ in spans), tuple(e for _, e in spans))


def sentences_of(text: str) -> list[tuple[int, int]]:
    """Sentence spans of a text (a simple splitter: enough to quote a fact in its sentence)."""
    return list(_split(text).spans)


def sentence_at(text: str, start: int, end: int | None = None) -> tuple[int, int]:
    """The span of the sentence(s) around [start, end).

    The sentence that holds `start` (its end included) opens the span and the one that holds `end`
    (its start excluded) closes it; where no sentence holds one of them, the span keeps it as is.
    """
    end = start if end is None else end
    table = _split(text)
    # the sentence that closes the span: the first ending at or after `end`, if it began before it
    last = bisect.bisect_left(table.ends, end)
    if last == len(table.spans) or not table.starts[last] < end:
        last = len(table.spans)  # none: every sentence counts for the start
        e0 = end
    else:
        e0 = table.ends[last]
    # the sentence that opens the span: the one holding `start` (sentences never touch), if not after that
    first = bisect.bisect_right(table.starts, start) - 1
    s0 = table.starts[first] if 0 <= first <= last and first < len(table.spans) and start <= table.ends[first] \
        else start
    return s0, max(e0, end)


def ref_for_span(doc: SourceDocument, span: tuple[int, int] | None, *, fact_id: int | None = None,
                 quote: str | None = None) -> SourceRef:
    """A source reference quoting the document's text at a span."""
    if quote is None:
        quote = doc.text[span[0]:span[1]] if span is not None else ""
    quote = " ".join(quote.split())
    if len(quote) > _QUOTE_MAX:
        quote = quote[: _QUOTE_MAX - 1] + "…"
    return SourceRef(document_id=doc.id, sha256=doc.sha256, title=doc.title, quote=quote, span=span,
                     fact_id=fact_id)


def ref_for_fact(doc: SourceDocument, fact: Fact) -> SourceRef:
    """A source reference for a fact: its first evidence span (an unaligned fact has no quote)."""
    if not fact.evidence:
        return ref_for_span(doc, None, fact_id=fact.id)
    first = fact.evidence[0]
    return ref_for_span(doc, (first.start, first.end), fact_id=fact.id)


Shingles = frozenset[tuple[str, ...]]


def _shingles(doc: SourceDocument) -> Shingles:
    words = re.findall(r"\w+", doc.text[doc.body_start:doc.body_end].lower())
    return frozenset(tuple(words[i:i + _SHINGLE]) for i in range(max(0, len(words) - _SHINGLE + 1)))


def independent_groups(docs: Sequence[SourceDocument], *,
                       shingles_of: MutableMapping[int, Shingles] | None = None) -> dict[int, int]:
    """For each document, the lowest id of the documents that tell the same story (a republication).

    Two documents are one story when their bodies share at least half of their five-word shingles
    (Jaccard), or when they carry the same title.

    Args:
        docs: the documents.
        shingles_of: each document's shingles by id, filled as they are read, for a caller that
            compares overlapping sets of documents (a case file: the person's, then each relative's).
    """
    ordered = sorted(docs, key=lambda d: d.id)
    parent = {d.id: d.id for d in ordered}

    def find(x: int) -> int:
        while parent[x] != x:
            parent[x] = parent[parent[x]]
            x = parent[x]
        return x

    known = {} if shingles_of is None else shingles_of
    shingles: dict[int, Shingles] = {}
    if len(ordered) > 1:  # a single source has nothing to be compared with: its text is not read
        for d in ordered:
            if d.id not in known:
                known[d.id] = _shingles(d)
            shingles[d.id] = known[d.id]
    titles: dict[str, int] = {}
    for i, a in enumerate(ordered):
        title = " ".join((a.title or "").lower().split())
        if len(title) > 12:
            if title in titles:
                parent[find(a.id)] = find(titles[title])
            else:
                titles[title] = a.id
        for b in ordered[i + 1:]:
            sa, sb = shingles[a.id], shingles[b.id]
            if sa and sb and len(sa & sb) / len(sa | sb) >= _SAME_STORY_JACCARD:
                ra, rb = find(a.id), find(b.id)
                parent[max(ra, rb)] = min(ra, rb)
    return {d.id: find(d.id) for d in ordered}


def source_infos(views: Mapping[int, DocView], groups: Mapping[int, int]) -> tuple[SourceInfo, ...]:
    """The case file's source list, in document order."""
    return tuple(SourceInfo(document_id=v.doc.id, sha256=v.doc.sha256, title=v.doc.title, filename=v.doc.filename,
                            published=v.doc.published, reference_date=v.reference_date,
                            independent_group=groups[v.doc.id]) for _, v in sorted(views.items()))
