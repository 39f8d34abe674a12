"""The `ensemble.v1` backend: the rules first, the model second, each checked against the other.

Rules are precise where they fire and blind to unusual phrasing; a model reads more but invents.
A fact both propose (the same person, the same event type and overlapping evidence, the same tie or
sum) is *agreed*: it keeps the rules' record, gains the model's extra spans and its confidence
rises. A fact only one proposes, and a fact on which the two give different values (two ages, two
dates, other subjects), goes to review: `"needs_review": true` and a lower confidence. Each record
says which backends proposed it in `"sources"`. The model's unaligned records pass through as they
are (already marked for review).
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from typing import Any, ClassVar

from rapidfuzz import fuzz

from aigak.extract.backend import ExtractionBackend, get_backend
from aigak.extract.llm.backend import LlmBackend
from aigak.extract.llm.merge import fold_name, spans_overlap

__all__ = ["AGREEMENT_BONUS", "CONFLICT_PENALTY", "ONE_SIDED_PENALTY", "EnsembleBackend", "combine"]

RULES = "rules.v1"
LLM = "llm.v1"
AGREEMENT_BONUS = 0.15
"""Added to the higher confidence of a fact both backends propose (capped at 0.95)."""
ONE_SIDED_PENALTY = 0.1
"""Taken from the confidence of a fact only one backend proposes."""
CONFLICT_PENALTY = 0.25
"""Taken from the lower confidence of a fact the backends give different values for."""
_DEFAULT_CONFIDENCE = 0.5
_NAME_MIN_SCORE = 88.0
_GROUPS = ({"arrest", "detention"}, {"threat", "summons"}, {"house_arrest", "surveillance", "restriction"},
           {"deportation_order", "deportation"})
_INVERSE = {"parent": "child", "child": "parent"}
_SYMMETRIC = {"sibling", "spouse", "relative", "associate"}


def _names(entity: Mapping[str, Any]) -> set[str]:
    return {fold_name(n) for n in [entity.get("name"), *(entity.get("aliases") or [])]} - {""}


def _spans(record: Mapping[str, Any], key: str) -> list[list[int]]:
    value = record.get(key) or []
    return [list(s) for s in value if isinstance(s, (list, tuple)) and len(s) == 2]


def _union(a: Sequence[Sequence[int]], b: Sequence[Sequence[int]]) -> list[list[int]]:
    """Both lists of spans, without repeats and without spans that lie inside another one."""
    spans = sorted({(int(s[0]), int(s[1])) for s in [*a, *b]})
    return [list(s) for s in spans if not any(o != s and o[0] <= s[0] and s[1] <= o[1] for o in spans)]


def _confidence(record: Mapping[str, Any]) -> float:
    value = record.get("confidence")
    return float(value) if isinstance(value, (int, float)) else _DEFAULT_CONFIDENCE


def _group(event_type: Any) -> frozenset[str]:
    for group in _GROUPS:
        if event_type in group:
            return frozenset(group)
    return frozenset({str(event_type)})


def _agreed(rules: dict[str, Any], model: Mapping[str, Any], conflicts: Mapping[str, Any]) -> dict[str, Any]:
    """The rules' record, marked as agreed (or, when values differ, as a conflict for review)."""
    out = dict(rules)
    out["sources"] = [RULES, LLM]
    out.setdefault("alignment", "exact")
    if conflicts:
        out["conflicts"] = dict(conflicts)
        out["needs_review"] = True
        out["confidence"] = round(max(0.05, min(_confidence(rules), _confidence(model)) - CONFLICT_PENALTY), 2)
    else:
        out["confidence"] = round(min(0.95, max(_confidence(rules), _confidence(model)) + AGREEMENT_BONUS), 2)
    return out


def _one_sided(record: Mapping[str, Any], source: str) -> dict[str, Any]:
    out = dict(record)
    out["sources"] = [source]
    out.setdefault("alignment", "exact")
    out["needs_review"] = True
    if out["alignment"] != "unaligned":
        out["confidence"] = round(max(0.05, _confidence(record) - ONE_SIDED_PENALTY), 2)
    return out


def _pair(rules: Sequence[dict[str, Any]], model: Sequence[dict[str, Any]],
          same: Callable[[dict[str, Any], dict[str, Any]], bool]) -> tuple[dict[int, int], set[int]]:
    """Match each aligned model record to at most one rules record; returns {model index: rules index}."""
    matched: dict[int, int] = {}
    taken: set[int] = set()
    for j, m in enumerate(model):
        if m.get("alignment") == "unaligned":
            continue
        for i, r in enumerate(rules):
            if i not in taken and same(r, m):
                matched[j] = i
                taken.add(i)
                break
    return matched, taken


