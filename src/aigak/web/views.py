"""What pages and the API show of stored records: facts with names resolved, highlighted text, excerpts."""

from __future__ import annotations

import bisect
import itertools
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

from aigak.core.models import Fact, FactKind, ReviewStatus, SourceDocument

__all__ = [
    "Excerpt",
    "Segment",
    "document_view",
    "excerpt",
    "fact_view",
    "highlight_segments",
    "kind_class",
    "names_by_local_id",
]

EXCERPT_CHARS = 260
_ENTITY_CLASSES = {"person": "person", "organization": "org", "place": "place"}


def kind_class(fact: Fact) -> str:
    """The CSS class a fact is highlighted with: person, org, place, entity, event, relation, amount."""
    if fact.kind is FactKind.ENTITY:
        return _ENTITY_CLASSES.get(fact.type, "entity")
    return fact.kind.value


def names_by_local_id(facts: Iterable[Fact]) -> dict[str, str]:
    """The document's entities by their local id (`p1`, `l2`), named (or described) for display."""
    out: dict[str, str] = {}
    for f in facts:
        if f.kind is FactKind.ENTITY:
            out[f.local_id] = str(f.data.get("name") or f.data.get("description") or f.local_id)
    return out


def _names(ids: Any, names: Mapping[str, str]) -> list[str]:
    if not isinstance(ids, list):
        return []
    return [names.get(str(i), str(i)) for i in ids]


def _label(fact: Fact, names: Mapping[str, str]) -> str:
    d = fact.data
    if fact.kind is FactKind.ENTITY:
        return str(d.get("name") or d.get("description") or f"unnamed {fact.type}")
    if fact.kind is FactKind.EVENT:
        who = ", ".join(_names(d.get("subjects"), names))
        return fact.type.replace("_", " ") + (f": {who}" if who else "")
    if fact.kind is FactKind.RELATION:
        a, b = names.get(str(d.get("from")), str(d.get("from"))), names.get(str(d.get("to")), str(d.get("to")))
        return f"{a} → {fact.type} → {b}"
    value = d.get("value")
    shown = f"{value:,}" if isinstance(value, (int, float)) else str(value)
    return f"{shown} {d.get('currency') or ''}".strip()


def fact_view(fact: Fact, names: Mapping[str, str], text: str | None = None) -> dict[str, Any]:
    """A fact as pages and the API show it: label, names resolved, dates, quotes of its evidence."""
    d = fact.data
    place = d.get("place")
    quotes = [text[s.start:s.end] for s in fact.evidence if text is not None and s.end <= len(text)]
    raw_attributes = d.get("attributes")
    attributes: Mapping[str, Any] = raw_attributes if isinstance(raw_attributes, Mapping) else {}
    return {
        "id": fact.id,
        "document_id": fact.document_id,
        "kind": fact.kind.value,
        "type": fact.type,
        "css": kind_class(fact),
        "label": _label(fact, names),
        "status": fact.status.value,
        "confidence": round(float(fact.confidence), 3),
        "backend": fact.backend,
        "start": d.get("start") if fact.kind is FactKind.EVENT else None,
        "end": d.get("end") if fact.kind is FactKind.EVENT else None,
        "subjects": _names(d.get("subjects"), names),
        "subject_ids": [str(s) for s in d.get("subjects") or []] if isinstance(d.get("subjects"), list) else [],
        "place": names.get(str(place), str(place)) if place else None,
        "place_id": str(place) if place else None,
        "attributes": {str(k): v for k, v in attributes.items()},
        "evidence": [s.as_list() for s in fact.evidence],
        "quotes": quotes,
        "data": dict(d),
        "original": dict(fact.original) if fact.original is not None else None,
        "reviewed_by": fact.reviewed_by,
        "reviewed_at": fact.reviewed_at.isoformat() if fact.reviewed_at else None,
        "is_unaligned": not fact.evidence,
    }


