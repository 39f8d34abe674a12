"""Turn one chunk's model answer into FORMAT.md records, each located in the source and checked.

Every record keeps `"alignment"`: `exact` or `fuzzy` with its spans, or `unaligned` with no span, a
low confidence and the model's `"quote"`, so a reviewer sees what the model claimed and nothing is
pinned to text that does not say it. Dates, amounts and ages are read by aigak's rules from the
aligned words (`readings`); where the rules read nothing, the value is left empty and the record is
marked `"needs_review"`, never filled in from the model.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

from rapidfuzz import fuzz

from aigak.core.errors import BackendError
from aigak.core.models import EVENT_TYPES, RELATION_TYPES
from aigak.extract.llm.align import Alignment, AlignmentStatus, align_quote
from aigak.extract.llm.chunks import Chunk
from aigak.extract.llm.readings import RuleReadings, age_from_text

__all__ = ["CONFIDENCE", "GroundedChunk", "ground_answer"]

CONFIDENCE: dict[AlignmentStatus, float] = {
    AlignmentStatus.EXACT: 0.7,
    AlignmentStatus.FUZZY: 0.55,
    AlignmentStatus.UNALIGNED: 0.1,
}
"""Confidence of a model record by how its quote was found; the model's own estimate is not used."""
NEEDS_REVIEW_PENALTY = 0.15
"""Taken off the confidence of an aligned record whose date, amount or attribute could not be checked."""
_SECTIONS = ("entities", "relations", "events", "amounts")
_KIND_PREFIX = {"person": "p", "organization": "o", "place": "l"}
_ATTRIBUTE_MIN_SCORE = 80.0


@dataclass(slots=True)
class GroundedChunk:
    """The records of one chunk, ids prefixed with the chunk (`c0.p1`), before chunks are merged.

    Attributes:
        entities, relations, events, amounts: FORMAT.md records with grounding keys.
        dropped: records left out because they fall outside the vocabulary or lack required fields.
    """

    entities: list[dict[str, Any]] = field(default_factory=list)
    relations: list[dict[str, Any]] = field(default_factory=list)
    events: list[dict[str, Any]] = field(default_factory=list)
    amounts: list[dict[str, Any]] = field(default_factory=list)
    dropped: int = 0


def _strings(value: Any) -> list[str]:
    if isinstance(value, str):
        return [value] if value.strip() else []
    if isinstance(value, list):
        return [v for v in value if isinstance(v, str) and v.strip()]
    return []


def _text(value: Any) -> str | None:
    return value.strip() if isinstance(value, str) and value.strip() else None


def _number(value: float) -> float | int:
    """A sum as FORMAT.md writes it: an int when whole."""
    return int(value) if float(value).is_integer() else value


def _finish(record: dict[str, Any], status: AlignmentStatus, quote: str | None, *, needs_review: bool) -> None:
    record["alignment"] = status.value
    confidence = CONFIDENCE[status]
    if needs_review:
        record["needs_review"] = True
        if status is not AlignmentStatus.UNALIGNED:
            confidence -= NEEDS_REVIEW_PENALTY
    elif status is AlignmentStatus.UNALIGNED:
        record["needs_review"] = True
    if status is AlignmentStatus.UNALIGNED or needs_review:
        record["quote"] = quote
    record["confidence"] = round(confidence, 2)