def _same_entity(r: Mapping[str, Any], m: Mapping[str, Any]) -> bool:
    if r.get("kind") != m.get("kind"):
        return False
    if r.get("name") and m.get("name"):
        a, b = _names(r), _names(m)
        return bool(a & b) or any(fuzz.ratio(x, y) >= _NAME_MIN_SCORE for x in a for y in b)
    if not r.get("name") and not m.get("name"):
        return spans_overlap(_spans(r, "mentions"), _spans(m, "mentions"))
    return False


def _combine_entities(rules: list[dict[str, Any]], model: list[dict[str, Any]]) -> tuple[list[dict[str, Any]], dict[str, str]]:
    matched, taken = _pair(rules, model, _same_entity)
    out: list[dict[str, Any]] = []
    id_map: dict[str, str] = {}
    by_rules = {i: j for j, i in matched.items()}
    for i, r in enumerate(rules):
        if i not in taken:
            out.append(_one_sided(r, RULES))
            continue
        m = model[by_rules[i]]
        id_map[str(m["id"])] = str(r["id"])
        attributes = dict(r.get("attributes") or {})
        conflicts: dict[str, Any] = {}
        for key, value in (m.get("attributes") or {}).items():
            if key not in attributes:
                attributes[key] = value
            elif fold_name(str(attributes[key])) != fold_name(str(value)):
                conflicts[key] = {RULES: attributes[key], LLM: value}
        record = _agreed(r, m, conflicts)
        record["attributes"] = attributes
        record["mentions"] = _union(_spans(r, "mentions"), _spans(m, "mentions"))
        aliases = [a for a in [*(r.get("aliases") or []), *(m.get("aliases") or [])]
                   if a and a != record.get("name")]
        record["aliases"] = list(dict.fromkeys(aliases))
        out.append(record)
    counters: dict[str, int] = {}
    for r in rules:
        rid = str(r.get("id", ""))
        prefix, digits = rid.rstrip("0123456789"), rid[len(rid.rstrip("0123456789")):]
        if digits:
            counters[prefix] = max(counters.get(prefix, 0), int(digits))
    for j, m in enumerate(model):
        if j in matched:
            continue
        prefix = str(m["id"]).rstrip("0123456789")
        counters[prefix] = counters.get(prefix, 0) + 1
        new_id = f"{prefix}{counters[prefix]}"
        id_map[str(m["id"])] = new_id
        out.append({**_one_sided(m, LLM), "id": new_id})
    return out, id_map


def _remapped(record: Mapping[str, Any], id_map: Mapping[str, str], keys: Sequence[str]) -> dict[str, Any]:
    out = dict(record)
    for key in keys:
        value = out.get(key)
        if isinstance(value, list):
            out[key] = [id_map[v] for v in value if v in id_map]
        elif value is not None:
            out[key] = id_map.get(value)
    return out


def _relation_key(r: Mapping[str, Any]) -> tuple[Any, Any, Any]:
    a, t, b = r.get("from"), r.get("type"), r.get("to")
    if t in _INVERSE:
        return (b, _INVERSE[t], a) if t == "child" else (a, t, b)
    if t in _SYMMETRIC and str(b) < str(a):
        return b, t, a
    return a, t, b


def _same_event(r: Mapping[str, Any], m: Mapping[str, Any]) -> bool:
    if m.get("type") not in _group(r.get("type")):
        return False
    if not spans_overlap(_spans(r, "evidence"), _spans(m, "evidence")):
        return False
    rs, ms = set(r.get("subjects") or []), set(m.get("subjects") or [])
    return not rs or not ms or bool(rs & ms)


def _same_amount(r: Mapping[str, Any], m: Mapping[str, Any]) -> bool:
    rv, mv = r.get("value"), m.get("value")
    same_value = isinstance(rv, (int, float)) and isinstance(mv, (int, float)) and abs(rv - mv) <= 0.005 * max(abs(rv), 1)
    if same_value and r.get("currency") == m.get("currency"):
        return True
    return spans_overlap(_spans(r, "evidence"), _spans(m, "evidence"))


