"""Building a person's case file from the registry and the facts of every source that names them.

Rejected facts leave the case file; confirmed ones are marked; edited ones show the edit and keep
the original. Reading a case file through `open_case_file` is audited.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date
from typing import Any

from sqlalchemy import Connection

from aigak.casefile.about import TextReader
from aigak.casefile.contradictions import find_contradictions
from aigak.casefile.dates import compare_dates, month_index
from aigak.casefile.legal import build_legal_status, person_status
from aigak.casefile.model import CaseFile, Identity, NameEntry, Relative
from aigak.casefile.sources import (
    DocView,
    EventIndex,
    Shingles,
    independent_groups,
    ref_for_fact,
    source_infos,
)
from aigak.casefile.timeline import build_timeline, events_of
from aigak.core.models import Fact, FactKind, ReviewStatus, SourceDocument
from aigak.extract.places import PERSECUTION_COUNTRIES, find_places
from aigak.resolve.kinship import relation_label
from aigak.resolve.names import detect_script
from aigak.resolve.registry import possible_matches, resolve_person_ref
from aigak.store.audit import append_audit
from aigak.store.documents import get_document
from aigak.store.engine import Store
from aigak.store.facts import get_fact, list_facts
from aigak.store.persons import PersonMention, get_person, mentions_of, mentions_of_facts, root_of

__all__ = ["build_case_file", "open_case_file"]

_HOME_KEYS = ("home_place", "residence", "hometown", "home", "birthplace", "origin")
_DETAINED_CUES = re.compile(r"\b(still (?:detained|held|in (?:a |the )?camp|in prison|imprisoned)|remains? "
                            r"(?:in detention|detained|in (?:a |the )?camp))\b", re.IGNORECASE)
_MISSING_CUES = re.compile(r"\b(no news|disappeared|missing|whereabouts unknown|not heard from)\b", re.IGNORECASE)
_IN_COUNTRY_CUES = re.compile(r"\b(left behind|remains? in|remain in|still in|stayed (?:behind|in)|back home|"
                              r"in xinjiang|in china|at home in)\b", re.IGNORECASE)
_LIVES_IN = re.compile(r"\b(?:(?:is|are)\s+(?:still\s+)?(?:living|staying)|lives|live|living|stays|stay|staying|"
                       r"resides|reside|residing)(?P<with>\s+with\s+[^.;:!?\n]{1,80}?)?\s+in\s+"
                       r"(?:the\s+(?:(?:city|town|village|county|district|region|prefecture)\s+of\s+)?)?(?P<place>\w)",
                       re.IGNORECASE)
"""Where someone lives now ("lives with my mother Zeynep in Tekes", "stays with my sister in Ghulja"):
in the country of persecution when the place is (`PERSECUTION_COUNTRIES`)."""
_NOT_NOW = re.compile(r"\b(?:no longer|not|cannot|never|used to|once)\s+(?:\w+\s+)?$|n['’]t\s+$", re.IGNORECASE)
_NOT_NOW_CHARS = 24
_PLACE_CHARS = 80
_PLACE_LEAD = re.compile(r"\s*(?:the\s+)?(?:(?:city|town|village|county|district|region|capital)\s+of\s+)?",
                         re.IGNORECASE)
_LEFT_CUES = re.compile(r"\b(fled with|came with|arrived with|joined (?:him|her|them)|now (?:lives|living) in "
                        r"kazakhstan)\b", re.IGNORECASE)
_RELATIVE_STATUS = {"detention": "detained", "arrest": "detained", "release": "released", "disappearance": "missing",
                    "death": "dead", "house_arrest": "under house arrest", "restriction": "restricted",
                    "surveillance": "under surveillance", "forced_labor": "forced labour",
                    "deportation": "deported"}
_LEFT_TYPES = frozenset({"flight", "border_crossing", "arrival"})


@dataclass(slots=True)
class _Loaded:
    """One document as a case file reads it, loaded once however many people of it the case file lists."""

    doc: SourceDocument
    live: dict[str, Fact]
    by_id: dict[int, Fact]
    events: EventIndex = field(default_factory=EventIndex)
    cues: dict[str, frozenset[str]] | None = None


class _Sources:
    """The documents one case file reads, each loaded from the store and read for cues once.

    A long report names the person's relatives, who are named in it too: loading its facts and
    scanning its text again for each of them made a case file grow with the square of the report.
    """

    def __init__(self, conn: Connection) -> None:
        self._conn = conn
        self._loaded: dict[int, _Loaded] = {}
        self.shingles: dict[int, Shingles] = {}

    def load(self, document_id: int) -> _Loaded:
        loaded = self._loaded.get(document_id)
        if loaded is None:
            every = list_facts(self._conn, document_id=document_id)
            loaded = self._loaded[document_id] = _Loaded(
                doc=get_document(self._conn, document_id),
                live={f.local_id: f for f in every if f.status is not ReviewStatus.REJECTED},
                by_id={f.id: f for f in every})
        return loaded

    def fact(self, fact_id: int) -> Fact:
        """A fact the documents loaded do not hold (a mention filed under another document)."""
        return get_fact(self._conn, fact_id)

    def cues(self, view: DocView) -> dict[str, frozenset[str]]:
        """What the document's wording says of each person in it ("still detained", "remains in
        China", "fled with"), by local id: read once per document, for whoever the case file asks about."""
        loaded = self.load(view.doc.id)
        if loaded.cues is None:
            loaded.cues = _cues_by_person(DocView(doc=loaded.doc, facts=loaded.live))
        return loaded.cues


