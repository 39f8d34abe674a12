"""Assembly: places and organisations as entities, then every record as FORMAT.md JSON with local ids."""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any

from aigak.extract.events import Event, PlaceRef
from aigak.extract.money import MoneyAmount
from aigak.extract.organizations import find_organizations
from aigak.extract.persons import Person
from aigak.extract.places import PlaceMatch, find_places
from aigak.extract.relations import OrgMention, Relation

__all__ = ["EntityTable", "build_orgs", "build_places", "to_json"]

_DESIGNATED = re.compile(
    r"\b(?P<name>[A-Z][\w\-]+(?:\s+[A-Z][\w\-]+){0,2})\s+(?P<d>county|district|region|prefecture|oblast|province|"
    r"autonomous\s+region|autonomous\s+prefecture|autonomous\s+county)\b")
# "the Zhibek Zholy checkpoint", "the Torugart pass": a border crossing the gazetteer may not know.
_CROSSING_POINT = re.compile(r"\b(?P<name>[A-Z][\w\-]+(?:\s+[A-Z][\w\-]+){0,2})\s+(?:checkpoint|border\s+post|"
                             r"crossing\s+point|border\s+crossing|(?:mountain\s+)?pass)\b")
# "the village of Baskunchi", "the town of Zharkent": a settlement the gazetteer may not know.
_SETTLEMENT_OF = re.compile(r"\b(?:village|town|city|settlement|township|aul|hamlet|district)\s+of\s+"
                            r"(?P<name>[A-Z][\w\-]+(?:\s+[A-Z][\w\-]+)?)")
_TITLE_WORDS = re.compile(r"(?:The|A|An|This|That|Border|State|Customs|Main|Road|Mountain)\b")
_ORG_CUE = re.compile(
    r"\b(?:NGO|non-governmental\s+organi[sz]ation|(?:human\s+rights\s+)?(?:organi[sz]ation|group|movement|"
    r"foundation|association|party|union|network|campaign))\s+(?P<name>[A-Z][\w\-]+(?:\s+[A-Z][\w\-]+){0,3})"
    r"(?:\s+\((?P<abbr>[A-Z][\w\-]{1,12})\))?")
_FOUNDED = re.compile(r"\b(?:co-?founded|founded|set\s+up|established|created|launched|registered)\s+(?:the\s+)?"
                      r"(?P<name>[A-Z][\w\-]+(?:\s+[A-Z][\w\-]+){0,4})")
_DESCRIBED_AS_ORG = re.compile(
    r"^(?:\s*\([^)]{0,60}\))?\s*,\s+(?:an?|the)\s+(?:[\w\-]+\s+){0,3}?(?:group|organi[sz]ation|NGO|movement|"
    r"association|network|initiative|party|foundation|union|campaign|company|charity|coalition|platform)\b")
_ACRONYM_AFTER = re.compile(r"^(?:['’]s)?\s*\((?P<abbr>[A-Z][A-Za-z]{1,9})\)")
_LATIN = re.compile(r"^[A-Za-z0-9 '’.\-]+$")


@dataclass(slots=True)
class _Entity:
    id: str
    kind: str
    name: str
    aliases: list[str] = field(default_factory=list)
    mentions: list[tuple[int, int]] = field(default_factory=list)
    country: str | None = None
    confidence: float = 0.85
    place_kind: str | None = None


@dataclass(slots=True)
class EntityTable:
    """Places and organisations of one document, by local id."""

    places: list[_Entity] = field(default_factory=list)
    orgs: list[_Entity] = field(default_factory=list)

    def place_refs(self) -> list[PlaceRef]:
        return sorted((PlaceRef(p.id, s, e, p.place_kind, country=p.country) for p in self.places for s, e in p.mentions),
                      key=lambda r: r.start)

    def org_mentions(self) -> list[OrgMention]:
        return [OrgMention(o.id, o.name, tuple(o.mentions), tuple(o.aliases)) for o in self.orgs]

    def place_named(self, name: str) -> str | None:
        return next((p.id for p in self.places if p.name == name), None)