class _Grounder:
    def __init__(self, text: str, chunk: Chunk, readings: RuleReadings, prefix: str) -> None:
        self.text = text
        self.chunk = chunk
        self.readings = readings
        self.prefix = prefix
        self.ids: dict[str, str] = {}
        self.kinds: dict[str, str] = {}
        self.by_name: dict[str, str] = {}

    def align(self, quote: str | None, after: int | None = None) -> Alignment:
        return align_quote(quote, self.text, self.chunk.start, self.chunk.end, after=after)

    def entity(self, raw: Mapping[str, Any], index: int) -> dict[str, Any] | None:
        kind = _text(raw.get("kind"))
        if kind is None:
            return None
        kind = kind.lower()
        name = _text(raw.get("name"))
        description = _text(raw.get("description"))
        mention_quotes = _strings(raw.get("mentions"))
        if name is None and not mention_quotes:
            return None
        raw_id = raw.get("id")
        local = (str(raw_id) if isinstance(raw_id, int) and not isinstance(raw_id, bool) else _text(raw_id)) \
            or f"{_KIND_PREFIX.get(kind, 'x')}{index + 1}"
        new_id = f"{self.prefix}.{local}"
        self.ids[local] = new_id
        self.kinds[new_id] = kind
        for label in (name, *_strings(raw.get("aliases"))):
            if label:
                self.by_name.setdefault(label.casefold(), new_id)
        record: dict[str, Any] = {"id": new_id, "kind": kind, "name": name}
        if description:
            record["description"] = description
        # The name is the fact an entity asserts: a named entity is grounded by its name, an
        # unnamed one by the words that refer to it.
        anchor = self.align(name) if name else Alignment(AlignmentStatus.UNALIGNED)
        mentions = [self.align(q) for q in mention_quotes]
        if name is None:
            anchor = next((m for m in mentions if m.is_aligned), anchor)
        spans: list[list[int]] = []
        if anchor.is_aligned:
            names = [n for n in [name, *_strings(raw.get("aliases"))] if n]
            for a in [anchor, *mentions]:
                span = self.narrow(a, names)
                if span is not None and span not in spans:
                    spans.append(span)
        aliases: list[str] = []
        unaligned_aliases: list[str] = []
        for alias in _strings(raw.get("aliases")):
            if alias == name:
                continue
            (aliases if self.align(alias).is_aligned else unaligned_aliases).append(alias)
        record["aliases"] = aliases
        if unaligned_aliases:
            record["unaligned_aliases"] = unaligned_aliases
        attributes, unchecked = self.attributes(raw) if kind == "person" else ({}, {})
        record["attributes"] = attributes
        if unchecked:
            record["unchecked_attributes"] = unchecked
        record["mentions"] = sorted(spans)
        status = anchor.status if anchor.is_aligned else AlignmentStatus.UNALIGNED
        if status is AlignmentStatus.EXACT and any(m.status is AlignmentStatus.FUZZY for m in mentions):
            status = AlignmentStatus.FUZZY
        _finish(record, status, name or (mention_quotes[0] if mention_quotes else None),
                needs_review=bool(unchecked) and anchor.is_aligned)
        return record

    def narrow(self, found: Alignment, names: Sequence[str]) -> list[int] | None:
        """A mention's span: the name or alias inside the quoted words when there is one, else the quote."""
        if found.start is None or found.end is None:
            return None
        for candidate in sorted(names, key=len, reverse=True):
            inner = align_quote(candidate, self.text, found.start, found.end)
            if inner.status is AlignmentStatus.EXACT:
                return inner.span()
        return found.span()

    def attributes(self, raw: Mapping[str, Any]) -> tuple[dict[str, Any], dict[str, Any]]:
        """Attributes whose quotes were found and say what the model claims; the rest, set apart."""
        attributes: dict[str, Any] = {}
        unchecked: dict[str, Any] = {}
        gender = _text(raw.get("gender"))
        if gender in ("male", "female"):
            attributes["gender"] = gender
        age_quote = _text(raw.get("age_quote"))
        if age_quote:
            found = self.align(age_quote)
            age = age_from_text(self.text[found.start:found.end]) if found.start is not None else None
            if age is not None:
                attributes["age"] = age
            else:
                unchecked["age"] = age_quote
        for key in ("ethnicity", "citizenship"):
            value = _text(raw.get(key))
            if value is None:
                continue
            quote = _text(raw.get(f"{key}_quote"))
            found = self.align(quote)
            if found.start is None or found.end is None:
                unchecked[key] = value
                continue
            said = self.text[found.start:found.end]
            # Ethnicity is named in the words ("an ethnic Kazakh"); citizenship may be a demonym or a
            # phrase ("a Chinese citizen"), so only its quote is required.
            if key == "ethnicity" and fuzz.partial_ratio(value.lower(), said.lower()) < _ATTRIBUTE_MIN_SCORE:
                unchecked[key] = value
                continue
            attributes[key] = value
        return attributes, unchecked

    def ref(self, value: Any) -> str | None:
        """The chunk id of the entity an answer refers to, by its id or (as small models do) its name."""
        local = str(value) if isinstance(value, int) and not isinstance(value, bool) else _text(value)
        if local is None:
            return None
        return self.ids.get(local) or self.by_name.get(local.casefold())

    def refs(self, value: Any) -> list[str]:
        """Chunk ids for a list of references (a single reference is taken as a list of one)."""
        values = value if isinstance(value, list) else [value] if value is not None else []
        return list(dict.fromkeys(r for r in (self.ref(v) for v in values) if r))

    def relation(self, raw: Mapping[str, Any], _index: int) -> dict[str, Any] | None:
        kind = _text(raw.get("type"))
        a, b = self.ref(raw.get("from")), self.ref(raw.get("to"))
        if kind not in RELATION_TYPES or a is None or b is None or a == b:
            return None
        quote = _text(raw.get("quote"))
        found = self.align(quote)
        span = found.span()
        record: dict[str, Any] = {"type": kind, "from": a, "to": b, "evidence": [span] if span else []}
        _finish(record, found.status, quote, needs_review=False)
        return record

    def event(self, raw: Mapping[str, Any], index: int) -> dict[str, Any] | None:
        kind = _text(raw.get("type"))
        if kind not in EVENT_TYPES:
            return None
        subjects = self.refs(raw.get("subjects"))
        agents = self.refs(raw.get("agents"))
        place = self.ref(raw.get("place"))
        if place is not None and self.kinds.get(place) != "place":
            place = None
        quote = _text(raw.get("quote"))
        found = self.align(quote)
        span = found.span()
        record: dict[str, Any] = {"id": f"{self.prefix}.e{index + 1}", "type": kind, "subjects": subjects,
                                  "agents": agents, "place": place, "start": None, "end": None,
                                  "amount": None, "evidence": [span] if span else []}
        unchecked: dict[str, str] = {}
        for key in ("start", "end"):
            date_quote = _text(raw.get(f"{key}_quote"))
            if not date_quote:
                continue
            value = self.date(date_quote, after=found.start)
            if value is None:
                unchecked[key] = date_quote
            else:
                record[key] = value
        if record["start"] is None and "start" not in unchecked and span is not None:
            # No date quoted: a single date written inside the event's own words dates it.
            inside = self.readings.dates_within(span[0], span[1])
            if len(inside) == 1:
                record["end" if inside[0].boundary == "end" and record["end"] is None else "start"] = inside[0].value
        if span is not None:
            # A sum written inside the event's own words ("paid a fine of 20,000 yuan") is its amount.
            sums = self.readings.amounts_within(span[0], span[1])
            if len(sums) == 1:
                record["amount"] = {"value": _number(sums[0].value), "currency": sums[0].currency}
        if unchecked:
            record["unchecked_dates"] = unchecked
        _finish(record, found.status, quote, needs_review=bool(unchecked) and found.is_aligned)
        return record

    def date(self, quote: str, *, after: int | None) -> str | None:
        """The date the time normalizer read where the quote is, or None."""
        found = self.align(quote, after=after)
        if found.start is None or found.end is None:
            return None
        readings = self.readings.dates_within(found.start, found.end)
        return readings[0].value if readings else None

    def amount(self, raw: Mapping[str, Any], _index: int) -> dict[str, Any] | None:
        quote = _text(raw.get("quote"))
        if quote is None:
            return None
        found = self.align(quote)
        span = found.span()
        record: dict[str, Any] = {"value": None, "currency": None, "evidence": [span] if span else []}
        readings = self.readings.amounts_within(span[0], span[1]) if span else []
        if readings:
            record["value"] = _number(readings[0].value)
            record["currency"] = readings[0].currency
        _finish(record, found.status, quote, needs_review=found.is_aligned and not readings)
        return record


