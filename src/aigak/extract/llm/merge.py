"""Join the records of overlapping chunks into one extraction, without the duplicates the overlap makes.

Chunks overlap by a few sentences, so a fact stated there is proposed twice, and a person named in
several chunks is proposed once per chunk. Entities are joined by kind and name (or alias), unnamed
ones by a shared mention; relations by their ends and type; events and amounts by overlapping
evidence. Joined records keep the union of their spans and the best alignment; where the parts
disagree (two ages, two dates) the first value is kept and the record is sent to review.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from typing import Any

from anyascii import anyascii

from aigak.extract.llm.ground import GroundedChunk

__all__ = ["fold_name", "merge_chunks", "spans_overlap"]

_RANK = {"exact": 2, "fuzzy": 1, "unaligned": 0}
_PREFIX = {"person": "p", "organization": "o", "place": "l"}


def fold_name(name: object) -> str:
    """A name as compared: transliterated to ASCII, lower case, letters, digits and single spaces."""
    text = anyascii(name) if isinstance(name, str) else ""
    return " ".join("".join(c for c in text.lower() if c.isalnum() or c.isspace()).split())


def spans_overlap(a: Sequence[Sequence[int]], b: Sequence[Sequence[int]]) -> bool:
    """Whether any span of `a` overlaps any span of `b`."""
    return any(x[0] < y[1] and y[0] < x[1] for x in a for y in b)


def _union_spans(*groups: Iterable[Sequence[int]]) -> list[list[int]]:
    spans = {(int(s[0]), int(s[1])) for group in groups for s in group}
    return [list(s) for s in sorted(spans)]


def _best(records: Sequence[dict[str, Any]]) -> dict[str, Any]:
    return max(records, key=lambda r: (_RANK.get(r.get("alignment", ""), 0), r.get("confidence", 0.0)))


def _review_state(merged: dict[str, Any], parts: Sequence[dict[str, Any]], conflict: bool) -> None:
    """Carry review flags from the parts that support the merged record's alignment."""
    best_rank = _RANK.get(merged["alignment"], 0)
    supporting = [p for p in parts if _RANK.get(p.get("alignment", ""), 0) == best_rank]
    needs = conflict or any(p.get("needs_review") for p in supporting)
    merged.pop("needs_review", None)
    merged.pop("quote", None)
    if needs:
        merged["needs_review"] = True
        quoted = next((p["quote"] for p in supporting if p.get("quote")), None)
        if quoted:
            merged["quote"] = quoted
    if conflict and merged["alignment"] != "unaligned":
        merged["confidence"] = round(min(merged["confidence"], 0.4), 2)


class _Sets:
    """Union-find over list indices."""

    def __init__(self, n: int) -> None:
        self.parent = list(range(n))

    def find(self, i: int) -> int:
        while self.parent[i] != i:
            self.parent[i] = self.parent[self.parent[i]]
            i = self.parent[i]
        return i

    def join(self, i: int, j: int) -> None:
        a, b = self.find(i), self.find(j)
        if a != b:
            self.parent[max(a, b)] = min(a, b)

    def groups(self) -> list[list[int]]:
        out: dict[int, list[int]] = {}
        for i in range(len(self.parent)):
            out.setdefault(self.find(i), []).append(i)
        return list(out.values())


def _same_entity(a: dict[str, Any], b: dict[str, Any]) -> bool:
    if a["kind"] != b["kind"]:
        return False
    if a.get("name") and b.get("name"):
        names_a = {fold_name(n) for n in [a["name"], *a.get("aliases", [])]} - {""}
        names_b = {fold_name(n) for n in [b["name"], *b.get("aliases", [])]} - {""}
        return bool(names_a & names_b)
    if not a.get("name") and not b.get("name"):
        return spans_overlap(a.get("mentions", []), b.get("mentions", []))
    return False