def build_places(text: str, start: int, end: int) -> list[_Entity]:
    """Place entities of `text[start:end]` from the gazetteer, plus "X county/region/…" it does not know."""
    matches: list[PlaceMatch] = [
        PlaceMatch(m.start + start, m.end + start, m.text, m.name, m.kind, m.country, m.aliases)
        for m in find_places(text[start:end])]
    entities: dict[str, _Entity] = {}
    for m in matches:
        ent = entities.get(m.name)
        if ent is None:
            aliases = [a for a in m.aliases if _LATIN.match(a) and a != m.name][:12]
            ent = entities[m.name] = _Entity(f"l{len(entities) + 1}", "place", m.name, aliases, country=m.country,
                                             place_kind=m.kind)
        ent.mentions.append((m.start, m.end))
        if m.text != m.name and m.text not in ent.aliases:
            ent.aliases.insert(0, m.text)
    covered = [(m.start, m.end) for m in matches]
    for d in _DESIGNATED.finditer(text, start, end):
        if any(s < d.end() and d.start() < e for s, e in covered):
            continue
        name = d.group()
        ent = entities.get(name)
        if ent is None:
            ent = entities[name] = _Entity(f"l{len(entities) + 1}", "place", name, [d.group("name")], confidence=0.6)
        ent.mentions.append((d.start(), d.end()))
        covered.append((d.start(), d.end()))
    settlements = [(v.span("name"), "city") for v in _SETTLEMENT_OF.finditer(text, start, end)]
    settlements += [(v.span("name"), "area") for v in _CROSSING_POINT.finditer(text, start, end)
                    if not _TITLE_WORDS.match(v.group("name"))]
    for (s, e), kind in sorted(settlements):
        if any(a < e and s < b for a, b in covered):
            continue
        name = text[s:e]
        ent = entities.get(name)
        if ent is None:
            ent = entities[name] = _Entity(f"l{len(entities) + 1}", "place", name, [], confidence=0.6,
                                           place_kind=kind)
        ent.mentions.append((s, e))
        covered.append((s, e))
    for ent in entities.values():
        if ent.place_kind is None and ent.confidence < 0.85:
            ent.place_kind = "county"
    return list(entities.values())


def build_orgs(text: str, start: int, end: int, blocked: Sequence[tuple[int, int]]) -> list[_Entity]:
    """Organisation entities: the organisation finder's, without news outlets cited as sources or
    parties named only as modifiers, plus names a cue introduces ("the NGO X (Y)")."""
    found: list[tuple[int, int, str, list[str]]] = []
    named: list[tuple[int, int]] = []  # every organisation name, outlets included, that a cue may not split
    for org in find_organizations(text[start:end]):
        named.append((org.start + start, org.end + start))
        if org.kind == "news_outlet" or org.is_modifier:
            continue
        found.append((org.start + start, org.end + start, org.name, list(org.aliases)))
    for m in _FOUNDED.finditer(text, start, end):
        s, e = m.start("name"), m.end("name")
        described = _DESCRIBED_AS_ORG.match(text[e:e + 120]) or re.match(r"\s*\(", text[e:e + 3])
        if described and not any(a < e and s < b for a, b in blocked) and not any(
                a <= s < b for a, b, _, _ in found):
            found.append((s, e, m.group("name"), []))
    for m in _ORG_CUE.finditer(text, start, end):
        s, e = m.start("name"), m.end("name")
        if any(a < e and s < b for a, b in blocked) or any(a <= s < b for a, b, _, _ in found) or any(
                a < e and s < b for a, b in named) or re.match(r"[/\-]\w", text[e:e + 2]):
            continue  # "the news organization RFE/RL": an outlet, not a new organisation named "RFE"
        aliases = [m.group("abbr")] if m.group("abbr") else []
        found.append((s, e, m.group("name"), aliases))
    entities: list[_Entity] = []
    for s, e, name, aliases in sorted(found):
        acronym = _ACRONYM_AFTER.match(text[e:e + 16])
        if acronym and acronym.group("abbr") not in aliases:
            aliases.append(acronym.group("abbr"))
        ent = next((x for x in entities if _same_org(x, name, aliases)), None)
        if ent is None:
            ent = _Entity(f"o{len(entities) + 1}", "organization", name, [])
            entities.append(ent)
        elif len(name) > len(ent.name) and name.startswith(ent.name.split()[0]):
            ent.aliases.append(ent.name)
            ent.name = name
        for a in [*aliases, name]:
            if a != ent.name and a not in ent.aliases:
                ent.aliases.append(a)
        ent.mentions.append((s, e))
    for ent in entities:
        for alias in [a for a in [ent.name, *ent.aliases] if len(a) >= 2 and (a.isupper() or " " in a)]:
            for m in re.finditer(rf"\b{re.escape(alias)}\b", text[start:end]):
                span = (start + m.start(), start + m.end())
                if span not in ent.mentions and not any(s <= span[0] < e for s, e in ent.mentions):
                    ent.mentions.append(span)
        ent.mentions.sort()
    return entities