def _views_for(sources: _Sources, mentions: Sequence[PersonMention],
               ) -> tuple[dict[int, DocView], list[tuple[DocView, Fact]]]:
    views: dict[int, DocView] = {}
    entity_facts: list[tuple[DocView, Fact]] = []
    for m in mentions:
        loaded = sources.load(m.document_id)
        view = views.get(m.document_id)
        if view is None:
            view = views[m.document_id] = DocView(doc=loaded.doc, facts=loaded.live, events=loaded.events)
        fact = loaded.by_id.get(m.fact_id) or sources.fact(m.fact_id)
        if fact.status is ReviewStatus.REJECTED:
            continue
        view.person_lids.add(fact.local_id)
        entity_facts.append((view, fact))
    return views, entity_facts


def _vote(values: Sequence[str]) -> str | None:
    cleaned = [v.strip() for v in values if isinstance(v, str) and v.strip()]
    if not cleaned:
        return None
    counts = Counter(cleaned)
    best = max(counts.values())
    return next(v for v in reversed(cleaned) if counts[v] == best)


def _identity(person_id: int, display: str, mentions: Sequence[PersonMention],
              entity_facts: Sequence[tuple[DocView, Fact]], status: str | None) -> Identity:
    forms: dict[str, set[int]] = {}
    for view, fact in entity_facts:
        for name in [fact.data.get("name"), *(fact.data.get("aliases") or [])]:
            if isinstance(name, str) and name.strip():
                forms.setdefault(name.strip(), set()).add(view.doc.id)
    names = tuple(NameEntry(n, detect_script(n).value, tuple(sorted(d)))
                  for n, d in sorted(forms.items(), key=lambda kv: (min(kv[1]), kv[0])))
    attrs: dict[str, list[Any]] = {}
    age: int | None = None
    age_as_of: str | None = None
    ordered = sorted(entity_facts, key=lambda vf: (month_index(vf[0].reference_date) or 0, vf[0].doc.id))
    home: str | None = None
    for view, fact in ordered:
        attributes = fact.data.get("attributes") or {}
        if not isinstance(attributes, Mapping):
            continue
        for key, value in attributes.items():
            attrs.setdefault(key, []).append(value)
        if isinstance(attributes.get("age"), int):
            age, age_as_of = int(attributes["age"]), view.reference_date
        for key in _HOME_KEYS:
            value = attributes.get(key)
            if isinstance(value, str) and value:
                place = view.facts.get(value)
                home = str(place.data.get("name")) if place is not None and place.data.get("name") else value
    years = sorted(m.birth_year for m in mentions if m.birth_year is not None)
    return Identity(id=person_id, name=display, names=names, age=age, age_as_of=age_as_of,
                    birth_year=years[len(years) // 2] if years else None,
                    gender=_vote(attrs.get("gender", [])), ethnicity=_vote(attrs.get("ethnicity", [])),
                    citizenship=_vote(attrs.get("citizenship", [])), home_place=home, status=status,
                    fact_ids=tuple(f.id for _, f in entity_facts))


def _display_names(conn: Connection, views: Mapping[int, DocView]) -> dict[tuple[int, str], str]:
    """The registry's name for each person named in these sources, by (document id, local id)."""
    where = {f.id: (view.doc.id, lid) for view in views.values() for lid, f in view.facts.items()
             if f.kind is FactKind.ENTITY and f.type == "person" and f.data.get("name")}
    shown: dict[int, str] = {}
    out: dict[tuple[int, str], str] = {}
    for m in mentions_of_facts(conn, list(where)):
        root = root_of(conn, m.person_id)
        if root not in shown:
            shown[root] = get_person(conn, root).display_name
        if shown[root]:
            out[where[m.fact_id]] = shown[root]
    return out


def _latest_age(entity_facts: Sequence[tuple[DocView, Fact]]) -> int | None:
    """The age the latest source gives."""
    age: int | None = None
    for _, fact in sorted(entity_facts, key=lambda vf: (month_index(vf[0].reference_date) or 0, vf[0].doc.id)):
        attributes = fact.data.get("attributes") or {}
        if isinstance(attributes, Mapping) and isinstance(attributes.get("age"), int):
            age = int(attributes["age"])
    return age


def _placed_elsewhere(body: str, end: int) -> bool:
    """Whether an "in" cue ("still in", "remains in", "stayed in") goes on with a place outside the country
    of persecution ("is still in Almaty"); a place inside it, or words that are no place ("still in
    custody"), leave the cue as it is."""
    if body[end - 2:end].lower() != "in":
        return False
    places = find_places(body[end: end + _PLACE_CHARS])
    return bool(places) and _PLACE_LEAD.fullmatch(body, end, end + places[0].start) is not None and \
        places[0].country is not None and places[0].country not in PERSECUTION_COUNTRIES


def _cues_by_person(view: DocView) -> dict[str, frozenset[str]]:
    """The cues of the document's body ("still detained", "remains in China", "lives in Tekes", "fled
    with") by the local id of the person each is about: the person its phrase is about, for "fled with
    her son" the son too, and for "lives with my mother in Tekes" the mother too."""
    reader = TextReader(view)
    body = view.doc.text[view.doc.body_start: view.doc.body_end or len(view.doc.text)]
    out: dict[str, set[str]] = {}
    for name, pattern in (("detained", _DETAINED_CUES), ("missing", _MISSING_CUES),
                          ("in country", _IN_COUNTRY_CUES), ("left", _LEFT_CUES)):
        for m in pattern.finditer(body):
            if name == "in country" and _placed_elsewhere(body, m.end()):
                continue  # "is still in Almaty": somewhere, but not in the country of persecution
            position = view.doc.body_start + m.start()
            subjects = {reader.subject_at(position)}
            if name == "left":  # "fled with her son": the son left too
                subjects.update(x.lid for x in reader.named_in(position, position + len(m.group(0)) + 40)[:1])
            for lid in subjects:
                if lid is not None:
                    out.setdefault(lid, set()).add(name)
    for m in _LIVES_IN.finditer(body):
        if _NOT_NOW.search(body, max(0, m.start() - _NOT_NOW_CHARS), m.start()):
            continue  # "no longer lives in Ghulja", "used to live in Tekes"
        places = find_places(body[m.start("place"): m.start("place") + _PLACE_CHARS])
        if not places or places[0].start != 0 or places[0].country not in PERSECUTION_COUNTRIES:
            continue
        position = view.doc.body_start + m.start()
        subjects = {reader.subject_at(position)}
        if m.group("with"):  # "lives with my mother Zeynep in Tekes": the mother lives there too
            subjects.update(x.lid for x in reader.named_in(view.doc.body_start + m.start("with"),
                                                            view.doc.body_start + m.end("with")))
        for lid in subjects:
            if lid is not None:
                out.setdefault(lid, set()).add("in country")
    return {lid: frozenset(names) for lid, names in out.items()}


def _standing(views: Mapping[int, DocView], sources: _Sources) -> tuple[str | None, bool | None]:
    """Where a relative stands, from their own events and from what the sources say of them alone.

    Read from the relative's own sources (all of them when they are in the registry), never from the
    sentence that links them to the case file's person: "Her husband ... is still held" says nothing
    of her. So the relative shows the same status in every case file that lists them.

    Returns:
        The status, and whether they are in the country of persecution (None: unknown).
    """
    events = events_of(views, with_durations=False)  # where they stand: how long an event lasted is not read
    timeline = build_timeline(events, independent_groups([v.doc for v in views.values()],
                                                         shingles_of=sources.shingles))
    status = person_status(timeline)
    latest: str | None = None
    in_country: bool | None = None
    for item in timeline:
        if item.start is None:
            continue
        if item.type in _RELATIVE_STATUS or item.type in _LEFT_TYPES:
            latest = item.start
        if item.type in _LEFT_TYPES or item.type.startswith("asylum"):
            in_country = False
        elif item.type == "deportation":
            in_country = True
    if status is None:
        dated = [i for i in timeline if i.start and i.type in _RELATIVE_STATUS]
        undated = [i for i in timeline if not i.start and i.type in _RELATIVE_STATUS]
        chosen = dated[-1] if dated else (undated[-1] if undated else None)
        status = _RELATIVE_STATUS[chosen.type] if chosen is not None else None
    cues: set[str] = set()
    for view in views.values():
        # written before the latest event: "still detained" then says nothing of now (where they are still may)
        is_stale = latest is not None and view.reference_date is not None and compare_dates(
            view.reference_date, latest) == -1
        said = sources.cues(view)
        for lid in view.person_lids:
            cues.update(name for name in said.get(lid, ()) if not (is_stale and name in ("detained", "missing")))
    if "detained" in cues:
        status = "detained"
    elif status is None and "missing" in cues:
        status = "missing"
    if in_country is None:
        if "left" in cues:
            in_country = False
        elif "in country" in cues or status in ("detained", "missing", "under house arrest", "restricted"):
            in_country = True
    return status, in_country


def _relatives(conn: Connection, sources: _Sources, views: Mapping[int, DocView],
               stories: Mapping[int, int]) -> list[Relative]:
    groups: dict[Any, dict[str, Any]] = {}
    for view in views.values():
        for rel in view.facts.values():
            if rel.kind is not FactKind.RELATION or rel.type == "member":
                continue
            src, dst = str(rel.data.get("from")), str(rel.data.get("to"))
            if src in view.person_lids and dst not in view.person_lids:
                other_lid, label = dst, relation_label(rel.type, person_is_from=True)
            elif dst in view.person_lids and src not in view.person_lids:
                other_lid, label = src, relation_label(rel.type, person_is_from=False)
            else:
                continue
            other = view.facts.get(other_lid)
            if other is None or other.kind is not FactKind.ENTITY or other.type != "person":
                continue
            registered = mentions_of_facts(conn, [other.id])
            other_root = root_of(conn, registered[0].person_id) if registered else None
            key: Any = other_root if other_root is not None else ("fact", other.id)
            entry = groups.setdefault(key, {"relation": label, "person_id": other_root, "facts": [],
                                            "refs": []})
            entry["facts"].append((view, other))
            entry["refs"].append(ref_for_fact(view.doc, rel))
    out = []
    for entry in groups.values():
        facts = sorted(entry["facts"], key=lambda vf: (month_index(vf[0].reference_date) or 0, vf[0].doc.id))
        name = next((str(f.data["name"]) for _, f in facts if f.data.get("name")), None)
        if entry["person_id"] is not None and name is not None:
            name = get_person(conn, entry["person_id"]).display_name
        description = next((str(f.data["description"]) for _, f in reversed(facts) if f.data.get("description")), None)
        if entry["person_id"] is not None:  # their own record: the same in every case file that lists them
            own, own_facts = _views_for(sources, mentions_of(conn, entry["person_id"]))
            status, in_country = _standing(own, sources)
            age = _latest_age(own_facts)
        else:
            status, in_country = _standing({view.doc.id: DocView(doc=view.doc, facts=view.facts,
                                                                  person_lids={other.local_id}, events=view.events)
                                            for view, other in entry["facts"]}, sources)
            age = _latest_age(facts)
        out.append(Relative(relation=entry["relation"], person_id=entry["person_id"], name=name,
                            description=description, age=age, status=status, in_country_of_persecution=in_country,
                            sources=tuple(entry["refs"]),
                            corroboration=len({stories[r.document_id] for r in entry["refs"]})))
    order = {"spouse": 0, "child": 1, "parent": 2, "sibling": 3, "relative": 4, "associate": 5, "lawyer": 6}
    out.sort(key=lambda r: (order.get(r.relation, 9), r.name or r.description or ""))
    return out


def build_case_file(conn: Connection, person_id: int, *, today: date | None = None) -> CaseFile:
    """The case file of a person (a merged id gives the person it joined).

    Args:
        conn: a connection to the store.
        person_id: the person (any id they have had).
        today: the day it is read on, which parts dates ahead from dates passed (default: today).

    Raises:
        NotFound: no person has that id.
    """
    root = root_of(conn, person_id)
    record = get_person(conn, root)
    mentions = mentions_of(conn, root)
    sources = _Sources(conn)
    views, entity_facts = _views_for(sources, mentions)
    groups = independent_groups([v.doc for v in views.values()], shingles_of=sources.shingles)
    events = events_of(views, person_name=record.display_name, display_names=_display_names(conn, views))
    timeline = build_timeline(events, groups)
    legal = build_legal_status(views, timeline, events, today=today)
    identity = _identity(root, record.display_name, mentions, entity_facts, person_status(timeline))
    matches = tuple({"person_id": m.person_id, "name": m.name, "score": m.score, "reasons": list(m.reasons)}
                    for m in possible_matches(conn, root))
    return CaseFile(person=identity, relatives=tuple(_relatives(conn, sources, views, groups)), timeline=tuple(timeline),
                    legal_status=legal, contradictions=tuple(find_contradictions(views, entity_facts, events)),
                    sources=source_infos(views, groups), possible_matches=matches)


def open_case_file(store: Store, person_ref: str | int, *, actor: str) -> CaseFile:
    """Find a person by id or name, build their case file, and audit the reading.

    Raises:
        NotFound: nobody matches.
        ConfigError: a name matches several persons (the message lists them).
    """
    # Built while only reading, then audited in a short write: a long report's case file takes a
    # while, and holding the write lock meanwhile would make everyone else's edits wait for it.
    with store.read() as conn:
        person_id = resolve_person_ref(conn, person_ref)
        case_file = build_case_file(conn, person_id)
    with store.transaction() as conn:
        append_audit(conn, actor=actor, action="read_casefile", target=f"person:{case_file.person.id}",
                     after={"sources": [s.document_id for s in case_file.sources]})
    return case_file