def _merge_entities(records: list[dict[str, Any]]) -> tuple[list[dict[str, Any]], dict[str, str]]:
    sets = _Sets(len(records))
    for i in range(len(records)):
        for j in range(i + 1, len(records)):
            if _same_entity(records[i], records[j]):
                sets.join(i, j)
    merged: list[tuple[dict[str, Any], list[str]]] = []
    for group in sets.groups():
        parts = [records[i] for i in group]
        best = _best(parts)
        record = dict(best)
        names = [p["name"] for p in parts if p.get("name")]
        record["aliases"] = sorted({a for p in parts for a in [*p.get("aliases", []), *names]
                                    if a and a != record.get("name")})
        record["mentions"] = _union_spans(*(p.get("mentions", []) for p in parts))
        attributes: dict[str, Any] = {}
        conflicts: dict[str, list[Any]] = {}
        for part in sorted(parts, key=lambda p: -_RANK.get(p.get("alignment", ""), 0)):
            for key, value in (part.get("attributes") or {}).items():
                if key not in attributes:
                    attributes[key] = value
                elif attributes[key] != value:
                    conflicts.setdefault(key, [attributes[key]]).append(value)
        record["attributes"] = attributes
        if conflicts:
            record["conflicting_attributes"] = conflicts
        for key in ("unaligned_aliases", "unchecked_attributes"):
            values: dict[str, Any] | list[Any] | None = None
            for part in parts:
                if part.get(key):
                    if isinstance(part[key], dict):
                        values = {**part[key], **(values if isinstance(values, dict) else {})}
                    else:
                        values = sorted({*part[key], *(values or [])})
            if values:
                record[key] = values
            else:
                record.pop(key, None)
        record["confidence"] = max(p.get("confidence", 0.0) for p in parts)
        _review_state(record, parts, bool(conflicts))
        merged.append((record, [p["id"] for p in parts]))
    merged.sort(key=lambda m: (not m[0]["mentions"], m[0]["mentions"][0] if m[0]["mentions"] else [0, 0]))
    counters: dict[str, int] = {}
    id_map: dict[str, str] = {}
    out: list[dict[str, Any]] = []
    for record, old_ids in merged:
        prefix = _PREFIX.get(record["kind"], "x")
        counters[prefix] = counters.get(prefix, 0) + 1
        new_id = f"{prefix}{counters[prefix]}"
        for old in old_ids:
            id_map[old] = new_id
        record["id"] = new_id
        out.append(record)
    return out, id_map


def _remap(ids: Iterable[Any], id_map: dict[str, str]) -> list[str]:
    out: list[str] = []
    for old in ids:
        new = id_map.get(old)
        if new and new not in out:
            out.append(new)
    return out


def _same_span_or_quote(a: dict[str, Any], b: dict[str, Any]) -> bool:
    if a.get("evidence") and b.get("evidence"):
        return spans_overlap(a["evidence"], b["evidence"])
    return not a.get("evidence") and not b.get("evidence") and bool(a.get("quote")) and a.get("quote") == b.get("quote")


def _merge_by(records: list[dict[str, Any]], same: Any, fields: Sequence[str]) -> list[dict[str, Any]]:
    """Join records that `same` pairs; list fields are united, scalar fields that differ are a conflict."""
    sets = _Sets(len(records))
    for i in range(len(records)):
        for j in range(i + 1, len(records)):
            if same(records[i], records[j]):
                sets.join(i, j)
    out: list[dict[str, Any]] = []
    for group in sets.groups():
        parts = [records[i] for i in group]
        record = dict(_best(parts))
        record["evidence"] = _union_spans(*(p.get("evidence", []) for p in parts))
        conflict = False
        for key in fields:
            values = [p[key] for p in parts if p.get(key) not in (None, [], "")]
            if values and isinstance(values[0], list):
                record[key] = list(dict.fromkeys(v for value in values if isinstance(value, list) for v in value))
            elif values:
                record[key] = values[0]
                conflict = conflict or any(v != values[0] for v in values)
        record["confidence"] = max(p.get("confidence", 0.0) for p in parts)
        _review_state(record, parts, conflict)
        out.append(record)
    out.sort(key=lambda r: (not r["evidence"], r["evidence"][0] if r["evidence"] else [0, 0]))
    return out


def merge_chunks(chunks: Sequence[GroundedChunk]) -> dict[str, Any]:
    """One set of FORMAT.md records from the grounded records of every chunk.

    Returns:
        `{"entities", "relations", "events", "amounts", "dropped"}` with final ids (`p1`, `l2`, `e3`).
    """
    entities, id_map = _merge_entities([e for c in chunks for e in c.entities])
    relations = []
    for chunk in chunks:
        for rel in chunk.relations:
            a, b = id_map.get(rel["from"]), id_map.get(rel["to"])
            if a and b and a != b:
                relations.append({**rel, "from": a, "to": b})
    relations = _merge_by(relations, lambda x, y: (x["type"], x["from"], x["to"]) == (y["type"], y["from"], y["to"]),
                          ())
    events = []
    for chunk in chunks:
        for ev in chunk.events:
            place = id_map.get(ev["place"]) if ev.get("place") else None
            events.append({**ev, "subjects": _remap(ev["subjects"], id_map),
                           "agents": _remap(ev["agents"], id_map), "place": place})

    def same_event(x: dict[str, Any], y: dict[str, Any]) -> bool:
        return x["type"] == y["type"] and _same_span_or_quote(x, y) and (
            not x["subjects"] or not y["subjects"] or bool(set(x["subjects"]) & set(y["subjects"])))

    events = _merge_by(events, same_event, ("subjects", "agents", "place", "start", "end"))
    for i, ev in enumerate(events):
        ev["id"] = f"e{i + 1}"
    amounts = _merge_by([a for c in chunks for a in c.amounts], _same_span_or_quote, ("value", "currency"))
    return {"entities": entities, "relations": relations, "events": events, "amounts": amounts,
            "dropped": sum(c.dropped for c in chunks)}
