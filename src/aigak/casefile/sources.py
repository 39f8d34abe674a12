"""The sources of a case file: quotes and sentences, and which documents are one story republished."""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field

from aigak.casefile.model import SourceInfo, SourceRef
from aigak.core.models import Fact, SourceDocument

__all__ = ["DocView", "independent_groups", "ref_for_fact", "ref_for_span", "sentence_at", "sentences_of", "source_infos"]

_SENTENCE_END = re.compile(r"(?<=[.!?…])[\"'”’»)]*\s+|\n\s*\n|\n(?=[A-ZА-ЯӘҒҚҢӨҰҮҺІ\"“«])")
_SHINGLE = 5
_SAME_STORY_JACCARD = 0.5
_QUOTE_MAX = 400


@dataclass(slots=True)
class DocView:
    """One source as the case file reads it: the document, its live facts, and the person's ids in it.

    Attributes:
        doc: the document.
        facts: its facts that are not rejected, by local id.
        person_lids: the local ids of the case file's person in this document.
        reference_date: when it was written (extraction's reference date, else published).
    """

    doc: SourceDocument
    facts: dict[str, Fact]
    person_lids: set[str] = field(default_factory=set)

    @property
    def reference_date(self) -> str | None:
        return self.doc.reference_date or self.doc.published


def sentences_of(text: str) -> list[tuple[int, int]]:
    """Sentence spans of a text (a simple splitter: enough to quote a fact in its sentence)."""
    spans: list[tuple[int, int]] = []
    start = 0
    for m in _SENTENCE_END.finditer(text):
        if m.start() > start:
            spans.append((start, m.start()))
        start = m.end()
    if start < len(text):
        spans.append((start, len(text)))
    return spans


def sentence_at(text: str, start: int, end: int | None = None) -> tuple[int, int]:
    """The span of the sentence(s) around [start, end)."""
    end = start if end is None else end
    s0, e0 = start, end
    for s, e in sentences_of(text):
        if s <= start < e or (start == e and s <= start):
            s0 = s
        if s < end <= e:
            e0 = e
            break
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


def _shingles(text: str) -> set[tuple[str, ...]]:
    words = re.findall(r"\w+", text.lower())
    return {tuple(words[i:i + _SHINGLE]) for i in range(max(0, len(words) - _SHINGLE + 1))}


def independent_groups(docs: Sequence[SourceDocument]) -> dict[int, int]:
    """For each document, the lowest id of the documents that tell the same story (a republication).

    Two documents are one story when their bodies share at least half of their five-word shingles
    (Jaccard), or when they carry the same title.
    """
    ordered = sorted(docs, key=lambda d: d.id)
    parent = {d.id: d.id for d in ordered}

    def find(x: int) -> int:
        while parent[x] != x:
            parent[x] = parent[parent[x]]
            x = parent[x]
        return x

    shingles = {d.id: _shingles(d.text[d.body_start:d.body_end]) for d in ordered}
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