def _combine(rules: list[dict[str, Any]], model: list[dict[str, Any]],
             same: Callable[[dict[str, Any], dict[str, Any]], bool], compare: Sequence[str],
             unite: Sequence[str] = ()) -> list[dict[str, Any]]:
    matched, taken = _pair(rules, model, same)
    by_rules = {i: j for j, i in matched.items()}
    out: list[dict[str, Any]] = []
    for i, r in enumerate(rules):
        if i not in taken:
            out.append(_one_sided(r, RULES))
            continue
        m = model[by_rules[i]]
        conflicts = {key: {RULES: r.get(key), LLM: m.get(key)} for key in compare
                     if r.get(key) not in (None, "") and m.get(key) not in (None, "") and r.get(key) != m.get(key)}
        for key in unite:
            a, b = set(r.get(key) or []), set(m.get(key) or [])
            if a and b and not (a <= b or b <= a):
                conflicts[key] = {RULES: sorted(a), LLM: sorted(b)}
        record = _agreed(r, m, conflicts)
        for key in compare:
            if record.get(key) in (None, "") and m.get(key) not in (None, ""):
                record[key] = m[key]
        for key in unite:
            record[key] = list(dict.fromkeys([*(r.get(key) or []), *(m.get(key) or [])]))
        record["evidence"] = _union(_spans(r, "evidence"), _spans(m, "evidence"))
        out.append(record)
    out.extend(_one_sided(m, LLM) for j, m in enumerate(model) if j not in matched)
    return out


def combine(rules: Mapping[str, Any], model: Mapping[str, list[dict[str, Any]]]) -> dict[str, list[dict[str, Any]]]:
    """Merge a rules extraction with the model's grounded records (ids in the rules' namespace).

    Args:
        rules: the rules backend's FORMAT.md object.
        model: the model's records (`entities`, `relations`, `events`, `amounts`).

    Returns:
        The four record lists, each record with `sources`, agreed ones with raised confidence,
        one-sided and conflicting ones with `needs_review` and lower confidence.
    """
    entities, id_map = _combine_entities(list(rules.get("entities") or []), list(model.get("entities") or []))
    model_relations = [_remapped(r, id_map, ("from", "to")) for r in model.get("relations") or []]
    relations = _combine(list(rules.get("relations") or []),
                         [r for r in model_relations if r.get("from") and r.get("to")],
                         lambda r, m: _relation_key(r) == _relation_key(m), ())
    model_events = [_remapped(e, id_map, ("subjects", "agents", "place")) for e in model.get("events") or []]
    events = _combine(list(rules.get("events") or []), model_events, _same_event, ("start", "end", "place"),
                      ("subjects",))
    used = {str(e.get("id")) for e in events if e.get("sources") != [LLM]}
    n = 0
    for event in events:
        if event.get("sources") == [LLM]:
            n += 1
            while f"e{n}" in used:
                n += 1
            event["id"] = f"e{n}"
            used.add(event["id"])
    amounts = _combine(list(rules.get("amounts") or []), list(model.get("amounts") or []), _same_amount,
                       ("value", "currency"))
    return {"entities": entities, "relations": relations, "events": events, "amounts": amounts}


class EnsembleBackend(ExtractionBackend):
    """Rules and a language model together; options are those of `llm.v1` (`LlmBackend`)."""

    name: ClassVar[str] = "ensemble.v1"
    version: ClassVar[str] = "1"
    default_config: ClassVar[Mapping[str, Any]] = LlmBackend.default_config

    def __init__(self, **config: Any) -> None:
        self.llm = LlmBackend(**config)
        super().__init__(**self.llm.config)

    def describe(self) -> dict[str, Any]:
        """The `backend` block: this backend's name with the model's options (never its key)."""
        return {**super().describe(), "prompt": self.llm.describe().get("prompt")}

    def extract(self, text: str, *, title: str | None = None, published: str | None = None,
                sha256: str | None = None) -> dict[str, Any]:
        """The rules' extraction merged with the model's (see the module docstring).

        Raises:
            ConfigError: the model server is not configured.
            BackendError: either backend failed; no records are returned.
        """
        rules_backend = get_backend(RULES)
        rules = rules_backend.extract(text, title=title, published=published, sha256=sha256)
        document = rules.get("document") or {}
        body = document.get("body") or [0, len(text)]
        from aigak.extract.body import find_body

        start = min(find_body(text, title=title).content_start, int(body[0]))
        found = self.llm.propose(text, span=(start, int(body[1])), title=title,
                                 reference_date=document.get("reference_date"))
        merged = combine(rules, found.records)
        info = {**self.describe(), **found.info, "rules": rules.get("backend")}
        return {"document": document, **merged, "backend": info}