def _same_org(ent: _Entity, name: str, aliases: Sequence[str]) -> bool:
    names = {ent.name.lower(), *(a.lower() for a in ent.aliases)}
    return name.lower() in names or any(a.lower() in names for a in aliases) or (
        ent.name.lower().startswith(name.lower() + " ") or name.lower().startswith(ent.name.lower() + " "))


def to_json(*, sha256: str | None, reference_date: str | None, body: tuple[int, int], persons: Sequence[Person],
            unnamed: Sequence[Person], table: EntityTable, relations: Sequence[Relation], events: Sequence[Event],
            amounts: Sequence[MoneyAmount], backend: dict[str, Any]) -> dict[str, Any]:
    """The FORMAT.md object, with persons `p1…` (named first, then unnamed relatives) and events `e1…`."""
    ids: dict[str, str] = {}
    entities: list[dict[str, Any]] = []
    for p in [*persons, *unnamed]:
        ids[p.id] = f"p{len(ids) + 1}"
    for p in persons:
        attrs = {k: v for k, v in p.attributes.items() if not k.startswith("_")}
        if p.gender:
            attrs["gender"] = p.gender
        entities.append({"id": ids[p.id], "kind": "person", "name": p.name, "aliases": p.aliases,
                         "attributes": attrs, "mentions": [list(m) for m in sorted(set(p.mentions))],
                         "confidence": round(p.confidence, 2)})
    for p in unnamed:
        attrs = {k: v for k, v in p.attributes.items() if not k.startswith("_")}
        if p.gender:
            attrs["gender"] = p.gender
        entities.append({"id": ids[p.id], "kind": "person", "name": None, "description": p.description,
                         "aliases": [], "attributes": attrs,
                         "mentions": [list(m) for m in sorted(set(p.mentions))], "confidence": round(p.confidence, 2)})
    for ent in [*table.orgs, *table.places]:
        entities.append({"id": ent.id, "kind": ent.kind, "name": ent.name, "aliases": ent.aliases,
                         "mentions": [list(m) for m in ent.mentions], "confidence": ent.confidence})

    def ref(x: str) -> str:
        return ids.get(x, x)

    out_relations = []
    # An unnamed relative of several people (their children) is listed last under its main relative.
    anchors = {p.id: p.attributes.get("_owner") for p in unnamed}
    ordered = sorted(relations, key=lambda r: (r.target in anchors and anchors[r.target] == r.source))
    for r in ordered:
        out_relations.append({"type": r.type, "from": ref(r.source), "to": ref(r.target),
                              "evidence": [list(r.evidence)], "confidence": round(r.confidence, 2)})
    out_events = []
    for i, e in enumerate(sorted(events, key=lambda e: e.position), 1):
        out_events.append({"id": f"e{i}", "type": e.type, "subjects": [ref(s) for s in e.subjects],
                           "agents": [ref(a) for a in e.agents], "place": e.place, "start": e.start, "end": e.end,
                           "amount": e.amount, "evidence": [list(x) for x in e.evidence],
                           "confidence": round(e.confidence, 2)})
    out_amounts = [{"value": a.value, "currency": a.currency, "evidence": [[a.start, a.end]], "confidence": 0.9,
                    "text": a.text} for a in amounts]
    return {"document": {"sha256": sha256, "reference_date": reference_date, "body": list(body)},
            "entities": entities, "relations": out_relations, "events": out_events, "amounts": out_amounts,
            "backend": backend}