@dataclass(slots=True)
class Segment:
    """A run of text covered by the same facts.

    Attributes:
        text: the characters.
        facts: ids of the facts whose evidence covers the run.
        classes: their highlight classes (a run can be inside an event and be a person's name).
        anchors: ids of facts whose first evidence span starts here (the reader scrolls to them).
        outside_body: the run lies in navigation or footer text, outside the article body.
    """

    text: str
    facts: list[int] = field(default_factory=list)
    classes: list[str] = field(default_factory=list)
    anchors: list[int] = field(default_factory=list)
    outside_body: bool = False


def highlight_segments(text: str, facts: Sequence[Fact], *, body: tuple[int, int] | None = None,
                       mark: tuple[int, int] | None = None) -> list[Segment]:
    """Cut `text` at every evidence boundary so each run knows which facts cover it.

    Rejected facts are not highlighted; spans outside the text are ignored. `mark` is a passage a
    link asked for (a case file's quote): its runs get the class `target`, the first one anchor 0.
    """
    spans: list[tuple[int, int, Fact]] = []
    for f in facts:
        if f.status is ReviewStatus.REJECTED:
            continue
        for s in f.evidence:
            start, end = max(0, s.start), min(len(text), s.end)
            if start < end:
                spans.append((start, end, f))
    cuts = {0, len(text)}
    if mark is not None:
        mark = (max(0, min(mark[0], len(text))), max(0, min(mark[1], len(text))))
        cuts.update(mark)
    if body is not None:
        cuts.update(b for b in body if 0 <= b <= len(text))
    for start, end, _ in spans:
        cuts.update((start, end))
    bounds = sorted(cuts)
    segments = [Segment(text[a:b]) for a, b in itertools.pairwise(bounds)]
    first_span: dict[int, int] = {}
    for start, end, f in spans:
        if f.id not in first_span or start < first_span[f.id]:
            first_span[f.id] = start
        i = bisect.bisect_left(bounds, start)
        while i < len(segments) and bounds[i] < end:
            seg = segments[i]
            if f.id not in seg.facts:
                seg.facts.append(f.id)
                css = kind_class(f)
                if css not in seg.classes:
                    seg.classes.append(css)
            i += 1
    for fact_id, start in first_span.items():
        segments[bisect.bisect_left(bounds, start)].anchors.append(fact_id)
    if body is not None:
        for i, seg in enumerate(segments):
            seg.outside_body = not (body[0] <= bounds[i] < body[1])
    if mark is not None and mark[0] < mark[1]:
        i = bisect.bisect_left(bounds, mark[0])
        segments[i].anchors.insert(0, 0)
        while i < len(segments) and bounds[i] < mark[1]:
            segments[i].classes.append("target")
            i += 1
    return [s for s in segments if s.text]


@dataclass(frozen=True, slots=True)
class Excerpt:
    """A passage around a span: the text before, the span itself, and the text after."""

    before: str
    match: str
    after: str
    clipped_start: bool
    clipped_end: bool


def excerpt(text: str, start: int, end: int, *, width: int = EXCERPT_CHARS) -> Excerpt:
    """The span with up to `width` characters either side, cut at spaces."""
    start, end = max(0, min(start, len(text))), max(0, min(end, len(text)))
    a = max(0, start - width)
    if a > 0:
        space = text.find(" ", a, start)
        a = space + 1 if space != -1 else a
    b = min(len(text), end + width)
    if b < len(text):
        space = text.rfind(" ", end, b)
        b = space if space != -1 else b
    return Excerpt(text[a:start], text[start:end], text[end:b], a > 0, b < len(text))


def document_view(d: SourceDocument, *, fact_counts: Mapping[str, int] | None = None) -> dict[str, Any]:
    """A document's metadata for lists and the API (no text)."""
    return {
        "id": d.id, "sha256": d.sha256, "filename": d.filename, "title": d.title, "author": d.author,
        "published": d.published, "language": d.language, "media_type": d.media_type,
        "ingested_at": d.ingested_at.isoformat(), "size_bytes": d.size_bytes,
        "reference_date": d.reference_date, "body": [d.body_start, d.body_end],
        "facts": dict(fact_counts or {}),
    }