def ground_answer(answer: Mapping[str, Any], text: str, chunk: Chunk, readings: RuleReadings) -> GroundedChunk:
    """Locate and check every record of a model's answer for one chunk.

    Args:
        answer: the JSON object the model returned (`prompt.ANSWER_SCHEMA`).
        text: the whole document text.
        chunk: the part of it the model read; quotes are looked for only there.
        readings: what the rules read in the document (dates, amounts).

    Returns:
        The chunk's records, ids prefixed with `c<index>.`.

    Raises:
        BackendError: the answer is not shaped like the schema (a section is not a list).
    """
    for section in _SECTIONS:
        value = answer.get(section, [])
        if not isinstance(value, list):
            raise BackendError(f"the model's answer does not follow the schema: {section!r} is a "
                               f"{type(value).__name__}, not a list. No records were kept.", backend="llm.v1")
    grounder = _Grounder(text, chunk, readings, f"c{chunk.index}")
    out = GroundedChunk()
    # Entities first: relations and events refer to their ids.
    builders: tuple[tuple[str, Callable[[Mapping[str, Any], int], dict[str, Any] | None]], ...] = (
        ("entities", grounder.entity), ("relations", grounder.relation),
        ("events", grounder.event), ("amounts", grounder.amount))
    for section, build in builders:
        target: list[dict[str, Any]] = getattr(out, section)
        for i, raw in enumerate(answer.get(section) or []):
            record = build(raw, i) if isinstance(raw, Mapping) else None
            if record is None:
                out.dropped += 1
            else:
                target.append(record)
    return out
