"""Very long texts extracted in parts: a 300-page report must not take an hour.

Some stages of `rules.v1` compare each mention with the mentions before it, so their time grows with
the square of a text's length: a megabyte-long text would take half an hour. Reports that long are
made of chapters and cases that stand on their own, so the text is cut at paragraph breaks into parts
of about `PART_CHARS` characters, each part is extracted on its own (dated by the date the first part
finds for the whole text), and the results are joined: every span is shifted back into the whole
text, and a person, place or organisation named alike in several parts becomes one entity. What is
lost is what crosses a cut: a pronoun at the top of a part whose antecedent sits at the end of the
previous one.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from typing import Any

__all__ = ["PART_CHARS", "extract_in_parts", "parts_of"]

PART_CHARS = 60_000
"""Texts longer than this are extracted in parts of about this size."""

Extract = Callable[[str, str | None], dict[str, Any]]


def parts_of(text: str, size: int = PART_CHARS) -> Iterator[tuple[int, int]]:
    """(start, end) ranges that cover `text`, each about `size` characters, cut after a blank line, else a
    line break, else a sentence end, else a space (never inside a word)."""
    start = 0
    while start < len(text):
        end = min(len(text), start + size)
        if end < len(text):
            window = text[start + size // 2:end]
            for mark in ("\n\n", "\n", ". ", " "):
                cut = window.rfind(mark)
                if cut >= 0:
                    end = start + size // 2 + cut + len(mark)
                    break
        yield start, end
        start = end


def extract_in_parts(text: str, extract: Extract, *, published: str | None = None,
                     size: int = PART_CHARS) -> dict[str, Any]:
    """The extraction of `text`, made part by part with `extract(part_text, published)` and joined.

    The first part's reference date dates the later parts (unless `published` is given).
    """
    joined: dict[str, Any] | None = None
    keys: dict[tuple[str, str], str] = {}  # (kind, name) -> id of the joined entity
    for n, (start, end) in enumerate(parts_of(text, size)):
        part = extract(text[start:end], published)
        if joined is None:
            joined = part
            published = published or (part.get("document") or {}).get("reference_date")
            _shift(joined, 0)
            for entity in joined["entities"]:
                if entity.get("name"):
                    keys.setdefault((entity["kind"], entity["name"]), entity["id"])
            continue
        _shift(part, start)
        _join(joined, part, f"k{n}", keys)
    assert joined is not None
    return joined


def _shift(result: dict[str, Any], offset: int) -> None:
    def moved(spans: list[list[int]]) -> list[list[int]]:
        return [[s + offset, e + offset] for s, e in spans]

    for entity in result.get("entities", []):
        entity["mentions"] = moved(entity.get("mentions") or [])
    for group in ("relations", "events", "amounts"):
        for item in result.get(group, []):
            if item.get("evidence"):
                item["evidence"] = moved(item["evidence"])
            if isinstance(item.get("span"), list) and len(item["span"]) == 2:
                item["span"] = [item["span"][0] + offset, item["span"][1] + offset]
    body = (result.get("document") or {}).get("body")
    if isinstance(body, list) and len(body) == 2:
        result["document"]["body"] = [body[0] + offset, body[1] + offset]


def _join(joined: dict[str, Any], part: dict[str, Any], prefix: str, keys: dict[tuple[str, str], str]) -> None:
    """Add `part` (already shifted) to `joined`: entities named alike merge, other ids get `prefix`."""
    by_id = {e["id"]: e for e in joined["entities"]}
    ids: dict[str, str] = {}
    for entity in part["entities"]:
        key = (entity["kind"], entity["name"]) if entity.get("name") else None
        if key is not None and key in keys:
            target = by_id[keys[key]]
            ids[entity["id"]] = target["id"]
            target["mentions"] = sorted(target.get("mentions", []) + entity.get("mentions", []))
            target["aliases"] = sorted(set(target.get("aliases") or []) | set(entity.get("aliases") or []))
            for k, v in (entity.get("attributes") or {}).items():
                target.setdefault("attributes", {}).setdefault(k, v)
            continue
        new_id = f"{prefix}{entity['id']}"
        ids[entity["id"]] = new_id
        entity["id"] = new_id
        joined["entities"].append(entity)
        by_id[new_id] = entity
        if key is not None:
            keys[key] = new_id

    def remap(value: Any) -> Any:
        return ids.get(value, value) if isinstance(value, str) else value

    for relation in part.get("relations", []):
        relation["from"], relation["to"] = remap(relation.get("from")), remap(relation.get("to"))
        joined["relations"].append(relation)
    for event in part.get("events", []):
        event["id"] = f"{prefix}{event['id']}" if event.get("id") else event.get("id")
        event["subjects"] = [remap(s) for s in event.get("subjects") or []]
        event["agents"] = [remap(a) for a in event.get("agents") or []]
        event["place"] = remap(event.get("place"))
        joined["events"].append(event)
    joined["amounts"].extend(part.get("amounts", []))
    body, other = (joined.get("document") or {}).get("body"), (part.get("document") or {}).get("body")
    if isinstance(body, list) and isinstance(other, list):
        joined["document"]["body"] = [body[0], max(body[1], other[1])]
